//! The run form: every demo workflow runs from it; bad input is refused before sending; a
//! server error keeps the input; drafts survive a reload; "Run again" pre-fills; production
//! deploys ask for the key.

use fantoccini::Locator;
use serde_json::Value;
use zadig_e2e::{Harness, Res};

fn field(key: &str) -> String {
    format!("[data-field=\"{key}\"]")
}

/// The task ids of a workflow in the sandbox.
fn task_ids(h: &Harness, wf: &str) -> Vec<i64> {
    let w = h.sandbox.state.world.lock().unwrap();
    w.tasks
        .get(wf)
        .map(|v| v.iter().map(|t| t.id).collect())
        .unwrap_or_default()
}

/// The body the sandbox received for a task.
fn task_args(h: &Harness, wf: &str, id: i64) -> Value {
    let w = h.sandbox.state.world.lock().unwrap();
    w.task(wf, id).map(|t| t.args.clone()).unwrap_or_default()
}

/// Waits until the page shows task `> after` of `wf` and returns its id.
async fn wait_for_new_task(h: &Harness, wf: &str, after: i64) -> Res<i64> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let url = h.browser.current_url().await?;
        let path = url.path().to_string();
        let marker = format!("/workflows/{wf}/tasks/");
        if let Some(rest) = path.split(&marker).nth(1) {
            if let Ok(id) = rest.trim_end_matches('/').parse::<i64>() {
                if id > after {
                    return Ok(id);
                }
            }
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("no new task page for {wf}; at {url}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Fails unless the page's path ends with `suffix`.
async fn assert_at(h: &Harness, suffix: &str) -> Res {
    let url = h.browser.current_url().await?;
    if url.path().ends_with(suffix) {
        Ok(())
    } else {
        Err(format!("expected a path ending in {suffix}, at {url}").into())
    }
}

async fn set_value(h: &Harness, css: &str, value: &str) -> Res {
    let el = h.wait(css).await?;
    el.clear().await?;
    el.send_keys(value).await?;
    Ok(())
}

async fn select(h: &Harness, css: &str, value: &str) -> Res {
    h.wait(css).await?.select_by_value(value).await?;
    Ok(())
}

async fn value_of(h: &Harness, css: &str) -> Res<String> {
    Ok(h.wait(css).await?.prop("value").await?.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn build_deploy_runs_from_the_dialog_with_typed_inputs() {
    let h = Harness::start("run_dialog").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo/workflows/build-deploy").await?;
        h.wait("[data-testid=run-button]").await?.click().await?;
        h.wait("[data-testid=run-dialog] [data-testid=run-form]")
            .await?;
        h.snap("run_dialog_open").await;
        // Typed parameters: a select for the choice, a masked empty input for the credential,
        // multi-select and file shown as unsupported, the fixed one absent.
        assert_eq!(value_of(&h, &field("p.branch")).await?, "main");
        let opts = h
            .browser
            .find_all(Locator::Css(&format!("{} option", field("p.log_level"))))
            .await?;
        assert_eq!(opts.len(), 3);
        let secret = h.wait(&field("p.deploy_token")).await?;
        assert_eq!(secret.attr("type").await?.as_deref(), Some("password"));
        assert_eq!(secret.prop("value").await?.as_deref(), Some(""));
        assert!(h
            .wait(&field("p.regions"))
            .await?
            .attr("disabled")
            .await?
            .is_some());
        assert!(h
            .browser
            .find(Locator::Css(&field("p.image_prefix")))
            .await
            .is_err());
        // Jobs: smoke is off by default; build has its registry and selected services.
        assert!(!h.wait(&field("j.smoke")).await?.is_selected().await?);
        assert_eq!(
            value_of(&h, &field("j.build.registry")).await?,
            "https://registry.example.com/demo"
        );
        assert!(
            h.wait(&field("j.build.g.shop/frontend"))
                .await?
                .is_selected()
                .await?
        );
        assert!(
            !h.wait(&field("j.build.g.shop/payments"))
                .await?
                .is_selected()
                .await?
        );

        set_value(&h, &field("p.branch"), "release/1.2").await?;
        select(&h, &field("p.log_level"), "debug").await?;
        set_value(
            &h,
            &field("j.build.g.shop/frontend.r.shop/frontend.branch"),
            "feat-x",
        )
        .await?;
        h.wait(&field("j.build.g.shop/payments"))
            .await?
            .click()
            .await?;
        set_value(
            &h,
            &field("j.build.g.shop/payments.kv.NPM_TOKEN"),
            "typed-secret",
        )
        .await?;
        // The preview shows the exact body, the typed secret masked.
        h.wait("[data-testid=run-preview] summary")
            .await?
            .click()
            .await?;
        let preview = h
            .wait_text("[data-testid=run-preview-body]", "release/1.2")
            .await?;
        assert!(
            preview.contains("******") && !preview.contains("typed-secret"),
            "{preview}"
        );
        h.snap("run_dialog").await;

        let before = *task_ids(&h, "build-deploy").iter().max().unwrap_or(&0);
        h.wait("[data-testid=run-submit]").await?.click().await?;
        let id = wait_for_new_task(&h, "build-deploy", before).await?;
        h.wait("[data-testid=task-status]").await?;
        let body = task_args(&h, "build-deploy", id);
        let params = body["parameters"].as_array().cloned().unwrap_or_default();
        assert!(
            params
                .iter()
                .any(|p| p["name"] == "branch" && p["value"] == "release/1.2"),
            "{body}"
        );
        assert!(params
            .iter()
            .any(|p| p["name"] == "log_level" && p["value"] == "debug"));
        assert!(
            !params.iter().any(|p| p["name"] == "deploy_token"),
            "untouched credential not sent"
        );
        let build = body["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["job_name"] == "build")
            .cloned()
            .unwrap();
        let services = build["parameters"]["service_list"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(services.len(), 3);
        assert_eq!(services[0]["repo_info"][0]["branch"], "feat-x");
        assert!(services[2]["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|kv| kv["key"] == "NPM_TOKEN" && kv["value"] == "typed-secret"));
        assert!(!body["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["job_name"] == "smoke"));
        Ok(())
    }
    .await;
    h.check(r).await;
}

/// Submits the form on the page; for production deploys types the key when asked.
async fn submit(h: &Harness, wf: &str) -> Res {
    h.wait("[data-testid=run-submit]").await?.click().await?;
    Ok(()).and(if ["release-prod", "payments-release"].contains(&wf) {
        let input = h.wait("[data-testid=run-prod-input]").await?;
        let confirm = h.wait("[data-testid=run-prod-confirm]").await?;
        if confirm.attr("disabled").await?.is_none() {
            return Err("confirm enabled before the key is typed".into());
        }
        input.send_keys(wf).await?;
        confirm.click().await?;
        Ok(())
    } else {
        Ok(())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_demo_workflow_runs_from_its_form() {
    let h = Harness::start("run_every").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        for (project, wf) in [
            ("demo", "build-deploy"),
            ("demo", "release-prod"),
            ("demo", "nightly-tests"),
            ("demo", "always-fails"),
            ("demo", "manual-gate"),
            ("demo", "ops-toolbox"),
            ("demo", "canary"),
            ("demo", "log-flood"),
            ("payments", "payments-ci"),
            ("payments", "payments-release"),
        ] {
            let before = *task_ids(&h, wf).iter().max().unwrap_or(&0);
            h.goto(&format!("/projects/{project}/workflows/{wf}/run"))
                .await?;
            h.wait("[data-testid=run-form] [data-job]").await?;
            if wf == "release-prod" {
                set_value(&h, &field("p.ticket"), "CHG-1").await?;
            }
            if wf == "ops-toolbox" {
                // Off-by-default jobs can be switched on and filled in.
                h.wait(&field("j.tapd")).await?.click().await?;
                set_value(&h, &field("j.tapd.iterations"), "1001, 1002").await?;
            }
            submit(&h, wf).await?;
            let id = wait_for_new_task(&h, wf, before)
                .await
                .map_err(|e| format!("{wf}: {e}"))?;
            h.wait("[data-testid=task-status]").await?;
            let body = task_args(&h, wf, id);
            if wf == "ops-toolbox" {
                let tapd = body["inputs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["job_name"] == "tapd")
                    .cloned()
                    .ok_or("tapd sent")?;
                assert_eq!(
                    tapd["parameters"]["iteration_ids"],
                    serde_json::json!(["1001", "1002"])
                );
            }
        }
        // The one workflow the OpenAPI refuses: Zadig's answer is shown, the form stays.
        h.goto("/projects/demo/workflows/ticketed-release/run")
            .await?;
        h.wait("[data-testid=run-form] [data-job]").await?;
        h.wait("[data-testid=run-submit]").await?.click().await?;
        if let Ok(confirm) = h.wait("[data-testid=run-prod-input]").await {
            confirm.send_keys("ticketed-release").await?;
            h.wait("[data-testid=run-prod-confirm]")
                .await?
                .click()
                .await?;
        }
        h.wait_text("[data-testid=run-server-error]", "6160")
            .await?;
        h.wait("[data-testid=run-form]").await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_before_sending_and_errors_keep_the_input() {
    let h = Harness::start("run_errors").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let before = task_ids(&h, "build-deploy").len();
        // A choice value that is not an option, from a link: refused next to the field.
        h.goto("/projects/demo/workflows/build-deploy/run?p.log_level=trace&p.deploy_token=leak&p.nope=1")
            .await?;
        h.wait_text("[data-testid=run-refused]", "p.deploy_token").await?;
        h.wait_text("[data-testid=run-refused]", "p.nope").await?;
        h.wait("[data-testid=run-submit]").await?.click().await?;
        h.wait_text("[data-error-for=\"p.log_level\"]", "Not one of the options")
            .await?;
        h.wait("[data-testid=run-problems]").await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(task_ids(&h, "build-deploy").len(), before, "nothing sent");
        // Fixing it clears the problem.
        select(&h, &field("p.log_level"), "warn").await?;
        h.wait_count("[data-error-for=\"p.log_level\"]", 0).await?;

        // A server-side error: Zadig's description is shown and every input stays.
        set_value(&h, &field("p.release_notes"), "notes that must survive").await?;
        set_value(&h, &field("p.deploy_token"), "typed-secret").await?;
        h.fault_on(Some("POST"), "/openapi/workflows/custom/task$", "zadig", 500, 1);
        h.wait("[data-testid=run-submit]").await?.click().await?;
        h.wait("[data-testid=run-server-error]").await?;
        assert_eq!(value_of(&h, &field("p.release_notes")).await?, "notes that must survive");
        assert_eq!(value_of(&h, &field("p.deploy_token")).await?, "typed-secret");
        assert_eq!(value_of(&h, &field("p.log_level")).await?, "warn");
        assert!(h.wait("[data-testid=run-submit]").await?.attr("disabled").await?.is_none());
        assert_eq!(task_ids(&h, "build-deploy").len(), before);
        h.snap("run_server_error").await;

        // A reload restores the draft, without the credential.
        h.goto("/projects/demo/workflows/build-deploy/run").await?;
        h.wait("[data-testid=run-draft-notice]").await?;
        assert_eq!(value_of(&h, &field("p.release_notes")).await?, "notes that must survive");
        assert_eq!(value_of(&h, &field("p.log_level")).await?, "warn");
        assert_eq!(value_of(&h, &field("p.deploy_token")).await?, "");
        let stored: Value = h
            .browser
            .execute("return Object.keys(localStorage).map(k => localStorage.getItem(k)).join('\\n')", vec![])
            .await?;
        assert!(!stored.as_str().unwrap_or("").contains("typed-secret"), "{stored}");

        // Reset goes back to the workflow's defaults (and forgets the draft).
        h.wait("[data-testid=run-reset]").await?.click().await?;
        h.wait_count("[data-testid=run-draft-notice]", 0).await?;
        assert_eq!(value_of(&h, &field("p.release_notes")).await?, "");
        assert_eq!(value_of(&h, &field("p.log_level")).await?, "info");
        set_value(&h, &field("p.release_notes"), "notes that must survive").await?;

        // Success clears the draft.
        h.wait("[data-testid=run-submit]").await?.click().await?;
        wait_for_new_task(&h, "build-deploy", 0).await?;
        h.goto("/projects/demo/workflows/build-deploy/run").await?;
        h.wait("[data-testid=run-form] [data-job]").await?;
        assert!(h.browser.find(Locator::Css("[data-testid=run-draft-notice]")).await.is_err());
        assert_eq!(value_of(&h, &field("p.release_notes")).await?, "");
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_again_prefills_from_the_task_and_a_running_task_is_flagged() {
    let h = Harness::start("run_again").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.sandbox.state.world.lock().unwrap().knobs.speed = 0.05;
        let started = h
            .api_post(
                "/openapi/workflows/custom/task",
                serde_json::json!({"project_key": "demo", "workflow_key": "build-deploy",
                    "parameters": [{"name": "branch", "type": "string", "value": "hotfix-7"}],
                    "inputs": [{"job_name": "build", "job_type": "zadig-build", "parameters": {
                        "registry": "https://registry.example.com/demo",
                        "service_list": [{"service_name": "shop", "service_module": "orders",
                            "repo_info": [{"codehost_name": "gitlab", "repo_namespace": "shop", "repo_name": "orders", "branch": "fix/orders"}]}]}},
                        {"job_name": "deploy", "job_type": "zadig-deploy", "parameters": {"env_name": "staging"}}]}),
            )
            .await?;
        let id = started["task_id"].as_i64().ok_or("task id")?;
        h.goto(&format!("/projects/demo/workflows/build-deploy/tasks/{id}")).await?;
        // Zadig's clone answers with the workflow as it ran; an execute body is read as well.
        for shape in ["args", "workflow"] {
            h.sandbox.state.world.lock().unwrap().knobs.clone_shape = shape.into();
            h.wait("[data-testid=run-again]").await?.click().await?;
            h.wait_text("[data-testid=run-from-task]", &format!("#{id}")).await?;
            // The task it came from is still running: said so, with a link.
            h.wait_text("[data-testid=run-busy-warning]", &format!("#{id}")).await?;
            assert_eq!(value_of(&h, &field("p.branch")).await?, "hotfix-7", "{shape}");
            assert_eq!(value_of(&h, &field("j.deploy.env")).await?, "staging", "{shape}");
            assert!(!h.wait(&field("j.build.g.shop/frontend")).await?.is_selected().await?, "{shape}");
            assert!(h.wait(&field("j.build.g.shop/orders")).await?.is_selected().await?, "{shape}");
            assert!(!h.wait(&field("j.smoke")).await?.is_selected().await?, "{shape}");
            assert_eq!(
                value_of(&h, &field("j.build.g.shop/orders.r.shop/orders.branch")).await?,
                "fix/orders",
                "{shape}"
            );
            if shape == "args" {
                h.wait("[data-testid=run-dialog] [data-field]").await?.send_keys("\u{E00C}").await?;
                h.wait_count("[data-testid=run-dialog]", 0).await?;
            }
        }
        h.snap("run_again").await;
        // Editable before sending.
        set_value(&h, &field("p.branch"), "hotfix-8").await?;
        h.wait("[data-testid=run-submit]").await?.click().await?;
        let again = wait_for_new_task(&h, "build-deploy", id).await?;
        let body = task_args(&h, "build-deploy", again);
        assert_eq!(body["parameters"][0]["value"], "hotfix-8");
        let build = &body["inputs"][0]["parameters"];
        assert_eq!(build["service_list"].as_array().map(Vec::len), Some(1));
        assert_eq!(build["service_list"][0]["repo_info"][0]["branch"], "fix/orders");
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_entry_points_and_keyboard() {
    let h = Harness::start("run_entry").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        // From a row of the workflow list straight to the form.
        h.goto("/projects/demo").await?;
        h.wait(
            "[data-testid=workflow-row][data-workflow=nightly-tests] [data-testid=workflow-run]",
        )
        .await?
        .click()
        .await?;
        h.wait("[data-testid=run-form] [data-job=tests]").await?;
        assert_at(&h, "/workflows/nightly-tests/run").await?;

        // The dialog closes with Escape, and opens as a page.
        h.goto("/projects/demo/workflows/nightly-tests").await?;
        h.wait("[data-testid=run-button]").await?.click().await?;
        h.wait("[data-testid=run-dialog] [data-job=tests]").await?;
        h.wait("[data-testid=run-dialog] [data-field]")
            .await?
            .send_keys("\u{E00C}")
            .await?;
        h.wait_count("[data-testid=run-dialog]", 0).await?;
        h.wait("[data-testid=run-button]").await?.click().await?;
        h.wait("[data-testid=run-open-page]").await?.click().await?;
        h.wait_count("[data-testid=run-dialog]", 0).await?;
        h.wait("[data-testid=run-form] [data-job=tests]").await?;
        assert_at(&h, "/workflows/nightly-tests/run").await?;

        // Enter in a field does not start a run; Ctrl+Enter does.
        let before = *task_ids(&h, "nightly-tests").iter().max().unwrap_or(&0);
        let f = h.wait(&field("j.tests.g.unit-test.kv.RACE")).await?;
        f.send_keys("\u{E007}").await?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(
            *task_ids(&h, "nightly-tests").iter().max().unwrap_or(&0),
            before,
            "plain Enter ran it"
        );
        f.send_keys("\u{E009}\u{E007}").await?;
        let id = wait_for_new_task(&h, "nightly-tests", before).await?;
        assert!(id > before);
        Ok(())
    }
    .await;
    h.check(r).await;
}
