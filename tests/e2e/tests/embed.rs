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
        into_console(&h).await?;
        h.wait("[data-testid=project-option]").await?;
        Ok(())
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
        into_console(&h).await?;
        h.wait("[data-testid=project-option]").await?;
        out_of_console(&h).await?;
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
        h.wait("#nav-route").await?.clear().await?;
        h.wait("#nav-route")
            .await?
            .send_keys("/projects/demo/workflows/build-deploy")
            .await?;
        h.wait("#nav-go").await?.click().await?;
        wait_event(&h, "navigated", "/projects/demo/workflows/build-deploy").await?;
        into_console(&h).await?;
        h.wait("[data-testid=stage-def]").await?;
        out_of_console(&h).await?;
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
        h.wait("#nav-route").await?.clear().await?;
        h.wait("#nav-route")
            .await?
            .send_keys("/projects/demo")
            .await?;
        h.wait("#nav-go").await?.click().await?;
        wait_event(&h, "token-expired", "").await?;
        into_console(&h).await?;
        h.wait("[data-testid=workflow-row]").await?;
        out_of_console(&h).await?;
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
async fn a_task_started_in_the_frame_is_reported_started_and_finished() {
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
        Ok(())
    }
    .await;
    h.check(r).await;
}
