//! Building view create/update bodies from what the person ticked.

use crate::api::requests::{CreateViewRequest, UpdateViewRequest, ViewEntryInput};
use crate::api::types::{WorkflowKey, WorkflowSummary};

/// Why a view cannot be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewError {
    NameMissing,
    NameTaken,
}

/// Checks a new view's name against the existing ones.
pub fn check_name(name: &str, existing: &[String]) -> Result<(), ViewError> {
    let n = name.trim();
    if n.is_empty() {
        Err(ViewError::NameMissing)
    } else if existing.iter().any(|e| e == n) {
        Err(ViewError::NameTaken)
    } else {
        Ok(())
    }
}

fn entry(w: &WorkflowSummary, enabled: Option<bool>) -> ViewEntryInput {
    ViewEntryInput {
        workflow_key: w.workflow_key.clone(),
        display_name: w.display_name.clone(),
        workflow_type: if w.kind.is_empty() {
            "custom".into()
        } else {
            w.kind.clone()
        },
        enabled,
    }
}

/// The body for a new view with the chosen workflows.
pub fn create_body(
    project: &str,
    name: &str,
    all: &[WorkflowSummary],
    chosen: &[WorkflowKey],
) -> CreateViewRequest {
    CreateViewRequest {
        project_key: project.into(),
        name: name.trim().into(),
        workflow_list: all
            .iter()
            .filter(|w| chosen.contains(&w.workflow_key))
            .map(|w| entry(w, None))
            .collect(),
    }
}

/// The body for an update: chosen workflows enabled, those leaving the view disabled (Zadig
/// never deletes entries, and a missing `enabled` would mean removed anyway).
pub fn update_body(
    all: &[WorkflowSummary],
    before: &[WorkflowKey],
    chosen: &[WorkflowKey],
) -> UpdateViewRequest {
    let mut list: Vec<ViewEntryInput> = all
        .iter()
        .filter(|w| chosen.contains(&w.workflow_key))
        .map(|w| entry(w, Some(true)))
        .collect();
    list.extend(
        all.iter()
            .filter(|w| before.contains(&w.workflow_key) && !chosen.contains(&w.workflow_key))
            .map(|w| entry(w, Some(false))),
    );
    UpdateViewRequest {
        workflow_list: list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wf(k: &str, kind: &str) -> WorkflowSummary {
        WorkflowSummary {
            workflow_key: k.into(),
            display_name: k.to_uppercase(),
            kind: kind.into(),
            ..Default::default()
        }
    }

    #[test]
    fn bodies_and_names() {
        let all = vec![wf("a", "custom"), wf("b", "custom"), wf("p", "product")];
        let c = create_body("demo", " mine ", &all, &["a".into(), "p".into()]);
        assert_eq!(c.name, "mine");
        assert_eq!(
            serde_json::to_value(&c.workflow_list).unwrap(),
            serde_json::json!([
            {"workflow_key": "a", "workflow_name": "A", "workflow_type": "custom"},
            {"workflow_key": "p", "workflow_name": "P", "workflow_type": "product"}])
        );
        let u = update_body(&all, &["a".into(), "b".into()], &["b".into(), "p".into()]);
        let keys: Vec<(WorkflowKey, Option<bool>)> = u
            .workflow_list
            .iter()
            .map(|e| (e.workflow_key.clone(), e.enabled))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("b".into(), Some(true)),
                ("p".into(), Some(true)),
                ("a".into(), Some(false))
            ]
        );
        assert_eq!(check_name("  ", &[]), Err(ViewError::NameMissing));
        assert_eq!(check_name("ci", &["ci".into()]), Err(ViewError::NameTaken));
        assert_eq!(check_name("new", &["ci".into()]), Ok(()));
    }
}
