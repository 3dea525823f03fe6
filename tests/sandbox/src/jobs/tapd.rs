//! `tapd`: one job task moving the iterations to the status.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (spec, p) = (j.spec, j.p);
    let mut sp = spec.clone();
    if !s(p, "project_id").is_empty() {
        sp["project_id"] = json!(s(p, "project_id"));
    }
    if !s(p, "status").is_empty() {
        sp["status"] = json!(s(p, "status"));
    }
    if get(p, "iteration_ids").is_array() {
        let its: Vec<Value> = arr(p, "iteration_ids")
                .iter()
                .map(|id| json!({"iteration_id": id, "iteration_name": format!("Iteration {}", id.as_str().unwrap_or("")),
                                 "start_date": "2026-11-01", "end_date": "2026-11-30"}))
                .collect();
        sp["iterations"] = json!(its);
    }
    let line = format!(
        "setting {} iteration(s) of TAPD project {} to {}",
        arr(&sp, "iterations").len(),
        s(&sp, "project_id"),
        s(&sp, "status")
    );
    out.push(j.task(
        sp,
        json!({}),
        logs::simple(&mut ctx.rng, &[line, "done".into()], 2000.0, None),
    ));
    Ok(())
}

/// The definition as it ran: unchanged by this type's inputs.
pub fn as_run(_spec: &mut Value, _p: &Value) {}
