//! `/projects/:project/workflows/:workflow/tasks/:a/compare/:b`: two tasks' inputs side by side.

use leptos::prelude::*;

use crate::api::types::{TaskId, WorkflowKey};
use crate::components::run_diff::finished_detail;
use crate::components::{CompareHead, Read, RunDiffTable, WorkflowCrumbs};
use crate::hooks::Fetch;
use crate::i18n::T;
use crate::routes::{use_place, use_route, Place, Route};
use crate::state::use_ctx;

#[component]
pub fn ComparePage() -> impl IntoView {
    let ctx = use_ctx();
    let route = use_route();
    let Place {
        project, workflow, ..
    } = use_place();
    // The pair stays as it was while the route moves on to another screen (nothing is fetched
    // for a page that is going away).
    let shown = Memo::new(move |prev: Option<&(WorkflowKey, TaskId, TaskId)>| {
        route.with(|r| match r {
            Some(Route::Compare { workflow, a, b, .. }) => (workflow.clone(), *a, *b),
            _ => prev.cloned().unwrap_or_default(),
        })
    });
    let pair = Memo::new(move |_| shown.with(|(_, a, b)| (*a, *b)));
    let both = Fetch::new(move || {
        let (c, (w, a, b)) = (ctx.client(), shown.get());
        async move {
            let da = finished_detail(&c, &w, a).await?;
            let db = finished_detail(&c, &w, b).await?;
            Ok((da, db))
        }
    });
    let swap = move || {
        let (a, b) = pair.get();
        ctx.href(&Route::Compare {
            project: project.get(),
            workflow: workflow.get(),
            a: b,
            b: a,
        })
    };
    view! {
        <section class="page compare-page">
            <WorkflowCrumbs project=project workflow=workflow/>
            <header class="page-head row">
                <h1>{move || {
                    let (a, b) = pair.get();
                    T::CompareTitle.fill(ctx.locale.get(), &[("a", &a.to_string()), ("b", &b.to_string())])
                }}</h1>
                <span class="spacer"></span>
                <a class="btn" href=swap data-testid="compare-swap">{ctx.tr(T::CompareSwap)}</a>
            </header>
            <Read resource=both show=move |(a, b)| {
                let p = project.get_untracked();
                view! {
                    <div class="compare-heads row">
                        <CompareHead project=p.clone() task=a.clone()/>
                        <span class="muted">"→"</span>
                        <CompareHead project=p task=b.clone()/>
                    </div>
                    <RunDiffTable a=a b=b/>
                }
            }/>
        </section>
    }
}
