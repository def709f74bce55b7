//! The delivery worker: claims due messages and sends them, one at a time,
//! until told to stop. Several workers (one per instance) may run at once.

use super::transport::{self, Transport};
use app::backend::queue::{self, Queue};
use app::backend::{state::Clock, Db};
use lettre::message::Mailbox;
use std::sync::Arc;
use tokio::sync::{watch, Notify};

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

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Idle,
    Sent,
    Retrying,
    Dead,
}

impl Mailer {
    /// Claims and delivers one message.
    pub async fn deliver_one(&self) -> Result<Outcome, sqlx::Error> {
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
            Err(e) => Err(e),
        };
        let now = self.clock.now();
        match result {
            Ok(()) => {
                queue::settle_done(&self.db, Queue::Mail, mail.id, now).await?;
                tracing::info!(mail_id = mail.id, "mail sent");
                Ok(Outcome::Sent)
            }
            Err(error) => {
                if queue::settle_failed(&self.db, Queue::Mail, entry, &error, now).await? {
                    tracing::error!(mail_id = mail.id, attempts = entry.attempts, %error, "mail undeliverable; gave up");
                    Ok(Outcome::Dead)
                } else {
                    tracing::warn!(mail_id = mail.id, attempts = entry.attempts, %error, "mail delivery failed; will retry");
                    Ok(Outcome::Retrying)
                }
            }
        }
    }

    /// Delivers everything due now (tests use this instead of sleeping).
    pub async fn deliver_all_due(&self) -> Result<usize, sqlx::Error> {
        let mut sent = 0;
        loop {
            match self.deliver_one().await? {
                Outcome::Idle => return Ok(sent),
                Outcome::Sent => sent += 1,
                Outcome::Retrying | Outcome::Dead => {}
            }
        }
    }

    /// Runs until `stop` turns true; wakes early when `queued` is notified.
    pub async fn run(self, queued: Arc<Notify>, stop: watch::Receiver<bool>) {
        let this = &self;
        crate::poll_loop::run_until_stopped("mail", queued, stop, move || async move {
            this.deliver_one()
                .await
                .map(|outcome| outcome != Outcome::Idle)
        })
        .await
    }
}
