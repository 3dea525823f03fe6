//! The first screen of a tab without credentials: where to get an API token and a field to paste
//! it, and on the built-in sandbox one-click sign-in as each demo user. Nothing is asked of Zadig
//! until a token is kept, so a newcomer is never greeted by a 401.

use leptos::prelude::*;

use crate::components::sign_in_banner::TokenForm;
use crate::domain::welcome::DemoUser;
use crate::i18n::T;
use crate::routes::Route;
use crate::state::use_ctx;

/// The welcome; the address stays as it is, so after signing in the screen it names opens.
#[component]
pub fn Welcome() -> impl IntoView {
    let ctx = use_ctx();
    let users = ctx.demo_users.get_value();
    crate::chunks::first_answer();
    let settings = move || {
        ctx.href(&Route::Settings {
            back: Some(crate::browser::current_location()),
        })
    };
    view! {
        <section class="page welcome" data-testid="welcome" aria-labelledby="welcome-title">
            <header class="page-head"><h1 id="welcome-title">{ctx.tr(T::WelcomeTitle)}</h1></header>
            {(!users.is_empty()).then(|| view! { <DemoUsers users=users.clone()/> })}
            <div class="card form" data-testid="welcome-token">
                <h2>{ctx.tr(T::WelcomeToken)}</h2>
                <p>{ctx.tr(T::SignInNeededHint)}</p>
                <TokenForm input_id="welcome-token-input" save_id="welcome-save" error_id="welcome-token-error"/>
                <p class="muted">
                    <a href=settings data-testid="welcome-settings">{ctx.tr(T::WelcomeOtherServer)}</a>
                </p>
            </div>
        </section>
    }
}

/// The sandbox's users, one button each.
#[component]
fn DemoUsers(users: Vec<DemoUser>) -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="card demo-users" data-testid="demo-users">
            <h2>{ctx.tr(T::DemoTitle)}</h2>
            <p>{ctx.tr(T::DemoHint)}</p>
            <div class="row">
                {users.into_iter().map(|u| {
                    let DemoUser { name, role, token } = u;
                    let label = {
                        let name = name.clone();
                        move || T::SignInAs.fill(ctx.locale.get(), &[("name", &name)])
                    };
                    let role_text = {
                        let role = role.clone();
                        move || role_name(&role).map(|k| ctx.t(k).to_string()).unwrap_or_else(|| role.clone())
                    };
                    view! {
                        <button type="button" class="btn primary demo-user" data-testid="demo-sign-in"
                            data-user=name data-role=role.clone()
                            on:click=move |_| ctx.set_token(Some(token.clone()))>
                            <span>{label}</span>
                            {(!role.is_empty()).then(|| view! { <small class="role">{role_text}</small> })}
                        </button>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}

/// The translated name of a demo role (an unknown one is shown as the sandbox wrote it).
fn role_name(role: &str) -> Option<T> {
    match role {
        "admin" => Some(T::RoleAdmin),
        "approver" => Some(T::RoleApprover),
        "user" => Some(T::RoleUser),
        _ => None,
    }
}
