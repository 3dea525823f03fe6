//! Run insight against the sandbox: a failed task opens on its failure.

use zadig_e2e::{Harness, Res};

/// The failed job of a history task and the 1-based number of its log's first `needle` line.
fn failed_job_and_line(h: &Harness, wf: &str, id: i64, needle: &str) -> (String, usize) {
    let w = h.sandbox.state.world.lock().unwrap();
    let t = w.task(wf, id).expect("history task");
    assert_eq!(t.status, "failed", "the demo history has task {id} failed");
    let job = t
        .stages
        .iter()
        .flat_map(|s| s.jobs.iter())
        .find(|j| j.status == "failed")
        .expect("a failed job");
    let lines = job.log.lines.read().unwrap();
    let at = lines
        .iter()
        .position(|l| l.contains(needle))
        .expect("the error line in the log");
    (job.name.clone(), at + 1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_task_opens_on_its_failed_job_at_the_first_error() {
    let h = Harness::start("insight_landing").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // build-deploy #3 failed in its build (FAIL=true for orders).
        let (job, line) = failed_job_and_line(&h, "build-deploy", 3, "undefined: OrderStore");
        h.goto("/projects/demo/workflows/build-deploy/tasks/3").await?;
        h.wait(&format!("[data-testid=job-panel][data-job='{job}']")).await?;
        h.wait(&format!("[data-testid=job][data-job='{job}'].selected")).await?;
        h.wait_text("[data-testid=log-state]", "Complete").await?;
        let landed = h.wait("[data-testid=log-landed]").await?;
        assert_eq!(landed.attr("data-line").await?, Some(line.to_string()));
        assert!(landed.text().await?.contains(&format!("line {line}")));
        let hl = h.wait("[data-testid=log-line].hl").await?;
        assert_eq!(hl.attr("data-line").await?, Some(line.to_string()));
        assert!(hl.text().await?.contains("ERROR"), "the error line is the one marked");
        // The lines before it are drawn too, and the error line is inside the viewport.
        h.wait(&format!("[data-testid=log-line][data-line='{}']", line - 2)).await?;
        let inside = h
            .eval(
                "const v = document.querySelector('[data-testid=log-view]').getBoundingClientRect();
                 const l = document.querySelector('[data-testid=log-line].hl').getBoundingClientRect();
                 return [l.top >= v.top && l.bottom <= v.bottom, window.scrollY];",
            )
            .await?;
        assert_eq!(
            inside,
            serde_json::json!([true, 0]),
            "the error line is in the log's view; the page stays at its top (header and retry in view)"
        );
        // The address is left as it was: the landing is not a link the person made.
        let url = h.browser.current_url().await?;
        assert!(url.query().is_none() && url.fragment().is_none(), "{url}");
        h.snap("insight_landing").await;

        // In Chinese the landing is said in Chinese.
        h.eval("localStorage.setItem('zc.locale', 'zh-CN');").await?;
        h.goto("/projects/demo/workflows/build-deploy/tasks/3").await?;
        h.wait_text("[data-testid=log-landed]", &format!("第 {line} 行")).await?;
        h.eval("localStorage.setItem('zc.locale', 'en');").await?;

        // A passed task opens without a job; a permalink to a line wins over the landing.
        h.goto("/projects/demo/workflows/build-deploy/tasks/2").await?;
        h.wait("[data-testid=job]").await?;
        h.wait_text("[data-testid=task-status]", "Passed").await?;
        assert!(h.browser.find_all(fantoccini::Locator::Css("[data-testid=job-panel]")).await?.is_empty());
        h.goto(&format!("/projects/demo/workflows/build-deploy/tasks/3?job={job}#L2")).await?;
        h.wait_text("[data-testid=log-state]", "Complete").await?;
        let hl = h.wait("[data-testid=log-line].hl").await?;
        assert_eq!(hl.attr("data-line").await?.as_deref(), Some("2"));
        assert!(h.browser.find_all(fantoccini::Locator::Css("[data-testid=log-landed]")).await?.is_empty());
        // "First error" in the toolbar finds the same line.
        h.wait("[data-testid=log-first-error]").await?.click().await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let hl = h.wait("[data-testid=log-line].hl").await?;
            if hl.attr("data-line").await? == Some(line.to_string()) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "First error did not move to line {line}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_changed_since_the_last_pass_on_the_task_in_the_history_and_side_by_side() {
    let h = Harness::start("insight_diff").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // #3 failed after #2 passed: FAIL=true for orders, only orders built, a new image.
        h.goto("/projects/demo/workflows/build-deploy/tasks/3")
            .await?;
        let summary = h
            .wait_text("[data-testid=run-diff-summary]", "Changed since #2")
            .await?;
        assert!(summary.contains("the last passed run"), "{summary}");
        let mut items = Vec::new();
        for el in h
            .browser
            .find_all(fantoccini::Locator::Css("[data-testid=run-diff-item]"))
            .await?
        {
            items.push(el.text().await?);
        }
        assert!(
            items
                .iter()
                .any(|i| i == "Variable FAIL · build · shop/orders — added"),
            "{items:?}"
        );
        assert!(
            items
                .iter()
                .any(|i| i == "Image · build · shop/orders — changed"),
            "{items:?}"
        );
        assert!(
            items
                .iter()
                .any(|i| i == "Job ran: build · shop/frontend — removed"),
            "{items:?}"
        );
        h.snap("insight_diff_summary").await;
        // Side by side, by link (the landing scrolled the page down to the failed job's log).
        h.eval("document.querySelector('[data-testid=run-diff-open]').scrollIntoView({block: 'center'});").await?;
        h.wait("[data-testid=run-diff-open]").await?.click().await?;
        h.wait("[data-testid=run-diff]").await?;
        let url = h.browser.current_url().await?;
        assert!(
            url.path()
                .ends_with("/workflows/build-deploy/tasks/2/compare/3"),
            "{url}"
        );
        h.wait_count("[data-testid=compare-head]", 2).await?;
        let fail = h
            .wait_text("[data-testid=run-diff-row][data-change=added]", "FAIL")
            .await?;
        assert!(fail.contains("true"), "{fail}");
        h.wait("[data-testid=run-diff-show-same]")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=run-diff-row][data-change=same]")
            .await?;
        // The demo's credentials (a parameter and a build variable) are compared, never shown.
        assert!(!h
            .browser
            .find_all(fantoccini::Locator::Css("[data-testid=diff-secret]"))
            .await?
            .is_empty());
        let page = h.wait("[data-testid=run-diff]").await?.text().await?;
        for secret in ["npm_sandboxSecret", "s3cr3t-default"] {
            assert!(!page.contains(secret), "{secret} shown");
        }
        h.snap("insight_compare").await;
        h.wait("[data-testid=compare-swap]").await?.click().await?;
        h.wait_text("h1", "Task #3 and task #2").await?;
        let url = h.browser.current_url().await?;
        assert!(url.path().ends_with("/tasks/3/compare/2"), "{url}");
        h.wait_text("[data-testid=run-diff-row][data-change=removed]", "FAIL")
            .await?;
        // Any two tasks, typed into the address bar, in Chinese.
        h.eval("localStorage.setItem('zc.locale', 'zh-CN');")
            .await?;
        h.goto("/projects/demo/workflows/build-deploy/tasks/1/compare/5")
            .await?;
        h.wait_text("h1", "任务 #1 与任务 #5").await?;
        h.wait("[data-testid=run-diff]").await?;
        h.eval("localStorage.setItem('zc.locale', 'en');").await?;
        // The history's failed rows carry a chip leading to the same comparison (#18 failed
        // after #17 passed, both on the first page; #9 after #8 too).
        h.goto("/projects/demo/workflows/build-deploy").await?;
        h.wait("[data-testid=task-row][data-task='9'] [data-testid=run-diff-chip]").await?;
        let chip = h
            .wait("[data-testid=task-row][data-task='18'] [data-testid=run-diff-chip]")
            .await?;
        let text = chip.text().await?;
        assert!(text.ends_with("changed since #17"), "{text}");
        assert!(
            h.browser
                .find_all(fantoccini::Locator::Css(
                    "[data-testid=task-row][data-task='17'] [data-testid=run-diff-chip]"
                ))
                .await?
                .is_empty(),
            "passed rows have none"
        );
        chip.click().await?;
        h.wait("[data-testid=run-diff]").await?;
        let url = h.browser.current_url().await?;
        assert!(url.path().ends_with("/tasks/17/compare/18"), "{url}");
        // A task with no earlier pass says so.
        h.goto("/projects/demo/workflows/always-fails/tasks/2")
            .await?;
        h.wait_text(
            "[data-testid=run-diff-summary]",
            "No earlier run of this workflow passed",
        )
        .await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_jobs_100k_line_log_against_the_last_pass_shows_only_the_real_difference() {
    let h = Harness::start("insight_log_diff").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // log-flood #1 passed, #2 failed: 100,000 lines each, #2 with three error lines after
        // item 61,234 (1-based line 61,235).
        let at = zadig_sandbox::demo::FLOOD_FAIL_AT as usize;
        h.goto("/projects/demo/workflows/log-flood/tasks/2").await?;
        h.wait_text("[data-testid=log-state]", "Complete").await?;
        h.eval("document.querySelector('[data-testid=log-diff-open]').scrollIntoView({block: 'center'});").await?;
        h.wait("[data-testid=log-diff-open]").await?.click().await?;
        // The page keeps answering while the logs are compared.
        let t0 = std::time::Instant::now();
        let summary = h.wait_text_for("[data-testid=log-diff-summary]", "Against #1", 60).await?;
        println!("log diff of 2 x 100,000 lines shown after {} ms", t0.elapsed().as_millis());
        assert!(summary.contains("0 lines only there and 3 only here; differing regions: 1."), "{summary}");
        // It opens on the difference, numbered in both logs.
        let added = h.wait("[data-testid=log-diff-line][data-kind=added]").await?;
        assert_eq!(added.attr("data-b").await?, Some((at + 2).to_string()));
        assert!(added.text().await?.contains("connection refused by ledger-db"));
        let before = h.wait(&format!("[data-testid=log-diff-line][data-kind=same][data-a='{}']", at + 1)).await?;
        assert_eq!(before.attr("data-b").await?, Some((at + 1).to_string()));
        let rows: usize = h.wait("[data-testid=log-diff-view]").await?.attr("data-rows").await?.unwrap_or_default().parse().unwrap_or(0);
        assert!(rows < 20, "unchanged stretches are folded: {rows} rows");
        let drawn = h.browser.find_all(fantoccini::Locator::Css("[data-testid=log-diff-line]")).await?.len();
        assert!(drawn <= 20, "{drawn}");
        h.snap("insight_log_diff").await;
        // A fold opens in place.
        let folds = h.browser.find_all(fantoccini::Locator::Css("[data-testid=log-diff-fold] button")).await?;
        assert_eq!(folds.len(), 2, "the stretches before and after the change");
        folds[1].click().await?;
        let rows_after: usize = h.wait("[data-testid=log-diff-view]").await?.attr("data-rows").await?.unwrap_or_default().parse().unwrap_or(0);
        assert!(rows_after > rows, "{rows_after}");
        // The first run has nothing before it to compare with.
        h.goto("/projects/demo/workflows/log-flood/tasks/1?job=job-0-0-0-flood").await?;
        h.wait_text("[data-testid=log-state]", "Complete").await?;
        h.eval("document.querySelector('[data-testid=log-diff-open]').scrollIntoView({block: 'center'});").await?;
        h.wait("[data-testid=log-diff-open]").await?.click().await?;
        h.wait_text_for("[data-testid=log-diff-none]", "No earlier run of this workflow passed", 30).await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn where_the_time_went_to_scale_with_the_critical_path_and_slow_jobs() {
    let h = Harness::start("insight_gantt").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // build-deploy #21 took four times as long as its runs before.
        let (wf, slow) = zadig_sandbox::demo::SLOW;
        h.goto(&format!("/projects/demo/workflows/{wf}/tasks/{slow}"))
            .await?;
        h.wait("[data-testid=gantt] summary").await?;
        // Opened from the keyboard.
        h.eval("document.querySelector('[data-testid=gantt] summary').focus();")
            .await?;
        h.wait("[data-testid=gantt] summary")
            .await?
            .send_keys("\u{e007}")
            .await?;
        h.wait("[data-testid=gantt-lane]").await?;
        let lanes = h
            .browser
            .find_all(fantoccini::Locator::Css("[data-testid=gantt-lane]"))
            .await?;
        assert!(lanes.len() >= 2, "{}", lanes.len());
        let path = h.wait("[data-testid=critical-path]").await?.text().await?;
        assert!(
            path.contains("build-shop-") && path.contains(" → "),
            "{path}"
        );
        h.wait("[data-testid=gantt-lane][data-critical=true]")
            .await?;
        let totals = h.wait("[data-testid=gantt-totals]").await?.text().await?;
        assert!(totals.contains("Running"), "{totals}");
        let trend = h
            .wait_text_for("[data-testid=duration-trend]", "this run", 30)
            .await?;
        assert!(trend.contains("earlier runs"), "{trend}");
        h.wait("[data-testid=trend-job][data-slow=true] [data-testid=duration-slow]")
            .await?;
        h.snap("insight_gantt").await;
        // The run before it is not slow.
        h.goto(&format!("/projects/demo/workflows/{wf}/tasks/{}", slow - 1))
            .await?;
        h.wait("[data-testid=gantt] summary").await?.click().await?;
        h.wait_text_for("[data-testid=duration-trend]", "this run", 30)
            .await?;
        assert!(h
            .browser
            .find_all(fantoccini::Locator::Css("[data-testid=duration-slow]"))
            .await?
            .is_empty());
        // A manual gate and an approval are waits of their own, on the critical path.
        h.goto("/projects/demo/workflows/manual-gate/tasks/1")
            .await?;
        h.wait("[data-testid=gantt] summary").await?.click().await?;
        h.wait("[data-testid=gantt-lane][data-critical=true] [data-kind=gate]")
            .await?;
        h.wait_text(
            "[data-testid=gantt-totals]",
            "Waiting to be started by hand",
        )
        .await?;
        h.goto("/projects/demo/workflows/release-prod/tasks/1")
            .await?;
        h.wait("[data-testid=gantt] summary").await?.click().await?;
        h.wait("[data-testid=gantt-lane] [data-kind=waiting]")
            .await?;
        h.wait_text("[data-testid=gantt-totals]", "Waiting for approval")
            .await?;
        // In Chinese.
        h.eval("localStorage.setItem('zc.locale', 'zh-CN');")
            .await?;
        h.goto("/projects/demo/workflows/release-prod/tasks/1")
            .await?;
        h.wait_text("[data-testid=gantt] summary", "时间都花在哪里")
            .await?;
        h.wait("[data-testid=gantt] summary").await?.click().await?;
        h.wait_text("[data-testid=gantt-totals]", "等待审批")
            .await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_as_markdown_puts_a_summary_without_secrets_on_the_clipboard() {
    let h = Harness::start("insight_share").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let (job, line) = failed_job_and_line(&h, "build-deploy", 3, "undefined: OrderStore");
        let origin = h.sandbox.url();
        h.cdp(
            "Browser.grantPermissions",
            serde_json::json!({"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}),
        )
        .await?;
        h.goto("/projects/demo/workflows/build-deploy/tasks/3")
            .await?;
        h.wait_text("[data-testid=run-diff-summary]", "Changed since #2")
            .await?;
        // By keyboard: focus the button, press Enter.
        h.eval("document.querySelector('[data-testid=copy-markdown]').focus();")
            .await?;
        h.wait("[data-testid=copy-markdown]")
            .await?
            .send_keys("\u{e007}")
            .await?;
        h.wait_text_for("[data-testid=copy-markdown-done]", "Copied", 20)
            .await?;
        let text = h
            .eval("return navigator.clipboard.readText();")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(text.contains("#3"), "{text}");
        assert!(text.contains("Failed"), "{text}");
        assert!(
            text.contains("Changed since \\#2, the last passed run"),
            "{text}"
        );
        assert!(
            text.contains(&format!("{origin}/projects/demo/workflows/build-deploy/tasks/2/compare/3")),
            "{text}"
        );
        assert!(
            text.contains(&format!("tasks/3?job={job}#L{line}")),
            "the first error's link: {text}"
        );
        assert!(text.contains(&format!(">{line:>6} | ")), "the first error line marked: {text}");
        for secret in ["npm_sandboxSecret", "s3cr3t-default"] {
            assert!(!text.contains(secret), "{secret} in the summary");
        }
        // In Chinese, where the browser allows no clipboard: the text to copy by hand.
        h.eval("localStorage.setItem('zc.locale', 'zh-CN');")
            .await?;
        h.goto("/projects/demo/workflows/build-deploy/tasks/3")
            .await?;
        h.wait_text("[data-testid=copy-markdown]", "复制为 Markdown")
            .await?;
        h.eval("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});")
            .await?;
        h.wait("[data-testid=copy-markdown]").await?.click().await?;
        h.wait("[data-testid=copy-markdown-text]").await?;
        let manual = h
            .eval("return document.querySelector('[data-testid=copy-markdown-text]').value;")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(manual.contains("自上一次成功运行 \\#2 以来"), "{manual}");
        assert!(manual.contains("失败"), "{manual}");
        for secret in ["npm_sandboxSecret", "s3cr3t-default"] {
            assert!(!manual.contains(secret), "{secret} in the summary");
        }
        h.snap("insight_share").await;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_a_task_page_reads_nothing_for_another_place() {
    let h = Harness::start("insight_leave").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // Every read the page makes, by URL (Resource Timing keeps fetches too).
        let stray = "return performance.getEntriesByType('resource').map(e => e.name)
            .filter(n => n.includes('/openapi/') && (n.includes('taskId=0&') || n.includes('/custom//') || n.includes('/workflow//')
                || n.includes('projectKey=&') || n.includes('/tasks/0')));";
        for leave in [".crumbs a:nth-of-type(2)", ".crumbs a:nth-of-type(1)", "[data-testid=nav-settings]"] {
            h.goto("/projects/demo/workflows/build-deploy/tasks/3")
                .await?;
            h.eval("performance.setResourceTimingBufferSize(100000);")
                .await?;
            h.wait("[data-testid=job-panel]").await?;
            h.wait("[data-testid=run-diff-summary]").await?;
            h.wait(leave).await?.click().await?;
            h.wait_gone("[data-testid=job-panel]").await?;
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            let seen = h.eval(stray).await?;
            assert_eq!(seen, serde_json::json!([]), "leaving by {leave}");
        }
        Ok(())
    }
    .await;
    h.check(r).await;
}
