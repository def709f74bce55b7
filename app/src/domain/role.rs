use serde::{Deserialize, Serialize};

/// What an account may do: merchants apply, reviewers decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Merchant,
    Reviewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Merchant => "merchant",
            Role::Reviewer => "reviewer",
        }
    }

    /// The stored name; anything unknown is treated as the least privileged role.
    pub fn from_stored(value: &str) -> Role {
        if value == "reviewer" {
            Role::Reviewer
        } else {
            Role::Merchant
        }
    }

    /// Where this role lands after logging in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Merchant => "/apply",
            Role::Reviewer => "/admin",
        }
    }
}
