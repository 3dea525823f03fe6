//! One line of the log: its number (a permalink), its styled text with the search's marks, and a
//! button opening the whole of a line too long for a row. Text nodes only; a link in the text
//! becomes an anchor only for a whole, checked http(s) URL.

use leptos::prelude::*;

use crate::domain::log::ansi::Line;
use crate::domain::log::render::{classes, format_hash, segments, truecolor_style};
use crate::domain::log::search::split_marks;
use crate::i18n::{Locale, T};
use crate::net::url::safe_href;

/// What one row shows.
pub(super) struct Row {
    /// 0-based index of the line.
    pub index: usize,
    /// Its text, cut when very long.
    pub text: Line,
    /// Bytes cut off the end of `text`.
    pub hidden: usize,
    /// Part of the selected line range.
    pub selected: bool,
    /// Byte ranges of the search's hits on this line.
    pub marks: Vec<(usize, usize)>,
    /// The hit moved to, when it is on this line.
    pub current: Option<(usize, usize)>,
    /// Top and height in px.
    pub top: f64,
    pub height: f64,
}

/// Renders a row; `on_number` is called with the click on its line number and the 1-based line,
/// and `show_whole` with the index of a line cut short.
pub(super) fn row_view(
    row: Row,
    locale: Locale,
    on_number: impl Fn(web_sys::MouseEvent, usize) + 'static,
    show_whole: impl Fn(usize) + 'static,
) -> impl IntoView {
    let Row {
        index,
        text,
        hidden,
        selected,
        marks,
        current,
        top,
        height,
    } = row;
    let n = index + 1;
    let mut offset = 0;
    let pieces = segments(&text)
        .into_iter()
        .map(|s| {
            let from = offset;
            offset += s.text.len();
            let cls = classes(&s.style);
            let style = truecolor_style(&s.style);
            let inner = split_marks(&s.text, from, &marks)
                .into_iter()
                .scan(from, |pos, (t, marked)| {
                    let start = *pos;
                    *pos += t.len();
                    Some(if marked {
                        let is_cur = current.is_some_and(|(x, y)| x <= start && start < y);
                        view! { <mark class:cur=is_cur data-testid="log-match">{t}</mark> }
                            .into_any()
                    } else {
                        t.into_any()
                    })
                })
                .collect_view();
            // The href is the whole link, checked where it is set.
            if let Some(href) = s.link.as_deref().and_then(safe_href).map(str::to_string) {
                view! { <a class=cls style=style href=href target="_blank" rel="noopener noreferrer nofollow">{inner}</a> }
                    .into_any()
            } else if s.style.is_plain() {
                inner.into_any()
            } else {
                view! { <span class=cls style=style>{inner}</span> }.into_any()
            }
        })
        .collect_view();
    let whole = (hidden > 0).then(|| {
        let label = T::LogShowWholeLine.fill(locale, &[("count", &hidden.to_string())]);
        view! {
            <button type="button" class="link-btn whole-line" data-testid="log-whole-line"
                on:click=move |_| show_whole(index)>{label}</button>
        }
    });
    view! {
        <div class="log-line" class:hl=selected data-testid="log-line" data-line=n
            style=format!("position:absolute;left:0;right:0;top:{top}px;height:{height}px")>
            <a class="ln" href=format_hash(n, n) on:click=move |ev| on_number(ev, n)>{n}</a>
            <span class="lt">{pieces}{whole}</span>
        </div>
    }
}
