//! The business details of a workspace application (SPEC §2, step 2.2).
//! Each type's `parse` is the one place its rule lives; the browser runs it
//! before sending and the server before storing.

use super::countries::COUNTRIES;
use super::text::clean;
use super::Email;
use serde::{Deserialize, Serialize};

/// A company name: 2 to 100 characters after trimming, no control or
/// invisible formatting characters. It becomes the workspace name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyName(String);

impl CompanyName {
    pub fn parse(raw: &str) -> Result<CompanyName, String> {
        let t = crate::i18n::texts().fields();
        let value = clean(raw, t.company_name, 100, false)?;
        match value.chars().count() {
            0 => Err(t.company_required.into()),
            1 => Err(t.company_too_short.into()),
            _ => Ok(CompanyName(value)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The character the default logo shows: the first letter, uppercased
    /// where the script has case.
    pub fn initial(&self) -> String {
        initial_of(&self.0)
    }
}

/// The first visible character of `name`, uppercased where that makes sense.
pub fn initial_of(name: &str) -> String {
    name.trim()
        .chars()
        .find(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .or_else(|| name.trim().chars().next())
        .map(|c| {
            let mut upper = c.to_uppercase();
            // Keep characters whose uppercase is several letters (e.g. ß → SS) as they are.
            match (upper.next(), upper.next()) {
                (Some(u), None) => u.to_string(),
                _ => c.to_string(),
            }
        })
        .unwrap_or_else(|| "?".into())
}

/// An ISO 3166-1 alpha-2 code from the list the form offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRegion(&'static str, &'static str);

impl CountryRegion {
    pub fn parse(raw: &str) -> Result<CountryRegion, String> {
        let code = raw.trim();
        if code.is_empty() {
            return Err(crate::i18n::texts().fields().country_required.into());
        }
        COUNTRIES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))
            .map(|(c, n)| CountryRegion(c, n))
            .ok_or_else(|| crate::i18n::texts().fields().country_unknown.into())
    }

    pub fn code(&self) -> &'static str {
        self.0
    }

    pub fn name(&self) -> &'static str {
        self.1
    }
}

/// The name of a stored country code in the language at hand ("" when unknown).
pub fn country_name(code: &str) -> &'static str {
    super::countries::countries_in(crate::i18n::locale())
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code.trim()))
        .map_or("", |(_, name)| name)
}

/// An optional postal address, at most 300 characters; line breaks allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessAddress(String);

impl BusinessAddress {
    pub fn parse(raw: &str) -> Result<Option<BusinessAddress>, String> {
        let value = clean(raw, crate::i18n::texts().fields().address, 300, true)?;
        Ok((!value.is_empty()).then_some(BusinessAddress(value)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional absolute `http` or `https` URL with a host, at most 2,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Website(String);

impl Website {
    pub fn parse(raw: &str) -> Result<Option<Website>, String> {
        let value = raw.trim();
        if value.is_empty() {
            return Ok(None);
        }
        if value.chars().take(2001).count() > 2000 {
            return Err(crate::i18n::texts().fields().website_too_long.into());
        }
        let example = crate::i18n::texts().fields().website_format;
        let url = ParsedUrl::parse(value).ok_or_else(|| example.to_string())?;
        if !matches!(url.scheme.as_str(), "http" | "https") {
            return Err(crate::i18n::texts().fields().website_scheme.into());
        }
        let host = &url.host;
        if host.is_empty() || !(host.contains('.') || host == "localhost") {
            return Err(example.into());
        }
        if url.has_credentials {
            return Err(crate::i18n::texts().fields().website_credentials.into());
        }
        Ok(Some(Website(url.href)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The parts of a URL the website rules look at, as the WHATWG URL standard
/// parses it: by the `url` crate on the server, and by the browser's own
/// `URL` in the wasm, so the client does not ship a URL parser and its
/// Unicode tables (about a fifth of the main wasm).
struct ParsedUrl {
    scheme: String,
    host: String,
    has_credentials: bool,
    /// The normalised address (international hosts in punycode).
    href: String,
}

impl ParsedUrl {
    #[cfg(not(target_arch = "wasm32"))]
    fn parse(value: &str) -> Option<ParsedUrl> {
        let url = url::Url::parse(value).ok()?;
        Some(ParsedUrl {
            scheme: url.scheme().to_owned(),
            host: url.host_str().unwrap_or_default().to_owned(),
            has_credentials: !url.username().is_empty() || url.password().is_some(),
            href: url.into(),
        })
    }

    #[cfg(target_arch = "wasm32")]
    fn parse(value: &str) -> Option<ParsedUrl> {
        let url = web_sys::Url::new(value).ok()?;
        Some(ParsedUrl {
            scheme: url.protocol().trim_end_matches(':').to_owned(),
            host: url.hostname(),
            has_credentials: !url.username().is_empty() || !url.password().is_empty(),
            href: url.href(),
        })
    }
}

/// An optional international phone number, stored as `+` and 7 to 15
/// digits; spaces, dashes, dots and parentheses are allowed when typing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactNumber(String);

impl ContactNumber {
    pub fn parse(raw: &str) -> Result<Option<ContactNumber>, String> {
        let value = raw.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let format = crate::i18n::texts().fields().phone_format;
        let Some(rest) = value.strip_prefix('+') else {
            return Err(format.into());
        };
        if rest
            .chars()
            .any(|c| !(c.is_ascii_digit() || " -.()".contains(c)))
        {
            return Err(format.into());
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if !(7..=15).contains(&digits.len()) {
            return Err(crate::i18n::texts().fields().phone_digits.into());
        }
        Ok(Some(ContactNumber(format!("+{digits}"))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional contact email, besides the account's.
pub fn parse_contact_email(raw: &str) -> Result<Option<Email>, String> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Email::parse(raw).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn company_names_are_trimmed_and_bounded() {
        assert_eq!(
            CompanyName::parse("  Acme Ltd  ").unwrap().as_str(),
            "Acme Ltd"
        );
        assert!(CompanyName::parse("A").is_err());
        assert!(CompanyName::parse("   ").is_err());
        assert!(CompanyName::parse(&"x".repeat(101)).is_err());
        assert!(CompanyName::parse(&"x".repeat(1_000_000)).is_err());
        assert!(CompanyName::parse("Evil\u{202E}Corp")
            .unwrap_err()
            .contains("invisible"));
        assert!(CompanyName::parse("Zero\u{200B}Width").is_err());
        assert!(CompanyName::parse("Nul\0Byte").is_err());
        assert!(CompanyName::parse("Line\nBreak").is_err());
        // Markup and SQL are ordinary text: stored as typed, escaped when shown.
        assert!(CompanyName::parse("<script>alert(1)</script>").is_ok());
        assert!(CompanyName::parse("Robert'); drop table users;--").is_ok());
        assert!(CompanyName::parse("株式会社テスト").is_ok());
    }

    #[test]
    fn the_initial_is_the_first_letter_uppercased_in_any_script() {
        assert_eq!(initial_of("acme"), "A");
        assert_eq!(initial_of("  éclair"), "É");
        assert_eq!(initial_of("株式会社"), "株");
        assert_eq!(initial_of("ßeta"), "ß");
        assert_eq!(initial_of("(parens) co"), "P");
        assert_eq!(initial_of("ωmega"), "Ω");
    }

    #[test]
    fn countries_come_from_the_iso_list() {
        assert_eq!(CountryRegion::parse("sg").unwrap().code(), "SG");
        assert_eq!(CountryRegion::parse("SG").unwrap().name(), "Singapore");
        assert!(CountryRegion::parse("").is_err());
        assert!(CountryRegion::parse("XX").is_err());
        assert_eq!(COUNTRIES.len(), 249);
    }

    #[test]
    fn websites_must_be_absolute_http_urls() {
        assert_eq!(
            Website::parse("https://example.com")
                .unwrap()
                .unwrap()
                .as_str(),
            "https://example.com/"
        );
        assert!(Website::parse("").unwrap().is_none());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "example.com",
            "ftp://example.com",
            "https://",
            "http://user:pw@example.com",
            "https://exa mple.com",
        ] {
            assert!(Website::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_are_normalised() {
        assert_eq!(
            ContactNumber::parse("+65 6123-4567")
                .unwrap()
                .unwrap()
                .as_str(),
            "+6561234567"
        );
        assert_eq!(
            ContactNumber::parse("+1 (415) 555.0100")
                .unwrap()
                .unwrap()
                .as_str(),
            "+14155550100"
        );
        assert!(ContactNumber::parse("").unwrap().is_none());
        for bad in [
            "6561234567",
            "+12345",
            "+1234567890123456",
            "+65 abc 4567",
            "++6561234567",
        ] {
            assert!(ContactNumber::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn no_input_makes_a_parser_panic(raw in ".*") {
            let _ = CompanyName::parse(&raw);
            let _ = CountryRegion::parse(&raw);
            let _ = BusinessAddress::parse(&raw);
            let _ = Website::parse(&raw);
            let _ = ContactNumber::parse(&raw);
            let _ = parse_contact_email(&raw);
            let _ = initial_of(&raw);
        }

        #[test]
        fn valid_values_round_trip(name in "[A-Za-z][A-Za-z0-9 &.-]{1,60}[A-Za-z]", digits in "[1-9][0-9]{6,14}") {
            let company = CompanyName::parse(&name).unwrap();
            prop_assert_eq!(CompanyName::parse(company.as_str()).unwrap(), company.clone());
            let phone = ContactNumber::parse(&format!("+{digits}")).unwrap().unwrap();
            prop_assert_eq!(ContactNumber::parse(phone.as_str()).unwrap().unwrap(), phone);
            let site = Website::parse(&format!("https://{}.example.com/", digits)).unwrap().unwrap();
            prop_assert_eq!(Website::parse(site.as_str()).unwrap().unwrap(), site);
        }

        #[test]
        fn hostile_text_is_refused_with_a_message(prefix in "[a-z]{2,10}", bad in prop::sample::select(vec!['\u{202E}', '\u{200B}', '\u{0000}', '\u{0007}', '\u{FEFF}'])) {
            let err = CompanyName::parse(&format!("{prefix}{bad}x")).unwrap_err();
            prop_assert!(!err.is_empty());
        }
    }
}
