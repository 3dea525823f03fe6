//! `sql`: the statements to run, and the database when it is chosen at run time.

use serde::{Deserialize, Serialize};

use super::parts::{field, required};
use super::{Definition, JobShape};
use crate::api::decode::or_default;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{JobSection, Kind, Label};

const DATABASE: &str = "database";
const SQL: &str = "sql";

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    /// `runtime` lets the run choose the database.
    source: String,
    database_name: String,
    sql: String,
}

/// sql parameters (v3.4+): `database_name` only counts when the job's source is runtime.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SqlParams {
    #[serde(default)]
    pub database_name: String,
    #[serde(default)]
    pub sql: String,
}

pub struct Sql;

impl JobShape for Sql {
    type Params = SqlParams;

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        let key = sec.path();
        if spec.source == "runtime" {
            sec.fields.push(field(
                key.at(DATABASE),
                Label::Database,
                Kind::Text,
                &spec.database_name,
            ));
        }
        sec.fields.push(required(field(
            key.at(SQL),
            Label::Sql,
            Kind::Multiline,
            &spec.sql,
        )));
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> SqlParams {
        SqlParams {
            database_name: b.text(j.path().at(DATABASE)),
            sql: b.text(j.path().at(SQL)),
        }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &SqlParams) {
        p.put(j.path().at(DATABASE), params.database_name.clone());
        p.put(j.path().at(SQL), params.sql.clone());
    }
}
