//! The messages the portal sends, and how they enter the outbox: in the
//! caller's transaction, so a message exists exactly when its event does.

use super::AppState;
use crate::domain::{DetailField, MemberRole};
use crate::i18n::Locale;
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

/// One paragraph of a message, rendered once as plain text and once as HTML
/// (where everything from outside is escaped).
enum Part {
    Text(String),
    /// "Your code is" and the code, large in the HTML part.
    Code(&'static str, String),
    /// A labelled link: "Label: URL" in the text part.
    Link(&'static str, String),
    /// A heading line and what a person typed, line breaks kept.
    Quote(&'static str, String),
}

use Part::*;

/// A message to `to` in `locale`, its text and HTML parts from the same
/// paragraphs.
fn message(locale: Locale, to: &str, subject: String, parts: &[Part]) -> Mail {
    let text: Vec<String> = parts
        .iter()
        .map(|part| match part {
            Text(text) => text.clone(),
            Code(intro, code) => format!("{intro} {code}"),
            Link(label, url) => format!("{label}: {url}"),
            Quote(heading, quoted) => format!("{heading}\n{quoted}"),
        })
        .collect();
    let html: String = parts
        .iter()
        .map(|part| match part {
            Text(text) => format!("<p>{}</p>\n", escape_html(text)),
            Code(intro, code) => format!(
                "<p>{}</p>\n<p><strong style=\"font-size: 1.5em; letter-spacing: 0.2em\">{}</strong></p>\n",
                escape_html(intro),
                escape_html(code)
            ),
            Link(label, url) => format!(
                "<p><a href=\"{}\">{}</a></p>\n",
                escape_html(url),
                escape_html(label)
            ),
            Quote(heading, quoted) => format!(
                "<p>{}<br>{}</p>\n",
                escape_html(heading),
                escape_html(quoted).replace('\n', "<br>")
            ),
        })
        .collect();
    Mail {
        to: to.to_owned(),
        subject,
        text: format!("{}\n", text.join("\n\n")),
        html: format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><body style=\"font-family: system-ui, sans-serif; \
             color: #1b2330; line-height: 1.5\">\n<p style=\"font-weight: 700\">{}</p>\n\
             {html}</body></html>\n",
            locale.tag(),
            locale.texts().common().product_name
        ),
    }
}

/// "Fields to change: Website, Contact Number", when the reviewer tagged any.
fn field_list(
    locale: Locale,
    sentence: fn(&str) -> String,
    fields: &[DetailField],
) -> Option<Part> {
    let names: Vec<&str> = fields.iter().map(|f| f.label_in(locale)).collect();
    (!names.is_empty()).then(|| {
        Text(sentence(
            &names.join(locale.texts().common().list_separator),
        ))
    })
}

pub fn verification_code(locale: Locale, to: &str, code: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        (t.verification_subject)(code),
        &[
            Code(t.verification_code_is, code.into()),
            Text(t.verification_code_use.into()),
            Text(t.if_not_you_signup.into()),
        ],
    )
}

/// The step-up code, sent only after the right password while the account
/// is under attack.
pub fn login_code(locale: Locale, to: &str, code: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        (t.sign_in_subject)(code),
        &[
            Code(t.sign_in_code_is, code.into()),
            Text(t.sign_in_code_why.into()),
            Text(t.sign_in_code_not_you.into()),
        ],
    )
}

/// Sent instead of a code when the address already has an account, so the
/// signup page itself never reveals that.
pub fn account_exists(locale: Locale, to: &str, public_url: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        t.account_exists_subject.into(),
        &[
            Text(t.account_exists_text.into()),
            Link(t.log_in_link, format!("{public_url}/login")),
            Text(t.if_not_you_ignore.into()),
        ],
    )
}

/// The code that proves a new address for an existing account.
pub fn email_change_code(locale: Locale, to: &str, code: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        (t.email_change_subject)(code),
        &[
            Code(t.code_is, code.into()),
            Text(t.email_change_use.into()),
            Text(t.email_change_not_you.into()),
        ],
    )
}

/// Sent to the old address once the account moved to a new one.
pub fn email_changed(locale: Locale, to: &str, new_email: &str, public_url: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        t.email_changed_subject.into(),
        &[
            Text((t.email_changed_text)(new_email)),
            Link(t.email_changed_not_you, format!("{public_url}/reset")),
        ],
    )
}

/// The forgot-password link.
pub fn password_reset(locale: Locale, to: &str, link: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        t.reset_subject.into(),
        &[
            Text(t.reset_text.into()),
            Link(t.choose_new_password, link.into()),
            Text(t.reset_valid.into()),
            Text(t.reset_not_you.into()),
        ],
    )
}

/// Sent after a password was changed, to the account's address.
pub fn password_changed(locale: Locale, to: &str, public_url: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        t.password_changed_subject.into(),
        &[
            Text(t.password_changed_text.into()),
            Link(t.password_changed_not_you, format!("{public_url}/reset")),
        ],
    )
}

/// Sent to every merchant when new Terms of Service are published.
pub fn terms_changed(locale: Locale, to: &str, version: &str, public_url: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        t.terms_subject.into(),
        &[
            Text((t.terms_published)(version)),
            Link(t.read_terms, format!("{public_url}/terms")),
            Text(t.terms_next.into()),
            Link(t.terms_choice, format!("{public_url}/account")),
        ],
    )
}

/// `due`: when a decision is due, on the merchant's clock.
pub fn application_received(
    locale: Locale,
    to: &str,
    company: &str,
    due: &str,
    public_url: &str,
) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        t.received_subject.into(),
        &[
            Text((t.received_text)(company)),
            Text((t.received_due)(due)),
            Link(t.follow_application, format!("{public_url}/apply")),
        ],
    )
}

pub fn application_approved(locale: Locale, to: &str, company: &str, public_url: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        t.approved_subject.into(),
        &[
            Text((t.approved_text)(company)),
            Link(t.enter_workspace, format!("{public_url}/workspace")),
        ],
    )
}

/// The reviewer asked for changes: the application is back with the
/// merchant as a draft holding every answer.
pub fn changes_requested(
    locale: Locale,
    to: &str,
    company: &str,
    request: &str,
    fields: &[DetailField],
    public_url: &str,
) -> Mail {
    let t = locale.texts().mail();
    let mut parts = vec![
        Text((t.changes_text)(company)),
        Quote(t.what_reviewer_asked, request.into()),
    ];
    parts.extend(field_list(locale, t.fields_to_change, fields));
    parts.push(Link(t.open_application, format!("{public_url}/apply")));
    message(locale, to, t.changes_subject.into(), &parts)
}

pub fn application_rejected(
    locale: Locale,
    to: &str,
    company: &str,
    reason: &str,
    fields: &[DetailField],
    public_url: &str,
) -> Mail {
    let t = locale.texts().mail();
    let mut parts = vec![
        Text((t.rejected_text)(company)),
        Quote(t.reason_from_reviewer, reason.into()),
    ];
    parts.extend(field_list(locale, t.fields_to_check, fields));
    parts.push(Link(t.start_new_application, format!("{public_url}/apply")));
    message(locale, to, t.rejected_subject.into(), &parts)
}

/// An invitation to a workspace, with its single-use link.
pub fn workspace_invitation(
    locale: Locale,
    to: &str,
    workspace: &str,
    inviter: &str,
    role: MemberRole,
    link: &str,
) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        (t.invitation_subject)(inviter, workspace),
        &[
            Text((t.invitation_text)(
                inviter,
                workspace,
                role.label_in(locale),
            )),
            Link(t.accept_invitation, link.into()),
            Text(t.invitation_fine_print.into()),
        ],
    )
}

/// To the workspace's Owners: someone accepted an invitation.
pub fn member_joined(
    locale: Locale,
    to: &str,
    workspace: &str,
    member: &str,
    role: MemberRole,
    public_url: &str,
) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        (t.joined_subject)(member, workspace),
        &[
            Text((t.joined_text)(member, workspace, role.label_in(locale))),
            Link(t.see_your_team, format!("{public_url}/workspace/members")),
        ],
    )
}

pub fn member_role_changed(
    locale: Locale,
    to: &str,
    workspace: &str,
    by: &str,
    role: MemberRole,
    public_url: &str,
) -> Mail {
    let t = locale.texts().mail();
    let role = role.label_in(locale);
    message(
        locale,
        to,
        (t.role_subject)(workspace, role),
        &[
            Text((t.role_text)(by, workspace, role)),
            Link(t.open_workspace, format!("{public_url}/workspace")),
        ],
    )
}

pub fn member_removed(locale: Locale, to: &str, workspace: &str, by: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        (t.removed_subject)(workspace),
        &[
            Text((t.removed_text)(by, workspace)),
            Text((t.removed_mistake)(by)),
        ],
    )
}

pub fn member_left(locale: Locale, to: &str, workspace: &str) -> Mail {
    let t = locale.texts().mail();
    message(
        locale,
        to,
        (t.left_subject)(workspace),
        &[Text((t.left_text)(workspace))],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_mails_escape_what_people_typed_in_their_html_part() {
        let en = Locale::En;
        let mails = [
            workspace_invitation(
                en,
                "a@x.com",
                "<b>Co</b>",
                "o@x.com",
                MemberRole::Member,
                "https://p/invitations/ab",
            ),
            member_joined(
                en,
                "o@x.com",
                "<b>Co</b>",
                "a@x.com",
                MemberRole::Member,
                "https://p",
            ),
            member_role_changed(
                en,
                "a@x.com",
                "<b>Co</b>",
                "o@x.com",
                MemberRole::Owner,
                "https://p",
            ),
            member_removed(en, "a@x.com", "<b>Co</b>", "o@x.com"),
            member_left(en, "a@x.com", "<b>Co</b>"),
        ];
        for mail in mails {
            assert!(!mail.html.contains("<b>Co</b>"), "{}", mail.html);
            assert!(mail.html.contains("&lt;b&gt;Co&lt;/b&gt;"));
            assert!(mail.text.contains("<b>Co</b>"), "the text part is plain");
            assert!(!mail.subject.is_empty() && !mail.text.is_empty());
        }
        let invitation = workspace_invitation(
            en,
            "a@x.com",
            "Co",
            "o@x.com",
            MemberRole::Member,
            "https://p/invitations/ab",
        );
        assert!(invitation.text.contains("https://p/invitations/ab"));
        assert!(invitation
            .html
            .contains("href=\"https://p/invitations/ab\""));
    }

    #[test]
    fn a_mail_is_written_in_its_recipients_language() {
        let fields = [DetailField::Website, DetailField::ContactNumber];
        let zh = application_rejected(
            Locale::ZhCn,
            "m@x.com",
            "Acme",
            "网站无法打开。",
            &fields,
            "https://p",
        );
        assert_eq!(zh.subject, "您的工作空间申请已被驳回");
        assert!(
            zh.text.contains("Acme 的工作空间申请已被驳回"),
            "{}",
            zh.text
        );
        assert!(
            zh.text.contains("需要检查的字段：网站、联系电话"),
            "{}",
            zh.text
        );
        assert!(zh.html.contains("<html lang=\"zh-CN\">"));
        assert!(zh.html.contains("小程序平台"));
        let en = application_rejected(
            Locale::En,
            "m@x.com",
            "Acme",
            "No site.",
            &fields,
            "https://p",
        );
        assert_eq!(en.subject, "Your workspace application was rejected");
        assert!(en.text.contains("Fields to check: Website, Contact Number"));
        let code = verification_code(Locale::ZhCn, "m@x.com", "123456");
        assert_eq!(code.subject, "小程序平台验证码：123456");
        assert!(code.text.starts_with("您的验证码是 123456"));
    }
}
