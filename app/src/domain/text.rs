//! Checks shared by the free-text fields.

/// Characters that change how text is displayed without being visible:
/// bidirectional overrides and isolates, zero-width characters, the BOM.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Trimmed text with no control or invisible formatting characters
/// (line breaks allowed only when `multiline`), at most `max` characters.
pub fn clean(raw: &str, label: &str, max: usize, multiline: bool) -> Result<String, String> {
    // Look at no more than max+1 characters' worth of a huge input.
    let value = raw.trim();
    if value.chars().take(max + 1).count() > max {
        return Err((crate::i18n::texts().fields().too_long)(label, max));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t')))
    {
        return Err((crate::i18n::texts().fields().control_characters)(label));
    }
    if value.chars().any(is_invisible_control) {
        return Err((crate::i18n::texts().fields().invisible_characters)(label));
    }
    Ok(value.replace("\r\n", "\n"))
}
