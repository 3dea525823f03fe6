//! `/projects/:project/tickets/new`: the pre-approval ticket form.

use crate::routes::{use_place, Route};
use leptos::prelude::*;

use crate::api::types::Environment;
use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Read};
use crate::domain::ticket::{build, TicketError, TicketForm};
use crate::hooks::tz_offset_minutes;
use crate::i18n::T;
use crate::state::{use_ctx, Notice};

fn message(e: TicketError) -> T {
    match e {
        TicketError::ApprovalIdMissing => T::TicketIdMissing,
        TicketError::BadStart | TicketError::BadEnd => T::TicketBadTime,
        TicketError::EndBeforeStart => T::TicketEndBeforeStart,
        TicketError::ServiceIncomplete(_) => T::TicketServiceIncomplete,
        TicketError::UserIncomplete(_) => T::TicketUserIncomplete,
    }
}

/// The ticket form. Nothing typed is lost on an error.
#[component]
pub fn TicketPage() -> impl IntoView {
    let ctx = use_ctx();
    let project = use_place().project;
    let envs = crate::hooks::Fetch::new(move || {
        let (c, p) = (ctx.client(), project.get());
        async move { api::list_environments(&c, &p).await }
    });
    let form = RwSignal::new(TicketForm {
        effective: true,
        ..Default::default()
    });
    let errors: RwSignal<Vec<TicketError>> = RwSignal::new(vec![]);
    let server_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let done = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    // A write: it finishes even when the page is left meanwhile, and says how it went.
    let create = Action::new_local(move |body: &crate::api::requests::TicketRequest| {
        let (c, body) = (ctx.client_untracked(), body.clone());
        async move {
            let r = api::create_ticket(&c, &body).await;
            let here = crate::hooks::still_shown(form_ref);
            match r {
                Ok(()) if !here => ctx.notify(Notice::Done(T::NoticeTicketCreated)),
                Ok(()) => {
                    server_error.set(None);
                    done.set(true);
                }
                Err(e) if !here => ctx.notify(Notice::Failed {
                    what: T::NoticeTicketNotCreated,
                    error: e,
                }),
                Err(e) => server_error.set(Some(e)),
            }
        }
    });
    let busy = create.pending();
    let has = move |pred: fn(&TicketError) -> bool| errors.with(|e| e.iter().copied().find(pred));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match build(
            &project.get_untracked(),
            &form.get_untracked(),
            tz_offset_minutes(),
        ) {
            Err(e) => errors.set(e),
            Ok(body) => {
                errors.set(vec![]);
                if !busy.get_untracked() {
                    create.dispatch(body);
                }
            }
        }
    };
    let text = |get: fn(&TicketForm) -> &String, set: fn(&mut TicketForm, String)| {
        (
            move || form.with(|f| get(f).clone()),
            move |v: String| form.update(|f| set(f, v)),
        )
    };
    let (id_v, id_s) = text(|f| &f.approval_id, |f, v| f.approval_id = v);
    let (start_v, start_s) = text(|f| &f.start, |f, v| f.start = v);
    let (end_v, end_s) = text(|f| &f.end, |f, v| f.end = v);
    view! {
        <section class="page">
            <nav class="crumbs"><a href=move || ctx.href(&Route::workflows(&project.get()))>{ctx.tr(T::BackToWorkflows)}</a></nav>
            <header class="page-head">
                <h1>{ctx.tr(T::NewTicket)}</h1>
                <p class="muted">{ctx.tr(T::NewTicketHint)}</p>
            </header>
            <form class="card form" data-testid="ticket-form" node_ref=form_ref on:submit=submit>
                <label class="field">
                    <span>{ctx.tr(T::TicketId)}</span>
                    <input data-testid="ticket-id" prop:value=id_v on:input:target=move |ev| id_s(ev.target().value())/>
                    {move || has(|e| *e == TicketError::ApprovalIdMissing).map(|e| view! { <small class="field-error">{ctx.t(message(e))}</small> })}
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="ticket-effective" prop:checked=move || form.with(|f| f.effective)
                        on:change:target=move |ev| form.update(|f| f.effective = ev.target().checked())/>
                    {ctx.tr(T::TicketEffective)}
                </label>
                <fieldset class="field">
                    <legend>{ctx.tr(T::TicketEnvs)}</legend>
                    <Read resource=envs show=move |list| env_choices(list, form)/>
                </fieldset>
                <fieldset class="field">
                    <legend>{ctx.tr(T::TicketServices)}</legend>
                    {move || (0..form.with(|f| f.services.len())).map(|i| view! {
                        <div class="row" data-testid="ticket-service-row">
                            <input placeholder=ctx.t(T::FactService) data-testid="ticket-service-name" prop:value=move || form.with(|f| f.services.get(i).map(|s| s.0.clone()).unwrap_or_default())
                                on:input:target=move |ev| form.update(|f| if let Some(s) = f.services.get_mut(i) { s.0 = ev.target().value() })/>
                            <input placeholder=ctx.t(T::FactModule) data-testid="ticket-service-module" prop:value=move || form.with(|f| f.services.get(i).map(|s| s.1.clone()).unwrap_or_default())
                                on:input:target=move |ev| form.update(|f| if let Some(s) = f.services.get_mut(i) { s.1 = ev.target().value() })/>
                            <button type="button" class="btn" on:click=move |_| form.update(|f| { if i < f.services.len() { f.services.remove(i); } })>"×"</button>
                        </div>
                    }).collect_view()}
                    <button type="button" class="btn small" data-testid="ticket-add-service" on:click=move |_| form.update(|f| f.services.push(Default::default()))>{ctx.tr(T::AddRow)}</button>
                    {move || has(|e| matches!(e, TicketError::ServiceIncomplete(_))).map(|e| view! { <small class="field-error">{ctx.t(message(e))}</small> })}
                </fieldset>
                <fieldset class="field">
                    <legend>{ctx.tr(T::TicketUsers)}</legend>
                    {move || (0..form.with(|f| f.users.len())).map(|i| view! {
                        <div class="row" data-testid="ticket-user-row">
                            <input placeholder=ctx.t(T::Name) data-testid="ticket-user-name" prop:value=move || form.with(|f| f.users.get(i).map(|s| s.0.clone()).unwrap_or_default())
                                on:input:target=move |ev| form.update(|f| if let Some(s) = f.users.get_mut(i) { s.0 = ev.target().value() })/>
                            <input type="email" placeholder="email" data-testid="ticket-user-email" prop:value=move || form.with(|f| f.users.get(i).map(|s| s.1.clone()).unwrap_or_default())
                                on:input:target=move |ev| form.update(|f| if let Some(s) = f.users.get_mut(i) { s.1 = ev.target().value() })/>
                            <button type="button" class="btn" on:click=move |_| form.update(|f| { if i < f.users.len() { f.users.remove(i); } })>"×"</button>
                        </div>
                    }).collect_view()}
                    <button type="button" class="btn small" data-testid="ticket-add-user" on:click=move |_| form.update(|f| f.users.push(Default::default()))>{ctx.tr(T::AddRow)}</button>
                    {move || has(|e| matches!(e, TicketError::UserIncomplete(_))).map(|e| view! { <small class="field-error">{ctx.t(message(e))}</small> })}
                </fieldset>
                <div class="row">
                    <label class="field"><span>{ctx.tr(T::TicketStart)}</span>
                        <input type="datetime-local" data-testid="ticket-start" prop:value=start_v on:input:target=move |ev| start_s(ev.target().value())/></label>
                    <label class="field"><span>{ctx.tr(T::TicketEnd)}</span>
                        <input type="datetime-local" data-testid="ticket-end" prop:value=end_v on:input:target=move |ev| end_s(ev.target().value())/></label>
                </div>
                {move || has(|e| matches!(e, TicketError::EndBeforeStart | TicketError::BadStart | TicketError::BadEnd)).map(|e| view! {
                    <small class="field-error" data-testid="ticket-time-error">{ctx.t(message(e))}</small>
                })}
                {move || server_error.get().map(|e| view! { <ErrorBanner error=e write=true/> })}
                {move || done.get().then(|| view! { <p class="notice" data-testid="ticket-done">{ctx.t(T::TicketCreated)}</p> })}
                <div class="row">
                    <button type="submit" class="btn primary" data-testid="ticket-submit" disabled=move || busy.get()>{ctx.tr(T::CreateTicket)}</button>
                </div>
            </form>
        </section>
    }
}

/// One checkbox per environment of the project, production ones marked.
fn env_choices(list: Vec<Environment>, form: RwSignal<TicketForm>) -> impl IntoView {
    let ctx = use_ctx();
    list.into_iter()
        .map(|e| {
            let (k, k2) = (e.key().to_string(), e.key().to_string());
            let toggle = move |on: bool| {
                form.update(|f| {
                    f.envs.retain(|x| x != &k2);
                    if on {
                        f.envs.push(k2.clone());
                    }
                })
            };
            view! {
                <label class="check">
                    <input type="checkbox" data-testid="ticket-env" data-env=k.clone()
                        prop:checked=move || form.with(|f| f.envs.contains(&k))
                        on:change:target=move |ev| toggle(ev.target().checked())/>
                    {e.key().to_string()}
                    {e.production.then(|| view! { " " <span class="tag">{ctx.tr(T::FactProduction)}</span> })}
                </label>
            }
        })
        .collect_view()
}
