//! `k8s-gray-rollback`: the workloads to roll back.

use serde::{Deserialize, Serialize};

use super::parts::simple_group;
use super::{Definition, JobShape};
use crate::api::decode::or_default;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{GroupId, JobSection};

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    targets: Vec<RollbackTarget>,
}

/// A workload to roll back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RollbackTarget {
    pub workload_name: String,
}

/// k8s-gray-rollback parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RollbackParams {
    pub target_list: Vec<RollbackTarget>,
}

pub struct GrayRollback;

impl JobShape for GrayRollback {
    type Params = RollbackParams;

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        for t in &spec.targets {
            let w = &t.workload_name;
            let id = GroupId::Workload(w.clone());
            sec.groups.push(simple_group(def.name, w, id, |_| vec![]));
        }
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> RollbackParams {
        let target_list = b
            .chosen(j)
            .into_iter()
            .filter_map(|g| match &g.id {
                GroupId::Workload(w) => Some(RollbackTarget {
                    workload_name: w.clone(),
                }),
                _ => None,
            })
            .collect();
        RollbackParams { target_list }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &RollbackParams) {
        let list = &params.target_list;
        p.pick_groups(
            j,
            |id| matches!(id, GroupId::Workload(w) if list.iter().any(|t| &t.workload_name == w)),
        );
    }
}
