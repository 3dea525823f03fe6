//! One job of the run: switched on or off (as its run policy allows), its fields, and its
//! service or module groups.

use leptos::prelude::*;

use super::fields::{problem_text, Fields};
use crate::domain::run::{Group, Issue, JobSection, Note, Policy, Values};
use crate::i18n::T;
use crate::state::use_ctx;

#[component]
pub(super) fn JobView(
    job: JobSection,
    values: RwSignal<Values>,
    issues: Memo<Vec<Issue>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let key = job.key();
    let name = job.name.clone();
    let on = {
        let job = job.clone();
        move || values.with(|v| job.on(v))
    };
    let toggle = {
        let key = key.clone();
        move |checked: bool| {
            values.update(|v| {
                v.insert(key.clone(), if checked { "1" } else { "0" }.into());
            })
        }
    };
    let err_key = key.clone();
    let error = move || {
        issues.with(|is| {
            is.iter()
                .find(|i| i.key == err_key)
                .map(|i| i.problem.clone())
        })
    };
    let policy_tag = match job.policy {
        Policy::Forced => Some(T::PolicyForceRun),
        Policy::Off => Some(T::PolicyDefaultNotRun),
        Policy::Normal => None,
    };
    let note = job.note.clone().map(|n| match n {
        Note::FromJob(j) => {
            view! { <p class="muted">{ctx.tr(T::RunFromJob)} " " <code>{j.clone()}</code></p> }
                .into_any()
        }
        Note::Approval => view! { <p class="muted">{ctx.tr(T::RunApprovalNote)}</p> }.into_any(),
        Note::NoInput => view! { <p class="muted">{ctx.tr(T::RunNoInput)}</p> }.into_any(),
        Note::AllModulesRun => view! { <p class="muted">{ctx.tr(T::RunAllModules)}</p> }.into_any(),
        Note::NotRunnable => view! { <p class="muted">{ctx.tr(T::RunNotRunnable)}</p> }.into_any(),
    });
    let toggleable = job.toggleable();
    let (fields, groups) = (job.fields.clone(), job.groups.clone());
    // A memo: the body is rebuilt when the job is switched, not on every keystroke.
    let on = Memo::new(move |_| on());
    let on2 = on;
    view! {
        <div class="run-job" data-testid="run-job-section" data-job=name.clone() data-type=job.kind.to_string() class:off=move || !on.get()>
            <div class="run-job-head">
                <label class="check">
                    <input type="checkbox" data-field=key.clone() disabled=!toggleable prop:checked=on
                        on:change:target=move |ev| toggle(ev.target().checked())/>
                    <strong>{name.clone()}</strong>
                </label>
                <span class="tag">{job.kind.to_string()}</span>
                <span class="muted">{ctx.tr(T::Stage)} ": " {job.stage.clone()}</span>
                {policy_tag.map(|t| view! { <span class="tag">{move || ctx.t(t)}</span> })}
            </div>
            {move || error().map(|p| view! { <small class="field-error" data-error-for=key.clone()>{ctx.t(problem_text(&p))}</small> })}
            {note}
            {move || on2.get().then(|| view! {
                <div class="run-job-body">
                    <Fields fields=fields.clone() values=values issues=issues/>
                    {groups.clone().into_iter().map(|g| view! { <GroupView g=g values=values issues=issues/> }).collect_view()}
                </div>
            })}
        </div>
    }
}

#[component]
fn GroupView(g: Group, values: RwSignal<Values>, issues: Memo<Vec<Issue>>) -> impl IntoView {
    let key = g.key.to_string();
    let selectable = g.selectable;
    let on = {
        let g = g.clone();
        move || values.with(|v| g.on(v))
    };
    let fields = g.fields.clone();
    let on = Memo::new(move |_| on());
    let k2 = key.clone();
    view! {
        <div class="run-group" data-group=g.title.clone()>
            <label class="check run-group-head">
                {selectable.then(|| view! {
                    <input type="checkbox" data-field=k2.clone() prop:checked=on
                        on:change:target=move |ev| { let c = ev.target().checked(); values.update(|v| { v.insert(key.clone(), if c { "1" } else { "0" }.into()); }) }/>
                })}
                <code>{g.title.clone()}</code>
            </label>
            {move || (on.get() && !fields.is_empty()).then(|| view! { <div class="run-group-body"><Fields fields=fields.clone() values=values issues=issues/></div> })}
        </div>
    }
}
