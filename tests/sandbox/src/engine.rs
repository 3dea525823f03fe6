//! The task engine: moves tasks through Zadig's statuses (docs/zadig-contract.md §5) on a clock.

use serde_json::{json, Value};

use crate::model::{
    is_failure, job_done, now, stage_aggregate, task_aggregate, JobRun, Plan, StageRun, Task, World,
};
use crate::plan::logs::flood_line;

/// Statuses of a job that is started and not yet final.
fn job_active(s: &str) -> bool {
    matches!(
        s,
        "prepare" | "running" | "wait_for_approval" | "wait_for_manual_error_handling"
    )
}

/// Advances every unfinished task by `dt_ms` real milliseconds.
pub fn tick(w: &mut World, dt_ms: f64) {
    let vdt = dt_ms * w.knobs.speed;
    // Every 10 s the live set is rebuilt from all tasks, in case a change did not wake one.
    w.ticks_since_scan += 1;
    if w.ticks_since_scan >= 200 {
        w.scan_live();
    }
    let limits: Vec<(String, i64)> = w
        .live
        .iter()
        .map(|k| {
            (
                k.clone(),
                w.workflow(k)
                    .and_then(|wf| wf.def["concurrency_limit"].as_i64())
                    .unwrap_or(-1),
            )
        })
        .collect();
    let mut deployed = Vec::new();
    for (wf, limit) in limits {
        let Some(tasks) = w.tasks.get_mut(&wf) else {
            w.live.remove(&wf);
            continue;
        };
        if tasks.iter().all(|t| crate::model::task_done(&t.status)) {
            w.live.remove(&wf);
            continue;
        }
        let mut active = tasks
            .iter()
            .filter(|t| matches!(t.status.as_str(), "running" | "pause" | "queued"))
            .count() as i64;
        // Oldest first, so queued tasks start in order.
        for t in tasks.iter_mut() {
            match t.status.as_str() {
                "created" | "waiting" | "blocked" => {
                    if limit <= 0 || active < limit {
                        t.status = "running".into();
                        t.start_time = now();
                        active += 1;
                    } else {
                        t.status = "blocked".into();
                    }
                }
                "running" => {
                    let before = crate::envs::passed(t);
                    advance_task(t, vdt);
                    let d = crate::envs::newly_deployed(t, &before);
                    if !d.is_empty() {
                        deployed.push((t.project_key.clone(), d));
                    }
                }
                _ => {}
            }
        }
    }
    for (project, d) in deployed {
        crate::envs::apply(w, &project, d);
    }
}

fn advance_task(t: &mut Task, vdt: f64) {
    let Some(si) = t.stages.iter().position(|s| !job_done(&s.status)) else {
        finish_task(t);
        return;
    };
    let stage = &mut t.stages[si];
    if stage.status.is_empty() {
        if stage.manual_exec.is_some() && !stage.manual_done {
            stage.status = "pause".into();
            t.status = "pause".into();
            return;
        }
        stage.status = "running".into();
        stage.start_time = now();
    }
    if stage.status == "pause" {
        return;
    }
    advance_stage(stage, vdt);
    if job_done(&stage.status) {
        if is_failure(&stage.status) || si + 1 == t.stages.len() {
            finish_task(t);
        } else {
            // The next stage starts on the next tick.
        }
    }
}

fn advance_stage(stage: &mut StageRun, vdt: f64) {
    if stage.parallel {
        for j in stage.jobs.iter_mut() {
            if j.status.is_empty() {
                start_job(j);
            }
        }
    } else if !stage.jobs.iter().any(|j| job_active(&j.status)) {
        let blocked = stage.jobs.iter().any(|j| is_failure(&j.status));
        if !blocked {
            if let Some(j) = stage.jobs.iter_mut().find(|j| j.status.is_empty()) {
                start_job(j);
            }
        }
    }
    for j in stage.jobs.iter_mut().filter(|j| job_active(&j.status)) {
        advance_job(j, vdt);
    }
    let any_active = stage.jobs.iter().any(|j| job_active(&j.status));
    let all_done = stage.jobs.iter().all(|j| job_done(&j.status));
    let serial_stop = !stage.parallel && stage.jobs.iter().any(|j| is_failure(&j.status));
    if !any_active && (all_done || serial_stop) {
        let st: Vec<&str> = stage
            .jobs
            .iter()
            .map(|j| j.status.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        stage.status = stage_aggregate(&st);
        stage.end_time = now();
        if let Some(j) = stage.jobs.iter().find(|j| is_failure(&j.status)) {
            stage.error = j.error.clone();
        }
    }
}

fn start_job(j: &mut JobRun) {
    j.start_time = now();
    j.end_time = 0;
    j.elapsed_ms = 0.0;
    j.emitted = 0;
    j.status = if matches!(j.plan, Plan::Approval { .. }) {
        "wait_for_approval".into()
    } else {
        "prepare".into()
    };
}

fn end_job(j: &mut JobRun, status: &str) {
    j.status = status.to_string();
    j.end_time = now();
    if j.jtype == "zadig-test" && matches!(status, "passed" | "failed" | "unstable") {
        for k in ["junit_report", "html_report", "archive"] {
            j.spec[k] = json!(true);
        }
    }
    j.log.finish();
}

fn advance_job(j: &mut JobRun, vdt: f64) {
    j.elapsed_ms += vdt;
    match j.plan.clone() {
        Plan::Approval { timeout_ms } => {
            if j.elapsed_ms >= timeout_ms {
                j.error = "approval timeout".into();
                end_job(j, "timeout");
            }
        }
        Plan::Flood {
            total,
            per_sec,
            fail_at,
        } => {
            if j.status == "prepare" {
                j.status = "running".into();
            }
            let due = ((j.elapsed_ms / 1000.0 * per_sec) as u64).min(total) as usize;
            if due > j.emitted {
                j.log
                    .push_many((j.emitted as u64..due as u64).flat_map(|i| {
                        let extra = (fail_at == Some(i)).then(|| crate::plan::logs::flood_error(i));
                        std::iter::once(flood_line(i)).chain(extra.into_iter().flatten())
                    }));
                j.emitted = due;
            }
            if j.emitted as u64 >= total {
                match fail_at {
                    None => end_job(j, "passed"),
                    Some(at) => fail_job(j, format!("item {at} failed")),
                }
            }
        }
        Plan::Script {
            prepare_ms,
            lines,
            total_ms,
            fail,
        } => {
            if j.status == "prepare" {
                if j.elapsed_ms < prepare_ms {
                    return;
                }
                j.status = "running".into();
            }
            if j.status != "running" {
                return;
            }
            let run_ms = j.elapsed_ms - prepare_ms;
            let due = lines.iter().take_while(|(at, _)| *at <= run_ms).count();
            if due > j.emitted {
                j.log
                    .push_many(lines[j.emitted..due].iter().map(|(_, l)| l.clone()));
                j.emitted = due;
            }
            if run_ms >= total_ms && j.emitted == lines.len() {
                match fail {
                    None => end_job(j, "passed"),
                    Some(err) => fail_job(j, err),
                }
            }
        }
    }
}

/// Applies the job's `error_policy` to a failure.
fn fail_job(j: &mut JobRun, err: String) {
    let policy = j.error_policy["policy"]
        .as_str()
        .unwrap_or("stop")
        .to_string();
    let max = j.error_policy["maximum_retry"].as_i64().unwrap_or(0);
    j.error = err;
    match policy.as_str() {
        "retry" if j.retry_count < max => {
            j.retry_count += 1;
            j.log.push(format!(
                "\x1b[33mjob failed, retrying ({}/{max})\x1b[0m",
                j.retry_count
            ));
            j.elapsed_ms = 0.0;
            j.emitted = 0;
            j.status = "prepare".into();
        }
        "ignore_error" => end_job(j, "unstable"),
        "manual_check" => {
            j.status = "wait_for_manual_error_handling".into();
        }
        _ => end_job(j, "failed"),
    }
}

fn finish_task(t: &mut Task) {
    let st: Vec<&str> = t
        .stages
        .iter()
        .map(|s| s.status.as_str())
        .filter(|s| job_done(s))
        .collect();
    t.status = task_aggregate(&st);
    t.end_time = now();
    if let Some(s) = t.stages.iter().find(|s| is_failure(&s.status)) {
        t.error = s.error.clone();
    }
}

/// Cancels from anything but `passed` (docs/zadig-contract.md §4.7).
pub fn cancel(t: &mut Task, by: &str) -> Result<(), String> {
    if t.status == "passed" {
        return Err(format!(
            "task: {}:{} is passed, cannot cancel",
            t.workflow_key, t.id
        ));
    }
    for s in t.stages.iter_mut() {
        for j in s.jobs.iter_mut() {
            if job_active(&j.status) {
                j.log.push("\x1b[33mjob cancelled\x1b[0m".into());
                end_job(j, "cancelled");
            }
        }
        if matches!(s.status.as_str(), "running" | "pause") {
            s.status = "cancelled".into();
            s.end_time = now();
        }
    }
    t.status = "cancelled".into();
    t.revoker = Some(by.to_string());
    if t.end_time == 0 || t.end_time < t.start_time {
        t.end_time = now();
    }
    Ok(())
}

/// Retries from failed/timeout/cancelled/reject, keeping the id and finished work.
pub fn retry(t: &mut Task) -> Result<(), String> {
    if !matches!(
        t.status.as_str(),
        "failed" | "timeout" | "cancelled" | "reject"
    ) {
        return Err("工作流任务状态无法重试".into());
    }
    for s in t.stages.iter_mut() {
        if matches!(s.status.as_str(), "passed" | "skipped" | "unstable") {
            continue;
        }
        s.status = String::new();
        s.end_time = 0;
        s.error.clear();
        for j in s.jobs.iter_mut() {
            if matches!(j.status.as_str(), "passed" | "skipped" | "unstable") {
                continue;
            }
            j.status = String::new();
            j.start_time = 0;
            j.end_time = 0;
            j.error.clear();
            j.elapsed_ms = 0.0;
            j.emitted = 0;
            j.log.reset();
            if j.jtype == "approval" {
                if let Some(users) = j.spec["native_approval"]["approve_users"].as_array_mut() {
                    for u in users {
                        u["reject_or_approve"] = json!("");
                        u["comment"] = json!("");
                        u["operation_time"] = json!(0);
                    }
                }
                j.spec["native_approval"]["reject_or_approve"] = json!("");
            }
        }
    }
    t.status = "waiting".into();
    t.end_time = 0;
    t.error.clear();
    t.is_restart = true;
    Ok(())
}

/// Records an approval decision; `job_name` is the approval job's task name (docs/zadig-contract.md §4.7).
pub fn approve(
    t: &mut Task,
    job_name: &str,
    uid: &str,
    user_name: &str,
    approve: bool,
    comment: &str,
) -> Result<(), String> {
    let creator_uid = t.creator_uid.clone();
    let job = t
        .stages
        .iter_mut()
        .flat_map(|s| s.jobs.iter_mut())
        .find(|j| j.name == job_name && j.jtype == "approval" && j.status == "wait_for_approval");
    let Some(job) = job else {
        return Err(format!(
            "not found approval: {}-{}-{}",
            t.workflow_key, job_name, t.id
        ));
    };
    if job.spec["type"].as_str().unwrap_or("native") != "native" {
        return Err(format!(
            "approval type {} can not be approved through zadig",
            job.spec["type"]
        ));
    }
    let needed = job.spec["native_approval"]["needed_approvers"]
        .as_i64()
        .unwrap_or(1);
    let users = job.spec["native_approval"]["approve_users"]
        .as_array_mut()
        .ok_or("not found approval")?;
    let Some(u) = users
        .iter_mut()
        .find(|u| u["user_id"] == uid || (u["type"] == "task_creator" && uid == creator_uid))
    else {
        return Err(format!("user {user_name} has no authority to Approve"));
    };
    if !u["reject_or_approve"].as_str().unwrap_or("").is_empty() {
        return Err(format!("{user_name} have approve already"));
    }
    u["reject_or_approve"] = json!(if approve { "approve" } else { "reject" });
    u["comment"] = json!(comment);
    u["operation_time"] = json!(now());
    let approved = users
        .iter()
        .filter(|u| u["reject_or_approve"] == "approve")
        .count() as i64;
    let msg = format!(
        "{user_name} {} the approval{}",
        if approve { "approved" } else { "rejected" },
        if comment.is_empty() {
            String::new()
        } else {
            format!(": {comment}")
        }
    );
    if !approve {
        job.spec["native_approval"]["reject_or_approve"] = json!("reject");
        job.error = format!("{user_name} rejected");
        end_job(job, "reject");
    } else if approved >= needed {
        job.spec["native_approval"]["reject_or_approve"] = json!("approve");
        end_job(job, "passed");
    }
    let _ = msg;
    Ok(())
}

/// Resumes a stage paused for manual execution.
pub fn manual_exec(t: &mut Task, stage_name: &str) -> Result<(), String> {
    if t.status != "pause" {
        return Err(format!("workflow task {} is not paused", t.id));
    }
    let Some(s) = t
        .stages
        .iter_mut()
        .find(|s| s.name == stage_name && s.status == "pause")
    else {
        return Err(format!(
            "stage {stage_name} is not waiting for manual execution"
        ));
    };
    s.manual_done = true;
    s.status = "running".into();
    s.start_time = now();
    t.status = "running".into();
    Ok(())
}

/// Decides a job waiting in `wait_for_manual_error_handling`: `ignore` or `reject`.
pub fn handle_error(t: &mut Task, job_name: &str, decision: &str) -> Result<(), String> {
    let Some(j) = t
        .stages
        .iter_mut()
        .flat_map(|s| s.jobs.iter_mut())
        .find(|j| j.name == job_name && j.status == "wait_for_manual_error_handling")
    else {
        return Err(format!(
            "job {job_name} is not waiting for manual error handling"
        ));
    };
    match decision {
        "ignore" => end_job(j, "unstable"),
        "reject" => end_job(j, "failed"),
        _ => return Err(format!("unknown decision {decision}")),
    }
    Ok(())
}

/// The manual-exec context of a task (v5 OpenAPI).
pub fn manual_exec_context(t: &Task, project: &str, can: bool) -> Value {
    let stage = t.stages.iter().find(|s| s.status == "pause");
    json!({
        "project_key": project, "workflow_key": t.workflow_key, "task_id": t.id, "status": t.status,
        "stage_name": stage.map(|s| s.name.clone()).unwrap_or_default(), "can_execute": can && stage.is_some(),
        "executors": stage.and_then(|s| s.manual_exec.as_ref()).map(|m| m["manual_exec_users"].clone()).unwrap_or(json!([])),
    })
}
