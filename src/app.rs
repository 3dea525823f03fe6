//! The app: providers, the shell and the current screen.

use crate::nav::Router;
use leptos::prelude::*;

use crate::chunks::Screens;
use crate::domain::welcome::Entry;
use crate::embed::EmbedPart;
use crate::i18n::T;
use crate::state::{use_ctx, BridgeState, Ctx};

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::init();
    provide_context(ctx);
    crate::hooks::provide_clock();
    let base = ctx.base();
    view! {
        <Router base=base>
            <Console/>
        </Router>
    }
}

/// Everything inside the router: the current route for every screen, the embedding bridge, the
/// shell and the screen.
#[component]
fn Console() -> impl IntoView {
    let ctx = use_ctx();
    let route = crate::routes::provide_current_route(ctx.doc_base.get_value());
    crate::inbox::provide_slot();
    crate::components::background::provide_background();
    Effect::new(move |_| {
        let title = route.with(|r| crate::routes::page_title(r.as_ref(), ctx.t(T::AppName)));
        crate::browser::set_document_title(&title);
    });
    // A link pointed at or focused: its screen's code is fetched, so the click does not wait.
    let over = window_event_listener(leptos::ev::mouseover, move |e| prefetch_link(ctx, &e));
    let focus = window_event_listener(leptos::ev::focusin, move |e| prefetch_link(ctx, &e));
    on_cleanup(move || {
        over.remove();
        focus.remove();
    });
    // A newcomer's welcome is a chunk of its own: fetched now, beside the configuration.
    if untrack(|| entry(ctx, false)) == Entry::Welcome {
        leptos::task::spawn_local(async {
            let _ = crate::chunks::preload_welcome().await;
        });
    }
    // A memo: moving between screens does not rebuild them, only a change of entry does.
    let shown = Memo::new(move |_| {
        entry(
            ctx,
            route.with(|r| matches!(r, Some(crate::routes::Route::Settings { .. }))),
        )
    });
    view! {
        {move || crate::embed::bridge_part(ctx, EmbedPart::Bridge)}
        <crate::components::background::BackgroundPart/>
        <Shell>
            <Show when=move || ctx.ready.get() fallback=|| view! { <crate::components::Loading/> }>
            {move || match shown.get() {
                Entry::Screen => view! { <Screens/> }.into_any(),
                Entry::Welcome => view! { <crate::chunks::Deferred load=crate::chunks::load(crate::chunks::welcome_screen)/> }.into_any(),
                Entry::WaitForPortal => crate::embed::bridge_part(ctx, EmbedPart::Waiting).into_any(),
            }}
            </Show>
        </Shell>
    }
}

/// Header with navigation; the page below.
#[component]
fn Shell(children: Children) -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <Show when=move || ctx.top_bar.get()>
        <header class="topbar">
            <a class="brand" href=move || ctx.href(&crate::routes::Route::Projects)>{ctx.tr(T::AppName)}</a>
            <nav>
                <a href=move || ctx.href(&crate::routes::Route::Projects) data-testid="nav-projects">{ctx.tr(T::NavProjects)}</a>
                <a href=move || ctx.href(&crate::routes::Route::Approvals { project: None }) data-testid="topbar-approvals" class="nav-approvals">
                    {ctx.tr(T::NavApprovals)}<ApprovalsCount/>
                </a>
                <a href=move || ctx.href(&crate::routes::Route::Settings { back: None }) data-testid="nav-settings">{ctx.tr(T::NavSettings)}</a>
            </nav>
        </header>
        </Show>
        {move || (!ctx.origin_problems.with(Vec::is_empty)).then(|| crate::embed::bridge_part(ctx, EmbedPart::OriginProblems))}
        {move || ctx.config_failed.get().then(|| view! { <div class="notice">{ctx.t(T::ConfigError)}</div> })}
        {move || (ctx.bridge.get() == BridgeState::Failed).then(|| view! {
            <crate::chunks::ChunkFailed on_retry=move || leptos::task::spawn_local(ctx.start_bridge())/>
        })}
        <main>
            <crate::components::SignInBanner/>
            {children()}
        </main>
        <crate::components::Notices/>
    }
}

/// How many approvals wait for the person, on the top bar's link to the inbox (nothing when
/// none do). A badge over the link's corner: its arrival moves nothing.
#[component]
fn ApprovalsCount() -> impl IntoView {
    let ctx = use_ctx();
    let slot = crate::inbox::use_slot();
    move || {
        let n = slot.and_then(|s| s.get()).map_or(0, |i| i.count());
        (n > 0).then(|| approvals_badge(ctx, n))
    }
}

/// The badge itself. (A function of its own: the inbox's first look comes with the background
/// part, so this code is not in the first load.)
#[inline(never)]
fn approvals_badge(ctx: Ctx, n: usize) -> AnyView {
    let said = T::ApprovalsWaiting.fill(ctx.locale.get(), &[("count", &n.to_string())]);
    view! {
        <span class="nav-count" data-testid="approvals-count" aria-hidden="true">{crate::domain::inbox::count_text(n)}</span>
        <span class="sr-only">{said}</span>
    }
    .into_any()
}

/// Fetches the code of the screen the link under an event leads to (unless prefetching is off).
fn prefetch_link(ctx: Ctx, e: &web_sys::Event) {
    if ctx.prefetch.get_value() == crate::routes::Prefetch::Off {
        return;
    }
    let Some(a) = crate::browser::link_of(e) else {
        return;
    };
    if let Some(screen) = crate::routes::screen_of_link(
        &ctx.doc_base.get_value(),
        &crate::browser::origin(),
        &a.href(),
    ) {
        leptos::task::spawn_local(async move {
            let _ = crate::chunks::preload(screen).await;
        });
    }
}

/// What the tab shows: its screen, the welcome (no credentials yet: nothing is asked of Zadig),
/// or, embedded, the wait for the portal's token.
fn entry(ctx: Ctx, settings: bool) -> Entry {
    crate::domain::welcome::entry(
        ctx.mode.get(),
        ctx.token.with(Option::is_some),
        crate::embed::framed(),
        settings,
    )
}
