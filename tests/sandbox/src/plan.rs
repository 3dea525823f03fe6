//! Turning a workflow definition plus execute inputs into a task (docs/zadig-contract.md §4.5, §4.6), and the
//! log each job writes.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::model::{now, JobLog, JobRun, Plan, StageRun, World};

/// Job types the OpenAPI execute accepts in `inputs` (docs/zadig-contract.md §4.6 and §8 item 13).
pub const ACCEPTED_TYPES: &[&str] = &[
    "zadig-build",
    "zadig-deploy",
    "custom-deploy",
    "freestyle",
    "zadig-test",
    "zadig-scanning",
    "sql",
    "tapd",
    "approval",
    "plugin",
    "k8s-blue-green-deploy",
    "k8s-canary-deploy",
    "k8s-blue-green-release",
    "k8s-canary-release",
    "k8s-gray-release",
    "k8s-gray-rollback",
    "k8s-resource-patch",
    "zadig-vm-deploy",
    "ai-task",
    "ai-release-specialist",
];

/// Why a task could not be built: (HTTP kind, code, message, description).
#[derive(Debug)]
pub enum PlanError {
    Biz(u16, &'static str, String),
    Plain(String),
}

/// Case-insensitive key lookup, as Go's `encoding/json` matches keys.
pub fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    static NULL: Value = Value::Null;
    match v {
        Value::Object(m) => m
            .get(key)
            .or_else(|| {
                m.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            })
            .unwrap_or(&NULL),
        _ => &NULL,
    }
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    get(v, key).as_str().unwrap_or_default()
}

fn arr(v: &Value, key: &str) -> Vec<Value> {
    get(v, key).as_array().cloned().unwrap_or_default()
}

/// A tiny deterministic generator so logs differ between tasks but repeat across runs.
pub struct Rng(pub u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Mix the state so every bit of the output varies (commit ids use all 64).
        let x = self.0 ^ (self.0 >> 31);
        x.wrapping_mul(0x94D0_49BB_1331_11EB) ^ (x >> 29)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// Overrides `key_vals`-style entries (`key`, `value`) with inputs of the same key.
fn apply_kv(base: &[Value], inputs: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = base.to_vec();
    for i in inputs {
        let k = s(i, "key");
        if let Some(e) = out.iter_mut().find(|e| s(e, "key") == k) {
            e["value"] = get(i, "value").clone();
        } else if !k.is_empty() {
            out.push(json!({"key": k, "value": get(i, "value"), "type": "string", "is_credential": false}));
        }
    }
    out
}

/// Overrides repos by namespace and name with `repo_info` inputs.
fn apply_repos(base: &[Value], inputs: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = base.to_vec();
    for i in inputs {
        if let Some(r) = out.iter_mut().find(|r| {
            s(r, "repo_namespace") == s(i, "repo_namespace")
                && s(r, "repo_name") == s(i, "repo_name")
        }) {
            for k in ["branch", "pr", "prs", "commit_id", "tag"] {
                if !get(i, k).is_null() {
                    r[k] = get(i, k).clone();
                }
            }
        }
    }
    out
}

/// The workflow as a task ran it (what Zadig's clone endpoint answers): the definition with the
/// task's parameter values, its inputs applied to the job specs, and jobs left out marked skipped.
pub fn workflow_as_run(def: &Value, params: &[Value], args: &Value) -> Value {
    let mut out = def.clone();
    out["params"] = json!(params);
    let inputs = arr(args, "inputs");
    let Some(stages) = out.get_mut("stages").and_then(Value::as_array_mut) else {
        return out;
    };
    for st in stages.iter_mut() {
        let Some(jobs) = st.get_mut("jobs").and_then(Value::as_array_mut) else {
            continue;
        };
        for job in jobs.iter_mut() {
            let name = s(job, "name").to_string();
            let Some(input) = inputs.iter().find(|i| s(i, "job_name") == name) else {
                job["skipped"] = json!(true);
                continue;
            };
            let p = get(input, "parameters").clone();
            let jtype = s(job, "type").to_string();
            let spec = &mut job["spec"];
            match jtype.as_str() {
                "zadig-build" => {
                    let mut options = arr(spec, "service_and_builds_options");
                    if options.is_empty() {
                        options = arr(spec, "service_and_builds");
                    }
                    if get(&p, "service_list").is_array() {
                        let chosen: Vec<Value> = arr(&p, "service_list")
                            .iter()
                            .filter_map(|w| {
                                let o = options.iter().find(|o| {
                                    s(o, "service_name") == s(w, "service_name")
                                        && s(o, "service_module") == s(w, "service_module")
                                })?;
                                let mut o = o.clone();
                                o["repos"] =
                                    json!(apply_repos(&arr(&o, "repos"), &arr(w, "repo_info")));
                                o["key_vals"] =
                                    json!(apply_kv(&arr(&o, "key_vals"), &arr(w, "inputs")));
                                Some(o)
                            })
                            .collect();
                        spec["service_and_builds"] = json!(chosen);
                    }
                }
                "zadig-deploy" => {
                    if !s(&p, "env_name").is_empty() {
                        spec["env"] = get(&p, "env_name").clone();
                    }
                    if !arr(&p, "service_list").is_empty() {
                        spec["source"] = json!("runtime");
                        spec["services"] = json!([]);
                        spec["service_and_images"] = json!(arr(&p, "service_list")
                            .iter()
                            .map(|e| json!({"service_name": s(e, "service_name"), "service_module": s(e, "service_module"), "image": s(e, "image_name")}))
                            .collect::<Vec<_>>());
                    }
                }
                "custom-deploy" if get(&p, "target_list").is_array() => {
                    spec["targets"] = json!(arr(&p, "target_list")
                        .iter()
                        .map(|t| json!({"target": format!("{}/{}/{}", s(t, "workload_type"), s(t, "workload_name"), s(t, "container_name")), "image": s(t, "image_name")}))
                        .collect::<Vec<_>>());
                }
                "freestyle" => {
                    if get(&p, "kv").is_array() {
                        spec["envs"] = json!(apply_kv(&arr(spec, "envs"), &arr(&p, "kv")));
                    }
                    if get(&p, "repo_info").is_array() {
                        spec["repos"] =
                            json!(apply_repos(&arr(spec, "repos"), &arr(&p, "repo_info")));
                    }
                }
                "sql" => {
                    for k in ["sql", "database_name"] {
                        if !s(&p, k).is_empty() {
                            spec[k] = get(&p, k).clone();
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Gives repos a commit, message and author as a clone would.
fn checked_out(repos: &[Value], rng: &mut Rng) -> Vec<Value> {
    repos
        .iter()
        // Zadig skips what is not a repository object; indexing into one would panic.
        .filter(|r| r.is_object())
        .map(|r| {
            let mut r = r.clone();
            if s(&r, "commit_id").is_empty() {
                r["commit_id"] = json!(format!(
                    "{:016x}{:016x}{:08x}",
                    rng.next(),
                    rng.next(),
                    rng.next() as u32
                ));
            }
            let msgs = [
                "fix: handle empty config",
                "feat: add health endpoint",
                "chore: bump deps",
                "refactor: split handlers",
            ];
            r["commit_message"] = json!(msgs[(rng.next() % 4) as usize]);
            r["author_name"] = json!(["alice", "bob", "carol"][(rng.next() % 3) as usize]);
            if s(&r, "address").is_empty() {
                r["address"] = json!("https://git.example.com");
            }
            if s(&r, "branch").is_empty() {
                r["branch"] = json!("main");
            }
            r["oauth_token"] = json!("gho_sandboxSecretTokenNeverShow");
            r
        })
        .collect()
}

fn stamp() -> String {
    let t = now();
    let (d, secs) = (t / 86400, t % 86400);
    // Civil date from days since epoch (Howard Hinnant's algorithm).
    let z = d + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}{m:02}{day:02}{:02}{:02}{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// A test or scanning unit: (module name, service, service module, repos, variables).
type Unit = (String, String, String, Vec<Value>, Vec<Value>);

struct Ctx<'a> {
    world: &'a World,
    project: &'a str,
    task_id: i64,
    creator: &'a str,
    creator_uid: &'a str,
    rng: Rng,
    /// Images built so far, by build job name: (service, module, image).
    built: HashMap<String, Vec<(String, String, String)>>,
}

/// Builds the stages of a new task. `inputs` maps job names to their `parameters`.
pub fn build_stages(
    world: &World,
    def: &Value,
    inputs: &HashMap<String, Value>,
    task_id: i64,
    creator: &str,
    creator_uid: &str,
) -> Result<Vec<StageRun>, PlanError> {
    let project = def["project"].as_str().unwrap_or_default();
    let mut ctx = Ctx {
        world,
        project,
        task_id,
        creator,
        creator_uid,
        rng: Rng(
            (task_id as u64 * 7919 + def["name"].as_str().unwrap_or("").len() as u64)
                ^ 0x9E37_79B9_7F4A_7C15,
        ),
        built: HashMap::new(),
    };
    let mut stages = Vec::new();
    for (si, st) in arr(def, "stages").iter().enumerate() {
        let mut jobs = Vec::new();
        for (ji, job) in arr(st, "jobs").iter().enumerate() {
            let name = s(job, "name");
            let policy = s(job, "run_policy");
            let listed = inputs.get(name);
            if listed.is_some() && !ACCEPTED_TYPES.contains(&s(job, "type")) {
                return Err(PlanError::Plain(format!(
                    "undefined job type of type:{}",
                    s(job, "type")
                )));
            }
            if policy == "skip" {
                continue;
            }
            let Some(params) = listed else {
                if policy == "force_run" {
                    return Err(PlanError::Biz(
                        6160,
                        "创建工作流任务失败",
                        format!("job {name} skipped, but the run policy is set to force run"),
                    ));
                }
                continue;
            };
            jobs.extend(expand(&mut ctx, si, ji, job, params)?);
        }
        if !jobs.is_empty() {
            stages.push(StageRun {
                name: s(st, "name").to_string(),
                parallel: get(st, "parallel").as_bool().unwrap_or(false),
                status: String::new(),
                start_time: 0,
                end_time: 0,
                manual_exec: get(st, "manual_exec")
                    .as_object()
                    .filter(|m| m.get("enabled").and_then(Value::as_bool).unwrap_or(false))
                    .map(|m| Value::Object(m.clone())),
                manual_done: false,
                jobs,
                error: String::new(),
            });
        }
    }
    if stages.is_empty() {
        return Err(PlanError::Biz(
            6160,
            "创建工作流任务失败",
            "no stage found in workflow task".into(),
        ));
    }
    Ok(stages)
}

#[allow(clippy::too_many_arguments)] // One call per job type; a builder would only rename them.
fn job_run(
    si: usize,
    ji: usize,
    n: usize,
    job: &Value,
    key_suffix: &[&str],
    spec: Value,
    info: Value,
    plan: Plan,
) -> JobRun {
    let name = s(job, "name");
    let mut key = name.to_string();
    let mut display = name.to_string();
    for part in key_suffix.iter().filter(|p| !p.is_empty()) {
        key.push('.');
        key.push_str(part);
        display.push('-');
        display.push_str(part);
    }
    JobRun {
        name: format!("job-{si}-{ji}-{n}-{name}"),
        key,
        display_name: display,
        origin_name: name.to_string(),
        jtype: s(job, "type").to_string(),
        status: String::new(),
        start_time: 0,
        end_time: 0,
        error: String::new(),
        spec,
        job_info: info,
        error_policy: get(job, "error_policy").clone(),
        retry_count: 0,
        plan,
        elapsed_ms: 0.0,
        emitted: 0,
        log: JobLog::new(),
    }
}

fn expand(
    ctx: &mut Ctx,
    si: usize,
    ji: usize,
    job: &Value,
    p: &Value,
) -> Result<Vec<JobRun>, PlanError> {
    let jtype = s(job, "type");
    if !ACCEPTED_TYPES.contains(&jtype) {
        return Err(PlanError::Plain(format!(
            "undefined job type of type:{jtype}"
        )));
    }
    let spec = get(job, "spec");
    let name = s(job, "name").to_string();
    let mut out = Vec::new();
    match jtype {
        "zadig-build" => {
            let registry = s(p, "registry");
            let reg = ctx.world.registries.iter().find(|r| {
                !registry.is_empty()
                    && format!("{}/{}", s(r, "address"), s(r, "namespace")) == registry
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
        }
        "zadig-deploy" | "zadig-helm-deploy" => {
            let env = if s(p, "env_name").is_empty() {
                s(spec, "env")
            } else {
                s(p, "env_name")
            };
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
        }
        "custom-deploy" => {
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
        }
        "freestyle" => {
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
                out.push(job_run(
                    si, ji, 0, job, &[],
                    json!({"repos": repos, "image": "", "package": "", "service_name": "", "service_module": "", "envs": envs}),
                    json!({"job_name": name}),
                    plan,
                ));
            }
        }
        "zadig-test" | "zadig-scanning" => {
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
        }
        "sql" => {
            let mut sp = spec.clone();
            if !s(p, "sql").is_empty() {
                sp["sql"] = json!(s(p, "sql"));
            }
            if s(spec, "source") == "runtime" && !s(p, "database_name").is_empty() {
                sp["database_name"] = json!(s(p, "database_name"));
            }
            let sql = s(&sp, "sql").to_string();
            out.push(job_run(
                si,
                ji,
                0,
                job,
                &[],
                sp,
                json!({}),
                logs::simple(
                    &mut ctx.rng,
                    &[
                        format!("connecting to database {}", s(spec, "id")),
                        format!("executing: {sql}"),
                        "+--------------------+".into(),
                        "| Database           |".into(),
                        "+--------------------+".into(),
                        "| information_schema |".into(),
                        "| orders             |".into(),
                        "+--------------------+".into(),
                        "2 rows in set (0.01 sec)".into(),
                    ],
                    2500.0,
                    None,
                ),
            ));
        }
        "tapd" => {
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
            out.push(job_run(
                si,
                ji,
                0,
                job,
                &[],
                sp,
                json!({}),
                logs::simple(&mut ctx.rng, &[line, "done".into()], 2000.0, None),
            ));
        }
        "approval" => {
            let timeout = get(spec, "timeout")
                .as_i64()
                .filter(|t| *t > 0)
                .unwrap_or(60);
            let native = get(spec, "native_approval");
            let users: Vec<Value> = arr(native, "approve_users")
                .iter()
                .map(|u| {
                    if s(u, "type") == "task_creator" {
                        json!({"type": "user", "user_id": ctx.creator_uid, "user_name": ctx.creator, "reject_or_approve": "", "comment": "", "operation_time": 0})
                    } else {
                        json!({"type": "user", "user_id": s(u, "user_id"), "user_name": s(u, "user_name"), "reject_or_approve": "", "comment": "", "operation_time": 0})
                    }
                })
                .collect();
            let needed = get(native, "needed_approvers")
                .as_i64()
                .filter(|n| *n > 0)
                .unwrap_or(1);
            let sp = json!({"timeout": timeout, "type": if s(spec, "type").is_empty() { "native" } else { s(spec, "type") },
                "description": s(spec, "description"),
                "native_approval": {"timeout": timeout, "approve_users": users, "needed_approvers": needed,
                                    "reject_or_approve": "", "instance_code": ""},
                "approval_title": s(spec, "approval_title"), "approval_message": s(spec, "approval_message")});
            out.push(job_run(
                si,
                ji,
                0,
                job,
                &[],
                sp,
                json!({}),
                Plan::Approval {
                    timeout_ms: timeout as f64 * 60_000.0,
                },
            ));
        }
        "plugin" => {
            let mut plugin = get(spec, "plugin").clone();
            let kv = arr(p, "kv");
            if let Some(inputs) = plugin.get_mut("inputs").and_then(Value::as_array_mut) {
                for i in inputs.iter_mut() {
                    if let Some(k) = kv.iter().find(|k| s(k, "key") == s(i, "name")) {
                        i["value"] = get(k, "value").clone();
                    }
                }
            }
            let lines: Vec<String> = arr(&plugin, "inputs")
                .iter()
                .map(|i| s(i, "value").to_string())
                .collect();
            out.push(job_run(
                si,
                ji,
                0,
                job,
                &[],
                plugin,
                json!({}),
                logs::simple(&mut ctx.rng, &lines, 3000.0, None),
            ));
        }
        "zadig-vm-deploy" => {
            let env = if s(p, "env_name").is_empty() {
                s(spec, "env")
            } else {
                s(p, "env_name")
            }
            .to_string();
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
        }
        _ => {
            // k8s blue-green/canary/gray/patch and the AI jobs: one job task with its inputs.
            let mut sp = spec.clone();
            for k in ["service_list", "target_list"] {
                if get(p, k).is_array() {
                    sp[k] = get(p, k).clone();
                }
            }
            out.push(job_run(
                si,
                ji,
                0,
                job,
                &[],
                sp,
                json!({}),
                logs::simple(
                    &mut ctx.rng,
                    &[format!("{jtype}: starting"), format!("{jtype}: done")],
                    3000.0,
                    None,
                ),
            ));
        }
    }
    Ok(out)
}

/// Log scripts per job type, in the shapes Zadig's pods and job log store produce.
/// The most lines, and lines per second, a `LOG_LINES` flood may ask for.
pub const MAX_LOG_LINES: u64 = 5_000_000;
pub const MAX_LOG_RATE: f64 = 1_000_000.0;

/// Why a run's `LOG_LINES` or `LOG_RATE` (anywhere in its inputs) is out of range.
pub fn flood_problem(body: &Value) -> Option<String> {
    fn walk(v: &Value, out: &mut Option<String>) {
        match v {
            Value::Object(o) => {
                let key = o.get("key").and_then(Value::as_str).unwrap_or("");
                let val = o.get("value").and_then(Value::as_str).unwrap_or("");
                match key {
                    "LOG_LINES" if !val.parse::<u64>().is_ok_and(|n| n <= MAX_LOG_LINES) => {
                        *out = Some(format!(
                            "LOG_LINES must be a whole number up to {MAX_LOG_LINES}, not {val:?}"
                        ));
                    }
                    "LOG_RATE"
                        if !val
                            .parse::<f64>()
                            .is_ok_and(|r| r.is_finite() && r > 0.0 && r <= MAX_LOG_RATE) =>
                    {
                        *out = Some(format!("LOG_RATE must be a number of lines per second above 0 and up to {MAX_LOG_RATE}, not {val:?}"));
                    }
                    _ => o.values().for_each(|c| walk(c, out)),
                }
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }
    let mut out = None;
    walk(body, &mut out);
    out
}

pub mod logs {
    use super::*;

    const G: &str = "\x1b[32m";
    const Y: &str = "\x1b[33m";
    const R: &str = "\x1b[31m";
    const B: &str = "\x1b[1m";
    const C: &str = "\x1b[36m";
    const X: &str = "\x1b[0m";

    fn spread(rng: &mut Rng, lines: Vec<String>, total_ms: f64) -> Vec<(f64, String)> {
        let n = lines.len().max(1) as f64;
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                (
                    total_ms * (i as f64 + rng.range(0, 50) as f64 / 100.0) / n,
                    l,
                )
            })
            .collect()
    }

    fn clone_lines(repos: &[Value]) -> Vec<String> {
        let mut v = Vec::new();
        for r in repos {
            v.push(format!("{B}Cloning into '{}'...{X}", s(r, "repo_name")));
            v.push(format!("git fetch origin {}", s(r, "branch")));
            v.push("\rReceiving objects:  12% (120/1000)\rReceiving objects:  57% (570/1000)\rReceiving objects: 100% (1000/1000), 2.31 MiB | 8.40 MiB/s, done.".into());
            v.push(format!(
                "HEAD is now at {} {}",
                &s(r, "commit_id")[..s(r, "commit_id").len().min(8)],
                s(r, "commit_message")
            ));
        }
        v
    }

    /// A zadig-build pod: clone, compile with colours and a progress bar, image push.
    pub fn build(
        rng: &mut Rng,
        svc: &str,
        module: &str,
        repos: &[Value],
        image: &str,
        fail: bool,
    ) -> Plan {
        let mut l = vec![format!("{C}[{}] Job {svc}/{module} started{X}", stamp())];
        l.extend(clone_lines(repos));
        l.push("    go mod download   ".into());
        l.push("\rDownloading modules   0%\rDownloading modules  35%\rDownloading modules  80%\rDownloading modules 100%".into());
        for pkg in ["config", "store", "handlers", "server", "cmd"] {
            l.push(format!("{G}[INFO]{X} compiling {module}/internal/{pkg}"));
        }
        if fail {
            l.push(format!(
                "{R}{B}ERROR{X} internal/handlers/orders.go:42: undefined: OrderStore"
            ));
            l.push(format!("{R}build failed{X}"));
            return Plan::Script {
                prepare_ms: 1500.0,
                lines: spread(rng, l, 6000.0),
                total_ms: 6000.0,
                fail: Some("build script exited with code 2".into()),
            };
        }
        l.push(format!("{Y}[WARN]{X} 2 deprecated APIs in use"));
        l.push(format!("docker build -t {image} ."));
        for step in 1..=6 {
            l.push(format!(
                "Step {step}/6 : {}",
                [
                    "FROM golang:1.22 AS build",
                    "COPY . /src",
                    "RUN make",
                    "FROM alpine:3.20",
                    "COPY --from=build /src/bin /app",
                    "ENTRYPOINT [\"/app/server\"]"
                ][step - 1]
            ));
        }
        l.push(format!(
            "The push refers to repository [{}]",
            image.split(':').next().unwrap_or(image)
        ));
        l.push("\r5f70bf18a086: Pushing  10.2MB/48.1MB\r5f70bf18a086: Pushing  31.9MB/48.1MB\r5f70bf18a086: Pushed".into());
        l.push(format!("{G}{B}Successfully pushed {image}{X}"));
        let total = rng.range(9000, 14000) as f64;
        Plan::Script {
            prepare_ms: 2000.0,
            lines: spread(rng, l, total),
            total_ms: total,
            fail: None,
        }
    }

    /// A zadig-deploy job: lines in the job log store.
    pub fn deploy(rng: &mut Rng, env: &str, svc: &str, modules: &[(String, String)]) -> Plan {
        let mut l = vec![format!(
            "Start deploying service {svc} to environment {env}"
        )];
        for (m, i) in modules {
            l.push(format!("  update container {m} image to {i}"));
        }
        l.push(format!("Waiting for workload {svc} to be ready..."));
        l.push(format!("{G}Service {svc} is Running{X}"));
        let total = rng.range(4000, 7000) as f64;
        Plan::Script {
            prepare_ms: 800.0,
            lines: spread(rng, l, total),
            total_ms: total,
            fail: None,
        }
    }

    /// A freestyle pod: echoes its script; `exit 1` in it fails the job; `LOG_LINES` floods.
    pub fn freestyle(rng: &mut Rng, script: &str, envs: &[Value], repos: &[Value]) -> Plan {
        let kv = |k: &str| {
            envs.iter()
                .find(|e| s(e, "key") == k)
                .map(|e| s(e, "value").to_string())
        };
        if let Some(n) = kv("LOG_LINES").and_then(|v| v.parse::<u64>().ok()) {
            let n = n.min(MAX_LOG_LINES);
            let rate = kv("LOG_RATE")
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|r| r.is_finite() && *r > 0.0)
                .unwrap_or(1000.0)
                .min(MAX_LOG_RATE);
            return Plan::Flood {
                total: n,
                per_sec: rate,
            };
        }
        let mut l = clone_lines(repos);
        let mut fail = None;
        for line in script
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("#!"))
        {
            l.push(format!("+ {line}"));
            if let Some(rest) = line.strip_prefix("echo ") {
                let mut out = rest.trim_matches('"').to_string();
                for e in envs {
                    let shown = if get(e, "is_credential").as_bool().unwrap_or(false) {
                        "******".to_string()
                    } else {
                        s(e, "value").to_string()
                    };
                    out = out
                        .replace(&format!("${}", s(e, "key")), &shown)
                        .replace(&format!("${{{}}}", s(e, "key")), &shown);
                }
                l.push(out);
            }
            if line.starts_with("exit ") && line != "exit 0" {
                l.push(format!(
                    "{R}ERROR: script exited with code {}{X}",
                    &line[5..]
                ));
                fail = Some(format!("script exited with code {}", &line[5..]));
                break;
            }
        }
        let total = rng.range(3000, 6000) as f64;
        Plan::Script {
            prepare_ms: 1500.0,
            lines: spread(rng, l, total),
            total_ms: total,
            fail,
        }
    }

    /// A zadig-test pod.
    pub fn test(rng: &mut Rng, name: &str, fail: bool) -> Plan {
        let mut l = vec![format!("{B}Running test suite {name}{X}")];
        let n = rng.range(5, 9);
        for i in 1..=n {
            let bad = fail && i == n;
            l.push(format!(
                "{}--- {} TestCase{i:02} ({}.{:02}s){X}",
                if bad { R } else { G },
                if bad { "FAIL:" } else { "PASS:" },
                rng.range(0, 2),
                rng.range(0, 99)
            ));
        }
        l.push(if fail {
            format!("{R}FAIL{X} {name}: 1 of {n} failed")
        } else {
            format!("{G}ok{X} {name}: {n} passed")
        });
        let total = rng.range(6000, 9000) as f64;
        Plan::Script {
            prepare_ms: 1500.0,
            lines: spread(rng, l, total),
            total_ms: total,
            fail: fail.then(|| format!("test suite {name} failed")),
        }
    }

    /// A zadig-scanning pod.
    pub fn scanning(rng: &mut Rng, name: &str, fail: bool) -> Plan {
        let l = vec![
            format!("INFO: Scanner configuration file: /opt/sonar/conf/{name}.properties"),
            "INFO: Analysing 184 files".into(),
            "\rINFO: 12% analysed\rINFO: 64% analysed\rINFO: 100% analysed".into(),
            if fail {
                format!("{R}ERROR: Quality gate failed{X}")
            } else {
                format!("{G}INFO: Quality gate passed{X}")
            },
        ];
        let total = rng.range(5000, 8000) as f64;
        Plan::Script {
            prepare_ms: 1500.0,
            lines: spread(rng, l, total),
            total_ms: total,
            fail: fail.then(|| "quality gate failed".to_string()),
        }
    }

    /// Any other job: the given lines spread over `total_ms`.
    pub fn simple(rng: &mut Rng, lines: &[String], total_ms: f64, fail: Option<String>) -> Plan {
        Plan::Script {
            prepare_ms: 500.0,
            lines: spread(rng, lines.to_vec(), total_ms),
            total_ms,
            fail,
        }
    }

    /// Line `i` (0-based) of a generated flood log: Zadig-like, with colour now and then.
    pub fn flood_line(i: u64) -> String {
        if i % 10_000 == 9_999 {
            format!("{R}ERROR{X} item {i}: retrying after transient failure")
        } else if i.is_multiple_of(100) {
            format!("{G}[INFO]{X} step {} processed {i} items", i / 100)
        } else {
            format!(
                "[{i:07}] processing item {i} payload={:08x}",
                (i.wrapping_mul(2654435761)) as u32
            )
        }
    }
}
