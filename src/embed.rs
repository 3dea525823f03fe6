//! The console's side of the embedding protocol (`domain::embed`, README "Embedding").
//!
//! `embed-boot.js` listens for messages from the first moment the frame runs and keeps them;
//! [`start`] takes them over once `config.json` said which origins may talk. A parent starts a
//! session with `zadig-console:init`, handing over a `MessagePort`; after that both sides talk
//! over the port. A token posted the old way (`zadig-console:token` on the window) works too.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::types::{TaskId, WorkflowKey};
use crate::api::AuthMode;
use crate::domain::embed::{self, Inbound, Origins, Outbound};
use crate::domain::status::Status;
use crate::i18n::Locale;
use crate::routes::Route;
use crate::state::{Ctx, Theme};

#[derive(Default)]
struct Bridge {
    origins: Origins,
    /// The port of the current session (after `init`).
    port: Option<web_sys::MessagePort>,
    /// The origin of the parent that last talked (for messages sent without a port).
    origin: Option<String>,
    /// Tasks started here, watched until they end: (project, workflow, task, approval said).
    watched: Vec<(String, WorkflowKey, TaskId, bool)>,
    watching: bool,
    /// Kept alive as long as the app.
    _closures: Vec<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

thread_local! {
    static BRIDGE: RefCell<Bridge> = RefCell::new(Bridge::default());
}

/// Whether the page runs inside a frame.
pub fn framed() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.parent() {
        Ok(Some(p)) => !js_sys::Object::is(&p, &w),
        _ => false,
    }
}

/// Embedded: `embed` mode inside a frame (at the top level, `embed` mode acts as `token`).
pub fn embedded(ctx: Ctx) -> bool {
    ctx.mode.get_untracked() == AuthMode::Embed && framed()
}

fn to_js(v: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL)
}

fn to_json(v: &JsValue) -> Option<serde_json::Value> {
    let s = js_sys::JSON::stringify(v).ok()?.as_string()?;
    serde_json::from_str(&s).ok()
}

/// Tells the parent something: over the session's port, else to the origin that last talked.
pub fn emit(m: Outbound) {
    let msg = to_js(&m.to_value());
    BRIDGE.with(|b| {
        let b = b.borrow();
        if let Some(p) = &b.port {
            let _ = p.post_message(&msg);
        } else if let (Some(o), Some(parent)) = (
            &b.origin,
            web_sys::window().and_then(|w| w.parent().ok().flatten()),
        ) {
            let _ = parent.post_message(&msg, o);
        }
    });
}

/// Whether anyone is listening (a session or a parent that talked).
pub fn connected() -> bool {
    BRIDGE.with(|b| {
        let b = b.borrow();
        b.port.is_some() || b.origin.is_some()
    })
}

/// Takes over the messages kept by `embed-boot.js` and everything after; says `ready` to each
/// allowed origin. Called once `config.json` is read (or failed).
pub fn start(ctx: Ctx) {
    let origins = Origins::from_config(&ctx.embed_origins.get_value());
    ctx.origin_problems.set(origins.refused.clone());
    let Some(w) = web_sys::window() else { return };
    let Ok(inbox) = js_sys::Reflect::get(&w, &"__zadigConsoleInbox".into()) else {
        return;
    };
    let take = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        on_window_message(ctx, e)
    });
    let queued = js_sys::Reflect::get(&inbox, &"queue".into()).unwrap_or(JsValue::UNDEFINED);
    let _ = js_sys::Reflect::set(&inbox, &"take".into(), take.as_ref());
    let _ = js_sys::Reflect::set(&inbox, &"queue".into(), &js_sys::Array::new());
    let allowed = origins.allowed.clone();
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        b.origins = origins;
        b._closures.push(take);
    });
    if let Some(list) = queued.dyn_ref::<js_sys::Array>() {
        for e in list.iter() {
            if let Ok(e) = e.dyn_into::<web_sys::MessageEvent>() {
                on_window_message(ctx, e);
            }
        }
    }
    if embedded(ctx) {
        ctx.top_bar.set(false);
        layout(FIT.with(|f| f.get()));
        leave_scope_in_new_tab(ctx);
        report_height();
        if let Ok(Some(parent)) = w.parent() {
            let ready = to_js(&Outbound::Ready.to_value());
            for o in &allowed {
                let _ = parent.post_message(&ready, o);
            }
        }
    }
    // A refused token is said to the parent once per refusal: it answers with a new one.
    Effect::new(move |prev: Option<Option<u64>>| {
        let r = ctx.refused.get();
        if r.is_some() && prev.flatten() != r && embedded(ctx) {
            emit(Outbound::TokenExpired);
        }
        r
    });
}

fn on_window_message(ctx: Ctx, e: web_sys::MessageEvent) {
    if ctx.mode.get_untracked() != AuthMode::Embed {
        return;
    }
    // Only the window that framed the console, from an allowed origin.
    let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
    let from_parent = match (e.source(), parent) {
        (Some(s), Some(p)) => js_sys::Object::is(&s, &p) && framed(),
        _ => false,
    };
    let origin = e.origin();
    if !from_parent || !BRIDGE.with(|b| b.borrow().origins.allows(&origin)) {
        return;
    }
    let Some(data) = to_json(&e.data()) else {
        return;
    };
    let m = match embed::parse(&data) {
        Ok(m) => m,
        Err(embed::Refusal::NotOurs) => return,
        Err(r) => {
            BRIDGE.with(|b| b.borrow_mut().origin = Some(origin));
            refuse(&r);
            return;
        }
    };
    match m {
        Inbound::Init { .. } => {
            let port = e.ports().get(0).dyn_into::<web_sys::MessagePort>().ok();
            open_session(ctx, origin, port);
            apply(ctx, m);
        }
        other => {
            BRIDGE.with(|b| b.borrow_mut().origin = Some(origin));
            apply(ctx, other);
        }
    }
}

fn refuse(r: &embed::Refusal) {
    let message = match r {
        embed::Refusal::Version(v) => format!("protocol version {v} is not spoken here (1 is)"),
        embed::Refusal::Unknown(k) => {
            format!("zadig-console:{k} is not a message this console takes, or lacks a field")
        }
        embed::Refusal::NotOurs => return,
    };
    emit(Outbound::Error {
        code: "bad-message",
        message,
    });
}

/// A new session: messages from now on travel over `port`.
fn open_session(ctx: Ctx, origin: String, port: Option<web_sys::MessagePort>) {
    let on_port = port.as_ref().map(|_| {
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(data) = to_json(&e.data()) else {
                return;
            };
            match embed::parse(&data) {
                // A session is started on the window, never over its own port.
                Ok(Inbound::Init { .. }) | Err(embed::Refusal::NotOurs) => {}
                Ok(m) => apply(ctx, m),
                Err(r) => refuse(&r),
            }
        })
    });
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        if let Some(old) = b.port.take() {
            old.set_onmessage(None);
            old.close();
        }
        if let (Some(p), Some(cb)) = (&port, on_port) {
            p.set_onmessage(Some(cb.as_ref().unchecked_ref()));
            p.start();
            b._closures.push(cb);
        }
        b.port = port;
        b.origin = Some(origin);
    });
}

fn apply(ctx: Ctx, m: Inbound) {
    match m {
        Inbound::Init {
            token,
            theme,
            locale,
            route,
            scope,
            ui,
        } => {
            ctx.top_bar.set(ui.top_bar);
            ctx.scope.set(scope.clone());
            FIT.with(|f| f.set(ui.fit_content));
            layout(ui.fit_content);
            if let Some(t) = theme {
                ctx.theme.set(Theme::parse(&t));
            }
            if let Some(l) = locale {
                ctx.locale.set(Locale::parse(&l));
            }
            if let Some(t) = token {
                ctx.set_token(Some(t));
            }
            let start = route
                .as_deref()
                .and_then(embed::route_of)
                .filter(|r| scope.as_ref().is_none_or(|s| s.contains(r)))
                .or_else(|| scope.as_ref().map(|s| s.root().path()));
            if let Some(r) = &start {
                ctx.goto.set(Some(r.clone()));
            }
            emit(Outbound::Ack {
                route: start.unwrap_or_else(current_route),
            });
            // The frame's size so far (changes are said as they come).
            say_height(true);
            if let Some(r) = route.filter(|r| !allowed_route(ctx, r)) {
                refuse_route(&r);
            }
        }
        Inbound::Token(t) => ctx.set_token(Some(t)),
        Inbound::Theme(t) => ctx.theme.set(Theme::parse(&t)),
        Inbound::Locale(l) => ctx.locale.set(Locale::parse(&l)),
        Inbound::Navigate(r) => {
            if allowed_route(ctx, &r) {
                ctx.goto.set(embed::route_of(&r));
            } else {
                refuse_route(&r);
            }
        }
    }
}

fn allowed_route(ctx: Ctx, r: &str) -> bool {
    embed::route_of(r).is_some_and(|r| {
        ctx.scope
            .with_untracked(|s| s.as_ref().is_none_or(|s| s.contains(&r)))
    })
}

fn refuse_route(r: &str) {
    emit(Outbound::Error {
        code: "out-of-scope",
        message: format!("{r} is not a console route inside the scope"),
    });
}

thread_local! {
    /// The frame grows with the content (`resized`); off: it fills its frame.
    static FIT: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// The route shown now, relative to the console's base (path, query and fragment).
pub fn current_route() -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return "/".into();
    };
    format!(
        "{}{}{}",
        current_route_of(&loc.pathname().unwrap_or_default()),
        loc.search().unwrap_or_default(),
        loc.hash().unwrap_or_default()
    )
}

/// A task started from this console: said to the parent, then watched until it ends.
pub fn task_started(ctx: Ctx, project: &str, workflow: &WorkflowKey, task: TaskId) {
    if !connected() {
        return;
    }
    emit(Outbound::TaskStarted {
        project: project.into(),
        workflow: workflow.clone(),
        task,
    });
    let start = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        b.watched
            .push((project.into(), workflow.clone(), task, false));
        !std::mem::replace(&mut b.watching, true)
    });
    if start {
        leptos::task::spawn_local(watch(ctx));
    }
}

/// Polls the watched tasks: `approval-needed` once a job waits for a person, `task-finished`
/// when the task ends. Stops while Zadig refuses the token, and when nothing is left to watch.
async fn watch(ctx: Ctx) {
    loop {
        crate::net::timer::sleep(3000).await;
        let list = BRIDGE.with(|b| b.borrow().watched.clone());
        if list.is_empty() {
            BRIDGE.with(|b| b.borrow_mut().watching = false);
            return;
        }
        if ctx.refused.try_get_untracked().flatten().is_some() {
            continue;
        }
        let c = ctx.client_untracked();
        for (project, workflow, task, asked) in list {
            let Ok(t) = crate::api::task_detail(&c, &workflow, task).await else {
                continue;
            };
            let status = Status::parse(&t.status);
            let waits = t
                .stages
                .iter()
                .flat_map(|s| s.jobs.iter())
                .any(|j| Status::parse(&j.status) == Status::WaitForApproval);
            if waits && !asked {
                emit(Outbound::ApprovalNeeded {
                    project: project.clone(),
                    workflow: workflow.clone(),
                    task,
                });
            }
            BRIDGE.with(|b| {
                let mut b = b.borrow_mut();
                if let Some(w) = b
                    .watched
                    .iter_mut()
                    .find(|w| w.2 == task && w.1 == workflow)
                {
                    w.3 |= waits;
                }
                if status.is_finished() {
                    b.watched.retain(|w| !(w.2 == task && w.1 == workflow));
                }
            });
            if status.is_finished() {
                emit(Outbound::TaskFinished {
                    project,
                    workflow,
                    task,
                    status: t.status.clone(),
                });
            }
        }
    }
}

/// Whether this page needs the bridge: it is framed, or the deployment names embedding origins
/// (whose problems are shown). A page at the top level of a plain deployment never fetches it.
pub fn wanted(ctx: Ctx) -> bool {
    framed() || !ctx.embed_origins.with_value(Vec::is_empty)
}

// The bridge lives in a chunk of its own, fetched only where [`wanted`].
crate::chunks::split!(
    embed,
    preload_bridge,
    /// [`start`], from the bridge's chunk.
    fn start_bridge(ctx: Ctx) -> () {
        start(ctx)
    }
);
crate::chunks::split!(
    embed,
    preload_bridge_view,
    /// A part of the page from the bridge's chunk.
    fn bridge_view(part: EmbedPart) -> AnyView {
        match part {
            EmbedPart::Bridge => view! { <EmbedBridge/> }.into_any(),
            EmbedPart::Waiting => view! { <crate::components::EmbedWaiting/> }.into_any(),
            EmbedPart::OriginProblems => view! { <crate::components::OriginProblems/> }.into_any(),
        }
    }
);

/// What the bridge's chunk draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedPart {
    /// [`EmbedBridge`].
    Bridge,
    /// What an embedded console shows until its portal hands over a token.
    Waiting,
    /// The `embed_origins` entries refused.
    OriginProblems,
}

/// A part of the page from the bridge's chunk once the bridge has started (its code is in, so
/// this draws at once); nothing before (tracked).
pub fn bridge_part(ctx: Ctx, part: EmbedPart) -> Option<AnyView> {
    match ctx.bridge.get() {
        crate::state::BridgeState::On => {
            futures::FutureExt::now_or_never(bridge_view(part)).and_then(Result::ok)
        }
        _ => None,
    }
}

/// Inside the router: follows `navigate` requests, keeps the console inside its scope, opens
/// links that leave it in a new tab, and reports the route and the content's height.
#[component]
pub fn EmbedBridge() -> impl IntoView {
    let ctx = crate::state::use_ctx();
    let navigate = crate::nav::use_navigate();
    let loc = crate::nav::use_location();
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Some(r) = ctx.goto.get() {
            ctx.goto.set(None);
            nav(&r, Default::default());
        }
    });
    // Never outside the scope, whatever the history or a stale link says.
    Effect::new(move |_| {
        let path = loc.pathname.get();
        let route = current_route_of(&path);
        if let Some(s) = ctx.scope.get() {
            if !s.contains(&route) {
                navigate(
                    &s.root().path(),
                    crate::nav::NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
                return;
            }
        }
        let _ = (loc.search.get(), loc.hash.get());
        if embedded(ctx) {
            let app = crate::i18n::T::AppName.get(ctx.locale.get_untracked());
            emit(Outbound::Navigated {
                route: current_route(),
                title: crate::routes::page_title(Route::parse(&route).as_ref(), app),
            });
        }
    });
}

/// A location path as a console route: relative to the console's base, starting with `/`.
fn current_route_of(path: &str) -> String {
    crate::net::url::route_under(&crate::browser::document_base(), path)
}

/// A click on a console link outside the scope opens the full console in a new tab.
fn leave_scope_in_new_tab(ctx: Ctx) {
    let Some(w) = web_sys::window() else { return };
    let Some(doc) = w.document() else { return };
    let base = crate::browser::document_base();
    let cb = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        let Some(scope) = ctx.scope.get_untracked() else {
            return;
        };
        let Some(a) = crate::browser::link_of(&ev) else {
            return;
        };
        let href = a.href();
        // Only the console's own pages: other links (logs, docs) keep their own behaviour.
        let Some(rest) = href.strip_prefix(base.trim_end_matches('/')) else {
            return;
        };
        if !a.target().is_empty() || scope.contains(rest) {
            return;
        }
        ev.prevent_default();
        ev.stop_propagation();
        if let Some(w) = web_sys::window() {
            let _ = w.open_with_url_and_target_and_features(&href, "_blank", "noopener");
        }
    });
    let _ =
        doc.add_event_listener_with_callback_and_bool("click", cb.as_ref().unchecked_ref(), true);
    cb.forget();
}

/// Sizes that follow the window (`vh`) would grow a frame that follows the content without end:
/// `data-embed="fit"` on `<html>` gives them fixed sizes instead.
fn layout(fit: bool) {
    crate::browser::set_root_attr("data-embed", if fit { "fit" } else { "fill" });
}

thread_local! {
    static LAST_HEIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Says the content's height if it changed (or `always`).
fn say_height(always: bool) {
    if !FIT.with(|f| f.get()) {
        return;
    }
    // The body's own height: the document's is never less than the frame, so could only grow.
    let h = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .map(|b| b.scroll_height().max(0) as u32)
        .unwrap_or(0);
    if h > 0 && (always || h != LAST_HEIGHT.with(|l| l.get())) {
        LAST_HEIGHT.with(|l| l.set(h));
        emit(Outbound::Resized { height: h });
    }
}

/// Says the content's height whenever it changes (the parent sizes the frame to it).
fn report_height() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |_| say_height(false));
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(&body);
        std::mem::forget(ro);
    }
    cb.forget();
}
