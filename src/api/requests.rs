//! Request bodies: execute (every job type of docs/zadig-contract.md §4.6, workflow parameters, the seven
//! notify inputs), approve, views and pre-approval tickets.

use serde::{Deserialize, Serialize};

use super::ids::{TaskId, WorkflowKey};

fn is_false(b: &bool) -> bool {
    !*b
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
#[serde(default)]
pub struct LarkHookConfig {
    pub at_users: Vec<String>,
    #[serde(skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
    pub is_at_all: bool,
}

/// Feishu self-built app group (`feishu_app`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LarkGroupConfig {
    pub chat_id: String,
    pub at_users: Vec<LarkUser>,
    #[serde(skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
}

/// Feishu member (`feishu_person`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LarkPersonConfig {
    pub users: Vec<LarkUser>,
    #[serde(skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
}

/// WeChat Work (`wechat`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WechatConfig {
    pub at_users: Vec<String>,
    pub is_at_all: bool,
}

/// DingTalk (`dingding`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DingdingConfig {
    pub at_mobiles: Vec<String>,
    #[serde(skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
    pub is_at_all: bool,
}

/// Microsoft Teams (`msteams`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MsteamsConfig {
    pub at_emails: Vec<String>,
    #[serde(skip_serializing_if = "empty_vec")]
    pub dynamic_recipients: Vec<String>,
}

/// Email (`mail`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MailConfig {
    pub user_ids: Vec<String>,
    #[serde(skip_serializing_if = "empty_vec")]
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
    pub task_id: TaskId,
    pub workflow_key: WorkflowKey,
    /// The approval job's task name; on older servers, the stage's name.
    pub stage_name: String,
    pub approve: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// A workflow entry in a view create/update body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewEntryInput {
    pub workflow_key: WorkflowKey,
    /// The display name (sent only when known).
    #[serde(
        default,
        rename = "workflow_name",
        skip_serializing_if = "String::is_empty"
    )]
    pub display_name: String,
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
