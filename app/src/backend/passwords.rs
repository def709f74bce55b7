//! argon2id hashing with OWASP's parameters, on the blocking pool and never
//! more at once than the machine has cores.

use super::AppState;
use crate::domain::Password;
use crate::error::AppError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// OWASP Password Storage Cheat Sheet: m=19456 KiB, t=2, p=1.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("static argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// A PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$…`, without a slot
/// (for the command line).
pub async fn hash(password: Password) -> Result<String, String> {
    tokio::task::spawn_blocking(move || hash_now(password.expose()))
        .await
        .map_err(|e| e.to_string())?
}

/// Runs `work` on the blocking pool once a hashing slot is free.
async fn bounded<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    state.hashing.run(work).await
}

/// Hashes a new password in a bounded slot.
pub async fn hash_bounded(state: &AppState, password: Password) -> Result<String, AppError> {
    bounded(state, move || hash_now(password.expose()))
        .await?
        .map_err(|e| AppError::internal("Failed to hash a password", e))
}

/// Checks `password` against `stored`, or against a dummy hash when there is
/// no account, so an unknown email costs the same time as a wrong password.
pub async fn verify(
    state: &AppState,
    stored: Option<String>,
    password: String,
) -> Result<bool, AppError> {
    bounded(state, move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let ok = PasswordHash::new(&stored)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        known && ok
    })
    .await
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_now("not a real password, only for timing").expect("hashing a constant")
    })
}
