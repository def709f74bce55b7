//! The logged-in account, and where login may send it next.

use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// The logged-in account, as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub role: Role,
    /// The language the account chose, if it did; it wins over the
    /// browser's (see `crate::i18n`).
    pub language: Option<crate::i18n::Locale>,
}

/// Who is logged in and where their work is: what the header and the home
/// page show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub user: CurrentUser,
    /// Where the account's work is: the workspace once approved, else the
    /// application; the queue for a reviewer.
    pub home: String,
    /// A merchant who must accept new Terms of Service before going on.
    pub terms_pending: bool,
}

impl SignedIn {
    /// The label of the link to `home`.
    pub fn home_label(&self) -> &'static str {
        let t = crate::i18n::texts().common();
        match self.home.as_str() {
            "/workspace" => t.my_workspace,
            "/admin" => t.review_queue,
            _ => t.my_application,
        }
    }
}

/// A live login session of the account, as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// Browser and system, as the user agent names them ("Chrome 131").
    pub browser: String,
    pub system: String,
    pub client_addr: String,
    pub signed_in_at: i64,
    pub last_seen_at: i64,
    /// The session asking.
    pub this_one: bool,
}

/// What a reset link that can no longer be used says, in the browser and
/// from the server.
/// What a dead reset link says, in the language at hand.
pub fn invalid_reset_link() -> &'static str {
    crate::i18n::texts().account().invalid_reset_link
}

/// Whether `path` is a path on this site (not another host's, not a
/// scheme, no control characters): safe to redirect to.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

/// A safe place to return to after login: a local path only.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    // Back to the login or signup form after logging in would be a loop.
    let path = next.split(['?', '#']).next().unwrap_or_default();
    let auth_form = matches!(path.trim_end_matches('/'), "/login" | "/signup");
    (is_local_path(next) && !auth_form).then(|| next.to_owned())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/apply")), Some("/apply".into()));
        for bad in [
            "//evil.com",
            "https://evil.com",
            "/\\evil.com",
            "javascript:alert(1)",
            "/a\nb",
            "",
            "/login",
            "/login?next=/apply",
            "/signup/",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad}");
        }
        assert_eq!(safe_next(None), None);
    }
}
