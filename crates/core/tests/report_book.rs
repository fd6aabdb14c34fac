//! The monthly report workbook: written from sample data and read back cell
//! by cell against the figures; its charts read as XML (native, Persian,
//! right to left); and an empty database, whose workbook must still open.

use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader};
use taavon_core::db::Db;
use taavon_core::demo::{self, DemoConfig};
use taavon_core::report::{self, Figures, PeriodInput, ReportPeriod, Share};
use taavon_core::xlsx::{self, ExportOptions};

mod common;
use common::{is_number, zip_entry};

/// The sheets a manager finds, in this order.
const SHEETS: [&str; 12] = [
    "خلاصه",
    "ماه‌به‌ماه",
    "نوبت‌ها",
    "قیف نتایج",
    "شهرستان",
    "زمینه فعالیت",
    "نوع تشکل",
    "دوره‌ها",
    "تعاونی‌های ویژه",
    "نیازها",
    "زمان انتظار",
    "سهمیه",
];

fn sample() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    demo::generate(
        &mut db,
        &DemoConfig {
            coops: 40,
            people: 800,
            seed: 7,
        },
        &mut |_| true,
    )
    .unwrap();
    db
}

fn period(from: &str, to: &str) -> ReportPeriod {
    PeriodInput {
        from: Some(from.into()),
        to: Some(to.into()),
    }
    .validate()
    .unwrap()
}

struct Written {
    _dir: tempfile::TempDir,
    path: PathBuf,
    figures: Figures,
}

fn export(db: &Db, p: &ReportPeriod) -> Written {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(xlsx::report_file_name(p));
    let saved = xlsx::export_report(db.conn(), p, &path, &ExportOptions::default()).unwrap();
    assert_eq!(saved.path(), path);
    Written {
        _dir: dir,
        path,
        figures: report::figures(db.conn(), p, None).unwrap(),
    }
}

fn sheet_names(path: &Path) -> Vec<String> {
    calamine::open_workbook_auto(path).unwrap().sheet_names()
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    calamine::open_workbook_auto(path)
        .unwrap()
        .worksheet_range(name)
        .unwrap()
}

/// What a cell should hold.
#[derive(Debug)]
enum Want {
    Text(String),
    Num(f64),
    Empty,
}

fn t(s: &str) -> Want {
    Want::Text(s.to_owned())
}

fn n(x: i64) -> Want {
    Want::Num(x as f64)
}

fn opt(x: Option<i64>) -> Want {
    x.map_or(Want::Empty, n)
}

/// A percentage of the figures as the fraction its % cell holds.
fn pct(p: f64) -> Want {
    Want::Num(p / 100.0)
}

fn cell(range: &Range<Data>, r: u32, c: u32) -> Data {
    range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
}

fn assert_row(range: &Range<Data>, r: u32, want: &[Want], what: &str) {
    for (c, w) in want.iter().enumerate() {
        let got = cell(range, r, c as u32);
        let ok = match w {
            Want::Text(s) => got == Data::String(s.clone()),
            Want::Num(x) => match got {
                Data::Float(f) => (f - x).abs() < 1e-9,
                Data::Int(i) => i as f64 == *x,
                _ => false,
            },
            Want::Empty => got == Data::Empty,
        };
        assert!(ok, "{what}, row {r}, column {c}: {got:?}, expected {w:?}");
    }
}

fn headers(range: &Range<Data>, r: u32) -> Vec<String> {
    (0..range.width() as u32)
        .map(|c| cell(range, r, c).to_string())
        .collect()
}

fn share_rows(range: &Range<Data>, shares: &[Share], what: &str) {
    assert_eq!(range.height(), shares.len() + 1, "{what}: one row a share");
    for (i, s) in shares.iter().enumerate() {
        assert_row(
            range,
            i as u32 + 1,
            &[
                t(&s.label),
                n(s.referred),
                n(s.organizations),
                pct(s.percent),
            ],
            what,
        );
    }
}

/// The charts of a workbook: `xl/charts/chart1.xml`, … in order.
fn charts(path: &Path) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    let archive = zip::ZipArchive::new(file).unwrap();
    let count = archive
        .file_names_raw()
        .filter(|n| n.starts_with(b"xl/charts/chart") && n.ends_with(b".xml"))
        .count();
    (1..=count)
        .map(|i| zip_entry(path, &format!("xl/charts/chart{i}.xml")))
        .collect()
}

/// Each `<c:catAx>…</c:catAx>` (or `<c:valAx>`) block of a chart.
fn axes<'a>(chart: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = chart;
    while let Some(at) = rest.find(&open) {
        let end = at + rest[at..].find(&close).unwrap();
        out.push(&rest[at..end]);
        rest = &rest[end..];
    }
    out
}

/// The cell ranges a chart reads: `'قیف نتایج'!$B$2:$B$6`.
fn formulas(chart: &str) -> Vec<String> {
    chart
        .split("<c:f>")
        .skip(1)
        .map(|s| s[..s.find("</c:f>").unwrap()].to_owned())
        .collect()
}

fn chart_titled<'a>(all: &'a [String], title: &str) -> &'a str {
    all.iter()
        .find(|c| c.contains(&format!("<a:t>{title}</a:t>")))
        .unwrap_or_else(|| panic!("no chart titled {title}"))
}

#[test]
fn every_table_reads_back_cell_by_cell_against_the_figures() {
    let db = sample();
    let p = period("1404/07", "1405/08");
    let w = export(&db, &p);
    let f = &w.figures;
    assert!(
        f.funnel.referred > 50 && f.rounds.len() > 3,
        "the sample sent rounds"
    );
    assert_eq!(sheet_names(&w.path), SHEETS);
    assert_eq!(xlsx::REPORT_SHEETS, SHEETS);

    // Months.
    let months = sheet(&w.path, "ماه‌به‌ماه");
    assert_eq!(
        headers(&months, 0),
        [
            "ماه",
            "نام ماه",
            "نوبت‌های ارسال‌شده",
            "معرفی‌شدگان",
            "تعاونی‌ها",
            "اتحادیه‌ها",
            "گواهینامه",
            "سهم ماهانه سهمیه",
            "مانده سهمیه",
            "واحد سهمیه",
            "دوره سهمیه",
        ]
    );
    assert_eq!(months.height(), 14 + 1, "Mehr 1404 to Aban 1405");
    for (i, m) in f.months.iter().enumerate() {
        assert_row(
            &months,
            i as u32 + 1,
            &[
                t(&m.month_text),
                t(&m.label),
                n(m.rounds),
                n(m.referred),
                n(m.cooperatives),
                n(m.unions),
                n(m.certified),
                opt(m.quota_share),
                opt(m.remaining),
                m.unit_label.as_deref().map_or(Want::Empty, t),
                m.quota_title.as_deref().map_or(Want::Empty, t),
            ],
            "months",
        );
    }
    assert_eq!(cell(&months, 1, 0), Data::String("1404/07".into()));

    // Rounds and their funnel.
    let rounds = sheet(&w.path, "نوبت‌ها");
    assert_eq!(rounds.height(), f.rounds.len() + 1);
    for (i, r) in f.rounds.iter().enumerate() {
        let u = &r.funnel;
        assert_row(
            &rounds,
            i as u32 + 1,
            &[
                n(r.number),
                t(&r.title),
                t(&r.month_label),
                t(&r.status_label),
                n(r.cooperatives),
                n(u.referred),
                n(u.enrolled),
                n(u.attended),
                n(u.passed),
                n(u.certified),
                pct(u.enrolled_rate),
                pct(u.attended_rate),
                pct(u.passed_rate),
                pct(u.certified_rate),
            ],
            "rounds",
        );
    }

    // The overall funnel.
    let funnel = sheet(&w.path, "قیف نتایج");
    let u = &f.funnel;
    let stages = [
        ("معرفی‌شده", u.referred, 100.0),
        ("ثبت‌نام‌کرده", u.enrolled, u.enrolled_rate),
        ("حاضر در کلاس", u.attended, u.attended_rate),
        ("قبول‌شده", u.passed, u.passed_rate),
        ("گواهینامه‌گرفته", u.certified, u.certified_rate),
    ];
    for (i, (label, count, rate)) in stages.iter().enumerate() {
        assert_row(
            &funnel,
            i as u32 + 1,
            &[t(label), n(*count), pct(*rate)],
            "funnel",
        );
    }

    // Breakdowns.
    share_rows(&sheet(&w.path, "شهرستان"), &f.by_county, "counties");
    assert_eq!(headers(&sheet(&w.path, "شهرستان"), 0)[0], "شهرستان");
    share_rows(&sheet(&w.path, "زمینه فعالیت"), &f.by_field, "fields");
    share_rows(&sheet(&w.path, "نوع تشکل"), &f.by_kind, "kinds");
    share_rows(&sheet(&w.path, "دوره‌ها"), &f.by_course, "courses");
    share_rows(&sheet(&w.path, "تعاونی‌های ویژه"), &f.by_flag, "flags");

    // Needs, every cooperative, furthest behind first; national IDs as text.
    let needs = sheet(&w.path, "نیازها");
    assert_eq!(needs.height(), f.needs_by_org.len() + 1);
    for (i, o) in f.needs_by_org.iter().enumerate() {
        assert_row(
            &needs,
            i as u32 + 1,
            &[
                t(&o.name),
                o.national_id.as_deref().map_or(Want::Empty, t),
                o.county.as_deref().map_or(Want::Empty, t),
                n(o.lines),
                n(o.approved),
                n(o.met),
                pct(o.percent),
            ],
            "needs",
        );
    }

    // Waiting time and quota.
    let wait = sheet(&w.path, "زمان انتظار");
    for (i, b) in f.wait.buckets.iter().enumerate() {
        assert_row(
            &wait,
            i as u32 + 1,
            &[
                t(&b.label),
                n(b.referrals),
                pct(report::percent(b.referrals, f.wait.referrals)),
            ],
            "wait",
        );
    }
    let quota = sheet(&w.path, "سهمیه");
    assert_eq!(quota.height(), f.quotas.len() + 1);
    for (i, q) in f.quotas.iter().enumerate() {
        assert_row(
            &quota,
            i as u32 + 1,
            &[
                t(&q.title),
                t(&q.starts_on_jalali),
                t(&q.ends_on_jalali),
                t(&q.unit_label),
                n(q.capacity),
                pct(q.province_share),
                pct(q.coop_share),
                n(q.quota),
                n(q.used),
                n(q.reserved),
                n(q.remaining),
                pct(q.percent as f64),
            ],
            "quota",
        );
    }

    // The front sheet: title, letterhead and office, the period, then the
    // sentences one a row, then the headline figures.
    let cover = sheet(&w.path, "خلاصه");
    let text = |r: u32| cell(&cover, r, 0).to_string();
    assert_eq!(text(0), xlsx::REPORT_TITLE);
    assert_eq!(text(1), "وزارت تعاون، کار و رفاه اجتماعی");
    assert_eq!(text(2), xlsx::DEFAULT_OFFICE);
    assert_eq!(text(3), "دوره گزارش: مهر ۱۴۰۴ تا آبان ۱۴۰۵");
    let first = (0..cover.height() as u32)
        .find(|r| text(*r) == f.summary[0])
        .expect("the summary's first sentence");
    assert!(f.summary.len() >= 4);
    for (i, sentence) in f.summary.iter().enumerate() {
        assert_eq!(&text(first + i as u32), sentence);
    }
    let header = first + f.summary.len() as u32 + 1;
    assert_eq!(headers(&cover, header), ["شاخص", "تعداد", "درصد"]);
    let headline = |label: &str| -> u32 {
        (header..cover.height() as u32)
            .find(|r| text(*r) == label)
            .unwrap_or_else(|| panic!("no line {label}"))
    };
    assert_row(
        &cover,
        headline("معرفی به آموزش فنی و حرفه‌ای"),
        &[t("معرفی به آموزش فنی و حرفه‌ای"), n(u.referred), Want::Empty],
        "cover",
    );
    assert!(is_number(
        &cell(&cover, headline("اشخاص معرفی‌شده"), 1),
        f.people as f64
    ));
    assert!(is_number(
        &cell(&cover, headline("نوبت‌های ارسال‌شده"), 1),
        f.rounds.len() as f64
    ));
    assert_row(
        &cover,
        headline("گواهینامه‌گرفته"),
        &[t("گواهینامه‌گرفته"), n(u.certified), pct(u.certified_rate)],
        "cover",
    );
    assert_row(
        &cover,
        headline("آموزش‌دیده از نیاز مصوب"),
        &[
            t("آموزش‌دیده از نیاز مصوب"),
            n(f.needs.met),
            pct(f.needs.percent),
        ],
        "cover",
    );

    // Shares are numbers shown as percentages.
    let styles = zip_entry(&w.path, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0.0%""#), "{styles}");
    let core = zip_entry(&w.path, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>گزارش ماهانه آموزش تعاونی‌ها، مهر ۱۴۰۴ تا آبان ۱۴۰۵</dc:title>"),
        "{core}"
    );
}

#[test]
fn the_charts_are_native_persian_and_read_right_to_left() {
    let db = sample();
    let w = export(&db, &period("1404/07", "1405/08"));
    let all = charts(&w.path);
    assert_eq!(all.len(), 10, "one chart a table, none for the needs");

    let titles = [
        "معرفی‌شدگان هر ماه و سهم ماهانه سهمیه",
        "از معرفی تا گواهینامه در هر نوبت",
        "قیف نتایج: از معرفی تا گواهینامه",
        "معرفی‌شدگان به تفکیک شهرستان",
        "معرفی‌شدگان به تفکیک زمینه فعالیت",
        "معرفی‌شدگان به تفکیک نوع تشکل",
        "معرفی‌شدگان تعاونی‌های کوچک، نوپا و اینترنتی",
        "زمان انتظار از تأیید نیاز تا معرفی",
        "سهمیه: به‌کاررفته، رزروشده و مانده",
    ];
    for title in titles {
        chart_titled(&all, title);
    }
    let courses = all
        .iter()
        .find(|c| c.contains("معرفی‌شدگان به تفکیک دوره"))
        .expect("the courses chart");

    for chart in &all {
        // The base font for Latin and Persian text alike.
        assert!(chart.contains(r#"<a:latin typeface="Tahoma""#), "{chart}");
        assert!(chart.contains(r#"<a:cs typeface="Tahoma""#), "{chart}");
        assert!(chart.contains(r#"rtl="1""#), "{chart}");
        // Categories run right to left (top to bottom for bars).
        for axis in axes(chart, "c:catAx") {
            assert!(axis.contains(r#"<c:orientation val="maxMin"/>"#), "{axis}");
        }
    }

    // Referred per month in columns with the quota share as a line, both
    // read from the months sheet; series named by the columns' headers.
    let months = chart_titled(&all, titles[0]);
    assert!(months.contains("<c:barChart>") && months.contains("<c:lineChart>"));
    let rows = w.figures.months.len() + 1;
    let f = formulas(months);
    assert!(f.contains(&format!("'ماه‌به‌ماه'!$D$2:$D${rows}")), "{f:?}");
    assert!(f.contains(&format!("'ماه‌به‌ماه'!$H$2:$H${rows}")), "{f:?}");
    assert!(f.contains(&format!("'ماه‌به‌ماه'!$B$2:$B${rows}")), "{f:?}");
    assert!(months.contains("<c:v>معرفی‌شدگان</c:v>"), "{months}");
    assert!(months.contains("<c:v>سهم ماهانه سهمیه</c:v>"));
    assert!(months.contains("<a:t>ماه</a:t>") && months.contains("<a:t>نفر</a:t>"));

    // Bars grow from the right, their value axis under them.
    let funnel = chart_titled(&all, titles[2]);
    assert!(funnel.contains(r#"<c:barDir val="bar"/>"#));
    for axis in axes(funnel, "c:valAx") {
        assert!(axis.contains(r#"<c:orientation val="maxMin"/>"#), "{axis}");
    }
    assert!(funnel.contains(r#"<c:crosses val="max"/>"#), "{funnel}");
    assert_eq!(
        formulas(funnel),
        ["'قیف نتایج'!$A$2:$A$6", "'قیف نتایج'!$B$2:$B$6"]
    );

    // Pies for parts of a whole.
    assert!(chart_titled(&all, titles[4]).contains("<c:pieChart>"));
    // The courses chart shows the most referred only; the table has all.
    let shown = xlsx::CHARTED_COURSES.min(w.figures.by_course.len()) + 1;
    assert!(
        formulas(courses).contains(&format!("'دوره‌ها'!$B$2:$B${shown}")),
        "{:?}",
        formulas(courses)
    );

    // Every sheet reads right to left, and each chart sits on its table's
    // sheet.
    for i in 1..=SHEETS.len() {
        let xml = zip_entry(&w.path, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(xml.contains(r#"rightToLeft="1""#), "sheet {i}");
    }
    // A narrow table has its chart beside it, the page fitted to its
    // width; a wide one has it on a page of its own, scaled to the table.
    let funnel_xml = zip_entry(&w.path, "xl/worksheets/sheet4.xml");
    assert!(funnel_xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    assert!(!funnel_xml.contains("<rowBreaks"));
    let months_xml = zip_entry(&w.path, "xl/worksheets/sheet2.xml");
    assert!(
        months_xml.contains(&format!(r#"<brk id="{}" max="16383" man="1"/>"#, rows + 1)),
        "{months_xml}"
    );
    assert!(months_xml.contains(r#"scale=""#) && !months_xml.contains("fitToPage"));
    // Fitted columns are as wide as their longest value.
    let county = zip_entry(&w.path, "xl/worksheets/sheet5.xml");
    let longest = w
        .figures
        .by_county
        .iter()
        .map(|s| s.label.chars().filter(|c| *c != '\u{200C}').count())
        .max()
        .unwrap() as f64;
    let width: f64 = county
        .split(r#"<col min="1" max="1" width=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        width >= longest && width < longest + 4.0,
        "{width} for {longest}"
    );
    let funnel_sheet = zip_entry(&w.path, "xl/worksheets/_rels/sheet4.xml.rels");
    assert!(funnel_sheet.contains("drawing"), "{funnel_sheet}");
    let needs_sheet = zip_entry(&w.path, "xl/worksheets/sheet10.xml");
    assert!(!needs_sheet.contains("<drawing"), "no chart of the needs");
}

#[test]
fn an_empty_database_gives_a_valid_workbook_of_zeros() {
    let db = Db::open_in_memory().unwrap();
    let w = export(&db, &period("1405/01", "1405/03"));
    assert_eq!(sheet_names(&w.path), SHEETS);

    let cover = sheet(&w.path, "خلاصه");
    let texts: Vec<String> = (0..cover.height() as u32)
        .map(|r| cell(&cover, r, 0).to_string())
        .collect();
    assert!(
        texts.contains(
            &"از فروردین ۱۴۰۵ تا خرداد ۱۴۰۵ هیچ فهرست معرفی‌ای به آموزش فنی و حرفه‌ای ارسال نشده است."
                .to_owned()
        ),
        "{texts:?}"
    );
    let months = sheet(&w.path, "ماه‌به‌ماه");
    assert_eq!(months.height(), 4);
    for r in 1..=3 {
        assert!(is_number(&cell(&months, r, 3), 0.0));
        assert_eq!(cell(&months, r, 8), Data::Empty, "no quota period");
    }
    let funnel = sheet(&w.path, "قیف نتایج");
    for r in 1..=5 {
        assert!(is_number(&cell(&funnel, r, 1), 0.0));
        assert!(is_number(&cell(&funnel, r, 2), 0.0));
    }
    for empty in [
        "نوبت‌ها",
        "شهرستان",
        "زمینه فعالیت",
        "نوع تشکل",
        "دوره‌ها",
        "نیازها",
        "سهمیه",
    ] {
        assert_eq!(
            sheet(&w.path, empty).height(),
            1,
            "{empty}: its header only"
        );
    }

    // A table of zeros keeps its chart; a table without rows has none,
    // since a series over no cells is something Excel refuses to open.
    let all = charts(&w.path);
    assert_eq!(
        all.len(),
        4,
        "months, funnel, special cooperatives, waiting"
    );
    for title in [
        "معرفی‌شدگان هر ماه و سهم ماهانه سهمیه",
        "قیف نتایج: از معرفی تا گواهینامه",
        "معرفی‌شدگان تعاونی‌های کوچک، نوپا و اینترنتی",
        "زمان انتظار از تأیید نیاز تا معرفی",
    ] {
        chart_titled(&all, title);
    }
    for chart in &all {
        for range in formulas(chart) {
            let (from, to) = range.rsplit_once('!').unwrap().1.split_once(':').unwrap();
            let row = |cell: &str| -> u32 { cell.rsplit('$').next().unwrap().parse().unwrap() };
            assert!(row(from) >= 2 && row(to) >= row(from), "{range}");
        }
    }
    for i in [3, 5, 6, 7, 8, 10, 12] {
        let rels = format!("xl/worksheets/_rels/sheet{i}.xml.rels");
        let file = std::fs::File::open(&w.path).unwrap();
        let archive = zip::ZipArchive::new(file).unwrap();
        assert!(
            archive.index_for_name(&rels).is_none(),
            "sheet {i} has no drawing"
        );
    }
}

#[test]
fn the_file_name_carries_the_period() {
    assert_eq!(
        xlsx::report_file_name(&period("۱۴۰۴/۰۷", "1405/8")),
        "report-1404-07-1405-08.xlsx"
    );
}
