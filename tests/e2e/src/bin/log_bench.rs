//! `cargo run --release -p zadig-e2e --bin log-bench [-- 100000 1000000]`: the log viewer's
//! figures in headless Chromium against the sandbox, next to a minimal vanilla-JS virtual log
//! page (bench/baseline.html) fed by the same stream. Prints figures; asserts nothing.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use zadig_e2e::{repo_root, Harness, Res};

/// Lines per second the sandbox writes for the live runs (faster than either viewer needs).
const RATE: u64 = 100_000;

#[derive(Debug, Default, Clone)]
struct Figures {
    ingest_lps: f64,
    gap_p50: f64,
    gap_p95: f64,
    gap_max: f64,
    dom_nodes: f64,
    mem_ratio: f64,
    paint_ms: f64,
    first_hit_ms: f64,
    all_hits_ms: f64,
    matches: f64,
}

fn console_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("zc-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bench")).expect("temp dir");
    for e in std::fs::read_dir(zadig_e2e::dist_dir()).expect("dist") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), dir.join(e.file_name())).expect("copy dist");
    }
    for f in ["baseline.html", "baseline.js"] {
        std::fs::copy(repo_root().join("bench").join(f), dir.join("bench").join(f))
            .expect("copy baseline");
    }
    dir
}

async fn js(h: &Harness, script: &str) -> Res<Value> {
    Ok(h.browser.execute(script, vec![]).await?)
}

/// WebAssembly memory plus the JavaScript heap, after a garbage collection.
async fn memory(h: &Harness) -> Res<f64> {
    let v = js(h, "if (window.gc) { gc(); } const w = window.wasmBindings && window.wasmBindings.wasm_memory_bytes ? window.wasmBindings.wasm_memory_bytes() : 0; return [w, performance.memory ? performance.memory.usedJSHeapSize : 0];").await?;
    let (w, j) = (v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0));
    if std::env::var_os("BENCH_DEBUG").is_some() {
        eprintln!("memory: wasm {w} js {j}");
    }
    Ok(w + j)
}

async fn flood(h: &Harness, lines: u64) -> Res<i64> {
    let r = h
        .api_post(
            "/openapi/workflows/custom/task",
            json!({"workflow_key": "log-flood", "project_key": "demo", "inputs": [{"job_name": "flood", "job_type": "freestyle",
                "parameters": {"kv": [{"key": "LOG_LINES", "value": lines.to_string()}, {"key": "LOG_RATE", "value": RATE.to_string()}]}}]}),
        )
        .await?;
    r["task_id"]
        .as_i64()
        .ok_or_else(|| format!("no task id: {r}").into())
}

async fn wait_done(h: &Harness, task: i64) -> Res {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let st = js(h, &format!("return fetch('/openapi/workflows/custom/task?taskId={task}&workflowKey=log-flood', {{headers: {{Authorization: 'Bearer ' + sessionStorage.getItem('zc.token')}}}}).then(r => r.json()).then(t => t.status)")).await?;
        if st == "passed" {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err("flood task did not finish".into());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

const RECORD_FRAMES: &str = "window.__frames = []; (function f(t) { window.__frames.push(t); if (!window.__stopFrames) requestAnimationFrame(f); })(performance.now()); return true;";

/// Watches a line counter until it reaches `n`: (ingest lines/s, frame gaps p50/p95/max).
async fn ingest(h: &Harness, count_js: &str, n: u64) -> Res<(f64, f64, f64, f64)> {
    js(h, RECORD_FRAMES).await?;
    let deadline = Instant::now() + Duration::from_secs(600);
    // The clock starts when the page is ready to show lines, not at the first one seen, so a
    // burst that lands between two polls is still timed.
    let start = js(h, "return performance.now()")
        .await?
        .as_f64()
        .unwrap_or(0.0);
    let mut t_first = Some(start);
    let t_last;
    loop {
        let v = js(h, &format!("return [{count_js}, performance.now()];")).await?;
        let (c, t) = (v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0));
        if c > 0.0 && t_first.is_none() {
            t_first = Some(t);
        }
        let _ = &mut t_first;
        if c >= n as f64 {
            t_last = t;
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("only {c} of {n} lines arrived").into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let frames = js(h, "window.__stopFrames = true; return window.__frames;").await?;
    let t0 = t_first.unwrap_or(0.0);
    let mut ts: Vec<f64> = frames
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_f64)
        .filter(|t| *t >= t0 && *t <= t_last)
        .collect();
    ts.sort_by(f64::total_cmp);
    let mut gaps: Vec<f64> = ts.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        gaps.get(((gaps.len() as f64 - 1.0) * p).round().max(0.0) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let secs = ((t_last - t0) / 1000.0).max(0.001);
    Ok((
        n as f64 / secs,
        pct(0.5),
        pct(0.95),
        gaps.last().copied().unwrap_or(0.0),
    ))
}

async fn measure(h: &Harness, name: &str, start: &str, end: &str) -> Res<f64> {
    let v = js(h, &format!("const a = performance.getEntriesByName('{start}').pop(), b = performance.getEntriesByName('{end}').pop(); return a && b ? b.startTime - a.startTime : -1;")).await?;
    let ms = v.as_f64().unwrap_or(-1.0);
    if ms < 0.0 {
        let marks = js(h, "return performance.getEntriesByType('mark').map(m => m.name + '@' + Math.round(m.startTime)).join(' ')").await?;
        return Err(format!("{name}: marks {start} / {end} missing; marks: {marks}").into());
    }
    Ok(ms)
}

async fn console(h: &Harness, n: u64, raw: &mut f64) -> Res<Figures> {
    let mut f = Figures::default();
    let task = flood(h, n).await?;
    let page = format!("/projects/demo/workflows/log-flood/tasks/{task}?job=job-0-0-0-flood");
    h.goto(&page).await?;
    h.wait("[data-testid=log-view]").await?;
    let count =
        "parseInt((document.querySelector('[data-testid=log-count]') || {}).textContent || '0')";
    (f.ingest_lps, f.gap_p50, f.gap_p95, f.gap_max) = ingest(h, count, n).await?;
    f.dom_nodes = js(
        h,
        "return document.querySelectorAll('[data-testid=log-line]').length",
    )
    .await?
    .as_f64()
    .unwrap_or(0.0);
    wait_done(h, task).await?;
    *raw = js(h, &format!("return fetch('/openapi/logs/log/v4/workflow/log-flood/{task}/job-0-0-0-flood', {{headers: {{Authorization: 'Bearer ' + sessionStorage.getItem('zc.token')}}}}).then(r => r.arrayBuffer()).then(b => b.byteLength)")).await?.as_f64().unwrap_or(1.0);
    // A fresh page with no log, then the finished log: paint time and memory growth.
    h.goto("/settings").await?;
    h.wait("[data-testid=settings-token]").await?;
    let before = memory(h).await?;
    h.goto(&page).await?;
    h.wait_text("[data-testid=log-state]", "Complete").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    f.paint_ms = measure(h, "paint", "zc:log-downloaded", "zc:log-painted").await?;
    f.mem_ratio = (memory(h).await? - before) / *raw;
    js(h, "const i = document.querySelector('[data-testid=log-search]'); i.value = 'error'; i.dispatchEvent(new Event('input')); return true;").await?;
    h.wait_text("[data-testid=log-search-count]", "/").await?;
    f.first_hit_ms = measure(h, "first hit", "zc:search-start", "zc:search-first").await?;
    f.all_hits_ms = measure(h, "all hits", "zc:search-start", "zc:search-done").await?;
    let c = h
        .wait("[data-testid=log-search-count]")
        .await?
        .text()
        .await?;
    f.matches = c
        .rsplit(' ')
        .next()
        .and_then(|x| x.parse().ok())
        .unwrap_or(0.0);
    Ok(f)
}

async fn baseline(h: &Harness, n: u64, raw: f64) -> Res<Figures> {
    let mut f = Figures::default();
    let task = flood(h, n).await?;
    let cfg = |mode: &str| {
        format!("sessionStorage.setItem('bench', JSON.stringify({{wf: 'log-flood', task: {task}, job: 'job-0-0-0-flood', token: sessionStorage.getItem('zc.token'), mode: '{mode}'}})); return true;")
    };
    js(h, &cfg("live")).await?;
    h.goto("/bench/baseline.html").await?;
    (f.ingest_lps, f.gap_p50, f.gap_p95, f.gap_max) =
        ingest(h, "window.__bench ? window.__bench.lines.length : 0", n).await?;
    f.dom_nodes = js(h, "return document.querySelectorAll('.row').length")
        .await?
        .as_f64()
        .unwrap_or(0.0);
    wait_done(h, task).await?;
    // An idle baseline page first, then the same page loading the finished log.
    js(h, &cfg("idle")).await?;
    h.goto("/bench/baseline.html").await?;
    let idle = memory(h).await?;
    js(h, &cfg("complete")).await?;
    h.goto("/bench/baseline.html").await?;
    let deadline = Instant::now() + Duration::from_secs(120);
    while js(h, "return !!(window.__bench && window.__bench.done)").await? != Value::Bool(true) {
        if Instant::now() > deadline {
            return Err("baseline never finished loading".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    f.paint_ms = measure(h, "paint", "bl:log-downloaded", "bl:log-painted").await?;
    f.mem_ratio = (memory(h).await? - idle) / raw;
    f.matches = js(h, "return window.__benchSearch('error')")
        .await?
        .as_f64()
        .unwrap_or(0.0);
    f.first_hit_ms = measure(h, "first hit", "bl:search-start", "bl:search-first").await?;
    f.all_hits_ms = measure(h, "all hits", "bl:search-start", "bl:search-done").await?;
    Ok(f)
}

fn row(name: &str, c: f64, b: f64, unit: &str, higher_is_better: bool) {
    let ratio = if higher_is_better {
        if b > 0.0 {
            c / b
        } else {
            0.0
        }
    } else if c > 0.0 {
        b / c
    } else {
        0.0
    };
    println!("  {name:<30} {c:>12.1} {b:>12.1} {unit:<8} {ratio:>6.2}×");
}

#[tokio::main]
async fn main() {
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    };
    println!("log viewer benchmark (headless Chromium, sandbox writing {RATE} lines/s; ratio > 1 means the console does better)");
    let dir = console_dir();
    for n in sizes {
        // A fresh browser per size, so memory figures do not carry the previous run's pages.
        let h = Harness::start_with("log_bench", dir.clone(), "/").await;
        h.sandbox.state.world.lock().unwrap().knobs.speed = 1.0;
        let r: Res = async {
            h.sign_in("admin").await?;
            let mut raw = 0.0;
            let c = console(&h, n, &mut raw).await?;
            let b = baseline(&h, n, raw).await?;
            println!("\n{n} lines, {:.1} MB raw", raw / 1e6);
            println!(
                "  {:<30} {:>12} {:>12} {:<8} {:>7}",
                "figure", "console", "baseline", "unit", "ratio"
            );
            row("ingest", c.ingest_lps, b.ingest_lps, "lines/s", true);
            row(
                "frame gap p50 during ingest",
                c.gap_p50,
                b.gap_p50,
                "ms",
                false,
            );
            row(
                "frame gap p95 during ingest",
                c.gap_p95,
                b.gap_p95,
                "ms",
                false,
            );
            row(
                "frame gap max during ingest",
                c.gap_max,
                b.gap_max,
                "ms",
                false,
            );
            row(
                "log-line DOM nodes",
                c.dom_nodes,
                b.dom_nodes,
                "nodes",
                false,
            );
            row(
                "memory growth / raw bytes",
                c.mem_ratio,
                b.mem_ratio,
                "×",
                false,
            );
            row("paint finished log", c.paint_ms, b.paint_ms, "ms", false);
            row(
                "first search hit",
                c.first_hit_ms,
                b.first_hit_ms,
                "ms",
                false,
            );
            row(
                "count all matches",
                c.all_hits_ms,
                b.all_hits_ms,
                "ms",
                false,
            );
            println!(
                "  {:<30} {:>12} {:>12}",
                "matches found", c.matches, b.matches
            );
            Ok(())
        }
        .await;
        h.check(r).await;
    }
    let _ = std::fs::remove_dir_all(dir);
}
