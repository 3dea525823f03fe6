//! The workflow list's filtering and sorting, independent of the page.

use crate::api::types::{TaskId, WorkflowKey, WorkflowSummary};
use crate::domain::text::lower;

/// How the list is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    NameAsc,
    NameDesc,
    UpdatedDesc,
    UpdatedAsc,
}

impl Sort {
    pub fn parse(s: &str) -> Sort {
        match s {
            "name-desc" => Sort::NameDesc,
            "updated" | "updated-desc" => Sort::UpdatedDesc,
            "updated-asc" => Sort::UpdatedAsc,
            _ => Sort::NameAsc,
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            Sort::NameAsc => "name",
            Sort::NameDesc => "name-desc",
            Sort::UpdatedDesc => "updated",
            Sort::UpdatedAsc => "updated-asc",
        }
    }
}

/// Filters by a search over key and display name (case-insensitive, every word must match),
/// optionally favourites only, then sorts; favourites come first.
pub fn arrange(
    list: &[WorkflowSummary],
    search: &str,
    sort: Sort,
    favourites: &[WorkflowKey],
    only_favourites: bool,
) -> Vec<WorkflowSummary> {
    let words: Vec<String> = search.split_whitespace().map(lower).collect();
    // Each row's favourite mark and lower-cased title, worked out once rather than per comparison.
    let mut out: Vec<(bool, String, &WorkflowSummary)> = list
        .iter()
        .filter(|w| {
            let hay = lower(&format!("{} {}", w.workflow_key, w.display_name));
            words.iter().all(|word| hay.contains(word))
        })
        .map(|w| {
            let fav = favourites.contains(&w.workflow_key);
            (fav, lower(title(&w.workflow_key, &w.display_name)), w)
        })
        .filter(|(fav, _, _)| !only_favourites || *fav)
        .collect();
    out.sort_by(|(fa, na, a), (fb, nb, b)| {
        fb.cmp(fa).then_with(|| match sort {
            Sort::NameAsc => na.cmp(nb),
            Sort::NameDesc => nb.cmp(na),
            Sort::UpdatedDesc => b.update_time.cmp(&a.update_time),
            Sort::UpdatedAsc => a.update_time.cmp(&b.update_time),
        })
    });
    out.into_iter().map(|(_, _, w)| w.clone()).collect()
}

/// What a workflow is called on screen: its display name, or its key when it has none.
pub fn title<'a>(key: &'a WorkflowKey, display_name: &'a str) -> &'a str {
    if display_name.is_empty() {
        key.as_str()
    } else {
        display_name
    }
}

/// Toggles a key in a favourites list.
pub fn toggle(favourites: &[WorkflowKey], key: &WorkflowKey) -> Vec<WorkflowKey> {
    if favourites.contains(key) {
        favourites.iter().filter(|k| *k != key).cloned().collect()
    } else {
        let mut v = favourites.to_vec();
        v.push(key.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wf(key: &str, name: &str, t: i64) -> WorkflowSummary {
        WorkflowSummary {
            workflow_key: key.into(),
            display_name: name.into(),
            update_time: t,
            ..Default::default()
        }
    }

    #[test]
    fn searches_sorts_and_pins_favourites() {
        let list = vec![
            wf("b-deploy", "Deploy B", 3),
            wf("a-build", "Build A", 1),
            wf("c-test", "Tests", 2),
        ];
        let keys =
            |v: Vec<WorkflowSummary>| v.into_iter().map(|w| w.workflow_key).collect::<Vec<_>>();
        assert_eq!(
            keys(arrange(&list, "", Sort::NameAsc, &[], false)),
            ["a-build", "b-deploy", "c-test"]
        );
        assert_eq!(
            keys(arrange(&list, "", Sort::UpdatedDesc, &[], false)),
            ["b-deploy", "c-test", "a-build"]
        );
        assert_eq!(
            keys(arrange(&list, "DEPLOY", Sort::NameAsc, &[], false)),
            ["b-deploy"]
        );
        assert_eq!(
            keys(arrange(&list, "build a", Sort::NameAsc, &[], false)),
            ["a-build"]
        );
        let fav: Vec<WorkflowKey> = vec!["c-test".into()];
        assert_eq!(
            keys(arrange(&list, "", Sort::NameAsc, &fav, false)),
            ["c-test", "a-build", "b-deploy"]
        );
        assert_eq!(
            keys(arrange(&list, "", Sort::NameAsc, &fav, true)),
            ["c-test"]
        );
        assert_eq!(toggle(&fav, &"c-test".into()), Vec::<WorkflowKey>::new());
        assert_eq!(
            toggle(&fav, &"a".into()),
            vec![WorkflowKey::from("c-test"), "a".into()]
        );
    }
}

/// The latest task of a workflow, as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Latest {
    /// `None`: the workflow never ran.
    pub task: Option<(TaskId, String, i64)>,
    /// When this was fetched (seconds).
    pub fetched: i64,
}

/// Latest-task statuses fetched for visible rows, with what is in flight.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LatestCache {
    pub entries: std::collections::HashMap<WorkflowKey, Latest>,
    pub in_flight: std::collections::HashSet<WorkflowKey>,
    /// Rows whose last fetch failed: when each may be asked again, and the error to show.
    pub failed: std::collections::HashMap<WorkflowKey, (crate::net::backoff::Backoff, String)>,
}

/// How long a finished latest status stays fresh, and an unfinished one.
pub const FRESH_DONE_S: i64 = 60;
pub const FRESH_RUNNING_S: i64 = 5;

impl LatestCache {
    /// Keys among `visible` to fetch now: unknown or stale, and not already in flight; at most
    /// `room` of them (the concurrency left).
    pub fn wanted(&self, visible: &[WorkflowKey], now: i64, room: usize) -> Vec<WorkflowKey> {
        visible
            .iter()
            .filter(|k| !self.in_flight.contains(*k))
            .filter(|k| {
                self.failed
                    .get(*k)
                    .is_none_or(|(b, _)| b.ready(now as f64 * 1000.0))
            })
            .filter(|k| match self.entries.get(*k) {
                None => true,
                Some(l) => {
                    let running = l.task.as_ref().is_some_and(|(_, s, _)| {
                        !crate::domain::status::Status::parse(s).is_finished()
                    });
                    now - l.fetched
                        >= if running {
                            FRESH_RUNNING_S
                        } else {
                            FRESH_DONE_S
                        }
                }
            })
            .take(room)
            .cloned()
            .collect()
    }
}

impl LatestCache {
    /// Notes the answer for `key` at `now` (seconds): a success is kept and clears its backoff;
    /// a failure keeps whatever was shown before and waits longer before the next try.
    pub fn settle(
        &mut self,
        key: &WorkflowKey,
        answer: Result<Option<(TaskId, String, i64)>, String>,
        now: i64,
        jitter: f64,
    ) {
        self.in_flight.remove(key);
        match answer {
            Ok(task) => {
                self.failed.remove(key);
                self.entries
                    .insert(key.clone(), Latest { task, fetched: now });
            }
            Err(e) => {
                let entry = self.failed.entry(key.clone()).or_default();
                entry.0.record(false, now as f64 * 1000.0, jitter);
                entry.1 = e;
            }
        }
    }
}

#[cfg(test)]
mod latest_tests {
    use super::*;

    #[test]
    fn fetches_unknown_and_stale_visible_rows_within_the_concurrency() {
        let mut c = LatestCache::default();
        let keys: Vec<WorkflowKey> = ["a", "b", "c", "d"].map(WorkflowKey::from).to_vec();
        assert_eq!(c.wanted(&keys, 100, 2), ["a", "b"]);
        c.in_flight.insert("a".into());
        c.entries.insert(
            "b".into(),
            Latest {
                task: Some((TaskId::new(3), "passed".into(), 90)),
                fetched: 95,
            },
        );
        c.entries.insert(
            "c".into(),
            Latest {
                task: Some((TaskId::new(4), "running".into(), 90)),
                fetched: 95,
            },
        );
        c.entries.insert(
            "d".into(),
            Latest {
                task: None,
                fetched: 99,
            },
        );
        assert_eq!(
            c.wanted(&keys, 100, 4),
            ["c"],
            "running entries go stale after 5 s"
        );
        assert_eq!(c.wanted(&keys, 96, 4), Vec::<WorkflowKey>::new());
        assert_eq!(c.wanted(&keys, 160, 4), ["b", "c", "d"]);
    }

    #[test]
    fn a_failed_row_waits_longer_each_time_and_recovers() {
        let mut c = LatestCache::default();
        let a = WorkflowKey::from("a");
        let keys = vec![a.clone()];
        c.in_flight.insert("a".into());
        c.settle(&a, Err("HTTP 502".into()), 100, 0.5);
        assert!(c.in_flight.is_empty());
        // Not asked again at once (the failure used to be re-sent on every change).
        assert!(c.wanted(&keys, 100, 4).is_empty());
        assert_eq!(c.wanted(&keys, 101, 4), ["a"]);
        c.settle(&a, Err("HTTP 502".into()), 101, 0.5);
        assert!(c.wanted(&keys, 102, 4).is_empty());
        assert_eq!(c.wanted(&keys, 103, 4), ["a"]);
        c.settle(&a, Ok(None), 103, 0.5);
        assert!(c.failed.is_empty());
        assert_eq!(c.entries["a"].task, None);
    }
}
