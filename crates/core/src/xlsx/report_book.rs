//! The monthly report for the joint working group with the TVTO as a
//! workbook (PRODUCT.md, C9): a front sheet with the summary in sentences
//! and the headline figures, then one sheet per table of
//! [`report::figures`], each with its native Excel chart.
//!
//! Every cell comes from one call of [`report::figures`], so the sheets,
//! the charts and the sentences agree with each other and with the
//! dashboard. Shares are real numbers shown as percentages; months are
//! Jalali text (`1404/09`) beside their names (`آذر ۱۴۰۴`).

use std::path::Path;

use rusqlite::Connection;

use super::{
    Book, Cell, ChartKind, ChartSpec, Column, ColumnKind, CoverSpec, DocInfo, ExportOptions,
    Series, SheetSpec,
};
use crate::error::Result;
use crate::files::Saved;
use crate::jalali::{to_jalali, today};
use crate::report::{self, percent, Figures, ReportPeriod, Share};
use crate::text::{clean_text, to_persian_digits};

/// The sheets of the workbook, in order.
pub const REPORT_SHEETS: [&str; 12] = [
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

/// The title on the front sheet and in every page header.
pub const REPORT_TITLE: &str = "گزارش ماهانه آموزش تعاونی‌ها به کارگروه مشترک با آموزش فنی و حرفه‌ای";

/// How many courses the courses chart shows (the table has them all).
pub const CHARTED_COURSES: usize = 15;

/// The workbook's file name, ASCII so it survives any email program:
/// `report-1404-07-1405-08.xlsx`.
pub fn report_file_name(period: &ReportPeriod) -> String {
    period.file_name("xlsx")
}

/// Writes the monthly report for `period` to `path`, with the letterhead of
/// the settings on its front sheet.
pub fn export_report(
    conn: &Connection,
    period: &ReportPeriod,
    path: &Path,
    opts: &ExportOptions,
) -> Result<Saved> {
    let figures = report::figures(conn, period, None)?;
    let letterhead = crate::settings::get(conn)?.letterhead;
    write_report_book(&figures, &letterhead, path, opts)
}

const COVER_COLUMNS: [Column; 3] = [
    Column::new("شاخص", 46.0, ColumnKind::Text),
    Column::new("تعداد", 14.0, ColumnKind::Number),
    Column::new("درصد", 14.0, ColumnKind::Percent),
];

const MONTH_COLUMNS: [Column; 11] = [
    Column::new("ماه", 10.0, ColumnKind::Date),
    Column::new("نام ماه", 16.0, ColumnKind::Text),
    Column::new("نوبت‌های ارسال‌شده", 12.0, ColumnKind::Number),
    Column::new("معرفی‌شدگان", 12.0, ColumnKind::Number),
    Column::new("تعاونی‌ها", 10.0, ColumnKind::Number),
    Column::new("اتحادیه‌ها", 10.0, ColumnKind::Number),
    Column::new("گواهینامه", 10.0, ColumnKind::Number),
    Column::new("سهم ماهانه سهمیه", 12.0, ColumnKind::Number),
    Column::new("مانده سهمیه", 12.0, ColumnKind::Number),
    Column::new("واحد سهمیه", 10.0, ColumnKind::Text),
    Column::new("دوره سهمیه", 30.0, ColumnKind::Text),
];

const ROUND_COLUMNS: [Column; 14] = [
    Column::new("شماره نوبت", 8.0, ColumnKind::Number),
    Column::new("عنوان", 36.0, ColumnKind::Text),
    Column::new("ماه", 14.0, ColumnKind::Text),
    Column::new("وضعیت", 12.0, ColumnKind::Text),
    Column::new("تعاونی‌ها و اتحادیه‌ها", 12.0, ColumnKind::Number),
    Column::new("معرفی‌شده", 10.0, ColumnKind::Number),
    Column::new("ثبت‌نام", 10.0, ColumnKind::Number),
    Column::new("حاضر در کلاس", 10.0, ColumnKind::Number),
    Column::new("قبول", 10.0, ColumnKind::Number),
    Column::new("گواهینامه", 10.0, ColumnKind::Number),
    Column::new("نرخ ثبت‌نام", 10.0, ColumnKind::Percent),
    Column::new("نرخ حضور", 10.0, ColumnKind::Percent),
    Column::new("نرخ قبولی", 10.0, ColumnKind::Percent),
    Column::new("نرخ گواهینامه", 10.0, ColumnKind::Percent),
];

const FUNNEL_COLUMNS: [Column; 3] = [
    Column::new("مرحله", 20.0, ColumnKind::Text),
    Column::new("نفر", 12.0, ColumnKind::Number),
    Column::new("درصد از معرفی‌شدگان", 12.0, ColumnKind::Percent),
];

/// The columns of a breakdown, after the one that names its rows.
const fn share_columns(label: &'static str, max: f64, organizations: &'static str) -> [Column; 4] {
    [
        Column::new(label, max, ColumnKind::Text),
        Column::new("معرفی‌شدگان", 12.0, ColumnKind::Number),
        Column::new(organizations, 12.0, ColumnKind::Number),
        Column::new("درصد از معرفی‌شدگان", 12.0, ColumnKind::Percent),
    ]
}

const ORGS: &str = "تعاونی‌ها و اتحادیه‌ها";
const COUNTY_COLUMNS: [Column; 4] = share_columns("شهرستان", 20.0, ORGS);
const FIELD_COLUMNS: [Column; 4] = share_columns("زمینه فعالیت", 20.0, ORGS);
const KIND_COLUMNS: [Column; 4] = share_columns("نوع تشکل", 20.0, ORGS);
const COURSE_COLUMNS: [Column; 4] = share_columns("دوره", 44.0, ORGS);
const FLAG_COLUMNS: [Column; 4] = share_columns("گروه", 24.0, "تعاونی‌ها");

const NEEDS_COLUMNS: [Column; 7] = [
    Column::new("تعاونی", 40.0, ColumnKind::Text),
    Column::new("شناسه ملی", 13.0, ColumnKind::Code),
    Column::new("شهرستان", 16.0, ColumnKind::Text),
    Column::new("ردیف‌های نیاز", 10.0, ColumnKind::Number),
    Column::new("نفرات مصوب", 10.0, ColumnKind::Number),
    Column::new("آموزش‌دیده", 10.0, ColumnKind::Number),
    Column::new("درصد تحقق", 10.0, ColumnKind::Percent),
];

const WAIT_COLUMNS: [Column; 3] = [
    Column::new("مدت انتظار", 20.0, ColumnKind::Text),
    Column::new("معرفی‌ها", 12.0, ColumnKind::Number),
    Column::new("درصد", 10.0, ColumnKind::Percent),
];

const QUOTA_COLUMNS: [Column; 12] = [
    Column::new("عنوان", 30.0, ColumnKind::Text),
    Column::new("از", 11.0, ColumnKind::Date),
    Column::new("تا", 11.0, ColumnKind::Date),
    Column::new("واحد", 10.0, ColumnKind::Text),
    Column::new("ظرفیت آموزش فنی و حرفه‌ای", 12.0, ColumnKind::Number),
    Column::new("سهم استان", 10.0, ColumnKind::Percent),
    Column::new("سهم تعاونی‌ها", 10.0, ColumnKind::Percent),
    Column::new("سهمیه", 10.0, ColumnKind::Number),
    Column::new("به‌کاررفته", 10.0, ColumnKind::Number),
    Column::new("رزروشده", 10.0, ColumnKind::Number),
    Column::new("مانده", 10.0, ColumnKind::Number),
    Column::new("درصد استفاده", 10.0, ColumnKind::Percent),
];

/// A percentage of the figures (`45.5`) as the fraction a % cell holds.
fn share(percent: f64) -> Cell {
    Cell::number(percent / 100.0)
}

fn count(n: i64) -> Cell {
    Cell::number(n as f64)
}

fn opt_count(n: Option<i64>) -> Cell {
    Cell::opt_number(n.map(|n| n as f64))
}

/// The funnel's stages, each with its count and share of the referred.
pub fn funnel_stages(f: &report::Funnel) -> [(&'static str, i64, f64); 5] {
    [
        (
            "معرفی‌شده",
            f.referred,
            if f.referred > 0 { 100.0 } else { 0.0 },
        ),
        ("ثبت‌نام‌کرده", f.enrolled, f.enrolled_rate),
        ("حاضر در کلاس", f.attended, f.attended_rate),
        ("قبول‌شده", f.passed, f.passed_rate),
        ("گواهینامه‌گرفته", f.certified, f.certified_rate),
    ]
}

fn share_rows(shares: &[Share]) -> Vec<Vec<Cell>> {
    shares
        .iter()
        .map(|s| {
            vec![
                Cell::text(&s.label),
                count(s.referred),
                count(s.organizations),
                share(s.percent),
            ]
        })
        .collect()
}

/// The front sheet's table: the figures a manager asks for first.
fn headline_rows(f: &Figures) -> Vec<Vec<Cell>> {
    let n = &f.funnel;
    let line = |label: &str, value: Cell, percent: Cell| vec![Cell::text(label), value, percent];
    let mut rows = vec![
        line(
            "معرفی به آموزش فنی و حرفه‌ای",
            count(n.referred),
            Cell::Empty,
        ),
        line("اشخاص معرفی‌شده", count(f.people), Cell::Empty),
        line("تعاونی‌ها", count(f.cooperatives), Cell::Empty),
        line("اتحادیه‌ها", count(f.unions), Cell::Empty),
        line(
            "نوبت‌های ارسال‌شده",
            count(f.rounds.len() as i64),
            Cell::Empty,
        ),
    ];
    for (label, value, percent) in funnel_stages(n).into_iter().skip(1) {
        rows.push(line(label, count(value), share(percent)));
    }
    rows.push(line(
        "نفرات نیاز آموزشی مصوب",
        count(f.needs.approved),
        Cell::Empty,
    ));
    rows.push(line(
        "آموزش‌دیده از نیاز مصوب",
        count(f.needs.met),
        share(f.needs.percent),
    ));
    rows.push(line(
        "میانه انتظار از تأیید نیاز تا معرفی (روز)",
        opt_count(f.wait.median_days),
        Cell::Empty,
    ));
    rows.push(line(
        "میانگین انتظار از تأیید نیاز تا معرفی (روز)",
        Cell::opt_number(f.wait.mean_days),
        Cell::Empty,
    ));
    for q in &f.quotas {
        rows.push(line(
            &format!("مانده سهمیه «{}» ({})", q.title, q.unit_label),
            count(q.remaining),
            share(q.percent as f64),
        ));
    }
    rows
}

/// Writes the workbook from figures already counted. `letterhead` is the
/// settings' lines above the office's name.
pub fn write_report_book(
    f: &Figures,
    letterhead: &str,
    path: &Path,
    opts: &ExportOptions,
) -> Result<Saved> {
    let subtitle = format!("دوره گزارش: {}", f.label);
    let info = DocInfo {
        title: format!("گزارش ماهانه آموزش تعاونی‌ها، {}", f.label),
        subject: "گزارش ماهانه به کارگروه مشترک با آموزش فنی و حرفه‌ای".into(),
        keywords: "حکم ۴۴، سهمیه ۳۰ درصد، آموزش تعاونی‌ها، گزارش ماهانه، کارگروه مشترک".into(),
        comment: f.summary.first().cloned().unwrap_or_default(),
    };
    let mut book = Book::new(opts, &info)?;

    let mut lines: Vec<String> = letterhead
        .lines()
        .map(clean_text)
        .filter(|l| !l.is_empty())
        .collect();
    lines.push(book.office.clone());
    lines.push(subtitle.clone());
    lines.push(format!(
        "تاریخ تهیه: {}",
        to_persian_digits(&to_jalali(today()).to_ascii())
    ));
    book.add_cover(
        &CoverSpec {
            name: REPORT_SHEETS[0],
            page_title: REPORT_TITLE,
            page_subtitle: &subtitle,
            title: REPORT_TITLE,
            lines: &lines,
            heading: "خلاصه گزارش",
            paragraphs: &f.summary,
            columns: &COVER_COLUMNS,
        },
        &headline_rows(f),
    )?;

    let months = f
        .months
        .iter()
        .map(|m| {
            vec![
                Cell::text(&m.month_text),
                Cell::text(&m.label),
                count(m.rounds),
                count(m.referred),
                count(m.cooperatives),
                count(m.unions),
                count(m.certified),
                opt_count(m.quota_share),
                opt_count(m.remaining),
                Cell::opt_text(m.unit_label.as_deref()),
                Cell::opt_text(m.quota_title.as_deref()),
            ]
        })
        .collect();
    add_sheet(
        &mut book,
        &subtitle,
        1,
        "معرفی‌شدگان هر ماه و سهمیه",
        &MONTH_COLUMNS,
        months,
        &[ChartSpec {
            kind: ChartKind::Column,
            title: "معرفی‌شدگان هر ماه و سهم ماهانه سهمیه",
            categories: 1,
            series: &[Series::of(3), Series::line(7)],
            category_title: "ماه",
            value_title: "نفر",
            first_rows: None,
        }],
    )?;

    let rounds = f
        .rounds
        .iter()
        .map(|r| {
            let n = &r.funnel;
            vec![
                count(r.number),
                Cell::text(&r.title),
                Cell::text(&r.month_label),
                Cell::text(&r.status_label),
                count(r.cooperatives),
                count(n.referred),
                count(n.enrolled),
                count(n.attended),
                count(n.passed),
                count(n.certified),
                share(n.enrolled_rate),
                share(n.attended_rate),
                share(n.passed_rate),
                share(n.certified_rate),
            ]
        })
        .collect();
    add_sheet(
        &mut book,
        &subtitle,
        2,
        "نتایج هر نوبت معرفی",
        &ROUND_COLUMNS,
        rounds,
        &[ChartSpec {
            kind: ChartKind::Column,
            title: "از معرفی تا گواهینامه در هر نوبت",
            categories: 0,
            series: &[
                Series::of(5),
                Series::of(6),
                Series::of(7),
                Series::of(8),
                Series::of(9),
            ],
            category_title: "شماره نوبت",
            value_title: "نفر",
            first_rows: None,
        }],
    )?;

    let funnel = funnel_stages(&f.funnel)
        .iter()
        .map(|(label, n, percent)| vec![Cell::text(*label), count(*n), share(*percent)])
        .collect();
    add_sheet(
        &mut book,
        &subtitle,
        3,
        "قیف نتایج: از معرفی تا گواهینامه",
        &FUNNEL_COLUMNS,
        funnel,
        &[ChartSpec {
            kind: ChartKind::Bar,
            title: "قیف نتایج: از معرفی تا گواهینامه",
            categories: 0,
            series: &[Series::of(1)],
            category_title: "مرحله",
            value_title: "نفر",
            first_rows: None,
        }],
    )?;

    let breakdowns = [
        Breakdown {
            at: 4,
            title: "معرفی‌شدگان به تفکیک شهرستان",
            columns: &COUNTY_COLUMNS,
            shares: &f.by_county,
            kind: ChartKind::Bar,
            first_rows: None,
        },
        Breakdown {
            at: 5,
            title: "معرفی‌شدگان به تفکیک زمینه فعالیت",
            columns: &FIELD_COLUMNS,
            shares: &f.by_field,
            kind: ChartKind::Pie,
            first_rows: None,
        },
        Breakdown {
            at: 6,
            title: "معرفی‌شدگان به تفکیک نوع تشکل",
            columns: &KIND_COLUMNS,
            shares: &f.by_kind,
            kind: ChartKind::Pie,
            first_rows: None,
        },
        Breakdown {
            at: 7,
            title: "معرفی‌شدگان به تفکیک دوره",
            columns: &COURSE_COLUMNS,
            shares: &f.by_course,
            kind: ChartKind::Bar,
            first_rows: Some(CHARTED_COURSES),
        },
        Breakdown {
            at: 8,
            title: "معرفی‌شدگان تعاونی‌های کوچک، نوپا و اینترنتی",
            columns: &FLAG_COLUMNS,
            shares: &f.by_flag,
            kind: ChartKind::Column,
            first_rows: None,
        },
    ];
    for Breakdown {
        at,
        title,
        columns,
        shares,
        kind,
        first_rows,
    } in breakdowns
    {
        let chart_title = match first_rows {
            Some(n) if shares.len() > n => format!(
                "{} ({} دوره با بیشترین معرفی)",
                title,
                to_persian_digits(&n.to_string())
            ),
            _ => title.to_owned(),
        };
        add_sheet(
            &mut book,
            &subtitle,
            at,
            title,
            columns,
            share_rows(shares),
            &[ChartSpec {
                kind,
                title: &chart_title,
                categories: 0,
                series: &[Series::of(1)],
                category_title: columns[0].header,
                value_title: "نفر",
                first_rows,
            }],
        )?;
    }

    let needs = f
        .needs_by_org
        .iter()
        .map(|o| {
            vec![
                Cell::text(&o.name),
                Cell::opt_text(o.national_id.as_deref()),
                Cell::opt_text(o.county.as_deref()),
                count(o.lines),
                count(o.approved),
                count(o.met),
                share(o.percent),
            ]
        })
        .collect();
    add_sheet(
        &mut book,
        &subtitle,
        9,
        "نیاز مصوب و آموزش‌دیده هر تعاونی",
        &NEEDS_COLUMNS,
        needs,
        &[],
    )?;

    let waited = f.wait.referrals;
    let wait = f
        .wait
        .buckets
        .iter()
        .map(|b| {
            vec![
                Cell::text(&b.label),
                count(b.referrals),
                share(percent(b.referrals, waited)),
            ]
        })
        .collect();
    add_sheet(
        &mut book,
        &subtitle,
        10,
        "زمان انتظار از تأیید نیاز تا معرفی",
        &WAIT_COLUMNS,
        wait,
        &[ChartSpec {
            kind: ChartKind::Column,
            title: "زمان انتظار از تأیید نیاز تا معرفی",
            categories: 0,
            series: &[Series::of(1)],
            category_title: "مدت انتظار",
            value_title: "معرفی",
            first_rows: None,
        }],
    )?;

    let quotas = f
        .quotas
        .iter()
        .map(|q| {
            vec![
                Cell::text(&q.title),
                Cell::text(&q.starts_on_jalali),
                Cell::text(&q.ends_on_jalali),
                Cell::text(&q.unit_label),
                count(q.capacity),
                share(q.province_share),
                share(q.coop_share),
                count(q.quota),
                count(q.used),
                count(q.reserved),
                count(q.remaining),
                share(q.percent as f64),
            ]
        })
        .collect();
    add_sheet(
        &mut book,
        &subtitle,
        11,
        "سهمیه تعاونی‌ها از ظرفیت آموزش فنی و حرفه‌ای",
        &QUOTA_COLUMNS,
        quotas,
        &[ChartSpec {
            kind: ChartKind::StackedColumn,
            title: "سهمیه: به‌کاررفته، رزروشده و مانده",
            categories: 0,
            series: &[Series::of(8), Series::of(9), Series::of(10)],
            category_title: "دوره سهمیه",
            value_title: "سهمیه",
            first_rows: None,
        }],
    )?;

    book.save(path)
}

/// A breakdown of the referred (by county, field, …): its sheet, its
/// table's first column and its chart.
struct Breakdown<'a> {
    at: usize,
    title: &'a str,
    columns: &'a [Column],
    shares: &'a [Share],
    kind: ChartKind,
    first_rows: Option<usize>,
}

/// Adds the table sheet `REPORT_SHEETS[at]` with its charts.
fn add_sheet(
    book: &mut Book,
    subtitle: &str,
    at: usize,
    title: &str,
    columns: &[Column],
    rows: Vec<Vec<Cell>>,
    charts: &[ChartSpec],
) -> Result<()> {
    book.add_sheet_with_charts(
        &SheetSpec {
            name: REPORT_SHEETS[at],
            title,
            subtitle,
            columns,
        },
        &rows,
        charts,
    )
}
