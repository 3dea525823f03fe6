//! `/projects/:project`: the workflow list with view tabs, search, sort and favourites.

use crate::nav::{use_navigate, use_query_map};
use crate::routes::{use_place, ListQuery, Route};
use leptos::prelude::*;

use crate::api;
use crate::api::types::{TaskId, WorkflowKey, WorkflowSummary};
use crate::browser;
use crate::chunks::{load, view_editor_dialog, Deferred};
use crate::components::{error_text, ErrorBanner, Loading};
use crate::components::{StatusBadge, ViewEdit};
use crate::domain::time::{ago, datetime};
use crate::domain::workflows::{arrange, title, toggle, Latest, LatestCache, Sort};
use crate::hooks::{now_secs, tz_offset_minutes, Tasks};
use crate::i18n::T;
use crate::state::{use_ctx, K_LAST_PROJECT};

fn favourites_key(project: &str) -> String {
    format!("zc.favourites.{project}")
}

/// The workflows of a project; tab, search and sort live in the URL.
#[component]
pub fn WorkflowsPage() -> impl IntoView {
    let ctx = use_ctx();
    let q = use_query_map();
    let navigate = use_navigate();
    let project = use_place().project;
    Effect::new(move |_| browser::local_set(K_LAST_PROJECT, Some(&project.get())));
    let list = Memo::new(move |_| q.with(|q| ListQuery::read(|k| q.get(k))));
    let view_name = Memo::new(move |_| list.with(|l| l.view.clone()));
    let search = Memo::new(move |_| list.with(|l| l.search.clone()));
    let sort = Memo::new(move |_| list.with(|l| l.sort));
    let only_fav = Memo::new(move |_| list.with(|l| l.favourites));
    let favourites = RwSignal::new(Vec::<WorkflowKey>::new());
    Effect::new(move |_| {
        let stored = browser::local_get(&favourites_key(&project.get())).unwrap_or_default();
        favourites.set(crate::api::json::decode(&stored).unwrap_or_default());
    });

    let set_q = move |list: ListQuery| {
        let project = project.get_untracked();
        navigate(
            &Route::Workflows { project, list }.path(),
            crate::hooks::replace_in_place(),
        );
    };

    let views = crate::hooks::Fetch::new(move || {
        let (c, p) = (ctx.client(), project.get());
        async move { api::list_views(&c, &p).await }
    });
    let workflows = crate::hooks::Fetch::new(move || {
        let (c, p, v) = (ctx.client(), project.get(), view_name.get());
        async move { api::list_workflows(&c, &p, if v.is_empty() { None } else { Some(&v) }).await }
    });

    let set_tab = set_q.clone();
    let tab = move |name: String, label: String| {
        let set_q = set_tab.clone();
        let active = {
            let name = name.clone();
            move || view_name.get() == name
        };
        view! {
            <button role="tab" class="tab" data-testid="view-tab" data-view=name.clone()
                class:active=active.clone() aria-selected=move || active().to_string()
                on:click=move |_| set_q(ListQuery { view: name.clone(), ..list.get_untracked() })>
                {label}
            </button>
        }
    };

    let editing: RwSignal<Option<ViewEdit>> = RwSignal::new(None);
    let set_view_after = set_q.clone();
    let on_saved = Callback::new(move |v: String| {
        views.refetch();
        // A new tab fetches its own list; the same tab needs asking again. Doing both would
        // race, and the older answer could land last.
        if v == view_name.get_untracked() {
            workflows.refetch();
        } else {
            set_view_after(ListQuery {
                view: v,
                ..list.get_untracked()
            });
        }
    });
    let rows = Memo::new(move |_| {
        workflows.with(|r| match r {
            Some(Ok(list)) => arrange(
                list,
                &search.get(),
                sort.get(),
                &favourites.get(),
                only_fav.get(),
            ),
            _ => Vec::new(),
        })
    });
    let no_match = Memo::new(move |_| rows.with(Vec::is_empty));
    let set_search = set_q.clone();
    let set_sort = set_q.clone();
    let set_fav = set_q.clone();
    view! {
        <section class="page">
            <header class="page-head">
                <h1>{ctx.tr(T::Workflows)} <span class="muted">" · " {move || project.get()}</span></h1>
                <a class="btn primary" data-testid="nav-new-workflow" href=move || ctx.href(&Route::NewWorkflow { project: project.get(), view: view_name.get() })>{ctx.tr(T::NewWorkflow)}</a>
                <a class="btn" data-testid="nav-ticket" href=move || ctx.href(&Route::NewTicket { project: project.get() })>
                    {ctx.tr(T::NewTicket)}</a>
                <a class="btn" data-testid="nav-approvals" href=move || ctx.href(&Route::Approvals { project: Some(project.get()) })>
                    {ctx.tr(T::MyApprovals)}</a>
            </header>
            <div class="tabs" role="tablist">
                {
                    let tab = tab.clone();
                    move || tab(String::new(), ctx.t(T::AllWorkflows).to_string())
                }
                {move || {
                    let tab = tab.clone();
                    views.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(move |v| tab(v.name.clone(), v.name)).collect_view()
                }}
            </div>
            <div class="row view-actions">
                <button class="btn small" data-testid="view-new" on:click=move |_| editing.set(Some(ViewEdit::Create))>{ctx.tr(T::NewView)}</button>
                {move || (!view_name.get().is_empty()).then(|| view! {
                    <button class="btn small" data-testid="view-edit" on:click=move |_| {
                        let name = view_name.get_untracked();
                        let keys = views.get_untracked().and_then(|r| r.ok()).unwrap_or_default().into_iter()
                            .find(|v| v.name == name).map(|v| v.workflows.into_iter().map(|w| w.workflow_key).collect()).unwrap_or_default();
                        editing.set(Some(ViewEdit::Edit(name, keys)));
                    }>{ctx.t(T::EditView)}</button>
                    <button class="btn small" data-testid="view-delete" on:click=move |_| editing.set(Some(ViewEdit::Delete(view_name.get_untracked())))>{ctx.t(T::DeleteView)}</button>
                })}
            </div>
            {move || editing.get().map(|e| {
                let existing: Vec<String> = views.get_untracked().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|v| v.name).collect();
                let (project, on_close) = (project.get_untracked(), Callback::new(move |_| editing.set(None)));
                let load = load(move || view_editor_dialog(project.clone(), e.clone(), existing.clone(), on_close, on_saved));
                view! { <Deferred load/> }
            })}
            {move || views.get().and_then(|r| r.err()).map(|e| view! {
                <div data-testid="views-error" class="compact">
                    <ErrorBanner error=e retry=Callback::new(move |_| views.refetch())/>
                </div>
            })}
            <div class="toolbar">
                <input class="search" type="search" data-testid="workflow-search"
                    placeholder=ctx.tr(T::SearchWorkflows) aria-label=ctx.tr(T::SearchWorkflows)
                    prop:value=move || search.get()
                    on:input:target=move |ev| set_search(ListQuery { search: ev.target().value(), ..list.get_untracked() })/>
                <select data-testid="workflow-sort" aria-label=ctx.tr(T::SortBy)
                    on:change:target=move |ev| set_sort(ListQuery { sort: Sort::parse(&ev.target().value()), ..list.get_untracked() })>
                    <option value="name" selected=move || sort.get() == Sort::NameAsc>{ctx.tr(T::SortNameAsc)}</option>
                    <option value="name-desc" selected=move || sort.get() == Sort::NameDesc>{ctx.tr(T::SortNameDesc)}</option>
                    <option value="updated" selected=move || sort.get() == Sort::UpdatedDesc>{ctx.tr(T::SortUpdatedDesc)}</option>
                    <option value="updated-asc" selected=move || sort.get() == Sort::UpdatedAsc>{ctx.tr(T::SortUpdatedAsc)}</option>
                </select>
                <label class="check">
                    <input type="checkbox" data-testid="workflow-only-favourites" prop:checked=move || only_fav.get()
                        on:change:target=move |ev| set_fav(ListQuery { favourites: ev.target().checked(), ..list.get_untracked() })/>
                    {ctx.tr(T::OnlyFavourites)}
                </label>
            </div>
            {move || match workflows.get().inspect(|_| crate::chunks::first_answer()) {
                None => view! { <Loading/> }.into_any(),
                Some(r) => match r {
                    Err(e) => view! {
                        <div data-testid="workflow-list-error">
                            <ErrorBanner error=e retry=Callback::new(move |_| workflows.refetch())/>
                        </div>
                    }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <div class="empty-state"><p>{ctx.tr(T::NoWorkflows)}</p></div>
                    }.into_any(),
                    // One list per answer: searching, sorting and starring rearrange its rows in
                    // place, keeping its scroll and the latest statuses already fetched.
                    Ok(_) if no_match.get() => view! { <p class="muted">{ctx.tr(T::NoMatch)}</p> }.into_any(),
                    Ok(_) => view! { <WorkflowRows rows=rows project=project favourites=favourites/> }.into_any(),
                },
            }}
        </section>
    }
}

/// Pixel height of one workflow row (whole pixels: no float formatting in the main module).
const WF_ROW: usize = 52;
/// Latest-status requests at once.
const LATEST_CONCURRENCY: usize = 4;

/// Fetches the latest statuses of the rows in view, a few at a time. (A function of its own: its
/// code runs only once the main module's later part is there.)
#[inline(never)]
fn fetch_latest(
    ctx: crate::state::Ctx,
    project: Memo<String>,
    rows: Memo<Vec<WorkflowSummary>>,
    range: Memo<(usize, usize)>,
    cache: RwSignal<LatestCache>,
    tasks: &Tasks,
) {
    // A refused token stops the row requests until the person signs in again.
    if ctx.signed_out_untracked() {
        return;
    }
    let (a, b) = range.get_untracked();
    let visible: Vec<WorkflowKey> = rows.with_untracked(|r| {
        r[a.min(r.len())..b.min(r.len())]
            .iter()
            .filter(|w| w.kind != "product")
            .map(|w| w.workflow_key.clone())
            .collect()
    });
    let room = LATEST_CONCURRENCY.saturating_sub(cache.with_untracked(|c| c.in_flight.len()));
    let wanted = cache.with_untracked(|c| c.wanted(&visible, now_secs(), room));
    for key in wanted {
        cache.update(|c| {
            c.in_flight.insert(key.clone());
        });
        let (c, p) = (ctx.client_untracked(), project.get_untracked());
        tasks.spawn(async move {
            let latest = api::list_tasks(&c, &p, &key, 1, 1).await.map(|list| {
                list.workflow_tasks.first().map(|t| {
                    (
                        t.task_id,
                        t.status.clone(),
                        if t.start_time > 0 {
                            t.start_time
                        } else {
                            t.create_time
                        },
                    )
                })
            });
            let l = ctx.locale.get_untracked();
            let latest = latest.map_err(|e| error_text(&e, l).0);
            cache.update(|c| c.settle(&key, latest, now_secs(), js_sys::Math::random()));
        });
    }
}

/// A row's latest task, once fetched. (A function of its own: its code runs only once the main
/// module's later part is there, see [`fetch_latest`].)
#[inline(never)]
fn latest_view(
    ctx: crate::state::Ctx,
    task: Option<(TaskId, String, i64)>,
    now: ReadSignal<i64>,
    now0: i64,
) -> AnyView {
    match task {
        None => view! { <span class="muted">{ctx.t(T::NeverRun)}</span> }.into_any(),
        Some((id, status, at)) => view! {
            <StatusBadge status=status testid="workflow-status"/>
            " " <span class="muted">"#"{id} " · " {ago(now.get().max(now0), at, ctx.locale.get())}</span>
        }
        .into_any(),
    }
}

/// The rows, virtualised (only those in view are in the DOM), each with its latest task's
/// status fetched when it comes into view and kept fresh while it runs.
#[component]
fn WorkflowRows(
    /// The rows in the order shown.
    rows: Memo<Vec<WorkflowSummary>>,
    project: Memo<String>,
    favourites: RwSignal<Vec<WorkflowKey>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let (now0, tz) = (now_secs(), tz_offset_minutes());
    let n = Memo::new(move |_| rows.with(Vec::len));
    let scroll_top = RwSignal::new(0usize);
    let view_h = RwSignal::new(600usize);
    let viewport = NodeRef::<leptos::html::Div>::new();
    let cache = RwSignal::new(LatestCache::default());
    let tasks = Tasks::new();
    let now = crate::hooks::use_now();
    let range = Memo::new(move |_| {
        let n = n.get();
        let first = scroll_top.get() / WF_ROW;
        let count = view_h.get().div_ceil(WF_ROW) + 1;
        (first.min(n), (first + count + 8).min(n))
    });
    Effect::new(move |_| {
        range.track();
        now.track();
        // A finished fetch frees a slot for the next one.
        cache.track();
        // The statuses follow the rows once the main module's later part is there, with the
        // code that fetches and draws them (see chunks::parts_ready).
        if crate::chunks::parts_ready() {
            fetch_latest(ctx, project, rows, range, cache, &tasks);
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = viewport.get_untracked() {
            scroll_top.set(el.scroll_top().max(0) as usize);
            view_h.set(el.client_height().max(0) as usize);
        }
    };
    view! {
        <div class="wf-list" data-testid="workflow-list" node_ref=viewport on:scroll=on_scroll>
            <div class="wf-head">
                <span class="fav-col"></span>
                <span>{ctx.tr(T::Name)}</span>
                <span>{ctx.tr(T::LatestTask)}</span>
                <span>{ctx.tr(T::UpdatedBy)}</span>
                <span>{ctx.tr(T::Updated)}</span>
            </div>
            <div style=move || format!("position:relative;height:{}px", n.get() * WF_ROW)>
                <For each=move || {
                    let (a, b) = range.get();
                    rows.with(|r| r[a.min(r.len())..b.min(r.len())].iter().cloned().enumerate().map(|(k, w)| (a + k, w)).collect::<Vec<_>>())
                } key=crate::components::content_key let:item>
                    {
                        let (i, w) = item;
                        let key = w.workflow_key.clone();
                        let fav_key = key.clone();
                        let is_fav = Memo::new(move |_| favourites.get().contains(&fav_key));
                        let toggle_key = key.clone();
                        let latest_key = key.clone();
                        let href = {
                            let key = key.clone();
                            move || ctx.href(&Route::workflow(&project.get(), &key))
                        };
                        let run_href = {
                            let key = key.clone();
                            move || ctx.href(&Route::run(&project.get(), &key, None))
                        };
                        let name = title(&w.workflow_key, &w.display_name).to_string();
                        let when = w.update_time;
                        let product = w.kind == "product";
                        view! {
                            <div class="wf-row" data-testid="workflow-row" data-workflow=key.clone()
                                style=format!("position:absolute;left:0;right:0;top:{}px;height:{}px", i * WF_ROW, WF_ROW)>
                                <span class="fav-col">
                                    <button class="icon-btn" data-testid="workflow-favourite"
                                        aria-pressed=move || is_fav.get().to_string()
                                        title=ctx.tr(T::Favourite)
                                        on:click=move |_| {
                                            let next = toggle(&favourites.get_untracked(), &toggle_key);
                                            browser::local_set(&favourites_key(&project.get_untracked()), Some(&crate::api::json::string_list(&next)));
                                            favourites.set(next);
                                        }>
                                        {move || if is_fav.get() { "★" } else { "☆" }}
                                    </button>
                                </span>
                                <span class="wf-title">
                                    <a class="wf-name" href=href>{name}</a>
                                    <code class="wf-key">{key.clone()}</code>
                                    {product.then(|| view! { <span class="tag">{w.kind.clone()}</span> })}
                                    {(!product).then(|| view! {
                                        <a class="btn small run-link" data-testid="workflow-run" href=run_href>{ctx.tr(T::RunWorkflow)}</a>
                                    })}
                                </span>
                                <span class="wf-latest" data-testid="workflow-latest">
                                    {move || {
                                        if product {
                                            return view! { <span class="muted">"—"</span> }.into_any();
                                        }
                                        let (entry, failed) = cache.with(|c| (
                                            c.entries.get(&latest_key).cloned(),
                                            c.failed.get(&latest_key).map(|(_, e)| e.clone()),
                                        ));
                                        match entry {
                                            // Said, not a skeleton forever; asked again with backoff.
                                            None if failed.is_some() => view! {
                                                <span class="field-error" data-testid="workflow-latest-failed" title=failed.clone().unwrap_or_default()>
                                                    {ctx.t(T::LatestFailed)}</span>
                                            }.into_any(),
                                            None if ctx.signed_out() => view! { <span class="muted">"—"</span> }.into_any(),
                                            None => view! { <span class="skeleton small"></span> }.into_any(),
                                            Some(Latest { task, .. }) => latest_view(ctx, task, now, now0),
                                        }
                                    }}
                                </span>
                                <span>{w.update_by.clone()}</span>
                                <span title=datetime(when, tz)>{move || ago(now.get().max(now0), when, ctx.locale.get())}</span>
                            </div>
                        }
                    }
                </For>
            </div>
        </div>
    }
}
