//! `/projects/:project/workflows/:workflow`: the definition, its parameters and task history.

use crate::routes::{use_place, HistoryQuery, Place, Route, PAGE_SIZES};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::api::types::{JobDef, Param, WorkflowDetail};
use crate::components::{Dialog, ErrorBanner, Loading, RunDialog, StatusBadge, TypeToConfirm};
use crate::domain::status::Category;
use crate::domain::tasks::{
    any_unfinished, creators, elapsed, filter_tasks, pages, parse_category,
};
use crate::domain::time::{datetime, duration};
use crate::hooks::{tz_offset_minutes, use_now, use_polled_resource};
use crate::i18n::T;
use crate::state::{use_ctx, Notice};

/// The workflow page.
#[component]
pub fn WorkflowPage() -> impl IntoView {
    let ctx = use_ctx();
    let Place {
        project, workflow, ..
    } = use_place();
    let detail = LocalResource::new(move || {
        let (c, p, w) = (ctx.client(), project.get(), workflow.get());
        async move { api::workflow_detail(&c, &p, &w).await }
    });
    view! {
        <section class="page">
            <nav class="crumbs">
                <a href=move || ctx.href(&Route::workflows(&project.get()))>{move || ctx.t(T::BackToWorkflows)}</a>
                " / "
                <span aria-current="page">{move || workflow.get()}</span>
            </nav>
            {move || match detail.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=e retry=Callback::new(move |_| detail.refetch())/> }.into_any(),
                Some(Ok(d)) => view! { <Overview detail=d/> }.into_any(),
            }}
            <History project=project workflow=workflow/>
        </section>
    }
}

/// Opens the run form in a dialog.
#[component]
fn RunButton(project: String, workflow: String) -> impl IntoView {
    let ctx = use_ctx();
    let open = RwSignal::new(false);
    view! {
        <button class="btn primary" data-testid="run-button" on:click=move |_| open.set(true)>{move || ctx.t(T::RunWorkflow)}</button>
        {move || open.get().then(|| view! {
            <RunDialog project=project.clone() workflow=workflow.clone() on_close=Callback::new(move |_| open.set(false))/>
        })}
    }
}

/// Deleting a workflow asks for its key to be typed.
#[component]
fn DeleteWorkflow(project: String, key: String) -> impl IntoView {
    let ctx = use_ctx();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let dialog_ref = NodeRef::<leptos::html::Div>::new();
    let error: RwSignal<Option<crate::api::ApiError>> = RwSignal::new(None);
    let matches = {
        let key = key.clone();
        move || crate::domain::text::typed_matches(&typed.get(), &key)
    };
    let shown_key = key.clone();
    let delete = move |_| {
        let (c, p, k, navigate) = (
            ctx.client_untracked(),
            project.clone(),
            key.clone(),
            navigate.clone(),
        );
        busy.set(true);
        crate::hooks::spawn_write(async move {
            let r = api::delete_workflow(&c, &p, &k).await;
            let here = crate::hooks::still_shown(dialog_ref);
            busy.set(false);
            match r {
                Ok(()) if here => navigate(&Route::workflows(&p).path(), Default::default()),
                Ok(()) => ctx.notify(Notice::Done(T::NoticeWorkflowDeleted)),
                Err(e) if !here => ctx.notify(Notice::Failed {
                    what: T::NoticeWorkflowNotDeleted,
                    error: e,
                }),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <button class="btn danger" data-testid="delete-workflow" on:click=move |_| open.set(true)>{move || ctx.t(T::DeleteWorkflow)}</button>
        {move || open.get().then(|| {
            let (delete, matches) = (delete.clone(), matches.clone());
            let shown_key = shown_key.clone();
            view! {
                <Dialog testid="delete-dialog" node_ref=dialog_ref on_close=Callback::new(move |_| open.set(false))>
                    <h2>{ctx.t(T::DeleteWorkflow)}</h2>
                    <p>{ctx.t(T::DeleteWorkflowHint)} " " <code>{shown_key.clone()}</code></p>
                    <TypeToConfirm expected=shown_key typed=typed testid="delete-confirm-input"/>
                    {move || error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
                    <div class="row">
                        <button class="btn danger" data-testid="delete-confirm" disabled=move || { busy.get() || !matches() } on:click=delete>
                            {ctx.t(T::DeleteWorkflow)}</button>
                        <button class="btn" on:click=move |_| open.set(false)>{ctx.t(T::Close)}</button>
                    </div>
                </Dialog>
            }
        })}
    }
}

#[component]
fn Overview(detail: WorkflowDetail) -> impl IntoView {
    let ctx = use_ctx();
    let tz = tz_offset_minutes();
    let title = if detail.workflow_name.is_empty() {
        detail.workflow_key.clone()
    } else {
        detail.workflow_name.clone()
    };
    let limit = detail.concurrency_limit;
    let created = format!(
        "{} · {}",
        detail.created_by,
        datetime(detail.create_time, tz)
    );
    view! {
        <header class="page-head">
            <h1 data-testid="workflow-title">{title} " " <code class="wf-key">{detail.workflow_key.clone()}</code></h1>
            <div class="row actions">
                <RunButton project=detail.project_key.clone() workflow=detail.workflow_key.clone()/>
                <a class="btn" data-testid="edit-workflow" href=ctx.href(&Route::EditWorkflow { project: detail.project_key.clone(), workflow: detail.workflow_key.clone() })>
                    {move || ctx.t(T::EditWorkflow)}</a>
                <DeleteWorkflow project=detail.project_key.clone() key=detail.workflow_key.clone()/>
            </div>
            {(!detail.description.is_empty()).then(|| view! { <p class="muted">{detail.description.clone()}</p> })}
            <p class="meta muted">
                <span>{move || ctx.t(T::CreatedBy)} ": " {created.clone()}</span>
                " · "
                <span>{move || ctx.t(T::Concurrency)} ": "
                    {move || if limit <= 0 { ctx.t(T::Unlimited).to_string() } else { limit.to_string() }}</span>
            </p>
        </header>
        <h2 class="section">{move || ctx.t(T::Definition)}</h2>
        <div class="pipeline" data-testid="pipeline">
            {detail.stages.iter().map(|s| {
                let parallel = s.parallel;
                view! {
                    <div class="stage-col" data-testid="stage-def">
                        <div class="stage-name">{s.name.clone()}
                            {parallel.then(|| view! { <span class="tag">{move || ctx.t(T::Parallel)}</span> })}
                        </div>
                        {s.jobs.iter().map(|j| view! { <JobChip job=j.clone()/> }).collect_view()}
                    </div>
                }
            }).collect_view()}
        </div>
        <h2 class="section">{move || ctx.t(T::Parameters)}</h2>
        <ParamTable params=detail.params.clone()/>
    }
}

#[component]
fn JobChip(job: JobDef) -> impl IntoView {
    let ctx = use_ctx();
    let policy = job.run_policy.clone();
    let policy_text = move || match policy.as_str() {
        "force_run" => Some(ctx.t(T::PolicyForceRun)),
        "default_not_run" => Some(ctx.t(T::PolicyDefaultNotRun)),
        "skip" => Some(ctx.t(T::PolicySkip)),
        _ => None,
    };
    view! {
        <div class="job-chip" class:off=job.run_policy == "skip" data-testid="job-def" data-type=job.kind.clone()>
            <span class="job-type">{job.kind.clone()}</span>
            <span class="job-name">{job.name.clone()}</span>
            {move || policy_text().map(|t| view! { <span class="tag">{t}</span> })}
        </div>
    }
}

#[component]
fn ParamTable(params: Vec<Param>) -> impl IntoView {
    let ctx = use_ctx();
    if params.is_empty() {
        return view! { <p class="muted">{move || ctx.t(T::NoParameters)}</p> }.into_any();
    }
    view! {
        <table class="table params">
            <thead><tr>
                <th>{move || ctx.t(T::Name)}</th><th>{move || ctx.t(T::Kind)}</th>
                <th>{move || ctx.t(T::Default)}</th><th>{move || ctx.t(T::Description)}</th>
            </tr></thead>
            <tbody>
                {params.into_iter().map(|p| {
                    let shown = if p.is_credential { "••••••".to_string() } else if p.kind == "repo" {
                        p.repo.as_ref().map(|r| format!("{}/{}@{}", r.repo_namespace, r.repo_name, r.branch)).unwrap_or_default()
                    } else { p.value.clone() };
                    let hidden = p.is_hidden();
                    let credential = p.is_credential;
                    view! {
                        <tr data-testid="param-row">
                            <td><code>{p.name.clone()}</code></td>
                            <td>{p.kind.clone()}
                                {hidden.then(|| view! { " " <span class="tag">{move || ctx.t(T::FixedValue)}</span> })}
                                {credential.then(|| view! { " " <span class="tag">{move || ctx.t(T::Credential)}</span> })}
                            </td>
                            <td class="mono">{shown}</td>
                            <td class="muted">{p.description.clone()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn History(project: Memo<String>, workflow: Memo<String>) -> impl IntoView {
    let ctx = use_ctx();
    let q = use_query_map();
    let navigate = use_navigate();
    let history = Memo::new(move |_| q.with(|q| HistoryQuery::read(|k| q.get(k))));
    let page = Memo::new(move |_| history.with(|h| h.page));
    let size = Memo::new(move |_| history.with(|h| h.size));
    let status = Memo::new(move |_| history.with(|h| h.status.clone()));
    let creator = Memo::new(move |_| history.with(|h| h.creator.clone()));
    let tasks = LocalResource::new(move || {
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
    // Keep showing the last page while a refresh is in flight.
    let last = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(r) = tasks.get() {
            last.set(Some(r));
        }
    });
    let unfinished = Memo::new(move |_| {
        last.with(|l| matches!(l, Some(Ok(list)) if any_unfinished(&list.workflow_tasks)))
    });
    use_polled_resource(3000, move || unfinished.get_untracked(), tasks);
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
        <h2 class="section">{move || ctx.t(T::History)}</h2>
        <div class="toolbar">
            <select data-testid="task-filter-status" aria-label=move || ctx.t(T::Status)
                on:change:target=move |ev| set_status(HistoryQuery { status: ev.target().value(), page: 1, ..history.get_untracked() })>
                <option value="" selected=move || status.get().is_empty()>{move || ctx.t(T::AnyStatus)}</option>
                {categories.into_iter().map(|(v, t)| view! {
                    <option value=v selected=move || status.get() == v>{move || ctx.t(t)}</option>
                }).collect_view()}
            </select>
            <select data-testid="task-filter-creator" aria-label=move || ctx.t(T::Creator)
                on:change:target=move |ev| set_creator(HistoryQuery { creator: ev.target().value(), ..history.get_untracked() })>
                <option value="" selected=move || creator.get().is_empty()>{move || ctx.t(T::AnyCreator)}</option>
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
        {move || match last.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! { <ErrorBanner error=e retry=Callback::new(move |_| tasks.refetch())/> }.into_any(),
            Some(Ok(list)) if list.workflow_tasks.is_empty() => view! {
                <div class="empty-state"><p>{move || ctx.t(T::NoTasks)}</p></div>
            }.into_any(),
            Some(Ok(list)) => {
                let cat: Option<Category> = parse_category(&status.get());
                let who = creator.get();
                let rows: Vec<_> = filter_tasks(&list.workflow_tasks, cat, &who).into_iter().cloned().collect();
                let total_pages = pages(list.total, size.get());
                let set_page = set_page.clone();
                let set_page2 = set_page2.clone();
                let set_size = set_size.clone();
                view! {
                    {if rows.is_empty() {
                        view! { <p class="muted">{move || ctx.t(T::NoTasksMatch)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="table tasks">
                                <thead><tr>
                                    <th>{move || ctx.t(T::TaskId)}</th><th>{move || ctx.t(T::Status)}</th>
                                    <th>{move || ctx.t(T::Creator)}</th><th>{move || ctx.t(T::Started)}</th>
                                    <th>{move || ctx.t(T::Duration)}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|t| {
                                        let href = ctx.href(&Route::task(&project.get_untracked(), &workflow.get_untracked(), t.task_id));
                                        let (start, end) = (t.start_time, t.end_time);
                                        let finished = crate::domain::status::Status::parse(&t.status).is_finished();
                                        view! {
                                            <tr data-testid="task-row" data-task=t.task_id.to_string()>
                                                <td><a href=href>"#"{t.task_id}</a></td>
                                                <td><StatusBadge status=t.status.clone() testid="task-status"/></td>
                                                <td>{t.task_creator.clone()}</td>
                                                <td>{datetime(if start > 0 { start } else { t.create_time }, tz)}</td>
                                                <td class="mono">{move || if start <= 0 { "—".to_string() } else {
                                                    duration(elapsed(start, if finished { end } else { 0 }, now.get()))
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    <div class="pager" data-testid="task-pager">
                        <button class="btn" data-testid="page-prev" disabled=move || { page.get() <= 1 }
                            on:click=move |_| set_page(HistoryQuery { page: page.get_untracked().saturating_sub(1).max(1), ..history.get_untracked() })>
                            {move || ctx.t(T::PagePrev)}
                        </button>
                        <span data-testid="page-info">{move || T::PageOf.fill(ctx.locale.get(), &[("page", &page.get().to_string()), ("pages", &total_pages.to_string())])}</span>
                        <button class="btn" data-testid="page-next" disabled=move || { page.get() >= total_pages }
                            on:click=move |_| set_page2(HistoryQuery { page: page.get_untracked() + 1, ..history.get_untracked() })>
                            {move || ctx.t(T::PageNext)}
                        </button>
                        <select data-testid="page-size" on:change:target=move |ev| set_size(HistoryQuery { size: ev.target().value().parse().unwrap_or(HistoryQuery::default().size), page: 1, ..history.get_untracked() })>
                            {PAGE_SIZES.into_iter().map(|n| view! {
                                <option value=n.to_string() selected=move || size.get() == n>{n} " " {move || ctx.t(T::PerPage)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }.into_any()
            }
        }}
    }
}
