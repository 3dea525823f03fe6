//! `custom-deploy`: one job task updating the workload containers.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (si, ji, job, spec, p) = (j.si, j.ji, j.job, j.spec, j.p);
    let targets: Vec<(String, String)> = if get(p, "target_list").is_array() {
        arr(p, "target_list")
            .iter()
            .map(|t| {
                (
                    format!(
                        "{}/{}/{}",
                        s(t, "workload_type"),
                        s(t, "workload_name"),
                        s(t, "container_name")
                    ),
                    s(t, "image_name").to_string(),
                )
            })
            .collect()
    } else {
        arr(spec, "targets")
            .iter()
            .map(|t| (s(t, "target").to_string(), s(t, "image").to_string()))
            .collect()
    };
    for (target, image) in targets {
        let parts: Vec<&str> = target.split('/').collect();
        let workload = parts.get(1).copied().unwrap_or_default().to_string();
        let container = parts.get(2).copied().unwrap_or_default().to_string();
        let n = out.len();
        out.push(job_run(
            si,
            ji,
            n,
            job,
            &[&workload, &container],
            json!({"image": image, "target": target, "cluster_name": "local-cluster",
                       "namespace": s(spec, "namespace"), "skip_check_run_status": false}),
            json!({"workload_name": workload, "container_name": container}),
            logs::simple(
                &mut ctx.rng,
                &[
                    format!("updating {target} to {image}"),
                    "rollout complete".into(),
                ],
                4000.0,
                None,
            ),
        ));
    }
    Ok(())
}

/// What the task's inputs changed in the definition, for the workflow as it ran.
pub fn as_run(spec: &mut Value, p: &Value) {
    if !get(p, "target_list").is_array() {
        return;
    }
    spec["targets"] = json!(arr(p, "target_list")
            .iter()
            .map(|t| json!({"target": format!("{}/{}/{}", s(t, "workload_type"), s(t, "workload_name"), s(t, "container_name")), "image": s(t, "image_name")}))
            .collect::<Vec<_>>());
}
