//! Emailed codes — signup, a new email address, step-up login — and the
//! one set of rules they share: six digits from the OS's CSPRNG, stored
//! only as a salted SHA-256, valid 10 minutes, a minute before another may
//! be sent, five wrong tries, single use.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

pub const VALID_SECS: i64 = 10 * 60;
pub const RESEND_AFTER_SECS: i64 = 60;
pub const MAX_WRONG_TRIES: i64 = 5;

/// Where one kind of code is kept: a table with `code_hash`, `attempts`,
/// `created_at` and `expires_at`, one live code per `key` (an address or
/// an account).
#[derive(Debug, Clone, Copy)]
pub struct CodeStore {
    table: &'static str,
    key: &'static str,
}

pub const SIGNUP_CODES: CodeStore = CodeStore {
    table: "verification_codes",
    key: "email",
};
pub const EMAIL_CHANGE_CODES: CodeStore = CodeStore {
    table: "email_changes",
    key: "user_id",
};
pub const LOGIN_CODES: CodeStore = CodeStore {
    table: "login_codes",
    key: "user_id",
};

/// What a presented code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The live code: it is used up now.
    Accepted,
    /// Wrong, expired, used or never sent.
    Invalid,
    /// The live code has had its five wrong tries.
    TooManyTries,
}

impl Verdict {
    /// What the form says about a code that was not accepted.
    pub fn message(self) -> &'static str {
        match self {
            Verdict::TooManyTries => crate::i18n::texts().auth().too_many_tries,
            Verdict::Accepted | Verdict::Invalid => crate::i18n::texts().auth().invalid_code,
        }
    }
}

/// A key column's value: an address or an account id.
pub trait CodeKey:
    Send + Clone + for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any>
{
}
impl<T> CodeKey for T where
    T: Send + Clone + for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any>
{
}

impl CodeStore {
    /// Seconds until another code may be sent for `key` (0 or less: now).
    pub async fn resend_wait<K: CodeKey>(
        self,
        conn: &mut AnyConnection,
        key: K,
        now: i64,
    ) -> Result<i64, sqlx::Error> {
        let sql = format!(
            "select created_at from {} where {} = $1",
            self.table, self.key
        );
        let last: Option<(i64,)> = sqlx::query_as(&sql).bind(key).fetch_optional(conn).await?;
        Ok(last.map_or(0, |(created_at,)| created_at + RESEND_AFTER_SECS - now))
    }

    /// Keeps `code` (hashed) as the live code for `key`, replacing any
    /// earlier one; `extra` is one more column of the row to set (the new
    /// address of an email change).
    pub async fn store<K: CodeKey>(
        self,
        conn: &mut AnyConnection,
        key: K,
        code: &str,
        now: i64,
        extra: Option<(&'static str, &str)>,
    ) -> Result<(), sqlx::Error> {
        let (extra_column, extra_value, extra_update) = match extra {
            Some((column, value)) => (
                format!(", {column}"),
                Some(value),
                format!(", {column} = excluded.{column}"),
            ),
            None => (String::new(), None, String::new()),
        };
        let extra_param = if extra_value.is_some() { ", $5" } else { "" };
        let sql = format!(
            "insert into {table} ({key}, code_hash, attempts, created_at, expires_at{extra_column}) \
             values ($1, $2, 0, $3, $4{extra_param}) \
             on conflict ({key}) do update set code_hash = excluded.code_hash, attempts = 0, \
               created_at = excluded.created_at, expires_at = excluded.expires_at{extra_update}",
            table = self.table,
            key = self.key,
        );
        let mut query = sqlx::query(&sql)
            .bind(key)
            .bind(hash(code))
            .bind(now)
            .bind(now + VALID_SECS);
        if let Some(value) = extra_value {
            query = query.bind(value);
        }
        query.execute(conn).await?;
        Ok(())
    }

    /// Checks `code` against the live code for `key`. A match is used up
    /// (of parallel redemptions only one is accepted); a miss is counted in
    /// one conditional update, so parallel guesses never pass the limit.
    /// Inside a transaction, commit it whatever the verdict: the count of
    /// wrong tries must stay.
    pub async fn check<K: CodeKey>(
        self,
        conn: &mut AnyConnection,
        key: K,
        code: &str,
        now: i64,
    ) -> Result<Verdict, sqlx::Error> {
        let (table, column) = (self.table, self.key);
        let sql =
            format!("select code_hash, attempts, expires_at from {table} where {column} = $1");
        let row: Option<(String, i64, i64)> = sqlx::query_as(&sql)
            .bind(key.clone())
            .fetch_optional(&mut *conn)
            .await?;
        let Some((code_hash, attempts, expires_at)) = row else {
            return Ok(Verdict::Invalid);
        };
        if expires_at <= now {
            return Ok(Verdict::Invalid);
        }
        if attempts >= MAX_WRONG_TRIES {
            return Ok(Verdict::TooManyTries);
        }
        if !matches(&code_hash, code) {
            let sql = format!(
                "update {table} set attempts = attempts + 1 \
                 where {column} = $1 and attempts < $2 returning attempts"
            );
            let counted: Option<(i32,)> = sqlx::query_as(&sql)
                .bind(key)
                .bind(MAX_WRONG_TRIES)
                .fetch_optional(&mut *conn)
                .await?;
            return Ok(match counted {
                Some((tries,)) if i64::from(tries) < MAX_WRONG_TRIES => Verdict::Invalid,
                _ => Verdict::TooManyTries,
            });
        }
        let sql = format!(
            "delete from {table} where {column} = $1 and code_hash = $2 and attempts < $3 \
               and expires_at > $4"
        );
        let consumed = sqlx::query(&sql)
            .bind(key)
            .bind(&code_hash)
            .bind(MAX_WRONG_TRIES)
            .bind(now)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        Ok(if consumed == 1 {
            Verdict::Accepted
        } else {
            Verdict::Invalid
        })
    }
}

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
