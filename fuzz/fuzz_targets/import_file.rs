//! Any bytes, as a spreadsheet or CSV handed to the import: it may refuse
//! the file, never panic, and a preview writes nothing.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use taavon_core::db::Db;
use taavon_core::import::{self, ImportRequest};
use taavon_core::model::ImportKind;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let ext = ["csv", "xlsx", "ods", "xls"][usize::from(selector % 4)];
    let kind = [ImportKind::People, ImportKind::Coops, ImportKind::Feedback][usize::from(selector / 4 % 3)];
    let mut file = tempfile::Builder::new()
        .suffix(&format!(".{ext}"))
        .tempfile()
        .expect("temp file");
    file.write_all(body).expect("write");
    let mut db = Db::open_in_memory().expect("database");
    let req = ImportRequest {
        kind,
        dry_run: selector & 0x80 == 0,
        accept_valid: true,
        ..Default::default()
    };
    if let Ok(layout) = import::inspect(db.conn(), file.path(), None, kind) {
        assert!(!layout.targets.is_empty());
    }
    let _ = import::run(&mut db, file.path(), &req, &mut |_| true);
});
