//! The workspace team: Owners invite people by email with a single-use link,
//! make members Owners or Members, and remove them; anyone may leave. A
//! workspace always keeps at least one Owner: every change takes the
//! workspace's row lock first and checks the team as it is after the lock,
//! so two Owners acting at once (on any instance) cannot both step down.
//! Every change is recorded (`workspace_events`) and mailed to the person
//! it concerns. An account belongs to one workspace at a time.

use super::codes::{hex, random_hex};
use super::db::WriteTx;
use super::{mail, rate_limit, AppState};
use crate::domain::{MemberRole, Status};
use crate::error::AppError;
use crate::model::account::CurrentUser;
use crate::model::workspace::{
    invalid_invitation, InvitationEntry, InvitationView, Invitee, MemberEntry, Removal, TeamChange,
    TeamView, INVITATION_VALID_SECS, RESEND_COOLDOWN_SECS,
};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// The workspace an account belongs to, and its role there.
#[derive(Debug, Clone)]
pub struct Membership {
    pub workspace_id: i64,
    pub name: String,
    pub role: MemberRole,
}

pub async fn membership(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<Membership>, sqlx::Error> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "select m.workspace_id, w.name, m.role from workspace_members m \
         join workspaces w on w.id = m.workspace_id where m.user_id = $1 \
         order by m.workspace_id desc limit 1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(workspace_id, name, role)| Membership {
        workspace_id,
        name,
        role: MemberRole::from_stored(&role),
    }))
}

/// `user_id`'s membership after taking its workspace's row lock (held to
/// the end of the transaction; on SQLite the write transaction already
/// excludes every other writer). Read again after the lock: a change that
/// committed while this one waited counts.
async fn locked_membership(conn: &mut AnyConnection, user_id: i64) -> Result<Membership, AppError> {
    let context = AppError::context("Failed to read the workspace team");
    let first = membership(conn, user_id)
        .await
        .map_err(&context)?
        .ok_or(AppError::NotFound)?;
    sqlx::query("update workspaces set name = name where id = $1")
        .bind(first.workspace_id)
        .execute(&mut *conn)
        .await
        .map_err(&context)?;
    membership(conn, user_id)
        .await
        .map_err(&context)?
        .filter(|m| m.workspace_id == first.workspace_id)
        .ok_or(AppError::NotFound)
}

async fn locked_owner(conn: &mut AnyConnection, user_id: i64) -> Result<Membership, AppError> {
    let me = locked_membership(conn, user_id).await?;
    if me.role != MemberRole::Owner {
        return Err(AppError::Forbidden);
    }
    Ok(me)
}

async fn owner_count(conn: &mut AnyConnection, workspace_id: i64) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as(
        "select count(*) from workspace_members where workspace_id = $1 and role = 'owner'",
    )
    .bind(workspace_id)
    .fetch_one(conn)
    .await?;
    Ok(count)
}

/// `user_id`'s role in `workspace_id`, if a member.
async fn role_in(
    conn: &mut AnyConnection,
    workspace_id: i64,
    user_id: i64,
) -> Result<Option<MemberRole>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "select role from workspace_members where workspace_id = $1 and user_id = $2",
    )
    .bind(workspace_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(role,)| MemberRole::from_stored(&role)))
}

/// One change to the team, for the record.
struct Change<'a> {
    workspace_id: i64,
    actor_id: i64,
    kind: &'static str,
    subject_user_id: Option<i64>,
    subject_email: &'a str,
    role: Option<MemberRole>,
}

async fn record(conn: &mut AnyConnection, change: Change<'_>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into workspace_events \
           (workspace_id, actor_id, kind, subject_user_id, subject_email, role, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(change.workspace_id)
    .bind(change.actor_id)
    .bind(change.kind)
    .bind(change.subject_user_id)
    .bind(change.subject_email)
    .bind(change.role.map(MemberRole::as_str))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records `change` with the mail it causes and commits: a change and its
/// mail exist together or not at all.
async fn commit_change(
    state: &AppState,
    mut tx: WriteTx,
    change: Change<'_>,
    mails: &[mail::Mail],
    now: i64,
) -> Result<(), sqlx::Error> {
    record(&mut tx, change, now).await?;
    for message in mails {
        mail::enqueue(&mut tx, message, now).await?;
    }
    tx.commit().await?;
    if !mails.is_empty() {
        mail::wake_worker(state);
    }
    Ok(())
}

/// A recorded change: kind, when, actor's email, subject account's email,
/// subject address (before an account), role.
type ChangeRow = (String, i64, String, Option<String>, String, Option<String>);

/// The Members page of `user`'s workspace.
pub async fn team(state: &AppState, user: &CurrentUser) -> Result<TeamView, AppError> {
    let context = AppError::context("Failed to load the workspace team");
    let mut conn = state.db.pool().acquire().await.map_err(&context)?;
    let me = membership(&mut conn, user.id)
        .await
        .map_err(&context)?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let members: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "select m.user_id, u.email, m.role, m.created_at from workspace_members m \
         join users u on u.id = m.user_id where m.workspace_id = $1 \
         order by case when m.role = 'owner' then 0 else 1 end, m.created_at, m.user_id",
    )
    .bind(me.workspace_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(&context)?;
    let invitations: Vec<(i64, String, String, i64, String, i64)> = sqlx::query_as(
        "select i.id, i.email, i.role, i.sent_at, u.email, i.expires_at \
         from workspace_invitations i join users u on u.id = i.invited_by \
         where i.workspace_id = $1 and i.accepted_at is null and i.revoked_at is null \
         order by i.sent_at desc, i.id desc",
    )
    .bind(me.workspace_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(&context)?;
    let changes: Vec<ChangeRow> = sqlx::query_as(
        "select e.kind, e.created_at, a.email, s.email, e.subject_email, e.role \
             from workspace_events e join users a on a.id = e.actor_id \
             left join users s on s.id = e.subject_user_id \
             where e.workspace_id = $1 order by e.id desc limit 20",
    )
    .bind(me.workspace_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(&context)?;
    Ok(TeamView {
        workspace: me.name,
        me: user.id,
        my_role: me.role,
        members: members
            .into_iter()
            .map(|(user_id, email, role, joined_at)| MemberEntry {
                user_id,
                email,
                role: MemberRole::from_stored(&role),
                joined_at,
            })
            .collect(),
        invitations: invitations
            .into_iter()
            .map(
                |(id, email, role, sent_at, invited_by, expires_at)| InvitationEntry {
                    id,
                    email,
                    role: MemberRole::from_stored(&role),
                    sent_at,
                    invited_by: shown_email(&invited_by),
                    expires_at,
                    expired: expires_at <= now,
                    resend_at: sent_at + RESEND_COOLDOWN_SECS,
                },
            )
            .collect(),
        changes: changes
            .into_iter()
            .map(|(kind, at, actor, subject, subject_email, role)| {
                let subject = shown_email(subject.as_deref().unwrap_or(&subject_email));
                let role = role.as_deref().map(MemberRole::from_stored);
                TeamChange {
                    at,
                    text: change_text(&kind, &shown_email(&actor), &subject, role),
                }
            })
            .collect(),
    })
}

/// An address as the team sees it (an erased account has none).
fn shown_email(email: &str) -> String {
    if email.is_empty() || email.ends_with("@deleted.invalid") {
        crate::i18n::texts().team().a_deleted_account.into()
    } else {
        email.to_owned()
    }
}

fn change_text(kind: &str, actor: &str, subject: &str, role: Option<MemberRole>) -> String {
    let t = crate::i18n::texts().team();
    let article = match role.unwrap_or(MemberRole::Member) {
        MemberRole::Owner => t.an_owner,
        MemberRole::Member => t.a_member,
    };
    match kind {
        "invited" => (t.change_invited)(actor, subject, article),
        "invitation_resent" => (t.change_resent)(actor, subject),
        "invitation_revoked" => (t.change_revoked)(actor, subject),
        "joined" => (t.change_joined)(subject, article),
        "role_changed" => (t.change_role)(actor, subject, article),
        "removed" => (t.change_removed)(actor, subject),
        "left" => (t.change_left)(subject),
        other => (t.change_other)(actor, other),
    }
}

/// The invitation link for `token`.
fn link(state: &AppState, token: &str) -> String {
    format!("{}/invitations/{token}", state.settings.public_url)
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.trim().as_bytes()))
}

/// Invites `raw_email` to `owner`'s workspace as `raw_role`: a mail with a
/// single-use link that works for seven days.
#[tracing::instrument(skip_all, fields(user_id = owner.id))]
pub async fn invite(
    state: &AppState,
    owner: &CurrentUser,
    raw_email: &str,
    raw_role: &str,
) -> Result<(), AppError> {
    let (email, role) = crate::domain::member_role::parse_invitation(raw_email, raw_role)
        .map_err(AppError::Validation)?;
    if email.as_str() == owner.email {
        return Err(AppError::field(
            "email",
            crate::i18n::texts().team().own_address,
        ));
    }
    rate_limit::hit(
        state,
        &rate_limit::INVITATIONS_PER_ACCOUNT,
        &owner.id.to_string(),
    )
    .await?;
    let context = AppError::context("Failed to send an invitation");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let me = locked_owner(&mut tx, owner.id).await?;
    let member: Option<(i64,)> = sqlx::query_as(
        "select m.user_id from workspace_members m join users u on u.id = m.user_id \
         where m.workspace_id = $1 and u.email = $2",
    )
    .bind(me.workspace_id)
    .bind(email.as_str())
    .fetch_optional(&mut *tx)
    .await
    .map_err(&context)?;
    if member.is_some() {
        return Err(AppError::field(
            "email",
            (crate::i18n::texts().team().already_member)(email.as_str()),
        ));
    }
    let waiting: Option<(i64,)> = sqlx::query_as(
        "select id from workspace_invitations where workspace_id = $1 and email = $2 \
         and accepted_at is null and revoked_at is null",
    )
    .bind(me.workspace_id)
    .bind(email.as_str())
    .fetch_optional(&mut *tx)
    .await
    .map_err(&context)?;
    if waiting.is_some() {
        return Err(AppError::field(
            "email",
            (crate::i18n::texts().team().already_invited)(email.as_str()),
        ));
    }
    let token = random_hex(32);
    sqlx::query(
        "insert into workspace_invitations \
           (workspace_id, email, role, token_hash, invited_by, created_at, sent_at, expires_at) \
         values ($1, $2, $3, $4, $5, $6, $6, $7)",
    )
    .bind(me.workspace_id)
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(token_hash(&token))
    .bind(owner.id)
    .bind(now)
    .bind(now + INVITATION_VALID_SECS)
    .execute(&mut *tx)
    .await
    .map_err(&context)?;
    let change = Change {
        workspace_id: me.workspace_id,
        actor_id: owner.id,
        kind: "invited",
        subject_user_id: None,
        subject_email: email.as_str(),
        role: Some(role),
    };
    let language = super::users::language_of_email(&mut tx, email.as_str())
        .await
        .map_err(&context)?
        .unwrap_or_else(crate::i18n::locale);
    let invitation = mail::workspace_invitation(
        language,
        email.as_str(),
        &me.name,
        &owner.email,
        role,
        &link(state, &token),
    );
    commit_change(state, tx, change, &[invitation], now)
        .await
        .map_err(&context)?;
    tracing::info!(workspace_id = me.workspace_id, "invitation sent");
    Ok(())
}

/// A pending invitation of `owner`'s workspace (used, withdrawn or someone
/// else's: stale).
async fn pending(
    conn: &mut AnyConnection,
    workspace_id: i64,
    id: i64,
) -> Result<(String, MemberRole, i64), AppError> {
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "select email, role, sent_at from workspace_invitations \
         where id = $1 and workspace_id = $2 and accepted_at is null and revoked_at is null",
    )
    .bind(id)
    .bind(workspace_id)
    .fetch_optional(conn)
    .await
    .map_err(AppError::context("Failed to read an invitation"))?;
    let (email, role, sent_at) =
        row.ok_or_else(|| AppError::Conflict(crate::i18n::texts().team().stale_team.into()))?;
    Ok((email, MemberRole::from_stored(&role), sent_at))
}

/// Sends invitation `id` again with a new link (the old one stops working)
/// valid seven days from now; at most once a minute.
#[tracing::instrument(skip_all, fields(user_id = owner.id, invitation_id = id))]
pub async fn resend(state: &AppState, owner: &CurrentUser, id: i64) -> Result<(), AppError> {
    rate_limit::hit(
        state,
        &rate_limit::INVITATIONS_PER_ACCOUNT,
        &owner.id.to_string(),
    )
    .await?;
    let context = AppError::context("Failed to send an invitation again");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let me = locked_owner(&mut tx, owner.id).await?;
    let (email, role, sent_at) = pending(&mut tx, me.workspace_id, id).await?;
    let wait = sent_at + RESEND_COOLDOWN_SECS - now;
    if wait > 0 {
        return Err(AppError::RateLimited {
            retry_after_secs: wait as u64,
        });
    }
    let token = random_hex(32);
    sqlx::query(
        "update workspace_invitations set token_hash = $1, sent_at = $2, expires_at = $3, \
           invited_by = $4 where id = $5",
    )
    .bind(token_hash(&token))
    .bind(now)
    .bind(now + INVITATION_VALID_SECS)
    .bind(owner.id)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(&context)?;
    let change = Change {
        workspace_id: me.workspace_id,
        actor_id: owner.id,
        kind: "invitation_resent",
        subject_user_id: None,
        subject_email: &email,
        role: Some(role),
    };
    let language = super::users::language_of_email(&mut tx, &email)
        .await
        .map_err(&context)?
        .unwrap_or_else(crate::i18n::locale);
    let invitation = mail::workspace_invitation(
        language,
        &email,
        &me.name,
        &owner.email,
        role,
        &link(state, &token),
    );
    commit_change(state, tx, change, &[invitation], now)
        .await
        .map_err(&context)?;
    Ok(())
}

/// Withdraws invitation `id`: its link stops working at once.
#[tracing::instrument(skip_all, fields(user_id = owner.id, invitation_id = id))]
pub async fn revoke(state: &AppState, owner: &CurrentUser, id: i64) -> Result<(), AppError> {
    let context = AppError::context("Failed to withdraw an invitation");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let me = locked_owner(&mut tx, owner.id).await?;
    let (email, role, _) = pending(&mut tx, me.workspace_id, id).await?;
    sqlx::query("update workspace_invitations set revoked_at = $1 where id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(&context)?;
    let change = Change {
        workspace_id: me.workspace_id,
        actor_id: owner.id,
        kind: "invitation_revoked",
        subject_user_id: None,
        subject_email: &email,
        role: Some(role),
    };
    commit_change(state, tx, change, &[], now)
        .await
        .map_err(&context)?;
    Ok(())
}

/// A live invitation: (id, workspace id, workspace name, invited email, role, inviter's email).
type Live = (i64, i64, String, String, String, String);

async fn live(
    conn: &mut AnyConnection,
    token: &str,
    now: i64,
) -> Result<Option<Live>, sqlx::Error> {
    sqlx::query_as(
        "select i.id, i.workspace_id, w.name, i.email, i.role, u.email \
         from workspace_invitations i join workspaces w on w.id = i.workspace_id \
         join users u on u.id = i.invited_by \
         where i.token_hash = $1 and i.accepted_at is null and i.revoked_at is null \
           and i.expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// What the link `token` shows to `viewer`; `None` when it can no longer be used.
pub async fn details(
    state: &AppState,
    token: &str,
    viewer: Option<&CurrentUser>,
) -> Result<Option<InvitationView>, AppError> {
    let context = AppError::context("Failed to read an invitation");
    let mut conn = state.db.pool().acquire().await.map_err(&context)?;
    let now = state.clock.now();
    let Some((_, _, workspace, email, role, invited_by)) =
        live(&mut conn, token, now).await.map_err(&context)?
    else {
        return Ok(None);
    };
    let viewer = match viewer {
        None => Invitee::Anonymous,
        Some(user) if user.role != crate::domain::Role::Merchant => Invitee::Reviewer,
        Some(user) if user.email == email => Invitee::Invited,
        Some(user) => Invitee::OtherAccount {
            email: user.email.clone(),
        },
    };
    Ok(Some(InvitationView {
        workspace,
        invited_by: shown_email(&invited_by),
        email,
        role: MemberRole::from_stored(&role),
        viewer,
    }))
}

/// `user` joins the workspace of the invitation `token` was made for, using it up.
#[tracing::instrument(skip_all, fields(user_id = user.id))]
pub async fn accept(state: &AppState, user: &CurrentUser, token: &str) -> Result<(), AppError> {
    let context = AppError::context("Failed to accept an invitation");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let Some((id, workspace_id, workspace, email, role, _)) =
        live(&mut tx, token, now).await.map_err(&context)?
    else {
        return Err(AppError::field("form", invalid_invitation()));
    };
    if email != user.email {
        return Err(AppError::field(
            "form",
            (crate::i18n::texts().team().invitation_for_other)(&email, &user.email),
        ));
    }
    if let Some(current) = membership(&mut tx, user.id).await.map_err(&context)? {
        let message = if current.workspace_id == workspace_id {
            crate::i18n::texts().team().already_member_here.to_owned()
        } else {
            (crate::i18n::texts().team().already_in_other)(&current.name)
        };
        return Err(AppError::field("form", message));
    }
    let own: Option<(String,)> = sqlx::query_as(
        "select status from applications where user_id = $1 and status in ($2, $3) limit 1",
    )
    .bind(user.id)
    .bind(Status::InReview)
    .bind(Status::Approved)
    .fetch_optional(&mut *tx)
    .await
    .map_err(&context)?;
    if own.is_some() {
        return Err(AppError::field(
            "form",
            crate::i18n::texts().team().own_application_blocks,
        ));
    }
    sqlx::query("update workspaces set name = name where id = $1")
        .bind(workspace_id)
        .execute(&mut *tx)
        .await
        .map_err(&context)?;
    let used = sqlx::query(
        "update workspace_invitations set accepted_at = $1, accepted_by = $2 \
         where id = $3 and accepted_at is null and revoked_at is null",
    )
    .bind(now)
    .bind(user.id)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(&context)?
    .rows_affected();
    if used != 1 {
        return Err(AppError::field("form", invalid_invitation()));
    }
    let role = MemberRole::from_stored(&role);
    sqlx::query(
        "insert into workspace_members (workspace_id, user_id, role, created_at) values ($1, $2, $3, $4)",
    )
    .bind(workspace_id)
    .bind(user.id)
    .bind(role.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(&context)?;
    let change = Change {
        workspace_id,
        actor_id: user.id,
        kind: "joined",
        subject_user_id: Some(user.id),
        subject_email: "",
        role: Some(role),
    };
    // The Owners hear of it.
    let owners: Vec<(String,)> = sqlx::query_as(
        "select u.email from workspace_members m join users u on u.id = m.user_id \
         where m.workspace_id = $1 and m.role = 'owner' and m.user_id <> $2",
    )
    .bind(workspace_id)
    .bind(user.id)
    .fetch_all(&mut *tx)
    .await
    .map_err(&context)?;
    let mut told: Vec<mail::Mail> = Vec::new();
    for (owner,) in &owners {
        let language = super::users::language_of_email(&mut tx, owner)
            .await
            .map_err(&context)?
            .unwrap_or_default();
        let url = &state.settings.public_url;
        told.push(mail::member_joined(
            language,
            owner,
            &workspace,
            &user.email,
            role,
            url,
        ));
    }
    commit_change(state, tx, change, &told, now)
        .await
        .map_err(&context)?;
    tracing::info!(workspace_id, "invitation accepted");
    Ok(())
}

/// `owner` makes member `user_id` an Owner or a Member.
#[tracing::instrument(skip_all, fields(user_id = owner.id, member_id = user_id))]
pub async fn change_role(
    state: &AppState,
    owner: &CurrentUser,
    user_id: i64,
    raw_role: &str,
) -> Result<(), AppError> {
    let role = MemberRole::parse(raw_role).map_err(|m| AppError::field("role", m))?;
    let context = AppError::context("Failed to change a member's role");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let me = locked_owner(&mut tx, owner.id).await?;
    let current = role_in(&mut tx, me.workspace_id, user_id)
        .await
        .map_err(&context)?
        .ok_or_else(|| AppError::Conflict(crate::i18n::texts().team().stale_team.into()))?;
    if current == role {
        return Ok(());
    }
    if current == MemberRole::Owner
        && owner_count(&mut tx, me.workspace_id)
            .await
            .map_err(&context)?
            <= 1
    {
        return Err(AppError::Conflict(
            crate::i18n::texts().team().last_owner.into(),
        ));
    }
    sqlx::query("update workspace_members set role = $1 where workspace_id = $2 and user_id = $3")
        .bind(role.as_str())
        .bind(me.workspace_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(&context)?;
    let change = Change {
        workspace_id: me.workspace_id,
        actor_id: owner.id,
        kind: "role_changed",
        subject_user_id: Some(user_id),
        subject_email: "",
        role: Some(role),
    };
    let email = super::users::email_of(&mut tx, user_id)
        .await
        .map_err(&context)?;
    let url = &state.settings.public_url;
    let language = super::users::language_of(&mut tx, user_id)
        .await
        .map_err(&context)?;
    let changed = mail::member_role_changed(language, &email, &me.name, &owner.email, role, url);
    commit_change(state, tx, change, &[changed], now)
        .await
        .map_err(&context)?;
    Ok(())
}

/// `owner` removes member `user_id`; their access ends with their next request.
#[tracing::instrument(skip_all, fields(user_id = owner.id, member_id = user_id))]
pub async fn remove(state: &AppState, owner: &CurrentUser, user_id: i64) -> Result<(), AppError> {
    if user_id == owner.id {
        return Err(AppError::Conflict(
            crate::i18n::texts().team().leave_yourself.into(),
        ));
    }
    let context = AppError::context("Failed to remove a member");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let me = locked_owner(&mut tx, owner.id).await?;
    role_in(&mut tx, me.workspace_id, user_id)
        .await
        .map_err(&context)?
        .ok_or_else(|| AppError::Conflict(crate::i18n::texts().team().stale_team.into()))?;
    sqlx::query("delete from workspace_members where workspace_id = $1 and user_id = $2")
        .bind(me.workspace_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(&context)?;
    let change = Change {
        workspace_id: me.workspace_id,
        actor_id: owner.id,
        kind: "removed",
        subject_user_id: Some(user_id),
        subject_email: "",
        role: None,
    };
    let email = super::users::email_of(&mut tx, user_id)
        .await
        .map_err(&context)?;
    let language = super::users::language_of(&mut tx, user_id)
        .await
        .map_err(&context)?;
    let removed = mail::member_removed(language, &email, &me.name, &owner.email);
    commit_change(state, tx, change, &[removed], now)
        .await
        .map_err(&context)?;
    tracing::info!(workspace_id = me.workspace_id, "member removed");
    Ok(())
}

/// `user` leaves their workspace (not its last Owner).
#[tracing::instrument(skip_all, fields(user_id = user.id))]
pub async fn leave(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    let context = AppError::context("Failed to leave a workspace");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let me = locked_membership(&mut tx, user.id).await?;
    if me.role == MemberRole::Owner
        && owner_count(&mut tx, me.workspace_id)
            .await
            .map_err(&context)?
            <= 1
    {
        return Err(AppError::Conflict(
            crate::i18n::texts().team().only_owner_cannot_leave.into(),
        ));
    }
    sqlx::query("delete from workspace_members where workspace_id = $1 and user_id = $2")
        .bind(me.workspace_id)
        .bind(user.id)
        .execute(&mut *tx)
        .await
        .map_err(&context)?;
    let change = Change {
        workspace_id: me.workspace_id,
        actor_id: user.id,
        kind: "left",
        subject_user_id: Some(user.id),
        subject_email: "",
        role: None,
    };
    let language = super::users::language_of(&mut tx, user.id)
        .await
        .map_err(&context)?;
    let left = mail::member_left(language, &user.email, &me.name);
    commit_change(state, tx, change, &[left], now)
        .await
        .map_err(&context)?;
    tracing::info!(workspace_id = me.workspace_id, "member left");
    Ok(())
}

/// The name of the workspace `user_id` is the only Owner of while others
/// are in it: such an account must hand ownership on before it is deleted.
pub async fn sole_owner_of_a_team(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let Some(me) = membership(conn, user_id).await? else {
        return Ok(None);
    };
    let (members,): (i64,) =
        sqlx::query_as("select count(*) from workspace_members where workspace_id = $1")
            .bind(me.workspace_id)
            .fetch_one(&mut *conn)
            .await?;
    let alone_in_charge = me.role == MemberRole::Owner
        && members > 1
        && owner_count(conn, me.workspace_id).await? == 1;
    Ok(alone_in_charge.then_some(me.name))
}

/// The last removal of `user_id` from a workspace, told on their next visit
/// (once they belong to no workspace).
pub async fn last_removal(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<Removal>, sqlx::Error> {
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "select w.name, a.email, e.created_at from workspace_events e \
         join workspaces w on w.id = e.workspace_id join users a on a.id = e.actor_id \
         where e.subject_user_id = $1 and e.kind = 'removed' order by e.id desc limit 1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(workspace, by, at)| Removal {
        workspace,
        by: shown_email(&by),
        at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_reads_as_a_sentence() {
        let owner = Some(MemberRole::Owner);
        assert_eq!(
            change_text("invited", "a@x.com", "b@x.com", None),
            "a@x.com invited b@x.com as a Member."
        );
        assert_eq!(
            change_text("role_changed", "a@x.com", "b@x.com", owner),
            "a@x.com made b@x.com an Owner."
        );
        assert_eq!(
            change_text("left", "b@x.com", "b@x.com", None),
            "b@x.com left the workspace."
        );
        assert_eq!(
            shown_email("deleted-4@deleted.invalid"),
            "a deleted account"
        );
    }

    #[test]
    fn only_the_hash_of_a_token_is_kept() {
        let token = random_hex(32);
        assert_eq!(token.len(), 64, "256 bits");
        assert_ne!(token_hash(&token), token);
        assert_eq!(token_hash(&format!(" {token} ")), token_hash(&token));
    }
}
