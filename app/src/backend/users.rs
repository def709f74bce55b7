use super::{now, Db};
use crate::domain::Email;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Merchant,
    Reviewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Merchant => "merchant",
            Role::Reviewer => "reviewer",
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Upserted {
    Created,
    PasswordReset,
}

/// Creates a reviewer, or resets the password (and role) of the account with
/// that email. Used by the `create-reviewer` command.
pub async fn upsert_reviewer(
    db: &Db,
    email: &Email,
    password_hash: &str,
) -> Result<Upserted, sqlx::Error> {
    let now = now();
    let mut tx = db.pool().begin().await?;
    let updated = sqlx::query(
        "update users set password_hash = $1, role = 'reviewer', updated_at = $2 where email = $3",
    )
    .bind(password_hash)
    .bind(now)
    .bind(email.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let outcome = if updated == 0 {
        sqlx::query(
            "insert into users (email, password_hash, role, created_at, updated_at) \
             values ($1, $2, 'reviewer', $3, $3)",
        )
        .bind(email.as_str())
        .bind(password_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        Upserted::Created
    } else {
        Upserted::PasswordReset
    };
    tx.commit().await?;
    Ok(outcome)
}

/// The role of the account with this email, if there is one.
pub async fn role_of(db: &Db, email: &Email) -> Result<Option<Role>, sqlx::Error> {
    let role: Option<(String,)> = sqlx::query_as("select role from users where email = $1")
        .bind(email.as_str())
        .fetch_optional(db.pool())
        .await?;
    Ok(role.map(|(r,)| {
        if r == "reviewer" {
            Role::Reviewer
        } else {
            Role::Merchant
        }
    }))
}
