//! The release manager's desk against the sandbox: a console that opens ready.

use serde_json::json;
use zadig_e2e::{Harness, Res};

/// The sandbox as `scripts/run` starts it: its console's first screen offers the demo users.
async fn run_command_sandbox(name: &str) -> Harness {
    Harness::start_opts(
        name,
        zadig_sandbox::Options {
            static_dir: Some(zadig_e2e::dist_dir()),
            speed: zadig_e2e::TEST_SPEED,
            demo_sign_in: true,
            ..Default::default()
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newcomer_signs_in_to_the_sandbox_with_one_click() {
    let h = run_command_sandbox("desk_one_click").await;
    let r: Res = async {
        // Every Zadig call would fail: the welcome asks nothing of Zadig.
        h.fault("/openapi", "empty", 500, 1000);
        h.fault("/api", "empty", 500, 1000);
        // A link from chat, opened in a fresh tab.
        h.goto("/projects/demo").await?;
        h.wait("[data-testid=welcome]").await?;
        let buttons = h.wait_count("[data-testid=demo-sign-in]", 3).await?;
        let mut roles = Vec::new();
        for b in &buttons {
            roles.push(b.attr("data-role").await?.unwrap_or_default());
        }
        assert_eq!(roles, ["admin", "approver", "user"]);
        let page = h.wait("[data-testid=welcome]").await?.text().await?;
        assert!(page.contains("account settings → API token"), "{page}");
        assert!(!page.contains("401"), "{page}");
        h.snap("desk_welcome").await;
        assert_eq!(
            h.faults_left(),
            2000,
            "the welcome asked Zadig for something"
        );
        h.clear_faults();
        // One click: alice, on the page the link named, and no token in the address.
        h.wait("[data-testid=demo-sign-in][data-user=alice]")
            .await?
            .click()
            .await?;
        h.wait_gone("[data-testid=welcome]").await?;
        h.wait("[data-testid=workflow-row]").await?;
        let url = h.browser.current_url().await?.to_string();
        assert!(url.ends_with("/projects/demo"), "{url}");
        assert!(!url.contains("eyJ"), "token in {url}");
        let who = h.eval("return sessionStorage.getItem('zc.token')").await?;
        assert_eq!(who.as_str(), Some(h.token("approver").as_str()));
        // Settings says who it is.
        h.goto("/settings").await?;
        h.wait_text("[data-testid=settings-token-state]", "alice")
            .await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_a_real_zadig_the_first_screen_says_where_tokens_come_from() {
    // The console's own config.json: no demo user is offered.
    let h = Harness::start("desk_real_zadig").await;
    let r: Res = async {
        h.fault("/openapi", "empty", 500, 1000);
        h.goto("/").await?;
        let page = h.wait("[data-testid=welcome]").await?.text().await?;
        assert!(page.contains("account settings → API token"), "{page}");
        let demo = h
            .eval("return document.querySelectorAll('[data-testid=demo-sign-in]').length")
            .await?;
        assert_eq!(
            demo.as_u64(),
            Some(0),
            "demo users offered against a real Zadig"
        );
        assert_eq!(
            h.faults_left(),
            1000,
            "the welcome asked Zadig for something"
        );
        h.clear_faults();
        // Settings stays reachable from it, and comes back to where the tab was.
        h.wait("[data-testid=welcome-settings]")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=settings-token]").await?;
        h.goto("/").await?;
        h.wait("[data-testid=welcome-token-input]").await?;
        h.paste("[data-testid=welcome-token-input]", &h.token("admin"))
            .await?;
        h.wait("[data-testid=welcome-save]").await?.click().await?;
        h.wait_count("[data-testid=project-option]", 2).await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_gathers_approvals_from_every_project_and_decides_in_place() {
    let h = run_command_sandbox("desk_inbox").await;
    let r: Res = async {
        let (demo, payments) = alice_with_an_approval_in_each_project(&h, "/projects/demo").await?;
        h.wait("[data-testid=workflow-row]").await?;
        // The count on the top bar, on a screen that is not the inbox.
        let mine = |rows: &[(String, String)]| {
            rows.iter()
                .filter(|(p, t)| {
                    (p == "demo" && *t == demo.to_string())
                        || (p == "payments" && *t == payments.to_string())
                })
                .count()
        };
        let count: usize = h
            .wait("[data-testid=approvals-count]")
            .await?
            .text()
            .await?
            .trim()
            .parse()?;
        assert!(count >= 2, "{count}");
        h.wait("[data-testid=topbar-approvals]")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=inbox-row]").await?;
        let rows = inbox_rows(&h).await?;
        assert_eq!(mine(&rows), 2, "{rows:?}");
        assert_eq!(rows.len(), count, "the count and the inbox agree: {rows:?}");
        // Oldest first: demo's task was started first.
        let at = |p: &str| rows.iter().position(|(q, _)| q == p).unwrap_or(usize::MAX);
        assert!(at("demo") < at("payments"), "{rows:?}");
        let row = h
            .wait(&format!(
                "[data-testid=inbox-row][data-project=payments][data-task='{payments}']"
            ))
            .await?;
        let text = row.text().await?;
        assert!(
            text.contains("Payments release") && text.contains("admin"),
            "{text}"
        );
        let left = h
            .wait("[data-testid=inbox-row][data-project=payments] [data-testid=inbox-left]")
            .await?
            .text()
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
        let later = h
            .wait("[data-testid=inbox-row][data-project=payments] [data-testid=inbox-left]")
            .await?
            .text()
            .await?;
        assert_ne!(left, later, "the time left ticks");
        h.snap("desk_inbox").await;
        // Approve payments' with a comment, in place.
        row.find(fantoccini::Locator::Css("[data-testid=inbox-decide]"))
            .await?
            .click()
            .await?;
        h.wait("[data-testid=approval-dialog]").await?;
        h.paste(
            "[data-testid=approval-comment]",
            "ok for the payments window",
        )
        .await?;
        h.wait("[data-testid=approve-button]")
            .await?
            .click()
            .await?;
        h.wait_gone("[data-testid=approval-dialog]").await?;
        h.wait_gone(&format!(
            "[data-testid=inbox-row][data-project=payments][data-task='{payments}']"
        ))
        .await?;
        let task = h
            .api_get(&format!(
                "/openapi/workflows/custom/task?taskId={payments}&workflowKey=payments-release"
            ))
            .await?;
        let users = &task["stages"][0]["jobs"][0]["spec"]["native_approval"]["approve_users"];
        assert!(
            users.to_string().contains("ok for the payments window"),
            "{users}"
        );
        // The count follows.
        h.wait_text("[data-testid=approvals-count]", &(count - 1).to_string())
            .await?;
        Ok(())
    }
    .await;
    h.check(r).await;
}

/// Opens `route` in a fresh tab, starts one task waiting for alice's approval in each demo
/// project, and signs in as alice with one click: the two tasks' ids.
async fn alice_with_an_approval_in_each_project(h: &Harness, route: &str) -> Res<(i64, i64)> {
    h.goto(route).await?;
    let demo = h.execute(json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await?;
    let payments = h.execute(json!({"workflow_key": "payments-release", "project_key": "payments", "inputs": [{"job_name": "approve"}, {"job_name": "deploy"}]})).await?;
    h.wait("[data-testid=demo-sign-in][data-user=alice]")
        .await?
        .click()
        .await?;
    Ok((demo, payments))
}

/// The inbox's rows as (project, task).
async fn inbox_rows(h: &Harness) -> Res<Vec<(String, String)>> {
    let v = h
        .eval("return [...document.querySelectorAll('[data-testid=inbox-row]')].map(r => [r.dataset.project, r.dataset.task])")
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_approval_dialog_shows_what_will_ship_next_to_what_runs_now() {
    let h = run_command_sandbox("desk_ships").await;
    let r: Res = async {
        h.goto("/").await?;
        let id = h.execute(json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await?;
        h.wait("[data-testid=demo-sign-in][data-user=alice]")
            .await?
            .click()
            .await?;
        h.goto(&format!("/projects/demo/workflows/release-prod/tasks/{id}?job=job-0-0-0-approve"))
            .await?;
        h.wait("[data-testid=review-approval]").await?.click().await?;
        h.wait("[data-testid=approval-dialog] [data-testid=approval-ships]")
            .await?;
        h.wait("[data-testid=ship-env][data-env=prod][data-production=true] [data-testid=ship-production]")
            .await?;
        let ship = "[data-testid=ship-env][data-env=prod] [data-testid=ship][data-service='shop/frontend']";
        h.wait_text(ship, "registry.example.com/demo/frontend:1.4.0").await?;
        h.wait_text(&format!("{ship} [data-testid=ship-now]"), "registry.example.com/demo/frontend:1.3.2")
            .await?;
        // The inputs that differ from the last passed run are there too.
        h.wait("[data-testid=approval-dialog] [data-testid=run-diff-summary]")
            .await?;
        h.snap("desk_ships").await;
        // Approved, the deploy runs, and the environment runs the new image.
        h.wait("[data-testid=approve-button]").await?.click().await?;
        h.wait_gone("[data-testid=approval-dialog]").await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let env = h.api_get("/openapi/environments/production/prod?projectKey=demo").await?;
            let image = env["services"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["service_name"] == "shop")
                .flat_map(|s| s["containers"].as_array().cloned().unwrap_or_default())
                .find(|c| c["name"] == "frontend")
                .map(|c| c["image"].clone());
            if image == Some(json!("registry.example.com/demo/frontend:1.4.0")) {
                break;
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("prod never ran the new image: {env}").into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        Ok(())
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watched_task_that_finishes_in_a_background_tab_raises_a_notification() {
    let h = run_command_sandbox("desk_notify").await;
    let r: Res = async {
        h.goto("/").await?;
        let origin = h.url("/").trim_end_matches('/').to_string();
        h.cdp(
            "Browser.grantPermissions",
            json!({"origin": origin, "permissions": ["notifications"]}),
        )
        .await?;
        h.wait("[data-testid=demo-sign-in][data-user=admin]")
            .await?
            .click()
            .await?;
        h.wait("[data-testid=project-option]").await?;
        h.goto("/settings").await?;
        // Turned on in Settings (the browser has granted it).
        h.wait("[data-testid=settings-notify]").await?.click().await?;
        h.wait_text("[data-testid=settings-notify-state]", "Notifications are on")
            .await?;
        // A task someone else started, watched from its page. It is held still until the tab
        // is in the background, so it cannot finish while the page is still in view.
        h.set_speed(0.0);
        let id = h.execute(json!({"workflow_key": "payments-ci", "project_key": "payments", "inputs": [{"job_name": "unit", "parameters": {}}], "params": [{"name": "branch", "value": "main"}]})).await?;
        h.goto(&format!("/projects/payments/workflows/payments-ci/tasks/{id}")).await?;
        let toggle = h.wait("[data-testid=watch-toggle]").await?;
        assert_eq!(toggle.attr("aria-pressed").await?.as_deref(), Some("false"));
        toggle.click().await?;
        h.wait("[data-testid=watch-toggle][aria-pressed=true]").await?;
        // The tab goes to the background; notifications are recorded as they are shown.
        h.eval(
            "window.__shown = [];
             const Real = window.Notification;
             window.Notification = class extends Real {
               constructor(title, options) { super(title, options); window.__shown.push([title, options.body, options.tag]); }
             };
             Object.defineProperty(Document.prototype, 'hidden', {get: () => true, configurable: true});
             Object.defineProperty(Document.prototype, 'visibilityState', {get: () => 'hidden', configurable: true});
             document.dispatchEvent(new Event('visibilitychange'));
             return true;",
        )
        .await?;
        h.set_speed(zadig_e2e::TEST_SPEED);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(45);
        let shown = loop {
            let v = h.eval("return window.__shown").await?;
            if v.as_array().is_some_and(|a| !a.is_empty()) {
                break v;
            }
            if std::time::Instant::now() > deadline {
                return Err("no notification was shown".into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        };
        let first = &shown[0];
        let title = first[0].as_str().unwrap_or_default();
        assert!(title.contains(&format!("Payments CI #{id} finished")), "{shown}");
        assert_eq!(first[1].as_str(), Some("payments"), "{shown}");
        assert!(
            first[2].as_str().unwrap_or_default().ends_with(&format!("/projects/payments/workflows/payments-ci/tasks/{id}")),
            "{shown}"
        );
        // No note in the page as well, and the finished task is watched no more.
        let notes = h.eval("return document.querySelectorAll('[data-testid=notice-watched]').length").await?;
        assert_eq!(notes.as_u64(), Some(0));
        let stored = h.eval("return localStorage.getItem('zc.watches')").await?;
        assert!(!stored.to_string().contains(&format!("\\\"task\\\": {id}")), "{stored}");
        Ok(())
    }
    .await;
    h.check(r).await;
}

/// Whether nothing on the page is wider than the screen, and `css` lies inside it, scrolled to.
async fn fits(h: &Harness, css: &str) -> Res<serde_json::Value> {
    let v = h
        .browser
        .execute(
            "const el = document.querySelector(arguments[0]);
             if (!el) return {missing: arguments[0]};
             el.scrollIntoView({block: 'center'});
             const r = el.getBoundingClientRect();
             return {page: document.documentElement.scrollWidth, screen: window.innerWidth,
                     left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: window.innerHeight,
                     x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height};",
            vec![json!(css)],
        )
        .await?;
    let ok = v["page"].as_f64() <= v["screen"].as_f64()
        && v["left"].as_f64().unwrap_or(-1.0) >= 0.0
        && v["right"].as_f64() <= v["screen"].as_f64()
        && v["top"].as_f64().unwrap_or(-1.0) >= 0.0
        && v["bottom"].as_f64() <= v["height"].as_f64();
    if !ok {
        return Err(format!("{css} does not fit a 390 px screen: {v}").into());
    }
    Ok(v)
}

/// A finger's tap on the middle of `css` (a touch, not a mouse click), once it is there.
async fn tap(h: &Harness, css: &str) -> Res {
    h.wait(css).await?;
    let v = fits(h, css).await?;
    assert!(
        v["h"].as_f64().unwrap_or(0.0) >= 36.0,
        "{css} is too small to tap: {v}"
    );
    let point = json!([{"x": v["x"], "y": v["y"]}]);
    h.cdp(
        "Input.dispatchTouchEvent",
        json!({"type": "touchStart", "touchPoints": point}),
    )
    .await?;
    h.cdp(
        "Input.dispatchTouchEvent",
        json!({"type": "touchEnd", "touchPoints": []}),
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_from_the_inbox_on_a_phone() {
    let h = run_command_sandbox("desk_phone").await;
    let r: Res = async {
        h.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}),
        )
        .await?;
        h.cdp("Emulation.setTouchEmulationEnabled", json!({"enabled": true, "maxTouchPoints": 5}))
            .await?;
        h.goto("/").await?;
        let id = h.execute(json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await?;
        tap(&h, "[data-testid=demo-sign-in][data-user=alice]").await?;
        h.wait("[data-testid=project-option]").await?;
        h.goto("/approvals").await?;
        let row = format!("[data-testid=inbox-row][data-project=demo][data-task='{id}']");
        h.wait(&row).await?;
        for part in ["inbox-task", "inbox-left", "inbox-decide"] {
            fits(&h, &format!("{row} [data-testid={part}]")).await?;
        }
        h.snap("desk_phone_inbox").await;
        tap(&h, &format!("{row} [data-testid=inbox-decide]")).await?;
        h.wait("[data-testid=approval-dialog] [data-testid=ship-env]").await?;
        fits(&h, "[data-testid=ship-env][data-env=prod] [data-testid=ship-production]").await?;
        h.snap("desk_phone_dialog").await;
        tap(&h, "[data-testid=approve-button]").await?;
        h.wait_gone("[data-testid=approval-dialog]").await?;
        h.wait_gone(&row).await?;
        // The task page fits too, its status and buttons in view.
        h.goto(&format!("/projects/demo/workflows/release-prod/tasks/{id}")).await?;
        h.wait("[data-testid=task-status]").await?;
        fits(&h, "[data-testid=task-status]").await?;
        fits(&h, "[data-testid=run-again]").await?;
        fits(&h, "[data-testid=watch-toggle]").await?;
        // Every stage's status too, without scrolling sideways.
        let n = h
            .eval("return document.querySelectorAll('[data-testid=stage] [data-testid=stage-status]').length")
            .await?
            .as_u64()
            .unwrap_or(0);
        assert!(n >= 2, "{n} stage statuses");
        let outside = h
            .eval(
                "return [...document.querySelectorAll('[data-testid=stage] [data-testid=stage-status]')]
                   .map(e => e.getBoundingClientRect())
                   .filter(r => r.left < 0 || r.right > window.innerWidth).length",
            )
            .await?;
        assert_eq!(outside.as_u64(), Some(0), "stage statuses off the screen's side");
        h.snap("desk_phone_task").await;
        Ok(())
    }
    .await;
    h.check(r).await;
}

/// Keys typed as a person would, to whatever has the focus.
async fn keys(h: &Harness, text: &str) -> Res {
    h.browser.active_element().await?.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_approves_by_keyboard_and_shortcuts_keep_out_of_fields() {
    let h = run_command_sandbox("desk_keys").await;
    let r: Res = async {
        let (demo, payments) = alice_with_an_approval_in_each_project(&h, "/").await?;
        h.wait("[data-testid=project-option]").await?;
        // `/` on the workflow list puts the cursor in its search; typed there, j and g are text.
        h.goto("/projects/demo").await?;
        h.wait("[data-testid=workflow-row]").await?;
        // Pressed at once after the rows show, perhaps before the shortcuts' part is in: it is
        // fetched then, and the keys are handed to it as they came. (Typed in one go, as a person
        // does: two sends would each focus the element that was active when they began, and the
        // second could take the cursor back out of the search that `/` had just moved it to.)
        keys(&h, "/jga").await?;
        let typed = h
            .wait_until("return document.querySelector('[data-testid=workflow-search]').value")
            .await?;
        assert_eq!(typed, "jga", "shortcuts fired inside a text field");
        assert!(h
            .browser
            .current_url()
            .await?
            .path()
            .ends_with("/projects/demo"));
        // Out of the field: g a goes to the inbox.
        h.eval("document.activeElement.blur(); return true").await?;
        keys(&h, "ga").await?;
        h.wait("[data-testid=inbox-row]").await?;
        assert!(h
            .browser
            .current_url()
            .await?
            .path()
            .ends_with("/approvals"));
        let rows = inbox_rows(&h).await?;
        let projects: std::collections::HashSet<&str> =
            rows.iter().map(|(p, _)| p.as_str()).collect();
        assert!(
            projects.contains("demo") && projects.contains("payments"),
            "{rows:?}"
        );
        // ? lists every shortcut.
        keys(&h, "?").await?;
        let help = h.wait("[data-testid=shortcut-help]").await?.text().await?;
        assert!(
            help.contains("g a") && help.contains("Approve or reject the chosen approval"),
            "{help}"
        );
        keys(&h, "\u{e00c}").await?; // Escape
        h.wait_gone("[data-testid=shortcut-help]").await?;
        // j, j, k: the keyboard moves through the rows.
        keys(&h, "jj").await?;
        let at = |i: usize| format!("[data-testid=inbox-row]:nth-child({i}).kbd-current");
        h.wait(&at(2)).await?;
        keys(&h, "k").await?;
        h.wait(&at(1)).await?;
        let (project, task) = rows[0].clone();
        // a opens the decision with Approve focused: Enter confirms.
        keys(&h, "a").await?;
        h.wait("[data-testid=approval-dialog]").await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let focused = h
                .eval("return document.activeElement && document.activeElement.dataset.testid")
                .await?;
            if focused.as_str() == Some("approve-button") {
                break;
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("Approve never took the focus: {focused}").into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        keys(&h, "\u{e007}").await?; // Enter
        h.wait_gone("[data-testid=approval-dialog]").await?;
        h.wait_gone(&format!(
            "[data-testid=inbox-row][data-project={project}][data-task='{task}']"
        ))
        .await?;
        let _ = (demo, payments);
        Ok(())
    }
    .await;
    h.check(r).await;
}
