//! Verification codes: six digits from the OS's CSPRNG, stored only as a
//! salted SHA-256.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

pub const VALID_SECS: i64 = 10 * 60;
pub const RESEND_AFTER_SECS: i64 = 60;
pub const MAX_WRONG_TRIES: i64 = 5;

/// A uniformly random code, "000000" to "999999".
pub fn generate() -> String {
    // Rejection sampling keeps every code equally likely.
    const LIMIT: u32 = u32::MAX - (u32::MAX % 1_000_000);
    loop {
        let n = OsRng.next_u32();
        if n < LIMIT {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// `salt$digest`, both hex.
pub fn hash(code: &str) -> String {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let salt = hex(&salt);
    format!("{salt}${}", digest(&salt, code))
}

pub fn matches(stored: &str, code: &str) -> bool {
    match stored.split_once('$') {
        Some((salt, expected)) => digest(salt, code) == expected,
        None => false,
    }
}

fn digest(salt: &str, code: &str) -> String {
    hex(&Sha256::new()
        .chain_update(salt)
        .chain_update(code)
        .finalize())
}

/// `bytes` bytes from the OS's CSPRNG, as lowercase hex (safe in a URL or a path).
pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex(&buf)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_six_digits_and_only_match_themselves() {
        for _ in 0..100 {
            let code = generate();
            assert_eq!(code.len(), 6);
            assert!(code.chars().all(|c| c.is_ascii_digit()));
            let stored = hash(&code);
            assert!(matches(&stored, &code));
            let other = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
            assert!(!matches(&stored, &other));
        }
        assert!(!matches("garbage", "123456"));
    }
}
