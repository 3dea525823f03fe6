//! Run diff widgets: "changed since #N" on the task page ([`RunDiffSummary`]), a chip on a failed
//! row of the history ([`DiffChip`]) and two tasks side by side ([`RunDiffTable`]). The logic is
//! `domain::insight::diff`; here are the lookups (the last passed task, finished tasks' details,
//! both kept for the tab's life since a finished task does not change) and the views.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;

use crate::api;
use crate::api::client::Client;
use crate::api::types::{TaskDetail, TaskId, TaskSummary, WorkflowKey};
use crate::api::ApiError;
use crate::components::{error_text, ErrorBanner, StatusBadge};
use crate::domain::insight::diff::{
    changed, compare, previous_passed, read_on, Change, Group, Row, Shown, SEARCH_PAGE_SIZE,
};
use crate::domain::status::Status;
use crate::hooks::Fetch;
use crate::i18n::{Locale, T};
use crate::routes::Route;
use crate::state::use_ctx;

/// Which server and credentials, workflow and task an answer is about.
type Key = (String, u64, WorkflowKey, TaskId);

thread_local! {
    static DETAILS: RefCell<HashMap<Key, TaskDetail>> = RefCell::new(HashMap::new());
    static BASELINES: RefCell<HashMap<Key, Option<TaskId>>> = RefCell::new(HashMap::new());
}
/// Entries kept before the caches start over.
const CACHE_MAX: usize = 200;

fn key(c: &Client, wf: &WorkflowKey, id: TaskId) -> Key {
    (
        c.root.clone(),
        c.gate.map_or(0, |g| g.generation),
        wf.clone(),
        id,
    )
}

fn remember<V>(cache: &'static std::thread::LocalKey<RefCell<HashMap<Key, V>>>, k: Key, v: V) {
    cache.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= CACHE_MAX {
            m.clear();
        }
        m.insert(k, v);
    });
}

/// A task's detail; a finished task's is fetched once per tab.
pub async fn finished_detail(
    c: &Client,
    wf: &WorkflowKey,
    id: TaskId,
) -> Result<TaskDetail, ApiError> {
    let k = key(c, wf, id);
    if let Some(d) = DETAILS.with(|m| m.borrow().get(&k).cloned()) {
        return Ok(d);
    }
    let d = api::task_detail(c, wf, id).await?;
    if Status::parse(&d.status).is_finished() {
        remember(&DETAILS, k, d.clone());
    }
    Ok(d)
}

/// The last passed task before `before`: on `hint` (a page of the history holding `before`)
/// when it is there, else read from the history, newest first, at most 10 pages of 50.
pub async fn last_passed_before(
    c: &Client,
    project: &str,
    wf: &WorkflowKey,
    before: TaskId,
    hint: &[TaskSummary],
) -> Result<Option<TaskId>, ApiError> {
    if let Some(id) = previous_passed(hint, before) {
        return Ok(Some(id));
    }
    let k = key(c, wf, before);
    if let Some(found) = BASELINES.with(|m| m.borrow().get(&k).copied()) {
        return Ok(found);
    }
    let mut page = 1;
    let found = loop {
        let list = api::list_tasks(c, project, wf, page, SEARCH_PAGE_SIZE).await?;
        if let Some(id) = previous_passed(&list.workflow_tasks, before) {
            break Some(id);
        }
        if !read_on(page, list.total, &list.workflow_tasks, before) {
            break None;
        }
        page += 1;
    };
    remember(&BASELINES, k, found);
    Ok(found)
}

/// What a row is within its group: `Variable FAIL`, `Branch shop/orders`.
fn what_in_group(row: &Row, l: Locale) -> String {
    let s = row.label.get(l);
    if row.name.is_empty() {
        s.to_string()
    } else {
        format!("{s} {}", row.name)
    }
}

/// What a row is about: `Variable FAIL · build · shop/orders`.
fn what(row: &Row, l: Locale) -> String {
    let s = what_in_group(row, l);
    match &row.group {
        Group::Params => s,
        g if row.label == T::DiffJob => format!("{s}: {}", g.label()),
        g => format!("{s} · {}", g.label()),
    }
}

fn change_text(c: Change) -> T {
    match c {
        Change::Same => T::DiffUnchanged,
        Change::Changed => T::DiffChanged,
        Change::Added => T::DiffAdded,
        Change::Removed => T::DiffRemoved,
    }
}

fn change_class(c: Change) -> &'static str {
    match c {
        Change::Same => "same",
        Change::Changed => "changed",
        Change::Added => "added",
        Change::Removed => "removed",
    }
}

/// A value in a cell: text (a commit with its link), a credential said to be one, or a dash.
fn value_view(v: Option<Shown>) -> AnyView {
    let ctx = use_ctx();
    match v {
        None => view! { <span class="muted">"—"</span> }.into_any(),
        Some(Shown::Secret) => {
            view! { <span class="secret" data-testid="diff-secret">{ctx.tr(T::DiffSecret)}</span> }
                .into_any()
        }
        Some(Shown::Text {
            text,
            link: Some(href),
        }) => view! { <a href=href target="_blank" rel="noopener noreferrer nofollow">{text}</a> }
            .into_any(),
        Some(Shown::Text { text, link: None }) => view! { <span>{text}</span> }.into_any(),
    }
}

/// "Changed since #N, the last passed run" on the task page: the inputs that differ, and a
/// link to the two side by side.
#[component]
pub fn RunDiffSummary(
    task: Memo<Option<TaskDetail>>,
    project: Memo<String>,
    workflow: Memo<WorkflowKey>,
) -> impl IntoView {
    let ctx = use_ctx();
    // Which task to look back from; unchanged while the route moves on to another screen, so
    // nothing is fetched for a page that is going away.
    type At = Option<(String, WorkflowKey, TaskId)>;
    let at = Memo::new(move |prev: Option<&At>| {
        let (p, w) = (project.get(), workflow.get());
        match task.with(|t| t.as_ref().map(|t| t.task_id)) {
            Some(id) if !p.is_empty() && !w.is_empty() => Some((p, w, id)),
            _ => prev.cloned().flatten(),
        }
    });
    let baseline = Fetch::new(move || {
        let (c, at) = (ctx.client(), at.get());
        async move {
            let Some((p, w, id)) = at else {
                return Ok(None);
            };
            match last_passed_before(&c, &p, &w, id, &[]).await? {
                None => Ok(None),
                Some(prev) => Ok(Some(finished_detail(&c, &w, prev).await?)),
            }
        }
    });
    let retry = Callback::new(move |_| baseline.refetch());
    move || {
        let body = match baseline.get() {
            None => view! { <p class="muted">{ctx.tr(T::DiffLooking)}</p> }.into_any(),
            Some(Err(e)) => view! {
                <p class="muted">{ctx.tr(T::DiffFailed)}</p>
                <ErrorBanner error=e retry=retry/>
            }
            .into_any(),
            Some(Ok(None)) => view! { <p class="muted">{ctx.tr(T::DiffNoBaseline)}</p> }.into_any(),
            Some(Ok(Some(base))) => {
                let current = task.get()?;
                let href = ctx.href(&Route::Compare {
                    project: project.get_untracked(),
                    workflow: workflow.get_untracked(),
                    a: base.task_id,
                    b: current.task_id,
                });
                view! { <ChangedSince base=base current=current href=href/> }.into_any()
            }
        };
        Some(
            view! { <section class="card run-diff-summary" data-testid="run-diff-summary">{body}</section> },
        )
    }
}

/// What changed from `base` (the last passed task) to `current`, the first few of them, and
/// `href` to see the two side by side.
#[component]
pub fn ChangedSince(base: TaskDetail, current: TaskDetail, href: String) -> impl IntoView {
    let ctx = use_ctx();
    let rows = compare(&base, &current);
    let n = base.task_id.to_string();
    move || {
        let l = ctx.locale.get();
        let diff = changed(&rows);
        let link =
            view! { <a href=href.clone() data-testid="run-diff-open">{ctx.tr(T::DiffOpen)}</a> };
        if diff.is_empty() {
            return view! {
                <p data-state="same">{T::DiffSameAs.fill(l, &[("task", &n)])} " " {link}</p>
            }
            .into_any();
        }
        let count = diff.len().to_string();
        let more = diff.len().saturating_sub(SUMMARY_ROWS);
        let items = diff
            .iter()
            .take(SUMMARY_ROWS)
            .map(|r| {
                let how = ctx.t(change_text(r.change));
                let class = format!("diff-chip {}", change_class(r.change));
                view! { <li class=class data-testid="run-diff-item" data-change=change_class(r.change)>{what(r, l)} " — " {how}</li> }
            })
            .collect_view();
        view! {
            <p data-state="changed">
                {T::DiffSince.fill(l, &[("task", &n), ("count", &count)])} " " {link}
            </p>
            <ul class="diff-chips">{items}</ul>
            {(more > 0).then(|| view! { <p class="muted">{T::DiffMore.fill(l, &[("count", &more.to_string())])}</p> })}
        }
        .into_any()
    }
}

/// Changed inputs listed on the task page before "and N more".
const SUMMARY_ROWS: usize = 6;

/// On a failed row of the history: how many inputs changed since the last passed task, linking
/// to the two side by side; says so when it cannot tell.
#[component]
pub fn DiffChip(
    project: String,
    workflow: WorkflowKey,
    task: TaskId,
    /// The history page the row is on (the last passed task is usually there too).
    page: Vec<TaskSummary>,
) -> impl IntoView {
    let ctx = use_ctx();
    let (p, w) = (project.clone(), workflow.clone());
    let found = Fetch::new(move || {
        let (c, p, w, page) = (ctx.client(), p.clone(), w.clone(), page.clone());
        async move {
            let Some(prev) = last_passed_before(&c, &p, &w, task, &page).await? else {
                return Ok(None);
            };
            let (a, b) = (
                finished_detail(&c, &w, prev).await?,
                finished_detail(&c, &w, task).await?,
            );
            Ok(Some((prev, changed(&compare(&a, &b)).len())))
        }
    });
    move || {
        let l = ctx.locale.get();
        match found.get() {
            None | Some(Ok(None)) => None,
            Some(Ok(Some((prev, n)))) => {
                let href = ctx.href(&Route::Compare {
                    project: project.clone(),
                    workflow: workflow.clone(),
                    a: prev,
                    b: task,
                });
                let text =
                    T::DiffChip.fill(l, &[("count", &n.to_string()), ("task", &prev.to_string())]);
                Some(view! { <a class="diff-chip changed" href=href data-testid="run-diff-chip" data-count=n>{text}</a> }.into_any())
            }
            Some(Err(e)) => {
                let (title, _) = error_text(&e, l);
                Some(view! {
                    <button type="button" class="diff-chip failed" data-testid="run-diff-chip-failed" title=title
                        on:click=move |_| found.refetch()>{ctx.tr(T::DiffChipFailed)}</button>
                }.into_any())
            }
        }
    }
}

/// Two tasks' inputs side by side, changed rows first in each group's order; the unchanged on
/// request.
#[component]
pub fn RunDiffTable(a: TaskDetail, b: TaskDetail) -> impl IntoView {
    let ctx = use_ctx();
    let rows = compare(&a, &b);
    let same = rows.iter().filter(|r| r.change == Change::Same).count();
    let differ = rows.len() - same;
    let show_same = RwSignal::new(false);
    let (ta, tb) = (format!("#{}", a.task_id), format!("#{}", b.task_id));
    let body = move || {
        let l = ctx.locale.get();
        let all = show_same.get();
        let mut out = Vec::new();
        let mut group: Option<&Group> = None;
        for r in rows.iter().filter(|r| all || r.change != Change::Same) {
            if group != Some(&r.group) {
                group = Some(&r.group);
                let title = match &r.group {
                    Group::Params => ctx.t(T::DiffParams).to_string(),
                    g => g.label(),
                };
                out.push(view! { <tr class="group"><th colspan="4">{title}</th></tr> }.into_any());
            }
            let class = change_class(r.change);
            out.push(
                view! {
                    <tr data-testid="run-diff-row" data-change=class class=class>
                        <td>{what_in_group(r, l)}</td>
                        <td class="mono">{value_view(r.before.clone())}</td>
                        <td class="mono">{value_view(r.after.clone())}</td>
                        <td>{ctx.t(change_text(r.change))}</td>
                    </tr>
                }
                .into_any(),
            );
        }
        out
    };
    view! {
        <div class="run-diff" data-testid="run-diff" data-changed=differ>
            <div class="toolbar">
                <span>{move || if differ == 0 {
                    ctx.t(T::DiffNone).to_string()
                } else {
                    T::DiffCount.fill(ctx.locale.get(), &[("count", &differ.to_string())])
                }}</span>
                <span class="spacer"></span>
                <label class="check">
                    <input type="checkbox" data-testid="run-diff-show-same" prop:checked=move || show_same.get()
                        on:change:target=move |ev| show_same.set(ev.target().checked())/>
                    {move || T::DiffShowSame.fill(ctx.locale.get(), &[("count", &same.to_string())])}
                </label>
            </div>
            <table class="table">
                <thead><tr>
                    <th>{ctx.tr(T::DiffInput)}</th><th>{ta}</th><th>{tb}</th><th>{ctx.tr(T::DiffHow)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// A task's line above the side-by-side view: number, status, creator, start, with its link.
#[component]
pub fn CompareHead(project: String, task: TaskDetail) -> impl IntoView {
    let ctx = use_ctx();
    let tz = crate::hooks::tz_offset_minutes();
    let href = ctx.href(&Route::task(&project, &task.workflow_key, task.task_id));
    let start = if task.start_time > 0 {
        task.start_time
    } else {
        task.create_time
    };
    view! {
        <div class="compare-head" data-testid="compare-head" data-task=task.task_id.to_string()>
            <a href=href>"#"{task.task_id}</a> " "
            <StatusBadge status=task.status.clone()/> " "
            <span class="muted">{task.task_creator.clone()} " · " {crate::domain::time::datetime(start, tz)}</span>
        </div>
    }
}
