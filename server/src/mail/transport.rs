//! Where mail goes: `.eml` files under MAIL_DIR by default, SMTP when
//! SMTP_URL is set.

use super::worker::QueuedMail;
use app::backend::queue::Failure;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Failure>> + Send + 'a>>;

/// Delivers one built message. Behind a trait so tests can make it fail.
pub trait Transport: Send + Sync {
    fn send(&self, message: Message) -> SendFuture<'_>;
}

/// `.eml` files in a folder.
pub type FileTransport = AsyncFileTransport<Tokio1Executor>;
/// An SMTP server, with a connection pool.
pub type SmtpTransport = AsyncSmtpTransport<Tokio1Executor>;

/// Writes `.eml` files into `dir`, creating it when missing.
pub fn file_transport(dir: PathBuf) -> Result<FileTransport, String> {
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("failed to create MAIL_DIR {}: {e}", dir.display()))?;
    Ok(AsyncFileTransport::new(dir))
}

/// `smtp://host:25`, `smtp://user:pass@host:587?tls=required`, `smtps://…:465`.
pub fn smtp_transport(url: &str) -> Result<SmtpTransport, String> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map(|builder| builder.build())
        .map_err(|e| format!("SMTP_URL is not usable: {e}"))
}

impl Transport for FileTransport {
    fn send(&self, message: Message) -> SendFuture<'_> {
        Box::pin(async move {
            AsyncTransport::send(self, message)
                .await
                .map(|_| ())
                .map_err(|e| Failure::from(e.to_string()))
        })
    }
}

impl Transport for SmtpTransport {
    fn send(&self, message: Message) -> SendFuture<'_> {
        Box::pin(async move {
            AsyncTransport::send(self, message)
                .await
                .map(|_| ())
                .map_err(|e| Failure {
                    // A 5xx answer (no such mailbox, say) will not change on a retry.
                    permanent: e.is_permanent(),
                    error: e.to_string(),
                })
        })
    }
}

/// Builds an RFC 5322 message with text and HTML parts. The Message-ID
/// names the outbox row, so a re-sent duplicate is recognisable.
pub fn build(mail: &QueuedMail, from: &Mailbox, host: &str) -> Result<Message, String> {
    let to: Mailbox = mail
        .recipient
        .parse()
        .map_err(|e| format!("invalid recipient: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.replace(['\r', '\n'], " "))
        .message_id(Some(format!("<outbox-{}@{}>", mail.id, host)))
        .date_now()
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| format!("failed to build the message: {e}"))
}
