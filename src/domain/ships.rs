//! What an approval lets through: the deployments the jobs after it will make (environment,
//! services and images, production marked), beside what runs in those environments now when
//! Zadig says (`GET /openapi/environments/:name`: each service's containers and their images).

use serde_json::Value;

use crate::api::types::{JobTask, TaskDetail};
use crate::domain::text_at;

/// One service's image going to an environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ship {
    /// The job that deploys it (its name to show).
    pub job: String,
    pub service: String,
    /// The service module (the container, in Zadig's terms); may be empty.
    pub module: String,
    pub image: String,
}

/// Everything going to one environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    pub env: String,
    pub production: bool,
    pub ships: Vec<Ship>,
}

/// The jobs that run after the approval `key` (an approval job's task name, or on older
/// servers a stage name): the later jobs of its stage and every job of the stages after it.
pub fn after<'a>(task: &'a TaskDetail, key: &str) -> Vec<&'a JobTask> {
    let mut out = Vec::new();
    let mut seen = false;
    for s in &task.stages {
        if !seen && s.name == key && s.approval.is_some() {
            // A stage approval comes before the stage's own jobs.
            seen = true;
        }
        for j in &s.jobs {
            if seen {
                out.push(j);
            } else if j.name.as_str() == key {
                seen = true;
            }
        }
    }
    out
}

/// The deployments of `jobs`, grouped by environment in the order they come; a job that
/// deploys nothing (a build, a test, a notification) is left out.
pub fn destinations(jobs: &[&JobTask]) -> Vec<Destination> {
    let mut out: Vec<Destination> = Vec::new();
    for j in jobs {
        let sp = &j.spec;
        let env = text_at(sp, "env").trim();
        if env.is_empty() {
            continue;
        }
        let production = sp
            .get("production")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let label = j.label().to_string();
        let mut ships: Vec<Ship> = sp
            .get("service_and_images")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|si| ship(&label, si))
            .collect();
        // A task per service (Zadig's deploy job task): its own service and image.
        if ships.is_empty() && !text_at(sp, "image").is_empty() {
            ships.push(ship(&label, sp));
        }
        ships.retain(|s| !s.image.is_empty() || !s.service.is_empty());
        if ships.is_empty() {
            continue;
        }
        match out.iter_mut().find(|d| d.env == env) {
            Some(d) => {
                d.production |= production;
                d.ships.extend(ships);
            }
            None => out.push(Destination {
                env: env.to_string(),
                production,
                ships,
            }),
        }
    }
    out
}

fn ship(job: &str, v: &Value) -> Ship {
    Ship {
        job: job.to_string(),
        service: text_at(v, "service_name").to_string(),
        module: text_at(v, "service_module").to_string(),
        image: text_at(v, "image").to_string(),
    }
}

/// Marks destinations production when the project's environment list says so (a task's spec
/// may not carry the flag).
pub fn mark_production(dest: &mut [Destination], production_envs: &[String]) {
    for d in dest {
        d.production |= production_envs.contains(&d.env);
    }
}

/// What runs in one container of an environment: `(service, container, image)`.
pub type Running = (String, String, String);

/// What runs in an environment now, from its detail.
pub fn running(detail: &Value) -> Vec<Running> {
    let mut out = Vec::new();
    for s in detail
        .get("services")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let service = text_at(s, "service_name");
        for c in s
            .get("containers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push((
                service.to_string(),
                text_at(c, "name").to_string(),
                text_at(c, "image").to_string(),
            ));
        }
    }
    out
}

/// The image running now for a ship: the container named as its module, or, for a service
/// with one container, that one.
pub fn running_now<'a>(ship: &Ship, running: &'a [Running]) -> Option<&'a str> {
    let of_service: Vec<_> = running.iter().filter(|r| r.0 == ship.service).collect();
    of_service
        .iter()
        .find(|r| !ship.module.is_empty() && r.1 == ship.module)
        .or_else(|| (of_service.len() == 1).then(|| &of_service[0]))
        .map(|r| r.2.as_str())
        .filter(|i| !i.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn task(v: Value) -> TaskDetail {
        serde_json::from_value(v).unwrap()
    }

    fn release() -> TaskDetail {
        task(json!({"stages": [
            {"name": "Build", "jobs": [{"name": "job-0-0-0-build", "spec": {"image": "r/shop/orders:2"}}]},
            {"name": "Gate", "jobs": [
                {"name": "job-1-0-0-approve", "spec": {}},
                {"name": "job-1-1-0-notify", "spec": {}}]},
            {"name": "Deploy", "jobs": [
                {"name": "job-2-0-0-staging", "display_name": "to staging", "spec": {"env": "staging", "production": false,
                    "service_and_images": [{"service_name": "shop", "service_module": "orders", "image": "r/shop/orders:2"},
                                           {"service_name": "shop", "service_module": "web", "image": "r/shop/web:7"}]}},
                {"name": "job-2-1-0-prod", "spec": {"env": "prod", "production": true,
                    "service_name": "shop", "service_module": "orders", "image": "r/shop/orders:2"}},
                {"name": "job-2-2-0-prod2", "spec": {"env": "prod",
                    "service_name": "pay", "service_module": "api", "image": "r/pay/api:9"}}]}]}))
    }

    #[test]
    fn only_the_jobs_after_the_approval() {
        let t = release();
        let names: Vec<_> = after(&t, "job-1-0-0-approve")
            .iter()
            .map(|j| j.name.to_string())
            .collect();
        assert_eq!(
            names,
            [
                "job-1-1-0-notify",
                "job-2-0-0-staging",
                "job-2-1-0-prod",
                "job-2-2-0-prod2"
            ]
        );
        assert!(after(&t, "job-2-2-0-prod2").is_empty());
        assert!(after(&t, "no such approval").is_empty());
    }

    #[test]
    fn a_stage_approval_lets_its_own_jobs_through() {
        let t = task(json!({"stages": [
            {"name": "Ship", "approval": {"enabled": true}, "jobs": [{"name": "deploy", "spec": {"env": "prod", "image": "a:1", "service_name": "s"}}]}]}));
        assert_eq!(after(&t, "Ship").len(), 1);
    }

    #[test]
    fn deployments_by_environment_with_production_marked() {
        let t = release();
        let d = destinations(&after(&t, "job-1-0-0-approve"));
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].env.as_str(), d[0].production), ("staging", false));
        assert_eq!(d[0].ships.len(), 2);
        assert_eq!(d[0].ships[1].image, "r/shop/web:7");
        assert_eq!(d[0].ships[1].job, "to staging");
        assert_eq!((d[1].env.as_str(), d[1].production), ("prod", true));
        assert_eq!(
            d[1].ships
                .iter()
                .map(|s| s.service.as_str())
                .collect::<Vec<_>>(),
            ["shop", "pay"]
        );
        let mut d = d;
        mark_production(&mut d, &["staging".to_string()]);
        assert!(d[0].production);
    }

    #[test]
    fn what_runs_now_is_matched_by_service_and_container() {
        let detail = json!({"services": [
            {"service_name": "shop", "containers": [{"name": "orders", "image": "r/shop/orders:1"}, {"name": "web", "image": "r/shop/web:7"}]},
            {"service_name": "pay", "containers": [{"name": "main", "image": "r/pay/api:8"}]},
            {"service_name": "empty", "containers": null}]});
        let r = running(&detail);
        assert_eq!(r.len(), 3);
        let s = |service: &str, module: &str| Ship {
            job: String::new(),
            service: service.into(),
            module: module.into(),
            image: String::new(),
        };
        assert_eq!(
            running_now(&s("shop", "orders"), &r),
            Some("r/shop/orders:1")
        );
        assert_eq!(
            running_now(&s("shop", ""), &r),
            None,
            "two containers: which one is unknown"
        );
        assert_eq!(
            running_now(&s("pay", "api"), &r),
            Some("r/pay/api:8"),
            "its only container"
        );
        assert_eq!(running_now(&s("gone", "x"), &r), None);
        assert!(running(&json!({"services": "x"})).is_empty());
    }
}
