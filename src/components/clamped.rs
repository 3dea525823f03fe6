//! Long untrusted text shown clamped, with "show more" (always as text, never markup).

use leptos::prelude::*;

use crate::domain::text::clamp;
use crate::i18n::T;
use crate::state::use_ctx;

/// Characters and lines shown before "show more".
const MAX_CHARS: usize = 600;
const MAX_LINES: usize = 12;

/// Preformatted text clamped to a few hundred characters until the person asks for all of it.
#[component]
pub fn Clamped(
    /// The text (from the server: shown as a text node).
    #[prop(into)]
    text: String,
    /// CSS classes of the `<pre>`.
    #[prop(optional)]
    class: &'static str,
    /// The `data-testid` of the `<pre>`.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let ctx = use_ctx();
    let open = RwSignal::new(false);
    let clamped = clamp(&text, MAX_CHARS, MAX_LINES).map(|(head, rest)| (format!("{head}…"), rest));
    let full = text.clone();
    let shown = {
        let clamped = clamped.clone();
        move || match (&clamped, open.get()) {
            (Some((head, _)), false) => head.clone(),
            _ => full.clone(),
        }
    };
    view! {
        <pre class=class data-testid=testid>{shown}</pre>
        {clamped.map(|(_, rest)| view! {
            <button type="button" class="link-btn" data-testid="show-more" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() {
                    ctx.t(T::ShowLess).to_string()
                } else {
                    T::ShowMore.fill(ctx.locale.get(), &[("count", &rest.to_string())])
                }}
            </button>
        })}
    }
}
