//! `/projects/:project/approvals`: every task of the project waiting for the signed-in person,
//! oldest first, with the time left.

use crate::routes::{use_place, Route};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Loading};
use crate::domain::approval::{pending_for, Pending};
use crate::domain::status::Status;
use crate::domain::time::duration;
use crate::domain::token;
use crate::hooks::{now_secs, use_now, use_polled_resource};
use crate::i18n::T;
use crate::state::use_ctx;

/// Tasks per workflow looked at (the newest).
const RECENT: u32 = 20;

#[derive(Clone, Debug, PartialEq)]
struct Item {
    workflow: String,
    workflow_name: String,
    task: i64,
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
                            workflow_name: detail.workflow_name.clone(),
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
    let items = LocalResource::new(move || {
        let (c, p, me) = (ctx.client(), project.get(), me.get());
        async move {
            match me {
                Some(me) => collect(c, p, me).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let last = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(r) = items.get() {
            last.set(Some(r));
        }
    });
    use_polled_resource(10_000, || true, items);
    let now = use_now();
    view! {
        <section class="page">
            <nav class="crumbs">
                <a href=move || ctx.href(&Route::workflows(&project.get()))>{move || ctx.t(T::BackToWorkflows)}</a>
            </nav>
            <header class="page-head">
                <h1>{move || ctx.t(T::MyApprovals)} <span class="muted">" · " {move || project.get()}</span></h1>
                <p class="muted">{move || ctx.t(T::MyApprovalsHint)}</p>
            </header>
            {move || match last.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=e retry=Callback::new(move |_| items.refetch())/> }.into_any(),
                Some(Ok(None)) => view! {
                    <div class="empty-state"><p>{ctx.t(T::BlockUnknown)}</p>
                        <a class="btn" href=ctx.href(&Route::Settings { back: None })>{ctx.t(T::GoToSettings)}</a></div>
                }.into_any(),
                Some(Ok(Some(found))) => {
                    let Found { items: list, failed, first_error } = found;
                    view! {
                        {first_error.map(|e| view! {
                            <div data-testid="approvals-partial">
                                <p class="notice inline warn">{T::ApprovalsPartial.fill(ctx.locale.get_untracked(), &[("count", &failed.to_string())])}</p>
                                <ErrorBanner error=e retry=Callback::new(move |_| items.refetch())/>
                            </div>
                        })}
                        <ApprovalTable list=list project=project now=now failed=failed/>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ApprovalTable(
    list: Vec<Item>,
    project: Memo<String>,
    now: ReadSignal<i64>,
    failed: usize,
) -> impl IntoView {
    let ctx = use_ctx();
    match list.is_empty() {
                true if failed == 0 => view! {
                    <div class="empty-state" data-testid="approvals-empty"><p>{ctx.t(T::NoApprovals)}</p></div>
                }.into_any(),
                true => view! { <p class="muted">{ctx.t(T::ApprovalsNoneFound)}</p> }.into_any(),
                false => view! {
                    <table class="table">
                        <thead><tr>
                            <th>{ctx.t(T::Workflows)}</th><th>{ctx.t(T::TaskId)}</th><th>{ctx.t(T::ApprovalTitle)}</th><th>{ctx.t(T::TimeLeft)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|i| {
                                let href = ctx.href(&Route::job(&project.get_untracked(), &i.workflow, i.task, &i.pending.key));
                                let left0 = i.pending.time_left;
                                let fetched = now_secs();
                                view! {
                                    <tr data-testid="approval-row" data-workflow=i.workflow.clone() data-task=i.task.to_string()>
                                        <td>{if i.workflow_name.is_empty() { i.workflow.clone() } else { i.workflow_name.clone() }}</td>
                                        <td><a href=href>"#"{i.task}</a></td>
                                        <td>{i.pending.label.clone()}</td>
                                        <td class="mono">{move || match left0 {
                                            Some(l) => duration((l - (now.get() - fetched)).max(0)),
                                            None => "—".to_string(),
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
    }
}
