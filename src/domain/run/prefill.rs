//! From a request (a past task's arguments), a URL, a draft or another definition back to
//! form values. Credential values never enter [`Values`] from any of these.

use serde_json::Value;

use super::path::{part, FieldPath};
use super::request::JobInput;
use super::*;
use crate::api::requests::*;
use crate::api::types::{JobTask, TaskDetail};

fn join<T: ToString>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join(", ")
}

fn switch_value(on: bool) -> String {
    if on { "1" } else { "0" }.into()
}

/// Form values being gathered for one form: only its own, non-credential fields are taken.
pub struct Prefill<'a> {
    pub(super) schema: &'a RunSchema,
    out: Values,
}

impl<'a> Prefill<'a> {
    fn new(schema: &'a RunSchema) -> Prefill<'a> {
        Prefill {
            schema,
            out: Values::new(),
        }
    }

    /// Sets a field of the form (never a credential).
    pub fn put(&mut self, key: impl Into<String>, value: String) {
        let key = key.into();
        if self.schema.field(&key).is_some_and(|f| !f.credential) {
            self.out.insert(key, value);
        }
    }

    pub(super) fn switch(&mut self, key: impl Into<String>, on: bool) {
        self.out.insert(key.into(), switch_value(on));
    }

    /// The rows of these repositories from what a request gave them.
    pub fn put_repos(&mut self, refs: &[RepoRef], given: &[RepoInput]) {
        for r in refs {
            let Some(g) = given
                .iter()
                .find(|g| g.repo_namespace == r.namespace && g.repo_name == r.name)
            else {
                continue;
            };
            let p = &r.prefix;
            self.put(p.at(part::BRANCH), g.branch.clone());
            self.put(p.at(part::PRS), join(&g.pull_requests()));
            let commit = if g.enable_commit == Some(false) {
                String::new()
            } else {
                g.commit_id.clone().unwrap_or_default()
            };
            self.put(p.at(part::COMMIT), commit);
            if r.codehost.is_empty() {
                self.put(p.at(part::CODEHOST), g.codehost_name.clone());
            }
        }
    }

    /// Variables from what a request gave them; credentials are left to the stored values.
    pub fn put_kvs(&mut self, refs: &[KvRef], given: &[Kv]) {
        for r in refs.iter().filter(|r| !r.credential) {
            if let Some(g) = given.iter().find(|g| g.key == r.name) {
                self.put(r.key.clone(), g.value.clone());
            }
        }
    }

    /// Ticks the groups named by `pick` and unticks the rest.
    pub fn pick_groups(&mut self, j: &JobSection, pick: impl Fn(&GroupId) -> bool) {
        for g in j.groups.iter().filter(|g| g.selectable) {
            self.switch(g.key.clone(), pick(&g.id));
        }
    }

    /// Ticks the groups `find` names and unticks the rest, then lets `fill` set the values of
    /// each ticked group from what was found for it.
    pub fn pick<'t, T: 't>(
        &mut self,
        j: &JobSection,
        find: impl Fn(&GroupId) -> Option<&'t T>,
        mut fill: impl FnMut(&mut Self, &Group, &'t T),
    ) {
        self.pick_groups(j, |id| find(id).is_some());
        for g in &j.groups {
            if let Some(x) = find(&g.id) {
                fill(self, g, x);
            }
        }
    }

    /// Ticks the services a request names and fills their repositories and variables.
    pub fn put_services(&mut self, j: &JobSection, list: &[ServiceInput]) {
        let find = |id: &GroupId| match id {
            GroupId::Service { service, module } => list
                .iter()
                .find(|s| &s.service_name == service && &s.service_module == module),
            _ => None,
        };
        self.pick(j, find, |p, g, s| {
            p.put_repos(&g.repos, &s.repo_info);
            p.put_kvs(&g.kvs, &s.inputs);
        });
    }

    /// Ticks the services an earlier run's tasks built (or tested, scanned, ran) and fills
    /// their repositories from what the tasks checked out.
    pub fn services_from_tasks(&mut self, j: &JobSection, ran: &[&JobTask]) {
        #[derive(serde::Deserialize, Default)]
        #[serde(default)]
        struct TaskSpec {
            service_name: String,
            service_module: String,
            repos: Vec<crate::api::types::Repository>,
        }
        if !j.groups.iter().any(|g| g.selectable) {
            return;
        }
        let specs: Vec<TaskSpec> = ran
            .iter()
            .map(|x| crate::api::decode::or_default(&x.spec))
            .collect();
        self.pick_groups(j, |id| {
            matches!(id, GroupId::Service { service, module }
                if specs.iter().any(|x| &x.service_name == service && &x.service_module == module))
        });
        for x in &specs {
            let repos: Vec<RepoInput> = x.repos.iter().map(jobs::parts::repo_input).collect();
            if let Some(g) = j.groups.iter().find(|g| {
                matches!(&g.id, GroupId::Service { service, module }
                    if *service == x.service_name && *module == x.service_module)
            }) {
                self.put_repos(&g.repos, &repos);
            }
        }
    }
}

impl RunSchema {
    /// Form values that reproduce a request (run again). Credentials are left to the stored values.
    pub fn values_from_request(&self, req: &ExecuteRequest) -> Values {
        let mut p = Prefill::new(self);
        for param in &req.parameters {
            let k = FieldPath::param(&param.name);
            match &param.repo {
                Some(r) => {
                    p.put(k.at(part::BRANCH), r.branch.clone());
                    p.put(k.at(part::PRS), join(&r.prs));
                    p.put(k.at(part::CODEHOST), r.codehost_name.clone());
                }
                None => {
                    if let Some(v) = &param.value {
                        p.put(k, v.clone());
                    }
                }
            }
        }
        for j in self.jobs.iter().filter(|j| j.runnable) {
            let input = req.inputs.iter().find(|i| i.job_name == j.name);
            if j.toggleable() {
                p.switch(j.path(), input.is_some());
            }
            if let Some(input) = input {
                j.kind.prefill(&mut p, j, &input.parameters);
            }
        }
        for n in &req.notify_inputs {
            p.put_notify(n);
        }
        p.out
    }

    /// Reads a past task's arguments. The job type is taken from this workflow, since stored
    /// arguments may lack it, and entries that do not parse are dropped rather than failing all.
    pub fn request_from_args(&self, v: &Value) -> ExecuteRequest {
        let parameters = v
            .get("parameters")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|p| serde_json::from_value::<ParamInput>(p.clone()).ok())
                    .collect()
            })
            .unwrap_or_default();
        let inputs = v
            .get("inputs")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|i| {
                        let name = i.get("job_name")?.as_str()?;
                        let kind = self.jobs.iter().find(|j| j.name == name)?.kind.clone();
                        let params = i.get("parameters").cloned().unwrap_or(Value::Null);
                        Some(JobInput {
                            job_name: name.into(),
                            parameters: kind.read_params(params)?,
                            job_type: kind,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let notify_inputs = v
            .get("notify_inputs")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|n| serde_json::from_value(n.clone()).ok())
                    .collect()
            })
            .unwrap_or_default();
        ExecuteRequest {
            project_key: self.project.clone(),
            workflow_key: self.workflow.clone(),
            parameters,
            inputs,
            notify_inputs,
        }
    }

    /// Values from a past task's detail, when its arguments cannot be read: the parameters as
    /// run and which jobs ran, plus what each job type can read back from its tasks (services,
    /// repositories, environments).
    pub fn values_from_task(&self, t: &TaskDetail) -> Values {
        let mut p = Prefill::new(self);
        for param in t.params.iter().filter(|x| !x.is_credential) {
            let k = FieldPath::param(&param.name);
            match (&param.repo, param.kind.as_str()) {
                (Some(r), "repo") => {
                    p.put(k.at(part::BRANCH), r.branch.clone());
                    p.put(k.at(part::PRS), join(&r.pull_requests()));
                }
                _ => p.put(k, param.value.clone()),
            }
        }
        let tasks: Vec<&JobTask> = t.stages.iter().flat_map(|s| s.jobs.iter()).collect();
        for j in &self.jobs {
            let ran: Vec<&JobTask> = tasks
                .iter()
                .copied()
                .filter(|x| x.origin_name == j.name || x.name.as_str() == j.name)
                .collect();
            if j.toggleable() {
                p.switch(j.path(), !ran.is_empty());
            }
            if !ran.is_empty() {
                j.kind.prefill_from_tasks(&mut p, j, &ran);
            }
        }
        p.out
    }

    /// Every default of this form as values, for carrying another definition's choices (a past
    /// task's workflow, as Zadig's clone returns it) over to the current form.
    pub fn defaults(&self) -> Values {
        let mut out = Values::new();
        for f in self.fields() {
            if !f.credential && !matches!(f.kind, Kind::Unsupported(_)) {
                out.insert(f.key.clone(), f.default.clone());
            }
        }
        for j in &self.jobs {
            if j.toggleable() {
                out.insert(j.key(), if j.default_on { "1" } else { "0" }.into());
            }
            for g in j.groups.iter().filter(|g| g.selectable) {
                out.insert(
                    g.key.to_string(),
                    if g.default_on { "1" } else { "0" }.into(),
                );
            }
        }
        out
    }

    /// Values this form can hold: known paths, no credentials. Used for drafts, URLs and
    /// carrying values between definitions.
    pub fn keep(&self, v: &Values) -> Values {
        v.iter()
            .filter(|(k, _)| self.knows(k) && !self.is_credential(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Values from a URL query. `jobs=a,b` runs exactly those jobs (forced ones always run);
    /// other form paths set their field. Returns the values and the paths refused (unknown
    /// or credential).
    pub fn from_query(&self, pairs: &[(String, String)]) -> (Values, Vec<String>) {
        let mut out = Values::new();
        let mut refused = Vec::new();
        for (k, v) in pairs {
            if k == "jobs" {
                let names = split_list(v);
                for j in self.jobs.iter().filter(|j| j.toggleable()) {
                    let on = names.contains(&j.name);
                    out.insert(j.key(), if on { "1" } else { "0" }.into());
                }
                for n in names {
                    if !self.jobs.iter().any(|j| j.name == n) {
                        refused.push(format!("jobs={n}"));
                    }
                }
            } else if is_form_key(k) {
                if self.knows(k) && !self.is_credential(k) {
                    out.insert(k.clone(), v.clone());
                } else {
                    refused.push(k.clone());
                }
            }
        }
        (out, refused)
    }

    /// The query that pre-fills this form with the values that differ from the defaults: the
    /// inverse of [`RunSchema::from_query`], which the tests hold it to (no screen makes such
    /// links yet, so it is built for tests only).
    #[cfg(test)]
    pub fn to_query(&self, v: &Values) -> Vec<(String, String)> {
        let defaults = self.defaults();
        self.keep(v)
            .into_iter()
            .filter(|(k, val)| defaults.get(k) != Some(val))
            .collect()
    }
}
