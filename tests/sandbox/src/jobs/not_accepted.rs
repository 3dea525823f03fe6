//! Job types a task can hold but the OpenAPI execute refuses in its inputs.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(_ctx: &mut Ctx, j: &Job, _out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    Err(PlanError::Plain(format!(
        "undefined job type of type:{}",
        j.jtype
    )))
}

/// The definition as it ran: unchanged by this type's inputs.
pub fn as_run(_spec: &mut Value, _p: &Value) {}
