/// A password that meets the policy: 8 to 128 characters exactly as typed (no
/// trimming, no composition rules) and not one of the most common passwords.
/// Deliberately neither `Serialize` nor `Debug`-printable, so it never reaches a log.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// The most common passwords of at least 8 characters from public breach lists.
const COMMON: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "12345678910",
    "password",
    "password1",
    "password12",
    "password123",
    "password!",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "qwertyuiop",
    "qwerty123",
    "qwerty12",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "1qaz2wsx",
    "11111111",
    "00000000",
    "88888888",
    "87654321",
    "abcd1234",
    "abc12345",
    "abcdefgh",
    "iloveyou",
    "iloveyou1",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "welcome123",
    "superman",
    "starwars",
    "trustno1",
    "whatever",
    "letmein1",
    "letmein!",
    "monkey123",
    "dragon123",
    "computer",
    "internet",
    "michelle",
    "jennifer",
    "mustang1",
    "shadow123",
    "master123",
    "changeme",
    "changeme1",
    "admin123",
    "administrator",
    "qwertyui",
    "asdfghjk",
    "asdfasdf",
    "zxcvbnm1",
    "zaq12wsx",
    "q1w2e3r4",
    "q1w2e3r4t5",
    "aa123456",
    "a1234567",
    "1234qwer",
    "123123123",
    "123456789a",
    "987654321",
    "11223344",
    "12341234",
    "12121212",
    "11112222",
    "passpass",
    "secret123",
    "football1",
    "baseball1",
    "charlie1",
    "access14",
    "freedom1",
    "whatever1",
];

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Password, String> {
        if raw.is_empty() {
            return Err(crate::i18n::texts().auth().password_required.into());
        }
        // Count at most MAX+1 characters so a huge input costs nothing more.
        let chars = raw.chars().take(Self::MAX_CHARS + 1).count();
        if chars < Self::MIN_CHARS {
            return Err((crate::i18n::texts().auth().password_too_short)(
                Self::MIN_CHARS,
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err((crate::i18n::texts().auth().password_too_long)(
                Self::MAX_CHARS,
            ));
        }
        if raw.trim().is_empty() {
            return Err(crate::i18n::texts().auth().password_spaces.into());
        }
        if COMMON.contains(&raw.to_lowercase().as_str()) {
            return Err(crate::i18n::texts().auth().password_common.into());
        }
        Ok(Password(raw.to_owned()))
    }

    /// The password as typed, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_policy_bounds_are_enforced() {
        assert!(Password::parse("").is_err());
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("        ").is_err());
        assert!(Password::parse("Password123").is_err());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        assert!(Password::parse(&"x".repeat(1_000_000)).is_err());
        assert!(Password::parse("correct horse battery").is_ok());
        assert!(Password::parse(&"é".repeat(128)).is_ok());
    }

    #[test]
    fn a_password_is_kept_exactly_as_typed() {
        let p = Password::parse("  spaced out  ").unwrap();
        assert_eq!(p.expose(), "  spaced out  ");
        assert_eq!(format!("{p:?}"), "Password(<redacted>)");
    }

    proptest! {
        #[test]
        fn parsing_never_panics(raw in ".*") {
            let _ = Password::parse(&raw);
        }
    }
}
