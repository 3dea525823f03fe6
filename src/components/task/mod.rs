//! The task page's widgets: header and actions, remark, timeline, and the job panel.

mod header;
mod panel;
mod remark;
mod timeline;

pub use header::TaskHeader;
pub use panel::{JobFacts, JobPanel};
pub use remark::Remark;
pub use timeline::Timeline;

use leptos::prelude::*;

use crate::api::types::TaskDetail;

/// The task on screen (an empty one before the first answer).
fn current(task: Memo<Option<TaskDetail>>) -> TaskDetail {
    task.get().unwrap_or_default()
}
