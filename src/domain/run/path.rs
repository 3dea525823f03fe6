//! Field paths: the one place their grammar (see the module doc of [`super`]) is written, so
//! the form, the request builder and every prefill address a field the same way.

use std::fmt;

/// Parts shared by several job types.
pub mod part {
    pub const BRANCH: &str = "branch";
    pub const PRS: &str = "prs";
    pub const COMMIT: &str = "commit";
    pub const CODEHOST: &str = "codehost";
    pub const IMAGE: &str = "image";
    pub const ENV: &str = "env";
}

/// The path of a field, a job switch, a group switch or a notification switch.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldPath(String);

impl FieldPath {
    /// `p.<name>`: a workflow parameter.
    pub fn param(name: &str) -> FieldPath {
        FieldPath(format!("p.{name}"))
    }

    /// `j.<name>`: a job (its switch).
    pub fn job(name: &str) -> FieldPath {
        FieldPath(format!("j.{name}"))
    }

    /// `n.<index>`: a notification setting (its switch).
    pub fn notify(index: usize) -> FieldPath {
        FieldPath(format!("n.{index}"))
    }

    /// `<self>.<part>`: a field of this job, group, repository or notification.
    pub fn at(&self, part: &str) -> FieldPath {
        FieldPath(format!("{}.{part}", self.0))
    }

    /// `<self>.kv.<key>`: a variable.
    pub fn kv(&self, key: &str) -> FieldPath {
        self.at(&format!("kv.{key}"))
    }

    /// `<self>.r.<namespace>/<name>`: a repository row.
    pub fn repo(&self, title: &str) -> FieldPath {
        self.at(&format!("r.{title}"))
    }

    /// `<self>.g.<id>`: a service, module or target of a job (its switch).
    pub fn group(&self, id: &str) -> FieldPath {
        self.at(&format!("g.{id}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<FieldPath> for String {
    fn from(p: FieldPath) -> String {
        p.0
    }
}

impl AsRef<str> for FieldPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_grammar() {
        let g = FieldPath::job("build").group("svc/mod");
        assert_eq!(g.as_str(), "j.build.g.svc/mod");
        assert_eq!(
            g.repo("org/app").at(part::BRANCH).as_str(),
            "j.build.g.svc/mod.r.org/app.branch"
        );
        assert_eq!(g.kv("TOKEN").as_str(), "j.build.g.svc/mod.kv.TOKEN");
        assert_eq!(FieldPath::param("x").at(part::PRS).as_str(), "p.x.prs");
        assert_eq!(
            FieldPath::notify(2).at("chat_id").to_string(),
            "n.2.chat_id"
        );
    }
}
