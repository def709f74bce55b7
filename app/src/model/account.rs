//! The logged-in account, and where login may send it next.

use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// The logged-in account, as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub role: Role,
}

/// A safe place to return to after login: a local path only.
/// What a reset link that can no longer be used says, in the browser and
/// from the server.
pub const INVALID_RESET_LINK: &str =
    "This reset link has expired, was already used or was replaced by a newer one. \
     Ask for a new link below.";

pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    // Back to the login or signup form after logging in would be a loop.
    let path = next.split(['?', '#']).next().unwrap_or_default();
    let auth_form = matches!(path.trim_end_matches('/'), "/login" | "/signup");
    (local && !auth_form && !next.chars().any(char::is_control)).then(|| next.to_owned())
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
