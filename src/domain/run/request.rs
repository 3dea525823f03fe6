//! The execute request: its body, and the [`Builder`] that reads the form's values into it,
//! checking each one and collecting every problem with the path of its field.

use serde::{Deserialize, Serialize};

use super::jobs::{JobParams, JobType};
use super::path::{part, FieldPath};
use super::*;
use crate::api::requests::*;

/// `POST /openapi/workflows/custom/task`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExecuteRequest {
    pub project_key: String,
    pub workflow_key: crate::api::types::WorkflowKey,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParamInput>,
    #[serde(default)]
    pub inputs: Vec<JobInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notify_inputs: Vec<NotifyInput>,
}

/// One job to run and its parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JobInput {
    pub job_name: String,
    pub job_type: JobType,
    pub parameters: JobParams,
}

/// Parameters are read in the shape of the input's type; an unknown type's are kept as sent.
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
        let job_type = JobType::from_wire(&r.job_type);
        let parameters = job_type.read_params(r.parameters).ok_or_else(|| {
            serde::de::Error::custom(format!("parameters of {job_type} do not have its shape"))
        })?;
        Ok(JobInput {
            job_name: r.job_name,
            job_type,
            parameters,
        })
    }
}

impl RunSchema {
    /// The execute request, or every problem. With `mask`, credential values read [`MASK`].
    pub fn build(&self, v: &Values, mask: bool) -> Result<ExecuteRequest, Vec<Issue>> {
        let mut b = Builder {
            schema: self,
            v,
            mask,
            issues: vec![],
        };
        let parameters = b.params();
        let mut inputs = Vec::new();
        for j in &self.jobs {
            if !j.runnable {
                if j.policy == Policy::Forced {
                    b.issue(j.key(), Problem::ForcedNotRunnable);
                }
                continue;
            }
            if j.on(v) {
                if let Some(parameters) = j.kind.params(&mut b, j) {
                    inputs.push(JobInput {
                        job_name: j.name.clone(),
                        job_type: j.kind.clone(),
                        parameters,
                    });
                }
            }
        }
        if inputs.is_empty() {
            b.issue(String::new(), Problem::NothingToRun);
        }
        let notify_inputs = self
            .notify
            .iter()
            .filter(|n| n.on(v))
            .filter_map(|n| b.notify(n))
            .collect();
        if b.issues.is_empty() {
            Ok(ExecuteRequest {
                project_key: self.project.clone(),
                workflow_key: self.workflow.clone(),
                parameters,
                inputs,
                notify_inputs,
            })
        } else {
            Err(b.issues)
        }
    }
}

/// Reads values, checks them and collects problems while the request is put together.
pub struct Builder<'a> {
    schema: &'a RunSchema,
    v: &'a Values,
    mask: bool,
    issues: Vec<Issue>,
}

impl Builder<'_> {
    fn issue(&mut self, key: String, problem: Problem) {
        self.issues.push(Issue { key, problem });
    }

    fn raw(&self, key: impl AsRef<str>) -> String {
        let key = key.as_ref();
        match self.schema.field(key) {
            Some(f) => f.value(self.v),
            None => self.v.get(key).cloned().unwrap_or_default(),
        }
    }

    /// A field's checked text. Missing fields read as empty.
    pub fn text(&mut self, key: impl AsRef<str>) -> String {
        let key = key.as_ref();
        let Some(f) = self.schema.field(key) else {
            return String::new();
        };
        let val = f.value(self.v);
        let t = val.trim();
        if t.is_empty() {
            if f.required {
                self.issue(key.into(), Problem::Required);
            }
            return String::new();
        }
        if let Kind::Select(choices) = &f.kind {
            if !choices.iter().any(|c| c.value == t) {
                self.issue(key.into(), Problem::NotAChoice);
            }
        }
        if f.kind == Kind::Multiline {
            val
        } else {
            t.to_string()
        }
    }

    /// Pull-request numbers.
    pub fn numbers(&mut self, key: impl AsRef<str>) -> Vec<i64> {
        let key = key.as_ref();
        let t = self.raw(key);
        match parse_numbers(&t) {
            Some(n) => n,
            None => {
                self.issue(key.into(), Problem::NotNumbers);
                vec![]
            }
        }
    }

    /// Items separated by commas or new lines.
    pub fn list(&self, key: impl AsRef<str>) -> Vec<String> {
        split_list(&self.raw(key))
    }

    pub(super) fn check(&self, key: impl AsRef<str>) -> bool {
        self.raw(key) == "1"
    }

    fn params(&mut self) -> Vec<ParamInput> {
        let mut out = Vec::new();
        let schema = self.schema;
        for r in &schema.param_refs {
            match &r.repo {
                Some(repo) => {
                    let branch = self.text(repo.prefix.at(part::BRANCH));
                    let prs = self.numbers(repo.prefix.at(part::PRS));
                    let codehost = if repo.codehost.is_empty() {
                        self.text(repo.prefix.at(part::CODEHOST))
                    } else {
                        repo.codehost.clone()
                    };
                    out.push(ParamInput {
                        name: r.name.clone(),
                        kind: "repo".into(),
                        value: None,
                        repo: Some(RepoParam {
                            codehost_name: codehost,
                            repo_namespace: repo.namespace.clone(),
                            repo_name: repo.name.clone(),
                            branch,
                            prs,
                        }),
                    });
                }
                None => {
                    if let Some(f) = schema.field(FieldPath::param(&r.name).as_str()) {
                        self.plain_param(f, &r.name, &mut out);
                    }
                }
            }
        }
        out
    }

    fn plain_param(&mut self, f: &Field, name: &str, out: &mut Vec<ParamInput>) {
        let kind = match &f.kind {
            Kind::Unsupported(_) => return,
            Kind::Multiline => "text",
            Kind::Select(_) => "choice",
            _ => "string",
        };
        let value = self.text(&f.key);
        if f.credential {
            if value.is_empty() {
                return; // Left empty: the stored value is used.
            }
            out.push(ParamInput {
                name: name.into(),
                kind: kind.into(),
                value: Some(if self.mask { MASK.into() } else { value }),
                repo: None,
            });
            return;
        }
        out.push(ParamInput {
            name: name.into(),
            kind: kind.into(),
            value: Some(value),
            repo: None,
        });
    }

    /// The variables as sent: credentials only when typed (masked in previews).
    pub fn kvs(&mut self, refs: &[KvRef]) -> Vec<Kv> {
        let mut out = Vec::new();
        for r in refs.iter().filter(|r| r.supported) {
            let value = self.text(&r.key);
            if r.credential {
                if value.is_empty() {
                    continue;
                }
                out.push(Kv::new(&r.name, if self.mask { MASK } else { &value }));
            } else {
                out.push(Kv::new(&r.name, &value));
            }
        }
        out
    }

    /// The repositories as sent.
    pub fn repos(&mut self, refs: &[RepoRef]) -> Vec<RepoInput> {
        let mut out = Vec::new();
        for r in refs {
            let branch = self.text(r.prefix.at(part::BRANCH));
            let prs = self.numbers(r.prefix.at(part::PRS));
            let commit = self.text(r.prefix.at(part::COMMIT));
            let codehost = if r.codehost.is_empty() {
                self.text(r.prefix.at(part::CODEHOST))
            } else {
                r.codehost.clone()
            };
            out.push(RepoInput {
                codehost_name: codehost,
                repo_namespace: r.namespace.clone(),
                repo_name: r.name.clone(),
                branch,
                pr: prs.first().copied(),
                prs,
                enable_commit: (!commit.is_empty()).then_some(true),
                commit_id: (!commit.is_empty()).then_some(commit),
                tag: None,
            });
        }
        out
    }

    /// The chosen groups; `NoneSelected` on the job when it has groups and none is chosen.
    pub fn chosen<'g>(&mut self, j: &'g JobSection) -> Vec<&'g Group> {
        let out: Vec<&Group> = j.groups.iter().filter(|g| g.on(self.v)).collect();
        if out.is_empty() && !j.groups.is_empty() && j.groups.iter().any(|g| g.selectable) {
            self.issue(j.key(), Problem::NoneSelected);
        }
        out
    }

    /// The chosen services with their repositories and variables.
    pub fn services(&mut self, j: &JobSection) -> Vec<ServiceInput> {
        let mut out = Vec::new();
        for g in self.chosen(j) {
            let GroupId::Service { service, module } = &g.id else {
                continue;
            };
            out.push(ServiceInput {
                service_name: service.clone(),
                service_module: module.clone(),
                repo_info: self.repos(&g.repos),
                inputs: self.kvs(&g.kvs),
            });
        }
        out
    }
}
