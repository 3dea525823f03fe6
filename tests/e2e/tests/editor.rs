//! The workflow editor: create from the list (into the current view), syntax errors with line
//! and column, a refusal keeps the text, the draft survives a reload, update from the stored
//! definition, then delete.

use zadig_e2e::{Harness, Res};

async fn set_text(h: &Harness, text: &str) -> Res {
    // Typing a long definition key by key is slow; set it as a paste would and fire `input`.
    let area = h.wait("[data-testid=editor-text]").await?;
    h.browser
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            vec![serde_json::to_value(&area)?, serde_json::json!(text)],
        )
        .await?;
    Ok(())
}

const DEF: &str = "name: release-notes\ndisplay_name: Release notes\nproject: demo\nstages:\n  - name: Write\n    jobs:\n      - name: write\n        type: freestyle\n        spec:\n          script: echo writing\n          envs: []\n          repos: []\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_update_and_delete_a_workflow() {
    let h = Harness::start("editor").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        h.goto("/projects/demo?view=ci").await?;
        h.wait("[data-testid=nav-new-workflow]").await?.click().await?;
        // Starts from a valid template for this project.
        h.wait_text("[data-testid=editor-valid]", "my-workflow").await?;

        // A syntax error: where it is, a way to go there, and no saving.
        set_text(&h, "name: release-notes\ndisplay_name: Release notes\nproject: demo\nstages:\n  - name: Write\n   jobs: [\n").await?;
        h.wait_text("[data-testid=editor-issue]", "Line 6").await?;
        h.snap("editor_error").await;
        let save = h.wait("[data-testid=editor-save]").await?;
        assert!(save.attr("disabled").await?.is_some());
        h.wait("[data-testid=editor-goto]").await?.click().await?;
        let caret: serde_json::Value = h
            .browser
            .execute("return document.activeElement.selectionStart", vec![])
            .await?;
        assert!(caret.as_u64().unwrap_or(0) > 70, "caret moved to the error: {caret}");
        // Missing fields are named.
        set_text(&h, "name: release-notes\nproject: demo\n").await?;
        h.wait_text("[data-testid=editor-issues]", "display_name").await?;
        h.wait_text("[data-testid=editor-issues]", "stages").await?;

        // A refusal from Zadig keeps the text: a key that exists already.
        set_text(&h, &DEF.replace("release-notes", "build-deploy")).await?;
        h.wait("[data-testid=editor-valid]").await?;
        h.wait("[data-testid=editor-save]:not([disabled])").await?.click().await?;
        h.wait_text("[data-testid=editor-server-error]", "6540").await?;
        let kept: serde_json::Value = h
            .browser
            .execute("return document.querySelector('[data-testid=editor-text]').value", vec![])
            .await?;
        assert!(kept.as_str().unwrap_or("").contains("name: build-deploy"));

        // The draft survives a reload.
        set_text(&h, DEF).await?;
        h.goto("/projects/demo/workflows/new?view=ci").await?;
        h.wait("[data-testid=editor-draft-notice]").await?;
        h.wait_text("[data-testid=editor-valid]", "release-notes").await?;
        h.wait("[data-testid=editor-save]:not([disabled])").await?.click().await?;
        h.wait_text("[data-testid=workflow-title]", "Release notes").await?;
        {
            let w = h.sandbox.state.world.lock().unwrap();
            let v = w.views.iter().find(|v| v.project == "demo" && v.name == "ci").unwrap();
            assert!(v.entries.iter().any(|e| e.workflow_key == "release-notes"), "added to the view");
        }

        // Update: starts from the stored definition.
        h.wait("[data-testid=edit-workflow]").await?.click().await?;
        h.wait_text("[data-testid=editor-valid]", "release-notes").await?;
        let stored: serde_json::Value = h
            .browser
            .execute("return document.querySelector('[data-testid=editor-text]').value", vec![])
            .await?;
        let stored = stored.as_str().unwrap_or("").to_string();
        assert!(stored.contains("display_name: Release notes"), "{stored}");
        // Renaming is refused locally.
        set_text(&h, &stored.replace("name: release-notes", "name: other-name")).await?;
        h.wait_text("[data-testid=editor-issues]", "release-notes").await?;
        set_text(&h, &stored.replace("Release notes", "Release notes v2")).await?;
        h.wait("[data-testid=editor-save]:not([disabled])").await?.click().await?;
        h.wait_text("[data-testid=workflow-title]", "Release notes v2").await?;

        // Delete after typing the key.
        h.wait("[data-testid=delete-workflow]").await?.click().await?;
        h.wait("[data-testid=delete-confirm-input]").await?.send_keys("release-notes").await?;
        h.wait("[data-testid=delete-confirm]:not([disabled])").await?.click().await?;
        h.wait("[data-testid=nav-new-workflow]").await?;
        assert!(h.sandbox.state.world.lock().unwrap().workflow("release-notes").is_none());
        Ok(())
    }
    .await;
    h.check(r).await;
}
