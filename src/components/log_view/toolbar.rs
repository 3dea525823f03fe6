//! The log's toolbar: its state, line count, search, wrap, first error, back to live, download.

use leptos::prelude::*;

use super::search::LogSearch;
use super::state::{Handles, LogState};
use crate::i18n::T;
use crate::state::use_ctx;

fn state_class(s: &LogState) -> &'static str {
    match s {
        LogState::Live => "live",
        LogState::Waiting
        | LogState::Reconnecting
        | LogState::Loading
        | LogState::AwaitingUpload => "wait",
        LogState::Complete | LogState::NoLog => "done",
        LogState::Unverified | LogState::Failed(_) => "warn",
    }
}

fn state_text(s: &LogState) -> T {
    match s {
        LogState::Loading => T::Loading,
        LogState::AwaitingUpload => T::LogAwaitingUpload,
        LogState::NoLog => T::LogNone,
        LogState::Waiting => T::LogWaiting,
        LogState::Live => T::LogLive,
        LogState::Reconnecting => T::LogReconnecting,
        LogState::Complete => T::LogComplete,
        LogState::Unverified => T::LogUnverified,
        LogState::Failed(_) => T::LogFailed,
    }
}

/// The controls above the lines.
#[component]
pub(super) fn LogToolbar(
    h: Handles,
    /// Lines in the log.
    len: Memo<usize>,
    search: LogSearch,
    wrap: RwSignal<bool>,
    /// Whether the view sticks to the newest line.
    follow: RwSignal<bool>,
    /// Whether a line link just went onto the clipboard.
    copied: RwSignal<bool>,
    /// Moves to the next (1) or previous (-1) hit.
    on_go: Callback<i64>,
    /// Wrap was switched on or off.
    on_wrap: Callback<bool>,
    on_first_error: Callback<()>,
    on_jump_live: Callback<()>,
    on_download: Callback<()>,
) -> impl IntoView {
    let ctx = use_ctx();
    let LogSearch {
        needle,
        use_regex,
        case,
        found,
        current,
        ..
    } = search;
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            on_go.run(if ev.shift_key() { -1 } else { 1 });
        } else if ev.key() == "Escape" {
            needle.set(String::new());
        }
    };
    let count_text = move || {
        let f = found.get();
        if needle.get().is_empty() {
            String::new()
        } else if f.total == 0 {
            ctx.t(T::NoMatches).to_string()
        } else {
            format!("{} / {}", (current.get() + 1).min(f.hits.len()), f.total)
        }
    };
    view! {
        <div class="log-toolbar">
            <span class=move || format!("log-state state-{}", h.state.with(state_class)) data-testid="log-state">
                {move || ctx.t(h.state.with(state_text))}</span>
            <span class="muted" data-testid="log-count">{move || format!("{} {}", len.get(), ctx.t(T::Lines))}</span>
            {move || copied.get().then(|| view! { <span class="muted" data-testid="log-link-copied">{ctx.t(T::LinkCopied)}</span> })}
            <span class="spacer"></span>
            <input class="log-search" type="search" data-testid="log-search" placeholder=ctx.tr(T::SearchLog)
                aria-label=ctx.tr(T::SearchLog) prop:value=move || needle.get()
                on:input:target=move |ev| needle.set(ev.target().value()) on:keydown=on_key/>
            <label class="check" title=ctx.tr(T::RegexHint)>
                <input type="checkbox" data-testid="log-search-regex" prop:checked=move || use_regex.get()
                    on:change:target=move |ev| use_regex.set(ev.target().checked())/>".*"</label>
            <label class="check" title=ctx.tr(T::MatchCase)>
                <input type="checkbox" data-testid="log-search-case" prop:checked=move || case.get()
                    on:change:target=move |ev| case.set(ev.target().checked())/>"Aa"</label>
            <span class="muted" data-testid="log-search-count">{count_text}</span>
            <button class="btn" data-testid="log-search-prev" aria-label=ctx.tr(T::PrevMatch) on:click=move |_| on_go.run(-1)>"↑"</button>
            <button class="btn" data-testid="log-search-next" aria-label=ctx.tr(T::NextMatch) on:click=move |_| on_go.run(1)>"↓"</button>
            <label class="check">
                <input type="checkbox" data-testid="log-wrap" prop:checked=move || wrap.get()
                    on:change:target=move |ev| on_wrap.run(ev.target().checked())/>
                {ctx.tr(T::Wrap)}
            </label>
            <button class="btn" data-testid="log-first-error" on:click=move |_| on_first_error.run(())>{ctx.tr(T::FirstError)}</button>
            {move || (!follow.get()).then(|| view! {
                <button class="btn" data-testid="log-jump-live" on:click=move |_| on_jump_live.run(())>{ctx.t(T::JumpToLive)}</button>
            })}
            <button class="btn" data-testid="log-download" on:click=move |_| on_download.run(())>{ctx.tr(T::Download)}</button>
        </div>
    }
}
