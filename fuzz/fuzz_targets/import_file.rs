//! Any bytes, as a spreadsheet or CSV handed to the import: it may refuse
//! the file, never panic, and a preview writes nothing.
#![no_main]

use std::cell::RefCell;
use std::io::Write;

use libfuzzer_sys::fuzz_target;
use taavon_core::db::Db;
use taavon_core::import::{self, ImportRequest};
use taavon_core::model::ImportKind;

thread_local! {
    // One database for the whole run: opening one (the schema, the seeded
    // lists) costs more than an import, and previews leave it unchanged.
    static DB: RefCell<Db> = RefCell::new(Db::open_in_memory().expect("database"));
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let ext = ["csv", "xlsx", "ods", "xls"][usize::from(selector % 4)];
    let kind = ImportKind::ALL[usize::from(selector / 4) % ImportKind::ALL.len()];
    let mut file = tempfile::Builder::new()
        .suffix(&format!(".{ext}"))
        .tempfile()
        .expect("temp file");
    file.write_all(body).expect("write");
    let req = ImportRequest {
        kind,
        dry_run: true,
        accept_valid: true,
        ..Default::default()
    };
    DB.with(|db| {
        let mut db = db.borrow_mut();
        if let Ok(layout) = import::inspect(db.conn(), file.path(), None, kind) {
            assert!(!layout.targets.is_empty());
        }
        let before: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .expect("count");
        let _ = import::run(&mut db, file.path(), &req, &mut |_| true);
        let after: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .expect("count");
        assert_eq!(before, after, "a preview writes nothing");
    });
});
