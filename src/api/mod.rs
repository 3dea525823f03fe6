//! Zadig's API: one typed function per endpoint. Views call these and nothing else.

pub mod client;
pub mod decode;
pub mod error;
pub mod ids;
pub mod json;
pub mod requests;
pub mod stream;
pub mod types;

use gloo_net::http::Method;
use serde::Serialize;

pub use client::{AuthMode, Client};
pub use error::ApiError;
pub use ids::{JobTaskName, TaskId, WorkflowKey};
use requests::*;
use types::*;

use crate::net::url::{enc, query};

/// What an endpoint answers: its typed data, or why there is none.
type Reply<T> = Result<T, ApiError>;

/// `GET /openapi/projects/project`.
pub async fn list_projects(c: &Client) -> Reply<Vec<Project>> {
    let list: ProjectList = c
        .get_decoded("/openapi/projects/project?pageNum=1&pageSize=1000")
        .await?;
    Ok(list.into_vec())
}

/// `GET /openapi/projects/project/detail`.
pub async fn project_detail(c: &Client, project: &str) -> Reply<Project> {
    c.get_decoded(&format!(
        "/openapi/projects/project/detail?{}",
        query(&[("projectKey", project)])
    ))
    .await
}

/// `GET /openapi/environments`.
pub async fn list_environments(c: &Client, project: &str) -> Reply<Vec<Environment>> {
    c.get_json(&format!(
        "/openapi/environments?{}",
        query(&[("projectKey", project)])
    ))
    .await
}

/// `GET /openapi/environments/:name` (or `/openapi/environments/production/:name`): what runs
/// in an environment, per service its containers and images (kept as JSON: only
/// `domain::ships::running` reads it).
pub async fn environment_detail(
    c: &Client,
    project: &str,
    env: &str,
    production: bool,
) -> Reply<serde_json::Value> {
    c.get_json(&format!(
        "/openapi/environments/{}{}?{}",
        if production { "production/" } else { "" },
        crate::net::url::enc(env),
        query(&[("projectKey", project)])
    ))
    .await
}

/// `GET /openapi/system/registry`.
pub async fn list_registries(c: &Client) -> Reply<Vec<Registry>> {
    c.get_json("/openapi/system/registry").await
}

/// `GET /openapi/workflows`.
pub async fn list_workflows(
    c: &Client,
    project: &str,
    view: Option<&str>,
) -> Reply<Vec<WorkflowSummary>> {
    let q = query(&[("projectKey", project), ("viewName", view.unwrap_or(""))]);
    let list: WorkflowList = c.get_decoded(&format!("/openapi/workflows?{q}")).await?;
    Ok(list.workflows)
}

/// `GET /openapi/workflows/view`.
pub async fn list_views(c: &Client, project: &str) -> Reply<Vec<View>> {
    c.get_decoded(&format!(
        "/openapi/workflows/view?{}",
        query(&[("projectKey", project)])
    ))
    .await
}

/// `POST /openapi/workflows/view`.
pub async fn create_view(c: &Client, body: &CreateViewRequest) -> Reply<()> {
    c.send_json_void(Method::POST, "/openapi/workflows/view", body)
        .await
}

/// `PUT /openapi/workflows/view/:name`.
pub async fn update_view(
    c: &Client,
    project: &str,
    name: &str,
    body: &UpdateViewRequest,
) -> Reply<()> {
    let path = format!(
        "/openapi/workflows/view/{}?{}",
        enc(name),
        query(&[("projectKey", project)])
    );
    c.send_json_void(Method::PUT, &path, body).await
}

/// `DELETE /openapi/workflows/view/:name`.
pub async fn delete_view(c: &Client, project: &str, name: &str) -> Reply<()> {
    c.send_void(
        Method::DELETE,
        &format!(
            "/openapi/workflows/view/{}?{}",
            enc(name),
            query(&[("projectKey", project)])
        ),
        None,
    )
    .await
}

/// `GET /openapi/workflows/custom/:key/detail`.
pub async fn workflow_detail(
    c: &Client,
    project: &str,
    key: &WorkflowKey,
) -> Reply<WorkflowDetail> {
    c.get_json(&format!(
        "/openapi/workflows/custom/{}/detail?{}",
        enc(key.as_str()),
        query(&[("projectKey", project)])
    ))
    .await
}

/// The definition as YAML (`GET /api/aslan/workflow/v4/name/:name`).
pub async fn workflow_yaml(c: &Client, key: &WorkflowKey) -> Reply<String> {
    c.get_text(&format!(
        "/api/aslan/workflow/v4/name/{}",
        enc(key.as_str())
    ))
    .await
}

fn falls_back(e: &ApiError) -> bool {
    matches!(e, ApiError::NotFound { .. }) || matches!(e.status(), Some(405))
}

/// Creates a workflow from YAML or JSON: the v5 OpenAPI path, else the internal one.
pub async fn create_workflow(c: &Client, body: &str, view: Option<&str>) -> Reply<()> {
    let q = query(&[("viewName", view.unwrap_or(""))]);
    let suffix = if q.is_empty() {
        String::new()
    } else {
        format!("?{q}")
    };
    match c
        .send_void(
            Method::POST,
            &format!("/openapi/workflows/custom{suffix}"),
            Some(("application/yaml", body)),
        )
        .await
    {
        Err(e) if falls_back(&e) => {
            c.send_void(
                Method::POST,
                &format!("/api/aslan/workflow/v4{suffix}"),
                Some(("application/yaml", body)),
            )
            .await
        }
        r => r,
    }
}

/// Updates a workflow: the v5 OpenAPI path, else the internal one.
pub async fn update_workflow(
    c: &Client,
    project: &str,
    key: &WorkflowKey,
    body: &str,
) -> Reply<()> {
    match c
        .send_void(
            Method::PUT,
            &format!("/openapi/workflows/custom/{}", enc(key.as_str())),
            Some(("application/yaml", body)),
        )
        .await
    {
        Err(e) if falls_back(&e) => {
            let path = format!(
                "/api/aslan/workflow/v4/{}?{}",
                enc(key.as_str()),
                query(&[("projectName", project)])
            );
            c.send_void(Method::PUT, &path, Some(("application/yaml", body)))
                .await
        }
        r => r,
    }
}

/// `DELETE /openapi/workflows/custom`.
pub async fn delete_workflow(c: &Client, project: &str, key: &WorkflowKey) -> Reply<()> {
    c.send_void(
        Method::DELETE,
        &format!(
            "/openapi/workflows/custom?{}",
            query(&[("workflowKey", key.as_str()), ("projectKey", project)])
        ),
        None,
    )
    .await
}

/// `GET /openapi/workflows/custom/:key/tasks` (1-based pages).
pub async fn list_tasks(
    c: &Client,
    project: &str,
    key: &WorkflowKey,
    page: u32,
    size: u32,
) -> Reply<TaskList> {
    let q = query(&[
        ("projectKey", project),
        ("pageNum", &page.to_string()),
        ("pageSize", &size.to_string()),
    ]);
    c.get_decoded(&format!(
        "/openapi/workflows/custom/{}/tasks?{q}",
        enc(key.as_str())
    ))
    .await
}

/// `GET /openapi/workflows/custom/task`.
pub async fn task_detail(c: &Client, key: &WorkflowKey, task: TaskId) -> Reply<TaskDetail> {
    c.get_json(&format!(
        "/openapi/workflows/custom/task?{}",
        query(&[("taskId", &task.to_string()), ("workflowKey", key.as_str())])
    ))
    .await
}

/// What a server answers for a past task's arguments, by its shape.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskArgs {
    /// An execute body (`inputs`, `parameters`): read job by job by the run form.
    Request(serde_json::Value),
    /// The workflow as it ran (`stages`).
    Definition(Box<WorkflowDetail>),
    /// Neither.
    Unknown,
}

impl TaskArgs {
    /// Tells the two shapes apart.
    pub fn from_value(v: serde_json::Value) -> TaskArgs {
        if v.get("inputs").is_some() {
            TaskArgs::Request(v)
        } else if v.get("stages").is_some() {
            decode::lenient(v).map_or(TaskArgs::Unknown, |d| TaskArgs::Definition(Box::new(d)))
        } else {
            TaskArgs::Unknown
        }
    }
}

/// A past task's arguments (`GET /api/aslan/workflow/v4/workflowtask/clone/...`): either an
/// execute body or the workflow as it ran, depending on the server; read by the run form.
/// `projectName` is what newer servers check the person's permission against.
pub async fn task_args(
    c: &Client,
    project: &str,
    key: &WorkflowKey,
    task: TaskId,
) -> Reply<TaskArgs> {
    let v: serde_json::Value = c
        .get_json(&format!(
            "/api/aslan/workflow/v4/workflowtask/clone/workflow/{}/task/{task}?{}",
            enc(key.as_str()),
            query(&[("projectName", project)])
        ))
        .await?;
    Ok(TaskArgs::from_value(v))
}

/// `POST /openapi/workflows/custom/task`. Never retried.
pub async fn execute(c: &Client, body: &impl Serialize) -> Reply<ExecuteResponse> {
    c.send_json(Method::POST, "/openapi/workflows/custom/task", body)
        .await
}

/// `DELETE /openapi/workflows/custom/task` (query form, v3.4+).
pub async fn cancel_task(c: &Client, key: &WorkflowKey, task: TaskId) -> Reply<()> {
    c.send_void(
        Method::DELETE,
        &format!(
            "/openapi/workflows/custom/task?{}",
            query(&[("taskId", &task.to_string()), ("workflowKey", key.as_str())])
        ),
        None,
    )
    .await
}

/// `POST /openapi/workflows/custom/:key/task/:id`.
pub async fn retry_task(c: &Client, project: &str, key: &WorkflowKey, task: TaskId) -> Reply<()> {
    c.send_void(
        Method::POST,
        &format!(
            "/openapi/workflows/custom/{}/task/{task}?{}",
            enc(key.as_str()),
            query(&[("projectKey", project)])
        ),
        None,
    )
    .await
}

/// `POST /openapi/workflows/custom/task/approve`.
pub async fn approve(c: &Client, body: &ApproveRequest) -> Reply<()> {
    c.send_json_void(Method::POST, "/openapi/workflows/custom/task/approve", body)
        .await
}

/// `PUT /openapi/workflows/custom/:key/task/:id` with `{"remark"}` (v3.3+).
pub async fn set_remark(c: &Client, key: &WorkflowKey, task: TaskId, remark: &str) -> Reply<()> {
    let path = format!(
        "/openapi/workflows/custom/{}/task/{task}",
        enc(key.as_str())
    );
    c.send_json_void(Method::PUT, &path, &serde_json::json!({ "remark": remark }))
        .await
}

/// `GET …/task/:id/manual-exec` (v5).
pub async fn manual_exec_context(
    c: &Client,
    project: &str,
    key: &WorkflowKey,
    task: TaskId,
) -> Reply<ManualExecContext> {
    c.get_json(&format!(
        "/openapi/workflows/custom/{}/task/{task}/manual-exec?{}",
        enc(key.as_str()),
        query(&[("projectKey", project)])
    ))
    .await
}

/// `POST …/task/:id/manual-exec` with `{"stage_name"}` (v5): resumes a paused stage.
pub async fn manual_exec(
    c: &Client,
    project: &str,
    key: &WorkflowKey,
    task: TaskId,
    stage: &str,
) -> Reply<()> {
    let path = format!(
        "/openapi/workflows/custom/{}/task/{task}/manual-exec?{}",
        enc(key.as_str()),
        query(&[("projectKey", project)])
    );
    c.send_json_void(
        Method::POST,
        &path,
        &serde_json::json!({ "stage_name": stage }),
    )
    .await
}

/// `POST /openapi/ticket/approval`.
pub async fn create_ticket(c: &Client, body: &TicketRequest) -> Reply<()> {
    c.send_json_void(Method::POST, "/openapi/ticket/approval", body)
        .await
}

/// The log path of a job task (`job` is `stages[].jobs[].name` from the task detail).
pub fn log_path(kind: &str, workflow: &WorkflowKey, task: TaskId, job: &JobTaskName) -> String {
    format!(
        "/openapi/logs/{kind}/v4/workflow/{}/{task}/{}",
        enc(workflow.as_str()),
        enc(job.as_str())
    )
}

/// `GET /openapi/logs/log/v4/workflow/:wf/:task/:job`: the complete log (empty while running).
pub async fn full_log(
    c: &Client,
    workflow: &WorkflowKey,
    task: TaskId,
    job: &JobTaskName,
) -> Reply<String> {
    c.get_text(&log_path("log", workflow, task, job)).await
}

/// The live-log EventSource URL (whole log: tail `-1`).
pub fn log_stream_url(
    c: &Client,
    workflow: &WorkflowKey,
    task: TaskId,
    job: &JobTaskName,
    tail: i64,
) -> String {
    c.stream_url(&format!("{}/{tail}", log_path("sse", workflow, task, job)))
}

#[cfg(test)]
mod tests {
    use super::TaskArgs;
    use serde_json::json;

    #[test]
    fn a_past_tasks_arguments_are_told_apart_by_shape() {
        let body = json!({"inputs": [], "parameters": []});
        assert_eq!(TaskArgs::from_value(body.clone()), TaskArgs::Request(body));
        let ran = TaskArgs::from_value(json!({"name": "w", "stages": []}));
        assert!(matches!(ran, TaskArgs::Definition(d) if d.stages.is_empty()));
        assert_eq!(
            TaskArgs::from_value(json!({"stages": 7})),
            TaskArgs::Unknown
        );
        assert_eq!(TaskArgs::from_value(json!(null)), TaskArgs::Unknown);
        assert_eq!(
            TaskArgs::from_value(json!({"message": "x"})),
            TaskArgs::Unknown
        );
    }
}
