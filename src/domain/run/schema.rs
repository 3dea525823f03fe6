//! Reading the schema from a workflow definition, and building the request from it.

use super::jobs::{Definition, JobType};
use super::path::{part, FieldPath};
use super::*;
use crate::api::types::{Environment, JobDef, Param, Registry, WorkflowDetail};

/// What the schema is read from.
pub struct SchemaInput<'a> {
    pub detail: &'a WorkflowDetail,
    /// `None` while unknown (failed to load): the registry field becomes free text.
    pub registries: Option<&'a [Registry]>,
    pub envs: Option<&'a [Environment]>,
}

impl RunSchema {
    /// Reads the form from a workflow definition.
    pub fn new(input: SchemaInput) -> RunSchema {
        let d = input.detail;
        let production_envs = input
            .envs
            .unwrap_or_default()
            .iter()
            .filter(|e| e.production)
            .map(|e| e.key().to_string())
            .collect();
        let shown: Vec<&Param> = d.params.iter().filter(|p| !p.is_hidden()).collect();
        let params = shown.iter().flat_map(|p| param_fields(p)).collect();
        let param_refs = shown
            .iter()
            .map(|p| ParamRef {
                name: p.name.clone(),
                repo: (p.kind == "repo").then(|| {
                    let r = p.repo.clone().unwrap_or_default();
                    RepoRef {
                        prefix: FieldPath::param(&p.name),
                        codehost: r.codehost_name,
                        namespace: r.repo_namespace,
                        name: r.repo_name,
                    }
                }),
            })
            .collect();
        let mut jobs = Vec::new();
        for st in &d.stages {
            for j in &st.jobs {
                if j.run_policy == "skip" {
                    continue;
                }
                jobs.push(job_section(&st.name, j, &input));
            }
        }
        let notify = d
            .notify_ctls
            .iter()
            .enumerate()
            .map(|(i, n)| notify::section(i, n))
            .collect();
        let mut schema = RunSchema {
            by_key: Default::default(),
            project: d.project_key.clone(),
            workflow: d.workflow_key.clone(),
            display_name: d.display_name.clone(),
            params,
            param_refs,
            jobs,
            notify,
            production_envs,
            envs_known: input.envs.is_some(),
        };
        schema.by_key = schema
            .fields()
            .map(|f| (f.key.clone(), f.clone()))
            .collect();
        schema
    }

    /// Every field, wherever it is.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.params
            .iter()
            .chain(self.jobs.iter().flat_map(|j| {
                j.fields
                    .iter()
                    .chain(j.groups.iter().flat_map(|g| g.fields.iter()))
            }))
            .chain(self.notify.iter().flat_map(|n| n.fields.iter()))
    }

    /// The field at a path (looked up in an index: the builder asks for every field).
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.by_key.get(key)
    }

    /// Whether a path exists in this form (a field, a job switch or a group switch).
    pub fn knows(&self, key: &str) -> bool {
        self.field(key).is_some()
            || self.jobs.iter().any(|j| {
                (j.toggleable() && j.key() == key)
                    || j.groups
                        .iter()
                        .any(|g| g.selectable && g.key.as_str() == key)
            })
    }

    /// Whether the value at a path must never be stored or put in a URL.
    pub fn is_credential(&self, key: &str) -> bool {
        self.field(key).is_some_and(|f| f.credential)
    }

    /// Production environments the chosen deploy jobs go to.
    pub fn production_targets(&self, v: &Values) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for j in self.jobs.iter().filter(|j| j.on(v)) {
            let Some(env) = j.fields.iter().find(|f| f.label == Label::Environment) else {
                continue;
            };
            let env = env.value(v);
            let prod = if self.envs_known {
                self.production_envs.contains(&env)
            } else {
                j.spec_production && env == j.spec_env
            };
            if prod && !out.contains(&env) {
                out.push(env);
            }
        }
        out
    }
}

fn param_fields(p: &Param) -> Vec<Field> {
    let key = FieldPath::param(&p.name);
    let base = Field {
        key: key.to_string(),
        label: Label::Raw(p.name.clone()),
        kind: Kind::Text,
        default: if p.is_credential {
            String::new()
        } else {
            p.value.clone()
        },
        required: p.required && !p.is_credential,
        credential: p.is_credential,
        help: p.description.clone(),
        place: Place::Var,
    };
    match p.kind.as_str() {
        "text" => vec![Field {
            kind: Kind::Multiline,
            ..base
        }],
        "choice" => vec![Field {
            kind: Kind::Select(p.choice_option.iter().map(|c| Choice::plain(c)).collect()),
            required: true,
            ..base
        }],
        "multi-select" | "file" => vec![Field {
            kind: Kind::Unsupported(p.kind.clone()),
            default: p.value.clone(),
            ..base
        }],
        "repo" => {
            let r = p.repo.clone().unwrap_or_default();
            let title = format!("{}/{}", r.repo_namespace, r.repo_name);
            let place = Place::Repo(title);
            let prs: Vec<String> = r.pull_requests().iter().map(i64::to_string).collect();
            let mut out = vec![
                Field {
                    key: key.at(part::BRANCH).into(),
                    label: Label::Raw(p.name.clone()),
                    kind: Kind::Text,
                    default: r.branch.clone(),
                    required: true,
                    credential: false,
                    help: p.description.clone(),
                    place: place.clone(),
                },
                Field {
                    key: key.at(part::PRS).into(),
                    label: Label::Prs,
                    kind: Kind::Numbers,
                    default: prs.join(", "),
                    required: false,
                    credential: false,
                    help: String::new(),
                    place: place.clone(),
                },
            ];
            if r.codehost_name.is_empty() {
                out.push(Field {
                    key: key.at(part::CODEHOST).into(),
                    label: Label::CodeHost,
                    kind: Kind::Text,
                    default: String::new(),
                    required: true,
                    credential: false,
                    help: String::new(),
                    place,
                });
            }
            out
        }
        _ => vec![base],
    }
}

fn job_section(stage: &str, j: &JobDef, input: &SchemaInput) -> JobSection {
    let kind = JobType::from_wire(&j.kind);
    let policy = match j.run_policy.as_str() {
        "force_run" => Policy::Forced,
        "default_not_run" => Policy::Off,
        _ => Policy::Normal,
    };
    let runnable = kind.runnable();
    let mut sec = JobSection {
        name: j.name.clone(),
        kind: kind.clone(),
        stage: stage.into(),
        policy,
        runnable,
        default_on: runnable && policy != Policy::Off && !j.skipped,
        mode: Mode::Plain,
        fields: vec![],
        repos: vec![],
        kvs: vec![],
        groups: vec![],
        note: None,
        spec_env: String::new(),
        spec_production: false,
    };
    if !runnable {
        sec.note = Some(Note::NotRunnable);
        return sec;
    }
    let def = Definition {
        name: &j.name,
        spec: &j.spec,
        registries: input.registries,
        envs: input.envs,
    };
    kind.section(&def, &mut sec);
    sec
}
