//! The run form, as a page or a dialog: built from the workflow detail (plus registries and
//! environments), pre-filled from a past task, the link or a draft, checked before sending,
//! sent once, and on success the new task opens. Nothing typed is lost on an error.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::api::types::WorkflowDetail;
use crate::api::{self, ApiError};
use crate::browser::{local_get, local_set};
use crate::components::{error_text, Dialog, ErrorBanner, Loading, StatusBadge, TypeToConfirm};
use crate::domain::run::{
    draft_key, Choice, Draft, Field, Group, Issue, JobSection, Kind, Label, Note, NotifySection,
    Place, Policy, Problem, RunSchema, SchemaInput, Values,
};
use crate::domain::status::Status;
use crate::domain::text::typed_matches;
use crate::hooks::now_secs;
use crate::i18n::T;
use crate::state::{use_ctx, Ctx, Notice};

/// Where the first values came from.
#[derive(Clone, Debug, PartialEq)]
enum Origin {
    Defaults,
    Draft,
    Task { id: i64, partly: bool },
    TaskFailed(i64),
    Link,
}

#[derive(Clone)]
struct Loaded {
    schema: RunSchema,
    initial: Values,
    origin: Origin,
    refused: Vec<String>,
    /// Why the registry or environment list could not be read (those fields become free text).
    registries_failed: Option<ApiError>,
    envs_failed: Option<ApiError>,
}

fn label_text(ctx: Ctx, l: &Label) -> String {
    let t = match l {
        Label::Raw(s) => return s.clone(),
        Label::Registry => T::LRegistry,
        Label::Environment => T::FactEnv,
        Label::Branch => T::LBranch,
        Label::Prs => T::LPrs,
        Label::Commit => T::FactCommit,
        Label::CodeHost => T::LCodeHost,
        Label::Image => T::FactImage,
        Label::MergeStrategy => T::LMergeStrategy,
        Label::Database => T::LDatabase,
        Label::Sql => T::LSql,
        Label::TapdProject => T::LTapdProject,
        Label::TapdStatus => T::LTapdStatus,
        Label::TapdIterations => T::LTapdIterations,
        Label::VmFile => T::LVmFile,
        Label::ChangeNotify => T::LChangeNotify,
        Label::NotifyEnabled => T::LNotifyEnabled,
        Label::AtUsers => T::LAtUsers,
        Label::AtAll => T::LAtAll,
        Label::ChatId => T::LChatId,
        Label::IdType => T::LIdType,
        Label::Mobiles => T::LMobiles,
        Label::Emails => T::LEmails,
        Label::UserIds => T::LUserIds,
        Label::Recipients => T::LRecipients,
    };
    ctx.t(t).to_string()
}

fn problem_text(p: &Problem) -> T {
    match p {
        Problem::Required => T::ProbRequired,
        Problem::NotAChoice => T::ProbNotAChoice,
        Problem::NotNumbers => T::ProbNotNumbers,
        Problem::NoneSelected => T::ProbNoneSelected,
        Problem::ForcedNotRunnable => T::ProbForced,
        Problem::NothingToRun => T::RunNothing,
    }
}

fn needs(d: &WorkflowDetail, kinds: &[&str]) -> bool {
    d.stages
        .iter()
        .flat_map(|s| s.jobs.iter())
        .any(|j| j.run_policy != "skip" && kinds.contains(&j.kind.as_str()))
}

/// A list read on the side: its items, or why it could not be read.
fn split<V>(r: Option<Result<V, ApiError>>) -> (Option<V>, Option<ApiError>) {
    match r {
        Some(Ok(v)) => (Some(v), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    }
}

/// The notice for a side list that could not be read, with the reason.
fn list_failed(ctx: Ctx, text: T, e: ApiError, testid: &'static str) -> impl IntoView {
    // The reason sits inside the sentence: without its own full stop.
    let reason = move || {
        let t = error_text(&e, ctx.locale.get()).0;
        t.trim_end_matches(['.', '。']).to_string()
    };
    view! {
        <p class="notice inline warn" data-testid=testid>
            {move || text.fill(ctx.locale.get(), &[("reason", &reason())])}
        </p>
    }
}

async fn load(
    c: api::Client,
    project: String,
    workflow: String,
    from: Option<i64>,
    query: Vec<(String, String)>,
) -> Result<Loaded, ApiError> {
    let d = api::workflow_detail(&c, &project, &workflow).await?;
    let (regs, envs) = futures::join!(
        async {
            if needs(&d, &["zadig-build"]) {
                Some(api::list_registries(&c).await)
            } else {
                None
            }
        },
        async {
            if needs(&d, &["zadig-deploy", "zadig-vm-deploy"]) {
                Some(api::list_environments(&c, &project).await)
            } else {
                None
            }
        }
    );
    let (regs, registries_failed) = split(regs);
    let (envs, envs_failed) = split(envs);
    let mut d = d;
    if d.project_key.is_empty() {
        d.project_key = project.clone();
    }
    if d.workflow_key.is_empty() {
        d.workflow_key = workflow.clone();
    }
    let input = |detail| SchemaInput {
        detail,
        registries: regs.as_deref(),
        envs: envs.as_deref(),
    };
    let schema = RunSchema::new(input(&d));
    let (from_url, refused) = schema.from_query(&query);
    // A secret that came in a link is never used, and leaves the address bar at once.
    let secrets: Vec<String> = query
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| schema.is_credential(k))
        .collect();
    if !secrets.is_empty() {
        crate::browser::drop_query_keys(&secrets);
    }
    let mut origin = Origin::Defaults;
    let mut initial = Values::new();
    if let Some(id) = from {
        origin = Origin::Task { id, partly: false };
        match api::task_args(&c, &project, &workflow, id).await {
            Ok(v) if v.get("inputs").is_some() => {
                initial = schema.values_from_request(&schema.request_from_args(&v));
            }
            Ok(v) if v.get("stages").is_some() => {
                let ran: WorkflowDetail = serde_json::from_value(v).unwrap_or_default();
                initial = schema.keep(&RunSchema::new(input(&ran)).defaults());
            }
            _ => match api::task_detail(&c, &workflow, id).await {
                Ok(t) => {
                    initial = schema.values_from_task(&t);
                    origin = Origin::Task { id, partly: true };
                }
                Err(_) => origin = Origin::TaskFailed(id),
            },
        }
    } else if !from_url.is_empty() || !refused.is_empty() {
        origin = Origin::Link;
    } else if let Some(draft) = local_get(&draft_key(&schema.project, &schema.workflow))
        .and_then(|s| serde_json::from_str::<Draft>(&s).ok())
    {
        initial = schema.keep(&draft.values);
        if !initial.is_empty() {
            origin = Origin::Draft;
        }
    }
    initial.extend(from_url);
    Ok(Loaded {
        schema,
        initial,
        origin,
        refused,
        registries_failed,
        envs_failed,
    })
}

/// The run form for a workflow. `from` pre-fills from a past task; `query` holds the link's
/// form paths; `on_close` is given when shown in a dialog.
#[component]
pub fn RunForm(
    project: String,
    workflow: String,
    #[prop(default = None)] from: Option<i64>,
    #[prop(default = vec![])] query: Vec<(String, String)>,
    #[prop(default = None)] on_close: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let (p, w) = (project.clone(), workflow.clone());
    let loaded =
        LocalResource::new(move || load(ctx.client(), p.clone(), w.clone(), from, query.clone()));
    view! {
        {move || match loaded.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! { <ErrorBanner error=e retry=Callback::new(move |_| loaded.refetch())/> }.into_any(),
            Some(Ok(l)) => view! { <FormBody loaded=l on_close=on_close/> }.into_any(),
        }}
    }
}

/// The form for a schema already read: no loading, no pre-fill notices. For browser tests and
/// for pages that build the schema themselves.
#[component]
pub fn RunFormView(
    schema: RunSchema,
    #[prop(default = Values::new())] initial: Values,
) -> impl IntoView {
    let loaded = Loaded {
        schema,
        initial,
        origin: Origin::Defaults,
        refused: vec![],
        registries_failed: None,
        envs_failed: None,
    };
    view! { <FormBody loaded=loaded on_close=None/> }
}

#[component]
fn FormBody(loaded: Loaded, on_close: Option<Callback<()>>) -> impl IntoView {
    let ctx = use_ctx();
    let navigate = use_navigate();
    let Loaded {
        schema,
        initial,
        origin,
        refused,
        registries_failed,
        envs_failed,
    } = loaded;
    let project = schema.project.clone();
    let workflow = schema.workflow.clone();
    let storage_key = draft_key(&project, &workflow);
    let values = RwSignal::new(initial);
    let origin = RwSignal::new(origin);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let schema = StoredValue::new(schema);
    let form_ref = NodeRef::<leptos::html::Form>::new();

    // Drafts: every change is kept (credentials never), and cleared when the run starts.
    {
        let key = storage_key.clone();
        Effect::new(move |prev: Option<()>| {
            let kept = values.with(|v| schema.with_value(|s| s.keep(v)));
            if prev.is_none() {
                return;
            }
            if kept.is_empty() {
                local_set(&key, None);
            } else {
                let d = Draft {
                    saved: now_secs(),
                    values: kept,
                };
                if let Ok(s) = serde_json::to_string(&d) {
                    local_set(&key, Some(&s));
                }
            }
        });
    }

    let issues: Memo<Vec<Issue>> = Memo::new(move |_| {
        if !tried.get() {
            return vec![];
        }
        values.with(|v| schema.with_value(|s| s.build(v, false).err().unwrap_or_default()))
    });
    // The body is only built while the preview is open: not on every keystroke otherwise.
    let preview_open = RwSignal::new(false);
    let preview = Memo::new(move |_| {
        if !preview_open.get() {
            return None;
        }
        values.with(|v| {
            schema.with_value(|s| {
                Some(
                    s.build(v, true)
                        .ok()
                        .map(|r| serde_json::to_string_pretty(&r).unwrap_or_default()),
                )
            })
        })
    });
    let production =
        Memo::new(move |_| values.with(|v| schema.with_value(|s| s.production_targets(v))));

    // Tasks of this workflow still running or queued.
    let busy_tasks = {
        let (p, w) = (project.clone(), workflow.clone());
        LocalResource::new(move || {
            let (c, p, w) = (ctx.client(), p.clone(), w.clone());
            async move { api::list_tasks(&c, &p, &w, 1, 20).await }
        })
    };
    let running = move || {
        busy_tasks
            .get()
            .and_then(Result::ok)
            .map(|l| {
                l.workflow_tasks
                    .into_iter()
                    .filter(|t| !Status::parse(&t.status).is_finished())
                    .map(|t| t.task_id)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };

    // A run whose answer was lost (when it was sent), and the person's explicit go-ahead to send
    // it again after checking.
    let unknown: RwSignal<Option<i64>> = RwSignal::new(None);
    let send_again = RwSignal::new(false);
    let blocked = move || busy.get() || (unknown.get().is_some() && !send_again.get());
    let send = {
        let (navigate, storage_key) = (navigate.clone(), storage_key.clone());
        move || {
            if busy.get_untracked()
                || (unknown.get_untracked().is_some() && !send_again.get_untracked())
            {
                return;
            }
            let Ok(req) = values.with_untracked(|v| schema.with_value(|s| s.build(v, false)))
            else {
                return;
            };
            busy.set(true);
            server_error.set(None);
            unknown.set(None);
            send_again.set(false);
            let (c, navigate, storage_key) = (
                ctx.client_untracked(),
                navigate.clone(),
                storage_key.clone(),
            );
            let sent_at = now_secs();
            // A write: never cancelled, so closing the dialog mid-request loses nothing.
            crate::hooks::spawn_write(async move {
                let r = api::execute(&c, &req).await;
                // Whether the form is still there to show the answer.
                let here = crate::hooks::still_shown(form_ref);
                match r {
                    Ok(r) => {
                        local_set(&storage_key, None);
                        let wf = if r.workflow().is_empty() {
                            req.workflow_key.clone()
                        } else {
                            r.workflow().to_string()
                        };
                        // An embedding portal hears of it, and later of how it ended.
                        crate::embed::task_started(ctx, &req.project_key, &wf, r.task_id);
                        if here {
                            let path = Route::task(&req.project_key, &wf, r.task_id).path();
                            if let Some(cb) = on_close {
                                cb.try_run(());
                            }
                            navigate(&path, Default::default());
                        } else {
                            ctx.notify(Notice::TaskStarted {
                                project: req.project_key.clone(),
                                workflow: wf,
                                task: r.task_id,
                            });
                        }
                    }
                    Err(e) if !here => ctx.notify(Notice::Failed {
                        what: T::NoticeRunNotStarted,
                        error: e,
                    }),
                    // The task may exist: say so, show what started lately, and ask before
                    // sending again.
                    Err(e) if e.outcome_unknown() => {
                        unknown.set(Some(sent_at));
                        server_error.set(Some(e));
                        busy.set(false);
                        busy_tasks.refetch();
                    }
                    Err(e) => {
                        server_error.set(Some(e));
                        busy.set(false);
                    }
                }
            });
        }
    };
    let submit = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            tried.set(true);
            let ok = values.with_untracked(|v| schema.with_value(|s| s.build(v, false).is_ok()));
            if !ok {
                scroll_to_first_error();
                return;
            }
            if production.get_untracked().is_empty() {
                send();
            } else {
                typed.set(String::new());
                confirm.set(true);
            }
        }
    };
    let discard = {
        let key = storage_key.clone();
        move |_| {
            local_set(&key, None);
            values.set(Values::new());
            origin.set(Origin::Defaults);
        }
    };
    let reset = discard.clone();

    let (params, jobs, notify) =
        schema.with_value(|s| (s.params.clone(), s.jobs.clone(), s.notify.clone()));
    let has_params = !params.is_empty();
    let has_notify = !notify.is_empty();
    let workflow_key = workflow.clone();
    let (project2, workflow2) = (project.clone(), workflow.clone());
    let form_error = move || {
        issues.with(|is| {
            is.iter()
                .find(|i| i.key.is_empty())
                .map(|i| i.problem.clone())
        })
    };
    view! {
        <form class="run-form" data-testid="run-form" on:submit=submit novalidate node_ref=form_ref
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() != "Enter" {
                    return;
                }
                if ev.ctrl_key() || ev.meta_key() {
                    ev.prevent_default();
                    if let Some(f) = form_ref.get_untracked() { let _ = f.request_submit(); }
                } else if ev.target().is_some_and(|t| t.has_type::<web_sys::HtmlInputElement>()) {
                    // Enter in a field does not start a run: only the button or Ctrl+Enter do.
                    ev.prevent_default();
                }
            }>
            {move || match origin.get() {
                Origin::Draft => Some(view! {
                    <p class="notice inline" data-testid="run-draft-notice">{ctx.t(T::RunDraftRestored)} " "
                        <button type="button" class="btn small" data-testid="run-draft-discard" on:click=discard.clone()>{ctx.t(T::RunDraftDiscard)}</button></p>
                }.into_any()),
                Origin::Task { id, partly } => Some(view! {
                    <p class="notice inline" data-testid="run-from-task">{T::RunPrefilledFromTask.fill(ctx.locale.get(), &[("task", &id.to_string())])}
                        {partly.then(|| view! { " " {ctx.t(T::RunPrefilledPartly)} })}</p>
                }.into_any()),
                Origin::TaskFailed(_) => Some(view! { <p class="notice inline" data-testid="run-from-task-failed">{ctx.t(T::RunPrefillFailed)}</p> }.into_any()),
                Origin::Link => Some(view! { <p class="notice inline" data-testid="run-from-link">{ctx.t(T::RunPrefilledFromUrl)}</p> }.into_any()),
                Origin::Defaults => None,
            }}
            {(!refused.is_empty()).then(|| view! {
                <p class="notice inline" data-testid="run-refused">{move || ctx.t(T::RunRefused)} " " <code>{refused.join(", ")}</code></p>
            })}
            {registries_failed.map(|e| list_failed(ctx, T::RunRegistriesFailed, e, "run-registries-failed"))}
            {envs_failed.map(|e| list_failed(ctx, T::RunEnvsFailed, e, "run-envs-failed"))}
            {move || {
                let ids = running();
                (!ids.is_empty()).then(|| {
                    let (p, w) = (project.clone(), workflow.clone());
                    view! {
                        <p class="notice inline warn" data-testid="run-busy-warning">{ctx.t(T::RunBusyWarning)} " "
                            {ids.into_iter().map(|id| view! {
                                <a href=ctx.href(&Route::task(&p, &w, id))>"#" {id}</a> " "
                            }).collect_view()}
                            <span class="muted">{ctx.t(T::RunBusyHint)}</span>
                        </p>
                    }
                })
            }}
            {has_params.then(|| view! {
                <fieldset class="run-section" data-testid="run-params">
                    <legend>{move || ctx.t(T::RunParams)}</legend>
                    <Fields fields=params.clone() values=values issues=issues/>
                </fieldset>
            })}
            <fieldset class="run-section" data-testid="run-jobs">
                <legend>{move || ctx.t(T::RunJobs)}</legend>
                {jobs.into_iter().map(|j| view! { <JobView job=j values=values issues=issues/> }).collect_view()}
            </fieldset>
            {has_notify.then(|| view! {
                <fieldset class="run-section" data-testid="run-notify">
                    <legend>{move || ctx.t(T::RunNotify)}</legend>
                    <p class="muted">{move || ctx.t(T::RunNotifyKeep)}</p>
                    {notify.clone().into_iter().map(|n| view! { <NotifyView n=n values=values issues=issues/> }).collect_view()}
                </fieldset>
            })}
            <details class="run-preview" data-testid="run-preview"
                on:toggle=move |ev| preview_open.set(ev.target().is_some_and(|t| t.unchecked_ref::<web_sys::HtmlDetailsElement>().open()))>
                <summary>{move || ctx.t(T::RunPreview)}</summary>
                <p class="muted">{move || ctx.t(T::RunPreviewHint)}</p>
                {move || preview.get().map(|body| match body {
                    Some(body) => view! { <pre data-testid="run-preview-body">{body}</pre> }.into_any(),
                    None => view! { <p class="muted" data-testid="run-preview-invalid">{ctx.t(T::RunPreviewInvalid)}</p> }.into_any(),
                })}
            </details>
            {move || form_error().map(|p| view! { <p class="field-error" data-error-for="">{ctx.t(problem_text(&p))}</p> })}
            {move || (!issues.with(Vec::is_empty)).then(|| view! { <p class="field-error" data-testid="run-problems">{ctx.t(T::RunProblems)}</p> })}
            {move || server_error.get().map(|e| view! { <div data-testid="run-server-error"><ErrorBanner error=e write=true/></div> })}
            {move || unknown.get().map(|sent_at| {
                let (p, w) = (project2.clone(), workflow2.clone());
                let recent = move || busy_tasks.get().and_then(Result::ok).map(|l| {
                    l.workflow_tasks.into_iter().filter(|t| t.create_time >= sent_at - 300).collect::<Vec<_>>()
                });
                view! {
                    <div class="notice inline warn" data-testid="run-outcome-unknown">
                        <p>{ctx.t(T::RunOutcomeUnknown)}</p>
                        {move || match recent() {
                            None => view! { <p class="muted">{ctx.t(T::Loading)}</p> }.into_any(),
                            Some(ts) if ts.is_empty() => view! { <p data-testid="run-recent-none">{ctx.t(T::RunRecentNone)}</p> }.into_any(),
                            Some(ts) => view! {
                                <p>{ctx.t(T::RunRecentTasks)}</p>
                                <ul data-testid="run-recent-tasks">
                                    {ts.into_iter().map(|t| view! {
                                        <li><a href=ctx.href(&Route::task(&p, &w, t.task_id))>"#" {t.task_id}</a>
                                            " " {t.task_creator.clone()} " " <StatusBadge status=t.status.clone()/></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        }}
                        <div class="row">
                            <button type="button" class="btn" data-testid="run-recent-refresh" on:click=move |_| busy_tasks.refetch()>{ctx.t(T::Refresh)}</button>
                            <label class="check">
                                <input type="checkbox" data-testid="run-send-again" prop:checked=move || send_again.get()
                                    on:change:target=move |ev| send_again.set(ev.target().checked())/>
                                {ctx.t(T::RunSendAgain)}
                            </label>
                        </div>
                    </div>
                }
            })}
            <div class="row run-actions">
                <button type="submit" class="btn primary" data-testid="run-submit" disabled=blocked>
                    {move || ctx.t(if busy.get() { T::RunSubmitting } else { T::RunSubmit })}
                </button>
                <button type="button" class="btn" data-testid="run-reset" on:click=reset>{move || ctx.t(T::RunReset)}</button>
                {on_close.map(|cb| view! { <button type="button" class="btn" on:click=move |_| cb.run(())>{move || ctx.t(T::Cancel)}</button> })}
                <span class="muted">{move || ctx.t(T::SubmitShortcut)}</span>
            </div>
            {move || confirm.get().then(|| {
                let key = workflow_key.clone();
                let key2 = key.clone();
                let send = send.clone();
                view! {
                    <Dialog testid="run-prod-dialog" on_close=Callback::new(move |_| confirm.set(false))>
                        <h2>{ctx.t(T::RunProdTitle)}</h2>
                        <p>{ctx.t(T::RunProdHint)} " " {production.get().into_iter().map(|e| view! { <span class="tag prod">{e}</span> " " }).collect_view()}</p>
                        <p>{ctx.t(T::RunProdType)} " " <code>{key.clone()}</code></p>
                        <TypeToConfirm expected=key typed=typed testid="run-prod-input"/>
                        <div class="row">
                            <button type="button" class="btn danger" data-testid="run-prod-confirm"
                                disabled=move || { blocked() || !typed_matches(&typed.get(), &key2) }
                                on:click=move |_| { confirm.set(false); send(); }>{ctx.t(T::RunProdConfirm)}</button>
                            <button type="button" class="btn" on:click=move |_| confirm.set(false)>{ctx.t(T::Cancel)}</button>
                        </div>
                    </Dialog>
                }
            })}
        </form>
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

/// Fields in order; consecutive fields of one repository share a row.
#[component]
fn Fields(fields: Vec<Field>, values: RwSignal<Values>, issues: Memo<Vec<Issue>>) -> impl IntoView {
    let mut rows: Vec<(Place, Vec<Field>)> = Vec::new();
    for f in fields {
        match (&f.place, rows.last_mut()) {
            (Place::Repo(t), Some((Place::Repo(last), list))) if t == last => list.push(f),
            _ => rows.push((f.place.clone(), vec![f])),
        }
    }
    rows.into_iter()
        .map(|(place, fs)| match place {
            Place::Repo(title) => {
                let t2 = title.clone();
                view! {
                <div class="run-repo" data-repo=t2>
                    <div class="run-repo-title"><code>{title}</code></div>
                    <div class="run-repo-fields">
                        {fs.into_iter().map(|f| view! { <FieldInput f=f values=values issues=issues/> }).collect_view()}
                    </div>
                </div>
                }
                .into_any()
            }
            _ => fs
                .into_iter()
                .map(|f| view! { <FieldInput f=f values=values issues=issues/> })
                .collect_view()
                .into_any(),
        })
        .collect_view()
}

#[component]
fn FieldInput(f: Field, values: RwSignal<Values>, issues: Memo<Vec<Issue>>) -> impl IntoView {
    let ctx = use_ctx();
    let key = f.key.clone();
    let get = {
        let f = f.clone();
        move || values.with(|v| f.value(v))
    };
    let set = {
        let key = key.clone();
        move |s: String| {
            values.update(|v| {
                v.insert(key.clone(), s);
            })
        }
    };
    let error = {
        let key = key.clone();
        move || issues.with(|is| is.iter().find(|i| i.key == key).map(|i| i.problem.clone()))
    };
    let label = f.label.clone();
    let caption = move || label_text(ctx, &label);
    let help = (!f.help.is_empty()).then(|| f.help.clone());
    let err_key = key.clone();
    let error2 = error.clone();
    let error_view = move || {
        error2().map(|p| view! { <small class="field-error" data-error-for=err_key.clone()>{ctx.t(problem_text(&p))}</small> })
    };
    let req = f.required;
    if f.kind == Kind::Check {
        let get2 = get.clone();
        return view! {
            <label class="check run-check">
                <input type="checkbox" data-testid="run-field" data-field=key prop:checked=move || get2() == "1"
                    on:change:target=move |ev| set(if ev.target().checked() { "1".into() } else { "0".into() })/>
                {caption}
            </label>
        }
        .into_any();
    }
    let invalid = {
        let e = error.clone();
        move || e().is_some().to_string()
    };
    let control = match f.kind.clone() {
        Kind::Select(choices) => {
            // A blank entry only when nothing valid is chosen yet.
            let blank = !choices.iter().any(|c| c.value.is_empty() || c.value == f.default);
            let is_strategy = f.label == Label::MergeStrategy;
            let get2 = get.clone();
            view! {
                <select data-testid="run-field" data-field=key.clone() aria-invalid=invalid.clone() prop:value=get.clone() on:change:target=move |ev| set(ev.target().value())>
                    {blank.then(|| view! { <option value="" selected=move || get2().is_empty()>{move || ctx.t(T::ChooseOne)}</option> })}
                    {choices.into_iter().map(|Choice { value, label, production }| {
                        let (v2, get3) = (value.clone(), get.clone());
                        let text = if value.is_empty() && is_strategy { ctx.t(T::MergeAsConfigured).to_string() } else { label };
                        view! {
                            <option value=value selected=move || get3() == v2>
                                {text} {production.then(|| format!(" · {}", ctx.t(T::FactProduction)))}
                            </option>
                        }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        // A credential text or script keeps its line breaks but is drawn as dots, like a password.
        Kind::Multiline if f.credential => view! {
            <textarea data-testid="run-field" data-field=key.clone() aria-invalid=invalid.clone() rows="3" class="masked"
                autocomplete="off" spellcheck="false" placeholder=move || ctx.t(T::RunCredentialKeep)
                prop:value=get on:input:target=move |ev| set(ev.target().value())></textarea>
        }
        .into_any(),
        Kind::Multiline => view! {
            <textarea data-testid="run-field" data-field=key.clone() aria-invalid=invalid.clone() rows="3" prop:value=get on:input:target=move |ev| set(ev.target().value())></textarea>
        }
        .into_any(),
        Kind::Unsupported(kind) => view! {
            <input data-testid="run-field" data-field=key.clone() disabled prop:value=get/>
            <small class="muted">{kind} ": " {move || ctx.t(T::RunUnsupported)}</small>
        }
        .into_any(),
        kind => {
            let credential = f.credential;
            let placeholder = move || {
                if credential {
                    ctx.t(T::RunCredentialKeep)
                } else if matches!(kind, Kind::List | Kind::Numbers) {
                    ctx.t(T::ListHint)
                } else {
                    ""
                }
            };
            view! {
                <input data-testid="run-field" data-field=key.clone() aria-invalid=invalid.clone() type=if credential { "password" } else { "text" }
                    autocomplete=if credential { "new-password" } else { "off" }
                    placeholder=placeholder prop:value=get on:input:target=move |ev| set(ev.target().value())/>
            }
            .into_any()
        }
    };
    view! {
        <label class="field" class:has-error=move || error().is_some()>
            <span>{caption} {req.then_some(" *")}
                {f.credential.then(|| view! { " " <span class="tag">{move || ctx.t(T::Credential)}</span> })}</span>
            {control}
            {help.map(|h| view! { <small class="muted">{h}</small> })}
            {error_view}
        </label>
    }
    .into_any()
}

#[component]
fn JobView(job: JobSection, values: RwSignal<Values>, issues: Memo<Vec<Issue>>) -> impl IntoView {
    let ctx = use_ctx();
    let key = job.key();
    let name = job.name.clone();
    let on = {
        let job = job.clone();
        move || values.with(|v| job.on(v))
    };
    let toggle = {
        let key = key.clone();
        move |checked: bool| {
            values.update(|v| {
                v.insert(key.clone(), if checked { "1" } else { "0" }.into());
            })
        }
    };
    let err_key = key.clone();
    let error = move || {
        issues.with(|is| {
            is.iter()
                .find(|i| i.key == err_key)
                .map(|i| i.problem.clone())
        })
    };
    let policy_tag = match job.policy {
        Policy::Forced => Some(T::PolicyForceRun),
        Policy::Off => Some(T::PolicyDefaultNotRun),
        Policy::Normal => None,
    };
    let note = job.note.clone().map(|n| match n {
        Note::FromJob(j) => view! { <p class="muted">{move || ctx.t(T::RunFromJob)} " " <code>{j.clone()}</code></p> }.into_any(),
        Note::Approval => view! { <p class="muted">{move || ctx.t(T::RunApprovalNote)}</p> }.into_any(),
        Note::NoInput => view! { <p class="muted">{move || ctx.t(T::RunNoInput)}</p> }.into_any(),
        Note::AllModulesRun => view! { <p class="muted">{move || ctx.t(T::RunAllModules)}</p> }.into_any(),
        Note::NotRunnable => view! { <p class="muted">{move || ctx.t(T::RunNotRunnable)}</p> }.into_any(),
    });
    let toggleable = job.toggleable();
    let (fields, groups) = (job.fields.clone(), job.groups.clone());
    // A memo: the body is rebuilt when the job is switched, not on every keystroke.
    let on = Memo::new(move |_| on());
    let on2 = on;
    view! {
        <div class="run-job" data-testid="run-job-section" data-job=name.clone() data-type=job.kind.clone() class:off=move || !on.get()>
            <div class="run-job-head">
                <label class="check">
                    <input type="checkbox" data-field=key.clone() disabled=!toggleable prop:checked=on
                        on:change:target=move |ev| toggle(ev.target().checked())/>
                    <strong>{name.clone()}</strong>
                </label>
                <span class="tag">{job.kind.clone()}</span>
                <span class="muted">{move || ctx.t(T::Stage)} ": " {job.stage.clone()}</span>
                {policy_tag.map(|t| view! { <span class="tag">{move || ctx.t(t)}</span> })}
            </div>
            {move || error().map(|p| view! { <small class="field-error" data-error-for=key.clone()>{ctx.t(problem_text(&p))}</small> })}
            {note}
            {move || on2.get().then(|| view! {
                <div class="run-job-body">
                    <Fields fields=fields.clone() values=values issues=issues/>
                    {groups.clone().into_iter().map(|g| view! { <GroupView g=g values=values issues=issues/> }).collect_view()}
                </div>
            })}
        </div>
    }
}

#[component]
fn GroupView(g: Group, values: RwSignal<Values>, issues: Memo<Vec<Issue>>) -> impl IntoView {
    let key = g.key.clone();
    let selectable = g.selectable;
    let on = {
        let g = g.clone();
        move || values.with(|v| g.on(v))
    };
    let fields = g.fields.clone();
    let on = Memo::new(move |_| on());
    let k2 = key.clone();
    view! {
        <div class="run-group" data-group=g.title.clone()>
            <label class="check run-group-head">
                {selectable.then(|| view! {
                    <input type="checkbox" data-field=k2.clone() prop:checked=on
                        on:change:target=move |ev| { let c = ev.target().checked(); values.update(|v| { v.insert(key.clone(), if c { "1" } else { "0" }.into()); }) }/>
                })}
                <code>{g.title.clone()}</code>
            </label>
            {move || (on.get() && !fields.is_empty()).then(|| view! { <div class="run-group-body"><Fields fields=fields.clone() values=values issues=issues/></div> })}
        </div>
    }
}

#[component]
fn NotifyView(
    n: NotifySection,
    values: RwSignal<Values>,
    issues: Memo<Vec<Issue>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let mut fields = n.fields.clone();
    let toggle = (!fields.is_empty()).then(|| fields.remove(0));
    let on = {
        let n = n.clone();
        Memo::new(move |_| values.with(|v| n.on(v)))
    };
    view! {
        <div class="run-notify" data-notify=n.index.to_string() data-type=n.kind.clone()>
            <div class="run-job-head"><span class="tag">{n.kind.clone()}</span> <span class="muted">"#" {n.index}</span></div>
            {match toggle {
                Some(t) => view! {
                    <FieldInput f=t values=values issues=issues/>
                    {move || on.get().then(|| view! { <div class="run-group-body"><Fields fields=fields.clone() values=values issues=issues/></div> })}
                }.into_any(),
                None => view! { <p class="muted">{move || ctx.t(T::RunNotifyUnsupported)}</p> }.into_any(),
            }}
        </div>
    }
}

/// The form in a dialog over the current page, with a link to the full page.
#[component]
pub fn RunDialog(
    project: String,
    workflow: String,
    #[prop(default = None)] from: Option<i64>,
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
                <a class="btn small" data-testid="run-open-page" href=move || ctx.href(&page) on:click=move |_| on_close.run(())>{move || ctx.t(T::OpenFullPage)}</a>
            </div>
            <RunForm project=project.clone() workflow=workflow.clone() from=from on_close=Some(on_close)/>
        </Dialog>
    }
}
