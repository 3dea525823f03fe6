//! The inbox of approvals waiting for the signed-in person, across every project they can see:
//! looked for once the landing screen's data is in (it starts with the background part), then
//! every [`REFRESH_MS`] while the tab is visible (longer after failures; never after a 401), and
//! at once after a decision. The count in the top bar and the `/approvals` screen read the same
//! answer.
//!
//! The code that looks (four kinds of read, their decoding) is in a chunk of its own, fetched
//! when the browser is idle: the first load does not carry it.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::api::types::TaskId;
use crate::api::{self, ApiError, Client};
use crate::domain::embed::Scope;
use crate::domain::inbox::{in_scope, Found, AT_ONCE, RECENT_TASKS, REFRESH_MS};
use crate::domain::status::Status;
use crate::domain::token;
use crate::hooks::{now_secs, use_polled, Fetch, Kept};
use crate::state::Ctx;

/// What the inbox holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// Not looked for (settings not read yet, or looked for only while the inbox is open).
    NotLooked,
    /// Nobody is signed in, or the token names nobody.
    NoUser,
    Found(Found),
}

/// The app's inbox (a context).
#[derive(Clone, Copy)]
pub struct Inbox {
    pub kept: Kept<Answer>,
    /// The inbox screen is open (it looks then even when the background look is off).
    open: RwSignal<bool>,
    /// When the last answer came (ms since the epoch).
    answered: StoredValue<f64>,
}

impl Inbox {
    /// Looks again now (after a decision, or the person asked).
    pub fn refresh(&self) {
        self.kept.resource.refetch();
    }

    /// The inbox screen opens: it shows a fresh look (an answer from the last few seconds
    /// will do, so a console started on the inbox does not look twice).
    pub fn opened(&self) {
        self.open.set(true);
        let age = js_sys::Date::now() - self.answered.get_value();
        if self.answered.get_value() > 0.0 && age > 5_000.0 {
            self.refresh();
        }
    }

    pub fn closed(&self) {
        self.open.try_set(false);
    }

    /// What the last look found (tracked).
    pub fn found(&self) -> Option<Found> {
        self.kept.shown.with(|s| match s {
            Some(Ok(Answer::Found(f))) => Some(f.clone()),
            _ => None,
        })
    }

    /// How many approvals wait (tracked; 0 before the first answer).
    pub fn count(&self) -> usize {
        self.kept.shown.with(|s| match s {
            Some(Ok(Answer::Found(f))) => f.items.len(),
            _ => 0,
        })
    }
}

/// Where the app's inbox is once started: the shell provides it (the top bar's count and the
/// inbox screen read it), the background part starts the inbox and puts it here.
#[derive(Clone, Copy)]
pub struct InboxSlot(RwSignal<Option<Inbox>>);

impl InboxSlot {
    /// The inbox, once started (tracked).
    pub fn get(&self) -> Option<Inbox> {
        self.0.get()
    }
}

/// Provides the app's (empty) inbox slot (inside the history, once).
pub fn provide_slot() {
    provide_context(InboxSlot(RwSignal::new(None)));
}

/// The app's inbox slot (none in component tests that mount a part alone).
pub fn use_slot() -> Option<InboxSlot> {
    use_context::<InboxSlot>()
}

/// Starts the inbox, once, from the background part (so the first look comes after the landing
/// screen's own reads), and puts it in the app's slot.
pub fn start_inbox(ctx: Ctx) -> Inbox {
    let me = Memo::new(move |_| ctx.token.get().and_then(|t| token::identity(&t)));
    let open = RwSignal::new(false);
    let wanted = move || ctx.ready.get() && (ctx.inbox_background.get_value() || open.get());
    let fetch = Fetch::new(move || {
        let (c, me, scope, wanted) = (ctx.client(), me.get(), ctx.scope.get(), wanted());
        async move {
            if !wanted {
                return Ok(Answer::NotLooked);
            }
            let Some(me) = me else {
                return Ok(Answer::NoUser);
            };
            match look(c, me, scope).await {
                Ok(looking) => looking.await.map(Answer::Found),
                Err(_) => Err(ApiError::Network(CHUNK_FAILED.into())),
            }
        }
    });
    let answered = StoredValue::new(0.0);
    Effect::new(move |_| {
        if fetch.with(|r| r.is_some()) {
            answered.set_value(js_sys::Date::now());
        }
    });
    let inbox = Inbox {
        kept: use_polled(
            REFRESH_MS,
            fetch,
            move |_| wanted_untracked(ctx, open),
            |_| true,
        ),
        open,
        answered,
    };
    if let Some(slot) = use_slot() {
        slot.0.set(Some(inbox));
    }
    inbox
}

/// Whether to look again now (for the poll timer).
fn wanted_untracked(ctx: Ctx, open: RwSignal<bool>) -> bool {
    ctx.inbox_background.try_get_value().unwrap_or(false)
        || open.try_get_untracked().unwrap_or(false)
}

/// What a failed fetch of the looking code is reported as (a network failure, as it is one).
const CHUNK_FAILED: &str = "the inbox's code could not be fetched";

type Looking = Pin<Box<dyn Future<Output = Result<Found, ApiError>>>>;

crate::chunks::split!(
    inbox,
    preload_inbox,
    /// The look, from the inbox's chunk.
    fn look(c: Client, me: (String, String), scope: Option<Scope>) -> Looking {
        Box::pin(crawl(c, me, scope))
    }
);

/// A refused token ends the look (it is the inbox's error, and stops polling); any other failure
/// is counted and the look goes on.
fn note(found: &mut Found, e: ApiError) -> Result<(), ApiError> {
    if matches!(e, ApiError::Unauthorized | ApiError::BadToken) {
        return Err(e);
    }
    found.add_failure(e);
    Ok(())
}

async fn crawl(c: Client, me: (String, String), scope: Option<Scope>) -> Result<Found, ApiError> {
    use futures::future::join_all;
    let now = now_secs();
    let mut found = Found::default();
    let projects: Vec<String> = match &scope {
        Some(s) => vec![s.project.clone()],
        None => api::list_projects(&c)
            .await?
            .into_iter()
            .map(|p| p.project_key)
            .filter(|k| !k.is_empty())
            .collect(),
    };
    let mut workflows = Vec::new();
    for part in projects.chunks(AT_ONCE) {
        let lists = join_all(part.iter().map(|p| {
            let c = c.clone();
            async move { (p, api::list_workflows(&c, p, None).await) }
        }))
        .await;
        for (p, list) in lists {
            match list {
                Ok(list) => workflows.extend(
                    list.into_iter()
                        .filter(|w| w.kind != "product")
                        .filter(|w| in_scope(scope.as_ref(), p, Some(&w.workflow_key)))
                        .map(|w| (p.clone(), w.workflow_key)),
                ),
                Err(e) => note(&mut found, e)?,
            }
        }
    }
    let mut unfinished: Vec<(String, crate::api::types::WorkflowKey, TaskId)> = Vec::new();
    for part in workflows.chunks(AT_ONCE) {
        let lists = join_all(part.iter().map(|(p, k)| {
            let c = c.clone();
            async move { (p, k, api::list_tasks(&c, p, k, 1, RECENT_TASKS).await) }
        }))
        .await;
        for (p, k, list) in lists {
            match list {
                Ok(list) => unfinished.extend(
                    list.workflow_tasks
                        .iter()
                        .filter(|t| !Status::parse(&t.status).is_finished())
                        .map(|t| (p.clone(), k.clone(), t.task_id)),
                ),
                Err(e) => note(&mut found, e)?,
            }
        }
    }
    for part in unfinished.chunks(AT_ONCE) {
        let details = join_all(part.iter().map(|(p, k, id)| {
            let c = c.clone();
            async move { (p, api::task_detail(&c, k, *id).await) }
        }))
        .await;
        for (p, detail) in details {
            match detail {
                Ok(d) => found.add_task(p, d, &me, now),
                Err(e) => note(&mut found, e)?,
            }
        }
    }
    found.order();
    Ok(found)
}
