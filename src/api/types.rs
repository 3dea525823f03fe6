//! Response types. Every field tolerates absence and `null`, unknown fields are ignored, and
//! both the seed doc's shapes and the current server's decode (docs/zadig-contract.md §8).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// Deserializes `null` as the type's default.
pub fn nd<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Accepts a number, a numeric string or `null` for integer fields.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .unwrap_or(0),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

/// One entry of `GET /openapi/workflows`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkflowSummary {
    #[serde(deserialize_with = "nd")]
    pub workflow_key: String,
    #[serde(deserialize_with = "nd")]
    pub workflow_name: String,
    #[serde(deserialize_with = "nd")]
    pub update_by: String,
    #[serde(deserialize_with = "int")]
    pub update_time: i64,
    /// `custom` or `product`.
    #[serde(rename = "type", deserialize_with = "nd")]
    pub kind: String,
}

/// `GET /openapi/workflows`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct WorkflowList {
    #[serde(deserialize_with = "nd")]
    pub workflows: Vec<WorkflowSummary>,
}

/// A workflow in a view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewWorkflow {
    #[serde(deserialize_with = "nd")]
    pub workflow_key: String,
    #[serde(deserialize_with = "nd")]
    pub workflow_type: String,
}

/// A workflow view (`GET /openapi/workflows/view`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct View {
    #[serde(deserialize_with = "nd")]
    pub name: String,
    #[serde(deserialize_with = "nd")]
    pub project_key: String,
    #[serde(deserialize_with = "int")]
    pub update_time: i64,
    #[serde(deserialize_with = "nd")]
    pub update_by: String,
    #[serde(deserialize_with = "nd")]
    pub workflows: Vec<ViewWorkflow>,
}

/// A repository as Zadig describes it (params, job specs, task specs).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Repository {
    #[serde(deserialize_with = "nd")]
    pub source: String,
    #[serde(deserialize_with = "nd")]
    pub repo_owner: String,
    #[serde(deserialize_with = "nd")]
    pub repo_namespace: String,
    #[serde(deserialize_with = "nd")]
    pub repo_name: String,
    #[serde(deserialize_with = "nd")]
    pub remote_name: String,
    #[serde(deserialize_with = "nd")]
    pub branch: String,
    #[serde(deserialize_with = "int")]
    pub pr: i64,
    #[serde(deserialize_with = "nd")]
    pub prs: Vec<i64>,
    #[serde(deserialize_with = "nd")]
    pub tag: String,
    #[serde(deserialize_with = "nd")]
    pub commit_id: String,
    #[serde(deserialize_with = "nd")]
    pub commit_message: String,
    #[serde(deserialize_with = "nd")]
    pub author_name: String,
    #[serde(deserialize_with = "int")]
    pub codehost_id: i64,
    #[serde(deserialize_with = "nd")]
    pub codehost_name: String,
    #[serde(deserialize_with = "nd")]
    pub address: String,
    #[serde(deserialize_with = "nd")]
    pub checkout_path: String,
    // `oauth_token` is deliberately not decoded: it can hold a credential and is never shown.
}

impl Repository {
    /// `repo_namespace`, or the owner where a server leaves the namespace empty.
    pub fn namespace(&self) -> &str {
        if self.repo_namespace.is_empty() {
            &self.repo_owner
        } else {
            &self.repo_namespace
        }
    }

    /// The pull requests: `prs`, or the single older `pr` field.
    pub fn pull_requests(&self) -> Vec<i64> {
        if self.prs.is_empty() && self.pr > 0 {
            vec![self.pr]
        } else {
            self.prs.clone()
        }
    }
}

/// A workflow parameter (model `Param`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Param {
    #[serde(deserialize_with = "nd")]
    pub name: String,
    #[serde(deserialize_with = "nd")]
    pub description: String,
    /// `string`, `text`, `choice`, `multi-select`, `repo` or `file`.
    #[serde(rename = "type", deserialize_with = "nd")]
    pub kind: String,
    #[serde(deserialize_with = "nd")]
    pub value: String,
    pub repo: Option<Repository>,
    #[serde(deserialize_with = "nd")]
    pub choice_option: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub choice_value: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub default: String,
    #[serde(deserialize_with = "nd")]
    pub is_credential: bool,
    /// `runtime`, `fixed` or `reference`.
    #[serde(deserialize_with = "nd")]
    pub source: String,
    #[serde(deserialize_with = "nd")]
    pub required: bool,
}

impl Param {
    /// Fixed or referenced values are not for people to fill in (the official UI hides them).
    pub fn is_hidden(&self) -> bool {
        self.source == "fixed"
            || self.source == "reference"
            || self.value.contains("<+fixed>")
            || self.value.contains("{{")
    }
}

/// An approver and their decision.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ApproveUser {
    #[serde(rename = "type", deserialize_with = "nd")]
    pub kind: String,
    #[serde(deserialize_with = "nd")]
    pub user_id: String,
    #[serde(deserialize_with = "nd")]
    pub user_name: String,
    #[serde(deserialize_with = "nd")]
    pub group_name: String,
    /// `approve`, `reject` or empty.
    #[serde(deserialize_with = "nd")]
    pub reject_or_approve: String,
    #[serde(deserialize_with = "nd")]
    pub comment: String,
    #[serde(deserialize_with = "int")]
    pub operation_time: i64,
}

/// Native approval settings and state (job-level spec or the doc's stage-level object).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct NativeApproval {
    #[serde(alias = "Timeout", deserialize_with = "int")]
    pub timeout: i64,
    #[serde(deserialize_with = "nd")]
    pub approve_users: Vec<ApproveUser>,
    #[serde(alias = "NeededApprovers", deserialize_with = "int")]
    pub needed_approvers: i64,
    #[serde(deserialize_with = "nd")]
    pub reject_or_approve: String,
}

/// An approval: the doc's stage-level `approval` object, or a v3.1+ approval job's spec.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Approval {
    #[serde(deserialize_with = "nd")]
    pub enabled: bool,
    /// `native`, `lark`, `dingtalk`, `workwx`…
    #[serde(rename = "type", deserialize_with = "nd")]
    pub kind: String,
    #[serde(deserialize_with = "nd")]
    pub description: String,
    #[serde(deserialize_with = "int")]
    pub timeout: i64,
    #[serde(deserialize_with = "int")]
    pub needed_approvers: i64,
    #[serde(deserialize_with = "nd")]
    pub approve_users: Vec<ApproveUser>,
    #[serde(deserialize_with = "nd")]
    pub reject_or_approve: String,
    pub native_approval: Option<NativeApproval>,
}

impl Approval {
    /// Approvers, whichever shape carried them.
    pub fn users(&self) -> &[ApproveUser] {
        match &self.native_approval {
            Some(n) if !n.approve_users.is_empty() => &n.approve_users,
            _ => &self.approve_users,
        }
    }
    /// Approvals needed (at least one).
    pub fn needed(&self) -> i64 {
        let n = self
            .native_approval
            .as_ref()
            .map(|n| n.needed_approvers)
            .unwrap_or(0);
        n.max(self.needed_approvers).max(1)
    }
    /// Timeout in minutes (Zadig's default is 60).
    pub fn timeout_minutes(&self) -> i64 {
        let t = if self.timeout > 0 {
            self.timeout
        } else {
            self.native_approval
                .as_ref()
                .map(|n| n.timeout)
                .unwrap_or(0)
        };
        if t > 0 {
            t
        } else {
            60
        }
    }
}

/// A job in a workflow definition.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct JobDef {
    #[serde(deserialize_with = "nd")]
    pub name: String,
    /// Responses use `type`; `job_type` is accepted for the doc's dead types.
    #[serde(rename = "type", alias = "job_type", deserialize_with = "nd")]
    pub kind: String,
    #[serde(deserialize_with = "nd")]
    pub skipped: bool,
    #[serde(deserialize_with = "nd")]
    pub spec: Value,
    /// `""`, `default_not_run`, `force_run` or `skip`.
    #[serde(deserialize_with = "nd")]
    pub run_policy: String,
    #[serde(deserialize_with = "nd")]
    pub error_policy: Value,
}

/// A stage of a workflow definition.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct StageDef {
    #[serde(deserialize_with = "nd")]
    pub name: String,
    #[serde(deserialize_with = "nd")]
    pub parallel: bool,
    /// The doc's stage-level approval (before v3.1).
    pub approval: Option<Approval>,
    #[serde(deserialize_with = "nd")]
    pub jobs: Vec<JobDef>,
}

/// One notification setting of a workflow (`notify_ctls[]`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct NotifyCtl {
    #[serde(deserialize_with = "nd")]
    pub enabled: bool,
    #[serde(deserialize_with = "nd")]
    pub webhook_type: String,
    #[serde(deserialize_with = "nd")]
    pub notify_type: Vec<String>,
    /// Everything else (per-type configs, legacy fields).
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

/// `GET /openapi/workflows/custom/:key/detail`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct WorkflowDetail {
    #[serde(deserialize_with = "nd")]
    pub workflow_key: String,
    #[serde(deserialize_with = "nd")]
    pub workflow_name: String,
    #[serde(deserialize_with = "nd")]
    pub project_key: String,
    #[serde(deserialize_with = "nd")]
    pub description: String,
    #[serde(deserialize_with = "nd")]
    pub created_by: String,
    #[serde(deserialize_with = "int")]
    pub create_time: i64,
    #[serde(deserialize_with = "nd")]
    pub updated_by: String,
    #[serde(deserialize_with = "int")]
    pub update_time: i64,
    #[serde(deserialize_with = "nd")]
    pub params: Vec<Param>,
    #[serde(deserialize_with = "nd")]
    pub stages: Vec<StageDef>,
    #[serde(deserialize_with = "nd")]
    pub notify_ctls: Vec<NotifyCtl>,
    #[serde(deserialize_with = "nd")]
    pub share_storages: Vec<Value>,
    /// -1 means unlimited.
    #[serde(deserialize_with = "int")]
    pub concurrency_limit: i64,
}

/// One entry of a task list.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskSummary {
    #[serde(deserialize_with = "nd")]
    pub workflow_key: String,
    #[serde(deserialize_with = "nd")]
    pub workflow_name: String,
    #[serde(deserialize_with = "nd")]
    pub project_key: String,
    #[serde(deserialize_with = "int")]
    pub task_id: i64,
    #[serde(deserialize_with = "int")]
    pub create_time: i64,
    #[serde(deserialize_with = "nd")]
    pub task_creator: String,
    #[serde(deserialize_with = "int")]
    pub start_time: i64,
    #[serde(deserialize_with = "int")]
    pub end_time: i64,
    #[serde(deserialize_with = "nd")]
    pub status: String,
}

/// `GET /openapi/workflows/custom/:key/tasks`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskList {
    #[serde(deserialize_with = "int")]
    pub total: i64,
    #[serde(deserialize_with = "nd")]
    pub workflow_tasks: Vec<TaskSummary>,
}

/// A stage waiting for manual execution.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ManualExec {
    #[serde(deserialize_with = "nd")]
    pub enabled: bool,
    #[serde(deserialize_with = "nd")]
    pub modify_params: bool,
    /// Zadig's spelling.
    #[serde(alias = "executed", deserialize_with = "nd")]
    pub excuted: bool,
    #[serde(deserialize_with = "nd")]
    pub manual_exec_users: Vec<ApproveUser>,
}

/// A job task in a task detail.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct JobTask {
    /// The job task name (`job-S-J-N-<name>`): use it for logs and approvals, never build it.
    #[serde(deserialize_with = "nd")]
    pub name: String,
    #[serde(deserialize_with = "nd")]
    pub key: String,
    #[serde(deserialize_with = "nd")]
    pub display_name: String,
    #[serde(deserialize_with = "nd")]
    pub origin_name: String,
    #[serde(rename = "type", alias = "job_type", deserialize_with = "nd")]
    pub kind: String,
    #[serde(deserialize_with = "nd")]
    pub status: String,
    #[serde(deserialize_with = "int")]
    pub start_time: i64,
    #[serde(deserialize_with = "int")]
    pub end_time: i64,
    #[serde(deserialize_with = "int")]
    pub cost_seconds: i64,
    #[serde(deserialize_with = "nd")]
    pub error: String,
    #[serde(deserialize_with = "nd")]
    pub spec: Value,
    #[serde(deserialize_with = "nd")]
    pub job_info: Value,
    #[serde(deserialize_with = "int")]
    pub retry_count: i64,
    #[serde(deserialize_with = "nd")]
    pub error_policy: Value,
}

impl JobTask {
    /// A `job_info` string entry.
    pub fn info(&self, key: &str) -> &str {
        self.job_info.get(key).and_then(Value::as_str).unwrap_or("")
    }
}

/// A stage of a task.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct StageTask {
    #[serde(deserialize_with = "nd")]
    pub name: String,
    #[serde(deserialize_with = "nd")]
    pub status: String,
    #[serde(deserialize_with = "int")]
    pub start_time: i64,
    #[serde(deserialize_with = "int")]
    pub end_time: i64,
    #[serde(deserialize_with = "nd")]
    pub parallel: bool,
    pub manual_exec: Option<ManualExec>,
    /// The doc's stage-level approval (before v3.1).
    pub approval: Option<Approval>,
    #[serde(deserialize_with = "nd")]
    pub jobs: Vec<JobTask>,
    #[serde(deserialize_with = "nd")]
    pub error: String,
}

/// `GET /openapi/workflows/custom/task` (`WorkflowTaskPreview`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskDetail {
    #[serde(deserialize_with = "int")]
    pub task_id: i64,
    #[serde(deserialize_with = "nd")]
    pub workflow_key: String,
    #[serde(deserialize_with = "nd")]
    pub workflow_name: String,
    #[serde(deserialize_with = "nd")]
    pub project_key: String,
    #[serde(deserialize_with = "nd")]
    pub params: Vec<Param>,
    #[serde(deserialize_with = "nd")]
    pub status: String,
    #[serde(deserialize_with = "nd")]
    pub reverted: bool,
    #[serde(deserialize_with = "nd")]
    pub remark: String,
    #[serde(deserialize_with = "nd")]
    pub task_creator: String,
    #[serde(deserialize_with = "nd")]
    pub task_revoker: String,
    #[serde(deserialize_with = "int")]
    pub create_time: i64,
    #[serde(deserialize_with = "int")]
    pub start_time: i64,
    #[serde(deserialize_with = "int")]
    pub end_time: i64,
    #[serde(deserialize_with = "nd")]
    pub stages: Vec<StageTask>,
    #[serde(deserialize_with = "nd")]
    pub error: String,
    #[serde(deserialize_with = "nd")]
    pub is_restart: bool,
}

/// `POST /openapi/workflows/custom/task`: the server says `project_name`/`workflow_name`, the
/// doc `project_key`/`workflow_key`; both are read (as separate fields: a body with both must
/// not fail).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ExecuteResponse {
    #[serde(deserialize_with = "nd")]
    pub project_name: String,
    #[serde(deserialize_with = "nd")]
    pub project_key: String,
    #[serde(deserialize_with = "nd")]
    pub workflow_name: String,
    #[serde(deserialize_with = "nd")]
    pub workflow_key: String,
    #[serde(deserialize_with = "int")]
    pub task_id: i64,
}

impl ExecuteResponse {
    pub fn project(&self) -> &str {
        if self.project_name.is_empty() {
            &self.project_key
        } else {
            &self.project_name
        }
    }
    pub fn workflow(&self) -> &str {
        if self.workflow_name.is_empty() {
            &self.workflow_key
        } else {
            &self.workflow_name
        }
    }
}

/// A project.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Project {
    #[serde(alias = "name", deserialize_with = "nd")]
    pub project_name: String,
    #[serde(alias = "key", alias = "product_name", deserialize_with = "nd")]
    pub project_key: String,
    #[serde(alias = "desc", deserialize_with = "nd")]
    pub description: String,
    #[serde(deserialize_with = "nd")]
    pub deploy_type: String,
}

impl Project {
    /// The name to show: the display name, else the key.
    pub fn label(&self) -> &str {
        if self.project_name.is_empty() {
            &self.project_key
        } else {
            &self.project_name
        }
    }
}

/// The project list: `{"projects":[…]}` or a bare array.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ProjectList {
    Wrapped {
        #[serde(default, deserialize_with = "nd")]
        projects: Vec<Project>,
    },
    Bare(Vec<Project>),
}

impl ProjectList {
    pub fn into_vec(self) -> Vec<Project> {
        match self {
            ProjectList::Wrapped { projects } | ProjectList::Bare(projects) => projects,
        }
    }
}

/// An environment of a project. Servers name the key `env_key`, `env_name` or `name` (sometimes
/// several at once, so they are separate fields, not aliases).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Environment {
    #[serde(deserialize_with = "nd")]
    pub env_key: String,
    #[serde(deserialize_with = "nd")]
    pub env_name: String,
    #[serde(deserialize_with = "nd")]
    pub name: String,
    #[serde(deserialize_with = "nd")]
    pub production: bool,
    #[serde(deserialize_with = "nd")]
    pub namespace: String,
    #[serde(deserialize_with = "nd")]
    pub alias: String,
    #[serde(deserialize_with = "nd")]
    pub status: String,
}

impl Environment {
    /// The environment's key, whichever field carried it.
    pub fn key(&self) -> &str {
        [&self.env_key, &self.env_name, &self.name]
            .into_iter()
            .find(|s| !s.is_empty())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// An image registry; the build input wants `address/namespace`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Registry {
    #[serde(deserialize_with = "nd")]
    pub registry_id: String,
    #[serde(deserialize_with = "nd")]
    pub address: String,
    #[serde(deserialize_with = "nd")]
    pub namespace: String,
    #[serde(deserialize_with = "nd")]
    pub provider: String,
    #[serde(deserialize_with = "nd")]
    pub region: String,
    #[serde(deserialize_with = "nd")]
    pub is_default: bool,
}

impl Registry {
    /// The value zadig-build's `registry` input must equal.
    pub fn input_value(&self) -> String {
        format!("{}/{}", self.address, self.namespace)
    }
}

/// The context of a stage paused for manual execution (v5).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ManualExecContext {
    #[serde(deserialize_with = "nd")]
    pub stage_name: String,
    #[serde(deserialize_with = "nd")]
    pub status: String,
    #[serde(deserialize_with = "nd")]
    pub can_execute: bool,
    #[serde(deserialize_with = "nd")]
    pub executors: Vec<ApproveUser>,
}
