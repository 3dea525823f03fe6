//! A task's header: its name, number and status, who started it and how long it has run, and
//! Cancel (confirmed), Retry and Run again. A write's lost answer keeps the buttons disabled
//! until the task's next status.

use leptos::prelude::*;

use super::current;
use crate::api::types::TaskDetail;
use crate::api::{self, ApiError};
use crate::components::{Clamped, Dialog, ErrorBanner, RunDialog, StatusBadge};
use crate::domain::status::Status;
use crate::domain::tasks::elapsed;
use crate::domain::time::{datetime, duration};
use crate::domain::workflows::title;
use crate::hooks::{tz_offset_minutes, use_now};
use crate::i18n::T;
use crate::net::timer::sleep;
use crate::state::{use_ctx, Notice};

/// The task's header and actions.
#[component]
pub fn TaskHeader(
    task: Memo<Option<TaskDetail>>,
    project: Memo<String>,
    on_change: Callback<()>,
    /// Called when Zadig took a Retry: the job panel starts over with the new attempt.
    on_retried: Callback<()>,
) -> impl IntoView {
    let ctx = use_ctx();
    let now = use_now();
    let tz = tz_offset_minutes();
    let status = Memo::new(move |_| Status::parse(&current(task).status));
    let action_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    // The status when Cancel or Retry was sent: both stay disabled until another one arrives.
    let awaiting: RwSignal<Option<Status>> = RwSignal::new(None);
    Effect::new(move |_| {
        let s = status.get();
        if awaiting.get_untracked().is_some_and(|a| a != s) {
            awaiting.set(None);
        }
    });
    let confirm_cancel = RwSignal::new(false);
    let run_again = RwSignal::new(false);
    let key = move || {
        task.with_untracked(|t| t.as_ref().map(|t| (t.workflow_key.clone(), t.task_id)))
            .unwrap_or_default()
    };
    // What a write's answer means for the buttons: a definite refusal frees them; success or a
    // lost answer waits for the task's next status (asked for now and again a little later).
    // The follow-up refreshes belong to the header: they stop when it goes.
    let tasks = crate::hooks::Tasks::new();
    let settle = move |r: Result<(), ApiError>, what: T| {
        match &r {
            Err(e) if !e.outcome_unknown() => awaiting.set(None),
            _ => {}
        }
        // The page was left meanwhile: a failure is said in the page corner.
        if let Some(Some(error)) = action_error.try_set(r.err()) {
            ctx.notify(Notice::Failed { what, error });
            return;
        }
        on_change.try_run(());
        if awaiting.try_get_untracked().flatten().is_some() {
            tasks.spawn(async move {
                for wait in [2000, 4000, 8000] {
                    sleep(wait).await;
                    if awaiting.try_get_untracked().flatten().is_none() {
                        return;
                    }
                    on_change.try_run(());
                }
                // No new status after all that: the buttons come back, the banner stays.
                awaiting.set(None);
            });
        }
    };
    // Writes: each runs to its answer even when the page is left meanwhile.
    let settle_retry = settle.clone();
    let cancel = Action::new_local(move |_: &()| {
        let (c, (wf, id)) = (ctx.client_untracked(), key());
        awaiting.set(Some(status.get_untracked()));
        let settle = settle.clone();
        async move {
            let r = api::cancel_task(&c, &wf, id).await;
            confirm_cancel.set(false);
            settle(r, T::NoticeCancelNotSent);
        }
    });
    let retry = Action::new_local(move |_: &()| {
        let (c, (wf, id), p) = (ctx.client_untracked(), key(), project.get_untracked());
        awaiting.set(Some(status.get_untracked()));
        let settle = settle_retry.clone();
        async move {
            let r = api::retry_task(&c, &p, &wf, id).await;
            if r.is_ok() {
                on_retried.try_run(());
            }
            settle(r, T::NoticeRetryNotSent);
        }
    });
    let (cancelling, retrying) = (cancel.pending(), retry.pending());
    let locked = move || cancelling.get() || retrying.get() || awaiting.get().is_some();
    let do_cancel = move |_| {
        cancel.dispatch(());
    };
    let do_retry = move |_| {
        retry.dispatch(());
    };
    let title = move || {
        let t = current(task);
        title(&t.workflow_key, &t.display_name).to_string()
    };
    let times = move || {
        let t = current(task);
        (t.start_time, t.end_time, t.create_time)
    };
    view! {
        <header class="page-head task-head">
            <h1>{title} " " <span class="muted">"#"{move || current(task).task_id.to_string()}</span> " "
                <StatusBadge status=Signal::derive(move || current(task).status) testid="task-status"/>
            </h1>
            <p class="meta muted">
                <span>{ctx.tr(T::Creator)} ": " {move || current(task).task_creator}</span> " · "
                <span>{ctx.tr(T::Started)} ": " {move || { let (s, _, c) = times(); datetime(if s > 0 { s } else { c }, tz) }}</span> " · "
                <span data-testid="task-duration">{ctx.tr(T::Duration)} ": "
                    {move || {
                        let (s, e, _) = times();
                        if s <= 0 { "—".to_string() } else { duration(elapsed(s, if status.get().is_finished() { e } else { 0 }, now.get())) }
                    }}</span>
                {move || {
                    let t = current(task);
                    (status.get() == Status::Cancelled && !t.task_revoker.is_empty()).then(|| view! {
                        " · " <span data-testid="task-revoker">{ctx.t(T::CancelledBy)} ": " {t.task_revoker.clone()}</span>
                    })
                }}
            </p>
            <div class="row actions">
                {move || status.get().can_cancel().then(|| view! {
                    <button class="btn danger" data-testid="cancel-button" disabled=locked
                        on:click=move |_| confirm_cancel.set(true)>{ctx.t(T::CancelTask)}</button>
                })}
                {move || status.get().can_retry().then(|| view! {
                    <button class="btn primary" data-testid="retry-button" disabled=locked on:click=do_retry>
                        {ctx.t(T::RetryTask)}</button>
                })}
                <button class="btn" data-testid="run-again" on:click=move |_| run_again.set(true)>{ctx.tr(T::RunAgain)}</button>
                <crate::components::WatchToggle watch=Signal::derive(move || {
                    let (wf, id) = key();
                    id.is_some().then(|| crate::domain::watch::Watch { project: project.get(), workflow: wf, task: Some(id) })
                }) running=Signal::derive(move || !status.get().is_finished())/>
            </div>
            {move || run_again.get().then(|| {
                let (wf, id) = key();
                view! { <RunDialog project=project.get_untracked() workflow=wf from=Some(id) on_close=Callback::new(move |_| run_again.set(false))/> }
            })}
            {move || confirm_cancel.get().then(|| view! {
                <Dialog testid="confirm-dialog" on_close=Callback::new(move |_| confirm_cancel.set(false))>
                    <h2>{move || T::ConfirmCancel.fill(ctx.locale.get(), &[("task", &key().1.to_string())])}</h2>
                    <div class="row">
                        <button class="btn danger" data-testid="confirm-yes" disabled=locked on:click=do_cancel>{ctx.t(T::CancelTask)}</button>
                        <button class="btn" data-testid="confirm-no" on:click=move |_| confirm_cancel.set(false)>{ctx.t(T::Close)}</button>
                    </div>
                </Dialog>
            })}
            {move || action_error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
            {move || {
                let e = current(task).error;
                (!e.is_empty()).then(|| view! { <Clamped text=e class="error-detail task-error" testid="task-error"/> })
            }}
        </header>
    }
}
