//! `sql`: one job task running the statements.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (spec, p) = (j.spec, j.p);
    let mut sp = spec.clone();
    if !s(p, "sql").is_empty() {
        sp["sql"] = json!(s(p, "sql"));
    }
    if s(spec, "source") == "runtime" && !s(p, "database_name").is_empty() {
        sp["database_name"] = json!(s(p, "database_name"));
    }
    let sql = s(&sp, "sql").to_string();
    out.push(j.task(
        sp,
        json!({}),
        logs::simple(
            &mut ctx.rng,
            &[
                format!("connecting to database {}", s(spec, "id")),
                format!("executing: {sql}"),
                "+--------------------+".into(),
                "| Database           |".into(),
                "+--------------------+".into(),
                "| information_schema |".into(),
                "| orders             |".into(),
                "+--------------------+".into(),
                "2 rows in set (0.01 sec)".into(),
            ],
            2500.0,
            None,
        ),
    ));
    Ok(())
}

/// What the task's inputs changed in the definition, for the workflow as it ran.
pub fn as_run(spec: &mut Value, p: &Value) {
    for k in ["sql", "database_name"] {
        if !s(p, k).is_empty() {
            spec[k] = get(p, k).clone();
        }
    }
}
