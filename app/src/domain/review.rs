//! A reviewer's decision: the rejection reason and the fields it flags.

use super::text::clean;
use super::DetailField;

/// A rejection reason: 10 to 2,000 characters after trimming; line breaks
/// allowed, other control and invisible formatting characters not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectionReason(String);

impl RejectionReason {
    pub fn parse(raw: &str) -> Result<RejectionReason, String> {
        let value = clean(raw, crate::i18n::texts().review().the_reason, 2000, true)?;
        let chars = value.chars().count();
        if chars == 0 {
            return Err(crate::i18n::texts().review().reason_required.into());
        }
        if chars < 10 {
            return Err(crate::i18n::texts().review().reason_too_short.into());
        }
        Ok(RejectionReason(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A reviewer's internal note on an application: 1 to 2,000 characters
/// after trimming, line breaks allowed. Only reviewers ever read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalNote(String);

impl InternalNote {
    pub fn parse(raw: &str) -> Result<InternalNote, String> {
        let value = clean(raw, crate::i18n::texts().review().the_note, 2000, true)?;
        if value.is_empty() {
            return Err(crate::i18n::texts().review().note_required.into());
        }
        Ok(InternalNote(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The flagged fields, deduplicated in form order; unknown names are refused.
pub fn parse_flagged(fields: &[String]) -> Result<Vec<DetailField>, String> {
    if let Some(unknown) = fields.iter().find(|f| DetailField::from_name(f).is_none()) {
        return Err((crate::i18n::texts().review().not_a_field)(unknown));
    }
    Ok(DetailField::ALL
        .into_iter()
        .filter(|k| fields.iter().any(|f| f == k.name()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reasons_are_bounded_and_keep_line_breaks() {
        assert!(RejectionReason::parse("too short").is_err());
        assert!(RejectionReason::parse(&"x".repeat(2001)).is_err());
        assert!(RejectionReason::parse("").is_err());
        let ok =
            RejectionReason::parse("  The website does not load.\r\nPlease fix it.  ").unwrap();
        assert_eq!(ok.as_str(), "The website does not load.\nPlease fix it.");
        assert!(RejectionReason::parse("<script>alert(1)</script> is not a company").is_ok());
        assert!(RejectionReason::parse("Hidden \u{202E} override text here").is_err());
    }

    #[test]
    fn notes_are_bounded_and_keep_line_breaks() {
        assert_eq!(
            InternalNote::parse("   ").unwrap_err(),
            "Write the note first."
        );
        assert!(InternalNote::parse(&"x".repeat(2001)).is_err());
        assert_eq!(
            InternalNote::parse(" Called them.\r\nNo answer. ")
                .unwrap()
                .as_str(),
            "Called them.\nNo answer."
        );
        assert!(InternalNote::parse("Bell \u{7} here").is_err());
    }

    #[test]
    fn flagged_fields_are_known_and_ordered() {
        let fields = vec![
            "website".to_string(),
            "company_name".into(),
            "website".into(),
        ];
        assert_eq!(
            parse_flagged(&fields).unwrap(),
            vec![DetailField::CompanyName, DetailField::Website]
        );
        assert!(parse_flagged(&["status".to_string()]).is_err());
        assert_eq!(parse_flagged(&[]).unwrap(), Vec::<DetailField>::new());
    }

    proptest! {
        #[test]
        fn parsing_never_panics(raw in ".*") {
            let _ = RejectionReason::parse(&raw);
            let _ = parse_flagged(&[raw]);
        }
    }
}
