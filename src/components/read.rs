//! A read on screen: `<Loading/>` until the first answer, the last answer kept while the next is
//! fetched, and a failure shown as its typed [`ApiError`] with a retry, cleared once a later
//! answer succeeds. (A closure over the read's value, not `<Transition>` and `<ErrorBoundary>`:
//! see [`crate::hooks::Fetch`].)

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::{ErrorBanner, Loading};
use crate::hooks::Fetch;

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
        resource.with(|r| {
            r.map(|r| {
                crate::chunks::first_answer();
                r.cloned().map_err(Clone::clone).map(|t| show(t).into_any())
            })
        })
    });
    read_view(answer, Callback::new(move |_| resource.refetch()))
}

type Answer = std::sync::Arc<dyn Fn() -> Option<Result<AnyView, ApiError>> + Send + Sync>;

fn read_view(answer: Answer, retry: Callback<()>) -> impl IntoView {
    move || match answer() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(v)) => v,
        Some(Err(e)) => view! { <ErrorBanner error=e retry=retry/> }.into_any(),
    }
}
