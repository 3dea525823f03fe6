//! `zadig-build`: one job task per chosen service, each pushing an image to the chosen registry.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (si, ji, job, spec, p) = (j.si, j.ji, j.job, j.spec, j.p);
    let name = j.name.to_string();
    let registry = s(p, "registry");
    let reg = ctx.world.registries.iter().find(|r| {
        !registry.is_empty() && format!("{}/{}", s(r, "address"), s(r, "namespace")) == registry
    });
    let Some(reg) = reg else {
        return Err(PlanError::Plain(
            "didn't find the specified image registry".into(),
        ));
    };
    let host = s(reg, "address")
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .to_string();
    let ns = s(reg, "namespace").to_string();
    let mut options = arr(spec, "service_and_builds_options");
    if options.is_empty() {
        options = arr(spec, "service_and_builds");
    }
    let wanted = if get(p, "service_list").is_array() {
        arr(p, "service_list")
    } else {
        arr(spec, "service_and_builds")
    };
    let mut built = Vec::new();
    for w in &wanted {
        let Some(opt) = options.iter().find(|o| {
            s(o, "service_name") == s(w, "service_name")
                && s(o, "service_module") == s(w, "service_module")
        }) else {
            continue;
        };
        let repos = checked_out(
            &apply_repos(&arr(opt, "repos"), &arr(w, "repo_info")),
            &mut ctx.rng,
        );
        let envs = apply_kv(&arr(opt, "key_vals"), &arr(w, "inputs"));
        let branch = repos
            .first()
            .map(|r| s(r, "branch").to_string())
            .unwrap_or_else(|| "main".into());
        let image_name = if s(opt, "image_name").is_empty() {
            s(opt, "service_module")
        } else {
            s(opt, "image_name")
        };
        let image = format!(
            "{host}/{ns}/{image_name}:{}-{}-{branch}",
            stamp(),
            ctx.task_id
        );
        let (svc, module) = (
            s(opt, "service_name").to_string(),
            s(opt, "service_module").to_string(),
        );
        built.push((svc.clone(), module.clone(), image.clone()));
        let fail = envs
            .iter()
            .any(|e| s(e, "key") == "FAIL" && s(e, "value") == "true");
        let plan = logs::build(&mut ctx.rng, &svc, &module, &repos, &image, fail);
        let n = out.len();
        out.push(job_run(
            si,
            ji,
            n,
            job,
            &[&svc, &module],
            json!({"repos": repos, "image": image, "package": "", "service_name": svc,
                       "service_module": module, "envs": envs}),
            json!({"job_name": name, "service_name": svc, "service_module": module}),
            plan,
        ));
    }
    ctx.built.insert(name.clone(), built);
    Ok(())
}

/// What the task's inputs changed in the definition, for the workflow as it ran.
pub fn as_run(spec: &mut Value, p: &Value) {
    let mut options = arr(spec, "service_and_builds_options");
    if options.is_empty() {
        options = arr(spec, "service_and_builds");
    }
    if get(p, "service_list").is_array() {
        let chosen: Vec<Value> = arr(p, "service_list")
            .iter()
            .filter_map(|w| {
                let o = options.iter().find(|o| {
                    s(o, "service_name") == s(w, "service_name")
                        && s(o, "service_module") == s(w, "service_module")
                })?;
                let mut o = o.clone();
                o["repos"] = json!(apply_repos(&arr(&o, "repos"), &arr(w, "repo_info")));
                o["key_vals"] = json!(apply_kv(&arr(&o, "key_vals"), &arr(w, "inputs")));
                Some(o)
            })
            .collect();
        spec["service_and_builds"] = json!(chosen);
    }
}
