//! The app: providers and the route table.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::chunks::{
    routed, ApprovalsRoute, EditorRoute, NewEditorRoute, RunRoute, SettingsRoute, TaskRoute,
    TicketRoute, WorkflowRoute,
};
use crate::i18n::T;
use crate::pages::{not_found::NotFound, projects::ProjectsPage, workflows::WorkflowsPage};
use crate::state::{use_ctx, Ctx};

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::init();
    provide_context(ctx);
    crate::hooks::provide_clock();
    crate::chunks::prefetch_when_idle();
    let base = ctx.base();
    view! {
        <Router base=base>
            <crate::embed::EmbedBridge/>
            <Shell>
                <Show when=move || ctx.ready.get() fallback=|| view! { <crate::components::Loading/> }>
                <Show when=move || !waiting_for_portal(ctx) fallback=move || view! { <crate::components::EmbedWaiting/> }>
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=ProjectsPage/>
                        <Route path=path!("/settings") view={routed::<SettingsRoute>()}/>
                        <Route path=path!("/projects/:project") view=WorkflowsPage/>
                        <Route path=path!("/projects/:project/approvals") view={routed::<ApprovalsRoute>()}/>
                        <Route path=path!("/projects/:project/tickets/new") view={routed::<TicketRoute>()}/>
                        <Route path=path!("/projects/:project/workflows/:workflow/edit") view={routed::<EditorRoute>()}/>
                        // Before `:workflow`: routes match in order, and "new" is the editor.
                        <Route path=path!("/projects/:project/workflows/new") view={routed::<NewEditorRoute>()}/>
                        <Route path=path!("/projects/:project/workflows/:workflow") view={routed::<WorkflowRoute>()}/>
                        <Route path=path!("/projects/:project/workflows/:workflow/run") view={routed::<RunRoute>()}/>
                        <Route path=path!("/projects/:project/workflows/:workflow/tasks/:task") view={routed::<TaskRoute>()}/>
                    </Routes>
                </Show>
                </Show>
            </Shell>
        </Router>
    }
}

/// Header with navigation; the page below.
#[component]
fn Shell(children: Children) -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <Show when=move || ctx.top_bar.get()>
        <header class="topbar">
            <a class="brand" href=move || ctx.href(&crate::routes::Route::Projects)>{move || ctx.t(T::AppName)}</a>
            <nav>
                <a href=move || ctx.href(&crate::routes::Route::Projects) data-testid="nav-projects">{move || ctx.t(T::NavProjects)}</a>
                <a href=move || ctx.href(&crate::routes::Route::Settings { back: None }) data-testid="nav-settings">{move || ctx.t(T::NavSettings)}</a>
            </nav>
        </header>
        </Show>
        {move || (!ctx.origin_problems.with(Vec::is_empty)).then(|| view! { <crate::components::OriginProblems/> })}
        {move || ctx.config_failed.get().then(|| view! { <div class="notice">{ctx.t(T::ConfigError)}</div> })}
        <main>
            <crate::components::SignInBanner/>
            {children()}
        </main>
        <crate::components::Notices/>
    }
}

/// Embedded, before the portal has handed over a token: nothing is asked of Zadig yet.
fn waiting_for_portal(ctx: Ctx) -> bool {
    ctx.mode.get() == crate::api::AuthMode::Embed
        && ctx.token.with(Option::is_none)
        && crate::embed::framed()
}
