//! `/projects/:project/workflows/:workflow/tasks/:task`: header, timeline, job panel and log.

use crate::nav::use_query_map;
use leptos::prelude::*;

use crate::api;
use crate::api::types::{JobTaskName, TaskDetail, TaskId, WorkflowKey};
use crate::components::task::{JobPanel, Remark, TaskHeader, Timeline};
use crate::components::{
    ApprovalDialog, CopyMarkdown, ErrorBanner, Gantt, Loading, RunDiffSummary, Stale, TaskSearch,
    WorkflowCrumbs,
};
use crate::domain::insight::landing::landing_job;
use crate::domain::status::Status;
use crate::hooks::use_polled;
use crate::i18n::T;
use crate::routes::{use_place, Place};
use crate::state::use_ctx;

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
    let detail = crate::hooks::Fetch::new(move || {
        let (c, w, t) = (ctx.client(), workflow.get(), task_id.get());
        async move { api::task_detail(&c, &w, t).await }
    });
    // The last answer stays on screen while the next one is fetched and when a refresh fails,
    // for this task only: moving to another task starts from nothing, and a late answer about
    // the previous one is dropped. Polling stops once the task has finished.
    let kept = use_polled(
        2000,
        detail,
        |t: Option<&TaskDetail>| !t.is_some_and(|t| Status::parse(&t.status).is_finished()),
        move |t| {
            t.task_id == task_id.get_untracked()
                && (t.workflow_key.is_empty() || t.workflow_key == workflow.get_untracked())
        },
    );
    Effect::new(move |prev: Option<(WorkflowKey, TaskId)>| {
        let now = (workflow.get(), task_id.get());
        if prev.as_ref().is_some_and(|p| *p != now) {
            kept.forget();
        }
        now
    });
    let last = kept.shown;
    let refresh_error = kept.stale;
    let task = Memo::new(move |_| kept.good());
    // The job in the address, or else a failed task's first failed job (failure-first landing).
    let selected = Memo::new(move |_| {
        q.with(|q| q.get("job"))
            .filter(|j| !j.is_empty())
            .map(JobTaskName::from)
            .or_else(|| task.with(|t| t.as_ref().and_then(landing_job).map(|j| j.name.clone())))
    });
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
            <WorkflowCrumbs project=project workflow=workflow/>
            {move || match last.with(|l| l.as_ref().map(|r| r.as_ref().err().cloned())) {
                None => Some(view! { <Loading/> }.into_any()),
                Some(Some(e)) => Some(view! { <ErrorBanner error=e retry=refresh/> }.into_any()),
                Some(None) => None,
            }}
            {move || refresh_error.get().map(|e| view! {
                <Stale error=e message=T::TaskStale retry=refresh testid="task-stale"/>
            })}
            <Show when=move || task.with(Option::is_some)>
                <TaskHeader task=task project=project on_change=refresh on_retried=Callback::new(move |_| attempt.update(|a| *a += 1))/>
                <Remark task=task on_change=refresh/>
                <RunDiffSummary task=task project=project workflow=workflow/>
                <Gantt task=task project=project workflow=workflow/>
                <CopyMarkdown task=task project=project workflow=workflow/>
                <Timeline task=task project=project selected=selected on_change=refresh approving=approving/>
                {move || approving.get().map(|key| view! {
                    <ApprovalDialog key=key task=task on_close=Callback::new(move |_| approving.set(None)) on_done=refresh/>
                })}
                <TaskSearch task=task project=project/>
                // Mounted per task and selected job only, so the log stream survives every refresh
                // and another task never shows this one's panel.
                {move || {
                    let (name, _) = (selected.get(), attempt.get());
                    name.filter(|_| shown_id.get().is_some()).map(|name| view! { <JobPanel name=name task=task project=project/> })
                }}
            </Show>
        </section>
    }
}
