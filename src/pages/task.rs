//! `/projects/:project/workflows/:workflow/tasks/:task`: header, timeline, job panel and log.

use crate::routes::{use_place, Place, Route};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api;
use crate::api::types::{JobTask, StageTask, TaskDetail};
use crate::api::ApiError;
use crate::components::Clamped;
use crate::components::{
    ApprovalDialog, Dialog, ErrorBanner, Loading, LogView, RunDialog, StatusBadge, TaskSearch,
};
use crate::domain::jobs::{facts, sub_label};
use crate::domain::status::Status;
use crate::domain::tasks::{elapsed, job_bar, stage_waits_for_approval};
use crate::domain::time::{datetime, duration};
use crate::hooks::{tz_offset_minutes, use_now, use_polled_resource};
use crate::i18n::T;
use crate::net::timer::sleep;
use crate::state::{use_ctx, Notice};

/// The task page.
#[component]
pub fn TaskPage() -> impl IntoView {
    let ctx = use_ctx();
    let q = use_query_map();
    let Place {
        project,
        workflow,
        task: task_id,
    } = use_place();
    let selected = Memo::new(move |_| q.with(|q| q.get("job")).unwrap_or_default());
    let detail = LocalResource::new(move || {
        let (c, w, t) = (ctx.client(), workflow.get(), task_id.get());
        async move { api::task_detail(&c, &w, t).await }
    });
    // The last answer stays on screen while the next one is fetched, for this task only: moving
    // to another task starts from nothing, and a late answer about the previous one is dropped.
    let last: RwSignal<Option<Result<TaskDetail, ApiError>>> = RwSignal::new(None);
    Effect::new(move |prev: Option<(String, i64)>| {
        let now = (workflow.get(), task_id.get());
        if prev.as_ref().is_some_and(|p| *p != now) {
            last.set(None);
        }
        now
    });
    Effect::new(move |_| {
        if let Some(r) = detail.get() {
            let other = matches!(&r, Ok(t) if t.task_id != task_id.get_untracked()
                || (!t.workflow_key.is_empty() && t.workflow_key != workflow.get_untracked()));
            // A failed refresh keeps the task on screen; only a first failure shows the error.
            let keep = other || matches!((&r, last.get_untracked()), (Err(_), Some(Ok(_))));
            if !keep {
                last.set(Some(r));
            }
        }
    });
    let finished = Memo::new(move |_| {
        last.with(|l| matches!(l, Some(Ok(t)) if Status::parse(&t.status).is_finished()))
    });
    use_polled_resource(2000, move || !finished.get_untracked(), detail);
    // A failed refresh keeps the last task on screen and says it is no longer current.
    let refresh_error =
        Memo::new(
            move |_| match (detail.get(), last.with(|l| matches!(l, Some(Ok(_))))) {
                (Some(Err(e)), true) => Some(e),
                _ => None,
            },
        );

    let task = Memo::new(move |_| last.with(|l| l.as_ref().and_then(|r| r.as_ref().ok().cloned())));
    // Retries taken from this page: the job panel is mounted anew for each, so an open log never
    // keeps the previous attempt's lines (even when the new attempt ends between two polls).
    let attempt = RwSignal::new(0u32);
    // Which task is on screen: changes only when another task's answer arrives.
    let shown_id = Memo::new(move |_| task.with(|t| t.as_ref().map(|t| t.task_id)));
    let refresh = Callback::new(move |_| detail.refetch());
    // The approval dialog lives outside the timeline so refreshes do not close it.
    let approving: RwSignal<Option<String>> = RwSignal::new(None);

    view! {
        <section class="page task-page">
            <nav class="crumbs">
                <a href=move || ctx.href(&Route::workflows(&project.get()))>{move || ctx.t(T::BackToWorkflows)}</a>
                " / "
                <a href=move || ctx.href(&Route::workflow(&project.get(), &workflow.get()))>{move || workflow.get()}</a>
            </nav>
            {move || match last.with(|l| l.as_ref().map(|r| r.as_ref().err().cloned())) {
                None => Some(view! { <Loading/> }.into_any()),
                Some(Some(e)) => Some(view! { <ErrorBanner error=e retry=refresh/> }.into_any()),
                Some(None) => None,
            }}
            {move || refresh_error.get().map(|e| view! {
                <div class="stale" data-testid="task-stale">
                    <p class="notice inline">{ctx.t(T::TaskStale)}</p>
                    <ErrorBanner error=e retry=refresh/>
                </div>
            })}
            <Show when=move || task.with(Option::is_some)>
                <TaskHeader task=task project=project on_change=refresh on_retried=Callback::new(move |_| attempt.update(|a| *a += 1))/>
                <Remark task=task on_change=refresh/>
                <Timeline task=task project=project selected=selected on_change=refresh approving=approving/>
                {move || approving.get().map(|key| view! {
                    <ApprovalDialog key=key task=task on_close=Callback::new(move |_| approving.set(None)) on_done=refresh/>
                })}
                <TaskSearch task=task project=project/>
                // Mounted per task and selected job only, so the log stream survives every refresh
                // and another task never shows this one's panel.
                {move || {
                    let (name, _) = (selected.get(), attempt.get());
                    (!name.is_empty() && shown_id.get().is_some()).then(|| view! { <JobPanel name=name task=task/> })
                }}
            </Show>
        </section>
    }
}

fn current(task: Memo<Option<TaskDetail>>) -> TaskDetail {
    task.get().unwrap_or_default()
}

#[component]
fn TaskHeader(
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
    let busy = RwSignal::new(false);
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
    let settle = move |r: Result<(), ApiError>, what: T| {
        busy.set(false);
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
            crate::hooks::spawn_write(async move {
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
    let do_cancel = move |_| {
        let (c, (wf, id)) = (ctx.client_untracked(), key());
        busy.set(true);
        awaiting.set(Some(status.get_untracked()));
        crate::hooks::spawn_write(async move {
            let r = api::cancel_task(&c, &wf, id).await;
            confirm_cancel.set(false);
            settle(r, T::NoticeCancelNotSent);
        });
    };
    let do_retry = move |_| {
        let (c, (wf, id), p) = (ctx.client_untracked(), key(), project.get_untracked());
        busy.set(true);
        awaiting.set(Some(status.get_untracked()));
        crate::hooks::spawn_write(async move {
            let r = api::retry_task(&c, &p, &wf, id).await;
            if r.is_ok() {
                on_retried.try_run(());
            }
            settle(r, T::NoticeRetryNotSent);
        });
    };
    let locked = move || busy.get() || awaiting.get().is_some();
    let title = move || {
        let t = current(task);
        if t.workflow_name.is_empty() {
            t.workflow_key
        } else {
            t.workflow_name
        }
    };
    let times = move || {
        let t = current(task);
        (t.start_time, t.end_time, t.create_time)
    };
    view! {
        <header class="page-head task-head">
            <h1>{title} " " <span class="muted">"#"{move || current(task).task_id}</span> " "
                <StatusBadge status=Signal::derive(move || current(task).status) testid="task-status"/>
            </h1>
            <p class="meta muted">
                <span>{move || ctx.t(T::Creator)} ": " {move || current(task).task_creator}</span> " · "
                <span>{move || ctx.t(T::Started)} ": " {move || { let (s, _, c) = times(); datetime(if s > 0 { s } else { c }, tz) }}</span> " · "
                <span data-testid="task-duration">{move || ctx.t(T::Duration)} ": "
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
                <button class="btn" data-testid="run-again" on:click=move |_| run_again.set(true)>{move || ctx.t(T::RunAgain)}</button>
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

#[component]
fn Remark(task: Memo<Option<TaskDetail>>, on_change: Callback<()>) -> impl IntoView {
    let ctx = use_ctx();
    let editing = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let saving = RwSignal::new(false);
    let save = move |_| {
        let Some((wf, id)) =
            task.with_untracked(|t| t.as_ref().map(|t| (t.workflow_key.clone(), t.task_id)))
        else {
            return;
        };
        let (c, t) = (ctx.client_untracked(), text.get_untracked());
        saving.set(true);
        crate::hooks::spawn_write(async move {
            let r = api::set_remark(&c, &wf, id, &t).await;
            saving.set(false);
            match r {
                Ok(()) => {
                    editing.set(false);
                    error.set(None);
                    on_change.try_run(());
                }
                // The text stays in the field so nothing typed is lost.
                Err(e) => {
                    if let Some(Some(error)) = error.try_set(Some(e)) {
                        // The page was left meanwhile.
                        ctx.notify(Notice::Failed {
                            what: T::NoticeRemarkNotSaved,
                            error,
                        });
                    }
                }
            }
        });
    };
    let start_edit = move |_| {
        text.set(current(task).remark);
        editing.set(true);
    };
    view! {
        <div class="remark" data-testid="task-remark">
            <Show when=move || editing.get() fallback=move || view! {
                <span class="muted">{move || ctx.t(T::Remark)} ": "</span>
                <span data-testid="remark-text">{move || { let r = current(task).remark; if r.is_empty() { "—".to_string() } else { r } }}</span>
                " " <button class="link-btn" data-testid="remark-edit" on:click=start_edit>{move || ctx.t(T::Edit)}</button>
            }>
                <div class="row">
                    <input data-testid="remark-input" prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())/>
                    <button class="btn primary" data-testid="remark-save" disabled=move || saving.get() on:click=save>{move || ctx.t(T::Save)}</button>
                    <button class="btn" on:click=move |_| editing.set(false)>{move || ctx.t(T::Close)}</button>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
        </div>
    }
}

#[component]
fn Stage(
    stage: StageTask,
    task: TaskDetail,
    project: Memo<String>,
    selected: Memo<String>,
    on_change: Callback<()>,
    approving: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let now = use_now();
    let navigate = use_navigate();
    let status = Status::parse(&stage.status);
    let paused = status.can_resume();
    let stage_approval = stage_waits_for_approval(&stage);
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let (wf, id, name) = (task.workflow_key.clone(), task.task_id, stage.name.clone());
    let resume = move |_| {
        let (c, wf, p, name) = (
            ctx.client_untracked(),
            wf.clone(),
            project.get_untracked(),
            name.clone(),
        );
        busy.set(true);
        crate::hooks::spawn_write(async move {
            let r = api::manual_exec(&c, &p, &wf, id, &name).await;
            let unknown = r.as_ref().err().is_some_and(ApiError::outcome_unknown);
            if let Some(Some(error)) = error.try_set(r.err()) {
                // This stage is no longer drawn (the page was left).
                ctx.notify(Notice::Failed {
                    what: T::NoticeResumeNotSent,
                    error,
                });
                return;
            }
            on_change.try_run(());
            if unknown {
                // The stage may have resumed: the button waits for its next status (a new
                // status draws this stage anew) and comes back only if none arrives.
                for wait in [2000, 4000, 8000] {
                    sleep(wait).await;
                    // Gone: the stage was drawn anew with its next status.
                    if busy.try_get_untracked().is_none() {
                        return;
                    }
                    on_change.try_run(());
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <div class="stage" data-testid="stage" data-stage=stage.name.clone() data-status=stage.status.clone()>
            <div class="stage-name">
                <span>{stage.name.clone()}</span>
                <StatusBadge status=stage.status.clone() testid="stage-status"/>
            </div>
            {stage_approval.then(|| {
                let key = stage.name.clone();
                view! {
                    <span class="tag waiting" data-testid="stage-approval">{move || ctx.t(T::WaitingApproval)}</span>
                    <button class="btn primary" data-testid="review-approval" on:click=move |_| approving.set(Some(key.clone()))>
                        {move || ctx.t(T::ReviewApproval)}</button>
                }
            })}
            {paused.then(|| view! {
                <button class="btn primary" data-testid="resume-button" disabled=move || busy.get() on:click=resume>{move || ctx.t(T::Resume)}</button>
            })}
            {move || error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
            {stage.jobs.iter().map(|j| {
                let name = j.name.clone();
                let is_sel = {
                    let name = name.clone();
                    move || selected.get() == name
                };
                let job_status = Status::parse(&j.status);
                let (js, je) = (j.start_time, j.end_time);
                let jdone = job_status.is_finished();
                let bar_task = task.clone();
                let jstatus = j.status.clone();
                let bar = move || job_bar(&bar_task, js, if jdone { je } else { 0 }, &jstatus, now.get());
                let navigate = navigate.clone();
                let target = Route::job(&project.get_untracked(), &task.workflow_key, id, &name).path();
                let select = move |_| navigate(&target, NavigateOptions { replace: false, scroll: false, ..Default::default() });
                view! {
                    <button class="job" class:selected=is_sel data-testid="job" data-job=j.name.clone() data-type=j.kind.clone()
                        on:click=select>
                        <span class="job-top">
                            <span class="job-name">{j.display_name.clone()}</span>
                            <StatusBadge status=j.status.clone() testid="job-status"/>
                        </span>
                        <span class="job-sub muted">{j.kind.clone()} " · " {sub_label(j)}</span>
                        <span class="job-time mono">{move || if js <= 0 { "—".to_string() } else { duration(elapsed(js, if jdone { je } else { 0 }, now.get())) }}</span>
                        <span class="bar-track">{move || bar().map(|b| view! {
                            <span class="bar" class:waiting=b.waiting style=format!("left:{:.2}%;width:{:.2}%", b.offset, b.width)></span>
                        })}</span>
                        {job_status.can_approve().then(|| {
                            let key = j.name.clone();
                            view! {
                                <span class="tag waiting" data-testid="job-approval">{move || ctx.t(T::WaitingApproval)}</span>
                                <span class="btn primary small" role="button" tabindex="0" data-testid="review-approval"
                                    on:click=move |ev| { ev.stop_propagation(); approving.set(Some(key.clone())); }>
                                    {move || ctx.t(T::ReviewApproval)}</span>
                            }
                        })}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// The stages and jobs of a task, re-rendered as the task changes.
#[component]
pub fn Timeline(
    /// The task, as polled.
    task: Memo<Option<TaskDetail>>,
    /// The project, for links.
    project: Memo<String>,
    /// The selected job task name.
    selected: Memo<String>,
    /// Called after an action changed the task.
    on_change: Callback<()>,
    /// Set to an approval's key to open its dialog.
    approving: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        {move || task.get().map(|t| view! {
            <div class="timeline" data-testid="timeline">
                {t.stages.iter().map(|s| view! {
                    <Stage stage=s.clone() task=t.clone() project=project selected=selected on_change=on_change approving=approving/>
                }).collect_view()}
            </div>
        })}
    }
}

/// What a job did: per-type facts (credentials masked) and approval decisions.
#[component]
pub fn JobFacts(
    /// The job task.
    job: JobTask,
) -> impl IntoView {
    let ctx = use_ctx();
    let j = job;
    let approval = j.approval();
    view! {
        <h2>{j.display_name.clone()} " " <StatusBadge status=j.status.clone() testid="panel-status"/></h2>
        <dl class="facts">
            {facts(&j).into_iter().map(|f| view! {
                <dt>{ctx.t(f.label)}</dt>
                <dd class="mono">{match f.link {
                    Some(href) => view! { <a href=href target="_blank" rel="noopener noreferrer nofollow">{f.value}</a> }.into_any(),
                    None => f.value.into_any(),
                }}</dd>
            }).collect_view()}
        </dl>
        {approval.map(|a| view! {
            <div class="approval-summary" data-testid="approval-summary">
                <p>{a.description.clone()}</p>
                <ul>
                    {a.users().iter().map(|u| view! {
                        <li>{u.user_name.clone()} " — " {if u.reject_or_approve.is_empty() { "…".to_string() } else { u.reject_or_approve.clone() }}
                            {(!u.comment.is_empty()).then(|| format!(" “{}”", u.comment))}</li>
                    }).collect_view()}
                </ul>
            </div>
        })}
    }
}

#[component]
fn JobPanel(name: String, task: Memo<Option<TaskDetail>>) -> impl IntoView {
    let ctx = use_ctx();
    let job_name = name.clone();
    let job = Memo::new(move |_| {
        task.with(|t| {
            t.as_ref().and_then(|t| {
                t.stages
                    .iter()
                    .flat_map(|s| s.jobs.iter())
                    .find(|j| j.name == job_name)
                    .cloned()
            })
        })
    });
    let status = Signal::derive(move || {
        job.with(|j| j.as_ref().map(|j| j.status.clone()).unwrap_or_default())
    });
    let ended = Signal::derive(move || job.with(|j| j.as_ref().map(|j| j.end_time).unwrap_or(0)));
    let (workflow, task_id) = task
        .with_untracked(|t| t.as_ref().map(|t| (t.workflow_key.clone(), t.task_id)))
        .unwrap_or_default();
    let log_job = name.clone();
    let kind = job.with_untracked(|j| j.as_ref().map(|j| j.kind.clone()).unwrap_or_default());
    view! {
        <section class="job-panel card" data-testid="job-panel" data-job=name data-task=task_id.to_string()>
            {move || match job.get() {
                None => view! { <p class="muted">{ctx.t(T::JobNotInTask)}</p> }.into_any(),
                Some(j) => view! { <JobFacts job=j/> }.into_any(),
            }}
            <LogView workflow=workflow task=task_id job=log_job status=status kind=kind ended=ended/>
        </section>
    }
}
