//! The source tree's own rules, checked on every test run: views link through `routes::Route`
//! instead of writing URLs, the API layer stays below the domain, widgets and pages stay small
//! and job types are known only to their modules.

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

/// Every `path:line: text` under `dirs` whose line `bad` picks.
fn lines_where(dirs: &[&str], bad: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in files_under(dirs) {
        for (n, line) in text.lines().enumerate() {
            if bad(line) {
                found.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn no_view_writes_a_console_url() {
    assert!(!files_under(&["src/components", "src/pages"]).is_empty());
    let found = lines_where(&["src/components", "src/pages"], |line| {
        ["format!(\"/", "\"/projects", "\"/settings"]
            .iter()
            .any(|p| line.contains(p))
    });
    assert!(
        found.is_empty(),
        "build these with routes::Route:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_api_layer_does_not_reach_up() {
    let up = [
        "crate::domain",
        "crate::components",
        "crate::pages",
        "crate::state",
        "crate::routes",
    ];
    let found = lines_where(&["src/api", "src/net"], |line| {
        up.iter().any(|u| line.contains(u))
    });
    assert!(
        found.is_empty(),
        "api/ and net/ import only below them:\n{}",
        found.join("\n")
    );
}

#[test]
fn widgets_and_pages_stay_small() {
    let mut long = Vec::new();
    for (path, text) in files_under(&["src/components", "src/pages"]) {
        let n = text.lines().count();
        if n > 400 {
            long.push(format!("{path}: {n} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "split these (400 lines at most):\n{}",
        long.join("\n")
    );
}

/// The code of a file, without its test module (tests at the bottom, by convention) and
/// without comments.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
}

#[test]
fn job_types_are_named_only_in_their_modules() {
    use zadig_console::domain::run::JobType;
    let mut found = Vec::new();
    for (path, text) in files_under(&["src"]) {
        if path.starts_with("src/domain/run/jobs/") || path.ends_with("/tests.rs") {
            continue;
        }
        for (n, line) in code_lines(&text) {
            for t in JobType::KNOWN {
                if line.contains(&format!("\"{}\"", t.wire())) {
                    found.push(format!("{path}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "what a job type does belongs in its module under src/domain/run/jobs/:\n{}",
        found.join("\n")
    );
}

/// The shell `index.html` paints before the WebAssembly arrives says what the app's first screen
/// says, in both languages: nothing changes wording when the app takes over.
#[test]
fn the_boot_shell_speaks_the_i18n_table() {
    use zadig_console::i18n::{Locale, T};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let html = fs::read_to_string(root.join("index.html")).expect("index.html");
    let start = html
        .find("<div id=\"boot\">")
        .expect("index.html has the boot shell");
    let shell = &html[start..];
    let texts = [
        T::AppName,
        T::NavProjects,
        T::NavApprovals,
        T::NavSettings,
        T::Loading,
        T::BootFailed,
        T::Reload,
    ];
    for t in texts {
        for (attr, l) in [("data-en", Locale::En), ("data-zh", Locale::ZhCn)] {
            let span = format!("<span {attr}>{}</span>", t.get(l));
            assert!(shell.contains(&span), "the boot shell lacks {span}");
        }
    }
    // Nothing in the shell is worded outside those spans.
    let spans = shell.matches("<span data-en>").count();
    assert_eq!(
        spans,
        texts.len(),
        "every worded element of the boot shell is one of the texts"
    );
}
