//! The form's fields: text, lists, numbers, choices, checks, multi-line text and credentials
//! (drawn as dots, never pre-filled), with their problems next to them.

use leptos::prelude::*;

use crate::domain::run::{Choice, Field, Issue, Kind, Label, Place, Problem, Values};
use crate::i18n::T;
use crate::state::{use_ctx, Ctx};

pub(super) fn label_text(ctx: Ctx, l: &Label) -> String {
    let t = match l {
        Label::Raw(s) => return s.clone(),
        Label::Registry => T::LRegistry,
        Label::Environment => T::FactEnv,
        Label::Branch => T::LBranch,
        Label::Prs => T::LPrs,
        Label::Commit => T::FactCommit,
        Label::CodeHost => T::LCodeHost,
        Label::Image => T::FactImage,
        Label::MergeStrategy => T::LMergeStrategy,
        Label::Database => T::LDatabase,
        Label::Sql => T::LSql,
        Label::TapdProject => T::LTapdProject,
        Label::TapdStatus => T::LTapdStatus,
        Label::TapdIterations => T::LTapdIterations,
        Label::VmFile => T::LVmFile,
        Label::ChangeNotify => T::LChangeNotify,
        Label::NotifyEnabled => T::LNotifyEnabled,
        Label::AtUsers => T::LAtUsers,
        Label::AtAll => T::LAtAll,
        Label::ChatId => T::LChatId,
        Label::IdType => T::LIdType,
        Label::Mobiles => T::LMobiles,
        Label::Emails => T::LEmails,
        Label::UserIds => T::LUserIds,
        Label::Recipients => T::LRecipients,
    };
    ctx.t(t).to_string()
}

pub(super) fn problem_text(p: &Problem) -> T {
    match p {
        Problem::Required => T::ProbRequired,
        Problem::NotAChoice => T::ProbNotAChoice,
        Problem::NotNumbers => T::ProbNotNumbers,
        Problem::NoneSelected => T::ProbNoneSelected,
        Problem::ForcedNotRunnable => T::ProbForced,
        Problem::NothingToRun => T::RunNothing,
    }
}

/// Fields in order; consecutive fields of one repository share a row.
#[component]
pub(super) fn Fields(
    fields: Vec<Field>,
    values: RwSignal<Values>,
    issues: Memo<Vec<Issue>>,
) -> impl IntoView {
    let mut rows: Vec<(Place, Vec<Field>)> = Vec::new();
    for f in fields {
        match (&f.place, rows.last_mut()) {
            (Place::Repo(t), Some((Place::Repo(last), list))) if t == last => list.push(f),
            _ => rows.push((f.place.clone(), vec![f])),
        }
    }
    rows.into_iter()
        .map(|(place, fs)| match place {
            Place::Repo(title) => {
                let t2 = title.clone();
                view! {
                <div class="run-repo" data-repo=t2>
                    <div class="run-repo-title"><code>{title}</code></div>
                    <div class="run-repo-fields">
                        {fs.into_iter().map(|f| view! { <FieldInput f=f values=values issues=issues/> }).collect_view()}
                    </div>
                </div>
                }
                .into_any()
            }
            _ => fs
                .into_iter()
                .map(|f| view! { <FieldInput f=f values=values issues=issues/> })
                .collect_view()
                .into_any(),
        })
        .collect_view()
}

#[component]
pub(super) fn FieldInput(
    f: Field,
    values: RwSignal<Values>,
    issues: Memo<Vec<Issue>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let key = f.key.clone();
    let get = {
        let f = f.clone();
        move || values.with(|v| f.value(v))
    };
    let set = {
        let key = key.clone();
        move |s: String| {
            values.update(|v| {
                v.insert(key.clone(), s);
            })
        }
    };
    let error = {
        let key = key.clone();
        move || issues.with(|is| is.iter().find(|i| i.key == key).map(|i| i.problem.clone()))
    };
    let label = f.label.clone();
    let caption = move || label_text(ctx, &label);
    let help = (!f.help.is_empty()).then(|| f.help.clone());
    let err_key = key.clone();
    let error2 = error.clone();
    let error_view = move || {
        error2().map(|p| view! { <small class="field-error" data-error-for=err_key.clone()>{ctx.t(problem_text(&p))}</small> })
    };
    let req = f.required;
    if f.kind == Kind::Check {
        let get2 = get.clone();
        return view! {
            <label class="check run-check">
                <input type="checkbox" data-testid="run-field" data-field=key prop:checked=move || get2() == "1"
                    on:change:target=move |ev| set(if ev.target().checked() { "1".into() } else { "0".into() })/>
                {caption}
            </label>
        }
        .into_any();
    }
    let invalid = {
        let e = error.clone();
        move || e().is_some().to_string()
    };
    let control = match f.kind.clone() {
        Kind::Select(choices) => {
            // A blank entry only when nothing valid is chosen yet.
            let blank = !choices.iter().any(|c| c.value.is_empty() || c.value == f.default);
            let is_strategy = f.label == Label::MergeStrategy;
            let get2 = get.clone();
            view! {
                <select data-testid="run-field" data-field=key.clone() aria-invalid=invalid.clone() prop:value=get.clone() on:change:target=move |ev| set(ev.target().value())>
                    {blank.then(|| view! { <option value="" selected=move || get2().is_empty()>{ctx.tr(T::ChooseOne)}</option> })}
                    {choices.into_iter().map(|Choice { value, label, production }| {
                        let (v2, get3) = (value.clone(), get.clone());
                        let text = if value.is_empty() && is_strategy { ctx.t(T::MergeAsConfigured).to_string() } else { label };
                        view! {
                            <option value=value selected=move || get3() == v2>
                                {text} {production.then(|| format!(" · {}", ctx.t(T::FactProduction)))}
                            </option>
                        }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        // A credential text or script keeps its line breaks but is drawn as dots, like a password.
        Kind::Multiline if f.credential => view! {
            <textarea data-testid="run-field" data-field=key.clone() aria-invalid=invalid.clone() rows="3" class="masked"
                autocomplete="off" spellcheck="false" placeholder=ctx.tr(T::RunCredentialKeep)
                prop:value=get on:input:target=move |ev| set(ev.target().value())></textarea>
        }
        .into_any(),
        Kind::Multiline => view! {
            <textarea data-testid="run-field" data-field=key.clone() aria-invalid=invalid.clone() rows="3" prop:value=get on:input:target=move |ev| set(ev.target().value())></textarea>
        }
        .into_any(),
        Kind::Unsupported(kind) => view! {
            <input data-testid="run-field" data-field=key.clone() disabled prop:value=get/>
            <small class="muted">{kind} ": " {ctx.tr(T::RunUnsupported)}</small>
        }
        .into_any(),
        kind => {
            let credential = f.credential;
            let placeholder = move || {
                if credential {
                    ctx.t(T::RunCredentialKeep)
                } else if matches!(kind, Kind::List | Kind::Numbers) {
                    ctx.t(T::ListHint)
                } else {
                    ""
                }
            };
            view! {
                <input data-testid="run-field" data-field=key.clone() aria-invalid=invalid.clone() type=if credential { "password" } else { "text" }
                    autocomplete=if credential { "new-password" } else { "off" }
                    placeholder=placeholder prop:value=get on:input:target=move |ev| set(ev.target().value())/>
            }
            .into_any()
        }
    };
    view! {
        <label class="field" class:has-error=move || error().is_some()>
            <span>{caption} {req.then_some(" *")}
                {f.credential.then(|| view! { " " <span class="tag">{ctx.tr(T::Credential)}</span> })}</span>
            {control}
            {help.map(|h| view! { <small class="muted">{h}</small> })}
            {error_view}
        </label>
    }
    .into_any()
}
