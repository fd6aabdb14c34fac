//! Backups and restore on real files: the round trip, pruning, refusing a
//! damaged or foreign file, the backup made before an upgrade, and finding
//! a damaged database.

use std::path::Path;

use taavon_core::backup::{self, BackupKind};
use taavon_core::db::Db;
use taavon_core::registry::{self, PersonInput};

mod common;

fn person(db: &mut Db, code: &str, last: &str) {
    let p = PersonInput {
        national_code: code.into(),
        first_name: "سارا".into(),
        last_name: last.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_person(tx, &p)).unwrap();
}

fn people(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn backup_and_restore_round_trip_without_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taavon.db");
    let backups = backup::default_dir(&path);
    let mut db = Db::open(&path).unwrap();
    person(&mut db, "0499370899", "نوری");
    let made = backup::create(db.conn(), &backups, BackupKind::Manual).unwrap();
    assert_eq!(made.kind, BackupKind::Manual);
    assert!(Path::new(&made.path).exists());
    let check = backup::inspect(Path::new(&made.path)).unwrap();
    assert_eq!(check.people, 1);

    // Work goes on after the backup, then the clerk restores it.
    person(&mut db, "0790419904", "کاظمی");
    assert_eq!(people(&db), 2);
    let kept = backup::restore(&mut db, Path::new(&made.path), &backups).unwrap();
    assert_eq!(people(&db), 1, "the same connection sees the restored data");
    // What was replaced is itself a checked backup.
    let safety = backup::inspect(Path::new(&kept)).unwrap();
    assert_eq!(safety.people, 2);
    let kinds: Vec<BackupKind> = backup::list(&backups).iter().map(|b| b.kind).collect();
    assert!(kinds.contains(&BackupKind::PreRestore), "{kinds:?}");
    // And a fresh connection sees it too.
    drop(db);
    assert_eq!(people(&Db::open(&path).unwrap()), 1);
}

#[test]
fn old_backups_are_pruned_14_daily_and_10_others() {
    let dir = tempfile::tempdir().unwrap();
    for day in 1..=20 {
        std::fs::write(
            dir.path()
                .join(format!("taavon-202611{day:02}-080000-daily.db")),
            "x",
        )
        .unwrap();
    }
    for n in 0..15 {
        std::fs::write(
            dir.path()
                .join(format!("taavon-20261120-09{n:02}00-manual.db")),
            "x",
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("notes.txt"), "kept").unwrap();
    assert_eq!(
        backup::prune(dir.path(), Default::default()).unwrap(),
        6 + 5
    );
    let left = backup::list(dir.path());
    assert_eq!(
        left.iter().filter(|b| b.kind == BackupKind::Daily).count(),
        14
    );
    assert_eq!(
        left.iter().filter(|b| b.kind != BackupKind::Daily).count(),
        10
    );
    assert_eq!(left[0].created_at, "2026-11-20 09:14:00", "newest first");
    assert!(left
        .iter()
        .any(|b| b.file_name == "taavon-20261107-080000-daily.db"));
    assert!(!left
        .iter()
        .any(|b| b.file_name == "taavon-20261106-080000-daily.db"));
    assert!(
        dir.path().join("notes.txt").exists(),
        "other files are left alone"
    );
}

#[test]
fn one_daily_backup_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("taavon.db")).unwrap();
    let backups = dir.path().join("backups");
    assert!(backup::daily_if_due(db.conn(), &backups).unwrap().is_some());
    assert!(backup::daily_if_due(db.conn(), &backups).unwrap().is_none());
    assert_eq!(backup::list(&backups).len(), 1);
}

fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(4096 * 3)).unwrap();
    f.write_all(&[0xff; 4096 * 4]).unwrap();
}

#[test]
fn damaged_or_foreign_files_are_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taavon.db");
    let mut db = Db::open(&path).unwrap();
    for i in 0..200 {
        person(
            &mut db,
            &common::code(&format!("00{:07}", 1_234_567 + i)),
            "نوری",
        );
    }
    let good = dir.path().join("good.db");
    backup::save_as(db.conn(), &good).unwrap();
    let bad = dir.path().join("bad.db");
    std::fs::copy(&good, &bad).unwrap();
    damage(&bad);
    let err = backup::restore(&mut db, &bad, &dir.path().join("backups")).unwrap_err();
    assert!(err.to_string().contains("آسیب دیده است"), "{err}");
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database at all, just words").unwrap();
    let err = backup::inspect(&text).unwrap_err();
    assert!(err.to_string().contains("«"), "{err}");
    assert_eq!(people(&db), 200, "nothing was replaced");
    assert!(
        backup::list(&dir.path().join("backups")).is_empty(),
        "no safety copy for a refused restore"
    );
}

#[test]
fn a_damaged_database_is_found_at_start_and_replaced_by_the_newest_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taavon.db");
    let backups = backup::default_dir(&path);
    {
        let mut db = Db::open(&path).unwrap();
        for i in 0..300 {
            person(
                &mut db,
                &common::code(&format!("01{:07}", 1_234_567 + i)),
                "کاظمی",
            );
        }
        backup::create(db.conn(), &backups, BackupKind::Daily).unwrap();
        db.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    damage(&path);
    let damaged = Db::open(&path).map(|db| db.quick_check().unwrap());
    assert!(
        matches!(damaged, Ok(Some(_)) | Err(_)),
        "the damage is seen: {damaged:?}"
    );
    let newest = backup::newest_good(&backups).unwrap();
    let kept = backup::replace_file(&path, Path::new(&newest.path))
        .unwrap()
        .unwrap();
    assert!(kept.exists(), "the damaged file is kept, never deleted");
    let db = Db::open(&path).unwrap();
    assert_eq!(db.quick_check().unwrap(), None);
    assert_eq!(people(&db), 300);
}

#[test]
fn an_upgrade_keeps_a_backup_of_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taavon.db");
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(include_str!("schema/v2.sql")).unwrap();
    c.pragma_update(None, "user_version", 2).unwrap();
    c.pragma_update(None, "application_id", taavon_core::db::APPLICATION_ID)
        .unwrap();
    drop(c);
    drop(Db::open(&path).unwrap());
    let kept = backup::list(&backup::default_dir(&path));
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].kind, BackupKind::PreUpgrade);
    assert_eq!(
        backup::inspect(Path::new(&kept[0].path))
            .unwrap()
            .schema_version,
        2
    );
    // Opening again upgrades nothing and backs up nothing.
    drop(Db::open(&path).unwrap());
    assert_eq!(backup::list(&backup::default_dir(&path)).len(), 1);
}

#[test]
fn read_only_and_full_disks_get_their_own_message() {
    use taavon_core::Error;
    let full = Error::from(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
        None,
    ));
    assert_eq!(full.code(), "disk_full");
    assert!(full.to_string().contains("دیسک پر است"));
    let ro = Error::from(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
        None,
    ));
    assert_eq!(ro.code(), "read_only");
    let busy = Error::from(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        None,
    ));
    assert_eq!(busy.code(), "locked");
}

#[test]
fn restoring_the_oldest_kept_backup_does_not_prune_it_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taavon.db");
    let backups = backup::default_dir(&path);
    let mut db = Db::open(&path).unwrap();
    person(&mut db, "0499370899", "نوری");
    let oldest = backup::create(db.conn(), &backups, BackupKind::Manual).unwrap();
    // Fill the other backups up to the limit, all newer.
    for i in 0..9 {
        let name = format!("taavon-29991231-2359{i:02}-manual.db");
        std::fs::copy(&oldest.path, backups.join(name)).unwrap();
    }
    person(&mut db, "0790419904", "کاظمی");
    backup::restore(&mut db, Path::new(&oldest.path), &backups).unwrap();
    assert_eq!(people(&db), 1, "the oldest backup was restored");
    let others = backup::list(&backups)
        .into_iter()
        .filter(|b| b.kind != BackupKind::Daily)
        .count();
    assert_eq!(others, backup::KEEP_EVENTS, "pruned afterwards");
}
