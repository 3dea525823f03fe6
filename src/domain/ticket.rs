//! The pre-approval ticket form: what the person typed → the request, or what is wrong.

use chrono::NaiveDateTime;

use crate::api::requests::{TicketRequest, TicketService, TicketUser};

/// What the form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TicketForm {
    pub approval_id: String,
    pub effective: bool,
    pub envs: Vec<String>,
    /// (service name, service module)
    pub services: Vec<(String, String)>,
    /// (name, email)
    pub users: Vec<(String, String)>,
    /// `YYYY-MM-DDTHH:MM` from a datetime-local input, in the browser's time zone.
    pub start: String,
    pub end: String,
}

/// A problem with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketError {
    ApprovalIdMissing,
    BadStart,
    BadEnd,
    EndBeforeStart,
    /// Row `n` (0-based) of the services has an empty name or module.
    ServiceIncomplete(usize),
    /// Row `n` of the users lacks a name or a plausible email.
    UserIncomplete(usize),
}

/// Local time `YYYY-MM-DDTHH:MM[:SS]` with the browser's offset (minutes east of UTC) → Unix seconds.
pub fn local_to_unix(s: &str, offset_minutes: i32) -> Option<i64> {
    let s = s.trim();
    let t = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    Some(t.and_utc().timestamp() - offset_minutes as i64 * 60)
}

/// Builds the request, or lists every problem (the form keeps what was typed either way).
pub fn build(
    project: &str,
    f: &TicketForm,
    offset_minutes: i32,
) -> Result<TicketRequest, Vec<TicketError>> {
    let mut errs = Vec::new();
    if f.approval_id.trim().is_empty() {
        errs.push(TicketError::ApprovalIdMissing);
    }
    let parse = |s: &str, bad| -> Result<Option<i64>, TicketError> {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            local_to_unix(s, offset_minutes).map(Some).ok_or(bad)
        }
    };
    let start = parse(&f.start, TicketError::BadStart)
        .map_err(|e| errs.push(e))
        .ok()
        .flatten();
    let end = parse(&f.end, TicketError::BadEnd)
        .map_err(|e| errs.push(e))
        .ok()
        .flatten();
    if let (Some(a), Some(b)) = (start, end) {
        if a > b {
            errs.push(TicketError::EndBeforeStart);
        }
    }
    for (i, (n, m)) in f.services.iter().enumerate() {
        if n.trim().is_empty() || m.trim().is_empty() {
            errs.push(TicketError::ServiceIncomplete(i));
        }
    }
    for (i, (n, e)) in f.users.iter().enumerate() {
        let at = e.find('@');
        if n.trim().is_empty() || !at.is_some_and(|p| p > 0 && p + 1 < e.trim().len()) {
            errs.push(TicketError::UserIncomplete(i));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(TicketRequest {
        approval_id: f.approval_id.trim().into(),
        status: if f.effective { 1 } else { 0 },
        project_key: project.into(),
        envs: f.envs.clone(),
        services: f
            .services
            .iter()
            .map(|(n, m)| TicketService {
                service_name: n.trim().into(),
                service_module: m.trim().into(),
            })
            .collect(),
        users: f
            .users
            .iter()
            .map(|(n, e)| TicketUser {
                name: n.trim().into(),
                email: e.trim().into(),
            })
            .collect(),
        execution_window_start: start,
        execution_window_end: end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_ticket_in_unix_seconds() {
        let f = TicketForm {
            approval_id: " CR-42 ".into(),
            effective: true,
            envs: vec!["prod".into()],
            services: vec![("shop".into(), "orders".into())],
            users: vec![("Alice".into(), "alice@example.com".into())],
            start: "2026-11-27T09:00".into(),
            end: "2026-11-27T18:30".into(),
        };
        let t = build("demo", &f, 480).unwrap();
        assert_eq!(t.approval_id, "CR-42");
        assert_eq!(t.status, 1);
        assert_eq!(
            t.execution_window_start,
            Some(1_795_741_200),
            "09:00 at UTC+8 is 2026-11-27 01:00 UTC"
        );
        assert_eq!(
            t.execution_window_end.unwrap() - t.execution_window_start.unwrap(),
            9 * 3600 + 1800
        );
        assert_eq!(
            serde_json::to_value(&t).unwrap()["services"],
            serde_json::json!([{"service_name": "shop", "service_module": "orders"}])
        );
    }

    #[test]
    fn reports_every_problem() {
        let f = TicketForm {
            start: "2026-11-27T18:00".into(),
            end: "2026-11-27T09:00".into(),
            services: vec![("shop".into(), "".into())],
            users: vec![("Bob".into(), "bob".into())],
            ..Default::default()
        };
        assert_eq!(
            build("demo", &f, 0).unwrap_err(),
            vec![
                TicketError::ApprovalIdMissing,
                TicketError::EndBeforeStart,
                TicketError::ServiceIncomplete(0),
                TicketError::UserIncomplete(0)
            ]
        );
        let bad = TicketForm {
            approval_id: "x".into(),
            start: "tomorrow".into(),
            ..Default::default()
        };
        assert_eq!(
            build("demo", &bad, 0).unwrap_err(),
            vec![TicketError::BadStart]
        );
        let open = TicketForm {
            approval_id: "x".into(),
            ..Default::default()
        };
        let t = build("demo", &open, 0).unwrap();
        assert_eq!(
            (t.execution_window_start, t.execution_window_end, t.status),
            (None, None, 0)
        );
    }
}
