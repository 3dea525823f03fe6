//! Request bodies: execute (every job type of docs/zadig-contract.md §4.6, workflow parameters, the seven
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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

impl RepoInput {
    /// The pull requests: `prs`, or the single `pr` field.
    pub fn pull_requests(&self) -> Vec<i64> {
        if self.prs.is_empty() {
            self.pr.filter(|n| *n > 0).into_iter().collect()
        } else {
            self.prs.clone()
        }
    }
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

/// zadig-build parameters: `registry` must equal a registry's `address/namespace`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BuildParams {
    pub registry: String,
    pub service_list: Vec<ServiceInput>,
}

/// zadig-deploy parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeployParams {
    pub env_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_list: Vec<DeployService>,
}

/// custom-deploy and k8s-gray-release parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetsParams {
    pub target_list: Vec<WorkloadTarget>,
}

/// freestyle parameters: plain `kv` + `repo_info`, or per-service `services`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FreestyleParams {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kv: Vec<Kv>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repo_info: Vec<RepoInput>,
}

/// zadig-test parameters: per service, or product `testing_list`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TestParams {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_list: Vec<ServiceInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub testing_list: Vec<ModuleInput>,
}

/// zadig-scanning parameters: per service, or `scanning_list`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScanningParams {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_list: Vec<ServiceInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scanning_list: Vec<ModuleInput>,
}

/// sql parameters (v3.4+): `database_name` only counts when the job's source is runtime.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SqlParams {
    #[serde(default)]
    pub database_name: String,
    #[serde(default)]
    pub sql: String,
}

/// tapd parameters (v4.0+): `project_name` is ignored by the server; `iterations` is the
/// doc's older spelling, which the server does not read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TapdParams {
    #[serde(default)]
    pub project_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub project_name: String,
    #[serde(default)]
    pub status: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iteration_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iterations: Vec<TapdIteration>,
}

/// plugin parameters: keys match the plugin's input names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PluginParams {
    #[serde(default)]
    pub kv: Vec<Kv>,
}

/// k8s-blue-green-deploy and k8s-canary-deploy parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct K8sServicesParams {
    pub service_list: Vec<K8sServiceImage>,
}

/// k8s-gray-rollback parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RollbackParams {
    pub target_list: Vec<RollbackTarget>,
}

/// k8s-resource-patch parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PatchParams {
    pub target_list: Vec<PatchTarget>,
}

/// zadig-vm-deploy parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VmParams {
    #[serde(default)]
    pub env_name: String,
    #[serde(default)]
    pub service_list: Vec<VmService>,
}

/// No parameters: `{}` (the server ignores whatever is sent).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyParams {}

/// The `parameters` of one job input. Serialized as the inner object; read back by job type,
/// since several types share a shape (`{"kv": [...]}` is both freestyle and plugin).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum JobParams {
    Build(BuildParams),
    Deploy(DeployParams),
    /// custom-deploy and k8s-gray-release.
    Targets(TargetsParams),
    Freestyle(FreestyleParams),
    Test(TestParams),
    Scanning(ScanningParams),
    Sql(SqlParams),
    Tapd(TapdParams),
    Plugin(PluginParams),
    /// k8s-blue-green-deploy and k8s-canary-deploy.
    K8sServices(K8sServicesParams),
    Rollback(RollbackParams),
    Patch(PatchParams),
    Vm(VmParams),
    /// approval, k8s-blue-green-release, k8s-canary-release, ai-task, ai-release-specialist.
    Empty(EmptyParams),
}

/// Job types the OpenAPI execute accepts (docs/zadig-contract.md §4.6 and §8 item 13).
pub const RUNNABLE_TYPES: &[&str] = &[
    "zadig-build",
    "zadig-deploy",
    "custom-deploy",
    "freestyle",
    "zadig-test",
    "zadig-scanning",
    "sql",
    "tapd",
    "approval",
    "plugin",
    "k8s-blue-green-deploy",
    "k8s-canary-deploy",
    "k8s-blue-green-release",
    "k8s-canary-release",
    "k8s-gray-release",
    "k8s-gray-rollback",
    "k8s-resource-patch",
    "zadig-vm-deploy",
    "ai-task",
    "ai-release-specialist",
];

impl JobParams {
    /// Reads parameters for a job type; `null` means none.
    pub fn parse(job_type: &str, v: serde_json::Value) -> Result<JobParams, serde_json::Error> {
        use serde_json::from_value as f;
        let v = if v.is_null() {
            serde_json::json!({})
        } else {
            v
        };
        Ok(match job_type {
            "zadig-build" => JobParams::Build(f(v)?),
            "zadig-deploy" => JobParams::Deploy(f(v)?),
            "custom-deploy" | "k8s-gray-release" => JobParams::Targets(f(v)?),
            "freestyle" => JobParams::Freestyle(f(v)?),
            "zadig-test" => JobParams::Test(f(v)?),
            "zadig-scanning" => JobParams::Scanning(f(v)?),
            "sql" => JobParams::Sql(f(v)?),
            "tapd" => JobParams::Tapd(f(v)?),
            "plugin" => JobParams::Plugin(f(v)?),
            "k8s-blue-green-deploy" | "k8s-canary-deploy" => JobParams::K8sServices(f(v)?),
            "k8s-gray-rollback" => JobParams::Rollback(f(v)?),
            "k8s-resource-patch" => JobParams::Patch(f(v)?),
            "zadig-vm-deploy" => JobParams::Vm(f(v)?),
            _ => JobParams::Empty(EmptyParams {}),
        })
    }
}

impl<'de> Deserialize<'de> for JobInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            job_name: String,
            #[serde(default)]
            job_type: String,
            #[serde(default)]
            parameters: serde_json::Value,
        }
        let r = Raw::deserialize(d)?;
        let parameters =
            JobParams::parse(&r.job_type, r.parameters).map_err(serde::de::Error::custom)?;
        Ok(JobInput {
            job_name: r.job_name,
            job_type: r.job_type,
            parameters,
        })
    }
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
