//! `custom-deploy` and `k8s-gray-release`: workload containers and the image each gets.

use serde::{Deserialize, Serialize};

use super::parts::{first, image_field, simple_group};
use super::{Definition, JobShape};
use crate::api::decode::or_default;
use crate::api::types::JobTask;
use crate::domain::run::path::part;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{GroupId, JobSection};

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    targets: Vec<TargetSpec>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct TargetSpec {
    /// `kind/workload/container`, as custom deploys write it.
    target: String,
    workload_type: String,
    workload_name: String,
    container_name: String,
    image: String,
    image_name: String,
}

/// A workload container to update.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkloadTarget {
    pub workload_type: String,
    pub workload_name: String,
    pub container_name: String,
    pub image_name: String,
}

/// custom-deploy and k8s-gray-release parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetsParams {
    pub target_list: Vec<WorkloadTarget>,
}

pub struct Targets {
    /// Whether an earlier run's target is matched by workload alone (gray releases), or by
    /// kind, workload and container.
    by_workload: bool,
}

pub const CUSTOM_DEPLOY: Targets = Targets { by_workload: false };
pub const GRAY_RELEASE: Targets = Targets { by_workload: true };

impl JobShape for Targets {
    type Params = TargetsParams;

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        for t in &spec.targets {
            let (kind, workload, container) = if t.target.is_empty() {
                (
                    t.workload_type.clone(),
                    t.workload_name.clone(),
                    t.container_name.clone(),
                )
            } else {
                let mut it = t.target.splitn(3, '/').map(String::from);
                (
                    it.next().unwrap_or_default(),
                    it.next().unwrap_or_default(),
                    it.next().unwrap_or_default(),
                )
            };
            let gid = format!("{kind}/{workload}/{container}");
            let id = GroupId::Target {
                kind,
                workload,
                container,
            };
            let image = first(&t.image, &t.image_name);
            sec.groups.push(simple_group(def.name, &gid, id, |g| {
                vec![image_field(g, image)]
            }));
        }
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> TargetsParams {
        let mut target_list = Vec::new();
        for g in b.chosen(j) {
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
                image_name: b.text(g.key.at(part::IMAGE)),
            });
        }
        TargetsParams { target_list }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &TargetsParams) {
        let find = |id: &GroupId| match id {
            GroupId::Target {
                kind,
                workload,
                container,
            } => params.target_list.iter().find(|x| {
                &x.workload_name == workload
                    && (self.by_workload
                        || (&x.workload_type == kind && &x.container_name == container))
            }),
            _ => None,
        };
        p.pick(j, find, |p, g, x| {
            p.put(g.key.at(part::IMAGE), x.image_name.clone());
        });
    }

    fn sub_label(&self, job: &JobTask) -> String {
        if self.by_workload {
            return String::new();
        }
        let spec: TargetSpec = or_default(&job.spec);
        spec.target
    }
}
