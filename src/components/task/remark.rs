//! A task's remark, shown and edited in place; what was typed stays on an error.

use leptos::prelude::*;

use super::current;
use crate::api::types::TaskDetail;
use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::i18n::T;
use crate::state::{use_ctx, Notice};

/// The task's remark.
#[component]
pub fn Remark(task: Memo<Option<TaskDetail>>, on_change: Callback<()>) -> impl IntoView {
    let ctx = use_ctx();
    let editing = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    // A write: it runs to its answer even when the page is left meanwhile.
    let save = Action::new_local(move |t: &String| {
        let ids = task.with_untracked(|t| t.as_ref().map(|t| (t.workflow_key.clone(), t.task_id)));
        let (c, t) = (ctx.client_untracked(), t.clone());
        async move {
            let Some((wf, id)) = ids else {
                return;
            };
            match api::set_remark(&c, &wf, id, &t).await {
                Ok(()) => {
                    editing.set(false);
                    error.set(None);
                    on_change.try_run(());
                }
                // The text stays in the field so nothing typed is lost.
                Err(e) => {
                    if let Some(Some(error)) = error.try_set(Some(e)) {
                        // The page was left meanwhile.
                        ctx.notify(Notice::Failed {
                            what: T::NoticeRemarkNotSaved,
                            error,
                        });
                    }
                }
            }
        }
    });
    let saving = save.pending();
    let start_edit = move |_| {
        text.set(current(task).remark);
        editing.set(true);
    };
    view! {
        <div class="remark" data-testid="task-remark">
            <Show when=move || editing.get() fallback=move || view! {
                <span class="muted">{ctx.tr(T::Remark)} ": "</span>
                <span data-testid="remark-text">{move || { let r = current(task).remark; if r.is_empty() { "—".to_string() } else { r } }}</span>
                " " <button class="link-btn" data-testid="remark-edit" on:click=start_edit>{ctx.tr(T::Edit)}</button>
            }>
                <div class="row">
                    <input data-testid="remark-input" prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())/>
                    <button class="btn primary" data-testid="remark-save" disabled=move || saving.get() on:click=move |_| { save.dispatch(text.get_untracked()); }>{ctx.tr(T::Save)}</button>
                    <button class="btn" on:click=move |_| editing.set(false)>{ctx.tr(T::Close)}</button>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
        </div>
    }
}
