//! Environments: what runs in each (per service, its containers and their images), as Zadig's
//! `GET /openapi/environments/:name` tells it, kept up to date by the deploy jobs that pass.

use serde_json::{json, Value};

use crate::model::{Task, World};

/// One deployment a job makes: environment, service, module (container) and image.
pub type Deploy = (String, String, String, String);

/// What a job deploys, when it deploys: its spec's `env` and either `service_and_images` or its
/// own `service_name`/`service_module`/`image`.
fn deploys_of(spec: &Value) -> Vec<Deploy> {
    let env = spec["env"].as_str().unwrap_or_default();
    if env.is_empty() {
        return Vec::new();
    }
    let one = |v: &Value| {
        (
            env.to_string(),
            v["service_name"].as_str().unwrap_or_default().to_string(),
            v["service_module"].as_str().unwrap_or_default().to_string(),
            v["image"].as_str().unwrap_or_default().to_string(),
        )
    };
    let mut out: Vec<Deploy> = spec["service_and_images"]
        .as_array()
        .into_iter()
        .flatten()
        .map(one)
        .collect();
    if out.is_empty() && spec["image"].as_str().is_some_and(|i| !i.is_empty()) {
        out.push(one(spec));
    }
    out.retain(|d| !d.1.is_empty() && !d.3.is_empty());
    out
}

/// Which jobs of a task have passed, in order (compared before and after a step).
pub fn passed(t: &Task) -> Vec<bool> {
    t.stages
        .iter()
        .flat_map(|s| s.jobs.iter())
        .map(|j| j.status == "passed")
        .collect()
}

/// The deployments of the jobs that passed since `before` was taken.
pub fn newly_deployed(t: &Task, before: &[bool]) -> Vec<Deploy> {
    t.stages
        .iter()
        .flat_map(|s| s.jobs.iter())
        .enumerate()
        .filter(|(i, j)| j.status == "passed" && !before.get(*i).copied().unwrap_or(false))
        .flat_map(|(_, j)| deploys_of(&j.spec))
        .collect()
}

/// Records deployments in the project's environments.
pub fn apply(w: &mut World, project: &str, deploys: Vec<Deploy>) {
    let Some(envs) = w.envs.get_mut(project) else {
        return;
    };
    for (env, service, module, image) in deploys {
        let Some(e) = envs.iter_mut().find(|e| e["env_name"] == env) else {
            continue;
        };
        set_image(e, &service, &module, &image);
    }
}

/// Sets what runs in one container of an environment.
pub fn set_image(env: &mut Value, service: &str, module: &str, image: &str) {
    if !env["services"].is_array() {
        env["services"] = json!([]);
    }
    let services = env["services"].as_array_mut().expect("an array");
    let s = match services.iter().position(|s| s["service_name"] == service) {
        Some(i) => &mut services[i],
        None => {
            services.push(json!({"service_name": service, "type": "k8s", "status": "running", "containers": []}));
            services.last_mut().expect("pushed")
        }
    };
    let containers = s["containers"].as_array_mut().expect("an array");
    match containers.iter_mut().find(|c| c["name"] == module) {
        Some(c) => c["image"] = json!(image),
        None => containers.push(json!({"name": module, "image": image})),
    }
}

/// The list entry of an environment (the list does not carry services).
pub fn brief(env: &Value) -> Value {
    let mut e = env.clone();
    if let Some(o) = e.as_object_mut() {
        o.remove("services");
    }
    e
}

/// An environment's detail, as `OpenAPIEnvDetail`: `None` when the project has no such
/// environment of that kind (production or not).
pub fn detail(w: &World, project: &str, name: &str, production: bool) -> Option<Value> {
    let e = w.envs.get(project)?.iter().find(|e| {
        e["env_name"] == name && e["production"].as_bool().unwrap_or(false) == production
    })?;
    Some(json!({
        "env_name": name, "project_name": project, "cluster_id": e["cluster_id"],
        "namespace": e["namespace"], "registry_id": "reg-1", "alias": e["alias"],
        "status": "running", "update_by": e["update_by"], "update_time": e["update_time"],
        "services": e.get("services").cloned().unwrap_or_else(|| json!([])),
        "global_variables": [],
    }))
}
