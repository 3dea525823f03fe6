//! Demo data worth looking at: two projects, views, workflows covering every job type the run
//! form supports, and a history of finished tasks.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::engine;
use crate::model::{now, Project, Task, User, View, ViewEntry, Workflow, World};
use crate::plan::build_stages;

/// The demo users: a system admin, an approver who may execute, and a viewer.
pub fn users() -> Vec<User> {
    vec![
        User {
            uid: "u-admin".into(),
            name: "admin".into(),
            email: "admin@example.com".into(),
            role: "admin",
        },
        User {
            uid: "u-alice".into(),
            name: "alice".into(),
            email: "alice@example.com".into(),
            role: "member",
        },
        User {
            uid: "u-bob".into(),
            name: "bob".into(),
            email: "bob@example.com".into(),
            role: "viewer",
        },
    ]
}

fn repo(name: &str) -> Value {
    json!({"source": "gitlab", "repo_owner": "shop", "repo_namespace": "shop", "repo_name": name, "remote_name": "origin",
           "branch": "main", "codehost_id": 3, "codehost_name": "gitlab", "oauth_token": "", "address": "https://git.example.com"})
}

fn build_option(svc: &str, module: &str) -> Value {
    json!({"service_name": svc, "service_module": module, "build_name": format!("{module}-build"), "image_name": module,
    "repos": [repo(module)],
    "key_vals": [
        {"key": "GOFLAGS", "value": "-trimpath", "type": "string", "is_credential": false, "description": "Go build flags"},
        {"key": "BUILD_MODE", "value": "release", "type": "choice", "choice_option": ["debug", "release"], "is_credential": false},
        {"key": "NPM_TOKEN", "value": "npm_sandboxSecret", "type": "string", "is_credential": true, "description": "registry token"},
    ]})
}

fn approval_job(name: &str, users: &[(&str, &str)], needed: i64, timeout: i64) -> Value {
    let u: Vec<Value> = users
        .iter()
        .map(|(id, n)| json!({"type": "user", "user_id": id, "user_name": n}))
        .collect();
    json!({"name": name, "type": "approval", "run_policy": "force_run", "skipped": false,
           "spec": {"timeout": timeout, "type": "native", "description": "Production change: check the release notes before approving.",
                    "native_approval": {"timeout": timeout, "approve_users": u, "needed_approvers": needed}}})
}

fn notify(kind: &str) -> Value {
    let mut n = json!({"enabled": true, "webhook_type": kind, "notify_type": ["failed", "passed"]});
    let (k, v) = match kind {
        "feishu_person" => (
            "lark_person_notification_config",
            json!({"users": [{"id": "35g99291", "id_type": "user_id"}]}),
        ),
        "dingding" => (
            "dingding_notification_config",
            json!({"at_mobiles": ["13800138000"], "is_at_all": false}),
        ),
        "mail" => ("mail_notification_config", json!({"user_ids": ["u-admin"]})),
        "wechat" => (
            "wechat_notification_config",
            json!({"at_users": ["zhangsan"], "is_at_all": false}),
        ),
        "feishu" => (
            "lark_hook_notification_config",
            json!({"at_users": [], "is_at_all": false}),
        ),
        "msteams" => (
            "msteams_notification_config",
            json!({"at_emails": ["ops@example.com"]}),
        ),
        _ => ("feishu_app", json!({})),
    };
    n[k] = v;
    n
}

/// The demo workflow definitions (internal `WorkflowV4` model).
pub fn workflows() -> Vec<Value> {
    let build = json!({"name": "build", "type": "zadig-build", "run_policy": "", "skipped": false,
        "spec": {"docker_registry_id": "reg-1", "source": "runtime",
                 "service_and_builds": [build_option("shop", "frontend"), build_option("shop", "orders")],
                 "service_and_builds_options": [build_option("shop", "frontend"), build_option("shop", "orders"), build_option("shop", "payments")]}});
    vec![
        json!({"name": "build-deploy", "display_name": "Build and deploy", "project": "demo", "concurrency_limit": 2,
            "description": "Builds the shop services, deploys them to an environment and runs the smoke tests.",
            "params": [
                {"name": "branch", "type": "string", "value": "main", "default": "main", "description": "branch to release", "is_credential": false, "source": "runtime"},
                {"name": "release_notes", "type": "text", "value": "", "description": "shown in notifications", "is_credential": false, "source": "runtime"},
                {"name": "log_level", "type": "choice", "value": "info", "choice_option": ["debug", "info", "warn"], "is_credential": false, "source": "runtime"},
                {"name": "code", "type": "repo", "value": "", "repo": repo("frontend"), "is_credential": false, "source": "runtime"},
                {"name": "deploy_token", "type": "string", "value": "s3cr3t-default", "is_credential": true, "source": "runtime", "description": "token for the deploy hook"},
                {"name": "regions", "type": "multi-select", "value": "cn-north", "choice_option": ["cn-north", "cn-east"], "choice_value": ["cn-north"], "is_credential": false, "source": "runtime"},
                {"name": "extra_config", "type": "file", "value": "", "is_credential": false, "source": "runtime"},
                {"name": "image_prefix", "type": "string", "value": "<+fixed>shop", "is_credential": false, "source": "fixed"},
            ],
            "stages": [
                {"name": "Build", "parallel": true, "jobs": [build]},
                {"name": "Deploy", "parallel": true, "jobs": [{"name": "deploy", "type": "zadig-deploy", "run_policy": "", "spec": {
                    "env": "dev", "production": false, "source": "fromjob", "job_name": "build", "deploy_type": "k8s",
                    "deploy_contents": ["image"], "services": [{"service_name": "shop", "modules": [{"service_module": "frontend"}, {"service_module": "orders"}]}]}}]},
                {"name": "Test", "parallel": true, "jobs": [{"name": "smoke", "type": "zadig-test", "run_policy": "default_not_run", "spec": {
                    "test_type": "service_test", "source": "runtime",
                    "service_and_tests": [{"service_name": "shop", "service_module": "frontend", "name": "smoke-frontend", "repos": [repo("e2e")], "key_vals": [{"key": "BASE_URL", "value": "https://dev.shop.example.com", "type": "string"}]},
                                          {"service_name": "shop", "service_module": "orders", "name": "smoke-orders", "repos": [repo("e2e")], "key_vals": []}]}}]},
            ],
            "notify_ctls": [notify("feishu_person"), notify("dingding"), notify("mail"), notify("wechat")]}),
        json!({"name": "release-prod", "display_name": "Release to production", "project": "demo", "concurrency_limit": 1,
            "description": "Promotes an image to production after an approval.",
            "params": [{"name": "ticket", "type": "string", "value": "", "description": "change ticket id", "is_credential": false, "required": true, "source": "runtime"}],
            "stages": [
                {"name": "Approve", "jobs": [approval_job("approve", &[("u-alice", "alice"), ("u-admin", "admin")], 1, 30)]},
                {"name": "Deploy", "parallel": true, "jobs": [{"name": "deploy-prod", "type": "zadig-deploy", "spec": {
                    "env": "prod", "production": true, "source": "runtime", "deploy_contents": ["image"],
                    "service_and_images": [{"service_name": "shop", "service_module": "frontend", "image": "registry.example.com/demo/frontend:1.4.0"}]}}]},
            ],
            "notify_ctls": [notify("feishu"), notify("msteams")]}),
        json!({"name": "nightly-tests", "display_name": "Nightly tests", "project": "demo", "concurrency_limit": -1,
            "description": "Unit and integration tests plus a code scan.",
            "params": [], "stages": [
                {"name": "Test", "parallel": true, "jobs": [
                    {"name": "tests", "type": "zadig-test", "spec": {"test_type": "", "source": "runtime", "test_modules": [
                        {"name": "unit-test", "project_name": "demo", "repos": [repo("orders")], "key_vals": [{"key": "RACE", "value": "true", "type": "string"}]},
                        {"name": "integration-test", "project_name": "demo", "repos": [repo("orders")], "key_vals": []}]}},
                    {"name": "scan", "type": "zadig-scanning", "spec": {"scanning_type": "", "source": "runtime", "scannings": [
                        {"name": "sonar-orders", "project_name": "demo", "repos": [repo("orders")], "key_vals": []}]}}]},
            ], "notify_ctls": []}),
        json!({"name": "always-fails", "display_name": "Flaky check (always fails)", "project": "demo", "concurrency_limit": -1,
            "description": "A job that fails every time, for trying retry and error states.",
            "params": [], "stages": [
                {"name": "Check", "jobs": [{"name": "check", "type": "freestyle", "spec": {"freestyle_type": "",
                    "script": "#!/bin/bash\necho checking $TARGET\necho \"<script>alert(1)</script> is not markup\"\nexit 1",
                    "envs": [{"key": "TARGET", "value": "orders", "type": "string", "is_credential": false}], "repos": []}}]},
                {"name": "Never", "jobs": [{"name": "after", "type": "freestyle", "spec": {"script": "echo unreachable", "envs": [], "repos": []}}]},
            ], "notify_ctls": []}),
        json!({"name": "manual-gate", "display_name": "Staged rollout with manual gate", "project": "demo", "concurrency_limit": -1,
            "description": "Rolls out to canary, waits for someone to continue, then updates the rest.",
            "params": [], "stages": [
                {"name": "Canary", "jobs": [{"name": "canary", "type": "custom-deploy", "spec": {"namespace": "shop-prod", "cluster_id": "c1", "source": "runtime",
                    "targets": [{"target": "Deployment/frontend-canary/frontend", "image": "registry.example.com/demo/frontend:1.4.0"}]}}]},
                {"name": "Rollout", "manual_exec": {"enabled": true, "modify_params": false, "manual_exec_users": [{"type": "user", "user_id": "u-alice", "user_name": "alice"}]},
                 "jobs": [{"name": "rollout", "type": "freestyle", "spec": {"script": "echo rolling out to all replicas\necho done", "envs": [], "repos": []}}]},
            ], "notify_ctls": []}),
        json!({"name": "ops-toolbox", "display_name": "Ops toolbox", "project": "demo", "concurrency_limit": -1,
            "description": "SQL, TAPD, plugin and Kubernetes jobs, most off by default.",
            "params": [], "stages": [
                {"name": "Data", "parallel": true, "jobs": [
                    {"name": "migrate", "type": "sql", "spec": {"id": "db-orders", "type": "mysql", "source": "runtime", "sql": "show databases;"}},
                    {"name": "tapd", "type": "tapd", "run_policy": "default_not_run", "spec": {"tapd_id": "t1", "source": "runtime", "project_id": "43976133", "status": "open", "iterations": []}}]},
                {"name": "Tools", "parallel": true, "jobs": [
                    {"name": "hello", "type": "plugin", "spec": {"plugin": {"name": "hello-world", "version": "v0.0.1", "image": "alpine/curl:3.14", "description": "hello world",
                        "inputs": [{"name": "CONTENT", "type": "string", "value": "hello world", "default": "hello world", "description": "content to print", "is_credential": false}]}}},
                    {"name": "patch", "type": "custom-deploy", "run_policy": "default_not_run", "spec": {"namespace": "shop-dev", "source": "runtime",
                        "targets": [{"target": "Deployment/orders/orders", "image": "registry.example.com/demo/orders:1.3.9"}]}},
                    {"name": "announce", "type": "notification", "run_policy": "skip", "spec": {}}]},
            ], "notify_ctls": []}),
        json!({"name": "canary", "display_name": "Kubernetes canary", "project": "demo", "concurrency_limit": 1,
            "description": "Canary deploy and release, a VM deploy and an AI review.",
            "params": [], "stages": [
                {"name": "Canary", "jobs": [{"name": "canary-deploy", "type": "k8s-canary-deploy", "spec": {"namespace": "shop-prod", "targets": [{"k8s_service_name": "frontend", "workload_name": "frontend", "container_name": "frontend", "image": "registry.example.com/demo/frontend:1.4.0"}]}}]},
                {"name": "Release", "jobs": [{"name": "canary-release", "type": "k8s-canary-release", "spec": {}},
                                              {"name": "vm", "type": "zadig-vm-deploy", "run_policy": "default_not_run", "spec": {"env": "staging", "service_and_vm_deploys": [{"service_name": "legacy-billing"}]}},
                                              {"name": "review", "type": "ai-task", "run_policy": "default_not_run", "spec": {}}]},
            ], "notify_ctls": []}),
        json!({"name": "log-flood", "display_name": "Log flood (benchmark)", "project": "demo", "concurrency_limit": -1,
            "description": "One job that writes LOG_LINES lines at LOG_RATE lines per second.",
            "params": [], "stages": [
                {"name": "Flood", "jobs": [{"name": "flood", "type": "freestyle", "spec": {"script": "", "repos": [],
                    "envs": [{"key": "LOG_LINES", "value": "100000", "type": "string"}, {"key": "LOG_RATE", "value": "20000", "type": "string"}]}}]},
            ], "notify_ctls": []}),
        json!({"name": "ticketed-release", "display_name": "Ticketed release", "project": "demo", "concurrency_limit": 1,
            "enable_approval_ticket": true, "description": "Needs a pre-approval ticket; the OpenAPI cannot run it.",
            "params": [], "stages": [{"name": "Deploy", "jobs": [{"name": "deploy", "type": "zadig-deploy", "spec": {"env": "prod", "source": "runtime", "service_and_images": []}}]}],
            "notify_ctls": []}),
        json!({"name": "payments-ci", "display_name": "Payments CI", "project": "payments", "concurrency_limit": -1,
            "description": "Builds and tests the payments API.",
            "params": [{"name": "branch", "type": "string", "value": "main", "is_credential": false, "source": "runtime"}],
            "stages": [{"name": "Build", "jobs": [{"name": "unit", "type": "freestyle", "spec": {"script": "echo go test ./...\necho ok", "envs": [], "repos": [repo("payments")]}}]}],
            "notify_ctls": []}),
        json!({"name": "payments-release", "display_name": "Payments release", "project": "payments", "concurrency_limit": 1,
            "description": "Approval, then deploy.", "params": [],
            "stages": [
                {"name": "Approve", "jobs": [approval_job("approve", &[("u-alice", "alice")], 1, 60)]},
                {"name": "Deploy", "jobs": [{"name": "deploy", "type": "zadig-deploy", "spec": {"env": "prod", "production": true, "source": "runtime",
                    "service_and_images": [{"service_name": "payments", "service_module": "api", "image": "registry.example.com/payments/api:2.0.1"}]}}]},
            ], "notify_ctls": []}),
    ]
}

/// Default inputs that run every job not off by default: what a person pressing Run gets.
pub fn default_inputs(def: &Value) -> HashMap<String, Value> {
    let mut m = HashMap::new();
    for st in def["stages"].as_array().cloned().unwrap_or_default() {
        for j in st["jobs"].as_array().cloned().unwrap_or_default() {
            let policy = j["run_policy"].as_str().unwrap_or("");
            if policy == "skip" || policy == "default_not_run" {
                continue;
            }
            let p = match j["type"].as_str().unwrap_or("") {
                "zadig-build" => json!({"registry": "https://registry.example.com/demo"}),
                _ => json!({}),
            };
            m.insert(j["name"].as_str().unwrap_or("").to_string(), p);
        }
    }
    m
}

/// Builds a task and runs it to its end at once, then moves its times into the past.
pub fn finished_task(
    w: &World,
    def: &Value,
    id: i64,
    creator: (&str, &str),
    inputs: &HashMap<String, Value>,
    outcome: &str,
    ago_s: i64,
) -> Option<Task> {
    let stages = build_stages(w, def, inputs, id, creator.1, creator.0).ok()?;
    let mut t = Task {
        id,
        workflow_key: def["name"].as_str()?.to_string(),
        workflow_name: def["display_name"].as_str()?.to_string(),
        project_key: def["project"].as_str()?.to_string(),
        status: "running".into(),
        creator: creator.1.into(),
        creator_uid: creator.0.into(),
        revoker: None,
        create_time: 0,
        start_time: 0,
        end_time: 0,
        remark: String::new(),
        params: def["params"].as_array().cloned().unwrap_or_default(),
        is_restart: false,
        stages,
        error: String::new(),
        args: json!({"workflow_key": def["name"], "project_key": def["project"], "inputs": inputs.iter().map(|(k, v)| json!({"job_name": k, "parameters": v})).collect::<Vec<_>>()}),
    };
    let mut world = World {
        knobs: Default::default(),
        ..Default::default()
    };
    world.knobs.speed = 1.0;
    for _ in 0..10_000 {
        if crate::model::task_done(&t.status) {
            break;
        }
        if t.status == "pause" {
            let name = t
                .stages
                .iter()
                .find(|s| s.status == "pause")
                .map(|s| s.name.clone())
                .unwrap_or_default();
            let _ = engine::manual_exec(&mut t, &name);
        }
        if outcome == "cancelled" && t.stages.first().is_some_and(|s| s.status == "passed") {
            let _ = engine::cancel(&mut t, creator.1);
            break;
        }
        let waiting: Vec<String> = t
            .stages
            .iter()
            .flat_map(|s| s.jobs.iter())
            .filter(|j| j.status == "wait_for_approval")
            .map(|j| j.name.clone())
            .collect();
        for name in waiting {
            match outcome {
                "reject" => {
                    let _ = engine::approve(
                        &mut t,
                        &name,
                        "u-alice",
                        "alice",
                        false,
                        "not during the freeze",
                    );
                }
                "timeout" => {
                    for j in t
                        .stages
                        .iter_mut()
                        .flat_map(|s| s.jobs.iter_mut())
                        .filter(|j| j.name == name)
                    {
                        j.elapsed_ms = f64::MAX / 4.0;
                    }
                }
                _ => {
                    let _ = engine::approve(&mut t, &name, "u-alice", "alice", true, "LGTM");
                }
            }
        }
        world.tasks.insert(t.workflow_key.clone(), vec![t]);
        engine::tick(&mut world, 60_000.0);
        t = world.tasks.remove(def["name"].as_str()?)?.pop()?;
    }
    backdate(&mut t, now() - ago_s);
    Some(t)
}

/// The history task whose jobs took four times as long as usual (duration trend).
pub const SLOW: (&str, i64) = ("build-deploy", 21);

/// Rewrites a finished task's times as if it had started at `base`.
fn backdate(t: &mut Task, base: i64) {
    let mut clock = base + 2;
    t.create_time = base;
    t.start_time = clock;
    for s in t.stages.iter_mut() {
        if s.status.is_empty() {
            continue;
        }
        // A stage started by hand waited for someone first.
        if s.manual_exec.as_ref().is_some_and(|m| m["enabled"] == true) {
            clock += 45;
        }
        s.start_time = clock;
        let mut stage_end = clock;
        let mut serial = clock;
        for (i, j) in s.jobs.iter_mut().enumerate() {
            if j.status.is_empty() {
                continue;
            }
            let start = if s.parallel { clock } else { serial };
            let mut dur =
                4 + (i as i64 * 3) + (t.id % 5) + if j.jtype == "approval" { 90 } else { 0 };
            if t.workflow_key == SLOW.0 && t.id == SLOW.1 {
                dur *= 4;
            }
            j.start_time = start;
            j.end_time = start + dur;
            serial = j.end_time;
            stage_end = stage_end.max(j.end_time);
        }
        s.end_time = stage_end;
        clock = stage_end + 1;
    }
    t.end_time = clock;
}

/// Loads projects, users, environments, registries, workflows, views and history.
pub fn load(w: &mut World) {
    w.users = users();
    let mut roles = HashMap::new();
    roles.insert("u-alice".to_string(), "member");
    w.projects = vec![
        Project {
            key: "demo".into(),
            name: "Demo Shop".into(),
            description: "An online shop: frontend, orders and payments services.".into(),
            roles: roles.clone(),
        },
        Project {
            key: "payments".into(),
            name: "Payments Platform".into(),
            description: "Payment gateway and ledger.".into(),
            roles,
        },
    ];
    let env = |key: &str, prod: bool, ns: &str| {
        json!({"env_key": key, "env_name": key, "namespace": ns, "production": prod, "status": "Running",
        "cluster_id": "c1", "update_by": "admin", "update_time": 1_764_000_000, "alias": if prod { "Production" } else { "" }})
    };
    w.envs.insert(
        "demo".into(),
        vec![
            env("dev", false, "shop-dev"),
            env("staging", false, "shop-staging"),
            env("prod", true, "shop-prod"),
        ],
    );
    w.envs.insert(
        "payments".into(),
        vec![env("dev", false, "pay-dev"), env("prod", true, "pay-prod")],
    );
    // What runs in them now (deploy jobs that pass change it).
    for (project, env, service, module, image) in [
        (
            "demo",
            "dev",
            "shop",
            "frontend",
            "registry.example.com/demo/frontend:1.4.0-rc.2",
        ),
        (
            "demo",
            "dev",
            "shop",
            "orders",
            "registry.example.com/demo/orders:2.1.0",
        ),
        (
            "demo",
            "staging",
            "shop",
            "frontend",
            "registry.example.com/demo/frontend:1.4.0-rc.2",
        ),
        (
            "demo",
            "staging",
            "shop",
            "orders",
            "registry.example.com/demo/orders:2.0.3",
        ),
        (
            "demo",
            "prod",
            "shop",
            "frontend",
            "registry.example.com/demo/frontend:1.3.2",
        ),
        (
            "demo",
            "prod",
            "shop",
            "orders",
            "registry.example.com/demo/orders:2.0.3",
        ),
        (
            "payments",
            "dev",
            "payments",
            "api",
            "registry.example.com/payments/api:2.1.0-dev",
        ),
        (
            "payments",
            "prod",
            "payments",
            "api",
            "registry.example.com/payments/api:2.0.0",
        ),
    ] {
        if let Some(e) = w
            .envs
            .get_mut(project)
            .and_then(|l| l.iter_mut().find(|e| e["env_name"] == env))
        {
            crate::envs::set_image(e, service, module, image);
        }
    }
    w.registries = vec![
        json!({"registry_id": "reg-1", "address": "https://registry.example.com", "provider": "native", "region": "", "namespace": "demo", "is_default": true}),
        json!({"registry_id": "reg-2", "address": "https://ccr.example.com", "provider": "tcr", "region": "ap-shanghai", "namespace": "shop", "is_default": false}),
    ];
    let t0 = now() - 30 * 86400;
    for (i, def) in workflows().into_iter().enumerate() {
        let created = t0 + i as i64 * 3600;
        w.workflows.push(Workflow {
            def,
            created_by: "admin".into(),
            create_time: created,
            update_time: created + 86400 * (i as i64 % 7),
            updated_by: "admin".into(),
        });
    }
    w.product_workflows = vec![
        json!({"project": "demo", "workflow_key": "legacy-product", "workflow_name": "Legacy product workflow", "update_by": "admin", "update_time": t0 - 86400}),
    ];
    let entry = |k: &str| ViewEntry {
        workflow_key: k.into(),
        workflow_name: k.into(),
        workflow_type: "custom".into(),
        enabled: true,
    };
    w.views = vec![
        View {
            project: "demo".into(),
            name: "release".into(),
            entries: vec![entry("release-prod"), entry("manual-gate"), entry("canary")],
            update_time: t0,
            update_by: "admin".into(),
        },
        View {
            project: "demo".into(),
            name: "ci".into(),
            entries: vec![
                entry("build-deploy"),
                entry("nightly-tests"),
                entry("always-fails"),
            ],
            update_time: t0,
            update_by: "admin".into(),
        },
    ];
    history(w);
}

/// Where the demo's failed log flood writes its error.
pub const FLOOD_FAIL_AT: u64 = 61_234;

fn history(w: &mut World) {
    let defs: Vec<Value> = w.workflows.iter().map(|wf| wf.def.clone()).collect();
    let plan: &[(&str, &[&str])] = &[
        (
            "build-deploy",
            &[
                "passed",
                "passed",
                "failed",
                "passed",
                "cancelled",
                "passed",
                "passed",
                "passed",
                "failed",
                "passed",
                "passed",
                "passed",
                "passed",
                "cancelled",
                "passed",
                "passed",
                "passed",
                "failed",
                "passed",
                "passed",
                "passed",
                "passed",
                "passed",
            ],
        ),
        (
            "release-prod",
            &["passed", "reject", "timeout", "passed", "cancelled"],
        ),
        ("nightly-tests", &["passed", "passed", "failed", "passed"]),
        ("always-fails", &["failed", "failed", "failed"]),
        ("manual-gate", &["passed"]),
        ("ops-toolbox", &["passed", "passed"]),
        ("payments-ci", &["passed", "failed", "passed"]),
        ("payments-release", &["passed", "reject"]),
        // 100,000-line logs: a pass, then a run failing at item 61,234 (log diff).
        ("log-flood", &["passed", "failed"]),
    ];
    for (key, outcomes) in plan {
        let Some(def) = defs.iter().find(|d| d["name"] == *key) else {
            continue;
        };
        let n = outcomes.len() as i64;
        for (i, outcome) in outcomes.iter().enumerate() {
            let mut inputs = default_inputs(def);
            if *outcome == "failed" {
                if let Some(b) = inputs.get_mut("build") {
                    b["service_list"] = json!([{"service_name": "shop", "service_module": "orders", "inputs": [{"key": "FAIL", "value": "true"}]}]);
                }
                if let Some(t) = inputs.get_mut("tests") {
                    t["testing_list"] = json!([{"testing_name": "integration-test", "inputs": [{"key": "FAIL", "value": "true"}]}]);
                }
                if *key == "payments-ci" {
                    inputs.clear();
                    inputs.insert("unit".into(), json!({"kv": []}));
                }
                if *key == "log-flood" {
                    inputs.insert(
                        "flood".into(),
                        json!({"kv": [{"key": "FAIL_AT", "value": FLOOD_FAIL_AT.to_string()}]}),
                    );
                }
            }
            let creator = if i % 3 == 1 {
                ("u-alice", "alice")
            } else {
                ("u-admin", "admin")
            };
            let ago = (n - i as i64) * 5400 + 600;
            if let Some(mut t) = finished_task(w, def, i as i64 + 1, creator, &inputs, outcome, ago)
            {
                if *outcome == "failed" && *key == "payments-ci" {
                    t.status = "failed".into();
                }
                w.tasks.entry(key.to_string()).or_default().push(t);
            }
        }
    }
}

/// Adds `n` workflows with `tasks` finished tasks each (scale tests and benchmarks).
pub fn scale(w: &mut World, project: &str, n: usize, tasks: usize) {
    let base = w.workflows.len();
    for i in 0..n {
        let key = format!("bulk-{:05}", base + i);
        let def = json!({"name": key, "display_name": format!("Bulk workflow {}", base + i), "project": project, "concurrency_limit": -1,
            "description": "generated", "params": [], "notify_ctls": [],
            "stages": [{"name": "Run", "jobs": [{"name": "run", "type": "freestyle", "spec": {"script": "echo ok", "envs": [], "repos": []}}]}]});
        let t = now() - (i as i64 % 1000) * 60;
        for id in 1..=tasks as i64 {
            let inputs = default_inputs(&def);
            if let Ok(stages) = build_stages(w, &def, &inputs, id, "admin", "u-admin") {
                let mut task = Task {
                    id,
                    workflow_key: key.clone(),
                    workflow_name: def["display_name"].as_str().unwrap_or("").into(),
                    project_key: project.into(),
                    status: if id % 7 == 0 { "failed" } else { "passed" }.into(),
                    creator: "admin".into(),
                    creator_uid: "u-admin".into(),
                    revoker: None,
                    create_time: t - (tasks as i64 - id) * 600,
                    start_time: t - (tasks as i64 - id) * 600 + 1,
                    end_time: t - (tasks as i64 - id) * 600 + 20,
                    remark: String::new(),
                    params: vec![],
                    is_restart: false,
                    stages,
                    error: String::new(),
                    args: json!({}),
                };
                for s in task.stages.iter_mut() {
                    s.status = task.status.clone();
                    s.start_time = task.start_time;
                    s.end_time = task.end_time;
                    for j in s.jobs.iter_mut() {
                        j.status = task.status.clone();
                        j.start_time = task.start_time;
                        j.end_time = task.end_time;
                        j.log.push("ok".into());
                        j.log.finish();
                    }
                }
                w.tasks.entry(key.clone()).or_default().push(task);
            }
        }
        w.workflows.push(Workflow {
            def,
            created_by: "admin".into(),
            create_time: t,
            update_time: t,
            updated_by: "admin".into(),
        });
    }
}
