//! Turning a workflow definition plus execute inputs into a task (docs/zadig-contract.md §4.5, §4.6), and the
//! log each job writes.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::jobs::Job;
use crate::model::{now, JobLog, JobRun, Plan, StageRun, World};

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

pub(crate) fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    get(v, key).as_str().unwrap_or_default()
}

pub(crate) fn arr(v: &Value, key: &str) -> Vec<Value> {
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
pub(crate) fn apply_kv(base: &[Value], inputs: &[Value]) -> Vec<Value> {
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
pub(crate) fn apply_repos(base: &[Value], inputs: &[Value]) -> Vec<Value> {
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
            if let Some(k) = crate::jobs::kind(&jtype) {
                (k.as_run)(spec, &p);
            }
        }
    }
    out
}

/// Gives repos a commit, message and author as a clone would.
pub(crate) fn checked_out(repos: &[Value], rng: &mut Rng) -> Vec<Value> {
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

pub(crate) fn stamp() -> String {
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
pub(crate) type Unit = (String, String, String, Vec<Value>, Vec<Value>);

pub(crate) struct Ctx<'a> {
    pub(crate) world: &'a World,
    pub(crate) project: &'a str,
    pub(crate) task_id: i64,
    pub(crate) creator: &'a str,
    pub(crate) creator_uid: &'a str,
    pub(crate) rng: Rng,
    /// Images built so far, by build job name: (service, module, image).
    pub(crate) built: HashMap<String, Vec<(String, String, String)>>,
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
            if listed.is_some() && !crate::jobs::accepted(s(job, "type")) {
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
pub(crate) fn job_run(
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
    let Some(k) = crate::jobs::kind(jtype).filter(|k| k.accepted) else {
        return Err(PlanError::Plain(format!(
            "undefined job type of type:{jtype}"
        )));
    };
    let spec = get(job, "spec");
    let name = s(job, "name").to_string();
    let mut out = Vec::new();
    let j = Job {
        si,
        ji,
        job,
        spec,
        p,
        jtype,
        name: &name,
    };
    (k.expand)(ctx, &j, &mut out)?;
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
            let fail_at = kv("FAIL_AT")
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|at| *at < n);
            return Plan::Flood {
                total: n,
                per_sec: rate,
                fail_at,
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

    /// The lines a failing flood writes after its line `at`.
    pub fn flood_error(at: u64) -> [String; 3] {
        [
            format!("{R}ERROR{X} item {at}: connection refused by ledger-db:5432"),
            "  caused by: dial tcp 10.0.3.7:5432: i/o timeout after 3 retries".to_string(),
            format!("{Y}[WARN]{X} item {at} moved to the dead-letter queue"),
        ]
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
