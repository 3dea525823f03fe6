//! What names a workflow, a task and a job task on the wire, as types: a key is not a display
//! name, a task number is not a timestamp, a job task's name is not a job's display name.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(s: impl Into<String>) -> Self {
                $name(s.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }

        impl From<&String> for $name {
            fn from(s: &String) -> Self {
                $name(s.clone())
            }
        }

        /// Hashes and compares as its text, so maps keyed by it are looked up by `&str` too.
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

name_type!(
    /// A workflow's key (`workflow_key`; the server's `workflow_name` in a few answers): what
    /// its URLs and every endpoint name it by. Its display name is a plain `String`.
    WorkflowKey
);

name_type!(
    /// A job task's name within a task (`JobTask::name`): what its log and its panel are
    /// addressed by, unique within the task.
    JobTaskName
);

/// A task's number within its workflow (`task_id`), counted from 1. Reads a number, a numeric
/// string or `null` (as 0, which names no task).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TaskId(i64);

impl TaskId {
    pub const fn new(n: i64) -> Self {
        TaskId(n)
    }
    pub const fn get(self) -> i64 {
        self.0
    }
    /// Whether this names a task (0 and below do not).
    pub const fn is_some(self) -> bool {
        self.0 > 0
    }
}

impl std::str::FromStr for TaskId {
    type Err = std::num::ParseIntError;
    /// A URL segment or a query value: a whole number, nothing else.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(TaskId)
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for TaskId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::types::number(d).map(TaskId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_id_reads_numbers_numeric_strings_and_null() {
        let read = |j: &str| serde_json::from_str::<TaskId>(j).unwrap();
        assert_eq!(read("7"), TaskId::new(7));
        assert_eq!(read("\"12\""), TaskId::new(12));
        assert_eq!(read("null"), TaskId::default());
        assert!(!TaskId::default().is_some());
        assert_eq!(serde_json::to_string(&TaskId::new(3)).unwrap(), "3");
    }

    #[test]
    fn a_task_id_parses_only_a_whole_number() {
        assert_eq!("42".parse(), Ok(TaskId::new(42)));
        for bad in ["", "4x", " 4", "1e3", "4.0"] {
            assert!(bad.parse::<TaskId>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_are_their_text_on_the_wire() {
        let k: WorkflowKey = serde_json::from_str("\"build-web\"").unwrap();
        assert_eq!(k, "build-web");
        assert_eq!(k.to_string(), "build-web");
        assert_eq!(
            serde_json::to_string(&JobTaskName::from("a b")).unwrap(),
            "\"a b\""
        );
    }
}
