//! Telling people what they watch: a watched task (or a task of a watched workflow) that
//! finishes, and an approval that starts waiting for them. While the tab is visible a note in
//! the corner of the page says it; while it is hidden, a browser notification does (when the
//! person turned them on in Settings and the browser allows them), else the note waits there.
//!
//! Watched tasks are looked at every [`VISIBLE_MS`] while the tab is visible and every
//! [`HIDDEN_MS`] while it is hidden (a notification is for a tab in the background), never
//! after a 401. What to look with is in the inbox's chunk.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::api::{self, ApiError, Client};
use crate::domain::watch::{Event, Seen, Watch, Watches};
use crate::domain::workflows::title;
use crate::i18n::T;
use crate::state::{Ctx, Notice};

/// How often watched tasks are looked at while the tab is visible (ms).
pub const VISIBLE_MS: u32 = 10_000;
/// ... and while it is hidden.
pub const HIDDEN_MS: u32 = 20_000;

/// Tasks of a watched workflow looked at (the newest).
const WORKFLOW_TASKS: u32 = 5;

/// What each watch's look found.
type Looks = Vec<(Watch, Vec<Seen>)>;

type Looking = Pin<Box<dyn Future<Output = Result<Looks, ApiError>>>>;

crate::chunks::split!(
    inbox,
    preload_watch_look,
    /// The look at what is watched, from the inbox's chunk.
    fn watch_look(c: Client, watches: Watches) -> Looking {
        Box::pin(look(c, watches))
    }
);

async fn look(c: Client, watches: Watches) -> Result<Looks, ApiError> {
    let mut looks = Vec::new();
    for w in watches.0 {
        let mut out = Vec::new();
        match w.task {
            Some(task) => {
                let d = api::task_detail(&c, &w.workflow, task).await?;
                out.push(Seen {
                    project: w.project.clone(),
                    workflow: w.workflow.clone(),
                    title: title(&w.workflow, &d.display_name).to_string(),
                    task,
                    status: d.status,
                });
            }
            None => {
                let list = api::list_tasks(&c, &w.project, &w.workflow, 1, WORKFLOW_TASKS).await?;
                out.extend(list.workflow_tasks.into_iter().map(|t| Seen {
                    project: w.project.clone(),
                    workflow: w.workflow.clone(),
                    title: title(&w.workflow, &t.display_name).to_string(),
                    task: t.task_id,
                    status: t.status,
                }));
            }
        }
        looks.push((w, out));
    }
    Ok(looks)
}

/// Starts telling (once, for the app), with the app's inbox.
pub fn start(ctx: Ctx, inbox: crate::inbox::Inbox) {
    let tasks = crate::hooks::Tasks::new();
    let memory = ctx.watch_memory;
    tasks.spawn(async move {
        loop {
            let hidden = crate::browser::document_hidden();
            crate::net::timer::sleep(if hidden { HIDDEN_MS } else { VISIBLE_MS }).await;
            let Some(watches) = ctx.watches.try_get_untracked() else {
                return;
            };
            if watches.0.is_empty() || ctx.signed_out_untracked() || !ctx.ready.get_untracked() {
                continue;
            }
            let c = ctx.client_untracked();
            // A failed look is tried again at the next; pages show the failures themselves.
            let Ok(Ok(seen)) = async {
                match watch_look(c, watches).await {
                    Ok(looking) => Ok(looking.await),
                    Err(e) => Err(e),
                }
            }
            .await
            else {
                continue;
            };
            let Some(events) = memory.try_update_value(|m| m.tasks(seen)) else {
                return;
            };
            for e in events {
                // A watched task is told about once: it is watched no more.
                if let Event::Finished(s) = &e {
                    ctx.unwatch_task(&s.project, &s.workflow, s.task);
                }
                tell(ctx, &e);
            }
        }
    });
    // Approvals that start waiting, from the inbox (when it looks in the background).
    Effect::new(move |_| {
        let Some(found) = inbox.found() else {
            return;
        };
        let now: Vec<(Seen, String)> = found
            .items
            .iter()
            .map(|w| {
                (
                    Seen {
                        project: w.project.clone(),
                        workflow: w.workflow.clone(),
                        title: title(&w.workflow, &w.display_name).to_string(),
                        task: w.task,
                        status: String::new(),
                    },
                    w.pending.key.clone(),
                )
            })
            .collect();
        let events = memory
            .try_update_value(|m| m.waiting(now))
            .unwrap_or_default();
        for e in events {
            tell(ctx, &e);
        }
    });
}

/// A task the person just started from the console: watched, and told however soon it ends.
pub fn started(ctx: Ctx, w: Watch) {
    ctx.watch_memory.try_update_value(|m| m.started(&w));
    ctx.watch(w);
}

/// The sentence for an event, in the current language.
pub fn sentence(e: &Event, l: crate::i18n::Locale) -> String {
    match e {
        Event::Finished(s) => {
            let parsed = crate::domain::status::Status::parse(&s.status);
            let status = parsed.label(l);
            T::WatchFinished.fill(
                l,
                &[
                    ("workflow", &s.title),
                    ("task", &s.task.to_string()),
                    ("status", status),
                ],
            )
        }
        Event::WaitsForMe(s) => {
            T::WatchWaits.fill(l, &[("workflow", &s.title), ("task", &s.task.to_string())])
        }
    }
}

/// Says it: a browser notification for a hidden tab that may show one, else a note.
fn tell(ctx: Ctx, e: &Event) {
    let (Event::Finished(s) | Event::WaitsForMe(s)) = e;
    let Some(l) = ctx.locale.try_get_untracked() else {
        return;
    };
    let text = sentence(e, l);
    let route = crate::routes::Route::task(&s.project, &s.workflow, s.task);
    let href = ctx.href(&route);
    let shown = crate::browser::document_hidden()
        && ctx.notify_pref.try_get_untracked().unwrap_or(false)
        && crate::browser::show_notification(&text, &s.project, &href);
    if !shown {
        ctx.notify(Notice::Watched {
            text,
            project: s.project.clone(),
            workflow: s.workflow.clone(),
            task: s.task,
        });
    }
}
