//! `tapd`: a TAPD project, the status to move its iterations to, and which iterations.

use serde::{Deserialize, Serialize};

use super::parts::{field, required};
use super::{Definition, JobShape};
use crate::api::decode::or_default;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{Choice, JobSection, Kind, Label};

const PROJECT_ID: &str = "project_id";
const STATUS: &str = "status";
const ITERATIONS: &str = "iterations";

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    project_id: String,
    status: String,
    iterations: Vec<TapdIteration>,
}

/// A TAPD iteration as the doc's older example spells it (the server wants `iteration_ids`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TapdIteration {
    pub iteration_id: String,
    pub iteration_name: String,
    pub start_date: String,
    pub end_date: String,
}

/// tapd parameters (v4.0+): `project_name` is ignored by the server; `iterations` is the
/// doc's older spelling, which the server does not read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TapdParams {
    #[serde(default)]
    pub project_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub project_name: String,
    #[serde(default)]
    pub status: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iteration_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iterations: Vec<TapdIteration>,
}

pub struct Tapd;

impl JobShape for Tapd {
    type Params = TapdParams;

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        let ids: Vec<&str> = spec
            .iterations
            .iter()
            .map(|i| i.iteration_id.as_str())
            .filter(|i| !i.is_empty())
            .collect();
        let status = if spec.status.is_empty() {
            "open"
        } else {
            &spec.status
        };
        let key = sec.path();
        sec.fields = vec![
            required(field(
                key.at(PROJECT_ID),
                Label::TapdProject,
                Kind::Text,
                &spec.project_id,
            )),
            required(field(
                key.at(STATUS),
                Label::TapdStatus,
                Kind::Select(vec![Choice::plain("open"), Choice::plain("done")]),
                status,
            )),
            field(
                key.at(ITERATIONS),
                Label::TapdIterations,
                Kind::List,
                &ids.join(", "),
            ),
        ];
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> TapdParams {
        let key = j.path();
        TapdParams {
            project_id: b.text(key.at(PROJECT_ID)),
            project_name: String::new(),
            status: b.text(key.at(STATUS)),
            iteration_ids: b.list(key.at(ITERATIONS)),
            iterations: vec![],
        }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &TapdParams) {
        let key = j.path();
        p.put(key.at(PROJECT_ID), params.project_id.clone());
        p.put(key.at(STATUS), params.status.clone());
        let ids: Vec<String> = if params.iteration_ids.is_empty() {
            let ids = params.iterations.iter().map(|i| i.iteration_id.clone());
            ids.collect()
        } else {
            params.iteration_ids.clone()
        };
        p.put(key.at(ITERATIONS), ids.join(", "));
    }
}
