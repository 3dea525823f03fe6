//! `cargo run --release -p zadig-e2e --bin load-bench [-- runs]`: how fast a first visit is.
//! Starts the sandbox with the release build (dist/, scripts/build) and headless Chromium, and for
//! each network (unthrottled, and a 4G-like link: 9 Mbit/s down, 40 ms latency) times cold-cache
//! visits: first contentful paint, the project list (`/`) and the first workflow rows
//! (`/projects/demo`). Next to it, the same figures for a minimal Leptos app built the same way
//! (bench/floor, built by bench/floor/build) as the floor. Prints the medians; asserts nothing.

use serde_json::{json, Value};
use zadig_e2e::{repo_root, Harness, Res};

/// Records when each selector first matches, from the very start of every page.
const MARKS: &str = "
window.__zc_marks = {};
const watch = { first_rows: '[data-testid=workflow-row]', project_list: '[data-testid=project-option]', floor_rows: '[data-testid=floor-rows] li', shell: '#boot .topbar' };
const look = () => {
  for (const [k, s] of Object.entries(watch)) {
    if (!(k in window.__zc_marks) && document.querySelector(s)) window.__zc_marks[k] = performance.now();
  }
};
new MutationObserver(look).observe(document, { childList: true, subtree: true });
document.addEventListener('DOMContentLoaded', look);
";

/// One cold visit: (first contentful paint, the awaited mark), in ms since navigation start.
async fn visit(h: &Harness, route: &str, css: &str, mark: &str) -> Res<(f64, f64)> {
    h.clear_http_cache().await?;
    h.goto("/__sandbox/config").await?; // off the app, so the next load is a fresh navigation
    h.goto(route).await?;
    h.wait(css).await?;
    let v = h
        .eval(&format!(
            "const p = await new Promise(done => {{
               new PerformanceObserver(l => {{
                 const e = l.getEntriesByName('first-contentful-paint')[0];
                 if (e) done(e.startTime);
               }}).observe({{ type: 'paint', buffered: true }});
               setTimeout(() => done(-1), 3000);
             }});
             return [p, (window.__zc_marks || {{}})['{mark}'] ?? -1];"
        ))
        .await?;
    Ok((v[0].as_f64().unwrap_or(-1.0), v[1].as_f64().unwrap_or(-1.0)))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}

async fn network(h: &Harness, slow: bool) -> Res {
    h.cdp("Network.enable", json!({})).await?;
    let (latency, down, up) = if slow {
        (40, 9_000_000 / 8, 3_000_000 / 8)
    } else {
        (0, -1, -1)
    };
    h.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": latency, "downloadThroughput": down, "uploadThroughput": up }),
    )
    .await?;
    Ok(())
}

async fn console_figures(runs: usize, slow: bool) -> Res<[f64; 3]> {
    let h = Harness::start("load-bench").await;
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": MARKS }),
    )
    .await?;
    h.sign_in("admin").await?;
    network(&h, slow).await?;
    let (mut fcp, mut list, mut rows) = (vec![], vec![], vec![]);
    for _ in 0..runs {
        let (p, l) = visit(&h, "/", "[data-testid=project-option]", "project_list").await?;
        fcp.push(p);
        list.push(l);
        let (_, r) = visit(
            &h,
            "/projects/demo",
            "[data-testid=workflow-row]",
            "first_rows",
        )
        .await?;
        rows.push(r);
    }
    h.check(Ok(())).await;
    Ok([median(fcp), median(list), median(rows)])
}

async fn floor_figures(runs: usize, slow: bool) -> Res<[f64; 2]> {
    let dir = repo_root().join("target/floor-dist");
    let h = Harness::start_with("load-bench-floor", dir, "/").await;
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": MARKS }),
    )
    .await?;
    network(&h, slow).await?;
    let (mut fcp, mut rows) = (vec![], vec![]);
    for _ in 0..runs {
        let (p, r) = visit(&h, "/", "[data-testid=floor-rows] li", "floor_rows").await?;
        fcp.push(p);
        rows.push(r);
    }
    h.check(Ok(())).await;
    Ok([median(fcp), median(rows)])
}

fn bytes(dir: &std::path::Path, names: &[String]) -> u64 {
    names
        .iter()
        .map(|n| {
            let gz = dir.join(format!("{n}.gz"));
            std::fs::metadata(if gz.exists() { gz } else { dir.join(n) })
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .sum()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Res {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let dist = zadig_e2e::dist_dir();
    let floor = repo_root().join("target/floor-dist");
    let status = std::process::Command::new("bash")
        .arg("bench/floor/build")
        .current_dir(repo_root())
        .status()?;
    if !status.success() {
        return Err("bench/floor/build failed".into());
    }
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dist.join("manifest.json"))?)?;
    // The workflow list's first load (the larger of the two landing routes').
    let first: Vec<String> = manifest["first_load"]["/projects/:project"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let floor_files: Vec<String> = [
        "index.html",
        "boot.js",
        "zadig-floor.js",
        "zadig-floor_bg.wasm",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    println!(
        "first load, bytes sent (gzip twins): console {}, floor {}",
        bytes(&dist, &first),
        bytes(&floor, &floor_files)
    );
    println!("medians of {runs} cold-cache visits, ms from navigation start");
    println!(
        "{:<12} {:>14} {:>14} {:>18} {:>14} {:>16}",
        "network",
        "console paint",
        "project list",
        "first workflow rows",
        "floor paint",
        "floor rows"
    );
    for slow in [false, true] {
        let c = console_figures(runs, slow).await?;
        let f = floor_figures(runs, slow).await?;
        println!(
            "{:<12} {:>14.0} {:>14.0} {:>18.0} {:>14.0} {:>16.0}",
            if slow { "4G-like" } else { "unthrottled" },
            c[0],
            c[1],
            c[2],
            f[0],
            f[1]
        );
    }
    Ok(())
}
