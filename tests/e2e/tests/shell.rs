//! The app shell against the sandbox: project picker, Settings, token handling.

use zadig_e2e::{Harness, Res};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn picker_lists_projects_and_settings_keep_the_token_for_the_tab() {
    let h = Harness::start("picker_and_settings").await;
    let r: Res = async {
        // Without a token the first screen says where to get one; Zadig is not asked.
        h.goto("/").await?;
        h.wait_text("[data-testid=welcome]", "API token").await?;
        h.sign_in("admin").await?;
        // The token survives a reload of the tab and never shows up in the URL.
        h.browser.refresh().await?;
        h.wait_text("[data-testid=settings-token-state]", "admin")
            .await?;
        let url = h.browser.current_url().await?.to_string();
        assert!(!url.contains(&h.token("admin")), "token leaked into {url}");
        // The picker lists the sandbox's projects.
        h.goto("/").await?;
        let options = h.wait_count("[data-testid=project-option]", 2).await?;
        let mut keys = Vec::new();
        for o in &options {
            keys.push(o.attr("data-project").await?.unwrap_or_default());
        }
        keys.sort();
        assert_eq!(keys, ["demo", "payments"]);
        // Opening one shows its workflows, and the picker then remembers it.
        options[0].click().await?;
        h.wait("[data-testid=workflow-row]").await?;
        let url = h.browser.current_url().await?.to_string();
        assert!(url.contains("/projects/"), "{url}");
        assert!(!url.contains("token"), "token leaked into {url}");
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_token_is_refused_with_a_clear_message() {
    let h = Harness::start("bad_token").await;
    let r: Res = async {
        h.goto("/settings").await?;
        let input = h.wait("[data-testid=settings-token]").await?;
        input.send_keys("not-a-token").await?;
        h.wait_text(".field-error", "three dot-separated parts")
            .await?;
        h.wait("[data-testid=settings-save]").await?.click().await?;
        h.goto("/").await?;
        h.wait_text("[data-testid=signin-banner]", "401").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_under_a_sub_path_with_deep_links() {
    let h = Harness::start_with(
        "sub_path",
        zadig_e2e::subpath_dist("/console/"),
        "/console/",
    )
    .await;
    let r: Res = async {
        h.sign_in_at("/console/settings", "admin").await?;
        h.goto("/console/").await?;
        let options = h.wait_count("[data-testid=project-option]", 2).await?;
        let href = options[0].attr("href").await?.unwrap_or_default();
        assert!(
            href.starts_with("/console/projects/"),
            "links carry the base path: {href}"
        );
        let nav = h
            .wait("[data-testid=nav-settings]")
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        assert_eq!(nav, "/console/settings");
        // A deep link with state in the query reopens the same view.
        h.goto("/console/projects/demo?view=ci&q=deploy").await?;
        h.wait_count("[data-testid=workflow-row]", 1).await?;
        let active = h
            .wait("[data-testid=view-tab].active")
            .await?
            .attr("data-view")
            .await?;
        assert_eq!(active.as_deref(), Some("ci"));
        let search = h
            .wait("[data-testid=workflow-search]")
            .await?
            .prop("value")
            .await?;
        assert_eq!(search.as_deref(), Some("deploy"));
        // Switching tabs keeps the base path and writes the state into the URL.
        let tabs = h.wait_count("[data-testid=view-tab]", 3).await?;
        tabs[0].click().await?;
        h.wait_count("[data-testid=workflow-row]", 1).await?;
        let url = h.browser.current_url().await?;
        assert_eq!(url.path(), "/console/projects/demo");
        assert!(
            url.query().unwrap_or_default().contains("q=deploy"),
            "{url}"
        );
        assert!(
            !url.query().unwrap_or_default().contains("view=ci"),
            "{url}"
        );
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_failures_are_retried_and_errors_offer_a_retry() {
    let h = Harness::start("retries").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // Two gateway hiccups: the GET retries by itself and the list appears.
        h.fault("/openapi/projects", "html", 502, 2);
        h.goto("/").await?;
        h.wait_count("[data-testid=project-option]", 2).await?;
        // A business error is not retried: it is shown with Zadig's code and description.
        h.fault("/openapi/workflows$", "zadig", 6541, 1);
        h.fault("/openapi/workflows/view", "html", 500, 1);
        h.goto("/projects/demo").await?;
        h.wait_text("[data-testid=workflow-list-error]", "6541")
            .await?;
        h.wait_text(
            "[data-testid=workflow-list-error]",
            "injected by the sandbox",
        )
        .await?;
        // Views failing to load say so too, without hiding the list.
        h.wait_text("[data-testid=views-error]", "500").await?;
        // The banner's retry asks again and the list shows.
        h.wait("[data-testid=workflow-list-error] button")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=workflow-row]").await?;
        h.wait("[data-testid=views-error] button")
            .await?
            .click()
            .await?;
        h.wait_count("[data-testid=view-tab]", 3).await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chinese_and_dark_theme_are_kept_across_pages() {
    let h = Harness::start("zh_dark").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.wait("[data-testid=settings-language]")
            .await?
            .select_by_value("zh-CN")
            .await?;
        h.wait("[data-testid=settings-theme]")
            .await?
            .select_by_value("dark")
            .await?;
        h.wait_text("[data-testid=nav-settings]", "设置").await?;
        h.goto("/projects/demo/workflows/release-prod/tasks/1?job=job-0-0-0-approve")
            .await?;
        h.wait_text("[data-testid=task-status]", "成功").await?;
        h.wait_text("[data-testid=log-state]", "没有日志").await?;
        let root = h
            .browser
            .execute(
                "return [document.documentElement.dataset.theme, document.documentElement.lang]",
                vec![],
            )
            .await?;
        assert_eq!(root, serde_json::json!(["dark", "zh-CN"]));
        let bg = h
            .browser
            .execute(
                "return getComputedStyle(document.body).backgroundColor",
                vec![],
            )
            .await?;
        assert_eq!(bg, serde_json::json!("rgb(15, 18, 23)"), "dark background");
        h.snap("zh_dark_task").await;
        Ok(())
    }
    .await;
    h.check(r).await;
}
