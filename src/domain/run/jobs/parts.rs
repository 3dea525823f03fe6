//! What several job types share: typed pieces of their specs (repositories, variables,
//! services, modules) and the form fields made from them.

use serde::Deserialize;

use crate::api::decode::or_default;
use crate::api::requests::RepoInput;
use crate::api::types::{Environment, JobTask, Repository};
use crate::domain::run::path::{part, FieldPath};
use crate::domain::run::{
    Choice, Field, Group, GroupId, JobSection, Kind, KvRef, Label, Place, RepoRef,
};

/// A repository as the definition (or a task) names it, in the shape a request sends it back
/// (the branch and pull requests it ran with).
pub fn repo_input(r: &Repository) -> RepoInput {
    RepoInput {
        repo_namespace: r.namespace().to_string(),
        pr: (r.pr > 0).then_some(r.pr),
        codehost_name: r.codehost_name.clone(),
        repo_name: r.repo_name.clone(),
        branch: r.branch.clone(),
        prs: r.prs.clone(),
        ..Default::default()
    }
}

/// A variable: a build variable or freestyle env (named by `key`), a plugin input or patch
/// parameter (by `name` or `key`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct KvSpec {
    pub key: String,
    pub name: String,
    #[serde(deserialize_with = "crate::api::decode::scalar_text")]
    pub value: String,
    pub source: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub choice_option: Vec<String>,
    pub is_credential: bool,
    pub required: bool,
    pub description: String,
}

impl KvSpec {
    fn name(&self) -> &str {
        if self.key.is_empty() {
            &self.name
        } else {
            &self.key
        }
    }
}

/// A service (and module) of a build, test, scan or freestyle job.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ServiceSpec {
    pub service_name: String,
    pub service_module: String,
    pub repos: Vec<Repository>,
    pub key_vals: Vec<KvSpec>,
}

impl ServiceSpec {
    fn same(&self, o: &ServiceSpec) -> bool {
        self.service_name == o.service_name && self.service_module == o.service_module
    }
}

/// A module of a product test or scan.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ModuleSpec {
    pub name: String,
    pub repos: Vec<Repository>,
    pub key_vals: Vec<KvSpec>,
}

/// The first of two lists that is not empty.
pub fn either<T: Clone>(a: &[T], b: &[T]) -> Vec<T> {
    if a.is_empty() { b } else { a }.to_vec()
}

/// The first of two texts that is not empty.
pub fn first<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.is_empty() {
        b
    } else {
        a
    }
}

/// Whether a value is a template Zadig fills in (left out of the form).
pub fn templated(v: &str) -> bool {
    v.contains("<+") || v.contains("{{")
}

pub fn field(key: FieldPath, label: Label, kind: Kind, default: &str) -> Field {
    Field {
        key: key.into(),
        label,
        kind,
        default: default.into(),
        required: false,
        credential: false,
        help: String::new(),
        place: Place::Main,
    }
}

pub fn required(mut f: Field) -> Field {
    f.required = true;
    f
}

/// Variables a person may set: (field, reference) for each one.
pub fn kv_fields(prefix: &FieldPath, items: &[KvSpec]) -> (Vec<Field>, Vec<KvRef>) {
    let mut fields = Vec::new();
    let mut refs = Vec::new();
    for kv in items {
        let name = kv.name();
        if name.is_empty()
            || kv.source == "fixed"
            || kv.source == "reference"
            || templated(&kv.value)
        {
            continue;
        }
        let credential = kv.is_credential;
        let kind = match kv.kind.as_str() {
            "choice" => Kind::Select(kv.choice_option.iter().map(|c| Choice::plain(c)).collect()),
            "multi-select" | "file" => Kind::Unsupported(kv.kind.clone()),
            "script" | "text" => Kind::Multiline,
            _ => Kind::Text,
        };
        let supported = !matches!(kind, Kind::Unsupported(_));
        let key: String = prefix.kv(name).into();
        fields.push(Field {
            key: key.clone(),
            label: Label::Raw(name.into()),
            kind,
            default: if credential {
                String::new()
            } else {
                kv.value.clone()
            },
            required: kv.required && !credential,
            credential,
            help: kv.description.clone(),
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
pub fn repo_fields(prefix: &FieldPath, repos: &[Repository]) -> (Vec<Field>, Vec<RepoRef>) {
    let mut fields = Vec::new();
    let mut refs = Vec::new();
    for r in repos {
        let (ns, name) = (r.namespace(), r.repo_name.as_str());
        if name.is_empty() {
            continue;
        }
        let title = format!("{ns}/{name}");
        let p = prefix.repo(&title);
        let place = Place::Repo(title);
        let prs: Vec<String> = r.pull_requests().iter().map(i64::to_string).collect();
        let mut row = vec![
            required(field(
                p.at(part::BRANCH),
                Label::Branch,
                Kind::Text,
                &r.branch,
            )),
            field(p.at(part::PRS), Label::Prs, Kind::Numbers, &prs.join(", ")),
            field(p.at(part::COMMIT), Label::Commit, Kind::Text, ""),
        ];
        if r.codehost_name.is_empty() {
            row.push(required(field(
                p.at(part::CODEHOST),
                Label::CodeHost,
                Kind::Text,
                "",
            )));
        }
        for mut f in row {
            f.place = place.clone();
            fields.push(f);
        }
        refs.push(RepoRef {
            prefix: p,
            codehost: r.codehost_name.clone(),
            namespace: ns.into(),
            name: name.into(),
        });
    }
    (fields, refs)
}

/// A service group with repositories and variables (build, test, scanning, freestyle).
fn service_group(job: &str, v: &ServiceSpec, on: bool) -> Group {
    let title = format!("{}/{}", v.service_name, v.service_module);
    let key = FieldPath::job(job).group(&title);
    let (mut fields, repos) = repo_fields(&key, &v.repos);
    let (kf, kvs) = kv_fields(&key, &v.key_vals);
    fields.extend(kf);
    Group {
        key,
        title,
        selectable: true,
        default_on: on,
        id: GroupId::Service {
            service: v.service_name.clone(),
            module: v.service_module.clone(),
        },
        fields,
        repos,
        kvs,
    }
}

/// Options with the selected ones on: `options` if present, else the selected list itself.
pub fn service_groups(job: &str, selected: &[ServiceSpec], options: &[ServiceSpec]) -> Vec<Group> {
    if options.is_empty() {
        return selected
            .iter()
            .map(|v| service_group(job, v, true))
            .collect();
    }
    options
        .iter()
        .map(|o| {
            // The selected entry carries the values chosen last time.
            let chosen = selected.iter().find(|x| x.same(o));
            service_group(job, chosen.unwrap_or(o), chosen.is_some())
        })
        .collect()
}

/// A module group (product tests and scans): always included, values only.
pub fn module_group(job: &str, v: &ModuleSpec) -> Group {
    let key = FieldPath::job(job).group(&v.name);
    let (mut fields, repos) = repo_fields(&key, &v.repos);
    let (kf, kvs) = kv_fields(&key, &v.key_vals);
    fields.extend(kf);
    Group {
        key,
        title: v.name.clone(),
        selectable: false,
        default_on: true,
        id: GroupId::Module(v.name.clone()),
        fields,
        repos,
        kvs,
    }
}

/// A group switched on by default, titled by its id, with fields made from its path.
pub fn simple_group(
    job: &str,
    gid: &str,
    id: GroupId,
    fields: impl FnOnce(&FieldPath) -> Vec<Field>,
) -> Group {
    let key = FieldPath::job(job).group(gid);
    Group {
        fields: fields(&key),
        key,
        title: gid.into(),
        selectable: true,
        default_on: true,
        id,
        repos: vec![],
        kvs: vec![],
    }
}

pub fn image_field(group: &FieldPath, image: &str) -> Field {
    required(field(
        group.at(part::IMAGE),
        Label::Image,
        Kind::Text,
        image,
    ))
}

/// A deploy job's environment: the field, and the definition's choice (and whether it is
/// marked production) for telling a production run apart when the list is unknown.
pub fn deploy_env(def: &super::Definition, sec: &mut JobSection, env: &str, production: bool) {
    sec.spec_env = env.into();
    sec.spec_production = production;
    sec.fields.push(env_field(def.name, env, def.envs));
}

/// The environment to deploy to: a choice among the known ones, else free text.
fn env_field(job: &str, spec_env: &str, envs: Option<&[Environment]>) -> Field {
    let key = FieldPath::job(job).at(part::ENV);
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

/// `service(module)`, or whichever of the two is known.
pub fn service_module(service: &str, module: &str) -> String {
    match (service.is_empty(), module.is_empty()) {
        (false, false) if service != module => format!("{service}({module})"),
        (false, _) => service.to_string(),
        (true, false) => module.to_string(),
        _ => String::new(),
    }
}

/// The service and module a build or freestyle task ran for, from its spec or its job info.
pub fn service_label(job: &JobTask) -> String {
    #[derive(Default, Deserialize)]
    #[serde(default)]
    struct Spec {
        service_name: String,
        service_module: String,
    }
    let spec: Spec = or_default(&job.spec);
    let label = service_module(&spec.service_name, &spec.service_module);
    if label.is_empty() {
        service_module(job.info("service_name"), job.info("service_module"))
    } else {
        label
    }
}
