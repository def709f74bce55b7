/// An account email address: trimmed, lowercased, at most 254 characters,
/// `local@domain.tld`, with no whitespace or control characters (so it can
/// never smuggle a header into a mail).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Email, String> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(crate::i18n::texts().auth().email_required.into());
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err((crate::i18n::texts().auth().email_too_long)(Self::MAX_LEN));
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(crate::i18n::texts().auth().email_spaces.into());
        }
        let invalid = || crate::i18n::texts().auth().email_format.to_string();
        let (local, domain) = value.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(invalid());
        }
        if local.chars().any(|c| "<>()[]\\,;:\"".contains(c)) {
            return Err(invalid());
        }
        Ok(Email(value.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_valid_address_is_trimmed_and_lowercased() {
        assert_eq!(
            Email::parse("  Admin@Example.COM ").unwrap().as_str(),
            "admin@example.com"
        );
    }

    #[test]
    fn hostile_addresses_are_refused_with_a_message() {
        for raw in [
            "",
            "   ",
            "no-at-sign",
            "a@b",
            "a@.com",
            "a@b..com",
            "@example.com",
            "a@example.com\r\nBcc: x@evil.com",
            "a b@example.com",
            "a\0@example.com",
            "<a>@example.com",
        ] {
            let err = Email::parse(raw).unwrap_err();
            assert!(!err.is_empty(), "{raw:?}");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(10_000))).is_err());
    }

    proptest! {
        #[test]
        fn parsing_never_panics(raw in ".*") {
            let _ = Email::parse(&raw);
        }

        #[test]
        fn valid_addresses_round_trip(local in "[a-z0-9._%+-]{1,30}", domain in "[a-z0-9-]{1,20}\\.[a-z]{2,6}") {
            let raw = format!("{local}@{domain}");
            let email = Email::parse(&raw).unwrap();
            prop_assert_eq!(email.as_str(), raw.as_str());
            prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email);
        }
    }
}
