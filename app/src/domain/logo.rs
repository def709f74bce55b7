//! The Business Logo's limits and messages, shared by the browser's
//! pre-upload check and the server's processing.

pub const MAX_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_DIMENSION: u32 = 4096;

/// What the form says about a file it refuses, in the language at hand.
pub fn wrong_type() -> &'static str {
    crate::i18n::texts().fields().logo_wrong_type
}

pub fn too_large() -> &'static str {
    crate::i18n::texts().fields().logo_too_large
}

pub fn too_wide() -> &'static str {
    crate::i18n::texts().fields().logo_too_wide
}

pub fn damaged() -> &'static str {
    crate::i18n::texts().fields().logo_damaged
}

pub fn empty() -> &'static str {
    crate::i18n::texts().fields().logo_empty
}
