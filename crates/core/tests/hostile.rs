//! Hostile input: SQL fragments, quotes, 100,000-character strings, control
//! and bidi characters and emoji in names; a sheet formatted down to a
//! million rows; a zip bomb named .xlsx; a renamed non-spreadsheet. Each
//! gets a value stored as typed or a Persian message, nothing partial is
//! written, and memory stays bounded.

use std::io::Write;

use taavon_core::db::Db;
use taavon_core::import::{self, ImportRequest};
use taavon_core::model::ImportKind;
use taavon_core::registry::{self, PersonInput};

fn input(last: &str) -> PersonInput {
    PersonInput {
        national_code: "0499370899".into(),
        first_name: "سارا".into(),
        last_name: last.into(),
        ..Default::default()
    }
}

fn people(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn sql_fragments_and_quotes_are_just_text() {
    let mut db = Db::open_in_memory().unwrap();
    let evil = "رضایی'); DROP TABLE person; --\"";
    let p = input(evil).validate().unwrap();
    db.write(|tx| registry::add_person(tx, &p)).unwrap();
    assert_eq!(people(&db), 1, "the table is still there");
    let found = registry::search_people(db.conn(), "DROP TABLE", Default::default()).unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].last_name, evil);
    // LIKE wildcards in a search are literal.
    let none = registry::search_people(db.conn(), "%_%", Default::default()).unwrap();
    assert_eq!(none.total, 0);
}

#[test]
fn very_long_text_is_refused_with_its_field_named() {
    let mut db = Db::open_in_memory().unwrap();
    let long = "ب".repeat(100_000);
    let err = input(&long).validate().unwrap_err();
    assert_eq!(err[0].field.key(), "last_name");
    let message = err[0].to_string();
    assert!(message.contains("«نام خانوادگی»"), "{message}");
    assert!(
        message.chars().count() < 200,
        "the value is not echoed whole"
    );
    assert_eq!(people(&db), 0);
    let _ = &mut db;
}

#[test]
fn control_and_bidi_characters_are_dropped_and_emoji_kept() {
    let mut db = Db::open_in_memory().unwrap();
    let p = input("\u{202E}رضایی\u{0007}\u{200F} 😀")
        .validate()
        .unwrap();
    assert_eq!(p.last_name, "رضایی 😀");
    db.write(|tx| registry::add_person(tx, &p)).unwrap();
    let stored: String = db
        .conn()
        .query_row("SELECT last_name FROM person", [], |r| r.get(0))
        .unwrap();
    assert!(!stored
        .chars()
        .any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)));
}

fn run(db: &mut Db, path: &std::path::Path) -> taavon_core::Result<import::ImportOutcome> {
    let req = ImportRequest {
        kind: ImportKind::People,
        accept_valid: true,
        ..Default::default()
    };
    import::run(db, path, &req, &mut |_| true)
}

#[test]
fn a_sheet_formatted_down_to_a_million_rows_reads_only_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["کد ملی", "نام", "نام خانوادگی"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "0499370899").unwrap();
    ws.write_string(1, 1, "سارا").unwrap();
    ws.write_string(1, 2, "نوری").unwrap();
    // Blank cells with a format, down to the last row Excel has.
    let bold = rust_xlsxwriter::Format::new().set_bold();
    ws.write_blank(1_048_575, 2, &bold).unwrap();
    ws.write_string(1_048_575, 0, " ").unwrap();
    wb.save(&path).unwrap();
    let mut db = Db::open_in_memory().unwrap();
    let out = run(&mut db, &path).unwrap();
    assert_eq!(out.added, 1);
    assert_eq!(out.rows, 1, "the blank rows are not data");
    assert_eq!(people(&db), 1);
}

#[test]
fn a_zip_bomb_named_xlsx_is_refused_before_it_is_unpacked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("[Content_Types].xml", deflate).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", deflate).unwrap();
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..24 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 1024 * 1024);
    let mut db = Db::open_in_memory().unwrap();
    let err = run(&mut db, &path).unwrap_err();
    assert_eq!(err.code(), "excel");
    assert!(err.to_string().contains("بیش از اندازه بزرگ"), "{err}");
    assert_eq!(people(&db), 0);
}

#[test]
fn a_renamed_file_gets_a_message_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open_in_memory().unwrap();
    for (name, bytes) in [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("letter.ods", b"PK\x03\x04 not really a zip".to_vec()),
        (
            "old.xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0],
        ),
        ("binary.csv", vec![0u8, 159, 146, 150, 0, 1, 2]),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = run(&mut db, &path).unwrap_err();
        assert_eq!(err.code(), "excel", "{name}: {err:?}");
        assert!(err.to_string().contains(name), "{name}: {err}");
    }
    assert_eq!(people(&db), 0);
}
