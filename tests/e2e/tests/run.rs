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
        h.wait("[data-testid=run-open]").await?.click().await?;
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
