use leptos::prelude::*;

use crate::domain::status::Status;
use crate::i18n::Locale;
use crate::state::use_ctx;

/// A coloured status label; the raw status stays in `data-status` for automation.
#[component]
pub fn StatusBadge(
    /// Zadig's status string.
    #[prop(into)]
    status: Signal<String>,
    /// The `data-testid` to carry.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let ctx = use_ctx();
    let parsed = Memo::new(move |_| Status::parse(&status.get()));
    let label = move || {
        let s = parsed.get();
        let (en, zh) = s.labels();
        match ctx.locale.get() {
            Locale::En => en.to_string(),
            Locale::ZhCn => zh.to_string(),
        }
    };
    view! {
        <span
            class=move || format!("badge status-{}", parsed.get().css())
            data-testid=testid
            data-status=move || status.get()
        >
            <span class="dot" aria-hidden="true"></span>
            {label}
        </span>
    }
}
