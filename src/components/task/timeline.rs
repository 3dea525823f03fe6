//! A task's timeline: its stages and jobs with time bars, approvals waiting for a person, and
//! paused stages to continue. A poll redraws only the stages that changed.

use crate::nav::{use_navigate, NavigateOptions};
use leptos::prelude::*;

use crate::api::types::{JobTaskName, StageTask, TaskDetail, TaskId, WorkflowKey};
use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, StatusBadge};
use crate::domain::jobs::sub_label;
use crate::domain::status::Status;
use crate::domain::tasks::{elapsed, job_bar, stage_waits_for_approval, TaskSpan};
use crate::domain::time::duration;
use crate::hooks::use_now;
use crate::i18n::T;
use crate::net::timer::sleep;
use crate::routes::Route;
use crate::state::{use_ctx, Notice};

/// The stages and jobs of a task, as polled.
#[component]
pub fn Timeline(
    /// The task, as polled.
    task: Memo<Option<TaskDetail>>,
    /// The project, for links.
    project: Memo<String>,
    /// The selected job task name.
    selected: Memo<Option<JobTaskName>>,
    /// Called after an action changed the task.
    on_change: Callback<()>,
    /// Set to an approval's key to open its dialog.
    approving: RwSignal<Option<String>>,
) -> impl IntoView {
    let span = Memo::new(move |_| task.with(|t| t.as_ref().map(TaskSpan::of).unwrap_or_default()));
    let stages = Memo::new(move |_| {
        task.with(|t| {
            t.as_ref()
                .map(|t| {
                    let ids = (t.workflow_key.clone(), t.task_id);
                    t.stages
                        .iter()
                        .map(|s| (ids.clone(), s.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || task.with(Option::is_some)>
            <div class="timeline" data-testid="timeline">
                <For each=move || stages.get() key=crate::components::content_key let:item>
                    <Stage stage=item.1 ids=item.0 span=span project=project selected=selected on_change=on_change approving=approving/>
                </For>
            </div>
        </Show>
    }
}

/// A stage: its status, its approval or pause, and its jobs with their time bars.
#[component]
fn Stage(
    stage: StageTask,
    /// The task's workflow key and id.
    ids: (WorkflowKey, TaskId),
    /// The task's time span, for the bars.
    span: Memo<TaskSpan>,
    project: Memo<String>,
    selected: Memo<Option<JobTaskName>>,
    on_change: Callback<()>,
    approving: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let now = use_now();
    let navigate = use_navigate();
    let status = Status::parse(&stage.status);
    let paused = status.can_resume();
    let stage_approval = stage_waits_for_approval(&stage);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let ((wf, id), name) = (ids, stage.name.clone());
    let wf_key = wf.clone();
    // A write: it runs to its answer even when the stage is drawn anew meanwhile.
    let resume = Action::new_local(move |_: &()| {
        let (c, wf, p, name) = (
            ctx.client_untracked(),
            wf.clone(),
            project.get_untracked(),
            name.clone(),
        );
        async move {
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
                    if error.try_get_untracked().is_none() {
                        return;
                    }
                    on_change.try_run(());
                }
            }
        }
    });
    let resuming = resume.pending();
    view! {
        <div class="stage" data-testid="stage" data-stage=stage.name.clone() data-status=stage.status.clone()>
            <div class="stage-name">
                <span>{stage.name.clone()}</span>
                <StatusBadge status=stage.status.clone() testid="stage-status"/>
            </div>
            {stage_approval.then(|| {
                let key = stage.name.clone();
                view! {
                    <span class="tag waiting" data-testid="stage-approval">{ctx.tr(T::WaitingApproval)}</span>
                    <button class="btn primary" data-testid="review-approval" on:click=move |_| approving.set(Some(key.clone()))>
                        {ctx.tr(T::ReviewApproval)}</button>
                }
            })}
            {paused.then(|| view! {
                <button class="btn primary" data-testid="resume-button" disabled=move || resuming.get() on:click=move |_| { resume.dispatch(()); }>{ctx.tr(T::Resume)}</button>
            })}
            {move || error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
            {stage.jobs.iter().map(|j| {
                let name = j.name.clone();
                let is_sel = {
                    let name = name.clone();
                    move || selected.with(|s| s.as_ref() == Some(&name))
                };
                let job_status = Status::parse(&j.status);
                let (js, je) = (j.start_time, j.end_time);
                let jdone = job_status.is_finished();
                let jstatus = j.status.clone();
                let bar = move || job_bar(&span.get(), js, if jdone { je } else { 0 }, &jstatus, now.get());
                let navigate = navigate.clone();
                let target = Route::job(&project.get_untracked(), &wf_key, id, &name).path();
                let select = move |_| navigate(&target, NavigateOptions { replace: false, scroll: false });
                let review = job_status.can_approve().then(|| {
                    let key = j.name.to_string();
                    view! {
                        <button type="button" class="btn primary small review" data-testid="review-approval"
                            on:click=move |_| approving.set(Some(key.clone()))>
                            {ctx.tr(T::ReviewApproval)}</button>
                    }
                });
                view! {
                    <div class="job-wrap">
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
                        {job_status.can_approve().then(|| view! {
                            <span class="tag waiting" data-testid="job-approval">{ctx.tr(T::WaitingApproval)}</span>
                        })}
                    </button>
                    // A button of its own beside the job's (a button inside a button is neither
                    // reachable by keyboard nor announced).
                    {review}
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
