//! Excel files: a roadmap written in the house style and read back cell by
//! cell. (TVTO standards lists are imported in tests/import.rs.)

use std::path::Path;

use calamine::{Data, Reader};
use taavon_core::catalog::{self, CourseInput};
use taavon_core::db::Db;
use taavon_core::needs::{self, NeedInput};
use taavon_core::registry::{self, OrgInput};
use taavon_core::xlsx::{self, ExportOptions};

mod common;
use common::{add_course, assert_house_style, autumn_campaign, is_number, zip_entry};

// ---------------------------------------------------------------------------
// Roadmap export

struct Coop {
    db: Db,
    id: i64,
}

/// A cooperative with three roadmap lines: an approved one for a standard
/// whose code starts with zero, one without a month, one general topic.
fn coop_with_roadmap() -> Coop {
    let mut db = Db::open_in_memory().unwrap();
    let campaign = autumn_campaign(&mut db, "1404", None);
    let org = OrgInput {
        name: "تعاونی فرش نگین ورامین".into(),
        national_id: Some("10380284790".into()),
        field: "production".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let id = db.write(|tx| registry::add_org(tx, &org)).unwrap().id;
    let carpet = add_course(
        &mut db,
        CourseInput {
            code: Some("0721/62/1/3".into()),
            title: "بافنده فرش دستباف".into(),
            theory_hours: Some("40".into()),
            practice_hours: Some("80".into()),
            active: true,
            ..Default::default()
        },
    );
    let accounting = add_course(
        &mut db,
        CourseInput {
            code: Some("343320530020001".into()),
            title: "حسابدار عمومی".into(),
            active: true,
            ..Default::default()
        },
    );
    let law = catalog::find_course(db.conn(), "قوانین و مقررات تعاون")
        .unwrap()
        .id;
    let need = |course: i64, role: &str, requested: &str, month: Option<&str>| NeedInput {
        campaign_id: campaign,
        organization_id: id,
        target_role: role.into(),
        course_id: course,
        requested: requested.into(),
        source: "self_applied".into(),
        need_level: "4".into(),
        target_month: month.map(Into::into),
        notes: Some("برای اعضای تازه".into()),
    };
    let mut ids = Vec::new();
    for n in [
        need(carpet, "members", "12", Some("1404/09")),
        need(accounting, "managers", "2", None),
        need(law, "all", "20", Some("1404/10")),
    ] {
        let n = n.validate().unwrap();
        ids.push(db.write(|tx| needs::add_need(tx, &n)).unwrap().id);
    }
    db.write(|tx| needs::approve_all(tx, &ids[..1], "جلسه کارگروه"))
        .unwrap();
    Coop { db, id }
}

fn first_sheet(path: &Path) -> (Vec<String>, calamine::Range<Data>) {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let names = book.sheet_names();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    (names, range)
}

#[test]
fn roadmap_sheet_reads_back_cell_by_cell() {
    let c = coop_with_roadmap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roadmap.xlsx");
    xlsx::export_roadmap(c.db.conn(), c.id, &path, &ExportOptions::default()).unwrap();

    let (names, range) = first_sheet(&path);
    assert_eq!(names, ["نقشه راه"]);
    assert_eq!(range.start(), Some((0, 0)), "the header is row 1");
    let headers: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        headers,
        [
            "ردیف",
            "دوره",
            "کد استاندارد",
            "گروه هدف",
            "ماه هدف",
            "سطح نیاز",
            "منبع",
            "تعداد درخواستی",
            "تعداد مصوب",
            "معرفی‌شده",
            "آموزش‌دیده",
            "وضعیت",
            "توضیحات",
        ]
    );
    assert_eq!(range.height(), 4);
    let row = |r: u32| -> Vec<Data> {
        (0..13)
            .map(|c| range.get_value((r, c)).cloned().unwrap_or_default())
            .collect()
    };

    let first = row(1);
    assert!(is_number(&first[0], 1.0), "{:?}", first[0]);
    assert_eq!(first[1], Data::String("بافنده فرش دستباف".into()));
    assert_eq!(
        first[2],
        Data::String("0721/62/1/3".into()),
        "codes are text, exactly as stored"
    );
    assert_eq!(first[3], Data::String("اعضا".into()));
    assert_eq!(
        first[4],
        Data::String("1404/09".into()),
        "Jalali month as text"
    );
    assert!(is_number(&first[5], 4.0));
    assert_eq!(first[6], Data::String("متقاضی".into()));
    assert!(is_number(&first[7], 12.0));
    assert!(is_number(&first[8], 12.0), "approved count");
    assert!(is_number(&first[9], 0.0) && is_number(&first[10], 0.0));
    assert_eq!(first[11], Data::String("مصوب".into()));
    assert_eq!(first[12], Data::String("برای اعضای تازه".into()));

    // Months first, the line without a month last.
    let second = row(2);
    assert_eq!(second[1], Data::String("قوانین و مقررات تعاون".into()));
    assert_eq!(second[2], Data::Empty, "general topics have no code");
    assert_eq!(second[4], Data::String("1404/10".into()));
    assert_eq!(second[8], Data::Empty, "not approved yet");
    let third = row(3);
    assert_eq!(
        third[2],
        Data::String("343320530020001".into()),
        "a long numeric code stays text"
    );
    assert_eq!(third[4], Data::Empty);

    let sheet = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert_house_style(
        &sheet,
        &[
            r#"<autoFilter ref="A1:M4"/>"#,
            r#"fitToHeight="0""#,
            "تعاونی فرش نگین ورامین (شناسه ملی 10380284790)",
            xlsx::DEFAULT_OFFICE,
        ],
    );
    let workbook = zip_entry(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("$1:$1"),
        "the header row repeats on every page: {workbook}"
    );
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(
        styles.contains(r#"<name val="Tahoma"/><family val="2"/><charset val="178"/>"#),
        "one base font, Arabic character set: {styles}"
    );
    assert!(styles.contains("<b/>"), "bold header");
    let core = zip_entry(&path, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>نقشه راه آموزشی تعاونی فرش نگین ورامین</dc:title>"),
        "{core}"
    );
    assert!(core.contains(&format!(
        "<dc:creator>{}</dc:creator>",
        xlsx::DEFAULT_OFFICE
    )));
    assert!(core.contains("<dcterms:created"));
    let app = zip_entry(&path, "docProps/app.xml");
    assert!(app.contains(&format!("<Company>{}</Company>", xlsx::DEFAULT_OFFICE)));
}

#[test]
fn roadmap_font_comes_from_the_settings() {
    let c = coop_with_roadmap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roadmap.xlsx");
    let opts = ExportOptions {
        font: "B Nazanin".into(),
        ..Default::default()
    };
    xlsx::export_roadmap(c.db.conn(), c.id, &path, &opts).unwrap();
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(styles.contains(r#"<name val="B Nazanin"/>"#), "{styles}");
    assert!(!styles.contains("Calibri"), "one font throughout: {styles}");
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn failed_export_leaves_no_half_file() {
    let c = coop_with_roadmap();
    let dir = tempfile::tempdir().unwrap();

    // A folder where the file should be: the rename fails.
    let blocked = dir.path().join("roadmap.xlsx");
    std::fs::create_dir(&blocked).unwrap();
    let err = xlsx::export_roadmap(c.db.conn(), c.id, &blocked, &Default::default()).unwrap_err();
    assert_eq!(err.code(), "excel");
    assert!(err.to_string().contains("ذخیره نشد"), "{err}");
    assert_eq!(
        files_in(dir.path()),
        ["roadmap.xlsx"],
        "no temporary file left"
    );

    let missing = dir.path().join("no-such-folder").join("roadmap.xlsx");
    let err = xlsx::export_roadmap(c.db.conn(), c.id, &missing, &Default::default()).unwrap_err();
    assert_eq!(err.code(), "excel");
    assert!(err.to_string().contains("پیدا نشد"), "{err}");

    // An older file is replaced whole.
    let path = dir.path().join("again.xlsx");
    std::fs::write(&path, "old").unwrap();
    xlsx::export_roadmap(c.db.conn(), c.id, &path, &Default::default()).unwrap();
    assert_eq!(first_sheet(&path).1.height(), 4);
    assert_eq!(files_in(dir.path()), ["again.xlsx", "roadmap.xlsx"]);

    let err = xlsx::export_roadmap(c.db.conn(), 999, &path, &Default::default()).unwrap_err();
    assert_eq!(err.code(), "not_found");
}
