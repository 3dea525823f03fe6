//! The wire's names and numbers ([`crate::api::ids`]) shown as text and written as attributes,
//! so views write `{task.task_id}` and `data-workflow=key` as they do with strings.

use leptos::attr::IntoAttributeValue;
use leptos::prelude::IntoRender;

use crate::api::ids::{JobTaskName, TaskId, WorkflowKey};

macro_rules! shown_as_text {
    ($($t:ty),*) => {$(
        impl IntoRender for $t {
            type Output = String;
            fn into_render(self) -> String {
                self.to_string()
            }
        }

        impl IntoAttributeValue for $t {
            type Output = String;
            fn into_attribute_value(self) -> String {
                self.to_string()
            }
        }
    )*};
}

shown_as_text!(WorkflowKey, JobTaskName, TaskId);
