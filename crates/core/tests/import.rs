//! Importing the clerk's messy lists and the TVTO's feedback, with files
//! built here: merged title rows, codes that lost their zeros, Persian
//! digits, Arabic letters, duplicates, bad checksums, Windows-1256 CSV, an
//! .ods, a file that is not a spreadsheet, an empty file.

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use taavon_core::catalog;
use taavon_core::db::Db;
use taavon_core::import::{self, ColumnMap, ImportOutcome, ImportRequest};
use taavon_core::model::{Education, ImportKind, RoundStatus};
use taavon_core::registry::{self, OrgInput};
use taavon_core::rounds;

mod common;
use common::{code, nid};

/// A cell of a test sheet.
enum V {
    S(&'static str),
    Own(String),
    N(f64),
    Date(u16, u8, u8),
    Blank,
}

/// Writes the cells of `rows` from sheet row `first` (0-based) on.
fn write_rows(ws: &mut rust_xlsxwriter::Worksheet, first: u32, rows: &[Vec<V>]) {
    let date = Format::new().set_num_format("yyyy/mm/dd");
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + first;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                V::S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                V::Own(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                V::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                V::Date(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
                V::Blank => {}
            }
        }
    }
}

/// An .xlsx with a merged title row, a blank row, then headers and rows.
fn xlsx(dir: &Path, name: &str, headers: &[&str], rows: &[Vec<V>]) -> PathBuf {
    let path = dir.join(name);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(
        0,
        0,
        0,
        headers.len() as u16 - 1,
        "فهرست اعضای تعاونی‌ها - اداره تعاون",
        &Format::new(),
    )
    .unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    write_rows(ws, 3, rows);
    wb.save(&path).unwrap();
    path
}

fn world() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("t.db")).unwrap();
    for (name, id) in [
        ("تعاونی فرش نگین", "10380284790".to_owned()),
        ("تعاونی پوشاک البرز", nid("1010000000")),
    ] {
        let o = OrgInput {
            name: name.into(),
            national_id: Some(id),
            field: "production".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        db.write(|tx| registry::add_org(tx, &o)).unwrap();
    }
    (dir, db)
}

fn people(db: &mut Db, path: &Path, dry_run: bool) -> taavon_core::Result<ImportOutcome> {
    let req = ImportRequest {
        kind: ImportKind::People,
        dry_run,
        ..Default::default()
    };
    import::run(db, path, &req, &mut |_| true)
}

const PEOPLE_HEADERS: &[&str] = &[
    "ردیف",
    "كد ملي",
    "نام",
    "نام خانوادگی",
    "نام پدر",
    "تاریخ تولد",
    "تلفن همراه",
    "شناسه ملی تعاونی",
    "سمت",
];

/// Five people and their problems.
fn messy_people(dir: &Path) -> PathBuf {
    let zero_lost = code("049937089"); // starts with 0: Excel keeps 9 digits
    xlsx(
        dir,
        "people.xlsx",
        PEOPLE_HEADERS,
        &[
            vec![
                V::N(1.0),
                V::N(zero_lost[1..].parse().unwrap()),
                V::S("علي"),
                V::S("رضایی"),
                V::S("حسن"),
                V::Date(1986, 7, 3),
                V::S("۰۹۱۲ ۱۲۳ ۴۵۶۷"),
                V::S("10380284790"),
                V::S("مدیرعامل"),
            ],
            vec![
                V::N(2.0),
                V::Own(code("001234501")),
                V::S("سارا"),
                V::S("  نوری  "),
                V::Blank,
                V::S("1365/04/12"),
                V::S("+98 912 765 4321"),
                V::S("۱۰۳۸۰۲۸۴۷۹۰"),
                V::S("عضو"),
            ],
            vec![V::Blank, V::Blank, V::Blank],
            vec![
                V::N(3.0),
                V::S("0684159415"),
                V::S("مریم"),
                V::S("کاظمی"),
                V::Blank,
                V::Blank,
                V::Blank,
                V::Blank,
                V::Blank,
            ],
            vec![
                V::N(4.0),
                V::Own(code("001234501")),
                V::S("زهرا"),
                V::S("کریمی"),
                V::Blank,
                V::Blank,
                V::Blank,
                V::Blank,
                V::Blank,
            ],
            vec![
                V::N(5.0),
                V::Own(code("001234502")),
                V::S("رضا"),
                V::S("محمدی"),
                V::Blank,
                V::S("1370/13/01"),
                V::Blank,
                V::S("10380284790"),
                V::S("سرایدار"),
            ],
        ],
    )
}

fn file_bytes(db: &Db) -> Vec<u8> {
    db.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    std::fs::read(db.path().unwrap()).unwrap()
}

#[test]
fn messy_people_list_is_cleaned_reported_and_rejected_as_a_whole() {
    let (dir, mut db) = world();
    let path = messy_people(dir.path());
    let before = file_bytes(&db);

    let preview = people(&mut db, &path, true).unwrap();
    assert_eq!(preview.header_row, 3, "found under the merged title");
    assert_eq!(preview.rows, 5);
    assert_eq!(preview.skipped_empty, 1);
    assert_eq!(
        (preview.added, preview.updated, preview.unchanged),
        (2, 0, 0)
    );
    assert_eq!(preview.rejected, 3);
    assert!(!preview.written);
    let messages: Vec<(u32, &str, &str)> = preview
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str(), p.message.as_str()))
        .collect();
    // Row numbers are the file's own; columns are the file's headers.
    assert!(
        messages
            .iter()
            .any(|(r, c, m)| *r == 7 && *c == "کد ملی" && m.contains("رقم کنترل")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(r, _, m)| *r == 8 && m.contains("ردیف ۵ پرونده با نام دیگری")),
        "duplicate inside the file: {messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(r, c, m)| *r == 9 && *c == "تاریخ تولد" && m.contains("ماه باید")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|(r, c, _)| *r == 9 && *c == "سمت"),
        "every problem of a row is named: {messages:?}"
    );
    // What cleaning did, row by row.
    let notes: Vec<String> = preview
        .fixes
        .iter()
        .map(|f| format!("{} {} {}", f.row, f.column, f.note))
        .collect();
    for expect in [
        "4 کد ملی ۱ صفر ابتدایی",
        "4 کد ملی این کد در پرونده عدد ذخیره شده بود",
        "4 نام «ي» و «ك» عربی",
        "4 تاریخ تولد تاریخ اکسل به تاریخ شمسی 1365/04/12",
        "4 تلفن همراه رقم‌های فارسی",
        "5 نام خانوادگی فاصله‌های اضافه",
    ] {
        assert!(
            notes.iter().any(|n| n.starts_with(expect)),
            "{expect} in {notes:?}"
        );
    }
    // Without --accept-valid nothing is written, not even the good rows.
    let real = people(&mut db, &path, false).unwrap();
    assert!(!real.written);
    assert_eq!(
        file_bytes(&db),
        before,
        "the database is byte-for-byte unchanged"
    );

    // Accepting the valid rows writes exactly those, in one go.
    let req = ImportRequest {
        kind: ImportKind::People,
        accept_valid: true,
        ..Default::default()
    };
    let taken = import::run(&mut db, &path, &req, &mut |_| true).unwrap();
    assert!(taken.written);
    assert_eq!(taken.added, 2);
    let ali = registry::person_detail(
        db.conn(),
        &taavon_core::ids::NationalCode::parse(&code("049937089")).unwrap(),
    )
    .unwrap();
    assert_eq!(ali.person.first_name, "علی");
    assert_eq!(ali.person.birth_date_jalali.as_deref(), Some("1365/04/12"));
    assert_eq!(ali.person.mobile.as_deref(), Some("09121234567"));
    assert_eq!(ali.memberships.len(), 1);
    assert_eq!(ali.memberships[0].role_label, "مدیرعامل");

    // The error sheet lists each problem with its row, column and value.
    let errors = dir.path().join("errors.xlsx");
    import::write_error_sheet(&taken, &errors, &Default::default()).unwrap();
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&errors).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.height(), 1 + taken.problems.len());
    assert_eq!(range.get_value((1, 1)).unwrap().to_string(), "کد ملی");
    assert_eq!(range.get_value((1, 2)).unwrap().to_string(), "0684159415");
}

#[test]
fn the_same_file_twice_changes_nothing_the_second_time() {
    let (dir, mut db) = world();
    let path = xlsx(
        dir.path(),
        "good.xlsx",
        PEOPLE_HEADERS,
        &[
            vec![
                V::N(1.0),
                V::Own(code("001234501")),
                V::S("سارا"),
                V::S("نوری"),
                V::Blank,
                V::Blank,
                V::Blank,
                V::S("10380284790"),
                V::S("عضو"),
            ],
            vec![
                V::N(2.0),
                V::Own(code("001234502")),
                V::S("رضا"),
                V::S("محمدی"),
                V::Blank,
                V::Blank,
                V::Blank,
                V::Own(nid("1010000000")),
                V::S("بازرس"),
            ],
        ],
    );
    let first = people(&mut db, &path, false).unwrap();
    assert!(first.written);
    assert_eq!(first.added, 2);
    let audit = |db: &Db| -> i64 {
        db.conn()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    };
    let logged = audit(&db);
    let second = people(&mut db, &path, false).unwrap();
    assert_eq!((second.added, second.updated, second.unchanged), (0, 0, 2));
    assert_eq!(audit(&db), logged, "nothing changed, nothing logged");

    // A later list with a mobile updates only that, and the audit log says so.
    let path = xlsx(
        dir.path(),
        "later.xlsx",
        &["کد ملی", "نام", "نام خانوادگی", "تلفن همراه"],
        &[vec![
            V::Own(code("001234501")),
            V::S("سارا"),
            V::S("نوری"),
            V::S("09351112233"),
        ]],
    );
    let third = people(&mut db, &path, false).unwrap();
    assert_eq!(third.updated, 1);
    let changed: String = db
        .conn()
        .query_row(
            "SELECT new_values FROM audit_log WHERE entity = 'person' AND action = 'update' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(changed.contains("09351112233"), "{changed}");
    let memberships: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM membership", [], |r| r.get(0))
        .unwrap();
    assert_eq!(memberships, 2, "roles are not duplicated");
}

#[test]
fn windows_1256_csv_is_read() {
    let (dir, mut db) = world();
    // Windows-1256 has no Persian yeh: Excel writes the Arabic one.
    let text = format!(
        "كد ملي;نام;نام خانوادگي;نام تعاوني\r\n{};مريم;كاظمي;تعاوني فرش نگين\r\n",
        code("001234503")
    );
    let (bytes, _, bad) = encoding_rs::WINDOWS_1256.encode(&text);
    assert!(!bad);
    let path = dir.path().join("list.csv");
    std::fs::write(&path, &bytes).unwrap();
    let out = people(&mut db, &path, false).unwrap();
    assert!(out.written, "{:?}", out.problems);
    assert_eq!(out.added, 1);
    let p = registry::search_people(db.conn(), "مریم کاظمی", Default::default()).unwrap();
    assert_eq!(p.items[0].last_name, "کاظمی");

    // UTF-8 with a BOM and commas.
    let path = dir.path().join("utf8.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"\xEF\xBB\xBF").unwrap();
    write!(
        f,
        "کد ملی,نام,نام خانوادگی\n{},علی,رضایی\n",
        code("001234504")
    )
    .unwrap();
    drop(f);
    assert_eq!(people(&mut db, &path, false).unwrap().added, 1);
}

/// What Excel on a Persian Windows writes for "Save as CSV": CRLF line
/// ends, a BOM for "CSV UTF-8", Windows-1256 for plain "CSV", and the
/// region's list separator (`;`, `؛`) or tab for "Unicode text"; often a
/// title line above the headers, and fields quoted when they hold the
/// separator.
#[test]
fn excel_csv_from_a_persian_windows_is_read() {
    let (dir, mut db) = world();
    let cases: [(&str, &str, bool); 5] = [
        ("utf8-bom-semicolon", ";", true),
        ("utf8-bom-arabic-semicolon", "؛", true),
        ("utf8-tab", "\t", false),
        ("1256-semicolon", ";", false),
        ("1256-tab", "\t", false),
    ];
    for (i, (name, sep, bom)) in cases.into_iter().enumerate() {
        let code = code(&format!("0012346{i:02}"));
        let mut text = String::new();
        text.push_str("فهرست اعضای معرفی‌شده\r\n");
        text.push_str(&["کد ملی", "نام", "نام خانوادگی", "تلفن همراه"].join(sep));
        text.push_str("\r\n");
        text.push_str(&[code.as_str(), "\"مريم؛ زهرا\"", "كاظمي", "0912 123 4567"].join(sep));
        text.push_str("\r\n");
        let bytes = if name.starts_with("1256") {
            // The code page has no Persian yeh: Excel writes the Arabic one.
            let arabic = text.replace('ی', "ي");
            let (b, _, bad) = encoding_rs::WINDOWS_1256.encode(&arabic);
            assert!(!bad, "{name}");
            b.into_owned()
        } else {
            let mut b = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                Vec::new()
            };
            b.extend_from_slice(text.as_bytes());
            b
        };
        let path = dir.path().join(format!("{name}.csv"));
        std::fs::write(&path, bytes).unwrap();
        let out = people(&mut db, &path, false).unwrap();
        assert!(out.written, "{name}: {:?}", out.problems);
        assert_eq!((out.added, out.header_row), (1, 2), "{name}");
        let p = registry::person_detail(
            db.conn(),
            &taavon_core::ids::NationalCode::parse(&code).unwrap(),
        )
        .unwrap()
        .person;
        // The quoted field keeps its separator; Arabic letters become Persian.
        assert_eq!(p.first_name, "مریم؛ زهرا", "{name}");
        assert_eq!(p.last_name, "کاظمی", "{name}");
        assert_eq!(p.mobile.as_deref(), Some("09121234567"), "{name}");
    }
}

/// A minimal OpenDocument spreadsheet, written by hand.
fn ods(path: &Path, rows: &[&[&str]]) {
    let cells = |row: &[&str]| -> String {
        row.iter()
            .map(|c| {
                format!("<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>")
            })
            .collect()
    };
    let body: String = rows
        .iter()
        .map(|r| format!("<table:table-row>{}</table:table-row>", cells(r)))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="اعضا">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn ods_files_and_cooperatives_import() {
    let (dir, mut db) = world();
    let path = dir.path().join("coops.ods");
    ods(
        &path,
        &[
            &["نام تعاونی", "شناسه ملی", "زمینه فعالیت", "شهرستان", "کوچک"],
            &[
                "تعاونی مرغداران ورامین",
                &nid("1050000000"),
                "تولیدی",
                "ورامین",
                "بله",
            ],
            // Already registered: only what differs is updated.
            &["تعاونی فرش نگين", "10380284790", "تولیدی", "ورامين", ""],
            &["تعاونی بی‌نام", "10380284792", "خدماتی", "", ""],
        ],
    );
    let req = ImportRequest {
        kind: ImportKind::Coops,
        accept_valid: true,
        ..Default::default()
    };
    let out = import::run(&mut db, &path, &req, &mut |_| true).unwrap();
    assert_eq!(out.sheet, "اعضا");
    assert_eq!(
        (out.added, out.updated, out.rejected),
        (1, 1, 1),
        "{:?}",
        out.problems
    );
    assert!(
        out.problems[0].message.contains("رقم کنترل"),
        "{:?}",
        out.problems
    );
    let negin = registry::org_detail(
        db.conn(),
        &taavon_core::ids::NationalId::parse("10380284790").unwrap(),
    )
    .unwrap();
    assert_eq!(negin.organization.county.as_deref(), Some("ورامین"));
}

#[test]
fn unreadable_and_empty_files_are_explained() {
    let (dir, mut db) = world();
    let fake = dir.path().join("list.xlsx");
    std::fs::write(&fake, "this is a letter, not a spreadsheet").unwrap();
    let err = people(&mut db, &fake, true).unwrap_err();
    assert_eq!(err.code(), "excel");
    assert!(err.to_string().contains("«list.xlsx» خوانده نشد"), "{err}");

    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let err = people(&mut db, &empty, true).unwrap_err();
    assert!(err.to_string().contains("خالی است"), "{err}");

    let no_header = dir.path().join("numbers.csv");
    std::fs::write(&no_header, "1,2,3\n4,5,6\n").unwrap();
    let err = people(&mut db, &no_header, true).unwrap_err();
    assert!(err.to_string().contains("ردیف سرستون‌ها پیدا نشد"), "{err}");
}

#[test]
fn a_mapping_chosen_by_the_clerk_is_remembered_for_the_same_layout() {
    let (dir, mut db) = world();
    // Headers nobody could guess.
    let path = xlsx(
        dir.path(),
        "odd.xlsx",
        &["کد ملی", "نام", "فامیل شخص"],
        &[vec![V::Own(code("001234505")), V::S("نرگس"), V::S("احمدی")]],
    );
    let layout = import::inspect(db.conn(), &path, None, ImportKind::People).unwrap();
    assert_eq!(layout.headers, ["کد ملی", "نام", "فامیل شخص"]);
    let last = layout
        .mapping
        .iter()
        .find(|m| m.target == "last_name")
        .unwrap();
    assert_eq!(last.column, None);
    let err = people(&mut db, &path, true).unwrap_err();
    assert!(err.to_string().contains("نام خانوادگی"), "{err}");

    let mapping: Vec<ColumnMap> = layout
        .mapping
        .iter()
        .map(|m| ColumnMap {
            target: m.target.clone(),
            column: if m.target == "last_name" {
                Some(2)
            } else {
                m.column
            },
        })
        .collect();
    let req = ImportRequest {
        kind: ImportKind::People,
        mapping: Some(mapping),
        ..Default::default()
    };
    assert_eq!(
        import::run(&mut db, &path, &req, &mut |_| true)
            .unwrap()
            .added,
        1
    );
    let again = import::inspect(db.conn(), &path, None, ImportKind::People).unwrap();
    assert!(again.remembered);
    assert_eq!(
        again
            .mapping
            .iter()
            .find(|m| m.target == "last_name")
            .unwrap()
            .column,
        Some(2)
    );
}

#[test]
fn cancelling_halfway_writes_nothing() {
    let (dir, mut db) = world();
    let path = dir.path().join("many.csv");
    let mut text = String::from("کد ملی,نام,نام خانوادگی\n");
    for i in 0..1200 {
        text.push_str(&format!(
            "{},نام{i},خانواده\n",
            code(&format!("00{:07}", 1_000_000 + i))
        ));
    }
    std::fs::write(&path, text).unwrap();
    let before = file_bytes(&db);
    let req = ImportRequest {
        kind: ImportKind::People,
        ..Default::default()
    };
    let mut seen = Vec::new();
    let err = import::run(&mut db, &path, &req, &mut |p| {
        seen.push(p.done);
        p.done < 1000
    })
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(seen, [0, 500, 1000], "progress every 500 rows");
    assert_eq!(
        file_bytes(&db),
        before,
        "rows read before the cancel are gone too"
    );
}

#[test]
fn cancelling_early_in_a_long_sheet_stops_the_reading_too() {
    // The sheet is read on a thread of its own, a few batches ahead: a
    // cancel while it is still reading must not leave the import waiting
    // for a reader that waits for room to send.
    let (dir, mut db) = world();
    let path = dir.path().join("long.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["کد ملی", "نام", "نام خانوادگی"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 1..=30_000u32 {
        ws.write_string(i, 0, code(&format!("00{:07}", 1_000_000 + i)))
            .unwrap();
        ws.write_string(i, 1, format!("نام{i}")).unwrap();
        ws.write_string(i, 2, "خانواده").unwrap();
    }
    wb.save(&path).unwrap();
    let before = file_bytes(&db);
    let (done, answer) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let req = ImportRequest {
            kind: ImportKind::People,
            ..Default::default()
        };
        let result = import::run(&mut db, &path, &req, &mut |p| p.done == 0);
        done.send(result.map(|_| ()).map_err(|e| e.code().to_owned()))
            .unwrap();
        db
    });
    let result = answer
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the import answers after a cancel instead of waiting for its reader");
    assert_eq!(result, Err("cancelled".to_owned()));
    let db = worker.join().unwrap();
    assert_eq!(file_bytes(&db), before, "nothing written");
}

#[test]
fn tvto_feedback_moves_referrals_along_their_lifecycle() {
    let mut db = Db::open_in_memory().unwrap();
    taavon_core::demo::generate(
        &mut db,
        &taavon_core::demo::DemoConfig::default(),
        &mut |_| true,
    )
    .unwrap();
    // The newest round is sent and waiting for answers.
    let round = rounds::list_rounds(db.conn()).unwrap()[0].clone();
    assert_eq!(round.status, RoundStatus::Sent);
    let waiting: Vec<_> = rounds::referrals(db.conn(), round.id)
        .unwrap()
        .into_iter()
        .filter(|r| r.status == taavon_core::model::ReferralStatus::Sent)
        .collect();
    assert!(waiting.len() >= 2, "{}", waiting.len());
    let course = |r: &rounds::ReferralView| r.course_code.clone().unwrap_or(r.course_title.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        dir.path(),
        "feedback.xlsx",
        &[
            "کد ملی",
            "کد استاندارد",
            "ثبت نام",
            "حضور",
            "نتیجه",
            "شماره گواهینامه",
        ],
        &[
            vec![
                V::Own(waiting[0].national_code.clone()),
                V::Own(course(&waiting[0])),
                V::S("ثبت‌نام شد"),
                V::S("کامل"),
                V::S("قبول"),
                V::S("۱۴۰۵۱۲۳"),
            ],
            vec![
                V::Own(waiting[1].national_code.clone()),
                V::Own(course(&waiting[1])),
                V::S("انصراف"),
                V::Blank,
                V::Blank,
                V::Blank,
            ],
            vec![
                V::S("0499370899"),
                V::S("هیچ دوره"),
                V::S("ثبت‌نام شد"),
                V::Blank,
                V::Blank,
                V::Blank,
            ],
        ],
    );
    let req = ImportRequest {
        kind: ImportKind::Feedback,
        accept_valid: true,
        ..Default::default()
    };
    let out = import::run(&mut db, &path, &req, &mut |_| true).unwrap();
    assert_eq!((out.updated, out.rejected), (2, 1), "{:?}", out.problems);
    let first = rounds::get_referral(db.conn(), waiting[0].id).unwrap();
    assert_eq!(first.status, taavon_core::model::ReferralStatus::Certified);
    assert_eq!(first.certificate_no.as_deref(), Some("1405123"));
    let steps: Vec<String> = rounds::referral_history(db.conn(), waiting[0].id)
        .unwrap()
        .into_iter()
        .map(|h| h.to_label)
        .collect();
    assert_eq!(
        steps[steps.len() - 4..],
        ["ثبت‌نام‌شده", "حضور کامل", "قبول", "گواهینامه گرفته"]
    );
    assert_eq!(
        rounds::get_referral(db.conn(), waiting[1].id)
            .unwrap()
            .status,
        taavon_core::model::ReferralStatus::Declined
    );
    // The same feedback again: nothing changes.
    let again = import::run(&mut db, &path, &req, &mut |_| true).unwrap();
    assert_eq!((again.updated, again.unchanged), (0, 2));
}

#[test]
fn csv_rows_keep_their_line_numbers_past_empty_lines() {
    let (dir, mut db) = world();
    let path = dir.path().join("gaps.csv");
    std::fs::write(&path, "کد ملی,نام,نام خانوادگی\n\n\n0684159415,رضا,محمدی\n").unwrap();
    let out = people(&mut db, &path, true).unwrap();
    assert_eq!(out.problems[0].row, 4, "{:?}", out.problems);
}

// ---------------------------------------------------------------------------
// TVTO standards lists

/// Writes a standards list the way TVTO sends one: a merged title row, the
/// header row, then the rows.
fn standards_file(dir: &Path, name: &str, headers: &[&str], rows: &[Vec<V>]) -> PathBuf {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("استانداردها").unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            headers.len() as u16 - 1,
            "فهرست استانداردهای آموزشی ویژه تعاونی‌ها",
            &Format::new().set_bold(),
        )
        .unwrap();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    write_rows(sheet, 2, rows);
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

const STANDARDS_HEADERS: &[&str] = &[
    "ردیف",
    "کد استاندارد",
    "نام استاندارد",
    "خوشه",
    "گروه",
    "ساعت نظری",
    "ساعت عملی",
    "جمع ساعت",
    "حداقل تحصیلات",
];

fn good_standards() -> Vec<Vec<V>> {
    use V::*;
    vec![
        vec![
            N(1.0),
            N(343320530020001.0),
            S("حسابدار عمومی"),
            S("مالی"),
            S("حسابداری"),
            S("۱۲۰"),
            S("۲۴۰"),
            Blank,
            S("دیپلم"),
        ],
        vec![
            N(2.0),
            S("0721/62/1/3"),
            S("بافنده فرش دستباف"),
            S("صنایع دستی"),
            S("فرش"),
            N(40.0),
            N(80.0),
            N(120.0),
            S("فوق دیپلم"),
        ],
        vec![
            Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank,
        ],
        vec![
            N(3.0),
            S("٧٣١٢٠٠١"),
            S("فروشنده برخط"),
            Blank,
            Blank,
            N(16.0),
            Blank,
            Blank,
            Blank,
        ],
    ]
}

fn course_count(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM course", [], |r| r.get(0))
        .unwrap()
}

/// A standards list, all rows or none: a preview when `dry_run`.
fn standards(db: &mut Db, path: &Path, dry_run: bool) -> taavon_core::Result<ImportOutcome> {
    let req = ImportRequest {
        kind: ImportKind::Standards,
        dry_run,
        ..Default::default()
    };
    import::run(db, path, &req, &mut |_| true)
}

#[test]
fn standards_list_imports_once_and_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = standards_file(
        dir.path(),
        "standards.xlsx",
        STANDARDS_HEADERS,
        &good_standards(),
    );
    let mut db = Db::open_in_memory().unwrap();
    let before = course_count(&db);

    let preview = standards(&mut db, &path, true).unwrap();
    assert_eq!(
        (preview.added, preview.rejected, preview.written),
        (3, 0, false)
    );
    assert_eq!(course_count(&db), before, "a preview writes nothing");

    let layout = import::inspect(db.conn(), &path, None, ImportKind::Standards).unwrap();
    let ignored: Vec<&str> = layout
        .headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !layout.mapping.iter().any(|m| m.column == Some(*i as u32)))
        .map(|(_, h)| h.as_str())
        .collect();
    assert_eq!(ignored, ["ردیف"]);

    let report = standards(&mut db, &path, false).unwrap();
    assert_eq!(report.file, "standards.xlsx");
    assert_eq!(report.sheet, "استانداردها");
    assert_eq!(report.header_row, 2, "the merged title row is skipped");
    assert_eq!(
        (
            report.rows,
            report.added,
            report.updated,
            report.unchanged,
            report.rejected
        ),
        (3, 3, 0, 0, 0),
        "the blank row is not counted"
    );
    assert_eq!(report.skipped_empty, 1);
    assert!(report.written);
    assert!(report.rejection().is_none());
    assert_eq!(course_count(&db), before + 3);

    let accounting = catalog::find_course_by_code(db.conn(), "343320530020001")
        .unwrap()
        .expect("a code typed as a number keeps all its digits, without .0");
    assert_eq!(accounting.title, "حسابدار عمومی");
    assert_eq!(accounting.cluster.as_deref(), Some("مالی"));
    assert_eq!(
        (
            accounting.theory_hours,
            accounting.practice_hours,
            accounting.total_hours
        ),
        (Some(120), Some(240), Some(360)),
        "Persian digits in hours; the total is computed"
    );
    assert_eq!(accounting.entry_education, Some(Education::Diploma));
    let carpet = catalog::find_course_by_code(db.conn(), "0721/62/1/3")
        .unwrap()
        .unwrap();
    assert_eq!(carpet.entry_education, Some(Education::Associate));
    assert!(catalog::find_course_by_code(db.conn(), "7312001")
        .unwrap()
        .is_some());

    let again = standards(&mut db, &path, false).unwrap();
    assert_eq!(
        (again.added, again.updated, again.unchanged),
        (0, 0, 3),
        "safe to run twice"
    );
    assert_eq!(course_count(&db), before + 3);
}

#[test]
fn a_rejected_standard_names_row_column_and_value_and_nothing_is_written() {
    use V::*;
    let dir = tempfile::tempdir().unwrap();
    let mut rows = good_standards();
    rows.insert(
        1,
        vec![
            N(9.0),
            S("1234"),
            Blank,
            Blank,
            Blank,
            S("چهل"),
            Blank,
            Blank,
            Blank,
        ],
    );
    rows.push(vec![
        N(10.0),
        N(343320530020001.0),
        S("تکرار"),
        Blank,
        Blank,
        Blank,
        Blank,
        Blank,
        Blank,
    ]);
    let path = standards_file(dir.path(), "bad.xlsx", STANDARDS_HEADERS, &rows);
    let mut db = Db::open_in_memory().unwrap();
    let before = course_count(&db);

    let preview = standards(&mut db, &path, true).unwrap();
    assert_eq!((preview.rows, preview.added, preview.rejected), (5, 3, 2));
    assert!(!preview.written);
    let problems: Vec<(u32, &str, &str)> = preview
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (4, "نام استاندارد", ""),
            (4, "ساعت نظری", "چهل"),
            (8, "کد استاندارد", "343320530020001"),
        ]
    );
    assert_eq!(
        preview.problems[0].message,
        "«نام استاندارد» خالی است و باید پر شود."
    );
    assert_eq!(
        preview.problems[1].message,
        "«ساعت نظری» با مقدار «چهل» باید عدد باشد."
    );
    assert!(
        preview.problems[2]
            .message
            .contains("در ردیف ۳ همین پرونده"),
        "{}",
        preview.problems[2].message
    );

    let report = standards(&mut db, &path, false).unwrap();
    let err = report.rejection().expect("rows were rejected");
    assert_eq!(err.code, "import_rejected");
    assert!(
        err.message.contains("۲ ردیف از ۵ ردیف")
            && err.message.contains("ردیف ۴: «نام استاندارد» خالی است"),
        "{}",
        err.message
    );
    assert!(!report.written);
    assert_eq!(report.problems, preview.problems);
    assert_eq!(course_count(&db), before, "all or nothing");
}

#[test]
fn a_formula_error_in_a_standard_is_a_fault_and_a_numbered_empty_row_is_blank() {
    use V::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formula.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["ردیف", "کد استاندارد", "نام استاندارد", "خوشه"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    write_rows(
        sheet,
        1,
        &[
            vec![N(1.0), S("111"), S("حسابدار"), Blank],
            vec![N(2.0), Blank, Blank, Blank],
        ],
    );
    // A formula whose cached result is #REF!.
    sheet
        .write_formula(
            1,
            3,
            rust_xlsxwriter::Formula::new("=#REF!").set_result("#REF!"),
        )
        .unwrap();
    book.save(&path).unwrap();
    let mut db = Db::open_in_memory().unwrap();
    let out = standards(&mut db, &path, true).unwrap();
    assert_eq!((out.rows, out.rejected, out.skipped_empty), (1, 1, 1));
    assert_eq!(out.problems[0].column, "خوشه");
    assert!(
        out.problems[0].message.contains("خطای فرمول اکسل"),
        "{}",
        out.problems[0].message
    );
}

#[test]
fn columns_the_standards_list_lacks_keep_their_stored_values() {
    use V::*;
    let dir = tempfile::tempdir().unwrap();
    let full = standards_file(
        dir.path(),
        "full.xlsx",
        STANDARDS_HEADERS,
        &good_standards(),
    );
    let mut db = Db::open_in_memory().unwrap();
    standards(&mut db, &full, false).unwrap();

    let renamed = standards_file(
        dir.path(),
        "titles.xlsx",
        &["code", "Title"],
        &[vec![N(343320530020001.0), S("حسابدار عمومی (ویرایش دوم)")]],
    );
    let report = standards(&mut db, &renamed, false).unwrap();
    assert_eq!((report.updated, report.unchanged), (1, 0));
    let c = catalog::find_course_by_code(db.conn(), "343320530020001")
        .unwrap()
        .unwrap();
    assert_eq!(c.title, "حسابدار عمومی (ویرایش دوم)");
    assert_eq!(c.total_hours, Some(360), "hours not in the file are kept");
    assert_eq!(c.cluster.as_deref(), Some("مالی"));
    assert_eq!(c.entry_education, Some(Education::Diploma));
}

#[test]
fn unreadable_standards_lists_and_missing_headers_are_explained() {
    use V::*;
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open_in_memory().unwrap();

    let text = dir.path().join("list.xlsx");
    std::fs::write(&text, "not a spreadsheet").unwrap();
    let err = standards(&mut db, &text, true).unwrap_err();
    assert_eq!(err.code(), "excel");
    assert!(err.to_string().contains("خوانده نشد"), "{err}");

    let err = standards(&mut db, &dir.path().join("missing.xlsx"), true).unwrap_err();
    assert!(err.to_string().contains("پیدا نشد"), "{err}");

    // Headers that are none of a standards list's.
    let no_header = standards_file(
        dir.path(),
        "no-header.xlsx",
        &["ردیف", "گروه هدف"],
        &[vec![N(1.0), S("مدیران")]],
    );
    let err = import::inspect(db.conn(), &no_header, None, ImportKind::Standards).unwrap_err();
    assert_eq!(err.code(), "excel");
    assert!(err.to_string().contains("ردیف سرستون‌ها پیدا نشد"), "{err}");

    // The header row is found, but the codes are not in it: the clerk is
    // asked to map that column, and nothing is imported without it.
    let no_code = standards_file(
        dir.path(),
        "no-code.xlsx",
        &["عنوان", "خوشه"],
        &[vec![S("حسابدار"), S("مالی")]],
    );
    let layout = import::inspect(db.conn(), &no_code, None, ImportKind::Standards).unwrap();
    let code = layout.mapping.iter().find(|m| m.target == "code").unwrap();
    assert_eq!(code.column, None);
    let err = standards(&mut db, &no_code, false).unwrap_err();
    assert_eq!(err.code(), "refused");
    assert!(
        err.to_string()
            .contains("«کد استاندارد» در پرونده پیدا نشد"),
        "{err}"
    );
}

/// A column with no header and no value in the first thousands of rows,
/// then one far down: the sheet is as wide as that column, as the clerk saw
/// it when choosing the mapping, even though the rows are checked while
/// the file is still being read.
#[test]
fn a_column_first_filled_far_down_can_still_be_mapped() {
    let (dir, mut db) = world();
    let rows: Vec<Vec<V>> = (0..6_000u32)
        .map(|i| {
            let mut row = vec![
                V::Own(code(&format!("{:09}", 312_345_678 + i * 13))),
                V::S("علی"),
                V::S("رضایی"),
            ];
            if i == 5_900 {
                row.extend([V::Blank, V::Blank, V::S("حسن")]);
            }
            row
        })
        .collect();
    let path = xlsx(
        dir.path(),
        "far.xlsx",
        &["کد ملی", "نام", "نام خانوادگی"],
        &rows,
    );
    let layout = import::inspect(db.conn(), &path, None, ImportKind::People).unwrap();
    assert_eq!(layout.headers.len(), 6, "as wide as its widest row");
    let mapping: Vec<ColumnMap> = layout
        .mapping
        .iter()
        .map(|m| ColumnMap {
            target: m.target.clone(),
            column: if m.target == "father_name" {
                Some(5)
            } else {
                m.column
            },
        })
        .collect();
    let req = ImportRequest {
        kind: ImportKind::People,
        mapping: Some(mapping),
        ..Default::default()
    };
    let mut steps = Vec::new();
    let out = import::run(&mut db, &path, &req, &mut |p| {
        steps.push((p.done, p.total));
        true
    })
    .unwrap();
    assert_eq!(
        (out.rows, out.added, out.rejected),
        (6_000, 6_000, 0),
        "{:?}",
        out.problems.first()
    );
    assert!(out.written);
    let father = |i: u32| {
        registry::find_person(
            db.conn(),
            &taavon_core::ids::NationalCode::parse(&code(&format!("{:09}", 312_345_678 + i * 13)))
                .unwrap(),
        )
        .unwrap()
        .unwrap()
        .father_name
    };
    assert_eq!(father(5_900).as_deref(), Some("حسن"));
    assert_eq!(father(5_899), None);
    let (done, total) = *steps.last().unwrap();
    assert_eq!(done, total, "the bar ends full");
    assert!(
        steps.windows(2).all(|w| w[0].0 <= w[1].0),
        "the bar never goes back: {steps:?}"
    );
    assert!(
        steps
            .iter()
            .any(|&(done, total)| done > 0 && done < total / 2),
        "rows read count before any is written: {steps:?}"
    );
}

#[test]
fn people_written_together_keep_the_order_of_their_rows_and_every_write() {
    let (dir, mut db) = world();
    let last = ["صدری", "کاظمی", "نوروزی", "امینی", "بهرامی"];
    let codes: Vec<String> = (0..150).map(|i| code(&format!("88{:07}", i + 1))).collect();
    let mut rows: Vec<Vec<V>> = Vec::new();
    for (i, c) in codes.iter().enumerate() {
        let (coop, role) = if i == 70 {
            (V::S("10380284790"), V::S("عضو"))
        } else {
            (V::Blank, V::Blank)
        };
        rows.push(vec![
            V::N(i as f64 + 1.0),
            V::Own(c.clone()),
            V::S("نگار"),
            V::S(last[i % 5]),
            V::Blank,
            V::Blank,
            V::Blank,
            coop,
            role,
        ]);
    }
    // The person of the eleventh row again, with a mobile.
    rows.insert(
        100,
        vec![
            V::N(0.0),
            V::Own(codes[10].clone()),
            V::S("نگار"),
            V::S(last[0]),
            V::Blank,
            V::Blank,
            V::S("09121234567"),
            V::Blank,
            V::Blank,
        ],
    );
    let path = xlsx(dir.path(), "many.xlsx", PEOPLE_HEADERS, &rows);
    let out = people(&mut db, &path, false).unwrap();
    assert_eq!((out.added, out.updated, out.rejected), (150, 1, 0));

    // Ids in the order of the rows, the member's among the others.
    let in_order: Vec<String> = db
        .conn()
        .prepare("SELECT national_code FROM person ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(in_order, codes);
    let member: String = db
        .conn()
        .query_row(
            "SELECT p.national_code FROM membership m JOIN person p ON p.id = m.person_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(member, codes[70]);
    let mobile: Option<String> = db
        .conn()
        .query_row(
            "SELECT mobile FROM person WHERE national_code = ?1",
            [&codes[10]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mobile.as_deref(), Some("09121234567"));
    // Found by name, and logged once each with the values they end with.
    let found = registry::search_people(
        db.conn(),
        "نگار صدری",
        taavon_core::registry::PageRequest::default(),
    )
    .unwrap();
    assert_eq!(found.total, 30);
    let logged: Vec<(String, String)> = db
        .conn()
        .prepare(
            "SELECT action, new_values FROM audit_log WHERE entity = 'person' ORDER BY entity_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(logged.len(), 150);
    assert!(logged.iter().all(|(action, _)| action == "insert"));
    assert!(logged[10].1.contains("09121234567"), "{}", logged[10].1);
    let fts_sound = db.conn().execute(
        "INSERT INTO person_fts (person_fts, rank) VALUES ('integrity-check', 1)",
        [],
    );
    assert!(fts_sound.is_ok(), "{fts_sound:?}");
}
