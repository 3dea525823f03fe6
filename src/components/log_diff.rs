//! A job's log against the same job's log in the last passed task ([`LogDiffView`]): both
//! complete logs fetched, normalised in slices between which the page breathes, compared
//! (`domain::insight::log_diff`) and drawn virtualised, only the visible rows in the DOM. The
//! view opens on the first differing region; the changes can be stepped through.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

use crate::api;
use crate::api::types::{JobTask, TaskDetail, TaskId};
use crate::api::ApiError;
use crate::components::run_diff::{finished_detail, last_passed_before};
use crate::components::ErrorBanner;
use crate::domain::insight::diff::job_group;
use crate::domain::insight::log_diff::{diff_ids, region_starts, DiffRow, Interner, LogDiff};
use crate::domain::log::layout::{visible_rows, ROW};
use crate::domain::log::store::LogStore;
use crate::hooks::Fetch;
use crate::i18n::T;
use crate::state::use_ctx;

/// Lines normalised between two pauses.
const SLICE: usize = 10_000;
/// How long the comparison may search for the smallest result before it settles (ms).
const SEARCH_MS: u64 = 300;
/// Rows drawn above and below the visible ones.
const OVERSCAN: usize = 20;

/// What the comparison found.
#[derive(Clone)]
enum Found {
    /// No earlier task of the workflow passed.
    NoBaseline,
    /// The last passed task did not run this job.
    NotInBaseline(TaskId),
    Compared(Arc<Compared>),
}

struct Compared {
    base: TaskId,
    a: LogStore,
    b: LogStore,
    diff: LogDiff,
}

/// Normalises and interns a log's lines, pausing every [`SLICE`] lines; `None` once `gone`.
async fn intern(store: &LogStore, ids: &mut Interner, gone: &AtomicBool) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(store.len());
    for i in 0..store.len() {
        if i > 0 && i % SLICE == 0 {
            crate::net::timer::sleep(0).await;
            if gone.load(Ordering::Relaxed) {
                return None;
            }
        }
        out.push(ids.id(crate::domain::insight::log_diff::normalise(
            &store.plain_cow(i),
        )));
    }
    Some(out)
}

async fn compare_logs(
    c: api::client::Client,
    project: String,
    task: TaskDetail,
    job: JobTask,
    gone: Arc<AtomicBool>,
) -> Result<Found, ApiError> {
    let wf = task.workflow_key.clone();
    let Some(base) = last_passed_before(&c, &project, &wf, task.task_id, &[]).await? else {
        return Ok(Found::NoBaseline);
    };
    let detail = finished_detail(&c, &wf, base).await?;
    let group = job_group(&job);
    let Some(other) = detail
        .stages
        .iter()
        .flat_map(|s| s.jobs.iter())
        .find(|j| job_group(j) == group)
    else {
        return Ok(Found::NotInBaseline(base));
    };
    let a_text = api::full_log(&c, &wf, base, &other.name).await?;
    let b_text = api::full_log(&c, &wf, task.task_id, &job.name).await?;
    let (a, b) = (LogStore::from_text(a_text), LogStore::from_text(b_text));
    let mut ids = Interner::default();
    let gone_err = || ApiError::Network(String::new());
    let ia = intern(&a, &mut ids, &gone).await.ok_or_else(gone_err)?;
    let ib = intern(&b, &mut ids, &gone).await.ok_or_else(gone_err)?;
    crate::net::timer::sleep(0).await;
    let deadline = similar::Instant::now().checked_add(std::time::Duration::from_millis(SEARCH_MS));
    let diff = diff_ids(&ia, &ib, deadline);
    Ok(Found::Compared(Arc::new(Compared { base, a, b, diff })))
}

/// The comparison of job `job` of `task` with the same job in the last passed task.
#[component]
pub fn LogDiffView(project: String, task: TaskDetail, job: JobTask) -> impl IntoView {
    let ctx = use_ctx();
    let gone = Arc::new(AtomicBool::new(false));
    let flag = gone.clone();
    on_cleanup(move || flag.store(true, Ordering::Relaxed));
    let found = Fetch::new(move || {
        let (c, p, t, j, g) = (
            ctx.client(),
            project.clone(),
            task.clone(),
            job.clone(),
            gone.clone(),
        );
        async move { compare_logs(c, p, t, j, g).await }
    });
    let retry = Callback::new(move |_| found.refetch());
    view! {
        <section class="card log-diff" data-testid="log-diff">
            {move || match found.get() {
                None => view! { <p class="muted" data-testid="log-diff-working">{ctx.tr(T::LogDiffWorking)}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=e retry=retry/> }.into_any(),
                Some(Ok(Found::NoBaseline)) => view! { <p class="muted" data-testid="log-diff-none">{ctx.tr(T::DiffNoBaseline)}</p> }.into_any(),
                Some(Ok(Found::NotInBaseline(n))) => view! {
                    <p class="muted" data-testid="log-diff-none">{move || T::LogDiffNotRun.fill(ctx.locale.get(), &[("task", &n.to_string())])}</p>
                }.into_any(),
                Some(Ok(Found::Compared(c))) => view! { <DiffRows compared=c/> }.into_any(),
            }}
        </section>
    }
}

/// Two known log texts compared at once (saved logs, tests): the same rows, no network.
#[component]
pub fn StaticLogDiff(
    /// The task the first log is from.
    base: TaskId,
    #[prop(into)] a: String,
    #[prop(into)] b: String,
) -> impl IntoView {
    let (a, b) = (LogStore::from_text(a), LogStore::from_text(b));
    let mut ids = Interner::default();
    let mut id_of = |s: &LogStore| -> Vec<u32> {
        (0..s.len())
            .map(|i| ids.id(crate::domain::insight::log_diff::normalise(&s.plain_cow(i))))
            .collect()
    };
    let (ia, ib) = (id_of(&a), id_of(&b));
    let diff = diff_ids(&ia, &ib, None);
    let compared = Arc::new(Compared { base, a, b, diff });
    view! { <section class="card log-diff" data-testid="log-diff"><DiffRows compared=compared/></section> }
}

/// The compared logs' rows, virtualised, opening on the first change.
#[component]
fn DiffRows(compared: Arc<Compared>) -> impl IntoView {
    let ctx = use_ctx();
    let open = RwSignal::new(Vec::<usize>::new());
    let c = compared.clone();
    let rows = Memo::new(move |_| open.with(|o| c.diff.rows(o)));
    let starts = Memo::new(move |_| rows.with(|r| region_starts(r)));
    let viewport = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let height = RwSignal::new(480.0f64);
    let current = RwSignal::new(0usize);
    let go_to = move |row: usize| {
        if let Some(el) = viewport.get_untracked() {
            let top = (row.saturating_sub(crate::domain::insight::log_diff::CONTEXT) as f64) * ROW;
            el.set_scroll_top(top as i32);
            scroll_top.set(top);
        }
    };
    // The first differing region first.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let first = starts.with_untracked(|s| s.first().copied());
        match (first, viewport.get()) {
            (Some(row), Some(_)) => {
                go_to(row);
                true
            }
            _ => false,
        }
    });
    let step = move |delta: i64| {
        let s = starts.get_untracked();
        if s.is_empty() {
            return;
        }
        let n = s.len() as i64;
        let next = ((current.get_untracked() as i64 + delta).rem_euclid(n)) as usize;
        current.set(next);
        go_to(s[next]);
    };
    let on_scroll = move |_| {
        if let Some(el) = viewport.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            height.set(el.client_height() as f64);
        }
    };
    let d = compared.clone();
    let head = move || {
        let l = ctx.locale.get();
        let n = d.base.to_string();
        if d.diff.is_same() {
            T::LogDiffSame.fill(l, &[("task", &n)])
        } else {
            T::LogDiffCounts.fill(
                l,
                &[
                    ("task", &n),
                    ("removed", &d.diff.removed.to_string()),
                    ("added", &d.diff.added.to_string()),
                    ("regions", &d.diff.regions().to_string()),
                ],
            )
        }
    };
    let approximate = compared.diff.approximate;
    let c = compared.clone();
    let visible = move || {
        let (top, h) = (scroll_top.get(), height.get());
        rows.with(|rows| {
            let (from, to) = visible_rows(top, h, rows.len(), OVERSCAN);
            (from..to)
                .map(|i| row_view(&c, rows[i], i, open))
                .collect_view()
        })
    };
    view! {
        <div class="log-toolbar">
            <span data-testid="log-diff-summary">{head}</span>
            <span class="spacer"></span>
            <span class="muted" data-testid="log-diff-region">{move || {
                let n = starts.with(Vec::len);
                if n == 0 { String::new() } else { format!("{} / {n}", current.get() + 1) }
            }}</span>
            <button type="button" class="btn" data-testid="log-diff-prev" aria-label=ctx.tr(T::LogDiffPrev) on:click=move |_| step(-1)>"↑"</button>
            <button type="button" class="btn" data-testid="log-diff-next" aria-label=ctx.tr(T::LogDiffNext) on:click=move |_| step(1)>"↓"</button>
        </div>
        {approximate.then(|| view! { <p class="muted">{ctx.tr(T::LogDiffApproximate)}</p> })}
        <div class="log log-diff-lines" node_ref=viewport on:scroll=on_scroll tabindex="0" data-testid="log-diff-view"
            data-rows=move || rows.with(Vec::len)>
            <div class="log-space" style=move || format!("position:relative;height:{}px", rows.with(Vec::len) as f64 * ROW)>
                {visible}
            </div>
        </div>
    }
}

/// One row: both line numbers, a mark, the line's text (as text), or a fold to open.
fn row_view(c: &Compared, row: DiffRow, i: usize, open: RwSignal<Vec<usize>>) -> AnyView {
    let ctx = use_ctx();
    let style = format!("top:{}px", i as f64 * ROW);
    let num = |n: usize| (n + 1).to_string();
    match row {
        DiffRow::Folded { a, b: _, count } => {
            let stretch = c.diff.stretch_of(a);
            view! {
                <div class="log-line fold" style=style data-testid="log-diff-fold">
                    <button type="button" class="link-btn" on:click=move |_| {
                        if let Some(s) = stretch { open.update(|o| o.push(s)); }
                    }>{move || T::LogDiffFolded.fill(ctx.locale.get(), &[("count", &count.to_string())])}</button>
                </div>
            }
            .into_any()
        }
        DiffRow::Same { a, b } => line(style, "same", num(a), num(b), " ", c.b.plain(b)),
        DiffRow::Removed { a } => line(style, "removed", num(a), String::new(), "−", c.a.plain(a)),
        DiffRow::Added { b } => line(style, "added", String::new(), num(b), "+", c.b.plain(b)),
    }
}

fn line(
    style: String,
    kind: &'static str,
    a: String,
    b: String,
    mark: &'static str,
    text: String,
) -> AnyView {
    let (shown_a, shown_b) = (a.clone(), b.clone());
    view! {
        <div class=format!("log-line {kind}") style=style data-testid="log-diff-line" data-kind=kind data-a=a data-b=b>
            <span class="ln">{shown_a}</span><span class="ln">{shown_b}</span><span class="mk" aria-hidden="true">{mark}</span>
            <span class="lt">{text}</span>
        </div>
    }
    .into_any()
}
