//! The delivery worker: claims due messages and sends them, one at a time,
//! until told to stop. Several workers (one per instance) may run at once.

use super::transport::{self, Transport};
use crate::worker::QueueWorker;
pub use app::backend::queue::Outcome;
use app::backend::queue::{self, Queue};
use app::backend::{state::Clock, Db};
use lettre::message::Mailbox;
use std::sync::Arc;

/// A claimed message with what it says.
#[derive(Debug, Clone)]
pub struct QueuedMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Clone)]
pub struct Mailer {
    pub db: Db,
    pub transport: Arc<dyn Transport>,
    pub from: Mailbox,
    /// The domain in Message-IDs.
    pub host: String,
    pub clock: Clock,
}

impl QueueWorker for Mailer {
    const NAME: &'static str = "mail";

    /// Claims and delivers one message.
    async fn run_one(&self) -> Result<Outcome, sqlx::Error> {
        let Some(entry) = queue::claim(&self.db, Queue::Mail, self.clock.now()).await? else {
            return Ok(Outcome::Idle);
        };
        let (recipient, subject, text, html): (String, String, String, String) = sqlx::query_as(
            "select recipient, subject, text_body, html_body from outbox where id = $1",
        )
        .bind(entry.id)
        .fetch_one(self.db.pool())
        .await?;
        let mail = QueuedMail {
            id: entry.id,
            recipient,
            subject,
            text,
            html,
        };
        let result = match transport::build(&mail, &self.from, &self.host) {
            Ok(message) => self.transport.send(message).await,
            // No retry makes an unusable recipient usable.
            Err(e) => Err(queue::Failure::permanent(e)),
        };
        let outcome = queue::settle(&self.db, Queue::Mail, entry, result, self.clock.now()).await?;
        if outcome == Outcome::Done {
            tracing::info!(mail_id = mail.id, "mail sent");
        }
        Ok(outcome)
    }
}
