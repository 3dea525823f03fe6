//! Zadig's HTTP surface: the seed doc's endpoints plus the extras the console uses.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{json, Value};

use crate::auth::Identity;
use crate::engine;
use crate::errors::{bad_request, biz, empty, ok, plain500, success};
use crate::model::{job_done, now, task_json, task_list_item, Task, View, ViewEntry, Workflow};
use crate::plan::{build_stages, get, PlanError};
use crate::AppState;

type Q = Query<HashMap<String, String>>;

fn q<'a>(q: &'a HashMap<String, String>, k: &str) -> &'a str {
    q.get(k).map(String::as_str).unwrap_or_default()
}

fn parse_json(body: &Bytes) -> Option<Value> {
    serde_json::from_slice(body).ok()
}

fn gs<'a>(v: &'a Value, k: &str) -> &'a str {
    get(v, k).as_str().unwrap_or_default()
}

// ---- workflows -------------------------------------------------------------------------------

pub async fn list_workflows(State(st): State<AppState>, Query(qs): Q) -> Response {
    let project = q(&qs, "projectKey");
    if project.is_empty() {
        return bad_request("projectKey is required");
    }
    let w = st.world();
    let view = w
        .views
        .iter()
        .find(|v| v.project == project && v.name == q(&qs, "viewName"));
    let keep = |ty: &str, key: &str| -> bool {
        let Some(v) = view else { return true };
        let enabled: Vec<&ViewEntry> = v
            .entries
            .iter()
            .filter(|e| e.enabled && e.workflow_type == ty)
            .collect();
        // An empty per-type list means no filter for that type (docs/zadig-contract.md §4.1).
        enabled.is_empty() || enabled.iter().any(|e| e.workflow_key == key)
    };
    let mut out: Vec<Value> = w
        .workflows
        .iter()
        .filter(|wf| wf.project() == project && keep("custom", wf.key()))
        .map(|wf| json!({"workflow_key": wf.key(), "workflow_name": wf.display(), "update_by": wf.updated_by,
                         "update_time": wf.update_time, "type": "custom"}))
        .collect();
    let mut products: Vec<Value> = w
        .product_workflows
        .iter()
        .filter(|p| p["project"] == project && keep("product", p["workflow_key"].as_str().unwrap_or("")))
        .map(|p| json!({"workflow_key": p["workflow_key"], "workflow_name": p["workflow_name"], "update_by": p["update_by"],
                        "update_time": p["update_time"], "type": "product"}))
        .collect();
    products.sort_by_key(|p| std::cmp::Reverse(p["update_time"].as_i64().unwrap_or(0)));
    out.extend(products);
    ok(json!({"workflows": out}))
}

pub async fn workflow_detail(
    State(st): State<AppState>,
    Path(name): Path<String>,
    Query(qs): Q,
) -> Response {
    let w = st.world();
    let Some(wf) = w.workflow(&name) else {
        return plain500("mongo: no documents in result");
    };
    let stages: Vec<Value> = wf.def["stages"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            let mut o = json!({"name": s["name"]});
            if s["parallel"].as_bool().unwrap_or(false) {
                o["parallel"] = json!(true);
            }
            if s["jobs"].as_array().is_some_and(|j| !j.is_empty()) {
                o["jobs"] = s["jobs"].clone();
            }
            o
        })
        .collect();
    ok(json!({
        "workflow_key": wf.key(), "workflow_name": wf.display(), "project_key": q(&qs, "projectKey"),
        "description": wf.def["description"].as_str().unwrap_or(""), "created_by": wf.created_by,
        "create_time": wf.create_time, "updated_by": "", "update_time": wf.update_time,
        "params": wf.def["params"].as_array().cloned().unwrap_or_default(), "stages": stages,
        "notify_ctls": wf.def["notify_ctls"].as_array().cloned().unwrap_or_default(),
        "share_storages": wf.def["share_storages"].as_array().cloned().unwrap_or_default(),
        "concurrency_limit": wf.def["concurrency_limit"].as_i64().unwrap_or(-1),
    }))
}

/// The definition as YAML (`GET /api/aslan/workflow/v4/name/:name`).
pub async fn workflow_yaml(State(st): State<AppState>, Path(name): Path<String>) -> Response {
    let w = st.world();
    let Some(wf) = w.workflow(&name) else {
        return biz(6542, "获取工作流失败", "mongo: no documents in result");
    };
    let y = serde_yaml_ng::to_string(&wf.def).unwrap_or_default();
    (
        [(header::CONTENT_TYPE, "application/x-yaml; charset=utf-8")],
        y,
    )
        .into_response()
}

fn parse_definition(body: &Bytes) -> Result<Value, Response> {
    let v: Value = serde_yaml_ng::from_slice(body).map_err(|e| {
        biz(
            6540,
            "新建或更新工作流失败",
            format!("failed to parse workflow: {e}"),
        )
    })?;
    if !v.is_object() {
        return Err(biz(
            6540,
            "新建或更新工作流失败",
            "workflow body must be a mapping",
        ));
    }
    Ok(v)
}

fn lint(w: &crate::model::World, def: &Value) -> Result<(), Response> {
    let name = def["name"].as_str().unwrap_or_default();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(biz(
            6545,
            "工作流预检失败",
            format!("workflow name {name:?} must match ^[a-z0-9-]+$"),
        ));
    }
    if def["display_name"].as_str().unwrap_or_default().is_empty() {
        return Err(biz(6545, "工作流预检失败", "display_name is required"));
    }
    let project = def["project"].as_str().unwrap_or_default();
    if w.project(project).is_none() {
        return Err(biz(
            6545,
            "工作流预检失败",
            format!("project {project:?} not found"),
        ));
    }
    let mut names = std::collections::HashSet::new();
    for st in def["stages"].as_array().cloned().unwrap_or_default() {
        for j in st["jobs"].as_array().cloned().unwrap_or_default() {
            let n = j["name"].as_str().unwrap_or_default().to_string();
            if n.is_empty() || !names.insert(n.clone()) {
                return Err(biz(
                    6545,
                    "工作流预检失败",
                    format!("job name {n:?} is empty or duplicated"),
                ));
            }
        }
    }
    Ok(())
}

pub async fn create_workflow(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    Query(qs): Q,
    body: Bytes,
) -> Response {
    let def = match parse_definition(&body) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut w = st.world();
    if let Err(r) = lint(&w, &def) {
        return r;
    }
    let project = def["project"].as_str().unwrap_or_default().to_string();
    if w.role(&project, &id.uid) != "admin" {
        return empty(403);
    }
    let key = def["name"].as_str().unwrap_or_default().to_string();
    if w.workflow(&key).is_some() {
        return biz(
            6540,
            "新建或更新工作流失败",
            format!("workflow {key} already exists"),
        );
    }
    let t = now();
    w.workflows.push(Workflow {
        def,
        created_by: id.name.clone(),
        create_time: t,
        update_time: t,
        updated_by: id.name.clone(),
    });
    let view = q(&qs, "viewName").to_string();
    if let Some(v) = w
        .views
        .iter_mut()
        .find(|v| v.project == project && v.name == view)
    {
        v.entries.push(ViewEntry {
            workflow_key: key.clone(),
            workflow_name: key,
            workflow_type: "custom".into(),
            enabled: true,
        });
    }
    success()
}

pub async fn update_workflow(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let mut def = match parse_definition(&body) {
        Ok(d) => d,
        Err(r) => return r,
    };
    def["name"] = json!(name);
    let mut w = st.world();
    let Some(existing) = w.workflow(&name) else {
        return biz(6542, "获取工作流失败", "mongo: no documents in result");
    };
    if def["project"].as_str().unwrap_or_default().is_empty() {
        def["project"] = json!(existing.project());
    }
    if let Err(r) = lint(&w, &def) {
        return r;
    }
    if !w.can_execute(def["project"].as_str().unwrap_or_default(), &id.uid) {
        return empty(403);
    }
    let wf = w.workflow_mut(&name).expect("checked above");
    wf.def = def;
    wf.update_time = now();
    wf.updated_by = id.name.clone();
    success()
}

pub async fn delete_workflow(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    Query(qs): Q,
) -> Response {
    let (key, project) = (q(&qs, "workflowKey"), q(&qs, "projectKey"));
    if key.is_empty() || project.is_empty() {
        return bad_request("workflowKey and projectKey are required");
    }
    let mut w = st.world();
    if w.role(project, &id.uid) != "admin" {
        return empty(403);
    }
    let before = w.workflows.len();
    w.workflows.retain(|wf| wf.key() != key);
    if w.workflows.len() == before {
        return biz(6543, "删除工作流失败", "mongo: no documents in result");
    }
    w.tasks.remove(key);
    success()
}

// ---- views -----------------------------------------------------------------------------------

pub async fn list_views(State(st): State<AppState>, Query(qs): Q) -> Response {
    let project = q(&qs, "projectKey");
    if project.is_empty() {
        return bad_request("projectKey is required");
    }
    let w = st.world();
    let out: Vec<Value> = w
        .views
        .iter()
        .filter(|v| v.project == project)
        .map(|v| {
            let wfs: Vec<Value> = v
                .entries
                .iter()
                .filter(|e| e.enabled)
                .map(|e| json!({"workflow_key": e.workflow_key, "workflow_type": e.workflow_type}))
                .collect();
            json!({"name": v.name, "project_key": v.project, "update_time": v.update_time, "update_by": v.update_by, "workflows": wfs})
        })
        .collect();
    ok(json!(out))
}

fn view_entries(list: &Value, require_enabled_field: bool) -> Result<Vec<ViewEntry>, Response> {
    let mut out: Vec<ViewEntry> = Vec::new();
    for e in list.as_array().cloned().unwrap_or_default() {
        let key = gs(&e, "workflow_key").to_string();
        if out.iter().any(|o| o.workflow_key == key) {
            return Err(plain500(format!("duplicated workflow key {key}")));
        }
        let enabled = if require_enabled_field {
            get(&e, "enabled").as_bool().unwrap_or(false)
        } else {
            true
        };
        out.push(ViewEntry {
            workflow_key: key,
            workflow_name: gs(&e, "workflow_name").to_string(),
            workflow_type: gs(&e, "workflow_type").to_string(),
            enabled,
        });
    }
    Ok(out)
}

pub async fn create_view(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    body: Bytes,
) -> Response {
    let Some(b) = parse_json(&body) else {
        return empty(400);
    };
    let (project, name) = (
        gs(&b, "project_key").to_string(),
        gs(&b, "name").to_string(),
    );
    if project.is_empty() || name.is_empty() {
        return bad_request("project_key and name are required");
    }
    let entries = match view_entries(get(&b, "workflow_list"), false) {
        Ok(e) => e,
        Err(r) => return r,
    };
    if entries
        .iter()
        .any(|e| e.workflow_type != "custom" && e.workflow_type != "product")
    {
        return bad_request("workflow_type must be custom or product");
    }
    let mut w = st.world();
    if w.role(&project, &id.uid) != "admin" {
        return empty(403);
    }
    if w.views
        .iter()
        .any(|v| v.project == project && v.name == name)
    {
        return biz(
            6892,
            "创建工作流视图失败",
            format!("view {name} already exists"),
        );
    }
    w.views.push(View {
        project,
        name,
        entries,
        update_time: now(),
        update_by: id.name.clone(),
    });
    success()
}

pub async fn update_view(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    Path(name): Path<String>,
    Query(qs): Q,
    body: Bytes,
) -> Response {
    let Some(b) = parse_json(&body) else {
        return empty(400);
    };
    let project = q(&qs, "projectKey").to_string();
    let incoming = match view_entries(get(&b, "workflow_list"), true) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let mut w = st.world();
    if w.role(&project, &id.uid) != "admin" {
        return empty(403);
    }
    let Some(v) = w
        .views
        .iter_mut()
        .find(|v| v.project == project && v.name == name)
    else {
        return plain500("find workflow view error: mongo: no documents in result");
    };
    for e in incoming {
        if let Some(old) = v
            .entries
            .iter_mut()
            .find(|o| o.workflow_key == e.workflow_key)
        {
            old.enabled = e.enabled;
        } else if e.enabled {
            if e.workflow_type != "custom" && e.workflow_type != "product" {
                return bad_request("workflow_type must be custom or product");
            }
            v.entries.push(e);
        }
    }
    v.update_time = now();
    v.update_by = id.name.clone();
    success()
}

pub async fn delete_view(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    Path(name): Path<String>,
    Query(qs): Q,
) -> Response {
    let project = q(&qs, "projectKey").to_string();
    let mut w = st.world();
    if w.role(&project, &id.uid) != "admin" {
        return empty(403);
    }
    let before = w.views.len();
    w.views
        .retain(|v| !(v.project == project && v.name == name));
    if w.views.len() == before {
        return biz(
            6894,
            "delete workflow view error: mongo: no documents in result",
            "find workflow view error: mongo: no documents in result",
        );
    }
    success()
}

// ---- tasks -----------------------------------------------------------------------------------

pub async fn list_tasks(
    State(st): State<AppState>,
    Path(name): Path<String>,
    Query(qs): Q,
) -> Response {
    let project = q(&qs, "projectKey");
    let num = q(&qs, "pageNum")
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .unwrap_or(1);
    let size = q(&qs, "pageSize")
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .unwrap_or(10);
    let w = st.world();
    let mut tasks: Vec<&Task> = w
        .tasks
        .get(&name)
        .map(|v| v.iter().filter(|t| t.project_key == project).collect())
        .unwrap_or_default();
    tasks.sort_by_key(|t| std::cmp::Reverse((t.create_time, t.id)));
    let total = tasks.len();
    let page: Vec<Value> = tasks
        .iter()
        .skip((num - 1) * size)
        .take(size)
        .map(|t| task_list_item(t))
        .collect();
    ok(json!({"total": total, "workflow_tasks": page}))
}

fn task_query(
    qs: &HashMap<String, String>,
    body: Option<&Value>,
) -> Result<(i64, String), Response> {
    let (mut id, mut key) = (
        q(qs, "taskId").to_string(),
        q(qs, "workflowKey").to_string(),
    );
    if let Some(b) = body {
        if id.is_empty() {
            id = get(b, "task_id")
                .as_i64()
                .map(|i| i.to_string())
                .unwrap_or_default();
        }
        if key.is_empty() {
            key = gs(b, "workflow_key").to_string();
        }
    }
    let id = id.parse::<i64>().map_err(|_| empty(400))?;
    if key.is_empty() {
        return Err(bad_request("workflowKey is required"));
    }
    Ok((id, key))
}

pub async fn task_detail(State(st): State<AppState>, Query(qs): Q) -> Response {
    let (id, key) = match task_query(&qs, None) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let w = st.world();
    match w.task(&key, id) {
        Some(t) => ok(task_json(t)),
        None => plain500("mongo: no documents in result"),
    }
}

pub async fn execute(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    body: Bytes,
) -> Response {
    let Some(b) = parse_json(&body) else {
        return empty(400);
    };
    let key = gs(&b, "workflow_key").to_string();
    let project = gs(&b, "project_key").to_string();
    let mut w = st.world();
    if !w.can_execute(&project, &id.uid) {
        return empty(403);
    }
    let Some(wf) = w.workflow(&key).cloned() else {
        return biz(
            6542,
            "获取工作流失败",
            format!("cannot find workflow {key}: mongo: no documents in result"),
        );
    };
    if wf.def["enable_approval_ticket"].as_bool().unwrap_or(false) {
        return biz(6160, "创建工作流任务失败", format!("workflow {key} requires an approval ticket and cannot be executed through the OpenAPI"));
    }
    // Workflow parameters: the workflow's declared type decides (docs/zadig-contract.md §4.6 item 3).
    let mut params = wf.def["params"].as_array().cloned().unwrap_or_default();
    for p in get(&b, "parameters")
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let name = gs(&p, "name");
        let Some(decl) = params.iter_mut().find(|d| d["name"] == name) else {
            return plain500(format!("failed to find parameter {name} in workflow {key}"));
        };
        match decl["type"].as_str().unwrap_or("string") {
            "string" | "text" => decl["value"] = get(&p, "value").clone(),
            "choice" => {
                let v = gs(&p, "value");
                let opts = decl["choice_option"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if !opts.iter().any(|o| o == v) {
                    return plain500(format!("invalid choice value {v} for param {name}"));
                }
                decl["value"] = json!(v);
            }
            "repo" => {
                let r = get(&p, "repo");
                let repo = &mut decl["repo"];
                if repo["repo_namespace"] == get(r, "repo_namespace").clone()
                    && repo["repo_name"] == get(r, "repo_name").clone()
                    && !gs(r, "codehost_name").is_empty()
                {
                    if !gs(r, "branch").is_empty() {
                        repo["branch"] = get(r, "branch").clone();
                    }
                    if get(r, "prs").is_array() {
                        repo["prs"] = get(r, "prs").clone();
                    }
                }
            }
            _ => {} // multi-select and file are silently ignored by the OpenAPI.
        }
    }
    let mut inputs: HashMap<String, Value> = HashMap::new();
    for i in get(&b, "inputs").as_array().cloned().unwrap_or_default() {
        let p = get(&i, "parameters");
        inputs.insert(
            gs(&i, "job_name").to_string(),
            if p.is_null() { json!({}) } else { p.clone() },
        );
    }
    let known: Vec<String> = wf.def["stages"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["jobs"].as_array().cloned().unwrap_or_default())
        .map(|j| j["name"].as_str().unwrap_or("").to_string())
        .collect();
    if let Some(unknown) = inputs.keys().find(|k| !known.contains(k)) {
        return plain500(format!("job {unknown} not found in workflow {key}"));
    }
    let notify = wf.def["notify_ctls"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for n in get(&b, "notify_inputs")
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let idx = get(&n, "id").as_i64().unwrap_or(-1);
        let Some(ctl) = usize::try_from(idx).ok().and_then(|i| notify.get(i)) else {
            continue;
        };
        let ty = gs(&n, "type");
        if ctl["webhook_type"] != ty {
            continue;
        }
        let cfg_key = match ty {
            "feishu" => "lark_hook_notification_config",
            "feishu_app" => "lark_group_notification_config",
            "feishu_person" => "lark_person_notification_config",
            "dingding" => "dingding_notification_config",
            "wechat" => "wechat_notification_config",
            "msteams" => "msteams_notification_config",
            "mail" => "mail_notification_config",
            _ => "webhook_notification_config",
        };
        if !get(&n, cfg_key).is_object() {
            return plain500("runtime error: invalid memory address or nil pointer dereference");
        }
    }
    if let Some(problem) = crate::plan::flood_problem(&b) {
        return bad_request(problem);
    }
    let task_id = w.next_task_id(&key);
    // Planning reads whatever the body holds: a shape it does not expect is the caller's error
    // (a 400), and never a panic while the world is locked.
    let planned = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build_stages(&w, &wf.def, &inputs, task_id, &id.name, &id.uid)
    }));
    let stages = match planned {
        Ok(Ok(s)) => s,
        Ok(Err(PlanError::Biz(code, msg, desc))) => return biz(code, msg, desc),
        Ok(Err(PlanError::Plain(desc))) => return plain500(desc),
        Err(_) => return bad_request("the inputs do not have the shape of this workflow's jobs"),
    };
    let task = Task {
        id: task_id,
        workflow_key: key.clone(),
        workflow_name: wf.display().to_string(),
        project_key: wf.project().to_string(),
        status: "waiting".into(),
        creator: id.name.clone(),
        creator_uid: id.uid.clone(),
        revoker: None,
        create_time: now(),
        start_time: 0,
        end_time: 0,
        remark: String::new(),
        params,
        is_restart: false,
        stages,
        error: String::new(),
        args: b.clone(),
    };
    w.tasks.entry(key.clone()).or_default().push(task);
    w.wake(&key);
    ok(json!({"project_name": wf.project(), "workflow_name": key, "task_id": task_id}))
}

pub async fn cancel(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    Query(qs): Q,
    body: Bytes,
) -> Response {
    let b = parse_json(&body);
    let (tid, key) = match task_query(&qs, b.as_ref()) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut w = st.world();
    let Some(t) = w.task_mut(&key, tid) else {
        return biz(6163, "取消工作流任务失败", "mongo: no documents in result");
    };
    match engine::cancel(t, &id.name) {
        Ok(()) => success(),
        Err(e) => biz(6163, "取消工作流任务失败", e),
    }
}

pub async fn retry(
    State(st): State<AppState>,
    Path((name, tid)): Path<(String, String)>,
) -> Response {
    let Ok(tid) = tid.parse::<i64>() else {
        return empty(400);
    };
    let mut w = st.world();
    let Some(t) = w.task_mut(&name, tid) else {
        return biz(6161, "获取工作流任务失败", "mongo: no documents in result");
    };
    match engine::retry(t) {
        Ok(()) => {
            w.wake(&name);
            success()
        }
        Err(e) => plain500(e),
    }
}

pub async fn remark(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    Path((name, tid)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let Ok(tid) = tid.parse::<i64>() else {
        return empty(400);
    };
    let Some(b) = parse_json(&body) else {
        return empty(400);
    };
    let mut w = st.world();
    let project = w
        .workflow(&name)
        .map(|wf| wf.project().to_string())
        .unwrap_or_default();
    if !w.can_execute(&project, &id.uid) {
        return empty(403);
    }
    let Some(t) = w.task_mut(&name, tid) else {
        return biz(6161, "获取工作流任务失败", "mongo: no documents in result");
    };
    t.remark = gs(&b, "remark").to_string();
    success()
}

pub async fn approve(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    body: Bytes,
) -> Response {
    let Some(b) = parse_json(&body) else {
        return plain500("invalid character in approve request");
    };
    let key = gs(&b, "workflow_key").to_string();
    let stage = gs(&b, "stage_name").to_string();
    let tid = get(&b, "task_id").as_i64().unwrap_or(0);
    if key.is_empty() || stage.is_empty() || tid == 0 {
        return biz(
            6169,
            "审批工作流任务失败",
            "workflow_key, task_id and stage_name are required",
        );
    }
    let mut w = st.world();
    let Some(t) = w.task_mut(&key, tid) else {
        return biz(
            6169,
            "审批工作流任务失败",
            format!("not found approval: {key}-{stage}-{tid}"),
        );
    };
    match engine::approve(
        t,
        &stage,
        &id.uid,
        &id.name,
        get(&b, "approve").as_bool().unwrap_or(false),
        gs(&b, "comment"),
    ) {
        Ok(()) => success(),
        Err(e) => biz(6169, "审批工作流任务失败", e),
    }
}

pub async fn manual_exec_get(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    Path((name, tid)): Path<(String, String)>,
    Query(qs): Q,
) -> Response {
    let Ok(tid) = tid.parse::<i64>() else {
        return empty(400);
    };
    let w = st.world();
    let project = q(&qs, "projectKey");
    let can = w.can_execute(project, &id.uid);
    match w.task(&name, tid) {
        Some(t) => ok(engine::manual_exec_context(t, project, can)),
        None => biz(6161, "获取工作流任务失败", "mongo: no documents in result"),
    }
}

pub async fn manual_exec_post(
    State(st): State<AppState>,
    Extension(id): Extension<Identity>,
    Path((name, tid)): Path<(String, String)>,
    Query(qs): Q,
    body: Bytes,
) -> Response {
    let Ok(tid) = tid.parse::<i64>() else {
        return empty(400);
    };
    let Some(b) = parse_json(&body) else {
        return empty(400);
    };
    let mut w = st.world();
    if !w.can_execute(q(&qs, "projectKey"), &id.uid) {
        return empty(403);
    }
    let Some(t) = w.task_mut(&name, tid) else {
        return biz(6161, "获取工作流任务失败", "mongo: no documents in result");
    };
    match engine::manual_exec(t, gs(&b, "stage_name")) {
        Ok(()) => success(),
        Err(e) => plain500(e),
    }
}

pub async fn handle_error(State(st): State<AppState>, body: Bytes) -> Response {
    let Some(b) = parse_json(&body) else {
        return empty(400);
    };
    let mut w = st.world();
    let Some(t) = w.task_mut(
        gs(&b, "workflow_name"),
        get(&b, "task_id").as_i64().unwrap_or(0),
    ) else {
        return biz(6161, "获取工作流任务失败", "mongo: no documents in result");
    };
    match engine::handle_error(t, gs(&b, "job_name"), gs(&b, "decision")) {
        Ok(()) => success(),
        Err(e) => plain500(e),
    }
}

/// The arguments a past task ran with, for "run again" (internal clone endpoint).
pub async fn clone_task(
    State(st): State<AppState>,
    Path((name, tid)): Path<(String, String)>,
) -> Response {
    let Ok(tid) = tid.parse::<i64>() else {
        return empty(400);
    };
    let w = st.world();
    let Some(t) = w.task(&name, tid) else {
        return plain500("mongo: no documents in result");
    };
    if w.knobs.clone_shape == "args" {
        return ok(t.args.clone());
    }
    match w.workflow(&name) {
        Some(wf) => ok(crate::plan::workflow_as_run(&wf.def, &t.params, &t.args)),
        None => plain500("mongo: no documents in result"),
    }
}

// ---- projects, environments, registries, tickets ------------------------------------------------

pub async fn list_projects(State(st): State<AppState>) -> Response {
    let w = st.world();
    let items: Vec<Value> = w
        .projects
        .iter()
        .map(|p| json!({"project_name": p.name, "project_key": p.key, "description": p.description, "deploy_type": "k8s"}))
        .collect();
    ok(json!({"total": items.len(), "projects": items}))
}

pub async fn project_detail(State(st): State<AppState>, Query(qs): Q) -> Response {
    let w = st.world();
    match w.project(q(&qs, "projectKey")) {
        Some(p) => ok(
            json!({"project_name": p.name, "project_key": p.key, "description": p.description,
                             "deploy_type": "k8s", "create_time": 1_700_000_000, "created_by": "admin"}),
        ),
        None => bad_request("project not found"),
    }
}

pub async fn list_envs(State(st): State<AppState>, Query(qs): Q) -> Response {
    let project = q(&qs, "projectKey");
    if project.is_empty() {
        return bad_request("projectKey is required");
    }
    let w = st.world();
    let list: Vec<Value> = w
        .envs
        .get(project)
        .map(|l| l.iter().map(crate::envs::brief).collect())
        .unwrap_or_default();
    ok(json!(list))
}

/// `GET /openapi/environments/:name?projectKey=`: a non-production environment's detail.
pub async fn env_detail(
    State(st): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    Query(qs): Q,
) -> Response {
    env_detail_of(&st, &qs, &name, false)
}

/// `GET /openapi/environments/production/:name?projectKey=`.
pub async fn env_detail_production(
    State(st): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    Query(qs): Q,
) -> Response {
    env_detail_of(&st, &qs, &name, true)
}

fn env_detail_of(
    st: &AppState,
    qs: &HashMap<String, String>,
    name: &str,
    production: bool,
) -> Response {
    let project = q(qs, "projectKey");
    if project.is_empty() {
        return bad_request("projectKey is required");
    }
    match crate::envs::detail(&st.world(), project, name, production) {
        Some(d) => ok(d),
        // Zadig answers a missing environment with a plain 500 (mongo: no documents).
        None => biz(6060, "获取环境失败", "mongo: no documents in result"),
    }
}

pub async fn list_registries(State(st): State<AppState>) -> Response {
    ok(json!(st.world().registries))
}

pub async fn create_ticket(State(st): State<AppState>, body: Bytes) -> Response {
    let Some(b) = parse_json(&body) else {
        return empty(400);
    };
    if gs(&b, "approval_id").is_empty() || gs(&b, "project_key").is_empty() {
        return biz(
            7100,
            "创建审批单失败",
            "approval_id and project_key are required",
        );
    }
    let (start, end) = (
        get(&b, "execution_window_start").as_i64().unwrap_or(0),
        get(&b, "execution_window_end").as_i64().unwrap_or(0),
    );
    if end != 0 && start > end {
        return biz(
            7100,
            "创建审批单失败",
            "execution_window_start must not be after execution_window_end",
        );
    }
    let mut w = st.world();
    if !w.knobs.license {
        return biz(
            7050,
            "License 无效",
            "this feature needs a ZadigX professional license",
        );
    }
    if w.project(gs(&b, "project_key")).is_none() {
        return biz(
            7100,
            "创建审批单失败",
            format!("project {} not found", gs(&b, "project_key")),
        );
    }
    w.tickets.push(b);
    success()
}

// ---- fallbacks -------------------------------------------------------------------------------

pub async fn not_found(uri: Uri) -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("Invalid path: {}", uri.path()),
    )
        .into_response()
}

pub async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("Method not allowed: {method} {}", uri.path()),
    )
        .into_response()
}

// ---- complete logs ---------------------------------------------------------------------------

pub async fn full_log(
    State(st): State<AppState>,
    Path((wf, tid, job)): Path<(String, String, String)>,
) -> Response {
    let text = {
        let w = st.world();
        let delay = w.knobs.log_upload_delay_ms;
        let job = tid
            .parse::<i64>()
            .ok()
            .and_then(|id| w.task(&wf, id))
            .and_then(|t| {
                t.stages
                    .iter()
                    .flat_map(|s| s.jobs.iter())
                    .find(|j| j.name == job)
                    .cloned()
            });
        match job {
            Some(j) if job_done(&j.status) => {
                let uploaded = j
                    .log
                    .finished_at
                    .read()
                    .unwrap()
                    .map(|at| at.elapsed().as_millis() as u64 >= delay)
                    .unwrap_or(false);
                if uploaded {
                    let lines = j.log.lines.read().unwrap();
                    let mut s = lines.join("\n");
                    if !s.is_empty() {
                        s.push('\n');
                    }
                    s
                } else {
                    String::new()
                }
            }
            _ => String::new(),
        }
    };
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

pub async fn full_log_internal(
    st: State<AppState>,
    Path((wf, tid, job)): Path<(String, String, String)>,
) -> Response {
    full_log(st, Path((wf, tid, job))).await
}
