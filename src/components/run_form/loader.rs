//! Reading what the run form needs: the workflow, the registry and environment lists when its
//! jobs need them, and the first values (a past task's arguments, the link, or a draft).

use crate::api::types::{TaskId, WorkflowDetail, WorkflowKey};
use crate::api::{self, ApiError, TaskArgs};
use crate::browser::local_get;
use crate::domain::run::jobs::Needs;
use crate::domain::run::{draft_key, Draft, JobType, RunSchema, SchemaInput, Values};

/// Where the first values came from.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Origin {
    Defaults,
    Draft,
    Task { id: TaskId, partly: bool },
    TaskFailed(TaskId),
    Link,
}

#[derive(Clone)]
pub(super) struct Loaded {
    pub schema: RunSchema,
    pub initial: Values,
    pub origin: Origin,
    /// Link fields that were not taken (credentials, unknown paths).
    pub refused: Vec<String>,
    /// Why the registry or environment list could not be read (those fields become free text).
    pub registries_failed: Option<ApiError>,
    pub envs_failed: Option<ApiError>,
}

impl Loaded {
    /// A schema already read, from its defaults or `initial` (browser tests, pages that build the
    /// schema themselves).
    pub fn given(schema: RunSchema, initial: Values) -> Loaded {
        Loaded {
            schema,
            initial,
            origin: Origin::Defaults,
            refused: vec![],
            registries_failed: None,
            envs_failed: None,
        }
    }
}

/// Whether any job that runs needs this list.
fn needs(d: &WorkflowDetail, list: impl Fn(Needs) -> bool) -> bool {
    d.stages
        .iter()
        .flat_map(|s| s.jobs.iter())
        .any(|j| j.run_policy != "skip" && list(JobType::from_wire(&j.kind).needs()))
}

/// A list read on the side: its items, or why it could not be read.
fn split<V>(r: Option<Result<V, ApiError>>) -> (Option<V>, Option<ApiError>) {
    match r {
        Some(Ok(v)) => (Some(v), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    }
}

/// Reads everything the form for `workflow` starts from.
pub(super) async fn load(
    c: api::Client,
    project: String,
    workflow: WorkflowKey,
    from: Option<TaskId>,
    query: Vec<(String, String)>,
) -> Result<Loaded, ApiError> {
    let d = api::workflow_detail(&c, &project, &workflow).await?;
    let (regs, envs) = futures::join!(
        async {
            if needs(&d, |n| n.registries) {
                Some(api::list_registries(&c).await)
            } else {
                None
            }
        },
        async {
            if needs(&d, |n| n.envs) {
                Some(api::list_environments(&c, &project).await)
            } else {
                None
            }
        }
    );
    let (regs, registries_failed) = split(regs);
    let (envs, envs_failed) = split(envs);
    let mut d = d;
    if d.project_key.is_empty() {
        d.project_key = project.clone();
    }
    if d.workflow_key.is_empty() {
        d.workflow_key = workflow.clone();
    }
    let input = |detail| SchemaInput {
        detail,
        registries: regs.as_deref(),
        envs: envs.as_deref(),
    };
    let schema = RunSchema::new(input(&d));
    let (from_url, refused) = schema.from_query(&query);
    // A secret that came in a link is never used, and leaves the address bar at once.
    let secrets: Vec<String> = query
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| schema.is_credential(k))
        .collect();
    if !secrets.is_empty() {
        crate::browser::drop_query_keys(&secrets);
    }
    let mut origin = Origin::Defaults;
    let mut initial = Values::new();
    if let Some(id) = from {
        origin = Origin::Task { id, partly: false };
        match api::task_args(&c, &project, &workflow, id).await {
            Ok(TaskArgs::Request(v)) => {
                initial = schema.values_from_request(&schema.request_from_args(&v));
            }
            Ok(TaskArgs::Definition(ran)) => {
                initial = schema.keep(&RunSchema::new(input(&ran)).defaults());
            }
            Ok(TaskArgs::Unknown) | Err(_) => match api::task_detail(&c, &workflow, id).await {
                Ok(t) => {
                    initial = schema.values_from_task(&t);
                    origin = Origin::Task { id, partly: true };
                }
                Err(_) => origin = Origin::TaskFailed(id),
            },
        }
    } else if !from_url.is_empty() || !refused.is_empty() {
        origin = Origin::Link;
    } else if let Some(draft) = local_get(&draft_key(&schema.project, &schema.workflow))
        .and_then(|s| serde_json::from_str::<Draft>(&s).ok())
    {
        initial = schema.keep(&draft.values);
        if !initial.is_empty() {
            origin = Origin::Draft;
        }
    }
    initial.extend(from_url);
    Ok(Loaded {
        schema,
        initial,
        origin,
        refused,
        registries_failed,
        envs_failed,
    })
}
