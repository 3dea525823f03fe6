//! Failure-first landing: a failed task opens on its first failed job, and a failed job's log on
//! its first error line.

use crate::api::types::{JobTask, TaskDetail};
use crate::domain::log::ansi::{parse_line, Color, Line, Style};
use crate::domain::log::store::LogStore;
use crate::domain::status::{Category, Status};

/// The job a failed task opens on: its first failed job in stage and job order (a rejected or
/// timed-out approval included). `None` for a task that has not failed.
pub fn landing_job(task: &TaskDetail) -> Option<&JobTask> {
    if Status::parse(&task.status).category() != Category::Failed {
        return None;
    }
    task.stages
        .iter()
        .flat_map(|s| s.jobs.iter())
        .find(|j| Status::parse(&j.status).category() == Category::Failed)
}

/// Whether a job's log opens on its first error rather than its end.
pub fn lands_on_error(status: &str) -> bool {
    Status::parse(status).category() == Category::Failed
}

/// Whether a colour reads as red (the 16 basic colours' reds, the 256-colour cube's pure reds,
/// and 24-bit colours dominated by red).
fn is_red(c: Color) -> bool {
    match c {
        Color::Indexed(1 | 9) => true,
        Color::Indexed(n @ 16..=231) => {
            let n = n - 16;
            let (r, g, b) = (n / 36, (n / 6) % 6, n % 6);
            r >= 3 && g == 0 && b <= 1
        }
        Color::Rgb(r, g, b) => r >= 150 && g < 90 && b < 90,
        _ => false,
    }
}

fn red_style(s: &Style) -> bool {
    is_red(s.fg) || is_red(s.bg)
}

/// Whether some visible (non-blank) text of the line is drawn in red.
fn has_red_text(line: &Line) -> bool {
    line.spans.iter().any(|sp| {
        red_style(&sp.style)
            && line
                .text
                .get(sp.start..sp.end)
                .is_some_and(|t| !t.trim().is_empty())
    })
}

/// Words that mark an error when written in capitals, as tools print them.
const LOUD: [&str; 6] = ["ERROR", "ERR!", "FAIL", "FAILED", "FATAL", "PANIC"];
/// Line openings that mark an error as compilers, git, Go and Python print them.
const OPENINGS: [&str; 9] = [
    "error:",
    "error[",
    "Error:",
    "fatal:",
    "panic:",
    "FATAL:",
    "Traceback (most recent call last)",
    "Exception in thread",
    "npm ERR!",
];

/// Phrases that mark an error anywhere in a line (a Rust panic, a crashed process).
const INSIDE: [&str; 3] = ["panicked at", "Segmentation fault", "OOMKilled"];

/// The first whole number in `s` (ASCII digits).
fn first_number(s: &str) -> Option<u64> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: &str = &s[start..];
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse().ok()
}

/// Whether the line reports a process ending with a non-zero code ("exit code 2", "exited with
/// code 1", "exit status 127", "returned a non-zero code").
fn nonzero_exit(text: &str) -> bool {
    let l = text.to_ascii_lowercase();
    if l.contains("non-zero code") || l.contains("non-zero exit") || l.contains("nonzero exit") {
        return true;
    }
    ["exit code", "exited with code", "exit status", "exitcode"]
        .iter()
        .any(|p| {
            l.find(p).is_some_and(|at| {
                let rest = &l[at + p.len()..];
                // The number right after the phrase (", 2", ": 2", " 2"), not one further on.
                let head = rest.trim_start_matches([' ', ':', '=', ',']);
                head.starts_with(|c: char| c.is_ascii_digit())
                    && first_number(head).is_some_and(|n| n != 0)
            })
        })
}

/// Whether a capitalised error word stands alone in the text (not inside another word).
fn loud_word(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '!'))
        .any(|w| LOUD.contains(&w))
}

/// Whether a log line (escapes parsed) reads as an error: red text, a capitalised error word, a
/// compiler's or tool's error opening, or a non-zero exit code.
pub fn is_error_line(line: &Line) -> bool {
    let text = line.text.trim();
    if text.is_empty() {
        return false;
    }
    has_red_text(line)
        || loud_word(text)
        || OPENINGS.iter().any(|o| text.starts_with(o))
        || INSIDE.iter().any(|w| text.contains(w))
        || nonzero_exit(text)
}

/// The index of the first error line of a log, if any, reading colours carried over from earlier
/// lines as the viewer draws them.
pub fn first_error_line(store: &LogStore) -> Option<usize> {
    let mut style = Style::default();
    for i in 0..store.len() {
        let raw = store.raw(i);
        if raw.contains('\x1b') || store.is_special(i) {
            let (line, next) = parse_line(raw, style);
            style = next;
            if is_error_line(&line) {
                return Some(i);
            }
        } else {
            let plain = Line {
                text: raw.to_string(),
                spans: Vec::new(),
            };
            if (red_style(&style) && !raw.trim().is_empty()) || is_error_line(&plain) {
                return Some(i);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{JobTaskName, StageTask};

    fn line(raw: &str) -> Line {
        parse_line(raw, Style::default()).0
    }

    #[test]
    fn recognises_error_lines() {
        for raw in [
            "\x1b[31mbuild failed\x1b[0m",
            "\x1b[1;31mERROR\x1b[0m internal/handlers/orders.go:42: undefined: OrderStore",
            "\x1b[38;5;196mboom\x1b[0m",
            "\x1b[38;2;220;40;40mboom\x1b[0m",
            "\x1b[41;97m FAIL \x1b[0m src/app.test.ts",
            "--- FAIL: TestCase05 (0.12s)",
            "ERROR: script exited with code 1",
            "error[E0425]: cannot find value `x` in this scope",
            "error: could not compile `app`",
            "fatal: repository 'x' not found",
            "panic: runtime error: index out of range",
            "Traceback (most recent call last):",
            "npm ERR! code ELIFECYCLE",
            "The command '/bin/sh -c make' returned a non-zero code: 2",
            "Process completed with exit code 1.",
            "make: *** [all] Error 2 (exit status 2)",
            "[FATAL] out of memory",
            "thread 'main' panicked at src/main.rs:3:5:",
            "bash: line 1: 42 Segmentation fault (core dumped) ./app",
        ] {
            assert!(is_error_line(&line(raw)), "{raw:?}");
        }
    }

    #[test]
    fn ordinary_lines_are_not_errors() {
        for raw in [
            "",
            "   ",
            "\x1b[32m[INFO]\x1b[0m compiling orders/internal/handlers",
            "\x1b[31m\x1b[0m",
            "--- PASS: TestCase01 (0.12s)",
            "0 errors, 2 warnings",
            "errors: 0",
            "no error handler configured",
            "Process completed with exit code 0.",
            "exit status 0",
            "checking error_policy settings",
            "terror.go compiled",
            "FAILOVER configured",
            "exit code was not recorded; see 2 lines below",
        ] {
            assert!(!is_error_line(&line(raw)), "{raw:?}");
        }
    }

    #[test]
    fn finds_the_first_error_line_with_carried_colours() {
        let mut s = LogStore::new();
        s.extend([
            "[INFO] start",
            "compiling",
            "\x1b[31mred from here",
            "still red",
            "\x1b[0m",
        ]);
        assert_eq!(first_error_line(&s), Some(2));

        // A colour opened on a line with no text of its own reddens the next one.
        let mut s = LogStore::new();
        s.extend(["ok", "\x1b[31m", "undefined: OrderStore", "\x1b[0mdone"]);
        assert_eq!(first_error_line(&s), Some(2));

        let mut s = LogStore::new();
        s.extend(["ok", "fine", "\rDownloading 10%\rDownloading 100%"]);
        assert_eq!(first_error_line(&s), None);
        assert_eq!(first_error_line(&LogStore::new()), None);
    }

    #[test]
    fn a_failed_task_lands_on_its_first_failed_job() {
        let job = |name: &str, status: &str| JobTask {
            name: JobTaskName::from(name.to_string()),
            status: status.into(),
            ..Default::default()
        };
        let mut t = TaskDetail {
            status: "failed".into(),
            stages: vec![
                StageTask {
                    jobs: vec![
                        job("job-0-0-0-build", "passed"),
                        job("job-0-0-1-build", "failed"),
                    ],
                    ..Default::default()
                },
                StageTask {
                    jobs: vec![job("job-1-0-0-deploy", "failed")],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        assert_eq!(
            landing_job(&t).map(|j| j.name.to_string()),
            Some("job-0-0-1-build".to_string())
        );
        t.stages[0].jobs[1].status = "timeout".into();
        assert_eq!(
            landing_job(&t).map(|j| j.name.to_string()),
            Some("job-0-0-1-build".to_string()),
            "a timed-out job is a failure"
        );
        t.status = "passed".into();
        assert_eq!(landing_job(&t).map(|j| j.name.to_string()), None);
        t.status = "cancelled".into();
        assert_eq!(landing_job(&t).map(|j| j.name.to_string()), None);
        t.status = "reject".into();
        t.stages[0].jobs[1].status = "passed".into();
        t.stages[1].jobs[0].status = "reject".into();
        assert_eq!(
            landing_job(&t).map(|j| j.name.to_string()),
            Some("job-1-0-0-deploy".to_string())
        );
        assert!(lands_on_error("failed") && lands_on_error("timeout"));
        assert!(!lands_on_error("passed") && !lands_on_error("running"));
    }
}
