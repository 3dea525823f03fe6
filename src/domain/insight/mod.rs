//! Run insight: what a release manager asks of a task (why did it fail, what changed, where did
//! the time go), answered from the task detail, the task history and the logs. Pure logic.

pub mod diff;
pub mod landing;
pub mod log_diff;
pub mod share;
pub mod timing;
