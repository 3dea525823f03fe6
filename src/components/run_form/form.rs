//! The run form as a page ([`RunForm`]), a dialog ([`RunDialog`]) or over a given schema
//! ([`RunFormView`]): its sections, preview, problems and the production prompt.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::controller::use_run_form;
use super::fields::{problem_text, Fields};
use super::job::JobView;
use super::loader::{load, Loaded};
use super::notices::{list_failed, BusyWarning, OriginNotice, OutcomeUnknown};
use super::notify::NotifyView;
use crate::api::types::{TaskId, WorkflowKey};
use crate::components::{Dialog, ErrorBanner, Read, TypeToConfirm};
use crate::domain::run::{RunSchema, Values};
use crate::domain::text::typed_matches;
use crate::i18n::T;
use crate::routes::Route;
use crate::state::use_ctx;

/// The run form for a workflow. `from` pre-fills from a past task; `query` holds the link's
/// form paths; `on_close` is given when shown in a dialog.
#[component]
pub fn RunForm(
    project: String,
    workflow: WorkflowKey,
    #[prop(default = None)] from: Option<TaskId>,
    #[prop(default = vec![])] query: Vec<(String, String)>,
    #[prop(default = None)] on_close: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let (p, w) = (project.clone(), workflow.clone());
    let loaded = crate::hooks::Fetch::new(move || {
        load(ctx.client(), p.clone(), w.clone(), from, query.clone())
    });
    view! { <Read resource=loaded show=move |l| view! { <FormBody loaded=l on_close=on_close/> }/> }
}

/// The form for a schema already read: no loading, no pre-fill notices. For browser tests and
/// for pages that build the schema themselves.
#[component]
pub fn RunFormView(
    schema: RunSchema,
    #[prop(default = Values::new())] initial: Values,
) -> impl IntoView {
    view! { <FormBody loaded=Loaded::given(schema, initial) on_close=None/> }
}

/// The form in a dialog over the current page, with a link to the full page.
#[component]
pub fn RunDialog(
    project: String,
    workflow: WorkflowKey,
    #[prop(default = None)] from: Option<TaskId>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = use_ctx();
    let page = Route::run(&project, &workflow, from);
    let title = if from.is_some() {
        T::RunAgain
    } else {
        T::RunTitle
    };
    view! {
        <Dialog testid="run-dialog" class="wide" on_close=on_close>
            <div class="row dialog-head">
                <h2>{move || ctx.t(title)} " " <code>{workflow.clone()}</code></h2>
                <a class="btn small" data-testid="run-open-page" href=move || ctx.href(&page) on:click=move |_| on_close.run(())>{ctx.tr(T::OpenFullPage)}</a>
            </div>
            <RunForm project=project.clone() workflow=workflow.clone() from=from on_close=Some(on_close)/>
        </Dialog>
    }
}

fn scroll_to_first_error() {
    // After the problems render: the next frame.
    leptos::task::spawn_local(async {
        crate::net::timer::sleep(0).await;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".run-form .field-error").ok().flatten())
        {
            el.scroll_into_view();
        }
    });
}

#[component]
fn FormBody(loaded: Loaded, on_close: Option<Callback<()>>) -> impl IntoView {
    let ctx = use_ctx();
    let form = use_run_form(&loaded, on_close);
    let Loaded {
        schema,
        refused,
        registries_failed,
        envs_failed,
        ..
    } = loaded;
    let (project, workflow) = (schema.project.clone(), schema.workflow.clone());
    let RunSchema {
        params,
        jobs,
        notify,
        ..
    } = schema;
    let (values, issues) = (form.values, form.issues);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.submit() {
            scroll_to_first_error();
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        if ev.ctrl_key() || ev.meta_key() {
            ev.prevent_default();
            if let Some(f) = form.form_ref.get_untracked() {
                let _ = f.request_submit();
            }
        } else if ev
            .target()
            .is_some_and(|t| t.has_type::<web_sys::HtmlInputElement>())
        {
            // Enter in a field does not start a run: only the button or Ctrl+Enter do.
            ev.prevent_default();
        }
    };
    let form_error = move || {
        issues.with(|is| {
            is.iter()
                .find(|i| i.key.is_empty())
                .map(|i| i.problem.clone())
        })
    };
    let key = workflow.clone();
    view! {
        <form class="run-form" data-testid="run-form" on:submit=submit novalidate node_ref=form.form_ref on:keydown=on_key>
            <OriginNotice form=form/>
            {(!refused.is_empty()).then(|| view! {
                <p class="notice inline" data-testid="run-refused">{ctx.tr(T::RunRefused)} " " <code>{refused.join(", ")}</code></p>
            })}
            {registries_failed.map(|e| list_failed(ctx, T::RunRegistriesFailed, e, "run-registries-failed"))}
            {envs_failed.map(|e| list_failed(ctx, T::RunEnvsFailed, e, "run-envs-failed"))}
            <BusyWarning form=form project=project.clone() workflow=workflow.clone()/>
            {(!params.is_empty()).then(|| view! {
                <fieldset class="run-section" data-testid="run-params">
                    <legend>{ctx.tr(T::RunParams)}</legend>
                    <Fields fields=params.clone() values=values issues=issues/>
                </fieldset>
            })}
            <fieldset class="run-section" data-testid="run-jobs">
                <legend>{ctx.tr(T::RunJobs)}</legend>
                {jobs.into_iter().map(|j| view! { <JobView job=j values=values issues=issues/> }).collect_view()}
            </fieldset>
            {(!notify.is_empty()).then(|| view! {
                <fieldset class="run-section" data-testid="run-notify">
                    <legend>{ctx.tr(T::RunNotify)}</legend>
                    <p class="muted">{ctx.tr(T::RunNotifyKeep)}</p>
                    {notify.clone().into_iter().map(|n| view! { <NotifyView n=n values=values issues=issues/> }).collect_view()}
                </fieldset>
            })}
            <details class="run-preview" data-testid="run-preview"
                on:toggle=move |ev| form.preview_open.set(ev.target().is_some_and(|t| t.unchecked_ref::<web_sys::HtmlDetailsElement>().open()))>
                <summary>{ctx.tr(T::RunPreview)}</summary>
                <p class="muted">{ctx.tr(T::RunPreviewHint)}</p>
                {move || form.preview.get().map(|body| match body {
                    Some(body) => view! { <pre data-testid="run-preview-body">{body}</pre> }.into_any(),
                    None => view! { <p class="muted" data-testid="run-preview-invalid">{ctx.t(T::RunPreviewInvalid)}</p> }.into_any(),
                })}
            </details>
            {move || form_error().map(|p| view! { <p class="field-error" data-error-for="">{ctx.t(problem_text(&p))}</p> })}
            {move || (!issues.with(Vec::is_empty)).then(|| view! { <p class="field-error" data-testid="run-problems">{ctx.t(T::RunProblems)}</p> })}
            {move || form.server_error.get().map(|e| view! { <div data-testid="run-server-error"><ErrorBanner error=e write=true/></div> })}
            <OutcomeUnknown form=form project=project workflow=workflow/>
            <div class="row run-actions">
                <button type="submit" class="btn primary" data-testid="run-submit" disabled=move || form.blocked()>
                    {move || ctx.t(if form.busy.get() { T::RunSubmitting } else { T::RunSubmit })}
                </button>
                <button type="button" class="btn" data-testid="run-reset" on:click=move |_| form.discard()>{ctx.tr(T::RunReset)}</button>
                {on_close.map(|cb| view! { <button type="button" class="btn" on:click=move |_| cb.run(())>{ctx.tr(T::Cancel)}</button> })}
                <span class="muted">{ctx.tr(T::SubmitShortcut)}</span>
            </div>
            {move || form.confirm.get().then(|| {
                let (key, key2) = (key.to_string(), key.to_string());
                view! {
                    <Dialog testid="run-prod-dialog" on_close=Callback::new(move |_| form.confirm.set(false))>
                        <h2>{ctx.t(T::RunProdTitle)}</h2>
                        <p>{ctx.t(T::RunProdHint)} " " {form.production.get().into_iter().map(|e| view! { <span class="tag prod">{e}</span> " " }).collect_view()}</p>
                        <p>{ctx.t(T::RunProdType)} " " <code>{key.clone()}</code></p>
                        <TypeToConfirm expected=key typed=form.typed testid="run-prod-input"/>
                        <div class="row">
                            <button type="button" class="btn danger" data-testid="run-prod-confirm"
                                disabled=move || { form.blocked() || !typed_matches(&form.typed.get(), &key2) }
                                on:click=move |_| { form.confirm.set(false); form.send(); }>{ctx.t(T::RunProdConfirm)}</button>
                            <button type="button" class="btn" on:click=move |_| form.confirm.set(false)>{ctx.t(T::Cancel)}</button>
                        </div>
                    </Dialog>
                }
            })}
        </form>
    }
}
