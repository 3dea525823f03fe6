//! Task history and timeline arithmetic, independent of the page.

use crate::api::types::{StageTask, TaskDetail, TaskSummary};
use crate::domain::status::{Category, Status};

/// Seconds a task or job has taken: to its end, or to `now` while it runs; 0 before it starts.
pub fn elapsed(start: i64, end: i64, now: i64) -> i64 {
    if start <= 0 {
        0
    } else if end >= start {
        end - start
    } else {
        (now - start).max(0)
    }
}

/// Filters a page of tasks by status category and creator (empty = any).
pub fn filter_tasks<'a>(
    tasks: &'a [TaskSummary],
    category: Option<Category>,
    creator: &str,
) -> Vec<&'a TaskSummary> {
    tasks
        .iter()
        .filter(|t| category.is_none_or(|c| Status::parse(&t.status).category() == c))
        .filter(|t| creator.is_empty() || t.task_creator == creator)
        .collect()
}

/// The creators on a page, sorted, for the filter's choices.
pub fn creators(tasks: &[TaskSummary]) -> Vec<String> {
    let mut v: Vec<String> = tasks
        .iter()
        .map(|t| t.task_creator.clone())
        .filter(|c| !c.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Whether anything on a page may still change (so the page keeps refreshing).
pub fn any_unfinished(tasks: &[TaskSummary]) -> bool {
    tasks
        .iter()
        .any(|t| !Status::parse(&t.status).is_finished())
}

/// Page count for a total and page size.
pub fn pages(total: i64, size: u32) -> u32 {
    if total <= 0 || size == 0 {
        1
    } else {
        ((total as u64).div_ceil(size as u64)) as u32
    }
}

/// Parses a category filter value from the URL.
pub fn parse_category(s: &str) -> Option<Category> {
    Some(match s {
        "queued" => Category::Queued,
        "running" => Category::Running,
        "waiting" => Category::Waiting,
        "passed" => Category::Passed,
        "failed" => Category::Failed,
        "cancelled" => Category::Cancelled,
        "skipped" => Category::Skipped,
        _ => return None,
    })
}

/// A job's place on the task's time axis, in percent of the span from the task's start to its
/// end (or `now`): where the bar starts, how long it is, and what part of it was spent waiting
/// for a person (approvals).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub offset: f64,
    pub width: f64,
    pub waiting: bool,
}

/// When a task began and, once finished, ended: what job bars are drawn against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskSpan {
    /// Its start, or its creation when it has not started (seconds; 0 unknown).
    pub begin: i64,
    /// Its end, once it has finished.
    pub end: Option<i64>,
}

impl TaskSpan {
    pub fn of(task: &TaskDetail) -> TaskSpan {
        let begin = if task.start_time > 0 {
            task.start_time
        } else {
            task.create_time
        };
        let finished = Status::parse(&task.status).is_finished();
        TaskSpan {
            begin,
            end: (finished && task.end_time >= begin).then_some(task.end_time),
        }
    }
}

/// The time bar of a job relative to its task.
pub fn job_bar(
    task: &TaskSpan,
    job_start: i64,
    job_end: i64,
    job_status: &str,
    now: i64,
) -> Option<Bar> {
    let t0 = task.begin;
    if t0 <= 0 || job_start <= 0 {
        return None;
    }
    let t1 = task.end.unwrap_or(now);
    let span = (t1 - t0).max(1) as f64;
    let end = if job_end >= job_start { job_end } else { now };
    // A bar is at least half a percent wide, so a job that took no time is still visible.
    let offset = ((job_start - t0).max(0) as f64 / span * 100.0).min(99.5);
    let width = ((end - job_start).max(0) as f64 / span * 100.0)
        .max(0.5)
        .min(100.0 - offset);
    Some(Bar {
        offset,
        width,
        waiting: Status::parse(job_status).category() == Category::Waiting,
    })
}

/// The doc's stage-level approval, waiting.
pub fn stage_waits_for_approval(s: &StageTask) -> bool {
    s.approval.as_ref().is_some_and(|a| a.enabled) && Status::parse(&s.status).can_approve()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::TaskId;

    fn t(id: i64, status: &str, creator: &str) -> TaskSummary {
        TaskSummary {
            task_id: TaskId::new(id),
            status: status.into(),
            task_creator: creator.into(),
            ..Default::default()
        }
    }

    #[test]
    fn elapsed_and_pages() {
        assert_eq!(elapsed(0, 0, 100), 0);
        assert_eq!(elapsed(10, 25, 100), 15);
        assert_eq!(elapsed(10, 0, 100), 90, "running: up to now");
        assert_eq!(pages(0, 20), 1);
        assert_eq!(pages(23, 10), 3);
        assert_eq!(pages(20, 10), 2);
    }

    #[test]
    fn filters_by_category_and_creator() {
        let list = vec![
            t(1, "passed", "admin"),
            t(2, "failed", "alice"),
            t(3, "running", "admin"),
            t(4, "reject", "admin"),
        ];
        let ids = |v: Vec<&TaskSummary>| v.iter().map(|t| t.task_id.get()).collect::<Vec<_>>();
        assert_eq!(ids(filter_tasks(&list, None, "")), [1, 2, 3, 4]);
        assert_eq!(ids(filter_tasks(&list, Some(Category::Failed), "")), [2, 4]);
        assert_eq!(
            ids(filter_tasks(&list, Some(Category::Failed), "admin")),
            [4]
        );
        assert_eq!(creators(&list), ["admin", "alice"]);
        assert!(any_unfinished(&list));
        assert!(!any_unfinished(&list[..2]));
        assert_eq!(parse_category("failed"), Some(Category::Failed));
        assert_eq!(parse_category("x"), None);
    }

    #[test]
    fn bars_are_relative_to_the_task() {
        let task = TaskDetail {
            status: "passed".into(),
            create_time: 95,
            start_time: 100,
            end_time: 200,
            ..Default::default()
        };
        assert_eq!(
            job_bar(&TaskSpan::of(&task), 150, 175, "passed", 999),
            Some(Bar {
                offset: 50.0,
                width: 25.0,
                waiting: false
            })
        );
        assert_eq!(
            job_bar(&TaskSpan::of(&task), 0, 0, "", 999),
            None,
            "not started"
        );
        let running = TaskDetail {
            status: "running".into(),
            start_time: 100,
            ..Default::default()
        };
        let b = job_bar(&TaskSpan::of(&running), 100, 0, "wait_for_approval", 150).unwrap();
        assert_eq!((b.offset, b.width, b.waiting), (0.0, 100.0, true));
        let tiny = job_bar(&TaskSpan::of(&task), 200, 200, "passed", 999).unwrap();
        assert!(tiny.width > 0.0 && tiny.offset + tiny.width <= 100.0);
    }
}
