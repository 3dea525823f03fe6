//! Whether the signed-in person can decide an approval, and what it still needs.

use crate::api::types::{Approval, ApproveUser};
use crate::domain::status::Status;

/// Why the person cannot decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocker {
    /// No token, or a token whose payload names nobody.
    Unknown,
    /// Not among the approvers (Zadig grants no admin override through the OpenAPI).
    NotApprover,
    /// This approver has approved or rejected already.
    Decided,
    /// Lark, DingTalk or WeCom approvals are decided there, not in Zadig.
    External,
    /// The approval is not waiting any more.
    NotWaiting,
}

/// The state of an approval for one person.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub needed: i64,
    pub approved: i64,
    pub rejected: i64,
    /// Seconds until the approval times out (while waiting).
    pub time_left: Option<i64>,
    pub blocker: Option<Blocker>,
}

/// Whether `u` is the person `(name, uid)`.
pub fn is_me(u: &ApproveUser, me: &(String, String)) -> bool {
    if !u.user_id.is_empty() && !me.1.is_empty() {
        u.user_id == me.1
    } else {
        !u.user_name.is_empty() && u.user_name == me.0
    }
}

/// Assesses an approval waiting since `started` (Unix seconds) for the person `me`.
pub fn assess(
    a: &Approval,
    status: &str,
    started: i64,
    now: i64,
    me: Option<&(String, String)>,
) -> Assessment {
    let users = a.users();
    let approved = users
        .iter()
        .filter(|u| u.reject_or_approve == "approve")
        .count() as i64;
    let rejected = users
        .iter()
        .filter(|u| u.reject_or_approve == "reject")
        .count() as i64;
    let waiting = Status::parse(status).can_approve();
    let time_left =
        (waiting && started > 0).then(|| (started + a.timeout_minutes() * 60 - now).max(0));
    let kind = if a.kind.is_empty() {
        "native"
    } else {
        a.kind.as_str()
    };
    let blocker = if !waiting {
        Some(Blocker::NotWaiting)
    } else if kind != "native" {
        Some(Blocker::External)
    } else {
        match me {
            None => Some(Blocker::Unknown),
            Some(me) => match users.iter().find(|u| is_me(u, me)) {
                None => Some(Blocker::NotApprover),
                Some(u) if !u.reject_or_approve.is_empty() => Some(Blocker::Decided),
                Some(_) => None,
            },
        }
    };
    Assessment {
        needed: a.needed(),
        approved,
        rejected,
        time_left,
        blocker,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approval(users: &[(&str, &str, &str)], kind: &str) -> Approval {
        let users: Vec<serde_json::Value> = users
            .iter()
            .map(|(id, name, d)| serde_json::json!({"user_id": id, "user_name": name, "reject_or_approve": d}))
            .collect();
        serde_json::from_value(serde_json::json!({"type": kind, "timeout": 30, "native_approval": {"needed_approvers": 2, "approve_users": users}})).unwrap()
    }

    fn me(name: &str, uid: &str) -> (String, String) {
        (name.into(), uid.into())
    }

    #[test]
    fn who_may_decide() {
        let a = approval(&[("u1", "alice", ""), ("u2", "bob", "approve")], "native");
        let ok = assess(
            &a,
            "wait_for_approval",
            1000,
            1600,
            Some(&me("alice", "u1")),
        );
        assert_eq!(
            (
                ok.needed,
                ok.approved,
                ok.rejected,
                ok.time_left,
                ok.blocker
            ),
            (2, 1, 0, Some(1200), None)
        );
        assert_eq!(
            assess(&a, "wait_for_approval", 1000, 1600, Some(&me("bob", "u2"))).blocker,
            Some(Blocker::Decided)
        );
        assert_eq!(
            assess(
                &a,
                "wait_for_approval",
                1000,
                1600,
                Some(&me("carol", "u3"))
            )
            .blocker,
            Some(Blocker::NotApprover)
        );
        assert_eq!(
            assess(&a, "wait_for_approval", 1000, 1600, None).blocker,
            Some(Blocker::Unknown)
        );
        assert_eq!(
            assess(&a, "passed", 1000, 1600, Some(&me("alice", "u1"))).blocker,
            Some(Blocker::NotWaiting)
        );
        assert_eq!(
            assess(&a, "waitforapprove", 1000, 99_999, Some(&me("alice", "u1"))).time_left,
            Some(0),
            "never negative"
        );
        let lark = approval(&[("u1", "alice", "")], "lark");
        assert_eq!(
            assess(
                &lark,
                "wait_for_approval",
                1000,
                1600,
                Some(&me("alice", "u1"))
            )
            .blocker,
            Some(Blocker::External)
        );
        // The doc's older approvals name users without ids.
        let old = approval(&[("", "alice", "")], "");
        assert_eq!(
            assess(
                &old,
                "wait_for_approval",
                1000,
                1600,
                Some(&me("alice", "u1"))
            )
            .blocker,
            None
        );
    }
}

/// An approval in a task that the person can decide now.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    /// Job task name (or, on older servers, stage name): the `stage_name` to send.
    pub key: String,
    /// What to call it: the job's display name or the stage name.
    pub label: String,
    pub started: i64,
    pub time_left: Option<i64>,
}

/// The approvals of a task waiting for `me`.
pub fn pending_for(
    task: &crate::api::types::TaskDetail,
    me: &(String, String),
    now: i64,
) -> Vec<Pending> {
    let mut out = Vec::new();
    for s in &task.stages {
        if let Some(a) = s.approval.as_ref().filter(|a| a.enabled) {
            let v = assess(a, &s.status, s.start_time, now, Some(me));
            if v.blocker.is_none() {
                out.push(Pending {
                    key: s.name.clone(),
                    label: s.name.clone(),
                    started: s.start_time,
                    time_left: v.time_left,
                });
            }
        }
        for j in &s.jobs {
            if let Some(a) = crate::domain::run::jobs::approval::of_task(j) {
                let v = assess(&a, &j.status, j.start_time, now, Some(me));
                if v.blocker.is_none() {
                    let label = j.label().to_string();
                    out.push(Pending {
                        key: j.name.to_string(),
                        label,
                        started: j.start_time,
                        time_left: v.time_left,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod pending_tests {
    use super::*;

    #[test]
    fn finds_job_and_stage_approvals_waiting_for_me() {
        let t: crate::api::types::TaskDetail = serde_json::from_value(serde_json::json!({
            "stages": [
                {"name": "Old", "status": "waitforapprove", "start_time": 100,
                 "approval": {"enabled": true, "timeout": 10, "approve_users": [{"user_name": "alice"}]}, "jobs": []},
                {"name": "New", "status": "running", "jobs": [
                    {"name": "job-1-0-0-a", "display_name": "a", "type": "approval", "status": "wait_for_approval", "start_time": 200,
                     "spec": {"type": "native", "native_approval": {"approve_users": [{"user_id": "u1", "user_name": "alice"}]}}},
                    {"name": "job-1-1-0-b", "type": "approval", "status": "wait_for_approval", "start_time": 200,
                     "spec": {"type": "native", "native_approval": {"approve_users": [{"user_id": "u2", "user_name": "bob"}]}}},
                    {"name": "job-1-2-0-c", "type": "approval", "status": "passed",
                     "spec": {"type": "native", "native_approval": {"approve_users": [{"user_id": "u1", "user_name": "alice"}]}}}]}]}))
        .unwrap();
        let p = pending_for(&t, &("alice".into(), "u1".into()), 300);
        assert_eq!(
            p.iter().map(|x| x.key.as_str()).collect::<Vec<_>>(),
            ["Old", "job-1-0-0-a"]
        );
        assert_eq!(p[0].time_left, Some(400));
        assert!(pending_for(&t, &("carol".into(), "u3".into()), 300).is_empty());
    }
}
