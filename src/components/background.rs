//! The console's background part: the inbox's looks, the watcher (tasks and approvals the person
//! watches) and the keyboard shortcuts. It is a chunk of its own (`chunks::background`), fetched after the landing
//! screen's data; [`BackgroundPart`] in the main module fetches it and hands it the keys pressed
//! before it came (`domain::background`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::background::{typed, After, Loader};
use crate::state::use_ctx;

/// What the chunk draws: the shortcuts' listener and help, and starts the inbox and the
/// watcher, for the app's life.
#[component]
pub fn Background() -> impl IntoView {
    let ctx = use_ctx();
    let inbox = crate::inbox::start_inbox(ctx);
    crate::watcher::start(ctx, inbox);
    view! { <crate::components::Shortcuts/> }
}

/// The background part's fetch and whether it is drawn (a context from the shell, so a screen
/// that needs the part, the inbox, can ask for it at once).
#[derive(Clone, Copy)]
pub struct BackgroundLoad {
    loader: StoredValue<Loader<web_sys::KeyboardEvent>, LocalStorage>,
    shown: RwSignal<bool>,
}

impl BackgroundLoad {
    fn new() -> BackgroundLoad {
        BackgroundLoad {
            loader: StoredValue::new_local(Loader::default()),
            shown: RwSignal::new(false),
        }
    }

    /// Fetches the part now unless it is in or on its way.
    pub fn now(self) {
        if self.loader.try_update_value(|l| l.want()) == Some(true) {
            fetch(self.loader, self.shown);
        }
    }
}

/// Provides the app's background load (in the shell, once).
pub fn provide_background() {
    provide_context(BackgroundLoad::new());
}

/// Asks for the background part now (a screen that shows what it starts: the inbox).
pub fn want_background() {
    if let Some(b) = use_context::<BackgroundLoad>() {
        b.now();
    }
}

/// How long after the configuration is read the background part is fetched (when the browser
/// is next idle): the landing screen's own data comes first.
const BACKGROUND_DELAY_MS: u32 = 1_000;

/// Fetches the background part once the page has settled, or at once when a key is pressed
/// before that, and draws it; keys pressed while it was on its way are handed to it.
#[component]
pub fn BackgroundPart() -> impl IntoView {
    let ctx = use_ctx();
    let BackgroundLoad { loader, shown } =
        use_context::<BackgroundLoad>().unwrap_or_else(BackgroundLoad::new);
    let early = window_event_listener(leptos::ev::keydown, move |e| {
        // Only what could be a shortcut is kept: a key the page or the browser acted on, typed
        // into a field, part of a composition or held with a modifier is not.
        let key = e.key();
        if e.default_prevented() || press_of(&e, &key).is_typing() {
            return;
        }
        if loader.try_update_value(|l| l.key(e)) == Some(true) {
            fetch(loader, shown);
        }
    });
    on_cleanup(move || early.remove());
    // Once the configuration is read (the landing screen's reads start then), a moment later.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !ctx.ready.get() {
            return started == Some(true);
        }
        leptos::task::spawn_local(settled(loader, shown));
        true
    });
    // Drawn once: what the part reads as it starts is not a reason to draw it again (that would
    // end its watcher and its looks).
    move || {
        shown.get().then(|| {
            untrack(|| {
                futures::FutureExt::now_or_never(crate::chunks::background()).and_then(Result::ok)
            })
        })
    }
}

/// Waits a moment and for the browser's next idle time, then fetches.
async fn settled(
    loader: StoredValue<Loader<web_sys::KeyboardEvent>, LocalStorage>,
    shown: RwSignal<bool>,
) {
    crate::net::timer::sleep(BACKGROUND_DELAY_MS).await;
    crate::net::timer::idle(1_000).await;
    // Its chunk waits for the main module's parts anyway; so does the code that asks for it.
    crate::chunks::parts().await;
    BackgroundLoad { loader, shown }.now();
}

fn fetch(loader: StoredValue<Loader<web_sys::KeyboardEvent>, LocalStorage>, shown: RwSignal<bool>) {
    leptos::task::spawn_local(async move {
        let ok = crate::chunks::preload_background().await.is_ok();
        let Some(after) = loader.try_update_value(|l| l.done(ok, js_sys::Math::random())) else {
            return;
        };
        match after {
            After::Replay(keys) => {
                if shown.try_set(true).is_some() {
                    return;
                }
                // The part is drawn by the next turn of the reactive system: its listener is in
                // place after this.
                crate::net::timer::sleep(0).await;
                // As if the part had been there: each key in turn, and once one has put the
                // cursor in a text field (`/`), the rest are typed into it.
                for (i, k) in keys.iter().enumerate() {
                    if let Some(field) = focused_field() {
                        let rest: Vec<String> = keys[i..].iter().map(|k| k.key()).collect();
                        type_into(&field, &typed(rest.iter().map(String::as_str)));
                        break;
                    }
                    replay(k);
                }
            }
            After::Retry(ms) => {
                crate::net::timer::sleep(ms as u32).await;
                BackgroundLoad { loader, shown }.now();
            }
        }
    });
}

/// A key that came before the part, sent again to the window, where the part listens (only
/// there: no element's own handler sees it twice).
fn replay(k: &web_sys::KeyboardEvent) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(&k.key());
    init.set_code(&k.code());
    init.set_shift_key(k.shift_key());
    init.set_bubbles(true);
    init.set_cancelable(true);
    if let (Some(w), Ok(again)) = (
        web_sys::window(),
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init),
    ) {
        let _ = w.dispatch_event(&again);
    }
}

/// The text field that has the focus.
fn focused_field() -> Option<web_sys::HtmlInputElement> {
    let el = web_sys::window()?.document()?.active_element()?;
    let input = el.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    matches!(input.type_().as_str(), "text" | "search").then_some(input)
}

/// Types `text` at the field's cursor, as the keys would have, and tells its listeners.
fn type_into(field: &web_sys::HtmlInputElement, text: &str) {
    if text.is_empty() {
        return;
    }
    let at = field.selection_start().ok().flatten();
    let end = field.selection_end().ok().flatten();
    let done = match (at, end) {
        (Some(a), Some(e)) => field
            .set_range_text_with_start_and_end_and_selection_mode(
                text,
                a,
                e,
                web_sys::SelectionMode::End,
            )
            .is_ok(),
        _ => false,
    };
    if !done {
        field.set_value(&(field.value() + text));
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = field.dispatch_event(&ev);
    }
}

/// A key press as the shortcuts read it (`key` is the event's `key`).
pub(crate) fn press_of<'a>(
    e: &web_sys::KeyboardEvent,
    key: &'a str,
) -> crate::domain::keys::Press<'a> {
    crate::domain::keys::Press {
        key,
        in_field: in_field(e, key),
        composing: e.is_composing() || e.key_code() == 229,
        modified: e.ctrl_key() || e.alt_key() || e.meta_key(),
    }
}

/// Whether the key goes to what has the focus: a field takes every key, and a link, a button
/// or a summary takes Enter (it opens it itself).
fn in_field(e: &web_sys::KeyboardEvent, key: &str) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el.is_content_editable()
        || (key == "Enter" && matches!(tag.as_str(), "a" | "button" | "summary"))
}
