//! `/approvals`, the inbox: every task waiting for the signed-in person's approval in every
//! project they can see, oldest first, decided in place. `/projects/:project/approvals` is the
//! same list for one project. Both read the app's inbox (`crate::inbox`), which the count in
//! the top bar reads too.

use leptos::prelude::*;

use crate::api::types::{JobTaskName, TaskDetail};
use crate::components::{ApprovalDialog, ErrorBanner, Loading, Stale};
use crate::domain::inbox::Waiting;
use crate::domain::time::duration;
use crate::domain::workflows::title;
use crate::hooks::use_now;
use crate::i18n::T;
use crate::inbox::{use_slot, Answer, Inbox};
use crate::routes::{use_route, Route};
use crate::state::use_ctx;

/// The inbox screen.
#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let route = use_route();
    // The project of `/projects/:p/approvals`; `None` for the inbox across projects. Kept while
    // another screen's code is fetched.
    let project = Memo::new(move |prev: Option<&Option<String>>| {
        route.with(|r| match r {
            Some(Route::Approvals { project }) => project.clone(),
            _ => prev.cloned().flatten(),
        })
    });
    // The inbox starts with the background part: a visit that opens here asks for it at once.
    crate::components::background::want_background();
    let slot = use_slot();
    move || match slot.and_then(|s| s.get()) {
        Some(inbox) => view! { <InboxScreen inbox project/> }.into_any(),
        None => view! { <crate::components::Loading/> }.into_any(),
    }
}

#[component]
fn InboxScreen(inbox: Inbox, project: Memo<Option<String>>) -> impl IntoView {
    let ctx = use_ctx();
    let kept = inbox.kept;
    // A visit looks afresh: what was found a while ago is shown meanwhile.
    inbox.opened();
    on_cleanup(move || inbox.closed());
    let shown = Memo::new(move |_| {
        kept.shown.with(|l| match l {
            // Nothing looked at yet: a first look that failed is the page's error.
            None | Some(Ok(Answer::NotLooked)) => match kept.stale.get() {
                Some(e) => Shown::Failed(e),
                None => Shown::Loading,
            },
            Some(Err(e)) => Shown::Failed(e.clone()),
            Some(Ok(Answer::NoUser)) => Shown::NoUser,
            Some(Ok(Answer::Found(_))) => Shown::Found,
        })
    });
    let found = move || inbox.found();
    let list = Memo::new(move |_| {
        let only = project.get();
        found()
            .map(|f| f.items)
            .unwrap_or_default()
            .into_iter()
            .filter(|w| only.as_ref().is_none_or(|p| *p == w.project))
            .collect::<Vec<_>>()
    });
    let failed = Memo::new(move |_| found().map_or(0, |f| f.failed));
    let partial = Memo::new(move |_| found().and_then(|f| f.first_error.map(|e| (f.failed, e))));
    view! {
        <section class="page inbox">
            {move || project.get().map(|p| view! {
                <nav class="crumbs">
                    <a href=ctx.href(&Route::workflows(&p))>{ctx.tr(T::BackToWorkflows)}</a>
                </nav>
            })}
            <header class="page-head">
                <h1>{ctx.tr(T::MyApprovals)} {move || project.get().map(|p| view! { <span class="muted">" · " {p}</span> })}</h1>
                <p class="muted">{move || ctx.t(if project.get().is_some() { T::MyApprovalsHint } else { T::InboxHint })}</p>
            </header>
            {move || kept.stale.get().filter(|_| shown.get() == Shown::Found).map(|e| view! {
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
                    <InboxTable list=list failed=failed across=Signal::derive(move || project.get().is_none())
                        on_done=Callback::new(move |_| inbox.refresh())/>
                }.into_any(),
            }}
        </section>
    }
}

/// What the page shows, apart from the rows: changes only when the kind of answer does, so a
/// refresh redraws only the rows that changed.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Failed(crate::api::ApiError),
    /// Who the person is is unknown (no user in the token).
    NoUser,
    Found,
}

/// The approvals waiting, one row each, with the dialog that decides one.
#[component]
pub fn InboxTable(
    list: Memo<Vec<Waiting>>,
    /// Lookups that failed (an empty list then does not say "nothing waiting").
    failed: Memo<usize>,
    /// Rows name their project (the inbox across projects).
    #[prop(into)]
    across: Signal<bool>,
    /// After a decision was recorded.
    on_done: Callback<()>,
) -> impl IntoView {
    let ctx = use_ctx();
    let now = use_now();
    let empty = Memo::new(move |_| list.with(Vec::is_empty));
    // The row being decided: its key, and the task as it was read.
    let deciding: RwSignal<Option<(String, TaskDetail)>> = RwSignal::new(None);
    let task = Memo::new(move |_| deciding.with(|d| d.as_ref().map(|(_, t)| t.clone())));
    let open = Callback::new(move |w: Waiting| {
        deciding.set(Some((w.pending.key.clone(), (*w.detail).clone())));
    });
    view! {
        {move || match (empty.get(), failed.get()) {
            (true, 0) => view! {
                <div class="empty-state" data-testid="approvals-empty"><p>{ctx.t(T::NoApprovals)}</p></div>
            }.into_any(),
            (true, _) => view! { <p class="muted">{ctx.t(T::ApprovalsNoneFound)}</p> }.into_any(),
            (false, _) => view! {
                <table class="table inbox-table">
                    <thead><tr>
                        <Show when=move || across.get()><th>{ctx.tr(T::Project)}</th></Show>
                        <th>{ctx.tr(T::Workflow)}</th><th>{ctx.tr(T::TaskId)}</th><th>{ctx.tr(T::ApprovalTitle)}</th>
                        <th>{ctx.tr(T::StartedBy)}</th><th>{ctx.tr(T::TimeLeft)}</th><th><span class="sr-only">{ctx.tr(T::Actions)}</span></th>
                    </tr></thead>
                    <tbody>
                        <For each=move || list.get() key=Waiting::key let:w>
                            <InboxRow w=w across=across now=now on_open=open/>
                        </For>
                    </tbody>
                </table>
            }.into_any(),
        }}
        {move || deciding.with(|d| d.as_ref().map(|(k, _)| k.clone())).map(|key| view! {
            <ApprovalDialog key=key task=task on_close=Callback::new(move |_| deciding.set(None)) on_done=on_done/>
        })}
    }
}

/// One approval waiting; its time left counts down from when it was found.
#[component]
fn InboxRow(
    w: Waiting,
    across: Signal<bool>,
    now: ReadSignal<i64>,
    on_open: Callback<Waiting>,
) -> impl IntoView {
    let ctx = use_ctx();
    let job = ctx.href(&Route::job(
        &w.project,
        &w.workflow,
        w.task,
        &JobTaskName::from(&w.pending.key),
    ));
    let workflow = ctx.href(&Route::Workflow {
        project: w.project.clone(),
        workflow: w.workflow.clone(),
        history: Default::default(),
    });
    let project = ctx.href(&Route::workflows(&w.project));
    let name = title(&w.workflow, &w.display_name).to_string();
    let left = {
        let w = w.clone();
        move || {
            w.left_at(now.get())
                .map(duration)
                .unwrap_or_else(|| "—".into())
        }
    };
    let urgent = {
        let w = w.clone();
        move || w.left_at(now.get()).is_some_and(|l| l < 600)
    };
    let decide_label = {
        let (name, task) = (name.clone(), w.task.to_string());
        move || T::DecideOne.fill(ctx.locale.get(), &[("workflow", &name), ("task", &task)])
    };
    let row = w.clone();
    let project_key = w.project.clone();
    view! {
        <tr data-testid="inbox-row" data-project=w.project.clone() data-workflow=w.workflow.to_string()
            data-task=w.task.to_string() data-key=w.pending.key.clone()>
            <Show when=move || across.get()><td data-label=ctx.tr(T::Project)><a href=project.clone()>{project_key.clone()}</a></td></Show>
            <td data-label=ctx.tr(T::Workflow)><a href=workflow>{name}</a></td>
            <td data-label=ctx.tr(T::TaskId)><a href=job data-testid="inbox-task">"#"{w.task}</a></td>
            <td data-label=ctx.tr(T::ApprovalTitle)>{w.pending.label.clone()}</td>
            <td data-label=ctx.tr(T::StartedBy)>{w.creator.clone()}</td>
            <td class="mono" class:warn=urgent data-testid="inbox-left" data-label=ctx.tr(T::TimeLeft)>{left}</td>
            <td class="inbox-actions"><button type="button" class="btn primary" data-testid="inbox-decide" aria-label=decide_label
                on:click=move |_| on_open.run(row.clone())>{ctx.tr(T::Decide)}</button></td>
        </tr>
    }
}
