//! What to show about a job task: a short sub-label for the timeline and the facts of its
//! detail panel, per job type. Credentials are masked and `oauth_token` is never read.

use serde_json::Value;

use crate::api::types::JobTask;
use crate::domain::run::JobType;
use crate::i18n::T;

/// One labelled value of a job's detail panel.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub label: T,
    pub value: String,
    /// An http(s) link for the value (commit pages).
    pub link: Option<String>,
}

use crate::domain::text_at;

fn fact(label: T, value: impl Into<String>) -> Fact {
    Fact {
        label,
        value: value.into(),
        link: None,
    }
}

/// The timeline's sub-label: what its job type says of it (service(module), environment,
/// target, test or scanning name), else its display name.
pub fn sub_label(job: &JobTask) -> String {
    let label = JobType::from_wire(&job.kind).sub_label(job);
    if label.trim().is_empty() || label.trim() == "→" {
        job.display_name.clone()
    } else {
        label
    }
}

/// A commit page for a repository, when its address is http(s).
pub fn commit_link(repo: &Value) -> Option<String> {
    let address = text_at(repo, "address").trim_end_matches('/');
    let id = text_at(repo, "commit_id");
    if id.is_empty() || !(address.starts_with("https://") || address.starts_with("http://")) {
        return None;
    }
    let ns = if text_at(repo, "repo_namespace").is_empty() {
        text_at(repo, "repo_owner")
    } else {
        text_at(repo, "repo_namespace")
    };
    let path = if address.contains("gitlab") {
        "-/commit"
    } else {
        "commit"
    };
    Some(format!(
        "{address}/{ns}/{}/{path}/{id}",
        text_at(repo, "repo_name")
    ))
}

fn masked(kv: &Value) -> String {
    if kv
        .get("is_credential")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        "••••••".into()
    } else {
        match kv.get("value") {
            Some(Value::String(v)) => v.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }
}

/// The facts of a job's detail panel.
pub fn facts(job: &JobTask) -> Vec<Fact> {
    let sp = &job.spec;
    let mut out = Vec::new();
    let push = |out: &mut Vec<Fact>, label: T, v: &str| {
        if !v.is_empty() {
            out.push(fact(label, v));
        }
    };
    push(&mut out, T::FactService, text_at(sp, "service_name"));
    push(&mut out, T::FactModule, text_at(sp, "service_module"));
    push(&mut out, T::FactImage, text_at(sp, "image"));
    push(&mut out, T::FactEnv, text_at(sp, "env"));
    if sp.get("production").and_then(Value::as_bool) == Some(true) {
        out.push(fact(T::FactProduction, "✓"));
    }
    for si in sp
        .get("service_and_images")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        out.push(fact(
            T::FactDeployed,
            format!(
                "{}/{} → {}",
                text_at(si, "service_name"),
                text_at(si, "service_module"),
                text_at(si, "image")
            ),
        ));
    }
    push(&mut out, T::FactTarget, text_at(sp, "target"));
    push(&mut out, T::FactNamespace, text_at(sp, "namespace"));
    push(&mut out, T::FactTest, text_at(sp, "test_name"));
    push(&mut out, T::FactScanning, text_at(sp, "scanning_name"));
    for (k, label) in [
        ("junit_report", T::FactJunit),
        ("html_report", T::FactHtmlReport),
        ("archive", T::FactArchive),
    ] {
        if sp.get(k).and_then(Value::as_bool) == Some(true) {
            out.push(fact(label, "✓"));
        }
    }
    if let Some(url) = sp
        .get("link_url")
        .and_then(Value::as_str)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        out.push(Fact {
            label: T::FactReport,
            value: url.to_string(),
            link: Some(url.to_string()),
        });
    }
    for r in sp
        .get("repos")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut refname = text_at(r, "branch").to_string();
        if let Some(pr) = r.get("pr").and_then(Value::as_i64).filter(|p| *p > 0) {
            refname = format!("{refname} PR #{pr}");
        }
        if !text_at(r, "tag").is_empty() {
            refname = format!("{refname} tag {}", text_at(r, "tag"));
        }
        let ns = if text_at(r, "repo_namespace").is_empty() {
            text_at(r, "repo_owner")
        } else {
            text_at(r, "repo_namespace")
        };
        out.push(fact(
            T::FactRepo,
            format!("{ns}/{} @ {}", text_at(r, "repo_name"), refname.trim()),
        ));
        let id = text_at(r, "commit_id");
        if !id.is_empty() {
            let short: String = id.chars().take(10).collect();
            let msg = text_at(r, "commit_message").lines().next().unwrap_or("");
            let author = text_at(r, "author_name");
            let value = [
                short,
                msg.to_string(),
                if author.is_empty() {
                    String::new()
                } else {
                    format!("({author})")
                },
            ]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
            out.push(Fact {
                label: T::FactCommit,
                value,
                link: commit_link(r),
            });
        }
    }
    if JobType::from_wire(&job.kind) == JobType::Plugin {
        for i in sp
            .get("inputs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push(fact(
                T::FactInput,
                format!("{} = {}", text_at(i, "name"), masked(i)),
            ));
        }
    }
    for e in sp
        .get("envs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if !text_at(e, "key").is_empty() {
            out.push(fact(
                T::FactVariable,
                format!("{} = {}", text_at(e, "key"), masked(e)),
            ));
        }
    }
    if job.retry_count > 0 {
        out.push(fact(T::FactRetries, job.retry_count.to_string()));
    }
    push(&mut out, T::FactError, &job.error);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn job(kind: &str, spec: Value) -> JobTask {
        JobTask {
            kind: kind.into(),
            spec,
            display_name: "disp".into(),
            ..Default::default()
        }
    }

    #[test]
    fn sub_labels_per_type() {
        assert_eq!(
            sub_label(&job(
                "zadig-build",
                json!({"service_name": "shop", "service_module": "orders"})
            )),
            "shop(orders)"
        );
        assert_eq!(
            sub_label(&job(
                "zadig-build",
                json!({"service_name": "a", "service_module": "a"})
            )),
            "a"
        );
        assert_eq!(
            sub_label(&job(
                "zadig-deploy",
                json!({"env": "dev", "service_and_images": [{"service_name": "shop"}, {"service_name": "shop"}]})
            )),
            "shop → dev"
        );
        assert_eq!(
            sub_label(&job("custom-deploy", json!({"target": "Deployment/a/b"}))),
            "Deployment/a/b"
        );
        assert_eq!(
            sub_label(&job("zadig-test", json!({"test_name": "unit"}))),
            "unit"
        );
        assert_eq!(sub_label(&job("approval", json!({}))), "disp");
    }

    #[test]
    fn facts_mask_credentials_and_never_show_tokens() {
        let j = job(
            "zadig-build",
            json!({
                "service_name": "shop", "service_module": "orders", "image": "r/x:1",
                "repos": [{"repo_namespace": "shop", "repo_name": "orders", "branch": "main", "pr": 7, "commit_id": "0123456789abcdef",
                           "commit_message": "fix: x\n\nbody", "author_name": "alice", "address": "https://git.example.com",
                           "oauth_token": "gho_secret"}],
                "envs": [{"key": "TOKEN", "value": "s3cret", "is_credential": true}, {"key": "MODE", "value": "release"}],
            }),
        );
        let f = facts(&j);
        let text = format!("{f:?}");
        assert!(
            !text.contains("s3cret") && !text.contains("gho_secret"),
            "{text}"
        );
        assert!(f
            .iter()
            .any(|x| x.label == T::FactVariable && x.value == "TOKEN = ••••••"));
        assert!(f
            .iter()
            .any(|x| x.label == T::FactVariable && x.value == "MODE = release"));
        let repo = f.iter().find(|x| x.label == T::FactRepo).unwrap();
        assert_eq!(repo.value, "shop/orders @ main PR #7");
        let commit = f.iter().find(|x| x.label == T::FactCommit).unwrap();
        assert_eq!(commit.value, "0123456789 fix: x (alice)");
        assert_eq!(
            commit.link.as_deref(),
            Some("https://git.example.com/shop/orders/commit/0123456789abcdef")
        );
    }

    #[test]
    fn commit_links_only_for_http() {
        assert_eq!(
            commit_link(&json!({"address": "javascript:alert(1)", "commit_id": "a"})),
            None
        );
        assert_eq!(commit_link(&json!({"address": "https://gitlab.example.com/", "repo_namespace": "g", "repo_name": "r", "commit_id": "c"})).as_deref(),
            Some("https://gitlab.example.com/g/r/-/commit/c"));
        assert_eq!(
            commit_link(&json!({"address": "https://x", "commit_id": ""})),
            None
        );
    }
}
