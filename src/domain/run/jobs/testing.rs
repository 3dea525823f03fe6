//! `zadig-test` and `zadig-scanning`: per service (each with repositories and variables), or
//! every configured module of the product, whose inputs a run may change.

use serde::{Deserialize, Serialize};

use super::parts::{module_group, service_groups, ModuleSpec, ServiceSpec};
use super::{Definition, JobShape};
use crate::api::decode::or_default;
use crate::api::requests::{ModuleInput, ServiceInput};
use crate::api::types::JobTask;
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{GroupId, JobSection, Mode, Note};

#[derive(Default, Deserialize)]
#[serde(default)]
struct Spec {
    test_type: String,
    scanning_type: String,
    source: String,
    job_name: String,
    service_and_tests: Vec<ServiceSpec>,
    service_test_options: Vec<ServiceSpec>,
    service_and_scannings: Vec<ServiceSpec>,
    service_scanning_options: Vec<ServiceSpec>,
    test_modules: Vec<ModuleSpec>,
    scannings: Vec<ModuleSpec>,
}

/// A task's test or scan, for its sub-label.
#[derive(Default, Deserialize)]
#[serde(default)]
struct TaskSpec {
    test_name: String,
    scanning_name: String,
}

/// zadig-test and zadig-scanning parameters: per service (`service_list`), or per module
/// (`testing_list` for tests, `scanning_list` for scans).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TestingParams {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_list: Vec<ServiceInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub testing_list: Vec<ModuleInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scanning_list: Vec<ModuleInput>,
}

pub struct Testing {
    /// Tests, or else scans.
    test: bool,
}

pub const TEST: Testing = Testing { test: true };
pub const SCANNING: Testing = Testing { test: false };

impl Testing {
    fn modules<'p>(&self, p: &'p TestingParams) -> &'p [ModuleInput] {
        if self.test {
            &p.testing_list
        } else {
            &p.scanning_list
        }
    }
}

impl JobShape for Testing {
    type Params = TestingParams;

    fn section(&self, def: &Definition, sec: &mut JobSection) {
        let spec: Spec = or_default(def.spec);
        let (per_service, selected, options, modules) = if self.test {
            (
                spec.test_type == "service_test",
                &spec.service_and_tests,
                &spec.service_test_options,
                &spec.test_modules,
            )
        } else {
            (
                spec.scanning_type == "service_scanning",
                &spec.service_and_scannings,
                &spec.service_scanning_options,
                &spec.scannings,
            )
        };
        if per_service {
            sec.mode = Mode::PerService;
            if spec.source == "fromjob" {
                sec.note = Some(Note::FromJob(spec.job_name.clone()));
            }
            sec.groups = service_groups(def.name, selected, options);
        } else {
            sec.groups = modules.iter().map(|m| module_group(def.name, m)).collect();
            sec.note = Some(Note::AllModulesRun);
        }
    }

    fn params(&self, b: &mut Builder, j: &JobSection) -> TestingParams {
        if j.mode == Mode::PerService {
            return TestingParams {
                service_list: b.services(j),
                ..Default::default()
            };
        }
        let mut modules = Vec::new();
        for g in &j.groups {
            let GroupId::Module(name) = &g.id else {
                continue;
            };
            let (testing_name, scanning_name) = if self.test {
                (name.clone(), String::new())
            } else {
                (String::new(), name.clone())
            };
            modules.push(ModuleInput {
                testing_name,
                scanning_name,
                repo_info: b.repos(&g.repos),
                inputs: b.kvs(&g.kvs),
            });
        }
        if self.test {
            TestingParams {
                testing_list: modules,
                ..Default::default()
            }
        } else {
            TestingParams {
                scanning_list: modules,
                ..Default::default()
            }
        }
    }

    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &TestingParams) {
        if j.mode == Mode::PerService {
            p.put_services(j, &params.service_list);
            return;
        }
        let list = self.modules(params);
        for g in &j.groups {
            let GroupId::Module(name) = &g.id else {
                continue;
            };
            let found = list.iter().find(|m| {
                !name.is_empty() && (&m.testing_name == name || &m.scanning_name == name)
            });
            if let Some(m) = found {
                p.put_repos(&g.repos, &m.repo_info);
                p.put_kvs(&g.kvs, &m.inputs);
            }
        }
    }

    fn prefill_from_tasks(&self, p: &mut Prefill, j: &JobSection, ran: &[&JobTask]) {
        p.services_from_tasks(j, ran);
    }

    fn sub_label(&self, job: &JobTask) -> String {
        let spec: TaskSpec = or_default(&job.spec);
        let (name, info) = if self.test {
            (spec.test_name, "testing_name")
        } else {
            (spec.scanning_name, "scanning_name")
        };
        if name.is_empty() {
            job.info(info).to_string()
        } else {
            name
        }
    }
}
