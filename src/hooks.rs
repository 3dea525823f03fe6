//! Reactive helpers over browser timers: polling that pauses while the tab is hidden, and a
//! ticking clock for live durations. Everything is released in `on_cleanup`.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.hidden())
        .unwrap_or(false)
}

/// Calls `f` every `ms` milliseconds while `active()` holds and the tab is visible, and once
/// right away when the tab becomes visible again.
pub fn use_polling(ms: u32, active: impl Fn() -> bool + 'static, f: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let f = std::rc::Rc::new(f);
    let active = std::rc::Rc::new(active);
    let tick = {
        let (f, active) = (f.clone(), active.clone());
        Closure::<dyn Fn()>::new(move || {
            if !hidden() && active() {
                f();
            }
        })
    };
    let on_visible = {
        let (f, active) = (f.clone(), active.clone());
        Closure::<dyn Fn()>::new(move || {
            if !hidden() && active() {
                f();
            }
        })
    };
    let id = window
        .set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            ms as i32,
        )
        .ok();
    let doc = window.document();
    if let Some(d) = &doc {
        let _ = d.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
    }
    let held = SendWrapper::new((tick, on_visible, doc));
    on_cleanup(move || {
        let (tick, on_visible, doc) = held.take();
        if let (Some(id), Some(w)) = (id, web_sys::window()) {
            w.clear_interval_with_handle(id);
        }
        if let Some(d) = doc {
            let _ = d.remove_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
        }
        drop(tick);
    });
}

/// Seconds since the epoch, now.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The browser's offset from UTC in minutes (east positive).
pub fn tz_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// A clock that ticks every second while the tab is visible (for live durations).
pub fn use_now() -> ReadSignal<i64> {
    let (now, set_now) = signal(now_secs());
    use_polling(1000, || true, move || set_now.set(now_secs()));
    now
}

/// Navigation options for changing a page's own URL state (tab, filter, page): replace the
/// history entry and keep the scroll position.
pub fn replace_in_place() -> leptos_router::NavigateOptions {
    leptos_router::NavigateOptions {
        replace: true,
        scroll: false,
        ..Default::default()
    }
}
