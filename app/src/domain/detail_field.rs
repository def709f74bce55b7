//! The fields of a workspace application: one list, used by the wizard, the
//! status page, the reviewer's page, the diff between submissions and the
//! fields a reviewer flags.

use super::application::BusinessDetails;
use super::business::country_name;
use serde::{Deserialize, Serialize};

/// One field of an application, business details and logo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailField {
    CompanyName,
    Country,
    Address,
    Website,
    ContactNumber,
    ContactEmail,
    Logo,
}

impl DetailField {
    /// Every field a reviewer may flag: the details, then the logo.
    pub const ALL: [DetailField; 7] = [
        DetailField::CompanyName,
        DetailField::Country,
        DetailField::Address,
        DetailField::Website,
        DetailField::ContactNumber,
        DetailField::ContactEmail,
        DetailField::Logo,
    ];

    /// The text fields of the business details (every field but the logo), in form order.
    pub const DETAILS: &'static [DetailField] = DetailField::ALL.split_at(6).0;

    /// The name in forms, error lists and storage.
    pub fn name(self) -> &'static str {
        match self {
            DetailField::CompanyName => "company_name",
            DetailField::Country => "country",
            DetailField::Address => "address",
            DetailField::Website => "website",
            DetailField::ContactNumber => "contact_number",
            DetailField::ContactEmail => "contact_email",
            DetailField::Logo => "logo",
        }
    }

    /// The name a plain form post gives it, as the `save_draft` server
    /// function decodes it (`input[details][…]`).
    pub fn form_name(self) -> &'static str {
        match self {
            DetailField::CompanyName => "input[details][company_name]",
            DetailField::Country => "input[details][country]",
            DetailField::Address => "input[details][address]",
            DetailField::Website => "input[details][website]",
            DetailField::ContactNumber => "input[details][contact_number]",
            DetailField::ContactEmail => "input[details][contact_email]",
            DetailField::Logo => "logo",
        }
    }

    pub fn from_name(name: &str) -> Option<DetailField> {
        DetailField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The label the field has on the form (SPEC 2.2).
    pub fn label(self) -> &'static str {
        self.label_in(crate::i18n::locale())
    }

    pub fn label_in(self, locale: crate::i18n::Locale) -> &'static str {
        let t = locale.texts().fields();
        match self {
            DetailField::CompanyName => t.company_name,
            DetailField::Country => t.country,
            DetailField::Address => t.address,
            DetailField::Website => t.website,
            DetailField::ContactNumber => t.contact_number,
            DetailField::ContactEmail => t.contact_email,
            DetailField::Logo => t.logo,
        }
    }

    /// The text as typed or stored; `None` for the logo, which is an image.
    pub fn text(self, details: &BusinessDetails) -> Option<&str> {
        Some(match self {
            DetailField::CompanyName => &details.company_name,
            DetailField::Country => &details.country,
            DetailField::Address => &details.address,
            DetailField::Website => &details.website,
            DetailField::ContactNumber => &details.contact_number,
            DetailField::ContactEmail => &details.contact_email,
            DetailField::Logo => return None,
        })
    }

    /// The value as a reader sees it: the country's name, "Not provided"
    /// for an empty optional field, and which logo is used.
    pub fn shown(self, details: &BusinessDetails, has_logo: bool) -> String {
        let text = match self {
            DetailField::Logo => return logo_description(has_logo).into(),
            DetailField::Country => country_name(&details.country),
            other => other.text(details).unwrap_or_default(),
        };
        not_provided_if_empty(text)
    }
}

pub fn logo_description(has_logo: bool) -> &'static str {
    if has_logo {
        crate::i18n::texts().fields().uploaded_logo
    } else {
        crate::i18n::texts().fields().default_logo
    }
}

/// "Not provided" for an empty optional value.
pub fn not_provided_if_empty(value: &str) -> String {
    if value.trim().is_empty() {
        crate::i18n::texts().fields().not_provided.into()
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_unique_name_that_round_trips() {
        for field in DetailField::ALL {
            assert_eq!(DetailField::from_name(field.name()), Some(field));
            let json = serde_json::to_string(&field).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", field.name()),
                "serde and storage agree"
            );
        }
        assert_eq!(DetailField::from_name("status"), None);
    }

    #[test]
    fn values_are_shown_as_a_reader_expects() {
        let details = BusinessDetails {
            company_name: "Acme".into(),
            country: "SG".into(),
            ..Default::default()
        };
        assert_eq!(DetailField::CompanyName.shown(&details, false), "Acme");
        assert_eq!(DetailField::Country.shown(&details, false), "Singapore");
        assert_eq!(DetailField::Website.shown(&details, false), "Not provided");
        assert_eq!(DetailField::Logo.shown(&details, true), "Uploaded logo");
        assert_eq!(DetailField::Logo.text(&details), None);
    }
}
