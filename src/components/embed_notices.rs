//! What an embedded console says about its portal: waiting for a token, and origins in
//! `config.json` it refuses to listen to.

use leptos::prelude::*;

use crate::i18n::T;
use crate::state::use_ctx;

/// What an embedded console shows until its portal hands over a token; after a while, what to
/// check.
#[component]
pub fn EmbedWaiting() -> impl IntoView {
    let ctx = use_ctx();
    let late = RwSignal::new(false);
    let timer = leptos::prelude::set_timeout_with_handle(
        move || late.try_set(true).map_or((), |_| ()),
        std::time::Duration::from_secs(10),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = timer {
            t.clear();
        }
    });
    let origins = move || ctx.embed_origins.with_value(|o| o.join(", "));
    view! {
        <div class="notice" data-testid="embed-waiting">
            <p>{ctx.tr(T::EmbedWaiting)}</p>
            {move || late.get().then(|| view! {
                <p class="muted" data-testid="embed-waiting-late">
                    {move || T::EmbedWaitingLate.fill(ctx.locale.get(), &[("origins", &origins())])}
                </p>
            })}
        </div>
    }
}

/// `embed_origins` entries that were refused: a configuration error, said on the page.
#[component]
pub fn OriginProblems() -> impl IntoView {
    use crate::domain::embed::OriginProblem;
    let ctx = use_ctx();
    view! {
        <div class="error-banner" role="alert" data-testid="embed-config-error">
            <div class="error-title">{ctx.tr(T::EmbedOriginsRefused)}</div>
            <ul>
                {move || ctx.origin_problems.get().into_iter().map(|(raw, p)| {
                    let why = match p {
                        OriginProblem::Wildcard => T::EmbedOriginWildcard,
                        OriginProblem::Null => T::EmbedOriginNull,
                        OriginProblem::HasPath => T::EmbedOriginPath,
                        OriginProblem::NotAnOrigin => T::EmbedOriginInvalid,
                    };
                    view! { <li><code>{raw}</code> " " {ctx.t(why)}</li> }
                }).collect_view()}
            </ul>
        </div>
    }
}
