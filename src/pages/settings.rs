//! `/settings`: server, auth, token, language, theme.

use crate::nav::use_query_map;
use leptos::prelude::*;

use crate::api::AuthMode;
use crate::domain::token;
use crate::i18n::{Locale, T};
use crate::net::url::{check_api_base, safe_return, BaseError};
use crate::state::{use_ctx, Theme};

/// Server, authentication, language and theme. The token stays in this tab only.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let ctx = use_ctx();
    let q = use_query_map();
    // Only in-app paths are followed back, never another origin.
    let back = move || {
        q.with(|q| q.get("return"))
            .filter(|r| safe_return(r).is_some())
    };
    let api = RwSignal::new(ctx.api_base.get_untracked());
    let mode = RwSignal::new(ctx.mode.get_untracked());
    let token_input = RwSignal::new(String::new());
    let reveal = RwSignal::new(false);
    let saved = RwSignal::new(false);
    // Only what the person changed here becomes their override of config.json.
    let server_dirty = RwSignal::new(false);
    let api_error = Memo::new(move |_| check_api_base(&api.get()).err());
    // What is wrong with the pasted token, said before it is kept (a token with a hidden
    // character would make every request fail).
    let problem = Memo::new(move |_| {
        let t = token_input.get();
        if t.is_empty() {
            return None;
        }
        token::normalise(&t).err()
    });
    let malformed = Memo::new(move |_| {
        let t = token_input.get();
        problem.get().is_none() && token::normalise(&t).is_ok_and(|t| !token::looks_like_token(&t))
    });
    let problem_text = move || {
        let l = ctx.locale.get();
        problem.get().map(|p| crate::i18n::token_problem(p, l))
    };
    let save = move |_| {
        if api_error.get_untracked().is_some() || problem.get_untracked().is_some() {
            return;
        }
        if server_dirty.get_untracked() {
            ctx.set_server(api.get_untracked(), mode.get_untracked());
            server_dirty.set(false);
        }
        let t = token_input.get_untracked();
        if !t.trim().is_empty() {
            ctx.set_token(Some(t));
            token_input.set(String::new());
        }
        saved.set(true);
    };
    let who = move || {
        ctx.token
            .get()
            .and_then(|t| token::identity(&t))
            .map(|(name, _)| name)
    };
    view! {
        <section class="page settings">
            <header class="page-head"><h1>{ctx.tr(T::SettingsTitle)}</h1></header>
            <form class="card form" on:submit=move |ev| { ev.prevent_default(); save(()); }>
                <h2>{ctx.tr(T::Server)}</h2>
                <label class="field">
                    <span>{ctx.tr(T::ApiBase)}</span>
                    <input type="text" inputmode="url" spellcheck="false" data-testid="settings-api-base" placeholder=move || ctx.doc_base.get_value()
                        aria-invalid=move || api_error.get().is_some().to_string()
                        prop:value=move || api.get()
                        on:input:target=move |ev| { api.set(ev.target().value()); server_dirty.set(true); saved.set(false); }/>
                    <small class="muted">{ctx.tr(T::ApiBaseHint)}</small>
                    {move || api_error.get().map(|e| view! {
                        <small class="field-error" data-testid="settings-api-base-error">
                            {ctx.t(match e { BaseError::NotAUrl => T::ApiBaseNotUrl, BaseError::HasQuery => T::ApiBaseHasQuery })}
                        </small>
                    })}
                </label>
                <label class="field">
                    <span>{ctx.tr(T::AuthMode)}</span>
                    <select data-testid="settings-auth-mode"
                        on:change:target=move |ev| { mode.set(AuthMode::parse(&ev.target().value())); server_dirty.set(true); saved.set(false); }>
                        <option value="token" selected=move || mode.get() == AuthMode::Token>{ctx.tr(T::AuthToken)}</option>
                        <option value="proxy" selected=move || mode.get() == AuthMode::Proxy>{ctx.tr(T::AuthProxy)}</option>
                        <option value="embed" selected=move || mode.get() == AuthMode::Embed>{ctx.tr(T::AuthEmbed)}</option>
                    </select>
                </label>
                <div class="field" class:hidden=move || mode.get() == AuthMode::Proxy>
                    <label for="settings-token">{ctx.tr(T::Token)}</label>
                    <div class="row">
                        <input id="settings-token" data-testid="settings-token" autocomplete="off" spellcheck="false"
                            type=move || if reveal.get() { "text" } else { "password" }
                            prop:value=move || token_input.get()
                            on:input:target=move |ev| { token_input.set(ev.target().value()); saved.set(false); }/>
                        <button type="button" class="btn" data-testid="settings-token-reveal" on:click=move |_| reveal.update(|r| *r = !*r)>
                            {move || if reveal.get() { ctx.t(T::Hide) } else { ctx.t(T::Show) }}
                        </button>
                        <button type="button" class="btn" data-testid="settings-token-clear" on:click=move |_| ctx.set_token(None)>
                            {ctx.tr(T::Clear)}
                        </button>
                    </div>
                    <small class="muted">{ctx.tr(T::TokenHint)}</small>
                    {move || malformed.get().then(|| view! { <small class="field-error">{ctx.t(T::TokenMalformed)}</small> })}
                    {move || problem_text().map(|m| view! { <small class="field-error" data-testid="settings-token-error">{m}</small> })}
                    <p class="token-state" data-testid="settings-token-state">
                        {move || match (ctx.token.get().is_some(), who()) {
                            (true, Some(name)) => format!("{} {} {name}", ctx.t(T::TokenSet), ctx.t(T::TokenSignedInAs)),
                            (true, None) => ctx.t(T::TokenSet).to_string(),
                            (false, _) => ctx.t(T::TokenMissing).to_string(),
                        }}
                    </p>
                </div>
                <div class="row">
                    <button type="submit" class="btn primary" data-testid="settings-save" disabled=move || api_error.get().is_some() || problem.get().is_some()>{ctx.tr(T::Save)}</button>
                    {move || saved.get().then(|| view! { <span class="muted" data-testid="settings-saved">{ctx.t(T::Saved)}</span> })}
                    {move || back().map(|b| view! { <a class="btn" data-testid="settings-back" href=b>"←"</a> })}
                </div>
            </form>
            <div class="card form">
                <label class="field">
                    <span>{ctx.tr(T::Language)}</span>
                    <select data-testid="settings-language" on:change:target=move |ev| ctx.set_locale(Locale::parse(&ev.target().value()))>
                        <option value="en" selected=move || ctx.locale.get() == Locale::En>"English"</option>
                        <option value="zh-CN" selected=move || ctx.locale.get() == Locale::ZhCn>"简体中文"</option>
                    </select>
                </label>
                <label class="field">
                    <span>{ctx.tr(T::Theme)}</span>
                    <select data-testid="settings-theme" on:change:target=move |ev| ctx.set_theme(Theme::parse(&ev.target().value()))>
                        <option value="system" selected=move || ctx.theme.get() == Theme::System>{ctx.tr(T::ThemeSystem)}</option>
                        <option value="light" selected=move || ctx.theme.get() == Theme::Light>{ctx.tr(T::ThemeLight)}</option>
                        <option value="dark" selected=move || ctx.theme.get() == Theme::Dark>{ctx.tr(T::ThemeDark)}</option>
                    </select>
                </label>
            </div>
            <NotificationSettings/>
        </section>
    }
}

/// Browser notifications for a tab in the background: asked of the browser when turned on.
#[component]
fn NotificationSettings() -> impl IntoView {
    let ctx = use_ctx();
    let permission = RwSignal::new(crate::browser::notification_permission());
    let tasks = crate::hooks::Tasks::new();
    let toggle = move |on: bool| {
        if !on {
            ctx.set_notify_pref(false);
            return;
        }
        tasks.spawn(async move {
            let p = crate::browser::request_notification_permission().await;
            permission.try_set(p);
            ctx.set_notify_pref(p == "granted");
        });
    };
    let state = move || match (permission.get(), ctx.notify_pref.get()) {
        ("unsupported", _) => Some(T::NotifyUnsupported),
        ("denied", _) => Some(T::NotifyDenied),
        ("granted", true) => Some(T::NotifyOn),
        _ => None,
    };
    view! {
        <div class="card form" data-testid="settings-notifications">
            <h2>{ctx.tr(T::NotifyTitle)}</h2>
            <label class="check">
                <input type="checkbox" data-testid="settings-notify"
                    prop:checked=move || ctx.notify_pref.get() && permission.get() == "granted"
                    disabled=move || matches!(permission.get(), "unsupported" | "denied")
                    on:change:target=move |ev| toggle(ev.target().checked())/>
                <span>{ctx.tr(T::NotifyLabel)}</span>
            </label>
            <small class="muted">{ctx.tr(T::NotifyHint)}</small>
            {move || state().map(|k| view! { <p class="muted" data-testid="settings-notify-state">{ctx.t(k)}</p> })}
        </div>
    }
}
