//! The sandbox's world: projects, workflows, views, tasks and their logs.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use serde_json::{json, Value};
use tokio::sync::watch;

/// Seconds since the Unix epoch, as Zadig stamps everything.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A user the sandbox knows, with the project role that decides permissions.
#[derive(Clone, Debug)]
pub struct User {
    pub uid: String,
    pub name: String,
    pub email: String,
    /// `admin` (project admin), `member` (may execute) or `viewer`.
    pub role: &'static str,
}

/// Knobs that tests and benchmarks turn (`/__sandbox/config`).
#[derive(Clone, Debug)]
pub struct Knobs {
    /// Virtual milliseconds per real millisecond for job durations.
    pub speed: f64,
    /// Added to every Zadig request.
    pub latency_ms: u64,
    /// How long after a job ends its complete log stays empty (real milliseconds).
    pub log_upload_delay_ms: u64,
    /// Whether a ZadigX professional licence is present (pre-approval tickets).
    pub license: bool,
    /// How long the SSE endpoint waits for a first line before answering an empty 200.
    pub sse_first_line_wait_ms: u64,
    /// What the internal clone endpoint answers: `workflow` (the workflow as it ran, as Zadig
    /// does) or `args` (the execute body the task was created with).
    pub clone_shape: String,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            speed: 1.0,
            latency_ms: 0,
            log_upload_delay_ms: 0,
            license: true,
            sse_first_line_wait_ms: 300_000,
            clone_shape: "workflow".into(),
        }
    }
}

/// A one-shot fault for requests whose path starts with `path_prefix` (or equals it, when it
/// ends in `$`).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Fault {
    pub path_prefix: String,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default = "default_fault_status")]
    pub status: u16,
    /// `html`, `malformed`, `empty`, `zadig`, `plain500`, `reset` (cut before answering),
    /// `lost` (carried out, then the answer is cut), `hang` (no answer for a minute) or `shape`
    /// (valid JSON of the wrong shape).
    pub kind: String,
    /// How many requests it hits before it goes away.
    #[serde(default = "one")]
    pub times: u32,
    /// How long `hang` waits before its 504, and `stall` before cutting its body (ms; a minute
    /// when absent).
    #[serde(default)]
    pub delay_ms: Option<u64>,
}
fn default_fault_status() -> u16 {
    502
}
fn one() -> u32 {
    1
}

/// Drops live log streams: after `after_lines` events, optionally in the middle of an event.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SseFault {
    #[serde(default)]
    pub after_lines: usize,
    #[serde(default)]
    pub mid_line: bool,
    /// How many streams to drop.
    #[serde(default)]
    pub times: u32,
}

/// How a job's log reaches the SSE endpoint (docs/zadig-contract.md §6.2).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LogKind {
    /// Pod jobs: lines trimmed, `\r` pieces, tail honoured.
    Container,
    /// Deploy and similar jobs: read from the job log store, trailing `\n` kept, whole log.
    Store,
    /// VM jobs: like Store, but nothing at all unless running at connect time.
    Vm,
    /// No streamable log: an empty 200.
    None,
}

/// One job's log: the raw lines and a channel announcing `(line count, finished)`.
pub struct JobLog {
    pub lines: RwLock<Vec<String>>,
    pub tx: watch::Sender<(usize, bool)>,
    pub finished_at: RwLock<Option<Instant>>,
}

impl JobLog {
    pub fn new() -> Arc<JobLog> {
        let (tx, _) = watch::channel((0, false));
        Arc::new(JobLog {
            lines: RwLock::new(Vec::new()),
            tx,
            finished_at: RwLock::new(None),
        })
    }
    pub fn push(&self, line: String) {
        let n = {
            let mut l = self.lines.write().unwrap();
            l.push(line);
            l.len()
        };
        self.tx.send_replace((n, false));
    }
    pub fn push_many(&self, lines: impl Iterator<Item = String>) {
        let n = {
            let mut l = self.lines.write().unwrap();
            l.extend(lines);
            l.len()
        };
        self.tx.send_replace((n, false));
    }
    pub fn finish(&self) {
        *self.finished_at.write().unwrap() = Some(Instant::now());
        let n = self.lines.read().unwrap().len();
        self.tx.send_replace((n, true));
    }
    pub fn reset(&self) {
        self.lines.write().unwrap().clear();
        *self.finished_at.write().unwrap() = None;
        self.tx.send_replace((0, false));
    }
    pub fn len(&self) -> usize {
        self.lines.read().unwrap().len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn finished(&self) -> bool {
        self.tx.borrow().1
    }
}

/// What a job does when the engine runs it.
#[derive(Clone, Debug)]
pub enum Plan {
    /// Lines at virtual milliseconds after `running` begins, then the outcome.
    Script {
        prepare_ms: f64,
        lines: Vec<(f64, String)>,
        total_ms: f64,
        fail: Option<String>,
    },
    /// A generated log of `total` lines at `per_sec` lines per virtual second; with `fail_at`,
    /// an error of a few lines after that line, and the job fails at its end.
    Flood {
        total: u64,
        per_sec: f64,
        fail_at: Option<u64>,
    },
    /// Waits for approvers until `timeout_ms`.
    Approval { timeout_ms: f64 },
}

/// One job task of a running workflow task.
#[derive(Clone)]
pub struct JobRun {
    pub name: String,
    pub key: String,
    pub display_name: String,
    pub origin_name: String,
    pub jtype: String,
    pub status: String,
    pub start_time: i64,
    pub end_time: i64,
    pub error: String,
    pub spec: Value,
    pub job_info: Value,
    pub error_policy: Value,
    pub retry_count: i64,
    pub plan: Plan,
    pub elapsed_ms: f64,
    pub emitted: usize,
    pub log: Arc<JobLog>,
}

/// One stage of a task.
#[derive(Clone)]
pub struct StageRun {
    pub name: String,
    pub parallel: bool,
    pub status: String,
    pub start_time: i64,
    pub end_time: i64,
    pub manual_exec: Option<Value>,
    pub manual_done: bool,
    pub jobs: Vec<JobRun>,
    pub error: String,
}

/// A workflow task.
#[derive(Clone)]
pub struct Task {
    pub id: i64,
    pub workflow_key: String,
    pub workflow_name: String,
    pub project_key: String,
    pub status: String,
    pub creator: String,
    pub creator_uid: String,
    pub revoker: Option<String>,
    pub create_time: i64,
    pub start_time: i64,
    pub end_time: i64,
    pub remark: String,
    pub params: Vec<Value>,
    pub is_restart: bool,
    pub stages: Vec<StageRun>,
    pub error: String,
    /// The body it was executed with, for "run again".
    pub args: Value,
}

/// A stored workflow definition (the internal `WorkflowV4` model as JSON).
#[derive(Clone)]
pub struct Workflow {
    pub def: Value,
    pub created_by: String,
    pub create_time: i64,
    pub update_time: i64,
    pub updated_by: String,
}

impl Workflow {
    pub fn key(&self) -> &str {
        self.def["name"].as_str().unwrap_or_default()
    }
    pub fn project(&self) -> &str {
        self.def["project"].as_str().unwrap_or_default()
    }
    pub fn display(&self) -> &str {
        self.def["display_name"].as_str().unwrap_or(self.key())
    }
}

/// A workflow view entry; disabled entries are kept, never deleted.
#[derive(Clone, Debug)]
pub struct ViewEntry {
    pub workflow_key: String,
    pub workflow_name: String,
    pub workflow_type: String,
    pub enabled: bool,
}

/// A workflow view.
#[derive(Clone, Debug)]
pub struct View {
    pub project: String,
    pub name: String,
    pub entries: Vec<ViewEntry>,
    pub update_time: i64,
    pub update_by: String,
}

/// A project.
#[derive(Clone, Debug)]
pub struct Project {
    pub key: String,
    pub name: String,
    pub description: String,
    /// uid → role; users not listed are viewers.
    pub roles: HashMap<String, &'static str>,
}

/// Everything the sandbox holds.
#[derive(Default)]
pub struct World {
    pub knobs: Knobs,
    pub users: Vec<User>,
    pub projects: Vec<Project>,
    pub envs: HashMap<String, Vec<Value>>,
    pub registries: Vec<Value>,
    pub workflows: Vec<Workflow>,
    /// Legacy product workflows: list entries only.
    pub product_workflows: Vec<Value>,
    pub views: Vec<View>,
    pub tasks: HashMap<String, Vec<Task>>,
    pub tickets: Vec<Value>,
    pub faults: Vec<Fault>,
    pub sse_fault: SseFault,
    /// Workflows that may have unfinished tasks: the only ones the engine visits, so finished
    /// history (100k tasks after scaling) costs nothing per tick.
    pub live: std::collections::BTreeSet<String>,
    /// Ticks since the live set was last rebuilt from every task (a safety net).
    pub ticks_since_scan: u32,
    /// Requests held by a `hang` fault that the client gave up on before the answer (aborted).
    pub hangs_abandoned: u32,
    /// Tokens the example portal's backend handed out.
    pub portal_tokens: u32,
}

impl World {
    /// Marks a workflow as having a task that may run (after execute, retry, resume).
    pub fn wake(&mut self, key: &str) {
        self.live.insert(key.to_string());
    }

    /// Rebuilds the live set from every task.
    pub fn scan_live(&mut self) {
        self.live = self
            .tasks
            .iter()
            .filter(|(_, ts)| ts.iter().any(|t| !task_done(&t.status)))
            .map(|(k, _)| k.clone())
            .collect();
        self.ticks_since_scan = 0;
    }

    pub fn workflow(&self, key: &str) -> Option<&Workflow> {
        self.workflows.iter().find(|w| w.key() == key)
    }
    pub fn workflow_mut(&mut self, key: &str) -> Option<&mut Workflow> {
        self.workflows.iter_mut().find(|w| w.key() == key)
    }
    pub fn project(&self, key: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.key == key)
    }
    /// The caller's role in a project (system admins are admins everywhere).
    pub fn role(&self, project: &str, uid: &str) -> &'static str {
        if self.users.iter().any(|u| u.uid == uid && u.role == "admin") {
            return "admin";
        }
        self.project(project)
            .and_then(|p| p.roles.get(uid).copied())
            .unwrap_or("viewer")
    }
    pub fn can_execute(&self, project: &str, uid: &str) -> bool {
        matches!(self.role(project, uid), "admin" | "member")
    }
    pub fn task(&self, wf: &str, id: i64) -> Option<&Task> {
        self.tasks
            .get(wf)
            .and_then(|v| v.iter().find(|t| t.id == id))
    }
    pub fn task_mut(&mut self, wf: &str, id: i64) -> Option<&mut Task> {
        self.tasks
            .get_mut(wf)
            .and_then(|v| v.iter_mut().find(|t| t.id == id))
    }
    pub fn next_task_id(&self, wf: &str) -> i64 {
        self.tasks
            .get(wf)
            .and_then(|v| v.iter().map(|t| t.id).max())
            .unwrap_or(0)
            + 1
    }
    pub fn user_name(&self, uid: &str) -> String {
        self.users
            .iter()
            .find(|u| u.uid == uid)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| uid.to_string())
    }
}

/// Task statuses after which nothing runs.
pub fn task_done(s: &str) -> bool {
    matches!(s, "passed" | "failed" | "timeout" | "cancelled" | "reject")
}

/// Job and stage statuses that are final.
pub fn job_done(s: &str) -> bool {
    matches!(
        s,
        "passed" | "failed" | "timeout" | "cancelled" | "reject" | "skipped" | "unstable"
    )
}

/// Statuses that make a stage, and so the task, stop.
pub fn is_failure(s: &str) -> bool {
    matches!(s, "failed" | "timeout" | "cancelled" | "reject" | "pause")
}

/// A stage's status from its jobs (docs/zadig-contract.md §5): cancelled > timeout > failed > pause > reject >
/// passed > unstable > skipped.
pub fn stage_aggregate(statuses: &[&str]) -> String {
    for s in [
        "cancelled",
        "timeout",
        "failed",
        "pause",
        "reject",
        "passed",
        "unstable",
        "skipped",
    ] {
        if statuses.contains(&s) {
            return s.to_string();
        }
    }
    "passed".to_string()
}

/// The task's status from its stages: pause > reject > cancelled > timeout > failed > passed >
/// unstable > skipped, with `unstable` reported as `passed`.
pub fn task_aggregate(statuses: &[&str]) -> String {
    for s in [
        "pause",
        "reject",
        "cancelled",
        "timeout",
        "failed",
        "passed",
        "unstable",
        "skipped",
    ] {
        if statuses.contains(&s) {
            return if s == "unstable" {
                "passed".into()
            } else {
                s.to_string()
            };
        }
    }
    "passed".to_string()
}

/// The task-detail JSON (`WorkflowTaskPreview`).
pub fn task_json(t: &Task) -> Value {
    let stages: Vec<Value> = t
        .stages
        .iter()
        .map(|s| {
            let jobs: Vec<Value> = s.jobs.iter().map(job_json).collect();
            let mut v = json!({
                "name": s.name, "status": s.status, "start_time": s.start_time,
                "parallel": s.parallel, "manual_exec": s.manual_exec.as_ref().map(|m| {
                    let mut m = m.clone();
                    m["excuted"] = json!(s.manual_done);
                    m
                }), "jobs": jobs, "error": s.error,
            });
            if s.end_time > 0 {
                v["end_time"] = json!(s.end_time);
            }
            v
        })
        .collect();
    let mut v = json!({
        "task_id": t.id, "workflow_key": t.workflow_key, "workflow_name": t.workflow_name,
        "project_key": t.project_key, "params": t.params, "status": t.status,
        "reverted": false, "remark": t.remark, "task_creator": t.creator,
        "task_revoker": t.revoker.clone().unwrap_or_else(|| t.creator.clone()),
        "create_time": t.create_time, "stages": stages, "is_restart": t.is_restart, "debug": false,
    });
    if t.start_time > 0 {
        v["start_time"] = json!(t.start_time);
    }
    if t.end_time > 0 {
        v["end_time"] = json!(t.end_time);
    }
    if !t.error.is_empty() {
        v["error"] = json!(t.error);
    }
    v
}

fn job_json(j: &JobRun) -> Value {
    let cost = if j.start_time == 0 {
        0
    } else if j.end_time > 0 {
        j.end_time - j.start_time
    } else {
        now() - j.start_time
    };
    let mut v = json!({
        "name": j.name, "key": j.key, "display_name": j.display_name, "origin_name": j.origin_name,
        "type": j.jtype, "status": j.status, "reverted": false, "cost_seconds": cost,
        "error": j.error, "breakpoint_before": false, "breakpoint_after": false, "spec": j.spec,
        "error_policy": j.error_policy, "retry_count": j.retry_count, "job_info": j.job_info,
    });
    if j.start_time > 0 {
        v["start_time"] = json!(j.start_time);
    }
    if j.end_time > 0 {
        v["end_time"] = json!(j.end_time);
    }
    v
}

/// The list-item JSON of a task (`workflow_tasks[]`).
pub fn task_list_item(t: &Task) -> Value {
    json!({
        "workflow_key": t.workflow_key, "workflow_name": t.workflow_name, "project_key": t.project_key,
        "task_id": t.id, "create_time": t.create_time, "task_creator": t.creator,
        "start_time": t.start_time, "end_time": t.end_time, "status": t.status.to_lowercase(),
    })
}
