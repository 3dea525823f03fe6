//! The release build's own steps, checked on small inputs (the end-to-end tests check them on
//! the console itself).

use zadig_e2e::repo_root;

/// scripts/split-cold.mjs: a moved function is reached through its stub, directly and through
/// the table; the cold module loads once, on first need, and reaches the main module's
/// functions, imports, globals and memory (scripts/split-cold.test.mjs says how).
#[test]
fn split_cold_moves_a_function_and_keeps_it_callable() {
    let root = repo_root();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(". scripts/env.sh && node scripts/split-cold.test.mjs")
        .current_dir(&root)
        .output()
        .expect("bash runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("split-cold: ok"), "{text}");
}
