//! One search across every job's log in a task, results grouped by job.

use crate::routes::Route;
use leptos::prelude::*;

use crate::api::types::{JobTaskName, TaskDetail};
use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::domain::log::store::LogStore;
use crate::domain::status::Status;
use crate::i18n::T;
use crate::state::use_ctx;

/// Hits shown per job (all are counted).
const SHOWN_PER_JOB: usize = 20;

#[derive(Clone, Debug)]
struct Group {
    job: JobTaskName,
    label: String,
    total: usize,
    /// (1-based line, the line's text)
    hits: Vec<(usize, String)>,
    /// Still running: only its live log in the job panel can be searched.
    running: bool,
    error: Option<ApiError>,
}

/// Search box and grouped results for all jobs of a task.
#[component]
pub fn TaskSearch(
    /// The task whose jobs are searched.
    task: Memo<Option<TaskDetail>>,
    /// The project, for result links.
    project: Memo<String>,
) -> impl IntoView {
    let ctx = use_ctx();
    let needle = RwSignal::new(String::new());
    let case = RwSignal::new(false);
    let groups: RwSignal<Option<Vec<Group>>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    // Searching reads every job's log: it stops when the page is left.
    let scope = crate::hooks::Tasks::new();
    let run = move || {
        let q = needle.get_untracked();
        let Some(t) = task.get_untracked() else {
            return;
        };
        if q.trim().is_empty() {
            groups.set(None);
            return;
        }
        let (c, cs) = (ctx.client_untracked(), case.get_untracked());
        busy.set(true);
        scope.spawn(async move {
            let mut out = Vec::new();
            for j in t.stages.iter().flat_map(|s| s.jobs.iter()) {
                let status = Status::parse(&j.status);
                if status == Status::NotStarted {
                    continue; // never ran: no log
                }
                let mut g = Group {
                    job: j.name.clone(),
                    label: j.display_name.clone(),
                    total: 0,
                    hits: vec![],
                    running: !status.is_finished(),
                    error: None,
                };
                if !g.running {
                    match api::full_log(&c, &t.workflow_key, t.task_id, &j.name).await {
                        Ok(text) => {
                            let store = LogStore::from_text(text);
                            let found = store.search(&q, cs, &mut || {});
                            g.total = found.total;
                            let mut last = usize::MAX;
                            for h in &found.hits {
                                if h.line != last && g.hits.len() < SHOWN_PER_JOB {
                                    last = h.line;
                                    g.hits.push((h.line + 1, store.plain(h.line)));
                                }
                            }
                        }
                        Err(e) => g.error = Some(e),
                    }
                }
                if g.total > 0 || g.running || g.error.is_some() {
                    out.push(g);
                }
            }
            busy.set(false);
            groups.set(Some(out));
        });
    };
    let link = move |job: &JobTaskName, line: usize| {
        task.with_untracked(|t| {
            t.as_ref()
                .map(|t| {
                    ctx.href(&Route::Task {
                        project: project.get_untracked(),
                        workflow: t.workflow_key.clone(),
                        task: t.task_id,
                        job: Some(job.clone()),
                        lines: Some((line, line)),
                    })
                })
                .unwrap_or_default()
        })
    };
    view! {
        <section class="task-search card" data-testid="task-search">
            <form class="row" on:submit=move |ev| { ev.prevent_default(); run(); }>
                <input type="search" data-testid="task-search-input" placeholder=ctx.tr(T::SearchAllJobs)
                    aria-label=ctx.tr(T::SearchAllJobs) prop:value=move || needle.get()
                    on:input:target=move |ev| needle.set(ev.target().value())/>
                <label class="check"><input type="checkbox" prop:checked=move || case.get()
                    on:change:target=move |ev| case.set(ev.target().checked())/>"Aa"</label>
                <button class="btn" type="submit" data-testid="task-search-go" disabled=move || busy.get()>{ctx.tr(T::Search)}</button>
            </form>
            {move || groups.get().map(|gs| if gs.is_empty() {
                view! { <p class="muted" data-testid="task-search-empty">{ctx.t(T::NoMatches)}</p> }.into_any()
            } else {
                view! {
                    <div class="search-groups">
                        {gs.into_iter().map(|g| {
                            let job = g.job.clone();
                            view! {
                                <div class="search-group" data-testid="task-search-group" data-job=g.job.clone()>
                                    <h3>{g.label.clone()} " " <span class="muted">{if g.running { ctx.t(T::StillRunning).to_string() } else { format!("{} {}", g.total, ctx.t(T::MatchesWord)) }}</span></h3>
                                    {g.error.clone().map(|e| view! { <ErrorBanner error=e/> })}
                                    <ul>
                                        {g.hits.into_iter().map(|(line, text)| {
                                            let href = link(&job, line);
                                            view! {
                                                <li data-testid="task-search-hit"><a href=href><span class="ln">{line}</span>" "<code>{text}</code></a></li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                }.into_any()
            })}
        </section>
    }
}
