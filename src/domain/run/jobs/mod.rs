//! Job types. Each module owns one shape of job: its typed definition spec, how that spec
//! reads into the run form ([`JobShape::section`]), how the form's values become its request
//! parameters ([`JobShape::params`]), how a past run's parameters come back into the form
//! ([`JobShape::prefill`]), the lists its form needs, and what its task panel says.
//!
//! A new job type is a module implementing [`JobShape`] and one line in the table below;
//! the compiler lists what the module still lacks.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::prefill::Prefill;
use super::request::Builder;
use super::JobSection;
use crate::api::types::{Environment, JobTask, Registry};

pub(super) mod parts;

pub mod approval;
pub mod custom_deploy;
pub mod freestyle;
pub mod k8s_gray_rollback;
pub mod k8s_resource_patch;
pub mod k8s_services;
pub mod no_input;
pub mod plugin;
pub mod sql;
pub mod tapd;
pub mod testing;
pub mod zadig_build;
pub mod zadig_deploy;
pub mod zadig_vm_deploy;

/// The lists a job's form chooses from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub registries: bool,
    pub envs: bool,
}

impl Needs {
    pub const REGISTRIES: Needs = Needs {
        registries: true,
        envs: false,
    };
    pub const ENVS: Needs = Needs {
        registries: false,
        envs: true,
    };
}

/// What a job's form section is read from.
pub struct Definition<'a> {
    /// The job's name in the workflow.
    pub name: &'a str,
    pub spec: &'a Value,
    /// `None` while unknown (failed to load): the field becomes free text.
    pub registries: Option<&'a [Registry]>,
    pub envs: Option<&'a [Environment]>,
}

/// One shape of job.
pub trait JobShape {
    /// What the job's input sends as `parameters`.
    type Params: Clone + std::fmt::Debug + PartialEq + Serialize + for<'de> Deserialize<'de>;

    /// Whether the OpenAPI's execute takes this type (docs/zadig-contract.md §4.6).
    const RUNNABLE: bool = true;

    /// The lists its form chooses from.
    fn needs(&self) -> Needs {
        Needs::default()
    }

    /// Fills the section's fields, groups and note from the definition.
    fn section(&self, def: &Definition, sec: &mut JobSection);

    /// The request parameters from the form's values.
    fn params(&self, b: &mut Builder, j: &JobSection) -> Self::Params;

    /// Form values from the parameters of an earlier run.
    fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &Self::Params);

    /// Form values from the tasks an earlier run made of this job, when its arguments are gone.
    fn prefill_from_tasks(&self, _p: &mut Prefill, _j: &JobSection, _ran: &[&JobTask]) {}

    /// The timeline's sub-label of one of its tasks; empty for the job's display name.
    fn sub_label(&self, _job: &JobTask) -> String {
        String::new()
    }

    /// Whether its tasks write a log.
    fn has_log(&self) -> bool {
        true
    }
}

/// Parameters of a job that takes none: `{}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Empty {}

macro_rules! job_types {
    ($($(#[$doc:meta])* $variant:ident = $wire:literal => $shape:expr, $ty:ty;)*) => {
        /// A job's `type`.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum JobType {
            $($(#[$doc])* $variant,)*
            /// A type this console does not know: shown, never run.
            Other(String),
        }

        /// The `parameters` of one job input, in its type's shape.
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum JobParams {
            $($variant(<$ty as JobShape>::Params),)*
            /// The parameters of a type this console does not know, kept as they were.
            Unknown(Value),
        }

        impl JobType {
            /// Every type the console knows.
            pub const KNOWN: &'static [JobType] = &[$(JobType::$variant),*];

            pub fn from_wire(s: &str) -> JobType {
                match s {
                    $($wire => JobType::$variant,)*
                    other => JobType::Other(other.into()),
                }
            }

            /// The name Zadig uses.
            pub fn wire(&self) -> &str {
                match self {
                    $(JobType::$variant => $wire,)*
                    JobType::Other(s) => s,
                }
            }

            /// Whether the OpenAPI's execute takes it.
            pub fn runnable(&self) -> bool {
                match self {
                    $(JobType::$variant => <$ty as JobShape>::RUNNABLE,)*
                    JobType::Other(_) => false,
                }
            }

            pub fn needs(&self) -> Needs {
                match self {
                    $(JobType::$variant => $shape.needs(),)*
                    JobType::Other(_) => Needs::default(),
                }
            }

            pub(super) fn section(&self, def: &Definition, sec: &mut JobSection) {
                match self {
                    $(JobType::$variant => $shape.section(def, sec),)*
                    JobType::Other(_) => {}
                }
            }

            pub(super) fn params(&self, b: &mut Builder, j: &JobSection) -> Option<JobParams> {
                match self {
                    $(JobType::$variant => Some(JobParams::$variant($shape.params(b, j))),)*
                    JobType::Other(_) => None,
                }
            }

            /// Reads stored parameters in this type's shape (`null` is none).
            pub fn read_params(&self, v: Value) -> Option<JobParams> {
                let v = if v.is_null() { serde_json::json!({}) } else { v };
                match self {
                    $(JobType::$variant => crate::api::decode::lenient(v).ok().map(JobParams::$variant),)*
                    JobType::Other(_) => Some(JobParams::Unknown(v)),
                }
            }

            pub(super) fn prefill(&self, p: &mut Prefill, j: &JobSection, params: &JobParams) {
                match (self, params) {
                    $((JobType::$variant, JobParams::$variant(x)) => $shape.prefill(p, j, x),)*
                    _ => {}
                }
            }

            pub(super) fn prefill_from_tasks(&self, p: &mut Prefill, j: &JobSection, ran: &[&JobTask]) {
                match self {
                    $(JobType::$variant => $shape.prefill_from_tasks(p, j, ran),)*
                    JobType::Other(_) => {}
                }
            }

            /// The timeline's sub-label of one of its tasks; empty for the display name.
            pub fn sub_label(&self, job: &JobTask) -> String {
                match self {
                    $(JobType::$variant => $shape.sub_label(job),)*
                    JobType::Other(_) => String::new(),
                }
            }

            pub fn has_log(&self) -> bool {
                match self {
                    $(JobType::$variant => $shape.has_log(),)*
                    JobType::Other(_) => true,
                }
            }
        }
    };
}

job_types! {
    Build = "zadig-build" => zadig_build::ZadigBuild, zadig_build::ZadigBuild;
    Deploy = "zadig-deploy" => zadig_deploy::ZadigDeploy, zadig_deploy::ZadigDeploy;
    /// Shown with its deploy's sub-label; the OpenAPI cannot run it.
    HelmDeploy = "zadig-helm-deploy" => zadig_deploy::HelmDeploy, zadig_deploy::HelmDeploy;
    CustomDeploy = "custom-deploy" => custom_deploy::CUSTOM_DEPLOY, custom_deploy::Targets;
    GrayRelease = "k8s-gray-release" => custom_deploy::GRAY_RELEASE, custom_deploy::Targets;
    Freestyle = "freestyle" => freestyle::Freestyle, freestyle::Freestyle;
    Test = "zadig-test" => testing::TEST, testing::Testing;
    Scanning = "zadig-scanning" => testing::SCANNING, testing::Testing;
    Sql = "sql" => sql::Sql, sql::Sql;
    Tapd = "tapd" => tapd::Tapd, tapd::Tapd;
    Approval = "approval" => approval::Approval, approval::Approval;
    Plugin = "plugin" => plugin::Plugin, plugin::Plugin;
    BlueGreenDeploy = "k8s-blue-green-deploy" => k8s_services::K8sServices, k8s_services::K8sServices;
    CanaryDeploy = "k8s-canary-deploy" => k8s_services::K8sServices, k8s_services::K8sServices;
    BlueGreenRelease = "k8s-blue-green-release" => no_input::NoInput, no_input::NoInput;
    CanaryRelease = "k8s-canary-release" => no_input::NoInput, no_input::NoInput;
    GrayRollback = "k8s-gray-rollback" => k8s_gray_rollback::GrayRollback, k8s_gray_rollback::GrayRollback;
    ResourcePatch = "k8s-resource-patch" => k8s_resource_patch::ResourcePatch, k8s_resource_patch::ResourcePatch;
    VmDeploy = "zadig-vm-deploy" => zadig_vm_deploy::VmDeploy, zadig_vm_deploy::VmDeploy;
    AiTask = "ai-task" => no_input::NoInput, no_input::NoInput;
    AiReleaseSpecialist = "ai-release-specialist" => no_input::NoInput, no_input::NoInput;
}

impl Serialize for JobType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.wire())
    }
}

impl<'de> Deserialize<'de> for JobType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(JobType::from_wire(&String::deserialize(d)?))
    }
}

impl std::fmt::Display for JobType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.wire())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for t in JobType::KNOWN {
            assert_eq!(&JobType::from_wire(t.wire()), t);
        }
        assert_eq!(
            JobType::from_wire("zadig-distribute-image"),
            JobType::Other("zadig-distribute-image".into())
        );
        assert!(!JobType::from_wire("zadig-distribute-image").runnable());
        assert!(!JobType::HelmDeploy.runnable());
        assert!(JobType::AiTask.runnable());
    }
}
