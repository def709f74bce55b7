//! The signup and login forms: raw input as typed, and its validation, run
//! in the browser before sending and again on the server.

use super::{Email, Password};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// A verification code: exactly six ASCII digits (spaces typed around or
/// inside it are ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationCode(String);

impl VerificationCode {
    pub fn parse(raw: &str) -> Result<VerificationCode, String> {
        let digits: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(64)
            .collect();
        if digits.is_empty() {
            return Err(crate::i18n::texts().auth().code_required.into());
        }
        if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(crate::i18n::texts().auth().code_format.into());
        }
        Ok(VerificationCode(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignupInput {
    pub email: String,
    pub code: String,
    pub password: String,
    pub confirm_password: String,
    pub accept_terms: bool,
}

pub struct ValidSignup {
    pub email: Email,
    pub code: VerificationCode,
    pub password: Password,
}

fn push<T>(errors: &mut Vec<FieldError>, field: &str, result: Result<T, String>) -> Option<T> {
    result
        .map_err(|message| {
            errors.push(FieldError {
                field: field.into(),
                message,
            })
        })
        .ok()
}

impl SignupInput {
    /// Every problem at once, in the order the fields appear on the page.
    pub fn validate(&self) -> Result<ValidSignup, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = push(&mut errors, "email", Email::parse(&self.email));
        let code = push(&mut errors, "code", VerificationCode::parse(&self.code));
        let password = push(&mut errors, "password", Password::parse(&self.password));
        check_confirmation(&mut errors, &self.password, &self.confirm_password);
        if !self.accept_terms {
            errors.push(FieldError {
                field: "accept_terms".into(),
                message: crate::i18n::texts().auth().terms_required.into(),
            });
        }
        match (email, code, password) {
            (Some(email), Some(code), Some(password)) if errors.is_empty() => Ok(ValidSignup {
                email,
                code,
                password,
            }),
            _ => Err(errors),
        }
    }
}

/// Confirm Password must be filled in and equal the password.
fn check_confirmation(errors: &mut Vec<FieldError>, password: &str, confirmation: &str) {
    let message = if confirmation.is_empty() {
        crate::i18n::texts().auth().confirm_required
    } else if confirmation != password {
        crate::i18n::texts().auth().passwords_differ
    } else {
        return;
    };
    errors.push(FieldError {
        field: "confirm_password".into(),
        message: message.into(),
    });
}

/// The form a reset link opens: the token from the link and the new
/// password, under the signup rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewPasswordInput {
    pub token: String,
    pub password: String,
    pub confirm_password: String,
}

impl NewPasswordInput {
    pub fn validate(&self) -> Result<Password, Vec<FieldError>> {
        new_password(Vec::new(), &self.password, &self.confirm_password)
    }
}

/// A new password with its confirmation, after `errors` found so far.
fn new_password(
    mut errors: Vec<FieldError>,
    password: &str,
    confirmation: &str,
) -> Result<Password, Vec<FieldError>> {
    let parsed = push(&mut errors, "password", Password::parse(password));
    check_confirmation(&mut errors, password, confirmation);
    match parsed {
        Some(parsed) if errors.is_empty() => Ok(parsed),
        _ => Err(errors),
    }
}

/// Changing the password from the account page: the current one, then the
/// new one under the signup rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub password: String,
    pub confirm_password: String,
}

impl ChangePasswordInput {
    pub fn validate(&self) -> Result<Password, Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.current_password.is_empty() {
            errors.push(FieldError {
                field: "current_password".into(),
                message: crate::i18n::texts().auth().current_password_required.into(),
            });
        }
        new_password(errors, &self.password, &self.confirm_password)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
    /// The sign-in code, asked for only while the account is under attack.
    pub code: String,
}

/// A login form in valid shape.
#[derive(Debug)]
pub struct ValidLogin {
    pub email: Email,
    pub password: String,
    pub code: Option<VerificationCode>,
}

impl LoginInput {
    /// Only presence and shape: the policy is not checked at login, so older
    /// passwords keep working and nothing is revealed about them.
    pub fn validate(&self) -> Result<ValidLogin, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = push(&mut errors, "email", Email::parse(&self.email));
        if self.password.is_empty() {
            errors.push(FieldError {
                field: "password".into(),
                message: crate::i18n::texts().auth().login_password_required.into(),
            });
        } else if self.password.chars().take(Password::MAX_CHARS + 1).count() > Password::MAX_CHARS
        {
            errors.push(FieldError {
                field: "password".into(),
                message: (crate::i18n::texts().auth().login_password_too_long)(Password::MAX_CHARS),
            });
        }
        let code = if self.code.trim().is_empty() {
            None
        } else {
            push(&mut errors, "code", VerificationCode::parse(&self.code))
        };
        match email {
            Some(email) if errors.is_empty() => Ok(ValidLogin {
                email,
                password: self.password.clone(),
                code,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn valid() -> SignupInput {
        SignupInput {
            email: "merchant@example.com".into(),
            code: "123 456".into(),
            password: "a good long password".into(),
            confirm_password: "a good long password".into(),
            accept_terms: true,
        }
    }

    #[test]
    fn a_complete_form_is_valid() {
        let ok = valid().validate().unwrap_or_else(|_| panic!("valid"));
        assert_eq!(ok.code.as_str(), "123456");
    }

    #[test]
    fn every_missing_field_gets_its_own_message_in_page_order() {
        let errors = match SignupInput::default().validate() {
            Err(e) => e,
            Ok(_) => panic!("empty form accepted"),
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "email",
                "code",
                "password",
                "confirm_password",
                "accept_terms"
            ]
        );
    }

    #[test]
    fn mismatched_confirmation_and_bad_codes_are_refused() {
        let mut input = valid();
        input.confirm_password = "something else".into();
        assert!(input.validate().is_err());
        for code in ["12345", "1234567", "12a456", "１２３４５６"] {
            assert!(VerificationCode::parse(code).is_err(), "{code}");
        }
    }

    #[test]
    fn login_needs_an_email_and_a_password_only() {
        let ok = LoginInput {
            email: "A@Example.com".into(),
            password: "x".into(),
            ..Default::default()
        };
        assert_eq!(ok.validate().unwrap().email.as_str(), "a@example.com");
        let with_code = LoginInput {
            code: " 123 456 ".into(),
            ..ok.clone()
        };
        assert_eq!(
            with_code.validate().unwrap().code.unwrap().as_str(),
            "123456"
        );
        let bad_code = LoginInput {
            code: "12a".into(),
            ..ok
        };
        assert_eq!(bad_code.validate().unwrap_err()[0].field, "code");
        let long = LoginInput {
            email: "a@example.com".into(),
            password: "x".repeat(1_000_000),
            ..Default::default()
        };
        assert!(long.validate().is_err());
    }

    proptest! {
        #[test]
        fn validation_never_panics(email in ".*", code in ".*", password in ".*", accept in any::<bool>()) {
            let input = SignupInput { email, code, password: password.clone(), confirm_password: password, accept_terms: accept };
            let _ = input.validate();
        }
    }
}
