//! `zadig-vm-deploy`: one job task per service, copying its file to the hosts.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (si, ji, job, p) = (j.si, j.ji, j.job, j.p);
    let env = j.env().to_string();
    for e in arr(p, "service_list") {
        let svc = s(&e, "service_name").to_string();
        let n = out.len();
        out.push(job_run(
            si,
            ji,
            n,
            job,
            &[&svc],
            json!({"env": env, "service_name": svc, "file_name": s(&e, "file_name")}),
            json!({"service_name": svc}),
            logs::simple(
                &mut ctx.rng,
                &[
                    format!("copying {} to hosts of {env}", s(&e, "file_name")),
                    "restarting service".into(),
                    "done".into(),
                ],
                3000.0,
                None,
            ),
        ));
    }
    Ok(())
}

/// The definition as it ran: unchanged by this type's inputs.
pub fn as_run(_spec: &mut Value, _p: &Value) {}
