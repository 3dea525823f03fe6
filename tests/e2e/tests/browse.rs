//! Browsing: workflow page (definition, parameters, history paging and filters) and tasks.

use zadig_e2e::{Harness, Res};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_page_shows_definition_parameters_and_paged_history() {
    let h = Harness::start("workflow_page").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo?view=ci").await?;
        h.open_build_and_deploy().await?;
        h.wait_count("[data-testid=stage-def]", 3).await?;
        let params = h.wait_count("[data-testid=param-row]", 8).await?;
        let mut credential_row = String::new();
        for p in &params {
            let t = p.text().await?;
            if t.contains("deploy_token") {
                credential_row = t;
            }
        }
        assert!(
            credential_row.contains("••••••") && !credential_row.contains("s3cr3t"),
            "credential default masked: {credential_row}"
        );
        // 23 tasks, 20 per page: the first page, then the second.
        let rows = h.wait_count("[data-testid=task-row]", 20).await?;
        assert_eq!(rows[0].attr("data-task").await?.as_deref(), Some("23"));
        h.wait_text("[data-testid=page-info]", "1").await?;
        h.snap("workflow_page").await;
        h.wait("[data-testid=page-next]").await?.click().await?;
        h.wait_count("[data-testid=task-row]", 3).await?;
        let url = h.browser.current_url().await?;
        assert!(url.query().unwrap_or_default().contains("page=2"), "{url}");
        // Filters apply to the fetched page and live in the URL.
        h.goto("/projects/demo/workflows/build-deploy?size=50&status=failed")
            .await?;
        let failed = h.wait_count("[data-testid=task-row]", 3).await?;
        for f in &failed {
            assert_eq!(
                f.find(fantoccini::Locator::Css("[data-testid=task-status]"))
                    .await?
                    .attr("data-status")
                    .await?
                    .as_deref(),
                Some("failed")
            );
        }
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_list_shows_latest_status_and_stays_small_with_2000_workflows() {
    let h = Harness::start("workflow_list_scale").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo").await?;
        let status = |key: &str| format!("[data-testid=workflow-row][data-workflow={key}] [data-testid=workflow-status]");
        assert_eq!(h.wait(&status("build-deploy")).await?.attr("data-status").await?.as_deref(), Some("passed"));
        assert_eq!(h.wait(&status("always-fails")).await?.attr("data-status").await?.as_deref(), Some("failed"));
        h.wait_text("[data-testid=workflow-row][data-workflow=ticketed-release] [data-testid=workflow-latest]", "never run").await?;
        {
            let mut w = h.sandbox.state.world.lock().unwrap();
            zadig_e2e::zadig_sandbox::demo::scale(&mut w, "demo", 2000, 1);
        }
        h.goto("/projects/demo?sort=name-desc").await?;
        h.wait("[data-testid=workflow-row]").await?;
        let rendered = h.browser.find_all(fantoccini::Locator::Css("[data-testid=workflow-row]")).await?.len();
        assert!(rendered < 60, "{rendered} rows in the DOM for 2,000+ workflows");
        // Scrolled to the end, the rows there render and fetch their own statuses.
        h.browser.execute("const el = document.querySelector('[data-testid=workflow-list]'); el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); return true;", vec![]).await?;
        h.wait("[data-testid=workflow-row][data-workflow=bulk-00100] [data-testid=workflow-status]").await?;
        h.wait("[data-testid=workflow-row][data-workflow=build-deploy]").await?;
        let rendered = h.browser.find_all(fantoccini::Locator::Css("[data-testid=workflow-row]")).await?.len();
        assert!(rendered < 60, "{rendered}");
        h.goto("/projects/demo?q=bulk-0199").await?;
        h.wait_count("[data-testid=workflow-row]", 10).await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_workflow_asks_for_its_key() {
    let h = Harness::start("delete_workflow").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let created = h
            .api_post("/openapi/workflows/custom", serde_json::json!({"name": "throwaway", "display_name": "Throwaway", "project": "demo",
                "stages": [{"name": "S", "jobs": [{"name": "j", "type": "freestyle", "spec": {"script": "echo hi"}}]}]}))
            .await?;
        assert_eq!(created["message"], "success", "{created}");
        h.goto("/projects/demo/workflows/throwaway").await?;
        h.wait("[data-testid=delete-workflow]").await?.click().await?;
        let confirm = h.wait("[data-testid=delete-confirm]").await?;
        assert!(confirm.attr("disabled").await?.is_some(), "disabled until the key is typed");
        let input = h.wait("[data-testid=delete-confirm-input]").await?;
        input.send_keys("throwawa").await?;
        assert!(confirm.attr("disabled").await?.is_some(), "a near miss is not enough");
        input.send_keys("y").await?;
        h.wait("[data-testid=delete-confirm]:not([disabled])").await?.click().await?;
        h.wait("[data-testid=workflow-row]").await?;
        assert_eq!(h.browser.current_url().await?.path(), "/projects/demo");
        assert!(h.browser.find_all(fantoccini::Locator::Css("[data-workflow=throwaway]")).await?.is_empty());
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_edit_and_delete_a_view() {
    let h = Harness::start("views").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo").await?;
        h.wait_count("[data-testid=view-tab]", 3).await?;
        h.wait("[data-testid=view-new]").await?.click().await?;
        let name = h.wait("[data-testid=view-name]").await?;
        name.send_keys("ci").await?;
        h.wait_text("[data-testid=view-name-error]", "exists already")
            .await?;
        name.clear().await?;
        name.send_keys("hot").await?;
        h.wait("[data-testid=view-workflow][data-workflow=build-deploy]")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=view-workflow][data-workflow=canary]")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=view-save]").await?.click().await?;
        // Saving is asynchronous: wait for the new tab to become the active one.
        h.wait("[data-testid=view-tab].active[data-view=hot]")
            .await?;
        // Zadig filters custom workflows by the view and, with none chosen, leaves products alone.
        h.wait_count("[data-testid=workflow-row]", 3).await?;
        h.wait("[data-testid=view-edit]").await?.click().await?;
        h.wait("[data-testid=view-workflow][data-workflow=canary]")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=view-save]").await?.click().await?;
        h.wait_count("[data-testid=workflow-row]", 2).await?;
        h.wait("[data-testid=view-delete]").await?.click().await?;
        h.wait("[data-testid=view-save]").await?.click().await?;
        h.wait_count("[data-testid=view-tab]", 3).await?;
        h.wait("[data-testid=view-tab].active[data-view='']")
            .await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_a_pre_approval_ticket() {
    let h = Harness::start("ticket").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo").await?;
        h.wait("[data-testid=nav-ticket]").await?.click().await?;
        h.wait("[data-testid=ticket-submit]").await?.click().await?;
        h.wait_text("[data-testid=ticket-form]", "Enter the approval ID").await?;
        h.wait("[data-testid=ticket-id]").await?.send_keys("CR-1024").await?;
        h.wait("[data-testid=ticket-env][data-env=prod]").await?.click().await?;
        h.wait("[data-testid=ticket-add-service]").await?.click().await?;
        h.wait("[data-testid=ticket-service-name]").await?.send_keys("shop").await?;
        h.wait("[data-testid=ticket-add-user]").await?.click().await?;
        h.wait("[data-testid=ticket-user-name]").await?.send_keys("Alice").await?;
        h.wait("[data-testid=ticket-user-email]").await?.send_keys("alice@example.com").await?;
        let set = |css: &str, v: &str| format!("const i = document.querySelector('{css}'); i.value = '{v}'; i.dispatchEvent(new Event('input')); return true;");
        h.browser.execute(&set("[data-testid=ticket-start]", "2026-12-01T18:00"), vec![]).await?;
        h.browser.execute(&set("[data-testid=ticket-end]", "2026-12-01T09:00"), vec![]).await?;
        h.wait("[data-testid=ticket-submit]").await?.click().await?;
        h.wait_text("[data-testid=ticket-time-error]", "close after it opens").await?;
        h.wait_text("[data-testid=ticket-form]", "needs a service and a module").await?;
        h.wait("[data-testid=ticket-service-module]").await?.send_keys("orders").await?;
        h.browser.execute(&set("[data-testid=ticket-end]", "2026-12-01T23:00"), vec![]).await?;
        // Without a licence Zadig refuses (7050) and everything typed stays.
        h.sandbox.state.world.lock().unwrap().knobs.license = false;
        h.wait("[data-testid=ticket-submit]").await?.click().await?;
        h.wait_text("[data-testid=error-banner]", "7050").await?;
        assert_eq!(h.wait("[data-testid=ticket-id]").await?.prop("value").await?.as_deref(), Some("CR-1024"));
        h.sandbox.state.world.lock().unwrap().knobs.license = true;
        h.wait("[data-testid=ticket-submit]").await?.click().await?;
        h.wait("[data-testid=ticket-done]").await?;
        let stored = h.sandbox.state.world.lock().unwrap().tickets.last().cloned().expect("a ticket");
        assert_eq!(stored["approval_id"], "CR-1024");
        assert_eq!(stored["envs"], serde_json::json!(["prod"]));
        assert_eq!(stored["services"], serde_json::json!([{"service_name": "shop", "service_module": "orders"}]));
        assert_eq!(stored["users"], serde_json::json!([{"name": "Alice", "email": "alice@example.com"}]));
        let (a, b) = (stored["execution_window_start"].as_i64().unwrap(), stored["execution_window_end"].as_i64().unwrap());
        assert_eq!(b - a, 5 * 3600, "times sent as Unix seconds");
        Ok(())
    }
    .await;
    h.check(r).await;
}
