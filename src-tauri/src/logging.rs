//! Logs go to a daily file in the app's data folder (`logs/` beside the
//! database), the last 14 kept. Detail the clerk never sees lands here.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};

/// Starts logging; keep the guard alive for the life of the app so the last
/// lines are flushed. Logging is best effort: without a writable folder the
/// app still runs.
pub fn init() -> Option<WorkerGuard> {
    let dir = taavon_core::db::default_path().ok()?.parent()?.join("logs");
    std::fs::create_dir_all(&dir).ok()?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("taavon")
        .filename_suffix("log")
        .max_log_files(14)
        .build(&dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init()
        .ok()?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "started");
    Some(guard)
}
