//! The names of the files written for the clerk, as the window and the CLI
//! give them.

use taavon_core::error::{Error, ErrorBody, DAMAGED};
use taavon_core::import::ImportOutcome;
use taavon_core::jalali::Jalali;
use taavon_core::model::ImportKind;
use taavon_core::{audit, backup, import, xlsx};

const DAY: Jalali = Jalali {
    year: 1405,
    month: 9,
    day: 3,
};

#[test]
fn export_names_carry_the_jalali_day() {
    assert_eq!(
        xlsx::roadmap_file_name(Some("10380284790"), 7, DAY),
        "roadmap-10380284790-1405-09-03.xlsx"
    );
    assert_eq!(
        xlsx::roadmap_file_name(None, 7, DAY),
        "roadmap-id7-1405-09-03.xlsx"
    );
    assert_eq!(audit::export_file_name(DAY), "audit-1405-09-03.xlsx");
    assert_eq!(backup::save_as_name(DAY), "taavon-backup-1405-09-03.db");
}

#[test]
fn the_error_sheet_is_named_after_the_clerks_own_file() {
    let outcome = |file: &str| ImportOutcome::new(ImportKind::People, file.to_owned());
    assert_eq!(
        import::error_sheet_name(&outcome("فهرست اعضا.xlsx"), DAY),
        "errors-فهرست اعضا-1405-09-03.xlsx"
    );
    assert_eq!(
        import::error_sheet_name(&outcome(""), DAY),
        "errors-people-1405-09-03.xlsx"
    );
}

#[test]
fn a_damaged_or_missing_database_is_explained_by_the_core() {
    let damaged = ErrorBody::from(&Error::Damaged);
    assert_eq!(damaged.code, DAMAGED);
    assert!(damaged.message.contains("آسیب دیده"), "{}", damaged.message);
    let missing = ErrorBody::from(&Error::Unavailable);
    assert_eq!(
        (missing.code.as_str(), missing.message.as_str()),
        ("refused", "پایگاه داده در دسترس نیست.")
    );
    assert!(Error::NoGoodBackup.to_string().contains("پشتیبان سالمی"));
}

/// A key the code does not know (the file was edited by another program) is
/// an error when read back, never quietly taken as a default.
#[test]
fn an_unknown_status_in_the_database_is_an_error_not_a_default() {
    let mut db = taavon_core::db::Db::open_in_memory().unwrap();
    taavon_core::demo::generate(
        &mut db,
        &taavon_core::demo::DemoConfig {
            coops: 5,
            people: 20,
            seed: 1,
        },
        &mut |_| true,
    )
    .unwrap();
    let id: i64 = db
        .conn()
        .query_row("SELECT min(id) FROM organization", [], |r| r.get(0))
        .unwrap();
    assert!(taavon_core::registry::get_org_by_id(db.conn(), id).is_ok());
    db.conn()
        .execute_batch(&format!(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE organization SET status = 'frozen' WHERE id = {id};"
        ))
        .unwrap();
    let err = taavon_core::registry::get_org_by_id(db.conn(), id).unwrap_err();
    assert_eq!(err.code(), "storage", "{err:?}");
}
