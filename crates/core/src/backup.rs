//! Backups and restore (C10). The clerk's database is the only copy of
//! months of work, on a PC with power cuts and no IT support.
//!
//! - Backups use SQLite's online backup API, never a file copy: a copy of a
//!   live WAL database can miss what is still in the WAL.
//! - Each backup is written to a temporary file, checked with
//!   `PRAGMA integrity_check`, and only then renamed into place.
//! - Kinds: a daily one at the first start of each day, one before every
//!   schema upgrade and before every restore, and the clerk's own. The last
//!   14 daily and the last 10 others are kept.
//! - A file to restore is checked first (ours, a schema this version can
//!   read, intact); the current database is backed up; then the backup API
//!   copies the file into the open connection, so the app goes on with the
//!   restored data without a restart.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, MAIN_DB};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{Db, APPLICATION_ID, SCHEMA_VERSION};
use crate::error::{Error, Result};
use crate::jalali::to_jalali;
use crate::text::to_persian_digits;

pub use crate::settings::{KEEP_DAILY, KEEP_EVENTS};

const PREFIX: &str = "taavon-";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    Daily,
    PreUpgrade,
    PreRestore,
    Manual,
}

impl BackupKind {
    pub const ALL: [BackupKind; 4] = [
        BackupKind::Daily,
        BackupKind::PreUpgrade,
        BackupKind::PreRestore,
        BackupKind::Manual,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::PreUpgrade => "pre-upgrade",
            BackupKind::PreRestore => "pre-restore",
            BackupKind::Manual => "manual",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BackupKind::Daily => "روزانه",
            BackupKind::PreUpgrade => "پیش از به‌روزرسانی",
            BackupKind::PreRestore => "پیش از بازگردانی",
            BackupKind::Manual => "دستی",
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    pub kind: BackupKind,
    pub kind_label: String,
    /// Local time, `2026-11-26 15:30:05`.
    pub created_at: String,
    /// `۱۴۰۵/۰۹/۰۵ ۱۵:۳۰`.
    pub created_label: String,
    pub size_bytes: u64,
}

/// How many backups of each sort are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub daily: usize,
    pub others: usize,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            daily: KEEP_DAILY,
            others: KEEP_EVENTS,
        }
    }
}

/// The retention the settings ask for; the defaults when the database has
/// no settings yet (an old schema being upgraded).
fn retention(conn: &Connection) -> Retention {
    match crate::settings::get(conn) {
        Ok(s) => Retention {
            daily: s.keep_daily.clamp(1, 365) as usize,
            others: s.keep_events.clamp(1, 100) as usize,
        },
        Err(_) => Retention::default(),
    }
}

/// Where backups go: the folder the settings name, else `backups` beside
/// the database.
pub fn dir_for(conn: &Connection, db_path: &Path) -> PathBuf {
    crate::settings::get(conn)
        .ok()
        .map(|s| s.backup_dir)
        .filter(|d| !d.trim().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| default_dir(db_path))
}

/// [`dir_for`] read from the file itself on a read-only connection: also
/// when the database is damaged or not open.
pub fn dir_for_file(db_path: &Path) -> PathBuf {
    Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()
    .map(|conn| dir_for(&conn, db_path))
    .unwrap_or_else(|| default_dir(db_path))
}

/// The backups folder of a database: `backups/` beside it.
pub fn default_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .map(|d| d.join("backups"))
        .unwrap_or_else(|| PathBuf::from("backups"))
}

fn io_refusal(what: &str, path: &Path, e: &std::io::Error) -> Error {
    crate::files::refusal(what, path, e)
}

pub use crate::db::integrity_problem;

// `Db::open` lives here rather than in `db.rs`: opening an older database
// backs it up before its schema is upgraded, and `db` sits below `backup`
// in the layers.
impl Db {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date, keeping a `pre-upgrade` backup of an older one.
    pub fn open(path: &Path) -> Result<Db> {
        Db::open_with(path, before_upgrade)
    }

    /// Opens the default database (see [`crate::db::default_path`]).
    pub fn open_default() -> Result<Db> {
        Db::open(&crate::db::default_path()?)
    }
}

/// The backup taken before a schema upgrade, beside the database.
fn before_upgrade(conn: &Connection, db_path: &Path) -> Result<()> {
    create(conn, &default_dir(db_path), BackupKind::PreUpgrade).map(|_| ())
}

/// `PRAGMA quick_check` (or, with `full`, `integrity_check`) of a database
/// file on a read-only connection, so that nothing is written to a file
/// that may be damaged. `None` when it is sound or does not exist yet.
pub fn check_file(path: &Path, full: bool) -> Result<Option<String>> {
    if !path.exists() {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    match integrity_problem(&conn, !full) {
        Ok(problem) => Ok(problem),
        // A file SQLite cannot read at all is as damaged as one with a
        // broken page.
        Err(Error::Storage(e)) => Ok(Some(e.to_string())),
        Err(e) => Err(e),
    }
}

fn stamp_now() -> (String, String) {
    let now = chrono::Local::now();
    (
        now.format("%Y%m%d-%H%M%S").to_string(),
        now.format("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

/// Writes a checked copy of `conn`'s database to `target` (through a
/// temporary file beside it).
fn write_checked(conn: &Connection, target: &Path) -> Result<()> {
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_refusal("ساختن پوشه پشتیبان", dir, &e))?;
    if !dir.is_dir() {
        // The root of a drive that is not there "exists" to create_dir_all.
        let gone = std::io::Error::from(std::io::ErrorKind::NotFound);
        return Err(io_refusal("نوشتن پشتیبان", target, &gone));
    }
    let tmp = dir.join(format!(
        ".{}.tmp",
        target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("backup")
    ));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| -> Result<()> {
        conn.backup(MAIN_DB, &tmp, None::<fn(rusqlite::backup::Progress)>)?;
        let copy = Connection::open_with_flags(&tmp, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        if let Some(problem) = integrity_problem(&copy, false)? {
            tracing::error!(problem, "a fresh backup failed its integrity check");
            return Err(Error::Refused(
                "پشتیبان ساخته‌شده سالم نبود و نگه داشته نشد؛ پایگاه داده را با «بررسی سلامت» بیازمایید."
                    .into(),
            ));
        }
        drop(copy);
        crate::files::sync_file(&tmp).map_err(|e| io_refusal("نوشتن پشتیبان", &tmp, &e))?;
        std::fs::rename(&tmp, target).map_err(|e| io_refusal("نوشتن پشتیبان", target, &e))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| match e {
        Error::Storage(inner) => {
            tracing::error!(error = %inner, "backup failed");
            match Error::from(inner) {
                Error::Storage(_) => Error::Refused(format!(
                    "پشتیبان در «{}» نوشته نشد؛ پوشه را بررسی کنید (جای خالی، اجازه نوشتن).",
                    dir.display()
                )),
                mapped => mapped,
            }
        }
        other => other,
    })
}

/// Makes a backup of the open database in `dir`, checks it, and prunes old
/// ones.
pub fn create(conn: &Connection, dir: &Path, kind: BackupKind) -> Result<BackupInfo> {
    let made = create_unpruned(conn, dir, kind)?;
    prune(dir, retention(conn))?;
    Ok(made)
}

fn create_unpruned(conn: &Connection, dir: &Path, kind: BackupKind) -> Result<BackupInfo> {
    let (stamp, _) = stamp_now();
    let mut target = dir.join(format!("{PREFIX}{stamp}-{}.db", kind.key()));
    let mut n = 2;
    while target.exists() {
        target = dir.join(format!("{PREFIX}{stamp}-{}-{n}.db", kind.key()));
        n += 1;
    }
    write_checked(conn, &target)?;
    info(&target).ok_or_else(|| Error::Refused("پشتیبان ساخته شد ولی خوانده نشد.".into()))
}

/// The name offered for a backup saved elsewhere (a USB stick):
/// `taavon-backup-1405-09-10.db`.
pub fn save_as_name(day: crate::jalali::Jalali) -> String {
    format!(
        "taavon-backup-{:04}-{:02}-{:02}.db",
        day.year, day.month, day.day
    )
}

/// The `meta` key of when a backup was last saved elsewhere.
const COPIED_KEY: &str = "backup_copied_at";

/// Saves a checked backup under a name and folder the clerk chose (a USB
/// stick, say). It is not pruned. The time is kept (`last_copied`): the
/// home screen reminds the clerk when no copy has left the PC for a while.
pub fn save_as(conn: &Connection, target: &Path) -> Result<()> {
    write_checked(conn, target)?;
    crate::db::set_meta(conn, COPIED_KEY, &stamp_now().1)
}

/// When a backup was last saved elsewhere with [`save_as`], local time
/// (`2026-11-26 15:30:05`); `None` when never. The time is part of the
/// data, so a restore brings back the one the restored file knew.
pub fn last_copied(conn: &Connection) -> Result<Option<String>> {
    crate::db::get_meta(conn, COPIED_KEY)
}

/// Reads a backup's kind and time from its name.
fn info(path: &Path) -> Option<BackupInfo> {
    let name = path.file_name()?.to_str()?;
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
    let (date, rest) = rest.split_once('-')?;
    let (time, kind_text) = rest.split_once('-')?;
    let kind = BackupKind::ALL
        .into_iter()
        .find(|k| kind_text == k.key() || kind_text.starts_with(&format!("{}-", k.key())))?;
    let at =
        chrono::NaiveDateTime::parse_from_str(&format!("{date}{time}"), "%Y%m%d%H%M%S").ok()?;
    let meta = std::fs::metadata(path).ok()?;
    Some(BackupInfo {
        path: path.display().to_string(),
        file_name: name.to_owned(),
        kind,
        kind_label: kind.label().to_owned(),
        created_at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
        created_label: to_persian_digits(&format!(
            "{} {}",
            to_jalali(at.date()).to_ascii(),
            at.format("%H:%M")
        )),
        size_bytes: meta.len(),
    })
}

/// The backups in `dir`, newest first.
pub fn list(dir: &Path) -> Vec<BackupInfo> {
    let mut all: Vec<BackupInfo> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().and_then(|e| info(&e.path())))
                .collect()
        })
        .unwrap_or_default();
    all.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then(b.file_name.cmp(&a.file_name))
    });
    all
}

/// Removes all but the newest `keep.daily` daily backups and the newest
/// `keep.others` others. Returns how many were removed.
pub fn prune(dir: &Path, keep: Retention) -> Result<usize> {
    let all = list(dir);
    let (daily, events): (Vec<_>, Vec<_>) = all.iter().partition(|b| b.kind == BackupKind::Daily);
    let mut removed = 0;
    for old in daily
        .iter()
        .skip(keep.daily)
        .chain(events.iter().skip(keep.others))
    {
        match std::fs::remove_file(&old.path) {
            Ok(()) => removed += 1,
            Err(e) => tracing::warn!(error = %e, path = old.path, "could not remove an old backup"),
        }
    }
    Ok(removed)
}

/// Makes today's daily backup unless there is one already.
pub fn daily_if_due(conn: &Connection, dir: &Path) -> Result<Option<BackupInfo>> {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let done = list(dir)
        .iter()
        .any(|b| b.kind == BackupKind::Daily && b.created_at.starts_with(&today));
    if done {
        return Ok(None);
    }
    create(conn, dir, BackupKind::Daily).map(Some)
}

/// What a file offered for restore turned out to be.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct BackupCheck {
    pub schema_version: i64,
    pub people: i64,
    pub cooperatives: i64,
}

/// Checks that a file is a database of this app that this version can
/// read, and intact. The file is only read.
pub fn inspect(path: &Path) -> Result<BackupCheck> {
    let shown = path.display().to_string();
    let refuse =
        |why: &str| Error::Refused(format!("پرونده «{shown}» {why}؛ بازگردانی انجام نشد."));
    if !path.is_file() {
        return Err(refuse("پیدا نشد"));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| refuse("باز نشد"))?;
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| refuse("پایگاه داده این برنامه نیست"))?;
    if app_id != APPLICATION_ID {
        return Err(refuse("پایگاه داده این برنامه نیست"));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(refuse(&format!(
            "با نسخه‌ای تازه‌تر از برنامه ساخته شده است (نسخه طرح {})",
            to_persian_digits(&version.to_string())
        )));
    }
    match integrity_problem(&conn, false) {
        Ok(None) => {}
        Ok(Some(problem)) => {
            tracing::warn!(
                problem,
                path = shown,
                "backup offered for restore is damaged"
            );
            return Err(refuse("آسیب دیده است"));
        }
        Err(_) => return Err(refuse("آسیب دیده است")),
    }
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap_or(0)
    };
    Ok(BackupCheck {
        schema_version: version,
        people: count("person"),
        cooperatives: count("organization"),
    })
}

/// Restores `from` into the open database: checks it, keeps the current
/// data first (a checked backup, or, when the current file is damaged and
/// cannot give one, a plain copy of its files for the record), copies the
/// backup in with the backup API, and brings its schema up to date. Returns
/// where the replaced data was kept.
pub fn restore(db: &mut Db, from: &Path, dir: &Path) -> Result<String> {
    inspect(from)?;
    // Pruning waits until the restore is done: it could otherwise remove
    // the very backup being restored.
    let kept = if integrity_problem(db.conn(), true)?.is_none() {
        create_unpruned(db.conn(), dir, BackupKind::PreRestore)?.path
    } else {
        keep_damaged(db, dir)?.display().to_string()
    };
    db.restore_from(from)?;
    prune(dir, retention(db.conn()))?;
    Ok(kept)
}

/// Copies a damaged database's files aside, as they are.
fn keep_damaged(db: &Db, dir: &Path) -> Result<PathBuf> {
    let path = db
        .path()
        .ok_or_else(|| Error::Refused("پایگاه داده پرونده‌ای ندارد.".into()))?;
    std::fs::create_dir_all(dir).map_err(|e| io_refusal("ساختن پوشه پشتیبان", dir, &e))?;
    let (stamp, _) = stamp_now();
    let aside = dir.join(format!("damaged-{stamp}.db"));
    std::fs::copy(path, &aside).map_err(|e| io_refusal("نگه‌داشتن پرونده آسیب‌دیده", &aside, &e))?;
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if wal.exists() {
        let _ = std::fs::copy(&wal, PathBuf::from(format!("{}-wal", aside.display())));
    }
    Ok(aside)
}

/// The newest backup in `dir` that passes [`inspect`].
pub fn newest_good(dir: &Path) -> Option<BackupInfo> {
    list(dir)
        .into_iter()
        .find(|b| inspect(Path::new(&b.path)).is_ok())
}

/// Puts a backup in place of a database file that cannot be opened (a
/// damaged one): the damaged file is kept beside it under a new name, never
/// deleted. Returns the name it was kept under, if there was one.
pub fn replace_file(db_path: &Path, from: &Path) -> Result<Option<PathBuf>> {
    inspect(from)?;
    let (stamp, _) = stamp_now();
    let mut kept = None;
    if db_path.exists() {
        let aside = db_path.with_extension(format!("damaged-{stamp}.db"));
        std::fs::rename(db_path, &aside)
            .map_err(|e| io_refusal("کنار گذاشتن پرونده آسیب‌دیده", db_path, &e))?;
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", db_path.display()));
            if side.exists() {
                let _ =
                    std::fs::rename(&side, PathBuf::from(format!("{}{suffix}", aside.display())));
            }
        }
        kept = Some(aside);
    }
    let tmp = db_path.with_extension("restoring.tmp");
    std::fs::copy(from, &tmp).map_err(|e| io_refusal("رونوشت پشتیبان", &tmp, &e))?;
    crate::files::sync_file(&tmp).map_err(|e| io_refusal("رونوشت پشتیبان", &tmp, &e))?;
    std::fs::rename(&tmp, db_path).map_err(|e| io_refusal("رونوشت پشتیبان", db_path, &e))?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_kind_and_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taavon-20261126-153005-pre-upgrade-2.db");
        std::fs::write(&path, "x").unwrap();
        let b = info(&path).unwrap();
        assert_eq!(b.kind, BackupKind::PreUpgrade);
        assert_eq!(b.created_at, "2026-11-26 15:30:05");
        assert_eq!(b.created_label, "۱۴۰۵/۰۹/۰۵ ۱۵:۳۰");
        assert!(info(&dir.path().join("notes.db")).is_none());
    }
}
