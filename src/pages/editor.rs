//! The workflow editor: `/projects/:project/workflows/new` (create, `?view=` adds it to a view)
//! and `/projects/:project/workflows/:workflow/edit` (update, starting from the definition as
//! Zadig stores it). YAML or JSON, checked as it is typed; the text is kept as a draft until
//! it is saved, and a refusal from Zadig keeps it too.

use crate::nav::{use_navigate, use_query_map};
use crate::routes::{use_place, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::types::WorkflowKey;
use crate::api::{self, ApiError};
use crate::browser::{local_get, local_set};
use crate::components::{ErrorBanner, Read};
use crate::domain::editor::{check, draft_key, offset_of, template, Checked, EditorIssue, Target};
use crate::domain::editor_secrets::{
    draft_text, fingerprint, mask_text, unmask_text, EditDraft, Secrets, KEPT,
};
use crate::i18n::T;
use crate::state::{use_ctx, Ctx, Notice};

/// `/projects/:project/workflows/new`.
#[component]
pub fn NewWorkflowPage() -> impl IntoView {
    let q = use_query_map();
    let project = use_place().project.get_untracked();
    let view = q
        .with_untracked(|q| q.get("view"))
        .filter(|v| !v.is_empty());
    let draft = local_get(&draft_key(&project, None)).map(|d| EditDraft::decode(&d));
    let restored = draft.is_some();
    let text = draft.map(|d| d.text).unwrap_or_else(|| template(&project));
    view! {
        <EditorShell target=Target::Create { project } view=view>
            <Editor initial=text restored=restored/>
        </EditorShell>
    }
}

/// `/projects/:project/workflows/:workflow/edit`.
#[component]
pub fn EditWorkflowPage() -> impl IntoView {
    let place = use_place();
    let (project, key) = (
        place.project.get_untracked(),
        place.workflow.get_untracked(),
    );
    let draft = local_get(&draft_key(&project, Some(&key))).map(|d| EditDraft::decode(&d));
    let k = key.clone();
    view! {
        <EditorShell target=Target::Update { project, key } view=None>
            <StoredDefinition key=k draft=draft/>
        </EditorShell>
    }
}

/// The editor on the definition as Zadig stores it, credentials masked; a kept draft replaces
/// the text, and says so when the definition changed after the draft was made.
#[component]
fn StoredDefinition(key: WorkflowKey, draft: Option<EditDraft>) -> impl IntoView {
    let ctx = use_ctx();
    let current = crate::hooks::Fetch::new(move || {
        let (c, k) = (ctx.client(), key.clone());
        async move { api::workflow_yaml(&c, &k).await }
    });
    let show = move |text: String| {
        let base = fingerprint(&text);
        let (shown, secrets) = mask_text(&text);
        match draft.clone() {
            Some(d) => {
                let newer = (d.base.as_deref() != Some(base.as_str())).then_some(shown);
                view! { <Editor initial=d.text restored=true secrets=secrets base=Some(base) newer=newer/> }.into_any()
            }
            None => {
                view! { <Editor initial=shown restored=false secrets=secrets base=Some(base)/> }
                    .into_any()
            }
        }
    };
    view! { <Read resource=current show=show/> }
}

/// What the editor below works on; provided by the page (or a test).
#[derive(Clone)]
pub struct EditorCtx {
    pub target: Target,
    /// The view a new workflow joins.
    pub view: Option<String>,
}

#[component]
fn EditorShell(target: Target, view: Option<String>, children: Children) -> impl IntoView {
    let ctx = use_ctx();
    let (project, title, back) = match &target {
        Target::Create { project } => (project.clone(), T::NewWorkflow, Route::workflows(project)),
        Target::Update { project, key } => (
            project.clone(),
            T::EditWorkflow,
            Route::workflow(project, key),
        ),
    };
    let key = match &target {
        Target::Update { key, .. } => Some(key.clone()),
        Target::Create { .. } => None,
    };
    provide_context(EditorCtx { target, view });
    view! {
        <section class="page">
            <nav class="crumbs">
                <a href=move || ctx.href(&Route::workflows(&project))>{ctx.tr(T::BackToWorkflows)}</a>
                {key.clone().map(|k| view! { " / " <a href=ctx.href(&back)>{k}</a> })}
            </nav>
            <header class="page-head">
                <h1>{move || ctx.t(title)} {key.map(|k| view! { " " <code class="wf-key">{k}</code> })}</h1>
                <p class="muted">{ctx.tr(T::EditorHint)}</p>
            </header>
            {children()}
        </section>
    }
}

fn issue_text(ctx: Ctx, i: &EditorIssue) -> String {
    match i {
        EditorIssue::Empty => ctx.t(T::EditorEmpty).into(),
        EditorIssue::Syntax {
            line,
            column,
            message,
        } => format!(
            "{}: {message}",
            ctx.t(T::LineColumn)
                .replace("{line}", &line.to_string())
                .replace("{column}", &column.to_string())
        ),
        EditorIssue::NotAMapping => ctx.t(T::EditorNotMapping).into(),
        EditorIssue::Missing(p) => format!("{}: {p}", ctx.t(T::EditorMissing)),
        EditorIssue::WrongType(p, want) => {
            let want = match *want {
                "list" => ctx.t(T::EditorList),
                "mapping" => ctx.t(T::EditorMapping),
                _ => ctx.t(T::EditorText),
            };
            format!("{p}: {} {want}", ctx.t(T::EditorShouldBe))
        }
        EditorIssue::BadKey(k) => format!("{} ({k})", ctx.t(T::EditorBadKey)),
        EditorIssue::OtherProject { found, expected } => {
            format!("{} {expected} ({found})", ctx.t(T::EditorOtherProject))
        }
        EditorIssue::Renamed { found, expected } => {
            format!("{} {expected} ({found})", ctx.t(T::EditorRenamed))
        }
        EditorIssue::DuplicateJob(n) => format!("{}: {n}", ctx.t(T::EditorDuplicateJob)),
    }
}

/// The editor itself: the text, its check, and saving. Needs an [`EditorCtx`] in context.
#[component]
pub fn Editor(
    /// The text to start from (credentials already masked).
    initial: String,
    /// The text is a kept draft.
    restored: bool,
    /// Credential values taken out of the stored definition, put back on save.
    #[prop(optional)]
    secrets: Secrets,
    /// Fingerprint of the stored definition the text started from (drafts carry it).
    #[prop(default = None)]
    base: Option<String>,
    /// The stored definition (masked), when it changed after the draft was made.
    #[prop(default = None)]
    newer: Option<String>,
) -> impl IntoView {
    let ctx = use_ctx();
    let navigate = use_navigate();
    let EditorCtx { target, view } = use_context::<EditorCtx>().expect("editor context");
    let (project, key) = match &target {
        Target::Create { project } => (project.clone(), None),
        Target::Update { project, key } => (project.clone(), Some(key.clone())),
    };
    let storage = draft_key(&project, key.as_ref());
    let text = RwSignal::new(initial);
    let restored = RwSignal::new(restored);
    let server_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let area = NodeRef::<leptos::html::Textarea>::new();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let gutter = NodeRef::<leptos::html::Pre>::new();
    let target_c = target.clone();
    let checked = Memo::new(move |_| text.with(|t| check(t, &target_c)));
    let lines = Memo::new(move |_| text.with(|t| t.split('\n').count()));

    let secrets = StoredValue::new(secrets);
    let newer = RwSignal::new(newer);
    // Credential places whose kept value could not be found (type them).
    let secret_error: RwSignal<Option<Vec<String>>> = RwSignal::new(None);
    let store = storage.clone();
    let base_c = base.clone();
    let on_input = move |v: String| {
        // Credentials typed here are sent, never kept in the browser.
        if let Some(d) = draft_text(&v) {
            let draft = EditDraft {
                v: 1,
                base: base_c.clone(),
                text: d,
            };
            local_set(&store, Some(&draft.encode()));
        }
        text.set(v);
    };
    let go_to = move |line: usize, column: usize| {
        if let Some(el) = area.get_untracked() {
            let off = text.with_untracked(|t| offset_of(t, line, column)) as u32;
            let _ = el.focus();
            let _ = el.set_selection_range(off, off);
        }
    };
    let storage_c = storage.clone();
    let discard = {
        let storage = storage.clone();
        move |_| {
            local_set(&storage, None);
            // Reload the page's source: the template, or the stored definition.
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    };
    // A write: it finishes even when the page is left meanwhile, and says how it went.
    let send = {
        let (storage, project, key) = (storage.clone(), project.clone(), key.clone());
        Action::new_local(move |(typed, kept, ok): &(String, Secrets, Checked)| {
            let (typed, kept, ok) = (typed.clone(), kept.clone(), ok.clone());
            let (c, storage, project, key, view, navigate) = (
                ctx.client_untracked(),
                storage.clone(),
                project.clone(),
                key.clone(),
                view.clone(),
                navigate.clone(),
            );
            async move {
                // Kept credentials go back in; a draft from an earlier visit takes them from the
                // stored definition.
                let mut kept = kept;
                if kept.is_empty() && typed.contains(KEPT) {
                    if let Some(k) = &key {
                        match api::workflow_yaml(&c, k).await {
                            Ok(stored) => kept = mask_text(&stored).1,
                            Err(e) => {
                                server_error.set(Some(e));
                                return;
                            }
                        }
                    }
                }
                let body = match unmask_text(&typed, &kept) {
                    Ok(b) => b,
                    Err(places) => {
                        secret_error.set(Some(places));
                        return;
                    }
                };
                let r = match &key {
                    Some(k) => api::update_workflow(&c, &project, k, &body).await,
                    None => api::create_workflow(&c, &body, view.as_deref()).await,
                };
                let here = crate::hooks::still_shown(form_ref);
                match r {
                    Ok(()) => {
                        local_set(&storage, None);
                        let path = Route::workflow(&project, &ok.key).path();
                        if here {
                            navigate(&path, Default::default());
                        } else {
                            ctx.notify(Notice::Done(T::NoticeWorkflowSaved));
                        }
                    }
                    // The text is still in the draft.
                    Err(e) if !here => ctx.notify(Notice::Failed {
                        what: T::NoticeWorkflowNotSaved,
                        error: e,
                    }),
                    Err(e) => server_error.set(Some(e)),
                }
            }
        })
    };
    let busy = send.pending();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Ok(ok) = checked.get_untracked() else {
            if let Some(el) = area.get_untracked() {
                let _ = el.focus();
            }
            return;
        };
        server_error.set(None);
        secret_error.set(None);
        send.dispatch((text.get_untracked(), secrets.get_value(), ok));
    };
    let sync_scroll = move |_| {
        if let (Some(a), Some(g)) = (area.get_untracked(), gutter.get_untracked()) {
            g.unchecked_ref::<web_sys::Element>()
                .set_scroll_top(a.scroll_top());
        }
    };
    view! {
        <form class="editor" data-testid="workflow-editor" on:submit=save node_ref=form_ref
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                    ev.prevent_default();
                    if let Some(f) = form_ref.get_untracked() { let _ = f.request_submit(); }
                }
            }>
            <p class="muted" data-testid="editor-secret-hint">{move || T::EditorSecretsHint.fill(ctx.locale.get(), &[("kept", KEPT)])}</p>
            {move || newer.get().map(|stored| {
                let storage_c = storage_c.clone();
                view! {
                <div class="notice inline warn" data-testid="editor-draft-conflict">
                    <p>{ctx.t(T::EditorDraftOlder)}</p>
                    <details><summary>{ctx.t(T::EditorShowStored)}</summary><pre class="mono" data-testid="editor-stored-text">{stored.clone()}</pre></details>
                    <div class="row">
                        <button type="button" class="btn small" data-testid="editor-use-stored"
                            on:click=move |_| { text.set(stored.clone()); newer.set(None); restored.set(false); local_set(&storage_c, None); }>
                            {ctx.t(T::EditorUseStored)}</button>
                        <button type="button" class="btn small" data-testid="editor-keep-draft" on:click=move |_| newer.set(None)>{ctx.t(T::EditorKeepDraft)}</button>
                    </div>
                </div>
            }})}
            {move || restored.get().then(|| view! {
                <p class="notice inline" data-testid="editor-draft-notice">{ctx.t(T::EditorDraftRestored)} " "
                    <button type="button" class="btn small" data-testid="editor-draft-discard"
                        on:click=discard.clone()>{ctx.t(T::RunDraftDiscard)}</button>
                    <button type="button" class="btn small" on:click=move |_| restored.set(false)>{ctx.t(T::Close)}</button>
                </p>
            })}
            <div class="editor-box">
                <pre class="editor-gutter" aria-hidden="true" node_ref=gutter>
                    {move || (1..=lines.get()).map(|n| n.to_string()).collect::<Vec<_>>().join("\n")}
                </pre>
                <textarea data-testid="editor-text" aria-label=ctx.tr(T::WorkflowDefinitionYaml) node_ref=area spellcheck="false" autocomplete="off"
                    wrap="off" rows="28" prop:value=move || text.get()
                    on:input:target=move |ev| on_input(ev.target().value())
                    on:scroll=sync_scroll></textarea>
            </div>
            <div data-testid="editor-status" aria-live="polite">
                {move || match checked.get() {
                    Ok(c) => view! {
                        <p class="ok-line" data-testid="editor-valid">
                            {ctx.t(T::EditorValid)} " " <code>{c.key}</code> " · " {c.display_name} " · "
                            {c.stages} " " {ctx.t(T::EditorStages)} ", " {c.jobs} " " {ctx.t(T::EditorJobs)}
                        </p>
                    }.into_any(),
                    Err(issues) => view! {
                        <ul class="editor-issues" data-testid="editor-issues">
                            {issues.into_iter().map(|i| {
                                let pos = match &i { EditorIssue::Syntax { line, column, .. } => Some((*line, *column)), _ => None };
                                view! {
                                    <li class="field-error" data-testid="editor-issue">{issue_text(ctx, &i)}
                                        {pos.filter(|(l, _)| *l > 0).map(|(l, c)| view! { " " <button type="button" class="btn small" data-testid="editor-goto"
                                            on:click=move |_| go_to(l, c)>{ctx.t(T::EditorGoTo)}</button> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </div>
            {move || server_error.get().map(|e| view! { <div data-testid="editor-server-error"><ErrorBanner error=e write=true/></div> })}
            {move || secret_error.get().map(|places| view! {
                <p class="field-error" data-testid="editor-secret-missing">
                    {T::EditorSecretMissing.fill(ctx.locale.get(), &[("names", &places.join(", "))])}</p>
            })}
            <div class="row">
                <span class="muted">{ctx.tr(T::SubmitShortcut)}</span>
                <button type="submit" class="btn primary" data-testid="editor-save"
                    disabled=move || { busy.get() || checked.with(|c| c.is_err()) }>
                    {move || ctx.t(if busy.get() { T::Saving } else { T::Save })}</button>
            </div>
        </form>
    }
}
