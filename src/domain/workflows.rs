//! The workflow list's filtering and sorting, independent of the page.

use crate::api::types::WorkflowSummary;

/// How the list is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    NameAsc,
    NameDesc,
    UpdatedDesc,
    UpdatedAsc,
}

impl Sort {
    pub fn parse(s: &str) -> Sort {
        match s {
            "name-desc" => Sort::NameDesc,
            "updated" | "updated-desc" => Sort::UpdatedDesc,
            "updated-asc" => Sort::UpdatedAsc,
            _ => Sort::NameAsc,
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            Sort::NameAsc => "name",
            Sort::NameDesc => "name-desc",
            Sort::UpdatedDesc => "updated",
            Sort::UpdatedAsc => "updated-asc",
        }
    }
}

/// Filters by a search over key and display name (case-insensitive, every word must match),
/// optionally favourites only, then sorts; favourites come first.
pub fn arrange(
    list: &[WorkflowSummary],
    search: &str,
    sort: Sort,
    favourites: &[String],
    only_favourites: bool,
) -> Vec<WorkflowSummary> {
    let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
    let mut out: Vec<WorkflowSummary> = list
        .iter()
        .filter(|w| {
            let hay = format!("{} {}", w.workflow_key, w.workflow_name).to_lowercase();
            words.iter().all(|word| hay.contains(word))
        })
        .filter(|w| !only_favourites || favourites.contains(&w.workflow_key))
        .cloned()
        .collect();
    let name = |w: &WorkflowSummary| {
        if w.workflow_name.is_empty() {
            w.workflow_key.to_lowercase()
        } else {
            w.workflow_name.to_lowercase()
        }
    };
    out.sort_by(|a, b| {
        let fav = favourites
            .contains(&b.workflow_key)
            .cmp(&favourites.contains(&a.workflow_key));
        fav.then_with(|| match sort {
            Sort::NameAsc => name(a).cmp(&name(b)),
            Sort::NameDesc => name(b).cmp(&name(a)),
            Sort::UpdatedDesc => b.update_time.cmp(&a.update_time),
            Sort::UpdatedAsc => a.update_time.cmp(&b.update_time),
        })
    });
    out
}

/// Toggles a key in a favourites list.
pub fn toggle(favourites: &[String], key: &str) -> Vec<String> {
    if favourites.iter().any(|k| k == key) {
        favourites.iter().filter(|k| *k != key).cloned().collect()
    } else {
        let mut v = favourites.to_vec();
        v.push(key.to_string());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wf(key: &str, name: &str, t: i64) -> WorkflowSummary {
        WorkflowSummary {
            workflow_key: key.into(),
            workflow_name: name.into(),
            update_time: t,
            ..Default::default()
        }
    }

    #[test]
    fn searches_sorts_and_pins_favourites() {
        let list = vec![
            wf("b-deploy", "Deploy B", 3),
            wf("a-build", "Build A", 1),
            wf("c-test", "Tests", 2),
        ];
        let keys =
            |v: Vec<WorkflowSummary>| v.into_iter().map(|w| w.workflow_key).collect::<Vec<_>>();
        assert_eq!(
            keys(arrange(&list, "", Sort::NameAsc, &[], false)),
            ["a-build", "b-deploy", "c-test"]
        );
        assert_eq!(
            keys(arrange(&list, "", Sort::UpdatedDesc, &[], false)),
            ["b-deploy", "c-test", "a-build"]
        );
        assert_eq!(
            keys(arrange(&list, "DEPLOY", Sort::NameAsc, &[], false)),
            ["b-deploy"]
        );
        assert_eq!(
            keys(arrange(&list, "build a", Sort::NameAsc, &[], false)),
            ["a-build"]
        );
        let fav = vec!["c-test".to_string()];
        assert_eq!(
            keys(arrange(&list, "", Sort::NameAsc, &fav, false)),
            ["c-test", "a-build", "b-deploy"]
        );
        assert_eq!(
            keys(arrange(&list, "", Sort::NameAsc, &fav, true)),
            ["c-test"]
        );
        assert_eq!(toggle(&fav, "c-test"), Vec::<String>::new());
        assert_eq!(toggle(&fav, "a"), vec!["c-test".to_string(), "a".into()]);
    }
}
