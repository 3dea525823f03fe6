//! Run diff: what a task was given (parameters, and per job its services, repositories and
//! their branches, pull requests, tags and commits, images, environments and variables),
//! compared with another task's. A credential's value is compared but never kept in what is
//! shown: a changed credential reads "changed" only.

use serde_json::Value;

use crate::api::types::{JobTask, Param, TaskDetail, TaskId, TaskSummary};
use crate::domain::jobs::commit_link;
use crate::domain::status::Status;
use crate::domain::text_at;
use crate::i18n::T;

/// Where an input belongs: the workflow's parameters, or one job (its definition name and, for
/// jobs run once per service, the service and module).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Params,
    Job { job: String, service: String },
}

impl Group {
    /// `build · shop/orders`, `deploy`; `""` for the parameters (the view names them).
    pub fn label(&self) -> String {
        match self {
            Group::Params => String::new(),
            Group::Job { job, service } if service.is_empty() => job.clone(),
            Group::Job { job, service } => format!("{job} · {service}"),
        }
    }
}

/// An input's value as shown: text (with a link for a commit), or a credential (never its text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    Text { text: String, link: Option<String> },
    Secret,
}

impl Shown {
    pub fn text(&self) -> Option<&str> {
        match self {
            Shown::Text { text, .. } => Some(text),
            Shown::Secret => None,
        }
    }
}

/// One input of one task.
#[derive(Clone, PartialEq, Eq)]
struct Input {
    group: Group,
    label: T,
    name: String,
    shown: Shown,
    /// What equality is decided on (a credential's value; a commit's whole id). Never shown.
    cmp: String,
}

// Debug without the compared value (a credential's text must not reach a log or panic message).
impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("group", &self.group)
            .field("name", &self.name)
            .field("shown", &self.shown)
            .finish()
    }
}

/// How an input differs between the two tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Changed,
    /// Only the second (newer) task has it.
    Added,
    /// Only the first task has it.
    Removed,
}

/// One compared input: its value in the first task (`before`) and the second (`after`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub group: Group,
    /// What kind of input (a parameter, a branch, an image…); [`T::DiffJob`] for a job that ran in
    /// one task only.
    pub label: T,
    /// Its name within the group: a parameter or variable name, a repository, a service.
    pub name: String,
    pub before: Option<Shown>,
    pub after: Option<Shown>,
    pub change: Change,
}

fn text(v: impl Into<String>) -> Shown {
    Shown::Text {
        text: v.into(),
        link: None,
    }
}

fn value_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn param_value(p: &Param) -> String {
    if let Some(r) = p.repo.as_ref().filter(|_| p.kind == "repo") {
        let mut parts = Vec::new();
        if !r.branch.is_empty() {
            parts.push(r.branch.clone());
        }
        if !r.tag.is_empty() {
            parts.push(format!("tag {}", r.tag));
        }
        for pr in r.pull_requests() {
            parts.push(format!("#{pr}"));
        }
        return parts.join(" ");
    }
    if p.kind == "multi-select" && !p.choice_value.is_empty() {
        return p.choice_value.join(", ");
    }
    p.value.clone()
}

fn secret_or(secret: bool, v: String) -> (Shown, String) {
    if secret {
        (Shown::Secret, v)
    } else {
        (text(v.clone()), v)
    }
}

/// The group of a job task: its definition name and, for jobs run once per service, the service.
pub fn job_group(j: &JobTask) -> Group {
    let info = |k: &str| {
        let v = text_at(&j.job_info, k);
        if v.is_empty() {
            text_at(&j.spec, k)
        } else {
            v
        }
    };
    let (svc, module) = (info("service_name"), info("service_module"));
    let service = match (svc.is_empty(), module.is_empty()) {
        (true, true) => String::new(),
        (false, true) => svc.to_string(),
        (true, false) => module.to_string(),
        (false, false) => format!("{svc}/{module}"),
    };
    let job = [&j.origin_name, &j.display_name, &j.key]
        .into_iter()
        .find(|n| !n.is_empty())
        .cloned()
        .unwrap_or_else(|| j.name.to_string());
    Group::Job { job, service }
}

fn array<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

fn job_inputs(j: &JobTask, out: &mut Vec<Input>) {
    let group = job_group(j);
    let sp = &j.spec;
    let mut push = |label: T, name: String, shown: Shown, cmp: String| {
        out.push(Input {
            group: group.clone(),
            label,
            name,
            shown,
            cmp,
        })
    };
    for (key, label) in [
        ("env", T::FactEnv),
        ("image", T::FactImage),
        ("target", T::FactTarget),
        ("cluster_name", T::DiffCluster),
        ("namespace", T::FactNamespace),
    ] {
        let v = text_at(sp, key);
        if !v.is_empty() {
            push(label, String::new(), text(v), v.to_string());
        }
    }
    for si in array(sp, "service_and_images") {
        let name = format!(
            "{}/{}",
            text_at(si, "service_name"),
            text_at(si, "service_module")
        );
        let image = text_at(si, "image");
        push(T::FactDeployed, name, text(image), image.to_string());
    }
    for r in array(sp, "repos") {
        let ns = if text_at(r, "repo_namespace").is_empty() {
            text_at(r, "repo_owner")
        } else {
            text_at(r, "repo_namespace")
        };
        let repo = format!("{ns}/{}", text_at(r, "repo_name"));
        for (key, label) in [("branch", T::DiffBranch), ("tag", T::DiffTag)] {
            let v = text_at(r, key);
            if !v.is_empty() {
                push(label, repo.clone(), text(v), v.to_string());
            }
        }
        let mut prs: Vec<i64> = array(r, "prs").filter_map(Value::as_i64).collect();
        if prs.is_empty() {
            prs.extend(r.get("pr").and_then(Value::as_i64).filter(|p| *p > 0));
        }
        if !prs.is_empty() {
            let v = prs
                .iter()
                .map(|p| format!("#{p}"))
                .collect::<Vec<_>>()
                .join(", ");
            push(T::DiffPr, repo.clone(), text(v.clone()), v);
        }
        let id = text_at(r, "commit_id");
        if !id.is_empty() {
            let short: String = id.chars().take(10).collect();
            let msg = text_at(r, "commit_message").lines().next().unwrap_or("");
            let shown = if msg.is_empty() {
                short
            } else {
                format!("{short} {msg}")
            };
            push(
                T::FactCommit,
                repo.clone(),
                Shown::Text {
                    text: shown,
                    link: commit_link(r),
                },
                id.to_string(),
            );
        }
    }
    for kv in array(sp, "envs")
        .chain(array(sp, "variable_kvs"))
        .chain(array(sp, "inputs"))
    {
        let key = [text_at(kv, "key"), text_at(kv, "name")]
            .into_iter()
            .find(|k| !k.is_empty())
            .unwrap_or("");
        if key.is_empty() {
            continue;
        }
        let secret = kv
            .get("is_credential")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let (shown, cmp) = secret_or(secret, value_text(kv.get("value")));
        push(T::FactVariable, key.to_string(), shown, cmp);
    }
}

/// Every input of a task, parameters first, then its jobs in order.
fn inputs(task: &TaskDetail) -> (Vec<Input>, Vec<Group>) {
    let mut out = Vec::new();
    for p in &task.params {
        if p.name.is_empty() {
            continue;
        }
        let (shown, cmp) = secret_or(p.is_credential, param_value(p));
        out.push(Input {
            group: Group::Params,
            label: T::DiffParam,
            name: p.name.clone(),
            shown,
            cmp,
        });
    }
    let mut jobs = Vec::new();
    for j in task.stages.iter().flat_map(|s| s.jobs.iter()) {
        let g = job_group(j);
        if !jobs.contains(&g) {
            jobs.push(g);
        }
        job_inputs(j, &mut out);
    }
    (out, jobs)
}

/// The row of a job that ran in one task only (`before`: in the first), added once per job.
fn job_row(rows: &mut Vec<Row>, done: &mut Vec<Group>, g: &Group, before: bool) {
    if done.contains(g) {
        return;
    }
    done.push(g.clone());
    rows.push(Row {
        group: g.clone(),
        label: T::DiffJob,
        name: String::new(),
        before: before.then(|| text("✓")),
        after: (!before).then(|| text("✓")),
        change: if before {
            Change::Removed
        } else {
            Change::Added
        },
    });
}

/// Compares the inputs of task `a` (the earlier, usually the last passed one) with task `b`'s,
/// in `b`'s order, then what only `a` had. A job that ran in only one of them is one row.
pub fn compare(a: &TaskDetail, b: &TaskDetail) -> Vec<Row> {
    let (ia, ja) = inputs(a);
    let (ib, jb) = inputs(b);
    let key = |i: &Input| (i.group.clone(), i.label, i.name.clone());
    let only_in = |g: &Group, other: &[Group]| matches!(g, Group::Job { .. }) && !other.contains(g);
    let (mut rows, mut done) = (Vec::new(), Vec::new());
    for i in &ib {
        if only_in(&i.group, &ja) {
            job_row(&mut rows, &mut done, &i.group, false);
            continue;
        }
        let before = ia.iter().find(|x| key(x) == key(i));
        let change = match before {
            None => Change::Added,
            Some(x) if x.cmp == i.cmp => Change::Same,
            Some(_) => Change::Changed,
        };
        rows.push(Row {
            group: i.group.clone(),
            label: i.label,
            name: i.name.clone(),
            before: before.map(|x| x.shown.clone()),
            after: Some(i.shown.clone()),
            change,
        });
    }
    // Jobs without inputs of their own that ran in the second task only.
    for g in jb.iter().filter(|g| only_in(g, &ja)) {
        job_row(&mut rows, &mut done, g, false);
    }
    for x in &ia {
        if only_in(&x.group, &jb) {
            job_row(&mut rows, &mut done, &x.group, true);
        } else if !ib.iter().any(|i| key(i) == key(x)) {
            rows.push(Row {
                group: x.group.clone(),
                label: x.label,
                name: x.name.clone(),
                before: Some(x.shown.clone()),
                after: None,
                change: Change::Removed,
            });
        }
    }
    for g in ja.iter().filter(|g| only_in(g, &jb)) {
        job_row(&mut rows, &mut done, g, true);
    }
    rows
}

/// The rows that differ.
pub fn changed(rows: &[Row]) -> Vec<&Row> {
    rows.iter().filter(|r| r.change != Change::Same).collect()
}

/// The last passed task before task `before` on a page of the history.
pub fn previous_passed(page: &[TaskSummary], before: TaskId) -> Option<TaskId> {
    page.iter()
        .filter(|t| t.task_id < before && Status::parse(&t.status) == Status::Passed)
        .map(|t| t.task_id)
        .max()
}

/// Pages of this size are read while looking for the last passed task…
pub const SEARCH_PAGE_SIZE: u32 = 50;
/// …at most this many (the last 500 tasks).
pub const SEARCH_PAGES: u32 = 10;

/// Whether to read the history's next page after page `page` (1-based) of `total` tasks found no
/// passed task before task `before`: only while the pages can still hold one.
pub fn read_on(page: u32, total: i64, items: &[TaskSummary], before: TaskId) -> bool {
    let read = page as i64 * SEARCH_PAGE_SIZE as i64;
    let first = TaskId::new(1);
    page < SEARCH_PAGES
        && read < total
        && before > first
        && items
            .iter()
            .map(|t| t.task_id)
            .min()
            .is_some_and(|m| m > first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{JobTaskName, Repository, StageTask};
    use serde_json::json;

    fn build(
        svc_module: (&str, &str),
        name: &str,
        envs: Value,
        image: &str,
        commit: &str,
    ) -> JobTask {
        JobTask {
            name: JobTaskName::from(name.to_string()),
            origin_name: "build".into(),
            kind: "zadig-build".into(),
            spec: json!({"service_name": svc_module.0, "service_module": svc_module.1, "image": image,
                "envs": envs,
                "repos": [{"repo_owner": "shop", "repo_name": svc_module.1, "branch": "main", "commit_id": commit,
                           "commit_message": "fix it\nlong body", "address": "https://git.example.com", "oauth_token": "tok-SECRET"}]}),
            job_info: json!({"service_name": svc_module.0, "service_module": svc_module.1}),
            ..Default::default()
        }
    }

    fn deploy(env: &str, images: &[(&str, &str)]) -> JobTask {
        JobTask {
            origin_name: "deploy".into(),
            kind: "zadig-deploy".into(),
            spec: json!({"env": env, "production": false,
                "service_and_images": images.iter().map(|(m, i)| json!({"service_name": "shop", "service_module": m, "image": i})).collect::<Vec<_>>()}),
            ..Default::default()
        }
    }

    fn task(id: i64, params: Vec<Param>, jobs: Vec<Vec<JobTask>>) -> TaskDetail {
        TaskDetail {
            task_id: TaskId::new(id),
            status: "passed".into(),
            params,
            stages: jobs
                .into_iter()
                .map(|jobs| StageTask {
                    jobs,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    fn param(name: &str, value: &str, secret: bool) -> Param {
        Param {
            name: name.into(),
            kind: "string".into(),
            value: value.into(),
            is_credential: secret,
            ..Default::default()
        }
    }

    fn envs(fail: bool, token: &str) -> Value {
        let mut v = vec![
            json!({"key": "BUILD_MODE", "value": "release", "is_credential": false}),
            json!({"key": "NPM_TOKEN", "value": token, "is_credential": true}),
        ];
        if fail {
            v.push(json!({"key": "FAIL", "value": "true", "is_credential": false}));
        }
        json!(v)
    }

    fn find<'a>(rows: &'a [Row], label: T, name: &str) -> &'a Row {
        rows.iter()
            .find(|r| r.label == label && r.name == name)
            .unwrap_or_else(|| panic!("no row {label:?} {name}: {rows:?}"))
    }

    #[test]
    fn what_changed_between_a_pass_and_a_fail() {
        let a = task(
            2,
            vec![
                param("branch", "main", false),
                param("deploy_token", "old-secret", true),
            ],
            vec![
                vec![
                    build(
                        ("shop", "frontend"),
                        "job-0-0-0-build",
                        envs(false, "npm-1"),
                        "reg/frontend:2",
                        "aaaaaaaaaaaa1111",
                    ),
                    build(
                        ("shop", "orders"),
                        "job-0-0-1-build",
                        envs(false, "npm-1"),
                        "reg/orders:2",
                        "bbbbbbbbbbbb2222",
                    ),
                ],
                vec![deploy(
                    "dev",
                    &[("frontend", "reg/frontend:2"), ("orders", "reg/orders:2")],
                )],
            ],
        );
        let b = task(
            3,
            vec![
                param("branch", "main", false),
                param("deploy_token", "new-secret", true),
            ],
            vec![vec![build(
                ("shop", "orders"),
                "job-0-0-0-build",
                envs(true, "npm-2"),
                "reg/orders:3",
                "bbbbbbbbbbbb2222",
            )]],
        );
        let rows = compare(&a, &b);
        let orders = Group::Job {
            job: "build".into(),
            service: "shop/orders".into(),
        };
        assert_eq!(orders.label(), "build · shop/orders");
        // The same job matched by definition name and service, though its task name moved.
        let fail = find(&rows, T::FactVariable, "FAIL");
        assert_eq!(
            (fail.group.clone(), fail.change),
            (orders.clone(), Change::Added)
        );
        assert_eq!(fail.after.as_ref().and_then(Shown::text), Some("true"));
        let image = rows
            .iter()
            .find(|r| r.label == T::FactImage && r.group == orders)
            .unwrap();
        assert_eq!(image.change, Change::Changed);
        assert_eq!(
            image.before.as_ref().and_then(Shown::text),
            Some("reg/orders:2")
        );
        assert_eq!(
            find(&rows, T::FactCommit, "shop/orders").change,
            Change::Same
        );
        assert_eq!(
            find(&rows, T::DiffBranch, "shop/orders").change,
            Change::Same
        );
        assert_eq!(find(&rows, T::DiffParam, "branch").change, Change::Same);
        // Credentials: compared, never shown.
        let token = find(&rows, T::DiffParam, "deploy_token");
        assert_eq!(token.change, Change::Changed);
        assert_eq!(
            (token.before.clone(), token.after.clone()),
            (Some(Shown::Secret), Some(Shown::Secret))
        );
        let npm = rows
            .iter()
            .find(|r| r.name == "NPM_TOKEN" && r.group == orders)
            .unwrap();
        assert_eq!(npm.change, Change::Changed);
        let dump = format!("{rows:?}");
        for secret in ["old-secret", "new-secret", "npm-1", "npm-2", "tok-SECRET"] {
            assert!(!dump.contains(secret), "{secret} leaked: {dump}");
        }
        // Jobs that ran in the pass only: one row each, not their inputs.
        let gone: Vec<String> = rows
            .iter()
            .filter(|r| r.label == T::DiffJob)
            .map(|r| format!("{:?} {}", r.change, r.group.label()))
            .collect();
        assert_eq!(gone, ["Removed build · shop/frontend", "Removed deploy"]);
        assert!(!rows
            .iter()
            .any(|r| r.group.label() == "deploy" && r.label != T::DiffJob));
        // The commit shows short with its message's first line, and links to its page.
        match &find(&rows, T::FactCommit, "shop/orders").after {
            Some(Shown::Text { text, link }) => {
                assert_eq!(text, "bbbbbbbbbb fix it");
                assert_eq!(
                    link.as_deref(),
                    Some("https://git.example.com/shop/orders/commit/bbbbbbbbbbbb2222")
                );
            }
            other => panic!("{other:?}"),
        }
        let changed: Vec<String> = changed(&rows)
            .iter()
            .map(|r| format!("{:?}", r.label))
            .collect();
        assert_eq!(changed.len(), 6, "{changed:?}");
    }

    #[test]
    fn identical_runs_have_no_changes_and_params_read_as_people_set_them() {
        let mut repo = param("code", "", false);
        repo.kind = "repo".into();
        repo.repo = Some(Repository {
            branch: "release".into(),
            prs: vec![12, 14],
            ..Default::default()
        });
        let mut multi = param("regions", "cn-north", false);
        multi.kind = "multi-select".into();
        multi.choice_value = vec!["cn-north".into(), "cn-east".into()];
        let a = task(
            1,
            vec![repo.clone(), multi.clone()],
            vec![vec![deploy("prod", &[("frontend", "f:1")])]],
        );
        let rows = compare(&a, &a.clone());
        assert!(changed(&rows).is_empty(), "{rows:?}");
        assert_eq!(
            find(&rows, T::DiffParam, "code")
                .after
                .as_ref()
                .and_then(Shown::text),
            Some("release #12 #14")
        );
        assert_eq!(
            find(&rows, T::DiffParam, "regions")
                .after
                .as_ref()
                .and_then(Shown::text),
            Some("cn-north, cn-east")
        );
        let mut b = a.clone();
        b.params.pop();
        b.stages[0].jobs[0].spec["env"] = json!("staging");
        let rows = compare(&a, &b);
        assert_eq!(find(&rows, T::DiffParam, "regions").change, Change::Removed);
        assert_eq!(find(&rows, T::FactEnv, "").change, Change::Changed);
        assert_eq!(
            find(&rows, T::FactDeployed, "shop/frontend").change,
            Change::Same
        );
    }

    #[test]
    fn the_last_passed_task_before_a_task() {
        let s = |id: i64, status: &str| TaskSummary {
            task_id: TaskId::new(id),
            status: status.into(),
            ..Default::default()
        };
        let page = vec![
            s(9, "failed"),
            s(8, "passed"),
            s(7, "passed"),
            s(6, "unstable"),
        ];
        assert_eq!(previous_passed(&page, TaskId::new(9)), Some(TaskId::new(8)));
        assert_eq!(previous_passed(&page, TaskId::new(8)), Some(TaskId::new(7)));
        assert_eq!(
            previous_passed(&page, TaskId::new(7)),
            None,
            "unstable is not a pass"
        );
        assert!(
            read_on(1, 120, &page, TaskId::new(7)),
            "more pages may hold one"
        );
        assert!(
            !read_on(3, 120, &page, TaskId::new(7)),
            "120 tasks are 3 pages"
        );
        assert!(
            !read_on(SEARCH_PAGES, 10_000, &page, TaskId::new(7)),
            "at most 10 pages"
        );
        assert!(!read_on(1, 120, &[], TaskId::new(7)));
        assert!(
            !read_on(1, 120, &[s(1, "failed")], TaskId::new(7)),
            "task 1 is the first"
        );
    }
}
