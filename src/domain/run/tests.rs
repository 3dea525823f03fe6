use serde_json::{json, Value};

use super::*;
use crate::api::types::{Environment, Registry, WorkflowDetail};

fn detail(v: Value) -> WorkflowDetail {
    serde_json::from_value(v).unwrap()
}

fn registries() -> Vec<Registry> {
    vec![
        Registry {
            registry_id: "r-other".into(),
            address: "https://hub.example.com".into(),
            namespace: "lib".into(),
            ..Default::default()
        },
        Registry {
            registry_id: "r-1".into(),
            address: "https://koderover.******.com".into(),
            namespace: "test".into(),
            is_default: true,
            ..Default::default()
        },
    ]
}

fn envs() -> Vec<Environment> {
    let env = |k: &str, prod: bool| Environment {
        env_key: k.into(),
        production: prod,
        ..Default::default()
    };
    vec![env("dev", false), env("staging", false), env("prod", true)]
}

fn schema(d: &WorkflowDetail) -> RunSchema {
    let (r, e) = (registries(), envs());
    RunSchema::new(SchemaInput {
        detail: d,
        registries: Some(&r),
        envs: Some(&e),
    })
}

fn vals(pairs: &[(&str, &str)]) -> Values {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn repo(codehost: &str, ns: &str, name: &str, branch: &str) -> Value {
    json!({"codehost_name": codehost, "repo_namespace": ns, "repo_name": name, "branch": branch, "source": "gitlab"})
}

/// A workflow shaped like the one behind the doc's execute example.
fn doc_workflow() -> WorkflowDetail {
    detail(json!({
        "workflow_key": "test-openapi", "workflow_name": "Test OpenAPI", "project_key": "helm",
        "params": [
            {"name": "test", "type": "string", "value": "", "source": "runtime"},
            {"name": "abc", "type": "choice", "value": "456", "choice_option": ["123", "456"], "source": "runtime"},
            {"name": "repo1", "type": "repo", "repo": repo("gitlab", "kr-poc", "num_test", "main"), "source": "runtime"},
            {"name": "fixed", "type": "string", "value": "<+fixed>x", "source": "fixed"}
        ],
        "stages": [
            {"name": "build", "jobs": [{"name": "build-myapps", "type": "zadig-build", "spec": {
                "docker_registry_id": "r-1",
                "service_and_builds": [{"service_name": "zadig", "service_module": "aslan",
                    "repos": [repo("koderover", "koderover", "zadig", "main")],
                    "key_vals": [{"key": "username", "value": "", "type": "string"}, {"key": "password", "value": "", "type": "string"}]}],
                "service_and_builds_options": [
                    {"service_name": "zadig", "service_module": "aslan", "repos": [repo("koderover", "koderover", "zadig", "main")],
                     "key_vals": [{"key": "username", "value": "", "type": "string"}, {"key": "password", "value": "", "type": "string"}]},
                    {"service_name": "zadig", "service_module": "cron", "repos": [], "key_vals": []}]}}]},
            {"name": "deploy", "jobs": [{"name": "deploy-myapps", "type": "zadig-deploy", "spec": {
                "env": "dev", "deploy_type": "helm", "source": "runtime",
                "services": [{"service_name": "zadig", "modules": [
                    {"service_module": "aslan", "image": "old/aslan:1"},
                    {"service_module": "zadig-portal", "image": "old/portal:1"}]}]}}]},
            {"name": "ops", "parallel": true, "jobs": [
                {"name": "jira-issue-update", "type": "freestyle", "spec": {"envs": [
                    {"key": "IssueID", "value": "", "type": "string"},
                    {"key": "FromStatus", "value": "Testing", "type": "string"},
                    {"key": "TargetStatus", "value": "ToBeReleased", "type": "string"}], "repos": []}},
                {"name": "deploy-my-app", "type": "custom-deploy", "spec": {"targets": [
                    {"target": "Deployment/service2/service2", "image": "old/service2:1"}]}},
                {"name": "sql", "type": "sql", "spec": {"source": "runtime", "sql": "show databases;"}},
                {"name": "announce", "type": "notification", "run_policy": "skip", "spec": {}}
            ]}
        ],
        "notify_ctls": [
            {"enabled": true, "webhook_type": "dingding", "dingding_notification_config": {"at_mobiles": ["1"]}},
            {"enabled": true, "webhook_type": "feishu_person", "lark_person_notification_config": {"users": []}}
        ]
    }))
}

fn doc_fixture() -> Value {
    let text = include_str!("../../../tests/fixtures/seed/requests/execute.json");
    let body: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn reproduces_the_doc_execute_example() {
    let s = schema(&doc_workflow());
    let v = vals(&[
        ("p.test", "zadig"),
        ("p.abc", "123"),
        ("p.repo1.branch", "master"),
        ("p.repo1.prs", "1"),
        ("j.build-myapps.g.zadig/aslan.kv.username", "admin"),
        ("j.build-myapps.g.zadig/aslan.kv.password", "Zadig"),
        (
            "j.deploy-myapps.g.zadig/aslan.image",
            "koderover.******.com/test/aslan:main",
        ),
        ("j.deploy-myapps.g.zadig/aslan.strategy", "override"),
        (
            "j.deploy-myapps.g.zadig/zadig-portal.image",
            "koderover.******.com/test/zadig-portal:main",
        ),
        (
            "j.deploy-myapps.g.zadig/zadig-portal.strategy",
            "reuse-values",
        ),
        ("j.jira-issue-update.kv.IssueID", "ZAD-10126"),
        (
            "j.deploy-my-app.g.Deployment/service2/service2.image",
            "koderover.***.com/test/service2:0505",
        ),
        ("j.sql.database", "mysql"),
        ("n.1", "1"),
        ("n.1.users", "35g99291"),
    ]);
    let req = s.build(&v, false).unwrap();
    assert_eq!(serde_json::to_value(&req).unwrap(), doc_fixture());
    // The skipped job has no section; the fixed parameter no field.
    assert!(s.jobs.iter().all(|j| j.name != "announce"));
    assert!(s.field("p.fixed").is_none());
}

#[test]
fn defaults_come_from_the_definition() {
    let s = schema(&doc_workflow());
    let req = s.build(&Values::new(), false).unwrap();
    let build = &req.inputs[0];
    let JobParams::Build(b) = &build.parameters else {
        panic!("build params")
    };
    // The job's registry id picks the registry, as `address/namespace`.
    assert_eq!(b.registry, "https://koderover.******.com/test");
    // Only the selected services, not every option.
    assert_eq!(b.service_list.len(), 1);
    assert_eq!(b.service_list[0].repo_info[0].branch, "main");
    assert_eq!(req.parameters[1].value.as_deref(), Some("456"));
    assert!(
        req.notify_inputs.is_empty(),
        "notifications unchanged unless asked"
    );
}

/// One workflow with every job type the OpenAPI runs.
fn every_type() -> WorkflowDetail {
    detail(json!({
        "workflow_key": "all", "project_key": "demo",
        "params": [
            {"name": "s", "type": "string", "value": "a"},
            {"name": "t", "type": "text", "value": "line1\nline2"},
            {"name": "c", "type": "choice", "value": "x", "choice_option": ["x", "y"]},
            {"name": "r", "type": "repo", "repo": repo("gh", "org", "app", "main")},
            {"name": "secret", "type": "string", "value": "stored", "is_credential": true},
            {"name": "m", "type": "multi-select", "value": "a", "choice_option": ["a", "b"]},
            {"name": "f", "type": "file"}
        ],
        "stages": [{"name": "all", "jobs": [
            {"name": "build", "type": "zadig-build", "spec": {"service_and_builds": [
                {"service_name": "s1", "service_module": "m1", "repos": [repo("gh", "org", "m1", "main")],
                 "key_vals": [{"key": "K", "value": "v"}, {"key": "TOKEN", "value": "tok", "is_credential": true},
                              {"key": "MODE", "type": "choice", "value": "a", "choice_option": ["a", "b"]},
                              {"key": "LIST", "type": "multi-select", "value": "a"}]}]}},
            {"name": "deploy", "type": "zadig-deploy", "spec": {"env": "dev", "source": "runtime",
                "service_and_images": [{"service_name": "s1", "service_module": "m1", "image": "i:1"}]}},
            {"name": "custom", "type": "custom-deploy", "spec": {"targets": [{"target": "Deployment/w/c", "image": "i:1"}]}},
            {"name": "free", "type": "freestyle", "spec": {"envs": [{"key": "A", "value": "1"}], "repos": [repo("", "org", "tools", "dev")]}},
            {"name": "free-svc", "type": "freestyle", "spec": {"freestyle_type": "service_freestyle", "services": [
                {"service_name": "s1", "service_module": "m1", "repos": [], "key_vals": [{"key": "B", "value": "2"}]}]}},
            {"name": "test-svc", "type": "zadig-test", "spec": {"test_type": "service_test", "service_and_tests": [
                {"service_name": "s1", "service_module": "m1", "repos": [repo("gh", "org", "e2e", "main")], "key_vals": []}]}},
            {"name": "test", "type": "zadig-test", "spec": {"test_modules": [{"name": "unit", "repos": [], "key_vals": [{"key": "RACE", "value": "1"}]}]}},
            {"name": "scan-svc", "type": "zadig-scanning", "spec": {"scanning_type": "service_scanning", "service_and_scannings": [
                {"service_name": "s1", "service_module": "m1", "repos": [], "key_vals": []}]}},
            {"name": "scan", "type": "zadig-scanning", "spec": {"scannings": [{"name": "sonar", "repos": [repo("gh", "org", "m1", "main")], "key_vals": []}]}},
            {"name": "sql", "type": "sql", "spec": {"source": "runtime", "sql": "select 1;"}},
            {"name": "tapd", "type": "tapd", "spec": {"project_id": "p1", "status": "open", "iterations": [{"iteration_id": "it1"}]}},
            {"name": "approve", "type": "approval", "run_policy": "force_run", "spec": {}},
            {"name": "plugin", "type": "plugin", "spec": {"plugin": {"inputs": [{"name": "CONTENT", "value": "hi"}]}}},
            {"name": "bg", "type": "k8s-blue-green-deploy", "spec": {"services": [{"service_name": "svc-bg", "image": "i:1"}]}},
            {"name": "cd", "type": "k8s-canary-deploy", "spec": {"targets": [{"k8s_service_name": "svc-c", "image": "i:1"}]}},
            {"name": "bgr", "type": "k8s-blue-green-release", "spec": {}},
            {"name": "cr", "type": "k8s-canary-release", "spec": {}},
            {"name": "gray", "type": "k8s-gray-release", "spec": {"targets": [{"workload_type": "Deployment", "workload_name": "w", "container_name": "c", "image": "i:1"}]}},
            {"name": "rollback", "type": "k8s-gray-rollback", "spec": {"targets": [{"workload_name": "w1"}, {"workload_name": "w2"}]}},
            {"name": "patch", "type": "k8s-resource-patch", "spec": {"patch_items": [{"resource_name": "cm", "resource_kind": "ConfigMap", "resource_group": "", "resource_version": "v1", "params": [{"key": "X", "value": "1"}]}]}},
            {"name": "vm", "type": "zadig-vm-deploy", "spec": {"env": "staging", "service_and_vm_deploys": [{"service_name": "legacy"}]}},
            {"name": "ai", "type": "ai-task", "spec": {}},
            {"name": "ai-rel", "type": "ai-release-specialist", "spec": {}},
            {"name": "chart", "type": "zadig-helm-chart-deploy", "spec": {}}
        ]}],
        "notify_ctls": [
            {"enabled": true, "webhook_type": "feishu", "lark_hook_notification_config": {"at_users": ["u1"], "is_at_all": false}},
            {"enabled": true, "webhook_type": "feishu_app", "lark_group_notification_config": {"chat_id": "oc_1", "at_users": [{"id": "ou_1", "id_type": "open_id"}]}},
            {"enabled": true, "webhook_type": "feishu_person", "lark_person_notification_config": {"users": [{"id": "35g", "id_type": "user_id"}]}},
            {"enabled": true, "webhook_type": "wechat", "wechat_notification_config": {"at_users": ["z"], "is_at_all": true}},
            {"enabled": false, "webhook_type": "dingding", "dingding_notification_config": {"at_mobiles": ["138"]}},
            {"enabled": true, "webhook_type": "msteams", "msteams_notification_config": {"at_emails": ["a@b.c"]}},
            {"enabled": true, "webhook_type": "mail", "mail_notification_config": {"user_ids": ["u-admin"]}},
            {"enabled": true, "webhook_type": "webhook"}
        ]
    }))
}

fn every_type_values() -> Values {
    vals(&[
        ("p.s", "b"),
        ("p.c", "y"),
        ("p.r.branch", "release"),
        ("p.r.prs", "4, 5"),
        ("j.build.g.s1/m1.r.org/m1.branch", "feat"),
        ("j.build.g.s1/m1.r.org/m1.prs", "7"),
        ("j.build.g.s1/m1.r.org/m1.commit", "abc123"),
        ("j.build.g.s1/m1.kv.K", "w"),
        ("j.build.g.s1/m1.kv.MODE", "b"),
        ("j.deploy.env", "staging"),
        ("j.deploy.g.s1/m1.image", "i:2"),
        ("j.custom.g.Deployment/w/c.image", "i:3"),
        ("j.free.kv.A", "9"),
        ("j.free.r.org/tools.codehost", "gh"),
        ("j.free-svc.g.s1/m1.kv.B", "3"),
        ("j.test.g.unit.kv.RACE", "0"),
        ("j.scan.g.sonar.r.org/m1.branch", "dev"),
        ("j.sql.database", "orders"),
        ("j.sql.sql", "select 2;"),
        ("j.tapd.iterations", "it1, it2"),
        ("j.tapd.status", "done"),
        ("j.plugin.kv.CONTENT", "bye"),
        ("j.bg.g.svc-bg.image", "i:4"),
        ("j.cd.g.svc-c.image", "i:5"),
        ("j.gray.g.Deployment/w/c.image", "i:6"),
        ("j.rollback.g.w2", "0"),
        ("j.patch.g.ConfigMap/cm.kv.X", "2"),
        ("j.vm.g.legacy.file", "legacy-1.tar.gz"),
        ("n.0", "1"),
        ("n.0.at_all", "1"),
        ("n.1", "1"),
        ("n.1.at_users", "ou_1, ou_2"),
        ("n.2", "1"),
        ("n.3", "1"),
        ("n.4", "1"),
        ("n.4.enabled", "1"),
        ("n.5", "1"),
        ("n.6", "1"),
        ("n.6.dynamic", "creator"),
        ("n.7", "1"),
    ])
}

#[test]
fn every_job_type_builds_and_round_trips() {
    let s = schema(&every_type());
    let req = s.build(&every_type_values(), false).unwrap();
    let kinds: Vec<&str> = req.inputs.iter().map(|i| i.job_type.wire()).collect();
    for t in JobType::KNOWN.iter().filter(|t| t.runnable()) {
        assert!(kinds.contains(&t.wire()), "{t} missing from {kinds:?}");
    }
    assert!(!kinds.contains(&"zadig-helm-chart-deploy"));
    let body = serde_json::to_value(&req).unwrap();
    let input = |name: &str| {
        body["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["job_name"] == name)
            .unwrap()["parameters"]
            .clone()
    };
    assert_eq!(
        input("build"),
        json!({"registry": "https://koderover.******.com/test", "service_list": [{"service_name": "s1", "service_module": "m1",
            "repo_info": [{"codehost_name": "gh", "repo_namespace": "org", "repo_name": "m1", "branch": "feat", "pr": 7, "prs": [7], "enable_commit": true, "commit_id": "abc123"}],
            "inputs": [{"key": "K", "value": "w"}, {"key": "MODE", "value": "b"}]}]})
    );
    assert_eq!(
        input("deploy"),
        json!({"env_name": "staging", "service_list": [{"service_name": "s1", "service_module": "m1", "image_name": "i:2"}]})
    );
    assert_eq!(
        input("custom"),
        json!({"target_list": [{"workload_type": "Deployment", "workload_name": "w", "container_name": "c", "image_name": "i:3"}]})
    );
    assert_eq!(
        input("free"),
        json!({"kv": [{"key": "A", "value": "9"}], "repo_info": [{"codehost_name": "gh", "repo_namespace": "org", "repo_name": "tools", "branch": "dev"}]})
    );
    assert_eq!(
        input("free-svc"),
        json!({"services": [{"service_name": "s1", "service_module": "m1", "inputs": [{"key": "B", "value": "3"}]}]})
    );
    assert_eq!(
        input("test-svc")["service_list"][0]["repo_info"][0]["repo_name"],
        "e2e"
    );
    assert_eq!(
        input("test"),
        json!({"testing_list": [{"testing_name": "unit", "inputs": [{"key": "RACE", "value": "0"}]}]})
    );
    assert_eq!(
        input("scan-svc"),
        json!({"service_list": [{"service_name": "s1", "service_module": "m1"}]})
    );
    assert_eq!(input("scan")["scanning_list"][0]["scanning_name"], "sonar");
    assert_eq!(
        input("sql"),
        json!({"database_name": "orders", "sql": "select 2;"})
    );
    assert_eq!(
        input("tapd"),
        json!({"project_id": "p1", "status": "done", "iteration_ids": ["it1", "it2"]})
    );
    assert_eq!(input("approve"), json!({}));
    assert_eq!(
        input("plugin"),
        json!({"kv": [{"key": "CONTENT", "value": "bye"}]})
    );
    assert_eq!(
        input("bg"),
        json!({"service_list": [{"service_name": "svc-bg", "image_name": "i:4"}]})
    );
    assert_eq!(
        input("cd"),
        json!({"service_list": [{"service_name": "svc-c", "image_name": "i:5"}]})
    );
    assert_eq!(
        input("gray"),
        json!({"target_list": [{"workload_type": "Deployment", "workload_name": "w", "container_name": "c", "image_name": "i:6"}]})
    );
    assert_eq!(
        input("rollback"),
        json!({"target_list": [{"workload_name": "w1"}]})
    );
    assert_eq!(
        input("patch"),
        json!({"target_list": [{"resource_name": "cm", "resource_kind": "ConfigMap", "resource_group": "", "resource_version": "v1", "inputs": [{"key": "X", "value": "2"}]}]})
    );
    assert_eq!(
        input("vm"),
        json!({"env_name": "staging", "service_list": [{"service_name": "legacy", "file_name": "legacy-1.tar.gz"}]})
    );
    for empty in ["bgr", "cr", "ai", "ai-rel"] {
        assert_eq!(input(empty), json!({}));
    }
    // Parameters: typed, multi-select and file never sent, the credential left to its stored value.
    assert_eq!(
        body["parameters"],
        json!([{"name": "s", "type": "string", "value": "b"}, {"name": "t", "type": "text", "value": "line1\nline2"},
               {"name": "c", "type": "choice", "value": "y"},
               {"name": "r", "type": "repo", "repo": {"codehost_name": "gh", "repo_namespace": "org", "repo_name": "app", "branch": "release", "prs": [4, 5]}}])
    );
    // Notifications: one per supported setting, each with its config object; `enabled` only when changed.
    let n = body["notify_inputs"].as_array().unwrap();
    assert_eq!(n.len(), 7);
    assert_eq!(
        n[0],
        json!({"id": 0, "type": "feishu", "lark_hook_notification_config": {"at_users": ["u1"], "is_at_all": true}})
    );
    assert_eq!(
        n[1]["lark_group_notification_config"],
        json!({"chat_id": "oc_1", "at_users": [{"id": "ou_1", "id_type": "open_id"}, {"id": "ou_2", "id_type": "open_id"}]})
    );
    assert_eq!(
        n[4],
        json!({"id": 4, "type": "dingding", "enabled": true, "dingding_notification_config": {"at_mobiles": ["138"], "is_at_all": false}})
    );
    assert_eq!(
        n[6]["mail_notification_config"],
        json!({"user_ids": ["u-admin"], "dynamic_recipients": ["creator"]})
    );

    // Back to values and forth again: the same request.
    let again = s.values_from_request(&req);
    assert_eq!(s.build(&again, false).unwrap(), req);
    // And through JSON, as a past task's arguments come back.
    let parsed = s.request_from_args(&body);
    assert_eq!(parsed, req);
}

#[test]
fn job_policies() {
    let s = schema(&every_type());
    let approve = s.jobs.iter().find(|j| j.name == "approve").unwrap();
    assert!(!approve.toggleable(), "force_run is locked on");
    assert!(approve.on(&vals(&[("j.approve", "0")])));
    let chart = s.jobs.iter().find(|j| j.name == "chart").unwrap();
    assert_eq!(chart.note, Some(Note::NotRunnable));
    assert!(!chart.on(&vals(&[("j.chart", "1")])));

    let d = detail(
        json!({"workflow_key": "w", "stages": [{"name": "s", "jobs": [
        {"name": "off", "type": "freestyle", "run_policy": "default_not_run", "spec": {}},
        {"name": "on", "type": "freestyle", "spec": {}},
        {"name": "gone", "type": "freestyle", "run_policy": "skip", "spec": {}}]}]}),
    );
    let s = schema(&d);
    let names: Vec<&str> = s.jobs.iter().map(|j| j.name.as_str()).collect();
    assert_eq!(names, ["off", "on"]);
    let req = s.build(&Values::new(), false).unwrap();
    assert_eq!(req.inputs.len(), 1, "default_not_run starts off");
    let req = s
        .build(&vals(&[("j.off", "1"), ("j.on", "0")]), false)
        .unwrap();
    assert_eq!(req.inputs[0].job_name, "off");
}

fn problems(s: &RunSchema, v: &Values) -> Vec<(String, Problem)> {
    s.build(v, false)
        .unwrap_err()
        .into_iter()
        .map(|i| (i.key, i.problem))
        .collect()
}

#[test]
fn every_validation_rule() {
    let s = schema(&every_type());
    let mut v = every_type_values();
    v.insert("p.c".into(), "z".into());
    v.insert("j.build.g.s1/m1.r.org/m1.branch".into(), "  ".into());
    v.insert("j.build.g.s1/m1.r.org/m1.prs".into(), "12, abc".into());
    v.insert("j.deploy.g.s1/m1.image".into(), "".into());
    v.insert("j.deploy.env".into(), "nowhere".into());
    v.insert("j.custom.g.Deployment/w/c".into(), "0".into());
    v.insert("j.sql.sql".into(), "\n".into());
    v.insert("j.build.registry".into(), "https://elsewhere/x".into());
    v.insert("j.vm.g.legacy.file".into(), "".into());
    v.insert("n.1.chat_id".into(), "".into());
    let got = problems(&s, &v);
    let want = [
        ("p.c", Problem::NotAChoice),
        ("j.build.registry", Problem::NotAChoice),
        ("j.build.g.s1/m1.r.org/m1.branch", Problem::Required),
        ("j.build.g.s1/m1.r.org/m1.prs", Problem::NotNumbers),
        ("j.deploy.env", Problem::NotAChoice),
        ("j.deploy.g.s1/m1.image", Problem::Required),
        ("j.custom", Problem::NoneSelected),
        ("j.sql.sql", Problem::Required),
        ("j.vm.g.legacy.file", Problem::Required),
        ("n.1.chat_id", Problem::Required),
    ];
    for (k, p) in want.clone() {
        assert!(
            got.contains(&(k.to_string(), p.clone())),
            "{k}: {p:?} not in {got:?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:?}");

    // A required parameter; nothing to run; a forced job the OpenAPI cannot run.
    let d = detail(
        json!({"workflow_key": "w", "params": [{"name": "ticket", "type": "string", "required": true}],
        "stages": [{"name": "s", "jobs": [{"name": "a", "type": "freestyle", "spec": {}},
                                           {"name": "n", "type": "notification", "run_policy": "force_run", "spec": {}}]}]}),
    );
    let s = schema(&d);
    assert_eq!(
        problems(&s, &vals(&[("j.a", "0")])),
        vec![
            ("p.ticket".to_string(), Problem::Required),
            ("j.n".to_string(), Problem::ForcedNotRunnable),
            (String::new(), Problem::NothingToRun)
        ]
    );
}

#[test]
fn credentials_are_sent_only_when_typed_and_masked_in_the_preview() {
    let s = schema(&every_type());
    let mut v = every_type_values();
    let f = s.field("j.build.g.s1/m1.kv.TOKEN").unwrap();
    assert!(f.credential);
    assert_eq!(f.default, "", "the stored secret is not shown");
    assert_eq!(s.field("p.secret").unwrap().default, "");
    let req = s.build(&v, false).unwrap();
    let body = serde_json::to_string(&req).unwrap();
    assert!(!body.contains("TOKEN") && !body.contains("\"secret\""));

    v.insert("j.build.g.s1/m1.kv.TOKEN".into(), "new-token".into());
    v.insert("p.secret".into(), "new-secret".into());
    let real = serde_json::to_string(&s.build(&v, false).unwrap()).unwrap();
    assert!(real.contains("new-token") && real.contains("new-secret"));
    let shown = serde_json::to_string(&s.build(&v, true).unwrap()).unwrap();
    assert!(!shown.contains("new-token") && !shown.contains("new-secret"));
    assert_eq!(shown.matches(MASK).count(), real.matches(MASK).count() + 2);

    // Never in a draft, a URL or values taken from a past request.
    let kept = s.keep(&v);
    assert!(!kept.contains_key("j.build.g.s1/m1.kv.TOKEN") && !kept.contains_key("p.secret"));
    assert!(s.to_query(&v).iter().all(|(k, _)| k != "p.secret"));
    let (from_url, refused) = s.from_query(&[("p.secret".into(), "x".into())]);
    assert!(from_url.is_empty());
    assert_eq!(refused, ["p.secret"]);
    let back = s.values_from_request(&s.build(&v, false).unwrap());
    assert!(!back.values().any(|x| x.contains("new-")));
}

#[test]
fn url_prefill() {
    let s = schema(&every_type());
    let (v, refused) = s.from_query(&[
        ("jobs".into(), "build,deploy,nope".into()),
        ("p.s".into(), "from-url".into()),
        ("j.deploy.env".into(), "prod".into()),
        ("p.unknown".into(), "x".into()),
        ("tab".into(), "ignored: not a form path".into()),
    ]);
    assert_eq!(refused, ["jobs=nope", "p.unknown"]);
    let req = s.build(&v, false).unwrap();
    let names: Vec<&str> = req.inputs.iter().map(|i| i.job_name.as_str()).collect();
    assert_eq!(
        names,
        ["build", "deploy", "approve"],
        "forced jobs always run"
    );
    assert_eq!(req.parameters[0].value.as_deref(), Some("from-url"));

    // to_query then from_query gives back the same request.
    let q = s.to_query(&every_type_values());
    let (v2, refused) = s.from_query(&q);
    assert!(refused.is_empty());
    assert_eq!(
        s.build(&v2, false).unwrap(),
        s.build(&every_type_values(), false).unwrap()
    );
}

#[test]
fn production_deploys_are_named() {
    let s = schema(&every_type());
    assert!(s.production_targets(&Values::new()).is_empty());
    let v = vals(&[("j.deploy.env", "prod"), ("j.vm.env", "prod")]);
    assert_eq!(s.production_targets(&v), ["prod"]);
    let v = vals(&[("j.deploy.env", "prod"), ("j.deploy", "0")]);
    assert!(s.production_targets(&v).is_empty(), "only jobs that run");

    // Without the environment list, the definition's flag decides.
    let d = detail(
        json!({"workflow_key": "w", "stages": [{"name": "s", "jobs": [
        {"name": "d", "type": "zadig-deploy", "spec": {"env": "live", "production": true, "source": "runtime"}}]}]}),
    );
    let s = RunSchema::new(SchemaInput {
        detail: &d,
        registries: None,
        envs: None,
    });
    assert_eq!(s.production_targets(&Values::new()), ["live"]);
    assert!(s
        .production_targets(&vals(&[("j.d.env", "other")]))
        .is_empty());
    assert_eq!(s.field("j.d.env").unwrap().kind, Kind::Text);
}

#[test]
fn deploy_from_an_earlier_job_sends_only_the_environment() {
    let d = detail(
        json!({"workflow_key": "w", "stages": [{"name": "s", "jobs": [
        {"name": "d", "type": "zadig-deploy", "spec": {"env": "dev", "source": "fromjob", "job_name": "build"}}]}]}),
    );
    let s = schema(&d);
    assert_eq!(s.jobs[0].note, Some(Note::FromJob("build".into())));
    let body = serde_json::to_value(s.build(&Values::new(), false).unwrap()).unwrap();
    assert_eq!(body["inputs"][0]["parameters"], json!({"env_name": "dev"}));
}

#[test]
fn an_environment_not_in_the_list_must_be_chosen() {
    let d = detail(
        json!({"workflow_key": "w", "stages": [{"name": "s", "jobs": [
        {"name": "d", "type": "zadig-deploy", "spec": {"env": "{{.job.env}}", "source": "fromjob"}}]}]}),
    );
    let s = schema(&d);
    assert_eq!(s.field("j.d.env").unwrap().default, "");
    assert_eq!(
        problems(&s, &Values::new()),
        vec![("j.d.env".to_string(), Problem::Required)]
    );
}

#[test]
fn another_definitions_choices_carry_over() {
    // Zadig's clone answers with the workflow as it ran: its selections become values.
    let mut ran = serde_json::to_value(every_type_json_like()).unwrap();
    ran["stages"][0]["jobs"][0]["spec"]["service_and_builds"][0]["repos"][0]["branch"] =
        json!("hotfix");
    let ran = detail(ran);
    let past = schema(&ran).defaults();
    let s = schema(&every_type());
    let carried = s.keep(&past);
    assert_eq!(carried["j.build.g.s1/m1.r.org/m1.branch"], "hotfix");
    let mut v = every_type_values();
    v.remove("j.build.g.s1/m1.r.org/m1.branch");
    v.extend(carried);
    let req = s.build(&v, false).unwrap();
    let JobParams::Build(b) = &req.inputs[0].parameters else {
        panic!("build first")
    };
    assert_eq!(b.service_list[0].repo_info[0].branch, "hotfix");
}

fn every_type_json_like() -> Value {
    // The same definition, as JSON (WorkflowDetail does not serialize).
    json!({
        "workflow_key": "all", "project_key": "demo",
        "stages": [{"name": "all", "jobs": [
            {"name": "build", "type": "zadig-build", "spec": {"service_and_builds": [
                {"service_name": "s1", "service_module": "m1", "repos": [repo("gh", "org", "m1", "main")], "key_vals": []}]}}]}]
    })
}

#[test]
fn lists_and_numbers() {
    assert_eq!(split_list("a, b\nc;;"), ["a", "b", "c"]);
    assert_eq!(parse_numbers("1, #2 3"), Some(vec![1, 2, 3]));
    assert_eq!(parse_numbers(""), Some(vec![]));
    assert_eq!(parse_numbers("1,x"), None);
    assert_eq!(parse_numbers("0"), None);
}

#[test]
fn a_past_task_detail_restores_parameters_jobs_and_branches() {
    let s = schema(&every_type());
    let t: crate::api::types::TaskDetail = serde_json::from_value(json!({
        "task_id": 3, "workflow_key": "all",
        "params": [{"name": "s", "type": "string", "value": "as-run"},
                   {"name": "secret", "type": "string", "value": "leaked?", "is_credential": true},
                   {"name": "r", "type": "repo", "repo": {"repo_namespace": "org", "repo_name": "app", "branch": "v2", "prs": [9]}}],
        "stages": [{"name": "all", "jobs": [
            {"name": "job-0-0-0-build", "origin_name": "build", "type": "zadig-build",
             "spec": {"service_name": "s1", "service_module": "m1", "repos": [{"repo_namespace": "org", "repo_name": "m1", "branch": "rc", "codehost_name": "gh"}]}},
            {"name": "job-0-1-0-deploy", "origin_name": "deploy", "type": "zadig-deploy", "spec": {"env": "staging"}}]}]
    }))
    .unwrap();
    let v = s.values_from_task(&t);
    assert_eq!(v["p.s"], "as-run");
    assert!(!v.contains_key("p.secret"));
    assert_eq!(v["p.r.branch"], "v2");
    assert_eq!(v["p.r.prs"], "9");
    assert_eq!(v["j.build"], "1");
    assert_eq!(v["j.custom"], "0", "jobs that did not run stay off");
    assert_eq!(v["j.build.g.s1/m1"], "1");
    assert_eq!(v["j.build.g.s1/m1.r.org/m1.branch"], "rc");
    assert_eq!(v["j.deploy.env"], "staging");
}
