use crate::helpers::{Backend, TestDb};
use crate::on_both_backends;
use app::backend::queue::{self, Queue};
use app::backend::{mail, state::Clock, Db};
use server::mail::transport::{file_transport, FileTransport, SendFuture, Transport};
use server::mail::worker::{Mailer, Outcome};
use server::worker::QueueWorker;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

async fn fresh_db(backend: Backend) -> Option<(TestDb, Db)> {
    let test_db = TestDb::new(backend).await?;
    let db = Db::connect(&test_db.url).await.unwrap();
    db.migrate().await.unwrap();
    Some((test_db, db))
}

async fn enqueue_mail(db: &Db, n: usize, now: i64) {
    for i in 0..n {
        let mut tx = db.begin_write().await.unwrap();
        let message = mail::verification_code(
            app::i18n::Locale::En,
            &format!("user{i}@example.com"),
            &format!("{i:06}"),
        );
        mail::enqueue(&mut tx, &message, now).await.unwrap();
        tx.commit().await.unwrap();
    }
}

fn mailer(db: &Db, transport: Arc<dyn Transport>, clock: &Clock) -> Mailer {
    Mailer {
        db: db.clone(),
        transport,
        from: "Mini Program Platform <no-reply@localhost>"
            .parse()
            .unwrap(),
        host: "localhost".into(),
        clock: clock.clone(),
    }
}

fn eml_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| std::fs::read_to_string(e.path()).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

/// Fails the first `failures` sends, then delivers to files.
struct FlakyTransport {
    failures: usize,
    calls: AtomicUsize,
    inner: FileTransport,
}

impl Transport for FlakyTransport {
    fn send(&self, message: lettre::Message) -> SendFuture<'_> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        if call < self.failures {
            Box::pin(async { Err("connection refused".to_string().into()) })
        } else {
            self.inner.send(message)
        }
    }
}

async fn a_message_in_flight_when_the_worker_died_is_sent_after_restart(backend: Backend) {
    let Some((_keep, db)) = fresh_db(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::stopped();
    enqueue_mail(&db, 5, clock.now()).await;

    // A worker claims a message and dies before sending it (as with kill -9).
    let lost = queue::claim(&db, Queue::Mail, clock.now()).await.unwrap();
    assert!(lost.is_some());

    // A restarted worker delivers the rest now, and the orphan once its lease runs out.
    let worker = mailer(
        &db,
        Arc::new(file_transport(dir.path().into()).unwrap()),
        &clock,
    );
    assert_eq!(worker.run_all_due().await.unwrap(), 4);
    clock.advance(Queue::Mail.lease_secs() + 1);
    assert_eq!(worker.run_all_due().await.unwrap(), 1);

    let files = eml_files(dir.path());
    assert_eq!(files.len(), 5);
    for i in 0..5 {
        assert!(
            files
                .iter()
                .any(|f| f.contains(&format!("To: user{i}@example.com"))),
            "user{i}"
        );
    }
    let (sent,): (i64,) = sqlx::query_as("select count(*) from outbox where status = 'sent'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(sent, 5);
}
on_both_backends!(
    a_message_in_flight_when_the_worker_died_is_sent_after_restart,
    a_message_in_flight_when_the_worker_died_is_sent_after_restart
);

async fn a_failing_transport_is_retried_with_backoff_until_it_recovers(backend: Backend) {
    let Some((_keep, db)) = fresh_db(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::stopped();
    enqueue_mail(&db, 1, clock.now()).await;
    let transport = Arc::new(FlakyTransport {
        failures: 3,
        calls: AtomicUsize::new(0),
        inner: file_transport(dir.path().into()).unwrap(),
    });
    let worker = mailer(&db, transport, &clock);

    assert_eq!(worker.run_one().await.unwrap(), Outcome::Retrying);
    assert_eq!(
        worker.run_one().await.unwrap(),
        Outcome::Idle,
        "not due before the backoff"
    );
    for backoff in [5, 10] {
        clock.advance(backoff);
        assert_eq!(worker.run_one().await.unwrap(), Outcome::Retrying);
    }
    clock.advance(19);
    assert_eq!(
        worker.run_one().await.unwrap(),
        Outcome::Idle,
        "the third wait is 20 s"
    );
    clock.advance(1);
    assert_eq!(worker.run_one().await.unwrap(), Outcome::Done);
    assert_eq!(eml_files(dir.path()).len(), 1);
}
on_both_backends!(
    a_failing_transport_is_retried_with_backoff_until_it_recovers,
    a_failing_transport_is_retried_with_backoff_until_it_recovers
);

async fn a_message_that_keeps_failing_is_marked_dead(backend: Backend) {
    let Some((_keep, db)) = fresh_db(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::stopped();
    enqueue_mail(&db, 1, clock.now()).await;
    let transport = Arc::new(FlakyTransport {
        failures: usize::MAX,
        calls: AtomicUsize::new(0),
        inner: file_transport(dir.path().into()).unwrap(),
    });
    let worker = mailer(&db, transport, &clock);
    let mut outcomes = Vec::new();
    for _ in 0..Queue::Mail.max_attempts() {
        clock.advance(3600);
        outcomes.push(worker.run_one().await.unwrap());
    }
    assert_eq!(outcomes.last(), Some(&Outcome::Dead));
    clock.advance(3600);
    assert_eq!(worker.run_one().await.unwrap(), Outcome::Idle);
    let (status, error): (String, String) = sqlx::query_as("select status, last_error from outbox")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(
        (status.as_str(), error.as_str()),
        ("dead", "connection refused")
    );

    // The operator lists it, queues it again, and it goes out once the transport works.
    let (id,): (i64,) = sqlx::query_as("select id from outbox")
        .fetch_one(db.pool())
        .await
        .unwrap();
    let listed = server::cli::queue_list(&db).await.unwrap();
    for expected in [
        format!("mail-{id}"),
        "user0@example.com".into(),
        "connection refused".into(),
    ] {
        assert!(listed.contains(&expected), "{expected} in {listed}");
    }
    let not_dead = server::cli::queue_retry(&db, Queue::Mail, id + 1000).await;
    assert!(not_dead.unwrap_err().contains("not a dead entry"));
    server::cli::queue_retry(&db, Queue::Mail, id)
        .await
        .unwrap();
    let working = mailer(
        &db,
        Arc::new(file_transport(dir.path().into()).unwrap()),
        &clock,
    );
    assert_eq!(working.run_all_due().await.unwrap(), 1);
    assert_eq!(eml_files(dir.path()).len(), 1);
    assert!(server::cli::queue_list(&db)
        .await
        .unwrap()
        .starts_with("No dead mail or jobs"));
}
on_both_backends!(
    a_message_that_keeps_failing_is_marked_dead_listed_and_retried_by_the_operator,
    a_message_that_keeps_failing_is_marked_dead
);

async fn several_workers_never_send_a_message_twice(backend: Backend) {
    let Some((test_db, db)) = fresh_db(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::stopped();
    enqueue_mail(&db, 40, clock.now()).await;
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..4 {
        // Each "instance" has its own pool, as separate processes would.
        let url = test_db.url.clone();
        let (path, clock) = (dir.path().to_path_buf(), clock.clone());
        workers.spawn(async move {
            let db = Db::connect(&url).await.unwrap();
            let worker = mailer(&db, Arc::new(file_transport(path).unwrap()), &clock);
            worker.run_all_due().await.unwrap()
        });
    }
    let sent: usize = workers.join_all().await.into_iter().sum();
    assert_eq!(sent, 40);
    let files = eml_files(dir.path());
    assert_eq!(files.len(), 40, "every message exactly once");
}
on_both_backends!(
    several_workers_never_send_a_message_twice,
    several_workers_never_send_a_message_twice
);
