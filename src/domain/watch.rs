//! Watching: the tasks and workflows a person asked to hear about, kept in this browser, and
//! what is worth telling them as statuses move (a watched task finished, a new task of a
//! watched workflow finished, an approval now waits for them).

use std::collections::{HashMap, HashSet};

use crate::api::json::{At, FromJson, Json, JsonError};
use crate::api::types::{TaskId, WorkflowKey};
use crate::domain::status::Status;

/// The most watches kept (the oldest go first).
pub const MAX_WATCHES: usize = 50;

/// A watched task (`task: Some`) or workflow (every task of it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Watch {
    pub project: String,
    pub workflow: WorkflowKey,
    pub task: Option<TaskId>,
}

/// Everything watched, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Watches(pub Vec<Watch>);

impl FromJson for Watches {
    /// Tolerant: what a damaged store holds is dropped entry by entry, never the whole list.
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        let Json::Arr(items) = at.value() else {
            return Ok(Watches::default());
        };
        let mut out = Watches::default();
        for v in items {
            let text = |k: &str| v.get(k).and_then(Json::as_str).unwrap_or_default();
            let (project, workflow) = (text("project"), text("workflow"));
            if project.is_empty() || workflow.is_empty() {
                continue;
            }
            let task = v.get("task").and_then(Json::as_int).filter(|t| *t > 0);
            out.add(Watch {
                project: project.to_string(),
                workflow: WorkflowKey::from(workflow),
                task: task.map(TaskId::new),
            });
        }
        Ok(out)
    }
}

impl Watches {
    /// As stored.
    pub fn to_json(&self) -> String {
        use crate::api::json::quote;
        let items: Vec<String> = self
            .0
            .iter()
            .map(|w| {
                let task = w
                    .task
                    .map(|t| format!(", \"task\": {t}"))
                    .unwrap_or_default();
                format!(
                    "{{\"project\": {}, \"workflow\": {}{task}}}",
                    quote(&w.project),
                    quote(w.workflow.as_str())
                )
            })
            .collect();
        format!("[{}]", items.join(", "))
    }

    pub fn contains(&self, w: &Watch) -> bool {
        self.0.contains(w)
    }

    /// Watches `w` (once; the oldest watch goes when there are too many).
    pub fn add(&mut self, w: Watch) {
        if !self.contains(&w) {
            self.0.push(w);
            if self.0.len() > MAX_WATCHES {
                self.0.remove(0);
            }
        }
    }

    pub fn remove(&mut self, w: &Watch) {
        self.0.retain(|x| x != w);
    }

    /// Starts or stops watching `w`; whether it is watched now.
    pub fn toggle(&mut self, w: Watch) -> bool {
        if self.contains(&w) {
            self.remove(&w);
            false
        } else {
            self.add(w);
            true
        }
    }

    /// Whether a task is watched, itself or through its workflow.
    pub fn covers(&self, project: &str, workflow: &WorkflowKey, task: TaskId) -> bool {
        self.0.iter().any(|w| {
            w.project == project && w.workflow == *workflow && w.task.is_none_or(|t| t == task)
        })
    }
}

/// A task as a look found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub project: String,
    pub workflow: WorkflowKey,
    /// The workflow's name to show.
    pub title: String,
    pub task: TaskId,
    pub status: String,
}

/// Something to tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A watched task ended with this status.
    Finished(Seen),
    /// An approval waits for the person now.
    WaitsForMe(Seen),
}

/// What was seen last, to tell only what changed.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    statuses: HashMap<(String, WorkflowKey, TaskId), String>,
    /// The approvals waiting at the last look (project, workflow, task, approval key).
    waiting: HashSet<(String, WorkflowKey, TaskId, String)>,
    /// The watches looked at before (a watch's first look tells nothing: it is what was).
    looked: HashSet<Watch>,
    looked_waiting: bool,
}

impl Memory {
    /// What each watch's look found: a task that was seen unfinished and is finished now, or,
    /// after the watch's first look, a task first seen finished (it ran between two looks), is
    /// told.
    pub fn tasks(&mut self, looks: Vec<(Watch, Vec<Seen>)>) -> Vec<Event> {
        let mut out = Vec::new();
        for (w, seen) in looks {
            let first = !self.looked.contains(&w);
            for s in seen {
                let key = (s.project.clone(), s.workflow.clone(), s.task);
                let done = Status::parse(&s.status).is_finished();
                let before = self.statuses.insert(key, s.status.clone());
                let tell = match before {
                    Some(b) => done && !Status::parse(&b).is_finished(),
                    None => done && !first,
                };
                if tell {
                    out.push(Event::Finished(s));
                }
            }
            self.looked.insert(w);
        }
        out
    }

    /// A task known to be unfinished now (just started, or watched while it runs): it is told
    /// however soon it ends.
    pub fn started(&mut self, w: &Watch) {
        if let Some(task) = w.task {
            self.statuses.insert(
                (w.project.clone(), w.workflow.clone(), task),
                "created".into(),
            );
            self.looked.insert(w.clone());
        }
    }

    /// The approvals waiting for the person at this look: the ones new since the last are told.
    pub fn waiting(&mut self, now: Vec<(Seen, String)>) -> Vec<Event> {
        let keys: HashSet<_> = now
            .iter()
            .map(|(s, k)| (s.project.clone(), s.workflow.clone(), s.task, k.clone()))
            .collect();
        let out = if self.looked_waiting {
            now.into_iter()
                .filter(|(s, k)| {
                    !self.waiting.contains(&(
                        s.project.clone(),
                        s.workflow.clone(),
                        s.task,
                        k.clone(),
                    ))
                })
                .map(|(s, _)| Event::WaitsForMe(s))
                .collect()
        } else {
            Vec::new()
        };
        self.waiting = keys;
        self.looked_waiting = true;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(p: &str, wf: &str, t: Option<i64>) -> Watch {
        Watch {
            project: p.into(),
            workflow: WorkflowKey::from(wf),
            task: t.map(TaskId::new),
        }
    }

    fn seen(wf: &str, t: i64, status: &str) -> Seen {
        Seen {
            project: "p".into(),
            workflow: WorkflowKey::from(wf),
            title: wf.into(),
            task: TaskId::new(t),
            status: status.into(),
        }
    }

    #[test]
    fn watches_round_trip_and_survive_a_damaged_store() {
        let mut ws = Watches::default();
        ws.add(w("p", "deploy \"x\"", Some(3)));
        ws.add(w("p", "build", None));
        ws.add(w("p", "build", None));
        assert_eq!(ws.0.len(), 2);
        let back: Watches = crate::api::json::decode(&ws.to_json()).unwrap();
        assert_eq!(back, ws);
        let damaged: Watches = crate::api::json::decode(
            r#"[{"project": "p"}, 7, {"project": "p", "workflow": "a", "task": "x"}, {"project": "p", "workflow": "b", "task": -1}]"#,
        )
        .unwrap();
        assert_eq!(damaged.0, [w("p", "a", None), w("p", "b", None)]);
        let other: Watches = crate::api::json::decode(r#"{"not": "a list"}"#).unwrap();
        assert!(other.0.is_empty());
    }

    #[test]
    fn toggling_and_what_a_watch_covers() {
        let mut ws = Watches::default();
        assert!(ws.toggle(w("p", "build", Some(4))));
        assert!(ws.covers("p", &WorkflowKey::from("build"), TaskId::new(4)));
        assert!(!ws.covers("p", &WorkflowKey::from("build"), TaskId::new(5)));
        assert!(ws.toggle(w("p", "build", None)));
        assert!(ws.covers("p", &WorkflowKey::from("build"), TaskId::new(5)));
        assert!(!ws.covers("q", &WorkflowKey::from("build"), TaskId::new(5)));
        assert!(!ws.toggle(w("p", "build", None)));
        for i in 0..(MAX_WATCHES as i64 + 5) {
            ws.add(w("p", "many", Some(i + 10)));
        }
        assert_eq!(ws.0.len(), MAX_WATCHES);
        assert!(
            !ws.contains(&w("p", "build", Some(4))),
            "the oldest went first"
        );
    }

    #[test]
    fn a_task_is_told_once_when_it_finishes() {
        let mut m = Memory::default();
        let a = w("p", "a", None);
        let look = |m: &mut Memory, seen: Vec<Seen>| m.tasks(vec![(a.clone(), seen)]);
        // The first look tells nothing, even of tasks already finished.
        assert!(look(
            &mut m,
            vec![seen("a", 1, "running"), seen("a", 2, "passed")]
        )
        .is_empty());
        assert!(look(&mut m, vec![seen("a", 1, "running")]).is_empty());
        let told = look(&mut m, vec![seen("a", 1, "failed")]);
        assert_eq!(told, [Event::Finished(seen("a", 1, "failed"))]);
        assert!(
            look(&mut m, vec![seen("a", 1, "failed")]).is_empty(),
            "once"
        );
        // A task that ran between two looks.
        let quick = look(&mut m, vec![seen("a", 3, "passed")]);
        assert_eq!(quick, [Event::Finished(seen("a", 3, "passed"))]);
        // A task first seen running is told when it ends.
        assert!(look(&mut m, vec![seen("a", 4, "running")]).is_empty());
        assert_eq!(look(&mut m, vec![seen("a", 4, "cancelled")]).len(), 1);
    }

    #[test]
    fn a_new_watch_tells_nothing_of_the_past() {
        let mut m = Memory::default();
        assert!(m
            .tasks(vec![(w("p", "a", None), vec![seen("a", 1, "running")])])
            .is_empty());
        // Watching another workflow later: its finished tasks are history, not news.
        let later = m.tasks(vec![
            (w("p", "a", None), vec![seen("a", 1, "running")]),
            (
                w("p", "b", None),
                vec![seen("b", 7, "passed"), seen("b", 8, "failed")],
            ),
        ]);
        assert!(later.is_empty(), "{later:?}");
    }

    #[test]
    fn a_task_just_started_is_told_even_if_it_ends_before_the_first_look() {
        let mut m = Memory::default();
        let t = w("p", "a", Some(5));
        m.started(&t);
        assert_eq!(
            m.tasks(vec![(t.clone(), vec![seen("a", 5, "passed")])]),
            [Event::Finished(seen("a", 5, "passed"))]
        );
        // Watching a finished task tells nothing.
        let old = w("p", "a", Some(2));
        assert!(m
            .tasks(vec![(old, vec![seen("a", 2, "passed")])])
            .is_empty());
    }

    #[test]
    fn an_approval_is_told_when_it_starts_waiting() {
        let mut m = Memory::default();
        let a = (seen("r", 1, "running"), "job-1-0-0-approve".to_string());
        let b = (seen("r", 2, "running"), "job-1-0-0-approve".to_string());
        assert!(
            m.waiting(vec![a.clone()]).is_empty(),
            "what waited already is not news"
        );
        assert!(m.waiting(vec![a.clone()]).is_empty());
        assert_eq!(
            m.waiting(vec![a.clone(), b.clone()]),
            [Event::WaitsForMe(b.0.clone())]
        );
        assert!(m.waiting(vec![]).is_empty());
        assert_eq!(
            m.waiting(vec![a.clone()]).len(),
            1,
            "waiting again is news again"
        );
    }
}
