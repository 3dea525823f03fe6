//! `freestyle`: one job task running the script, or one per service.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (si, ji, job, spec, p) = (j.si, j.ji, j.job, j.spec, j.p);
    let name = j.name.to_string();
    if s(spec, "freestyle_type") == "service_freestyle" {
        let wanted = if get(p, "services").is_array() {
            arr(p, "services")
        } else {
            arr(spec, "services")
        };
        for w in wanted {
            let base = arr(spec, "services")
                .into_iter()
                .find(|b| {
                    s(b, "service_name") == s(&w, "service_name")
                        && s(b, "service_module") == s(&w, "service_module")
                })
                .unwrap_or_else(|| w.clone());
            let envs = apply_kv(&arr(&base, "key_vals"), &arr(&w, "inputs"));
            let repos = checked_out(
                &apply_repos(&arr(&base, "repos"), &arr(&w, "repo_info")),
                &mut ctx.rng,
            );
            let (svc, module) = (
                s(&w, "service_name").to_string(),
                s(&w, "service_module").to_string(),
            );
            let plan = logs::freestyle(&mut ctx.rng, s(spec, "script"), &envs, &repos);
            let n = out.len();
            out.push(job_run(
                    si, ji, n, job, &[&svc, &module],
                    json!({"repos": repos, "image": "", "package": "", "service_name": svc, "service_module": module, "envs": envs}),
                    json!({"job_name": name, "service_name": svc, "service_module": module}),
                    plan,
                ));
        }
    } else {
        let envs = apply_kv(&arr(spec, "envs"), &arr(p, "kv"));
        let repos = if get(p, "repo_info").is_array() {
            arr(p, "repo_info")
                .iter()
                .filter(|r| r.is_object())
                .map(|r| {
                    let mut r = r.clone();
                    if s(&r, "remote_name").is_empty() {
                        r["remote_name"] = json!("origin");
                    }
                    r
                })
                .collect()
        } else {
            arr(spec, "repos")
        };
        let repos = checked_out(&repos, &mut ctx.rng);
        let plan = logs::freestyle(&mut ctx.rng, s(spec, "script"), &envs, &repos);
        out.push(j.task(json!({"repos": repos, "image": "", "package": "", "service_name": "", "service_module": "", "envs": envs}),
                json!({"job_name": name}),
                plan,
            ));
    }
    Ok(())
}

/// What the task's inputs changed in the definition, for the workflow as it ran.
pub fn as_run(spec: &mut Value, p: &Value) {
    if get(p, "kv").is_array() {
        spec["envs"] = json!(apply_kv(&arr(spec, "envs"), &arr(p, "kv")));
    }
    if get(p, "repo_info").is_array() {
        spec["repos"] = json!(apply_repos(&arr(spec, "repos"), &arr(p, "repo_info")));
    }
}
