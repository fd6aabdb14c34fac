//! Excel files out. (Files come in through [`crate::import`].)
//!
//! **Writing.** Every sheet the office sends or prints goes through
//! [`Book`], which applies the house conventions once: the sheet reads
//! right to left; one base font (Tahoma 10 unless the settings say otherwise,
//! Arabic character set so Persian renders); one bold, filled header row in
//! row 1, frozen and with an autofilter; explicit column widths; A4
//! landscape, one page wide, the header row repeated on every printed page;
//! a page header with the office, the title and the Jalali date, page
//! numbers in the footer; and the document properties filled in. Codes,
//! national IDs and codes, mobiles and Jalali dates are always text cells, so
//! leading zeros survive and nothing is taken for a number or a date. Files
//! are written to a temporary file beside the target and then renamed: a
//! failure or a power cut never leaves half a file under the clerk's name.
//!
//! Charts are native Excel charts of the sheet's own cells
//! ([`Book::add_sheet_with_charts`]), drawn right to left in the base font,
//! so a manager can restyle or copy them like any chart of their own.
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
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartLegendPosition, ChartMarker,
    ChartMarkerType, ChartType, Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
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

/// A table at most this wide (in pixels) has its charts beside it; a wider
/// one has them under it, so the printed page stays readable.
const BESIDE_PX: f64 = 640.0;

/// A chart's width, in pixels.
const CHART_WIDTH: u32 = 560;

/// A row's height in pixels (17 px rows, see [`Book::new`]).
const ROW_PX: u32 = 17;

/// Room left around a fitted column's longest value, in characters.
const FIT_PADDING: f64 = 2.0;

/// The least room a value must leave in its column not to wrap, in
/// characters (Excel's column width already holds that many digits, its
/// own cell padding aside).
const WRAP_MARGIN: f64 = 1.0;

mod lists;
mod report_book;
mod roadmap_sheet;
mod round_sheet;

pub use lists::*;
pub use report_book::*;
pub use roadmap_sheet::*;
pub use round_sheet::*;

// ---------------------------------------------------------------------------
// The sheet-writing layer

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text: names, labels, titles, notes. Wraps past the column's most.
    Text,
    /// Codes and identifiers: always a text cell with the text number format,
    /// so leading zeros survive and a clerk's later edit stays text too.
    /// Read left to right (see [`Book::new`]), so a letter number such as
    /// `4544/1405/ت` keeps the order it was typed in.
    Code,
    /// A Jalali date or month as text, `1404/08/25` or `1404/09`, read left
    /// to right like a code.
    Date,
    /// Counts and hours: real numbers, so Excel can sum them.
    Number,
    /// A share written as a fraction (`0.455`) and shown as `45.5%`: a real
    /// number, so Excel can sort it and chart it.
    Percent,
}

/// One column of a sheet: its header, the most it may be wide (in
/// characters) and its kind.
///
/// Every column is as wide as the longest value written in it (or as its
/// header needs, the header wrapping in two lines at most), measured as the
/// text shows in the sheet's font ([`text_width`]), and at most `width`
/// wide: text longer than that wraps in the column, and its row grows to
/// the lines it takes, so nothing is cut off on screen or on paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub header: &'static str,
    /// The most the column may take, in characters.
    pub width: f64,
    pub kind: ColumnKind,
}

impl Column {
    pub const fn new(header: &'static str, width: f64, kind: ColumnKind) -> Column {
        Column {
            header,
            width,
            kind,
        }
    }
}

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

/// How a chart draws its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Upright columns, one cluster per row of the table.
    Column,
    /// Upright columns, the series stacked on each other.
    StackedColumn,
    /// Horizontal bars, for long labels (counties, courses, stages).
    Bar,
    /// Slices of a whole, one per row.
    Pie,
}

/// One series of a chart: a column of the table, named by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series {
    pub column: usize,
    /// Drawn as a line over the columns (on the same value axis).
    pub line: bool,
}

impl Series {
    pub const fn of(column: usize) -> Series {
        Series {
            column,
            line: false,
        }
    }

    pub const fn line(column: usize) -> Series {
        Series { column, line: true }
    }
}

/// A native Excel chart of a sheet's own table. It reads its cells (so a
/// figure corrected in the sheet corrects the chart) and reads right to
/// left: the first category on the right (or at the top, for bars), the
/// value axis on the right, Persian titles in the base font.
#[derive(Debug, Clone)]
pub struct ChartSpec<'a> {
    pub kind: ChartKind,
    pub title: &'a str,
    /// The column whose cells name the categories.
    pub categories: usize,
    pub series: &'a [Series],
    pub category_title: &'a str,
    pub value_title: &'a str,
    /// Only the first rows (the table is sorted, most first).
    pub first_rows: Option<usize>,
}

/// A front sheet: a title, a few lines under it, paragraphs of text, then a
/// small table. Not filtered or frozen: it is read and printed as a page.
#[derive(Debug, Clone)]
pub struct CoverSpec<'a> {
    pub name: &'a str,
    /// The printed page header's title and subtitle.
    pub page_title: &'a str,
    pub page_subtitle: &'a str,
    /// The large bold first line.
    pub title: &'a str,
    /// Centred lines under the title: letterhead, office, period.
    pub lines: &'a [String],
    /// A bold heading over the paragraphs.
    pub heading: &'a str,
    /// One row each, wrapped across the table's width.
    pub paragraphs: &'a [String],
    /// The table under the paragraphs.
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
    code: Format,
    number: Format,
    percent: Format,
    title: Format,
    line: Format,
    paragraph: Format,
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

/// Text shown literally in a page header: `&` starts a control code. A line
/// holding a letter number or Latin words is reordered by [`header_line`].
fn header_text(s: &str) -> String {
    s.split('\n')
        .map(header_line)
        .collect::<Vec<_>>()
        .join("\n")
        .replace('&', "&&")
}

/// The widest a line of the page header's middle may be, in characters,
/// and of its sides: on A4 landscape at full scale the three never meet.
const MIDDLE_LINE: f64 = 60.0;
const SIDE_LINE: f64 = 40.0;

/// `s` broken at spaces into lines at most `width` wide (a longer word
/// keeps a line of its own).
fn in_lines(s: &str, width: f64) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && text_width(&line) + char_width(' ') + text_width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

/// Left-to-right mark.
const LRM: char = '\u{200E}';

/// A word that would be reordered inside right-to-left text: Latin
/// letters, or digits joined by a separator to a Persian letter (a letter
/// number, `4544/1405/ت`, or a code like it). Digits alone, with or without
/// slashes (`1405/09/15`), keep their order anyway.
fn left_to_right_word(word: &str) -> bool {
    let latin = word.chars().any(|c| c.is_ascii_alphabetic());
    latin || letter_number(word)
}

/// Digits joined by a separator to a Persian letter: `4544/1405/ت`.
fn letter_number(word: &str) -> bool {
    let digit = word.chars().any(is_digit);
    digit && has_persian(word) && word.contains(['/', '-', '\\'])
}

/// A digit of the scripts a clerk types: Latin, Arabic-Indic, Persian.
fn is_digit(c: char) -> bool {
    matches!(c, '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

fn has_persian(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_alphabetic() && ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// One line of a page header, laid out so that it reads right to left with
/// each letter number in the order it was typed, in LibreOffice and in
/// Excel.
///
/// Why not the usual isolates: wrapping `4544/1405/ت` in LRI … PDI (or in
/// LRE … PDF, or overriding with LRO … PDF) shows as `ت4544/1405/` in
/// LibreOffice, which lays page headers out as left-to-right paragraphs
/// whatever the sheet's direction and mishandles embedded runs; marks
/// around the slashes alone fix the number but flip the Persian words
/// around it. What both programs show the same way is a left-to-right line
/// (it starts with an LRM, so Excel, which takes a line's direction from
/// its first strong letter, agrees) of plain runs: each Persian stretch is
/// one right-to-left run, each letter number one left-to-right run between
/// LRMs. So the stretches are written in reverse order: `نوبت ۳، نامه
/// 4544/1405/ت` becomes LRM `4544/1405/ت` LRM ` نوبت ۳، نامه`, and the
/// page shows the number to the left of «نامه», where a right-to-left
/// reader comes to it last.
fn header_line(line: &str) -> String {
    let words = || line.split_whitespace();
    let right_to_left =
        words().any(letter_number) || words().any(|w| !left_to_right_word(w) && has_persian(w));
    if !right_to_left || !words().any(left_to_right_word) {
        return line.to_owned();
    }
    let mut runs: Vec<String> = Vec::new();
    let mut persian = String::new();
    for word in line.split_whitespace() {
        if left_to_right_word(word) {
            if !persian.is_empty() {
                runs.push(std::mem::take(&mut persian));
            }
            runs.push(format!("{LRM}{word}{LRM}"));
        } else {
            if !persian.is_empty() {
                persian.push(' ');
            }
            persian.push_str(word);
        }
    }
    if !persian.is_empty() {
        runs.push(persian);
    }
    runs.reverse();
    format!("{LRM}{}", runs.join(" "))
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
        // Level 4 rather than the default 6: a 5,000-row TVTO sheet is
        // written in about 110 ms instead of 130 for 3.5 % more bytes (635
        // KB against 613); level 1 would save 13 ms more for a file 60 %
        // larger (BENCHMARKS.md).
        workbook.set_zip_compression_level(4);
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
            // Codes, letter numbers and dates read left to right whatever
            // the sheet's direction. Excel sets a cell's direction from its
            // first strong letter ("context"), so on its own `4544/1405/ت`
            // would show as `ت/4544/1405`; an explicit left-to-right cell
            // shows it as typed, in Excel and in LibreOffice, and the value
            // itself stays clean for filtering and for reading back.
            code: base
                .clone()
                .set_num_format("@")
                .set_align(FormatAlign::Center)
                .set_reading_direction(1),
            number: base.clone().set_align(FormatAlign::Center),
            percent: base
                .clone()
                .set_num_format("0.0%")
                .set_align(FormatAlign::Center),
            title: base
                .clone()
                .set_bold()
                .set_font_size(FONT_SIZE + 4.0)
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            line: base
                .clone()
                .set_font_size(FONT_SIZE + 1.0)
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            paragraph: base
                .set_text_wrap()
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::Top)
                .set_reading_direction(2),
        };
        Ok(Book {
            workbook,
            styles,
            font,
            office,
            date: to_jalali(today()).to_ascii(),
        })
    }

    /// The format of a column's cells: its kind's, wrapping when some
    /// value is wider than the column may be.
    fn format(&self, laid: &Laid) -> Format {
        let format = match laid.kind {
            ColumnKind::Text => &self.styles.text,
            ColumnKind::Code | ColumnKind::Date => &self.styles.code,
            ColumnKind::Number => &self.styles.number,
            ColumnKind::Percent => &self.styles.percent,
        };
        if laid.wrap {
            format.clone().set_text_wrap()
        } else {
            format.clone()
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
        // subtitle gives way first, then the title, then the office. Long
        // parts take two lines, so the middle never runs into the sides.
        let office = shorten(&self.office, |o| utf16_len(o) <= HEADER_PART);
        let office = in_lines(&office, SIDE_LINE);
        let title = shorten(title, |t| utf16_len(t) <= HEADER_PART);
        let subtitle = shorten(subtitle, |s| in_lines(s, MIDDLE_LINE).lines().count() <= 2);
        let subtitle = in_lines(&subtitle, MIDDLE_LINE);
        let subtitle = shorten(&subtitle, |s| fits(build(&office, &title, s)));
        let title = shorten(&title, |t| fits(build(&office, t, &subtitle)));
        let office = shorten(&office, |o| fits(build(o, &title, &subtitle)));
        build(&office, &title, &subtitle)
    }

    /// Adds a sheet: the header row in row 1, then one row per item.
    pub fn add_sheet(&mut self, spec: &SheetSpec, rows: &[Vec<Cell>]) -> Result<()> {
        self.add_sheet_with_charts(spec, rows, &[])
    }

    /// Adds a sheet as [`Book::add_sheet`] does, with charts of its table
    /// beside it (or under it, when the table is wide). A chart of a table
    /// without rows is left out: there is nothing to draw, and Excel
    /// refuses a series over no cells.
    pub fn add_sheet_with_charts(
        &mut self,
        spec: &SheetSpec,
        rows: &[Vec<Cell>],
        charts: &[ChartSpec],
    ) -> Result<()> {
        let header = self.page_header(spec.title, spec.subtitle);
        let layout = layout(spec.columns, rows);
        let name = sheet_name(spec.name);
        let charts: Vec<(Chart, u32)> = charts
            .iter()
            .filter_map(|c| self.chart(&name, spec.columns, c, rows.len()))
            .collect();
        // A sheet with charts draws its table's borders itself: printed grid
        // lines would cover the empty cells under the charts too.
        let bordered = !charts.is_empty();
        let border = |f: &Format| {
            if bordered {
                f.clone().set_border(FormatBorder::Thin)
            } else {
                f.clone()
            }
        };
        let formats: Vec<Format> = layout
            .iter()
            .map(|laid| border(&self.format(laid)))
            .collect();
        let header_format = border(&self.styles.header).set_border_bottom(FormatBorder::Medium);
        let table_px: f64 = layout.iter().map(|l| column_px(l.width)).sum();
        // Beside a narrow table, the page fitted to its width; under a wide
        // one, each chart on a page of its own at the table's scale.
        let beside = table_px <= BESIDE_PX;
        let mut print = Print {
            fit: Fit::Width,
            gridlines: !bordered,
            breaks: Vec::new(),
        };
        let (mut row, col) = if beside {
            (1, spec.columns.len() as u16 + 1)
        } else {
            if !charts.is_empty() {
                print.fit = Fit::Scale(scale_to_fit(table_px.max(f64::from(CHART_WIDTH))));
            }
            (rows.len() as u32 + 2, 0)
        };
        let mut placed = Vec::new();
        for (chart, height) in charts {
            if !beside {
                print.breaks.push(row);
            }
            placed.push(((row, col), chart));
            row += height.div_ceil(ROW_PX) + 2;
        }
        // Every sheet in the usual mode: rust_xlsxwriter's constant memory
        // mode writes the last row's height a second time, as an empty
        // `<row>` of the same number after it, which Excel repairs and
        // readers take as the row itself.
        let sheet = self.workbook.add_worksheet();
        write_sheet(
            sheet,
            &name,
            spec,
            rows,
            &layout,
            &formats,
            &header_format,
            &header,
            &print,
        )
        .map_err(excel_error)?;
        for ((row, col), chart) in &placed {
            sheet
                .insert_chart_with_offset(*row, *col, chart, 4, 4)
                .map_err(excel_error)?;
        }
        Ok(())
    }

    /// Adds a front sheet ([`CoverSpec`]) with its table's rows.
    pub fn add_cover(&mut self, spec: &CoverSpec, rows: &[Vec<Cell>]) -> Result<()> {
        let header = self.page_header(spec.page_title, spec.page_subtitle);
        let layout = layout(spec.columns, rows);
        let formats: Vec<Format> = layout
            .iter()
            .map(|laid| self.format(laid).set_border(FormatBorder::Thin))
            .collect();
        let styles = &self.styles;
        let sheet = self.workbook.add_worksheet();
        write_cover(sheet, spec, rows, &layout, &formats, styles, &header).map_err(excel_error)
    }

    /// The chart `c` of the table of `columns` on the sheet `sheet`, with
    /// `rows` rows under its header, and its height in pixels; `None` when
    /// there is nothing to draw.
    fn chart(
        &self,
        sheet: &str,
        columns: &[Column],
        c: &ChartSpec,
        rows: usize,
    ) -> Option<(Chart, u32)> {
        let rows = c.first_rows.map_or(rows, |n| n.min(rows));
        if rows == 0 || c.series.is_empty() {
            return None;
        }
        let last = rows as u32;
        let font = |size: f64, bold: bool| {
            let mut f = ChartFont::new();
            f.set_name(&self.font)
                .set_size(size)
                .set_character_set(ARABIC_CHARSET)
                .set_right_to_left(true);
            if bold {
                f.set_bold();
            } else {
                f.unset_bold();
            }
            f
        };
        let kind = match c.kind {
            ChartKind::Column => ChartType::Column,
            ChartKind::StackedColumn => ChartType::ColumnStacked,
            ChartKind::Bar => ChartType::Bar,
            ChartKind::Pie => ChartType::Pie,
        };
        let mut chart = Chart::new(kind);
        let mut line = Chart::new(ChartType::Line);
        let single = c.series.len() == 1;
        let cat = c.categories as u16;
        for s in c.series {
            let col = s.column as u16;
            let target = if s.line { &mut line } else { &mut chart };
            let series = target
                .add_series()
                .set_categories((sheet, 1, cat, last, cat))
                .set_values((sheet, 1, col, last, col))
                .set_name(columns.get(s.column).map_or("", |c| c.header));
            if c.kind == ChartKind::Pie {
                series.set_data_label(
                    ChartDataLabel::new()
                        .show_percentage()
                        .show_leader_lines()
                        .set_font(&font(FONT_SIZE - 1.0, false)),
                );
            } else if single && !s.line {
                series.set_data_label(
                    ChartDataLabel::new()
                        .show_value()
                        .set_font(&font(FONT_SIZE - 1.0, false)),
                );
            }
            if s.line {
                series.set_marker(ChartMarker::new().set_type(ChartMarkerType::Circle));
            }
        }
        chart
            .title()
            .set_name(c.title)
            .set_font(&font(FONT_SIZE + 2.0, true));
        let labels = font(FONT_SIZE - 1.0, false);
        let names = font(FONT_SIZE, true);
        // Right to left: the categories run from the right (from the top
        // for bars), and the value axis stands where they start.
        match c.kind {
            ChartKind::Pie => {}
            ChartKind::Bar => {
                chart
                    .y_axis()
                    .set_reverse()
                    .set_crossing(ChartAxisCrossing::Max)
                    .set_name(c.category_title)
                    .set_name_font(&names)
                    .set_font(&labels);
                chart
                    .x_axis()
                    .set_reverse()
                    .set_name(c.value_title)
                    .set_name_font(&names)
                    .set_font(&labels);
            }
            ChartKind::Column | ChartKind::StackedColumn => {
                chart
                    .x_axis()
                    .set_reverse()
                    .set_name(c.category_title)
                    .set_name_font(&names)
                    .set_font(&labels);
                chart
                    .y_axis()
                    .set_name(c.value_title)
                    .set_name_font(&names)
                    .set_font(&labels);
            }
        }
        if single && c.kind != ChartKind::Pie {
            chart.legend().set_hidden();
        } else {
            chart
                .legend()
                .set_position(ChartLegendPosition::Bottom)
                .set_font(&labels);
        }
        if c.series.iter().any(|s| s.line) {
            chart.combine(&line);
        }
        let height = match c.kind {
            ChartKind::Bar => (90 + 26 * rows as u32).max(300),
            _ => 320,
        };
        chart
            .set_width(CHART_WIDTH)
            .set_height(height)
            .set_alt_text(c.title);
        Some((chart, height))
    }

    /// Writes the file atomically: a temporary file in the same folder,
    /// flushed to disk, then renamed over `path`; under the next free name
    /// when `path` is open in Excel ([`crate::files::write_atomically`]).
    pub fn save(mut self, path: &Path) -> Result<Saved> {
        let bytes = self.workbook.save_to_buffer().map_err(excel_error)?;
        let bytes = with_chart_script_font(bytes, &self.font)?;
        crate::files::write_atomically(path, &bytes)
    }
}

/// How wide a character shows, in the column unit (the width of a digit
/// of the base font).
///
/// Measured on the printed sheets: in LibreOffice's stand-in for Tahoma
/// (DejaVu Sans, the only Arabic-script font on a bare Linux), Persian
/// letters averaged 0.78 of a digit, in Tahoma itself they are a little
/// wider relative to its narrower digit; 0.85 keeps a margin for both. A
/// space is about half a digit; joiners, ZWNJ, diacritics and directional
/// marks take no room; Latin letters and digits are taken as a digit.
fn char_width(c: char) -> f64 {
    match c {
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => 0.0,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{FEFF}' => 0.0,
        ' ' | '\u{00A0}' => 0.5,
        '\u{0600}'..='\u{06FF}' if !is_digit(c) => 0.85,
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => 0.85,
        _ => 1.0,
    }
}

/// Bold text (the header row) is this much wider.
const BOLD: f64 = 1.1;

/// How wide `s` shows in the base font, in the column unit: its longest
/// line.
fn text_width(s: &str) -> f64 {
    s.split('\n')
        .map(|line| line.chars().map(char_width).sum::<f64>())
        .fold(0.0, f64::max)
}

/// Lines a wrapped text takes in a column `width` characters wide, wrapped
/// at spaces as Excel and LibreOffice do (a word longer than the width is
/// broken), each word measured as [`text_width`] does.
fn lines_needed(text: &str, width: f64) -> u32 {
    let width = width.max(1.0);
    let space = char_width(' ');
    text.split('\n')
        .map(|line| {
            let mut lines = 1;
            let mut used = 0.0;
            for word in line.split_whitespace() {
                let w = text_width(word);
                let with_space = if used > 0.0 { used + space + w } else { w };
                if with_space <= width {
                    used = with_space;
                } else {
                    if used > 0.0 {
                        lines += 1;
                    }
                    // A word wider than the column takes lines of its own.
                    let whole = (w / width).ceil().max(1.0);
                    lines += whole as u32 - 1;
                    used = w - (whole - 1.0) * width;
                }
            }
            lines
        })
        .sum()
}

/// The row height for `lines` lines of text, in points. Neither Excel (for
/// files it did not write itself) nor LibreOffice grows a row to its
/// wrapped text when it opens a file, so rows that wrap get their height
/// written; every other row keeps the sheet's one default height.
fn row_height(lines: u32) -> f64 {
    f64::from(lines) * FONT_SIZE * 1.3 + 2.0
}

/// How wide a cell's value shows in a column of `kind`.
fn cell_width(cell: &Cell, kind: ColumnKind) -> f64 {
    match cell {
        Cell::Text(s) => text_width(s),
        Cell::Number(n) if kind == ColumnKind::Percent => format!("{:.1}%", n * 100.0).len() as f64,
        Cell::Number(n) => number_text(*n).len() as f64,
        Cell::Empty => 0.0,
    }
}

/// A column as laid out for the values written in it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Laid {
    width: f64,
    kind: ColumnKind,
    /// Whether its cells wrap: some value is wider than the column may be.
    wrap: bool,
}

/// The narrowest a column gets, in characters.
const MIN_WIDTH: f64 = 5.0;

/// Each column's width and whether its cells wrap: a column takes its
/// longest value (or its header's longest word, the header wraps in two
/// lines at most) within its maximum; past the maximum its text wraps.
fn layout(columns: &[Column], rows: &[Vec<Cell>]) -> Vec<Laid> {
    columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let header = column
                .header
                .split_whitespace()
                .map(text_width)
                .fold((text_width(column.header) / 2.0).ceil(), f64::max)
                * BOLD;
            let longest = rows
                .iter()
                .filter_map(|row| row.get(i))
                .map(|cell| cell_width(cell, column.kind))
                .fold(0.0, f64::max);
            let needed = header.max(longest) + FIT_PADDING;
            let width = needed.clamp(MIN_WIDTH, column.width.max(MIN_WIDTH));
            Laid {
                width: (width * 4.0).ceil() / 4.0,
                kind: column.kind,
                wrap: longest > width - WRAP_MARGIN,
            }
        })
        .collect()
}

/// Writes one row of cells in the columns' formats; a row whose text wraps
/// grows to the lines it takes, every other row keeps the default height.
fn write_row(
    sheet: &mut Worksheet,
    r: u32,
    row: &[Cell],
    layout: &[Laid],
    formats: &[Format],
) -> Result<(), XlsxError> {
    let lines = row
        .iter()
        .zip(layout)
        .filter_map(|(cell, laid)| match cell {
            Cell::Text(s) if laid.wrap => Some(lines_needed(s, laid.width - WRAP_MARGIN)),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    if lines > 1 {
        sheet.set_row_height(r, row_height(lines))?;
    }
    for (col, (cell, laid)) in row.iter().zip(layout).enumerate() {
        let c = col as u16;
        let format = &formats[col];
        let text_column = matches!(laid.kind, ColumnKind::Code | ColumnKind::Date);
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
    Ok(())
}

/// The header row at `r`: bold, filled, as tall as its longest header
/// needs.
fn write_header(
    sheet: &mut Worksheet,
    r: u32,
    columns: &[Column],
    layout: &[Laid],
    formats: &[Format],
    header_format: &Format,
) -> Result<(), XlsxError> {
    let mut header_lines = 1;
    for (col, (column, laid)) in columns.iter().zip(layout).enumerate() {
        let room = (laid.width - WRAP_MARGIN) / BOLD;
        header_lines = header_lines.max(lines_needed(column.header, room));
        let col = col as u16;
        sheet.set_column_width(col, laid.width)?;
        sheet.write_string_with_format(r, col, column.header, header_format)?;
        if laid.kind == ColumnKind::Code {
            sheet.set_column_format(col, &formats[usize::from(col)])?;
        }
    }
    if header_lines > 1 {
        sheet.set_row_height(r, row_height(header_lines))?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_sheet(
    sheet: &mut Worksheet,
    name: &str,
    spec: &SheetSpec,
    rows: &[Vec<Cell>],
    layout: &[Laid],
    formats: &[Format],
    header_format: &Format,
    page_header: &str,
    print: &Print,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    sheet.set_right_to_left(true);
    write_header(sheet, 0, spec.columns, layout, formats, header_format)?;
    for (i, row) in rows.iter().enumerate() {
        write_row(sheet, i as u32 + 1, row, layout, formats)?;
    }
    let last_col = spec.columns.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, last_col)?;
    sheet.set_repeat_rows(0, 0)?;
    if !print.breaks.is_empty() {
        sheet.set_page_breaks(&print.breaks)?;
    }
    print_setup(sheet, page_header, print.fit, print.gridlines);
    Ok(())
}

fn write_cover(
    sheet: &mut Worksheet,
    spec: &CoverSpec,
    rows: &[Vec<Cell>],
    layout: &[Laid],
    formats: &[Format],
    styles: &Styles,
    page_header: &str,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(spec.name))?;
    sheet.set_right_to_left(true);
    let last_col = spec.columns.len().saturating_sub(1) as u16;
    let width: f64 = layout.iter().map(|l| l.width).sum();
    // One line of text across the whole table's width; larger letters take
    // more of it.
    let across = |sheet: &mut Worksheet, r: u32, text: &str, format: &Format, size: f64| {
        let lines = lines_needed(text, width * FONT_SIZE / size);
        let height = f64::from(lines) * size * 1.3 + 4.0;
        sheet.set_row_height(r, height)?;
        if last_col == 0 {
            sheet
                .write_string_with_format(r, 0, text, format)
                .map(|_| ())
        } else {
            sheet
                .merge_range(r, 0, r, last_col, text, format)
                .map(|_| ())
        }
    };
    let mut r = 0;
    across(sheet, r, spec.title, &styles.title, FONT_SIZE + 4.0)?;
    r += 1;
    for line in spec.lines {
        across(sheet, r, line, &styles.line, FONT_SIZE + 1.0)?;
        r += 1;
    }
    r += 1;
    if !spec.heading.is_empty() {
        across(sheet, r, spec.heading, &styles.header, FONT_SIZE)?;
        r += 1;
    }
    for p in spec.paragraphs {
        across(sheet, r, p, &styles.paragraph, FONT_SIZE)?;
        r += 1;
    }
    r += 1;
    write_header(sheet, r, spec.columns, layout, formats, &styles.header)?;
    for row in rows {
        r += 1;
        write_row(sheet, r, row, layout, formats)?;
    }
    print_setup(sheet, page_header, Fit::Page, false);
    Ok(())
}

/// How a sheet is printed.
#[derive(Debug, Clone)]
struct Print {
    fit: Fit,
    gridlines: bool,
    /// Rows that start a new page.
    breaks: Vec<u32>,
}

/// How a sheet is fitted to the paper.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fit {
    /// One page wide, as many tall as needed.
    Width,
    /// One page.
    Page,
    /// This percentage: Excel ignores manual page breaks on a sheet fitted
    /// to pages, so a sheet with a chart on a page of its own is scaled.
    Scale(u16),
}

/// The scale at which `px` pixels fit the width of an A4 landscape page
/// within the house margins, in percent.
fn scale_to_fit(px: f64) -> u16 {
    // 11.69 in less 0.4 in margins each side, at 96 pixels an inch.
    let page = (11.69 - 0.8) * 96.0;
    ((page / px.max(1.0)) * 100.0).floor().clamp(10.0, 100.0) as u16
}

/// A column `width` characters wide in pixels (with the 0.71 character
/// Excel adds for padding), on the wide side: Tahoma's digit is 7 px, but
/// a PC without the font, or with a wider one chosen in the settings, draws
/// the column wider (LibreOffice with DejaVu Sans, about 8.7 px), and a
/// scaled page must still hold every column.
fn column_px(width: f64) -> f64 {
    ((width + 0.71) * 9.0).round()
}

/// A4 landscape, the house margins, header and footer; grid lines printed
/// unless the cells carry their own borders.
fn print_setup(sheet: &mut Worksheet, page_header: &str, fit: Fit, gridlines: bool) {
    sheet.set_paper_size(PAPER_A4);
    sheet.set_landscape();
    match fit {
        Fit::Width => {
            sheet.set_print_fit_to_pages(1, 0);
        }
        Fit::Page => {
            sheet.set_print_fit_to_pages(1, 1);
        }
        Fit::Scale(scale) => {
            sheet.set_print_scale(scale);
        }
    }
    sheet.set_print_center_horizontally(true);
    sheet.set_print_gridlines(gridlines);
    sheet.set_margins(0.4, 0.4, 0.9, 0.6, 0.3, 0.3);
    sheet.set_header(page_header);
    sheet.set_footer("&C&P / &N");
}

/// Gives the chart text the base font for Persian too. Excel draws Arabic
/// script with a chart font's complex-script face (`<a:cs>`), not the Latin
/// one rust_xlsxwriter writes, and would fall back to the theme's Arial; so
/// each `<a:latin>` of a chart gets an `<a:cs>` twin. Other parts of the
/// file are copied as they are, still compressed.
fn with_chart_script_font(bytes: Vec<u8>, font: &str) -> Result<Vec<u8>> {
    use std::io::{Cursor, Read, Write};

    let failed = |e: zip::result::ZipError| {
        tracing::error!(error = %e, "adding the chart fonts failed");
        Error::Excel(
            "ساختن پرونده اکسل ناموفق بود و پرونده‌ای ذخیره نشد. جزئیات در گزارش برنامه ثبت شد."
                .into(),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).map_err(failed)?;
    let is_chart = |name: &[u8]| name.starts_with(b"xl/charts/chart") && name.ends_with(b".xml");
    if !archive.file_names_raw().any(is_chart) {
        return Ok(bytes);
    }
    let font = font.replace('<', "&lt;").replace('>', "&gt;");
    let cs = format!(r#"<a:cs typeface="{font}" pitchFamily="34" charset="{ARABIC_CHARSET}"/>"#);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i).map_err(failed)?.name_raw().to_vec();
        if !is_chart(&name) {
            out.raw_copy_file(archive.by_index_raw(i).map_err(failed)?)
                .map_err(failed)?;
            continue;
        }
        let mut xml = String::new();
        archive
            .by_index(i)
            .map_err(failed)?
            .read_to_string(&mut xml)
            .map_err(|e| failed(e.into()))?;
        let mut fixed = String::with_capacity(xml.len() + 2048);
        let mut rest = xml.as_str();
        while let Some(at) = rest.find("<a:latin ") {
            let end = at + rest[at..].find("/>").map_or(0, |e| e + 2);
            fixed.push_str(&rest[..end]);
            fixed.push_str(&cs);
            rest = &rest[end..];
        }
        fixed.push_str(rest);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(String::from_utf8_lossy(&name), options)
            .map_err(failed)?;
        out.write_all(fixed.as_bytes())
            .map_err(|e| failed(e.into()))?;
    }
    Ok(out.finish().map_err(failed)?.into_inner())
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
        assert_eq!(lines_needed("تعداد درخواستی", 12.0), 1);
        assert_eq!(lines_needed("تعداد درخواستی", 9.0), 2);
        assert_eq!(lines_needed(&"ب".repeat(100), 40.0), 3);
        assert_eq!(lines_needed("الف\nب", 40.0), 2);
        assert_eq!(lines_needed("", 40.0), 1);
    }

    #[test]
    fn header_lines_with_a_letter_number_are_laid_out_left_to_right() {
        let lrm = LRM;
        assert_eq!(
            header_line("نوبت ۳، آذر ۱۴۰۴، نامه 4544/1405/ت"),
            format!("{lrm}{lrm}4544/1405/ت{lrm} نوبت ۳، آذر ۱۴۰۴، نامه")
        );
        // Dates and plain numbers keep their order anyway; Latin alone too.
        for same in ["تاریخ: 1405/09/15", "نوبت ۳، آذر ۱۴۰۴", "A & B", ""] {
            assert_eq!(header_line(same), same);
        }
        assert_eq!(
            header_line("پرونده members.xlsx، برگه Sheet1"),
            format!("{lrm}{lrm}Sheet1{lrm} برگه {lrm}members.xlsx،{lrm} پرونده")
        );
    }

    #[test]
    fn persian_text_is_measured_narrower_than_digits() {
        assert_eq!(text_width("1405/09/15"), 10.0);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(text_width("تعاونی‌ها"), 8.0 * 0.85));
        assert!(close(text_width("الف ب\nپ"), 4.0 * 0.85 + 0.5));
        let laid = layout(
            &[Column::new("نام", 10.0, ColumnKind::Text)],
            &[vec![Cell::text("علی")], vec![Cell::text("ب".repeat(30))]],
        );
        assert_eq!((laid[0].width, laid[0].wrap), (10.0, true));
        let laid = layout(
            &[Column::new("نام", 10.0, ColumnKind::Text)],
            &[vec![Cell::text("علی")]],
        );
        assert_eq!((laid[0].width, laid[0].wrap), (MIN_WIDTH, false));
    }

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(sheet_name("نقشه راه"), "نقشه راه");
        assert_eq!(sheet_name("a/b:c"), "a b c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("[]"), "Sheet1");
    }
}
