//! Request bodies: execute (every job type of contract §4.6, workflow parameters, the seven
//! notify inputs), approve, views and pre-approval tickets.

use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// `POST /openapi/workflows/custom/task`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExecuteRequest {
    pub project_key: String,
    pub workflow_key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParamInput>,
    #[serde(default)]
    pub inputs: Vec<JobInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notify_inputs: Vec<NotifyInput>,
}

/// A workflow parameter value. `type` is sent but the server uses the declared type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParamInput {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<RepoParam>,
}

/// A `repo` parameter's value: the code host **alias**, not its id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RepoParam {
    pub codehost_name: String,
    pub repo_namespace: String,
    pub repo_name: String,
    pub branch: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prs: Vec<i64>,
}

/// One job to run and its parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobInput {
    pub job_name: String,
    pub job_type: String,
    pub parameters: JobParams,
}

/// A repository override (`OpenAPIRepoInput`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RepoInput {
    pub codehost_name: String,
    pub repo_namespace: String,
    pub repo_name: String,
    pub branch: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pr: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prs: Vec<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_commit: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// A key/value input (`types.KV`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kv {
    pub key: String,
    pub value: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_credential: bool,
}

impl Kv {
    pub fn new(key: &str, value: &str) -> Kv {
        Kv {
            key: key.into(),
            value: value.into(),
            ..Default::default()
        }
    }
}

/// A service to build, test, scan or run (zadig-build, zadig-test, zadig-scanning, freestyle).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceInput {
    pub service_name: String,
    pub service_module: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repo_info: Vec<RepoInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Kv>,
}

/// A service to deploy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeployService {
    pub service_name: String,
    pub service_module: String,
    pub image_name: String,
    /// `reuse-values` or `override` (Helm services only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_merge_strategy: Option<String>,
}

/// A workload container to update (custom-deploy, k8s-gray-release).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkloadTarget {
    pub workload_type: String,
    pub workload_name: String,
    pub container_name: String,
    pub image_name: String,
}

/// A product test or scanning module to update.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ModuleInput {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub testing_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scanning_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repo_info: Vec<RepoInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Kv>,
}

/// A TAPD iteration as the doc's older example spells it (the server wants `iteration_ids`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TapdIteration {
    pub iteration_id: String,
    pub iteration_name: String,
    pub start_date: String,
    pub end_date: String,
}

/// A k8s service and its new image (blue-green and canary deploys).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct K8sServiceImage {
    pub service_name: String,
    pub image_name: String,
}

/// A workload to roll back (k8s-gray-rollback).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RollbackTarget {
    pub workload_name: String,
}

/// A resource to patch (k8s-resource-patch).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PatchTarget {
    pub resource_name: String,
    pub resource_kind: String,
    pub resource_group: String,
    pub resource_version: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Kv>,
}

/// A VM deploy entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VmService {
    pub service_name: String,
    pub file_name: String,
}

/// The `parameters` of one job input, by job type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum JobParams {
    /// zadig-build.
    Build {
        registry: String,
        service_list: Vec<ServiceInput>,
    },
    /// zadig-deploy.
    Deploy {
        env_name: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        service_list: Vec<DeployService>,
    },
    /// custom-deploy and k8s-gray-release.
    Targets { target_list: Vec<WorkloadTarget> },
    /// freestyle: plain `kv` + `repo_info`, or per-service `services`.
    Freestyle {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        services: Vec<ServiceInput>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        kv: Vec<Kv>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        repo_info: Vec<RepoInput>,
    },
    /// zadig-test: per service, or product `testing_list`.
    Test {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        service_list: Vec<ServiceInput>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        testing_list: Vec<ModuleInput>,
    },
    /// zadig-scanning: per service, or `scanning_list`.
    Scanning {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        service_list: Vec<ServiceInput>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        scanning_list: Vec<ModuleInput>,
    },
    /// sql (v3.4+): `database_name` only counts when the job's source is runtime.
    Sql { database_name: String, sql: String },
    /// tapd (v4.0+): `project_name` is ignored by the server.
    Tapd {
        project_id: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        project_name: String,
        status: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        iteration_ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        iterations: Vec<TapdIteration>,
    },
    /// plugin.
    Plugin { kv: Vec<Kv> },
    /// k8s-blue-green-deploy and k8s-canary-deploy.
    K8sServices { service_list: Vec<K8sServiceImage> },
    /// k8s-gray-rollback.
    Rollback { target_list: Vec<RollbackTarget> },
    /// k8s-resource-patch.
    Patch { target_list: Vec<PatchTarget> },
    /// zadig-vm-deploy.
    Vm {
        env_name: String,
        service_list: Vec<VmService>,
    },
    /// approval, k8s-blue-green-release, k8s-canary-release, ai-task, ai-release-specialist:
    /// `{}` (the server ignores whatever is sent).
    Empty {},
}

/// Feishu user reference.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LarkUser {
    pub id: String,
    /// `user_id` or `open_id`.
    pub id_type: String,
}

fn empty_vec<T>(v: &[T]) -> bool {
    v.is_empty()
}

/// Feishu custom bot (`feishu`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LarkHookConfig {
    #[serde(default)]
    pub at_users: Vec<String>,
    #[serde(default, skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
    #[serde(default)]
    pub is_at_all: bool,
}

/// Feishu self-built app group (`feishu_app`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LarkGroupConfig {
    pub chat_id: String,
    #[serde(default)]
    pub at_users: Vec<LarkUser>,
    #[serde(default, skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
}

/// Feishu member (`feishu_person`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LarkPersonConfig {
    #[serde(default)]
    pub users: Vec<LarkUser>,
    #[serde(default, skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
}

/// WeChat Work (`wechat`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WechatConfig {
    #[serde(default)]
    pub at_users: Vec<String>,
    #[serde(default)]
    pub is_at_all: bool,
}

/// DingTalk (`dingding`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DingdingConfig {
    #[serde(default)]
    pub at_mobiles: Vec<String>,
    #[serde(default, skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
    #[serde(default)]
    pub is_at_all: bool,
}

/// Microsoft Teams (`msteams`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MsteamsConfig {
    #[serde(default)]
    pub at_emails: Vec<String>,
    #[serde(default, skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
}

/// Email (`mail`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MailConfig {
    #[serde(default)]
    pub user_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
}

/// One notify input: `id` is the 0-based index into the workflow's `notify_ctls`; the config
/// object is always sent (a missing one crashes the server).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum NotifyInput {
    #[serde(rename = "feishu")]
    Feishu {
        id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enabled: Option<bool>,
        lark_hook_notification_config: LarkHookConfig,
    },
    #[serde(rename = "feishu_app")]
    FeishuApp {
        id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enabled: Option<bool>,
        lark_group_notification_config: LarkGroupConfig,
    },
    #[serde(rename = "feishu_person")]
    FeishuPerson {
        id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enabled: Option<bool>,
        lark_person_notification_config: LarkPersonConfig,
    },
    #[serde(rename = "wechat")]
    Wechat {
        id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enabled: Option<bool>,
        wechat_notification_config: WechatConfig,
    },
    #[serde(rename = "dingding")]
    Dingding {
        id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enabled: Option<bool>,
        dingding_notification_config: DingdingConfig,
    },
    #[serde(rename = "msteams")]
    Msteams {
        id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enabled: Option<bool>,
        msteams_notification_config: MsteamsConfig,
    },
    #[serde(rename = "mail")]
    Mail {
        id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enabled: Option<bool>,
        mail_notification_config: MailConfig,
    },
}

/// `POST /openapi/workflows/custom/task/approve`; `stage_name` is the approval job's task name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApproveRequest {
    pub task_id: i64,
    pub workflow_key: String,
    pub stage_name: String,
    pub approve: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// A workflow entry in a view create/update body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewEntryInput {
    pub workflow_key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub workflow_name: String,
    pub workflow_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `POST /openapi/workflows/view`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateViewRequest {
    pub project_key: String,
    pub name: String,
    pub workflow_list: Vec<ViewEntryInput>,
}

/// `PUT /openapi/workflows/view/:name`: entries without `enabled: true` leave the view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateViewRequest {
    pub workflow_list: Vec<ViewEntryInput>,
}

/// A service a ticket is limited to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketService {
    pub service_name: String,
    pub service_module: String,
}

/// A user a ticket is limited to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketUser {
    pub name: String,
    pub email: String,
}

/// `POST /openapi/ticket/approval`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketRequest {
    pub approval_id: String,
    /// 1 takes effect, 0 is invalid.
    pub status: i64,
    pub project_key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub envs: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<TicketService>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<TicketUser>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_window_start: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_window_end: Option<i64>,
}
