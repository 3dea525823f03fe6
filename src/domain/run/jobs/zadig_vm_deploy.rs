//! `zadig-vm-deploy`: an environment and, for each service, the package file to deploy.

use serde::{Deserialize, Serialize};

use super::parts::{deploy_env, either, field, required, simple_group};
use super::{Definition, JobShape, Needs};
use crate::api::decode::or_default;
use crate::domain::run::path::part;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{GroupId, JobSection, Kind, Label};

const FILE: &str = "file";

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    env: String,
    production: bool,
    service_and_vm_deploys: Vec<ServiceSpec>,
    services: Vec<ServiceSpec>,
}

#[derive(Clone, Default, Deserialize)]
#[serde(default)]
struct ServiceSpec {
    service_name: String,
    file_name: String,
}

/// A VM deploy entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VmService {
    pub service_name: String,
    pub file_name: String,
}

/// zadig-vm-deploy parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VmParams {
    #[serde(default)]
    pub env_name: String,
    #[serde(default)]
    pub service_list: Vec<VmService>,
}

pub struct VmDeploy;

impl JobShape for VmDeploy {
    type Params = VmParams;

    fn needs(&self) -> Needs {
        Needs::ENVS
    }

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        deploy_env(def, sec, &spec.env, spec.production);
        for e in either(&spec.service_and_vm_deploys, &spec.services) {
            let svc = &e.service_name;
            let id = GroupId::Vm(svc.clone());
            sec.groups.push(simple_group(def.name, svc, id, |g| {
                vec![required(field(
                    g.at(FILE),
                    Label::VmFile,
                    Kind::Text,
                    &e.file_name,
                ))]
            }));
        }
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> VmParams {
        let env_name = b.text(j.path().at(part::ENV));
        let mut service_list = Vec::new();
        for g in b.chosen(j) {
            let GroupId::Vm(svc) = &g.id else {
                continue;
            };
            service_list.push(VmService {
                service_name: svc.clone(),
                file_name: b.text(g.key.at(FILE)),
            });
        }
        VmParams {
            env_name,
            service_list,
        }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &VmParams) {
        p.put(j.path().at(part::ENV), params.env_name.clone());
        let find = |id: &GroupId| match id {
            GroupId::Vm(s) => params.service_list.iter().find(|x| &x.service_name == s),
            _ => None,
        };
        p.pick(j, find, |p, g, x| {
            p.put(g.key.at(FILE), x.file_name.clone());
        });
    }
}
