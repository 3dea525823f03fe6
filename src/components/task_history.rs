//! A workflow's task history: filtered by status and creator, paged, refreshed while any of its
//! tasks runs; the rows are redrawn only when their task changed.

use crate::nav::{use_navigate, use_query_map};
use leptos::prelude::*;

use crate::api;
use crate::api::types::{TaskList, WorkflowKey};
use crate::components::{DiffChip, ErrorBanner, Loading, Stale, StatusBadge};
use crate::domain::tasks::{
    any_unfinished, creators, elapsed, filter_tasks, pages, parse_category,
};
use crate::domain::time::{datetime, duration};
use crate::hooks::{tz_offset_minutes, use_now, use_polled};
use crate::i18n::T;
use crate::routes::{HistoryQuery, Route, PAGE_SIZES};
use crate::state::use_ctx;

/// The task history of `workflow`, its state in the page's URL.
#[component]
pub fn TaskHistory(project: Memo<String>, workflow: Memo<WorkflowKey>) -> impl IntoView {
    let ctx = use_ctx();
    let q = use_query_map();
    let navigate = use_navigate();
    let history = Memo::new(move |_| q.with(|q| HistoryQuery::read(|k| q.get(k))));
    let page = Memo::new(move |_| history.with(|h| h.page));
    let size = Memo::new(move |_| history.with(|h| h.size));
    let status = Memo::new(move |_| history.with(|h| h.status.clone()));
    let creator = Memo::new(move |_| history.with(|h| h.creator.clone()));
    let tasks = crate::hooks::Fetch::new(move || {
        // A run started from a dialog closed meanwhile shows up here too.
        ctx.changes.track();
        let (c, p, w, n, s) = (
            ctx.client(),
            project.get(),
            workflow.get(),
            page.get(),
            size.get(),
        );
        async move { api::list_tasks(&c, &p, &w, n, s).await }
    });
    // The last page stays on screen while the next one is fetched, and when a refresh fails.
    let kept = use_polled(
        3000,
        tasks,
        |l: Option<&TaskList>| l.is_some_and(|l| any_unfinished(&l.workflow_tasks)),
        |_| true,
    );
    let last = kept.shown;
    let shown = Memo::new(move |_| {
        last.with(|l| match l {
            None => Shown::Loading,
            Some(Err(e)) => Shown::Failed(e.clone()),
            Some(Ok(list)) if list.workflow_tasks.is_empty() => Shown::Empty,
            Some(Ok(_)) => Shown::Rows,
        })
    });
    let rows = Memo::new(move |_| {
        let (cat, who) = (parse_category(&status.get()), creator.get());
        last.with(|l| match l {
            Some(Ok(list)) => filter_tasks(&list.workflow_tasks, cat, &who)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    let no_match = Memo::new(move |_| rows.with(Vec::is_empty));
    let total_pages = Memo::new(move |_| {
        last.with(|l| match l {
            Some(Ok(list)) => pages(list.total, size.get()),
            _ => 1,
        })
    });
    let now = use_now();
    let tz = tz_offset_minutes();

    let set_q = move |history: HistoryQuery| {
        let route = Route::Workflow {
            project: project.get_untracked(),
            workflow: workflow.get_untracked(),
            history,
        };
        navigate(&route.path(), crate::hooks::replace_in_place());
    };
    let (set_status, set_creator, set_size, set_page) =
        (set_q.clone(), set_q.clone(), set_q.clone(), set_q.clone());
    let set_page2 = set_q.clone();

    let categories = [
        ("queued", T::CatQueued),
        ("running", T::CatRunning),
        ("waiting", T::CatWaiting),
        ("passed", T::CatPassed),
        ("failed", T::CatFailed),
        ("cancelled", T::CatCancelled),
    ];
    view! {
        <h2 class="section">{ctx.tr(T::History)}</h2>
        <div class="toolbar">
            <select data-testid="task-filter-status" aria-label=ctx.tr(T::Status)
                on:change:target=move |ev| set_status(HistoryQuery { status: ev.target().value(), page: 1, ..history.get_untracked() })>
                <option value="" selected=move || status.get().is_empty()>{ctx.tr(T::AnyStatus)}</option>
                {categories.into_iter().map(|(v, t)| view! {
                    <option value=v selected=move || status.get() == v>{move || ctx.t(t)}</option>
                }).collect_view()}
            </select>
            <select data-testid="task-filter-creator" aria-label=ctx.tr(T::Creator)
                on:change:target=move |ev| set_creator(HistoryQuery { creator: ev.target().value(), ..history.get_untracked() })>
                <option value="" selected=move || creator.get().is_empty()>{ctx.tr(T::AnyCreator)}</option>
                {move || {
                    let names = last.with(|l| match l { Some(Ok(list)) => creators(&list.workflow_tasks), _ => vec![] });
                    let mut names = names;
                    let current = creator.get();
                    if !current.is_empty() && !names.contains(&current) {
                        names.push(current);
                    }
                    names.into_iter().map(|n| {
                        let sel = n.clone();
                        view! { <option value=n.clone() selected=move || creator.get() == sel>{n.clone()}</option> }
                    }).collect_view()
                }}
            </select>
        </div>
        {move || kept.stale.get().map(|e| view! {
            <Stale error=e message=T::ListStale retry=kept.retry() testid="history-stale"/>
        })}
        {move || match shown.get() {
            Shown::Loading => view! { <Loading/> }.into_any(),
            Shown::Failed(e) => view! { <ErrorBanner error=e retry=Callback::new(move |_| tasks.refetch())/> }.into_any(),
            Shown::Empty => view! {
                <div class="empty-state"><p>{ctx.tr(T::NoTasks)}</p></div>
            }.into_any(),
            Shown::Rows => {
                let (set_page, set_page2, set_size) = (set_page.clone(), set_page2.clone(), set_size.clone());
                view! {
                    {move || if no_match.get() {
                        view! { <p class="muted">{ctx.tr(T::NoTasksMatch)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="table tasks">
                                <thead><tr>
                                    <th>{ctx.tr(T::TaskId)}</th><th>{ctx.tr(T::Status)}</th>
                                    <th>{ctx.tr(T::Creator)}</th><th>{ctx.tr(T::Started)}</th>
                                    <th>{ctx.tr(T::Duration)}</th>
                                </tr></thead>
                                <tbody>
                                    <For each=move || rows.get() key=crate::components::content_key let:t>
                                        {
                                            let href = ctx.href(&Route::task(&project.get_untracked(), &workflow.get_untracked(), t.task_id));
                                            let (start, end) = (t.start_time, t.end_time);
                                            let parsed = crate::domain::status::Status::parse(&t.status);
                                            let finished = parsed.is_finished();
                                            // A failed row says how many inputs changed since the last pass.
                                            let chip = (parsed.category() == crate::domain::status::Category::Failed).then(|| {
                                                let page = last.with_untracked(|l| match l {
                                                    Some(Ok(list)) => list.workflow_tasks.clone(),
                                                    _ => Vec::new(),
                                                });
                                                view! { <DiffChip project=project.get_untracked() workflow=workflow.get_untracked() task=t.task_id page=page/> }
                                            });
                                            view! {
                                                <tr data-testid="task-row" data-task=t.task_id.to_string()>
                                                    <td><a href=href>"#"{t.task_id}</a></td>
                                                    <td><StatusBadge status=t.status.clone() testid="task-status"/> {chip}</td>
                                                    <td>{t.task_creator.clone()}</td>
                                                    <td>{datetime(if start > 0 { start } else { t.create_time }, tz)}</td>
                                                    <td class="mono">{move || if start <= 0 { "—".to_string() } else {
                                                        duration(elapsed(start, if finished { end } else { 0 }, now.get()))
                                                    }}</td>
                                                </tr>
                                            }
                                        }
                                    </For>
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    <div class="pager" data-testid="task-pager">
                        <button class="btn" data-testid="page-prev" disabled=move || { page.get() <= 1 }
                            on:click=move |_| set_page(HistoryQuery { page: page.get_untracked().saturating_sub(1).max(1), ..history.get_untracked() })>
                            {ctx.tr(T::PagePrev)}
                        </button>
                        <span data-testid="page-info">{move || T::PageOf.fill(ctx.locale.get(), &[("page", &page.get().to_string()), ("pages", &total_pages.get().to_string())])}</span>
                        <button class="btn" data-testid="page-next" disabled=move || { page.get() >= total_pages.get() }
                            on:click=move |_| set_page2(HistoryQuery { page: page.get_untracked() + 1, ..history.get_untracked() })>
                            {ctx.tr(T::PageNext)}
                        </button>
                        <select data-testid="page-size" aria-label=ctx.tr(T::TasksPerPage) on:change:target=move |ev| set_size(HistoryQuery { size: ev.target().value().parse().unwrap_or(HistoryQuery::default().size), page: 1, ..history.get_untracked() })>
                            {PAGE_SIZES.into_iter().map(|n| view! {
                                <option value=n.to_string() selected=move || size.get() == n>{n} " " {ctx.tr(T::PerPage)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }.into_any()
            }
        }}
    }
}

/// What the history shows: its rows are redrawn by `<For>`, not with every answer.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Failed(crate::api::ApiError),
    /// The workflow has never run.
    Empty,
    Rows,
}
