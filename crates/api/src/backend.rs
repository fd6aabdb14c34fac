//! The database behind the commands, opened once at start.
//!
//! If it cannot be opened (a newer version, a locked or foreign file), the
//! window still starts and every command answers with the Persian reason.
//! The desktop opens it on a thread of its own ([`Backend::open_in_background`]):
//! the window and its web view start meanwhile, and a command that comes
//! before the start-up check is done waits for it.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use taavon_core::db::{self, Db};
use taavon_core::error::ErrorBody;
use taavon_core::Error;

/// The open database, or why it is not; `None` until the start-up check
/// has finished.
type Slot = Option<Result<Db, ErrorBody>>;

pub struct Backend {
    db: Arc<(Mutex<Slot>, Condvar)>,
    path: Option<PathBuf>,
    /// The import runs the clerk asked to stop («لغو»), by the number the
    /// window gave each run: a run stops at its next progress report and
    /// writes nothing. A stop that arrives before its run has started still
    /// counts, and a late one for a run that has ended touches no other.
    pub cancelled_imports: Mutex<HashSet<u32>>,
    /// The dashboard's last figures, kept while the data stays the same.
    pub figures: Mutex<taavon_core::report::FiguresCache>,
    /// The last round's ranked candidate pool, kept while the data stays
    /// the same.
    pub candidates: Mutex<taavon_core::rounds::CandidatesCache>,
    /// People in Persian order for the name search, kept while the data
    /// stays the same.
    pub people_order: Mutex<taavon_core::registry::PeopleOrder>,
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

/// Opens the database, checks it (`PRAGMA quick_check`) and makes the day's
/// backup. A damaged file is left exactly as it is.
fn open_checked(path: &std::path::Path) -> Result<Db, ErrorBody> {
    let db = open_unbacked(path)?;
    daily_backup(db.conn(), path);
    Ok(db)
}

/// The day's backup, if none was made today. A failed backup must not keep
/// the clerk from working; it is logged and tried again at the next start.
fn daily_backup(conn: &rusqlite::Connection, path: &std::path::Path) {
    let dir = taavon_core::backup::dir_for(conn, path);
    match taavon_core::backup::daily_if_due(conn, &dir) {
        Ok(Some(b)) => tracing::info!(path = b.path, "daily backup made"),
        Ok(None) => {}
        Err(e) => tracing::error!(error = %e, "the daily backup failed"),
    }
}

/// [`open_checked`] without the day's backup.
fn open_unbacked(path: &std::path::Path) -> Result<Db, ErrorBody> {
    // The check runs on a read-only connection, before anything could
    // write to the file.
    match taavon_core::backup::check_file(path, false) {
        Ok(None) => {}
        Ok(Some(problem)) => {
            tracing::error!(problem, path = %path.display(), "the database failed its start-up check");
            return Err(to_body(Error::Damaged));
        }
        Err(e) => return Err(to_body(e)),
    }
    let db = Db::open(path).map_err(to_body)?;
    tracing::info!(path = %path.display(), "database open");
    Ok(db)
}

impl Backend {
    /// Opens the database in the data folder (or `TAAVON_DB`).
    pub fn open() -> Backend {
        match db::default_path() {
            Ok(p) => Backend::open_at(p),
            Err(_) => Backend::with_slot(
                None,
                Some(Err(to_body(Error::Open {
                    path: PathBuf::from("~"),
                    source: "no data folder".into(),
                }))),
            ),
        }
    }

    /// Opens (or creates) the database at `path`.
    pub fn open_at(path: PathBuf) -> Backend {
        let slot = Some(open_checked(&path));
        Backend::with_slot(Some(path), slot)
    }

    /// [`Backend::open`] on a thread of its own: returns at once, and
    /// commands wait until the start-up check has passed (or failed). The
    /// day's backup is then made on a read-only connection of that thread,
    /// while the clerk already works.
    pub fn open_in_background() -> Backend {
        match db::default_path() {
            Ok(path) => Backend::open_at_in_background(path),
            Err(_) => Backend::open(),
        }
    }

    /// [`Backend::open_at`] on a thread of its own, as
    /// [`Backend::open_in_background`].
    pub fn open_at_in_background(path: PathBuf) -> Backend {
        let backend = Backend::with_slot(Some(path.clone()), None);
        let slot = Arc::clone(&backend.db);
        let path_again = path.clone();
        let spawned = std::thread::Builder::new()
            .name("database-open".into())
            .spawn(move || {
                let opened = open_unbacked(&path);
                let ok = opened.is_ok();
                let (lock, cond) = &*slot;
                *lock.lock().unwrap_or_else(|p| p.into_inner()) = Some(opened);
                cond.notify_all();
                drop(slot);
                if ok {
                    match rusqlite::Connection::open_with_flags(
                        &path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    ) {
                        Ok(conn) => daily_backup(&conn, &path),
                        Err(e) => tracing::error!(error = %e, "the daily backup failed"),
                    }
                }
            });
        match spawned {
            Ok(_) => backend,
            // No thread to be had: open here and now.
            Err(_) => Backend::open_at(path_again),
        }
    }

    fn with_slot(path: Option<PathBuf>, slot: Slot) -> Backend {
        Backend {
            db: Arc::new((Mutex::new(slot), Condvar::new())),
            path,
            cancelled_imports: Mutex::default(),
            figures: Mutex::default(),
            candidates: Mutex::default(),
            people_order: Mutex::default(),
        }
    }

    /// The database, once the start-up check is done.
    fn lock(&self) -> MutexGuard<'_, Slot> {
        let (lock, cond) = &*self.db;
        let guard = lock.lock().unwrap_or_else(|p| p.into_inner());
        cond.wait_while(guard, |slot| slot.is_none())
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Whether the database opened and passed its check.
    pub fn is_open(&self) -> bool {
        matches!(*self.lock(), Some(Ok(_)))
    }

    /// Puts the newest good backup in place of a database that could not be
    /// opened or failed its check, keeping the damaged file aside, and opens
    /// it. Returns the backup used.
    pub fn restore_newest(&self) -> Result<taavon_core::backup::BackupInfo, ErrorBody> {
        let path = self
            .path
            .clone()
            .ok_or_else(|| to_body(Error::Unavailable))?;
        let newest = taavon_core::backup::newest_good(&taavon_core::backup::dir_for_file(&path))
            .ok_or_else(|| to_body(Error::NoGoodBackup))?;
        self.replace_with(std::path::Path::new(&newest.path))?;
        Ok(newest)
    }

    /// Puts a checked backup in place of the database file (kept aside, never
    /// deleted) and opens it. Returns where the old file was kept.
    pub fn replace_with(&self, from: &std::path::Path) -> Result<Option<String>, ErrorBody> {
        let path = self
            .path
            .clone()
            .ok_or_else(|| to_body(Error::Unavailable))?;
        let mut guard = self.lock();
        // Close whatever is open before the file is replaced.
        *guard = Some(Err(ErrorBody::from(&Error::Damaged)));
        let kept = taavon_core::backup::replace_file(&path, from).map_err(to_body)?;
        let opened = open_checked(&path);
        let answer = opened.as_ref().map(|_| ()).map_err(Clone::clone);
        *guard = Some(opened);
        answer?;
        Ok(kept.map(|k| k.display().to_string()))
    }

    pub fn path(&self) -> Option<&PathBuf> {
        self.path.as_ref()
    }

    /// Runs `f` on the open database, turning any error into an [`ErrorBody`].
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Db) -> taavon_core::Result<T>,
    ) -> Result<T, ErrorBody> {
        let mut guard = self.lock();
        match guard.as_mut() {
            Some(Ok(db)) => f(db).map_err(to_body),
            Some(Err(body)) => Err(body.clone()),
            // lock() waits until the slot is filled.
            None => Err(to_body(Error::Unavailable)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use taavon_core::registry::{self, PersonInput};

    fn damage(path: &std::path::Path) {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        f.seek(SeekFrom::Start(4096 * 3)).unwrap();
        f.write_all(&[0xff; 4096 * 4]).unwrap();
    }

    #[test]
    fn opened_in_background_commands_wait_for_the_check_and_the_days_backup_follows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taavon.db");
        let backend = Backend::open_at_in_background(path.clone());
        let people: i64 = backend
            .with(|db| {
                Ok(db
                    .conn()
                    .query_row("SELECT count(*) FROM person", [], |r| r.get(0))?)
            })
            .unwrap();
        assert_eq!(people, 0);
        assert!(backend.is_open());
        let backups = taavon_core::backup::default_dir(&path);
        let mut made = false;
        for _ in 0..600 {
            let list = taavon_core::backup::list(&backups);
            if list
                .iter()
                .any(|b| b.kind == taavon_core::backup::BackupKind::Daily)
            {
                made = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(made, "the day's backup is made after the start");
    }

    #[test]
    fn a_damaged_file_opened_in_background_answers_damaged_and_is_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taavon.db");
        drop(open_checked(&path).unwrap());
        damage(&path);
        let before = std::fs::read(&path).unwrap();
        let backend = Backend::open_at_in_background(path.clone());
        assert!(!backend.is_open());
        let refused = backend.with(|_| Ok(())).unwrap_err();
        assert_eq!(refused.code, ErrorBody::from(&Error::Damaged).code);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_damaged_file_is_left_untouched_until_the_newest_backup_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taavon.db");
        {
            let mut db = open_checked(&path).unwrap();
            for i in 0..300u64 {
                let first9 = format!("00{:07}", 1_234_567 + i);
                let d: Vec<u32> = first9.bytes().map(|b| u32::from(b - b'0')).collect();
                let p = PersonInput {
                    national_code: format!(
                        "{first9}{}",
                        taavon_core::ids::national_code_check_digit(&d)
                    ),
                    first_name: "سارا".into(),
                    last_name: "نوری".into(),
                    ..Default::default()
                }
                .validate()
                .unwrap();
                db.write(|tx| registry::add_person(tx, &p)).unwrap();
            }
            db.conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
        }
        // The day's backup was made at start, before the people were added;
        // one made by hand holds them.
        {
            let db = Db::open(&path).unwrap();
            taavon_core::backup::create(
                db.conn(),
                &taavon_core::backup::default_dir(&path),
                taavon_core::backup::BackupKind::Manual,
            )
            .unwrap();
        }
        damage(&path);
        let before = std::fs::read(&path).unwrap();
        let refused = open_checked(&path).unwrap_err();
        assert!(!refused.message.is_empty());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the damaged file is not touched"
        );

        let state = Backend::with_slot(Some(path.clone()), Some(Err(refused)));
        let used = state.restore_newest().unwrap();
        assert_eq!(used.kind, taavon_core::backup::BackupKind::Manual);
        let people: i64 = state
            .with(|db| {
                Ok(db
                    .conn()
                    .query_row("SELECT count(*) FROM person", [], |r| r.get(0))?)
            })
            .unwrap();
        assert_eq!(people, 300, "the app goes on with the restored data");
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("damaged"))
            .collect();
        assert!(!kept.is_empty(), "the damaged file is kept aside");
    }
}
