//! Excel files out. (Files come in through [`crate::import`].)
//!
//! **Writing.** Every sheet the office sends or prints goes through
//! [`Book`], which applies the house conventions once: the sheet reads
//! right to left; one base font (Tahoma 10 unless the settings say otherwise,
//! Arabic character set so Persian renders); one bold, filled header row in
//! row 1, frozen and with an autofilter; explicit column widths, or widths
//! fitted to the longest value within a bound past which the text wraps
//! ([`Column::fitted`]), so nothing is cut off on paper; A4
//! landscape, one page wide, the header row repeated on every printed page;
//! a page header with the office, the title and the Jalali date, page
//! numbers in the footer; and the document properties filled in. Codes,
//! national IDs and codes, mobiles and Jalali dates are always text cells, so
//! leading zeros survive and nothing is taken for a number or a date. Files
//! are written to a temporary file beside the target and then renamed: a
//! failure or a power cut never leaves half a file under the clerk's name.
//!
//! ```no_run
//! use std::path::Path;
//! use taavon_core::{db::Db, xlsx};
//!
//! let db = Db::open_default()?;
//! xlsx::export_roadmap(db.conn(), 1, Path::new("roadmap.xlsx"), &Default::default())?;
//! # Ok::<(), taavon_core::Error>(())
//! ```

use std::path::Path;

use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::error::{Error, Result};
use crate::files::Saved;
use crate::jalali::{to_jalali, today};

pub use crate::settings::{ExportOptions, DEFAULT_FONT, DEFAULT_OFFICE};

/// The base font size, in points.
const FONT_SIZE: f64 = 10.0;

/// Windows' Arabic character set: without it some Excel versions pick a
/// fallback font without Persian glyphs.
const ARABIC_CHARSET: u8 = 178;

/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;

/// Excel drops a page header or footer longer than this (UTF-16 units).
const HEADER_LIMIT: usize = 255;

/// The most the office or the title may take of a page header.
const HEADER_PART: usize = 80;

mod lists;
mod roadmap_sheet;
mod round_sheet;

pub use lists::*;
pub use roadmap_sheet::*;
pub use round_sheet::*;

// ---------------------------------------------------------------------------
// The sheet-writing layer

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Short text: names, labels.
    Text,
    /// Long text that wraps within the column width: titles, notes.
    Wrap,
    /// Codes and identifiers: always a text cell with the text number format,
    /// so leading zeros survive and a clerk's later edit stays text too.
    Code,
    /// A Jalali date or month as text, `1404/08/25` or `1404/09`.
    Date,
    /// Counts and hours: real numbers, so Excel can sum them.
    Number,
}

/// One column of a sheet: its header, width in characters and kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub header: &'static str,
    pub width: f64,
    /// The widest a fitted column grows to hold its longest value; past it
    /// the text wraps. Equal to `width` for a column of fixed width.
    pub max_width: f64,
    pub kind: ColumnKind,
}

impl Column {
    /// A column of fixed width.
    pub const fn new(header: &'static str, width: f64, kind: ColumnKind) -> Column {
        Column {
            header,
            width,
            max_width: width,
            kind,
        }
    }

    /// A column as wide as its longest value, at least `width` and at most
    /// `max_width` characters; a longer value wraps within `max_width`, so a
    /// long cooperative name is never cut off on the printed page.
    pub const fn fitted(
        header: &'static str,
        width: f64,
        max_width: f64,
        kind: ColumnKind,
    ) -> Column {
        Column {
            header,
            width,
            max_width,
            kind,
        }
    }

    /// This column as written for `values`: a fitted column takes the width
    /// of its longest value (plus a little room) within its bounds, and
    /// wraps when a value is longer than its widest.
    fn fit<'a>(self, values: impl Iterator<Item = &'a Cell>) -> Column {
        if self.max_width <= self.width {
            return self;
        }
        let longest = values
            .filter_map(|cell| match cell {
                Cell::Text(s) => s.split('\n').map(|l| l.chars().count()).max(),
                Cell::Number(n) => Some(number_text(*n).len()),
                Cell::Empty => None,
            })
            .max()
            .unwrap_or(0) as f64;
        let wanted = longest + FIT_ROOM;
        let kind = if wanted > self.max_width && self.kind == ColumnKind::Text {
            ColumnKind::Wrap
        } else {
            self.kind
        };
        Column {
            width: wanted.clamp(self.width, self.max_width),
            max_width: self.max_width,
            kind,
            header: self.header,
        }
    }
}

/// The room a fitted column leaves beside its longest value, in characters.
const FIT_ROOM: f64 = 2.0;

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    pub fn number(n: impl Into<f64>) -> Cell {
        Cell::Number(n.into())
    }

    pub fn opt_number(n: Option<impl Into<f64>>) -> Cell {
        n.map_or(Cell::Empty, Cell::number)
    }
}

/// A sheet to add to a [`Book`].
#[derive(Debug, Clone)]
pub struct SheetSpec<'a> {
    /// The tab name (at most 31 characters; Excel's forbidden characters are
    /// replaced).
    pub name: &'a str,
    /// The bold first line of the printed page header.
    pub title: &'a str,
    /// The second line: the cooperative, the round, …
    pub subtitle: &'a str,
    pub columns: &'a [Column],
}

/// What the document properties say about the file.
#[derive(Debug, Clone, Default)]
pub struct DocInfo {
    pub title: String,
    pub subject: String,
    pub keywords: String,
    pub comment: String,
}

struct Styles {
    header: Format,
    text: Format,
    wrap: Format,
    code: Format,
    number: Format,
}

/// A workbook in the house style. Add sheets, then [`Book::save`].
pub struct Book {
    workbook: Workbook,
    styles: Styles,
    font: String,
    office: String,
    date: String,
}

impl std::fmt::Debug for Book {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Book").field("font", &self.font).finish()
    }
}

fn excel_error(e: XlsxError) -> Error {
    tracing::error!(error = %e, "writing the workbook failed");
    Error::Excel(
        "ساختن پرونده اکسل ناموفق بود و پرونده‌ای ذخیره نشد. جزئیات در گزارش برنامه ثبت شد.".into(),
    )
}

/// A font name safe inside a page header's `&"font,style"` code, no longer
/// than Excel allows a font name to be.
fn clean_font(font: &str) -> String {
    let f: String = font
        .chars()
        .filter(|c| !matches!(c, '"' | ',' | '&') && !c.is_control())
        .take(31)
        .collect();
    let f = f.trim();
    if f.is_empty() {
        DEFAULT_FONT.to_owned()
    } else {
        f.to_owned()
    }
}

/// Text shown literally in a page header: `&` starts a control code.
fn header_text(s: &str) -> String {
    s.replace('&', "&&")
}

/// Shortens `s` until `fits` accepts it, marking the cut with an ellipsis.
fn shorten(s: &str, fits: impl Fn(&str) -> bool) -> String {
    if fits(s) {
        return s.to_owned();
    }
    let mut chars: Vec<char> = s.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if fits(&candidate) {
            return candidate;
        }
    }
    String::new()
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A valid tab name: no `[]:*?/\`, at most 31 characters.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                ' '
            } else {
                c
            }
        })
        .take(31)
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').to_owned();
    if cleaned.is_empty() {
        "Sheet1".to_owned()
    } else {
        cleaned
    }
}

/// Whole numbers without a decimal point, others as Rust prints them.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

impl Book {
    pub fn new(opts: &ExportOptions, info: &DocInfo) -> Result<Book> {
        let font = clean_font(&opts.font);
        let office = {
            let o = crate::text::clean_text(&opts.office);
            if o.is_empty() {
                DEFAULT_OFFICE.to_owned()
            } else {
                o
            }
        };
        let base = Format::new()
            .set_font_name(&font)
            .set_font_size(FONT_SIZE)
            .set_font_charset(ARABIC_CHARSET)
            .set_align(FormatAlign::VerticalCenter);
        let mut workbook = Workbook::new();
        // The base format becomes the workbook's Normal style, so empty cells
        // and anything typed later use the same font. Tahoma 10 has Calibri
        // 11's digit width (64 px columns) and 17 px rows.
        workbook
            .set_default_format(&base, 17, 64)
            .map_err(excel_error)?;
        let properties = DocProperties::new()
            .set_title(&info.title)
            .set_subject(&info.subject)
            .set_author(&office)
            .set_company(&office)
            .set_manager(&office)
            .set_category("آموزش تعاونی‌ها")
            .set_keywords(&info.keywords)
            .set_comment(&info.comment);
        workbook.set_properties(&properties);
        let styles = Styles {
            header: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Medium)
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
            code: base
                .clone()
                .set_num_format("@")
                .set_align(FormatAlign::Center),
            number: base.set_align(FormatAlign::Center),
        };
        Ok(Book {
            workbook,
            styles,
            font,
            office,
            date: to_jalali(today()).to_ascii(),
        })
    }

    fn format(&self, kind: ColumnKind) -> &Format {
        match kind {
            ColumnKind::Text => &self.styles.text,
            ColumnKind::Wrap => &self.styles.wrap,
            ColumnKind::Code | ColumnKind::Date => &self.styles.code,
            ColumnKind::Number => &self.styles.number,
        }
    }

    /// The printed page header: office on one side, title and subtitle in the
    /// middle, the Jalali date on the other side; within Excel's length limit.
    fn page_header(&self, title: &str, subtitle: &str) -> String {
        let build = |office: &str, title: &str, subtitle: &str| {
            let mut header = format!(
                "&L{}&C&\"{},Bold\"{}",
                header_text(&format!("تاریخ: {}", self.date)),
                self.font,
                header_text(title)
            );
            if !subtitle.is_empty() {
                header.push_str(&format!(
                    "\n&\"{},Regular\"{}",
                    self.font,
                    header_text(subtitle)
                ));
            }
            header.push_str(&format!("&R{}", header_text(office)));
            header
        };
        let fits = |h: String| utf16_len(&h) <= HEADER_LIMIT;
        // The office and the title get a fair share each; within that, the
        // subtitle gives way first, then the title, then the office.
        let office = shorten(&self.office, |o| utf16_len(o) <= HEADER_PART);
        let title = shorten(title, |t| utf16_len(t) <= HEADER_PART);
        let subtitle = shorten(subtitle, |s| fits(build(&office, &title, s)));
        let title = shorten(&title, |t| fits(build(&office, t, &subtitle)));
        let office = shorten(&office, |o| fits(build(o, &title, &subtitle)));
        build(&office, &title, &subtitle)
    }

    /// Adds a sheet: the header row in row 1, then one row per item.
    pub fn add_sheet(&mut self, spec: &SheetSpec, rows: &[Vec<Cell>]) -> Result<()> {
        let header = self.page_header(spec.title, spec.subtitle);
        let columns: Vec<Column> = spec
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| c.fit(rows.iter().filter_map(|row| row.get(i))))
            .collect();
        let spec = SheetSpec {
            columns: &columns,
            ..spec.clone()
        };
        let formats: Vec<Format> = columns
            .iter()
            .map(|c| self.format(c.kind).clone())
            .collect();
        let header_format = self.styles.header.clone();
        let sheet = self.workbook.add_worksheet();
        write_sheet(sheet, &spec, rows, &formats, &header_format, &header).map_err(excel_error)
    }

    /// Writes the file atomically: a temporary file in the same folder,
    /// flushed to disk, then renamed over `path`; under the next free name
    /// when `path` is open in Excel ([`crate::files::write_atomically`]).
    pub fn save(mut self, path: &Path) -> Result<Saved> {
        let bytes = self.workbook.save_to_buffer().map_err(excel_error)?;
        crate::files::write_atomically(path, &bytes)
    }
}

/// Lines a wrapped text takes in a column `width` characters wide, wrapped
/// at spaces as Excel and LibreOffice do (a word longer than the line is
/// broken). Persian letters in Tahoma are about as wide as a digit, the
/// column's unit; counting one character less than the width, for the
/// cell's margins and bold headers, errs on the side of room to spare.
/// ZWNJ takes no room.
fn lines_needed(text: &str, width: f64) -> u32 {
    let width = (width - 1.0).max(1.0) as usize;
    text.split('\n')
        .map(|paragraph| {
            let mut lines = 1;
            let mut used = 0;
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let len = word.chars().filter(|&c| c != '\u{200C}').count().max(1);
                if used > 0 && used + 1 + len <= width {
                    used += 1 + len;
                    continue;
                }
                if used > 0 {
                    lines += 1;
                }
                // A word wider than the line takes whole lines of its own.
                let full = (len - 1) / width;
                lines += full;
                used = len - full * width;
            }
            lines as u32
        })
        .sum()
}

/// The row height for `lines` lines of text, in points. Excel grows rows
/// with wrapped text when it opens a file but LibreOffice does not, so rows
/// that need it get their height written.
fn row_height(lines: u32) -> f64 {
    f64::from(lines) * FONT_SIZE * 1.3 + 2.0
}

fn write_sheet(
    sheet: &mut Worksheet,
    spec: &SheetSpec,
    rows: &[Vec<Cell>],
    formats: &[Format],
    header_format: &Format,
    page_header: &str,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(spec.name))?;
    sheet.set_right_to_left(true);
    let mut header_lines = 1;
    for (col, column) in spec.columns.iter().enumerate() {
        header_lines = header_lines.max(lines_needed(column.header, column.width));
        let col = col as u16;
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(0, col, column.header, header_format)?;
        if column.kind == ColumnKind::Code {
            sheet.set_column_format(col, &formats[usize::from(col)])?;
        }
    }
    if header_lines > 1 {
        sheet.set_row_height(0, row_height(header_lines))?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let lines = row
            .iter()
            .zip(spec.columns)
            .filter_map(|(cell, column)| match cell {
                Cell::Text(s) if column.kind == ColumnKind::Wrap => {
                    Some(lines_needed(s, column.width))
                }
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(r, row_height(lines))?;
        }
        for (col, (cell, column)) in row.iter().zip(spec.columns).enumerate() {
            let c = col as u16;
            let format = &formats[col];
            let text_column = matches!(column.kind, ColumnKind::Code | ColumnKind::Date);
            match cell {
                Cell::Text(s) => {
                    sheet.write_string_with_format(r, c, s, format)?;
                }
                // A number in a code column is still written as text: a code
                // must never turn into a number.
                Cell::Number(n) if text_column => {
                    sheet.write_string_with_format(r, c, number_text(*n), format)?;
                }
                Cell::Number(n) => {
                    sheet.write_number_with_format(r, c, *n, format)?;
                }
                Cell::Empty => {}
            }
        }
    }
    let last_col = spec.columns.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, last_col)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_paper_size(PAPER_A4);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_print_gridlines(true);
    sheet.set_margins(0.4, 0.4, 0.9, 0.6, 0.3, 0.3);
    sheet.set_header(page_header);
    sheet.set_footer("&C&P / &N");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_header_stays_within_excels_limit() {
        let book = Book::new(&ExportOptions::default(), &DocInfo::default()).unwrap();
        let long = "تعاونی ".repeat(80);
        let header = book.page_header("نقشه راه آموزشی", &long);
        assert!(utf16_len(&header) <= HEADER_LIMIT);
        assert!(header.contains("…") && header.contains(DEFAULT_OFFICE));
        let amp = book.page_header("A & B", "");
        assert!(amp.contains("A && B"), "{amp}");
        let office = ExportOptions {
            office: "اداره ".repeat(60),
            ..Default::default()
        };
        let book = Book::new(&office, &DocInfo::default()).unwrap();
        let header = book.page_header("نقشه راه آموزشی", "تعاونی");
        assert!(utf16_len(&header) <= HEADER_LIMIT, "{header}");
        assert!(
            header.contains("&\"Tahoma,Bold\"نقشه راه آموزشی"),
            "{header}"
        );
    }

    #[test]
    fn wrapped_text_gets_the_lines_it_needs() {
        assert_eq!(lines_needed("ردیف", 6.0), 1);
        assert_eq!(lines_needed("تعداد درخواستی", 12.0), 2);
        assert_eq!(lines_needed(&"ب".repeat(100), 40.0), 3);
        assert_eq!(lines_needed("الف\nب", 40.0), 2);
        assert_eq!(lines_needed("", 40.0), 1);
        // Wrapped at spaces: three words of five letters need three lines
        // of eight, though fifteen letters would fit in two.
        assert_eq!(lines_needed("ظرفیت آموزش حرفه", 9.0), 3);
        assert_eq!(lines_needed("سهم تعاونی‌ها (درصد)", 10.0), 3);
        assert_eq!(lines_needed("سهم تعاونی‌ها (درصد)", 13.0), 2);
        assert_eq!(lines_needed(&format!("{} ب", "ب".repeat(10)), 5.0), 3);
        assert_eq!(lines_needed(&format!("{} ببب", "ب".repeat(10)), 5.0), 4);
    }

    #[test]
    fn fitted_columns_take_their_longest_value_within_bounds() {
        let name = Column::fitted("نام", 10.0, 30.0, ColumnKind::Text);
        let cells = [Cell::text("نان"), Cell::Empty, Cell::number(7)];
        assert_eq!(name.fit(cells.iter()).width, 10.0, "never below the least");
        let long = [Cell::text("ب".repeat(20))];
        let fitted = name.fit(long.iter());
        assert_eq!((fitted.width, fitted.kind), (22.0, ColumnKind::Text));
        let longer = [Cell::text("ب".repeat(50))];
        let fitted = name.fit(longer.iter());
        assert_eq!(
            (fitted.width, fitted.kind),
            (30.0, ColumnKind::Wrap),
            "past the widest, the text wraps"
        );
        let fixed = Column::new("کد ملی", 13.0, ColumnKind::Code);
        assert_eq!(fixed.fit(longer.iter()), fixed);
    }

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(sheet_name("نقشه راه"), "نقشه راه");
        assert_eq!(sheet_name("a/b:c"), "a b c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("[]"), "Sheet1");
    }
}
