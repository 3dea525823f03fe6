//! Jobs that take no input through the OpenAPI (blue-green and canary releases, AI tasks):
//! they run as defined.

use super::{Definition, Empty, JobShape};
use crate::domain::run::prefill::Prefill;
use crate::domain::run::request::Builder;
use crate::domain::run::{JobSection, Note};

pub struct NoInput;

impl JobShape for NoInput {
    type Params = Empty;

    fn section(&self, _def: &Definition, sec: &mut JobSection) {
        sec.note = Some(Note::NoInput);
    }

    fn params(&self, _b: &mut Builder, _j: &JobSection) -> Empty {
        Empty {}
    }

    fn prefill(&self, _p: &mut Prefill, _j: &JobSection, _params: &Empty) {}
}
