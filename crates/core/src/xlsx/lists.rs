//! The screens' lists as sheets: cooperatives and unions, people, need
//! lines, rounds, one round's referrals with what became of them, and the
//! quota periods. Each export reads its rows with the very function the
//! screen reads them with, under the same filter, all pages at once and in
//! the screen's order; the filter is written in the printed page header.
//!
//! Headers are the names the import knows for the same values
//! (`import/targets.txt`): an exported list of cooperatives or people reads
//! back through the import unchanged, and the referrals sheet names its
//! outcome columns as the TVTO's feedback does.

use std::path::Path;

use rusqlite::Connection;

use super::{round_subtitle, Book, Cell, Column, ColumnKind, DocInfo, ExportOptions, SheetSpec};
use crate::error::{Error, Result};
use crate::files::Saved;
use crate::jalali::Jalali;
use crate::model::ReferralStatus;
use crate::needs::{self, NeedFilter};
use crate::registry::{self, OrgFilter};
use crate::rounds;
use crate::text::to_persian_digits;

/// The lists that can be exported; each names its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSheet {
    Orgs,
    People,
    Needs,
    Rounds,
    /// The referrals of the round with this number.
    Referrals(i64),
    Quota,
}

impl ListSheet {
    /// The file's name: ASCII, so it survives any email program, with the
    /// Jalali day of the export: `cooperatives-1405-09-10.xlsx`,
    /// `referrals-round-03-1405-09-10.xlsx`.
    pub fn file_name(self, day: Jalali) -> String {
        let stem = match self {
            ListSheet::Orgs => "cooperatives".to_owned(),
            ListSheet::People => "people".to_owned(),
            ListSheet::Needs => "needs".to_owned(),
            ListSheet::Rounds => "rounds".to_owned(),
            ListSheet::Referrals(number) => format!("referrals-round-{number:02}"),
            ListSheet::Quota => "quota".to_owned(),
        };
        format!(
            "{stem}-{:04}-{:02}-{:02}.xlsx",
            day.year, day.month, day.day
        )
    }
}

/// The most rows a sheet holds below its header (Excel's limit).
pub const MAX_ROWS: usize = 1_048_575;

fn fa(n: impl ToString) -> String {
    to_persian_digits(&n.to_string())
}

fn refuse_past_excel(rows: usize) -> Result<()> {
    if rows > MAX_ROWS {
        return Err(Error::Refused(format!(
            "این فهرست {} ردیف دارد و اکسل در یک برگه بیش از {} ردیف نمی‌پذیرد؛ \
             فهرست را با جست‌وجو یا صافی‌ها کوتاه‌تر کنید.",
            fa(rows),
            fa(MAX_ROWS)
        )));
    }
    Ok(())
}

/// The page header's second line: how many rows, then the filter, or `all`
/// when there is none.
fn subtitle(rows: usize, filter: &[String], all: &str) -> String {
    let mut parts = vec![format!("{} ردیف", fa(rows))];
    if filter.is_empty() {
        parts.push(all.to_owned());
    } else {
        parts.extend(filter.iter().cloned());
    }
    parts.join("، ")
}

fn searched(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| format!("جست‌وجو: «{t}»"))
}

fn yes_no(v: bool) -> &'static str {
    if v {
        "بله"
    } else {
        "خیر"
    }
}

fn row_number(i: usize) -> Cell {
    Cell::number(i as u32 + 1)
}

struct Sheet<'a> {
    name: &'a str,
    title: &'a str,
    subtitle: String,
    columns: &'a [Column],
    rows: Vec<Vec<Cell>>,
}

fn write_book(path: &Path, opts: &ExportOptions, info: DocInfo, sheets: &[Sheet]) -> Result<Saved> {
    let mut book = Book::new(opts, &info)?;
    for s in sheets {
        refuse_past_excel(s.rows.len())?;
        book.add_sheet(
            &SheetSpec {
                name: s.name,
                title: s.title,
                subtitle: &s.subtitle,
                columns: s.columns,
            },
            &s.rows,
        )?;
    }
    book.save(path)
}

// ---------------------------------------------------------------------------
// Cooperatives and unions

const ORG_COLUMNS: [Column; 17] = [
    Column::new("ردیف", 6.0, ColumnKind::Number),
    Column::new("نام تعاونی", 48.0, ColumnKind::Text),
    Column::new("نوع", 9.0, ColumnKind::Text),
    Column::new("شناسه ملی", 13.0, ColumnKind::Code),
    Column::new("شماره ثبت", 16.0, ColumnKind::Code),
    Column::new("زمینه فعالیت", 10.0, ColumnKind::Text),
    Column::new("گرایش", 22.0, ColumnKind::Text),
    Column::new("شهرستان", 18.0, ColumnKind::Text),
    Column::new("تاریخ تأسیس", 11.0, ColumnKind::Date),
    Column::new("تعداد اعضا", 8.0, ColumnKind::Number),
    Column::new("تلفن", 16.0, ColumnKind::Code),
    Column::new("تلفن همراه", 13.0, ColumnKind::Code),
    Column::new("کوچک", 6.0, ColumnKind::Text),
    Column::new("نوپا", 6.0, ColumnKind::Text),
    Column::new("اینترنتی", 9.0, ColumnKind::Text),
    Column::new("وضعیت", 8.0, ColumnKind::Text),
    Column::new("رایانامه", 28.0, ColumnKind::Text),
];

pub const ORGS_SHEET: &str = "تعاونی‌ها و اتحادیه‌ها";

fn org_filter_parts(f: &OrgFilter) -> Vec<String> {
    let mut parts: Vec<String> = searched(&f.text).into_iter().collect();
    if let Some(k) = f.kind {
        parts.push(format!("نوع: {}", k.label()));
    }
    if let Some(x) = f.field {
        parts.push(format!("زمینه فعالیت: {}", x.label()));
    }
    if let Some(c) = f.county.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        parts.push(format!("شهرستان: {c}"));
    }
    if let Some(s) = f.status {
        parts.push(format!("وضعیت: {}", s.label()));
    }
    for (flag, label) in [
        (f.is_small, "کوچک"),
        (f.is_startup, "نوپا"),
        (f.is_internet, "اینترنتی"),
    ] {
        if let Some(v) = flag {
            parts.push(format!("{label}: {}", yes_no(v)));
        }
    }
    parts
}

/// Writes the cooperatives and unions the list shows under `filter`
/// ([`registry::search_orgs_all`]), in its Persian order of name.
pub fn export_orgs(
    conn: &Connection,
    filter: &OrgFilter,
    path: &Path,
    opts: &ExportOptions,
) -> Result<Saved> {
    let orgs = registry::search_orgs_all(conn, filter)?;
    let rows: Vec<Vec<Cell>> = orgs
        .iter()
        .enumerate()
        .map(|(i, o)| {
            vec![
                row_number(i),
                Cell::text(&o.name),
                Cell::text(&o.kind_label),
                Cell::opt_text(o.national_id.as_deref()),
                Cell::opt_text(o.registration_no.as_deref()),
                Cell::text(&o.field_label),
                Cell::opt_text(o.orientation.as_deref()),
                Cell::opt_text(o.county.as_deref()),
                Cell::opt_text(o.founded_on_jalali.as_deref()),
                Cell::opt_number(o.member_count),
                Cell::opt_text(o.phone.as_deref()),
                Cell::opt_text(o.mobile.as_deref()),
                Cell::text(yes_no(o.is_small)),
                Cell::text(yes_no(o.is_startup)),
                Cell::text(yes_no(o.is_internet)),
                Cell::text(&o.status_label),
                Cell::opt_text(o.email.as_deref()),
            ]
        })
        .collect();
    let subtitle = subtitle(
        rows.len(),
        &org_filter_parts(filter),
        "همه تعاونی‌ها و اتحادیه‌ها",
    );
    write_book(
        path,
        opts,
        DocInfo {
            title: "فهرست تعاونی‌ها و اتحادیه‌ها".into(),
            subject: "تعاونی‌ها و اتحادیه‌ها".into(),
            keywords: "تعاونی، اتحادیه، فهرست".into(),
            comment: subtitle.clone(),
        },
        &[Sheet {
            name: ORGS_SHEET,
            title: "فهرست تعاونی‌ها و اتحادیه‌ها",
            subtitle,
            columns: &ORG_COLUMNS,
            rows,
        }],
    )
}

// ---------------------------------------------------------------------------
// People

const PEOPLE_COLUMNS: [Column; 9] = [
    Column::new("ردیف", 6.0, ColumnKind::Number),
    Column::new("کد ملی", 13.0, ColumnKind::Code),
    Column::new("نام خانوادگی", 30.0, ColumnKind::Text),
    Column::new("نام", 24.0, ColumnKind::Text),
    Column::new("نام پدر", 20.0, ColumnKind::Text),
    Column::new("جنسیت", 7.0, ColumnKind::Text),
    Column::new("تاریخ تولد", 11.0, ColumnKind::Date),
    Column::new("تحصیلات", 16.0, ColumnKind::Text),
    Column::new("تلفن همراه", 13.0, ColumnKind::Code),
];

pub const PEOPLE_SHEET: &str = "اشخاص";

/// Writes the people the list finds for `query`
/// ([`registry::search_people_all`]), in Persian order of last name, then
/// first name.
pub fn export_people(
    conn: &Connection,
    query: &str,
    path: &Path,
    opts: &ExportOptions,
) -> Result<Saved> {
    let people = registry::search_people_all(conn, query)?;
    let rows: Vec<Vec<Cell>> = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                row_number(i),
                Cell::text(&p.national_code),
                Cell::text(&p.last_name),
                Cell::text(&p.first_name),
                Cell::opt_text(p.father_name.as_deref()),
                Cell::opt_text(p.gender_label.as_deref()),
                Cell::opt_text(p.birth_date_jalali.as_deref()),
                Cell::opt_text(p.education_label.as_deref()),
                Cell::opt_text(p.mobile.as_deref()),
            ]
        })
        .collect();
    let filter: Vec<String> = searched(query).into_iter().collect();
    let subtitle = subtitle(rows.len(), &filter, "همه اشخاص");
    write_book(
        path,
        opts,
        DocInfo {
            title: "فهرست اشخاص".into(),
            subject: "اعضا و مدیران تعاونی‌ها".into(),
            keywords: "اشخاص، اعضا، مدیران، فهرست".into(),
            comment: subtitle.clone(),
        },
        &[Sheet {
            name: PEOPLE_SHEET,
            title: "فهرست اشخاص",
            subtitle,
            columns: &PEOPLE_COLUMNS,
            rows,
        }],
    )
}

// ---------------------------------------------------------------------------
// Need lines

const NEED_COLUMNS: [Column; 15] = [
    Column::new("ردیف", 6.0, ColumnKind::Number),
    Column::new("نام تعاونی", 40.0, ColumnKind::Text),
    Column::new("شناسه ملی تعاونی", 13.0, ColumnKind::Code),
    Column::new("دوره", 36.0, ColumnKind::Text),
    Column::new("کد استاندارد", 22.0, ColumnKind::Code),
    Column::new("گروه هدف", 10.0, ColumnKind::Text),
    Column::new("تعداد درخواستی", 10.0, ColumnKind::Number),
    Column::new("تعداد مصوب", 8.0, ColumnKind::Number),
    Column::new("منبع", 16.0, ColumnKind::Text),
    Column::new("سطح نیاز", 7.0, ColumnKind::Number),
    Column::new("ماه هدف", 9.0, ColumnKind::Date),
    Column::new("وضعیت", 17.0, ColumnKind::Text),
    Column::new("معرفی‌شده", 9.0, ColumnKind::Number),
    Column::new("آموزش‌دیده", 11.0, ColumnKind::Number),
    Column::new("توضیحات", 36.0, ColumnKind::Text),
];

pub const NEEDS_SHEET: &str = "نیازها";

fn need_filter_parts(conn: &Connection, f: &NeedFilter) -> Result<Vec<String>> {
    let mut parts = Vec::new();
    if let Some(id) = f.campaign_id {
        parts.push(needs::get_campaign(conn, id)?.title);
    }
    if let Some(id) = f.organization_id {
        parts.push(registry::get_org_by_id(conn, id)?.name);
    }
    if let Some(id) = f.course_id {
        parts.push(format!(
            "دوره: {}",
            crate::catalog::get_course(conn, id)?.title
        ));
    }
    if let Some(s) = f.status {
        parts.push(format!("وضعیت: {}", s.label()));
    }
    if let Some(s) = f.source {
        parts.push(format!("منبع: {}", s.label()));
    }
    parts.extend(searched(&f.text));
    Ok(parts)
}

/// Writes the need lines the list shows under `filter`
/// ([`needs::list_needs`]): most needed first, then in Persian order of
/// cooperative and course.
pub fn export_needs(
    conn: &Connection,
    filter: &NeedFilter,
    path: &Path,
    opts: &ExportOptions,
) -> Result<Saved> {
    let lines = needs::list_needs(conn, filter)?;
    let rows: Vec<Vec<Cell>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                row_number(i),
                Cell::text(&l.organization_name),
                Cell::opt_text(l.organization_national_id.as_deref()),
                Cell::text(&l.course_title),
                Cell::opt_text(l.course_code.as_deref()),
                Cell::text(&l.target_role_label),
                Cell::number(l.requested),
                Cell::opt_number(l.approved),
                Cell::text(&l.source_label),
                Cell::number(l.need_level),
                Cell::opt_text(
                    l.target_year
                        .zip(l.target_month)
                        .map(|(y, m)| format!("{y:04}/{m:02}")),
                ),
                Cell::text(&l.status_label),
                Cell::number(l.nominees),
                Cell::number(l.trained),
                Cell::opt_text(l.notes.as_deref()),
            ]
        })
        .collect();
    let subtitle = subtitle(
        rows.len(),
        &need_filter_parts(conn, filter)?,
        "همه نیازسنجی‌ها",
    );
    write_book(
        path,
        opts,
        DocInfo {
            title: "فهرست نیازهای آموزشی".into(),
            subject: "نیازسنجی آموزشی تعاونی‌ها".into(),
            keywords: "نیازسنجی، نیاز آموزشی، حکم ۴۴".into(),
            comment: subtitle.clone(),
        },
        &[Sheet {
            name: NEEDS_SHEET,
            title: "فهرست نیازهای آموزشی",
            subtitle,
            columns: &NEED_COLUMNS,
            rows,
        }],
    )
}

// ---------------------------------------------------------------------------
// Rounds

const ROUND_LIST_COLUMNS: [Column; 15] = [
    Column::new("شماره نوبت", 7.0, ColumnKind::Number),
    Column::new("ماه", 9.0, ColumnKind::Date),
    Column::new("عنوان", 40.0, ColumnKind::Text),
    Column::new("وضعیت", 10.0, ColumnKind::Text),
    Column::new("ظرفیت", 7.0, ColumnKind::Number),
    Column::new("نفرات", 7.0, ColumnKind::Number),
    Column::new("معرفی‌شده", 9.0, ColumnKind::Number),
    Column::new("تعاونی‌ها", 10.0, ColumnKind::Number),
    Column::new("دوره‌ها", 7.0, ColumnKind::Number),
    Column::new("گواهینامه گرفته", 11.0, ColumnKind::Number),
    Column::new("شماره نامه", 20.0, ColumnKind::Code),
    Column::new("تاریخ ارسال", 11.0, ColumnKind::Date),
    Column::new("دوره سهمیه", 30.0, ColumnKind::Text),
    Column::new("سهمیه دوره", 9.0, ColumnKind::Number),
    Column::new("درصد سهمیهٔ گرفته‌شده", 12.0, ColumnKind::Number),
];

pub const ROUNDS_SHEET: &str = "نوبت‌های معرفی";

/// Writes the referral rounds as the list shows them ([`rounds::list_rounds`]),
/// newest first, each with its head counts and its period's quota.
pub fn export_rounds(conn: &Connection, path: &Path, opts: &ExportOptions) -> Result<Saved> {
    let list = rounds::list_rounds(conn)?;
    let rows: Vec<Vec<Cell>> = list
        .iter()
        .map(|r| {
            vec![
                Cell::number(r.number as f64),
                Cell::text(&r.month_text),
                Cell::text(&r.title),
                Cell::text(&r.status_label),
                Cell::opt_number(r.capacity.map(|c| c as f64)),
                Cell::number(r.people as f64),
                Cell::number(r.referred as f64),
                Cell::number(r.cooperatives as f64),
                Cell::number(r.courses as f64),
                Cell::number(r.certified as f64),
                Cell::opt_text(r.letter_no.as_deref()),
                Cell::opt_text(r.sent_on_jalali.as_deref()),
                Cell::opt_text(r.quota.as_ref().map(|q| q.title.as_str())),
                Cell::opt_number(r.quota.as_ref().map(|q| q.quota as f64)),
                Cell::opt_number(r.quota.as_ref().map(|q| q.percent as f64)),
            ]
        })
        .collect();
    let subtitle = format!("{} نوبت", fa(rows.len()));
    write_book(
        path,
        opts,
        DocInfo {
            title: "فهرست نوبت‌های معرفی".into(),
            subject: "نوبت‌های معرفی به آموزش فنی و حرفه‌ای".into(),
            keywords: "نوبت معرفی، سهمیه ۳۰ درصد، حکم ۴۴".into(),
            comment: subtitle.clone(),
        },
        &[Sheet {
            name: ROUNDS_SHEET,
            title: "فهرست نوبت‌های معرفی",
            subtitle,
            columns: &ROUND_LIST_COLUMNS,
            rows,
        }],
    )
}

// ---------------------------------------------------------------------------
// One round's referrals and their outcomes

const REFERRAL_COLUMNS: [Column; 19] = [
    Column::new("ردیف", 6.0, ColumnKind::Number),
    Column::new("نام و نام خانوادگی", 30.0, ColumnKind::Text),
    Column::new("کد ملی", 13.0, ColumnKind::Code),
    Column::new("سمت", 16.0, ColumnKind::Text),
    Column::new("نام تعاونی", 36.0, ColumnKind::Text),
    Column::new("دوره", 32.0, ColumnKind::Text),
    Column::new("کد استاندارد", 22.0, ColumnKind::Code),
    Column::new("امتیاز", 7.0, ColumnKind::Number),
    Column::new("وضعیت", 16.0, ColumnKind::Text),
    Column::new("ثبت‌نام", 16.0, ColumnKind::Text),
    Column::new("حضور", 12.0, ColumnKind::Text),
    Column::new("نتیجه", 7.0, ColumnKind::Text),
    Column::new("شماره گواهینامه", 20.0, ColumnKind::Code),
    Column::new("تاریخ گواهینامه", 11.0, ColumnKind::Date),
    Column::new("مرکز آموزشی", 28.0, ColumnKind::Text),
    Column::new("شروع کلاس", 11.0, ColumnKind::Date),
    Column::new("پایان کلاس", 11.0, ColumnKind::Date),
    Column::new("توضیحات", 30.0, ColumnKind::Text),
    Column::new("دلیل رتبه", 40.0, ColumnKind::Text),
];

pub const REFERRALS_SHEET: &str = "معرفی‌شدگان و نتیجه";

/// What a referral's path says of one step: the last of `steps` it
/// reached, by its Persian label.
fn last_of(path: &[ReferralStatus], steps: &[ReferralStatus]) -> Cell {
    path.iter()
        .rev()
        .find(|s| steps.contains(s))
        .map_or(Cell::Empty, |s| Cell::text(s.label()))
}

/// Writes one round's referrals as its list shows them ([`rounds::referrals`]:
/// rank order, removed proposals last and unnumbered), with what the TVTO
/// reported for each: enrolment, attendance and result as separate columns
/// (from the moves each referral went through, so a certificate still says
/// how the person attended), the certificate, the provider and the class.
pub fn export_referrals(
    conn: &Connection,
    round_id: i64,
    path: &Path,
    opts: &ExportOptions,
) -> Result<Saved> {
    use ReferralStatus as S;
    let round = rounds::get_round(conn, round_id)?;
    let list = rounds::referrals(conn, round_id)?;
    let reached = rounds::reached_statuses(conn, round_id)?;
    let none = Vec::new();
    let rows: Vec<Vec<Cell>> = list
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let path = reached.get(&r.id).unwrap_or(&none);
            vec![
                if r.status == S::Removed {
                    Cell::Empty
                } else {
                    row_number(i)
                },
                Cell::text(&r.full_name),
                Cell::text(&r.national_code),
                Cell::opt_text(r.role_label.as_deref()),
                Cell::text(&r.organization_name),
                Cell::text(&r.course_title),
                Cell::opt_text(r.course_code.as_deref()),
                Cell::number(r.score as f64),
                Cell::text(&r.status_label),
                last_of(
                    path,
                    &[S::Waitlisted, S::Enrolled, S::Declined, S::Withdrawn],
                ),
                last_of(path, &[S::AttendedFull, S::AttendedPartial, S::NoShow]),
                last_of(path, &[S::Passed, S::Failed]),
                Cell::opt_text(r.certificate_no.as_deref()),
                Cell::opt_text(r.certificate_on_jalali.as_deref()),
                Cell::opt_text(r.provider_name.as_deref()),
                Cell::opt_text(r.class_starts_on_jalali.as_deref()),
                Cell::opt_text(r.class_ends_on_jalali.as_deref()),
                Cell::opt_text(r.notes.as_deref()),
                Cell::text(&r.explanation),
            ]
        })
        .collect();
    let seats = list.iter().filter(|r| r.status.holds_seat()).count();
    let subtitle = format!(
        "{}، {}، {} نفر",
        round_subtitle(&round),
        round.status_label,
        fa(seats)
    );
    write_book(
        path,
        opts,
        DocInfo {
            title: format!("معرفی‌شدگان و نتیجه آموزش {}", round.title),
            subject: "نتیجه آموزش معرفی‌شدگان".into(),
            keywords: "نوبت معرفی، ثبت‌نام، حضور، گواهینامه".into(),
            comment: subtitle.clone(),
        },
        &[Sheet {
            name: REFERRALS_SHEET,
            title: "معرفی‌شدگان و نتیجه آموزش",
            subtitle,
            columns: &REFERRAL_COLUMNS,
            rows,
        }],
    )
}

// ---------------------------------------------------------------------------
// Quota periods

const QUOTA_COLUMNS: [Column; 12] = [
    Column::new("دوره سهمیه", 34.0, ColumnKind::Text),
    Column::new("از تاریخ", 11.0, ColumnKind::Date),
    Column::new("تا تاریخ", 11.0, ColumnKind::Date),
    Column::new("واحد", 9.0, ColumnKind::Text),
    Column::new("ظرفیت فنی و حرفه‌ای", 12.0, ColumnKind::Number),
    Column::new("سهم استان (درصد)", 10.0, ColumnKind::Number),
    Column::new("سهم تعاونی‌ها (درصد)", 13.0, ColumnKind::Number),
    Column::new("سهمیه", 9.0, ColumnKind::Number),
    Column::new("استفاده‌شده", 11.0, ColumnKind::Number),
    Column::new("رزرو", 8.0, ColumnKind::Number),
    Column::new("مانده", 8.0, ColumnKind::Number),
    Column::new("درصد گرفته‌شده", 10.0, ColumnKind::Number),
];

const CAP_COLUMNS: [Column; 7] = [
    Column::new("دوره سهمیه", 34.0, ColumnKind::Text),
    Column::new("ظرفیت برای", 11.0, ColumnKind::Text),
    Column::new("نام", 44.0, ColumnKind::Text),
    Column::new("ظرفیت", 8.0, ColumnKind::Number),
    Column::new("استفاده‌شده", 11.0, ColumnKind::Number),
    Column::new("رزرو", 8.0, ColumnKind::Number),
    Column::new("مانده", 8.0, ColumnKind::Number),
];

pub const QUOTA_SHEET: &str = "سهمیه";
pub const CAPS_SHEET: &str = "ظرفیت دوره‌ها و مراکز";

/// Writes the quota periods as the screen shows them ([`rounds::list_quota`]),
/// newest first, and on a second sheet the seats of single courses and
/// providers in each.
pub fn export_quota(conn: &Connection, path: &Path, opts: &ExportOptions) -> Result<Saved> {
    let periods = rounds::list_quota(conn)?;
    let rows: Vec<Vec<Cell>> = periods
        .iter()
        .map(|q| {
            vec![
                Cell::text(&q.title),
                Cell::text(&q.starts_on_jalali),
                Cell::text(&q.ends_on_jalali),
                Cell::text(&q.unit_label),
                Cell::number(q.capacity as f64),
                Cell::number(q.province_share),
                Cell::number(q.coop_share),
                Cell::number(q.quota as f64),
                Cell::number(q.used as f64),
                Cell::number(q.reserved as f64),
                Cell::number(q.remaining as f64),
                Cell::number(q.percent as f64),
            ]
        })
        .collect();
    let caps: Vec<Vec<Cell>> = periods
        .iter()
        .flat_map(|q| {
            q.caps.iter().map(|c| {
                vec![
                    Cell::text(&q.title),
                    Cell::text(if c.kind == "course" {
                        "دوره"
                    } else {
                        "مرکز آموزشی"
                    }),
                    Cell::text(&c.name),
                    Cell::number(c.seats as f64),
                    Cell::number(c.used as f64),
                    Cell::number(c.reserved as f64),
                    Cell::number(c.remaining as f64),
                ]
            })
        })
        .collect();
    let subtitle = format!("{} دوره سهمیه", fa(rows.len()));
    let caps_subtitle = format!("{} ظرفیت", fa(caps.len()));
    write_book(
        path,
        opts,
        DocInfo {
            title: "سهمیه آموزش فنی و حرفه‌ای".into(),
            subject: "سهمیه ۳۰ درصد آموزش تعاونی‌ها".into(),
            keywords: "سهمیه ۳۰ درصد، حکم ۴۴، ظرفیت".into(),
            comment: subtitle.clone(),
        },
        &[
            Sheet {
                name: QUOTA_SHEET,
                title: "سهمیه آموزش فنی و حرفه‌ای برای تعاونی‌ها",
                subtitle,
                columns: &QUOTA_COLUMNS,
                rows,
            },
            Sheet {
                name: CAPS_SHEET,
                title: "ظرفیت دوره‌ها و مراکز آموزشی در هر دوره سهمیه",
                subtitle: caps_subtitle,
                columns: &CAP_COLUMNS,
                rows: caps,
            },
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_the_list_and_the_day() {
        let day = Jalali {
            year: 1405,
            month: 9,
            day: 1,
        };
        assert_eq!(
            ListSheet::Orgs.file_name(day),
            "cooperatives-1405-09-01.xlsx"
        );
        assert_eq!(
            ListSheet::Referrals(3).file_name(day),
            "referrals-round-03-1405-09-01.xlsx"
        );
    }

    #[test]
    fn each_outcome_column_takes_its_own_steps() {
        use ReferralStatus as S;
        let path = [
            S::Proposed,
            S::Sent,
            S::Waitlisted,
            S::Enrolled,
            S::AttendedPartial,
            S::Passed,
            S::Certified,
        ];
        let enrolment = [S::Waitlisted, S::Enrolled, S::Declined, S::Withdrawn];
        assert_eq!(last_of(&path, &enrolment), Cell::text("ثبت‌نام‌شده"));
        assert_eq!(
            last_of(&path, &[S::AttendedFull, S::AttendedPartial, S::NoShow]),
            Cell::text("حضور ناقص")
        );
        assert_eq!(last_of(&path[..3], &[S::Passed, S::Failed]), Cell::Empty);
    }

    #[test]
    fn too_many_rows_for_excel_are_refused() {
        assert!(refuse_past_excel(MAX_ROWS).is_ok());
        assert_eq!(
            refuse_past_excel(MAX_ROWS + 1).unwrap_err().code(),
            "refused"
        );
    }
}
