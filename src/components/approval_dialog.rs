//! The approval dialog: what is asked, who decided what, what is still needed, time left, and
//! Approve / Reject with a comment, or why the person cannot decide.

use leptos::prelude::*;

use crate::api::requests::ApproveRequest;
use crate::api::types::{Approval, TaskDetail};
use crate::api::{self, ApiError};
use crate::components::{Dialog, ErrorBanner};
use crate::domain::approval::{assess, Blocker};
use crate::domain::run::jobs::approval;
use crate::domain::status::Status;
use crate::domain::time::{datetime, duration};
use crate::domain::token;
use crate::hooks::{tz_offset_minutes, use_now};
use crate::i18n::T;
use crate::state::{use_ctx, Notice};

/// What an approval belongs to, found in the current task.
fn find(task: &TaskDetail, key: &str) -> Option<(Approval, String, i64)> {
    for s in &task.stages {
        for j in &s.jobs {
            if j.name == key {
                return approval::of_task(j).map(|a| (a, j.status.clone(), j.start_time));
            }
        }
        if s.name == key {
            if let Some(a) = &s.approval {
                return Some((a.clone(), s.status.clone(), s.start_time));
            }
        }
    }
    None
}

/// The dialog for the approval `key`: an approval job's task name, or (older servers) a stage
/// name. It stays open across task refreshes and keeps the comment typed.
#[component]
pub fn ApprovalDialog(
    /// Job task name or stage name.
    key: String,
    /// The task, as polled.
    task: Memo<Option<TaskDetail>>,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called after a decision was recorded (refresh the task).
    on_done: Callback<()>,
) -> impl IntoView {
    let ctx = use_ctx();
    let now = use_now();
    let tz = tz_offset_minutes();
    let comment = RwSignal::new(String::new());
    let dialog_ref = NodeRef::<leptos::html::Div>::new();
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let lookup_key = key.clone();
    let ships_key = key.clone();
    let current = Memo::new(move |_| task.with(|t| t.as_ref().and_then(|t| find(t, &lookup_key))));
    let me = Memo::new(move |_| ctx.token.get().and_then(|t| token::identity(&t)));
    let view_of = Memo::new(move |_| {
        current
            .get()
            .map(|(a, status, started)| assess(&a, &status, started, now.get(), me.get().as_ref()))
    });
    let submit_key = key.clone();
    // A write: it finishes even when the dialog is closed meanwhile, and says how it went.
    let decide = Action::new_local(move |approve: &bool| {
        let approve = *approve;
        let body = task
            .with_untracked(|t| t.as_ref().map(|t| (t.workflow_key.clone(), t.task_id)))
            .map(|(wf, id)| ApproveRequest {
                task_id: id,
                workflow_key: wf,
                stage_name: submit_key.clone(),
                approve,
                comment: comment.get_untracked(),
            });
        let c = ctx.client_untracked();
        async move {
            let Some(body) = body else {
                return;
            };
            let r = api::approve(&c, &body).await;
            let here = crate::hooks::still_shown(dialog_ref);
            match r {
                Ok(()) => {
                    on_done.try_run(());
                    if on_close.try_run(()).is_none() || !here {
                        ctx.notify(Notice::Done(if approve {
                            T::NoticeApproved
                        } else {
                            T::NoticeRejected
                        }));
                    }
                }
                Err(e) if !here => ctx.notify(Notice::Failed {
                    what: T::NoticeDecisionNotSent,
                    error: e,
                }),
                // The comment stays in the box.
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let busy = decide.pending();
    let blocked = move || view_of.with(|v| v.as_ref().map(|v| v.blocker.is_some()).unwrap_or(true));
    view! {
        <Dialog testid="approval-dialog" node_ref=dialog_ref on_close=on_close>
            <h2>{ctx.tr(T::ApprovalTitle)}</h2>
            {move || match current.get() {
                None => view! { <p class="muted">{ctx.t(T::ApprovalGone)}</p> }.into_any(),
                Some((a, status, _)) => {
                    let v = view_of.get();
                    view! {
                        {(!a.description.is_empty()).then(|| view! { <p class="approval-desc">{a.description.clone()}</p> })}
                        <p class="meta" data-testid="approval-progress">
                            {v.as_ref().map(|v| format!("{} {} / {} · {} {}", ctx.t(T::Approvals), v.approved, v.needed, ctx.t(T::Rejections), v.rejected))}
                            {v.as_ref().and_then(|v| v.time_left).map(|s| format!(" · {} {}", ctx.t(T::TimeLeft), duration(s)))}
                            " · " {Status::parse(&status).label(ctx.locale.get()).to_string()}
                        </p>
                        <ul class="approvers" data-testid="approval-approvers">
                            {a.users().iter().map(|u| {
                                let decision = match u.reject_or_approve.as_str() {
                                    "approve" => ctx.t(T::Approved).to_string(),
                                    "reject" => ctx.t(T::Rejected).to_string(),
                                    _ => ctx.t(T::Undecided).to_string(),
                                };
                                view! {
                                    <li data-decision=u.reject_or_approve.clone()>
                                        <strong>{u.user_name.clone()}</strong> " — " {decision}
                                        {(u.operation_time > 0).then(|| format!(" · {}", datetime(u.operation_time, tz)))}
                                        {(!u.comment.is_empty()).then(|| view! { <div class="comment">{u.comment.clone()}</div> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {v.and_then(|v| v.blocker).map(|b| view! {
                            <p class="notice" data-testid="approval-blocked">{ctx.t(match b {
                                Blocker::Unknown => T::BlockUnknown,
                                Blocker::NotApprover => T::BlockNotApprover,
                                Blocker::Decided => T::BlockDecided,
                                Blocker::External => T::BlockExternal,
                                Blocker::NotWaiting => T::BlockNotWaiting,
                            })}</p>
                        })}
                    }.into_any()
                }
            }}
            <crate::components::WhatShips task=task key=ships_key/>
            <label class="field">
                <span>{ctx.tr(T::Comment)}</span>
                <textarea data-testid="approval-comment" rows="3" prop:value=move || comment.get()
                    on:input:target=move |ev| comment.set(ev.target().value())></textarea>
            </label>
            {move || error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
            <div class="row">
                <button class="btn primary" data-testid="approve-button" disabled=move || { busy.get() || blocked() }
                    on:click=move |_| { decide.dispatch(true); }>{ctx.tr(T::Approve)}</button>
                <button class="btn danger" data-testid="reject-button" disabled=move || { busy.get() || blocked() }
                    on:click=move |_| { decide.dispatch(false); }>{ctx.tr(T::Reject)}</button>
                <button class="btn" data-testid="approval-close" on:click=move |_| on_close.run(())>{ctx.tr(T::Close)}</button>
            </div>
        </Dialog>
    }
}
