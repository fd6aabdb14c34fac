//! The cooperative's roadmap: its need lines in plan order.

use std::path::Path;

use rusqlite::Connection;

use super::{Book, Cell, Column, ColumnKind, DocInfo, ExportOptions, SheetSpec};
use crate::error::Result;
use crate::files::Saved;
use crate::needs;

/// The roadmap's file name: ASCII, so it survives any email program, and
/// keyed on the national ID (`roadmap-10380284790-1405-09-10.xlsx`), or on
/// the record's number when there is none.
pub fn roadmap_file_name(
    national_id: Option<&str>,
    organization_id: i64,
    day: crate::jalali::Jalali,
) -> String {
    let key = national_id.map_or_else(|| format!("id{organization_id}"), str::to_owned);
    format!(
        "roadmap-{key}-{:04}-{:02}-{:02}.xlsx",
        day.year, day.month, day.day
    )
}

const ROADMAP_COLUMNS: [Column; 13] = [
    Column::new("ردیف", 6.0, ColumnKind::Number),
    Column::new("دوره", 38.0, ColumnKind::Text),
    Column::new("کد استاندارد", 20.0, ColumnKind::Code),
    Column::new("گروه هدف", 13.0, ColumnKind::Text),
    Column::new("ماه هدف", 10.0, ColumnKind::Date),
    Column::new("سطح نیاز", 9.0, ColumnKind::Number),
    Column::new("منبع", 15.0, ColumnKind::Text),
    Column::new("تعداد درخواستی", 12.0, ColumnKind::Number),
    Column::new("تعداد مصوب", 11.0, ColumnKind::Number),
    Column::new("معرفی‌شده", 10.0, ColumnKind::Number),
    Column::new("آموزش‌دیده", 11.0, ColumnKind::Number),
    Column::new("وضعیت", 16.0, ColumnKind::Text),
    Column::new("توضیحات", 40.0, ColumnKind::Text),
];

/// The sheet's name.
pub const ROADMAP_SHEET: &str = "نقشه راه";

/// Writes a cooperative's training roadmap (its need lines in plan order) to
/// `path`.
///
/// The header row is row 1, so freezing and the autofilter work; the
/// cooperative's name and national ID go in the printed page header and the
/// document properties. The target month is written as Jalali text with
/// Latin digits, `1404/09`, like every date in our files: it sorts and
/// filters in calendar order, which a month name (`آذر ۱۴۰۴`) would not.
pub fn export_roadmap(
    conn: &Connection,
    organization_id: i64,
    path: &Path,
    opts: &ExportOptions,
) -> Result<Saved> {
    let map = needs::roadmap(conn, organization_id)?;
    let subtitle = match &map.organization_national_id {
        Some(id) => format!("{} (شناسه ملی {id})", map.organization_name),
        None => map.organization_name.clone(),
    };
    let info = DocInfo {
        title: format!("نقشه راه آموزشی {}", map.organization_name),
        subject: "نقشه راه اختصاصی آموزش تعاونی".into(),
        keywords: "نقشه راه، نیازسنجی آموزشی، حکم ۴۴".into(),
        comment: subtitle.clone(),
    };
    let rows: Vec<Vec<Cell>> = map
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                Cell::number(i as u32 + 1),
                Cell::text(&l.course_title),
                Cell::opt_text(l.course_code.as_deref()),
                Cell::text(&l.target_role_label),
                Cell::opt_text(
                    l.target_year
                        .zip(l.target_month)
                        .map(|(y, m)| format!("{y:04}/{m:02}")),
                ),
                Cell::number(l.need_level),
                Cell::text(&l.source_label),
                Cell::number(l.requested),
                Cell::opt_number(l.approved),
                Cell::number(l.nominees),
                Cell::number(l.trained),
                Cell::text(&l.status_label),
                Cell::opt_text(l.notes.as_deref()),
            ]
        })
        .collect();
    let mut book = Book::new(opts, &info)?;
    book.add_sheet(
        &SheetSpec {
            name: ROADMAP_SHEET,
            title: "نقشه راه آموزشی",
            subtitle: &subtitle,
            columns: &ROADMAP_COLUMNS,
        },
        &rows,
    )?;
    book.save(path)
}
