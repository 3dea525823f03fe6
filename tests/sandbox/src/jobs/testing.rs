//! `zadig-test` and `zadig-scanning`: one job task per test or scanning unit.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (si, ji, job, spec, p, jtype) = (j.si, j.ji, j.job, j.spec, j.p, j.jtype);
    let scanning = jtype == "zadig-scanning";
    let per_service = s(
        spec,
        if scanning {
            "scanning_type"
        } else {
            "test_type"
        },
    )
    .starts_with("service_");
    let list_key = if scanning {
        "scanning_list"
    } else {
        "testing_list"
    };
    let name_key = if scanning {
        "scanning_name"
    } else {
        "testing_name"
    };
    let mut units: Vec<Unit> = Vec::new();
    if per_service {
        let base_key = if scanning {
            "service_and_scannings"
        } else {
            "service_and_tests"
        };
        let wanted = if get(p, "service_list").is_array() {
            arr(p, "service_list")
        } else {
            arr(spec, base_key)
        };
        for w in wanted {
            let base = arr(spec, base_key)
                .into_iter()
                .find(|b| {
                    s(b, "service_name") == s(&w, "service_name")
                        && s(b, "service_module") == s(&w, "service_module")
                })
                .unwrap_or_else(|| w.clone());
            units.push((
                s(&base, "name").to_string(),
                s(&w, "service_name").to_string(),
                s(&w, "service_module").to_string(),
                apply_repos(&arr(&base, "repos"), &arr(&w, "repo_info")),
                apply_kv(&arr(&base, "key_vals"), &arr(&w, "inputs")),
            ));
        }
    } else {
        let modules = arr(
            spec,
            if scanning {
                "scannings"
            } else {
                "test_modules"
            },
        );
        let updates = arr(p, list_key);
        for m in modules {
            let upd = updates
                .iter()
                .find(|u| s(u, name_key) == s(&m, "name"))
                .cloned()
                .unwrap_or(Value::Null);
            units.push((
                s(&m, "name").to_string(),
                String::new(),
                String::new(),
                apply_repos(&arr(&m, "repos"), &arr(&upd, "repo_info")),
                apply_kv(&arr(&m, "key_vals"), &arr(&upd, "inputs")),
            ));
        }
    }
    for (uname, svc, module, repos, envs) in units {
        let repos = checked_out(&repos, &mut ctx.rng);
        let fail = envs
            .iter()
            .any(|e| s(e, "key") == "FAIL" && s(e, "value") == "true");
        let (spec_v, info, plan) = if scanning {
            (
                json!({"scanning_type": s(spec, "scanning_type"), "service_name": svc, "service_module": module,
                           "repos": repos, "sonar_metrics": null, "is_has_artifact": false,
                           "link_url": format!("https://sonar.example.com/dashboard?id={uname}"), "scanning_name": uname, "envs": envs}),
                json!({"scanning_name": uname, "service_name": svc, "service_module": module}),
                logs::scanning(&mut ctx.rng, &uname, fail),
            )
        } else {
            (
                json!({"repos": repos, "junit_report": false, "archive": false, "html_report": false,
                           "project_name": ctx.project, "test_name": uname, "test_type": s(spec, "test_type"),
                           "service_name": svc, "service_module": module, "envs": envs}),
                json!({"testing_name": uname, "test_type": s(spec, "test_type"), "service_name": svc, "service_module": module}),
                logs::test(&mut ctx.rng, &uname, fail),
            )
        };
        let n = out.len();
        let parts: Vec<&str> = if svc.is_empty() {
            vec![uname.as_str()]
        } else {
            vec![svc.as_str(), module.as_str()]
        };
        out.push(job_run(si, ji, n, job, &parts, spec_v, info, plan));
    }
    Ok(())
}

/// The definition as it ran: unchanged by this type's inputs.
pub fn as_run(_spec: &mut Value, _p: &Value) {}
