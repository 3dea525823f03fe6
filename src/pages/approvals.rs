//! `/projects/:project/approvals`: every task of the project waiting for the signed-in person,
//! oldest first, with the time left.

use crate::routes::{use_place, Route};
use leptos::prelude::*;

use crate::api::types::{JobTaskName, TaskId, WorkflowKey};
use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Loading, Stale};
use crate::domain::approval::{pending_for, Pending};
use crate::domain::status::Status;
use crate::domain::time::duration;
use crate::domain::token;
use crate::domain::workflows::title;
use crate::hooks::{now_secs, use_now, use_polled};
use crate::i18n::T;
use crate::state::use_ctx;

/// Tasks per workflow looked at (the newest).
const RECENT: u32 = 20;

#[derive(Clone, Debug, PartialEq)]
struct Item {
    workflow: WorkflowKey,
    /// The workflow's display name (may be empty).
    display_name: String,
    task: TaskId,
    pending: Pending,
}

/// What was found, and the lookups that failed (so an empty list is never mistaken for
/// "nothing waiting" when some workflows could not be read).
#[derive(Clone, Debug, PartialEq, Default)]
struct Found {
    items: Vec<Item>,
    failed: usize,
    first_error: Option<ApiError>,
}

async fn collect(c: api::Client, project: String, me: (String, String)) -> Result<Found, ApiError> {
    let workflows = api::list_workflows(&c, &project, None).await?;
    let mut items = Vec::new();
    let mut failed = 0;
    let mut first_error: Option<ApiError> = None;
    // A refused token is the page's error, not a partial result.
    let mut note = |e: ApiError| -> Result<(), ApiError> {
        if matches!(e, ApiError::Unauthorized | ApiError::BadToken) {
            return Err(e);
        }
        failed += 1;
        first_error.get_or_insert(e);
        Ok(())
    };
    for chunk in workflows
        .iter()
        .filter(|w| w.kind != "product")
        .collect::<Vec<_>>()
        .chunks(4)
    {
        let lists = futures::future::join_all(chunk.iter().map(|w| {
            let c = c.clone();
            let (p, k) = (project.clone(), w.workflow_key.clone());
            async move { (k.clone(), api::list_tasks(&c, &p, &k, 1, RECENT).await) }
        }))
        .await;
        for (key, list) in lists {
            let list = match list {
                Ok(l) => l,
                Err(e) => {
                    note(e)?;
                    continue;
                }
            };
            for t in list
                .workflow_tasks
                .iter()
                .filter(|t| !Status::parse(&t.status).is_finished())
            {
                let detail = match api::task_detail(&c, &key, t.task_id).await {
                    Ok(d) => d,
                    Err(e) => {
                        note(e)?;
                        continue;
                    }
                };
                {
                    for p in pending_for(&detail, &me, now_secs()) {
                        items.push(Item {
                            workflow: key.clone(),
                            display_name: detail.display_name.clone(),
                            task: t.task_id,
                            pending: p,
                        });
                    }
                }
            }
        }
    }
    items.sort_by_key(|i| i.pending.started);
    Ok(Found {
        items,
        failed,
        first_error,
    })
}

/// The approvals page.
#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let ctx = use_ctx();
    let project = use_place().project;
    let me = Memo::new(move |_| ctx.token.get().and_then(|t| token::identity(&t)));
    let items = crate::hooks::Fetch::new(move || {
        let (c, p, me) = (ctx.client(), project.get(), me.get());
        async move {
            match me {
                Some(me) => collect(c, p, me).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // The last answer stays on screen while the next one is fetched, and when a refresh fails.
    let kept = use_polled(10_000, items, |_| true, |_| true);
    let last = kept.shown;
    let shown = Memo::new(move |_| {
        last.with(|l| match l {
            None => Shown::Loading,
            Some(Err(e)) => Shown::Failed(e.clone()),
            Some(Ok(None)) => Shown::NoUser,
            Some(Ok(Some(_))) => Shown::Found,
        })
    });
    let found = move || last.with(|l| l.as_ref().and_then(|r| r.as_ref().ok().cloned().flatten()));
    let list = Memo::new(move |_| found().map(|f| f.items).unwrap_or_default());
    let failed = Memo::new(move |_| found().map_or(0, |f| f.failed));
    let partial = Memo::new(move |_| found().and_then(|f| f.first_error.map(|e| (f.failed, e))));
    let now = use_now();
    view! {
        <section class="page">
            <nav class="crumbs">
                <a href=move || ctx.href(&Route::workflows(&project.get()))>{ctx.tr(T::BackToWorkflows)}</a>
            </nav>
            <header class="page-head">
                <h1>{ctx.tr(T::MyApprovals)} <span class="muted">" · " {move || project.get()}</span></h1>
                <p class="muted">{ctx.tr(T::MyApprovalsHint)}</p>
            </header>
            {move || kept.stale.get().map(|e| view! {
                <Stale error=e message=T::ListStale retry=kept.retry() testid="approvals-stale"/>
            })}
            {move || match shown.get() {
                Shown::Loading => view! { <Loading/> }.into_any(),
                Shown::Failed(e) => view! { <ErrorBanner error=e retry=kept.retry()/> }.into_any(),
                Shown::NoUser => view! {
                    <div class="empty-state"><p>{ctx.t(T::BlockUnknown)}</p>
                        <a class="btn" href=ctx.href(&Route::Settings { back: None })>{ctx.t(T::GoToSettings)}</a></div>
                }.into_any(),
                Shown::Found => view! {
                    {move || partial.get().map(|(failed, e)| view! {
                        <div data-testid="approvals-partial">
                            <p class="notice inline warn">{T::ApprovalsPartial.fill(ctx.locale.get_untracked(), &[("count", &failed.to_string())])}</p>
                            <ErrorBanner error=e retry=kept.retry()/>
                        </div>
                    })}
                    <ApprovalTable list=list project=project now=now failed=failed/>
                }.into_any(),
            }}
        </section>
    }
}

/// What the page shows, apart from the rows: changes only when the kind of answer does, so a
/// poll that finds the same kind of answer redraws only the rows that changed.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Failed(ApiError),
    /// Who the person is is unknown (no user in the token or settings).
    NoUser,
    Found,
}

#[component]
fn ApprovalTable(
    list: Memo<Vec<Item>>,
    project: Memo<String>,
    now: ReadSignal<i64>,
    failed: Memo<usize>,
) -> impl IntoView {
    let ctx = use_ctx();
    let empty = Memo::new(move |_| list.with(Vec::is_empty));
    move || {
        match (empty.get(), failed.get()) {
        (true, 0) => view! {
            <div class="empty-state" data-testid="approvals-empty"><p>{ctx.t(T::NoApprovals)}</p></div>
        }.into_any(),
        (true, _) => view! { <p class="muted">{ctx.t(T::ApprovalsNoneFound)}</p> }.into_any(),
        (false, _) => view! {
            <table class="table">
                <thead><tr>
                    <th>{ctx.t(T::Workflows)}</th><th>{ctx.t(T::TaskId)}</th><th>{ctx.t(T::ApprovalTitle)}</th><th>{ctx.t(T::TimeLeft)}</th>
                </tr></thead>
                <tbody>
                    <For each=move || list.get() key=|i| (i.workflow.clone(), i.task, i.pending.key.clone()) let:i>
                        <ApprovalRow item=i project=project now=now/>
                    </For>
                </tbody>
            </table>
        }.into_any(),
    }
    }
}

/// One approval waiting; its time left counts down from when it was first fetched.
#[component]
fn ApprovalRow(item: Item, project: Memo<String>, now: ReadSignal<i64>) -> impl IntoView {
    let ctx = use_ctx();
    let i = item;
    let href = ctx.href(&Route::job(
        &project.get_untracked(),
        &i.workflow,
        i.task,
        &JobTaskName::from(&i.pending.key),
    ));
    let left0 = i.pending.time_left;
    let fetched = now_secs();
    view! {
        <tr data-testid="approval-row" data-workflow=i.workflow.clone() data-task=i.task.to_string()>
            <td>{title(&i.workflow, &i.display_name).to_string()}</td>
            <td><a href=href>"#"{i.task}</a></td>
            <td>{i.pending.label.clone()}</td>
            <td class="mono">{move || match left0 {
                Some(l) => duration((l - (now.get() - fetched)).max(0)),
                None => "—".to_string(),
            }}</td>
        </tr>
    }
}
