//! Widgets shared by pages.

mod approval_dialog;
pub mod background;
mod clamped;
pub mod dialog;
mod embed_notices;
mod error_banner;
mod gantt;
mod ids;
mod log_diff;
pub mod log_view;
pub mod notices;
mod read;
pub mod run_diff;
mod run_form;
mod share;
mod ships;
mod shortcuts;
pub mod sign_in_banner;
mod status_badge;
pub mod task;
mod task_history;
mod task_search;
mod view_editor;
mod watch_toggle;
mod welcome;

pub use approval_dialog::ApprovalDialog;
pub use clamped::Clamped;
pub use dialog::{Dialog, TypeToConfirm};
pub use embed_notices::{EmbedWaiting, OriginProblems};
pub use error_banner::{error_text, ErrorBanner, Stale};
pub use gantt::Gantt;
pub use log_diff::{LogDiffView, StaticLogDiff};
pub use log_view::{LogView, StaticLog};
pub use notices::Notices;
pub use read::Read;
pub use run_diff::{ChangedSince, CompareHead, DiffChip, RunDiffSummary, RunDiffTable};
pub use run_form::{RunDialog, RunForm, RunFormView};
pub use share::CopyMarkdown;
pub use ships::WhatShips;
pub use shortcuts::Shortcuts;
pub use sign_in_banner::SignInBanner;
pub use status_badge::StatusBadge;
pub use task_history::TaskHistory;
pub use task_search::TaskSearch;
pub use view_editor::{ViewEdit, ViewEditor};
pub use watch_toggle::WatchToggle;
pub use welcome::Welcome;

use leptos::prelude::*;

/// A `<For>` key over a row's whole content: the row is drawn anew only when something in it
/// changed (or it moved, when its position is part of the item).
pub fn content_key<T: std::hash::Hash>(item: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    item.hash(&mut h);
    h.finish()
}

use crate::i18n::T;
use crate::state::use_ctx;

/// The way back from a screen under a workflow: the project's workflows, then the workflow.
#[component]
pub fn WorkflowCrumbs(
    project: Memo<String>,
    workflow: Memo<crate::api::types::WorkflowKey>,
) -> impl IntoView {
    let ctx = use_ctx();
    use crate::routes::Route;
    view! {
        <nav class="crumbs">
            <a href=move || ctx.href(&Route::workflows(&project.get()))>{ctx.tr(T::BackToWorkflows)}</a>
            " / "
            <a href=move || ctx.href(&Route::workflow(&project.get(), &workflow.get()))>{move || workflow.get().to_string()}</a>
        </nav>
    }
}

/// A quiet loading line with a skeleton bar.
#[component]
pub fn Loading() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="skeleton"></span>
            <span class="muted">{ctx.tr(T::Loading)}</span>
        </div>
    }
}
