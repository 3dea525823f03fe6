//! Job types in the sandbox, one module each (mirroring the console's `domain::run::jobs`):
//! how the type turns a definition and its execute inputs into job tasks, what its inputs
//! change in the workflow as it ran, and how its log is served.
//!
//! A new type is a module with `expand` and `as_run` and one line in the table below.

use serde_json::Value;

use crate::model::{JobRun, LogKind, Plan};
use crate::plan::{job_run, Ctx, PlanError};

mod approval;
mod custom_deploy;
mod freestyle;
mod not_accepted;
mod plugin;
mod single;
mod sql;
mod tapd;
mod testing;
mod zadig_build;
mod zadig_deploy;
mod zadig_vm_deploy;

/// What job modules use.
mod prelude {
    pub(crate) use serde_json::{json, Value};

    pub(crate) use super::Job;
    pub(crate) use crate::model::{JobRun, Plan};
    pub(crate) use crate::plan::{
        apply_kv, apply_repos, arr, checked_out, get, job_run, logs, s, stamp, Ctx, PlanError, Unit,
    };
}

/// One job of the definition being expanded into job tasks.
#[derive(Clone, Copy)]
pub struct Job<'a> {
    /// Stage and job index, for the job tasks' names.
    pub si: usize,
    pub ji: usize,
    pub job: &'a Value,
    pub spec: &'a Value,
    /// The input's `parameters`.
    pub p: &'a Value,
    pub jtype: &'a str,
    pub name: &'a str,
}

impl Job<'_> {
    /// The job's one job task, when the type makes only one.
    /// The environment: the input's `env_name`, else the definition's.
    pub fn env(&self) -> &str {
        let given = self.p.get("env_name").and_then(Value::as_str).unwrap_or("");
        if given.is_empty() {
            self.spec.get("env").and_then(Value::as_str).unwrap_or("")
        } else {
            given
        }
    }

    pub fn task(&self, spec: Value, info: Value, plan: Plan) -> JobRun {
        job_run(self.si, self.ji, 0, self.job, &[], spec, info, plan)
    }
}

type Expand = fn(&mut Ctx, &Job, &mut Vec<JobRun>) -> Result<(), PlanError>;

/// A job type.
pub struct JobKind {
    pub wire: &'static str,
    /// Whether the OpenAPI execute accepts it in `inputs` (docs/zadig-contract.md §4.6, §8
    /// item 13).
    pub accepted: bool,
    pub log: LogKind,
    pub expand: Expand,
    /// Applies an input's parameters to the job's spec, for the workflow as it ran.
    pub as_run: fn(&mut Value, &Value),
}

macro_rules! kinds {
    ($($wire:literal => $module:ident, $log:ident, $accepted:literal;)*) => {
        const KINDS: &[JobKind] = &[$(JobKind {
            wire: $wire,
            accepted: $accepted,
            log: LogKind::$log,
            expand: $module::expand,
            as_run: $module::as_run,
        }),*];
    };
}

kinds! {
    "zadig-build" => zadig_build, Container, true;
    "zadig-deploy" => zadig_deploy, Store, true;
    "zadig-helm-deploy" => not_accepted, Store, false;
    "custom-deploy" => custom_deploy, None, true;
    "freestyle" => freestyle, Container, true;
    "zadig-test" => testing, Container, true;
    "zadig-scanning" => testing, Container, true;
    "sql" => sql, Store, true;
    "tapd" => tapd, Store, true;
    "approval" => approval, None, true;
    "plugin" => plugin, Container, true;
    "k8s-blue-green-deploy" => single, Store, true;
    "k8s-canary-deploy" => single, Store, true;
    "k8s-blue-green-release" => single, Store, true;
    "k8s-canary-release" => single, Store, true;
    "k8s-gray-release" => single, Store, true;
    "k8s-gray-rollback" => single, Store, true;
    "k8s-resource-patch" => single, Store, true;
    "zadig-vm-deploy" => zadig_vm_deploy, Vm, true;
    "ai-task" => single, Store, true;
    "ai-release-specialist" => single, Store, true;
    "zadig-distribute-image" => not_accepted, Container, false;
    "notification" => not_accepted, None, false;
    "workflow-trigger" => not_accepted, None, false;
}

/// The job type of this name.
pub fn kind(wire: &str) -> Option<&'static JobKind> {
    KINDS.iter().find(|k| k.wire == wire)
}

/// Whether the OpenAPI execute accepts the type in `inputs`.
pub fn accepted(wire: &str) -> bool {
    kind(wire).is_some_and(|k| k.accepted)
}

/// How the type's log is served; the job log store for types not listed.
pub fn log_kind(wire: &str) -> LogKind {
    kind(wire).map_or(LogKind::Store, |k| k.log)
}
