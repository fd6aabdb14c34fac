//! The screens' lists exported to Excel: each sheet read back cell by cell
//! against the list function the screen uses, under the same filter, all
//! pages at once, in the house style.

use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader};
use taavon_core::catalog::CourseInput;
use taavon_core::db::Db;
use taavon_core::demo::{self, DemoConfig};
use taavon_core::model::{NeedStatus, OrgField, OrgStatus, ReferralStatus};
use taavon_core::needs::{self, NeedFilter, NeedInput};
use taavon_core::registry::{self, OrgFilter, OrgInput, PageRequest, PersonInput};
use taavon_core::rounds;
use taavon_core::xlsx::{self, ExportOptions, ListSheet};

mod common;
use common::{add_course, assert_house_style, code, is_number, nid, zip_entry};

/// Longer than the widest the name column grows (48), so it must wrap.
const LONG_NAME: &str =
    "شرکت تعاونی تولیدی و توزیعی صنایع دستی و فرش دستباف بانوان سرپرست خانوار شهرستان ورامین";

struct World {
    db: Db,
    dir: tempfile::TempDir,
    long_org: i64,
    carpet: i64,
}

/// Sample data at a small scale (every status of needs, rounds and
/// referrals), plus a cooperative with a long name and codes that start
/// with zeros, and a person whose code does too.
fn world() -> World {
    let mut db = Db::open_in_memory().unwrap();
    demo::generate(
        &mut db,
        &DemoConfig {
            coops: 60,
            people: 400,
            seed: 7,
        },
        &mut |_| true,
    )
    .unwrap();
    let org = OrgInput {
        name: LONG_NAME.into(),
        national_id: Some(nid("0012345678")),
        registration_no: Some("00123".into()),
        field: "production".into(),
        county: Some("ورامین".into()),
        founded_on: Some("1399/05/12".into()),
        member_count: Some("35".into()),
        phone: Some("02136123456".into()),
        mobile: Some("09121234567".into()),
        is_small: true,
        is_internet: true,
        ..Default::default()
    }
    .validate()
    .unwrap();
    let long_org = db.write(|tx| registry::add_org(tx, &org)).unwrap().id;
    let person = PersonInput {
        national_code: code("000412345"),
        first_name: "مریم".into(),
        last_name: "محمدی".into(),
        father_name: Some("حسن".into()),
        gender: Some("female".into()),
        birth_date: Some("1370/01/05".into()),
        education: Some("bachelor".into()),
        mobile: Some("09351234567".into()),
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_person(tx, &person)).unwrap();
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
    World {
        db,
        dir: tempfile::tempdir().unwrap(),
        long_org,
        carpet,
    }
}

impl World {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn opts() -> ExportOptions {
    ExportOptions::default()
}

/// The sheets' names and the first sheet.
fn read(path: &Path) -> (Vec<String>, calamine::Range<Data>) {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let names = book.sheet_names();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    (names, range)
}

fn cell(range: &calamine::Range<Data>, r: usize, c: usize) -> Data {
    range
        .get_value((r as u32, c as u32))
        .cloned()
        .unwrap_or_default()
}

fn text(s: &str) -> Data {
    Data::String(s.into())
}

fn header(range: &calamine::Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect()
}

/// Column `c` of every row under the header.
fn column(range: &calamine::Range<Data>, c: usize) -> Vec<Data> {
    (1..range.height()).map(|r| cell(range, r, c)).collect()
}

fn texts<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Data> {
    values.into_iter().map(text).collect()
}

/// The `<col>` element of a 1-based column in a sheet's XML.
fn col_width(sheet: &str, col: usize) -> f64 {
    let tag = format!(r#"<col min="{col}" max="{col}" width=""#);
    let at = sheet
        .find(&tag)
        .unwrap_or_else(|| panic!("{tag} in {sheet}"))
        + tag.len();
    sheet[at..].split('"').next().unwrap().parse().unwrap()
}

/// Every `<row>` of a sheet's XML once, in order: a row written twice is a
/// file Excel repairs on opening.
fn assert_rows_once(sheet: &str) {
    let numbers: Vec<u32> = sheet
        .split("<row r=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect();
    assert!(
        numbers.windows(2).all(|w| w[0] < w[1]),
        "rows out of order or twice: {numbers:?}"
    );
}

/// Whether the sheet gives row `r` (1-based) a height of its own.
fn has_own_height(sheet: &str, r: usize) -> bool {
    let tag = format!(r#"<row r="{r}" "#);
    sheet
        .find(&tag)
        .map(|at| {
            sheet[at..]
                .split('>')
                .next()
                .unwrap()
                .contains("customHeight")
        })
        .unwrap_or(false)
}

fn jalali_day(d: &Data) -> bool {
    let s = d.to_string();
    let b = s.as_bytes();
    matches!(d, Data::String(_))
        && b.len() == 10
        && b[4] == b'/'
        && b[7] == b'/'
        && s.starts_with("14")
}

// ---------------------------------------------------------------------------

#[test]
fn cooperatives_sheet_is_the_filtered_list_in_order() {
    let w = world();
    let filter = OrgFilter {
        field: Some(OrgField::Production),
        status: Some(OrgStatus::Active),
        ..Default::default()
    };
    // What the screen pages through, a few rows at a time.
    let mut listed = Vec::new();
    let mut page = 1;
    let total = loop {
        let p = registry::search_orgs(w.db.conn(), &filter, PageRequest { page, page_size: 7 })
            .unwrap();
        listed.extend(p.items);
        if listed.len() as u64 >= p.total {
            break p.total as usize;
        }
        page += 1;
    };
    let everyone = registry::search_orgs(w.db.conn(), &OrgFilter::default(), PageRequest::default())
        .unwrap()
        .total as usize;
    assert!(total > 7 && total < everyone, "{total} of {everyone}");

    let path = w.path("orgs.xlsx");
    let saved = xlsx::export_orgs(w.db.conn(), &filter, &path, &opts()).unwrap();
    assert_eq!(saved.path(), path);
    let (names, range) = read(&path);
    assert_eq!(names, ["تعاونی‌ها و اتحادیه‌ها"]);
    assert_eq!(
        header(&range),
        [
            "ردیف",
            "نام تعاونی",
            "نوع",
            "شناسه ملی",
            "شماره ثبت",
            "زمینه فعالیت",
            "گرایش",
            "شهرستان",
            "تاریخ تأسیس",
            "تعداد اعضا",
            "تلفن",
            "تلفن همراه",
            "کوچک",
            "نوپا",
            "اینترنتی",
            "وضعیت",
            "رایانامه",
        ]
    );
    assert_eq!(range.height(), total + 1, "every page, not one");
    assert_eq!(
        column(&range, 1),
        texts(listed.iter().map(|o| o.name.as_str())),
        "the list's rows in the list's order"
    );
    let keys: Vec<Vec<u8>> = listed
        .iter()
        .map(|o| taavon_core::collate::sort_key(&o.name))
        .collect();
    assert!(keys.windows(2).all(|k| k[0] <= k[1]), "Persian order");
    assert!(column(&range, 5).iter().all(|d| *d == text("تولیدی")));
    assert!(column(&range, 15).iter().all(|d| *d == text("فعال")));
    assert!(column(&range, 2)
        .iter()
        .all(|d| *d == text("تعاونی") || *d == text("اتحادیه")));
    for (i, d) in column(&range, 0).iter().enumerate() {
        assert!(is_number(d, i as f64 + 1.0), "{d:?}");
    }

    let at = listed.iter().position(|o| o.id == w.long_org).unwrap() + 1;
    let row: Vec<Data> = (0..17).map(|c| cell(&range, at, c)).collect();
    assert_eq!(row[1], text(LONG_NAME));
    assert_eq!(row[3], text(&nid("0012345678")), "national ID as text");
    assert!(row[3].to_string().starts_with("00"));
    assert_eq!(row[4], text("00123"), "registration number as text");
    assert_eq!(row[7], text("ورامین"));
    assert_eq!(row[8], text("1399/05/12"), "Jalali date as text");
    assert!(is_number(&row[9], 35.0));
    assert_eq!(row[10], text("02136123456"));
    assert_eq!(row[11], text("09121234567"));
    assert_eq!(
        row[12..15],
        [text("بله"), text("خیر"), text("بله")],
        "flags in Persian"
    );

    let sheet = zip_entry(&path, "xl/worksheets/sheet1.xml");

    assert_rows_once(&sheet);
    assert_house_style(
        &sheet,
        &[
            &format!(r#"<autoFilter ref="A1:Q{}"/>"#, total + 1),
            "فهرست تعاونی‌ها و اتحادیه‌ها",
            "زمینه فعالیت: تولیدی",
            "وضعیت: فعال",
        ],
    );
    // The name column is as wide as the longest name allows, then wraps:
    // the long name's row is made tall enough for its lines.
    let longest = listed
        .iter()
        .filter(|o| o.id != w.long_org)
        .map(|o| o.name.chars().count())
        .max()
        .unwrap() as f64;
    let width = col_width(&sheet, 2);
    assert!((48.0..50.0).contains(&width), "{width}");
    assert!(longest < 48.0, "sample names fit on one line: {longest}");
    assert!(has_own_height(&sheet, at + 1), "the long name wraps");
    assert!(!has_own_height(&sheet, if at == 1 { 3 } else { 2 }));
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(styles.contains("<b/>") && styles.contains(r#"wrapText="1""#));
}

#[test]
fn a_search_that_finds_nothing_writes_the_header_only() {
    let w = world();
    let filter = OrgFilter {
        text: "هیچ‌تعاونی‌ای‌چنین‌نامی‌ندارد".into(),
        ..Default::default()
    };
    let path = w.path("none.xlsx");
    xlsx::export_orgs(w.db.conn(), &filter, &path, &opts()).unwrap();
    let (_, range) = read(&path);
    assert_eq!(range.height(), 1);
    assert_eq!(cell(&range, 0, 1), text("نام تعاونی"));
}

#[test]
fn people_sheet_is_the_search_with_codes_as_text() {
    let w = world();
    let query = "محمدی";
    let all = registry::search_people(
        w.db.conn(),
        query,
        PageRequest {
            page: 1,
            page_size: 500,
        },
    )
    .unwrap();
    assert!(all.total > 1, "{}", all.total);
    let path = w.path("people.xlsx");
    xlsx::export_people(w.db.conn(), query, &path, &opts()).unwrap();
    let (names, range) = read(&path);
    assert_eq!(names, ["اشخاص"]);
    assert_eq!(
        header(&range),
        [
            "ردیف",
            "کد ملی",
            "نام خانوادگی",
            "نام",
            "نام پدر",
            "جنسیت",
            "تاریخ تولد",
            "تحصیلات",
            "تلفن همراه",
        ]
    );
    assert_eq!(range.height() as u64, all.total + 1);
    assert_eq!(
        column(&range, 1),
        texts(all.items.iter().map(|p| p.national_code.as_str())),
        "the search's people, in its order"
    );
    assert!(
        column(&range, 1)
            .iter()
            .any(|d| d.to_string().starts_with("00")),
        "sample codes from Tehran start with 00"
    );
    let mine = code("000412345");
    let at = all
        .items
        .iter()
        .position(|p| p.national_code == mine)
        .unwrap()
        + 1;
    let row: Vec<Data> = (0..9).map(|c| cell(&range, at, c)).collect();
    assert_eq!(
        row[1..],
        [
            text(&mine),
            text("محمدی"),
            text("مریم"),
            text("حسن"),
            text("زن"),
            text("1370/01/05"),
            text("کارشناسی"),
            text("09351234567"),
        ]
    );
    let sheet = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert_rows_once(&sheet);
    assert_house_style(
        &sheet,
        &[
            &format!(r#"<autoFilter ref="A1:I{}"/>"#, all.total + 1),
            "جست‌وجو: «محمدی»",
        ],
    );

    // With no query, everyone: more than one page of the screen.
    let path = w.path("everyone.xlsx");
    xlsx::export_people(w.db.conn(), "", &path, &opts()).unwrap();
    let (_, range) = read(&path);
    let everyone = registry::search_people(w.db.conn(), "", PageRequest::default())
        .unwrap()
        .total;
    assert!(everyone > 50);
    assert_eq!(range.height() as u64, everyone + 1);
}

#[test]
fn needs_sheet_keeps_the_filter_and_the_lists_order() {
    let mut w = world();
    let campaign = needs::list_campaigns(w.db.conn()).unwrap()[0].id;
    let need = NeedInput {
        campaign_id: campaign,
        organization_id: w.long_org,
        target_role: "members".into(),
        course_id: w.carpet,
        requested: "12".into(),
        source: "self_applied".into(),
        need_level: "5".into(),
        target_month: Some("1404/09".into()),
        notes: Some("برای بانوان تازه‌عضو".into()),
    }
    .validate()
    .unwrap();
    let id = w.db.write(|tx| needs::add_need(tx, &need)).unwrap().id;
    w.db.write(|tx| needs::approve_all(tx, &[id], "جلسه کارگروه"))
        .unwrap();
    let filter = NeedFilter {
        campaign_id: Some(campaign),
        status: Some(NeedStatus::Approved),
        organization_id: None,
        course_id: None,
        source: None,
        text: String::new(),
    };
    let lines = needs::list_needs(w.db.conn(), &filter).unwrap();
    assert!(lines.len() > 1, "{}", lines.len());
    let any_status = needs::list_needs(
        w.db.conn(),
        &NeedFilter {
            status: None,
            ..filter.clone()
        },
    )
    .unwrap();
    assert!(
        any_status.len() > lines.len(),
        "the filter narrows the list"
    );

    let path = w.path("needs.xlsx");
    xlsx::export_needs(w.db.conn(), &filter, &path, &opts()).unwrap();
    let (names, range) = read(&path);
    assert_eq!(names, ["نیازها"]);
    assert_eq!(
        header(&range),
        [
            "ردیف",
            "نام تعاونی",
            "شناسه ملی تعاونی",
            "دوره",
            "کد استاندارد",
            "گروه هدف",
            "تعداد درخواستی",
            "تعداد مصوب",
            "منبع",
            "سطح نیاز",
            "ماه هدف",
            "وضعیت",
            "معرفی‌شده",
            "آموزش‌دیده",
            "توضیحات",
        ]
    );
    assert_eq!(range.height(), lines.len() + 1);
    let listed: Vec<(Data, Data)> = lines
        .iter()
        .map(|l| (text(&l.organization_name), text(&l.course_title)))
        .collect();
    let sheet_rows: Vec<(Data, Data)> = column(&range, 1)
        .into_iter()
        .zip(column(&range, 3))
        .collect();
    assert_eq!(sheet_rows, listed);
    assert!(column(&range, 11).iter().all(|d| *d == text("مصوب")));
    assert!(column(&range, 8)
        .iter()
        .all(|d| *d == text("متقاضی") || *d == text("نیازسنجی اداره")));
    // Most needed first, as the list orders them.
    let levels: Vec<f64> = column(&range, 9)
        .iter()
        .map(|d| d.as_f64().unwrap())
        .collect();
    assert!(levels.windows(2).all(|l| l[0] >= l[1]), "{levels:?}");

    let at = lines.iter().position(|l| l.id == id).unwrap() + 1;
    let row: Vec<Data> = (0..15).map(|c| cell(&range, at, c)).collect();
    assert_eq!(row[1], text(LONG_NAME));
    assert_eq!(row[2], text(&nid("0012345678")));
    assert_eq!(row[4], text("0721/62/1/3"), "course code as text");
    assert_eq!(row[5], text("اعضا"));
    assert!(is_number(&row[6], 12.0) && is_number(&row[7], 12.0));
    assert_eq!(row[10], text("1404/09"), "Jalali month as text");
    assert_eq!(row[14], text("برای بانوان تازه‌عضو"));

    let campaign_title = needs::get_campaign(w.db.conn(), campaign).unwrap().title;
    let sheet = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert_rows_once(&sheet);
    assert_house_style(&sheet, &[&campaign_title, "وضعیت: مصوب"]);
}

#[test]
fn rounds_sheet_lists_every_round_newest_first() {
    let w = world();
    let list = rounds::list_rounds(w.db.conn()).unwrap();
    assert!(list.len() >= 2, "{}", list.len());
    let path = w.path("rounds.xlsx");
    xlsx::export_rounds(w.db.conn(), &path, &opts()).unwrap();
    let (names, range) = read(&path);
    assert_eq!(names, ["نوبت‌های معرفی"]);
    assert_eq!(
        header(&range),
        [
            "شماره نوبت",
            "ماه",
            "عنوان",
            "وضعیت",
            "ظرفیت",
            "نفرات",
            "معرفی‌شده",
            "تعاونی‌ها",
            "دوره‌ها",
            "گواهینامه گرفته",
            "شماره نامه",
            "تاریخ ارسال",
            "دوره سهمیه",
            "سهمیه دوره",
            "درصد سهمیهٔ گرفته‌شده",
        ]
    );
    assert_eq!(range.height(), list.len() + 1);
    for (i, r) in list.iter().enumerate() {
        let row: Vec<Data> = (0..15).map(|c| cell(&range, i + 1, c)).collect();
        assert!(is_number(&row[0], r.number as f64));
        assert_eq!(row[1], text(&r.month_text));
        assert_eq!(row[3], text(r.status.label()), "status in Persian");
        assert!(is_number(&row[5], r.people as f64));
        assert!(
            is_number(&row[6], r.referred as f64),
            "as the dashboard counts"
        );
        assert!(is_number(&row[9], r.certified as f64));
        match &r.sent_on_jalali {
            Some(day) => {
                assert_eq!(row[11], text(day));
                assert!(jalali_day(&row[11]), "{:?}", row[11]);
            }
            None => assert_eq!(row[11], Data::Empty),
        }
        if let Some(q) = &r.quota {
            assert_eq!(row[12], text(&q.title));
            assert!(is_number(&row[14], q.percent as f64));
        }
    }
    assert!(list.windows(2).all(|r| r[0].number > r[1].number));
}

#[test]
fn referrals_sheet_says_what_became_of_each_person() {
    let w = world();
    // Every round of the sample: between them, every answer the TVTO gives.
    let mut seen = std::collections::HashSet::new();
    let all = rounds::list_rounds(w.db.conn()).unwrap();
    for round in &all {
        let list = rounds::referrals(w.db.conn(), round.id).unwrap();
        let path = w.path(&format!("referrals-{}.xlsx", round.number));
        xlsx::export_referrals(w.db.conn(), round.id, &path, &opts()).unwrap();
        let (names, range) = read(&path);
        assert_eq!(names, ["معرفی‌شدگان و نتیجه"]);
        assert_eq!(
            header(&range),
            [
                "ردیف",
                "نام و نام خانوادگی",
                "کد ملی",
                "سمت",
                "نام تعاونی",
                "دوره",
                "کد استاندارد",
                "امتیاز",
                "وضعیت",
                "ثبت‌نام",
                "حضور",
                "نتیجه",
                "شماره گواهینامه",
                "تاریخ گواهینامه",
                "مرکز آموزشی",
                "شروع کلاس",
                "پایان کلاس",
                "توضیحات",
                "دلیل رتبه",
            ]
        );
        assert_eq!(range.height(), list.len() + 1);
        assert_eq!(
            column(&range, 2),
            texts(list.iter().map(|r| r.national_code.as_str())),
            "the round's list in rank order, codes as text"
        );
        for (i, r) in list.iter().enumerate() {
            let row: Vec<Data> = (0..19).map(|c| cell(&range, i + 1, c)).collect();
            check_referral_row(r, &row);
            seen.insert(r.status);
            if r.status == ReferralStatus::Removed {
                assert_eq!(row[0], Data::Empty, "removed proposals are not numbered");
            } else {
                assert!(is_number(&row[0], i as f64 + 1.0));
            }
            assert_eq!(row[1], text(&r.full_name));
            assert!(is_number(&row[7], r.score as f64));
            assert_eq!(row[18], text(&r.explanation));
        }
        let sheet = zip_entry(&path, "xl/worksheets/sheet1.xml");
        assert_rows_once(&sheet);
        let number = taavon_core::text::to_persian_digits(&round.number.to_string());
        assert_house_style(
            &sheet,
            &[
                "معرفی‌شدگان و نتیجه آموزش",
                &format!("نوبت {number}"),
                &format!(r#"<autoFilter ref="A1:S{}"/>"#, list.len() + 1),
            ],
        );
    }
    use ReferralStatus as S;
    for status in [
        S::Enrolled,
        S::Waitlisted,
        S::Declined,
        S::Withdrawn,
        S::AttendedFull,
        S::NoShow,
        S::Passed,
        S::Failed,
        S::Certified,
    ] {
        assert!(seen.contains(&status), "{status:?} in {seen:?}");
    }
}

/// The outcome columns of one referral's row: enrolment, attendance,
/// result, and the certificate.
fn check_referral_row(r: &rounds::ReferralView, row: &[Data]) {
    use ReferralStatus as S;
    assert_eq!(row[8], text(r.status.label()), "status in Persian");
    let (enrolment, attendance, result) = (&row[9], &row[10], &row[11]);
    let enrolled = text("ثبت‌نام‌شده");
    match r.status {
        S::Certified => {
            assert_eq!(*enrolment, enrolled);
            assert_eq!(*attendance, text("حضور کامل"));
            assert_eq!(*result, text("قبول"));
            assert_eq!(row[12], text(r.certificate_no.as_deref().unwrap()));
            assert!(jalali_day(&row[13]), "{:?}", row[13]);
            assert!(jalali_day(&row[15]) && jalali_day(&row[16]), "{row:?}");
        }
        S::Passed | S::Failed => {
            assert_eq!(*enrolment, enrolled);
            assert!(*attendance == text("حضور کامل") || *attendance == text("حضور ناقص"));
            let want = if r.status == S::Passed {
                "قبول"
            } else {
                "مردود"
            };
            assert_eq!(*result, text(want));
            assert_eq!(row[12], Data::Empty);
        }
        S::AttendedFull | S::AttendedPartial => {
            assert_eq!(*enrolment, enrolled);
            assert_eq!(*attendance, text(r.status.label()));
            assert_eq!(*result, Data::Empty);
        }
        S::NoShow => {
            assert_eq!(*enrolment, enrolled);
            assert_eq!(*attendance, text("غیبت"));
            assert_eq!(*result, Data::Empty);
        }
        S::Enrolled => {
            assert_eq!(*enrolment, enrolled);
            assert_eq!(row[10..12], [Data::Empty, Data::Empty]);
        }
        S::Declined | S::Withdrawn | S::Waitlisted => {
            assert_eq!(*enrolment, text(r.status.label()));
            assert_eq!(*result, Data::Empty);
        }
        S::Sent | S::Proposed | S::Removed => {
            assert_eq!(row[9..12], [Data::Empty, Data::Empty, Data::Empty]);
        }
    }
}

#[test]
fn quota_sheet_has_the_periods_and_their_seats() {
    let mut w = world();
    let periods = rounds::list_quota(w.db.conn()).unwrap();
    assert!(!periods.is_empty());
    let first = periods[0].id;
    let carpet = w.carpet;
    w.db.write(|tx| rounds::set_cap(tx, first, Some(carpet), None, Some("12")))
        .unwrap();
    let periods = rounds::list_quota(w.db.conn()).unwrap();
    let path = w.path("quota.xlsx");
    xlsx::export_quota(w.db.conn(), &path, &opts()).unwrap();
    let (names, range) = read(&path);
    assert_eq!(names, ["سهمیه", "ظرفیت دوره‌ها و مراکز"]);
    assert_eq!(
        header(&range),
        [
            "دوره سهمیه",
            "از تاریخ",
            "تا تاریخ",
            "واحد",
            "ظرفیت فنی و حرفه‌ای",
            "سهم استان (درصد)",
            "سهم تعاونی‌ها (درصد)",
            "سهمیه",
            "استفاده‌شده",
            "رزرو",
            "مانده",
            "درصد گرفته‌شده",
        ]
    );
    assert_eq!(range.height(), periods.len() + 1);
    for (i, q) in periods.iter().enumerate() {
        let row: Vec<Data> = (0..12).map(|c| cell(&range, i + 1, c)).collect();
        assert_eq!(row[0], text(&q.title));
        assert_eq!(row[1], text(&q.starts_on_jalali));
        assert!(jalali_day(&row[1]) && jalali_day(&row[2]), "{row:?}");
        assert_eq!(row[3], text(q.unit.label()), "unit in Persian");
        let numbers = [
            q.capacity as f64,
            q.province_share,
            q.coop_share,
            q.quota as f64,
            q.used as f64,
            q.reserved as f64,
            q.remaining as f64,
            q.percent as f64,
        ];
        for (d, n) in row[4..].iter().zip(numbers) {
            assert!(is_number(d, n), "{d:?} ≠ {n}");
        }
    }
    assert!(
        periods.iter().any(|q| q.used > 0),
        "the sample uses the quota"
    );

    let mut book = calamine::open_workbook_auto(&path).unwrap();
    let caps = book.worksheet_range_at(1).unwrap().unwrap();
    let cap_rows: usize = periods.iter().map(|q| q.caps.len()).sum();
    assert_eq!(caps.height(), cap_rows + 1);
    let at = (1..caps.height())
        .find(|&r| cell(&caps, r, 2) == text("بافنده فرش دستباف"))
        .unwrap();
    assert_eq!(cell(&caps, at, 0), text(&periods[0].title));
    assert_eq!(cell(&caps, at, 1), text("دوره"), "kind in Persian");
    assert!(is_number(&cell(&caps, at, 3), 12.0));
    for n in [1, 2] {
        let sheet = zip_entry(&path, &format!("xl/worksheets/sheet{n}.xml"));
        assert_rows_once(&sheet);
        assert_house_style(&sheet, &[]);
    }
}

#[test]
fn file_names_are_ascii_with_the_jalali_day() {
    let day = taavon_core::jalali::Jalali {
        year: 1405,
        month: 9,
        day: 10,
    };
    let names: Vec<String> = [
        ListSheet::Orgs,
        ListSheet::People,
        ListSheet::Needs,
        ListSheet::Rounds,
        ListSheet::Referrals(3),
        ListSheet::Quota,
    ]
    .iter()
    .map(|l| l.file_name(day))
    .collect();
    assert_eq!(
        names,
        [
            "cooperatives-1405-09-10.xlsx",
            "people-1405-09-10.xlsx",
            "needs-1405-09-10.xlsx",
            "rounds-1405-09-10.xlsx",
            "referrals-round-03-1405-09-10.xlsx",
            "quota-1405-09-10.xlsx",
        ]
    );
    for n in &names {
        assert_eq!(&taavon_core::files::safe_file_name(n), n);
    }
}

#[test]
fn exported_registry_lists_read_back_through_the_import_unchanged() {
    use taavon_core::import::{self, ImportRequest};
    use taavon_core::model::ImportKind;
    let mut w = world();
    let orgs = w.path("orgs.xlsx");
    xlsx::export_orgs(w.db.conn(), &OrgFilter::default(), &orgs, &opts()).unwrap();
    let people = w.path("people.xlsx");
    xlsx::export_people(w.db.conn(), "محمدی", &people, &opts()).unwrap();
    for (path, kind) in [(&orgs, ImportKind::Coops), (&people, ImportKind::People)] {
        let req = ImportRequest {
            kind,
            dry_run: true,
            ..Default::default()
        };
        let out = import::run(&mut w.db, path, &req, &mut |_| true).unwrap();
        assert_eq!(
            (out.rejected, out.added, out.updated),
            (0, 0, 0),
            "{kind:?}: {:?}",
            out.problems
        );
        assert!(out.rows > 1, "{kind:?}: {}", out.rows);
        assert_eq!(out.unchanged, out.rows);
    }
}
