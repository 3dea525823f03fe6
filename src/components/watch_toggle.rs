//! The watch toggle on a task or a workflow: the person hears when it (or a task of it)
//! finishes, by a note in the page or, for a tab in the background, a browser notification.

use leptos::prelude::*;

use crate::domain::watch::Watch;
use crate::i18n::T;
use crate::state::use_ctx;

/// Watches or stops watching `watch` (read when clicked, so it follows the page).
#[component]
pub fn WatchToggle(
    #[prop(into)] watch: Signal<Option<Watch>>,
    /// The task is still running (a task watched now is told however soon it ends).
    #[prop(optional, into)]
    running: Signal<bool>,
) -> impl IntoView {
    let ctx = use_ctx();
    let on = Memo::new(move |_| {
        watch
            .get()
            .is_some_and(|w| ctx.watches.with(|ws| ws.contains(&w)))
    });
    let hint = move || {
        let task = watch.with(|w| w.as_ref().is_some_and(|w| w.task.is_some()));
        ctx.t(if task {
            T::WatchTaskHint
        } else {
            T::WatchWorkflowHint
        })
    };
    view! {
        <button type="button" class="btn watch" class:on=move || on.get() data-testid="watch-toggle"
            aria-pressed=move || on.get().to_string() title=hint
            disabled=move || watch.with(Option::is_none)
            on:click=move |_| {
                if let Some(w) = watch.get_untracked() {
                    if ctx.toggle_watch(w.clone()) && running.get_untracked() {
                        ctx.watch_memory.update_value(|m| m.started(&w));
                    }
                }
            }>
            <span aria-hidden="true">{move || if on.get() { "★ " } else { "☆ " }}</span>
            {move || ctx.t(if on.get() { T::Watching } else { T::Watch })}
        </button>
    }
}
