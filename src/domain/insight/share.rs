//! "Copy as Markdown": a task summed up for chat and tickets (status, who started it, how long
//! it took, the inputs changed since the last pass, the failing job's first error with the
//! lines around it, links). Every untrusted text is escaped for Markdown; log lines go in a
//! fence longer than any run of backticks in them; links are whole http(s) URLs only;
//! credentials are said to have changed, never shown.

use crate::domain::insight::diff::{Change, Group, Row, Shown};
use crate::i18n::{Locale, T};

/// The failing job's first error and the lines around it (1-based numbers, plain text).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Excerpt {
    pub job: String,
    pub line: usize,
    pub lines: Vec<(usize, String)>,
    /// The job's log at that line.
    pub link: String,
}

/// What the summary says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Share {
    pub title: String,
    pub task: String,
    pub status: String,
    pub creator: String,
    pub started: String,
    pub took: String,
    /// The task page.
    pub link: String,
    /// The last passed task, the comparison's page and the changed rows.
    pub baseline: Option<(String, String, Vec<Row>)>,
    pub error: Option<Excerpt>,
}

/// Escapes text for Markdown (and for the HTML some renderers allow in it).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '~' | '!' | '>' | '<'
            | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A link, when `url` is a whole http(s) URL; the text alone otherwise.
fn link(text: &str, url: &str) -> String {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>');
    if ok {
        format!("[{}](<{url}>)", escape(text))
    } else {
        escape(text)
    }
}

fn shown(v: &Option<Shown>, l: Locale) -> String {
    match v {
        None => "—".into(),
        Some(Shown::Secret) => T::DiffSecret.get(l).into(),
        Some(Shown::Text { text, .. }) if text.is_empty() => "\"\"".into(),
        Some(Shown::Text { text, .. }) => format!("`{}`", text.replace('`', "'")),
    }
}

fn row_line(r: &Row, l: Locale) -> String {
    let mut what = r.label.get(l).to_string();
    if !r.name.is_empty() {
        what = format!("{what} {}", r.name);
    }
    if r.group != Group::Params {
        what = format!("{what} · {}", r.group.label());
    }
    let how = match r.change {
        Change::Changed if r.after == Some(Shown::Secret) || r.before == Some(Shown::Secret) => {
            format!("{} ({})", T::DiffChanged.get(l), T::DiffSecret.get(l))
        }
        Change::Changed => format!("{} → {}", shown(&r.before, l), shown(&r.after, l)),
        Change::Added => format!("{}: {}", T::DiffAdded.get(l), shown(&r.after, l)),
        Change::Removed => format!("{}: {}", T::DiffRemoved.get(l), shown(&r.before, l)),
        Change::Same => T::DiffUnchanged.get(l).into(),
    };
    format!("- {}: {how}", escape(&what))
}

/// The Markdown text.
pub fn markdown(s: &Share, l: Locale) -> String {
    let mut out = vec![
        format!(
            "**{}** — {}",
            link(&format!("{} #{}", s.title, s.task), &s.link),
            escape(&s.status)
        ),
        format!(
            "- {}",
            escape(&T::ShareWho.fill(
                l,
                &[
                    ("creator", &s.creator),
                    ("started", &s.started),
                    ("took", &s.took)
                ]
            ))
        ),
    ];
    if let Some((n, url, rows)) = &s.baseline {
        out.push(String::new());
        let changed: Vec<&Row> = rows.iter().filter(|r| r.change != Change::Same).collect();
        if changed.is_empty() {
            out.push(link(&T::DiffSameAs.fill(l, &[("task", n)]), url));
        } else {
            let count = changed.len().to_string();
            out.push(format!(
                "**{}**",
                link(
                    &T::DiffSince.fill(l, &[("task", n), ("count", &count)]),
                    url
                )
            ));
            out.extend(changed.iter().map(|r| row_line(r, l)));
        }
    }
    if let Some(e) = &s.error {
        out.push(String::new());
        let head = T::ShareFirstError.fill(l, &[("job", &e.job), ("line", &e.line.to_string())]);
        out.push(format!("**{}**", link(&head, &e.link)));
        let body: Vec<String> = e
            .lines
            .iter()
            .map(|(n, t)| format!("{}{n:>6} | {t}", if *n == e.line { ">" } else { " " }))
            .collect();
        let longest = body
            .iter()
            .map(|b| {
                let mut best = 0;
                let mut run = 0;
                for c in b.chars() {
                    run = if c == '`' { run + 1 } else { 0 };
                    best = best.max(run);
                }
                best
            })
            .max()
            .unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        out.push(format!("{fence}text"));
        out.extend(body);
        out.push(fence);
    }
    out.join("\n") + "\n"
}

/// The lines of an excerpt: `before` lines before line `at` (0-based) and `after` after it.
pub fn around(len: usize, at: usize, before: usize, after: usize) -> std::ops::Range<usize> {
    at.saturating_sub(before)..(at + after + 1).min(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share() -> Share {
        Share {
            title: "Build *and* deploy".into(),
            task: "3".into(),
            status: "Failed".into(),
            creator: "admin".into(),
            started: "2026-12-02 10:52".into(),
            took: "8s".into(),
            link: "https://console.example.com/projects/demo/workflows/build-deploy/tasks/3".into(),
            baseline: Some((
                "2".into(),
                "https://console.example.com/projects/demo/workflows/build-deploy/tasks/2/compare/3".into(),
                vec![
                    Row {
                        group: Group::Params,
                        label: T::DiffParam,
                        name: "deploy_token".into(),
                        before: Some(Shown::Secret),
                        after: Some(Shown::Secret),
                        change: Change::Changed,
                    },
                    Row {
                        group: Group::Job {
                            job: "build".into(),
                            service: "shop/orders".into(),
                        },
                        label: T::FactVariable,
                        name: "FAIL".into(),
                        before: None,
                        after: Some(Shown::Text {
                            text: "true".into(),
                            link: None,
                        }),
                        change: Change::Added,
                    },
                    Row {
                        group: Group::Params,
                        label: T::DiffParam,
                        name: "branch".into(),
                        before: Some(Shown::Text { text: "main".into(), link: None }),
                        after: Some(Shown::Text { text: "main".into(), link: None }),
                        change: Change::Same,
                    },
                ],
            )),
            error: Some(Excerpt {
                job: "build-shop-orders".into(),
                line: 13,
                lines: vec![
                    (12, "[INFO] compiling".into()),
                    (13, "ERROR ``` undefined: OrderStore".into()),
                    (14, "build failed".into()),
                ],
                link: "https://console.example.com/projects/demo/workflows/build-deploy/tasks/3?job=job-0-0-0-build#L13".into(),
            }),
        }
    }

    #[test]
    fn a_failed_task_for_chat() {
        let md = markdown(&share(), Locale::En);
        let expected = "\
**[Build \\*and\\* deploy \\#3](<https://console.example.com/projects/demo/workflows/build-deploy/tasks/3>)** — Failed
- Started by admin at 2026-12-02 10:52, took 8s.

**[Changed since \\#2, the last passed run: 2 of the inputs.](<https://console.example.com/projects/demo/workflows/build-deploy/tasks/2/compare/3>)**
- Parameter deploy\\_token: changed (credential, not shown)
- Variable FAIL · build · shop/orders: added: `true`

**[First error in build-shop-orders, line 13:](<https://console.example.com/projects/demo/workflows/build-deploy/tasks/3?job=job-0-0-0-build#L13>)**
````text
     12 | [INFO] compiling
>    13 | ERROR ``` undefined: OrderStore
     14 | build failed
````
";
        assert_eq!(md, expected);
    }

    #[test]
    fn hostile_text_and_links_stay_inert() {
        let mut s = share();
        s.title = "[click](javascript:alert(1)) <img src=x>".into();
        s.link = "javascript:alert(1)".into();
        s.baseline = None;
        s.error = None;
        let md = markdown(&s, Locale::En);
        assert!(!md.contains("](javascript"), "{md}");
        assert!(
            md.contains("\\[click\\]\\(javascript:alert\\(1\\)\\) \\<img src=x\\>"),
            "{md}"
        );
        assert_eq!(
            link("x", "https://a.example/ b"),
            "x",
            "a URL with a space is no link"
        );
        assert_eq!(escape("a\nb"), "a b");
        let zh = markdown(&share(), Locale::ZhCn);
        assert!(zh.contains("自上一次成功运行 \\#2 以来"), "{zh}");
        assert_eq!(around(100, 12, 3, 2), 9..15);
        assert_eq!(around(5, 1, 3, 2), 0..4);
        assert_eq!(around(5, 4, 3, 2), 1..5);
    }
}
