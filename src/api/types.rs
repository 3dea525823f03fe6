//! Response types. Every field tolerates absence (`#[serde(default)]` on each type) and `null`
//! (the client decodes through [`super::decode`], which reads `null` as absent), unknown fields
//! are ignored, and both the seed doc's shapes and the current server's decode
//! (docs/zadig-contract.md §8). Integers also come as numeric strings: [`number`].

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

pub use super::ids::{JobTaskName, TaskId, WorkflowKey};

/// Accepts a number, a numeric string or `null` for integer fields.
pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
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
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct WorkflowSummary {
    pub workflow_key: WorkflowKey,
    /// The display name (may be empty: show the key then).
    pub display_name: String,
    pub update_by: String,
    pub update_time: i64,
    /// `custom` or `product`.
    pub kind: String,
}

/// `GET /openapi/workflows`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkflowList {
    pub workflows: Vec<WorkflowSummary>,
}

/// A workflow in a view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewWorkflow {
    pub workflow_key: WorkflowKey,
    pub workflow_type: String,
}

/// A workflow view (`GET /openapi/workflows/view`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    pub name: String,
    pub project_key: String,
    pub update_time: i64,
    pub update_by: String,
    pub workflows: Vec<ViewWorkflow>,
}

/// A repository as Zadig describes it (params, job specs, task specs).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Repository {
    pub source: String,
    pub repo_owner: String,
    pub repo_namespace: String,
    pub repo_name: String,
    pub remote_name: String,
    pub branch: String,
    #[serde(deserialize_with = "number")]
    pub pr: i64,
    pub prs: Vec<i64>,
    pub tag: String,
    pub commit_id: String,
    pub commit_message: String,
    pub author_name: String,
    #[serde(deserialize_with = "number")]
    pub codehost_id: i64,
    pub codehost_name: String,
    pub address: String,
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
    pub name: String,
    pub description: String,
    /// `string`, `text`, `choice`, `multi-select`, `repo` or `file`.
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    pub repo: Option<Repository>,
    pub choice_option: Vec<String>,
    pub choice_value: Vec<String>,
    pub default: String,
    pub is_credential: bool,
    /// `runtime`, `fixed` or `reference`.
    pub source: String,
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
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Hash)]
#[serde(default)]
pub struct ApproveUser {
    #[serde(rename = "type")]
    pub kind: String,
    pub user_id: String,
    pub user_name: String,
    pub group_name: String,
    /// `approve`, `reject` or empty.
    pub reject_or_approve: String,
    pub comment: String,
    #[serde(deserialize_with = "number")]
    pub operation_time: i64,
}

/// Native approval settings and state (job-level spec or the doc's stage-level object).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Hash)]
#[serde(default)]
pub struct NativeApproval {
    #[serde(alias = "Timeout", deserialize_with = "number")]
    pub timeout: i64,
    pub approve_users: Vec<ApproveUser>,
    #[serde(alias = "NeededApprovers", deserialize_with = "number")]
    pub needed_approvers: i64,
    pub reject_or_approve: String,
}

/// An approval: the doc's stage-level `approval` object, or a v3.1+ approval job's spec.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Hash)]
#[serde(default)]
pub struct Approval {
    pub enabled: bool,
    /// `native`, `lark`, `dingtalk`, `workwx`…
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
    #[serde(deserialize_with = "number")]
    pub timeout: i64,
    #[serde(deserialize_with = "number")]
    pub needed_approvers: i64,
    pub approve_users: Vec<ApproveUser>,
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
    pub name: String,
    /// Responses use `type`; `job_type` is accepted for the doc's dead types.
    #[serde(rename = "type", alias = "job_type")]
    pub kind: String,
    pub skipped: bool,
    pub spec: Value,
    /// `""`, `default_not_run`, `force_run` or `skip`.
    pub run_policy: String,
    pub error_policy: Value,
}

/// A stage of a workflow definition.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct StageDef {
    pub name: String,
    pub parallel: bool,
    /// The doc's stage-level approval (before v3.1).
    pub approval: Option<Approval>,
    pub jobs: Vec<JobDef>,
}

/// One notification setting of a workflow (`notify_ctls[]`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct NotifyCtl {
    pub enabled: bool,
    pub webhook_type: String,
    pub notify_type: Vec<String>,
    /// Everything else (per-type configs, legacy fields).
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

/// `GET /openapi/workflows/custom/:key/detail`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct WorkflowDetail {
    pub workflow_key: WorkflowKey,
    /// The display name (may be empty: show the key then).
    #[serde(rename = "workflow_name")]
    pub display_name: String,
    pub project_key: String,
    pub description: String,
    pub created_by: String,
    #[serde(deserialize_with = "number")]
    pub create_time: i64,
    pub updated_by: String,
    #[serde(deserialize_with = "number")]
    pub update_time: i64,
    pub params: Vec<Param>,
    pub stages: Vec<StageDef>,
    pub notify_ctls: Vec<NotifyCtl>,
    pub share_storages: Vec<Value>,
    /// -1 means unlimited.
    #[serde(deserialize_with = "number")]
    pub concurrency_limit: i64,
}

/// One entry of a task list.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct TaskSummary {
    pub workflow_key: WorkflowKey,
    /// The display name (may be empty: show the key then).
    pub display_name: String,
    pub project_key: String,
    pub task_id: TaskId,
    pub create_time: i64,
    pub task_creator: String,
    pub start_time: i64,
    pub end_time: i64,
    pub status: String,
}

/// `GET /openapi/workflows/custom/:key/tasks`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskList {
    pub total: i64,
    pub workflow_tasks: Vec<TaskSummary>,
}

/// A stage waiting for manual execution.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Hash)]
#[serde(default)]
pub struct ManualExec {
    pub enabled: bool,
    pub modify_params: bool,
    /// Zadig's spelling.
    #[serde(alias = "executed")]
    pub excuted: bool,
    pub manual_exec_users: Vec<ApproveUser>,
}

/// A job task in a task detail.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Hash)]
#[serde(default)]
pub struct JobTask {
    /// The job task name (`job-S-J-N-<name>`): use it for logs and approvals, never build it.
    pub name: JobTaskName,
    pub key: String,
    pub display_name: String,
    pub origin_name: String,
    #[serde(rename = "type", alias = "job_type")]
    pub kind: String,
    pub status: String,
    #[serde(deserialize_with = "number")]
    pub start_time: i64,
    #[serde(deserialize_with = "number")]
    pub end_time: i64,
    #[serde(deserialize_with = "number")]
    pub cost_seconds: i64,
    pub error: String,
    pub spec: Value,
    pub job_info: Value,
    #[serde(deserialize_with = "number")]
    pub retry_count: i64,
    pub error_policy: Value,
}

impl JobTask {
    /// The name to show: the display name, else the job task name.
    pub fn label(&self) -> &str {
        if self.display_name.is_empty() {
            self.name.as_str()
        } else {
            &self.display_name
        }
    }

    /// A `job_info` string entry.
    pub fn info(&self, key: &str) -> &str {
        self.job_info.get(key).and_then(Value::as_str).unwrap_or("")
    }
}

/// A stage of a task.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Hash)]
#[serde(default)]
pub struct StageTask {
    pub name: String,
    pub status: String,
    #[serde(deserialize_with = "number")]
    pub start_time: i64,
    #[serde(deserialize_with = "number")]
    pub end_time: i64,
    pub parallel: bool,
    pub manual_exec: Option<ManualExec>,
    /// The doc's stage-level approval (before v3.1).
    pub approval: Option<Approval>,
    pub jobs: Vec<JobTask>,
    pub error: String,
}

/// `GET /openapi/workflows/custom/task` (`WorkflowTaskPreview`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskDetail {
    pub task_id: TaskId,
    pub workflow_key: WorkflowKey,
    /// The display name (may be empty: show the key then).
    #[serde(rename = "workflow_name")]
    pub display_name: String,
    pub project_key: String,
    pub params: Vec<Param>,
    pub status: String,
    pub reverted: bool,
    pub remark: String,
    pub task_creator: String,
    pub task_revoker: String,
    #[serde(deserialize_with = "number")]
    pub create_time: i64,
    #[serde(deserialize_with = "number")]
    pub start_time: i64,
    #[serde(deserialize_with = "number")]
    pub end_time: i64,
    pub stages: Vec<StageTask>,
    pub error: String,
    pub is_restart: bool,
}

/// `POST /openapi/workflows/custom/task`: the server says `project_name`/`workflow_name`, the
/// doc `project_key`/`workflow_key`; both are read (as separate fields: a body with both must
/// not fail).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ExecuteResponse {
    pub project_name: String,
    pub project_key: String,
    /// The server's field for the workflow key.
    #[serde(rename = "workflow_name")]
    pub workflow_key_as_named: WorkflowKey,
    pub workflow_key: WorkflowKey,
    pub task_id: TaskId,
}

impl ExecuteResponse {
    pub fn project(&self) -> &str {
        if self.project_name.is_empty() {
            &self.project_key
        } else {
            &self.project_name
        }
    }
    /// The workflow's key, under whichever name the server sent it.
    pub fn workflow(&self) -> &WorkflowKey {
        if self.workflow_key_as_named.is_empty() {
            &self.workflow_key
        } else {
            &self.workflow_key_as_named
        }
    }
}

/// A project.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    pub project_name: String,
    pub project_key: String,
    pub description: String,
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
#[derive(Clone, Debug, PartialEq)]
pub enum ProjectList {
    Wrapped { projects: Vec<Project> },
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
    pub env_key: String,
    pub env_name: String,
    pub name: String,
    pub production: bool,
    pub namespace: String,
    pub alias: String,
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
    pub registry_id: String,
    pub address: String,
    pub namespace: String,
    pub provider: String,
    pub region: String,
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
    pub stage_name: String,
    pub status: String,
    pub can_execute: bool,
    pub executors: Vec<ApproveUser>,
}

// The landing screens' answers decode without serde (see [`super::json`]): the same rules as
// `#[serde(default)]` over [`super::decode`], member by member. (Tests: tests/golden.rs reads
// the seed doc's and the contract's examples through these.)
use super::json::{At, FromJson, JsonError};

impl FromJson for WorkflowKey {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        String::from_json(at).map(WorkflowKey::new)
    }
}

impl FromJson for TaskId {
    /// A number or numeric string; anything else is 0 (no task), as [`number`] reads it.
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        Ok(TaskId::new(at.value().as_int().unwrap_or(0)))
    }
}

impl FromJson for WorkflowSummary {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        at.object()?;
        Ok(WorkflowSummary {
            workflow_key: at.field("workflow_key")?,
            display_name: at.field("workflow_name")?,
            update_by: at.field("update_by")?,
            update_time: at.int("update_time"),
            kind: at.field("type")?,
        })
    }
}

impl FromJson for WorkflowList {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        at.object()?;
        Ok(WorkflowList {
            workflows: at.field("workflows")?,
        })
    }
}

impl FromJson for ViewWorkflow {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        at.object()?;
        Ok(ViewWorkflow {
            workflow_key: at.field("workflow_key")?,
            workflow_type: at.field("workflow_type")?,
        })
    }
}

impl FromJson for View {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        at.object()?;
        Ok(View {
            name: at.field("name")?,
            project_key: at.field("project_key")?,
            update_time: at.int("update_time"),
            update_by: at.field("update_by")?,
            workflows: at.field("workflows")?,
        })
    }
}

impl FromJson for TaskSummary {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        at.object()?;
        Ok(TaskSummary {
            workflow_key: at.field("workflow_key")?,
            display_name: at.field("workflow_name")?,
            project_key: at.field("project_key")?,
            task_id: at.field("task_id")?,
            create_time: at.int("create_time"),
            task_creator: at.field("task_creator")?,
            start_time: at.int("start_time"),
            end_time: at.int("end_time"),
            status: at.field("status")?,
        })
    }
}

impl FromJson for TaskList {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        at.object()?;
        Ok(TaskList {
            total: at.int("total"),
            workflow_tasks: at.field("workflow_tasks")?,
        })
    }
}

impl FromJson for Project {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        at.object()?;
        Ok(Project {
            project_name: at.field_of(&["project_name", "name"])?,
            project_key: at.field_of(&["project_key", "key", "product_name"])?,
            description: at.field_of(&["description", "desc"])?,
            deploy_type: at.field("deploy_type")?,
        })
    }
}

impl FromJson for ProjectList {
    /// `{"projects":[…]}` or a bare list.
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        match at.value() {
            super::json::Json::Arr(_) => Ok(ProjectList::Bare(at.list()?)),
            _ => {
                at.object()?;
                Ok(ProjectList::Wrapped {
                    projects: at.field("projects")?,
                })
            }
        }
    }
}
