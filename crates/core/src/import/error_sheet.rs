//! The sheet of rejected rows, for the clerk to fix the file.

use super::*;

const ERROR_COLUMNS: [Column; 4] = [
    Column::new("ردیف در پرونده", 10.0, ColumnKind::Number),
    Column::new("ستون", 20.0, ColumnKind::Text),
    Column::new("مقدار", 24.0, ColumnKind::Code),
    Column::new("دلیل", 70.0, ColumnKind::Text),
];

/// The error sheet's name: the clerk's own file name, Persian or not, so it
/// sits beside the list it is about (`errors-فهرست اعضا-1405-09-10.xlsx`);
/// the kind's key when the name is empty. `files::target_in` makes it a
/// valid Windows name.
pub fn error_sheet_name(out: &ImportOutcome, day: crate::jalali::Jalali) -> String {
    let stem = Path::new(&out.file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| out.kind.key().to_owned());
    format!(
        "errors-{stem}-{:04}-{:02}-{:02}.xlsx",
        day.year, day.month, day.day
    )
}

/// Writes every rejected value with its row, column and reason, for the
/// clerk to fix the file.
pub fn write_error_sheet(
    out: &ImportOutcome,
    path: &Path,
    opts: &ExportOptions,
) -> Result<crate::files::Saved> {
    let rows: Vec<Vec<XCell>> = out
        .problems
        .iter()
        .map(|p| {
            vec![
                XCell::number(p.row),
                XCell::text(&p.column),
                XCell::text(&p.value),
                XCell::text(&p.message),
            ]
        })
        .collect();
    let subtitle = format!("پرونده {}، برگه {}", out.file, out.sheet);
    let mut book = Book::new(
        opts,
        &DocInfo {
            title: format!("ردیف‌های پذیرفته‌نشده {}", out.file),
            subject: "خطاهای ورود اطلاعات".into(),
            keywords: "ورود اطلاعات، خطا".into(),
            comment: subtitle.clone(),
        },
    )?;
    book.add_sheet(
        &SheetSpec {
            name: "ردیف‌های پذیرفته‌نشده",
            title: "ردیف‌های پذیرفته‌نشده",
            subtitle: &subtitle,
            columns: &ERROR_COLUMNS,
        },
        &rows,
    )?;
    book.save(path)
}
