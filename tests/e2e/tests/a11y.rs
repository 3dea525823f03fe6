//! Accessibility: axe-core, injected into every screen of the release build (and the dialogs
//! the desk opens), reports no serious or critical violation, in the light and the dark theme;
//! every status has a shape as well as a colour.

use serde_json::json;
use zadig_e2e::{Harness, Res};

async fn check(h: &Harness, at: &str, found: &mut Vec<String>) -> Res {
    for v in h.axe().await? {
        found.push(format!("{at}: {v}"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_nothing_serious_on_any_screen() {
    let h = Harness::start_opts(
        "a11y",
        zadig_sandbox::Options {
            static_dir: Some(zadig_e2e::dist_dir()),
            speed: zadig_e2e::TEST_SPEED,
            demo_sign_in: true,
            ..Default::default()
        },
    )
    .await;
    let r: Res = async {
        let mut found = Vec::new();
        h.goto("/").await?;
        let id = h.execute(json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await?;
        h.wait("[data-testid=demo-sign-in]").await?;
        check(&h, "welcome", &mut found).await?;
        h.wait("[data-testid=demo-sign-in][data-user=alice]").await?.click().await?;
        for theme in ["light", "dark"] {
            h.eval(&format!("localStorage.setItem('zc.theme', '{theme}'); return true")).await?;
            for (route, ready) in [
                ("/".to_string(), "[data-testid=project-option]"),
                ("/projects/demo".to_string(), "[data-testid=workflow-row]"),
                ("/projects/demo/workflows/build-deploy".to_string(), "[data-testid=task-row]"),
                (format!("/projects/demo/workflows/release-prod/tasks/{id}"), "[data-testid=job]"),
                ("/projects/demo/workflows/build-deploy/tasks/1/compare/2".to_string(), "[data-testid=run-diff]"),
                ("/projects/demo/workflows/build-deploy/run".to_string(), "[data-testid=run-form]"),
                ("/projects/demo/workflows/build-deploy/edit".to_string(), "[data-testid=editor-text]"),
                ("/approvals".to_string(), "[data-testid=inbox-row]"),
                ("/settings".to_string(), "[data-testid=settings-token]"),
                ("/projects/demo/approvals".to_string(), "[data-testid=inbox-row]"),
                ("/projects/demo/tickets/new".to_string(), "[data-testid=ticket-env]"),
                ("/projects/demo/workflows/new".to_string(), "[data-testid=editor-text]"),
                ("/no/such/screen".to_string(), "section.page.empty-state"),
            ] {
                h.goto(&route).await?;
                h.wait(ready).await?;
                tokio::time::sleep(std::time::Duration::from_millis(600)).await;
                check(&h, &format!("{route} ({theme})"), &mut found).await?;
                // Every status shows a shape as well as its colour, one shape per kind.
                let shapes = h
                    .eval(
                        "const m = {};
                         for (const b of document.querySelectorAll('.badge[class*=status-]')) {
                           const kind = [...b.classList].find(c => c.startsWith('status-'));
                           const dot = b.querySelector('.dot');
                           m[kind] = dot ? getComputedStyle(dot, '::before').content : 'none';
                         }
                         return m;",
                    )
                    .await?;
                let mut seen = std::collections::HashMap::new();
                for (kind, shape) in shapes.as_object().into_iter().flatten() {
                    let shape = shape.as_str().unwrap_or("none").to_string();
                    assert!(shape != "none" && !shape.is_empty(), "{route}: {kind} has no shape: {shapes}");
                    if let Some(other) = seen.insert(shape.clone(), kind.clone()) {
                        assert_eq!(&other, kind, "{route}: {other} and {kind} look alike: {shapes}");
                    }
                }
            }
            // The desk's dialogs: the decision with what will ship, and the shortcuts.
            h.goto("/approvals").await?;
            h.wait("[data-testid=inbox-decide]").await?.click().await?;
            h.wait("[data-testid=ship-env]").await?;
            check(&h, &format!("approval dialog ({theme})"), &mut found).await?;
            h.wait("[data-testid=approval-close]").await?.click().await?;
            h.wait_gone("[data-testid=approval-dialog]").await?;
            h.browser.active_element().await?.send_keys("?").await?;
            h.wait("[data-testid=shortcut-help]").await?;
            check(&h, &format!("shortcut help ({theme})"), &mut found).await?;
        }
        assert!(found.is_empty(), "serious or critical violations:\n{}", found.join("\n"));
        Ok(())
    }
    .await;
    h.check(r).await;
}
