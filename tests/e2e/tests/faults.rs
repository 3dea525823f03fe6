//! The fault matrix: every endpoint the console reads or writes × the ways a server or network
//! fails, each on the screen that uses it. Each case must end in a specific, visible message (or,
//! for a slow answer, the screen itself), with no panic and the person's input kept. The matrix
//! is printed.

use std::time::Duration;

use zadig_e2e::{configured_dist, Harness, Res};

/// How a fault is made and what the screen must then say.
struct Fault {
    label: &'static str,
    kind: &'static str,
    status: u16,
    /// Text the error banner holds; `None`: the sign-in banner (401) or the screen (slow).
    says: Option<&'static str>,
}

const FAULTS: [Fault; 10] = [
    Fault {
        label: "plain 500",
        kind: "plain500",
        status: 500,
        says: Some("internal error (500)"),
    },
    Fault {
        label: "502 HTML",
        kind: "html",
        status: 502,
        says: Some("HTTP 502"),
    },
    Fault {
        label: "401",
        kind: "empty",
        status: 401,
        says: None,
    },
    Fault {
        label: "403",
        kind: "empty",
        status: 403,
        says: Some("(403)"),
    },
    Fault {
        label: "404",
        kind: "empty",
        status: 404,
        says: Some("(404)"),
    },
    Fault {
        label: "timeout",
        kind: "hang",
        status: 200,
        says: Some("did not answer in time"),
    },
    // A cut connection reads as unreachable, or (when the browser waits on the broken body) as
    // no answer in time: both are said as such.
    Fault {
        label: "reset",
        kind: "reset",
        status: 200,
        says: Some("Cannot reach the server|did not answer in time"),
    },
    Fault {
        label: "malformed",
        kind: "malformed",
        status: 200,
        says: Some("could not be read"),
    },
    Fault {
        label: "wrong shape",
        kind: "shape",
        status: 200,
        says: Some("could not be read"),
    },
    Fault {
        label: "slow",
        kind: "slow",
        status: 200,
        says: None,
    },
];

/// One endpoint on its screen.
struct Read {
    endpoint: &'static str,
    method: &'static str,
    path: &'static str,
    route: &'static str,
    /// What the screen shows when the endpoint answers.
    ready: &'static str,
    /// Where its error shows.
    banner: &'static str,
    /// The answer is text, not JSON (a log, a YAML definition): "malformed" and "wrong shape"
    /// are just text, shown as text here.
    text: Option<&'static str>,
}

const READS: [Read; 10] = [
    Read {
        endpoint: "projects",
        method: "GET",
        path: "/openapi/projects/project$",
        route: "/",
        ready: "[data-testid=project-option]",
        banner: "[data-testid=error-banner]",
        text: None,
    },
    Read {
        endpoint: "workflow list",
        method: "GET",
        path: "/openapi/workflows$",
        route: "/projects/demo",
        ready: "[data-testid=workflow-row]",
        banner: "[data-testid=error-banner]",
        text: None,
    },
    Read {
        endpoint: "views",
        method: "GET",
        path: "/openapi/workflows/view$",
        route: "/projects/demo",
        ready: "[data-testid=view-tab]",
        banner: "[data-testid=error-banner]",
        text: None,
    },
    Read {
        endpoint: "workflow detail",
        method: "GET",
        path: "/openapi/workflows/custom/build-deploy/detail$",
        route: "/projects/demo/workflows/build-deploy",
        ready: "[data-testid=stage-def]",
        banner: "[data-testid=error-banner]",
        text: None,
    },
    Read {
        endpoint: "task history",
        method: "GET",
        path: "/openapi/workflows/custom/build-deploy/tasks$",
        route: "/projects/demo/workflows/build-deploy",
        ready: "[data-testid=task-row]",
        banner: "[data-testid=error-banner]",
        text: None,
    },
    Read {
        endpoint: "task detail",
        method: "GET",
        path: "/openapi/workflows/custom/task$",
        route: "/projects/demo/workflows/always-fails/tasks/1",
        ready: "[data-testid=task-status]",
        banner: "[data-testid=error-banner]",
        text: None,
    },
    Read {
        endpoint: "complete log",
        method: "GET",
        path: "/openapi/logs/log/",
        route: "/projects/demo/workflows/always-fails/tasks/1?job=job-0-0-0-check",
        ready: "[data-testid=log-line]",
        banner: ".log-panel [data-testid=error-banner]",
        text: Some("[data-testid=log-line]"),
    },
    Read {
        endpoint: "stored definition",
        method: "GET",
        path: "/api/aslan/workflow/v4/name/",
        route: "/projects/demo/workflows/build-deploy/edit",
        ready: "[data-testid=editor-valid]",
        banner: "[data-testid=error-banner]",
        text: Some("[data-testid=editor-issue]"),
    },
    Read {
        endpoint: "environments",
        method: "GET",
        path: "/openapi/environments",
        route: "/projects/demo/tickets/new",
        ready: "[data-testid=ticket-env]",
        banner: "[data-testid=error-banner]",
        text: None,
    },
    Read {
        endpoint: "approvals",
        method: "GET",
        path: "/openapi/workflows$",
        route: "/projects/demo/approvals",
        ready: "[data-testid=approvals-empty], [data-testid=approval-row]",
        banner: "[data-testid=error-banner]",
        text: None,
    },
];

async fn start(name: &str) -> Harness {
    // A short time limit, so the timeout cases take seconds, not minutes.
    let dist = configured_dist(
        r#"{"api_base": "", "auth_mode": "token", "embed_origins": [], "request_timeout_ms": 1500}"#,
    );
    Harness::start_with(name, dist, "/").await
}

fn inject(h: &Harness, method: &str, path: &str, f: &Fault) {
    if f.kind == "slow" {
        h.sandbox.state.world().knobs.latency_ms = 1200;
    } else {
        h.fault_on(Some(method), path, f.kind, f.status, 50);
        // A hang longer than the console's 1.5 s limit, short enough that the connections it
        // holds are free again for the next case.
        if let Some(last) = h.sandbox.state.world().faults.last_mut() {
            last.delay_ms = Some(3000);
        }
    }
}

fn heal(h: &Harness) {
    h.clear_faults();
    h.sandbox.state.world().knobs.latency_ms = 0;
}

/// Waits for the banner to hold one of the `|`-separated texts.
async fn wait_any(h: &Harness, css: &str, texts: &str) -> Res<String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let t = match h.browser.find(fantoccini::Locator::Css(css)).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if texts.split('|').any(|x| t.contains(x)) {
            return Ok(t);
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{css} has text {t:?}, expected one of {texts:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens the screen with the fault in place and checks what it says.
async fn read_case(h: &Harness, r: &Read, f: &Fault) -> Res<String> {
    // A fresh page each time: nothing of the previous case is left.
    h.goto("/settings").await?;
    h.wait("[data-testid=settings-token]").await?;
    inject(h, r.method, r.path, f);
    h.goto(r.route).await?;
    let shown = match (f.kind, f.says) {
        ("slow", _) => {
            h.wait(r.ready).await?;
            "shown after the delay".to_string()
        }
        ("malformed" | "shape", _) if r.text.is_some() => {
            h.wait(r.text.unwrap_or(r.ready)).await?;
            "shown as text".to_string()
        }
        (_, None) => {
            h.wait_text_for("[data-testid=signin-banner]", "401", 20)
                .await?
        }
        (_, Some(text)) => wait_any(h, r.banner, text).await?,
    };
    heal(h);
    Ok(shown.lines().next().unwrap_or_default().to_string())
}

/// The printed table, and the cases that failed.
#[derive(Default)]
struct Matrix {
    rows: Vec<String>,
    failed: Vec<String>,
}

impl Matrix {
    fn record(&mut self, h: &Harness, endpoint: &str, f: &Fault, outcome: Res<String>) {
        match outcome {
            Ok(said) => self
                .rows
                .push(format!("{endpoint:<18} {:<12} ok   {said}", f.label)),
            Err(e) => {
                heal(h);
                self.rows
                    .push(format!("{endpoint:<18} {:<12} FAIL {e}", f.label));
                self.failed.push(format!("{endpoint} × {}: {e}", f.label));
            }
        }
    }

    fn finish(self, name: &str) -> Res {
        println!("---- fault matrix ({name})\n{}", self.rows.join("\n"));
        if self.failed.is_empty() {
            Ok(())
        } else {
            Err(self.failed.join("\n").into())
        }
    }
}

async fn read_matrix(name: &str, reads: &[Read]) {
    let h = start(name).await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let mut m = Matrix::default();
        for r in reads {
            for f in &FAULTS {
                m.record(&h, r.endpoint, f, read_case(&h, r, f).await);
            }
        }
        m.finish(name)
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_lists() {
    read_matrix("faults_lists", &READS[..4]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_tasks_logs_and_definitions() {
    read_matrix("faults_tasks", &READS[4..8]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_environments_and_approvals() {
    read_matrix("faults_more", &READS[8..]).await;
}

/// A write from its form: the fault, then what the form says, and the input still there.
struct Write {
    endpoint: &'static str,
    method: &'static str,
    path: &'static str,
    /// A second path that fails the same way (a fallback the console tries).
    also: Option<&'static str>,
    /// `{task}` stands for the task made for the case.
    route: &'static str,
    /// Fills the form (a field to type into and the text), then the button that sends.
    field: &'static str,
    typed: &'static str,
    open: Option<&'static str>,
    send: &'static str,
}

const WRITES: [Write; 5] = [
    Write {
        endpoint: "execute",
        method: "POST",
        path: "/openapi/workflows/custom/task$",
        also: None,
        route: "/projects/demo/workflows/build-deploy/run",
        field: "[data-field='p.branch']",
        typed: "release/kept",
        open: None,
        send: "[data-testid=run-submit]",
    },
    Write {
        endpoint: "remark",
        method: "PUT",
        path: "/openapi/workflows/custom/always-fails/task/1",
        also: None,
        route: "/projects/demo/workflows/always-fails/tasks/1",
        field: "[data-testid=remark-input]",
        typed: "remark kept",
        open: Some("[data-testid=remark-edit]"),
        send: "[data-testid=remark-save]",
    },
    Write {
        endpoint: "view create",
        method: "POST",
        path: "/openapi/workflows/view$",
        also: None,
        route: "/projects/demo",
        field: "[data-testid=view-name]",
        typed: "kept-view",
        open: Some("[data-testid=view-new]"),
        send: "[data-testid=view-save]",
    },
    Write {
        endpoint: "approve",
        method: "POST",
        path: "/openapi/workflows/custom/task/approve",
        also: None,
        route: "/projects/demo/workflows/release-prod/tasks/{task}",
        field: "[data-testid=approval-comment]",
        typed: "looks good",
        open: Some("[data-testid=review-approval]"),
        send: "[data-testid=approve-button]",
    },
    Write {
        endpoint: "workflow save",
        method: "PUT",
        path: "/openapi/workflows/custom/always-fails$",
        also: Some("/api/aslan/workflow/v4/always-fails"),
        route: "/projects/demo/workflows/always-fails/edit",
        field: "[data-testid=editor-text]",
        typed: "",
        open: None,
        send: "[data-testid=editor-save]",
    },
];

async fn write_case(h: &Harness, w: &Write, f: &Fault, task: i64) -> Res<String> {
    h.goto("/settings").await?;
    h.wait("[data-testid=settings-token]").await?;
    h.goto(&w.route.replace("{task}", &task.to_string()))
        .await?;
    if let Some(open) = w.open {
        h.wait(open).await?.click().await?;
    }
    let field = h.wait(w.field).await?;
    // The editor keeps its definition (a space added at the end); other fields get a text.
    let typed = if w.typed.is_empty() {
        h.wait("[data-testid=editor-valid]").await?;
        field.send_keys(" ").await?;
        field.prop("value").await?.unwrap_or_default()
    } else {
        field.clear().await?;
        field.send_keys(w.typed).await?;
        w.typed.to_string()
    };
    inject(h, w.method, w.path, f);
    if let Some(also) = w.also {
        inject(h, w.method, also, f);
    }
    h.wait(w.send).await?.click().await?;
    let said = match (f.kind, f.says) {
        ("slow", _) => "sent after the delay".to_string(),
        (_, None) => {
            h.wait_text_for("[data-testid=signin-banner]", "401", 20)
                .await?
        }
        // A lost answer to a write is "outcome unknown", never a plain failure.
        ("hang" | "reset" | "malformed" | "shape", _) => {
            h.wait_text_for("[data-outcome=unknown]", "may or may not", 20)
                .await?
        }
        ("html", _) => {
            h.wait_text_for("[data-outcome=unknown]", "may or may not", 20)
                .await?
        }
        (_, Some(text)) => wait_any(h, "[data-testid=error-banner]", text).await?,
    };
    if f.kind != "slow" {
        // Nothing typed is lost.
        let value = h
            .wait(w.field)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        if value != typed {
            heal(h);
            return Err(format!("the input became {value:?}").into());
        }
    } else {
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    heal(h);
    Ok(said.lines().next().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_writes() {
    let h = start("faults_writes").await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let mut m = Matrix::default();
        // A task waiting for approval, for the approve cases (only "slow" decides it: last).
        let task = h
            .api_post(
                "/openapi/workflows/custom/task",
                serde_json::json!({"workflow_key": "release-prod", "project_key": "demo",
                    "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]}),
            )
            .await?["task_id"]
            .as_i64()
            .unwrap_or(0);
        for w in &WRITES {
            for f in FAULTS
                .iter()
                .filter(|f| f.kind != "hang" || w.endpoint == "execute")
            {
                m.record(&h, w.endpoint, f, write_case(&h, w, f, task).await);
            }
        }
        m.finish("writes")
    }
    .await;
    h.check(r).await;
}
