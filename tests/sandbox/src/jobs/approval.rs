//! `approval`: one job task waiting for its approvers.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let spec = j.spec;
    let timeout = get(spec, "timeout")
        .as_i64()
        .filter(|t| *t > 0)
        .unwrap_or(60);
    let native = get(spec, "native_approval");
    let users: Vec<Value> = arr(native, "approve_users")
            .iter()
            .map(|u| {
                if s(u, "type") == "task_creator" {
                    json!({"type": "user", "user_id": ctx.creator_uid, "user_name": ctx.creator, "reject_or_approve": "", "comment": "", "operation_time": 0})
                } else {
                    json!({"type": "user", "user_id": s(u, "user_id"), "user_name": s(u, "user_name"), "reject_or_approve": "", "comment": "", "operation_time": 0})
                }
            })
            .collect();
    let needed = get(native, "needed_approvers")
        .as_i64()
        .filter(|n| *n > 0)
        .unwrap_or(1);
    let sp = json!({"timeout": timeout, "type": if s(spec, "type").is_empty() { "native" } else { s(spec, "type") },
            "description": s(spec, "description"),
            "native_approval": {"timeout": timeout, "approve_users": users, "needed_approvers": needed,
                                "reject_or_approve": "", "instance_code": ""},
            "approval_title": s(spec, "approval_title"), "approval_message": s(spec, "approval_message")});
    out.push(j.task(
        sp,
        json!({}),
        Plan::Approval {
            timeout_ms: timeout as f64 * 60_000.0,
        },
    ));
    Ok(())
}

/// The definition as it ran: unchanged by this type's inputs.
pub fn as_run(_spec: &mut Value, _p: &Value) {}
