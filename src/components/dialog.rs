//! The one modal dialog, and the one confirm-by-typing field dangerous actions use.
//!
//! A [`Dialog`] closes on Escape and on a click outside it, keeps the keyboard focus inside
//! (Tab and Shift+Tab wrap around), takes the focus when it opens and gives it back to what had it
//! when it closes. Dialogs opened from dialogs stack: Escape closes the top one only.

use std::cell::RefCell;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::text::typed_matches;

thread_local! {
    /// The open dialogs, innermost last.
    static OPEN: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Whether a dialog is open in the page (page shortcuts wait while one is). Asked of the page
/// itself: a dialog is open while its box is in the document.
pub fn any_open() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".overlay > [role=dialog]").ok().flatten())
        .is_some()
}

fn is_top(id: u64) -> bool {
    OPEN.with(|o| o.borrow().last() == Some(&id))
}

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// Moves Tab's focus around inside `root`: from the last element to the first, and back.
fn keep_focus_inside(root: &web_sys::HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        let _ = root.focus();
        return;
    };
    let active = active_element();
    let inside = active
        .as_ref()
        .is_some_and(|a| root.contains(Some(a.unchecked_ref())));
    let at = |e: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == e);
    // On the box itself (as it opens), Tab goes to the first element and Shift+Tab to the last.
    let wrap = !inside || at(root);
    let target = if ev.shift_key() {
        (wrap || at(first)).then_some(last)
    } else {
        (wrap || at(last)).then_some(first)
    };
    if let Some(t) = target {
        ev.prevent_default();
        let _ = t.focus();
    }
}

/// A modal dialog over the page.
#[component]
pub fn Dialog(
    /// Called when the person dismisses it: Escape, or a click outside it.
    on_close: Callback<()>,
    /// The dialog's `data-testid`.
    testid: &'static str,
    /// More classes for the dialog box (`wide`).
    #[prop(optional)]
    class: &'static str,
    /// The dialog box's element, for callers that need to know whether it is still shown.
    #[prop(optional)]
    node_ref: Option<NodeRef<Div>>,
    children: Children,
) -> impl IntoView {
    let id = NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    OPEN.with(|o| o.borrow_mut().push(id));
    let node_ref = node_ref.unwrap_or_default();
    // Whatever had the focus gets it back when the dialog closes.
    let opener = send_wrapper::SendWrapper::new(active_element());
    // Escape closes wherever the focus is: pressing a button that then disables itself hands the
    // focus to the page, outside the dialog.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !is_top(id) {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.stop_propagation();
                on_close.try_run(());
            }
            "Tab" => {
                if let Some(root) = node_ref.get_untracked() {
                    keep_focus_inside(&root, &ev);
                }
            }
            _ => {}
        }
    });
    // The dialog takes the focus once it is in the page, unless something in it already has;
    // it is named by its heading (what a screen reader announces on entering it).
    Effect::new(move |_| {
        if let Some(root) = node_ref.get() {
            if let Ok(Some(h)) = root.query_selector("h1, h2, h3") {
                let title = if h.id().is_empty() {
                    let made = format!("dialog-{id}-title");
                    h.set_id(&made);
                    made
                } else {
                    h.id()
                };
                let _ = root.set_attribute("aria-labelledby", &title);
            }
            let inside = active_element().is_some_and(|a| root.contains(Some(a.unchecked_ref())));
            if !inside {
                let _ = root.focus();
            }
        }
    });
    on_cleanup(move || {
        keys.remove();
        OPEN.with(|o| o.borrow_mut().retain(|x| *x != id));
        if let Some(e) = opener.take() {
            if e.is_connected() {
                let _ = e.focus();
            }
        }
    });
    let nested = OPEN.with(|o| o.borrow().len() > 1);
    view! {
        <div class="overlay" class:nested=nested on:click=move |_| on_close.run(())>
            <div class=format!("dialog {class}") role="dialog" aria-modal="true" tabindex="-1"
                data-testid=testid node_ref=node_ref on:click=|ev| ev.stop_propagation()>
                {children()}
            </div>
        </div>
    }
}

/// The field a dangerous action asks to be typed into: it is confirmed once `typed` matches
/// `expected` (see [`typed_matches`]).
#[component]
pub fn TypeToConfirm(
    /// What must be typed (a workflow's key).
    #[prop(into)]
    expected: String,
    /// What has been typed.
    typed: RwSignal<String>,
    /// The input's `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <input data-testid=testid autocomplete="off" spellcheck="false"
            class:matches=move || typed_matches(&typed.get(), &expected)
            prop:value=move || typed.get() on:input:target=move |ev| typed.set(ev.target().value())/>
    }
}
