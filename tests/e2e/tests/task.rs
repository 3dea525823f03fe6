//! The task page against the sandbox: live status, live log equal to the complete log, cancel,
//! retry, remark, deep links to a job and a line.

use serde_json::json;
use zadig_e2e::{Harness, Res};

/// Runs a workflow through the sandbox's API and returns the task id.
async fn run(h: &Harness, body: serde_json::Value) -> i64 {
    let r = h
        .api_post("/openapi/workflows/custom/task", body)
        .await
        .expect("execute");
    r["task_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no task id in {r}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_task_is_watched_to_passed_with_its_live_log() {
    let h = Harness::start("task_live").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // Slow enough that the build is still writing when the page opens, even on a busy machine.
        h.sandbox.state.world.lock().unwrap().knobs.speed = 2.0;
        let id = run(&h, json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": [
            {"job_name": "build", "job_type": "zadig-build", "parameters": {"registry": "https://registry.example.com/demo",
                "service_list": [{"service_name": "shop", "service_module": "frontend"}]}},
            {"job_name": "deploy", "job_type": "zadig-deploy", "parameters": {"env_name": "dev"}}]})).await;
        h.goto(&format!("/projects/demo/workflows/build-deploy/tasks/{id}?job=job-0-0-0-build")).await?;
        h.wait_count("[data-testid=stage]", 2).await?;
        h.wait("[data-testid=job][data-job=job-0-0-0-build]").await?;
        h.wait("[data-testid=log-view][data-job=job-0-0-0-build]").await?;
        // The log streams while the job runs, then becomes the complete log.
        h.wait_text("[data-testid=log-state]", "Live").await?;
        h.snap("task_live").await;
        h.wait_text("[data-testid=task-status]", "Passed").await?;
        h.wait_text("[data-testid=log-state]", "Complete").await?;
        let shown: Vec<String> = {
            let mut v = Vec::new();
            for el in h.browser.find_all(fantoccini::Locator::Css("[data-testid=log-line] .lt")).await? {
                v.push(el.text().await?);
            }
            v
        };
        assert!(shown.iter().any(|l| l.contains("Successfully pushed")), "{shown:?}");
        assert!(shown.iter().any(|l| l == "Receiving objects: 100% (1000/1000), 2.31 MiB | 8.40 MiB/s, done."), "progress collapsed: {shown:?}");
        assert!(!shown.iter().any(|l| l.contains('\u{1b}') || l.contains("\\r")), "no escapes or stream artefacts: {shown:?}");
        let indented = h.wait("[data-testid=log-line][data-line='6'] .lt").await?.text().await?;
        assert_eq!(indented.trim(), "go mod download", "the complete log restores what the stream trimmed");
        let count = h.wait("[data-testid=log-count]").await?.text().await?;
        assert_eq!(count, format!("{} lines", shown.len()), "a short log is rendered whole");
        // Durations stop once passed; the deploy job's panel shows what it deployed.
        h.wait("[data-testid=job][data-job=job-1-0-0-deploy]").await?.click().await?;
        h.wait_text("[data-testid=job-panel][data-job=job-1-0-0-deploy]", "registry.example.com/demo/frontend").await?;
        let url = h.browser.current_url().await?;
        assert!(url.query().unwrap_or_default().contains("job=job-1-0-0-deploy"), "{url}");
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_retry_remark_and_deep_links() {
    let h = Harness::start("task_actions").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // Cancel a task waiting for approval, with a confirmation.
        let id = run(&h, json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await;
        h.goto(&format!("/projects/demo/workflows/release-prod/tasks/{id}")).await?;
        h.wait("[data-testid=job-approval]").await?;
        h.wait("[data-testid=cancel-button]").await?.click().await?;
        h.wait("[data-testid=confirm-yes]").await?.click().await?;
        h.wait_text("[data-testid=task-status]", "Cancelled").await?;
        h.wait_text("[data-testid=task-revoker]", "admin").await?;
        // Retry it: same id, running again.
        h.wait("[data-testid=retry-button]").await?.click().await?;
        h.wait("[data-testid=job-approval]").await?;
        h.wait("[data-testid=cancel-button]").await?;
        // A remark survives the refreshes that happen while typing.
        h.wait("[data-testid=remark-edit]").await?.click().await?;
        let input = h.wait("[data-testid=remark-input]").await?;
        input.send_keys("rollback plan: ").await?;
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        input.send_keys("revert to 1.3").await?;
        h.wait("[data-testid=remark-save]").await?.click().await?;
        h.wait_text("[data-testid=remark-text]", "rollback plan: revert to 1.3").await?;
        // A failed history task: deep link to its job and a line.
        h.goto("/projects/demo/workflows/always-fails/tasks/1?job=job-0-0-0-check#L3").await?;
        h.wait_text("[data-testid=log-state]", "Complete").await?;
        let line = h.wait("[data-testid=log-line].hl").await?;
        assert_eq!(line.attr("data-line").await?.as_deref(), Some("3"));
        assert!(line.text().await?.contains("<script>alert(1)</script> is not markup"), "text, not markup");
        assert!(h.browser.find_all(fantoccini::Locator::Css("[data-testid=log-view] script")).await?.is_empty());
        h.wait_text("[data-testid=task-error]", "exited with code 1").await?;
        // Retry the failed task: same id, run again.
        h.wait("[data-testid=retry-button]").await?.click().await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !h.sandbox.state.world.lock().unwrap().task("always-fails", 1).is_some_and(|t| t.is_restart) {
            assert!(std::time::Instant::now() < deadline, "the retry never reached the server");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        h.wait_text("[data-testid=task-status]", "Failed").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

async fn log_lines(h: &Harness) -> Res<Vec<String>> {
    let mut v = Vec::new();
    for el in h
        .browser
        .find_all(fantoccini::Locator::Css("[data-testid=log-line] .lt"))
        .await?
    {
        v.push(el.text().await?.trim().to_string());
    }
    Ok(v)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_cut_mid_line_again_and_again_loses_and_repeats_nothing() {
    let h = Harness::start("log_drops").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        {
            let mut w = h.sandbox.state.world.lock().unwrap();
            w.knobs.speed = 2.0;
            w.knobs.log_upload_delay_ms = 6000;
            w.sse_fault = zadig_sandbox::model::SseFault { after_lines: 4, mid_line: true, times: 3 };
        }
        let id = run(&h, json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": [
            {"job_name": "build", "job_type": "zadig-build", "parameters": {"registry": "https://registry.example.com/demo",
                "service_list": [{"service_name": "shop", "service_module": "orders"}]}}]})).await;
        h.goto(&format!("/projects/demo/workflows/build-deploy/tasks/{id}?job=job-0-0-0-build")).await?;
        h.wait_text("[data-testid=log-state]", "Live").await?;
        // Once the job has ended, what was streamed is on screen before the complete log exists.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        // Read in one step: a poll may redraw the status between finding it and reading it.
        let status = "return document.querySelector('[data-testid=job][data-job=job-0-0-0-build] [data-testid=job-status]')?.getAttribute('data-status') ?? null;";
        while h.eval(status).await?.as_str() != Some("passed") {
            assert!(std::time::Instant::now() < deadline, "the build never passed");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let streamed = log_lines(&h).await?;
        let state = h.wait("[data-testid=log-state]").await?.text().await?;
        assert_ne!(state, "Complete", "the complete log is not uploaded yet");
        // Then the complete log replaces it: the same lines, none twice.
        h.wait_text("[data-testid=log-state]", "Complete").await?;
        let complete = log_lines(&h).await?;
        assert!(complete.len() > 15, "{complete:?}");
        assert_eq!(streamed, complete, "streamed lines equal the complete log");
        assert_eq!(complete.iter().filter(|l| l.contains("Cloning into")).count(), 1);
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_mode_sticks_to_new_lines_until_the_person_scrolls_up() {
    let h = Harness::start("log_follow").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.sandbox.state.world.lock().unwrap().knobs.speed = 1.0;
        let id = run(&h, json!({"workflow_key": "log-flood", "project_key": "demo", "inputs": [{"job_name": "flood", "job_type": "freestyle",
            "parameters": {"kv": [{"key": "LOG_LINES", "value": "8000"}, {"key": "LOG_RATE", "value": "1000"}]}}]})).await;
        h.goto(&format!("/projects/demo/workflows/log-flood/tasks/{id}?job=job-0-0-0-flood")).await?;
        h.wait_text("[data-testid=log-state]", "Live").await?;
        let at_bottom = "const el = document.querySelector('[data-testid=log-view]'); return el.scrollTop > 0 && el.scrollTop + el.clientHeight >= el.scrollHeight - 40;";
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while h.browser.execute(at_bottom, vec![]).await? != json!(true) {
            assert!(std::time::Instant::now() < deadline, "the view never followed the new lines");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        // Scrolling up pauses following: new lines keep arriving, the view stays put.
        h.browser.execute("const el = document.querySelector('[data-testid=log-view]'); el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); return true;", vec![]).await?;
        h.wait("[data-testid=log-jump-live]").await?;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let top = h.browser.execute("return document.querySelector('[data-testid=log-view]').scrollTop", vec![]).await?;
        assert_eq!(top, json!(0), "the view was not pulled back down");
        h.wait("[data-testid=log-jump-live]").await?.click().await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(h.browser.execute(at_bottom, vec![]).await?, json!(true), "jump to live goes back to the newest line");
        // A line number is a link to the line: the URL gets #L…, and the link is copied.
        h.browser.execute("const el = document.querySelector('[data-testid=log-view]'); el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); return true;", vec![]).await?;
        h.wait("[data-testid=log-line][data-line='5'] .ln").await?.click().await?;
        h.wait("[data-testid=log-link-copied]").await?;
        let url = h.browser.current_url().await?;
        assert_eq!(url.fragment(), Some("L5"), "{url}");
        assert!(url.query().unwrap_or_default().contains("job=job-0-0-0-flood"), "{url}");
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_search_across_all_jobs_links_to_the_line() {
    let h = Harness::start("task_search").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // A finished history task of the nightly tests: two test modules and a scan.
        h.goto("/projects/demo/workflows/nightly-tests/tasks/1")
            .await?;
        h.wait_count("[data-testid=job]", 3).await?;
        h.wait("[data-testid=task-search-input]")
            .await?
            .send_keys("passed")
            .await?;
        h.wait("[data-testid=task-search-go]")
            .await?
            .click()
            .await?;
        let groups = h.wait_count("[data-testid=task-search-group]", 3).await?;
        let mut jobs = Vec::new();
        for g in &groups {
            jobs.push(g.attr("data-job").await?.unwrap_or_default());
        }
        assert!(jobs.iter().any(|j| j.ends_with("-scan")), "{jobs:?}");
        // A hit opens its job at its line.
        let hit = groups[0]
            .find(fantoccini::Locator::Css("[data-testid=task-search-hit] a"))
            .await?;
        hit.click().await?;
        let line = h.wait("[data-testid=log-line].hl").await?;
        let text = line.text().await?.to_lowercase();
        assert!(text.contains("passed"), "{text}");
        let url = h.browser.current_url().await?;
        assert!(url.fragment().unwrap_or_default().starts_with('L'), "{url}");
        assert!(
            url.query()
                .unwrap_or_default()
                .contains(&format!("job={}", jobs[0])),
            "{url}"
        );
        // Nothing found says so.
        let input = h.wait("[data-testid=task-search-input]").await?;
        input.clear().await?;
        input.send_keys("no such text anywhere").await?;
        h.wait("[data-testid=task-search-go]")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=task-search-empty]").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approve_one_task_and_reject_another() {
    let h = Harness::start("approvals").await;
    let r: Res = async {
        h.sign_in("approver").await?;
        let body = json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]});
        let first = run(&h, body.clone()).await;
        h.goto(&format!("/projects/demo/workflows/release-prod/tasks/{first}")).await?;
        h.wait("[data-testid=review-approval]").await?.click().await?;
        h.wait_text("[data-testid=approval-dialog]", "check the release notes").await?;
        h.wait("[data-testid=approval-comment]").await?.send_keys("notes read, go").await?;
        // A refresh of the task while the dialog is open keeps what was typed.
        tokio::time::sleep(std::time::Duration::from_millis(2300)).await;
        let typed = h.wait("[data-testid=approval-comment]").await?.prop("value").await?;
        assert_eq!(typed.as_deref(), Some("notes read, go"));
        h.wait("[data-testid=approve-button]").await?.click().await?;
        h.wait_text("[data-testid=task-status]", "Passed").await?;
        let t = h.api_post("/openapi/workflows/custom/task/approve", json!({})).await?;
        assert!(t.get("code").is_some(), "an empty approve is refused: {t}");

        // The concurrency limit is 1, so the second task waits for the first, then its approval.
        let second = run(&h, body).await;
        h.goto(&format!("/projects/demo/workflows/release-prod/tasks/{second}")).await?;
        h.wait("[data-testid=review-approval]").await?.click().await?;
        h.wait("[data-testid=approval-comment]").await?.send_keys("not during the freeze").await?;
        h.wait("[data-testid=reject-button]").await?.click().await?;
        h.wait_text("[data-testid=task-status]", "Rejected").await?;
        h.wait("[data-testid=job][data-job=job-0-0-0-approve]").await?.click().await?;
        h.wait_text("[data-testid=approval-summary]", "not during the freeze").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approvals_page_lists_what_waits_for_me() {
    let h = Harness::start("approvals_page").await;
    let r: Res = async {
        h.sign_in("approver").await?;
        let id = run(&h, json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await;
        h.goto("/projects/demo").await?;
        h.wait("[data-testid=nav-approvals]").await?.click().await?;
        let rows = h.wait_count("[data-testid=inbox-row]", 1).await?;
        assert_eq!(rows[0].attr("data-task").await?.as_deref(), Some(id.to_string().as_str()));
        rows[0].find(fantoccini::Locator::Css("[data-testid=inbox-task]")).await?.click().await?;
        h.wait("[data-testid=review-approval]").await?;
        let url = h.browser.current_url().await?;
        assert!(url.query().unwrap_or_default().contains("job=job-0-0-0-approve"), "{url}");
        // Someone who is not an approver has nothing waiting.
        h.sign_in("user").await?;
        h.goto("/projects/demo/approvals").await?;
        h.wait("[data-testid=approvals-empty]").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}
