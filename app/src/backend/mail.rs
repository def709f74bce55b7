//! The messages the portal sends, and how they enter the outbox: in the
//! caller's transaction, so a message exists exactly when its event does.

use super::AppState;
use sqlx::AnyConnection;

/// A message ready to queue. Bodies are built from escaped values only.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Queues `mail` inside the caller's transaction.
pub async fn enqueue(conn: &mut AnyConnection, mail: &Mail, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into outbox (recipient, subject, text_body, html_body, next_attempt_at, created_at) \
         values ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Tells this instance's worker to look now (others find it on their next poll).
pub fn wake_worker(state: &AppState) {
    state.mail_queued.notify_one();
}

pub fn escape_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Wraps paragraphs in the shared HTML layout.
fn html(paragraphs: &[String]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><body style=\"font-family: system-ui, sans-serif; \
         color: #1b2330; line-height: 1.5\">\n<p style=\"font-weight: 700\">Mini Program Platform</p>\n\
         {body}</body></html>\n"
    )
}

pub fn verification_code(to: &str, code: &str) -> Mail {
    Mail {
        to: to.to_owned(),
        subject: format!("Your Mini Program Platform verification code: {code}"),
        text: format!(
            "Your verification code is {code}\n\n\
             Enter it on the signup page to confirm your email address. It expires in 10 minutes.\n\n\
             If you did not try to create an account, you can ignore this message.\n"
        ),
        html: html(&[
            "Your verification code is".into(),
            format!("<strong style=\"font-size: 1.5em; letter-spacing: 0.2em\">{code}</strong>"),
            "Enter it on the signup page to confirm your email address. It expires in 10 minutes.".into(),
            "If you did not try to create an account, you can ignore this message.".into(),
        ]),
    }
}

/// The step-up code, sent only after the right password while the account
/// is under attack.
pub fn login_code(to: &str, code: &str) -> Mail {
    let why = "We have seen many failed attempts to log in to your account from other places, \
               so logging in now also needs this code. It expires in 10 minutes.";
    let not_you = "If you did not just try to log in, someone else knows your password: \
                   do not share this code with anyone.";
    Mail {
        to: to.to_owned(),
        subject: format!("Your Mini Program Platform sign-in code: {code}"),
        text: format!("Your sign-in code is {code}\n\n{why}\n\n{not_you}\n"),
        html: html(&[
            "Your sign-in code is".into(),
            format!("<strong style=\"font-size: 1.5em; letter-spacing: 0.2em\">{code}</strong>"),
            why.into(),
            not_you.into(),
        ]),
    }
}

/// Sent instead of a code when the address already has an account, so the
/// signup page itself never reveals that.
pub fn account_exists(to: &str, public_url: &str) -> Mail {
    let login = format!("{public_url}/login");
    Mail {
        to: to.to_owned(),
        subject: "You already have a Mini Program Platform account".into(),
        text: format!(
            "Someone, probably you, asked for a signup code for this address, but it already has an account.\n\n\
             Log in at {login}\n\nIf this was not you, you can ignore this message.\n"
        ),
        html: html(&[
            "Someone, probably you, asked for a signup code for this address, but it already has an account.".into(),
            format!("<a href=\"{}\">Log in to Mini Program Platform</a>", escape_html(&login)),
            "If this was not you, you can ignore this message.".into(),
        ]),
    }
}

/// The code that proves a new address for an existing account.
pub fn email_change_code(to: &str, code: &str) -> Mail {
    let why =
        "Enter it on your account page to make this your Mini Program Platform email address. \
               It expires in 10 minutes.";
    let not_you = "If you did not ask for this, ignore this message: nothing changes.";
    Mail {
        to: to.to_owned(),
        subject: format!("Your Mini Program Platform email change code: {code}"),
        text: format!("Your code is {code}\n\n{why}\n\n{not_you}\n"),
        html: html(&[
            "Your code is".into(),
            format!("<strong style=\"font-size: 1.5em; letter-spacing: 0.2em\">{code}</strong>"),
            why.into(),
            not_you.into(),
        ]),
    }
}

/// Sent to the old address once the account moved to a new one.
pub fn email_changed(to: &str, new_email: &str, public_url: &str) -> Mail {
    let reset = format!("{public_url}/reset");
    let what = format!(
        "The email address of your Mini Program Platform account was changed to {new_email}. \
         From now on, log in with the new address."
    );
    let not_you = "If you did not change it, someone else may be using your account: \
                   reset your password at";
    Mail {
        to: to.to_owned(),
        subject: "Your Mini Program Platform email address was changed".into(),
        text: format!("{what}\n\n{not_you} {reset}\n"),
        html: html(&[
            escape_html(&what),
            format!("{not_you} <a href=\"{0}\">{0}</a>.", escape_html(&reset)),
        ]),
    }
}

/// The forgot-password link.
pub fn password_reset(to: &str, link: &str) -> Mail {
    let valid =
        "The link works once, for 30 minutes. Asking again sends a new link and voids this one.";
    let not_you = "If you did not ask to reset your password, ignore this message: your password stays as it is.";
    Mail {
        to: to.to_owned(),
        subject: "Reset your Mini Program Platform password".into(),
        text: format!(
            "Someone, probably you, asked to reset the password of your Mini Program Platform account.\n\n\
             Choose a new password here: {link}\n\n{valid}\n\n{not_you}\n"
        ),
        html: html(&[
            "Someone, probably you, asked to reset the password of your Mini Program Platform account.".into(),
            format!("<a href=\"{}\">Choose a new password</a>", escape_html(link)),
            valid.into(),
            not_you.into(),
        ]),
    }
}

/// Sent after a password was changed, to the account's address.
pub fn password_changed(to: &str, public_url: &str) -> Mail {
    let reset = format!("{public_url}/reset");
    let what = "The password of your Mini Program Platform account was just changed, \
                and every device that was logged in has been logged out.";
    let not_you = "If you did not change it, someone else may have access to your email: \
                   secure your email account, then choose a new password at";
    Mail {
        to: to.to_owned(),
        subject: "Your Mini Program Platform password was changed".into(),
        text: format!("{what}\n\n{not_you} {reset}\n"),
        html: html(&[
            what.into(),
            format!("{not_you} <a href=\"{0}\">{0}</a>.", escape_html(&reset)),
        ]),
    }
}

/// Sent to every merchant when new Terms of Service are published.
pub fn terms_changed(to: &str, version: &str, public_url: &str) -> Mail {
    let terms = format!("{public_url}/terms");
    let account = format!("{public_url}/account");
    let what = format!(
        "We have published a new version ({version}) of the Mini Program Platform Terms of Service. \
         You can read it at"
    );
    let next = "The next time you log in we will ask you to accept it before you continue with \
                your application or workspace.";
    let choice = "If you do not want to accept it, you can still download your data or delete \
                  your account on your account page:";
    Mail {
        to: to.to_owned(),
        subject: "Our Terms of Service have changed".into(),
        text: format!("{what} {terms}\n\n{next}\n\n{choice} {account}\n"),
        html: html(&[
            format!(
                "{} <a href=\"{1}\">{1}</a>.",
                escape_html(&what),
                escape_html(&terms)
            ),
            next.into(),
            format!("{choice} <a href=\"{0}\">{0}</a>.", escape_html(&account)),
        ]),
    }
}

/// `due`: when a decision is due, on the merchant's clock.
pub fn application_received(to: &str, company: &str, due: &str, public_url: &str) -> Mail {
    let status = format!("{public_url}/apply");
    Mail {
        to: to.to_owned(),
        subject: "We received your workspace application".into(),
        text: format!(
            "Thank you. We received the workspace application for {company}.\n\n\
             A reviewer will decide by {due}. We will email you the result, and you can follow \
             the review at {status}\n"
        ),
        html: html(&[
            format!(
                "Thank you. We received the workspace application for <strong>{}</strong>.",
                escape_html(company)
            ),
            format!(
                "A reviewer will decide by {}. We will email you the result.",
                escape_html(due)
            ),
            format!(
                "<a href=\"{}\">Follow your application</a>",
                escape_html(&status)
            ),
        ]),
    }
}

pub fn application_approved(to: &str, company: &str, public_url: &str) -> Mail {
    let workspace = format!("{public_url}/workspace");
    Mail {
        to: to.to_owned(),
        subject: "Your workspace application was approved".into(),
        text: format!(
            "Good news: the workspace application for {company} was approved.\n\n\
             Enter your workspace: {workspace}\n"
        ),
        html: html(&[
            format!(
                "Good news: the workspace application for <strong>{}</strong> was approved.",
                escape_html(company)
            ),
            format!(
                "<a href=\"{}\">Enter Workspace</a>",
                escape_html(&workspace)
            ),
        ]),
    }
}

/// The fields a reviewer tagged, as a line of the text part (empty when
/// none) and a paragraph of the HTML part.
fn field_list(label: &str, fields: &[&str]) -> (String, Option<String>) {
    if fields.is_empty() {
        return (String::new(), None);
    }
    let escaped: Vec<String> = fields.iter().map(|f| escape_html(f)).collect();
    (
        format!("\n{label}: {}\n", fields.join(", ")),
        Some(format!("{label}: {}", escaped.join(", "))),
    )
}

/// The reviewer asked for changes: the application is back with the
/// merchant as a draft holding every answer.
pub fn changes_requested(
    to: &str,
    company: &str,
    request: &str,
    fields: &[&str],
    public_url: &str,
) -> Mail {
    let apply = format!("{public_url}/apply");
    let (fields_text, fields_html) = field_list("Fields to change", fields);
    let mut paragraphs = vec![
        format!(
            "The reviewer of the workspace application for <strong>{}</strong> asked for a few \
             changes. Your application is back with you, every answer kept: change what is \
             asked and submit it again. It goes back to the same reviewer.",
            escape_html(company)
        ),
        format!(
            "What the reviewer asked:<br>{}",
            escape_html(request).replace('\n', "<br>")
        ),
    ];
    paragraphs.extend(fields_html);
    paragraphs.push(format!(
        "<a href=\"{}\">Open your application</a>",
        escape_html(&apply)
    ));
    Mail {
        to: to.to_owned(),
        subject: "Your workspace application needs changes".into(),
        text: format!(
            "The reviewer of the workspace application for {company} asked for a few changes. \
             Your application is back with you, every answer kept: change what is asked and \
             submit it again. It goes back to the same reviewer.\n\n\
             What the reviewer asked:\n{request}\n{fields_text}\n\
             Open your application: {apply}\n"
        ),
        html: html(&paragraphs),
    }
}

pub fn application_rejected(
    to: &str,
    company: &str,
    reason: &str,
    fields: &[&str],
    public_url: &str,
) -> Mail {
    let apply = format!("{public_url}/apply");
    let (fields_text, fields_html) = field_list("Fields to check", fields);
    let mut paragraphs = vec![
        format!(
            "The workspace application for <strong>{}</strong> was rejected. You can fix what the \
             reviewer points out and apply again.",
            escape_html(company)
        ),
        format!(
            "Reason from the reviewer:<br>{}",
            escape_html(reason).replace('\n', "<br>")
        ),
    ];
    paragraphs.extend(fields_html);
    paragraphs.push(format!(
        "<a href=\"{}\">Start a new application</a> with your previous answers filled in.",
        escape_html(&apply)
    ));
    Mail {
        to: to.to_owned(),
        subject: "Your workspace application was rejected".into(),
        text: format!(
            "The workspace application for {company} was rejected. You can fix what the reviewer \
             points out and apply again.\n\n\
             Reason from the reviewer:\n{reason}\n{fields_text}\n\
             Start a new application, with your previous answers filled in: {apply}\n"
        ),
        html: html(&paragraphs),
    }
}

/// An invitation to a workspace, with its single-use link.
pub fn workspace_invitation(
    to: &str,
    workspace: &str,
    inviter: &str,
    role: &str,
    link: &str,
) -> Mail {
    Mail {
        to: to.to_owned(),
        subject: format!("{inviter} invited you to the workspace {workspace}"),
        text: format!(
            "{inviter} invited you to join the workspace {workspace} on the Mini Program Platform \
             as {role}.\n\nAccept the invitation: {link}\n\n\
             If you have no account yet, the link lets you create one with this address first. \
             The link works for 7 days and only once. If you did not expect this invitation, \
             ignore this message.\n"
        ),
        html: html(&[
            format!(
                "{} invited you to join the workspace <strong>{}</strong> on the Mini Program \
                 Platform as {}.",
                escape_html(inviter),
                escape_html(workspace),
                escape_html(role)
            ),
            format!(
                "<a href=\"{}\">Accept the Invitation</a>",
                escape_html(link)
            ),
            "If you have no account yet, the link lets you create one with this address first. \
             The link works for 7 days and only once. If you did not expect this invitation, \
             ignore this message."
                .into(),
        ]),
    }
}

/// To the workspace's Owners: someone accepted an invitation.
pub fn member_joined(
    to: &str,
    workspace: &str,
    member: &str,
    role: &str,
    public_url: &str,
) -> Mail {
    let members = format!("{public_url}/workspace/members");
    Mail {
        to: to.to_owned(),
        subject: format!("{member} joined {workspace}"),
        text: format!(
            "{member} accepted your invitation and joined the workspace {workspace} as {role}.\n\n\
             See your team: {members}\n"
        ),
        html: html(&[
            format!(
                "{} accepted your invitation and joined the workspace <strong>{}</strong> as {}.",
                escape_html(member),
                escape_html(workspace),
                escape_html(role)
            ),
            format!("<a href=\"{}\">See Your Team</a>", escape_html(&members)),
        ]),
    }
}

pub fn member_role_changed(
    to: &str,
    workspace: &str,
    by: &str,
    role: &str,
    public_url: &str,
) -> Mail {
    let home = format!("{public_url}/workspace");
    Mail {
        to: to.to_owned(),
        subject: format!("Your role in {workspace} is now {role}"),
        text: format!(
            "{by} changed your role in the workspace {workspace}: you are now {role}.\n\n\
             Open your workspace: {home}\n"
        ),
        html: html(&[
            format!(
                "{} changed your role in the workspace <strong>{}</strong>: you are now {}.",
                escape_html(by),
                escape_html(workspace),
                escape_html(role)
            ),
            format!("<a href=\"{}\">Open Your Workspace</a>", escape_html(&home)),
        ]),
    }
}

pub fn member_removed(to: &str, workspace: &str, by: &str) -> Mail {
    Mail {
        to: to.to_owned(),
        subject: format!("You were removed from {workspace}"),
        text: format!(
            "{by} removed you from the workspace {workspace}. You can no longer open it.\n\n\
             Your account stays as it was. If you think this is a mistake, ask {by}.\n"
        ),
        html: html(&[
            format!(
                "{} removed you from the workspace <strong>{}</strong>. You can no longer open it.",
                escape_html(by),
                escape_html(workspace)
            ),
            format!(
                "Your account stays as it was. If you think this is a mistake, ask {}.",
                escape_html(by)
            ),
        ]),
    }
}

pub fn member_left(to: &str, workspace: &str) -> Mail {
    Mail {
        to: to.to_owned(),
        subject: format!("You left {workspace}"),
        text: format!(
            "You left the workspace {workspace}. Its Owners can invite you again at any time.\n"
        ),
        html: html(&[format!(
            "You left the workspace <strong>{}</strong>. Its Owners can invite you again at any time.",
            escape_html(workspace)
        )]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_mails_escape_what_people_typed_in_their_html_part() {
        let mails = [
            workspace_invitation(
                "a@x.com",
                "<b>Co</b>",
                "o@x.com",
                "Member",
                "https://p/invitations/ab",
            ),
            member_joined("o@x.com", "<b>Co</b>", "a@x.com", "Member", "https://p"),
            member_role_changed("a@x.com", "<b>Co</b>", "o@x.com", "Owner", "https://p"),
            member_removed("a@x.com", "<b>Co</b>", "o@x.com"),
            member_left("a@x.com", "<b>Co</b>"),
        ];
        for mail in mails {
            assert!(!mail.html.contains("<b>Co</b>"), "{}", mail.html);
            assert!(mail.html.contains("&lt;b&gt;Co&lt;/b&gt;"));
            assert!(mail.text.contains("<b>Co</b>"), "the text part is plain");
            assert!(!mail.subject.is_empty() && !mail.text.is_empty());
        }
        let invitation = workspace_invitation(
            "a@x.com",
            "Co",
            "o@x.com",
            "Member",
            "https://p/invitations/ab",
        );
        assert!(invitation.text.contains("https://p/invitations/ab"));
        assert!(invitation
            .html
            .contains("href=\"https://p/invitations/ab\""));
    }
}
