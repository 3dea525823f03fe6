//! `/projects/:project/workflows/:workflow`: the definition, its parameters and task history.

use crate::nav::use_navigate;
use leptos::prelude::*;

use crate::api;
use crate::api::types::{JobDef, Param, WorkflowDetail, WorkflowKey};
use crate::components::{Dialog, ErrorBanner, Read, RunDialog, TaskHistory, TypeToConfirm};
use crate::domain::time::datetime;
use crate::domain::workflows::title;
use crate::hooks::tz_offset_minutes;
use crate::i18n::T;
use crate::routes::{use_place, Place, Route};
use crate::state::{use_ctx, Notice};

/// The workflow page.
#[component]
pub fn WorkflowPage() -> impl IntoView {
    let ctx = use_ctx();
    let Place {
        project, workflow, ..
    } = use_place();
    let detail = crate::hooks::Fetch::new(move || {
        let (c, p, w) = (ctx.client(), project.get(), workflow.get());
        async move { api::workflow_detail(&c, &p, &w).await }
    });
    view! {
        <section class="page">
            <nav class="crumbs">
                <a href=move || ctx.href(&Route::workflows(&project.get()))>{ctx.tr(T::BackToWorkflows)}</a>
                " / "
                <span aria-current="page">{move || workflow.get().to_string()}</span>
            </nav>
            <Read resource=detail show=|d| view! { <Overview detail=d/> }/>
            <TaskHistory project=project workflow=workflow/>
        </section>
    }
}

/// Opens the run form in a dialog.
#[component]
fn RunButton(project: String, workflow: WorkflowKey) -> impl IntoView {
    let ctx = use_ctx();
    let open = RwSignal::new(false);
    view! {
        <button class="btn primary" data-testid="run-button" on:click=move |_| open.set(true)>{ctx.tr(T::RunWorkflow)}</button>
        {move || open.get().then(|| view! {
            <RunDialog project=project.clone() workflow=workflow.clone() on_close=Callback::new(move |_| open.set(false))/>
        })}
    }
}

/// Deleting a workflow asks for its key to be typed.
#[component]
fn DeleteWorkflow(project: String, key: WorkflowKey) -> impl IntoView {
    let ctx = use_ctx();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let dialog_ref = NodeRef::<leptos::html::Div>::new();
    let error: RwSignal<Option<crate::api::ApiError>> = RwSignal::new(None);
    let matches = {
        let key = key.clone();
        move || crate::domain::text::typed_matches(&typed.get(), key.as_str())
    };
    let shown_key = key.to_string();
    // A write: it runs to its answer even when the dialog is closed meanwhile.
    let delete = Action::new_local(move |_: &()| {
        let (c, p, k, navigate) = (
            ctx.client_untracked(),
            project.clone(),
            key.clone(),
            navigate.clone(),
        );
        async move {
            let r = api::delete_workflow(&c, &p, &k).await;
            let here = crate::hooks::still_shown(dialog_ref);
            match r {
                Ok(()) if here => navigate(&Route::workflows(&p).path(), Default::default()),
                Ok(()) => ctx.notify(Notice::Done(T::NoticeWorkflowDeleted)),
                Err(e) if !here => ctx.notify(Notice::Failed {
                    what: T::NoticeWorkflowNotDeleted,
                    error: e,
                }),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let busy = delete.pending();
    view! {
        <button class="btn danger" data-testid="delete-workflow" on:click=move |_| open.set(true)>{ctx.tr(T::DeleteWorkflow)}</button>
        {move || open.get().then(|| {
            let matches = matches.clone();
            let shown_key = shown_key.clone();
            view! {
                <Dialog testid="delete-dialog" node_ref=dialog_ref on_close=Callback::new(move |_| open.set(false))>
                    <h2>{ctx.t(T::DeleteWorkflow)}</h2>
                    <p>{ctx.t(T::DeleteWorkflowHint)} " " <code>{shown_key.clone()}</code></p>
                    <TypeToConfirm expected=shown_key typed=typed testid="delete-confirm-input"/>
                    {move || error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
                    <div class="row">
                        <button class="btn danger" data-testid="delete-confirm" disabled=move || { busy.get() || !matches() } on:click=move |_| { delete.dispatch(()); }>
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
    let title = title(&detail.workflow_key, &detail.display_name).to_string();
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
                    {ctx.tr(T::EditWorkflow)}</a>
                <DeleteWorkflow project=detail.project_key.clone() key=detail.workflow_key.clone()/>
                <crate::components::WatchToggle watch=Signal::derive({
                    let w = crate::domain::watch::Watch { project: detail.project_key.clone(), workflow: detail.workflow_key.clone(), task: None };
                    move || Some(w.clone())
                })/>
            </div>
            {(!detail.description.is_empty()).then(|| view! { <p class="muted">{detail.description.clone()}</p> })}
            <p class="meta muted">
                <span>{ctx.tr(T::CreatedBy)} ": " {created.clone()}</span>
                " · "
                <span>{ctx.tr(T::Concurrency)} ": "
                    {move || if limit <= 0 { ctx.t(T::Unlimited).to_string() } else { limit.to_string() }}</span>
            </p>
        </header>
        <h2 class="section">{ctx.tr(T::Definition)}</h2>
        <div class="pipeline" data-testid="pipeline">
            {detail.stages.iter().map(|s| {
                let parallel = s.parallel;
                view! {
                    <div class="stage-col" data-testid="stage-def">
                        <div class="stage-name">{s.name.clone()}
                            {parallel.then(|| view! { <span class="tag">{ctx.tr(T::Parallel)}</span> })}
                        </div>
                        {s.jobs.iter().map(|j| view! { <JobChip job=j.clone()/> }).collect_view()}
                    </div>
                }
            }).collect_view()}
        </div>
        <h2 class="section">{ctx.tr(T::Parameters)}</h2>
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
        return view! { <p class="muted">{ctx.tr(T::NoParameters)}</p> }.into_any();
    }
    view! {
        <table class="table params">
            <thead><tr>
                <th>{ctx.tr(T::Name)}</th><th>{ctx.tr(T::Kind)}</th>
                <th>{ctx.tr(T::Default)}</th><th>{ctx.tr(T::Description)}</th>
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
                                {hidden.then(|| view! { " " <span class="tag">{ctx.tr(T::FixedValue)}</span> })}
                                {credential.then(|| view! { " " <span class="tag">{ctx.tr(T::Credential)}</span> })}
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
