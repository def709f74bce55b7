//! argon2id hashing with OWASP's parameters, on the blocking pool and never
//! more at once than the machine has cores.

use super::work_slots::with_scratch;
use super::AppState;
use crate::domain::Password;
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::OnceLock;

/// OWASP Password Storage Cheat Sheet: m=19456 KiB, t=2, p=1.
fn params() -> Params {
    Params::new(19_456, 2, 1, None).expect("static argon2 parameters are valid")
}

/// argon2 into `out` with this thread's reusable memory blocks (see
/// `work_slots::with_scratch`).
fn compute(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), String> {
    with_scratch(|blocks: &mut Vec<Block>| {
        blocks.resize(params.block_count(), Block::default());
        argon
            .hash_password_into_with_memory(password, salt, out, &mut blocks[..])
            .map_err(|e| e.to_string())
    })
}

fn hash_now(password: &str) -> Result<String, String> {
    let params = params();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|e| e.to_string())?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon, &params, password.as_bytes(), raw_salt, &mut out)?;
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
    };
    Ok(phc.to_string())
}

/// Whether `password` hashes to `stored` (a PHC string), comparing in
/// constant time; false for anything that does not parse.
fn matches(password: &str, stored: &str) -> bool {
    let check = || -> Result<bool, String> {
        let parsed = PasswordHash::new(stored).map_err(|e| e.to_string())?;
        let expected = parsed.hash.ok_or("no hash")?;
        let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| e.to_string())?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        let params = Params::try_from(&parsed).map_err(|e| e.to_string())?;
        let argon = Argon2::new(algorithm, version, params.clone());
        let mut salt_bytes = [0u8; 64];
        let raw_salt = parsed
            .salt
            .ok_or("no salt")?
            .decode_b64(&mut salt_bytes)
            .map_err(|e| e.to_string())?;
        let mut out = vec![0u8; expected.len()];
        compute(&argon, &params, password.as_bytes(), raw_salt, &mut out)?;
        // `Output`'s equality is constant-time.
        Ok(Output::new(&out).map_err(|e| e.to_string())? == expected)
    };
    check().unwrap_or(false)
}

/// A PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$…`, without a slot
/// (for the command line).
pub async fn hash(password: Password) -> Result<String, String> {
    tokio::task::spawn_blocking(move || hash_now(password.expose()))
        .await
        .map_err(|e| e.to_string())?
}

/// The median time of one hash in milliseconds, hashed the way the login
/// pool hashes (on a pool thread, its memory blocks reused): the baseline of
/// the login throughput benchmark.
pub async fn measure_hash() -> Result<f64, String> {
    let pool =
        super::work_slots::WorkSlots::new("measure", 1, 0, std::time::Duration::from_secs(60));
    let timed = pool.run(|| -> Result<f64, String> {
        let mut times = Vec::new();
        for _ in 0..9 {
            let started = std::time::Instant::now();
            hash_now("benchmark passphrase")?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        Ok(times[times.len() / 2])
    });
    timed.await.map_err(|e| e.to_string())?
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
        let ok = matches(&password, stored.as_deref().unwrap_or_else(|| dummy_hash()));
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

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordVerifier;

    #[test]
    fn hashes_are_standard_phc_strings_that_verify() {
        let stored = hash_now("correct horse battery").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        // The argon2 crate's own verifier agrees, so stored hashes stay portable.
        let parsed = PasswordHash::new(&stored).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        assert!(matches("correct horse battery", &stored));
        assert!(!matches("correct horse batterY", &stored));
        assert!(!matches("correct horse battery", "not a hash"));
    }

    #[test]
    fn hashes_made_by_the_argon2_crate_verify() {
        use argon2::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let argon = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8_192, 1, 1, None).unwrap(),
        );
        let stored = argon
            .hash_password(b"older parameters", &salt)
            .unwrap()
            .to_string();
        assert!(matches("older parameters", &stored));
        assert!(!matches("other", &stored));
    }
}
