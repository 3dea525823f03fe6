//! The app shell against the sandbox: project picker, Settings, token handling.

use zadig_e2e::{Harness, Res};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn picker_lists_projects_and_settings_keep_the_token_for_the_tab() {
    let h = Harness::start("picker_and_settings").await;
    let r: Res = async {
        // Without a token Zadig answers 401, and the console says so with a way to Settings.
        h.goto("/").await?;
        h.wait_text("[data-testid=error-banner]", "401").await?;
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
        h.wait_text("[data-testid=error-banner]", "401").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}
