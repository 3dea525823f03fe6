//! Shown on every page once Zadig refuses the credentials (401): polling and streams have stopped;
//! a new token can be pasted right here, so the page and everything typed on it stay as they are.

use leptos::prelude::*;

use crate::api::AuthMode;
use crate::domain::token;
use crate::i18n::T;
use crate::state::use_ctx;

/// The sign-in banner; renders nothing while the credentials are accepted.
#[component]
pub fn SignInBanner() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <Show when=move || ctx.signed_out()>
            <div class="error-banner signin-banner" role="alert" data-testid="signin-banner">
                {move || if ctx.mode.get() == AuthMode::Embed && crate::embed::framed() {
                    // The portal holds the token: it was asked for a new one (`token-expired`).
                    view! {
                        <div class="error-title" data-testid="signin-embed">{ctx.t(T::EmbedSignInAgain)}</div>
                    }.into_any()
                } else if ctx.mode.get() == AuthMode::Proxy {
                    view! {
                        <div class="error-title">{ctx.t(T::SignInAgainProxy)}</div>
                        <p class="error-hint">{ctx.t(T::SignInAgainProxyHint)}</p>
                        <a class="btn primary" href=crate::browser::current_href()>{ctx.t(T::Reload)}</a>
                    }.into_any()
                } else {
                    // No token yet, or one Zadig stopped accepting.
                    let fresh = ctx.token.get().is_none();
                    view! {
                        <div class="error-title">{ctx.t(if fresh { T::SignInNeeded } else { T::SignInAgain })}</div>
                        <p class="error-hint">{ctx.t(if fresh { T::SignInNeededHint } else { T::SignInAgainHint })}</p>
                        <TokenForm input_id="reauth-token" save_id="reauth-save" error_id="reauth-error"/>
                    }.into_any()
                }}
            </div>
        </Show>
    }
}

/// A token field and its sign-in button: what is wrong with a pasted token is said before it is
/// kept; a usable one is kept for this tab and the field emptied.
#[component]
pub fn TokenForm(
    /// `data-testid`s of the field, the button and the problem text.
    input_id: &'static str,
    save_id: &'static str,
    error_id: &'static str,
) -> impl IntoView {
    let ctx = use_ctx();
    let input = RwSignal::new(String::new());
    let problem = Memo::new(move |_| {
        let t = input.get();
        (!t.is_empty())
            .then(|| token::normalise(&t).err())
            .flatten()
    });
    let save = move || {
        let t = input.get_untracked();
        if token::normalise(&t).is_ok() {
            // Signing in can replace the form at once (a newcomer's welcome gives way to the
            // screen): nothing of it is touched after the token is set.
            input.set(String::new());
            ctx.set_token(Some(t));
        }
    };
    let problem_text = move || {
        let l = ctx.locale.get();
        problem.get().map(|p| crate::i18n::token_problem(p, l))
    };
    view! {
        <form class="row" on:submit=move |ev| { ev.prevent_default(); save(); }>
            <input type="password" autocomplete="off" spellcheck="false" data-testid=input_id
                aria-label=ctx.tr(T::Token) placeholder=ctx.tr(T::Token)
                prop:value=move || input.get() on:input:target=move |ev| input.set(ev.target().value())/>
            <button type="submit" class="btn primary" data-testid=save_id
                disabled=move || input.get().is_empty() || problem.get().is_some()>{ctx.tr(T::SignIn)}</button>
        </form>
        {move || problem_text().map(|m| view! { <small class="field-error" data-testid=error_id>{m}</small> })}
    }
}
