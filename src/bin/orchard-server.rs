//! `orchard-server`: reads its configuration, sets up logging and runs the shop.
//! `orchard-server bundles` prints the client's bundles instead (`orchard::bundles::table`), one
//! tab-separated line each, for the build and size scripts.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use orchard::server::{run, Config, StartError};
    use tracing_subscriber::EnvFilter;

    if std::env::args().nth(1).as_deref() == Some("bundles") {
        print!("{}", orchard::bundles::table());
        return std::process::ExitCode::SUCCESS;
    }
    let config = Config::from_env_and_args();
    let filter =
        EnvFilter::try_from_env("ORCHARD_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if config.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.worker_threads())
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("orchard-server: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(config)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("orchard-server: {e}");
            std::process::ExitCode::from(
                if matches!(e, StartError::Content(_) | StartError::Config(_)) {
                    2
                } else {
                    1
                },
            )
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
