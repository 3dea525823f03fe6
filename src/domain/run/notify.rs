//! Notification settings a run can change: which ones the form offers and with what
//! fields, the notify inputs built from them, and the values an earlier run's inputs give back.

use serde::Deserialize;

use super::jobs::parts::{field, required};
use super::path::FieldPath;
use super::prefill::Prefill;
use super::request::Builder;
use super::*;
use crate::api::decode::or_default;
use crate::api::requests::*;
use crate::api::types::NotifyCtl;

const NOTIFY_TYPES: &[&str] = &[
    "feishu",
    "feishu_app",
    "feishu_person",
    "wechat",
    "dingding",
    "msteams",
    "mail",
];

/// A mail setting as the definition holds it: user ids directly, or inside user entries.
#[derive(Default, Deserialize)]
#[serde(default)]
struct MailSpec {
    user_ids: Vec<String>,
    users: Vec<MailUser>,
    dynamic_recipients: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct MailUser {
    user_id: String,
}

fn joined(v: &[String]) -> String {
    v.join(", ")
}

/// Feishu users as (ids, id type of the first; `user_id` when unknown).
fn lark_ids(users: &[LarkUser]) -> (String, String) {
    let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let ty = users
        .first()
        .map(|u| u.id_type.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "user_id".into());
    (joined(&ids), ty)
}

fn check(on: bool) -> &'static str {
    if on {
        "1"
    } else {
        "0"
    }
}

/// The form's section for the `i`-th notification setting.
pub(super) fn section(i: usize, n: &NotifyCtl) -> NotifySection {
    let kind = n.webhook_type.clone();
    let supported = NOTIFY_TYPES.contains(&kind.as_str());
    let p = FieldPath::notify(i);
    let cfg = |k: &str| n.rest.get(k).cloned().unwrap_or_default();
    let id_type = |ty: &str| {
        field(
            p.at("id_type"),
            Label::IdType,
            Kind::Select(vec![Choice::plain("user_id"), Choice::plain("open_id")]),
            ty,
        )
    };
    let list = |k: &str, label: Label, default: &str| field(p.at(k), label, Kind::List, default);
    let at_all = |on: bool| field(p.at("at_all"), Label::AtAll, Kind::Check, check(on));
    let dynamic = |r: &[String]| list("dynamic", Label::Recipients, &joined(r));
    let mut fields = vec![];
    if supported {
        fields.push(field(p.clone(), Label::ChangeNotify, Kind::Check, "0"));
        fields.push(field(
            p.at("enabled"),
            Label::NotifyEnabled,
            Kind::Check,
            check(n.enabled),
        ));
    }
    match kind.as_str() {
        "feishu" => {
            let c: LarkHookConfig = or_default(&cfg("lark_hook_notification_config"));
            fields.push(list("at_users", Label::AtUsers, &joined(&c.at_users)));
            fields.push(at_all(c.is_at_all));
            fields.push(dynamic(&c.dynamic_recipients));
        }
        "feishu_app" => {
            let c: LarkGroupConfig = or_default(&cfg("lark_group_notification_config"));
            let (ids, ty) = lark_ids(&c.at_users);
            fields.push(required(field(
                p.at("chat_id"),
                Label::ChatId,
                Kind::Text,
                &c.chat_id,
            )));
            fields.push(list("at_users", Label::AtUsers, &ids));
            fields.push(id_type(&ty));
            fields.push(dynamic(&c.dynamic_recipients));
        }
        "feishu_person" => {
            let c: LarkPersonConfig = or_default(&cfg("lark_person_notification_config"));
            let (ids, ty) = lark_ids(&c.users);
            fields.push(list("users", Label::UserIds, &ids));
            fields.push(id_type(&ty));
            fields.push(dynamic(&c.dynamic_recipients));
        }
        "wechat" => {
            let c: WechatConfig = or_default(&cfg("wechat_notification_config"));
            fields.push(list("at_users", Label::AtUsers, &joined(&c.at_users)));
            fields.push(at_all(c.is_at_all));
        }
        "dingding" => {
            let c: DingdingConfig = or_default(&cfg("dingding_notification_config"));
            fields.push(list("at_mobiles", Label::Mobiles, &joined(&c.at_mobiles)));
            fields.push(at_all(c.is_at_all));
            fields.push(dynamic(&c.dynamic_recipients));
        }
        "msteams" => {
            let c: MsteamsConfig = or_default(&cfg("msteams_notification_config"));
            fields.push(list("at_emails", Label::Emails, &joined(&c.at_emails)));
            fields.push(dynamic(&c.dynamic_recipients));
        }
        "mail" => {
            let c: MailSpec = or_default(&cfg("mail_notification_config"));
            let ids = if c.user_ids.is_empty() {
                let ids = c.users.iter().map(|u| u.user_id.clone());
                ids.filter(|x| !x.is_empty()).collect()
            } else {
                c.user_ids
            };
            fields.push(list("user_ids", Label::UserIds, &joined(&ids)));
            fields.push(dynamic(&c.dynamic_recipients));
        }
        _ => {}
    }
    NotifySection {
        index: i,
        kind,
        enabled: n.enabled,
        supported,
        fields,
    }
}

impl Builder<'_> {
    /// The notify input of a setting changed for this run.
    pub(super) fn notify(&mut self, n: &NotifySection) -> Option<NotifyInput> {
        let p = FieldPath::notify(n.index);
        let id = n.index as i64;
        let on = self.check(p.at("enabled"));
        let enabled = (on != n.enabled).then_some(on);
        let list = |b: &Self, k: &str| b.list(p.at(k));
        let dynamic_recipients = list(self, "dynamic");
        let at_all = self.check(p.at("at_all"));
        let lark = |b: &mut Self, k: &str| -> Vec<LarkUser> {
            let ty = b.text(p.at("id_type"));
            list(b, k)
                .into_iter()
                .map(|id| LarkUser {
                    id,
                    id_type: ty.clone(),
                })
                .collect()
        };
        Some(match n.kind.as_str() {
            "feishu" => NotifyInput::Feishu {
                id,
                enabled,
                lark_hook_notification_config: LarkHookConfig {
                    at_users: list(self, "at_users"),
                    dynamic_recipients,
                    is_at_all: at_all,
                },
            },
            "feishu_app" => NotifyInput::FeishuApp {
                id,
                enabled,
                lark_group_notification_config: LarkGroupConfig {
                    chat_id: self.text(p.at("chat_id")),
                    at_users: lark(self, "at_users"),
                    dynamic_recipients,
                },
            },
            "feishu_person" => NotifyInput::FeishuPerson {
                id,
                enabled,
                lark_person_notification_config: LarkPersonConfig {
                    users: lark(self, "users"),
                    dynamic_recipients,
                },
            },
            "wechat" => NotifyInput::Wechat {
                id,
                enabled,
                wechat_notification_config: WechatConfig {
                    at_users: list(self, "at_users"),
                    is_at_all: at_all,
                },
            },
            "dingding" => NotifyInput::Dingding {
                id,
                enabled,
                dingding_notification_config: DingdingConfig {
                    at_mobiles: list(self, "at_mobiles"),
                    dynamic_recipients,
                    is_at_all: at_all,
                },
            },
            "msteams" => NotifyInput::Msteams {
                id,
                enabled,
                msteams_notification_config: MsteamsConfig {
                    at_emails: list(self, "at_emails"),
                    dynamic_recipients,
                },
            },
            "mail" => NotifyInput::Mail {
                id,
                enabled,
                mail_notification_config: MailConfig {
                    user_ids: list(self, "user_ids"),
                    dynamic_recipients,
                },
            },
            _ => return None,
        })
    }
}

impl Prefill<'_> {
    /// Values from a notify input of an earlier run.
    pub(super) fn put_notify(&mut self, n: &NotifyInput) {
        let (id, enabled) = match n {
            NotifyInput::Feishu { id, enabled, .. }
            | NotifyInput::FeishuApp { id, enabled, .. }
            | NotifyInput::FeishuPerson { id, enabled, .. }
            | NotifyInput::Wechat { id, enabled, .. }
            | NotifyInput::Dingding { id, enabled, .. }
            | NotifyInput::Msteams { id, enabled, .. }
            | NotifyInput::Mail { id, enabled, .. } => (*id, *enabled),
        };
        let Some(sec) = self
            .schema
            .notify
            .iter()
            .find(|s| s.index as i64 == id && s.supported)
        else {
            return;
        };
        let kind = serde_json::to_value(n)
            .ok()
            .and_then(|v| {
                v.get("type")
                    .and_then(serde_json::Value::as_str)
                    .map(String::from)
            })
            .unwrap_or_default();
        if kind != sec.kind {
            return; // Zadig ignores an entry whose type differs from the setting's.
        }
        let p = FieldPath::notify(sec.index);
        let on = enabled.unwrap_or(sec.enabled);
        self.switch(p.clone(), true);
        self.switch(p.at("enabled"), on);
        let b = |x: bool| if x { "1" } else { "0" }.to_string();
        let lark = |users: &[LarkUser]| -> (String, Option<String>) {
            (
                users
                    .iter()
                    .map(|u| u.id.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                users.first().map(|u| u.id_type.clone()),
            )
        };
        let mut set = |k: &str, v: String| {
            self.put(p.at(k), v);
        };
        match n {
            NotifyInput::Feishu {
                lark_hook_notification_config: c,
                ..
            } => {
                set("at_users", c.at_users.join(", "));
                set("at_all", b(c.is_at_all));
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::FeishuApp {
                lark_group_notification_config: c,
                ..
            } => {
                let (ids, ty) = lark(&c.at_users);
                set("chat_id", c.chat_id.clone());
                set("at_users", ids);
                if let Some(ty) = ty {
                    set("id_type", ty);
                }
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::FeishuPerson {
                lark_person_notification_config: c,
                ..
            } => {
                let (ids, ty) = lark(&c.users);
                set("users", ids);
                if let Some(ty) = ty {
                    set("id_type", ty);
                }
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::Wechat {
                wechat_notification_config: c,
                ..
            } => {
                set("at_users", c.at_users.join(", "));
                set("at_all", b(c.is_at_all));
            }
            NotifyInput::Dingding {
                dingding_notification_config: c,
                ..
            } => {
                set("at_mobiles", c.at_mobiles.join(", "));
                set("at_all", b(c.is_at_all));
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::Msteams {
                msteams_notification_config: c,
                ..
            } => {
                set("at_emails", c.at_emails.join(", "));
                set("dynamic", c.dynamic_recipients.join(", "));
            }
            NotifyInput::Mail {
                mail_notification_config: c,
                ..
            } => {
                set("user_ids", c.user_ids.join(", "));
                set("dynamic", c.dynamic_recipients.join(", "));
            }
        }
    }
}
