//! First load: what a cold visit to each landing route fetches before its first data, against
//! the byte budgets in scripts/size-budget.json; and that the other screens' chunks are fetched
//! only later (ahead of use, when the browser is idle) or on first use.

use serde_json::Value;
use zadig_e2e::{configured_dist, dist_dir, repo_root, Harness, Res, BUILD_DEPLOY_LINK};

/// Bytes of `gzip -9` of a file of the build (what a server with precompressed twins sends).
fn gzip_size(path: &std::path::Path) -> u64 {
    let out = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .expect("gzip runs");
    assert!(out.status.success(), "gzip {}", path.display());
    out.stdout.len() as u64
}

/// The strings of a JSON array (`None` if it is not one).
fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array().map(|a| {
        a.iter()
            .filter_map(|e| e.as_str().map(str::to_string))
            .collect()
    })
}

/// The page's own files whose fetch started before the page made the performance mark `mark`
/// (all so far without one), as paths below the site root. The document itself is
/// `index.html`, whatever deep link it was served for.
async fn fetched_before(h: &Harness, mark: Option<&str>) -> Res<Vec<String>> {
    let v = h
        .eval(&format!(
            "const m = {}; \
             const at = m === null ? Infinity : performance.getEntriesByName(m)[0]?.startTime; \
             return at === undefined ? null : ['/index.html'].concat(performance.getEntriesByType('resource') \
               .filter(e => e.startTime < at).map(e => new URL(e.name).pathname));",
            serde_json::to_string(&mark)?
        ))
        .await?;
    Ok(strings(&v).ok_or_else(|| format!("the page made no mark {mark:?}"))?)
}

/// The page's own files fetched so far (see [`fetched_before`]).
async fn fetched(h: &Harness) -> Res<Vec<String>> {
    fetched_before(h, None).await
}

/// Which dist files a list of fetched paths names (API calls and the like left out).
fn files_of(paths: &[String]) -> Vec<String> {
    let dist = dist_dir();
    let mut out: Vec<String> = paths
        .iter()
        .map(|p| p.trim_start_matches('/').to_string())
        .filter(|name| !name.is_empty() && dist.join(name).is_file())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn budget(route: &str) -> u64 {
    let text =
        std::fs::read_to_string(repo_root().join("scripts/size-budget.json")).expect("budget file");
    let v: Value = serde_json::from_str(&text).expect("budget json");
    v["routes"][route]["gzip"]
        .as_u64()
        .expect("a budget for the route")
}

/// Cold visit to `route`, waiting for `rows`: returns the dist files fetched before the first
/// answer came (the page marks it, `zc-first-answer`, and only then asks for the main module's
/// later parts), and their gzip bytes.
async fn cold_visit(h: &Harness, route: &str, rows: &str) -> Res<(Vec<String>, u64)> {
    h.clear_http_cache().await?;
    h.goto(route).await?;
    h.wait(rows).await?;
    let files = files_of(&fetched_before(h, Some("zc-first-answer")).await?);
    let dist = dist_dir();
    let bytes = files.iter().map(|f| gzip_size(&dist.join(f))).sum();
    Ok((files, bytes))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn landing_routes_fit_their_budgets_and_fetch_no_chunk() {
    let h = Harness::start("first_load").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let manifest: Value =
            serde_json::from_str(&std::fs::read_to_string(dist_dir().join("manifest.json"))?)?;
        let first_of = |route: &str| {
            strings(&manifest["first_load"][route])
                .ok_or("manifest has first_load for each landing route")
        };
        let chunks = manifest["chunks"]
            .as_object()
            .ok_or("manifest has chunks")?;
        let files_of_chunks = |bridge: bool| -> Vec<String> {
            chunks
                .iter()
                .filter(|(name, _)| (name.as_str() == "embed") == bridge)
                .flat_map(|(_, v)| strings(v).unwrap_or_default())
                .collect()
        };
        let chunk_files = files_of_chunks(false);
        // The embedding bridge is fetched only by a framed page (or a deployment naming
        // embedding origins), never ahead of use by a plain one.
        let bridge_only: Vec<String> = files_of_chunks(true)
            .into_iter()
            .filter(|f| !chunk_files.contains(f))
            .collect();
        assert!(!bridge_only.is_empty(), "the bridge is a chunk of its own");
        assert!(!chunk_files.is_empty(), "the build has chunks");
        let later = strings(&manifest["later"]).ok_or("manifest has later")?;
        // The log viewer's colours are a stylesheet of their own, fetched once idle.
        let log_colours = manifest["log_colours"]
            .as_str()
            .ok_or("manifest has log_colours")?
            .to_string();
        for (route, key, rows) in [
            ("/", "/", "[data-testid=project-option]"),
            (
                "/projects/demo",
                "/projects/:project",
                "[data-testid=workflow-row]",
            ),
        ] {
            let first = first_of(key)?;
            let (files, bytes) = cold_visit(&h, route, rows).await?;
            println!("{route}: {bytes} bytes gzip before the first data: {files:?}");
            for f in &files {
                // The main module's later part fetched this early: the landing screen ran code
                // that scripts/profile did not see it run.
                assert!(
                    !later.contains(f),
                    "{route} needed the later part {f} before its data: record the profile again \
                     (scripts/profile, then scripts/build)"
                );
                assert!(
                    !chunk_files.contains(f) && !bridge_only.contains(f) && *f != log_colours,
                    "{route} fetched the chunk {f} before its data"
                );
                assert!(
                    first.contains(f),
                    "{route} fetched {f}, which the size report does not count"
                );
            }
            for f in first
                .iter()
                .filter(|f| f.ends_with(".wasm") || f.ends_with(".js"))
            {
                assert!(
                    files.contains(f),
                    "{route} did not fetch {f}: is it still needed?"
                );
            }
            let limit = budget(key);
            println!("{route}: budget {limit} bytes gzip");
            assert!(
                bytes <= limit,
                "{route} fetched {bytes} bytes gzip before its first data, over its budget of \
                 {limit} (scripts/size-budget.json)"
            );
        }
        // Once idle, the other screens' chunks are fetched ahead of use.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let files = files_of(&fetched(&h).await?);
            let missing: Vec<&String> = chunk_files.iter().filter(|c| !files.contains(c)).collect();
            if missing.is_empty() && files.contains(&log_colours) {
                let bridge: Vec<&String> =
                    bridge_only.iter().filter(|c| files.contains(c)).collect();
                assert!(
                    bridge.is_empty(),
                    "a plain page fetched the bridge: {bridge:?}"
                );
                break;
            }
            if std::time::Instant::now() > deadline {
                return Err(
                    format!("chunks or the log colours never prefetched: {missing:?}").into(),
                );
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        // A screen in a chunk opens from the list.
        h.open_build_and_deploy().await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunk_that_cannot_be_fetched_is_said_and_tried_again() {
    let h = Harness::start("chunk_failure").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // A first visit whose network fails every chunk (the prefetch too). The main module's
        // later part is not a chunk: it comes with the first answer, and losing it is the
        // cold_code_* tests' case.
        h.clear_http_cache().await?;
        h.block_urls(&["*/split_*", "*/chunk_*"]).await?;
        h.goto("/projects/demo").await?;
        h.wait(BUILD_DEPLOY_LINK).await?.click().await?;
        let failed = h.wait("[data-testid=chunk-failed]").await?;
        let text = failed.text().await?;
        assert!(text.contains("could not be loaded"), "{text}");
        // The network is back: trying again draws the screen, with nothing reloaded.
        h.block_urls(&[]).await?;
        try_again(&failed).await?;
        h.wait_text("[data-testid=workflow-title]", "Build and deploy")
            .await?;
        h.wait_gone("[data-testid=chunk-failed]").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embedding_bridge_that_cannot_be_fetched_is_said_and_tried_again() {
    // A deployment that names embedding origins fetches the bridge even at the top level (it
    // shows their problems); a plain one never does (the landing test above).
    let dist = configured_dist(
        r#"{"api_base": "", "auth_mode": "token", "embed_origins": ["https://portal.example", "ftp://x"]}"#,
    );
    let h = Harness::start_with("bridge_failure", dist, "/").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.clear_http_cache().await?;
        h.block_urls(&["*/split_*", "*/chunk_*"]).await?;
        h.goto("/").await?;
        let failed = h.wait("[data-testid=chunk-failed]").await?;
        let text = failed.text().await?;
        assert!(text.contains("could not be loaded"), "{text}");
        // The rest of the console works meanwhile.
        h.wait("[data-testid=project-option]").await?;
        h.block_urls(&[]).await?;
        try_again(&failed).await?;
        h.wait_gone("[data-testid=chunk-failed]").await?;
        // Started: the origin that is not http(s) is reported as the configuration error it is.
        h.wait_text("[data-testid=embed-config-error]", "ftp://x")
            .await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_prefetch_on_hover_a_link_fetches_its_screen_and_nothing_else() {
    let dist = configured_dist(
        r#"{"api_base": "", "auth_mode": "token", "embed_origins": [], "prefetch": "hover"}"#,
    );
    let h = Harness::start_with("prefetch_hover", dist, "/").await;
    let r: Res = async {
        let manifest: Value = serde_json::from_str(
            &std::fs::read_to_string(dist_dir().join("manifest.json")).map_err(|e| e.to_string())?,
        )?;
        let main_of = |chunk: &str| -> Res<String> {
            let files = manifest["chunks"][chunk].as_array().ok_or("chunk in manifest")?;
            files
                .iter()
                .filter_map(Value::as_str)
                .find(|f| f.starts_with(&format!("split_{chunk}-")))
                .map(str::to_string)
                .ok_or_else(|| format!("{chunk}'s own file").into())
        };
        let (workflow, task) = (main_of("workflow")?, main_of("task")?);
        h.sign_in("admin").await?;
        h.clear_http_cache().await?;
        h.goto("/projects/demo").await?;
        h.wait(BUILD_DEPLOY_LINK).await?;
        // Well past the idle prefetch's start: nothing is fetched ahead by itself.
        tokio::time::sleep(std::time::Duration::from_millis(4_000)).await;
        let files = files_of(&fetched(&h).await?);
        assert!(!files.contains(&workflow) && !files.contains(&task), "{files:?}");
        // Pointing at a workflow's link fetches the workflow screen's code, and only that.
        h.eval(&format!(
            "document.querySelector('{BUILD_DEPLOY_LINK}').dispatchEvent(new MouseEvent('mouseover', {{bubbles: true}})); return true;"
        ))
        .await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !files_of(&fetched(&h).await?).contains(&workflow) {
            if std::time::Instant::now() > deadline {
                return Err("pointing at the link did not fetch the workflow screen".into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(!files_of(&fetched(&h).await?).contains(&task));
        h.wait(BUILD_DEPLOY_LINK).await?.click().await?;
        h.wait_text("[data-testid=workflow-title]", "Build and deploy").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_opened_before_anything_was_prefetched_has_its_colours() {
    // Nothing is fetched ahead: the log viewer brings its colour stylesheet itself.
    let dist = configured_dist(
        r#"{"api_base": "", "auth_mode": "token", "embed_origins": [], "prefetch": "off"}"#,
    );
    let h = Harness::start_with("log_colours", dist, "/").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.clear_http_cache().await?;
        h.goto("/projects/demo/workflows/always-fails/tasks/1?job=job-0-0-0-check")
            .await?;
        h.wait("[data-testid=log-line] [class*=fg-]").await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let v = h
                .eval(
                    "const s = document.querySelector('[data-testid=log-line] [class*=fg-]');
                     return [getComputedStyle(s).color, getComputedStyle(s.closest('[data-testid=log-line]')).color];",
                )
                .await?;
            if v[0] != v[1] {
                break;
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("coloured log text is drawn in the plain colour: {v}").into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Ok(())
    }
    .await;
    h.check(r).await;
}

/// Clicks "Try again" on a chunk-failed notice.
async fn try_again(failed: &fantoccini::elements::Element) -> Res<()> {
    let button = failed.find(fantoccini::Locator::Css("button")).await?;
    Ok(button.click().await?)
}

/// Where the top bar's parts are on the page.
async fn top_bar_rects(h: &Harness) -> Res<Value> {
    h.eval(
        "return ['.topbar', '.topbar .brand', '.topbar nav a:first-child', '.topbar nav a:last-child']
           .map(s => { const r = document.querySelector(s).getBoundingClientRect();
                       return [s, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)]; });",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shell_paints_before_the_wasm_and_nothing_moves_when_the_app_takes_over() {
    let h = Harness::start("boot_shell").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.eval("localStorage.setItem('zc.locale', 'zh-CN');").await?;
        // A slow network: the shell shows, in the person's language, long before the code.
        h.clear_http_cache().await?;
        h.throttle(40_000).await?;
        h.goto("/").await?;
        let bar = h.wait("#boot .topbar").await?;
        let text = bar.text().await?;
        assert!(text.contains("项目") && text.contains("设置") && !text.contains("Projects"), "{text}");
        let loading = h.wait("#boot .loading").await?.text().await?;
        assert_eq!(loading.trim(), "加载中…");
        let shell = top_bar_rects(&h).await?;
        h.throttle(0).await?;
        // The code cannot be fetched: the shell says so instead of loading for ever.
        h.clear_http_cache().await?;
        h.block_urls(&["*zadig-console_bg*"]).await?;
        h.goto("/").await?;
        h.wait_text("#boot-failed", "无法加载控制台").await?;
        let failed = h.wait("#boot-failed").await?;
        assert!(h.eval("return document.querySelector('#boot .loading') === null;").await?.as_bool() == Some(true));
        // Back: the reload button brings the app, which replaces the shell where it stands.
        h.block_urls(&[]).await?;
        failed.find(fantoccini::Locator::Css("button")).await?.click().await?;
        h.wait("[data-testid=project-option]").await?;
        assert!(h.eval("return document.getElementById('boot') === null;").await?.as_bool() == Some(true));
        let app = top_bar_rects(&h).await?;
        assert_eq!(shell, app, "the top bar moved when the app took over");
        let shifts = h
            .eval(
                "return await new Promise(done => {
                   new PerformanceObserver(l => done(l.getEntries().filter(e => !e.hadRecentInput).map(e => e.value)))
                     .observe({ type: 'layout-shift', buffered: true });
                   setTimeout(() => done([]), 1000);
                 });",
            )
            .await?;
        let total: f64 = shifts.as_array().map(|a| a.iter().filter_map(Value::as_f64).sum()).unwrap_or(0.0);
        assert!(total == 0.0, "layout shifts while loading: {shifts}");
        Ok(())
    }
    .await;
    h.check(r).await;
}

/// The release build moves what the landing screens do not run before their first answer out of
/// the main module, to its later part, asked for once that answer is in. What follows
/// the first answer (the rows' statuses, the background part) waits for them. Code needed before
/// its part has arrived loads it at once, synchronously; what waited, and a chunk load waiting
/// for the parts, goes on as soon as they are there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cold_code_needed_before_it_arrives_is_loaded_at_once() {
    let h = Harness::start("cold_code_now").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.clear_http_cache().await?;
        // Every fetch() of the parts hangs: only the synchronous path can bring them.
        h.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": "const zcFetch = window.fetch; window.fetch = function (input) { if (/\\/later-/.test(String(input && input.url || input))) return new Promise(() => {}); return zcFetch.apply(this, arguments); };" }),
        )
        .await?;
        h.goto("/projects/demo").await?;
        h.wait(BUILD_DEPLOY_LINK)
            .await?;
        // The rows' statuses and the background part wait for the parts.
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
        let waiting = h
            .eval("return performance.getEntriesByType('resource').filter(e => /\\/tasks\\?|split_background/.test(e.name)).length")
            .await?;
        assert_eq!(waiting, serde_json::json!(0), "fetched before the parts were there");
        h.eval("window.wasmBindings.zcColdLoadNow(); return true").await?;
        // They are there: the statuses follow.
        h.wait("[data-testid=workflow-status]").await?;
        let how = h
            .eval("return performance.getEntriesByType('resource').filter(e => /\\/later-[^/]*\\.wasm$/.test(e.name)).map(e => new URL(e.name).pathname.split('-')[0] + ' ' + e.initiatorType).sort()")
            .await?;
        assert_eq!(how, serde_json::json!(["/later xmlhttprequest"]), "{how}");
        // Chunks load again: a screen in one opens.
        h.open_build_and_deploy().await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

/// A signed-in cold visit to a workflow list whose main module's later part cannot be fetched.
async fn open_list_without_later_part(h: &Harness) -> Res {
    h.sign_in("admin").await?;
    h.clear_http_cache().await?;
    h.block_urls(&["*/later-*"]).await?;
    h.goto("/projects/demo").await
}

/// When the main module's parts cannot be fetched after the first answer (the network cut just
/// then), what waits for them waits: the list stays as it is, nothing needs a synchronous load
/// (which, failing, would stop the page), and once the parts can be fetched again (asked for with
/// backoff) the rows' statuses come.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parts_that_cannot_be_fetched_yet_are_waited_for() {
    let h = Harness::start("parts_wait").await;
    let r: Res = async {
        open_list_without_later_part(&h).await?;
        h.wait(BUILD_DEPLOY_LINK).await?;
        tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
        let shown = h
            .eval("return [document.querySelectorAll('[data-testid=internal-error]').length, document.querySelectorAll('[data-testid=workflow-status]').length, document.querySelectorAll('[data-testid=workflow-row]').length > 0]")
            .await?;
        assert_eq!(shown, serde_json::json!([0, 0, true]), "no notice, no status yet, the rows stay");
        h.block_urls(&[]).await?;
        h.wait("[data-testid=workflow-status]").await?;
        let notices = h
            .eval("return document.querySelectorAll('[data-testid=internal-error]').length")
            .await?;
        assert_eq!(notices, serde_json::json!(0));
        Ok(())
    }
    .await;
    h.check(r).await;
}

/// When moved code is needed and its part cannot be fetched, the page says it cannot go on (the
/// notice's own code is all in the main module).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cold_code_that_cannot_be_fetched_is_said() {
    let h = Harness::start("cold_code_lost").await;
    let r: Res = async {
        open_list_without_later_part(&h).await?;
        // The list, or the notice already: code that no profiled visit ran (a rare branch) may
        // have needed a part before the list was drawn.
        h.wait("[data-testid=workflow-row], [data-testid=internal-error]")
            .await?;
        let threw = h
            .eval("try { window.wasmBindings.zcColdLoadNow(); return false; } catch (e) { return true; }")
            .await?;
        assert_eq!(threw, serde_json::json!(true));
        h.wait_text("[data-testid=internal-error]", "could not be loaded")
            .await?;
        h.block_urls(&[]).await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}
