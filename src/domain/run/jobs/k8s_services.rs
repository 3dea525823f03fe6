//! `k8s-blue-green-deploy` and `k8s-canary-deploy`: Kubernetes services and the image each
//! gets.

use serde::{Deserialize, Serialize};

use super::parts::{either, first, image_field, simple_group};
use super::{Definition, JobShape};
use crate::api::decode::or_default;
use crate::domain::run::path::part;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{GroupId, JobSection};

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    targets: Vec<TargetSpec>,
    services: Vec<TargetSpec>,
}

#[derive(Clone, Default, Deserialize)]
#[serde(default)]
struct TargetSpec {
    k8s_service_name: String,
    service_name: String,
    image: String,
    image_name: String,
}

/// A Kubernetes service and its new image.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct K8sServiceImage {
    pub service_name: String,
    pub image_name: String,
}

/// k8s-blue-green-deploy and k8s-canary-deploy parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct K8sServicesParams {
    pub service_list: Vec<K8sServiceImage>,
}

pub struct K8sServices;

impl JobShape for K8sServices {
    type Params = K8sServicesParams;

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        for t in either(&spec.targets, &spec.services) {
            let svc = first(&t.k8s_service_name, &t.service_name);
            let image = first(&t.image, &t.image_name);
            let id = GroupId::K8sService(svc.into());
            sec.groups.push(simple_group(def.name, svc, id, |g| {
                vec![image_field(g, image)]
            }));
        }
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> K8sServicesParams {
        let mut service_list = Vec::new();
        for g in b.chosen(j) {
            let GroupId::K8sService(svc) = &g.id else {
                continue;
            };
            service_list.push(K8sServiceImage {
                service_name: svc.clone(),
                image_name: b.text(g.key.at(part::IMAGE)),
            });
        }
        K8sServicesParams { service_list }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &K8sServicesParams) {
        let find = |id: &GroupId| match id {
            GroupId::K8sService(s) => params.service_list.iter().find(|x| &x.service_name == s),
            _ => None,
        };
        p.pick(j, find, |p, g, x| {
            p.put(g.key.at(part::IMAGE), x.image_name.clone());
        });
    }
}
