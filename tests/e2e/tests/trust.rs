//! Trust at the edges, tried as a person would: odd input in Settings, a token that stops
//! working, failures that must back off and be said, answers that get lost, secrets that must
//! stay out of the page, drafts and links, and logs that arrive late.

use std::time::Duration;

use serde_json::json;
use zadig_e2e::{Harness, Res, BUILD_DEPLOY_LINK};

fn always_fails() -> serde_json::Value {
    json!({"workflow_key": "always-fails", "project_key": "demo", "inputs": [{"job_name": "check", "parameters": {}}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_take_odd_input_without_crashing() {
    let h = Harness::start("trust_settings").await;
    let r: Res = async {
        h.goto("/settings").await?;
        // The full-width colon of Chinese input methods used to kill the page.
        h.wait("[data-testid=settings-api-base]")
            .await?
            .send_keys("https：//zadig.example.com")
            .await?;
        h.wait_text("[data-testid=settings-api-base-error]", "http(s)://")
            .await?;
        h.paste("[data-testid=settings-api-base]", "").await?;
        h.wait_gone("[data-testid=settings-api-base-error]").await?;
        // A shortened token is refused with the reason; Save stays off.
        h.paste("[data-testid=settings-token]", "eyJhbGciOiJIUzI1NiJ9…sig")
            .await?;
        h.wait_text("[data-testid=settings-token-error]", "shortened")
            .await?;
        let save = h.wait("[data-testid=settings-save]").await?;
        assert!(save.attr("disabled").await?.is_some());
        // A zero-width space and a line break from a chat are taken out.
        let token = h.token("admin");
        h.paste(
            "[data-testid=settings-token]",
            &format!("\u{200B}{}\n{}\u{FEFF}", &token[..20], &token[20..]),
        )
        .await?;
        h.wait_gone("[data-testid=settings-token-error]").await?;
        h.wait("[data-testid=settings-save]").await?.click().await?;
        h.wait_text("[data-testid=settings-token-state]", "Signed in as admin")
            .await?;
        h.goto("/").await?;
        h.wait_count("[data-testid=project-option]", 2).await?;
        // A return path that is really another origin is not offered.
        h.goto("/settings?return=%2F%5Cevil.example").await?;
        h.wait("[data-testid=settings-token]").await?;
        assert!(h
            .browser
            .find_all(fantoccini::Locator::Css("[data-testid=settings-back]"))
            .await?
            .is_empty());
        h.goto("/settings?return=%2Fprojects%2Fdemo").await?;
        h.wait("[data-testid=settings-back]").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_stops_polling_and_a_new_one_resumes_in_place() {
    let h = Harness::start("trust_401").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // A task that keeps running (it waits for an approval), with its job panel open.
        let id = h.execute(json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await?;
        h.goto(&format!("/projects/demo/workflows/release-prod/tasks/{id}?job=job-0-0-0-approve")).await?;
        h.wait("[data-testid=job-approval]").await?;
        // The token is revoked: every Zadig call now answers 401.
        h.fault("/openapi", "empty", 401, 10_000);
        h.wait("[data-testid=signin-banner]").await?;
        h.wait("[data-testid=task-stale]").await?;
        // Polling has stopped: nothing more reaches Zadig.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let left = h.faults_left();
        tokio::time::sleep(Duration::from_secs(6)).await;
        assert_eq!(h.faults_left(), left, "the page kept asking after the 401");
        h.snap("trust_401").await;
        // A new token, pasted in the banner: the page picks up where it was.
        h.clear_faults();
        h.paste("[data-testid=reauth-token]", &h.token("admin")).await?;
        h.wait("[data-testid=reauth-save]").await?.click().await?;
        h.wait_gone("[data-testid=signin-banner]").await?;
        h.wait_gone("[data-testid=task-stale]").await?;
        let url = h.browser.current_url().await?;
        assert!(url.as_str().contains(&format!("tasks/{id}?job=job-0-0-0-approve")), "the place is kept: {url}");
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_row_fetches_say_so_and_back_off() {
    let h = Harness::start("trust_rows").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.fault_on(
            Some("GET"),
            "/openapi/workflows/custom/",
            "plain500",
            500,
            5_000,
        );
        h.goto("/projects/demo").await?;
        h.wait("[data-testid=workflow-latest-failed]").await?;
        let before = h.faults_left();
        tokio::time::sleep(Duration::from_secs(5)).await;
        let asked = before - h.faults_left();
        // About a dozen rows, each asked again after 1 s, 2 s, 4 s: tens of requests, not thousands.
        assert!(asked < 60, "{asked} row requests in 5 s");
        // When the server recovers, the rows fill in.
        h.clear_faults();
        h.wait_text_for(
            "[data-testid=workflow-row][data-workflow=always-fails] [data-testid=workflow-latest]",
            "#",
            20,
        )
        .await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_whose_answer_is_lost_is_never_an_invitation_to_run_twice() {
    let h = Harness::start("trust_lost_run").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo/workflows/always-fails/run").await?;
        h.wait("[data-testid=run-form]").await?;
        // The run is carried out, and its answer is cut on the way back.
        h.fault_on(
            Some("POST"),
            "/openapi/workflows/custom/task$",
            "lost",
            200,
            1,
        );
        h.wait("[data-testid=run-submit]").await?.click().await?;
        h.wait("[data-testid=run-outcome-unknown]").await?;
        h.wait_text(
            "[data-testid=run-server-error]",
            "may or may not have been made",
        )
        .await?;
        // The task it started is listed, and Run waits for an explicit go-ahead.
        h.wait("[data-testid=run-recent-tasks] a").await?;
        let submit = h.wait("[data-testid=run-submit]").await?;
        assert!(
            submit.attr("disabled").await?.is_some(),
            "Run is not offered again as after a failure"
        );
        h.wait("[data-testid=run-send-again]")
            .await?
            .click()
            .await?;
        let submit = h.wait("[data-testid=run-submit]").await?;
        assert!(submit.attr("disabled").await?.is_none());
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_run_dialog_mid_request_loses_nothing() {
    let h = Harness::start("trust_close_mid_run").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo/workflows/always-fails").await?;
        h.wait("[data-testid=run-button]").await?.click().await?;
        h.wait("[data-testid=run-form]").await?;
        h.sandbox.state.world().knobs.latency_ms = 1500;
        h.wait("[data-testid=run-submit]").await?.click().await?;
        // Escape while the request is on its way, where the focus is now (the page: pressing Run
        // disabled the button that had it).
        h.eval("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))").await?;
        h.wait_gone("[data-testid=run-form]").await?;
        h.sandbox.state.world().knobs.latency_ms = 0;
        h.wait_text("[data-testid=notice]", "started").await?;
        // The history below shows the new task without a reload.
        let link = h.wait("[data-testid=notice-link]").await?;
        let href = link.attr("href").await?.unwrap_or_default();
        let id = href.rsplit('/').next().unwrap_or_default().to_string();
        h.wait(&format!("[data-testid=task-row][data-task='{id}']"))
            .await?;
        link.click().await?;
        h.wait("[data-testid=task-status]").await?;
        assert!(h
            .browser
            .current_url()
            .await?
            .path()
            .contains("/workflows/always-fails/tasks/"));
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_stay_out_of_the_editor_its_drafts_and_links() {
    let h = Harness::start("trust_secrets").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo/workflows/build-deploy/edit").await?;
        let area = h.wait("[data-testid=editor-text]").await?;
        h.wait("[data-testid=editor-valid]").await?;
        let text = area.prop("value").await?.unwrap_or_default();
        assert!(text.contains("<credential kept>"), "{text}");
        for secret in ["s3cr3t-default", "npm_sandboxSecret"] {
            assert!(!text.contains(secret), "{secret} shown in the editor");
        }
        // An edit is drafted without them; saving keeps them on the server.
        area.send_keys("\n").await?;
        let drafts = h.eval("return Object.keys(localStorage).map(k => localStorage.getItem(k)).join('\\n')").await?;
        let drafts = drafts.as_str().unwrap_or_default().to_string();
        assert!(drafts.contains("build-deploy") || drafts.contains("Build and deploy"), "a draft is kept");
        assert!(!drafts.contains("s3cr3t-default") && !drafts.contains("npm_sandboxSecret"), "{drafts}");
        h.wait("[data-testid=editor-save]").await?.click().await?;
        h.wait("[data-testid=run-button]").await?;
        {
            let w = h.sandbox.state.world();
            let def = w.workflow("build-deploy").expect("workflow").def.to_string();
            assert!(def.contains("s3cr3t-default") && def.contains("npm_sandboxSecret"), "the stored secrets were kept");
        }
        // A link carrying a credential: not used, and gone from the address bar.
        h.goto("/projects/demo/workflows/build-deploy/run?p.deploy_token=leaked-secret&p.branch=release").await?;
        h.wait("[data-testid=run-form]").await?;
        h.wait("[data-testid=run-refused]").await?;
        let url = h.browser.current_url().await?;
        assert!(!url.as_str().contains("leaked-secret") && !url.as_str().contains("deploy_token"), "{url}");
        assert!(url.as_str().contains("p.branch=release"), "{url}");
        let field = h.wait("[data-field='p.deploy_token']").await?;
        assert_eq!(field.prop("value").await?.unwrap_or_default(), "");
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_stored_seconds_after_its_job_ends_still_arrives() {
    let h = Harness::start("trust_late_log").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.sandbox.state.world().knobs.log_upload_delay_ms = 8000;
        let id = h.execute(always_fails()).await?;
        h.goto(&format!("/projects/demo/workflows/always-fails/tasks/{id}"))
            .await?;
        h.wait_text("[data-testid=task-status]", "Failed").await?;
        // Opened after the job ended, before Zadig stored its log.
        h.goto(&format!(
            "/projects/demo/workflows/always-fails/tasks/{id}?job=job-0-0-0-check"
        ))
        .await?;
        h.wait_text_for("[data-testid=log-state]", "Complete", 30)
            .await?;
        h.wait_text("[data-testid=log-view]", "checking").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_task_never_shows_this_ones_job_panel() {
    let h = Harness::start("trust_task_switch").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let a = h.execute(always_fails()).await?;
        let b = h.execute(always_fails()).await?;
        h.goto(&format!("/projects/demo/workflows/always-fails/tasks/{a}?job=job-0-0-0-check")).await?;
        h.wait(&format!("[data-testid=job-panel][data-task='{a}']")).await?;
        // In-app navigation to the other task, same job.
        h.eval(&format!("history.pushState(null, '', '/projects/demo/workflows/always-fails/tasks/{b}?job=job-0-0-0-check'); dispatchEvent(new PopStateEvent('popstate'));")).await?;
        h.wait(&format!("[data-testid=job-panel][data-task='{b}']")).await?;
        assert!(h.browser.find_all(fantoccini::Locator::Css(&format!("[data-testid=job-panel][data-task='{a}']"))).await?.is_empty());
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_starts_an_open_log_over() {
    let h = Harness::start("trust_retry_log").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let id = h.execute(always_fails()).await?;
        h.goto(&format!(
            "/projects/demo/workflows/always-fails/tasks/{id}?job=job-0-0-0-check"
        ))
        .await?;
        h.wait_text("[data-testid=task-status]", "Failed").await?;
        h.wait_text_for("[data-testid=log-state]", "Complete", 20)
            .await?;
        // The new attempt runs slowly enough to be seen streaming.
        h.sandbox.state.world().knobs.speed = 0.3;
        h.wait("[data-testid=retry-button]").await?.click().await?;
        // The panel starts over for the new attempt instead of keeping the old log.
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            let state = h.wait("[data-testid=log-state]").await?.text().await?;
            if !state.contains("Complete") {
                break;
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("the log still shows the previous attempt: {state}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        h.sandbox.state.world().knobs.speed = 8.0;
        h.wait_text_for("[data-testid=log-state]", "Complete", 30)
            .await?;
        h.wait_text("[data-testid=log-view]", "checking").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_body_is_a_timeout_and_polling_goes_on() {
    let dist = zadig_e2e::configured_dist(
        r#"{"api_base": "", "auth_mode": "token", "embed_origins": [], "request_timeout_ms": 1500}"#,
    );
    let h = Harness::start_with("trust_stall", dist, "/").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let id = h.execute(json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await?;
        h.goto(&format!("/projects/demo/workflows/release-prod/tasks/{id}")).await?;
        h.wait("[data-testid=job-approval]").await?;
        // Headers arrive, then the body stops: the time limit covers the body too. Every task
        // read stalls until the faults are cleared: the inbox reads this task's detail as well
        // (it waits for an approval), and a count of stalls could go to it instead.
        h.fault_on(Some("GET"), "/openapi/workflows/custom/task$", "stall", 200, 1000);
        if let Some(f) = h.sandbox.state.world().faults.last_mut() {
            f.delay_ms = Some(20_000);
        }
        h.wait_text_for("[data-testid=task-stale]", "did not answer in time", 30).await?;
        // Once the body flows again, the page is current again by itself.
        h.clear_faults();
        h.wait_gone("[data-testid=task-stale]").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_draft_never_silently_replaces_a_newer_definition() {
    let h = Harness::start("trust_draft_conflict").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo/workflows/always-fails/edit").await?;
        h.wait("[data-testid=editor-valid]").await?;
        // A draft is made...
        h.wait("[data-testid=editor-text]")
            .await?
            .send_keys("\n# mine")
            .await?;
        // ...then someone changes the workflow in Zadig.
        {
            let mut w = h.sandbox.state.world();
            let wf = w.workflow_mut("always-fails").expect("workflow");
            wf.def["description"] = json!("changed by a colleague");
        }
        h.goto("/projects/demo/workflows/always-fails/edit").await?;
        h.wait("[data-testid=editor-draft-conflict]").await?;
        let area = h.wait("[data-testid=editor-text]").await?;
        assert!(
            area.prop("value")
                .await?
                .unwrap_or_default()
                .contains("# mine"),
            "the draft is shown"
        );
        h.wait("[data-testid=editor-draft-conflict] summary")
            .await?
            .click()
            .await?;
        h.wait_text("[data-testid=editor-stored-text]", "changed by a colleague")
            .await?;
        h.wait("[data-testid=editor-use-stored]")
            .await?
            .click()
            .await?;
        h.wait_gone("[data-testid=editor-draft-conflict]").await?;
        let text = h
            .wait("[data-testid=editor-text]")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        assert!(
            text.contains("changed by a colleague") && !text.contains("# mine"),
            "{text}"
        );
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_approvals_page_says_when_lookups_failed() {
    let h = Harness::start("trust_approvals_partial").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // Some workflows' task lists cannot be read: the page must not say "nothing waiting".
        h.fault_on(
            Some("GET"),
            "/openapi/workflows/custom/",
            "plain500",
            500,
            3,
        );
        h.goto("/projects/demo/approvals").await?;
        h.wait_text_for("[data-testid=approvals-partial]", "3 lookups failed", 20)
            .await?;
        h.wait_text(
            "[data-testid=approvals-partial] [data-testid=error-banner]",
            "(500)",
        )
        .await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_a_page_aborts_its_reads_and_never_sends_them_again() {
    let h = Harness::start("trust_abort").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo").await?;
        h.wait("[data-testid=workflow-row]").await?;
        // The workflow's definition does not answer; the person leaves for the project list.
        h.fault_on(
            Some("GET"),
            "/openapi/workflows/custom/build-deploy/detail$",
            "hang",
            200,
            5,
        );
        if let Some(f) = h.sandbox.state.world().faults.last_mut() {
            f.delay_ms = Some(20_000);
        }
        h.wait(BUILD_DEPLOY_LINK).await?.click().await?;
        h.wait("nav.crumbs a").await?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        h.wait("nav.crumbs a").await?.click().await?;
        h.wait("[data-testid=workflow-row]").await?;
        // The request was given up at once, and neither sent again nor reported.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while h.sandbox.state.world().hangs_abandoned == 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "the definition's request was still held 5 s after the page was left"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(h.faults_left(), 4, "an aborted read was sent again");
        assert!(
            h.browser
                .find(fantoccini::Locator::Css("[data-testid=error-banner]"))
                .await
                .is_err(),
            "an aborted read was reported"
        );
        h.clear_faults();
        // The breadcrumbs of the workflow and run pages end in the workflow's name.
        for route in [
            "/projects/demo/workflows/build-deploy",
            "/projects/demo/workflows/build-deploy/run",
        ] {
            h.goto(route).await?;
            h.wait("[data-testid=stage-def], [data-testid=run-submit]")
                .await?;
            let crumbs = h.wait("nav.crumbs").await?.text().await?;
            assert!(
                !crumbs.trim_end().ends_with('/') && crumbs.contains("build-deploy"),
                "{route}: {crumbs:?}"
            );
        }
        Ok(())
    }
    .await;
    h.check(r).await;
}
