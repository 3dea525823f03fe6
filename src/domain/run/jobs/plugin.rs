//! `plugin`: the plugin's inputs.

use serde::{Deserialize, Serialize};

use super::parts::{kv_fields, KvSpec};
use super::{Definition, JobShape};
use crate::api::decode::or_default;
use crate::api::requests::Kv;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::JobSection;

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    plugin: PluginSpec,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct PluginSpec {
    inputs: Vec<KvSpec>,
}

/// plugin parameters: keys match the plugin's input names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PluginParams {
    #[serde(default)]
    pub kv: Vec<Kv>,
}

pub struct Plugin;

impl JobShape for Plugin {
    type Params = PluginParams;

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        let (fields, kvs) = kv_fields(&sec.path(), &spec.plugin.inputs);
        sec.fields = fields;
        sec.kvs = kvs;
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> PluginParams {
        PluginParams { kv: b.kvs(&j.kvs) }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &PluginParams) {
        p.put_kvs(&j.kvs, &params.kv);
    }
}
