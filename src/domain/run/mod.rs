//! The run form.
//!
//! A [`RunSchema`] is read from the workflow detail (plus the registry and environment lists).
//! What the person typed is a flat map from field path to text ([`Values`]): the same paths
//! address drafts, URL prefill, "run again" and validation problems, so each of those is a
//! map operation. [`RunSchema::build`] turns schema + values into the execute request, or
//! lists every problem with the path of the field it belongs to.
//!
//! Paths: `p.<param>` (and `p.<param>.branch|prs|codehost` for repo parameters), `j.<job>`
//! (run the job: `1`/`0`), `j.<job>.<field>` (registry, env, sql, database, project_id, status,
//! iterations), `j.<job>.kv.<KEY>`, `j.<job>.r.<namespace>/<repo>.<branch|prs|commit|codehost>`,
//! `j.<job>.g.<group>` (include a service, module or target) and below it `.image`,
//! `.strategy`, `.file`, `.kv.<KEY>`, `.r.<namespace>/<repo>.<part>`; `n.<index>` (change a
//! notification for this run) and `n.<index>.<field>`.

pub mod jobs;
mod notify;
pub mod path;
mod prefill;
pub mod request;
mod schema;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use jobs::{JobParams, JobType};
pub use path::FieldPath;
pub use request::{ExecuteRequest, JobInput};
pub use schema::SchemaInput;

/// Field path → text as typed. Absent paths take the schema's default.
pub type Values = BTreeMap<String, String>;

/// What credential values look like in the request preview.
pub const MASK: &str = "******";

/// A field's caption: a name from the workflow, or one of the console's own captions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    Raw(String),
    Registry,
    Environment,
    Branch,
    Prs,
    Commit,
    CodeHost,
    Image,
    MergeStrategy,
    Database,
    Sql,
    TapdProject,
    TapdStatus,
    TapdIterations,
    VmFile,
    ChangeNotify,
    NotifyEnabled,
    AtUsers,
    AtAll,
    ChatId,
    IdType,
    Mobiles,
    Emails,
    UserIds,
    Recipients,
}

/// One option of a select.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// An environment marked production.
    pub production: bool,
}

impl Choice {
    pub fn plain(v: &str) -> Choice {
        Choice {
            value: v.into(),
            label: v.into(),
            production: false,
        }
    }
}

/// How a field is edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Multiline,
    Select(Vec<Choice>),
    /// `1` or `0`.
    Check,
    /// Items separated by commas or new lines.
    List,
    /// Whole numbers separated by commas or spaces (pull requests).
    Numbers,
    /// A type the OpenAPI ignores (`multi-select`, `file`): shown, never sent.
    Unsupported(String),
}

/// Where a field sits inside its section, for layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Main,
    /// A repository's row, titled `namespace/name`.
    Repo(String),
    /// A variable (build variable, plugin input, freestyle env, workflow parameter).
    Var,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub label: Label,
    pub kind: Kind,
    pub default: String,
    pub required: bool,
    /// Masked, never kept in drafts or URLs, sent only when something was typed.
    pub credential: bool,
    pub help: String,
    pub place: Place,
}

impl Field {
    /// The text of the field: typed, or its default.
    pub fn value(&self, v: &Values) -> String {
        v.get(&self.key)
            .cloned()
            .unwrap_or_else(|| self.default.clone())
    }
}

/// A switch at `key`: `1` on, `0` off, anything else (or nothing) its default.
fn switch(v: &Values, key: &str, default: bool) -> bool {
    match v.get(key).map(String::as_str) {
        Some("1") => true,
        Some("0") => false,
        _ => default,
    }
}

/// A repository whose branch, pull requests or commit can be chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoRef {
    /// Path prefix: `<owner>.r.<namespace>/<name>`.
    pub prefix: FieldPath,
    pub codehost: String,
    pub namespace: String,
    pub name: String,
}

/// A workflow parameter as sent: plain (its field is `p.<name>`) or a repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamRef {
    pub name: String,
    pub repo: Option<RepoRef>,
}

/// A variable sent as a key/value input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KvRef {
    pub key: String,
    pub name: String,
    pub credential: bool,
    pub supported: bool,
}

/// What a group stands for, in the terms of the job's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupId {
    Service {
        service: String,
        module: String,
    },
    Module(String),
    Target {
        kind: String,
        workload: String,
        container: String,
    },
    K8sService(String),
    Workload(String),
    Patch {
        name: String,
        kind: String,
        group: String,
        version: String,
    },
    Vm(String),
}

/// A service, module or target inside a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Path prefix and the path of its "include" checkbox.
    pub key: FieldPath,
    pub title: String,
    pub selectable: bool,
    pub default_on: bool,
    pub id: GroupId,
    pub fields: Vec<Field>,
    pub repos: Vec<RepoRef>,
    pub kvs: Vec<KvRef>,
}

impl Group {
    /// Whether the group is included: always, unless it can be unticked.
    pub fn on(&self, v: &Values) -> bool {
        !self.selectable || switch(v, self.key.as_str(), self.default_on)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Runs unless unticked.
    Normal,
    /// `default_not_run`: off unless ticked.
    Off,
    /// `force_run`: always runs.
    Forced,
}

/// Something a section says instead of, or besides, its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The services and images come from this earlier job.
    FromJob(String),
    /// Approvers decide once the task reaches the job.
    Approval,
    /// The job takes no input.
    NoInput,
    /// Product tests and scans: every configured module runs; inputs only change them.
    AllModulesRun,
    /// The OpenAPI cannot run this job type; it is skipped.
    NotRunnable,
}

/// The shape of the job's input, where a type has two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Plain,
    PerService,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSection {
    pub name: String,
    pub kind: JobType,
    pub stage: String,
    pub policy: Policy,
    pub runnable: bool,
    pub default_on: bool,
    pub mode: Mode,
    pub fields: Vec<Field>,
    pub repos: Vec<RepoRef>,
    pub kvs: Vec<KvRef>,
    pub groups: Vec<Group>,
    pub note: Option<Note>,
    /// The definition's environment and whether it is marked production (deploy jobs).
    pub spec_env: String,
    pub spec_production: bool,
}

impl JobSection {
    pub fn key(&self) -> String {
        self.path().into()
    }

    /// `j.<name>`: the job's switch, and the prefix of its fields.
    pub fn path(&self) -> FieldPath {
        FieldPath::job(&self.name)
    }

    /// Whether the person can switch the job on or off.
    pub fn toggleable(&self) -> bool {
        self.runnable && self.policy != Policy::Forced
    }

    /// Whether the job runs: never when the OpenAPI cannot run it, always when forced.
    pub fn on(&self, v: &Values) -> bool {
        self.runnable && (self.policy == Policy::Forced || switch(v, &self.key(), self.default_on))
    }
}

/// A notification setting of the workflow that the run can change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotifySection {
    pub index: usize,
    pub kind: String,
    pub enabled: bool,
    pub supported: bool,
    pub fields: Vec<Field>,
}

impl NotifySection {
    pub fn key(&self) -> String {
        FieldPath::notify(self.index).into()
    }

    /// Whether the setting is changed for this run.
    pub fn on(&self, v: &Values) -> bool {
        self.supported && switch(v, &self.key(), false)
    }
}

/// Everything the form shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunSchema {
    pub project: String,
    pub workflow: crate::api::types::WorkflowKey,
    pub display_name: String,
    pub params: Vec<Field>,
    /// The parameters sent, in the definition's order.
    pub param_refs: Vec<ParamRef>,
    pub jobs: Vec<JobSection>,
    pub notify: Vec<NotifySection>,
    /// Every field by path: a derived index, filled by [`RunSchema::new`].
    by_key: BTreeMap<String, Field>,
    /// Environments known to be production, from the environment list.
    pub production_envs: Vec<String>,
    /// Whether the environment list was available (else the definitions' flags are used).
    pub envs_known: bool,
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    NotAChoice,
    NotNumbers,
    /// A job with services or targets to choose has none chosen.
    NoneSelected,
    /// The job must run but its type cannot be run through the OpenAPI.
    ForcedNotRunnable,
    /// No job is chosen.
    NothingToRun,
}

/// A problem and the path of the field (or `j.<job>`, or `""` for the whole form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub key: String,
    pub problem: Problem,
}

/// Splits a list field on commas and new lines, dropping blanks.
pub fn split_list(s: &str) -> Vec<String> {
    s.split([',', '\n', ';'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Parses pull-request numbers; `None` when something is not a whole number.
pub fn parse_numbers(s: &str) -> Option<Vec<i64>> {
    s.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| {
            x.trim_start_matches('#')
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
        })
        .collect()
}

/// Whether a path belongs to the form (params, jobs, notifications).
pub fn is_form_key(k: &str) -> bool {
    k.starts_with("p.") || k.starts_with("j.") || k.starts_with("n.")
}

/// A run form's draft as stored in the browser: values without credentials.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    /// Unix seconds of the last change.
    pub saved: i64,
    pub values: Values,
}

/// The storage key of a workflow's draft.
pub fn draft_key(project: &str, workflow: &crate::api::types::WorkflowKey) -> String {
    format!("zc.run-draft.{project}.{workflow}")
}
