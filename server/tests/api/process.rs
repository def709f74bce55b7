//! What a process-level test needs: the real `server` binary as a child
//! process that can be killed, stopped and restarted; a link to PostgreSQL
//! that can be cut; and an SMTP server that can be slow or refuse.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The binary under test (see `ServerProcess`).
pub fn server_binary() -> String {
    std::env::var("SERVER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_server").to_owned())
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until `done` answers true, checking every 100 ms; panics with
/// `what` after `limit`.
pub async fn eventually<F, Fut>(limit: Duration, what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !done().await {
        assert!(started.elapsed() < limit, "not within {limit:?}: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The `server` binary serving one database on its own port. `SERVER_BIN`
/// names the binary to test (scripts/test: the release build); without it,
/// the one cargo built beside these tests.
pub struct ServerProcess {
    child: Option<Child>,
    pub port: u16,
    pub base: String,
    env: Vec<(String, String)>,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl ServerProcess {
    /// Starts the binary and waits until it is ready.
    pub async fn start(database_url: &str, mail_dir: &Path, env: &[(&str, &str)]) -> Self {
        let server = Self::spawn(database_url, mail_dir, env);
        server.wait_ready().await;
        server
    }

    /// Starts the binary without waiting for it.
    pub fn spawn(database_url: &str, mail_dir: &Path, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut all = vec![
            ("DATABASE_URL".to_owned(), database_url.to_owned()),
            ("MAIL_DIR".to_owned(), mail_dir.display().to_string()),
            ("LEPTOS_SITE_ADDR".to_owned(), format!("127.0.0.1:{port}")),
            ("RUST_LOG".to_owned(), "warn".to_owned()),
        ];
        all.extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let mut server = ServerProcess {
            child: None,
            port,
            base: format!("http://127.0.0.1:{port}"),
            env: all,
            log: dir.path().join("server.log"),
            _dir: dir,
        };
        server.launch();
        server
    }

    fn launch(&mut self) {
        let binary =
            std::env::var("SERVER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_server").to_owned());
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = Command::new(binary)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(self._dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start the server binary");
        self.child = Some(child);
    }

    /// Waits for `/readyz` to answer 200.
    pub async fn wait_ready(&self) {
        let client = reqwest::Client::new();
        let url = format!("{}/readyz", self.base);
        let started = Instant::now();
        loop {
            if let Ok(r) = client.get(&url).send().await {
                if r.status() == reqwest::StatusCode::OK {
                    return;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server on port {} did not become ready:\n{}",
                self.port,
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("a running server").id()
    }

    pub fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -{signal}");
    }

    /// kill -9: no clean-up of any kind.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Waits up to `limit` for the process to exit.
    pub async fn exit_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.as_mut()?.try_wait().unwrap() {
                self.child = None;
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }

    /// Starts the binary again on the same port and settings (after `kill`).
    pub async fn restart(&mut self, extra_env: &[(&str, &str)]) {
        self.kill();
        for (key, value) in extra_env {
            self.env.retain(|(k, _)| k != key);
            self.env.push((key.to_string(), value.to_string()));
        }
        self.launch();
        self.wait_ready().await;
    }

    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A TCP link to PostgreSQL that a test can cut and restore, standing for a
/// database that goes down and comes back: cut, it drops every open
/// connection and closes new ones at once.
pub struct DbLink {
    /// The database URL through the link.
    pub url: String,
    up: Arc<AtomicBool>,
    cuts: tokio::sync::watch::Sender<u64>,
}

impl DbLink {
    pub async fn to(database_url: &str) -> DbLink {
        let (scheme_user, rest) = database_url.split_once('@').expect("user@host in the URL");
        let (upstream, path) = rest.split_once('/').expect("a database name");
        let upstream = upstream.to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("{scheme_user}@{}/{path}", listener.local_addr().unwrap());
        let up = Arc::new(AtomicBool::new(true));
        let (cuts, _) = tokio::sync::watch::channel(0u64);
        let link = DbLink {
            url,
            up: up.clone(),
            cuts: cuts.clone(),
        };
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !up.load(Ordering::SeqCst) {
                    continue; // dropped: closed at once
                }
                let mut cut = cuts.subscribe();
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        link
    }

    pub fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cuts.send_modify(|n| *n += 1);
    }

    pub fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// A small SMTP server that keeps what it receives. It refuses for good any
/// recipient whose address starts with `bounce` (550), can refuse every
/// message for a while (451, a transient failure) or take its time to
/// acknowledge one (the message is kept before the acknowledgement, as a
/// real server may have it when its client dies).
#[derive(Clone)]
pub struct SmtpSink {
    pub url: String,
    state: Arc<Mutex<SinkState>>,
}

#[derive(Default)]
struct SinkState {
    messages: Vec<String>,
    refusing: bool,
    delay: Duration,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SmtpSink {
            url: format!("smtp://{}", listener.local_addr().unwrap()),
            state: Arc::default(),
        };
        let state = sink.state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve_smtp(stream, state.clone()));
            }
        });
        sink
    }

    pub fn refuse(&self, refusing: bool) {
        self.state.lock().unwrap().refusing = refusing;
    }

    pub fn acknowledge_after(&self, delay: Duration) {
        self.state.lock().unwrap().delay = delay;
    }

    pub fn messages(&self) -> Vec<String> {
        self.state.lock().unwrap().messages.clone()
    }

    /// The Message-ID of every message received, in order, repeats included.
    pub fn message_ids(&self) -> Vec<String> {
        self.state
            .lock()
            .unwrap()
            .messages
            .iter()
            .map(|m| message_id(m).unwrap_or_default())
            .collect()
    }
}

pub fn message_id(message: &str) -> Option<String> {
    message
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
        .map(|l| l[11..].trim().to_owned())
}

async fn serve_smtp(stream: TcpStream, state: Arc<Mutex<SinkState>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        let answer: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
            "MAIL" if state.lock().unwrap().refusing => b"451 4.3.0 Try again later\r\n",
            // A mailbox that does not exist, for good.
            "RCPT" if line.to_ascii_lowercase().contains("<bounce") => {
                b"550 5.1.1 No such mailbox\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 Bye\r\n").await;
                return;
            }
            "DATA" => {
                if write.write_all(b"354 Go ahead\r\n").await.is_err() {
                    return;
                }
                let mut message = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if line == "." {
                        break;
                    }
                    message.push_str(&line);
                    message.push('\n');
                }
                let delay = {
                    let mut state = state.lock().unwrap();
                    state.messages.push(message);
                    state.delay
                };
                tokio::time::sleep(delay).await;
                b"250 Kept\r\n"
            }
            _ => b"250 OK\r\n",
        };
        if write.write_all(answer).await.is_err() {
            return;
        }
    }
}
