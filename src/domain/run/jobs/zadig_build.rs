//! `zadig-build`: a registry to push to and the services to build, each with its
//! repositories and build variables.

use serde::{Deserialize, Serialize};

use super::parts::{field, required, service_groups, ServiceSpec};
use super::{Definition, JobShape, Needs};
use crate::api::decode::or_default;
use crate::api::requests::ServiceInput;
use crate::api::types::{JobTask, Registry};
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{Choice, JobSection, Kind, Label};

const REGISTRY: &str = "registry";

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    docker_registry_id: String,
    service_and_builds: Vec<ServiceSpec>,
    service_and_builds_options: Vec<ServiceSpec>,
}

/// zadig-build parameters: `registry` must equal a registry's `address/namespace`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BuildParams {
    pub registry: String,
    pub service_list: Vec<ServiceInput>,
}

pub struct ZadigBuild;

impl JobShape for ZadigBuild {
    type Params = BuildParams;

    fn needs(&self) -> Needs {
        Needs::REGISTRIES
    }

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        let key = sec.path().at(REGISTRY);
        sec.fields.push(match def.registries {
            Some(list) => {
                let id = &spec.docker_registry_id;
                let default = list
                    .iter()
                    .find(|r| !id.is_empty() && &r.registry_id == id)
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
            def.name,
            &spec.service_and_builds,
            &spec.service_and_builds_options,
        );
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> BuildParams {
        BuildParams {
            registry: b.text(j.path().at(REGISTRY)),
            service_list: b.services(j),
        }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &BuildParams) {
        p.put(j.path().at(REGISTRY), params.registry.clone());
        p.put_services(j, &params.service_list);
    }

    fn prefill_from_tasks(&self, p: &mut Prefill, j: &JobSection, ran: &[&JobTask]) {
        p.services_from_tasks(j, ran);
    }

    fn sub_label(&self, job: &JobTask) -> String {
        super::parts::service_label(job)
    }
}
