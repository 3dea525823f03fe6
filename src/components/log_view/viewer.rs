//! The viewer: a job's live log ([`LogView`]) or a known text ([`StaticLog`]) in one virtual
//! scroller that keeps only the visible lines in the DOM, follows new lines, jumps to `#L`
//! permalinks, wraps long lines on request and shows the whole of a line cut short.

use leptos::prelude::*;

use super::dom::{copy_address, location_hash, save_text, scroll_to, selecting, set_location_hash};
use super::line::{row_view, Row};
use super::search::use_log_search;
use super::session::{use_log_session, JobLog, LogSession};
use super::state::{Ctl, Handles, LogState};
use super::toolbar::LogToolbar;
use crate::api::types::{JobTaskName, TaskId, WorkflowKey};
use crate::components::ErrorBanner;
use crate::domain::insight::landing::first_error_line;
use crate::domain::log::layout::{visible_rows, visible_wrapped, ROW};
use crate::domain::log::render::{format_hash, parse_hash, truncate_line, MAX_LINE_BYTES};
use crate::domain::log::search::on_line;
use crate::domain::log::store::LogStore;
use crate::domain::log::zadig::split_complete;
use crate::domain::run::JobType;
use crate::i18n::T;
use crate::state::use_ctx;

/// Lines rendered above and below the visible ones.
const OVERSCAN: usize = 20;
/// Columns beside the line numbers: the 64 px gutter and 16 px right padding (CSS `.ln`, `.lt`).
const GUTTER_PX: f64 = 80.0;
/// The browser setting that keeps wrap on or off across jobs.
const K_WRAP: &str = "zc.log.wrap";

/// The log of one job task.
#[component]
pub fn LogView(
    /// Workflow key.
    workflow: WorkflowKey,
    /// Task id.
    task: TaskId,
    /// The job task name from the task detail (`job-S-J-N-<name>`).
    job: JobTaskName,
    /// The job's status, kept current by the task page's polling.
    #[prop(into)]
    status: Signal<String>,
    /// The job's type: approvals write no log.
    #[prop(into, optional)]
    kind: String,
    /// When the job ended (seconds; 0 if unknown): how long an empty log is waited for.
    #[prop(into, optional)]
    ended: Signal<i64>,
    /// Open on the first error line once the whole log is in (a job that had failed when shown).
    #[prop(optional)]
    land_on_error: bool,
) -> impl IntoView {
    let download_name = format!("{workflow}-{task}-{job}.log");
    let name = job.to_string();
    let LogSession { h, reload } = use_log_session(JobLog {
        workflow,
        task,
        job,
        status,
        has_log: JobType::from_wire(&kind).has_log(),
        ended,
    });
    let loc = crate::nav::use_location();
    let hash = Signal::derive(move || loc.hash.get());
    view! { <LogBody h=h name=name download_name=download_name reload=reload hash=hash land_on_error=land_on_error/> }
}

/// A log whose text is already known (a saved log, tests): the same viewer, no network.
#[component]
pub fn StaticLog(
    /// The raw log text (`\n`-separated lines, escapes and `\r` included).
    #[prop(into)]
    text: String,
    /// The name offered when downloading.
    #[prop(into, optional)]
    name: String,
    /// Open on the first error line (the log of a failed job).
    #[prop(optional)]
    land_on_error: bool,
) -> impl IntoView {
    let mut store = LogStore::new();
    store.extend(split_complete(&text));
    let h = Handles::new(Ctl::new(store), LogState::Complete, 1);
    let download_name = if name.is_empty() {
        "log.txt".to_string()
    } else {
        format!("{name}.log")
    };
    view! { <LogBody h=h name=name download_name=download_name land_on_error=land_on_error/> }
}

/// The toolbar and the virtualised lines.
#[component]
fn LogBody(
    h: Handles,
    name: String,
    download_name: String,
    #[prop(optional)] reload: Option<Callback<()>>,
    /// The page's `#L…` hash, followed after mounting too (links between jobs and lines).
    #[prop(optional)]
    hash: Option<Signal<String>>,
    /// Open on the first error line once the whole log is in, unless a permalink chose a line.
    #[prop(optional)]
    land_on_error: bool,
) -> impl IntoView {
    let ctx = use_ctx();
    crate::browser::load_log_colours();
    let viewport = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let height = RwSignal::new(480.0f64);
    let follow = RwSignal::new(true);
    let selected = RwSignal::new(parse_hash(&location_hash()));
    let len = Memo::new(move |_| {
        h.version.get();
        h.with(|c| c.store.len())
    });
    let search = use_log_search(h);

    let wrap = RwSignal::new(crate::browser::local_get(K_WRAP).as_deref() == Some("1"));
    let width = RwSignal::new(960.0f64);
    let char_w = RwSignal::new(7.8f64);
    let measure = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        if let Some(m) = measure.get() {
            let w = m.get_bounding_client_rect().width();
            if w > 0.0 {
                char_w.set(w / 50.0);
            }
        }
    });
    let cols =
        Memo::new(move |_| (((width.get() - GUTTER_PX) / char_w.get()).floor() as usize).max(20));
    // (top px, height px) of line `i`.
    let geo = move |c: &mut Ctl, i: usize| -> (f64, f64) {
        if wrap.get_untracked() {
            c.layout.sync(&c.store, cols.get_untracked());
            let (top, rows) = c.layout.rows_of(i);
            (top as f64 * ROW, rows as f64 * ROW)
        } else {
            (i as f64 * ROW, ROW)
        }
    };
    let total_px = Memo::new(move |_| {
        let n = len.get();
        if wrap.get() {
            let cols = cols.get();
            h.with(|c| {
                c.layout.sync(&c.store, cols);
                c.layout.rows_before(n) as f64 * ROW
            })
        } else {
            n as f64 * ROW
        }
    });
    let range = Memo::new(move |_| {
        let n = len.get();
        total_px.track();
        let (top, hgt) = (scroll_top.get(), height.get());
        if wrap.get() {
            let cols = cols.get();
            h.with(|c| {
                c.layout.sync(&c.store, cols);
                visible_wrapped(&c.layout, top, hgt, n, OVERSCAN)
            })
        } else {
            visible_rows(top, hgt, n, OVERSCAN)
        }
    });
    let at_bottom = move |el: &web_sys::HtmlDivElement| {
        el.scroll_top() as f64 + el.client_height() as f64 >= el.scroll_height() as f64 - ROW
    };

    // Follow: stick to the bottom as lines arrive, unless the person scrolled up or is selecting.
    Effect::new(move |_| {
        len.track();
        if !follow.get_untracked() || selected.get_untracked().is_some() || selecting() {
            return;
        }
        if let Some(el) = viewport.get_untracked() {
            el.set_scroll_top(total_px.get_untracked() as i32);
        }
    });
    // A permalink scrolls to its line once the line exists.
    let jumped = StoredValue::new(false);
    if let Some(hash) = hash {
        Effect::new(move |_| {
            if let Some(r) = parse_hash(&hash.get()) {
                if selected.get_untracked() != Some(r) {
                    jumped.set_value(false);
                    selected.set(Some(r));
                }
            }
        });
    }
    Effect::new(move |_| {
        let n = len.get();
        if let Some((start, _)) = selected.get() {
            if !jumped.get_value() && n >= start {
                jumped.set_value(true);
                follow.set(false);
                let last = n.saturating_sub(1);
                scroll_to(
                    viewport,
                    h.with(|c| geo(c, start.saturating_sub(1).min(last))).0,
                );
            }
        }
    });

    // A failed job's log opens on its first error, a third of the way down so the lines before
    // it show; the line where it landed is named above the log. The page itself is not
    // scrolled: the task's header and its actions (retry) stay where the person looks first.
    let landed_at: RwSignal<Option<usize>> = RwSignal::new(None);
    if land_on_error {
        let tried = StoredValue::new(false);
        Effect::new(move |_| {
            let n = len.get();
            let done = h
                .state
                .with(|s| matches!(s, LogState::Complete | LogState::Unverified));
            if tried.get_value() || !done || n == 0 {
                return;
            }
            tried.set_value(true);
            if selected.get_untracked().is_some() {
                return;
            }
            if let Some(i) = h.with(|c| first_error_line(&c.store)) {
                jumped.set_value(true);
                follow.set(false);
                selected.set(Some((i + 1, i + 1)));
                landed_at.set(Some(i + 1));
                scroll_to(viewport, h.with(|c| geo(c, i)).0);
            }
        });
    }

    let on_scroll = move |_| {
        if let Some(el) = viewport.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            // Never more rows than the window can show, even if styles fail to load.
            let window_h = web_sys::window()
                .and_then(|w| w.inner_height().ok())
                .and_then(|v| v.as_f64())
                .unwrap_or(1080.0);
            height.set((el.client_height() as f64).min(window_h));
            width.set(el.client_width() as f64);
            follow.set(at_bottom(&el));
        }
    };
    let copied = RwSignal::new(false);
    // The line shown whole below the toolbar (lines too long for a row).
    let whole_line: RwSignal<Option<usize>> = RwSignal::new(None);
    let select_line = move |ev: web_sys::MouseEvent, n: usize| {
        ev.prevent_default();
        let range = match (ev.shift_key(), selected.get_untracked()) {
            (true, Some((a, _))) => (a.min(n), a.max(n)),
            _ => (n, n),
        };
        jumped.set_value(true);
        selected.set(Some(range));
        follow.set(false);
        // The address bar now holds the link; the clipboard too, where there is one.
        set_location_hash(&format_hash(range.0, range.1));
        copy_address(copied);
    };
    let jump_live = Callback::new(move |_| {
        follow.set(true);
        if let Some(el) = viewport.get_untracked() {
            el.set_scroll_top(total_px.get_untracked() as i32);
        }
    });
    let first_error = Callback::new(move |_| {
        let hit = h.with(|c| first_error_line(&c.store));
        if let Some(i) = hit {
            follow.set(false);
            selected.set(Some((i + 1, i + 1)));
            set_location_hash(&format_hash(i + 1, i + 1));
            scroll_to(viewport, h.with(|c| geo(c, i)).0);
        }
    });
    let download = Callback::new(move |_| {
        let text = h.with(|c| c.store.raw_text());
        save_text(&download_name, &text);
    });
    let go = Callback::new(move |delta: i64| {
        if let Some(hit) = search.step(delta) {
            follow.set(false);
            scroll_to(viewport, h.with(|c| geo(c, hit.line)).0);
        }
    });
    let on_wrap = Callback::new(move |on: bool| {
        crate::browser::local_set(K_WRAP, Some(if on { "1" } else { "0" }));
        if let Some(el) = viewport.get_untracked() {
            width.set(el.client_width() as f64);
        }
        wrap.set(on);
    });

    let rows = move || {
        h.version.get();
        wrap.track();
        cols.track();
        let (a, b) = range.get();
        let sel = selected.get();
        let locale = ctx.locale.get_untracked();
        let found = search.found;
        let cur = found.with(|f| f.hits.get(search.current.get()).copied());
        found.with(|f| {
            h.with(|c| {
                (a..b)
                    .map(|i| {
                        let full = c.store.styled(i);
                        // A very long line is cut here; the whole of it opens below the toolbar.
                        let (text, hidden) =
                            truncate_line(&full, MAX_LINE_BYTES).unwrap_or((full, 0));
                        let (top, height) = geo(c, i);
                        let row = Row {
                            index: i,
                            text,
                            hidden,
                            selected: sel.is_some_and(|(x, y)| x <= i + 1 && i < y),
                            marks: on_line(&f.hits, i)
                                .iter()
                                .map(|h| (h.start, h.end))
                                .collect(),
                            current: cur.filter(|h| h.line == i).map(|h| (h.start, h.end)),
                            top,
                            height,
                        };
                        row_view(row, locale, select_line, move |i| whole_line.set(Some(i)))
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <div class="log-panel">
            <LogToolbar h=h len=len search=search wrap=wrap follow=follow copied=copied on_go=go
                on_wrap=on_wrap on_first_error=first_error on_jump_live=jump_live on_download=download/>
            {move || search.error.get().map(|e| view! {
                <p class="field-error" data-testid="log-search-error">{ctx.t(T::BadRegex)} ": " {e}</p>
            })}
            {move || match h.state.get() {
                LogState::Failed(e) => Some(match reload {
                    Some(r) => view! { <ErrorBanner error=e retry=r/> }.into_any(),
                    None => view! { <ErrorBanner error=e/> }.into_any(),
                }),
                _ => None,
            }}
            {move || whole_line.get().map(|i| {
                let text = h.with(|c| (i < c.store.len()).then(|| c.store.plain(i))).unwrap_or_default();
                view! {
                    <div class="log-whole card" data-testid="log-whole-line-view">
                        <div class="row">
                            <strong>{T::LogLineNumber.fill(ctx.locale.get(), &[("line", &(i + 1).to_string())])}</strong>
                            <span class="spacer"></span>
                            <button type="button" class="btn" on:click=move |_| whole_line.set(None)>{ctx.t(T::Close)}</button>
                        </div>
                        <pre class="mono">{text}</pre>
                    </div>
                }
            })}
            {move || landed_at.get().map(|line| view! {
                <p class="notice" data-testid="log-landed" data-line=line>
                    {move || T::LandedOnError.fill(ctx.locale.get(), &[("line", &line.to_string())])}
                </p>
            })}
            {move || (h.state.get() == LogState::Unverified).then(|| view! {
                <div class="notice row" data-testid="log-unverified">
                    <span>{ctx.t(T::LogUnverifiedHint)}</span>
                    {reload.map(|r| view! {
                        <button class="btn" data-testid="log-load-full" on:click=move |_| r.run(())>{ctx.t(T::LoadFullLog)}</button>
                    })}
                </div>
            })}
            <div class="log" class:wrap=move || wrap.get() data-testid="log-view" data-job=name node_ref=viewport on:scroll=on_scroll tabindex="0">
                <span class="log-measure" aria-hidden="true" node_ref=measure>"00000000000000000000000000000000000000000000000000"</span>
                <div class="log-space" style=move || format!("position:relative;height:{}px", total_px.get())>
                    {rows}
                </div>
                {move || (len.get() == 0 && matches!(h.state.get(), LogState::Complete)).then(|| view! {
                    <p class="muted log-empty">{ctx.t(T::LogEmpty)}</p>
                })}
            </div>
        </div>
    }
}
