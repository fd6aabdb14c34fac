//! The TVTO sheet and a roadmap with very long names, printed: both are
//! converted to PDF by LibreOffice (headless, as a clerk's LibreOffice
//! would print them) and read back with poppler's `pdftotext -bbox`, which
//! gives every word with its box on the page, in the order it shows from
//! left to right.
//!
//! - Every word of each long name is on the page, and no word's box runs
//!   into another's: a cell's text that did not fit its column, or wrapped
//!   into more lines than its row holds, would overlap its neighbour.
//! - The letter number `4544/1405/ت` shows as typed, left of «نامه», in a
//!   page header that reads right to left.
//! - The workbook itself: columns fitted to their longest value within
//!   their maximum, wrap only where a value is wider, and only rows that
//!   wrap taller than the default.
//!
//! The pages are kept as PNGs under `target/screenshots/` to look at.
//! LibreOffice and poppler-utils are installed by `cargo xtask setup`; the
//! test fails without them. It runs on Linux only: the Windows build of
//! this suite runs under Wine, where the Linux LibreOffice cannot be
//! started; the sheets it prints are the same bytes on both.
#![cfg(not(windows))]

use std::path::{Path, PathBuf};
use std::process::Command;

use taavon_core::catalog::CourseInput;
use taavon_core::db::Db;
use taavon_core::model::RoundStatus;
use taavon_core::needs::{self, NeedInput};
use taavon_core::registry::{self, MembershipInput, OrgInput, PersonInput};
use taavon_core::rounds::{self, QuotaInput, RoundInput, RoundMove};
use taavon_core::xlsx::{self, ExportOptions};

mod common;
use common::{add_course, autumn_campaign, code, nid, zip_entry};

const COOP: &str = "تعاونی تولیدی و توزیعی صنایع دستی و فرش دستباف بانوان سرپرست خانوار شهرستان‌های ورامین و پیشوا و قرچک و ری";
const COURSE: &str =
    "مدیریت منابع انسانی و حسابداری بهای تمام‌شده در تعاونی‌های تولیدی و خدماتی نوپا";
const NOTES: &str = "برای اعضای تازه هیئت‌مدیره و بازرسان که در یک سال گذشته به عضویت تعاونی پذیرفته شده‌اند و دوره‌ای ندیده‌اند";
const LETTER: &str = "4544/1405/ت";

/// (first name, last name, father's name): two very long, one short.
const PEOPLE: [(&str, &str, &str); 3] = [
    (
        "محمدعلی‌رضا امیرحسین سیدمهدی",
        "حسینی‌نژاد طباطبایی اصفهانی‌زاده موسوی هاشمی",
        "سیدمحمدحسین امیرارسطو",
    ),
    ("فاطمه‌زهرا سادات", "میرحسینی دهکردی شیرازی‌پور", "عبدالرحیم"),
    ("مریم", "رضایی", "احمد"),
];

/// A sent round of three people, two with long names from a cooperative
/// with a long name, for a course with a long title, one with short names
/// from another; and the long-named cooperative's roadmap.
fn world() -> (Db, i64, i64) {
    let mut db = Db::open_in_memory().unwrap();
    db.write(|tx| {
        rounds::set_quota(
            tx,
            &QuotaInput {
                title: String::new(),
                starts_on: "1405/07/01".into(),
                ends_on: "1406/06/31".into(),
                unit: "seats".into(),
                capacity: "100".into(),
                province_share: None,
                coop_share: None,
            },
        )
    })
    .unwrap();
    let campaign = autumn_campaign(&mut db, "1405", None);
    let course = add_course(
        &mut db,
        CourseInput {
            code: Some("0721/62/1/3".into()),
            title: COURSE.into(),
            theory_hours: Some("40".into()),
            practice_hours: Some("80".into()),
            active: true,
            ..Default::default()
        },
    );
    let short_course = add_course(
        &mut db,
        CourseInput {
            code: Some("343320530020001".into()),
            title: "حسابدار عمومی".into(),
            theory_hours: Some("40".into()),
            practice_hours: Some("80".into()),
            active: true,
            ..Default::default()
        },
    );
    let mut coop = |name: &str, national_id: &str| {
        let o = OrgInput {
            name: name.into(),
            national_id: Some(national_id.into()),
            field: "production".into(),
            county: Some("ورامین".into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        db.write(|tx| registry::add_org(tx, &o)).unwrap().id
    };
    let org = coop(COOP, "10380284790");
    let short_org = coop("تعاونی فرش نگین", &nid("1010000000"));
    // The long-named cooperative asks for the long-titled course, with long
    // notes; the short-named one for a short course.
    let mut need = |org: i64, course: i64, notes: Option<&str>| {
        let n = NeedInput {
            campaign_id: campaign,
            organization_id: org,
            target_role: "members".into(),
            course_id: course,
            requested: "5".into(),
            source: "self_applied".into(),
            need_level: "5".into(),
            target_month: Some("1405/09".into()),
            notes: notes.map(Into::into),
        }
        .validate()
        .unwrap();
        let id = db.write(|tx| needs::add_need(tx, &n)).unwrap().id;
        db.write(|tx| needs::approve_all(tx, &[id], "جلسه کارگروه"))
            .unwrap();
        id
    };
    let long_need = need(org, course, Some(NOTES));
    let short_need = need(short_org, short_course, None);
    for (i, (first, last, father)) in PEOPLE.iter().enumerate() {
        // The third person, with short names, is of the short-named
        // cooperative.
        let (org, need) = if i < 2 {
            (org, long_need)
        } else {
            (short_org, short_need)
        };
        let p = PersonInput {
            national_code: code(&format!("00{i}123456")),
            first_name: (*first).into(),
            last_name: (*last).into(),
            father_name: Some((*father).into()),
            gender: Some("زن".into()),
            birth_date: Some("1365/04/12".into()),
            education: Some("کارشناسی ارشد".into()),
            mobile: Some("09121234567".into()),
        }
        .validate()
        .unwrap();
        db.write(|tx| registry::add_person(tx, &p)).unwrap();
        let m = MembershipInput {
            national_code: p.national_code.to_string(),
            organization_id: Some(org),
            role: "member".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        db.write(|tx| registry::add_membership(tx, &m)).unwrap();
        db.write(|tx| needs::add_nominee(tx, need, &p.national_code))
            .unwrap();
    }
    let round = db
        .write(|tx| {
            rounds::new_round(
                tx,
                &RoundInput {
                    month: "1405/09".into(),
                    capacity: Some("10".into()),
                    title: None,
                },
            )
        })
        .unwrap()
        .id;
    db.write(|tx| rounds::build_round(tx, round)).unwrap();
    db.write(|tx| rounds::set_round_status(tx, round, RoundStatus::Locked, &RoundMove::default()))
        .unwrap();
    db.write(|tx| {
        rounds::set_round_status(
            tx,
            round,
            RoundStatus::Sent,
            &RoundMove {
                letter_no: Some(LETTER.into()),
                sent_on: Some("1405/09/10".into()),
                ..Default::default()
            },
        )
    })
    .unwrap();
    (db, round, org)
}

/// One word of a printed page and its box, in points from the top left.
#[derive(Debug, Clone)]
struct Word {
    page: usize,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("{cmd:?} could not start ({e}); `cargo xtask setup` installs it")
    });
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every word of a PDF, as poppler reads it (`pdftotext -bbox`).
fn words(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by `cargo xtask setup`");
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    let mut words = Vec::new();
    for (page, body) in html.split("<page ").skip(1).enumerate() {
        for piece in body.split("<word ").skip(1) {
            let (tag, rest) = piece.split_once('>').unwrap();
            let text = rest.split_once("</word>").unwrap().0;
            words.push(Word {
                page,
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: text.replace("&amp;", "&"),
            });
        }
    }
    words
}

/// A word as poppler spells it: a right-to-left word in the order its
/// letters show, from the left.
fn shown(word: &str) -> String {
    if word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
        word.chars().rev().collect()
    } else {
        word.to_owned()
    }
}

/// Asserts that every word of `text` is printed.
fn assert_printed(all: &[Word], text: &str, what: &str) {
    for word in text.split_whitespace() {
        let want = shown(word);
        assert!(
            all.iter().any(|w| w.text == want),
            "{what}: «{word}» of «{text}» is not on the page"
        );
    }
}

/// Asserts that no two words of a page cover each other: text that spills
/// out of its cell, sideways or below, lands on its neighbour's.
fn assert_no_overlap(all: &[Word], what: &str) {
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            if a.page != b.page {
                continue;
            }
            let x = a.x1.min(b.x1) - a.x0.max(b.x0);
            let y = a.y1.min(b.y1) - a.y0.max(b.y0);
            let height = (a.y1 - a.y0).min(b.y1 - b.y0);
            assert!(
                x <= 0.5 || y <= 0.3 * height,
                "{what}: «{}» and «{}» cover each other on page {}:\n{a:?}\n{b:?}",
                a.text,
                b.text,
                a.page + 1
            );
        }
    }
}

/// The words of the line that holds `word`, from left to right.
fn line_of<'a>(all: &'a [Word], word: &Word) -> Vec<&'a Word> {
    let mut line: Vec<&Word> = all
        .iter()
        .filter(|w| w.page == word.page && (w.y0 - word.y0).abs() < 0.5)
        .collect();
    line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    line
}

fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    target.join("screenshots")
}

/// The `<row>` tags of a sheet's XML, by row number (1-based).
fn row_tag(sheet: &str, r: usize) -> &str {
    let at = sheet.find(&format!("<row r=\"{r}\"")).unwrap();
    &sheet[at..at + sheet[at..].find('>').unwrap()]
}

fn col_width(sheet: &str, col: usize) -> f64 {
    let tag = format!(r#"<col min="{col}" max="{col}" width=""#);
    let at = sheet.find(&tag).unwrap() + tag.len();
    sheet[at..at + sheet[at..].find('"').unwrap()]
        .parse()
        .unwrap()
}

#[test]
fn long_names_print_whole_and_the_letter_number_in_order() {
    let (db, round, org) = world();
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("round.xlsx");
    let roadmap = dir.path().join("roadmap.xlsx");
    xlsx::export_round(db.conn(), round, &sheet, &ExportOptions::default()).unwrap();
    xlsx::export_roadmap(db.conn(), org, &roadmap, &ExportOptions::default()).unwrap();

    // The workbook: the long names' columns at their most, wrapping; the
    // short ones fitted to their values; only the rows that wrap grow.
    let xml = zip_entry(&sheet, "xl/worksheets/sheet1.xml");
    let last_name = col_width(&xml, 3);
    assert!((22.0..23.0).contains(&last_name), "{last_name}");
    let gender = col_width(&xml, 7);
    assert!(gender < 8.0, "{gender}");
    // The row of the short names, short cooperative and short course keeps
    // the default height; the others wrap and grow.
    let rows: Vec<String> = rounds::sheet_rows(db.conn(), round)
        .unwrap()
        .into_iter()
        .map(|r| r.last_name)
        .collect();
    let short = 2 + rows.iter().position(|l| l == "رضایی").unwrap();
    for r in 2..=4 {
        let tag = row_tag(&xml, r);
        assert_eq!(tag.contains("customHeight"), r != short, "row {r}: {tag}");
    }
    let styles = zip_entry(&sheet, "xl/styles.xml");
    assert!(styles.contains(r#"wrapText="1""#) && styles.contains(r#"readingOrder="1""#));

    // Printed: one LibreOffice run for both files.
    let pdfs = dir.path().join("pdf");
    run(Command::new("soffice")
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(&pdfs)
        .arg(&sheet)
        .arg(&roadmap));
    let shots = screenshots();
    std::fs::create_dir_all(&shots).unwrap();
    for name in ["round", "roadmap"] {
        let pdf = pdfs.join(format!("{name}.pdf"));
        run(Command::new("pdftoppm")
            .args(["-png", "-r", "70"])
            .arg(&pdf)
            .arg(shots.join(name)));
    }

    let tvto = words(&pdfs.join("round.pdf"));
    for (first, last, father) in PEOPLE {
        assert_printed(&tvto, first, "TVTO sheet");
        assert_printed(&tvto, last, "TVTO sheet");
        assert_printed(&tvto, father, "TVTO sheet");
    }
    assert_printed(&tvto, COOP, "TVTO sheet");
    assert_printed(&tvto, COURSE, "TVTO sheet");
    assert_no_overlap(&tvto, "TVTO sheet");
    // The page header's second line: «نوبت ۱، آذر ۱۴۰۵، نامه 4544/1405/ت»,
    // read from the right, with the number as typed at its left end.
    let letter = tvto
        .iter()
        .find(|w| w.text == LETTER)
        .unwrap_or_else(|| panic!("{LETTER} as typed, in {tvto:#?}"));
    let line: Vec<&str> = line_of(&tvto, letter)
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(
        line.first().copied(),
        Some(LETTER),
        "the number ends the line: {line:?}"
    );
    assert_eq!(
        line.get(1).copied(),
        Some(shown("نامه").as_str()),
        "{line:?}"
    );
    assert_eq!(
        line.last().copied(),
        Some(shown("نوبت").as_str()),
        "{line:?}"
    );

    let map = words(&pdfs.join("roadmap.pdf"));
    assert_printed(&map, COURSE, "roadmap");
    assert_printed(&map, NOTES, "roadmap");
    assert_printed(&map, COOP, "roadmap's page header");
    assert_no_overlap(&map, "roadmap");
}
