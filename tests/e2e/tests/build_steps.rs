//! The release build's own steps, checked on small inputs (the end-to-end tests check them on
//! the console itself).

use zadig_e2e::repo_root;

/// Runs a step's check script with the build's tools on PATH; it must pass and say `said`.
fn node_check(script: &str, said: &str) {
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(". scripts/env.sh && node {script}"))
        .current_dir(repo_root())
        .output()
        .expect("bash runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains(said), "{text}");
}

/// scripts/split-cold.mjs: a moved function is reached through its stub, directly and through
/// the table; the cold module loads once, on first need, and reaches the main module's
/// functions, imports, globals and memory (scripts/split-cold.test.mjs says how).
#[test]
fn split_cold_moves_a_function_and_keeps_it_callable() {
    node_check("scripts/split-cold.test.mjs", "split-cold: ok");
}

/// scripts/styles.mjs: the first load's stylesheet keeps every rule what the main module draws
/// may need, and only the rest waits (scripts/styles.test.mjs says how).
#[test]
fn the_first_stylesheet_keeps_every_rule_the_main_module_may_need() {
    node_check("scripts/styles.test.mjs", "styles: ok");
}
