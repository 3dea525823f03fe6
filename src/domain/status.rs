//! Zadig's statuses (docs/zadig-contract.md §5) → what a person needs: a category, a label, the actions.

/// What a status means to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// Created, waiting, queued, blocked, pending: not started.
    Queued,
    /// Preparing or running.
    Running,
    /// Waiting for a person: approval, manual execution, manual error handling, breakpoints.
    Waiting,
    Passed,
    /// Failed, timed out, rejected.
    Failed,
    Cancelled,
    /// Skipped, not run, disabled.
    Skipped,
    /// Anything this console does not know.
    Unknown,
}

/// A parsed status string. Unknown strings are kept, never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    Created,
    Waiting,
    Queued,
    Blocked,
    Pending,
    Prepare,
    Running,
    Pause,
    WaitForApproval,
    WaitForManualErrorHandling,
    DebugBefore,
    DebugAfter,
    Passed,
    Unstable,
    Failed,
    Timeout,
    Reject,
    Cancelled,
    Skipped,
    NotRun,
    Disabled,
    Changed,
    Distributed,
    Other(String),
}

impl Status {
    /// Parses a status string (case-insensitive; `waitforapprove` is the pre-3.1 spelling).
    pub fn parse(s: &str) -> Status {
        match s.trim().to_ascii_lowercase().as_str() {
            "" => Status::NotStarted,
            "created" => Status::Created,
            "waiting" => Status::Waiting,
            "queued" => Status::Queued,
            "blocked" => Status::Blocked,
            "pending" => Status::Pending,
            "prepare" => Status::Prepare,
            "running" => Status::Running,
            "pause" | "paused" => Status::Pause,
            "wait_for_approval" | "waitforapprove" => Status::WaitForApproval,
            "wait_for_manual_error_handling" => Status::WaitForManualErrorHandling,
            "debug_before" => Status::DebugBefore,
            "debug_after" => Status::DebugAfter,
            "passed" | "success" => Status::Passed,
            "unstable" => Status::Unstable,
            "failed" => Status::Failed,
            "timeout" => Status::Timeout,
            "reject" | "rejected" => Status::Reject,
            "cancelled" | "canceled" => Status::Cancelled,
            "skipped" => Status::Skipped,
            "notrun" => Status::NotRun,
            "disabled" => Status::Disabled,
            "changed" => Status::Changed,
            "distributed" => Status::Distributed,
            other => Status::Other(other.to_string()),
        }
    }

    /// The category.
    pub fn category(&self) -> Category {
        use Status::*;
        match self {
            NotStarted | Created | Waiting | Queued | Blocked | Pending => Category::Queued,
            Prepare | Running => Category::Running,
            Pause | WaitForApproval | WaitForManualErrorHandling | DebugBefore | DebugAfter => {
                Category::Waiting
            }
            Passed | Unstable => Category::Passed,
            Failed | Timeout | Reject => Category::Failed,
            Cancelled => Category::Cancelled,
            Skipped | NotRun | Disabled => Category::Skipped,
            Changed | Distributed | Other(_) => Category::Unknown,
        }
    }

    /// Whether nothing more will happen (Zadig's completed set, plus skipped/unstable for jobs).
    pub fn is_finished(&self) -> bool {
        use Status::*;
        matches!(
            self,
            Passed | Unstable | Failed | Timeout | Reject | Cancelled | Skipped | NotRun | Disabled
        )
    }

    /// Whether a task in this status can be cancelled (anything but passed, and not already over).
    pub fn can_cancel(&self) -> bool {
        !self.is_finished() && !matches!(self, Status::Other(_))
    }

    /// Whether a task in this status can be retried.
    pub fn can_retry(&self) -> bool {
        matches!(
            self,
            Status::Failed | Status::Timeout | Status::Cancelled | Status::Reject
        )
    }

    /// Whether a job in this status waits for an approval decision.
    pub fn can_approve(&self) -> bool {
        matches!(self, Status::WaitForApproval)
    }

    /// Whether a stage or task in this status waits for manual execution.
    pub fn can_resume(&self) -> bool {
        matches!(self, Status::Pause)
    }

    /// Whether a job's log is live now (open the EventSource).
    pub fn streams_log(&self) -> bool {
        matches!(self, Status::Prepare | Status::Running)
    }

    /// English and Chinese labels.
    /// The label in one language.
    pub fn label(&self, l: crate::i18n::Locale) -> &str {
        let (en, zh) = self.labels();
        match l {
            crate::i18n::Locale::En => en,
            crate::i18n::Locale::ZhCn => zh,
        }
    }

    pub fn labels(&self) -> (&str, &str) {
        use Status::*;
        match self {
            NotStarted => ("Not started", "未开始"),
            Created => ("Created", "已创建"),
            Waiting => ("Waiting", "等待中"),
            Queued => ("Queued", "排队中"),
            Blocked => ("Blocked", "阻塞"),
            Pending => ("Pending", "待定"),
            Prepare => ("Preparing", "准备中"),
            Running => ("Running", "运行中"),
            Pause => ("Paused", "已暂停"),
            WaitForApproval => ("Waiting for approval", "等待审批"),
            WaitForManualErrorHandling => ("Waiting for error handling", "等待手动处理"),
            DebugBefore => ("Debug (before)", "调试中（前）"),
            DebugAfter => ("Debug (after)", "调试中（后）"),
            Passed => ("Passed", "成功"),
            Unstable => ("Unstable", "不稳定"),
            Failed => ("Failed", "失败"),
            Timeout => ("Timed out", "超时"),
            Reject => ("Rejected", "已拒绝"),
            Cancelled => ("Cancelled", "已取消"),
            Skipped => ("Skipped", "已跳过"),
            NotRun => ("Not run", "未运行"),
            Disabled => ("Disabled", "已禁用"),
            Changed => ("Changed", "已变更"),
            Distributed => ("Distributed", "已分发"),
            Other(s) => (s.as_str(), s.as_str()),
        }
    }

    /// The CSS class suffix of the category.
    pub fn css(&self) -> &'static str {
        match self.category() {
            Category::Queued => "queued",
            Category::Running => "running",
            Category::Waiting => "waiting",
            Category::Passed => "passed",
            Category::Failed => "failed",
            Category::Cancelled => "cancelled",
            Category::Skipped => "skipped",
            Category::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[&str] = &[
        "disabled",
        "created",
        "running",
        "passed",
        "skipped",
        "failed",
        "timeout",
        "cancelled",
        "pause",
        "waiting",
        "queued",
        "blocked",
        "pending",
        "changed",
        "notRun",
        "prepare",
        "reject",
        "distributed",
        "wait_for_approval",
        "debug_before",
        "debug_after",
        "unstable",
        "wait_for_manual_error_handling",
        "",
    ];

    #[test]
    fn every_declared_status_is_known() {
        for s in ALL {
            let st = Status::parse(s);
            assert!(!matches!(st, Status::Other(_)), "{s} should be known");
            let (en, zh) = st.labels();
            assert!(!en.is_empty() && !zh.is_empty(), "{s} needs labels");
            assert_eq!(st.label(crate::i18n::Locale::En), en);
            assert_eq!(st.label(crate::i18n::Locale::ZhCn), zh);
        }
        assert_eq!(
            Status::parse("wait_for_approval").label(crate::i18n::Locale::ZhCn),
            Status::parse("wait_for_approval").labels().1
        );
    }

    #[test]
    fn categories_and_actions() {
        assert_eq!(Status::parse("waitforapprove"), Status::WaitForApproval);
        assert_eq!(
            Status::parse("wait_for_approval").category(),
            Category::Waiting
        );
        assert_eq!(Status::parse("unstable").category(), Category::Passed);
        assert_eq!(Status::parse("reject").category(), Category::Failed);
        assert_eq!(Status::parse("Running").category(), Category::Running);
        assert_eq!(Status::parse("blocked").category(), Category::Queued);
        assert_eq!(
            Status::parse("weird-new-status").category(),
            Category::Unknown
        );
        assert!(Status::parse("running").can_cancel());
        assert!(Status::parse("waiting").can_cancel());
        assert!(Status::parse("pause").can_cancel());
        assert!(!Status::parse("passed").can_cancel());
        for s in ["failed", "timeout", "cancelled", "reject"] {
            assert!(Status::parse(s).can_retry(), "{s}");
        }
        assert!(!Status::parse("passed").can_retry());
        assert!(Status::parse("wait_for_approval").can_approve());
        assert!(Status::parse("pause").can_resume());
        assert!(Status::parse("prepare").streams_log());
        assert!(!Status::parse("passed").streams_log());
        assert!(Status::parse("skipped").is_finished());
        assert!(!Status::parse("").is_finished());
    }
}
