//! "Copy as Markdown" on the task page: the task summed up for a chat or a ticket
//! (`domain::insight::share`), put on the clipboard, or shown to copy by hand where the browser
//! allows no clipboard (plain-http hosts).

use leptos::prelude::*;

use crate::api;
use crate::api::client::Client;
use crate::api::types::{TaskDetail, WorkflowKey};
use crate::components::run_diff::{finished_detail, last_passed_before};
use crate::components::ErrorBanner;
use crate::domain::insight::diff::compare;
use crate::domain::insight::landing::{first_error_line, landing_job};
use crate::domain::insight::share::{around, markdown, Excerpt, Share};
use crate::domain::log::store::LogStore;
use crate::domain::status::Status;
use crate::domain::tasks::elapsed;
use crate::domain::time::{datetime, duration};
use crate::domain::workflows::title;
use crate::hooks::{now_secs, tz_offset_minutes, Tasks};
use crate::i18n::{Locale, T};
use crate::routes::Route;
use crate::state::{use_ctx, Ctx};

/// Where the copy stands.
#[derive(Clone, Debug, PartialEq)]
enum Copy {
    Idle,
    Working,
    Copied,
    /// No clipboard: the text to copy by hand.
    Manual(String),
    Failed(api::ApiError),
}

fn absolute(ctx: &Ctx, route: &Route) -> String {
    format!("{}{}", crate::browser::origin(), ctx.href(route))
}

async fn compose(
    ctx: Ctx,
    c: Client,
    project: String,
    wf: WorkflowKey,
    t: TaskDetail,
    l: Locale,
) -> Result<String, api::ApiError> {
    let status = Status::parse(&t.status);
    let (b, e) = status.labels();
    let start = if t.start_time > 0 {
        t.start_time
    } else {
        t.create_time
    };
    let finished = status.is_finished();
    let mut share = Share {
        title: title(&wf, &t.display_name).to_string(),
        task: t.task_id.to_string(),
        status: if l == Locale::En { b } else { e }.to_string(),
        creator: t.task_creator.clone(),
        started: datetime(start, tz_offset_minutes()),
        took: duration(elapsed(
            t.start_time,
            if finished { t.end_time } else { 0 },
            now_secs(),
        )),
        link: absolute(&ctx, &Route::task(&project, &wf, t.task_id)),
        ..Default::default()
    };
    if let Some(prev) = last_passed_before(&c, &project, &wf, t.task_id, &[]).await? {
        let base = finished_detail(&c, &wf, prev).await?;
        let url = absolute(
            &ctx,
            &Route::Compare {
                project: project.clone(),
                workflow: wf.clone(),
                a: prev,
                b: t.task_id,
            },
        );
        share.baseline = Some((prev.to_string(), url, compare(&base, &t)));
    }
    if let Some(job) = landing_job(&t) {
        let text = api::full_log(&c, &wf, t.task_id, &job.name).await?;
        let store = LogStore::from_text(text);
        if let Some(at) = first_error_line(&store) {
            let mut route = Route::job(&project, &wf, t.task_id, &job.name);
            if let Route::Task { lines, .. } = &mut route {
                *lines = Some((at + 1, at + 1));
            }
            share.error = Some(Excerpt {
                job: job.label().to_string(),
                line: at + 1,
                lines: around(store.len(), at, 3, 2)
                    .map(|i| (i + 1, store.plain(i)))
                    .collect(),
                link: absolute(&ctx, &route),
            });
        }
    }
    Ok(markdown(&share, l))
}

/// The button, and what became of the last copy.
#[component]
pub fn CopyMarkdown(
    task: Memo<Option<TaskDetail>>,
    project: Memo<String>,
    workflow: Memo<WorkflowKey>,
) -> impl IntoView {
    let ctx = use_ctx();
    let tasks = Tasks::new();
    let state = RwSignal::new(Copy::Idle);
    let run = move |_| {
        let Some(t) = task.get_untracked() else {
            return;
        };
        state.set(Copy::Working);
        let (c, p, w, l) = (
            ctx.client_untracked(),
            project.get_untracked(),
            workflow.get_untracked(),
            ctx.locale.get_untracked(),
        );
        tasks.spawn(async move {
            let text = match compose(ctx, c, p, w, t, l).await {
                Ok(text) => text,
                Err(e) => {
                    state.try_set(Copy::Failed(e));
                    return;
                }
            };
            let Some(clip) = crate::browser::clipboard() else {
                state.try_set(Copy::Manual(text));
                return;
            };
            let took = wasm_bindgen_futures::JsFuture::from(clip.write_text(&text)).await;
            state.try_set(if took.is_ok() {
                Copy::Copied
            } else {
                Copy::Manual(text)
            });
        });
    };
    view! {
        <div class="row copy-markdown">
            <button type="button" class="btn" data-testid="copy-markdown" disabled=move || state.get() == Copy::Working
                on:click=run>{ctx.tr(T::CopyMarkdown)}</button>
            {move || match state.get() {
                Copy::Idle | Copy::Working => None,
                Copy::Copied => Some(view! { <span class="muted" data-testid="copy-markdown-done">{ctx.tr(T::CopiedMarkdown)}</span> }.into_any()),
                Copy::Failed(e) => Some(view! { <ErrorBanner error=e/> }.into_any()),
                Copy::Manual(text) => Some(view! {
                    <div class="copy-manual">
                        <p class="muted">{ctx.tr(T::CopyMarkdownManual)}</p>
                        <textarea readonly data-testid="copy-markdown-text" rows="10" prop:value=text></textarea>
                    </div>
                }.into_any()),
            }}
        </div>
    }
}
