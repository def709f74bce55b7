//! The operator's command line: `server` serves; `server create-reviewer
//! --email EMAIL --password-stdin` creates or resets a reviewer account;
//! `server queue list` and `server queue retry ID` look after mail and jobs
//! that failed for good; `server publish-terms` publishes new Terms of
//! Service; `server reviewers list|disable|enable` manages the review team.

use app::backend::queue::{self, Queue};
use app::backend::review::team;
use app::backend::{passwords, users, Db};
use app::domain::date::date_time;
use app::domain::{Email, Password};
use std::io::Read;

pub const USAGE: &str = "\
Usage:
  server                                              serve the app
  server create-reviewer --email EMAIL --password-stdin
                                                      create a reviewer (or reset their password);
                                                      the password is read from standard input
  server reviewers list                               list the reviewers: active or disabled, what they hold
  server reviewers disable EMAIL                      disable a reviewer: their sessions end, they cannot
                                                      log in, the applications they held are unassigned
  server reviewers enable EMAIL                       let a disabled reviewer log in again
  server queue list                                   list dead mail and jobs (failed for good)
  server queue retry ID                               queue a dead entry again (ID as listed, e.g. mail-12)
  server publish-terms --version VERSION --file PATH [--title TITLE]
                                                      publish new Terms of Service (text as on /terms:
                                                      paragraphs, `## ` headings); every merchant is
                                                      emailed and asked to accept them at next login
  server publish-terms --version VERSION --language zh-CN --file PATH [--title TITLE]
                                                      publish the translation of a published version
                                                      (shown to readers of that language; the English
                                                      text prevails; nobody is asked to accept again)
  server measure-hash                                 time one password hash on this machine (for scripts/bench)

Settings come from environment variables (DATABASE_URL, MAIL_DIR, SMTP_URL, PUBLIC_URL,
SUPPORT_EMAIL, COOKIE_SECURE, RUST_LOG, LEPTOS_SITE_ADDR, LEPTOS_SITE_ROOT); see README.md.";

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    CreateReviewer {
        email: String,
    },
    ReviewersList,
    ReviewersDisable {
        email: String,
    },
    ReviewersEnable {
        email: String,
    },
    QueueList,
    QueueRetry {
        queue: Queue,
        id: i64,
    },
    PublishTerms {
        version: String,
        file: String,
        title: String,
    },
    PublishTermsTranslation {
        version: String,
        language: app::i18n::Locale,
        file: String,
        title: String,
    },
    MeasureHash,
    Help,
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        None => Ok(Command::Serve),
        Some("-h" | "--help" | "help") => Ok(Command::Help),
        Some("create-reviewer") => {
            let mut email = None;
            let mut password_stdin = false;
            let mut rest = args[1..].iter();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--email" => {
                        email = Some(rest.next().ok_or("--email needs a value")?.clone());
                    }
                    a if a.starts_with("--email=") => {
                        email = Some(a["--email=".len()..].to_owned())
                    }
                    "--password-stdin" => password_stdin = true,
                    other => return Err(format!("unknown argument {other:?}")),
                }
            }
            let email = email.ok_or("create-reviewer needs --email EMAIL")?;
            if !password_stdin {
                return Err(
                    "create-reviewer needs --password-stdin (passwords are never taken as arguments)"
                        .into(),
                );
            }
            Ok(Command::CreateReviewer { email })
        }
        Some("reviewers") => match (args.get(1).map(String::as_str), args.get(2), args.len()) {
            (Some("list"), None, 2) => Ok(Command::ReviewersList),
            (Some("disable"), Some(email), 3) => Ok(Command::ReviewersDisable {
                email: email.clone(),
            }),
            (Some("enable"), Some(email), 3) => Ok(Command::ReviewersEnable {
                email: email.clone(),
            }),
            _ => Err("reviewers needs `list`, `disable EMAIL` or `enable EMAIL`".into()),
        },
        Some("queue") => match (args.get(1).map(String::as_str), args.get(2), args.len()) {
            (Some("list"), None, 2) => Ok(Command::QueueList),
            (Some("retry"), Some(id), 3) => {
                let (queue, id) = queue::parse_entry_id(id)?;
                Ok(Command::QueueRetry { queue, id })
            }
            _ => Err("queue needs `list` or `retry ID`".into()),
        },
        Some("publish-terms") => {
            let mut version = None;
            let mut file = None;
            let mut title = None;
            let mut language = None;
            let mut rest = args[1..].iter();
            while let Some(arg) = rest.next() {
                let slot = match arg.as_str() {
                    "--version" => &mut version,
                    "--file" => &mut file,
                    "--title" => &mut title,
                    "--language" => &mut language,
                    other => return Err(format!("unknown argument {other:?}")),
                };
                *slot = Some(rest.next().ok_or(format!("{arg} needs a value"))?.clone());
            }
            let version = version.ok_or("publish-terms needs --version VERSION")?;
            let file = file.ok_or("publish-terms needs --file PATH")?;
            match language.as_deref().map(app::i18n::Locale::parse) {
                None | Some(Some(app::i18n::Locale::En)) => Ok(Command::PublishTerms {
                    version,
                    file,
                    title: title.unwrap_or_else(|| "Terms of Service".into()),
                }),
                Some(Some(language)) => Ok(Command::PublishTermsTranslation {
                    version,
                    language,
                    file,
                    title: title
                        .unwrap_or_else(|| language.texts().account().terms_title.to_owned()),
                }),
                Some(None) => Err(format!(
                    "--language must be one of: {}",
                    app::i18n::Locale::ALL.map(|l| l.tag()).join(", ")
                )),
            }
        }
        Some("measure-hash") if args.len() == 1 => Ok(Command::MeasureHash),
        Some(other) => Err(format!("unknown command {other:?}")),
    }
}

/// The median time of one password hash (the production parameters, on a
/// hashing pool thread), in milliseconds: the baseline for the login
/// throughput benchmark.
pub async fn measure_hash() -> Result<String, String> {
    let ms = app::backend::passwords::measure_hash().await?;
    Ok(format!("{ms:.2}"))
}

/// The dead entries as a table, or a line saying there are none.
pub async fn queue_list(db: &Db) -> Result<String, String> {
    let dead = queue::dead(db)
        .await
        .map_err(|e| format!("failed to read the queues: {e}"))?;
    if dead.is_empty() {
        return Ok(
            "No dead mail or jobs: everything was delivered or is still being retried.".into(),
        );
    }
    let mut out = format!(
        "{:<12} {:<40} {:>8}  last error\n",
        "ID", "what", "attempts"
    );
    for entry in dead {
        let id = entry.entry_id();
        let error: String = entry.last_error.chars().take(100).collect();
        out.push_str(&format!(
            "{id:<12} {:<40} {:>8}  {error}\n",
            entry.what, entry.attempts
        ));
    }
    Ok(out.trim_end().to_owned())
}

/// Puts a dead entry back in its queue, due now.
pub async fn queue_retry(db: &Db, queue: Queue, id: i64) -> Result<String, String> {
    let name = format!("{}-{id}", queue.prefix());
    let now = app::backend::now();
    match queue::retry(db, queue, id, now).await {
        Ok(true) => Ok(format!(
            "Queued {name} again; a running server delivers it within a second."
        )),
        Ok(false) => Err(format!(
            "{name} is not a dead entry (see `server queue list`)."
        )),
        Err(e) => Err(format!("failed to retry {name}: {e}")),
    }
}

/// `server reviewers list`: one line per reviewer.
pub async fn reviewers_list(db: &Db) -> Result<String, String> {
    let reviewers = team::list(db)
        .await
        .map_err(|e| format!("failed to read the reviewers: {e}"))?;
    if reviewers.is_empty() {
        return Ok("No reviewers yet: add one with `server create-reviewer`.".into());
    }
    let mut out = String::new();
    for r in reviewers {
        let status = match r.disabled_at {
            Some(at) => format!("disabled since {}", date_time(at)),
            None => "active".into(),
        };
        let last_seen = r.last_seen.map(date_time).unwrap_or_else(|| "never".into());
        out.push_str(&format!(
            "{}  {status}\n  holding {} in review, {} decided; last seen {last_seen}; added {}\n",
            r.email,
            r.holding,
            r.decided,
            date_time(r.created_at)
        ));
    }
    Ok(out.trim_end().to_owned())
}

/// `server reviewers disable EMAIL` and `enable EMAIL`.
pub async fn reviewers_set_disabled(db: &Db, email: &str, disable: bool) -> Result<String, String> {
    let email = Email::parse(email).map_err(|e| format!("email refused: {e}"))?;
    let now = app::backend::now();
    let change = if disable {
        team::disable(db, &email, now).await
    } else {
        team::enable(db, &email, now).await
    }
    .map_err(|e| format!("failed to change reviewer {email}: {e}"))?;
    match change {
        team::Change::Disabled { sessions, released } => Ok(format!(
            "Disabled reviewer {email}: {sessions} session(s) ended, {released} application(s) \
             they held are back in the queue unassigned. They cannot log in until \
             `server reviewers enable {email}`."
        )),
        team::Change::Enabled => Ok(format!(
            "Enabled reviewer {email}: they can log in again with their password."
        )),
        team::Change::Unchanged if disable => Ok(format!("Reviewer {email} is already disabled.")),
        team::Change::Unchanged => Ok(format!("Reviewer {email} is already active.")),
        team::Change::NoSuchReviewer => Err(format!(
            "no reviewer has the email {email} (see `server reviewers list`)."
        )),
    }
}

/// Publishes the terms in `file` as `version`.
pub async fn publish_terms(
    db: &Db,
    version: String,
    file: &str,
    title: String,
    public_url: &str,
) -> Result<String, String> {
    let body = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file:?}: {e}"))?;
    let terms = app::backend::terms::NewTerms {
        version,
        title,
        body,
    };
    let told = app::backend::terms::publish(db, &terms, public_url, app::backend::now()).await?;
    Ok(format!(
        "Published Terms of Service version {}. {told} merchant(s) will be emailed (by a running \
         server) and asked to accept them at their next login.",
        terms.version
    ))
}

/// Publishes the translation in `file` of the published `version`.
pub async fn publish_terms_translation(
    db: &Db,
    version: String,
    language: app::i18n::Locale,
    file: &str,
    title: String,
) -> Result<String, String> {
    let body = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file:?}: {e}"))?;
    app::backend::terms::publish_translation(
        db,
        &version,
        language,
        &title,
        &body,
        app::backend::now(),
    )
    .await?;
    Ok(format!(
        "Published the {} translation of Terms of Service version {version}. Readers of that \
         language see it on /terms; the English text prevails.",
        language.tag()
    ))
}

/// Reads the password from standard input: one line, without its line ending.
pub fn read_password(input: impl Read) -> Result<Password, String> {
    let mut raw = String::new();
    input
        .take(64 * 1024)
        .read_to_string(&mut raw)
        .map_err(|_| "the password on standard input is not valid UTF-8".to_string())?;
    let line = raw.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err("no password on standard input".into());
    }
    Password::parse(line).map_err(|e| format!("password refused: {e}"))
}

/// Creates the reviewer, or resets the password of an existing account.
pub async fn create_reviewer(db: &Db, email: &str, password: Password) -> Result<String, String> {
    let email = Email::parse(email).map_err(|e| format!("email refused: {e}"))?;
    let hash = passwords::hash(password)
        .await
        .map_err(|e| format!("failed to hash the password: {e}"))?;
    let outcome = users::upsert_reviewer(db, &email, &hash)
        .await
        .map_err(|e| format!("failed to store the reviewer: {e}"))?;
    Ok(match outcome {
        users::Upserted::Created => format!("Created reviewer {email}."),
        users::Upserted::PasswordReset => {
            format!("Reset the password of reviewer {email}; their sessions have ended.")
        }
        users::Upserted::IsMerchant => {
            return Err(format!(
                "{email} belongs to a merchant account, which cannot become a reviewer. \
                 Use another email address for the reviewer."
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn publish_terms_takes_a_version_a_file_and_an_optional_title() {
        assert_eq!(
            parse(&args(&[
                "publish-terms",
                "--version",
                "2027-01-15",
                "--file",
                "t.md"
            ])),
            Ok(Command::PublishTerms {
                version: "2027-01-15".into(),
                file: "t.md".into(),
                title: "Terms of Service".into(),
            })
        );
        assert_eq!(
            parse(&args(&[
                "publish-terms",
                "--title",
                "Platform Terms",
                "--file",
                "t.md",
                "--version",
                "v2"
            ])),
            Ok(Command::PublishTerms {
                version: "v2".into(),
                file: "t.md".into(),
                title: "Platform Terms".into(),
            })
        );
        assert_eq!(
            parse(&args(&[
                "publish-terms",
                "--version",
                "v2",
                "--language",
                "zh-CN",
                "--file",
                "t.md"
            ])),
            Ok(Command::PublishTermsTranslation {
                version: "v2".into(),
                language: app::i18n::Locale::ZhCn,
                file: "t.md".into(),
                title: "服务条款".into(),
            })
        );
        assert!(parse(&args(&[
            "publish-terms",
            "--version",
            "v2",
            "--language",
            "fr",
            "--file",
            "t.md"
        ]))
        .is_err());
        assert!(parse(&args(&["publish-terms", "--file", "t.md"])).is_err());
        assert!(parse(&args(&["publish-terms", "--version"])).is_err());
        assert!(parse(&args(&[
            "publish-terms",
            "--version",
            "v",
            "--file",
            "t",
            "x"
        ]))
        .is_err());
    }

    #[test]
    fn the_documented_forms_parse() {
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(
            parse(&args(&[
                "create-reviewer",
                "--email",
                "r@example.com",
                "--password-stdin"
            ])),
            Ok(Command::CreateReviewer {
                email: "r@example.com".into()
            })
        );
        assert_eq!(
            parse(&args(&[
                "create-reviewer",
                "--password-stdin",
                "--email=r@example.com"
            ])),
            Ok(Command::CreateReviewer {
                email: "r@example.com".into()
            })
        );
    }

    #[test]
    fn reviewers_commands_take_one_email() {
        assert_eq!(
            parse(&args(&["reviewers", "list"])),
            Ok(Command::ReviewersList)
        );
        assert_eq!(
            parse(&args(&["reviewers", "disable", "a@example.com"])),
            Ok(Command::ReviewersDisable {
                email: "a@example.com".into()
            })
        );
        assert_eq!(
            parse(&args(&["reviewers", "enable", "a@example.com"])),
            Ok(Command::ReviewersEnable {
                email: "a@example.com".into()
            })
        );
        for wrong in [
            &["reviewers"][..],
            &["reviewers", "disable"],
            &["reviewers", "list", "x"],
            &["reviewers", "remove", "a@example.com"],
        ] {
            assert!(parse(&args(wrong)).is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn queue_commands_parse_entry_ids() {
        assert_eq!(parse(&args(&["queue", "list"])), Ok(Command::QueueList));
        assert_eq!(
            parse(&args(&["queue", "retry", "mail-12"])),
            Ok(Command::QueueRetry {
                queue: Queue::Mail,
                id: 12
            })
        );
        assert_eq!(
            parse(&args(&["queue", "retry", "job-3"])),
            Ok(Command::QueueRetry {
                queue: Queue::Jobs,
                id: 3
            })
        );
    }

    #[test]
    fn mistakes_get_a_specific_message() {
        assert!(parse(&args(&["create-reviewer", "--password-stdin"]))
            .unwrap_err()
            .contains("--email"));
        assert!(parse(&args(&["create-reviewer", "--email", "a@b.co"]))
            .unwrap_err()
            .contains("--password-stdin"));
        assert!(parse(&args(&["create-reviewer", "--email"]))
            .unwrap_err()
            .contains("value"));
        assert!(parse(&args(&["queue", "retry", "nope"]))
            .unwrap_err()
            .contains("mail-12"));
        assert!(parse(&args(&["queue"])).unwrap_err().contains("list"));
        assert!(parse(&args(&["frobnicate"]))
            .unwrap_err()
            .contains("frobnicate"));
    }

    #[test]
    fn the_password_is_the_first_line_of_standard_input() {
        assert_eq!(
            read_password(&b"long enough pass\n"[..]).unwrap().expose(),
            "long enough pass"
        );
        assert!(read_password(&b""[..]).unwrap_err().contains("no password"));
        assert!(read_password(&b"\n"[..])
            .unwrap_err()
            .contains("no password"));
        assert!(read_password(&b"short\n"[..])
            .unwrap_err()
            .contains("at least 8"));
        assert!(read_password(&[0xff, 0xfe, b'\n'][..])
            .unwrap_err()
            .contains("UTF-8"));
    }
}
