//! Fixtures shared by the test files; each file uses some of them.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;

use calamine::Data;
use taavon_core::catalog::{self, CourseInput};
use taavon_core::db::Db;
use taavon_core::needs::{self, CampaignInput};
use taavon_core::rounds::{self, CandidateFilter, CandidateList};
use taavon_core::text::to_persian_digits;

fn digits(s: &str) -> Vec<u32> {
    s.bytes().map(|b| u32::from(b - b'0')).collect()
}

/// A valid national code from nine chosen digits.
pub fn code(first9: &str) -> String {
    format!(
        "{first9}{}",
        taavon_core::ids::national_code_check_digit(&digits(first9))
    )
}

/// A valid national ID from ten chosen digits.
pub fn nid(first10: &str) -> String {
    format!(
        "{first10}{}",
        taavon_core::ids::national_id_check_digit(&digits(first10))
    )
}

/// The autumn needs assessment of a Jalali `year` (e.g. "1404"): Mehr to
/// Azar, owned by the training clerk. Its id.
pub fn autumn_campaign(db: &mut Db, year: &str, deadline: Option<&str>) -> i64 {
    db.write(|tx| {
        needs::add_campaign(
            tx,
            &CampaignInput {
                title: format!("نیازسنجی پاییز {}", to_persian_digits(year)),
                starts_on: format!("{year}/07/01"),
                ends_on: format!("{year}/09/30"),
                deadline: deadline.map(Into::into),
                owner: "کارشناس آموزش".into(),
            },
        )
    })
    .unwrap()
    .id
}

/// Adds a course from what a form would hold. Its id.
pub fn add_course(db: &mut Db, input: CourseInput) -> i64 {
    let course = input.validate().unwrap();
    db.write(|tx| catalog::add_course(tx, &course)).unwrap().id
}

/// Every candidate of `round`, the blocked ones too.
pub fn all_candidates(db: &Db, round: i64) -> taavon_core::Result<CandidateList> {
    rounds::candidates(
        db.conn(),
        round,
        &CandidateFilter {
            with_blocked: true,
            ..Default::default()
        },
    )
}

/// The text of one file inside an .xlsx (a zip).
pub fn zip_entry(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Whether a cell read back holds the number `expect`.
pub fn is_number(d: &Data, expect: f64) -> bool {
    match d {
        Data::Float(f) => *f == expect,
        Data::Int(i) => *i as f64 == expect,
        _ => false,
    }
}

/// Asserts that a sheet's XML is in the house style (right to left, the
/// header row frozen, A4 landscape fitted to the page's width, page
/// numbers in the footer) and holds each of `more`.
pub fn assert_house_style(sheet: &str, more: &[&str]) {
    let house = [
        r#"rightToLeft="1""#,
        r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#,
        r#"paperSize="9""#,
        r#"orientation="landscape""#,
        r#"<pageSetUpPr fitToPage="1"/>"#,
        "&amp;P / &amp;N",
    ];
    for expect in house.iter().chain(more) {
        assert!(sheet.contains(expect), "{expect} in\n{sheet}");
    }
}
