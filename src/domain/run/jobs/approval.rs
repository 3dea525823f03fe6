//! `approval`: no input; approvers decide once the task reaches the job. Its tasks write no
//! log.

use super::{Definition, Empty, JobShape, JobType};
use crate::api::types::{self, JobTask};
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{JobSection, Note};

pub struct Approval;

impl JobShape for Approval {
    type Params = Empty;

    fn section(&self, _def: &Definition, sec: &mut JobSection) {
        sec.note = Some(Note::Approval);
    }

    fn params(&self, _b: &mut Builder, _j: &JobSection) -> Empty {
        Empty {}
    }

    fn prefill(&self, _p: &mut Prefill, _j: &JobSection, _params: &Empty) {}

    fn has_log(&self) -> bool {
        false
    }
}

/// The approval state of a task's approval job, decoded from its spec; `None` for other jobs.
pub fn of_task(job: &JobTask) -> Option<types::Approval> {
    if JobType::from_wire(&job.kind) != JobType::Approval {
        return None;
    }
    serde_json::from_value(job.spec.clone()).ok()
}
