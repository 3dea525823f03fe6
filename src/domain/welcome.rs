//! The first screen: what a tab without credentials is shown, and the built-in sandbox's
//! one-click demo users.
//!
//! The sandbox says it is the sandbox by a `sandbox` key in the `config.json` it serves:
//! `{"sandbox": {"users": [{"name": "admin", "role": "admin", "token": "…"}]}}`. A real Zadig's
//! deployment serves the console's own `config.json`, which has no such key, so no demo user is
//! ever offered there.

use crate::api::json::{At, FromJson, Json, JsonError};
use crate::api::AuthMode;

/// A demo user the sandbox offers for one-click sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoUser {
    /// The user's name (shown on the button).
    pub name: String,
    /// `admin`, `approver` or `user` (shown beside it, and the button's `data-role`).
    pub role: String,
    /// The token the button signs in with (never shown).
    pub token: String,
}

/// The demo users of a `config.json`'s `sandbox` key. Tolerant: an entry without a name or
/// with a token that could not be sent is left out rather than failing the whole config, and
/// at most a handful are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoUsers(pub Vec<DemoUser>);

/// The most demo users the first screen offers.
pub const MAX_DEMO_USERS: usize = 6;

impl FromJson for DemoUsers {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        let users = match at.value().get("users") {
            Some(Json::Arr(items)) => items.iter().filter_map(demo_user).collect(),
            _ => Vec::new(),
        };
        Ok(DemoUsers(dedup(users)))
    }
}

fn demo_user(v: &Json) -> Option<DemoUser> {
    let text = |k: &str| v.get(k).and_then(Json::as_str).map(str::trim);
    let name = text("name").filter(|n| !n.is_empty())?;
    let token = crate::domain::token::normalise(text("token")?).ok()?;
    let role = text("role").unwrap_or_default();
    // A name is shown on a button: a short line of text, never a page of it.
    let name: String = name.chars().filter(|c| !c.is_control()).take(40).collect();
    let role: String = role.chars().filter(|c| !c.is_control()).take(20).collect();
    Some(DemoUser { name, role, token })
}

/// One button per name (the first kept), at most [`MAX_DEMO_USERS`].
fn dedup(users: Vec<DemoUser>) -> Vec<DemoUser> {
    let mut out: Vec<DemoUser> = Vec::new();
    for u in users {
        if out.len() < MAX_DEMO_USERS && !out.iter().any(|o| o.name == u.name) {
            out.push(u);
        }
    }
    out
}

/// What a tab shows instead of (or as) its screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// The screen the address names.
    Screen,
    /// The welcome: how to get a token (and the demo users on the sandbox); nothing is asked
    /// of Zadig, so no 401 is shown to someone who has not signed in yet.
    Welcome,
    /// Embedded, before the portal has handed over a token.
    WaitForPortal,
}

/// The entry for a tab: `has_token` whether one is kept, `framed` inside another page,
/// `settings` whether the address is the Settings screen (always reachable: the server and the
/// way of signing in are chosen there).
pub fn entry(mode: AuthMode, has_token: bool, framed: bool, settings: bool) -> Entry {
    match mode {
        _ if has_token => Entry::Screen,
        // Nothing is asked of Zadig, and no screen shown, until the portal's token arrives.
        AuthMode::Embed if framed => Entry::WaitForPortal,
        _ if settings => Entry::Screen,
        // A proxy in front of Zadig signs the requests in: there is nothing to ask for.
        AuthMode::Proxy => Entry::Screen,
        // Embed mode opened on its own has no portal to hand a token over: as token mode.
        AuthMode::Embed | AuthMode::Token => Entry::Welcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::decode;

    const TOK: &str = "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWRtaW4ifQ.c2ln";

    fn users(json: &str) -> Vec<DemoUser> {
        decode::<DemoUsers>(json).unwrap().0
    }

    #[test]
    fn demo_users_are_read_with_their_roles() {
        let u = users(&format!(
            r#"{{"users": [{{"name": "admin", "role": "admin", "token": "{TOK}"}},
                           {{"name": " alice ", "role": "approver", "token": " {TOK}\n"}}]}}"#
        ));
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].name, "admin");
        assert_eq!(u[1].name, "alice");
        assert_eq!(u[1].role, "approver");
        assert_eq!(
            u[1].token, TOK,
            "the token is normalised as a pasted one would be"
        );
    }

    #[test]
    fn entries_that_cannot_sign_in_are_left_out_not_fatal() {
        let u = users(&format!(
            r#"{{"users": [{{"name": "", "token": "{TOK}"}}, {{"name": "x"}},
                           {{"name": "y", "token": "not-a-token…"}}, {{"name": "z", "token": 7}},
                           null, 3, {{"name": "ok", "token": "{TOK}"}}]}}"#
        ));
        assert_eq!(
            u.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
            ["ok"]
        );
        assert!(users(r#"{"users": "everyone"}"#).is_empty());
        assert!(users("null").is_empty());
        assert!(users("[]").is_empty());
    }

    #[test]
    fn names_are_one_short_line_and_buttons_are_few() {
        let long = "n\\u0007".repeat(100);
        let many: Vec<String> = (0..10)
            .map(|i| format!(r#"{{"name": "u{i}", "token": "{TOK}"}}"#))
            .collect();
        let u = users(&format!(
            r#"{{"users": [{{"name": "{long}", "token": "{TOK}"}}, {}]}}"#,
            many.join(",")
        ));
        assert_eq!(u[0].name, "n".repeat(40));
        assert_eq!(u.len(), MAX_DEMO_USERS);
        let twice = users(&format!(
            r#"{{"users": [{{"name": "a", "role": "admin", "token": "{TOK}"}}, {{"name": "a", "role": "user", "token": "{TOK}"}}]}}"#
        ));
        assert_eq!(twice.len(), 1);
        assert_eq!(twice[0].role, "admin");
    }

    #[test]
    fn a_tab_without_a_token_is_welcomed_not_refused() {
        use AuthMode::*;
        assert_eq!(entry(Token, false, false, false), Entry::Welcome);
        assert_eq!(entry(Token, false, true, false), Entry::Welcome);
        assert_eq!(entry(Token, true, false, false), Entry::Screen);
        // Settings stays reachable, to choose another server or way of signing in.
        assert_eq!(entry(Token, false, false, true), Entry::Screen);
        assert_eq!(entry(Proxy, false, false, false), Entry::Screen);
        assert_eq!(entry(Embed, false, true, false), Entry::WaitForPortal);
        assert_eq!(entry(Embed, false, true, true), Entry::WaitForPortal);
        assert_eq!(entry(Embed, false, false, false), Entry::Welcome);
        assert_eq!(entry(Embed, true, true, false), Entry::Screen);
    }
}
