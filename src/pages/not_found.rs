use crate::routes::Route;
use leptos::prelude::*;

use crate::i18n::T;
use crate::state::use_ctx;

/// Any route the console does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <section class="page empty-state">
            <h1>{ctx.tr(T::NotFoundTitle)}</h1>
            <a class="btn primary" href=move || ctx.href(&Route::Projects)>{ctx.tr(T::BackToProjects)}</a>
        </section>
    }
}
