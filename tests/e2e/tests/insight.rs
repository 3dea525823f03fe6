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
                 return l.top >= v.top && l.bottom <= v.bottom && l.bottom <= window.innerHeight && l.top >= 0;",
            )
            .await?;
        assert_eq!(inside, serde_json::json!(true), "the error line is in view, the page scrolled to the log");
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
