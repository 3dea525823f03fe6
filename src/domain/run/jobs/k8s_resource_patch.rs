//! `k8s-resource-patch`: Kubernetes resources to patch, each with its patch's parameters.

use serde::{Deserialize, Serialize};

use super::parts::{either, kv_fields, simple_group, KvSpec};
use super::{Definition, JobShape};
use crate::api::decode::or_default;
use crate::api::requests::Kv;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{GroupId, JobSection};

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    patch_items: Vec<ItemSpec>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ItemSpec {
    resource_name: String,
    resource_kind: String,
    resource_group: String,
    resource_version: String,
    params: Vec<KvSpec>,
    inputs: Vec<KvSpec>,
}

/// A resource to patch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PatchTarget {
    pub resource_name: String,
    pub resource_kind: String,
    pub resource_group: String,
    pub resource_version: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Kv>,
}

/// k8s-resource-patch parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PatchParams {
    pub target_list: Vec<PatchTarget>,
}

pub struct ResourcePatch;

impl JobShape for ResourcePatch {
    type Params = PatchParams;

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        for t in &spec.patch_items {
            let gid = format!("{}/{}", t.resource_kind, t.resource_name);
            let id = GroupId::Patch {
                name: t.resource_name.clone(),
                kind: t.resource_kind.clone(),
                group: t.resource_group.clone(),
                version: t.resource_version.clone(),
            };
            let mut kvs = vec![];
            let mut g = simple_group(def.name, &gid, id, |g| {
                let (fields, refs) = kv_fields(g, &either(&t.params, &t.inputs));
                kvs = refs;
                fields
            });
            g.kvs = kvs;
            sec.groups.push(g);
        }
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> PatchParams {
        let mut target_list = Vec::new();
        for g in b.chosen(j) {
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
                inputs: b.kvs(&g.kvs),
            });
        }
        PatchParams { target_list }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &PatchParams) {
        let find = |id: &GroupId| match id {
            GroupId::Patch { name, kind, .. } => params
                .target_list
                .iter()
                .find(|t| &t.resource_name == name && &t.resource_kind == kind),
            _ => None,
        };
        p.pick(j, find, |p, g, t| p.put_kvs(&g.kvs, &t.inputs));
    }
}
