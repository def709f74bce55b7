use super::Email;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// A person's role in a workspace: Owners manage the team, Members work in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberRole {
    Owner,
    Member,
}

impl MemberRole {
    pub const ALL: [MemberRole; 2] = [MemberRole::Member, MemberRole::Owner];

    /// The stored (and posted) name.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Owner => "owner",
            MemberRole::Member => "member",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        self.label_in(crate::i18n::locale())
    }

    pub fn label_in(self, locale: crate::i18n::Locale) -> &'static str {
        let t = locale.texts().team();
        match self {
            MemberRole::Owner => t.owner,
            MemberRole::Member => t.member,
        }
    }

    /// A posted role; anything else is refused with a message.
    pub fn parse(raw: &str) -> Result<MemberRole, String> {
        match raw.trim() {
            "owner" => Ok(MemberRole::Owner),
            "member" => Ok(MemberRole::Member),
            _ => Err(crate::i18n::texts().team().choose_role.into()),
        }
    }

    /// The stored name; anything unknown is treated as the least privileged role.
    pub fn from_stored(value: &str) -> MemberRole {
        if value == "owner" {
            MemberRole::Owner
        } else {
            MemberRole::Member
        }
    }
}

/// An invitation's address and role, each refused with its own message.
pub fn parse_invitation(
    raw_email: &str,
    raw_role: &str,
) -> Result<(Email, MemberRole), Vec<FieldError>> {
    match (Email::parse(raw_email), MemberRole::parse(raw_role)) {
        (Ok(email), Ok(role)) => Ok((email, role)),
        (email, role) => Err([("email", email.err()), ("role", role.err())]
            .into_iter()
            .filter_map(|(field, message)| {
                message.map(|message| FieldError {
                    field: field.into(),
                    message,
                })
            })
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_anything_else_is_refused() {
        for role in MemberRole::ALL {
            assert_eq!(MemberRole::parse(role.as_str()), Ok(role));
            assert_eq!(MemberRole::from_stored(role.as_str()), role);
        }
        assert!(MemberRole::parse("admin").is_err());
        assert!(MemberRole::parse("").is_err());
        assert_eq!(MemberRole::from_stored("admin"), MemberRole::Member);
    }

    #[test]
    fn an_invitation_names_each_field_it_refuses() {
        let (email, role) = parse_invitation(" Ann@Example.com ", "owner").unwrap();
        assert_eq!(
            (email.as_str(), role),
            ("ann@example.com", MemberRole::Owner)
        );
        let fields: Vec<String> = parse_invitation("nope", "boss")
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["email", "role"]);
    }
}
