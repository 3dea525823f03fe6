//! `zadig-deploy`: an environment and the services to deploy there, each with its image (and,
//! for Helm, how its values merge). `zadig-helm-deploy` tasks are shown the same way.

use serde::{Deserialize, Serialize};

use super::parts::{deploy_env, field, first, image_field, simple_group};
use super::{Definition, Empty, JobShape, Needs};
use crate::api::decode::or_default;
use crate::api::types::JobTask;
use crate::domain::run::path::part;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{Choice, GroupId, JobSection, Kind, Label, Note};

const STRATEGY: &str = "strategy";

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    env: String,
    production: bool,
    source: String,
    job_name: String,
    deploy_type: String,
    services: Vec<ServiceSpec>,
    service_and_images: Vec<ImageSpec>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ServiceSpec {
    service_name: String,
    value_merge_strategy: String,
    modules: Vec<ImageSpec>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ImageSpec {
    service_name: String,
    service_module: String,
    image: String,
    image_name: String,
    value_merge_strategy: String,
}

/// A service to deploy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeployService {
    pub service_name: String,
    pub service_module: String,
    pub image_name: String,
    /// `reuse-values` or `override` (Helm services only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_merge_strategy: Option<String>,
}

/// zadig-deploy parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeployParams {
    pub env_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_list: Vec<DeployService>,
}

pub struct ZadigDeploy;

impl JobShape for ZadigDeploy {
    type Params = DeployParams;

    fn needs(&self) -> Needs {
        Needs::ENVS
    }

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        deploy_env(def, sec, &spec.env, spec.production);
        if spec.source == "fromjob" {
            sec.note = Some(Note::FromJob(spec.job_name));
            return;
        }
        let helm = spec.deploy_type.contains("helm");
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut add = |svc: &str, module: &str, image: &str, strategy: &str| {
            if seen.iter().any(|(a, b)| a == svc && b == module) {
                return;
            }
            seen.push((svc.into(), module.into()));
            let id = GroupId::Service {
                service: svc.into(),
                module: module.into(),
            };
            sec.groups.push(simple_group(
                def.name,
                &format!("{svc}/{module}"),
                id,
                |g| {
                    let mut fields = vec![image_field(g, image)];
                    if helm || !strategy.is_empty() {
                        let choices = ["", "reuse-values", "override"].map(Choice::plain);
                        fields.push(field(
                            g.at(STRATEGY),
                            Label::MergeStrategy,
                            Kind::Select(choices.to_vec()),
                            strategy,
                        ));
                    }
                    fields
                },
            ));
        };
        for svc in &spec.services {
            for m in &svc.modules {
                add(
                    &svc.service_name,
                    &m.service_module,
                    first(&m.image, &m.image_name),
                    &svc.value_merge_strategy,
                );
            }
        }
        for e in &spec.service_and_images {
            add(
                &e.service_name,
                &e.service_module,
                &e.image,
                &e.value_merge_strategy,
            );
        }
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> DeployParams {
        let env_name = b.text(j.path().at(part::ENV));
        let mut service_list = Vec::new();
        for g in b.chosen(j) {
            let GroupId::Service { service, module } = &g.id else {
                continue;
            };
            let strategy = b.text(g.key.at(STRATEGY));
            service_list.push(DeployService {
                service_name: service.clone(),
                service_module: module.clone(),
                image_name: b.text(g.key.at(part::IMAGE)),
                value_merge_strategy: (!strategy.is_empty()).then_some(strategy),
            });
        }
        DeployParams {
            env_name,
            service_list,
        }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &DeployParams) {
        p.put(j.path().at(part::ENV), params.env_name.clone());
        if params.service_list.is_empty() {
            return;
        }
        let find = |id: &GroupId| match id {
            GroupId::Service { service, module } => params
                .service_list
                .iter()
                .find(|s| &s.service_name == service && &s.service_module == module),
            _ => None,
        };
        p.pick(j, find, |p, g, s| {
            p.put(g.key.at(part::IMAGE), s.image_name.clone());
            let strategy = s.value_merge_strategy.clone().unwrap_or_default();
            p.put(g.key.at(STRATEGY), strategy);
        });
    }

    fn prefill_from_tasks(&self, p: &mut Prefill, j: &JobSection, ran: &[&JobTask]) {
        if let Some(x) = ran.first() {
            let spec: Spec = or_default(&x.spec);
            p.put(j.path().at(part::ENV), spec.env);
        }
    }

    fn sub_label(&self, job: &JobTask) -> String {
        deploy_label(job)
    }
}

/// `services → environment`.
fn deploy_label(job: &JobTask) -> String {
    let spec: Spec = or_default(&job.spec);
    let mut services: Vec<&str> = spec
        .service_and_images
        .iter()
        .map(|x| x.service_name.as_str())
        .collect();
    services.dedup();
    format!("{} → {}", services.join(", "), spec.env)
}

/// `zadig-helm-deploy`: shown like a deploy; the OpenAPI cannot run it.
pub struct HelmDeploy;

impl JobShape for HelmDeploy {
    type Params = Empty;
    const RUNNABLE: bool = false;

    fn section(&self, _def: &Definition, _sec: &mut JobSection) {}

    fn params(&self, _b: &mut Builder, _j: &JobSection) -> Empty {
        Empty {}
    }

    fn prefill(&self, _p: &mut Prefill, _j: &JobSection, _params: &Empty) {}

    fn sub_label(&self, job: &JobTask) -> String {
        deploy_label(job)
    }
}
