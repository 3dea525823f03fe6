//! The live-log endpoint, byte for byte as Zadig sends it (docs/zadig-contract.md §6.2).

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::Response;
use futures_util::stream;

use crate::jobs::log_kind;
use crate::model::{LogKind, SseFault};
use crate::AppState;

/// The event payloads one raw log line becomes, before SSE encoding.
pub fn pieces(line: &str, kind: LogKind) -> Vec<String> {
    match kind {
        LogKind::Container => {
            let t = line.trim();
            if t.contains('\r') {
                let parts: Vec<&str> = t.split('\r').collect();
                let last = parts.len() - 1;
                parts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        if i == last {
                            format!("{p}\n\r")
                        } else {
                            format!("{p}\r")
                        }
                    })
                    .collect()
            } else {
                vec![t.to_string()]
            }
        }
        _ => vec![format!("{line}\n")],
    }
}

/// gin-contrib/sse v0.1.0: `event:message`, `\r` as backslash-r, each `\n` a new `data:` line.
pub fn encode(data: &str) -> String {
    let escaped = data.replace('\r', "\\r");
    let mut out = String::with_capacity(escaped.len() + 24);
    out.push_str("event:message\n");
    for l in escaped.split('\n') {
        out.push_str("data:");
        out.push_str(l);
        out.push('\n');
    }
    out.push('\n');
    out
}

fn empty_ok() -> Response {
    Response::new(Body::empty())
}

struct Cursor {
    log: std::sync::Arc<crate::model::JobLog>,
    rx: tokio::sync::watch::Receiver<(usize, bool)>,
    idx: usize,
    kind: LogKind,
    sent: usize,
    fault: Option<SseFault>,
    done: bool,
}

pub async fn live(
    State(st): State<AppState>,
    Path((wf, tid, job, tail)): Path<(String, String, String, String)>,
) -> Response {
    let found = {
        let w = st.world();
        tid.parse::<i64>()
            .ok()
            .and_then(|id| w.task(&wf, id))
            .and_then(|t| {
                t.stages
                    .iter()
                    .flat_map(|s| s.jobs.iter())
                    .find(|j| j.name == job)
            })
            .map(|j| {
                (
                    j.log.clone(),
                    log_kind(&j.jtype),
                    j.status.clone(),
                    w.knobs.sse_first_line_wait_ms,
                )
            })
    };
    let Some((log, kind, status, wait_ms)) = found else {
        return empty_ok();
    };
    if kind == LogKind::None || (kind == LogKind::Vm && status != "running") {
        return empty_ok();
    }
    // Nothing, not even headers, until the first line exists.
    let mut rx = log.tx.subscribe();
    let deadline = tokio::time::Instant::now() + Duration::from_millis(wait_ms);
    loop {
        let (n, fin) = *rx.borrow_and_update();
        if n > 0 {
            break;
        }
        if fin {
            return empty_ok();
        }
        match tokio::time::timeout_at(deadline, rx.changed()).await {
            Ok(Ok(())) => continue,
            _ => return empty_ok(),
        }
    }
    let tail: i64 = tail.parse().unwrap_or(10);
    let n = log.len();
    let start = if kind == LogKind::Container && tail > 0 {
        n.saturating_sub(tail as usize)
    } else {
        0
    };
    let fault = {
        let mut w = st.world();
        if w.sse_fault.times > 0 {
            w.sse_fault.times -= 1;
            Some(w.sse_fault.clone())
        } else {
            None
        }
    };
    let cur = Cursor {
        log,
        rx,
        idx: start,
        kind,
        sent: 0,
        fault,
        done: false,
    };
    let body = stream::unfold(cur, |mut c| async move {
        if c.done {
            return None;
        }
        loop {
            let n = c.log.len();
            if c.idx < n {
                let end = n.min(c.idx + 512);
                let mut out = String::new();
                let batch: Vec<String> = c.log.lines.read().unwrap()[c.idx..end].to_vec();
                {
                    for line in &batch {
                        for p in pieces(line, c.kind) {
                            if let Some(f) = &c.fault {
                                if c.sent >= f.after_lines {
                                    if f.mid_line {
                                        let ev = encode(&p);
                                        out.push_str(&ev[..ev.len() / 2]);
                                    }
                                    c.done = true;
                                    return Some((
                                        Ok::<Bytes, std::io::Error>(Bytes::from(out)),
                                        c,
                                    ));
                                }
                            }
                            out.push_str(&encode(&p));
                            c.sent += 1;
                        }
                    }
                }
                c.idx = end;
                return Some((Ok(Bytes::from(out)), c));
            }
            if c.rx.borrow().1 && c.idx >= c.log.len() {
                return None;
            }
            if c.rx.changed().await.is_err() {
                return None;
            }
        }
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from_stream(body))
        .expect("static headers")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_lines_are_trimmed_and_split_at_cr() {
        assert_eq!(pieces("  hello  ", LogKind::Container), vec!["hello"]);
        assert_eq!(
            pieces("a 10%\ra 50%\ra 100%", LogKind::Container),
            vec!["a 10%\r", "a 50%\r", "a 100%\n\r"]
        );
        assert_eq!(pieces("  deploy  ", LogKind::Store), vec!["  deploy  \n"]);
    }

    #[test]
    fn encoding_matches_gin_sse_v010() {
        assert_eq!(encode("hi"), "event:message\ndata:hi\n\n");
        assert_eq!(
            encode("a 100%\n\r"),
            "event:message\ndata:a 100%\ndata:\\r\n\n"
        );
        assert_eq!(encode("x\n"), "event:message\ndata:x\ndata:\n\n");
    }
}
