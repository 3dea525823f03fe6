//! What the form says around its fields: where its values came from, side lists that could not be
//! read, runs of the workflow still going, and a run whose answer was lost.

use leptos::prelude::*;

use super::controller::RunCtl;
use super::loader::Origin;
use crate::api::types::WorkflowKey;
use crate::api::ApiError;
use crate::components::{error_text, StatusBadge};
use crate::i18n::T;
use crate::routes::Route;
use crate::state::{use_ctx, Ctx};

/// Where the first values came from, with a way to drop a restored draft.
#[component]
pub(super) fn OriginNotice(form: RunCtl) -> impl IntoView {
    let ctx = use_ctx();
    move || {
        match form.origin.get() {
        Origin::Draft => Some(view! {
            <p class="notice inline" data-testid="run-draft-notice">{ctx.t(T::RunDraftRestored)} " "
                <button type="button" class="btn small" data-testid="run-draft-discard" on:click=move |_| form.discard()>{ctx.t(T::RunDraftDiscard)}</button></p>
        }.into_any()),
        Origin::Task { id, partly } => Some(view! {
            <p class="notice inline" data-testid="run-from-task">{T::RunPrefilledFromTask.fill(ctx.locale.get(), &[("task", &id.to_string())])}
                {partly.then(|| view! { " " {ctx.t(T::RunPrefilledPartly)} })}</p>
        }.into_any()),
        Origin::TaskFailed(_) => Some(view! { <p class="notice inline" data-testid="run-from-task-failed">{ctx.t(T::RunPrefillFailed)}</p> }.into_any()),
        Origin::Link => Some(view! { <p class="notice inline" data-testid="run-from-link">{ctx.t(T::RunPrefilledFromUrl)}</p> }.into_any()),
        Origin::Defaults => None,
    }
    }
}

/// The notice for a side list that could not be read, with the reason.
pub(super) fn list_failed(ctx: Ctx, text: T, e: ApiError, testid: &'static str) -> impl IntoView {
    // The reason sits inside the sentence: without its own full stop.
    let reason = move || {
        let t = error_text(&e, ctx.locale.get()).0;
        t.trim_end_matches(['.', '。']).to_string()
    };
    view! {
        <p class="notice inline warn" data-testid=testid>
            {move || text.fill(ctx.locale.get(), &[("reason", &reason())])}
        </p>
    }
}

/// Runs of this workflow still going, linked.
#[component]
pub(super) fn BusyWarning(form: RunCtl, project: String, workflow: WorkflowKey) -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let ids = form.running();
        (!ids.is_empty()).then(|| {
            let (p, w) = (project.clone(), workflow.clone());
            view! {
                <p class="notice inline warn" data-testid="run-busy-warning">{ctx.t(T::RunBusyWarning)} " "
                    {ids.into_iter().map(|id| view! {
                        <a href=ctx.href(&Route::task(&p, &w, id))>"#" {id}</a> " "
                    }).collect_view()}
                    <span class="muted">{ctx.t(T::RunBusyHint)}</span>
                </p>
            }
        })
    }
}

/// After a lost answer: the run may have started. The tasks started since it was sent, and the
/// go-ahead to send it again.
#[component]
pub(super) fn OutcomeUnknown(
    form: RunCtl,
    project: String,
    workflow: WorkflowKey,
) -> impl IntoView {
    let ctx = use_ctx();
    move || {
        form.unknown.get().map(|sent_at| {
            let (p, w) = (project.clone(), workflow.clone());
            let recent = move || {
                form.recent.get().and_then(Result::ok).map(|l| {
                    l.workflow_tasks
                        .into_iter()
                        .filter(|t| t.create_time >= sent_at - 300)
                        .collect::<Vec<_>>()
                })
            };
            view! {
                <div class="notice inline warn" data-testid="run-outcome-unknown">
                    <p>{ctx.t(T::RunOutcomeUnknown)}</p>
                    {move || match recent() {
                        None => view! { <p class="muted">{ctx.t(T::Loading)}</p> }.into_any(),
                        Some(ts) if ts.is_empty() => view! { <p data-testid="run-recent-none">{ctx.t(T::RunRecentNone)}</p> }.into_any(),
                        Some(ts) => view! {
                            <p>{ctx.t(T::RunRecentTasks)}</p>
                            <ul data-testid="run-recent-tasks">
                                {ts.into_iter().map(|t| view! {
                                    <li><a href=ctx.href(&Route::task(&p, &w, t.task_id))>"#" {t.task_id}</a>
                                        " " {t.task_creator.clone()} " " <StatusBadge status=t.status.clone()/></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
                    <div class="row">
                        <button type="button" class="btn" data-testid="run-recent-refresh" on:click=move |_| form.recent.refetch()>{ctx.t(T::Refresh)}</button>
                        <label class="check">
                            <input type="checkbox" data-testid="run-send-again" prop:checked=move || form.send_again.get()
                                on:change:target=move |ev| form.send_again.set(ev.target().checked())/>
                            {ctx.t(T::RunSendAgain)}
                        </label>
                    </div>
                </div>
            }
        })
    }
}
