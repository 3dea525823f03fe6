//! A read on screen, through Leptos' own primitives: `<Transition>` shows `<Loading/>` until the
//! first answer and keeps the last one while the next is fetched; `<ErrorBoundary>` shows a
//! failure as its typed [`ApiError`] with a retry, and clears once a later answer succeeds.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::{ErrorBanner, Loading};

/// The first API error among those a boundary caught.
pub fn api_error(errors: &Errors) -> Option<ApiError> {
    errors
        .iter()
        .find_map(|(_, e)| e.downcast_ref::<ApiError>().cloned())
}

/// Shows `resource` through `show` once it answers (see the module doc).
#[component]
pub fn Read<T, V, F>(
    resource: LocalResource<Result<T, ApiError>>,
    /// What an answer looks like.
    show: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let retry = Callback::new(move |_| resource.refetch());
    let failed = move |errors: ArcRwSignal<Errors>| {
        move || {
            errors
                .with(api_error)
                .map(|e| view! { <ErrorBanner error=e retry=retry/> })
        }
    };
    let answer = move || {
        let show = show.clone();
        Suspend::new(async move { resource.await.map(show) })
    };
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=failed>{answer}</ErrorBoundary>
        </Transition>
    }
}
