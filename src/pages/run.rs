//! `/projects/:project/workflows/:workflow/run`: the run form as a page. `?from=<task id>`
//! pre-fills from a past task; other query keys are form paths (see README).

use crate::nav::use_query_map;
use crate::routes::{use_place, Place};
use leptos::prelude::*;

use crate::api::types::TaskId;
use crate::components::{RunForm, WorkflowCrumbs};
use crate::i18n::T;
use crate::state::use_ctx;

#[component]
pub fn RunPage() -> impl IntoView {
    let ctx = use_ctx();
    let q = use_query_map();
    let Place {
        project, workflow, ..
    } = use_place();
    // The form reads the link once: later URL changes (none are made here) do not reset it.
    let from = q.with_untracked(|q| q.get("from").and_then(|s| s.trim().parse::<TaskId>().ok()));
    let query: Vec<(String, String)> = q.with_untracked(|q| q.pairs().to_vec());
    view! {
        <section class="page">
            <WorkflowCrumbs project=project workflow=workflow/>
            <header class="page-head">
                <h1>{move || ctx.t(if from.is_some() { T::RunAgain } else { T::RunTitle })} " " <code class="wf-key">{move || workflow.get().to_string()}</code></h1>
            </header>
            {move || {
                let (p, w, query) = (project.get(), workflow.get(), query.clone());
                view! { <RunForm project=p workflow=w from=from query=query/> }
            }}
        </section>
    }
}
