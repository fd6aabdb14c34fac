//! The database behind the window, opened once at start.
//!
//! If it cannot be opened (a newer version, a locked or foreign file), the
//! window still starts and every command answers with the Persian reason.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use taavon_core::db::{self, Db};
use taavon_core::error::ErrorBody;
use taavon_core::Error;

pub struct AppState {
    db: Mutex<Result<Db, ErrorBody>>,
    path: Option<PathBuf>,
    /// Set by the clerk's «لغو» while an import runs; the import stops at
    /// its next progress report and writes nothing.
    pub cancel_import: Arc<AtomicBool>,
}

/// Turns a core error into what crosses IPC, logging the detail the clerk
/// does not see.
pub fn to_body(e: Error) -> ErrorBody {
    match &e {
        Error::Storage(_) | Error::Io(_) | Error::Open { .. } => {
            tracing::error!(error = ?e, "command failed")
        }
        _ => tracing::info!(code = e.code(), message = %e, "request refused"),
    }
    ErrorBody::from(&e)
}

impl AppState {
    pub fn open() -> AppState {
        let path = db::default_path().ok();
        let db = match &path {
            Some(p) => Db::open(p).map_err(to_body),
            None => Err(to_body(Error::Open {
                path: PathBuf::from("~"),
                source: "no data folder".into(),
            })),
        };
        if let Ok(db) = &db {
            tracing::info!(path = ?db.path(), "database open");
        }
        AppState {
            db: Mutex::new(db),
            path,
            cancel_import: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn path(&self) -> Option<&PathBuf> {
        self.path.as_ref()
    }

    /// Runs `f` on the open database, turning any error into an [`ErrorBody`].
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Db) -> taavon_core::Result<T>,
    ) -> Result<T, ErrorBody> {
        let mut guard = self
            .db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Ok(db) => f(db).map_err(to_body),
            Err(body) => Err(body.clone()),
        }
    }
}
