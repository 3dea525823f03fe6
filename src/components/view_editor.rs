//! Create, edit and delete workflow views.

use leptos::prelude::*;

use crate::api::types::{WorkflowKey, WorkflowSummary};
use crate::api::{self, ApiError};
use crate::components::{Dialog, ErrorBanner, Read};
use crate::domain::views::{check_name, create_body, update_body, ViewError};
use crate::domain::workflows::title;
use crate::i18n::T;
use crate::state::{use_ctx, Notice};

/// What the editor is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewEdit {
    Create,
    /// Edit the view of this name, which holds these workflow keys.
    Edit(String, Vec<WorkflowKey>),
    Delete(String),
}

/// The view editor dialog.
#[component]
pub fn ViewEditor(
    /// The project.
    #[prop(into)]
    project: String,
    /// What to do.
    edit: ViewEdit,
    /// Names of the existing views (to refuse duplicates).
    existing: Vec<String>,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called with the view to show after a change (empty: All).
    on_saved: Callback<String>,
) -> impl IntoView {
    let ctx = use_ctx();
    let project = StoredValue::new(project);
    let deleting = matches!(edit, ViewEdit::Delete(_));
    // Choosing workflows needs the project's list; deleting a view needs nothing more.
    let all = (!deleting).then(|| {
        crate::hooks::Fetch::new(move || {
            let c = ctx.client_untracked();
            async move { api::list_workflows(&c, &project.get_value(), None).await }
        })
    });
    let (initial_name, before) = match &edit {
        ViewEdit::Edit(n, keys) => (n.clone(), keys.clone()),
        ViewEdit::Delete(n) => (n.clone(), vec![]),
        ViewEdit::Create => (String::new(), vec![]),
    };
    let name = RwSignal::new(initial_name.clone());
    let chosen = RwSignal::new(before.clone());
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let dialog_ref = NodeRef::<leptos::html::Div>::new();
    let creating = edit == ViewEdit::Create;
    let name_error = Memo::new(move |_| {
        if creating {
            check_name(&name.get(), &existing).err()
        } else {
            None
        }
    });
    // A write: it finishes even when the dialog is closed meanwhile, and says how it went.
    let save = Action::new_local(move |list: &Vec<WorkflowSummary>| {
        let (c, p, n, picked, before, list) = (
            ctx.client_untracked(),
            project.get_value(),
            name.get_untracked(),
            chosen.get_untracked(),
            before.clone(),
            list.clone(),
        );
        async move {
            let r = if deleting {
                api::delete_view(&c, &p, &n).await
            } else if creating {
                api::create_view(&c, &create_body(&p, &n, &list, &picked)).await
            } else {
                api::update_view(&c, &p, &n, &update_body(&list, &before, &picked)).await
            };
            let here = crate::hooks::still_shown(dialog_ref);
            match r {
                Ok(()) => {
                    on_saved.try_run(if deleting {
                        String::new()
                    } else {
                        n.trim().to_string()
                    });
                    on_close.try_run(());
                    if !here {
                        ctx.notify(Notice::Done(T::NoticeViewSaved));
                    }
                }
                Err(e) if !here => ctx.notify(Notice::Failed {
                    what: T::NoticeViewNotSaved,
                    error: e,
                }),
                // Everything chosen stays as it is.
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let busy = save.pending();
    // Saving waits for the list it writes against: until it is in, the button says so by being
    // disabled rather than swallowing the click.
    let list_in = move || all.is_none_or(|a| a.with(|r| matches!(r, Some(Ok(_)))));
    let on_save = move |_| {
        if name_error.get_untracked().is_some() {
            return;
        }
        match all.map(|a| a.get_untracked()) {
            None => {
                save.dispatch(Vec::new());
            }
            Some(Some(Ok(list))) => {
                save.dispatch(list);
            }
            Some(_) => {}
        }
    };
    let title = move || {
        ctx.t(if deleting {
            T::DeleteView
        } else if creating {
            T::NewView
        } else {
            T::EditView
        })
    };
    view! {
        <Dialog testid="view-editor" node_ref=dialog_ref on_close=on_close>
            <h2>{title}</h2>
            {match all {
                None => view! { <p>{ctx.tr(T::DeleteViewHint)} " " <code>{initial_name.clone()}</code></p> }.into_any(),
                Some(all) => view! {
                    <label class="field">
                        <span>{ctx.tr(T::Name)}</span>
                        <input data-testid="view-name" prop:value=move || name.get() disabled=!creating
                            on:input:target=move |ev| name.set(ev.target().value())/>
                        {move || name_error.get().map(|e| view! {
                            <small class="field-error" data-testid="view-name-error">{ctx.t(match e { ViewError::NameMissing => T::ViewNameMissing, ViewError::NameTaken => T::ViewNameTaken })}</small>
                        })}
                    </label>
                    <div class="view-choices">
                        <Read resource=all show=move |list| choices(list, chosen)/>
                    </div>
                }.into_any(),
            }}
            {move || error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
            <div class="row">
                <button class=if deleting { "btn danger" } else { "btn primary" } data-testid="view-save"
                    disabled=move || { busy.get() || name_error.get().is_some() || !list_in() } on:click=on_save>
                    {move || ctx.t(if deleting { T::DeleteView } else { T::Save })}</button>
                <button class="btn" on:click=move |_| on_close.run(())>{ctx.tr(T::Close)}</button>
            </div>
        </Dialog>
    }
}

/// One checkbox per workflow of the project, ticked when `chosen` holds its key.
fn choices(list: Vec<WorkflowSummary>, chosen: RwSignal<Vec<WorkflowKey>>) -> impl IntoView {
    list.into_iter()
        .map(|w| {
            let key = w.workflow_key.clone();
            let k2 = key.clone();
            let toggle = move |on: bool| {
                chosen.update(|c| {
                    c.retain(|x| x != &k2);
                    if on {
                        c.push(k2.clone());
                    }
                })
            };
            view! {
                <label class="check view-choice">
                    <input type="checkbox" data-testid="view-workflow" data-workflow=key.clone()
                        prop:checked=move || chosen.with(|c| c.contains(&key))
                        on:change:target=move |ev| toggle(ev.target().checked())/>
                    {title(&w.workflow_key, &w.display_name).to_string()}
                    " " <code class="wf-key">{w.workflow_key.clone()}</code>
                </label>
            }
        })
        .collect_view()
}
