//! The workflow editor: YAML or JSON text → a checked definition, or every problem found
//! (a syntax error with its line and column, or a missing or malformed field by path).

use serde_json::Value;

use crate::api::types::WorkflowKey;

/// How the text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

/// JSON when the text starts with `{` (JSON is also YAML, but its errors read better).
pub fn detect(text: &str) -> Format {
    if text.trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    }
}

/// A problem with the definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditorIssue {
    Empty,
    /// 1-based line and column, and the parser's message.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    NotAMapping,
    /// A required field is absent or empty, e.g. `display_name` or `stages[0].jobs[1].type`.
    Missing(String),
    /// A field has the wrong type: (path, expected `text`, `list` or `mapping`).
    WrongType(String, &'static str),
    /// `name` must match `^[a-z0-9-]+$`.
    BadKey(String),
    /// `project` must be the project being edited.
    OtherProject {
        found: String,
        expected: String,
    },
    /// Updating cannot rename: `name` must stay the workflow's key.
    Renamed {
        found: String,
        expected: String,
    },
    /// Job names must be unique within the workflow.
    DuplicateJob(String),
}

/// What is being done: creating in a project, or updating a workflow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Create { project: String },
    Update { project: String, key: WorkflowKey },
}

/// A checked definition: its key and display name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub key: WorkflowKey,
    pub display_name: String,
    pub stages: usize,
    pub jobs: usize,
}

/// Parses the text as written.
pub fn parse(text: &str) -> Result<Value, EditorIssue> {
    if text.trim().is_empty() {
        return Err(EditorIssue::Empty);
    }
    match detect(text) {
        Format::Json => serde_json::from_str::<Value>(text).map_err(|e| EditorIssue::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        }),
        Format::Yaml => serde_yaml_ng::from_str::<Value>(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((0, 0));
            EditorIssue::Syntax {
                line,
                column,
                message: strip_position(&e.to_string()),
            }
        }),
    }
}

/// Parsers append " at line X column Y"; the console shows the position itself.
fn strip_position(m: &str) -> String {
    match m.find(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

fn text<'a>(v: &'a Value, key: &str, path: &str, issues: &mut Vec<EditorIssue>) -> &'a str {
    match v.get(key) {
        None | Some(Value::Null) => {
            issues.push(EditorIssue::Missing(path.into()));
            ""
        }
        Some(Value::String(s)) if s.trim().is_empty() => {
            issues.push(EditorIssue::Missing(path.into()));
            ""
        }
        Some(Value::String(s)) => s,
        Some(_) => {
            issues.push(EditorIssue::WrongType(path.into(), "text"));
            ""
        }
    }
}

/// Checks a definition for creating or updating: syntax, then every required field.
pub fn check(text_in: &str, target: &Target) -> Result<Checked, Vec<EditorIssue>> {
    let v = parse(text_in).map_err(|e| vec![e])?;
    if !v.is_object() {
        return Err(vec![EditorIssue::NotAMapping]);
    }
    let mut issues = Vec::new();
    let key = text(&v, "name", "name", &mut issues).to_string();
    if !key.is_empty()
        && !key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        issues.push(EditorIssue::BadKey(key.clone()));
    }
    let display_name = text(&v, "display_name", "display_name", &mut issues).to_string();
    let project = text(&v, "project", "project", &mut issues).to_string();
    let (expected_project, expected_key) = match target {
        Target::Create { project } => (project, None),
        Target::Update { project, key } => (project, Some(key)),
    };
    if !project.is_empty() && &project != expected_project {
        issues.push(EditorIssue::OtherProject {
            found: project,
            expected: expected_project.clone(),
        });
    }
    if let Some(k) = expected_key {
        if !key.is_empty() && k != key.as_str() {
            issues.push(EditorIssue::Renamed {
                found: key.clone(),
                expected: k.to_string(),
            });
        }
    }
    let mut job_names: Vec<String> = Vec::new();
    let mut stages = 0;
    match v.get("stages") {
        None | Some(Value::Null) => issues.push(EditorIssue::Missing("stages".into())),
        Some(Value::Array(list)) if list.is_empty() => {
            issues.push(EditorIssue::Missing("stages".into()))
        }
        Some(Value::Array(list)) => {
            stages = list.len();
            for (i, st) in list.iter().enumerate() {
                let p = format!("stages[{i}]");
                if !st.is_object() {
                    issues.push(EditorIssue::WrongType(p, "mapping"));
                    continue;
                }
                text(st, "name", &format!("{p}.name"), &mut issues);
                match st.get("jobs") {
                    None | Some(Value::Null) => {}
                    Some(Value::Array(jobs)) => {
                        for (k, j) in jobs.iter().enumerate() {
                            let jp = format!("{p}.jobs[{k}]");
                            if !j.is_object() {
                                issues.push(EditorIssue::WrongType(jp, "mapping"));
                                continue;
                            }
                            let n = text(j, "name", &format!("{jp}.name"), &mut issues);
                            text(j, "type", &format!("{jp}.type"), &mut issues);
                            if !n.is_empty() {
                                if job_names.iter().any(|x| x == n) {
                                    issues.push(EditorIssue::DuplicateJob(n.into()));
                                }
                                job_names.push(n.into());
                            }
                        }
                    }
                    Some(_) => issues.push(EditorIssue::WrongType(format!("{p}.jobs"), "list")),
                }
            }
        }
        Some(_) => issues.push(EditorIssue::WrongType("stages".into(), "list")),
    }
    if issues.is_empty() {
        Ok(Checked {
            key: key.into(),
            display_name,
            stages,
            jobs: job_names.len(),
        })
    } else {
        Err(issues)
    }
}

/// A definition to start from when creating a workflow in `project`.
pub fn template(project: &str) -> String {
    format!(
        "name: my-workflow\ndisplay_name: My workflow\nproject: {project}\ndescription: \"\"\nconcurrency_limit: 1\nparams:\n  - name: branch\n    type: string\n    value: main\nstages:\n  - name: Build\n    parallel: false\n    jobs:\n      - name: build\n        type: freestyle\n        spec:\n          script: |\n            echo building $branch\n          envs: []\n          repos: []\n"
    )
}

/// The character offset of a 1-based line and column, for moving the caret to an error.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset + column.saturating_sub(1).min(l.chars().count());
        }
        offset += l.chars().count();
    }
    offset
}

/// The key of the draft kept while editing (`None` workflow: a new one).
pub fn draft_key(project: &str, workflow: Option<&WorkflowKey>) -> String {
    match workflow {
        Some(w) => format!("zc.edit-draft.{project}.{w}"),
        None => format!("zc.edit-draft.{project}.+new"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create() -> Target {
        Target::Create {
            project: "demo".into(),
        }
    }

    #[test]
    fn the_template_is_a_valid_definition() {
        let c = check(&template("demo"), &create()).unwrap();
        assert_eq!(c.key, "my-workflow");
        assert_eq!((c.stages, c.jobs), (1, 1));
    }

    #[test]
    fn yaml_syntax_errors_have_line_and_column() {
        let text = "name: a\ndisplay_name: A\nstages:\n  - name: s\n   jobs: [\n";
        match check(text, &create()).unwrap_err().as_slice() {
            [EditorIssue::Syntax {
                line,
                column,
                message,
            }] => {
                assert_eq!(*line, 5, "{message}");
                assert!(*column > 0);
                assert!(!message.contains(" at line "), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_syntax_errors_have_line_and_column() {
        let text = "{\n  \"name\": \"a\",\n  \"display_name\": \"A\"\n  \"project\": \"demo\"\n}";
        assert_eq!(detect(text), Format::Json);
        match check(text, &create()).unwrap_err().as_slice() {
            [EditorIssue::Syntax { line, column, .. }] => assert_eq!((*line, *column), (4, 3)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn required_fields_and_shapes() {
        assert_eq!(check("  \n", &create()).unwrap_err(), [EditorIssue::Empty]);
        assert_eq!(
            check("- a\n- b\n", &create()).unwrap_err(),
            [EditorIssue::NotAMapping]
        );
        let issues = check("description: x\n", &create()).unwrap_err();
        for f in ["name", "display_name", "project", "stages"] {
            assert!(
                issues.contains(&EditorIssue::Missing(f.into())),
                "{f}: {issues:?}"
            );
        }
        let issues = check(
            "name: Bad_Key\ndisplay_name: 3\nproject: other\nstages:\n  - name: s\n    jobs:\n      - name: a\n      - {name: a, type: freestyle}\n      - x\n  - jobs: 5\n",
            &create(),
        )
        .unwrap_err();
        let want = [
            EditorIssue::BadKey("Bad_Key".into()),
            EditorIssue::WrongType("display_name".into(), "text"),
            EditorIssue::OtherProject {
                found: "other".into(),
                expected: "demo".into(),
            },
            EditorIssue::Missing("stages[0].jobs[0].type".into()),
            EditorIssue::DuplicateJob("a".into()),
            EditorIssue::WrongType("stages[0].jobs[2]".into(), "mapping"),
            EditorIssue::Missing("stages[1].name".into()),
            EditorIssue::WrongType("stages[1].jobs".into(), "list"),
        ];
        assert_eq!(issues, want);
        assert_eq!(
            check(
                "name: a\ndisplay_name: A\nproject: demo\nstages: []\n",
                &create()
            )
            .unwrap_err(),
            [EditorIssue::Missing("stages".into())]
        );
        assert_eq!(
            check(
                "name: a\ndisplay_name: A\nproject: demo\nstages: {}\n",
                &create()
            )
            .unwrap_err(),
            [EditorIssue::WrongType("stages".into(), "list")]
        );
    }

    #[test]
    fn updating_keeps_the_key() {
        let t = Target::Update {
            project: "demo".into(),
            key: "a".into(),
        };
        let text = "{\"name\": \"b\", \"display_name\": \"B\", \"project\": \"demo\", \"stages\": [{\"name\": \"s\", \"jobs\": []}]}";
        assert_eq!(
            check(text, &t).unwrap_err(),
            [EditorIssue::Renamed {
                found: "b".into(),
                expected: "a".into()
            }]
        );
        assert!(check(&text.replace("\"b\"", "\"a\""), &t).is_ok());
    }

    #[test]
    fn caret_offsets() {
        let t = "ab\ncdé\nf";
        assert_eq!(offset_of(t, 1, 1), 0);
        assert_eq!(offset_of(t, 2, 3), 5);
        assert_eq!(offset_of(t, 3, 1), 7);
        assert_eq!(offset_of(t, 9, 1), 8);
    }
}
