//! One inbox across projects: every approval waiting for the signed-in person, oldest first.
//!
//! Zadig's OpenAPI has no "waiting for me" query, so the console looks for them: the projects
//! the person can see, each project's workflows, each workflow's newest tasks, and the detail of
//! every task that has not finished (an approval waits inside a running task). What it found,
//! and how many lookups failed, is what the inbox and the count in the top bar show.

use crate::api::types::{TaskDetail, TaskId, WorkflowKey};
use crate::domain::approval::{pending_for, Pending};
use crate::domain::embed::Scope;

/// Tasks per workflow looked at (the newest).
pub const RECENT_TASKS: u32 = 20;

/// Lookups made at once.
pub const AT_ONCE: usize = 4;

/// How often the inbox is looked for again (ms) while the tab is visible; after a failure the
/// wait grows (see `net::backoff`).
pub const REFRESH_MS: u32 = 30_000;

/// The highest count the top bar writes out; more is "99+".
pub const COUNT_CAP: usize = 99;

/// One approval waiting for the person.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    pub project: String,
    pub workflow: WorkflowKey,
    /// The workflow's display name (may be empty).
    pub display_name: String,
    pub task: TaskId,
    /// Who started the task.
    pub creator: String,
    pub pending: Pending,
    /// When it was found (Unix seconds): the time left counts down from here.
    pub found_at: i64,
    /// The task as it was read, for the approval dialog.
    pub detail: std::sync::Arc<TaskDetail>,
}

impl Waiting {
    /// What identifies the row across refreshes.
    pub fn key(&self) -> (String, WorkflowKey, TaskId, String) {
        (
            self.project.clone(),
            self.workflow.clone(),
            self.task,
            self.pending.key.clone(),
        )
    }

    /// Seconds left at `now`, counting down from when it was found (never below 0).
    pub fn left_at(&self, now: i64) -> Option<i64> {
        self.pending
            .time_left
            .map(|l| (l - (now - self.found_at).max(0)).max(0))
    }
}

/// What one look found.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Found {
    pub items: Vec<Waiting>,
    /// Lookups that failed (their approvals may be missing).
    pub failed: usize,
    /// The first failure's error, to show.
    pub first_error: Option<crate::api::ApiError>,
}

impl Found {
    /// Adds the approvals of one task detail waiting for `me`.
    pub fn add_task(&mut self, project: &str, detail: TaskDetail, me: &(String, String), now: i64) {
        let pending = pending_for(&detail, me, now);
        if pending.is_empty() {
            return;
        }
        let detail = std::sync::Arc::new(detail);
        for p in pending {
            self.items.push(Waiting {
                project: project.to_string(),
                workflow: detail.workflow_key.clone(),
                display_name: detail.display_name.clone(),
                task: detail.task_id,
                creator: detail.task_creator.clone(),
                pending: p,
                found_at: now,
                detail: detail.clone(),
            });
        }
    }

    /// Notes a lookup that failed.
    pub fn add_failure(&mut self, e: crate::api::ApiError) {
        self.failed += 1;
        self.first_error.get_or_insert(e);
    }

    /// Oldest first (the one waiting longest, the likeliest to time out); one whose start is
    /// unknown last; ties in a fixed order, so rows do not swap between refreshes.
    pub fn order(&mut self) {
        self.items.sort_by(|a, b| {
            let start = |w: &Waiting| match w.pending.started {
                s if s > 0 => s,
                _ => i64::MAX,
            };
            start(a).cmp(&start(b)).then_with(|| a.key().cmp(&b.key()))
        });
        // The same approval found twice (a task listed on two pages) is one row.
        self.items.dedup_by(|a, b| a.key() == b.key());
    }
}

/// Whether a workflow of a project is inside the scope an embedding portal set (`None`:
/// anywhere).
pub fn in_scope(scope: Option<&Scope>, project: &str, workflow: Option<&WorkflowKey>) -> bool {
    match scope {
        None => true,
        Some(s) => {
            s.project == project
                && match (&s.workflow, workflow) {
                    (Some(w), Some(k)) => w == k,
                    _ => true,
                }
        }
    }
}

/// The top bar's count: empty for none, "99+" above the cap.
pub fn count_text(n: usize) -> String {
    match n {
        0 => String::new(),
        n if n > COUNT_CAP => format!("{COUNT_CAP}+"),
        n => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn task(wf: &str, id: i64, approvers: &[&str], started: i64) -> TaskDetail {
        let users: Vec<_> = approvers
            .iter()
            .map(|n| json!({"user_id": format!("u-{n}"), "user_name": n, "reject_or_approve": ""}))
            .collect();
        serde_json::from_value(
            json!({
                "task_id": id, "workflow_key": wf, "workflow_name": format!("{wf} name"),
                "project_key": "p", "status": "running", "task_creator": "bob",
                "stages": [{"name": "gate", "status": "running", "jobs": [{
                    "name": format!("job-1-0-0-approve-{id}"), "display_name": "approve", "type": "approval",
                    "status": "wait_for_approval", "start_time": started,
                    "spec": {"type": "native", "timeout": 30,
                             "native_approval": {"needed_approvers": 1, "approve_users": users}}
                }]}]
            }),
        )
        .unwrap()
    }

    fn me(n: &str) -> (String, String) {
        (n.into(), format!("u-{n}"))
    }

    #[test]
    fn only_what_waits_for_me_oldest_first() {
        let mut f = Found::default();
        f.add_task("p", task("b", 2, &["alice"], 1_000), &me("alice"), 1_600);
        f.add_task(
            "p",
            task("a", 1, &["alice", "carol"], 500),
            &me("alice"),
            1_600,
        );
        f.add_task("q", task("c", 3, &["carol"], 100), &me("alice"), 1_600);
        f.add_task("q", task("d", 4, &["alice"], 0), &me("alice"), 1_600);
        f.order();
        let order: Vec<_> = f
            .items
            .iter()
            .map(|w| (w.workflow.to_string(), w.task.get()))
            .collect();
        assert_eq!(
            order,
            [("a".into(), 1), ("b".into(), 2), ("d".to_string(), 4)],
            "carol's approval is not mine; an unknown start goes last"
        );
        let first = &f.items[0];
        assert_eq!(first.creator, "bob");
        assert_eq!(first.project, "p");
        assert_eq!(first.pending.key, "job-1-0-0-approve-1");
    }

    #[test]
    fn time_left_counts_down_from_when_it_was_found() {
        let mut f = Found::default();
        f.add_task("p", task("a", 1, &["alice"], 1_000), &me("alice"), 1_600);
        let w = &f.items[0];
        // 30 minutes from 1 000, read at 1 600: 1 200 s left then.
        assert_eq!(w.left_at(1_600), Some(1_200));
        assert_eq!(w.left_at(1_700), Some(1_100));
        assert_eq!(w.left_at(99_999), Some(0));
        // A clock that went back does not add time.
        assert_eq!(w.left_at(1_000), Some(1_200));
    }

    #[test]
    fn the_same_approval_found_twice_is_one_row() {
        let mut f = Found::default();
        f.add_task("p", task("a", 1, &["alice"], 10), &me("alice"), 20);
        f.add_task("p", task("a", 1, &["alice"], 10), &me("alice"), 20);
        f.order();
        assert_eq!(f.items.len(), 1);
    }

    #[test]
    fn failures_are_counted_with_the_first_error_kept() {
        let mut f = Found::default();
        f.add_failure(crate::api::ApiError::BadRequest);
        f.add_failure(crate::api::ApiError::Unauthorized);
        assert_eq!(f.failed, 2);
        assert_eq!(f.first_error, Some(crate::api::ApiError::BadRequest));
    }

    #[test]
    fn a_portal_scope_limits_where_it_looks() {
        let wf = WorkflowKey::from("deploy");
        let other = WorkflowKey::from("build");
        let project = Scope {
            project: "p".into(),
            workflow: None,
        };
        let one = Scope {
            project: "p".into(),
            workflow: Some(wf.clone()),
        };
        assert!(in_scope(None, "anything", None));
        assert!(in_scope(Some(&project), "p", Some(&other)));
        assert!(!in_scope(Some(&project), "q", None));
        assert!(
            in_scope(Some(&one), "p", None),
            "the project is looked into"
        );
        assert!(in_scope(Some(&one), "p", Some(&wf)));
        assert!(!in_scope(Some(&one), "p", Some(&other)));
    }

    #[test]
    fn the_count_is_short() {
        assert_eq!(count_text(0), "");
        assert_eq!(count_text(7), "7");
        assert_eq!(count_text(99), "99");
        assert_eq!(count_text(100), "99+");
    }
}
