//! The source tree's own rules, checked on every test run: views link through `routes::Route`
//! instead of writing URLs, and the API layer stays below the domain.

use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).expect("source directory").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn files_under(dirs: &[&str]) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for d in dirs {
        rust_files(&root.join(d), &mut paths);
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).expect("readable source");
            (p.strip_prefix(root).unwrap().display().to_string(), text)
        })
        .collect()
}

#[test]
fn no_view_writes_a_console_url() {
    let views = files_under(&["src/components", "src/pages"]);
    assert!(!views.is_empty());
    let mut found = Vec::new();
    for (path, text) in &views {
        for (n, line) in text.lines().enumerate() {
            if line.contains("format!(\"/")
                || line.contains("\"/projects")
                || line.contains("\"/settings")
            {
                found.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "build these with routes::Route:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_api_layer_does_not_reach_up() {
    let mut found = Vec::new();
    for (path, text) in files_under(&["src/api", "src/net"]) {
        for (n, line) in text.lines().enumerate() {
            let up = [
                "crate::domain",
                "crate::components",
                "crate::pages",
                "crate::state",
                "crate::routes",
            ];
            if up.iter().any(|u| line.contains(u)) {
                found.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "api/ and net/ import only below them:\n{}",
        found.join("\n")
    );
}
