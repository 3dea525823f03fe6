//! `use_run_form`: the form's state and its one write. Values are kept as a draft as they change
//! (credentials never), checked when the person tries to run, previewed on request, and sent
//! once; a lost answer is "outcome unknown" until the person checks and says to send again.

use leptos::html::Form;
use leptos::prelude::*;

use super::loader::{Loaded, Origin};
use crate::api::types::{TaskId, TaskList};
use crate::api::{self, ApiError};
use crate::browser::local_set;
use crate::domain::run::ExecuteRequest;
use crate::domain::run::{draft_key, Draft, Issue, RunSchema, Values};
use crate::domain::status::Status;
use crate::hooks::now_secs;
use crate::i18n::T;
use crate::routes::Route;
use crate::state::{use_ctx, Notice};

/// Opens a console route (the router's navigate, kept for the write's answer).
type Navigate = Box<dyn Fn(&str)>;

/// The run form's state, shared by its parts.
#[derive(Clone, Copy)]
pub(super) struct RunCtl {
    pub schema: StoredValue<RunSchema>,
    pub values: RwSignal<Values>,
    pub origin: RwSignal<Origin>,
    /// Whether a run was tried: problems are shown from then on.
    tried: RwSignal<bool>,
    /// The one write: the run, sent once.
    run: Action<ExecuteRequest, ()>,
    /// A run is being sent.
    pub busy: Memo<bool>,
    pub server_error: RwSignal<Option<ApiError>>,
    /// The production prompt is open, and what was typed into it.
    pub confirm: RwSignal<bool>,
    pub typed: RwSignal<String>,
    pub issues: Memo<Vec<Issue>>,
    pub preview_open: RwSignal<bool>,
    /// The masked body (`Some(None)`: the form cannot be built yet), while the preview is open.
    pub preview: Memo<Option<Option<String>>>,
    /// Production environments the run deploys to.
    pub production: Memo<Vec<String>>,
    /// The workflow's latest tasks: those still running, and what started after a lost answer.
    pub recent: crate::hooks::Fetch<TaskList>,
    /// When a run whose answer was lost was sent.
    pub unknown: RwSignal<Option<i64>>,
    /// The person's go-ahead to send again after checking.
    pub send_again: RwSignal<bool>,
    pub form_ref: NodeRef<Form>,
    storage_key: StoredValue<String>,
}

impl RunCtl {
    /// Tasks of this workflow still running or queued.
    pub fn running(&self) -> Vec<TaskId> {
        self.recent
            .get()
            .and_then(Result::ok)
            .map(|l| {
                l.workflow_tasks
                    .into_iter()
                    .filter(|t| !Status::parse(&t.status).is_finished())
                    .map(|t| t.task_id)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether Run is held back: while sending, and after a lost answer until the go-ahead.
    pub fn blocked(&self) -> bool {
        self.busy.get() || (self.unknown.get().is_some() && !self.send_again.get())
    }

    /// Sends the run, once: never retried, never cancelled (closing the dialog mid-request loses
    /// nothing; the answer then lands in a corner notice).
    pub fn send(&self) {
        let s = *self;
        if s.busy.get_untracked()
            || (s.unknown.get_untracked().is_some() && !s.send_again.get_untracked())
        {
            return;
        }
        let Ok(req) = s
            .values
            .with_untracked(|v| s.schema.with_value(|x| x.build(v, false)))
        else {
            return;
        };
        s.server_error.set(None);
        s.unknown.set(None);
        s.send_again.set(false);
        s.run.dispatch(req);
    }

    /// The person asked to run: problems are shown, and a valid run is sent, or first confirmed
    /// by typing the workflow's key when it deploys to production. `false` when there are
    /// problems to look at.
    pub fn submit(&self) -> bool {
        if self.busy.get_untracked() {
            return true;
        }
        self.tried.set(true);
        let ok = self
            .values
            .with_untracked(|v| self.schema.with_value(|s| s.build(v, false).is_ok()));
        if !ok {
            return false;
        }
        if self.production.get_untracked().is_empty() {
            self.send();
        } else {
            self.typed.set(String::new());
            self.confirm.set(true);
        }
        true
    }

    /// Back to the workflow's defaults; the draft is dropped.
    pub fn discard(&self) {
        local_set(&self.storage_key.get_value(), None);
        self.values.set(Values::new());
        self.origin.set(Origin::Defaults);
    }
}

/// The state of a form for `loaded`; `on_close` closes the dialog it is in.
pub(super) fn use_run_form(loaded: &Loaded, on_close: Option<Callback<()>>) -> RunCtl {
    let ctx = use_ctx();
    let navigate = crate::nav::use_navigate();
    let (project, workflow) = (
        loaded.schema.project.clone(),
        loaded.schema.workflow.clone(),
    );
    let storage_key = StoredValue::new(draft_key(&project, &workflow));
    let values = RwSignal::new(loaded.initial.clone());
    let schema = StoredValue::new(loaded.schema.clone());
    let tried = RwSignal::new(false);

    // Drafts: every change is kept (credentials never), and cleared when the run starts.
    Effect::new(move |prev: Option<()>| {
        let kept = values.with(|v| schema.with_value(|s| s.keep(v)));
        if prev.is_none() {
            return;
        }
        let key = storage_key.get_value();
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
    let issues = Memo::new(move |_| {
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
    let recent = crate::hooks::Fetch::new(move || {
        let (c, p, w) = (ctx.client(), project.clone(), workflow.clone());
        async move { api::list_tasks(&c, &p, &w, 1, 20).await }
    });
    let (server_error, unknown) = (RwSignal::new(None), RwSignal::new(None));
    let form_ref = NodeRef::new();
    let navigate: StoredValue<Navigate, LocalStorage> =
        StoredValue::new_local(Box::new(move |path: &str| {
            navigate(path, Default::default())
        }));
    let run = Action::new_local(move |req: &ExecuteRequest| {
        let (c, req, draft) = (ctx.client_untracked(), req.clone(), storage_key.get_value());
        let sent_at = now_secs();
        async move {
            let r = api::execute(&c, &req).await;
            // Whether the form is still there to show the answer.
            let here = crate::hooks::still_shown(form_ref);
            match r {
                Ok(r) => {
                    local_set(&draft, None);
                    let wf = if r.workflow().is_empty() {
                        req.workflow_key.clone()
                    } else {
                        r.workflow().clone()
                    };
                    // An embedding portal hears of it, and later of how it ended.
                    crate::embed::task_started(ctx, &req.project_key, &wf, r.task_id);
                    // A task the person started is watched: they hear how it ends.
                    crate::watcher::started(
                        ctx,
                        crate::domain::watch::Watch {
                            project: req.project_key.clone(),
                            workflow: wf.clone(),
                            task: Some(r.task_id),
                        },
                    );
                    if here {
                        let path = Route::task(&req.project_key, &wf, r.task_id).path();
                        if let Some(cb) = on_close {
                            cb.try_run(());
                        }
                        navigate.with_value(|go| go(&path));
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
                // The task may exist: say so, show what started lately, and ask before sending
                // again.
                Err(e) if e.outcome_unknown() => {
                    unknown.set(Some(sent_at));
                    server_error.set(Some(e));
                    recent.refetch();
                }
                Err(e) => server_error.set(Some(e)),
            }
        }
    });
    RunCtl {
        schema,
        values,
        origin: RwSignal::new(loaded.origin.clone()),
        tried,
        run,
        busy: run.pending(),
        server_error,
        confirm: RwSignal::new(false),
        typed: RwSignal::new(String::new()),
        issues,
        preview_open,
        preview,
        production,
        recent,
        unknown,
        send_again: RwSignal::new(false),
        form_ref,
        storage_key,
    }
}
