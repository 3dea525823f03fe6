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

/// A step on a screen before the fault matters.
#[derive(Clone, Copy)]
enum Step {
    Click(&'static str),
    /// Clears the field, then types.
    Type(&'static str, &'static str),
    /// Types at the end of what the field holds.
    Append(&'static str, &'static str),
    /// Sets the value from script, as a paste would (date inputs).
    Set(&'static str, &'static str),
    Wait(&'static str),
}

async fn steps(h: &Harness, list: &[Step]) -> Res {
    for s in list {
        match *s {
            Step::Click(css) => h.wait(css).await?.click().await?,
            Step::Type(css, text) => {
                let f = h.wait(css).await?;
                f.clear().await?;
                f.send_keys(text).await?;
            }
            Step::Append(css, text) => h.wait(css).await?.send_keys(text).await?,
            Step::Set(css, value) => h.paste(css, value).await?,
            Step::Wait(css) => {
                h.wait(css).await?;
            }
        }
    }
    Ok(())
}

/// What a test made before its cases: `{task}` in routes is a task waiting for approval,
/// `{paused}` one paused before a manual stage, `{running}` one whose build is still running.
#[derive(Clone, Copy, Default)]
struct Vars {
    task: i64,
    paused: i64,
    running: i64,
}

impl Vars {
    fn route(&self, r: &str) -> String {
        r.replace("{task}", &self.task.to_string())
            .replace("{paused}", &self.paused.to_string())
            .replace("{running}", &self.running.to_string())
    }

    /// Starts what the cases need.
    async fn make(h: &Harness, running: bool) -> Res<Vars> {
        let task = h
            .execute(
                serde_json::json!({"workflow_key": "release-prod", "project_key": "demo",
                "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]}),
            )
            .await?;
        let paused = h
            .execute(
                serde_json::json!({"workflow_key": "manual-gate", "project_key": "demo",
                "inputs": [{"job_name": "canary"}, {"job_name": "rollout"}]}),
            )
            .await?;
        let running = if running {
            // Slow enough that the build writes its log for the whole matrix.
            h.sandbox.state.world().knobs.speed = 0.05;
            h.execute(serde_json::json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": [
                {"job_name": "build", "job_type": "zadig-build", "parameters": {"registry": "https://registry.example.com/demo",
                    "service_list": [{"service_name": "shop", "service_module": "frontend"}]}}]}))
                .await?
        } else {
            0
        };
        Ok(Vars {
            task,
            paused,
            running,
        })
    }
}

/// One endpoint on its screen.
struct Read {
    endpoint: &'static str,
    method: &'static str,
    path: &'static str,
    route: &'static str,
    /// What is done on the screen to make it call the endpoint.
    steps: &'static [Step],
    /// What the screen shows when the endpoint answers.
    ready: &'static str,
    /// Where its error shows.
    banner: &'static str,
    /// The answer is text, not JSON (a log, a YAML definition): "malformed" and "wrong shape"
    /// are just text, shown as text here.
    text: Option<&'static str>,
    /// What every failure shows instead of the error itself: the screen carries on without the
    /// answer and says what that means.
    soft: Option<&'static str>,
    /// The browser hides this endpoint's status (EventSource): every fault, a 401 too, reads
    /// as a lost connection.
    blind: bool,
    /// What the screen shows again once the fault is gone (css, text).
    recovers: Option<(&'static str, &'static str)>,
}

const fn read(
    endpoint: &'static str,
    method: &'static str,
    path: &'static str,
    route: &'static str,
    ready: &'static str,
) -> Read {
    Read {
        endpoint,
        method,
        path,
        route,
        steps: &[],
        ready,
        banner: "[data-testid=error-banner]",
        text: None,
        soft: None,
        blind: false,
        recovers: None,
    }
}

const READS: [Read; 10] = [
    read(
        "projects",
        "GET",
        "/openapi/projects/project$",
        "/",
        "[data-testid=project-option]",
    ),
    read(
        "workflow list",
        "GET",
        "/openapi/workflows$",
        "/projects/demo",
        "[data-testid=workflow-row]",
    ),
    read(
        "views",
        "GET",
        "/openapi/workflows/view$",
        "/projects/demo",
        "[data-testid=view-tab]",
    ),
    read(
        "workflow detail",
        "GET",
        "/openapi/workflows/custom/build-deploy/detail$",
        "/projects/demo/workflows/build-deploy",
        "[data-testid=stage-def]",
    ),
    read(
        "task history",
        "GET",
        "/openapi/workflows/custom/build-deploy/tasks$",
        "/projects/demo/workflows/build-deploy",
        "[data-testid=task-row]",
    ),
    read(
        "task detail",
        "GET",
        "/openapi/workflows/custom/task$",
        "/projects/demo/workflows/always-fails/tasks/1",
        "[data-testid=task-status]",
    ),
    Read {
        banner: ".log-panel [data-testid=error-banner]",
        text: Some("[data-testid=log-line]"),
        ..read(
            "complete log",
            "GET",
            "/openapi/logs/log/",
            "/projects/demo/workflows/always-fails/tasks/1?job=job-0-0-0-check",
            "[data-testid=log-line]",
        )
    },
    Read {
        text: Some("[data-testid=editor-issue]"),
        ..read(
            "stored definition",
            "GET",
            "/api/aslan/workflow/v4/name/",
            "/projects/demo/workflows/build-deploy/edit",
            "[data-testid=editor-valid]",
        )
    },
    read(
        "environments",
        "GET",
        "/openapi/environments",
        "/projects/demo/tickets/new",
        "[data-testid=ticket-env]",
    ),
    read(
        "approvals",
        "GET",
        "/openapi/workflows$",
        "/projects/demo/approvals",
        "[data-testid=approvals-empty], [data-testid=inbox-row]",
    ),
];

/// Endpoints the console reads on the side of a screen, or as a stream.
const SIDE_READS: [Read; 5] = [
    // The run form carries on without the lists, saying why, and takes typed values.
    Read {
        banner: "[data-testid=run-registries-failed]",
        ..read(
            "registries",
            "GET",
            "/openapi/system/registry",
            "/projects/demo/workflows/build-deploy/run",
            "[data-testid=run-submit]",
        )
    },
    Read {
        banner: "[data-testid=run-envs-failed]",
        ..read(
            "run environments",
            "GET",
            "/openapi/environments",
            "/projects/demo/workflows/build-deploy/run",
            "[data-testid=run-submit]",
        )
    },
    // "Run again" falls back to the task's record and says what it could not fill in.
    Read {
        banner: "[data-testid=run-from-task]",
        soft: Some("Only the parameters, jobs and branches"),
        ..read(
            "task arguments",
            "GET",
            "/api/aslan/workflow/v4/workflowtask/clone/",
            "/projects/demo/workflows/build-deploy/run?from=1",
            "[data-testid=run-from-task]",
        )
    },
    // Searching every job's log: each job that could not be read says why.
    Read {
        steps: &[
            Step::Type("[data-testid=task-search-input]", "checking"),
            Step::Click("[data-testid=task-search-go]"),
        ],
        banner: "[data-testid=task-search-group] [data-testid=error-banner]",
        text: Some("[data-testid=task-search-empty], [data-testid=task-search-hit]"),
        ..read(
            "search logs",
            "GET",
            "/openapi/logs/log/",
            "/projects/demo/workflows/always-fails/tasks/1",
            "[data-testid=task-search-hit]",
        )
    },
    // The live log says it is reconnecting, and is live again once the server is.
    Read {
        banner: "[data-testid=log-state]",
        soft: Some("Reconnecting"),
        blind: true,
        recovers: Some(("[data-testid=log-state]", "Live")),
        ..read(
            "live log",
            "GET",
            "/openapi/logs/sse/",
            "/projects/demo/workflows/build-deploy/tasks/{running}?job=job-0-0-0-build",
            "[data-testid=log-state]",
        )
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
async fn read_case(h: &Harness, r: &Read, f: &Fault, v: Vars) -> Res<String> {
    // A fresh page each time: nothing of the previous case is left.
    h.goto("/settings").await?;
    h.wait("[data-testid=settings-token]").await?;
    inject(h, r.method, r.path, f);
    h.goto(&v.route(r.route)).await?;
    steps(h, r.steps).await?;
    let shown = match (f.kind, f.says) {
        ("slow", _) => {
            match r.recovers {
                Some((css, text)) => h.wait_text_for(css, text, 20).await.map(|_| ())?,
                None => h.wait(r.ready).await.map(|_| ())?,
            }
            "shown after the delay".to_string()
        }
        (_, None) if !r.blind => {
            h.wait_text_for("[data-testid=signin-banner]", "401", 20)
                .await?
        }
        _ if r.soft.is_some() => wait_any(h, r.banner, r.soft.unwrap_or_default()).await?,
        ("malformed" | "shape", _) if r.text.is_some() => {
            h.wait(r.text.unwrap_or(r.ready)).await?;
            "shown as text".to_string()
        }
        (_, Some(text)) => wait_any(h, r.banner, text).await?,
        (_, None) => return Err("no expectation".into()),
    };
    heal(h);
    if let (Some((css, text)), false) = (r.recovers, f.kind == "slow") {
        h.wait_text_for(css, text, 20).await?;
    }
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
        let v = Vars::make(&h, reads.iter().any(|r| r.route.contains("{running}"))).await?;
        if v.running > 0 {
            // The build has started writing before its stream is failed.
            h.goto(&v.route(
                "/projects/demo/workflows/build-deploy/tasks/{running}?job=job-0-0-0-build",
            ))
            .await?;
            h.wait_text_for("[data-testid=log-state]", "Live", 120)
                .await?;
        }
        let mut m = Matrix::default();
        for r in reads {
            for f in &FAULTS {
                m.record(&h, r.endpoint, f, read_case(&h, r, f, v).await);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_run_form_lists_and_task_arguments() {
    read_matrix("faults_side", &SIDE_READS[..3]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_log_search_and_live_log() {
    read_matrix("faults_stream", &SIDE_READS[3..]).await;
}

/// A write from its form: the fault, then what the form says, and the input still there.
struct Write {
    endpoint: &'static str,
    method: &'static str,
    path: &'static str,
    /// A second path that fails the same way (a fallback the console tries).
    also: Option<&'static str>,
    route: &'static str,
    /// Opens and fills the form.
    steps: &'static [Step],
    /// Inputs whose value (or tick) must survive the failure.
    kept: &'static [&'static str],
    /// The button that sends.
    send: &'static str,
    /// What holds while a lost answer's outcome is unknown (buttons wait for a new status).
    unknown_then: Option<&'static str>,
    /// What holds after a definite refusal (the buttons are back).
    refused_then: Option<&'static str>,
}

const fn write(
    endpoint: &'static str,
    method: &'static str,
    path: &'static str,
    route: &'static str,
    send: &'static str,
) -> Write {
    Write {
        endpoint,
        method,
        path,
        also: None,
        route,
        steps: &[],
        kept: &[],
        send,
        unknown_then: None,
        refused_then: None,
    }
}

const WRITES: [Write; 5] = [
    Write {
        steps: &[Step::Type("[data-field='p.branch']", "release/kept")],
        kept: &["[data-field='p.branch']"],
        ..write(
            "execute",
            "POST",
            "/openapi/workflows/custom/task$",
            "/projects/demo/workflows/build-deploy/run",
            "[data-testid=run-submit]",
        )
    },
    Write {
        steps: &[
            Step::Click("[data-testid=remark-edit]"),
            Step::Type("[data-testid=remark-input]", "remark kept"),
        ],
        kept: &["[data-testid=remark-input]"],
        ..write(
            "remark",
            "PUT",
            "/openapi/workflows/custom/always-fails/task/1",
            "/projects/demo/workflows/always-fails/tasks/1",
            "[data-testid=remark-save]",
        )
    },
    Write {
        steps: &[
            Step::Click("[data-testid=view-new]"),
            Step::Type("[data-testid=view-name]", "kept-view"),
            Step::Click("[data-testid=view-workflow][data-workflow=canary]"),
        ],
        kept: &[
            "[data-testid=view-name]",
            "[data-testid=view-workflow][data-workflow=canary]",
        ],
        ..write(
            "view create",
            "POST",
            "/openapi/workflows/view$",
            "/projects/demo",
            "[data-testid=view-save]",
        )
    },
    Write {
        steps: &[
            Step::Click("[data-testid=review-approval]"),
            Step::Type("[data-testid=approval-comment]", "looks good"),
        ],
        kept: &["[data-testid=approval-comment]"],
        ..write(
            "approve",
            "POST",
            "/openapi/workflows/custom/task/approve",
            "/projects/demo/workflows/release-prod/tasks/{task}",
            "[data-testid=approve-button]",
        )
    },
    Write {
        also: Some("/api/aslan/workflow/v4/always-fails"),
        steps: &[
            Step::Wait("[data-testid=editor-valid]"),
            Step::Append("[data-testid=editor-text]", " "),
        ],
        kept: &["[data-testid=editor-text]"],
        ..write(
            "workflow save",
            "PUT",
            "/openapi/workflows/custom/always-fails$",
            "/projects/demo/workflows/always-fails/edit",
            "[data-testid=editor-save]",
        )
    },
];

/// The writes on a task: each keeps its buttons disabled while the outcome is unknown.
const TASK_WRITES: [Write; 3] = [
    Write {
        steps: &[Step::Click("[data-testid=cancel-button]")],
        unknown_then: Some("[data-testid=cancel-button][disabled]"),
        refused_then: Some("[data-testid=cancel-button]:not([disabled])"),
        ..write(
            "cancel",
            "DELETE",
            "/openapi/workflows/custom/task$",
            "/projects/demo/workflows/release-prod/tasks/{task}",
            "[data-testid=confirm-yes]",
        )
    },
    Write {
        steps: &[Step::Wait("[data-testid=retry-button]:not([disabled])")],
        unknown_then: Some("[data-testid=retry-button][disabled]"),
        refused_then: Some("[data-testid=retry-button]:not([disabled])"),
        ..write(
            "retry",
            "POST",
            "/openapi/workflows/custom/always-fails/task/2$",
            "/projects/demo/workflows/always-fails/tasks/2",
            "[data-testid=retry-button]",
        )
    },
    Write {
        steps: &[Step::Wait("[data-testid=resume-button]:not([disabled])")],
        unknown_then: Some("[data-testid=resume-button][disabled]"),
        refused_then: Some("[data-testid=resume-button]:not([disabled])"),
        ..write(
            "manual exec",
            "POST",
            "/openapi/workflows/custom/manual-gate/task/{paused}/manual-exec",
            "/projects/demo/workflows/manual-gate/tasks/{paused}",
            "[data-testid=resume-button]",
        )
    },
];

/// Views, workflows and tickets.
const MORE_WRITES: [Write; 5] = [
    Write {
        steps: &[
            Step::Click("[data-testid=view-edit]"),
            Step::Click("[data-testid=view-workflow][data-workflow=canary]"),
        ],
        kept: &["[data-testid=view-workflow][data-workflow=canary]"],
        ..write(
            "view update",
            "PUT",
            "/openapi/workflows/view/ci",
            "/projects/demo?view=ci",
            "[data-testid=view-save]",
        )
    },
    // Last of the view cases: the slow one deletes it.
    Write {
        steps: &[Step::Click("[data-testid=view-delete]")],
        ..write(
            "view delete",
            "DELETE",
            "/openapi/workflows/view/ci",
            "/projects/demo?view=ci",
            "[data-testid=view-save]",
        )
    },
    Write {
        also: Some("/api/aslan/workflow/v4$"),
        steps: &[
            Step::Wait("[data-testid=editor-valid]"),
            Step::Append("[data-testid=editor-text]", " "),
        ],
        kept: &["[data-testid=editor-text]"],
        ..write(
            "workflow create",
            "POST",
            "/openapi/workflows/custom$",
            "/projects/demo/workflows/new",
            "[data-testid=editor-save]",
        )
    },
    Write {
        steps: &[
            Step::Click("[data-testid=delete-workflow]"),
            Step::Type("[data-testid=delete-confirm-input]", "ops-toolbox"),
        ],
        kept: &["[data-testid=delete-confirm-input]"],
        ..write(
            "workflow delete",
            "DELETE",
            "/openapi/workflows/custom$",
            "/projects/demo/workflows/ops-toolbox",
            "[data-testid=delete-confirm]",
        )
    },
    Write {
        steps: &[
            Step::Type("[data-testid=ticket-id]", "CR-77"),
            Step::Click("[data-testid=ticket-env][data-env=prod]"),
            Step::Click("[data-testid=ticket-add-service]"),
            Step::Type("[data-testid=ticket-service-name]", "shop"),
            Step::Type("[data-testid=ticket-service-module]", "orders"),
            Step::Click("[data-testid=ticket-add-user]"),
            Step::Type("[data-testid=ticket-user-name]", "Alice"),
            Step::Type("[data-testid=ticket-user-email]", "alice@example.com"),
            Step::Set("[data-testid=ticket-start]", "2026-12-01T09:00"),
            Step::Set("[data-testid=ticket-end]", "2026-12-01T23:00"),
        ],
        kept: &[
            "[data-testid=ticket-id]",
            "[data-testid=ticket-env][data-env=prod]",
            "[data-testid=ticket-user-email]",
        ],
        ..write(
            "ticket",
            "POST",
            "/openapi/ticket/approval",
            "/projects/demo/tickets/new",
            "[data-testid=ticket-submit]",
        )
    },
];

/// What an input holds: its value, or whether it is ticked.
async fn held(h: &Harness, css: &str) -> Res<String> {
    let el = h.wait(css).await?;
    let value = el.prop("value").await?.unwrap_or_default();
    let checked = el.prop("checked").await?.unwrap_or_default();
    Ok(format!("{value}|{checked}"))
}

async fn write_case(h: &Harness, w: &Write, f: &Fault, v: Vars) -> Res<String> {
    h.goto("/settings").await?;
    h.wait("[data-testid=settings-token]").await?;
    h.goto(&v.route(w.route)).await?;
    steps(h, w.steps).await?;
    let mut before = Vec::new();
    for css in w.kept {
        before.push(held(h, css).await?);
    }
    inject(h, w.method, &v.route(w.path), f);
    if let Some(also) = w.also {
        inject(h, w.method, also, f);
    }
    h.wait(w.send).await?.click().await?;
    let lost = matches!(f.kind, "hang" | "reset" | "malformed" | "shape" | "html");
    let said = match (f.kind, f.says) {
        ("slow", _) => "sent after the delay".to_string(),
        (_, None) => {
            h.wait_text_for("[data-testid=signin-banner]", "401", 20)
                .await?
        }
        // A lost answer to a write is "outcome unknown", never a plain failure.
        _ if lost => {
            h.wait_text_for("[data-outcome=unknown]", "may or may not", 20)
                .await?
        }
        (_, Some(text)) => wait_any(h, "[data-testid=error-banner]", text).await?,
    };
    let then = match f.kind {
        "slow" => None,
        _ if lost => w.unknown_then,
        _ => w.refused_then,
    };
    if let Some(css) = then {
        h.wait(css).await?;
    }
    if f.kind != "slow" {
        // Nothing typed is lost.
        for (css, was) in w.kept.iter().zip(&before) {
            let now = held(h, css).await?;
            if &now != was {
                heal(h);
                return Err(format!("{css} became {now:?}, was {was:?}").into());
            }
        }
    } else {
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    heal(h);
    Ok(said.lines().next().unwrap_or_default().to_string())
}

async fn write_matrix(name: &str, writes: &[Write]) {
    let h = start(name).await;
    let r: Res = async {
        h.sign_in("admin").await?;
        let v = Vars::make(&h, false).await?;
        let mut m = Matrix::default();
        for w in writes {
            // A hang holds a connection for seconds: only for execute, whose timeout matters most.
            for f in FAULTS
                .iter()
                .filter(|f| f.kind != "hang" || w.endpoint == "execute")
            {
                m.record(&h, w.endpoint, f, write_case(&h, w, f, v).await);
            }
        }
        m.finish(name)
    }
    .await;
    h.check(r).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_writes() {
    write_matrix("faults_writes", &WRITES).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_task_writes() {
    write_matrix("faults_task_writes", &TASK_WRITES).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_view_workflow_and_ticket_writes() {
    write_matrix("faults_more_writes", &MORE_WRITES).await;
}
