use server::{cli, config::Config, startup, telemetry};
use std::process::ExitCode;

fn main() -> ExitCode {
    server::memory::return_large_blocks_to_the_system();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(run()),
        Err(err) => {
            eprintln!("error: could not start the async runtime: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match cli::parse(&args) {
        Ok(cli::Command::Help) => {
            println!("{}", cli::USAGE);
            Ok(())
        }
        Ok(cli::Command::Serve) => serve().await,
        Ok(cli::Command::CreateReviewer { email }) => create_reviewer(&email).await,
        Ok(cli::Command::ReviewersList) => {
            with_db(|db| async move { cli::reviewers_list(&db).await }).await
        }
        Ok(cli::Command::ReviewersDisable { email }) => {
            with_db(|db| async move { cli::reviewers_set_disabled(&db, &email, true).await }).await
        }
        Ok(cli::Command::ReviewersEnable { email }) => {
            with_db(|db| async move { cli::reviewers_set_disabled(&db, &email, false).await }).await
        }
        Ok(cli::Command::QueueList) => {
            with_db(|db| async move { cli::queue_list(&db).await }).await
        }
        Ok(cli::Command::QueueRetry { queue, id }) => {
            with_db(|db| async move { cli::queue_retry(&db, queue, id).await }).await
        }
        Ok(cli::Command::PublishTerms {
            version,
            file,
            title,
        }) => publish_terms(version, file, title).await,
        Ok(cli::Command::PublishTermsTranslation {
            version,
            language,
            file,
            title,
        }) => {
            with_db(|db| async move {
                cli::publish_terms_translation(&db, version, language, &file, title).await
            })
            .await
        }
        Ok(cli::Command::MeasureHash) => cli::measure_hash().await.map(|ms| println!("{ms}")),
        Err(err) => Err(format!("{err}\n\n{}", cli::USAGE)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), String> {
    let config = Config::from_env()?;
    let options = startup::leptos_options()?;
    let addr = options.site_addr;
    tracing::info!(?config, "starting");
    let app = startup::Application::build(&config, options, addr).await?;
    tracing::info!("listening on http://{}", app.local_addr());
    app.run_until(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

async fn create_reviewer(email: &str) -> Result<(), String> {
    let password = cli::read_password(std::io::stdin().lock())?;
    with_db(|db| async move { cli::create_reviewer(&db, email, password).await }).await
}

async fn publish_terms(version: String, file: String, title: String) -> Result<(), String> {
    let public_url = Config::from_env()?.public_url;
    with_db(|db| async move { cli::publish_terms(&db, version, &file, title, &public_url).await })
        .await
}

/// Runs an operator command against the configured (and migrated) database
/// and prints what it answers.
async fn with_db<F, Fut>(command: F) -> Result<(), String>
where
    F: FnOnce(app::backend::Db) -> Fut,
    Fut: std::future::Future<Output = Result<String, String>>,
{
    let config = Config::from_env()?;
    let db = app::backend::Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    let result = command(db.clone()).await;
    db.close().await;
    println!("{}", result?);
    Ok(())
}

/// Completes on Ctrl-C (SIGINT, which cargo-leptos sends) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
