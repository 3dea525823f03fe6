//! Golden tests: every JSON example of the seed doc (tests/fixtures/seed, repairs listed at the
//! top of each file) and the current server's shapes from the contract (tests/fixtures/contract).
//! Responses decode and carry what screens need; requests are produced exactly from typed values.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use zadig_console::api::error::ApiError;
use zadig_console::api::requests::*;
use zadig_console::api::types::*;
use zadig_console::domain::run::jobs::custom_deploy::{TargetsParams, WorkloadTarget};
use zadig_console::domain::run::jobs::freestyle::FreestyleParams;
use zadig_console::domain::run::jobs::k8s_gray_rollback::{RollbackParams, RollbackTarget};
use zadig_console::domain::run::jobs::k8s_resource_patch::{PatchParams, PatchTarget};
use zadig_console::domain::run::jobs::k8s_services::{K8sServiceImage, K8sServicesParams};
use zadig_console::domain::run::jobs::plugin::PluginParams;
use zadig_console::domain::run::jobs::sql::SqlParams;
use zadig_console::domain::run::jobs::tapd::{TapdIteration, TapdParams};
use zadig_console::domain::run::jobs::testing::TestingParams;
use zadig_console::domain::run::jobs::zadig_build::BuildParams;
use zadig_console::domain::run::jobs::zadig_deploy::{DeployParams, DeployService};
use zadig_console::domain::run::jobs::zadig_vm_deploy::{VmParams, VmService};
use zadig_console::domain::run::jobs::Empty;
use zadig_console::domain::run::{ExecuteRequest, JobInput, JobParams, JobType};
use zadig_console::domain::status::Status;

macro_rules! fixture {
    ($path:literal) => {
        strip(include_str!(concat!("fixtures/", $path)))
    };
}

/// Drops the leading `//` lines that document a fixture's origin and repairs.
fn strip(text: &str) -> String {
    text.lines()
        .skip_while(|l| l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes a body the way the client does (`null` read as absent).
fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    zadig_console::api::client::decode(text)
}

/// Decodes a body the way the client reads the landing screens' answers (without serde).
fn read<T: zadig_console::api::json::FromJson>(text: &str) -> Result<T, ApiError> {
    zadig_console::api::client::read(text)
}

fn value(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

fn repo(host: &str, ns: &str, name: &str, branch: &str) -> RepoInput {
    RepoInput {
        codehost_name: host.into(),
        repo_namespace: ns.into(),
        repo_name: name.into(),
        branch: branch.into(),
        ..Default::default()
    }
}

fn svc(name: &str, module: &str, repos: Vec<RepoInput>, inputs: Vec<Kv>) -> ServiceInput {
    ServiceInput {
        service_name: name.into(),
        service_module: module.into(),
        repo_info: repos,
        inputs,
    }
}

fn job(name: &str, kind: &str, parameters: JobParams) -> JobInput {
    JobInput {
        job_name: name.into(),
        job_type: JobType::from_wire(kind),
        parameters,
    }
}

fn same(typed: &impl serde::Serialize, fixture: &str) {
    assert_eq!(serde_json::to_value(typed).unwrap(), value(fixture));
}

// ---- responses -------------------------------------------------------------------------------

#[test]
fn workflow_list() {
    let l: WorkflowList = read(&fixture!("seed/responses/workflow_list.json")).unwrap();
    assert_eq!(l.workflows.len(), 2);
    assert_eq!(l.workflows[1].workflow_key, "xiaxianfuwu");
    assert_eq!(l.workflows[1].display_name, "offline service");
    assert_eq!(l.workflows[0].update_time, 1686217885);
    assert_eq!(l.workflows[0].kind, "custom");
}

#[test]
fn workflow_detail() {
    let d: WorkflowDetail = decode(&fixture!("seed/responses/workflow_detail.json")).unwrap();
    assert_eq!(
        (d.workflow_key.as_str(), d.project_key.as_str()),
        ("build-deploy", "lilian-test")
    );
    assert_eq!(d.concurrency_limit, 1);
    assert_eq!(d.params.len(), 2);
    assert_eq!(d.params[0].kind, "repo");
    let r = d.params[0].repo.as_ref().unwrap();
    assert_eq!(
        (
            r.repo_namespace.as_str(),
            r.repo_name.as_str(),
            r.branch.as_str(),
            r.codehost_id
        ),
        ("liyue326", "picture", "master", 4)
    );
    assert_eq!(
        (d.params[1].name.as_str(), d.params[1].value.as_str()),
        ("name", "build")
    );
    assert!(d.params[1].repo.is_none());
    assert_eq!(d.stages.len(), 2);
    let a = d.stages[0].approval.as_ref().unwrap();
    assert!(!a.enabled);
    assert_eq!(a.native_approval.as_ref().unwrap().timeout, 5);
    let kinds: Vec<&str> = d
        .stages
        .iter()
        .flat_map(|s| s.jobs.iter())
        .map(|j| j.kind.as_str())
        .collect();
    assert_eq!(kinds, ["zadig-build", "zadig-deploy", "plugin"]);
    assert_eq!(
        d.stages[0].jobs[0].spec["service_and_builds"][0]["service_module"],
        "service1"
    );
    assert_eq!(
        d.stages[1].jobs[1].spec["plugin"]["inputs"][0]["name"],
        "CONTENT"
    );
    assert_eq!(d.notify_ctls.len(), 1);
    assert_eq!(d.notify_ctls[0].webhook_type, "wechat");
    assert_eq!(d.notify_ctls[0].notify_type, ["created", "failed"]);
}

#[test]
fn task_list() {
    let l: TaskList = read(&fixture!("seed/responses/task_list.json")).unwrap();
    assert_eq!(l.total, 15);
    let t = &l.workflow_tasks[0];
    assert_eq!(
        (t.task_id.get(), t.task_creator.as_str(), t.status.as_str()),
        (15, "webhook", "passed")
    );
    assert_eq!(t.end_time - t.start_time, 21);
    assert_eq!(Status::parse(&t.status), Status::Passed);
}

#[test]
fn task_detail_doc_shape() {
    let t: TaskDetail = decode(&fixture!("seed/responses/task_detail.json")).unwrap();
    assert_eq!(
        (
            t.task_id.get(),
            t.workflow_key.as_str(),
            t.project_key.as_str()
        ),
        (24, "build-images", "simple-service-demo")
    );
    assert_eq!(t.status, "running");
    assert_eq!(t.stages.len(), 4);
    let build = &t.stages[0].jobs[0];
    assert_eq!(
        (build.name.as_str(), build.kind.as_str()),
        ("a-myapp-1-build-myapps", "zadig-build")
    );
    assert_eq!(
        build.spec["repos"][0]["commit_id"],
        "a13120997b95d8b63f2b5b29c700f89d38a5de54"
    );
    assert_eq!(build.spec["envs"][1]["is_credential"], true);
    let approval = t.stages[1].approval.as_ref().unwrap();
    assert!(approval.enabled);
    assert_eq!((approval.timeout_minutes(), approval.needed()), (120, 1));
    assert_eq!(approval.users()[0].user_name, "admin");
    assert_eq!(approval.users()[0].reject_or_approve, "approve");
    assert_eq!(approval.users()[0].comment, "LGTM");
    assert_eq!(
        t.stages[1].jobs[0].spec["service_and_images"][0]["service_module"],
        "myapp-1"
    );
    assert_eq!(t.stages[2].jobs[0].kind, "freestyle");
    assert_eq!(t.stages[3].jobs[0].spec["inputs"][1]["value"], "sunny");
}

#[test]
fn error_examples_map_to_typed_errors() {
    let cases: [(u16, String, Option<i64>); 8] = [
        (
            400,
            fixture!("seed/responses/task_list_error.json"),
            Some(400),
        ),
        (
            500,
            fixture!("seed/responses/task_detail_error.json"),
            Some(500),
        ),
        (
            400,
            fixture!("seed/responses/cancel_error_passed.json"),
            Some(6163),
        ),
        (
            400,
            fixture!("seed/responses/cancel_error_missing.json"),
            Some(6163),
        ),
        (400, fixture!("seed/responses/retry_error.json"), Some(6161)),
        (
            400,
            fixture!("seed/responses/approve_error.json"),
            Some(6169),
        ),
        (
            400,
            fixture!("seed/responses/view_delete_error.json"),
            Some(6894),
        ),
        (500, fixture!("seed/responses/ticket_error.json"), Some(500)),
    ];
    for (status, body, code) in cases {
        let e = ApiError::from_response(status, &body);
        assert_eq!(e.code(), code, "{body}");
    }
    let e = ApiError::from_response(500, &fixture!("seed/responses/task_detail_error.json"));
    assert!(
        matches!(e, ApiError::Internal { ref description, .. } if description == "mongo: no documents in result")
    );
    let e = ApiError::from_response(400, &fixture!("seed/responses/cancel_error_passed.json"));
    assert!(
        matches!(e, ApiError::Zadig { ref description, .. } if description == "task: build-images:20 is passed, cannot cancel")
    );
}

#[test]
fn success_bodies() {
    for body in [
        fixture!("seed/responses/cancel_success.json"),
        fixture!("seed/responses/retry_success.json"),
        fixture!("seed/responses/approve_success.json"),
        fixture!("seed/responses/workflow_delete_success.json"),
        fixture!("seed/responses/view_create_success.json"),
        fixture!("seed/responses/view_update_success.json"),
        fixture!("seed/responses/view_delete_success.json"),
        fixture!("seed/responses/ticket_create.json"),
    ] {
        assert_eq!(value(&body)["message"], "success");
    }
}

#[test]
fn execute_response_both_spellings() {
    let r: ExecuteResponse = decode(&fixture!("seed/responses/execute.json")).unwrap();
    assert_eq!(
        (
            r.project_name.as_str(),
            r.workflow_key_as_named.as_str(),
            r.task_id.get()
        ),
        ("simple-service-demo", "openapi-test", 20)
    );
    let r: ExecuteResponse = decode(&fixture!("contract/execute_response.json")).unwrap();
    assert_eq!(
        (r.project(), r.workflow().as_str()),
        ("demo", "release-prod")
    );
    assert!(r.task_id.get() > 0);
    let r: ExecuteResponse =
        decode(r#"{"project_key":"p","workflow_key":"w","task_id":"3"}"#).unwrap();
    assert_eq!(
        (r.project(), r.workflow().as_str(), r.task_id.get()),
        ("p", "w", 3)
    );
    let both: ExecuteResponse = decode(
        r#"{"project_name":"p","project_key":"p","workflow_name":"w","workflow_key":"w","task_id":1}"#,
    )
    .unwrap();
    assert_eq!(
        (both.project(), both.workflow().as_str()),
        ("p", "w"),
        "both spellings at once still decode"
    );
}

#[test]
fn environments_under_any_key_name() {
    let envs: Vec<Environment> = decode(
        r#"[{"env_key":"dev","env_name":"dev","production":false},{"name":"prod","production":true},{"env_name":"qa"}]"#,
    )
    .unwrap();
    assert_eq!(
        envs.iter().map(|e| e.key()).collect::<Vec<_>>(),
        ["dev", "prod", "qa"]
    );
    assert!(envs[1].production);
}

#[test]
fn view_list() {
    let v: Vec<View> = read(&fixture!("seed/responses/view_list.json")).unwrap();
    assert_eq!(v[0].name, "test-view");
    assert_eq!(v[0].workflows[0].workflow_key, "xiaxianfuwu");
    assert_eq!(v[0].update_by, "admin");
}

#[test]
fn project_lists_in_both_shapes_and_every_key_name() {
    let wrapped: ProjectList = read(
        r#"{"projects":[{"project_name":"Demo","project_key":"demo","description":"d","deploy_type":"k8s"},null,{"name":"Old","product_name":"old","desc":"x"},{"key":"k"}]}"#,
    )
    .unwrap();
    let p = wrapped.into_vec();
    assert_eq!(p.len(), 3, "a null entry is left out");
    assert_eq!(
        (
            p[0].label(),
            p[0].project_key.as_str(),
            p[0].deploy_type.as_str()
        ),
        ("Demo", "demo", "k8s")
    );
    assert_eq!(
        (
            p[1].label(),
            p[1].project_key.as_str(),
            p[1].description.as_str()
        ),
        ("Old", "old", "x")
    );
    assert_eq!(p[2].label(), "k", "no name: the key is shown");
    let bare: ProjectList = read(r#"[{"project_key":"a"}]"#).unwrap();
    assert_eq!(bare.into_vec()[0].project_key, "a");
    let none: ProjectList = read(r#"{"projects":null,"total":0}"#).unwrap();
    assert!(none.into_vec().is_empty());
}

#[test]
fn landing_answers_tolerate_null_strings_for_numbers_and_extra_members() {
    let l: WorkflowList = read(
        r#"{"workflows":[{"workflow_key":"a","workflow_name":null,"update_by":null,"update_time":"1686217885","type":"custom","extra":[1,{"x":null}]}],"total":1}"#,
    )
    .unwrap();
    let w = &l.workflows[0];
    assert_eq!(
        (w.display_name.as_str(), w.update_by.as_str(), w.update_time),
        ("", "", 1686217885)
    );
    let t: TaskList = read(
        r#"{"total":"3","workflow_tasks":[{"task_id":"7","start_time":1.7e9,"status":"running"}]}"#,
    )
    .unwrap();
    assert_eq!(
        (
            t.total,
            t.workflow_tasks[0].task_id.get(),
            t.workflow_tasks[0].start_time
        ),
        (3, 7, 1_700_000_000)
    );
    let empty: WorkflowList = read(r#"{"workflows":null}"#).unwrap();
    assert!(empty.workflows.is_empty());
    let views: Vec<View> = read("null").unwrap();
    assert!(views.is_empty(), "Zadig writes null for an empty list");
}

#[test]
fn landing_answers_of_the_wrong_shape_are_undecodable_and_say_where() {
    let e = read::<WorkflowList>(r#"{"workflows":[{"workflow_key":"a"},{"workflow_key":7}]}"#)
        .unwrap_err();
    assert_eq!(
        e,
        ApiError::Decode("workflows[1].workflow_key: expected text".into())
    );
    assert!(matches!(
        read::<WorkflowList>("<html>"),
        Err(ApiError::Decode(_))
    ));
    assert!(matches!(
        read::<Vec<View>>(r#"{"views":[]}"#),
        Err(ApiError::Decode(_))
    ));
    assert!(matches!(
        read::<ProjectList>(r#""projects""#),
        Err(ApiError::Decode(_))
    ));
}

#[test]
fn job_level_approval_of_current_servers() {
    let t: TaskDetail = decode(&fixture!("contract/task_detail_approval_job.json")).unwrap();
    assert_eq!(t.status, "running");
    let job = &t.stages[0].jobs[0];
    assert_eq!(job.name, "job-0-0-0-approve");
    assert_eq!(Status::parse(&job.status), Status::WaitForApproval);
    let a = zadig_console::domain::run::jobs::approval::of_task(job).expect("approval spec");
    assert_eq!(a.kind, "native");
    assert_eq!(
        a.users()
            .iter()
            .map(|u| u.user_name.as_str())
            .collect::<Vec<_>>(),
        ["alice", "admin"]
    );
    assert_eq!((a.needed(), a.timeout_minutes()), (1, 30));
    assert!(!a.description.is_empty());
    let deploy = &t.stages[1].jobs[0];
    assert_eq!(
        (deploy.kind.as_str(), deploy.status.as_str()),
        ("zadig-deploy", "")
    );
    assert_eq!(deploy.spec["env"], "prod");
    assert_eq!(t.params[0].value, "CHG-1024");
}

#[test]
fn stage_level_approval_of_older_servers() {
    let t: TaskDetail = decode(&fixture!("contract/task_detail_stage_approval_v1.json")).unwrap();
    assert!(t.params.is_empty(), "null decodes as empty");
    let s = &t.stages[0];
    assert_eq!(Status::parse(&s.status), Status::WaitForApproval);
    let a = s.approval.as_ref().unwrap();
    assert_eq!(
        (a.needed(), a.timeout_minutes(), a.users().len()),
        (2, 120, 2)
    );
    assert_eq!(
        s.jobs[0].kind, "zadig-deploy",
        "job_type is read as the type"
    );
    assert_eq!(s.jobs[0].spec, Value::Null);
}

#[test]
fn contract_error_shapes() {
    let e = ApiError::from_response(500, &fixture!("contract/error_plain500.json"));
    assert!(matches!(e, ApiError::Internal { ref message, .. } if message == "Internal Error: "));
    let e = ApiError::from_response(400, &fixture!("contract/error_business_chinese.json"));
    assert!(
        matches!(e, ApiError::Zadig { code: 6160, ref message, .. } if message == "创建工作流任务失败")
    );
}

#[test]
fn decoding_tolerates_missing_null_and_extra_fields() {
    let t: TaskDetail = decode(r#"{"task_id":null,"stages":[{"jobs":null,"surprise":1}],"params":[{"name":"x","choice_option":null}]}"#).unwrap();
    assert_eq!(t.task_id.get(), 0);
    assert!(t.stages[0].jobs.is_empty());
    assert!(t.params[0].choice_option.is_empty());
    let d: WorkflowDetail = decode("{}").unwrap();
    assert!(d.stages.is_empty());
}

// ---- requests --------------------------------------------------------------------------------

fn build_input() -> JobInput {
    let mut aslan_repo = repo("koderover", "koderover", "zadig", "main");
    aslan_repo.enable_commit = Some(true);
    aslan_repo.commit_id = Some("e1f10409e99c3f13b0777d2cd8b1a42750b093e1".into());
    job(
        "build-myapps",
        "zadig-build",
        JobParams::Build(BuildParams {
            registry: "https://koderover.******.com/test".into(),
            service_list: vec![
                svc(
                    "zadig",
                    "aslan",
                    vec![aslan_repo],
                    vec![Kv::new("username", "admin"), Kv::new("password", "Zadig")],
                ),
                svc(
                    "zadig",
                    "zadig-portal",
                    vec![repo("koderover", "koderover", "zadig-portal", "main")],
                    vec![],
                ),
            ],
        }),
    )
}

fn deploy_service(module: &str, image: &str, strategy: &str) -> DeployService {
    DeployService {
        service_name: "zadig".into(),
        service_module: module.into(),
        image_name: image.into(),
        value_merge_strategy: Some(strategy.into()),
    }
}

fn custom_deploy_input() -> JobInput {
    job(
        "deploy-my-app",
        "custom-deploy",
        JobParams::CustomDeploy(TargetsParams {
            target_list: vec![WorkloadTarget {
                workload_type: "Deployment".into(),
                workload_name: "service2".into(),
                container_name: "service2".into(),
                image_name: "koderover.***.com/test/service2:0505".into(),
            }],
        }),
    )
}

fn sql_input() -> JobInput {
    job(
        "sql",
        "sql",
        JobParams::Sql(SqlParams {
            database_name: "mysql".into(),
            sql: "show databases;".into(),
        }),
    )
}

fn kv3() -> Vec<Kv> {
    vec![
        Kv::new("IssueID", "ZAD-10126"),
        Kv::new("FromStatus", "Testing"),
        Kv::new("TargetStatus", "ToBeReleased"),
    ]
}

fn multi_service() -> Vec<ServiceInput> {
    vec![svc(
        "service1",
        "service1",
        vec![repo("gitlab", "kr-poc", "multi-service-demo", "main")],
        vec![Kv::new("test", "abc1")],
    )]
}

#[test]
fn execute_body_of_the_doc() {
    let body = ExecuteRequest {
        project_key: "helm".into(),
        workflow_key: "test-openapi".into(),
        parameters: vec![
            ParamInput {
                name: "test".into(),
                kind: "string".into(),
                value: Some("zadig".into()),
                repo: None,
            },
            ParamInput {
                name: "abc".into(),
                kind: "choice".into(),
                value: Some("123".into()),
                repo: None,
            },
            ParamInput {
                name: "repo1".into(),
                kind: "repo".into(),
                value: None,
                repo: Some(RepoParam {
                    codehost_name: "gitlab".into(),
                    repo_namespace: "kr-poc".into(),
                    repo_name: "num_test".into(),
                    branch: "master".into(),
                    prs: vec![1],
                }),
            },
        ],
        inputs: vec![
            job(
                "build-myapps",
                "zadig-build",
                JobParams::Build(BuildParams {
                    registry: "https://koderover.******.com/test".into(),
                    service_list: vec![svc(
                        "zadig",
                        "aslan",
                        vec![repo("koderover", "koderover", "zadig", "main")],
                        vec![Kv::new("username", "admin"), Kv::new("password", "Zadig")],
                    )],
                }),
            ),
            job(
                "deploy-myapps",
                "zadig-deploy",
                JobParams::Deploy(DeployParams {
                    env_name: "dev".into(),
                    service_list: vec![
                        deploy_service("aslan", "koderover.******.com/test/aslan:main", "override"),
                        deploy_service(
                            "zadig-portal",
                            "koderover.******.com/test/zadig-portal:main",
                            "reuse-values",
                        ),
                    ],
                }),
            ),
            job(
                "jira-issue-update",
                "freestyle",
                JobParams::Freestyle(FreestyleParams {
                    services: vec![],
                    kv: kv3(),
                    repo_info: vec![],
                }),
            ),
            custom_deploy_input(),
            sql_input(),
        ],
        notify_inputs: vec![NotifyInput::FeishuPerson {
            id: 1,
            enabled: None,
            lark_person_notification_config: LarkPersonConfig {
                users: vec![LarkUser {
                    id: "35g99291".into(),
                    id_type: "user_id".into(),
                }],
                dynamic_recipients: vec![],
            },
        }],
    };
    same(&body, &fixture!("seed/requests/execute.json"));
}

#[test]
fn job_inputs_of_the_doc() {
    same(&build_input(), &fixture!("seed/requests/input_build.json"));
    same(
        &job(
            "deploy-myapps",
            "zadig-deploy",
            JobParams::Deploy(DeployParams {
                env_name: "dev".into(),
                service_list: vec![
                    deploy_service("aslan", "koderover.***.com/test/aslan:main", "reuse-values"),
                    deploy_service(
                        "zadig-portal",
                        "koderover.***.com/test/zadig-portal:main",
                        "override",
                    ),
                ],
            }),
        ),
        &fixture!("seed/requests/input_deploy.json"),
    );
    same(
        &custom_deploy_input(),
        &fixture!("seed/requests/input_custom_deploy.json"),
    );
    same(
        &job(
            "jira-issue-update",
            "freestyle",
            JobParams::Freestyle(FreestyleParams {
                services: multi_service(),
                kv: kv3(),
                repo_info: vec![repo("koderover", "koderover", "zadig", "task-mgr")],
            }),
        ),
        &fixture!("seed/requests/input_freestyle.json"),
    );
    let module = |name: &str, repo_name: &str, inputs: Vec<Kv>, scanning: bool| ModuleInput {
        testing_name: if scanning { String::new() } else { name.into() },
        scanning_name: if scanning { name.into() } else { String::new() },
        repo_info: vec![repo("koderover", "koderover", repo_name, "main")],
        inputs,
    };
    same(
        &job(
            "test-myapps",
            "zadig-test",
            JobParams::Test(TestingParams {
                service_list: multi_service(),
                testing_list: vec![
                    module(
                        "unit-test",
                        "zadig",
                        vec![Kv::new("username", "admin"), Kv::new("password", "Zadig")],
                        false,
                    ),
                    module("integration-test", "zadig-portal", vec![], false),
                ],
                scanning_list: vec![],
            }),
        ),
        &fixture!("seed/requests/input_test.json"),
    );
    same(
        &job(
            "scan-myapps",
            "zadig-scanning",
            JobParams::Scanning(TestingParams {
                service_list: multi_service(),
                scanning_list: vec![
                    module("scan", "zadig", vec![], true),
                    module("scan-1", "zadig-portal", vec![], true),
                ],
                testing_list: vec![],
            }),
        ),
        &fixture!("seed/requests/input_scanning.json"),
    );
    same(&sql_input(), &fixture!("seed/requests/input_sql.json"));
    let tapd = |ids: Vec<String>, its: Vec<TapdIteration>| {
        JobParams::Tapd(TapdParams {
            project_id: "43976133".into(),
            project_name: "Welcome to TAPD DEMO".into(),
            status: "open".into(),
            iteration_ids: ids,
            iterations: its,
        })
    };
    same(
        &job(
            "tapd",
            "tapd",
            tapd(
                vec!["1143976133001000001".into(), "1143976133001000002".into()],
                vec![],
            ),
        ),
        &fixture!("seed/requests/input_tapd_ids.json"),
    );
    same(
        &job(
            "tapd",
            "tapd",
            tapd(
                vec![],
                vec![TapdIteration {
                    iteration_id: "1143976133001000001".into(),
                    iteration_name: "Current Iteration Example".into(),
                    start_date: "2025-08-04".into(),
                    end_date: "2025-09-03".into(),
                }],
            ),
        ),
        &fixture!("seed/requests/input_tapd_iterations.json"),
    );
    same(
        &job("approval", "approval", JobParams::Approval(Empty {})),
        &fixture!("seed/requests/input_approval.json"),
    );
    same(
        &job(
            "plugin-task",
            "plugin",
            JobParams::Plugin(PluginParams {
                kv: vec![Kv::new("CONTENT", "hello world")],
            }),
        ),
        &fixture!("seed/requests/input_plugin.json"),
    );
}

#[test]
fn notify_inputs_of_the_doc() {
    let user = || LarkUser {
        id: "35xxxx91".into(),
        id_type: "user_id".into(),
    };
    same(
        &NotifyInput::Feishu {
            id: 1,
            enabled: None,
            lark_hook_notification_config: LarkHookConfig {
                at_users: vec!["35xxxx91".into()],
                dynamic_recipients: vec![],
                is_at_all: false,
            },
        },
        &fixture!("seed/requests/notify_feishu.json"),
    );
    same(
        &NotifyInput::FeishuApp {
            id: 1,
            enabled: None,
            lark_group_notification_config: LarkGroupConfig {
                chat_id: "oc_0c7db78d0fxxxxxxd81cc5692aa3".into(),
                at_users: vec![user()],
                dynamic_recipients: vec![],
            },
        },
        &fixture!("seed/requests/notify_feishu_app.json"),
    );
    same(
        &NotifyInput::FeishuPerson {
            id: 1,
            enabled: None,
            lark_person_notification_config: LarkPersonConfig {
                users: vec![user()],
                dynamic_recipients: vec![],
            },
        },
        &fixture!("seed/requests/notify_feishu_person.json"),
    );
    same(
        &NotifyInput::Wechat {
            id: 1,
            enabled: None,
            wechat_notification_config: WechatConfig {
                at_users: vec!["35xxxx91".into()],
                is_at_all: false,
            },
        },
        &fixture!("seed/requests/notify_wechat.json"),
    );
    same(
        &NotifyInput::Dingding {
            id: 1,
            enabled: None,
            dingding_notification_config: DingdingConfig {
                at_mobiles: vec!["13800138000".into(), "13800138001".into()],
                dynamic_recipients: vec![],
                is_at_all: false,
            },
        },
        &fixture!("seed/requests/notify_dingding.json"),
    );
    same(
        &NotifyInput::Msteams {
            id: 1,
            enabled: None,
            msteams_notification_config: MsteamsConfig {
                at_emails: vec!["test@example.com".into(), "test2@example.com".into()],
                dynamic_recipients: vec![],
            },
        },
        &fixture!("seed/requests/notify_msteams.json"),
    );
    same(
        &NotifyInput::Mail {
            id: 1,
            enabled: None,
            mail_notification_config: MailConfig {
                user_ids: vec!["1234567890".into(), "0987654321".into()],
                dynamic_recipients: vec![],
            },
        },
        &fixture!("seed/requests/notify_mail.json"),
    );
}

#[test]
fn approve_and_view_bodies_of_the_doc() {
    same(
        &ApproveRequest {
            task_id: TaskId::new(2),
            workflow_key: "infra-dev-workflow".into(),
            stage_name: "deploy".into(),
            approve: true,
            comment: "LGTM".into(),
        },
        &fixture!("seed/requests/approve.json"),
    );
    let entry = |k: &str, enabled: Option<bool>| ViewEntryInput {
        workflow_key: k.into(),
        display_name: String::new(),
        workflow_type: "custom".into(),
        enabled,
    };
    same(
        &CreateViewRequest {
            project_key: "demo".into(),
            name: "view-demo".into(),
            workflow_list: vec![entry("dev", None), entry("nacos-config-update", None)],
        },
        &fixture!("seed/requests/view_create.json"),
    );
    same(
        &UpdateViewRequest {
            workflow_list: vec![entry("build-deploy", Some(true))],
        },
        &fixture!("seed/requests/view_update.json"),
    );
}

#[test]
fn workflow_create_body_of_the_doc() {
    // The editor sends the person's text as it is; the fixture must carry what the server needs.
    let v = value(&fixture!("seed/requests/workflow_create.json"));
    for k in ["name", "display_name", "project"] {
        assert!(v[k].as_str().is_some_and(|s| !s.is_empty()), "{k}");
    }
    let stages = v["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 5);
    assert_eq!(
        stages[1]["approval"]["native_approval"]["needed_approvers"],
        1
    );
    let d: WorkflowDetail = serde_json::from_value(json!({"stages": v["stages"]})).unwrap();
    assert_eq!(d.stages[4].jobs[0].kind, "zadig-distribute-image");
}

#[test]
fn every_job_type_input_round_trips() {
    let inputs = vec![
        build_input(),
        custom_deploy_input(),
        sql_input(),
        job(
            "bg",
            "k8s-blue-green-deploy",
            JobParams::BlueGreenDeploy(K8sServicesParams {
                service_list: vec![K8sServiceImage {
                    service_name: "a".into(),
                    image_name: "i:1".into(),
                }],
            }),
        ),
        job(
            "gray",
            "k8s-gray-release",
            JobParams::GrayRelease(TargetsParams {
                target_list: vec![WorkloadTarget::default()],
            }),
        ),
        job(
            "rollback",
            "k8s-gray-rollback",
            JobParams::GrayRollback(RollbackParams {
                target_list: vec![RollbackTarget {
                    workload_name: "w".into(),
                }],
            }),
        ),
        job(
            "patch",
            "k8s-resource-patch",
            JobParams::ResourcePatch(PatchParams {
                target_list: vec![PatchTarget {
                    resource_name: "r".into(),
                    resource_kind: "ConfigMap".into(),
                    resource_group: "".into(),
                    resource_version: "v1".into(),
                    inputs: vec![Kv::new("k", "v")],
                }],
            }),
        ),
        job(
            "vm",
            "zadig-vm-deploy",
            JobParams::VmDeploy(VmParams {
                env_name: "dev".into(),
                service_list: vec![VmService {
                    service_name: "s".into(),
                    file_name: "f.tgz".into(),
                }],
            }),
        ),
        job(
            "release",
            "k8s-canary-release",
            JobParams::CanaryRelease(Empty {}),
        ),
    ];
    for i in inputs {
        let text = serde_json::to_string(&i).unwrap();
        let back: JobInput = serde_json::from_str(&text).unwrap();
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&i).unwrap(),
            "{text}"
        );
    }
}
