//! Reading the schema from a workflow definition, and building the request from it.

use serde_json::Value;

use super::*;
use crate::api::exec::*;
use crate::api::types::{Environment, JobDef, NotifyCtl, Param, Registry, WorkflowDetail};

use crate::domain::text_at as s;

fn arr(v: &Value, k: &str) -> Vec<Value> {
    v.get(k)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// `arr(v, a)`, or `arr(v, b)` when that is empty.
fn arr_or(v: &Value, a: &str, b: &str) -> Vec<Value> {
    let x = arr(v, a);
    if x.is_empty() {
        arr(v, b)
    } else {
        x
    }
}

fn templated(v: &str) -> bool {
    v.contains("<+") || v.contains("{{")
}

fn field(key: String, label: Label, kind: Kind, default: &str) -> Field {
    Field {
        key,
        label,
        kind,
        default: default.into(),
        required: false,
        credential: false,
        help: String::new(),
        place: Place::Main,
    }
}

fn required(mut f: Field) -> Field {
    f.required = true;
    f
}

/// What the schema is read from.
pub struct SchemaInput<'a> {
    pub detail: &'a WorkflowDetail,
    /// `None` while unknown (failed to load): the registry field becomes free text.
    pub registries: Option<&'a [Registry]>,
    pub envs: Option<&'a [Environment]>,
}

/// Variables of a job or group: (field, reference) for each one a person may set.
fn kv_fields(prefix: &str, items: &[Value], name_key: &str) -> (Vec<Field>, Vec<KvRef>) {
    let mut fields = Vec::new();
    let mut refs = Vec::new();
    for kv in items {
        let name = s(kv, name_key);
        let value = s(kv, "value");
        let source = s(kv, "source");
        if name.is_empty() || source == "fixed" || source == "reference" || templated(value) {
            continue;
        }
        let credential = kv.get("is_credential").and_then(Value::as_bool) == Some(true);
        let ty = s(kv, "type");
        let kind = match ty {
            "choice" => Kind::Select(
                arr(kv, "choice_option")
                    .iter()
                    .filter_map(Value::as_str)
                    .map(Choice::plain)
                    .collect(),
            ),
            "multi-select" | "file" => Kind::Unsupported(ty.into()),
            "script" | "text" => Kind::Multiline,
            _ => Kind::Text,
        };
        let supported = !matches!(kind, Kind::Unsupported(_));
        let key = format!("{prefix}.kv.{name}");
        fields.push(Field {
            key: key.clone(),
            label: Label::Raw(name.into()),
            kind,
            default: if credential {
                String::new()
            } else {
                value.into()
            },
            required: kv.get("required").and_then(Value::as_bool) == Some(true) && !credential,
            credential,
            help: s(kv, "description").into(),
            place: Place::Var,
        });
        refs.push(KvRef {
            key,
            name: name.into(),
            credential,
            supported,
        });
    }
    (fields, refs)
}

/// Repository rows: branch, pull requests, commit, and the code host when the definition lacks it.
fn repo_fields(prefix: &str, repos: &[Value]) -> (Vec<Field>, Vec<RepoRef>) {
    let mut fields = Vec::new();
    let mut refs = Vec::new();
    for r in repos {
        let (ns, name) = (s(r, "repo_namespace"), s(r, "repo_name"));
        let ns = if ns.is_empty() {
            s(r, "repo_owner")
        } else {
            ns
        };
        if name.is_empty() {
            continue;
        }
        let title = format!("{ns}/{name}");
        let p = format!("{prefix}.r.{title}");
        let place = Place::Repo(title.clone());
        let codehost = s(r, "codehost_name");
        let prs: Vec<String> = r
            .get("prs")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_i64)
                    .map(|n| n.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let prs = if prs.is_empty() {
            match r.get("pr").and_then(Value::as_i64) {
                Some(n) if n > 0 => vec![n.to_string()],
                _ => vec![],
            }
        } else {
            prs
        };
        let mut branch = required(field(
            format!("{p}.branch"),
            Label::Branch,
            Kind::Text,
            s(r, "branch"),
        ));
        branch.place = place.clone();
        let mut prs_f = field(
            format!("{p}.prs"),
            Label::Prs,
            Kind::Numbers,
            &prs.join(", "),
        );
        prs_f.place = place.clone();
        let mut commit = field(format!("{p}.commit"), Label::Commit, Kind::Text, "");
        commit.place = place.clone();
        fields.extend([branch, prs_f, commit]);
        if codehost.is_empty() {
            let mut ch = required(field(
                format!("{p}.codehost"),
                Label::CodeHost,
                Kind::Text,
                "",
            ));
            ch.place = place;
            fields.push(ch);
        }
        refs.push(RepoRef {
            prefix: p,
            codehost: codehost.into(),
            namespace: ns.into(),
            name: name.into(),
        });
    }
    (fields, refs)
}

/// A service group with repositories and variables (build, test, scanning, freestyle).
fn service_group(job: &str, v: &Value, on: bool, kv_key: &str) -> Group {
    let (svc, module) = (s(v, "service_name"), s(v, "service_module"));
    let key = format!("j.{job}.g.{svc}/{module}");
    let (mut fields, repos) = repo_fields(&key, &arr(v, "repos"));
    let (kf, kvs) = kv_fields(&key, &arr(v, kv_key), "key");
    fields.extend(kf);
    Group {
        key,
        title: format!("{svc}/{module}"),
        selectable: true,
        default_on: on,
        id: GroupId::Service {
            service: svc.into(),
            module: module.into(),
        },
        fields,
        repos,
        kvs,
    }
}

/// Options with the selected ones on: `options` if present, else the selected list itself.
fn service_groups(job: &str, selected: &[Value], options: &[Value], kv_key: &str) -> Vec<Group> {
    let same = |a: &Value, b: &Value| {
        s(a, "service_name") == s(b, "service_name")
            && s(a, "service_module") == s(b, "service_module")
    };
    if options.is_empty() {
        return selected
            .iter()
            .map(|v| service_group(job, v, true, kv_key))
            .collect();
    }
    options
        .iter()
        .map(|o| {
            // The selected entry carries the values chosen last time.
            let chosen = selected.iter().find(|x| same(x, o));
            service_group(job, chosen.unwrap_or(o), chosen.is_some(), kv_key)
        })
        .collect()
}

/// A module group (product tests and scans): always included, values only.
fn module_group(job: &str, v: &Value) -> Group {
    let name = s(v, "name");
    let key = format!("j.{job}.g.{name}");
    let (mut fields, repos) = repo_fields(&key, &arr(v, "repos"));
    let (kf, kvs) = kv_fields(&key, &arr(v, "key_vals"), "key");
    fields.extend(kf);
    Group {
        key,
        title: name.into(),
        selectable: false,
        default_on: true,
        id: GroupId::Module(name.into()),
        fields,
        repos,
        kvs,
    }
}

fn simple_group(job: &str, gid: &str, id: GroupId, fields: Vec<Field>) -> Group {
    Group {
        key: format!("j.{job}.g.{gid}"),
        title: gid.into(),
        selectable: true,
        default_on: true,
        id,
        fields,
        repos: vec![],
        kvs: vec![],
    }
}

fn image_field(group_key: &str, image: &str) -> Field {
    required(field(
        format!("{group_key}.image"),
        Label::Image,
        Kind::Text,
        image,
    ))
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
                        prefix: format!("p.{}", p.name),
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
            .map(|(i, n)| notify_section(i, n))
            .collect();
        let mut schema = RunSchema {
            by_key: Default::default(),
            project: d.project_key.clone(),
            workflow: d.workflow_key.clone(),
            display_name: d.workflow_name.clone(),
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
                    || j.groups.iter().any(|g| g.selectable && g.key == key)
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
                inputs.push(JobInput {
                    job_name: j.name.clone(),
                    job_type: j.kind.clone(),
                    parameters: b.job(j),
                });
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

fn param_fields(p: &Param) -> Vec<Field> {
    let key = format!("p.{}", p.name);
    let base = Field {
        key: key.clone(),
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
                    key: format!("{key}.branch"),
                    label: Label::Raw(p.name.clone()),
                    kind: Kind::Text,
                    default: r.branch.clone(),
                    required: true,
                    credential: false,
                    help: p.description.clone(),
                    place: place.clone(),
                },
                Field {
                    key: format!("{key}.prs"),
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
                    key: format!("{key}.codehost"),
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

fn env_field(job: &str, spec_env: &str, envs: Option<&[Environment]>) -> Field {
    let key = format!("j.{job}.env");
    let spec_env = if templated(spec_env) { "" } else { spec_env };
    match envs {
        Some(list) => {
            let default = if list.iter().any(|e| e.key() == spec_env) {
                spec_env
            } else {
                ""
            };
            let choices = list
                .iter()
                .map(|e| Choice {
                    value: e.key().into(),
                    label: if e.alias.is_empty() || e.alias == e.key() {
                        e.key().into()
                    } else {
                        format!("{} ({})", e.alias, e.key())
                    },
                    production: e.production,
                })
                .collect();
            required(field(
                key,
                Label::Environment,
                Kind::Select(choices),
                default,
            ))
        }
        None => required(field(key, Label::Environment, Kind::Text, spec_env)),
    }
}

fn job_section(stage: &str, j: &JobDef, input: &SchemaInput) -> JobSection {
    let name = j.name.as_str();
    let spec = &j.spec;
    let policy = match j.run_policy.as_str() {
        "force_run" => Policy::Forced,
        "default_not_run" => Policy::Off,
        _ => Policy::Normal,
    };
    let runnable = RUNNABLE_TYPES.contains(&j.kind.as_str());
    let mut sec = JobSection {
        name: name.into(),
        kind: j.kind.clone(),
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
    match j.kind.as_str() {
        "zadig-build" => {
            let key = format!("j.{name}.registry");
            let reg_id = s(spec, "docker_registry_id");
            sec.fields.push(match input.registries {
                Some(list) => {
                    let default = list
                        .iter()
                        .find(|r| !reg_id.is_empty() && r.registry_id == reg_id)
                        .or_else(|| list.iter().find(|r| r.is_default))
                        .or(list.first())
                        .map(Registry::input_value)
                        .unwrap_or_default();
                    let choices = list
                        .iter()
                        .map(|r| Choice::plain(&r.input_value()))
                        .collect();
                    required(field(key, Label::Registry, Kind::Select(choices), &default))
                }
                None => required(field(key, Label::Registry, Kind::Text, "")),
            });
            sec.groups = service_groups(
                name,
                &arr(spec, "service_and_builds"),
                &arr(spec, "service_and_builds_options"),
                "key_vals",
            );
        }
        "zadig-deploy" => {
            let env = s(spec, "env");
            sec.spec_env = env.into();
            sec.spec_production = spec.get("production").and_then(Value::as_bool) == Some(true);
            sec.fields.push(env_field(name, env, input.envs));
            if s(spec, "source") == "fromjob" {
                sec.note = Some(Note::FromJob(s(spec, "job_name").into()));
            } else {
                let helm = s(spec, "deploy_type").contains("helm");
                let mut seen: Vec<(String, String)> = Vec::new();
                let mut add = |svc: &str, module: &str, image: &str, strategy: &str| {
                    if seen.iter().any(|(a, b)| a == svc && b == module) {
                        return;
                    }
                    seen.push((svc.into(), module.into()));
                    let gid = format!("{svc}/{module}");
                    let key = format!("j.{name}.g.{gid}");
                    let mut fields = vec![image_field(&key, image)];
                    if helm || !strategy.is_empty() {
                        fields.push(field(
                            format!("{key}.strategy"),
                            Label::MergeStrategy,
                            Kind::Select(
                                ["", "reuse-values", "override"]
                                    .iter()
                                    .map(|c| Choice::plain(c))
                                    .collect(),
                            ),
                            strategy,
                        ));
                    }
                    sec.groups.push(simple_group(
                        name,
                        &gid,
                        GroupId::Service {
                            service: svc.into(),
                            module: module.into(),
                        },
                        fields,
                    ));
                };
                for svc in arr(spec, "services") {
                    let strategy = s(&svc, "value_merge_strategy");
                    for m in arr(&svc, "modules") {
                        let image = if s(&m, "image").is_empty() {
                            s(&m, "image_name")
                        } else {
                            s(&m, "image")
                        };
                        add(
                            s(&svc, "service_name"),
                            s(&m, "service_module"),
                            image,
                            strategy,
                        );
                    }
                }
                for e in arr(spec, "service_and_images") {
                    add(
                        s(&e, "service_name"),
                        s(&e, "service_module"),
                        s(&e, "image"),
                        s(&e, "value_merge_strategy"),
                    );
                }
            }
        }
        "custom-deploy" | "k8s-gray-release" => {
            for t in arr(spec, "targets") {
                let (kind, workload, container) = if s(&t, "target").is_empty() {
                    (
                        s(&t, "workload_type").to_string(),
                        s(&t, "workload_name").to_string(),
                        s(&t, "container_name").to_string(),
                    )
                } else {
                    let mut it = s(&t, "target").splitn(3, '/');
                    (
                        it.next().unwrap_or("").to_string(),
                        it.next().unwrap_or("").to_string(),
                        it.next().unwrap_or("").to_string(),
                    )
                };
                let gid = format!("{kind}/{workload}/{container}");
                let key = format!("j.{name}.g.{gid}");
                let image = if s(&t, "image").is_empty() {
                    s(&t, "image_name")
                } else {
                    s(&t, "image")
                };
                sec.groups.push(simple_group(
                    name,
                    &gid,
                    GroupId::Target {
                        kind,
                        workload,
                        container,
                    },
                    vec![image_field(&key, image)],
                ));
            }
        }
        "freestyle" => {
            if s(spec, "freestyle_type") == "service_freestyle" {
                sec.mode = Mode::PerService;
                if s(spec, "source") == "fromjob" {
                    sec.note = Some(Note::FromJob(s(spec, "job_name").into()));
                }
                sec.groups = service_groups(
                    name,
                    &arr_or(spec, "services", "default_services"),
                    &[],
                    "key_vals",
                );
            } else {
                let key = format!("j.{name}");
                let (mut fields, repos) = repo_fields(&key, &arr(spec, "repos"));
                let (kf, kvs) = kv_fields(&key, &arr(spec, "envs"), "key");
                fields.extend(kf);
                sec.fields = fields;
                sec.repos = repos;
                sec.kvs = kvs;
            }
        }
        "zadig-test" | "zadig-scanning" => {
            let test = j.kind == "zadig-test";
            let per_service = if test {
                s(spec, "test_type") == "service_test"
            } else {
                s(spec, "scanning_type") == "service_scanning"
            };
            if per_service {
                sec.mode = Mode::PerService;
                let (sel, opt) = if test {
                    ("service_and_tests", "service_test_options")
                } else {
                    ("service_and_scannings", "service_scanning_options")
                };
                if s(spec, "source") == "fromjob" {
                    sec.note = Some(Note::FromJob(s(spec, "job_name").into()));
                }
                sec.groups = service_groups(name, &arr(spec, sel), &arr(spec, opt), "key_vals");
            } else {
                let list = if test {
                    arr(spec, "test_modules")
                } else {
                    arr(spec, "scannings")
                };
                sec.groups = list.iter().map(|m| module_group(name, m)).collect();
                sec.note = Some(Note::AllModulesRun);
            }
        }
        "sql" => {
            if s(spec, "source") == "runtime" {
                sec.fields.push(field(
                    format!("j.{name}.database"),
                    Label::Database,
                    Kind::Text,
                    s(spec, "database_name"),
                ));
            }
            sec.fields.push(required(field(
                format!("j.{name}.sql"),
                Label::Sql,
                Kind::Multiline,
                s(spec, "sql"),
            )));
        }
        "tapd" => {
            let ids: Vec<String> = arr(spec, "iterations")
                .iter()
                .map(|i| s(i, "iteration_id").to_string())
                .filter(|i| !i.is_empty())
                .collect();
            let status = match s(spec, "status") {
                "" => "open",
                x => x,
            };
            sec.fields = vec![
                required(field(
                    format!("j.{name}.project_id"),
                    Label::TapdProject,
                    Kind::Text,
                    s(spec, "project_id"),
                )),
                required(field(
                    format!("j.{name}.status"),
                    Label::TapdStatus,
                    Kind::Select(vec![Choice::plain("open"), Choice::plain("done")]),
                    status,
                )),
                field(
                    format!("j.{name}.iterations"),
                    Label::TapdIterations,
                    Kind::List,
                    &ids.join(", "),
                ),
            ];
        }
        "plugin" => {
            let inputs = spec
                .get("plugin")
                .map(|p| arr(p, "inputs"))
                .unwrap_or_default();
            let (fields, kvs) = kv_fields(&format!("j.{name}"), &inputs, "name");
            sec.fields = fields;
            sec.kvs = kvs;
        }
        "k8s-blue-green-deploy" | "k8s-canary-deploy" => {
            for t in arr_or(spec, "targets", "services") {
                let svc = match s(&t, "k8s_service_name") {
                    "" => s(&t, "service_name"),
                    x => x,
                };
                let key = format!("j.{name}.g.{svc}");
                let image = if s(&t, "image").is_empty() {
                    s(&t, "image_name")
                } else {
                    s(&t, "image")
                };
                sec.groups.push(simple_group(
                    name,
                    svc,
                    GroupId::K8sService(svc.into()),
                    vec![image_field(&key, image)],
                ));
            }
        }
        "k8s-gray-rollback" => {
            for t in arr(spec, "targets") {
                let w = s(&t, "workload_name");
                sec.groups
                    .push(simple_group(name, w, GroupId::Workload(w.into()), vec![]));
            }
        }
        "k8s-resource-patch" => {
            for t in arr(spec, "patch_items") {
                let (rn, rk) = (s(&t, "resource_name"), s(&t, "resource_kind"));
                let gid = format!("{rk}/{rn}");
                let key = format!("j.{name}.g.{gid}");
                let (fields, kvs) = kv_fields(&key, &arr_or(&t, "params", "inputs"), "key");
                let mut g = simple_group(
                    name,
                    &gid,
                    GroupId::Patch {
                        name: rn.into(),
                        kind: rk.into(),
                        group: s(&t, "resource_group").into(),
                        version: s(&t, "resource_version").into(),
                    },
                    fields,
                );
                g.kvs = kvs;
                sec.groups.push(g);
            }
        }
        "zadig-vm-deploy" => {
            let env = s(spec, "env");
            sec.spec_env = env.into();
            sec.spec_production = spec.get("production").and_then(Value::as_bool) == Some(true);
            sec.fields.push(env_field(name, env, input.envs));
            for e in arr_or(spec, "service_and_vm_deploys", "services") {
                let svc = s(&e, "service_name");
                let key = format!("j.{name}.g.{svc}");
                sec.groups.push(simple_group(
                    name,
                    svc,
                    GroupId::Vm(svc.into()),
                    vec![required(field(
                        format!("{key}.file"),
                        Label::VmFile,
                        Kind::Text,
                        s(&e, "file_name"),
                    ))],
                ));
            }
        }
        "approval" => sec.note = Some(Note::Approval),
        _ => sec.note = Some(Note::NoInput),
    }
    sec
}

const NOTIFY_TYPES: &[&str] = &[
    "feishu",
    "feishu_app",
    "feishu_person",
    "wechat",
    "dingding",
    "msteams",
    "mail",
];

fn notify_section(i: usize, n: &NotifyCtl) -> NotifySection {
    let kind = n.webhook_type.clone();
    let supported = NOTIFY_TYPES.contains(&kind.as_str());
    let p = format!("n.{i}");
    let cfg = |k: &str| n.rest.get(k).cloned().unwrap_or(Value::Null);
    let strings = |v: &Value, k: &str| -> String {
        arr(v, k)
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let lark_ids = |v: &Value, k: &str| -> (String, String) {
        let users = arr(v, k);
        let ids: Vec<String> = users.iter().map(|u| s(u, "id").to_string()).collect();
        let ty = users
            .first()
            .map(|u| s(u, "id_type").to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "user_id".into());
        (ids.join(", "), ty)
    };
    let id_type = |ty: &str| {
        field(
            format!("{p}.id_type"),
            Label::IdType,
            Kind::Select(vec![Choice::plain("user_id"), Choice::plain("open_id")]),
            ty,
        )
    };
    let bool_of = |v: &Value, k: &str| {
        if v.get(k).and_then(Value::as_bool) == Some(true) {
            "1"
        } else {
            "0"
        }
    };
    let list = |k: &str, label: Label, default: &str| {
        field(format!("{p}.{k}"), label, Kind::List, default)
    };
    let mut fields = vec![];
    if supported {
        fields.push(field(p.clone(), Label::ChangeNotify, Kind::Check, "0"));
        fields.push(field(
            format!("{p}.enabled"),
            Label::NotifyEnabled,
            Kind::Check,
            if n.enabled { "1" } else { "0" },
        ));
    }
    let dynamic = |c: &Value| {
        list(
            "dynamic",
            Label::Recipients,
            &strings(c, "dynamic_recipients"),
        )
    };
    match kind.as_str() {
        "feishu" => {
            let c = cfg("lark_hook_notification_config");
            fields.push(list("at_users", Label::AtUsers, &strings(&c, "at_users")));
            fields.push(field(
                format!("{p}.at_all"),
                Label::AtAll,
                Kind::Check,
                bool_of(&c, "is_at_all"),
            ));
            fields.push(dynamic(&c));
        }
        "feishu_app" => {
            let c = cfg("lark_group_notification_config");
            let (ids, ty) = lark_ids(&c, "at_users");
            fields.push(required(field(
                format!("{p}.chat_id"),
                Label::ChatId,
                Kind::Text,
                s(&c, "chat_id"),
            )));
            fields.push(list("at_users", Label::AtUsers, &ids));
            fields.push(id_type(&ty));
            fields.push(dynamic(&c));
        }
        "feishu_person" => {
            let c = cfg("lark_person_notification_config");
            let (ids, ty) = lark_ids(&c, "users");
            fields.push(list("users", Label::UserIds, &ids));
            fields.push(id_type(&ty));
            fields.push(dynamic(&c));
        }
        "wechat" => {
            let c = cfg("wechat_notification_config");
            fields.push(list("at_users", Label::AtUsers, &strings(&c, "at_users")));
            fields.push(field(
                format!("{p}.at_all"),
                Label::AtAll,
                Kind::Check,
                bool_of(&c, "is_at_all"),
            ));
        }
        "dingding" => {
            let c = cfg("dingding_notification_config");
            fields.push(list(
                "at_mobiles",
                Label::Mobiles,
                &strings(&c, "at_mobiles"),
            ));
            fields.push(field(
                format!("{p}.at_all"),
                Label::AtAll,
                Kind::Check,
                bool_of(&c, "is_at_all"),
            ));
            fields.push(dynamic(&c));
        }
        "msteams" => {
            let c = cfg("msteams_notification_config");
            fields.push(list("at_emails", Label::Emails, &strings(&c, "at_emails")));
            fields.push(dynamic(&c));
        }
        "mail" => {
            let c = cfg("mail_notification_config");
            let ids = {
                let direct = strings(&c, "user_ids");
                if direct.is_empty() {
                    arr(&c, "users")
                        .iter()
                        .map(|u| s(u, "user_id").to_string())
                        .filter(|x| !x.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ")
                } else {
                    direct
                }
            };
            fields.push(list("user_ids", Label::UserIds, &ids));
            fields.push(dynamic(&c));
        }
        _ => {}
    }
    NotifySection {
        index: i,
        kind,
        enabled: n.enabled,
        supported,
        fields,
    }
}

/// Reads values, checks them and collects problems while the request is put together.
struct Builder<'a> {
    schema: &'a RunSchema,
    v: &'a Values,
    mask: bool,
    issues: Vec<Issue>,
}

impl Builder<'_> {
    fn issue(&mut self, key: String, problem: Problem) {
        self.issues.push(Issue { key, problem });
    }

    fn raw(&self, key: &str) -> String {
        match self.schema.field(key) {
            Some(f) => f.value(self.v),
            None => self.v.get(key).cloned().unwrap_or_default(),
        }
    }

    /// A field's checked text. Missing fields read as empty.
    fn text(&mut self, key: &str) -> String {
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

    fn numbers(&mut self, key: &str) -> Vec<i64> {
        let t = self.raw(key);
        match parse_numbers(&t) {
            Some(n) => n,
            None => {
                self.issue(key.into(), Problem::NotNumbers);
                vec![]
            }
        }
    }

    fn list(&self, key: &str) -> Vec<String> {
        split_list(&self.raw(key))
    }

    fn check(&self, key: &str) -> bool {
        self.raw(key) == "1"
    }

    fn params(&mut self) -> Vec<ParamInput> {
        let mut out = Vec::new();
        let schema = self.schema;
        for r in &schema.param_refs {
            match &r.repo {
                Some(repo) => {
                    let branch = self.text(&format!("{}.branch", repo.prefix));
                    let prs = self.numbers(&format!("{}.prs", repo.prefix));
                    let codehost = if repo.codehost.is_empty() {
                        self.text(&format!("{}.codehost", repo.prefix))
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
                    if let Some(f) = schema.field(&format!("p.{}", r.name)) {
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

    fn kvs(&mut self, refs: &[KvRef]) -> Vec<Kv> {
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

    fn repos(&mut self, refs: &[RepoRef]) -> Vec<RepoInput> {
        let mut out = Vec::new();
        for r in refs {
            let branch = self.text(&format!("{}.branch", r.prefix));
            let prs = self.numbers(&format!("{}.prs", r.prefix));
            let commit = self.text(&format!("{}.commit", r.prefix));
            let codehost = if r.codehost.is_empty() {
                self.text(&format!("{}.codehost", r.prefix))
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
    fn chosen<'g>(&mut self, j: &'g JobSection) -> Vec<&'g Group> {
        let out: Vec<&Group> = j.groups.iter().filter(|g| g.on(self.v)).collect();
        if out.is_empty() && !j.groups.is_empty() && j.groups.iter().any(|g| g.selectable) {
            self.issue(j.key(), Problem::NoneSelected);
        }
        out
    }

    fn services(&mut self, j: &JobSection) -> Vec<ServiceInput> {
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

    fn modules(&mut self, j: &JobSection, test: bool) -> Vec<ModuleInput> {
        let mut out = Vec::new();
        for g in &j.groups {
            let GroupId::Module(name) = &g.id else {
                continue;
            };
            out.push(ModuleInput {
                testing_name: if test { name.clone() } else { String::new() },
                scanning_name: if test { String::new() } else { name.clone() },
                repo_info: self.repos(&g.repos),
                inputs: self.kvs(&g.kvs),
            });
        }
        out
    }

    fn job(&mut self, j: &JobSection) -> JobParams {
        let jk = j.key();
        match j.kind.as_str() {
            "zadig-build" => JobParams::Build(BuildParams {
                registry: self.text(&format!("{jk}.registry")),
                service_list: self.services(j),
            }),
            "zadig-deploy" => {
                let env_name = self.text(&format!("{jk}.env"));
                let mut service_list = Vec::new();
                for g in self.chosen(j) {
                    let GroupId::Service { service, module } = &g.id else {
                        continue;
                    };
                    let strategy = self.text(&format!("{}.strategy", g.key));
                    service_list.push(DeployService {
                        service_name: service.clone(),
                        service_module: module.clone(),
                        image_name: self.text(&format!("{}.image", g.key)),
                        value_merge_strategy: (!strategy.is_empty()).then_some(strategy),
                    });
                }
                JobParams::Deploy(DeployParams {
                    env_name,
                    service_list,
                })
            }
            "custom-deploy" | "k8s-gray-release" => {
                let mut target_list = Vec::new();
                for g in self.chosen(j) {
                    let GroupId::Target {
                        kind,
                        workload,
                        container,
                    } = &g.id
                    else {
                        continue;
                    };
                    target_list.push(WorkloadTarget {
                        workload_type: kind.clone(),
                        workload_name: workload.clone(),
                        container_name: container.clone(),
                        image_name: self.text(&format!("{}.image", g.key)),
                    });
                }
                JobParams::Targets(TargetsParams { target_list })
            }
            "freestyle" => {
                if j.mode == Mode::PerService {
                    JobParams::Freestyle(FreestyleParams {
                        services: self.services(j),
                        kv: vec![],
                        repo_info: vec![],
                    })
                } else {
                    JobParams::Freestyle(FreestyleParams {
                        services: vec![],
                        kv: self.kvs(&j.kvs),
                        repo_info: self.repos(&j.repos),
                    })
                }
            }
            "zadig-test" => JobParams::Test(if j.mode == Mode::PerService {
                TestParams {
                    service_list: self.services(j),
                    testing_list: vec![],
                }
            } else {
                TestParams {
                    service_list: vec![],
                    testing_list: self.modules(j, true),
                }
            }),
            "zadig-scanning" => JobParams::Scanning(if j.mode == Mode::PerService {
                ScanningParams {
                    service_list: self.services(j),
                    scanning_list: vec![],
                }
            } else {
                ScanningParams {
                    service_list: vec![],
                    scanning_list: self.modules(j, false),
                }
            }),
            "sql" => JobParams::Sql(SqlParams {
                database_name: self.text(&format!("{jk}.database")),
                sql: self.text(&format!("{jk}.sql")),
            }),
            "tapd" => JobParams::Tapd(TapdParams {
                project_id: self.text(&format!("{jk}.project_id")),
                project_name: String::new(),
                status: self.text(&format!("{jk}.status")),
                iteration_ids: self.list(&format!("{jk}.iterations")),
                iterations: vec![],
            }),
            "plugin" => JobParams::Plugin(PluginParams {
                kv: self.kvs(&j.kvs),
            }),
            "k8s-blue-green-deploy" | "k8s-canary-deploy" => {
                let mut service_list = Vec::new();
                for g in self.chosen(j) {
                    let GroupId::K8sService(svc) = &g.id else {
                        continue;
                    };
                    service_list.push(K8sServiceImage {
                        service_name: svc.clone(),
                        image_name: self.text(&format!("{}.image", g.key)),
                    });
                }
                JobParams::K8sServices(K8sServicesParams { service_list })
            }
            "k8s-gray-rollback" => {
                let target_list = self
                    .chosen(j)
                    .into_iter()
                    .filter_map(|g| match &g.id {
                        GroupId::Workload(w) => Some(RollbackTarget {
                            workload_name: w.clone(),
                        }),
                        _ => None,
                    })
                    .collect();
                JobParams::Rollback(RollbackParams { target_list })
            }
            "k8s-resource-patch" => {
                let mut target_list = Vec::new();
                for g in self.chosen(j) {
                    let GroupId::Patch {
                        name,
                        kind,
                        group,
                        version,
                    } = &g.id
                    else {
                        continue;
                    };
                    target_list.push(PatchTarget {
                        resource_name: name.clone(),
                        resource_kind: kind.clone(),
                        resource_group: group.clone(),
                        resource_version: version.clone(),
                        inputs: self.kvs(&g.kvs),
                    });
                }
                JobParams::Patch(PatchParams { target_list })
            }
            "zadig-vm-deploy" => {
                let env_name = self.text(&format!("{jk}.env"));
                let mut service_list = Vec::new();
                for g in self.chosen(j) {
                    let GroupId::Vm(svc) = &g.id else {
                        continue;
                    };
                    service_list.push(VmService {
                        service_name: svc.clone(),
                        file_name: self.text(&format!("{}.file", g.key)),
                    });
                }
                JobParams::Vm(VmParams {
                    env_name,
                    service_list,
                })
            }
            _ => JobParams::Empty(EmptyParams {}),
        }
    }

    fn notify(&mut self, n: &NotifySection) -> Option<NotifyInput> {
        let p = n.key();
        let id = n.index as i64;
        let on = self.check(&format!("{p}.enabled"));
        let enabled = (on != n.enabled).then_some(on);
        let list = |b: &Self, k: &str| b.list(&format!("{p}.{k}"));
        let dynamic_recipients = list(self, "dynamic");
        let at_all = self.check(&format!("{p}.at_all"));
        let lark = |b: &mut Self, k: &str| -> Vec<LarkUser> {
            let ty = b.text(&format!("{p}.id_type"));
            list(b, k)
                .into_iter()
                .map(|id| LarkUser {
                    id,
                    id_type: ty.clone(),
                })
                .collect()
        };
        Some(match n.kind.as_str() {
            "feishu" => NotifyInput::Feishu {
                id,
                enabled,
                lark_hook_notification_config: LarkHookConfig {
                    at_users: list(self, "at_users"),
                    dynamic_recipients,
                    is_at_all: at_all,
                },
            },
            "feishu_app" => NotifyInput::FeishuApp {
                id,
                enabled,
                lark_group_notification_config: LarkGroupConfig {
                    chat_id: self.text(&format!("{p}.chat_id")),
                    at_users: lark(self, "at_users"),
                    dynamic_recipients,
                },
            },
            "feishu_person" => NotifyInput::FeishuPerson {
                id,
                enabled,
                lark_person_notification_config: LarkPersonConfig {
                    users: lark(self, "users"),
                    dynamic_recipients,
                },
            },
            "wechat" => NotifyInput::Wechat {
                id,
                enabled,
                wechat_notification_config: WechatConfig {
                    at_users: list(self, "at_users"),
                    is_at_all: at_all,
                },
            },
            "dingding" => NotifyInput::Dingding {
                id,
                enabled,
                dingding_notification_config: DingdingConfig {
                    at_mobiles: list(self, "at_mobiles"),
                    dynamic_recipients,
                    is_at_all: at_all,
                },
            },
            "msteams" => NotifyInput::Msteams {
                id,
                enabled,
                msteams_notification_config: MsteamsConfig {
                    at_emails: list(self, "at_emails"),
                    dynamic_recipients,
                },
            },
            "mail" => NotifyInput::Mail {
                id,
                enabled,
                mail_notification_config: MailConfig {
                    user_ids: list(self, "user_ids"),
                    dynamic_recipients,
                },
            },
            _ => return None,
        })
    }
}
