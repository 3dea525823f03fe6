//! `/`: the project picker.

use crate::routes::Route;
use leptos::prelude::*;

use crate::api;
use crate::api::types::Project;
use crate::browser;
use crate::components::Read;
use crate::i18n::T;
use crate::state::{use_ctx, K_LAST_PROJECT};

/// Lists the projects the token can see; the last one opened comes first.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let ctx = use_ctx();
    let projects = crate::hooks::Fetch::new(move || {
        let c = ctx.client();
        async move { api::list_projects(&c).await }
    });
    let filter = RwSignal::new(String::new());
    let last = browser::local_get(K_LAST_PROJECT).unwrap_or_default();
    view! {
        <section class="page">
            <header class="page-head">
                <h1>{ctx.tr(T::PickProject)}</h1>
                <p class="muted">{ctx.tr(T::PickProjectHint)}</p>
            </header>
            <input
                class="search"
                type="search"
                data-testid="project-filter"
                placeholder=ctx.tr(T::FilterProjects)
                aria-label=ctx.tr(T::FilterProjects)
                prop:value=move || filter.get()
                on:input:target=move |ev| filter.set(ev.target().value())
            />
            <Read resource=projects show=move |list| view! { <ProjectList list=list filter=filter last=last.clone()/> }/>
        </section>
    }
}

/// The projects, filtered by what was typed, the last one opened first.
#[component]
fn ProjectList(list: Vec<Project>, filter: RwSignal<String>, last: String) -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let list = list.clone();
        let last = last.clone();
        match list {
                list if list.is_empty() => view! {
                    <div class="empty-state">
                        <p>{ctx.tr(T::NoProjects)}</p>
                        <p class="muted">{ctx.tr(T::NoProjectsHint)}</p>
                        <a class="btn" href=move || ctx.href(&Route::Settings { back: None })>{ctx.tr(T::GoToSettings)}</a>
                    </div>
                }.into_any(),
                list => {
                    // The last one opened first, the rest in the server's order.
                    let (mut list, rest): (Vec<_>, Vec<_>) = list.into_iter().partition(|p| p.project_key == last);
                    list.extend(rest);
                    let needle = crate::domain::text::lower(&filter.get());
                    let shown: Vec<_> = list
                        .into_iter()
                        .filter(|p| needle.is_empty() || crate::domain::text::lower(&p.project_key).contains(&needle) || crate::domain::text::lower(&p.project_name).contains(&needle))
                        .collect();
                    if shown.is_empty() {
                        return view! { <p class="muted">{ctx.tr(T::NoMatch)}</p> }.into_any();
                    }
                    view! {
                        <ul class="project-list">
                            {shown.into_iter().map(|p| {
                                let is_last = p.project_key == last;
                                let key = p.project_key.clone();
                                let remember = key.clone();
                                let label = p.label().to_string();
                                view! {
                                    <li>
                                        <a
                                            class="project-option"
                                            data-testid="project-option"
                                            data-project=key.clone()
                                            href=move || ctx.href(&Route::workflows(&key))
                                            on:click=move |_| browser::local_set(K_LAST_PROJECT, Some(&remember))
                                        >
                                            <span class="project-name">{label}</span>
                                            <code class="project-key">{p.project_key.clone()}</code>
                                            {is_last.then(|| view! { <span class="tag">{ctx.tr(T::LastUsed)}</span> })}
                                            <span class="project-desc muted">{p.description.clone()}</span>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
        }
    }
}
