use crate::routes::Route;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::browser;
use crate::i18n::{Locale, T};
use crate::state::use_ctx;

/// The title and detail lines for an error, in a language. Text only: rendered as text nodes.
/// Details from the server are shown preformatted; the console's own hints as prose.
pub fn error_text(e: &ApiError, l: Locale) -> (String, Option<String>) {
    match e {
        ApiError::Unauthorized => (
            T::ErrUnauthorized.get(l).into(),
            Some(T::ErrUnauthorizedHint.get(l).into()),
        ),
        ApiError::Forbidden { reason: Some(r) } if r.starts_with("mfa") => {
            (T::ErrMfa.get(l).into(), Some(r.clone()))
        }
        ApiError::Forbidden { .. } => (T::ErrForbidden.get(l).into(), None),
        ApiError::NotFound { detail } => (
            T::ErrNotFound.get(l).into(),
            Some(detail.clone()).filter(|d| !d.is_empty()),
        ),
        ApiError::BadRequest => (T::ErrBadRequest.get(l).into(), None),
        ApiError::Zadig {
            code,
            message,
            description,
            ..
        } => (
            format!(
                "{} · {} {code}: {message}",
                T::ErrZadig.get(l),
                T::ErrCode.get(l)
            ),
            Some(description.clone()).filter(|d| !d.is_empty()),
        ),
        ApiError::Internal {
            status,
            message,
            description,
        } => (
            format!("{} ({status})", T::ErrInternal.get(l)),
            Some(format!("{message}{description}")).filter(|d| !d.is_empty()),
        ),
        ApiError::Http { status, body } => (
            format!("{} (HTTP {status})", T::ErrHttp.get(l)),
            Some(body.clone()).filter(|b| !b.is_empty()),
        ),
        ApiError::Network(_) => (
            T::ErrNetwork.get(l).into(),
            Some(T::ErrNetworkHint.get(l).into()),
        ),
        ApiError::Timeout(s) => (format!("{} ({s} s)", T::ErrTimeout.get(l)), None),
        ApiError::Aborted => (T::ErrAborted.get(l).into(), None),
        ApiError::BadToken => (
            T::ErrBadToken.get(l).into(),
            Some(T::ErrBadTokenHint.get(l).into()),
        ),
        ApiError::Decode(d) => (T::ErrDecode.get(l).into(), Some(d.clone())),
    }
}

/// Shows an API error with Zadig's code and description, a retry, and for 401 a way to
/// Settings that comes back to this page.
#[component]
pub fn ErrorBanner(
    /// The error to show.
    error: ApiError,
    /// Called by the retry button; no button without it.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
    /// The error answers a write: a lost answer is said to be "outcome unknown", never a plain
    /// failure to be sent again.
    #[prop(optional)]
    write: bool,
) -> impl IntoView {
    let ctx = use_ctx();
    let unknown = write && error.outcome_unknown();
    let unauthorized = matches!(error, ApiError::Unauthorized | ApiError::BadToken);
    let e = error.clone();
    let title = move || {
        let l = ctx.locale.get();
        let (t, _) = error_text(&e, l);
        if unknown {
            format!("{} ({t})", T::ErrOutcomeUnknown.get(l))
        } else {
            t
        }
    };
    let e2 = error.clone();
    let detail = move || {
        let l = ctx.locale.get();
        if unknown {
            Some(T::ErrOutcomeUnknownHint.get(l).to_string())
        } else {
            error_text(&e2, l).1
        }
    };
    // Our own hints read as prose; what the server said keeps its line breaks and spacing.
    let from_server = !unknown
        && !matches!(
            error,
            ApiError::Unauthorized | ApiError::BadToken | ApiError::Network(_)
        );
    let settings = move || {
        ctx.href(&Route::Settings {
            back: Some(browser::current_location()),
        })
    };
    // A refusal of the credentials is said once, by the sign-in banner at the top of the page.
    let covered = move || unauthorized && ctx.signed_out();
    view! {
        <div class="error-banner" class:unknown=unknown class:hidden=covered role="alert" data-testid="error-banner" data-outcome=if unknown { "unknown" } else { "" }>
            <div class="error-title">{title}</div>
            {move || detail().map(|d| if from_server {
                view! { <crate::components::Clamped text=d class="error-detail"/> }.into_any()
            } else {
                view! { <p class="error-hint">{d}</p> }.into_any()
            })}
            <div class="error-actions">
                {retry.map(|r| view! {
                    <button class="btn" on:click=move |_| r.run(())>{ctx.tr(T::Retry)}</button>
                })}
                {unauthorized.then(|| view! {
                    <a class="btn primary" href=settings>{ctx.tr(T::GoToSettings)}</a>
                })}
            </div>
        </div>
    }
}

/// A refresh that failed while an earlier answer stays on screen: says so, with the error and
/// a retry.
#[component]
pub fn Stale(
    /// Why the refresh failed.
    error: ApiError,
    /// What to say of what is on screen.
    message: T,
    retry: Callback<()>,
    /// The test id of the notice.
    testid: &'static str,
) -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="stale" data-testid=testid>
            <p class="notice inline">{move || ctx.t(message)}</p>
            <ErrorBanner error=error retry=retry/>
        </div>
    }
}
