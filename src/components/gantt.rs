//! "Where the time went" on the task page: the task drawn to scale per stage and job (queued,
//! running, waiting for an approval, at a manual gate), the critical path, totals per kind
//! along it, and each job's duration over the workflow's last 20 tasks with the slow ones
//! flagged. The logic is `domain::insight::timing`.

use futures::StreamExt;
use leptos::prelude::*;

use crate::api;
use crate::api::types::{TaskDetail, TaskId, WorkflowKey};
use crate::api::ApiError;
use crate::components::run_diff::finished_detail;
use crate::components::ErrorBanner;
use crate::domain::insight::diff::{job_group, Group};
use crate::domain::insight::timing::{chart, is_slow, median, place, totals, Kind};
use crate::domain::time::duration;
use crate::hooks::{use_now, Fetch};
use crate::i18n::T;
use crate::state::use_ctx;

/// Tasks read for the duration trend.
const TREND_TASKS: usize = 20;
/// Task details read at once for it.
const READ_AT_ONCE: usize = 4;

fn kind_class(k: Kind) -> &'static str {
    match k {
        Kind::Queue => "queue",
        Kind::Run => "run",
        Kind::Approval => "waiting",
        Kind::Gate => "gate",
    }
}

fn kind_text(k: Kind) -> T {
    match k {
        Kind::Queue => T::TimeQueue,
        Kind::Run => T::TimeRun,
        Kind::Approval => T::TimeApproval,
        Kind::Gate => T::TimeGate,
    }
}

/// The chart of the task on screen, in a section opened on request.
#[component]
pub fn Gantt(
    task: Memo<Option<TaskDetail>>,
    project: Memo<String>,
    workflow: Memo<WorkflowKey>,
) -> impl IntoView {
    let ctx = use_ctx();
    let now = use_now();
    let open = RwSignal::new(false);
    let drawn = Memo::new(move |_| task.with(|t| t.as_ref().map(|t| chart(t, now.get()))));
    let body = move || {
        let c = drawn.get()?;
        let l = ctx.locale.get();
        let total = c.total;
        let sums = totals(&c)
            .into_iter()
            .filter(|(_, s)| *s > 0)
            .map(|(k, s)| {
                view! { <li class=format!("time-{}", kind_class(k)) data-kind=kind_class(k)>{ctx.t(kind_text(k))} " " {duration(s)}</li> }
            })
            .collect_view();
        let path = c
            .lanes
            .iter()
            .filter(|x| x.critical)
            .map(|x| x.label.clone())
            .collect::<Vec<_>>()
            .join(" → ");
        let lanes = c
            .lanes
            .into_iter()
            .map(|lane| {
                let spans = lane
                    .spans
                    .iter()
                    .map(|s| {
                        let (offset, width) = place(s, total);
                        let title = format!("{} {}", ctx.t(kind_text(s.kind)), duration(s.secs()));
                        view! {
                            <span class=format!("gantt-span time-{}", kind_class(s.kind)) data-kind=kind_class(s.kind)
                                style=format!("left:{offset:.2}%;width:{width:.2}%") title=title.clone() aria-label=title></span>
                        }
                    })
                    .collect_view();
                let gate = lane.job.is_none();
                view! {
                    <div class="gantt-lane" class:critical=lane.critical class:gate=gate data-testid="gantt-lane"
                        data-critical=lane.critical.to_string()>
                        <span class="gantt-label">{if gate { T::TimeGateOf.fill(l, &[("stage", &lane.label)]) } else { lane.label.clone() }}</span>
                        <span class="gantt-track">{spans}</span>
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <p>{T::TimeTotal.fill(l, &[("total", &duration(total))])}</p>
            <ul class="gantt-totals" data-testid="gantt-totals">{sums}</ul>
            <p data-testid="critical-path"><strong>{ctx.tr(T::CriticalPath)}</strong> " " {path}</p>
            <div class="gantt-lanes">{lanes}</div>
        })
    };
    view! {
        <details class="card gantt" data-testid="gantt" on:toggle:target=move |ev| {
            let el: web_sys::HtmlDetailsElement = wasm_bindgen::JsCast::unchecked_into(ev.target());
            open.set(el.open());
        }>
            <summary>{ctx.tr(T::WhereTimeWent)}</summary>
            {body}
            {move || open.get().then(|| view! { <DurationTrend task=task project=project workflow=workflow/> })}
        </details>
    }
}

/// Per job: its duration over the last tasks and this task's against their median.
#[derive(Clone, Debug, PartialEq)]
struct Trend {
    label: String,
    /// (task, seconds), oldest first, this task last.
    runs: Vec<(TaskId, i64)>,
    slow: bool,
    median: i64,
}

async fn trends(
    c: api::client::Client,
    project: String,
    wf: WorkflowKey,
    current: TaskDetail,
) -> Result<Vec<Trend>, ApiError> {
    let list = api::list_tasks(&c, &project, &wf, 1, 50).await?;
    let mut ids: Vec<TaskId> = list
        .workflow_tasks
        .iter()
        .map(|t| t.task_id)
        .filter(|id| *id < current.task_id)
        .collect();
    ids.sort();
    let ids: Vec<TaskId> = ids.into_iter().rev().take(TREND_TASKS - 1).rev().collect();
    // Four at a time, to be gentle with the server; a task removed since the list was read is
    // left out, any other failure is shown.
    let read: Vec<Result<TaskDetail, ApiError>> = futures::stream::iter(ids.iter())
        .map(|id| finished_detail(&c, &wf, *id))
        .buffered(READ_AT_ONCE)
        .collect()
        .await;
    let mut details = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(d) => details.push(d),
            Err(ApiError::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    let secs_of = |t: &TaskDetail, g: &Group| {
        t.stages
            .iter()
            .flat_map(|s| s.jobs.iter())
            .find(|j| &job_group(j) == g && j.start_time > 0 && j.end_time >= j.start_time)
            .map(|j| j.end_time - j.start_time)
    };
    let mut out = Vec::new();
    for j in current.stages.iter().flat_map(|s| s.jobs.iter()) {
        let g = job_group(j);
        let Some(now) = secs_of(&current, &g) else {
            continue;
        };
        let mut runs: Vec<(TaskId, i64)> = details
            .iter()
            .filter_map(|t| Some((t.task_id, secs_of(t, &g)?)))
            .collect();
        let earlier: Vec<i64> = runs.iter().map(|r| r.1).collect();
        runs.push((current.task_id, now));
        out.push(Trend {
            label: j.label().to_string(),
            slow: is_slow(now, &earlier),
            median: median(&earlier).unwrap_or(now),
            runs,
        });
    }
    Ok(out)
}

#[component]
fn DurationTrend(
    task: Memo<Option<TaskDetail>>,
    project: Memo<String>,
    workflow: Memo<WorkflowKey>,
) -> impl IntoView {
    let ctx = use_ctx();
    let id = Memo::new(move |_| task.with(|t| t.as_ref().map(|t| t.task_id)));
    let found = Fetch::new(move || {
        id.track();
        let (c, p, w, t) = (
            ctx.client(),
            project.get_untracked(),
            workflow.get_untracked(),
            task.get_untracked(),
        );
        async move {
            match t {
                Some(t) => trends(c, p, w, t).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let retry = Callback::new(move |_| found.refetch());
    move || match found.get() {
        None => view! { <p class="muted">{ctx.tr(T::Loading)}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorBanner error=e retry=retry/> }.into_any(),
        Some(Ok(list)) => {
            let l = ctx.locale.get();
            let rows = list
                .into_iter()
                .map(|t| {
                    let top = t.runs.iter().map(|r| r.1).max().unwrap_or(1).max(1);
                    let last = t.runs.len().saturating_sub(1);
                    let bars = t
                        .runs
                        .iter()
                        .enumerate()
                        .map(|(i, (id, s))| {
                            let h = (*s as f64 / top as f64 * 100.0).max(4.0);
                            view! {
                                <span class="trend-bar" class:current=i == last style=format!("height:{h:.0}%")
                                    title=format!("#{id} {}", duration(*s))></span>
                            }
                        })
                        .collect_view();
                    let now = t.runs.last().map_or(0, |r| r.1);
                    let text = T::TrendLine.fill(l, &[("now", &duration(now)), ("median", &duration(t.median)), ("runs", &(t.runs.len() - 1).to_string())]);
                    view! {
                        <li class="trend" class:slow=t.slow data-testid="trend-job" data-slow=t.slow.to_string()>
                            <span class="trend-label">{t.label.clone()}</span>
                            <span class="trend-bars" aria-hidden="true">{bars}</span>
                            <span class="muted">{text}</span>
                            {t.slow.then(|| view! { <span class="diff-chip" data-testid="duration-slow">{ctx.tr(T::TrendSlow)}</span> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3>{ctx.tr(T::TrendTitle)}</h3>
                <ul class="trends" data-testid="duration-trend">{rows}</ul>
            }
            .into_any()
        }
    }
}
