//! The operator's command line: `server` serves; `server create-reviewer
//! --email EMAIL --password-stdin` creates or resets a reviewer account.

use app::backend::{passwords, users, Db};
use app::domain::{Email, Password};
use std::io::Read;

pub const USAGE: &str = "\
Usage:
  server                                              serve the app
  server create-reviewer --email EMAIL --password-stdin
                                                      create a reviewer (or reset their password);
                                                      the password is read from standard input

Settings come from environment variables (DATABASE_URL, MAIL_DIR, SMTP_URL, PUBLIC_URL,
COOKIE_SECURE, RUST_LOG, LEPTOS_SITE_ADDR, LEPTOS_SITE_ROOT); see README.md.";

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    CreateReviewer { email: String },
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
        Some(other) => Err(format!("unknown command {other:?}")),
    }
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
            format!("Reset the password of {email}; they are a reviewer.")
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
