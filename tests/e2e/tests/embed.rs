//! Embedding, tried from the example portal on another origin than the console: the README's
//! hand-written iframe, the SDK, the custom element, and pages the console must not listen to.

use std::time::Duration;

use fantoccini::Locator;
use zadig_e2e::{repo_root, Harness, Portal, Res};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("tests/e2e/fixtures").join(name)).expect("fixture")
}

fn hostile_pages() -> Vec<(&'static str, String)> {
    [
        "portal-hostile.html",
        "portal-sibling.html",
        "portal-poster.html",
    ]
    .into_iter()
    .map(|n| (n, fixture(n)))
    .collect()
}

async fn start(name: &str, more_origins: &[&str]) -> (Harness, Portal, Portal) {
    let pages = hostile_pages();
    let pages: Vec<(&str, &str)> = pages.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Harness::start_embedded(name, more_origins, &pages).await
}

/// Into the first frame of the page (the console).
async fn into_console(h: &Harness) -> Res {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while h.browser.find(Locator::Css("iframe")).await.is_err() {
        if std::time::Instant::now() > deadline {
            return Err("no frame on the portal page".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    h.browser.clone().enter_frame(0).await?;
    Ok(())
}

async fn out_of_console(h: &Harness) -> Res {
    h.browser.clone().enter_parent_frame().await?;
    Ok(())
}

/// Waits inside the console for `css`, and comes back out.
async fn console_shows(h: &Harness, css: &str) -> Res {
    into_console(h).await?;
    h.wait(css).await?;
    out_of_console(h).await
}

/// The SDK page's navigation box.
async fn portal_go(h: &Harness, route: &str) -> Res {
    let input = h.wait("#nav-route").await?;
    input.clear().await?;
    input.send_keys(route).await?;
    h.wait("#nav-go").await?.click().await?;
    Ok(())
}

/// The portal's log of what the console said, oldest first.
async fn events(h: &Harness) -> Res<Vec<String>> {
    let mut v = Vec::new();
    for el in h
        .browser
        .find_all(Locator::Css("[data-testid=portal-event]"))
        .await?
    {
        v.push(el.text().await?);
    }
    Ok(v)
}

async fn wait_event(h: &Harness, name: &str, containing: &str) -> Res<String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let all = events(h).await?;
        if let Some(e) = all
            .iter()
            .find(|e| e.starts_with(&format!("{name} ")) && e.contains(containing))
        {
            return Ok(e.clone());
        }
        if std::time::Instant::now() > deadline {
            return Err(
                format!("no {name} event with {containing:?}; the portal saw {all:?}").into(),
            );
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_snippet_signs_in_with_a_token_posted_on_load() {
    let (h, portal, _) = start("embed_iframe", &[]).await;
    let r: Res = async {
        h.browser.goto(&portal.page("iframe.html", &[])).await?;
        into_console(&h).await?;
        h.wait("[data-testid=project-option]").await?;
        // Chromeless: no top bar, no sign-in banner, no refusal.
        assert!(h.browser.find(Locator::Css(".topbar")).await.is_err());
        assert!(h
            .browser
            .find(Locator::Css("[data-testid=signin-banner]"))
            .await
            .is_err());
        out_of_console(&h).await?;
        // The console said it listens, to the portal's origin.
        wait_event(&h, "ready", "").await?;
        // The SDK is served as JavaScript and stays within its budget (5 KB gzipped).
        h.browser.goto(&h.url("/__sandbox/config")).await?;
        let sdk = h
            .browser
            .execute_async(
                r#"const [url, done] = arguments;
                fetch(url).then(async r => {
                    const type = r.headers.get('content-type') || '';
                    const gz = r.body.pipeThrough(new CompressionStream('gzip'));
                    const bytes = (await new Response(gz).arrayBuffer()).byteLength;
                    done({type, bytes, status: r.status});
                }, e => done({error: String(e)}));"#,
                vec![serde_json::json!("/zadig-console-embed.js")],
            )
            .await?;
        assert_eq!(sdk["status"], 200, "{sdk}");
        assert!(
            sdk["type"]
                .as_str()
                .is_some_and(|t| t.contains("javascript")),
            "{sdk}"
        );
        let bytes = sdk["bytes"].as_u64().unwrap_or(u64::MAX);
        assert!(
            bytes <= 5 * 1024,
            "the SDK is {bytes} bytes gzipped, over 5 KB"
        );
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_the_console_must_not_listen_to_change_nothing() {
    // `*` and `null` are refused, visibly; the portal's own origin still works.
    let (h, portal, other) = start("embed_hostile", &["*", "null"]).await;
    let r: Res = async {
        // An origin embed_origins does not list frames the console and posts a token to it.
        h.browser
            .goto(&other.page("portal-hostile.html", &[]))
            .await?;
        h.wait("body[data-posted]").await?;
        into_console(&h).await?;
        h.wait("[data-testid=embed-waiting]").await?;
        let problems = h
            .wait("[data-testid=embed-config-error]")
            .await?
            .text()
            .await?;
        assert!(
            problems.contains('*') && problems.contains("null"),
            "{problems}"
        );
        tokio::time::sleep(Duration::from_millis(1500)).await;
        h.wait("[data-testid=embed-waiting]").await?;
        assert!(h
            .browser
            .find(Locator::Css("[data-testid=project-option]"))
            .await
            .is_err());
        out_of_console(&h).await?;
        // A frame of the allowed origin that is not the console's parent posts a token.
        h.browser
            .goto(&portal.page("portal-sibling.html", &[]))
            .await?;
        h.wait("body[data-posted]").await?;
        into_console(&h).await?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        h.wait("[data-testid=embed-waiting]").await?;
        assert!(h
            .browser
            .find(Locator::Css("[data-testid=project-option]"))
            .await
            .is_err());
        out_of_console(&h).await?;
        // The allowed origin, as the parent: signed in.
        h.browser.goto(&portal.page("iframe.html", &[])).await?;
        console_shows(&h, "[data-testid=project-option]").await
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sdk_signs_in_navigates_switches_theme_and_language_and_renews_the_token() {
    let (h, portal, _) = start("embed_sdk", &[]).await;
    let r: Res = async {
        h.browser
            .goto(&portal.page("sdk.html", &[("ttl", "8")]))
            .await?;
        h.wait("[data-testid=portal-connected]").await?;
        console_shows(&h, "[data-testid=project-option]").await?;
        // The frame follows the content's height.
        wait_event(&h, "resized", "height").await?;
        let height = h
            .browser
            .execute(
                "return document.querySelector('#mount iframe').style.height",
                vec![],
            )
            .await?;
        assert!(
            height.as_str().is_some_and(|s| s.ends_with("px")),
            "{height}"
        );

        // Navigate from the portal.
        portal_go(&h, "/projects/demo/workflows/build-deploy").await?;
        wait_event(&h, "navigated", "/projects/demo/workflows/build-deploy").await?;
        console_shows(&h, "[data-testid=stage-def]").await?;
        h.snap("embed_sdk_workflow").await;

        // Theme and language.
        h.wait("#theme-dark").await?.click().await?;
        h.wait("#locale-zh").await?.click().await?;
        into_console(&h).await?;
        h.wait("html[data-theme=dark]").await?;
        h.wait("html[lang=zh-CN]").await?;
        out_of_console(&h).await?;

        // The token expires; the next request is refused, the portal is asked for a new one, and
        // the page carries on.
        let before = h.sandbox.state.world().portal_tokens;
        tokio::time::sleep(Duration::from_secs(9)).await;
        portal_go(&h, "/projects/demo").await?;
        wait_event(&h, "token-expired", "").await?;
        console_shows(&h, "[data-testid=workflow-row]").await?;
        assert!(
            h.sandbox.state.world().portal_tokens > before,
            "no new token was asked for"
        );
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_started_in_the_frame_are_reported_started_finished_and_waiting() {
    let (h, portal, _) = start("embed_task", &[]).await;
    let r: Res = async {
        h.browser
            .goto(&portal.page(
                "sdk.html",
                &[("route", "/projects/demo/workflows/always-fails/run")],
            ))
            .await?;
        h.wait("[data-testid=portal-connected]").await?;
        into_console(&h).await?;
        h.wait("[data-testid=run-submit]").await?.click().await?;
        h.wait("[data-testid=task-status]").await?;
        out_of_console(&h).await?;
        let started = wait_event(&h, "task-started", "always-fails").await?;
        let finished = wait_event(&h, "task-finished", "\"status\":\"failed\"").await?;
        let id = |e: &str| {
            e.split("\"task\":")
                .nth(1)
                .and_then(|s| s.split([',', '}']).next())
                .map(str::to_string)
        };
        assert_eq!(id(&started), id(&finished), "{started} / {finished}");
        // A production release, pre-filled by the portal's link, waits for an approval.
        portal_go(
            &h,
            "/projects/demo/workflows/release-prod/run?p.ticket=CHG-7",
        )
        .await?;
        into_console(&h).await?;
        h.wait("[data-testid=run-from-link]").await?;
        h.wait("[data-testid=run-submit]").await?.click().await?;
        h.wait("[data-testid=run-prod-input]")
            .await?
            .send_keys("release-prod")
            .await?;
        h.wait("[data-testid=run-prod-confirm]")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=task-status]").await?;
        out_of_console(&h).await?;
        let started = wait_event(&h, "task-started", "release-prod").await?;
        let waiting = wait_event(&h, "approval-needed", "release-prod").await?;
        assert_eq!(id(&started), id(&waiting), "{started} / {waiting}");
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_element_shows_one_workflow_and_a_live_log_and_keeps_to_it() {
    let (h, portal, _) = start("embed_element", &[]).await;
    let r: Res = async {
        // Slow enough that the build still writes while the test looks at it.
        h.sandbox.state.world().knobs.speed = 0.5;
        // The sandbox's API is called from a page of its origin.
        h.browser.goto(&h.url("/__sandbox/config")).await?;
        let id = h
            .execute(serde_json::json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": [
                {"job_name": "build", "job_type": "zadig-build", "parameters": {"registry": "https://registry.example.com/demo",
                    "service_list": [{"service_name": "shop", "service_module": "frontend"}]}}]}))
            .await?;
        h.browser
            .goto(&portal.page("element.html", &[("locale", "zh-CN")]))
            .await?;
        // The workflow's history, scoped: its DOM events reach the portal.
        console_shows(&h, "[data-testid=task-row]").await?;
        wait_event(&h, "navigated", "/projects/demo/workflows/build-deploy").await?;
        // In the language the portal asked for.
        into_console(&h).await?;
        h.wait("html[lang=zh-CN]").await?;
        h.wait_text("[data-testid=run-button]", "运行").await?;
        out_of_console(&h).await?;
        // A link out of the scope (the project's list) opens the full console in a new tab.
        into_console(&h).await?;
        h.wait("nav.crumbs a").await?.click().await?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        h.wait("[data-testid=stage-def]").await?;
        out_of_console(&h).await?;
        let windows = h.browser.windows().await?;
        assert_eq!(windows.len(), 2, "the link out of the scope opened no tab");
        // The portal shows a task: the attribute navigates, and the live log streams.
        h.wait("#task").await?.send_keys(&id.to_string()).await?;
        h.wait("#show-task").await?.click().await?;
        wait_event(&h, "navigated", &format!("/tasks/{id}")).await?;
        into_console(&h).await?;
        h.wait("[data-testid=job][data-job=job-0-0-0-build]")
            .await?
            .click()
            .await?;
        h.wait_text_for("[data-testid=log-state]", "实时", 30).await?;
        out_of_console(&h).await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}
