//! The reliability table of QUALITY.md proven on the real `server` binary:
//! kill -9 and restart, SIGTERM with work in flight, a database that goes
//! away, two instances on one database. Figures are printed, never timed
//! assertions (generous limits only catch a hang).

use crate::helpers::{png, spawn_app_on, Backend, TestApp, TestDb};
use crate::on_both_backends;
use crate::process::{eventually, DbLink, ServerProcess, SmtpSink};
use app::backend::Db;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

async fn count(db: &Db, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(db.pool()).await.unwrap();
    n
}

/// Queues `n` mails straight into the outbox.
async fn queue_mails(db: &Db, n: usize, prefix: &str) {
    let mut conn = db.pool().acquire().await.unwrap();
    for i in 0..n {
        let mail = app::backend::mail::verification_code(
            app::i18n::Locale::En,
            &format!("{prefix}-{i}@example.com"),
            &format!("{:06}", i),
        );
        app::backend::mail::enqueue(&mut conn, &mail, app::backend::now())
            .await
            .unwrap();
    }
}

async fn outbox_ids(db: &Db) -> BTreeSet<String> {
    let ids: Vec<(i64,)> = sqlx::query_as("select id from outbox")
        .fetch_all(db.pool())
        .await
        .unwrap();
    ids.into_iter()
        .map(|(id,)| format!("outbox-{id}@"))
        .collect()
}

/// Every Message-ID received names an outbox entry, and every entry arrived.
fn assert_each_arrived(queued: &BTreeSet<String>, received: &[String]) {
    let received: BTreeSet<String> = received
        .iter()
        .map(|id| {
            let id = id.trim_matches(['<', '>']);
            format!("{}@", id.split('@').next().unwrap())
        })
        .collect();
    assert_eq!(&received, queued, "every queued mail arrives, no other");
}

/// A site helper (sign-up codes, reviewer accounts) that talks to `server`.
async fn site_for(db: &TestDb, server_base: &str) -> TestApp {
    let mut site = spawn_app_on(db.alias(), &[]).await;
    site.address = server_base.to_owned();
    site
}

// R4: kill -9 during mail delivery, then restart.
async fn a_kill_during_mail_delivery_loses_no_mail(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let sink = SmtpSink::start().await;
    sink.acknowledge_after(Duration::from_millis(150));
    let mail = tempfile::tempdir().unwrap();
    let mut server =
        ServerProcess::start(&db.url, mail.path(), &[("SMTP_URL", sink.url.as_str())]).await;
    let pool = Db::connect(&db.url).await.unwrap();
    queue_mails(&pool, 40, "r4").await;

    eventually(Duration::from_secs(60), "some mail delivered", || async {
        sink.message_ids().len() >= 10
    })
    .await;
    server.kill();
    let at_kill = sink.message_ids().len();
    server.restart(&[]).await;
    // A message in flight at the kill waits for its lease (60 s) to run out.
    let started = Instant::now();
    eventually(Duration::from_secs(150), "every mail sent", || async {
        count(&pool, "select count(*) from outbox where status <> 'sent'").await == 0
    })
    .await;
    let received = sink.message_ids();
    assert_each_arrived(&outbox_ids(&pool).await, &received);
    let unique: BTreeSet<&String> = received.iter().collect();
    let twice = received.len() - unique.len();
    assert!(
        twice <= 1,
        "one worker has at most one message in flight; {twice} arrived twice"
    );
    println!(
        "R4 ({backend:?}): 40 queued; killed with {at_kill} received; all 40 arrived {:.1} s after the restart, {twice} of them twice (in flight at the kill, same Message-ID)",
        started.elapsed().as_secs_f64()
    );
}
on_both_backends!(
    a_kill_during_mail_delivery_loses_no_mail,
    a_kill_during_mail_delivery_loses_no_mail
);

// R5: the mail transport failing for a while.
async fn a_failing_mail_transport_is_retried_with_back_off(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let sink = SmtpSink::start().await;
    sink.refuse(true);
    let mail = tempfile::tempdir().unwrap();
    let server =
        ServerProcess::start(&db.url, mail.path(), &[("SMTP_URL", sink.url.as_str())]).await;
    let pool = Db::connect(&db.url).await.unwrap();
    queue_mails(&pool, 5, "r5").await;

    eventually(Duration::from_secs(30), "each mail tried twice", || async {
        count(
            &pool,
            "select count(*) from outbox where attempts >= 2 and status = 'pending' and last_error is not null",
        )
        .await
            == 5
    })
    .await;
    let (first, second): (i64, i64) = sqlx::query_as(
        "select min(next_attempt_at - created_at), max(next_attempt_at - created_at) from outbox",
    )
    .fetch_one(pool.pool())
    .await
    .unwrap();
    assert!(
        first >= 15,
        "the second retry waits longer (5 s, then 10 s): {first}..{second}"
    );
    assert!(sink.message_ids().is_empty());

    sink.refuse(false);
    let recovered = Instant::now();
    eventually(
        Duration::from_secs(60),
        "every mail sent after recovery",
        || async { count(&pool, "select count(*) from outbox where status = 'sent'").await == 5 },
    )
    .await;
    let received = sink.message_ids();
    assert_eq!(received.len(), 5, "each delivered once");
    assert_each_arrived(&outbox_ids(&pool).await, &received);
    // What the SMTP transport sends: a proper message, text and HTML.
    let message = &sink.messages()[0];
    for header in [
        "From: \"Mini Program Platform\" <no-reply@localhost>",
        "To: r5-",
        "Subject: ",
        "Date: ",
    ] {
        assert!(message.contains(header), "{header:?} in:\n{message}");
    }
    for part in ["multipart/alternative", "text/plain", "text/html"] {
        assert!(message.contains(part), "{part:?} in:\n{message}");
    }

    // A mailbox the server refuses for good (550) is not retried: it is
    // dead at once, and the queue's command line lists it.
    let mut conn = pool.pool().acquire().await.unwrap();
    let bounce = app::backend::mail::verification_code(
        app::i18n::Locale::En,
        "bounce@example.com",
        "123456",
    );
    app::backend::mail::enqueue(&mut conn, &bounce, app::backend::now())
        .await
        .unwrap();
    drop(conn);
    let waited = Instant::now();
    while count(&pool, "select count(*) from outbox where status = 'dead'").await != 1 {
        if waited.elapsed() > Duration::from_secs(30) {
            let rows: Vec<(String, String, i64, Option<String>)> = sqlx::query_as(
                "select recipient, status, attempts, last_error from outbox where recipient like 'bounce%'",
            )
            .fetch_all(pool.pool())
            .await
            .unwrap();
            panic!("the bounce is not dead: {rows:?}\n{}", server.logs());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        count(&pool, "select attempts from outbox where status = 'dead'").await,
        1,
        "tried once"
    );
    let listed = std::process::Command::new(crate::process::server_binary())
        .args(["queue", "list"])
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("bounce@example.com") && listed.contains("No such mailbox"),
        "{listed}"
    );
    println!(
        "R5 ({backend:?}): 5 mails refused twice each (451), retried {first}..{second} s after queueing; all delivered {:.1} s after the transport recovered; a 550 recipient dead after 1 attempt and listed by `server queue list`",
        recovered.elapsed().as_secs_f64()
    );
}
on_both_backends!(
    a_failing_mail_transport_is_retried_with_back_off,
    a_failing_mail_transport_is_retried_with_back_off
);

// R6: a crash between approval and provisioning.
async fn a_crash_between_approval_and_provisioning_leaves_one_workspace(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let mail = tempfile::tempdir().unwrap();
    // Without workers, the approval's provisioning job waits in the queue.
    let mut server =
        ServerProcess::start(&db.url, mail.path(), &[("BACKGROUND_WORKERS", "off")]).await;
    let site = site_for(&db, &server.base).await;
    let id = site.submitted("r6@example.com", "Crash Test Ltd").await;
    let reviewer = site.reviewer_client("r6-reviewer@example.com").await;
    let id_text = id.to_string();
    let claimed = site
        .as_reviewer(
            &reviewer,
            "assign_to_me",
            &[("id", &id_text), ("take_over", "false")],
        )
        .await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    let approved = site
        .as_reviewer(&reviewer, "approve", &[("id", &id_text)])
        .await;
    assert_eq!(approved.status, 200, "{:?}", approved.body);
    let pool = Db::connect(&db.url).await.unwrap();
    assert_eq!(count(&pool, "select count(*) from workspaces").await, 0);
    assert_eq!(
        count(&pool, "select count(*) from jobs where status = 'pending'").await,
        1
    );

    server.kill();
    server.restart(&[("BACKGROUND_WORKERS", "on")]).await;
    eventually(
        Duration::from_secs(30),
        "the workspace provisioned",
        || async { count(&pool, "select count(*) from jobs where status = 'done'").await == 1 },
    )
    .await;
    // And once more: a second crash and restart changes nothing.
    server.kill();
    server.restart(&[]).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(count(&pool, "select count(*) from workspaces").await, 1);
    let status = site.json_with(&site.client, "/api/my_workspace").await;
    assert!(status.to_string().contains("Crash Test Ltd"), "{status}");
    println!("R6 ({backend:?}): approved, killed before provisioning, restarted twice: 1 workspace, its job run once");
}
on_both_backends!(
    a_crash_between_approval_and_provisioning_leaves_one_workspace,
    a_crash_between_approval_and_provisioning_leaves_one_workspace
);

/// A raw HTTP request sent in two halves, so it is in flight when a test
/// acts; answers the stream to finish it on.
async fn half_sent(base: &str, head: &str, body: &[u8]) -> (tokio::net::TcpStream, Vec<u8>) {
    use tokio::io::AsyncWriteExt;
    let host = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!(
        "{head}\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let (first, rest) = body.split_at(body.len() / 2);
    stream.write_all(first).await.unwrap();
    (stream, rest.to_vec())
}

async fn finish(mut stream: tokio::net::TcpStream, rest: Vec<u8>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.write_all(&rest).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

// R7: SIGTERM with requests and an upload in flight.
async fn sigterm_lets_work_in_flight_finish_and_refuses_new_work(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let mail = tempfile::tempdir().unwrap();
    let mut server =
        ServerProcess::start(&db.url, mail.path(), &[("BACKGROUND_WORKERS", "off")]).await;
    let site = site_for(&db, &server.base).await;
    site.merchant_with_draft("r7@example.com").await;
    let login = site
        .call_with(
            &reqwest::Client::new(),
            "login",
            &[
                ("input[email]".into(), "r7@example.com".into()),
                ("input[password]".into(), crate::helpers::PASSWORD.into()),
            ],
        )
        .await;
    let cookie = login
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("a session cookie");

    let boundary = "r7boundary";
    let mut upload = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    upload.extend(png(900, 450));
    upload.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    let (upload_stream, upload_rest) = half_sent(
        &server.base,
        &format!("POST /api/upload_logo HTTP/1.1\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary={boundary}"),
        &upload,
    )
    .await;
    let form = b"input[version]=1&input[step]=details&input[role_selected]=true&input[details][company_name]=Still+Saved+Ltd";
    let (save_stream, save_rest) = half_sent(
        &server.base,
        &format!("POST /api/save_draft HTTP/1.1\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded"),
        form,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let stopped = Instant::now();
    server.signal("TERM");
    let host = server.base.trim_start_matches("http://").to_owned();
    eventually(
        Duration::from_secs(10),
        "new connections refused",
        || async { tokio::net::TcpStream::connect(&host).await.is_err() },
    )
    .await;
    let refused_after = stopped.elapsed();
    let uploaded = finish(upload_stream, upload_rest).await;
    let saved = finish(save_stream, save_rest).await;
    assert!(uploaded.starts_with("HTTP/1.1 200"), "{uploaded}");
    assert!(saved.starts_with("HTTP/1.1 200"), "{saved}");
    let status = server
        .exit_within(Duration::from_secs(30))
        .await
        .expect("exit within 30 s of SIGTERM");
    assert!(status.success(), "a graceful exit, got {status}");

    let pool = Db::connect(&db.url).await.unwrap();
    let (company,): (String,) = sqlx::query_as("select company_name from applications")
        .fetch_one(pool.pool())
        .await
        .unwrap();
    assert_eq!(company, "Still Saved Ltd");
    assert_eq!(
        count(&pool, "select count(*) from logos").await,
        1,
        "the upload was stored"
    );
    println!(
        "R7 ({backend:?}): new connections refused {} ms after SIGTERM; the upload and the autosave in flight both answered 200; exit after {} ms",
        refused_after.as_millis(),
        stopped.elapsed().as_millis()
    );
}
on_both_backends!(
    sigterm_lets_work_in_flight_finish_and_refuses_new_work,
    sigterm_lets_work_in_flight_finish_and_refuses_new_work
);

fn migration_count() -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres");
    std::fs::read_dir(dir).unwrap().count()
}

// R8: migrations: a fresh start, a second start, two instances at once.
async fn migrations_apply_once_however_instances_start(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let mail = tempfile::tempdir().unwrap();
    // Two instances at once on one empty database (on SQLite, one after the other).
    let first = ServerProcess::spawn(&db.url, mail.path(), &[]);
    if backend == Backend::Sqlite {
        first.wait_ready().await;
    }
    let second = ServerProcess::spawn(&db.url, mail.path(), &[]);
    first.wait_ready().await;
    second.wait_ready().await;
    let pool = Db::connect(&db.url).await.unwrap();
    let applied = || async {
        let rows: Vec<(i64, Vec<u8>)> =
            sqlx::query_as("select version, checksum from _sqlx_migrations order by version")
                .fetch_all(pool.pool())
                .await
                .unwrap();
        rows
    };
    let before = applied().await;
    assert_eq!(before.len(), migration_count(), "each migration once");
    for server in [&first, &second] {
        let page = reqwest::get(format!("{}/signup", server.base))
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
    }
    drop((first, second));
    let third = ServerProcess::start(&db.url, mail.path(), &[]).await;
    assert_eq!(applied().await, before, "a second start changes nothing");
    drop(third);
    println!(
        "R8 ({backend:?}): {} migrations applied once with two instances starting {}; a third start changed nothing",
        before.len(),
        if backend == Backend::Sqlite { "one after the other" } else { "at once" }
    );
}
on_both_backends!(
    migrations_apply_once_however_instances_start,
    migrations_apply_once_however_instances_start
);

/// A server on PostgreSQL through a link that can be cut (no background
/// workers), with a merchant `email` logged in on `site` and a draft.
struct LinkedServer {
    link: DbLink,
    site: TestApp,
    _db: TestDb,
    _mail: tempfile::TempDir,
    _server: ServerProcess,
}

/// `None` when no PostgreSQL is configured for the tests.
async fn merchant_behind_a_link(email: &str) -> Option<LinkedServer> {
    let db = TestDb::new(Backend::Postgres).await?;
    let link = DbLink::to(&db.url).await;
    let mail = tempfile::tempdir().unwrap();
    let server =
        ServerProcess::start(&link.url, mail.path(), &[("BACKGROUND_WORKERS", "off")]).await;
    let site = site_for(&db, &server.base).await;
    site.merchant_with_draft(email).await;
    Some(LinkedServer {
        link,
        site,
        _db: db,
        _mail: mail,
        _server: server,
    })
}

// R11: the database goes away while serving, and comes back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_fails_closed_and_heals_by_itself() {
    let Some(LinkedServer {
        link,
        site,
        _db,
        _mail,
        _server,
    }) = merchant_behind_a_link("r11@example.com").await
    else {
        return;
    };
    let apply = site.get("/apply").await;
    assert_eq!(apply.status(), 200);
    assert!(apply.text().await.unwrap().contains("r11@example.com"));

    link.cut();
    let mut figures = Vec::new();
    for path in [
        "/apply",
        "/account",
        "/",
        "/api/current_user",
        "/api/my_application",
    ] {
        let started = Instant::now();
        let answer = tokio::time::timeout(Duration::from_secs(20), site.get(path))
            .await
            .unwrap_or_else(|_| panic!("{path} hangs while the database is down"));
        let took = started.elapsed();
        let status = answer.status();
        let body = answer.text().await.unwrap();
        assert_eq!(status, 503, "{path}: {body}");
        if path.starts_with("/api/") {
            // The browser shows this error's message: "… Please try again in a moment."
            assert_eq!(body, "\"Unavailable\"", "{path}");
        } else {
            assert!(
                body.contains("try again"),
                "{path} says to try again: {body}"
            );
        }
        assert!(
            !body.contains("r11@example.com"),
            "{path} is not served as logged in"
        );
        figures.push(format!("{path} {} ms", took.as_millis()));
    }
    assert_eq!(site.get("/readyz").await.status(), 503);

    link.restore();
    let back = Instant::now();
    eventually(
        Duration::from_secs(30),
        "service resumes without a restart",
        || async { site.get("/apply").await.status() == 200 },
    )
    .await;
    let page = site.get("/apply").await.text().await.unwrap();
    assert!(page.contains("r11@example.com"), "still logged in");
    println!(
        "R11: while down, 503 in {}; serving again {} ms after the database came back",
        figures.join(", "),
        back.elapsed().as_millis()
    );
}

// R11b: the database drops every connection while the server is idle (a
// restart, a failover). Pooled connections are checked before use only after
// sitting idle (not on every statement): the requests after the drop are
// served on new connections, none fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_dropped_while_idle_are_replaced_before_use() {
    let Some(LinkedServer {
        link,
        site,
        _db,
        _mail,
        _server,
    }) = merchant_behind_a_link("r11b@example.com").await
    else {
        return;
    };
    assert_eq!(site.get("/apply").await.status(), 200);

    link.cut();
    link.restore();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for round in 0..10 {
        let answer = site.get("/apply").await;
        let status = answer.status();
        let body = answer.text().await.unwrap();
        assert_eq!(status, 200, "request {round} after the drop: {body}");
        assert!(body.contains("r11b@example.com"), "still logged in");
    }
    println!("R11b: every connection dropped while idle; the next 10 requests served");
}

/// The Message-ID of every `.eml` file in `dir`.
fn message_ids_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .filter_map(|m| crate::process::message_id(&m))
                .collect()
        })
        .unwrap_or_default()
}

// R12: two instances on one PostgreSQL, as behind one address (a cookie is
// sent to both: cookies do not depend on the port).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_sessions_and_decisions_and_never_process_twice() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let mut site = spawn_app_on(db.alias(), &[]).await;
    let a = ServerProcess::start(&db.url, &site.mail_dir, &[]).await;
    let b = ServerProcess::start(&db.url, &site.mail_dir, &[]).await;
    let pool = Db::connect(&db.url).await.unwrap();

    // A session begun on A carries on on B, and ends on both at logout.
    site.address = a.base.clone();
    site.merchant_with_draft("r12@example.com").await;
    site.address = b.base.clone();
    assert_eq!(site.current_user().await["email"], "r12@example.com");
    site.logout().await;
    site.address = a.base.clone();
    assert!(site.current_user().await.is_null(), "logged out on A too");

    // A decision on A is seen on B; many approvals, split between them.
    let reviewer_a = site.reviewer_client("r12-reviewer@example.com").await;
    let mut approved = Vec::new();
    for i in 0..12 {
        let (here, there) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
        site.address = here.base.clone();
        let id = site
            .submitted(&format!("r12-{i}@example.com"), &format!("Twin {i} Ltd"))
            .await
            .to_string();
        for endpoint in ["assign_to_me", "approve"] {
            let answer = site
                .as_reviewer(
                    &reviewer_a,
                    endpoint,
                    &[("id", &id), ("take_over", "false")],
                )
                .await;
            assert_eq!(answer.status, 200, "{endpoint}: {:?}", answer.body);
        }
        site.address = there.base.clone();
        let mine = site.json_with(&site.client, "/api/my_application").await;
        assert_eq!(mine["Submitted"]["status"], "approved", "{mine}");
        approved.push(id);
    }

    // A few hundred queued mails, with both instances' workers running.
    queue_mails(&pool, 300, "r12").await;
    let started = Instant::now();
    eventually(
        Duration::from_secs(120),
        "every mail and job done",
        || async {
            count(&pool, "select count(*) from outbox where status <> 'sent'").await == 0
                && count(&pool, "select count(*) from jobs where status <> 'done'").await == 0
        },
    )
    .await;
    let took = started.elapsed();
    let received = message_ids_in(&site.mail_dir);
    let unique: BTreeSet<&String> = received.iter().collect();
    assert_eq!(unique.len(), received.len(), "no mail delivered twice");
    assert_each_arrived(&outbox_ids(&pool).await, &received);
    assert_eq!(
        count(&pool, "select count(*) from outbox where attempts <> 1").await,
        0,
        "each mail claimed once"
    );
    assert_eq!(
        count(&pool, "select count(*) from workspaces").await,
        approved.len() as i64
    );
    assert_eq!(
        count(&pool, "select count(*) from jobs where attempts <> 1").await,
        0,
        "each job run once"
    );
    println!(
        "R12: sessions and decisions shared by two instances; {} mails and {} jobs done in {:.1} s by both, none twice",
        received.len(),
        count(&pool, "select count(*) from jobs").await,
        took.as_secs_f64()
    );
}

/// Runs every future at once (each its own task); answers in order.
async fn all_at_once<F>(work: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let tasks: Vec<_> = work.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

/// The `q` quantile of `samples` (milliseconds).
fn quantile(samples: &mut [f64], q: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() - 1) as f64 * q).round() as usize]
}

// R9 and R10 on SQLite, as a load test that reports figures: 200 logins at
// once (each a password hash), then 50 autosaves at once, while `/healthz`
// is sampled. Only outcomes are asserted, never times.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_logins_and_autosaves_on_sqlite() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let mail = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(
        &db.url,
        mail.path(),
        &[
            ("TRUSTED_PROXIES", "127.0.0.1"),
            ("BACKGROUND_WORKERS", "off"),
        ],
    )
    .await;
    let pool = Db::connect(&db.url).await.unwrap();
    let hash = app::backend::passwords::hash(
        app::domain::Password::parse(crate::helpers::PASSWORD).unwrap(),
    )
    .await
    .unwrap();
    for i in 0..200 {
        sqlx::query(&format!(
            "insert into users (email, password_hash, role, created_at, updated_at, \
               tos_version, tos_accepted_at, tos_ip, tos_user_agent) \
             values ($1, $2, 'merchant', 0, 0, {}, 0, '127.0.0.1', 'load test')",
            app::backend::terms::CURRENT_VERSION_SQL
        ))
        .bind(format!("storm-{i}@example.com"))
        .bind(&hash)
        .execute(pool.pool())
        .await
        .unwrap();
    }

    // /healthz, sampled all through the storm.
    let probing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let probe = {
        let (url, probing) = (format!("{}/healthz", server.base), probing.clone());
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut samples = Vec::new();
            while probing.load(std::sync::atomic::Ordering::SeqCst) {
                let started = Instant::now();
                let status = client.get(&url).send().await.map(|r| r.status().as_u16());
                assert_eq!(status.ok(), Some(200), "/healthz answers during the storm");
                samples.push(started.elapsed().as_secs_f64() * 1000.0);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            samples
        })
    };

    let started = Instant::now();
    let logins = (0..200).map(|i| {
        let base = server.base.clone();
        async move {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap();
            let sent = Instant::now();
            let answer = client
                .post(format!("{base}/api/login"))
                // Each from its own address, as through the proxy.
                .header(
                    "x-forwarded-for",
                    format!("10.9.{}.{}", i / 250, i % 250 + 1),
                )
                .form(&[
                    ("input[email]", format!("storm-{i}@example.com")),
                    ("input[password]", crate::helpers::PASSWORD.to_owned()),
                ])
                .send()
                .await
                .unwrap();
            let status = answer.status().as_u16();
            (status, sent.elapsed().as_secs_f64() * 1000.0, client)
        }
    });
    let results = all_at_once(logins).await;
    let login_time = started.elapsed();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for (status, _, _) in &results {
        *statuses.entry(*status).or_default() += 1;
    }
    assert!(
        statuses.keys().all(|s| matches!(s, 200 | 503)),
        "every login is answered 200, or 503 when the hashing queue is full: {statuses:?}"
    );
    let mut login_ms: Vec<f64> = results.iter().map(|(_, ms, _)| *ms).collect();

    // 50 autosaves at once, by 50 of the merchants who got in.
    let clients: Vec<reqwest::Client> = results
        .into_iter()
        .filter(|(status, _, _)| *status == 200)
        .map(|(_, _, client)| client)
        .take(50)
        .collect();
    assert_eq!(clients.len(), 50, "enough logins succeeded: {statuses:?}");
    let saves = clients.iter().cloned().enumerate().map(|(i, client)| {
        let base = server.base.clone();
        async move {
            let sent = Instant::now();
            let answer = client
                .post(format!("{base}/api/save_draft"))
                .form(&[
                    ("input[version]", "0".to_owned()),
                    ("input[step]", "details".to_owned()),
                    ("input[role_selected]", "true".to_owned()),
                    ("input[details][company_name]", format!("Storm {i} Ltd")),
                ])
                .send()
                .await
                .unwrap();
            (
                answer.status().as_u16(),
                sent.elapsed().as_secs_f64() * 1000.0,
            )
        }
    });
    let saved = all_at_once(saves).await;
    assert!(
        saved.iter().all(|(status, _)| *status == 200),
        "every autosave lands: {:?}",
        saved.iter().map(|(s, _)| s).collect::<Vec<_>>()
    );
    let mut save_ms: Vec<f64> = saved.iter().map(|(_, ms)| *ms).collect();
    probing.store(false, std::sync::atomic::Ordering::SeqCst);
    let mut health_ms = probe.await.unwrap();
    assert_eq!(
        count(&pool, "select count(*) from applications").await,
        50,
        "one draft each"
    );
    let logs = server.logs();
    assert!(!logs.contains("database is locked"), "{logs}");
    println!(
        "R9 (SQLite): 200 logins at once in {:.1} s: {statuses:?}; login p50 {:.0} ms, p99 {:.0} ms; /healthz during the storm p50 {:.1} ms, p99 {:.1} ms over {} probes",
        login_time.as_secs_f64(),
        quantile(&mut login_ms, 0.5),
        quantile(&mut login_ms, 0.99),
        quantile(&mut health_ms, 0.5),
        quantile(&mut health_ms, 0.99),
        health_ms.len()
    );
    println!(
        "R10 (SQLite): 50 autosaves at once: all 200, p50 {:.0} ms, p99 {:.0} ms; \"database is locked\": 0",
        quantile(&mut save_ms, 0.5),
        quantile(&mut save_ms, 0.99)
    );
}
