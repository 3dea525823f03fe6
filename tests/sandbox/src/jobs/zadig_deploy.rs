//! `zadig-deploy`: one job task per service, deploying its images to the environment.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (si, ji, job, spec, p) = (j.si, j.ji, j.job, j.spec, j.p);
    let env = j.env();
    if env.is_empty() || env.contains("<+") {
        return Err(PlanError::Plain("env_name is required".into()));
    }
    let envs = ctx.world.envs.get(ctx.project).cloned().unwrap_or_default();
    let Some(env_v) = envs.iter().find(|e| s(e, "env_key") == env) else {
        return Err(PlanError::Plain(format!(
            "failed to find env: {env} in project: {}: mongo: no documents in result",
            ctx.project
        )));
    };
    let production = get(env_v, "production").as_bool().unwrap_or(false);
    let mut groups: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut add = |svc: &str, module: &str, image: &str| {
        if let Some(g) = groups.iter_mut().find(|g| g.0 == svc) {
            g.1.push((module.to_string(), image.to_string()));
        } else {
            groups.push((
                svc.to_string(),
                vec![(module.to_string(), image.to_string())],
            ));
        }
    };
    if get(p, "service_list").is_array() {
        for e in arr(p, "service_list") {
            add(
                s(&e, "service_name"),
                s(&e, "service_module"),
                s(&e, "image_name"),
            );
        }
    } else if s(spec, "source") == "fromjob" {
        for (svc, module, image) in ctx
            .built
            .get(s(spec, "job_name"))
            .cloned()
            .unwrap_or_default()
        {
            add(&svc, &module, &image);
        }
    } else {
        for e in arr(spec, "service_and_images") {
            add(
                s(&e, "service_name"),
                s(&e, "service_module"),
                s(&e, "image"),
            );
        }
        for svc in arr(spec, "services") {
            for m in arr(&svc, "modules") {
                add(
                    s(&svc, "service_name"),
                    s(&m, "service_module"),
                    s(&m, "image"),
                );
            }
        }
    }
    for (svc, modules) in groups {
        let images: Vec<Value> = modules
            .iter()
            .map(|(m, i)| json!({"service_name": svc, "service_module": m, "image": i}))
            .collect();
        let plan = logs::deploy(&mut ctx.rng, env, &svc, &modules);
        let n = out.len();
        out.push(job_run(
                si, ji, n, job, &[&svc],
                json!({"env": env, "env_alias": "", "production": production, "service_type": "k8s",
                       "deploy_contents": get(spec, "deploy_contents"), "skip_check_run_status": false,
                       "is_import_to_deploy": false, "service_and_images": images, "yaml_content": "",
                       "user_supplied_value": "", "variable_kvs": [], "origin_revision": 0,
                       "value_merge_strategy": s(spec, "value_merge_strategy")}),
                json!({"service_name": svc, "env_name": env}),
                plan,
            ));
    }
    Ok(())
}

/// What the task's inputs changed in the definition, for the workflow as it ran.
pub fn as_run(spec: &mut Value, p: &Value) {
    if !s(p, "env_name").is_empty() {
        spec["env"] = get(p, "env_name").clone();
    }
    if !arr(p, "service_list").is_empty() {
        spec["source"] = json!("runtime");
        spec["services"] = json!([]);
        spec["service_and_images"] = json!(arr(p, "service_list")
                .iter()
                .map(|e| json!({"service_name": s(e, "service_name"), "service_module": s(e, "service_module"), "image": s(e, "image_name")}))
                .collect::<Vec<_>>());
    }
}
