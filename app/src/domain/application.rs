//! A workspace application: the wizard's steps, the details as typed, their
//! full validation into `ValidDetails` before submission, and the review's dates.

use super::business::{
    parse_contact_email, BusinessAddress, CompanyName, ContactNumber, CountryRegion, Website,
};
use super::{DetailField, Email};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// The wizard's steps, in order (SPEC 2.1–2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    #[default]
    Role,
    Details,
    Review,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Role, Step::Details, Step::Review];

    pub fn slug(self) -> &'static str {
        match self {
            Step::Role => "role",
            Step::Details => "details",
            Step::Review => "review",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn number(self) -> usize {
        self as usize + 1
    }

    pub fn title(self) -> &'static str {
        match self {
            Step::Role => crate::i18n::texts().apply().step_role,
            Step::Details => crate::i18n::texts().apply().step_details,
            Step::Review => crate::i18n::texts().apply().step_review,
        }
    }

    pub fn previous(self) -> Option<Step> {
        match self {
            Step::Role => None,
            Step::Details => Some(Step::Role),
            Step::Review => Some(Step::Details),
        }
    }
}

/// The one role merchants apply for today.
pub const TECHNICAL_MERCHANT: &str = "technical_merchant";

/// The business details exactly as typed (a draft may be incomplete).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BusinessDetails {
    pub company_name: String,
    pub country: String,
    pub address: String,
    pub website: String,
    pub contact_number: String,
    pub contact_email: String,
}

/// Business details that passed every rule of SPEC 2.2, normalised: what a
/// submission stores and a reviewer decides on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDetails {
    pub company_name: CompanyName,
    pub country: CountryRegion,
    pub address: Option<BusinessAddress>,
    pub website: Option<Website>,
    pub contact_number: Option<ContactNumber>,
    pub contact_email: Option<Email>,
}

impl ValidDetails {
    /// The normalised values as text ("" for an optional field left empty).
    pub fn to_details(&self) -> BusinessDetails {
        fn text<T>(value: &Option<T>, f: impl Fn(&T) -> String) -> String {
            value.as_ref().map(f).unwrap_or_default()
        }
        BusinessDetails {
            company_name: self.company_name.as_str().to_owned(),
            country: self.country.code().to_owned(),
            address: text(&self.address, |v| v.as_str().to_owned()),
            website: text(&self.website, |v| v.as_str().to_owned()),
            contact_number: text(&self.contact_number, |v| v.as_str().to_owned()),
            contact_email: text(&self.contact_email, ToString::to_string),
        }
    }
}

/// Keeps a parsed value, or records its message against `field`.
fn keep<T>(
    errors: &mut Vec<FieldError>,
    field: DetailField,
    parsed: Result<T, String>,
) -> Option<T> {
    parsed
        .map_err(|message| {
            errors.push(FieldError {
                field: field.name().into(),
                message,
            })
        })
        .ok()
}

impl BusinessDetails {
    /// Every problem, in form order; on success the parsed values.
    pub fn validate(&self) -> Result<ValidDetails, Vec<FieldError>> {
        use DetailField as F;
        let mut errors = Vec::new();
        let e = &mut errors;
        let company_name = keep(e, F::CompanyName, CompanyName::parse(&self.company_name));
        let country = keep(e, F::Country, CountryRegion::parse(&self.country));
        let address = keep(e, F::Address, BusinessAddress::parse(&self.address));
        let website = keep(e, F::Website, Website::parse(&self.website));
        let contact_number = keep(
            e,
            F::ContactNumber,
            ContactNumber::parse(&self.contact_number),
        );
        let contact_email = keep(e, F::ContactEmail, parse_contact_email(&self.contact_email));
        let parsed = (|| {
            Some(ValidDetails {
                company_name: company_name?,
                country: country?,
                address: address?,
                website: website?,
                contact_number: contact_number?,
                contact_email: contact_email?,
            })
        })();
        match parsed {
            Some(valid) if errors.is_empty() => Ok(valid),
            _ => Err(errors),
        }
    }

    /// Rough bounds for saving an unfinished draft: generous, but no field
    /// may be huge or hold a NUL (which PostgreSQL cannot store).
    pub fn check_draft_bounds(&self) -> Result<(), Vec<FieldError>> {
        use DetailField as F;
        let fields = [
            (F::CompanyName, &self.company_name, 1_000),
            (F::Country, &self.country, 100),
            (F::Address, &self.address, 3_000),
            (F::Website, &self.website, 4_000),
            (F::ContactNumber, &self.contact_number, 200),
            (F::ContactEmail, &self.contact_email, 1_000),
        ];
        let errors: Vec<FieldError> = fields
            .into_iter()
            .filter(|(_, value, max)| value.len() > *max || value.contains('\0'))
            .map(|(field, value, _)| FieldError {
                field: field.name().into(),
                message: if value.contains('\0') {
                    crate::i18n::texts().fields().bad_character.into()
                } else {
                    crate::i18n::texts().fields().far_too_long.into()
                },
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Days since 1970-01-01 → 0 = Sunday … 6 = Saturday.
fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

/// The decision is due two business days (Monday to Friday in the
/// platform's business time zone) after submission, at the same local time
/// of day. `offset` gives the zone's seconds east of UTC at an instant.
pub fn due_at(submitted_at: i64, offset: impl Fn(i64) -> i64) -> i64 {
    let shift = offset(submitted_at);
    let local = submitted_at + shift;
    let mut day = local.div_euclid(86_400);
    let mut counted = 0;
    while counted < 2 {
        day += 1;
        if (1..=5).contains(&weekday(day)) {
            counted += 1;
        }
    }
    let local_due = day * 86_400 + local.rem_euclid(86_400);
    // Back to UTC with the offset the due day has (a daylight-saving change
    // in between moves it by that hour).
    local_due - offset(local_due - shift)
}

/// The seconds between `from` and `to` that fall on business days (Monday
/// to Friday in the business time zone, `offset` as for `due_at`): how long
/// a decision took, weekends left out.
pub fn business_seconds_between(from: i64, to: i64, offset: impl Fn(i64) -> i64) -> i64 {
    let (from, to) = (from + offset(from), to + offset(to));
    if to <= from {
        return 0;
    }
    let (first, last) = (from.div_euclid(86_400), to.div_euclid(86_400));
    (first..=last)
        .filter(|day| (1..=5).contains(&weekday(*day)))
        .map(|day| {
            let start = (day * 86_400).max(from);
            let end = ((day + 1) * 86_400).min(to);
            end - start
        })
        .sum()
}

/// The offset of UTC itself.
pub fn utc(_secs: i64) -> i64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;

    #[test]
    fn business_time_leaves_weekends_out() {
        let hour = 3600;
        // Monday 10:00 to Monday 15:00.
        assert_eq!(
            business_seconds_between(MONDAY_10AM, MONDAY_10AM + 5 * hour, utc),
            5 * hour
        );
        // Friday 10:00 to Monday 10:00: Friday's 14 hours and Monday's 10.
        let friday = MONDAY_10AM + 4 * 86_400;
        assert_eq!(
            business_seconds_between(friday, friday + 3 * 86_400, utc),
            24 * hour
        );
        // Saturday to Sunday: none.
        assert_eq!(
            business_seconds_between(friday + 86_400, friday + 2 * 86_400, utc),
            0
        );
        // A due date two business days later is 48 business hours away.
        for offset in 0..7 {
            let submitted = MONDAY_10AM + offset * 86_400;
            let due = due_at(submitted, utc);
            assert!(
                business_seconds_between(submitted, due, utc) <= 48 * hour,
                "{offset}"
            );
        }
        assert_eq!(business_seconds_between(10, 5, utc), 0);
    }

    /// 2026-11-23 is a Monday.
    const MONDAY_10AM: i64 = 1_795_428_000;

    fn due(days_after_monday: i64) -> (Date, i64) {
        let t = due_at(MONDAY_10AM + days_after_monday * 86_400, utc);
        (Date::from_unix(t), t.rem_euclid(86_400))
    }

    #[test]
    fn decisions_are_due_two_business_days_later() {
        assert_eq!(Date::from_unix(MONDAY_10AM).long(), "23 November 2026");
        assert_eq!(weekday(MONDAY_10AM / 86_400), 1);
        assert_eq!(due(0).0.long(), "25 November 2026", "Monday → Wednesday");
        assert_eq!(due(2).0.long(), "27 November 2026", "Wednesday → Friday");
        assert_eq!(due(3).0.long(), "30 November 2026", "Thursday → Monday");
        assert_eq!(due(4).0.long(), "1 December 2026", "Friday → Tuesday");
        assert_eq!(due(5).0.long(), "1 December 2026", "Saturday → Tuesday");
        assert_eq!(due(6).0.long(), "1 December 2026", "Sunday → Tuesday");
        assert_eq!(due(0).1, 10 * 3600, "same time of day");
    }

    #[test]
    fn business_days_are_counted_in_the_business_time_zone() {
        let east8 = |_| 8 * 3600;
        let hour = 3600;
        // Friday 23:00 UTC is already Saturday 07:00 in UTC+8: the two business
        // days there are Monday and Tuesday, due Tuesday 07:00 (Monday 23:00 UTC);
        // counted in UTC it is still Friday, due Tuesday 23:00.
        let friday_late = MONDAY_10AM + 4 * 86_400 + 13 * hour;
        let in_east8 = due_at(friday_late, east8);
        assert_eq!(Date::from_unix(in_east8).long(), "30 November 2026");
        assert_eq!(in_east8.rem_euclid(86_400), 23 * hour);
        assert_eq!(
            Date::from_unix(due_at(friday_late, utc)).long(),
            "1 December 2026"
        );
        // Saturday 07:00 to Monday 00:00 in UTC+8 is all weekend there; in
        // UTC (Friday 23:00 to Sunday 16:00) Friday's last hour counts.
        let weekend = (friday_late, friday_late + 41 * hour);
        assert_eq!(business_seconds_between(weekend.0, weekend.1, east8), 0);
        assert_eq!(business_seconds_between(weekend.0, weekend.1, utc), hour);
    }

    #[test]
    fn steps_have_slugs_and_an_order() {
        for step in Step::ALL {
            assert_eq!(Step::from_slug(step.slug()), Some(step));
        }
        assert_eq!(Step::Review.previous(), Some(Step::Details));
        assert_eq!(Step::Role.previous(), None);
        assert_eq!(Step::from_slug("status"), None);
    }

    #[test]
    fn details_validate_to_normalised_values_or_every_error_in_order() {
        let typed = BusinessDetails {
            company_name: "  Acme  ".into(),
            country: "sg".into(),
            address: "".into(),
            website: "https://acme.example".into(),
            contact_number: "+65 6123 4567".into(),
            contact_email: "Sales@Acme.example".into(),
        };
        let ok = typed.validate().unwrap().to_details();
        assert_eq!(ok.company_name, "Acme");
        assert_eq!(ok.country, "SG");
        assert_eq!(ok.address, "");
        assert_eq!(ok.website, "https://acme.example/");
        assert_eq!(ok.contact_number, "+6561234567");
        assert_eq!(ok.contact_email, "sales@acme.example");

        let bad = BusinessDetails {
            website: "javascript:alert(1)".into(),
            contact_number: "123".into(),
            ..Default::default()
        };
        let fields: Vec<_> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["company_name", "country", "website", "contact_number"]
        );
    }

    #[test]
    fn drafts_may_be_unfinished_but_not_huge_or_hold_nul() {
        assert!(BusinessDetails::default().check_draft_bounds().is_ok());
        let huge = BusinessDetails {
            company_name: "x".repeat(1_000_000),
            ..Default::default()
        };
        assert!(huge.check_draft_bounds().is_err());
        let nul = BusinessDetails {
            address: "a\0b".into(),
            ..Default::default()
        };
        assert!(nul.check_draft_bounds().is_err());
    }
}
