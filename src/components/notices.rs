//! The corner where results of closed dialogs and left pages land (see [`crate::state::Notice`]).

use crate::routes::Route;
use leptos::prelude::*;

use crate::components::error_text;
use crate::i18n::T;
use crate::state::{use_ctx, Notice};

/// The corner of the page where notices appear (always there, so screen readers announce what
/// lands in it); the notices themselves are drawn from a chunk, fetched with the first one.
#[component]
pub fn Notices() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="toasts" aria-live="polite" data-testid="notices">
            {move || (!ctx.notices.with(Vec::is_empty)).then(|| view! {
                <crate::chunks::Deferred load=crate::chunks::load(crate::chunks::notice_list)/>
            })}
        </div>
    }
}

/// Every pending notice, each with a dismiss button.
#[component]
pub fn NoticeList() -> impl IntoView {
    let ctx = use_ctx();
    let dismiss = move |id: u64| ctx.notices.update(|v| v.retain(|(i, _)| *i != id));
    view! {
            <For each=move || ctx.notices.get() key=|(id, _)| *id let:item>
                {
                    let (id, notice) = item;
                    let failed = matches!(notice, Notice::Failed { .. });
                    let body = match notice {
                        Notice::TaskStarted { project, workflow, task } => {
                            let route = Route::task(&project, &workflow, task);
                            let text = move || T::NoticeTaskStarted.fill(ctx.locale.get(), &[("task", &task.to_string()), ("workflow", workflow.as_str())]);
                            view! {
                                <span>{text}</span> " "
                                <a href=ctx.href(&route) data-testid="notice-link" on:click=move |_| dismiss(id)>{ctx.tr(T::OpenTask)}</a>
                            }.into_any()
                        }
                        Notice::Done(t) => view! { <span>{move || ctx.t(t)}</span> }.into_any(),
                        Notice::Watched { text, project, workflow, task } => {
                            let route = Route::task(&project, &workflow, task);
                            view! {
                                <span data-testid="notice-watched">{text}</span> " "
                                <a href=ctx.href(&route) data-testid="notice-link" on:click=move |_| dismiss(id)>{ctx.tr(T::OpenTask)}</a>
                            }.into_any()
                        }
                        Notice::Failed { what, error } => {
                            // Every notice answers a write: a lost answer is "outcome unknown".
                            let unknown = error.outcome_unknown();
                            let (e, e2) = (error.clone(), error);
                            // A lost answer never says the write failed: it may have been made.
                            let title = if unknown { lost(what) } else { what };
                            view! {
                                <span class="error-title">{move || ctx.t(title)}</span> " "
                                <span data-outcome=if unknown { "unknown" } else { "" }>{move || if unknown {
                                    ctx.t(T::ErrOutcomeUnknownHint).to_string()
                                } else {
                                    error_text(&e, ctx.locale.get()).0
                                }}</span>
                                {move || error_text(&e2, ctx.locale.get()).1.map(|d| view! { <crate::components::Clamped text=d class="error-detail"/> })}
                            }.into_any()
                        }
                    };
                    view! {
                        <div class="toast" class:bad=failed role="status" data-testid="notice">
                            <div class="toast-body">{body}</div>
                            <button class="link-btn" aria-label=ctx.tr(T::Close) on:click=move |_| dismiss(id)>"×"</button>
                        </div>
                    }
                }
            </For>
    }
}

/// What a failed write's notice says instead when its answer was lost.
fn lost(what: T) -> T {
    match what {
        T::NoticeRunNotStarted => T::NoticeRunUnknown,
        T::NoticeDecisionNotSent => T::NoticeDecisionUnknown,
        T::NoticeViewNotSaved => T::NoticeViewUnknown,
        T::NoticeWorkflowNotSaved => T::NoticeWorkflowSaveUnknown,
        T::NoticeWorkflowNotDeleted => T::NoticeWorkflowDeleteUnknown,
        T::NoticeTicketNotCreated => T::NoticeTicketUnknown,
        T::NoticeCancelNotSent => T::NoticeCancelUnknown,
        T::NoticeRetryNotSent => T::NoticeRetryUnknown,
        T::NoticeResumeNotSent => T::NoticeResumeUnknown,
        T::NoticeRemarkNotSaved => T::NoticeRemarkUnknown,
        _ => T::ErrOutcomeUnknown,
    }
}
