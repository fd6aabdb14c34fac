//! The TVTO referral sheet (PRODUCT.md, "The TVTO referral sheet") and its
//! totals sheet.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;

use super::{Book, Cell, Column, ColumnKind, DocInfo, ExportOptions, SheetSpec};
use crate::error::{Error, Result};
use crate::files::Saved;
use crate::text::to_persian_digits;

const ROUND_COLUMNS: [Column; 18] = [
    Column::new("ردیف", 6.0, ColumnKind::Number),
    Column::new("نام", 18.0, ColumnKind::Text),
    Column::new("نام خانوادگی", 22.0, ColumnKind::Text),
    Column::new("نام پدر", 16.0, ColumnKind::Text),
    Column::new("کد ملی", 13.0, ColumnKind::Code),
    Column::new("تاریخ تولد", 12.0, ColumnKind::Date),
    Column::new("جنسیت", 8.0, ColumnKind::Text),
    Column::new("تحصیلات", 16.0, ColumnKind::Text),
    Column::new("تلفن همراه", 14.0, ColumnKind::Code),
    Column::new("نام تعاونی", 34.0, ColumnKind::Text),
    Column::new("شناسه ملی تعاونی", 15.0, ColumnKind::Code),
    Column::new("زمینه فعالیت", 11.0, ColumnKind::Text),
    Column::new("سمت در تعاونی", 16.0, ColumnKind::Text),
    Column::new("عنوان دوره", 34.0, ColumnKind::Text),
    Column::new("کد استاندارد", 20.0, ColumnKind::Code),
    Column::new("شهرستان", 12.0, ColumnKind::Text),
    Column::new("اولویت", 8.0, ColumnKind::Number),
    Column::new("توضیحات", 30.0, ColumnKind::Text),
];

const TOTALS_COLUMNS: [Column; 5] = [
    Column::new("به تفکیک", 10.0, ColumnKind::Text),
    Column::new("عنوان", 44.0, ColumnKind::Text),
    Column::new("شناسه ملی یا کد استاندارد", 22.0, ColumnKind::Code),
    Column::new("تعداد نفرات", 11.0, ColumnKind::Number),
    Column::new("نفر-ساعت", 11.0, ColumnKind::Number),
];

/// The sheets' names.
pub const ROUND_SHEET: &str = "فهرست معرفی‌شدگان";
pub const TOTALS_SHEET: &str = "جمع‌ها";

/// The rows of the TVTO sheet and its totals, in the order they are
/// written; shared with the benchmark, which writes the same sheet with
/// other libraries.
pub fn round_sheet_rows(rows: &[crate::rounds::SheetRow]) -> (Vec<Vec<Cell>>, Vec<Vec<Cell>>) {
    // Priority is the person's place in the round's ranking (1 = most in
    // need), counted over the people actually in the sheet.
    let mut by_rank: Vec<(i64, i64)> = rows.iter().map(|r| (r.rank, r.id)).collect();
    by_rank.sort_unstable();
    let priority: HashMap<i64, usize> = by_rank
        .iter()
        .enumerate()
        .map(|(i, (_, id))| (*id, i + 1))
        .collect();
    let main: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                Cell::number(i as u32 + 1),
                Cell::text(&r.first_name),
                Cell::text(&r.last_name),
                Cell::opt_text(r.father_name.as_deref()),
                Cell::text(&r.national_code),
                Cell::opt_text(r.birth_date_jalali.as_deref()),
                Cell::opt_text(r.gender_label),
                Cell::opt_text(r.education_label),
                Cell::opt_text(r.mobile.as_deref()),
                Cell::text(&r.organization_name),
                Cell::opt_text(r.organization_national_id.as_deref()),
                Cell::text(r.field_label),
                Cell::opt_text(r.role_label),
                Cell::text(&r.course_title),
                Cell::opt_text(r.course_code.as_deref()),
                Cell::opt_text(r.county.as_deref()),
                Cell::number(priority.get(&r.id).copied().unwrap_or(0) as u32),
                Cell::opt_text(r.notes.as_deref()),
            ]
        })
        .collect();
    // Cooperatives in Persian order, courses in the sheet's order (already
    // Persian order), then the grand total.
    // (title, code or national ID, people, hours), in first-seen order,
    // found by the record's id.
    type Tally = (String, Option<String>, i64, i64);
    fn count(list: &mut Vec<Tally>, at: &mut HashMap<i64, usize>, id: i64, entry: Tally) {
        match at.get(&id) {
            Some(&i) => {
                list[i].2 += 1;
                list[i].3 += entry.3;
            }
            None => {
                at.insert(id, list.len());
                list.push(entry);
            }
        }
    }
    let (mut coops, mut courses): (Vec<Tally>, Vec<Tally>) = (Vec::new(), Vec::new());
    let (mut coop_at, mut course_at) = (HashMap::new(), HashMap::new());
    for r in rows {
        let hours = r.course_hours.unwrap_or(0);
        let coop = (
            r.organization_name.clone(),
            r.organization_national_id.clone(),
            1,
            hours,
        );
        count(&mut coops, &mut coop_at, r.organization_id, coop);
        let course = (r.course_title.clone(), r.course_code.clone(), 1, hours);
        count(&mut courses, &mut course_at, r.course_id, course);
    }
    coops.sort_by_cached_key(|c| crate::collate::sort_key(&c.0));
    let line = |kind: &str, c: &Tally| {
        vec![
            Cell::text(kind),
            Cell::text(&c.0),
            Cell::opt_text(c.1.as_deref()),
            Cell::number(c.2 as f64),
            Cell::number(c.3 as f64),
        ]
    };
    let mut totals: Vec<Vec<Cell>> = coops.iter().map(|c| line("تعاونی", c)).collect();
    totals.extend(courses.iter().map(|c| line("دوره", c)));
    totals.push(vec![
        Cell::text("جمع کل"),
        Cell::text(format!(
            "{} نفر از {} تعاونی در {} دوره",
            to_persian_digits(&rows.len().to_string()),
            to_persian_digits(&coops.len().to_string()),
            to_persian_digits(&courses.len().to_string())
        )),
        Cell::Empty,
        Cell::number(rows.len() as f64),
        Cell::number(courses.iter().map(|c| c.3).sum::<i64>() as f64),
    ]);
    (main, totals)
}

/// The sheets' page-header titles.
pub const ROUND_TITLE: &str = "فهرست معرفی‌شدگان تعاونی‌ها به آموزش فنی و حرفه‌ای";
pub const TOTALS_TITLE: &str = "جمع معرفی‌شدگان به تفکیک تعاونی و دوره";

/// Writes a round's referral list for the TVTO (PRODUCT.md, "The TVTO
/// referral sheet") to `path`: the list itself, then a totals sheet. Only a
/// locked or sent round is exported; a draft may still change. The round
/// comes back as the sheet shows it, without its quota period.
pub fn export_round(
    conn: &Connection,
    round_id: i64,
    path: &Path,
    opts: &ExportOptions,
) -> Result<(crate::rounds::RoundView, Saved)> {
    let round = crate::rounds::round_alone(conn, round_id)?;
    if round.status == crate::model::RoundStatus::Draft {
        return Err(Error::Refused(format!(
            "نوبت {} هنوز پیش‌نویس است؛ نخست آن را قفل کنید تا فهرست ارسالی دیگر تغییر نکند.",
            to_persian_digits(&round.number.to_string())
        )));
    }
    let rows = crate::rounds::sheet_rows(conn, round_id)?;
    let saved = write_round_book(&round, &rows, path, opts)?;
    Ok((round, saved))
}

/// Writes the TVTO workbook from rows already read.
pub fn write_round_book(
    round: &crate::rounds::RoundView,
    rows: &[crate::rounds::SheetRow],
    path: &Path,
    opts: &ExportOptions,
) -> Result<Saved> {
    let (main, totals) = round_sheet_rows(rows);
    let subtitle = round_subtitle(round);
    let mut book = Book::new(opts, &round_doc_info(round))?;
    book.add_sheet(
        &SheetSpec {
            name: ROUND_SHEET,
            title: ROUND_TITLE,
            subtitle: &subtitle,
            columns: &ROUND_COLUMNS,
        },
        &main,
    )?;
    book.add_sheet(
        &SheetSpec {
            name: TOTALS_SHEET,
            title: TOTALS_TITLE,
            subtitle: &subtitle,
            columns: &TOTALS_COLUMNS,
        },
        &totals,
    )?;
    book.save(path)
}

/// What the document properties of a round's workbook say.
pub fn round_doc_info(round: &crate::rounds::RoundView) -> DocInfo {
    DocInfo {
        title: round.title.clone(),
        subject: "فهرست معرفی‌شدگان تعاونی‌ها به آموزش فنی و حرفه‌ای".into(),
        keywords: "حکم ۴۴، سهمیه ۳۰ درصد، آموزش تعاونی‌ها، نوبت معرفی".into(),
        comment: round_subtitle(round),
    }
}

/// `نوبت ۳، آذر ۱۴۰۴، نامه ۱۲۳/ص`.
pub fn round_subtitle(round: &crate::rounds::RoundView) -> String {
    let mut s = format!(
        "نوبت {}، {}",
        to_persian_digits(&round.number.to_string()),
        round.month_label
    );
    if let Some(letter) = &round.letter_no {
        s.push_str(&format!("، نامه {letter}"));
    }
    s
}

/// The columns and sheet names of the TVTO sheet, for the benchmark's
/// comparison with other libraries.
pub fn round_sheet_layout() -> [(&'static str, &'static [Column]); 2] {
    [
        (ROUND_SHEET, &ROUND_COLUMNS),
        (TOTALS_SHEET, &TOTALS_COLUMNS),
    ]
}
