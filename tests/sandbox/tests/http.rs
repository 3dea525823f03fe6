//! The sandbox over real HTTP: every endpoint, Zadig's error cases (docs/zadig-contract.md §3, §4, §9) and the
//! SSE wire format byte for byte.

use std::time::{Duration, Instant};

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use zadig_sandbox::{demo_tokens, start, Options, Running};

struct S {
    run: Running,
    http: reqwest::Client,
}

struct Answer {
    status: StatusCode,
    ctype: Option<String>,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text))
    }
}

fn token(role: &str) -> String {
    demo_tokens()[role].as_str().unwrap().to_string()
}

impl S {
    async fn new(speed: f64) -> S {
        let run = start(Options {
            speed,
            ..Default::default()
        })
        .await
        .unwrap();
        S {
            run,
            http: reqwest::Client::new(),
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        auth: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut rb = self
            .http
            .request(method, format!("{}{path}", self.run.url()));
        if let Some(a) = auth {
            rb = rb.header("Authorization", a);
        }
        if let Some(b) = body {
            rb = rb
                .header(CONTENT_TYPE, "application/json")
                .body(b.to_string());
        }
        let r = rb.send().await.unwrap();
        let status = r.status();
        let ctype = r
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string());
        Answer {
            status,
            ctype,
            text: r.text().await.unwrap(),
        }
    }

    async fn as_(&self, role: &str, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call(method, path, Some(&format!("Bearer {}", token(role))), body)
            .await
    }

    async fn get(&self, path: &str) -> Answer {
        self.as_("admin", Method::GET, path, None).await
    }

    async fn execute(&self, role: &str, body: Value) -> Answer {
        self.as_(
            role,
            Method::POST,
            "/openapi/workflows/custom/task",
            Some(body),
        )
        .await
    }

    async fn task(&self, wf: &str, id: i64) -> Value {
        self.get(&format!(
            "/openapi/workflows/custom/task?taskId={id}&workflowKey={wf}"
        ))
        .await
        .json()
    }

    /// Polls a task until `pred` holds (10 s at most).
    async fn until(&self, wf: &str, id: i64, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let t = self.task(wf, id).await;
            if pred(&t) {
                return t;
            }
            assert!(
                Instant::now() < deadline,
                "{wf}#{id} never reached {what}: {t}"
            );
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }

    async fn knobs(&self, v: Value) {
        self.call(Method::POST, "/__sandbox/config", None, Some(v))
            .await;
    }
}

fn job_names(t: &Value) -> Vec<(String, String)> {
    t["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["jobs"].as_array().unwrap().iter())
        .map(|j| {
            (
                j["name"].as_str().unwrap().to_string(),
                j["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn build_inputs() -> Value {
    json!([
        {"job_name": "build", "job_type": "zadig-build", "parameters": {"registry": "https://registry.example.com/demo",
            "service_list": [{"service_name": "shop", "service_module": "frontend"}]}},
        {"job_name": "deploy", "job_type": "zadig-deploy", "parameters": {"env_name": "dev"}},
    ])
}

#[tokio::test]
async fn gateway_auth_rules() {
    let s = S::new(1.0).await;
    let path = "/openapi/workflows?projectKey=demo";
    let a = s.call(Method::GET, path, None, None).await;
    assert_eq!((a.status, a.text.as_str()), (StatusCode::UNAUTHORIZED, ""));
    let bare = s.call(Method::GET, path, Some(&token("admin")), None).await;
    assert_eq!(
        (bare.status, bare.text.as_str()),
        (StatusCode::UNAUTHORIZED, ""),
        "a bare token is refused"
    );
    let three = s
        .call(
            Method::GET,
            path,
            Some(&format!("Bearer {} x", token("admin"))),
            None,
        )
        .await;
    assert_eq!(three.status, StatusCode::UNAUTHORIZED);
    let garbage = s
        .call(Method::GET, path, Some("Bearer not-a-jwt"), None)
        .await;
    assert_eq!(garbage.status, StatusCode::UNAUTHORIZED);
    let query_wins = s
        .call(
            Method::GET,
            &format!("{path}&token={}", token("admin")),
            Some("garbage"),
            None,
        )
        .await;
    assert_eq!(query_wins.status, StatusCode::OK);
    let ok = s.get(path).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.json()["workflows"].as_array().unwrap().len() > 5);
    let nf = s.get("/openapi/nothing/here").await;
    assert_eq!(
        (nf.status, nf.text.as_str()),
        (StatusCode::NOT_FOUND, "Invalid path: /openapi/nothing/here")
    );
    let na = s
        .as_(
            "admin",
            Method::PATCH,
            "/openapi/workflows/custom/task",
            None,
        )
        .await;
    assert_eq!(
        (na.status, na.text.as_str()),
        (
            StatusCode::METHOD_NOT_ALLOWED,
            "Method not allowed: PATCH /openapi/workflows/custom/task"
        )
    );
}

#[tokio::test]
async fn lists_details_and_views() {
    let s = S::new(1.0).await;
    let a = s.get("/openapi/workflows").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.json()["code"], 400);
    assert_eq!(a.json()["type"], "error");
    let all = s.get("/openapi/workflows?projectKey=demo").await.json();
    let keys: Vec<&str> = all["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["workflow_key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys.last(),
        Some(&"legacy-product"),
        "product workflows come after custom ones"
    );
    assert!(
        all["workflows"][0].get("description").is_none(),
        "the OpenAPI list carries only the documented keys"
    );
    let view = s
        .get("/openapi/workflows?projectKey=demo&viewName=release")
        .await
        .json();
    let keys: Vec<&str> = view["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["workflow_key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["release-prod", "manual-gate", "canary", "legacy-product"],
        "a custom-only view does not filter products"
    );
    let unknown = s
        .get("/openapi/workflows?projectKey=demo&viewName=nope")
        .await
        .json();
    assert_eq!(
        unknown["workflows"].as_array().unwrap().len(),
        all["workflows"].as_array().unwrap().len()
    );

    let d = s
        .get("/openapi/workflows/custom/build-deploy/detail?projectKey=whatever")
        .await
        .json();
    assert_eq!(d["project_key"], "whatever", "echoed from the query");
    assert_eq!(d["updated_by"], "");
    assert_eq!(d["stages"][0]["parallel"], true);
    assert_eq!(d["stages"][0]["jobs"][0]["type"], "zadig-build");
    let missing = s
        .get("/openapi/workflows/custom/nope/detail?projectKey=demo")
        .await;
    assert_eq!(missing.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        missing.json(),
        json!({"message": "Internal Error: ", "code": 500, "description": "mongo: no documents in result"})
    );

    let views = s
        .get("/openapi/workflows/view?projectKey=demo")
        .await
        .json();
    assert_eq!(views.as_array().unwrap().len(), 2);
    let bob = s
        .as_(
            "user",
            Method::POST,
            "/openapi/workflows/view",
            Some(json!({"project_key": "demo", "name": "x", "workflow_list": []})),
        )
        .await;
    assert_eq!((bob.status, bob.text.as_str()), (StatusCode::FORBIDDEN, ""));
    let bad = s.as_("admin", Method::POST, "/openapi/workflows/view", Some(json!({"project_key": "demo", "name": "x", "workflow_list": [{"workflow_key": "a", "workflow_type": "weird"}]}))).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let created = s.as_("admin", Method::POST, "/openapi/workflows/view", Some(json!({"project_key": "demo", "name": "mine",
        "workflow_list": [{"workflow_key": "canary", "workflow_type": "custom"}, {"workflow_key": "log-flood", "workflow_type": "custom"}]}))).await;
    assert_eq!(created.json(), json!({"message": "success"}));
    let upd = s
        .as_(
            "admin",
            Method::PUT,
            "/openapi/workflows/view/mine?projectKey=demo",
            Some(json!({"workflow_list": [{"workflow_key": "canary", "workflow_type": "custom"}]})),
        )
        .await;
    assert_eq!(upd.status, StatusCode::OK);
    let views = s
        .get("/openapi/workflows/view?projectKey=demo")
        .await
        .json();
    let mine = views
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "mine")
        .unwrap()
        .clone();
    assert_eq!(
        mine["workflows"],
        json!([{"workflow_key": "log-flood", "workflow_type": "custom"}]),
        "missing `enabled` removes the entry"
    );
    let upd_unknown = s
        .as_(
            "admin",
            Method::PUT,
            "/openapi/workflows/view/ghost?projectKey=demo",
            Some(json!({"workflow_list": []})),
        )
        .await;
    assert_eq!(upd_unknown.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        s.as_(
            "admin",
            Method::DELETE,
            "/openapi/workflows/view/mine?projectKey=demo",
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    let gone = s
        .as_(
            "admin",
            Method::DELETE,
            "/openapi/workflows/view/mine?projectKey=demo",
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::BAD_REQUEST);
    assert_eq!(gone.json()["code"], 6894);

    let p = s.get("/openapi/projects/project").await.json();
    assert_eq!(p["projects"].as_array().unwrap().len(), 2);
    let envs = s.get("/openapi/environments?projectKey=demo").await.json();
    assert!(envs
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["env_key"] == "prod" && e["production"] == true));
    let regs = s.get("/openapi/system/registry").await.json();
    assert_eq!(regs[0]["address"], "https://registry.example.com");
}

#[tokio::test]
async fn task_lists_and_details() {
    let s = S::new(1.0).await;
    let none = s
        .get("/openapi/workflows/custom/build-deploy/tasks")
        .await
        .json();
    assert_eq!(
        none,
        json!({"total": 0, "workflow_tasks": []}),
        "without projectKey the list is silently empty"
    );
    let page = s
        .get("/openapi/workflows/custom/build-deploy/tasks?projectKey=demo")
        .await
        .json();
    let items = page["workflow_tasks"].as_array().unwrap();
    assert_eq!(items.len(), 10, "default page size");
    assert_eq!(page["total"], 23);
    assert!(
        items[0]["task_id"].as_i64() > items[1]["task_id"].as_i64(),
        "newest first"
    );
    assert!(items[0].get("stages").is_none());
    let p3 = s
        .get("/openapi/workflows/custom/build-deploy/tasks?projectKey=demo&pageNum=3&pageSize=10")
        .await
        .json();
    assert_eq!(p3["workflow_tasks"].as_array().unwrap().len(), 3);
    let bind = s
        .get("/openapi/workflows/custom/task?taskId=abc&workflowKey=build-deploy")
        .await;
    assert_eq!(
        (bind.status, bind.text.as_str()),
        (StatusCode::BAD_REQUEST, "")
    );
    let missing = s
        .get("/openapi/workflows/custom/task?taskId=999&workflowKey=build-deploy")
        .await;
    assert_eq!(missing.status, StatusCode::INTERNAL_SERVER_ERROR);
    let t = s.task("build-deploy", 1).await;
    let names = job_names(&t);
    assert_eq!(names[0].0, "job-0-0-0-build");
    assert_eq!(names.last().unwrap().0, "job-1-0-0-deploy");
    let build = &t["stages"][0]["jobs"][0];
    assert_eq!(build["key"], "build.shop.frontend");
    assert_eq!(build["display_name"], "build-shop-frontend");
    assert_eq!(build["job_info"]["service_module"], "frontend");
}

#[tokio::test]
async fn execute_validates_like_zadig() {
    let s = S::new(1.0).await;
    let mut body =
        json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": build_inputs()});
    body["inputs"][0]["parameters"]["registry"] = json!("registry.example.com/demo");
    let a = s.execute("admin", body).await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        a.json()["description"],
        "didn't find the specified image registry"
    );

    let bad_choice = s
        .execute(
            "admin",
            json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": build_inputs(),
        "parameters": [{"name": "log_level", "type": "choice", "value": "trace"}]}),
        )
        .await;
    assert_eq!(bad_choice.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        bad_choice.json().get("type").is_none(),
        "plain 500 has no type"
    );
    let unknown = s
        .execute(
            "admin",
            json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": build_inputs(),
        "parameters": [{"name": "nope", "type": "string", "value": "x"}]}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::INTERNAL_SERVER_ERROR);
    let unsupported = s
        .execute(
            "admin",
            json!({"workflow_key": "ops-toolbox", "project_key": "demo",
        "inputs": [{"job_name": "announce", "job_type": "notification"}]}),
        )
        .await;
    assert_eq!(
        unsupported.json()["description"],
        "undefined job type of type:notification"
    );
    let forced = s.execute("admin", json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "deploy-prod"}]})).await;
    assert_eq!(forced.status, StatusCode::BAD_REQUEST);
    assert_eq!(forced.json()["code"], 6160);
    assert!(forced.json()["description"]
        .as_str()
        .unwrap()
        .contains("force run"));
    let nothing = s
        .execute(
            "admin",
            json!({"workflow_key": "ops-toolbox", "project_key": "demo", "inputs": []}),
        )
        .await;
    assert_eq!(
        nothing.json()["description"],
        "no stage found in workflow task"
    );
    let ticket = s.execute("admin", json!({"workflow_key": "ticketed-release", "project_key": "demo", "inputs": [{"job_name": "deploy"}]})).await;
    assert_eq!(ticket.json()["code"], 6160);
    let viewer = s.execute("user", json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": build_inputs()})).await;
    assert_eq!(
        (viewer.status, viewer.text.as_str()),
        (StatusCode::FORBIDDEN, "")
    );
    let notify_crash = s
        .execute(
            "admin",
            json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": build_inputs(),
        "notify_inputs": [{"id": 0, "type": "feishu_person"}]}),
        )
        .await;
    assert_eq!(
        notify_crash.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "a matching type without its config object crashes Zadig"
    );
    let malformed = s
        .as_(
            "admin",
            Method::POST,
            "/openapi/workflows/custom/task",
            None,
        )
        .await;
    assert_eq!(
        (malformed.status, malformed.text.as_str()),
        (StatusCode::BAD_REQUEST, "")
    );

    let ok = s.execute("approver", json!({"WORKFLOW_KEY": "build-deploy", "project_key": "demo", "inputs": build_inputs(),
        "parameters": [{"name": "log_level", "type": "string", "value": "debug"}, {"name": "regions", "type": "multi-select", "value": "cn-east"}],
        "notify_inputs": [{"id": 0, "type": "feishu_person", "lark_person_notification_config": {"users": []}}, {"id": 1, "type": "mail"}]})).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(
        ok.json(),
        json!({"project_name": "demo", "workflow_name": "build-deploy", "task_id": 24})
    );
    let t = s.task("build-deploy", 24).await;
    assert_eq!(t["task_creator"], "alice");
    let level = t["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "log_level")
        .unwrap();
    assert_eq!(
        level["value"], "debug",
        "the declared type (choice) decides; the value is an option"
    );
    assert_eq!(
        job_names(&t).len(),
        2,
        "the smoke tests were not listed, so they are skipped"
    );
}

#[tokio::test]
async fn a_task_runs_to_passed_and_its_logs_complete() {
    let s = S::new(40.0).await;
    let r = s.execute("admin", json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": build_inputs()})).await.json();
    let id = r["task_id"].as_i64().unwrap();
    let first = s.task("build-deploy", id).await;
    assert!(matches!(
        first["status"].as_str().unwrap(),
        "waiting" | "running"
    ));
    let done = s
        .until("build-deploy", id, "passed", |t| t["status"] == "passed")
        .await;
    assert!(
        job_names(&done).iter().all(|(_, st)| st == "passed"),
        "{done}"
    );
    assert!(done["end_time"].as_i64().unwrap() >= done["start_time"].as_i64().unwrap());
    let image = done["stages"][0]["jobs"][0]["spec"]["image"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        image.starts_with("registry.example.com/demo/frontend:"),
        "{image}"
    );
    assert_eq!(
        done["stages"][1]["jobs"][0]["spec"]["service_and_images"][0]["image"],
        image.as_str(),
        "deploy takes the built image"
    );
    let log = s
        .get(&format!(
            "/openapi/logs/log/v4/workflow/build-deploy/{id}/job-0-0-0-build"
        ))
        .await;
    assert_eq!(log.ctype.as_deref(), Some("text/plain; charset=utf-8"));
    assert!(log.text.contains("Successfully pushed"), "{}", log.text);
    assert!(
        log.text.contains("\r"),
        "progress lines keep their carriage returns"
    );
    assert!(log.text.contains("\x1b[32m"), "ANSI colours kept");
    let internal = s
        .get(&format!(
            "/api/aslan/logs/log/v4/workflow/build-deploy/tasks/{id}/jobs/job-0-0-0-build"
        ))
        .await;
    assert_eq!(internal.text, log.text);
}

#[tokio::test]
async fn complete_log_is_empty_while_running_and_until_uploaded() {
    let s = S::new(1.0).await;
    s.knobs(json!({"log_upload_delay_ms": 400})).await;
    let r = s.execute("admin", json!({"workflow_key": "payments-ci", "project_key": "payments", "inputs": [{"job_name": "unit"}]})).await.json();
    let id = r["task_id"].as_i64().unwrap();
    s.until("payments-ci", id, "running", |t| {
        t["stages"][0]["jobs"][0]["status"] == "running"
    })
    .await;
    let running = s
        .get(&format!(
            "/openapi/logs/log/v4/workflow/payments-ci/{id}/job-0-0-0-unit"
        ))
        .await;
    assert_eq!(
        (running.status, running.text.as_str()),
        (StatusCode::OK, "")
    );
    s.knobs(json!({"speed": 50.0})).await;
    s.until("payments-ci", id, "passed", |t| t["status"] == "passed")
        .await;
    let just_ended = s
        .get(&format!(
            "/openapi/logs/log/v4/workflow/payments-ci/{id}/job-0-0-0-unit"
        ))
        .await;
    assert_eq!(just_ended.text, "", "not uploaded yet");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let uploaded = s
        .get(&format!(
            "/openapi/logs/log/v4/workflow/payments-ci/{id}/job-0-0-0-unit"
        ))
        .await;
    assert!(
        uploaded.text.contains("+ echo go test ./..."),
        "{}",
        uploaded.text
    );
}

async fn sse(s: &S, path: &str) -> (StatusCode, Option<String>, Option<String>, String) {
    let r = s
        .http
        .get(format!("{}{path}", s.run.url()))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let ctype = r
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string());
    let cache = r
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_string());
    let body = tokio::time::timeout(Duration::from_secs(15), r.text())
        .await
        .expect("stream ends")
        .unwrap();
    (status, ctype, cache, body)
}

#[tokio::test]
async fn sse_wire_format_byte_for_byte() {
    let s = S::new(30.0).await;
    let t = token("admin");
    let r = s.execute("admin", json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": build_inputs()})).await.json();
    let id = r["task_id"].as_i64().unwrap();
    let (status, ctype, cache, body) = sse(
        &s,
        &format!("/openapi/logs/sse/v4/workflow/build-deploy/{id}/job-0-0-0-build/-1?token={t}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype.as_deref(), Some("text/event-stream"));
    assert_eq!(cache.as_deref(), Some("no-cache"));
    assert!(body.starts_with("event:message\ndata:"), "{body:?}");
    assert!(
        !body.contains("data: "),
        "no space after the colon (and container lines are trimmed)"
    );
    assert!(!body.contains("id:") && !body.contains("retry:"));
    assert!(
        body.contains("event:message\ndata:Receiving objects:  12% (120/1000)\\r\n\n"),
        "pieces end in a literal backslash-r"
    );
    assert!(
        body.contains("done.\ndata:\\r\n\n"),
        "the last piece arrives as text, newline, backslash-r"
    );
    assert!(
        body.contains("event:message\ndata:go mod download\n\n"),
        "container lines are trimmed"
    );
    assert!(!body.contains('\r'), "no raw carriage return on the wire");
    let complete = s
        .get(&format!(
            "/openapi/logs/log/v4/workflow/build-deploy/{id}/job-0-0-0-build"
        ))
        .await
        .text;
    let events = body.matches("event:message\n").count();
    let cr_pieces: usize = complete
        .lines()
        .map(|l| l.trim().matches('\r').count())
        .sum();
    assert_eq!(
        events,
        complete.lines().count() + cr_pieces,
        "one event per line, one more per carriage return"
    );

    // Deploy jobs come from the job log store: untrimmed, trailing newline kept.
    s.until("build-deploy", id, "passed", |t| t["status"] == "passed")
        .await;
    let (_, _, _, deploy) = sse(
        &s,
        &format!(
            "/openapi/logs/sse/v4/workflow/build-deploy/{id}/job-1-0-0-deploy/999999?token={t}"
        ),
    )
    .await;
    assert!(
        deploy.starts_with(
            "event:message\ndata:Start deploying service shop to environment dev\ndata:\n\n"
        ),
        "{deploy:?}"
    );
    assert!(
        deploy.contains("data:  update container frontend image to"),
        "indentation kept"
    );

    // A finished container job honours tail_lines; garbage means 10.
    let (_, _, _, tail) = sse(
        &s,
        &format!("/openapi/logs/sse/v4/workflow/build-deploy/{id}/job-0-0-0-build/2?token={t}"),
    )
    .await;
    assert!(
        tail.starts_with("event:message\ndata:5f70bf18a086: Pushing  10.2MB/48.1MB\\r\n\n"),
        "{tail:?}"
    );
    assert_eq!(
        tail.matches("event:message").count(),
        4,
        "the last two lines: three progress pieces and one line"
    );
    let (_, _, _, garbage) = sse(
        &s,
        &format!("/openapi/logs/sse/v4/workflow/build-deploy/{id}/job-0-0-0-build/abc?token={t}"),
    )
    .await;
    let (_, _, _, all) = sse(
        &s,
        &format!("/openapi/logs/sse/v4/workflow/build-deploy/{id}/job-0-0-0-build/0?token={t}"),
    )
    .await;
    assert!(garbage.matches("event:message").count() < all.matches("event:message").count());

    // Unknown jobs and jobs without a log: an empty 200 that is not an event stream.
    for job in ["job-9-9-9-nope", "job-0-0-0-build"] {
        let wf = if job.contains("nope") {
            "build-deploy".to_string()
        } else {
            "no-such-workflow".to_string()
        };
        let (status, ctype, _, body) = sse(
            &s,
            &format!("/openapi/logs/sse/v4/workflow/{wf}/{id}/{job}/-1?token={t}"),
        )
        .await;
        assert_eq!((status, ctype, body.as_str()), (StatusCode::OK, None, ""));
    }
    let appr = s.execute("admin", json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}]})).await.json();
    let aid = appr["task_id"].as_i64().unwrap();
    let (status, ctype, _, body) = sse(
        &s,
        &format!("/openapi/logs/sse/v4/workflow/release-prod/{aid}/job-0-0-0-approve/-1?token={t}"),
    )
    .await;
    assert_eq!((status, ctype, body.as_str()), (StatusCode::OK, None, ""));
    let unauth = s
        .http
        .get(format!(
            "{}/openapi/logs/sse/v4/workflow/build-deploy/{id}/job-0-0-0-build/-1",
            s.run.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(unauth.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sse_replays_from_the_tail_on_reconnect_and_can_be_dropped() {
    let s = S::new(1.0).await;
    let t = token("admin");
    let r = s.execute("admin", json!({"workflow_key": "payments-ci", "project_key": "payments", "inputs": [{"job_name": "unit"}]})).await.json();
    let id = r["task_id"].as_i64().unwrap();
    s.call(
        Method::POST,
        "/__sandbox/sse-fault",
        None,
        Some(json!({"after_lines": 2, "mid_line": true, "times": 1})),
    )
    .await;
    let path =
        format!("/openapi/logs/sse/v4/workflow/payments-ci/{id}/job-0-0-0-unit/-1?token={t}");
    let (_, ctype, _, dropped) = sse(&s, &path).await;
    assert_eq!(ctype.as_deref(), Some("text/event-stream"));
    assert_eq!(
        dropped.matches("\n\n").count(),
        2,
        "two whole events, then the connection ends: {dropped:?}"
    );
    assert!(
        !dropped.ends_with("\n\n"),
        "cut in the middle of the third event"
    );
    s.knobs(json!({"speed": 40.0})).await;
    let (_, _, _, full) = sse(&s, &path).await;
    assert!(
        full.starts_with(&dropped[..dropped.rfind("\n\n").unwrap() + 2]),
        "a reconnect replays from the start (tail ≤ 0)"
    );
    assert!(full.matches("\n\n").count() > 2);
}

#[tokio::test]
async fn approvals_cancel_retry_and_manual_exec() {
    let s = S::new(40.0).await;
    // Approve: only listed approvers, once each; then the deploy runs.
    let r = s.execute("admin", json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await.json();
    let id = r["task_id"].as_i64().unwrap();
    let t = s
        .until("release-prod", id, "waiting for approval", |t| {
            t["stages"][0]["jobs"][0]["status"] == "wait_for_approval"
        })
        .await;
    assert_eq!(
        t["status"], "running",
        "the task stays running while an approval waits"
    );
    let approve = |role: &'static str, stage: &'static str, yes: bool| {
        let s = &s;
        async move {
            s.as_(role, Method::POST, "/openapi/workflows/custom/task/approve",
                Some(json!({"workflow_key": "release-prod", "task_id": id, "stage_name": stage, "approve": yes, "comment": "ok"}))).await
        }
    };
    let by_stage = approve("approver", "Approve", true).await;
    assert_eq!(
        by_stage.json()["code"],
        6169,
        "the stage name is not the key since v3.3"
    );
    let bob = approve("user", "job-0-0-0-approve", true).await;
    assert_eq!(bob.json()["code"], 6169);
    assert!(bob.json()["description"]
        .as_str()
        .unwrap()
        .contains("no authority"));
    assert_eq!(
        approve("approver", "job-0-0-0-approve", true).await.json(),
        json!({"message": "success"})
    );
    let twice = approve("approver", "job-0-0-0-approve", true).await;
    assert_eq!(twice.json()["code"], 6169);
    let done = s
        .until("release-prod", id, "passed", |t| t["status"] == "passed")
        .await;
    assert_eq!(
        done["stages"][0]["jobs"][0]["spec"]["native_approval"]["approve_users"][0]
            ["reject_or_approve"],
        "approve"
    );

    // Reject ends the task as reject; then retry re-runs the approval with the same id.
    let r = s.execute("admin", json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}, {"job_name": "deploy-prod"}]})).await.json();
    let id2 = r["task_id"].as_i64().unwrap();
    s.until("release-prod", id2, "waiting", |t| {
        t["stages"][0]["jobs"][0]["status"] == "wait_for_approval"
    })
    .await;
    let rej = s.as_("approver", Method::POST, "/openapi/workflows/custom/task/approve",
        Some(json!({"workflow_key": "release-prod", "task_id": id2, "stage_name": "job-0-0-0-approve", "approve": false, "comment": "freeze"}))).await;
    assert_eq!(rej.status, StatusCode::OK);
    s.until("release-prod", id2, "reject", |t| t["status"] == "reject")
        .await;
    let retry = s
        .as_(
            "admin",
            Method::POST,
            &format!("/openapi/workflows/custom/release-prod/task/{id2}?projectKey=demo"),
            None,
        )
        .await;
    assert_eq!(retry.json(), json!({"message": "success"}));
    let again = s
        .until("release-prod", id2, "waiting again", |t| {
            t["stages"][0]["jobs"][0]["status"] == "wait_for_approval"
        })
        .await;
    assert_eq!(again["is_restart"], true);

    // Cancel: running → cancelled with the caller as revoker; passed cannot be cancelled.
    let c = s
        .as_(
            "approver",
            Method::DELETE,
            &format!("/openapi/workflows/custom/task?taskId={id2}&workflowKey=release-prod"),
            None,
        )
        .await;
    assert_eq!(c.status, StatusCode::OK);
    let t = s.task("release-prod", id2).await;
    assert_eq!(
        (t["status"].as_str(), t["task_revoker"].as_str()),
        (Some("cancelled"), Some("alice"))
    );
    let passed = s
        .as_(
            "admin",
            Method::DELETE,
            &format!("/openapi/workflows/custom/task?taskId={id}&workflowKey=release-prod"),
            None,
        )
        .await;
    assert_eq!(passed.json()["code"], 6163);
    assert!(passed.json()["description"]
        .as_str()
        .unwrap()
        .contains("is passed, cannot cancel"));
    let old_style = s
        .as_(
            "admin",
            Method::DELETE,
            "/openapi/workflows/custom/task",
            Some(json!({"task_id": 999, "workflow_key": "release-prod"})),
        )
        .await;
    assert_eq!(
        old_style.json()["code"],
        6163,
        "pre-3.4 JSON body is read too"
    );
    let not_retryable = s
        .as_(
            "admin",
            Method::POST,
            &format!("/openapi/workflows/custom/release-prod/task/{id}?projectKey=demo"),
            None,
        )
        .await;
    assert_eq!(not_retryable.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        not_retryable.json()["description"],
        "工作流任务状态无法重试"
    );

    // Retry of a failed task keeps passed stages and re-runs the rest.
    let f = s.execute("admin", json!({"workflow_key": "always-fails", "project_key": "demo", "inputs": [{"job_name": "check"}, {"job_name": "after"}]})).await.json();
    let fid = f["task_id"].as_i64().unwrap();
    let failed = s
        .until("always-fails", fid, "failed", |t| t["status"] == "failed")
        .await;
    assert_eq!(
        failed["stages"][1]["status"], "",
        "later stages never start"
    );
    assert!(failed["error"]
        .as_str()
        .unwrap()
        .contains("exited with code 1"));

    // Manual execution pauses the stage and the task until resumed.
    let m = s.execute("approver", json!({"workflow_key": "manual-gate", "project_key": "demo", "inputs": [{"job_name": "canary"}, {"job_name": "rollout"}]})).await.json();
    let mid = m["task_id"].as_i64().unwrap();
    s.until("manual-gate", mid, "pause", |t| t["status"] == "pause")
        .await;
    let ctx = s
        .get(&format!(
            "/openapi/workflows/custom/manual-gate/task/{mid}/manual-exec?projectKey=demo"
        ))
        .await
        .json();
    assert_eq!(
        (ctx["stage_name"].as_str(), ctx["can_execute"].as_bool()),
        (Some("Rollout"), Some(true))
    );
    let resume = s
        .as_(
            "approver",
            Method::POST,
            &format!(
                "/openapi/workflows/custom/manual-gate/task/{mid}/manual-exec?projectKey=demo"
            ),
            Some(json!({"stage_name": "Rollout"})),
        )
        .await;
    assert_eq!(resume.status, StatusCode::OK);
    s.until("manual-gate", mid, "passed", |t| t["status"] == "passed")
        .await;

    // Remark.
    let rm = s
        .as_(
            "admin",
            Method::PUT,
            &format!("/openapi/workflows/custom/manual-gate/task/{mid}"),
            Some(json!({"remark": "hotfix for INC-7"})),
        )
        .await;
    assert_eq!(rm.status, StatusCode::OK);
    assert_eq!(
        s.task("manual-gate", mid).await["remark"],
        "hotfix for INC-7"
    );
}

#[tokio::test]
async fn concurrency_limit_queues_tasks() {
    let s = S::new(1.0).await;
    let body = json!({"workflow_key": "release-prod", "project_key": "demo", "inputs": [{"job_name": "approve"}]});
    let a = s.execute("admin", body.clone()).await.json()["task_id"]
        .as_i64()
        .unwrap();
    let b = s.execute("admin", body).await.json()["task_id"]
        .as_i64()
        .unwrap();
    s.until("release-prod", a, "running", |t| t["status"] == "running")
        .await;
    s.until("release-prod", b, "blocked", |t| t["status"] == "blocked")
        .await;
    s.as_(
        "admin",
        Method::DELETE,
        &format!("/openapi/workflows/custom/task?taskId={a}&workflowKey=release-prod"),
        None,
    )
    .await;
    s.until("release-prod", b, "running", |t| t["status"] == "running")
        .await;
}

#[tokio::test]
async fn workflow_create_update_delete_and_tickets() {
    let s = S::new(1.0).await;
    let yaml = "name: hello\ndisplay_name: Hello\nproject: demo\nstages:\n  - name: S\n    jobs:\n      - name: j\n        type: freestyle\n        spec: {script: echo hi}\n";
    let r = s
        .http
        .post(format!("{}/openapi/workflows/custom", s.run.url()))
        .header("Authorization", format!("Bearer {}", token("admin")))
        .body(yaml)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let dup = s
        .http
        .post(format!("{}/api/aslan/workflow/v4", s.run.url()))
        .header("Authorization", format!("Bearer {}", token("admin")))
        .body(yaml)
        .send()
        .await
        .unwrap();
    assert_eq!(dup.status(), StatusCode::BAD_REQUEST);
    let got = s.get("/api/aslan/workflow/v4/name/hello").await;
    assert!(got.ctype.unwrap().starts_with("application/x-yaml"));
    assert!(got.text.contains("display_name: Hello"));
    let upd = s.as_("admin", Method::PUT, "/api/aslan/workflow/v4/hello?projectName=demo", Some(json!({"name": "hello", "display_name": "Hello again", "project": "demo", "stages": []}))).await;
    assert_eq!(upd.status, StatusCode::OK);
    assert_eq!(
        s.get("/openapi/workflows/custom/hello/detail?projectKey=demo")
            .await
            .json()["workflow_name"],
        "Hello again"
    );
    let lint = s
        .as_(
            "admin",
            Method::PUT,
            "/openapi/workflows/custom/hello",
            Some(json!({"display_name": "", "project": "demo"})),
        )
        .await;
    assert_eq!(lint.json()["code"], 6545);
    assert_eq!(
        s.as_(
            "user",
            Method::DELETE,
            "/openapi/workflows/custom?workflowKey=hello&projectKey=demo",
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.as_(
            "admin",
            Method::DELETE,
            "/openapi/workflows/custom?workflowKey=hello&projectKey=demo",
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        s.as_(
            "admin",
            Method::DELETE,
            "/openapi/workflows/custom?workflowKey=hello&projectKey=demo",
            None
        )
        .await
        .json()["code"],
        6543
    );

    let ticket = json!({"approval_id": "CR-1", "status": 1, "project_key": "demo", "envs": ["prod"], "execution_window_start": 10, "execution_window_end": 20});
    assert_eq!(
        s.as_(
            "admin",
            Method::POST,
            "/openapi/ticket/approval",
            Some(ticket.clone())
        )
        .await
        .status,
        StatusCode::OK
    );
    let mut backwards = ticket.clone();
    backwards["execution_window_start"] = json!(30);
    assert_eq!(
        s.as_(
            "admin",
            Method::POST,
            "/openapi/ticket/approval",
            Some(backwards)
        )
        .await
        .json()["code"],
        7100
    );
    s.knobs(json!({"license": false})).await;
    assert_eq!(
        s.as_(
            "admin",
            Method::POST,
            "/openapi/ticket/approval",
            Some(ticket)
        )
        .await
        .json()["code"],
        7050
    );
}

#[tokio::test]
async fn fault_injection_knobs() {
    let s = S::new(1.0).await;
    s.call(
        Method::POST,
        "/__sandbox/faults",
        None,
        Some(
            json!({"path_prefix": "/openapi/workflows", "status": 502, "kind": "html", "times": 1}),
        ),
    )
    .await;
    let a = s.get("/openapi/workflows?projectKey=demo").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert!(a.text.starts_with("<html>"));
    assert_eq!(
        s.get("/openapi/workflows?projectKey=demo").await.status,
        StatusCode::OK,
        "one-shot"
    );
    s.call(
        Method::POST,
        "/__sandbox/faults",
        None,
        Some(json!({"path_prefix": "/openapi/workflows", "status": 200, "kind": "malformed"})),
    )
    .await;
    assert!(
        serde_json::from_str::<Value>(&s.get("/openapi/workflows?projectKey=demo").await.text)
            .is_err()
    );
    s.call(
        Method::POST,
        "/__sandbox/faults",
        None,
        Some(json!({"path_prefix": "/openapi/projects", "kind": "reset"})),
    )
    .await;
    let reset = s
        .http
        .get(format!("{}/openapi/projects/project", s.run.url()))
        .header("Authorization", format!("Bearer {}", token("admin")))
        .send()
        .await;
    assert!(
        reset.is_err() || reset.unwrap().text().await.is_err(),
        "the connection is cut"
    );
    s.knobs(json!({"latency_ms": 200})).await;
    let t0 = Instant::now();
    s.get("/openapi/system/registry").await;
    assert!(t0.elapsed() >= Duration::from_millis(200));
    let scaled = s
        .call(
            Method::POST,
            "/__sandbox/scale",
            None,
            Some(json!({"project": "demo", "workflows": 50, "tasks_per_workflow": 3})),
        )
        .await
        .json();
    assert!(scaled["workflows"].as_u64().unwrap() >= 50);
}

#[tokio::test]
async fn serves_the_console_with_spa_fallback_and_csp() {
    let dir = std::env::temp_dir().join(format!("zc-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><html><head><script type=\"module\">import init from '/app.js';</script></head><body></body></html>").unwrap();
    std::fs::write(dir.join("app.js"), "export default function init() {}").unwrap();
    let run = start(Options {
        static_dir: Some(dir.clone()),
        frame_ancestors: "'self' https://portal.example.com".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    for path in ["/", "/projects/demo/workflows/x?tab=1", "/settings"] {
        let r = http
            .get(format!("{}{path}", run.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{csp}"
        );
        assert!(
            !csp.contains("'unsafe-inline' 'unsafe-eval'")
                && !csp.contains("script-src 'self' 'unsafe-inline'"),
            "{csp}"
        );
        assert!(
            csp.contains("frame-ancestors 'self' https://portal.example.com"),
            "{csp}"
        );
        assert!(
            r.text().await.unwrap().contains("import init"),
            "SPA fallback serves index.html for {path}"
        );
    }
    let js = http
        .get(format!("{}/app.js", run.url()))
        .send()
        .await
        .unwrap();
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    let api = http
        .get(format!("{}/openapi/projects/project", run.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        api.status(),
        StatusCode::UNAUTHORIZED,
        "Zadig paths are never the SPA"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn log_flood_writes_lines_at_a_set_rate() {
    let s = S::new(1.0).await;
    let r = s.execute("admin", json!({"workflow_key": "log-flood", "project_key": "demo", "inputs": [{"job_name": "flood", "job_type": "freestyle",
        "parameters": {"kv": [{"key": "LOG_LINES", "value": "20000"}, {"key": "LOG_RATE", "value": "100000"}]}}]})).await.json();
    let id = r["task_id"].as_i64().unwrap();
    s.until("log-flood", id, "passed", |t| t["status"] == "passed")
        .await;
    let log = s
        .get(&format!(
            "/openapi/logs/log/v4/workflow/log-flood/{id}/job-0-0-0-flood"
        ))
        .await
        .text;
    assert_eq!(log.lines().count(), 20_000);
    assert!(
        log.lines().nth(9_999).unwrap().contains("ERROR"),
        "an error line every 10,000"
    );
    let (_, _, _, body) = sse(
        &s,
        &format!(
            "/openapi/logs/sse/v4/workflow/log-flood/{id}/job-0-0-0-flood/-1?token={}",
            token("admin")
        ),
    )
    .await;
    assert_eq!(body.matches("event:message\n").count(), 20_000);
}

#[tokio::test]
async fn error_policies_retry_ignore_and_manual_check() {
    let s = S::new(60.0).await;
    let job = |name: &str, policy: Value| {
        json!({"name": name, "type": "freestyle", "error_policy": policy,
        "spec": {"script": "echo trying\nexit 3", "envs": [], "repos": []}})
    };
    let def = json!({"name": "policies", "display_name": "Policies", "project": "demo", "concurrency_limit": -1, "stages": [
        {"name": "Tolerant", "parallel": true, "jobs": [
            job("retry", json!({"policy": "retry", "maximum_retry": 2})),
            job("ignore", json!({"policy": "ignore_error"})),
            job("manual", json!({"policy": "manual_check"})),
        ]},
    ]});
    assert_eq!(
        s.as_(
            "admin",
            Method::POST,
            "/openapi/workflows/custom",
            Some(def)
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = s
        .execute(
            "admin",
            json!({"workflow_key": "policies", "project_key": "demo",
        "inputs": [{"job_name": "retry"}, {"job_name": "ignore"}, {"job_name": "manual"}]}),
        )
        .await
        .json();
    let id = r["task_id"].as_i64().unwrap();
    let t = s
        .until("policies", id, "manual handling", |t| {
            let jobs = &t["stages"][0]["jobs"];
            jobs[2]["status"] == "wait_for_manual_error_handling"
                && jobs[0]["status"] == "failed"
                && jobs[1]["status"] == "unstable"
        })
        .await;
    assert_eq!(
        t["stages"][0]["jobs"][0]["retry_count"], 2,
        "retried up to maximum_retry, then failed"
    );
    assert_eq!(t["status"], "running", "the stage waits for the person");
    let ignore = s.as_("admin", Method::POST, "/api/aslan/workflow/v4/workflowtask/handle/error",
        Some(json!({"job_name": "job-0-2-0-manual", "workflow_name": "policies", "task_id": id, "decision": "ignore"}))).await;
    assert_eq!(ignore.status, StatusCode::OK);
    let done = s
        .until("policies", id, "failed", |t| t["status"] == "failed")
        .await;
    assert_eq!(done["stages"][0]["jobs"][2]["status"], "unstable");
    let log = s
        .get(&format!(
            "/openapi/logs/log/v4/workflow/policies/{id}/job-0-0-0-retry"
        ))
        .await
        .text;
    assert_eq!(
        log.matches("+ echo trying").count(),
        3,
        "each attempt writes its log"
    );
    assert!(log.contains("retrying (2/2)"));
}

#[tokio::test]
async fn project_detail_and_run_again_arguments() {
    let s = S::new(1.0).await;
    let p = s
        .get("/openapi/projects/project/detail?projectKey=payments")
        .await
        .json();
    assert_eq!(
        (p["project_key"].as_str(), p["project_name"].as_str()),
        (Some("payments"), Some("Payments Platform"))
    );
    assert_eq!(
        s.get("/openapi/projects/project/detail?projectKey=nope")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let body = json!({"workflow_key": "payments-ci", "project_key": "payments", "parameters": [{"name": "branch", "type": "string", "value": "fix/42"}],
        "inputs": [{"job_name": "unit", "job_type": "freestyle", "parameters": {"kv": []}}]});
    let id = s.execute("admin", body.clone()).await.json()["task_id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/aslan/workflow/v4/workflowtask/clone/workflow/payments-ci/task/{id}");
    // As Zadig answers: the workflow as it ran.
    let ran = s.get(&path).await.json();
    assert_eq!(ran["name"], "payments-ci");
    assert_eq!(ran["params"][0]["value"], "fix/42");
    assert_eq!(ran["stages"][0]["jobs"][0]["name"], "unit");
    assert_ne!(ran["stages"][0]["jobs"][0]["skipped"], true);
    // Or, with the knob, the execute body it was created with.
    s.knobs(json!({"clone_shape": "args"})).await;
    assert_eq!(
        s.get(&path).await.json(),
        body,
        "a past task's arguments, for run again"
    );
}

#[tokio::test]
async fn clone_applies_the_inputs_and_marks_jobs_left_out_skipped() {
    let s = S::new(1.0).await;
    let body = json!({"workflow_key": "build-deploy", "project_key": "demo",
        "inputs": [{"job_name": "build", "job_type": "zadig-build", "parameters": {
            "registry": "https://registry.example.com/demo",
            "service_list": [{"service_name": "shop", "service_module": "orders",
                "repo_info": [{"codehost_name": "gitlab", "repo_namespace": "shop", "repo_name": "orders", "branch": "fix/1"}],
                "inputs": [{"key": "GOFLAGS", "value": "-race"}]}]}},
            {"job_name": "deploy", "job_type": "zadig-deploy", "parameters": {"env_name": "staging"}}]});
    let id = s.execute("admin", body).await.json()["task_id"]
        .as_i64()
        .unwrap();
    let ran = s
        .get(&format!(
            "/api/aslan/workflow/v4/workflowtask/clone/workflow/build-deploy/task/{id}"
        ))
        .await
        .json();
    let build = &ran["stages"][0]["jobs"][0]["spec"]["service_and_builds"];
    assert_eq!(build.as_array().map(Vec::len), Some(1));
    assert_eq!(build[0]["service_module"], "orders");
    assert_eq!(build[0]["repos"][0]["branch"], "fix/1");
    assert!(build[0]["key_vals"]
        .as_array()
        .unwrap()
        .iter()
        .any(|kv| kv["key"] == "GOFLAGS" && kv["value"] == "-race"));
    assert_eq!(ran["stages"][1]["jobs"][0]["spec"]["env"], "staging");
    assert_eq!(
        ran["stages"][2]["jobs"][0]["skipped"], true,
        "smoke was left out"
    );
}

/// Bodies a careless or hostile client sends: none may crash the sandbox, each gets an answer in
/// one of Zadig's error shapes (or an empty-body 400, as Zadig's binder gives).
fn bad_bodies() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("not json", "{\"workflow_key\": ".into()),
        ("array", "[1, 2, 3]".into()),
        ("number", "42".into()),
        ("null", "null".into()),
        ("wrong types", json!({"workflow_key": 7, "project_key": ["demo"], "inputs": "x", "parameters": {}, "task_id": "one", "approve": "yes", "stage_name": 1}).to_string()),
        ("repo_info of strings", json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": [
            {"job_name": "build", "parameters": {"service_list": [{"service_name": "frontend", "service_module": "frontend", "repo_info": ["x", 1, null]}]}},
            {"job_name": "deploy", "parameters": {"env": "staging"}}]}).to_string()),
        ("freestyle repo_info of strings", json!({"workflow_key": "always-fails", "project_key": "demo", "inputs": [
            {"job_name": "check", "parameters": {"kv": [{"key": "TARGET", "value": "x"}], "repo_info": ["x", 2]}}]}).to_string()),
        ("inputs of numbers", json!({"workflow_key": "build-deploy", "project_key": "demo", "inputs": [1, "two", null], "parameters": [1, "x"], "notify_inputs": [1]}).to_string()),
        ("deep nesting", format!("{}1{}", "[".repeat(200), "]".repeat(200))),
    ]
}

fn zadig_shaped(a: &Answer) -> bool {
    if a.text.is_empty() {
        return a.status.is_client_error();
    }
    let Ok(v) = serde_json::from_str::<Value>(&a.text) else {
        return false;
    };
    v.get("code").is_some() && (v.get("description").is_some() || v.get("message").is_some())
}

#[tokio::test]
async fn every_write_endpoint_answers_bad_bodies_with_a_zadig_error() {
    let s = S::new(1.0).await;
    let writes: [(Method, &str); 12] = [
        (Method::POST, "/openapi/workflows/custom/task"),
        (
            Method::DELETE,
            "/openapi/workflows/custom/task?taskId=1&workflowKey=build-deploy",
        ),
        (Method::POST, "/openapi/workflows/custom/task/approve"),
        (
            Method::POST,
            "/openapi/workflows/custom/build-deploy/task/1",
        ),
        (Method::PUT, "/openapi/workflows/custom/build-deploy/task/1"),
        (
            Method::POST,
            "/openapi/workflows/custom/manual-gate/task/1/manual-exec?projectKey=demo",
        ),
        (Method::POST, "/openapi/workflows/view"),
        (
            Method::PUT,
            "/openapi/workflows/view/release?projectKey=demo",
        ),
        (Method::POST, "/openapi/workflows/custom"),
        (Method::PUT, "/openapi/workflows/custom/build-deploy"),
        (Method::POST, "/openapi/ticket/approval"),
        (Method::POST, "/api/aslan/workflow/v4"),
    ];
    let mut report = Vec::new();
    for (method, path) in &writes {
        for (what, body) in bad_bodies() {
            let r = s
                .http
                .request(method.clone(), format!("{}{path}", s.run.url()))
                .header("Authorization", format!("Bearer {}", token("admin")))
                .header(CONTENT_TYPE, "application/json")
                .body(body)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{method} {path} with {what}: no answer ({e})"));
            let status = r.status();
            let a = Answer {
                status,
                ctype: None,
                text: r.text().await.unwrap_or_default(),
            };
            // Success (a sloppy body Zadig would also take), or one of its error shapes that is
            // not the panic layer's answer.
            let fine =
                status.is_success() || (zadig_shaped(&a) && !a.text.contains("runtime error: "));
            if !fine {
                report.push(format!(
                    "{method} {path} with {what}: {status} {:?}",
                    a.text
                ));
            }
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
    // Still serving, and the world is not poisoned.
    assert_eq!(
        s.get("/openapi/workflows?projectKey=demo").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn unbounded_knobs_are_refused_with_a_400() {
    let s = S::new(1.0).await;
    for (path, body) in [
        ("/__sandbox/config", json!({"speed": 1e300})),
        ("/__sandbox/config", json!({"speed": 0})),
        ("/__sandbox/config", json!({"latency_ms": 10_000_000u64})),
        (
            "/__sandbox/config",
            json!({"sse_first_line_wait_ms": 99_999_999u64}),
        ),
        ("/__sandbox/config", json!({"log_upload_delay_ms": -1})),
        ("/__sandbox/config", json!({"clone_shape": "bogus"})),
        (
            "/__sandbox/faults",
            json!({"path_prefix": "/openapi", "kind": "html", "times": 0}),
        ),
        (
            "/__sandbox/faults",
            json!({"path_prefix": "/openapi", "kind": "html", "status": 99}),
        ),
        (
            "/__sandbox/faults",
            json!({"path_prefix": "/openapi", "kind": "nonsense"}),
        ),
        (
            "/__sandbox/sse-fault",
            json!({"after_lines": 1, "times": 1_000_000}),
        ),
        (
            "/__sandbox/scale",
            json!({"project": "demo", "workflows": 1_000_000}),
        ),
        (
            "/__sandbox/scale",
            json!({"project": "demo", "workflows": 1, "tasks_per_workflow": 1_000_000}),
        ),
        (
            "/__sandbox/scale",
            json!({"project": "nope", "workflows": 1}),
        ),
    ] {
        let a = s.call(Method::POST, path, None, Some(body.clone())).await;
        assert_eq!(
            a.status,
            StatusCode::BAD_REQUEST,
            "{path} {body}: {}",
            a.text
        );
        assert!(
            !a.json()["description"].as_str().unwrap_or("").is_empty(),
            "{}",
            a.text
        );
    }
    let a = s.call(Method::POST, "/__sandbox/config", None, None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    // A flood run that would never end is refused before it starts.
    for (lines, rate) in [
        ("100", "inf"),
        ("100000000000", "1000"),
        ("10", "0"),
        ("x", "10"),
    ] {
        let a = s
            .as_("admin", Method::POST, "/openapi/workflows/custom/task", Some(json!({
                "workflow_key": "log-flood", "project_key": "demo",
                "inputs": [{"job_name": "flood", "parameters": {"kv": [{"key": "LOG_LINES", "value": lines}, {"key": "LOG_RATE", "value": rate}]}}]})))
            .await;
        assert_eq!(
            a.status,
            StatusCode::BAD_REQUEST,
            "{lines} at {rate}: {}",
            a.text
        );
        assert!(
            a.json()["description"].as_str().unwrap().contains("LOG_"),
            "{}",
            a.text
        );
    }
}

#[tokio::test]
async fn the_engine_visits_only_workflows_with_unfinished_tasks() {
    let s = S::new(1.0).await;
    let scaled = s
        .call(
            Method::POST,
            "/__sandbox/scale",
            None,
            Some(json!({"project": "demo", "workflows": 3000, "tasks_per_workflow": 20})),
        )
        .await;
    assert_eq!(scaled.status, StatusCode::OK, "{}", scaled.text);
    {
        let w = s.run.state.world();
        let total: usize = w.tasks.values().map(Vec::len).sum();
        assert!(total >= 60_000, "{total} tasks");
        // Only what can still run is visited each tick, whatever the history holds.
        assert!(w.live.len() <= 5, "{} live workflows", w.live.len());
        for key in &w.live {
            assert!(w.tasks[key]
                .iter()
                .any(|t| !zadig_sandbox::model::task_done(&t.status)));
        }
    }
    // A run joins the live set at once and leaves it when done.
    let a = s
        .as_("admin", Method::POST, "/openapi/workflows/custom/task",
            Some(json!({"workflow_key": "always-fails", "project_key": "demo", "inputs": [{"job_name": "check", "parameters": {}}]})))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(s.run.state.world().live.contains("always-fails"));
    assert_eq!(
        s.get("/openapi/workflows?projectKey=demo").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_lost_answer_is_carried_out_then_cut() {
    let s = S::new(1.0).await;
    s.call(Method::POST, "/__sandbox/faults", None,
        Some(json!({"path_prefix": "/openapi/workflows/custom/task$", "method": "POST", "status": 200, "kind": "lost", "times": 1})))
        .await;
    let before = s
        .run
        .state
        .world()
        .tasks
        .get("always-fails")
        .map_or(0, Vec::len);
    let r = s
        .http
        .post(format!("{}/openapi/workflows/custom/task", s.run.url()))
        .header("Authorization", format!("Bearer {}", token("admin")))
        .header(CONTENT_TYPE, "application/json")
        .body(json!({"workflow_key": "always-fails", "project_key": "demo", "inputs": [{"job_name": "check", "parameters": {}}]}).to_string())
        .send()
        .await;
    let cut = match r {
        Err(_) => true,
        Ok(resp) => resp.text().await.is_err(),
    };
    assert!(cut, "the answer is cut");
    let after = s
        .run
        .state
        .world()
        .tasks
        .get("always-fails")
        .map_or(0, Vec::len);
    assert_eq!(after, before + 1, "the run was carried out");
}
