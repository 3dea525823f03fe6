//! Keyboard shortcuts for the whole console (see `domain::keys`): `?` lists them. None fires in
//! a text field, during an IME composition, with Ctrl, Alt or Meta held, or while a dialog is
//! open (the dialog has the keyboard then).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::keys::{step, targets, Action, Keys, SHORTCUTS};
use crate::i18n::T;
use crate::routes::Route;
use crate::state::use_ctx;

/// The class of the list item the keyboard is on.
const CURRENT: &str = "kbd-current";

/// Listens for shortcuts while the app lives; draws the help when asked.
#[component]
pub fn Shortcuts() -> impl IntoView {
    let ctx = use_ctx();
    let help = RwSignal::new(false);
    let keys = StoredValue::new(Keys::default());
    let navigate = crate::nav::use_navigate();
    let listener = window_event_listener(leptos::ev::keydown, move |e| {
        if e.default_prevented() || crate::components::dialog::any_open() {
            return;
        }
        let key = e.key();
        let press = super::background::press_of(&e, &key);
        let Some(action) = keys
            .try_update_value(|k| k.press(press, js_sys::Date::now()))
            .flatten()
        else {
            return;
        };
        let done = match action {
            Action::Help => {
                help.set(true);
                true
            }
            Action::GoProjects => {
                navigate(&Route::Projects.path(), Default::default());
                true
            }
            Action::GoApprovals => {
                navigate(
                    &Route::Approvals { project: None }.path(),
                    Default::default(),
                );
                true
            }
            _ => act(action),
        };
        if done {
            e.prevent_default();
        }
    });
    on_cleanup(move || listener.remove());
    move || {
        help.get().then(|| {
            view! {
                <crate::components::Dialog testid="shortcut-help" on_close=Callback::new(move |_| help.set(false))>
                    <h2 id="shortcut-help-title">{ctx.tr(T::ShortcutsTitle)}</h2>
                    <table class="table compact shortcuts" aria-labelledby="shortcut-help-title">
                        <tbody>
                            {SHORTCUTS.iter().map(|(k, what)| view! {
                                <tr data-testid="shortcut"><td><kbd>{*k}</kbd></td><td>{ctx.tr(*what)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="muted">{ctx.tr(T::ShortcutsHint)}</p>
                    <div class="row">
                        <button class="btn" data-testid="shortcut-help-close" on:click=move |_| help.set(false)>{ctx.tr(T::Close)}</button>
                    </div>
                </crate::components::Dialog>
            }
        })
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The first element of `selectors` present in the page.
fn first(selectors: &[&str]) -> Option<web_sys::HtmlElement> {
    let d = document()?;
    selectors
        .iter()
        .find_map(|s| d.query_selector(s).ok().flatten())
        .and_then(|e| e.dyn_into().ok())
}

/// The page's list: the items of the first of `selectors` that has any.
fn list(selectors: &[&str]) -> Vec<web_sys::HtmlElement> {
    let Some(d) = document() else {
        return Vec::new();
    };
    for s in selectors {
        let Ok(nodes) = d.query_selector_all(s) else {
            continue;
        };
        let items: Vec<web_sys::HtmlElement> = (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into().ok())
            .collect();
        if !items.is_empty() {
            return items;
        }
    }
    Vec::new()
}

/// The item the keyboard is on: marked, or holding the focus.
fn current(items: &[web_sys::HtmlElement]) -> Option<usize> {
    let active = document().and_then(|d| d.active_element());
    items
        .iter()
        .position(|i| i.class_list().contains(CURRENT))
        .or_else(|| {
            let a = active?;
            items
                .iter()
                .position(|i| i.contains(Some(a.unchecked_ref())))
        })
}

/// Moves the keyboard to an item: marked, focused and scrolled into view.
fn choose(items: &[web_sys::HtmlElement], at: usize) {
    for (i, el) in items.iter().enumerate() {
        let _ = if i == at {
            el.class_list().add_1(CURRENT)
        } else {
            el.class_list().remove_1(CURRENT)
        };
    }
    let el = &items[at];
    if el.tab_index() < 0 && !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    let _ = el.focus();
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}

/// What a shortcut does in the page; whether it did anything.
fn act(action: Action) -> bool {
    let sel = targets(action);
    match action {
        Action::Search => first(sel).is_some_and(|el| {
            let _ = el.focus();
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                input.select();
            }
            true
        }),
        Action::Run | Action::NextMatch | Action::PrevMatch | Action::Follow => first(sel)
            .is_some_and(|el| {
                el.click();
                true
            }),
        Action::Next | Action::Prev => {
            let items = list(sel);
            match step(current(&items), items.len(), action == Action::Next) {
                Some(at) => {
                    choose(&items, at);
                    true
                }
                None => false,
            }
        }
        Action::Open => {
            let items = list(sel);
            let Some(el) = current(&items).map(|i| items[i].clone()) else {
                return false;
            };
            let tag = el.tag_name().to_ascii_lowercase();
            let target = if matches!(tag.as_str(), "a" | "button") {
                Some(el)
            } else {
                ["[data-testid=inbox-task]", "a[href]", "button"]
                    .iter()
                    .find_map(|s| el.query_selector(s).ok().flatten())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            };
            target.is_some_and(|t| {
                t.click();
                true
            })
        }
        Action::Approve | Action::Reject => {
            let items = list(sel);
            let Some(at) = current(&items).or((!items.is_empty()).then_some(0)) else {
                return false;
            };
            choose(&items, at);
            let Some(decide) = items[at]
                .query_selector("[data-testid=inbox-decide]")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                return false;
            };
            decide.click();
            // The dialog is the confirmation: its button for this decision takes the focus, so
            // Enter confirms and Escape does not.
            let button = if action == Action::Approve {
                "[data-testid=approval-dialog] [data-testid=approve-button]"
            } else {
                "[data-testid=approval-dialog] [data-testid=reject-button]"
            };
            leptos::task::spawn_local(async move {
                for _ in 0..20 {
                    crate::net::timer::sleep(25).await;
                    if let Some(b) = first(&[button]) {
                        let _ = b.focus();
                        return;
                    }
                }
            });
            true
        }
        Action::Help | Action::GoProjects | Action::GoApprovals => false,
    }
}
