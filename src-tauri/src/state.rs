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

/// The code the UI gets when the database file is damaged: it offers to
/// restore the newest good backup.
pub const DAMAGED: &str = "database_damaged";

/// Opens the database, checks it (`PRAGMA quick_check`) and makes the day's
/// backup. A damaged file is left exactly as it is.
fn open_checked(path: &std::path::Path) -> Result<Db, ErrorBody> {
    let db = Db::open(path).map_err(to_body)?;
    match db.quick_check() {
        Ok(None) => {}
        Ok(Some(problem)) => {
            tracing::error!(problem, path = %path.display(), "the database failed its start-up check");
            return Err(ErrorBody {
                code: DAMAGED.to_owned(),
                message: "پرونده پایگاه داده آسیب دیده است. برنامه آن را دست نزد؛ آخرین پشتیبان سالم را بازگردانید تا کار ادامه یابد.".to_owned(),
                fields: Vec::new(),
            });
        }
        Err(e) => return Err(to_body(e)),
    }
    let dir = taavon_core::backup::dir_for(db.conn(), path);
    match taavon_core::backup::daily_if_due(db.conn(), &dir) {
        Ok(Some(b)) => tracing::info!(path = b.path, "daily backup made"),
        Ok(None) => {}
        // A failed backup must not keep the clerk from working; it is logged
        // and tried again at the next start.
        Err(e) => tracing::error!(error = %e, "the daily backup failed"),
    }
    tracing::info!(path = %path.display(), "database open");
    Ok(db)
}

impl AppState {
    pub fn open() -> AppState {
        let path = db::default_path().ok();
        let db = match &path {
            Some(p) => open_checked(p),
            None => Err(to_body(Error::Open {
                path: PathBuf::from("~"),
                source: "no data folder".into(),
            })),
        };
        AppState {
            db: Mutex::new(db),
            path,
            cancel_import: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Puts the newest good backup in place of a database that could not be
    /// opened or failed its check, keeping the damaged file aside, and opens
    /// it. Returns the backup used.
    pub fn restore_newest(&self) -> Result<taavon_core::backup::BackupInfo, ErrorBody> {
        let path = self
            .path
            .clone()
            .ok_or_else(|| to_body(Error::Refused("پایگاه داده در دسترس نیست.".into())))?;
        let mut guard = self.db.lock().unwrap_or_else(|p| p.into_inner());
        let newest = taavon_core::backup::newest_good(&taavon_core::backup::default_dir(&path))
            .ok_or_else(|| {
                to_body(Error::Refused(
                    "هیچ پشتیبان سالمی پیدا نشد. پرونده آسیب‌دیده دست‌نخورده مانده است؛ برای بازیابی با پشتیبانی فنی تماس بگیرید یا پرونده پشتیبانی را از «بازگردانی از پرونده» انتخاب کنید.".into(),
                ))
            })?;
        // Close whatever is open before the file is replaced.
        *guard = Err(ErrorBody {
            code: DAMAGED.to_owned(),
            message: String::new(),
            fields: Vec::new(),
        });
        taavon_core::backup::replace_file(&path, std::path::Path::new(&newest.path))
            .map_err(to_body)?;
        *guard = open_checked(&path);
        guard.as_ref().map(|_| newest.clone()).map_err(Clone::clone)
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
