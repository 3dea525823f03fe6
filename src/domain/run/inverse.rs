//! From a request (a past task's arguments), a URL, a draft or another definition back to
//! form values. Credential values never enter [`Values`] from any of these.

use serde_json::Value;

use super::*;
use crate::api::exec::*;

fn join<T: ToString>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join(", ")
}

impl RunSchema {
    fn put(&self, out: &mut Values, key: String, value: String) {
        if self.field(&key).is_some_and(|f| !f.credential) {
            out.insert(key, value);
        }
    }

    fn put_repos(&self, out: &mut Values, refs: &[RepoRef], given: &[RepoInput]) {
        for r in refs {
            let Some(g) = given
                .iter()
                .find(|g| g.repo_namespace == r.namespace && g.repo_name == r.name)
            else {
                continue;
            };
            let p = &r.prefix;
            self.put(out, format!("{p}.branch"), g.branch.clone());
            self.put(out, format!("{p}.prs"), join(&g.pull_requests()));
            let commit = if g.enable_commit == Some(false) {
                String::new()
            } else {
                g.commit_id.clone().unwrap_or_default()
            };
            self.put(out, format!("{p}.commit"), commit);
            if r.codehost.is_empty() {
                self.put(out, format!("{p}.codehost"), g.codehost_name.clone());
            }
        }
    }

    fn put_kvs(&self, out: &mut Values, refs: &[KvRef], given: &[Kv]) {
        for r in refs.iter().filter(|r| !r.credential) {
            if let Some(g) = given.iter().find(|g| g.key == r.name) {
                self.put(out, r.key.clone(), g.value.clone());
            }
        }
    }

    /// Ticks the groups named by `pick` and unticks the rest.
    fn pick_groups(&self, out: &mut Values, j: &JobSection, pick: impl Fn(&GroupId) -> bool) {
        for g in j.groups.iter().filter(|g| g.selectable) {
            out.insert(g.key.clone(), if pick(&g.id) { "1" } else { "0" }.into());
        }
    }

    /// Ticks the groups `find` names and unticks the rest, then lets `fill` set the values of
    /// each ticked group from what was found for it.
    fn pick<'a, T: 'a>(
        &self,
        out: &mut Values,
        j: &JobSection,
        find: impl Fn(&GroupId) -> Option<&'a T>,
        fill: impl Fn(&mut Values, &Group, &'a T),
    ) {
        self.pick_groups(out, j, |id| find(id).is_some());
        for g in &j.groups {
            if let Some(x) = find(&g.id) {
                fill(out, g, x);
            }
        }
    }

    fn put_services(&self, out: &mut Values, j: &JobSection, list: &[ServiceInput]) {
        let find = |id: &GroupId| match id {
            GroupId::Service { service, module } => list
                .iter()
                .find(|s| &s.service_name == service && &s.service_module == module),
            _ => None,
        };
        self.pick(out, j, find, |out, g, s| {
            self.put_repos(out, &g.repos, &s.repo_info);
            self.put_kvs(out, &g.kvs, &s.inputs);
        });
    }

    fn put_modules(&self, out: &mut Values, j: &JobSection, list: &[ModuleInput]) {
        for g in &j.groups {
            let GroupId::Module(name) = &g.id else {
                continue;
            };
            let found = list.iter().find(|m| {
                (&m.testing_name == name && !name.is_empty())
                    || (&m.scanning_name == name && !name.is_empty())
            });
            if let Some(m) = found {
                self.put_repos(out, &g.repos, &m.repo_info);
                self.put_kvs(out, &g.kvs, &m.inputs);
            }
        }
    }

    /// Form values that reproduce a request (run again). Credentials are left to the stored values.
    pub fn values_from_request(&self, req: &ExecuteRequest) -> Values {
        let mut out = Values::new();
        for p in &req.parameters {
            match &p.repo {
                Some(r) => {
                    let k = format!("p.{}", p.name);
                    self.put(&mut out, format!("{k}.branch"), r.branch.clone());
                    self.put(&mut out, format!("{k}.prs"), join(&r.prs));
                    self.put(&mut out, format!("{k}.codehost"), r.codehost_name.clone());
                }
                None => {
                    if let Some(v) = &p.value {
                        self.put(&mut out, format!("p.{}", p.name), v.clone());
                    }
                }
            }
        }
        for j in self.jobs.iter().filter(|j| j.runnable) {
            let input = req.inputs.iter().find(|i| i.job_name == j.name);
            if j.toggleable() {
                out.insert(j.key(), if input.is_some() { "1" } else { "0" }.into());
            }
            let Some(input) = input else { continue };
            let jk = j.key();
            match &input.parameters {
                JobParams::Build(b) => {
                    self.put(&mut out, format!("{jk}.registry"), b.registry.clone());
                    self.put_services(&mut out, j, &b.service_list);
                }
                JobParams::Deploy(d) => {
                    self.put(&mut out, format!("{jk}.env"), d.env_name.clone());
                    if !d.service_list.is_empty() {
                        let find = |id: &GroupId| match id {
                            GroupId::Service { service, module } => d
                                .service_list
                                .iter()
                                .find(|s| &s.service_name == service && &s.service_module == module),
                            _ => None,
                        };
                        self.pick(&mut out, j, find, |out, g, s| {
                            self.put(out, format!("{}.image", g.key), s.image_name.clone());
                            self.put(
                                out,
                                format!("{}.strategy", g.key),
                                s.value_merge_strategy.clone().unwrap_or_default(),
                            );
                        });
                    }
                }
                JobParams::Targets(t) => {
                    let find = |id: &GroupId| match id {
                        GroupId::Target {
                            kind,
                            workload,
                            container,
                        } => t.target_list.iter().find(|x| {
                            &x.workload_name == workload
                                && (j.kind == "k8s-gray-release"
                                    || (&x.workload_type == kind && &x.container_name == container))
                        }),
                        _ => None,
                    };
                    self.pick(&mut out, j, find, |out, g, x| {
                        self.put(out, format!("{}.image", g.key), x.image_name.clone());
                    });
                }
                JobParams::Freestyle(f) => {
                    if j.mode == Mode::PerService {
                        self.put_services(&mut out, j, &f.services);
                    } else {
                        self.put_kvs(&mut out, &j.kvs, &f.kv);
                        self.put_repos(&mut out, &j.repos, &f.repo_info);
                    }
                }
                JobParams::Test(t) => {
                    if j.mode == Mode::PerService {
                        self.put_services(&mut out, j, &t.service_list);
                    } else {
                        self.put_modules(&mut out, j, &t.testing_list);
                    }
                }
                JobParams::Scanning(t) => {
                    if j.mode == Mode::PerService {
                        self.put_services(&mut out, j, &t.service_list);
                    } else {
                        self.put_modules(&mut out, j, &t.scanning_list);
                    }
                }
                JobParams::Sql(q) => {
                    self.put(&mut out, format!("{jk}.database"), q.database_name.clone());
                    self.put(&mut out, format!("{jk}.sql"), q.sql.clone());
                }
                JobParams::Tapd(t) => {
                    self.put(&mut out, format!("{jk}.project_id"), t.project_id.clone());
                    self.put(&mut out, format!("{jk}.status"), t.status.clone());
                    let ids: Vec<String> = if t.iteration_ids.is_empty() {
                        t.iterations.iter().map(|i| i.iteration_id.clone()).collect()
                    } else {
                        t.iteration_ids.clone()
                    };
                    self.put(&mut out, format!("{jk}.iterations"), ids.join(", "));
                }
                JobParams::Plugin(p) => self.put_kvs(&mut out, &j.kvs, &p.kv),
                JobParams::K8sServices(k) => {
                    let find = |id: &GroupId| match id {
                        GroupId::K8sService(s) => {
                            k.service_list.iter().find(|x| &x.service_name == s)
                        }
                        _ => None,
                    };
                    self.pick(&mut out, j, find, |out, g, x| {
                        self.put(out, format!("{}.image", g.key), x.image_name.clone());
                    });
                }
                JobParams::Rollback(r) => self.pick_groups(&mut out, j, |id| {
                    matches!(id, GroupId::Workload(w) if r.target_list.iter().any(|t| &t.workload_name == w))
                }),
                JobParams::Patch(p) => {
                    let find = |id: &GroupId| match id {
                        GroupId::Patch { name, kind, .. } => p
                            .target_list
                            .iter()
                            .find(|t| &t.resource_name == name && &t.resource_kind == kind),
                        _ => None,
                    };
                    self.pick(&mut out, j, find, |out, g, t| {
                        self.put_kvs(out, &g.kvs, &t.inputs);
                    });
                }
                JobParams::Vm(vm) => {
                    self.put(&mut out, format!("{jk}.env"), vm.env_name.clone());
                    let find = |id: &GroupId| match id {
                        GroupId::Vm(s) => vm.service_list.iter().find(|x| &x.service_name == s),
                        _ => None,
                    };
                    self.pick(&mut out, j, find, |out, g, x| {
                        self.put(out, format!("{}.file", g.key), x.file_name.clone());
                    });
                }
                JobParams::Empty(_) => {}
            }
        }
        for n in &req.notify_inputs {
            self.put_notify(&mut out, n);
        }
        out
    }

    fn put_notify(&self, out: &mut Values, n: &NotifyInput) {
        let (id, enabled) = match n {
            NotifyInput::Feishu { id, enabled, .. }
            | NotifyInput::FeishuApp { id, enabled, .. }
            | NotifyInput::FeishuPerson { id, enabled, .. }
            | NotifyInput::Wechat { id, enabled, .. }
            | NotifyInput::Dingding { id, enabled, .. }
            | NotifyInput::Msteams { id, enabled, .. }
            | NotifyInput::Mail { id, enabled, .. } => (*id, *enabled),
        };
        let Some(sec) = self
            .notify
            .iter()
            .find(|s| s.index as i64 == id && s.supported)
        else {
            return;
        };
        let kind = serde_json::to_value(n)
            .ok()
            .and_then(|v| v.get("type").and_then(Value::as_str).map(String::from))
            .unwrap_or_default();
        if kind != sec.kind {
            return; // Zadig ignores an entry whose type differs from the setting's.
        }
        let p = sec.key();
        out.insert(p.clone(), "1".into());
        let on = enabled.unwrap_or(sec.enabled);
        out.insert(format!("{p}.enabled"), if on { "1" } else { "0" }.into());
        let b = |x: bool| if x { "1" } else { "0" }.to_string();
        let lark = |users: &[LarkUser]| -> (String, Option<String>) {
            (
                users
                    .iter()
                    .map(|u| u.id.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                users.first().map(|u| u.id_type.clone()),
            )
        };
        let mut set = |k: &str, v: String| {
            self.put(out, format!("{p}.{k}"), v);
        };
        match n {
            NotifyInput::Feishu {
                lark_hook_notification_config: c,
                ..
            } => {
                set("at_users", c.at_users.join(", "));
                set("at_all", b(c.is_at_all));
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::FeishuApp {
                lark_group_notification_config: c,
                ..
            } => {
                let (ids, ty) = lark(&c.at_users);
                set("chat_id", c.chat_id.clone());
                set("at_users", ids);
                if let Some(ty) = ty {
                    set("id_type", ty);
                }
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::FeishuPerson {
                lark_person_notification_config: c,
                ..
            } => {
                let (ids, ty) = lark(&c.users);
                set("users", ids);
                if let Some(ty) = ty {
                    set("id_type", ty);
                }
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::Wechat {
                wechat_notification_config: c,
                ..
            } => {
                set("at_users", c.at_users.join(", "));
                set("at_all", b(c.is_at_all));
            }
            NotifyInput::Dingding {
                dingding_notification_config: c,
                ..
            } => {
                set("at_mobiles", c.at_mobiles.join(", "));
                set("at_all", b(c.is_at_all));
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::Msteams {
                msteams_notification_config: c,
                ..
            } => {
                set("at_emails", c.at_emails.join(", "));
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::Mail {
                mail_notification_config: c,
                ..
            } => {
                set("user_ids", c.user_ids.join(", "));
                set("dynamic", c.dynamic_recipients.join(", "));
            }
        }
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
                            parameters: JobParams::parse(&kind, params).ok()?,
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
    /// run and which jobs ran, plus the services, environments and images the detail shows.
    pub fn values_from_task(&self, t: &crate::api::types::TaskDetail) -> Values {
        let mut out = Values::new();
        for p in t.params.iter().filter(|p| !p.is_credential) {
            match (&p.repo, p.kind.as_str()) {
                (Some(r), "repo") => {
                    let k = format!("p.{}", p.name);
                    self.put(&mut out, format!("{k}.branch"), r.branch.clone());
                    self.put(&mut out, format!("{k}.prs"), join(&r.pull_requests()));
                }
                _ => self.put(&mut out, format!("p.{}", p.name), p.value.clone()),
            }
        }
        let jobs: Vec<&crate::api::types::JobTask> =
            t.stages.iter().flat_map(|s| s.jobs.iter()).collect();
        for j in self.jobs.iter().filter(|j| j.toggleable()) {
            let ran = jobs
                .iter()
                .any(|x| x.origin_name == j.name || x.name == j.name);
            out.insert(j.key(), if ran { "1" } else { "0" }.into());
        }
        for j in &self.jobs {
            let mine: Vec<&&crate::api::types::JobTask> = jobs
                .iter()
                .filter(|x| x.origin_name == j.name || x.name == j.name)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let spec = |x: &crate::api::types::JobTask, k: &str| {
                crate::domain::text_at(&x.spec, k).to_string()
            };
            match j.kind.as_str() {
                "zadig-build" | "zadig-test" | "zadig-scanning" | "freestyle"
                    if j.groups.iter().any(|g| g.selectable) =>
                {
                    let ran: Vec<(String, String)> = mine
                        .iter()
                        .map(|x| (spec(x, "service_name"), spec(x, "service_module")))
                        .collect();
                    self.pick_groups(&mut out, j, |id| {
                        matches!(id, GroupId::Service { service, module }
                            if ran.iter().any(|(s, m)| s == service && m == module))
                    });
                    for x in &mine {
                        let repos: Vec<RepoInput> = x
                            .spec
                            .get("repos")
                            .cloned()
                            .and_then(|r| {
                                serde_json::from_value::<Vec<crate::api::types::Repository>>(r).ok()
                            })
                            .unwrap_or_default()
                            .into_iter()
                            .map(|r| RepoInput {
                                repo_namespace: r.namespace().to_string(),
                                pr: (r.pr > 0).then_some(r.pr),
                                codehost_name: r.codehost_name,
                                repo_name: r.repo_name,
                                branch: r.branch,
                                prs: r.prs,
                                ..Default::default()
                            })
                            .collect();
                        let (svc, module) = (spec(x, "service_name"), spec(x, "service_module"));
                        if let Some(g) = j.groups.iter().find(|g| {
                            matches!(&g.id, GroupId::Service { service, module: m } if *service == svc && *m == module)
                        }) {
                            self.put_repos(&mut out, &g.repos, &repos);
                        }
                    }
                }
                "zadig-deploy" => {
                    if let Some(x) = mine.first() {
                        self.put(&mut out, format!("{}.env", j.key()), spec(x, "env"));
                    }
                }
                _ => {}
            }
        }
        out
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
                out.insert(g.key.clone(), if g.default_on { "1" } else { "0" }.into());
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

    /// The query that pre-fills this form with the values that differ from the defaults.
    pub fn to_query(&self, v: &Values) -> Vec<(String, String)> {
        let defaults = self.defaults();
        self.keep(v)
            .into_iter()
            .filter(|(k, val)| defaults.get(k) != Some(val))
            .collect()
    }
}
