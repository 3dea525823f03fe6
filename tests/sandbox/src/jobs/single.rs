//! Blue-green, canary and gray releases, rollbacks, resource patches and the AI jobs: one job
//! task with its inputs.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (spec, p, jtype) = (j.spec, j.p, j.jtype);
    // k8s blue-green/canary/gray/patch and the AI jobs: one job task with its inputs.
    let mut sp = spec.clone();
    for k in ["service_list", "target_list"] {
        if get(p, k).is_array() {
            sp[k] = get(p, k).clone();
        }
    }
    out.push(j.task(
        sp,
        json!({}),
        logs::simple(
            &mut ctx.rng,
            &[format!("{jtype}: starting"), format!("{jtype}: done")],
            3000.0,
            None,
        ),
    ));
    Ok(())
}

/// The definition as it ran: unchanged by this type's inputs.
pub fn as_run(_spec: &mut Value, _p: &Value) {}
