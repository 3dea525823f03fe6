//! One notification of the run (Feishu, DingTalk, WeChat Work, email, MS Teams, webhooks): on or
//! off, and who is told.

use leptos::prelude::*;

use super::fields::{FieldInput, Fields};
use crate::domain::run::{Issue, NotifySection, Values};
use crate::i18n::T;
use crate::state::use_ctx;

#[component]
pub(super) fn NotifyView(
    n: NotifySection,
    values: RwSignal<Values>,
    issues: Memo<Vec<Issue>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let mut fields = n.fields.clone();
    let toggle = (!fields.is_empty()).then(|| fields.remove(0));
    let on = {
        let n = n.clone();
        Memo::new(move |_| values.with(|v| n.on(v)))
    };
    view! {
        <div class="run-notify" data-notify=n.index.to_string() data-type=n.kind.clone()>
            <div class="run-job-head"><span class="tag">{n.kind.clone()}</span> <span class="muted">"#" {n.index}</span></div>
            {match toggle {
                Some(t) => view! {
                    <FieldInput f=t values=values issues=issues/>
                    {move || on.get().then(|| view! { <div class="run-group-body"><Fields fields=fields.clone() values=values issues=issues/></div> })}
                }.into_any(),
                None => view! { <p class="muted">{ctx.tr(T::RunNotifyUnsupported)}</p> }.into_any(),
            }}
        </div>
    }
}
