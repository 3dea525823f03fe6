//! `freestyle`: a script with repositories and variables, run once or once per service.

use serde::{Deserialize, Serialize};

use super::parts::{either, kv_fields, repo_fields, service_groups, KvSpec, ServiceSpec};
use super::{Definition, JobShape};
use crate::api::decode::or_default;
use crate::api::requests::{Kv, RepoInput, ServiceInput};
use crate::api::types::JobTask;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{JobSection, Mode, Note};

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    /// `service_freestyle` runs once per service.
    freestyle_type: String,
    source: String,
    job_name: String,
    services: Vec<ServiceSpec>,
    default_services: Vec<ServiceSpec>,
    repos: Vec<crate::api::types::Repository>,
    envs: Vec<KvSpec>,
}

/// freestyle parameters: plain `kv` + `repo_info`, or per-service `services`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FreestyleParams {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kv: Vec<Kv>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repo_info: Vec<RepoInput>,
}

pub struct Freestyle;

impl JobShape for Freestyle {
    type Params = FreestyleParams;

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        if spec.freestyle_type == "service_freestyle" {
            sec.mode = Mode::PerService;
            if spec.source == "fromjob" {
                sec.note = Some(Note::FromJob(spec.job_name.clone()));
            }
            let services = either(&spec.services, &spec.default_services);
            sec.groups = service_groups(def.name, &services, &[]);
        } else {
            let key = sec.path();
            let (mut fields, repos) = repo_fields(&key, &spec.repos);
            let (kf, kvs) = kv_fields(&key, &spec.envs);
            fields.extend(kf);
            sec.fields = fields;
            sec.repos = repos;
            sec.kvs = kvs;
        }
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> FreestyleParams {
        if j.mode == Mode::PerService {
            FreestyleParams {
                services: b.services(j),
                ..Default::default()
            }
        } else {
            FreestyleParams {
                services: vec![],
                kv: b.kvs(&j.kvs),
                repo_info: b.repos(&j.repos),
            }
        }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &FreestyleParams) {
        if j.mode == Mode::PerService {
            p.put_services(j, &params.services);
        } else {
            p.put_kvs(&j.kvs, &params.kv);
            p.put_repos(&j.repos, &params.repo_info);
        }
    }

    fn prefill_from_tasks(&self, p: &mut Prefill, j: &JobSection, ran: &[&JobTask]) {
        p.services_from_tasks(j, ran);
    }

    fn sub_label(&self, job: &JobTask) -> String {
        super::parts::service_label(job)
    }
}
