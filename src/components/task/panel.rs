//! The selected job's panel: what it did (per-type facts, credentials masked, approval
//! decisions) and its log.

use leptos::prelude::*;

use crate::api::types::{JobTask, JobTaskName, TaskDetail};
use crate::chunks::{load, log_diff_view, preload_log_diff, Deferred};
use crate::components::{LogView, StatusBadge};
use crate::domain::insight::landing::lands_on_error;
use crate::domain::jobs::facts;
use crate::domain::run::jobs::approval;
use crate::domain::run::JobType;
use crate::domain::status::Status;
use crate::i18n::T;
use crate::state::use_ctx;

/// What a job did: per-type facts (credentials masked) and approval decisions.
#[component]
pub fn JobFacts(
    /// The job task.
    job: JobTask,
) -> impl IntoView {
    let ctx = use_ctx();
    let j = job;
    let approval = approval::of_task(&j);
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

/// The panel of job `name` of the task, mounted per task and job so its log stream survives
/// every refresh.
#[component]
pub fn JobPanel(
    name: JobTaskName,
    task: Memo<Option<TaskDetail>>,
    project: Memo<String>,
) -> impl IntoView {
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
    // A job that had already failed when its panel opened shows its first error; one that fails
    // while watched stays where the person is reading.
    let land = job.with_untracked(|j| j.as_ref().is_some_and(|j| lands_on_error(&j.status)));
    // A finished job's log can be compared with the same job's in the last passed task.
    let comparable = Memo::new(move |_| {
        job.with(|j| {
            j.as_ref().is_some_and(|j| {
                JobType::from_wire(&j.kind).has_log() && Status::parse(&j.status).is_finished()
            })
        })
    });
    let comparing = RwSignal::new(false);
    // Pointed at or focused: fetch the comparison's code before the click.
    let ahead = || {
        leptos::task::spawn_local(async {
            let _ = preload_log_diff().await;
        })
    };
    view! {
        <section class="job-panel card" data-testid="job-panel" data-job=name data-task=task_id>
            {move || match job.get() {
                None => view! { <p class="muted">{ctx.t(T::JobNotInTask)}</p> }.into_any(),
                Some(j) => view! { <JobFacts job=j/> }.into_any(),
            }}
            {move || comparable.get().then(|| view! {
                <div class="row">
                    <button type="button" class="btn" data-testid="log-diff-open" aria-pressed=move || comparing.get().to_string()
                        on:pointerenter=move |_| ahead() on:focus=move |_| ahead()
                        on:click=move |_| comparing.update(|c| *c = !*c)>
                        {move || ctx.t(if comparing.get() { T::LogDiffClose } else { T::LogDiffOpen })}
                    </button>
                </div>
            })}
            {move || (comparing.get() && comparable.get()).then(|| {
                let (t, j) = (task.get_untracked().unwrap_or_default(), job.get_untracked().unwrap_or_default());
                let p = project.get_untracked();
                // The comparison's code is a chunk of its own, fetched on first use.
                view! { <Deferred load=load(move || log_diff_view(p.clone(), t.clone(), j.clone()))/> }
            })}
            <LogView workflow=workflow task=task_id job=log_job status=status kind=kind ended=ended land_on_error=land/>
        </section>
    }
}
