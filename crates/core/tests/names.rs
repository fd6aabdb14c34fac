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
