//! A read on screen, through Leptos' own primitives: `<Transition>` shows `<Loading/>` until the
//! first answer and keeps the last one while the next is fetched; `<ErrorBoundary>` shows a
//! failure as its typed [`ApiError`] with a retry, and clears once a later answer succeeds.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::{ErrorBanner, Loading};
use crate::hooks::Fetch;

/// The first API error among those a boundary caught.
pub fn api_error(errors: &Errors) -> Option<ApiError> {
    errors
        .iter()
        .find_map(|(_, e)| e.downcast_ref::<ApiError>().cloned())
}

/// Shows `resource` through `show` once it answers (see the module doc).
#[component]
pub fn Read<T, V, F>(
    resource: Fetch<T>,
    /// What an answer looks like.
    show: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    // Everything but turning the answer into a view is shared by every read: one copy in the
    // wasm, not one per answer type.
    let answer: Answer = std::sync::Arc::new(move || {
        let show = show.clone();
        Box::pin(async move {
            let answer = resource.answer().await;
            crate::chunks::first_answer();
            answer.map(|t| show(t).into_any())
        })
    });
    read_view(answer, Callback::new(move |_| resource.refetch()))
}

type Answer = std::sync::Arc<
    dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<AnyView, ApiError>>>>
        + Send
        + Sync,
>;

fn read_view(answer: Answer, retry: Callback<()>) -> impl IntoView {
    let failed = move |errors: ArcRwSignal<Errors>| {
        move || {
            errors
                .with(api_error)
                .map(|e| view! { <ErrorBanner error=e retry=retry/> })
        }
    };
    let answer = move || Suspend::new(send_wrapper::SendWrapper::new(answer()));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=failed>{answer}</ErrorBoundary>
        </Transition>
    }
}
