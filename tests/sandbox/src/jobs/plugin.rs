//! `plugin`: one job task with the plugin inputs applied.

#[allow(unused_imports)]
use super::prelude::*;

pub fn expand(ctx: &mut Ctx, j: &Job, out: &mut Vec<JobRun>) -> Result<(), PlanError> {
    let (spec, p) = (j.spec, j.p);
    let mut plugin = get(spec, "plugin").clone();
    let kv = arr(p, "kv");
    if let Some(inputs) = plugin.get_mut("inputs").and_then(Value::as_array_mut) {
        for i in inputs.iter_mut() {
            if let Some(k) = kv.iter().find(|k| s(k, "key") == s(i, "name")) {
                i["value"] = get(k, "value").clone();
            }
        }
    }
    let lines: Vec<String> = arr(&plugin, "inputs")
        .iter()
        .map(|i| s(i, "value").to_string())
        .collect();
    out.push(j.task(
        plugin,
        json!({}),
        logs::simple(&mut ctx.rng, &lines, 3000.0, None),
    ));
    Ok(())
}

/// The definition as it ran: unchanged by this type's inputs.
pub fn as_run(_spec: &mut Value, _p: &Value) {}
