//! Bringing in the clerk's own lists and the TVTO's monthly feedback (C7).
//!
//! 1. **Read** a sheet of an .xlsx, .xls or .ods file (calamine), or a CSV
//!    in UTF-8 (with or without a BOM) or Windows-1256, the code page of
//!    Excel's plain CSV on Persian Windows.
//! 2. **Find the header row** among the first rows by the Persian and
//!    English names each kind knows, skipping title rows above it; map each
//!    column to a field. The clerk may change the mapping; it is remembered
//!    for files with the same headers.
//! 3. **Clean** every value and say what was changed: digits of any script,
//!    Arabic ي/ك, spaces, codes that Excel turned into numbers (lost zeros,
//!    `.0`, scientific notation), Excel date cells turned into Jalali.
//! 4. **Validate** each row through the same `validate()` as the forms, so
//!    a value is checked in one place only.
//! 5. **Write** in one transaction: everything, or nothing when a row is
//!    rejected (unless the clerk accepts the valid rows). A preview runs the
//!    same writes and rolls them back, so its counts are exact. Importing the
//!    same file twice changes nothing the second time.
//!
//! ```no_run
//! use std::path::Path;
//! use taavon_core::{db::Db, import::{self, ImportRequest}, model::ImportKind};
//!
//! let mut db = Db::open_default()?;
//! let request = ImportRequest { kind: ImportKind::People, dry_run: true, ..Default::default() };
//! let preview = import::run(&mut db, Path::new("members.xlsx"), &request, &mut |_| true)?;
//! println!("{} new, {} rejected", preview.added, preview.rejected);
//! # Ok::<(), taavon_core::Error>(())
//! ```

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{self, CourseInput, NewCourse};
use crate::db::Db;
use crate::error::{column_message, Error, ErrorBody, FieldError, Result};
use crate::ids::{CodeFix, NationalCode};
use crate::jalali::to_jalali;
use crate::model::{ImportKind, ReferralStatus, Role};
use crate::progress::Progress;
use crate::registry::{self, MembershipInput, OrgInput, OrgView, PersonInput, PersonView};
use crate::rounds::{self, ReferralUpdate};
use crate::text::{ascii_digit, clean_text, search_key, to_persian_digits};
use crate::xlsx::{Book, Cell as XCell, Column, ColumnKind, DocInfo, ExportOptions, SheetSpec};

fn fa(n: impl ToString) -> String {
    to_persian_digits(&n.to_string())
}

/// A header (or a word in a cell) as compared: the search key without
/// spaces and punctuation.
fn header_key(s: &str) -> String {
    search_key(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

// ---------------------------------------------------------------------------
// What each kind of file may hold

/// A field a column can be mapped to, with the header names it is known by.
struct Target {
    key: &'static str,
    label: &'static str,
    names: &'static [&'static str],
    required: bool,
    /// A code whose digits must survive: numbers are turned back into text.
    code: bool,
}

const fn t(
    key: &'static str,
    label: &'static str,
    names: &'static [&'static str],
    required: bool,
    code: bool,
) -> Target {
    Target {
        key,
        label,
        names,
        required,
        code,
    }
}

const COOP_TARGETS: &[Target] = &[
    t(
        "name",
        "نام تعاونی",
        &[
            "نام تعاونی",
            "نام",
            "نام شرکت",
            "عنوان تعاونی",
            "نام اتحادیه",
            "name",
            "cooperative",
        ],
        true,
        false,
    ),
    t(
        "national_id",
        "شناسه ملی",
        &["شناسه ملی", "شناسه ملی تعاونی", "شناسه", "national id"],
        false,
        true,
    ),
    t("kind", "نوع", &["نوع", "نوع تشکل", "kind"], false, false),
    t(
        "registration_no",
        "شماره ثبت",
        &["شماره ثبت", "ش ثبت", "registration no"],
        false,
        true,
    ),
    t(
        "registry_office",
        "اداره ثبت",
        &["اداره ثبت", "محل ثبت", "registry office"],
        false,
        false,
    ),
    t(
        "field",
        "زمینه فعالیت",
        &["زمینه فعالیت", "زمینه", "بخش", "field"],
        false,
        false,
    ),
    t(
        "orientation",
        "گرایش",
        &["گرایش", "گرایش تعاونی", "orientation"],
        false,
        false,
    ),
    t(
        "activity",
        "موضوع فعالیت",
        &[
            "موضوع فعالیت",
            "موضوع فعالیت در اساسنامه",
            "فعالیت",
            "activity",
        ],
        false,
        false,
    ),
    t(
        "county",
        "شهرستان",
        &["شهرستان", "شهر", "county"],
        false,
        false,
    ),
    t(
        "founded_on",
        "تاریخ تأسیس",
        &["تاریخ تاسیس", "تاریخ ثبت", "founded on"],
        false,
        false,
    ),
    t(
        "member_count",
        "تعداد اعضا",
        &["تعداد اعضا", "اعضا", "member count"],
        false,
        false,
    ),
    t(
        "phone",
        "تلفن",
        &["تلفن", "تلفن ثابت", "phone"],
        false,
        true,
    ),
    t(
        "mobile",
        "شماره همراه",
        &["تلفن همراه", "همراه", "موبایل", "شماره همراه", "mobile"],
        false,
        true,
    ),
    t(
        "email",
        "رایانامه",
        &["رایانامه", "ایمیل", "پست الکترونیک", "email"],
        false,
        false,
    ),
    t(
        "address",
        "نشانی",
        &["نشانی", "آدرس", "address"],
        false,
        false,
    ),
    t(
        "postal_code",
        "کد پستی",
        &["کد پستی", "postal code"],
        false,
        true,
    ),
    t(
        "is_small",
        "کوچک",
        &["کوچک", "تعاونی کوچک", "small"],
        false,
        false,
    ),
    t(
        "is_startup",
        "نوپا",
        &["نوپا", "استارتاپ", "startup"],
        false,
        false,
    ),
    t(
        "is_internet",
        "اینترنتی",
        &["اینترنتی", "نسل نو", "پلتفرم", "internet"],
        false,
        false,
    ),
    t("status", "وضعیت", &["وضعیت", "status"], false, false),
];

const PEOPLE_TARGETS: &[Target] = &[
    t(
        "national_code",
        "کد ملی",
        &["کد ملی", "کدملی", "شماره ملی", "national code"],
        true,
        true,
    ),
    t("first_name", "نام", &["نام", "first name"], true, false),
    t(
        "last_name",
        "نام خانوادگی",
        &["نام خانوادگی", "نام فامیل", "فامیلی", "last name"],
        true,
        false,
    ),
    t(
        "father_name",
        "نام پدر",
        &["نام پدر", "father name"],
        false,
        false,
    ),
    t("gender", "جنسیت", &["جنسیت", "جنس", "gender"], false, false),
    t(
        "birth_date",
        "تاریخ تولد",
        &["تاریخ تولد", "birth date"],
        false,
        false,
    ),
    t(
        "education",
        "تحصیلات",
        &["تحصیلات", "مدرک تحصیلی", "میزان تحصیلات", "education"],
        false,
        false,
    ),
    t(
        "mobile",
        "شماره همراه",
        &[
            "تلفن همراه",
            "همراه",
            "موبایل",
            "شماره همراه",
            "شماره تماس",
            "mobile",
        ],
        false,
        true,
    ),
    t(
        "coop_national_id",
        "شناسه ملی تعاونی",
        &[
            "شناسه ملی تعاونی",
            "شناسه ملی",
            "شناسه تعاونی",
            "coop national id",
        ],
        false,
        true,
    ),
    t(
        "coop_name",
        "نام تعاونی",
        &["نام تعاونی", "تعاونی", "نام شرکت", "cooperative"],
        false,
        false,
    ),
    t(
        "role",
        "سمت",
        &["سمت", "سمت در تعاونی", "نقش", "role"],
        false,
        false,
    ),
    t(
        "start_date",
        "تاریخ شروع",
        &["تاریخ شروع", "از تاریخ", "تاریخ عضویت", "start date"],
        false,
        false,
    ),
];

const FEEDBACK_TARGETS: &[Target] = &[
    t(
        "national_code",
        "کد ملی",
        &["کد ملی", "کدملی", "شماره ملی", "national code"],
        true,
        true,
    ),
    t(
        "course",
        "دوره",
        &["کد استاندارد", "عنوان دوره", "دوره", "نام دوره", "course"],
        true,
        false,
    ),
    t(
        "round",
        "نوبت",
        &["نوبت", "شماره نوبت", "round"],
        false,
        false,
    ),
    t(
        "enrollment",
        "ثبت‌نام",
        &["ثبت نام", "وضعیت ثبت نام", "enrollment"],
        false,
        false,
    ),
    t(
        "attendance",
        "حضور",
        &["حضور", "وضعیت حضور", "attendance"],
        false,
        false,
    ),
    t(
        "result",
        "نتیجه",
        &["نتیجه", "نتیجه آزمون", "result"],
        false,
        false,
    ),
    t(
        "certificate_no",
        "شماره گواهینامه",
        &["شماره گواهینامه", "شماره گواهی", "گواهینامه", "certificate"],
        false,
        true,
    ),
    t(
        "certificate_on",
        "تاریخ گواهینامه",
        &["تاریخ گواهینامه", "تاریخ صدور", "certificate date"],
        false,
        false,
    ),
    t(
        "class_starts_on",
        "شروع کلاس",
        &["تاریخ شروع", "شروع کلاس", "شروع دوره"],
        false,
        false,
    ),
    t(
        "class_ends_on",
        "پایان کلاس",
        &["تاریخ پایان", "پایان کلاس", "پایان دوره"],
        false,
        false,
    ),
];

/// A TVTO standards list. The keys are the fields' own, so a field error
/// finds its column.
const STANDARDS_TARGETS: &[Target] = &[
    t(
        "code",
        "کد استاندارد",
        &[
            "کد",
            "کد استاندارد",
            "کد استاندارد آموزشی",
            "کد دوره",
            "کد رشته",
            "code",
            "standard code",
        ],
        true,
        true,
    ),
    t(
        "title",
        "عنوان استاندارد",
        &[
            "عنوان",
            "نام استاندارد",
            "عنوان استاندارد",
            "عنوان استاندارد آموزشی",
            "نام استاندارد آموزشی",
            "عنوان دوره",
            "نام دوره",
            "نام رشته",
            "title",
            "name",
        ],
        true,
        false,
    ),
    t(
        "cluster",
        "خوشه",
        &["خوشه", "خوشه آموزشی", "خوشه شغلی", "cluster"],
        false,
        false,
    ),
    t(
        "course_group",
        "گروه",
        &["گروه", "گروه آموزشی", "گروه شغلی", "group"],
        false,
        false,
    ),
    t(
        "theory_hours",
        "ساعت نظری",
        &[
            "ساعت نظری",
            "نظری",
            "زمان نظری",
            "ساعات نظری",
            "theory",
            "theory hours",
        ],
        false,
        false,
    ),
    t(
        "practice_hours",
        "ساعت عملی",
        &[
            "ساعت عملی",
            "عملی",
            "زمان عملی",
            "ساعات عملی",
            "practice",
            "practice hours",
        ],
        false,
        false,
    ),
    t(
        "total_hours",
        "ساعت کل",
        &[
            "ساعت کل",
            "جمع ساعت",
            "جمع ساعات",
            "کل ساعت",
            "مجموع ساعت",
            "مجموع ساعات",
            "زمان کل",
            "total",
            "total hours",
        ],
        false,
        false,
    ),
    t(
        "entry_education",
        "تحصیلات ورودی",
        &[
            "تحصیلات",
            "حداقل تحصیلات",
            "تحصیلات ورودی",
            "حداقل تحصیلات ورودی",
            "education",
        ],
        false,
        false,
    ),
];

fn targets(kind: ImportKind) -> &'static [Target] {
    match kind {
        ImportKind::Coops => COOP_TARGETS,
        ImportKind::People => PEOPLE_TARGETS,
        ImportKind::Feedback => FEEDBACK_TARGETS,
        ImportKind::Standards => STANDARDS_TARGETS,
    }
}

/// Whether a kind reads its rows strictly, as the TVTO standards list
/// always was: a formula error (`#REF!`) in a mapped column is a fault of
/// the row, and a row with nothing in any mapped column (a row number
/// filled down past the last standard) is blank. The clerk's own lists
/// read a formula error as an empty cell.
fn strict_rows(kind: ImportKind) -> bool {
    kind == ImportKind::Standards
}

/// A field a column can be mapped to, for the mapping step.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct TargetInfo {
    pub key: String,
    pub label: String,
    pub required: bool,
}

/// Which column of the file (0-based, as in the header row) feeds a field.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ColumnMap {
    pub target: String,
    pub column: Option<u32>,
}

// ---------------------------------------------------------------------------
// Reading a file into rows of text

/// A cell as read, with what reading it changed.
#[derive(Debug, Clone, Default)]
struct RawCell {
    text: String,
    /// The file stored a number: a code in it may have lost zeros.
    number: bool,
    /// The file stored a date, now Jalali text.
    date: bool,
    /// The file stored a formula error (`#REF!`, `#N/A`): no value.
    error: Option<String>,
}

struct Table {
    sheets: Vec<String>,
    sheet: String,
    /// (row number as the file shows it, cells).
    rows: Vec<(u32, Vec<RawCell>)>,
}

/// Files larger than this are refused before reading: a year of lists is a
/// few megabytes, and a huge file is more likely a mistake (or hostile).
const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

fn unreadable(path: &Path, detail: &str) -> Error {
    tracing::warn!(path = %path.display(), detail, "import file could not be read");
    Error::Excel(format!(
        "پرونده «{}» خوانده نشد. باید پرونده اکسل (xlsx یا xls)، ods یا csv باشد و آسیب ندیده باشد.",
        file_name(path)
    ))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let meta = std::fs::metadata(path)
        .map_err(|_| Error::Excel(format!("پرونده «{}» پیدا نشد.", file_name(path))))?;
    if meta.len() == 0 {
        return Err(Error::Excel(format!(
            "پرونده «{}» خالی است.",
            file_name(path)
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Excel(format!(
            "پرونده «{}» بیش از ۲۰۰ مگابایت است و خوانده نشد.",
            file_name(path)
        )));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "csv" || ext == "txt" {
        return read_csv(path);
    }
    check_archive(path)?;
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| unreadable(path, &e.to_string()))?;
    let sheets = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => sheets
            .iter()
            .find(|s| search_key(s) == search_key(wanted))
            .cloned()
            .ok_or_else(|| {
                Error::Excel(format!(
                    "برگه «{wanted}» در پرونده «{}» نیست؛ برگه‌ها: {}.",
                    file_name(path),
                    sheets.join("، ")
                ))
            })?,
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| unreadable(path, "no sheet"))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| unreadable(path, &e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        // Blank rows are not kept: a sheet formatted down to row 1,048,576
        // costs nothing.
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows(path));
        }
        let mut row: Vec<RawCell> = vec![RawCell::default(); first_col as usize];
        row.extend(cells.iter().map(raw_cell));
        rows.push((first_row + i as u32 + 1, row));
    }
    Ok(Table {
        sheets,
        sheet: name,
        rows,
    })
}

/// The most rows one import reads (about ten times Tehran's people per
/// list); a larger file is to be split.
const MAX_ROWS: usize = 1_000_000;

fn too_many_rows(path: &Path) -> Error {
    Error::Excel(format!(
        "پرونده «{}» بیش از {} ردیف دارد؛ آن را به چند پرونده کوچک‌تر بخش کنید.",
        file_name(path),
        fa(MAX_ROWS)
    ))
}

/// The most an .xlsx or .ods may hold once unpacked, and the most it may
/// have been packed: a few megabytes of list unpack to tens, never to
/// gigabytes. A "zip bomb" is refused before anything is unpacked.
const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;
const MAX_PACKING_RATIO: u64 = 200;

fn check_archive(path: &Path) -> Result<()> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    // Not a zip: calamine decides what it is (and refuses it if need be).
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        return Ok(());
    };
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            return Err(unreadable(path, "damaged zip entry"));
        };
        let size = entry.size();
        unpacked = unpacked.saturating_add(size);
        let packed = entry.compressed_size().max(1);
        if size > 10 * 1024 * 1024 && size / packed > MAX_PACKING_RATIO {
            tracing::warn!(path = %path.display(), size, packed, "refused an over-compressed spreadsheet");
            return Err(bomb(path));
        }
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(bomb(path));
    }
    Ok(())
}

fn bomb(path: &Path) -> Error {
    Error::Excel(format!(
        "پرونده «{}» پس از باز شدن بیش از اندازه بزرگ می‌شود و خوانده نشد؛ شاید آسیب دیده یا ساختگی است.",
        file_name(path)
    ))
}

/// A whole number written without a decimal point or exponent.
fn integral_text(f: f64) -> Option<String> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 1e17).then(|| format!("{}", f as i64))
}

fn raw_cell(d: &Data) -> RawCell {
    match d {
        Data::Empty => RawCell::default(),
        Data::String(s) => RawCell {
            text: s.clone(),
            ..Default::default()
        },
        Data::Int(i) => RawCell {
            text: i.to_string(),
            number: true,
            ..Default::default()
        },
        Data::Float(f) => RawCell {
            text: integral_text(*f).unwrap_or_else(|| f.to_string()),
            number: true,
            ..Default::default()
        },
        Data::Bool(b) => RawCell {
            text: if *b { "بله" } else { "خیر" }.into(),
            ..Default::default()
        },
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)) {
                Some(date) => RawCell {
                    text: to_jalali(date).to_ascii(),
                    date: true,
                    ..Default::default()
                },
                None => RawCell::default(),
            }
        }
        Data::DateTime(dt) => RawCell {
            text: dt.as_f64().to_string(),
            number: true,
            ..Default::default()
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => RawCell {
            text: s.clone(),
            ..Default::default()
        },
        Data::Error(e) => RawCell {
            error: Some(e.to_string()),
            ..Default::default()
        },
    }
}

/// The separators Excel writes: `,` and `;` by the list separator of the
/// PC's region, tab for "Unicode text", and `؛` (the Arabic semicolon), the
/// list separator of the Persian region on some PCs.
const CSV_SEPARATORS: [char; 4] = [',', ';', '\t', '؛'];

/// Which separator the file uses: the one found most often on its first
/// lines (a title line above the headers has none), `,` on a tie. `؛` is
/// two bytes in UTF-8, so where it separates it is swapped, outside quotes,
/// for a control character the CSV reader can split on.
fn csv_delimiter(text: String) -> (String, u8) {
    let head: Vec<&str> = text.lines().take(HEADER_SEARCH_ROWS).collect();
    let count = |sep: char| head.iter().map(|l| l.matches(sep).count()).sum::<usize>();
    let mut best = ',';
    for sep in CSV_SEPARATORS {
        if count(sep) > count(best) {
            best = sep;
        }
    }
    if best != '؛' {
        return (text, best as u8);
    }
    let mut quoted = false;
    let swapped = text
        .chars()
        .map(|c| match c {
            '"' => {
                quoted = !quoted;
                c
            }
            '؛' if !quoted => '\u{1F}',
            c => c,
        })
        .collect();
    (swapped, 0x1F)
}

fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e.to_string()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    // UTF-8 when it is valid UTF-8; otherwise Windows-1256, which is what
    // Excel's "CSV" (not "CSV UTF-8") writes on a Persian Windows.
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let (decoded, _, _) = encoding_rs::WINDOWS_1256.decode(bytes);
            decoded.into_owned()
        }
    };
    if text.contains('\0') {
        return Err(unreadable(path, "binary content"));
    }
    let (text, delimiter) = csv_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(path, &e.to_string()))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows(path));
        }
        // The line the row starts on, as a text editor numbers it. The CSV
        // reader skips empty lines and its position points before them, so
        // they are stepped over here.
        let line = record.position().map_or(i as u32 + 1, |p| {
            let bytes = text.as_bytes();
            let mut start = (p.byte() as usize).min(bytes.len());
            while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
                start += 1;
            }
            bytes[..start].iter().filter(|b| **b == b'\n').count() as u32 + 1
        });
        rows.push((
            line,
            record
                .iter()
                .map(|f| RawCell {
                    text: f.to_owned(),
                    ..Default::default()
                })
                .collect(),
        ));
    }
    let name = file_name(path);
    Ok(Table {
        sheets: vec![name.clone()],
        sheet: name,
        rows,
    })
}

// ---------------------------------------------------------------------------
// The header row and the mapping

/// Only the first rows are searched: above the headers a list has at most a
/// title, a date and a blank line.
const HEADER_SEARCH_ROWS: usize = 10;

fn auto_mapping(kind: ImportKind, headers: &[String]) -> Vec<ColumnMap> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut taken = vec![false; headers.len()];
    let mut map = Vec::new();
    for target in targets(kind) {
        // A header matching a target's name exactly is taken in the order the
        // names are listed, so «نام» goes to the first name and «نام خانوادگی»
        // to the last name.
        let column = target.names.iter().find_map(|name| {
            let key = header_key(name);
            keys.iter()
                .enumerate()
                .find(|(i, k)| !taken[*i] && **k == key)
                .map(|(i, _)| i)
        });
        if let Some(c) = column {
            taken[c] = true;
        }
        map.push(ColumnMap {
            target: target.key.to_owned(),
            column: column.map(|c| c as u32),
        });
    }
    map
}

/// The header row: the one among the first rows whose cells match the most
/// known names.
fn find_header(kind: ImportKind, table: &Table) -> Option<usize> {
    let names: Vec<String> = targets(kind)
        .iter()
        .flat_map(|t| t.names.iter().map(|n| header_key(n)))
        .collect();
    table
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .map(|(i, (_, cells))| {
            let hits = cells
                .iter()
                .filter(|c| {
                    let k = header_key(&c.text);
                    !k.is_empty() && names.contains(&k)
                })
                .count();
            (i, hits)
        })
        .filter(|(_, hits)| *hits >= 2)
        .max_by_key(|(i, hits)| (*hits, std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// A file's layout as the mapping step shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Layout {
    pub file: String,
    pub kind: ImportKind,
    pub sheets: Vec<String>,
    pub sheet: String,
    /// 1-based, as the file shows it.
    pub header_row: u32,
    pub headers: Vec<String>,
    pub targets: Vec<TargetInfo>,
    pub mapping: Vec<ColumnMap>,
    /// The mapping was remembered from an earlier file with these headers.
    pub remembered: bool,
    /// The first data rows, as read, for the clerk to recognise.
    pub sample: Vec<Vec<String>>,
}

fn layout_key(kind: ImportKind, headers: &[String]) -> String {
    let joined: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    format!("import_mapping:{}:{}", kind.key(), joined.join("|"))
}

fn remembered_mapping(conn: &Connection, key: &str) -> Result<Option<Vec<ColumnMap>>> {
    let raw: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(raw.and_then(|v| serde_json::from_str(&v).ok()))
}

fn remember_mapping(tx: &Transaction, key: &str, mapping: &[ColumnMap]) -> Result<()> {
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value",
        params![
            key,
            serde_json::to_string(mapping).expect("mapping serializes")
        ],
    )?;
    Ok(())
}

struct Framed {
    table: Table,
    header: usize,
    headers: Vec<String>,
}

fn frame(kind: ImportKind, path: &Path, sheet: Option<&str>) -> Result<Framed> {
    let table = read_table(path, sheet)?;
    if table
        .rows
        .iter()
        .all(|(_, cells)| cells.iter().all(|c| c.text.trim().is_empty()))
    {
        return Err(Error::Excel(format!(
            "پرونده «{}» هیچ ردیفی ندارد.",
            file_name(path)
        )));
    }
    let header = find_header(kind, &table).ok_or_else(|| {
        let expected: Vec<&str> = targets(kind)
            .iter()
            .filter(|t| t.required)
            .map(|t| t.label)
            .collect();
        Error::Excel(format!(
            "در ده ردیف نخست پرونده «{}» ردیف سرستون‌ها پیدا نشد. ستون‌هایی مانند «{}» لازم است؛ \
             آیا پرونده از نوع «{}» است؟",
            file_name(path),
            expected.join("»، «"),
            kind.label()
        ))
    })?;
    let headers = table.rows[header]
        .1
        .iter()
        .map(|c| clean_text(&c.text))
        .collect();
    Ok(Framed {
        table,
        header,
        headers,
    })
}

/// Reads a file's sheets, header row and the mapping of its columns
/// (remembered from an earlier file with the same headers, or guessed).
pub fn inspect(
    conn: &Connection,
    path: &Path,
    sheet: Option<&str>,
    kind: ImportKind,
) -> Result<Layout> {
    let f = frame(kind, path, sheet)?;
    let key = layout_key(kind, &f.headers);
    let remembered = remembered_mapping(conn, &key)?;
    let mapping = remembered
        .clone()
        .unwrap_or_else(|| auto_mapping(kind, &f.headers));
    Ok(Layout {
        file: file_name(path),
        kind,
        sheets: f.table.sheets.clone(),
        sheet: f.table.sheet.clone(),
        header_row: f.table.rows[f.header].0,
        targets: targets(kind)
            .iter()
            .map(|t| TargetInfo {
                key: t.key.to_owned(),
                label: t.label.to_owned(),
                required: t.required,
            })
            .collect(),
        headers: f.headers.clone(),
        mapping,
        remembered: remembered.is_some(),
        sample: f
            .table
            .rows
            .iter()
            .skip(f.header + 1)
            .filter(|(_, cells)| cells.iter().any(|c| !c.text.trim().is_empty()))
            .take(5)
            .map(|(_, cells)| cells.iter().map(|c| clean_text(&c.text)).collect())
            .collect(),
    })
}

// ---------------------------------------------------------------------------
// Cleaning

/// One change made to a value while reading it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct RowFix {
    pub row: u32,
    pub column: String,
    pub value: String,
    pub note: String,
}

/// The most fixes kept in an outcome; the count says how many there were.
const FIXES_KEPT: usize = 500;

/// A code written as a number in text: `499370899.0`, `4.99370899E+08`.
fn number_as_code(s: &str) -> Option<String> {
    let looks_numeric = s.contains(['.', 'e', 'E'])
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !looks_numeric {
        return None;
    }
    s.parse::<f64>().ok().and_then(integral_text)
}

struct Cleaner<'a> {
    row: u32,
    fixes: &'a mut Vec<RowFix>,
    fixes_total: &'a mut u32,
}

impl Cleaner<'_> {
    fn note(&mut self, column: &str, value: &str, note: String) {
        *self.fixes_total += 1;
        if self.fixes.len() < FIXES_KEPT {
            self.fixes.push(RowFix {
                row: self.row,
                column: column.to_owned(),
                value: value.to_owned(),
                note,
            });
        }
    }

    /// The value of one cell, cleaned, with each change noted.
    fn clean(&mut self, column: &str, cell: &RawCell, code: bool) -> String {
        let raw = cell.text.as_str();
        let mut text = clean_text(raw);
        if raw
            .chars()
            .any(|c| ascii_digit(c).is_some_and(|_| !c.is_ascii_digit()))
        {
            text = crate::text::to_ascii_digits(&text);
            self.note(
                column,
                raw,
                "رقم‌های فارسی یا عربی به رقم لاتین برگردانده شد".into(),
            );
        }
        if raw.contains(['ي', 'ك']) {
            self.note(
                column,
                raw,
                "«ي» و «ك» عربی به «ی» و «ک» فارسی برگردانده شد".into(),
            );
        }
        if !text.is_empty() && raw.trim() != raw || raw.contains("  ") {
            self.note(column, raw, "فاصله‌های اضافه برداشته شد".into());
        }
        if code && cell.number {
            self.note(
                column,
                raw,
                "این کد در پرونده عدد ذخیره شده بود؛ به متن برگردانده شد".into(),
            );
        }
        if code {
            if let Some(digits) = number_as_code(&text) {
                self.note(
                    column,
                    raw,
                    format!("عدد «{text}» به رقم‌های «{digits}» برگردانده شد"),
                );
                text = digits;
            }
        }
        if cell.date {
            self.note(
                column,
                raw,
                format!("تاریخ اکسل به تاریخ شمسی {text} برگردانده شد"),
            );
        }
        text
    }
}

// ---------------------------------------------------------------------------
// Running an import

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ImportRequest {
    pub kind: ImportKind,
    /// The sheet to read; the first when empty.
    pub sheet: Option<String>,
    /// The clerk's mapping; remembered for files with the same headers.
    /// When empty, the remembered or guessed one.
    pub mapping: Option<Vec<ColumnMap>>,
    /// Report only; roll everything back.
    #[serde(default)]
    pub dry_run: bool,
    /// Write the valid rows even when others are rejected.
    #[serde(default)]
    pub accept_valid: bool,
}

// The closed lists are declared by a macro that takes no variant
// attributes, so `#[default]` cannot be used here.
#[allow(clippy::derivable_impls)]
impl Default for ImportKind {
    fn default() -> Self {
        ImportKind::People
    }
}

/// One row as the preview shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct RowSample {
    pub row: u32,
    /// `new`, `updated` or `unchanged`.
    pub outcome: String,
    pub summary: String,
}

/// What an import did, or (a preview) would do.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ImportOutcome {
    pub kind: ImportKind,
    pub file: String,
    pub sheet: String,
    pub header_row: u32,
    pub mapping: Vec<ColumnMap>,
    /// Data rows read; blank rows are skipped and counted apart.
    pub rows: u32,
    pub skipped_empty: u32,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub rejected: u32,
    /// Every value at fault: row, column, value, Persian reason.
    pub problems: Vec<RowProblem>,
    /// The first changes made while cleaning values.
    pub fixes: Vec<RowFix>,
    pub fixes_total: u32,
    /// The first rows of each outcome.
    pub samples: Vec<RowSample>,
    pub written: bool,
}

impl ImportOutcome {
    /// An import of `file` before any row is read: nothing counted, nothing
    /// written.
    pub fn new(kind: ImportKind, file: String) -> ImportOutcome {
        ImportOutcome {
            kind,
            file,
            sheet: String::new(),
            header_row: 0,
            mapping: Vec::new(),
            rows: 0,
            skipped_empty: 0,
            added: 0,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            problems: Vec::new(),
            fixes: Vec::new(),
            fixes_total: 0,
            samples: Vec::new(),
            written: false,
        }
    }
}

/// How many rows of a rejected import are spelled out in
/// [`ImportOutcome::rejection`]; the full list is in the outcome.
const REJECTED_ROWS_SHOWN: usize = 10;

impl ImportOutcome {
    /// For a caller that takes all rows or none: when rows were rejected
    /// and nothing was written, the `import_rejected` error with the counts
    /// and the first rows at fault, in Persian.
    pub fn rejection(&self) -> Option<ErrorBody> {
        if self.rejected == 0 || self.written {
            return None;
        }
        let mut message = format!(
            "{} ردیف از {} ردیف پرونده «{}» پذیرفته نشد، پس هیچ ردیفی ذخیره نشد. \
             این ردیف‌ها را در پرونده درست کنید و دوباره وارد کنید.",
            fa(self.rejected),
            fa(self.rows),
            self.file
        );
        for p in self.problems.iter().take(REJECTED_ROWS_SHOWN) {
            message.push_str(&format!("\nردیف {}: {}", fa(p.row), p.message));
        }
        if self.problems.len() > REJECTED_ROWS_SHOWN {
            message.push_str(&format!(
                "\n… و {} مورد دیگر.",
                fa(self.problems.len() - REJECTED_ROWS_SHOWN)
            ));
        }
        Some(ErrorBody {
            code: "import_rejected".into(),
            message,
            fields: Vec::new(),
        })
    }
}

/// One problem in one row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RowProblem {
    /// The row number as the spreadsheet shows it (1-based).
    pub row: u32,
    /// The column's header as written in the file.
    pub column: String,
    /// The cell's value as read.
    pub value: String,
    /// What is wrong, in Persian.
    pub message: String,
}

/// How many rows of each outcome the preview shows.
const SAMPLES_EACH: usize = 5;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    New,
    Updated,
    Unchanged,
}

/// The values of one row, by target key, with the column each came from.
struct RowValues {
    values: HashMap<&'static str, (String, String)>,
    /// The formula errors in mapped columns: (target key, error as Excel
    /// shows it).
    excel_errors: Vec<(&'static str, String)>,
}

impl RowValues {
    /// Whether the file has a column mapped to `key`.
    fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    fn get(&self, key: &str) -> Option<String> {
        self.values
            .get(key)
            .map(|(v, _)| v.clone())
            .filter(|v| !v.is_empty())
    }

    fn column(&self, key: &str) -> String {
        self.values
            .get(key)
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| key.to_owned())
    }
}

struct RowError {
    column: String,
    value: String,
    message: String,
}

impl RowError {
    fn new(column: String, value: &str, message: String) -> RowError {
        RowError {
            column,
            value: value.to_owned(),
            message,
        }
    }
}

/// Field errors of a validated input, each named by the file's column.
fn field_errors(values: &RowValues, errors: Vec<FieldError>) -> Vec<RowError> {
    errors
        .into_iter()
        .map(|e| RowError::new(values.column(e.field.key()), &e.value, e.to_string()))
        .collect()
}

fn refused(values: &RowValues, key: &str, e: Error) -> Vec<RowError> {
    match e {
        Error::Invalid(inv) => field_errors(values, inv.0),
        Error::Storage(_) | Error::Io(_) => vec![RowError::new(
            values.column(key),
            &values.get(key).unwrap_or_default(),
            "ذخیره این ردیف ناموفق بود؛ جزئیات در گزارش برنامه ثبت شد.".into(),
        )],
        other => vec![RowError::new(
            values.column(key),
            &values.get(key).unwrap_or_default(),
            other.to_string(),
        )],
    }
}

/// Reads, cleans, validates and writes a file's rows in one transaction.
/// Returns the outcome; the database changes only when the outcome says
/// `written`. `progress` is called now and then; returning `false` cancels
/// and nothing is written.
pub fn run(
    db: &mut Db,
    path: &Path,
    req: &ImportRequest,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<ImportOutcome> {
    let f = frame(req.kind, path, req.sheet.as_deref())?;
    let key = layout_key(req.kind, &f.headers);
    let mapping = match &req.mapping {
        Some(m) => m.clone(),
        None => remembered_mapping(db.conn(), &key)?
            .unwrap_or_else(|| auto_mapping(req.kind, &f.headers)),
    };
    check_mapping(req.kind, &mapping, &f.headers)?;
    db.write_if(|tx| {
        let mut out = ImportOutcome {
            sheet: f.table.sheet.clone(),
            header_row: f.table.rows[f.header].0,
            mapping: mapping.clone(),
            ..ImportOutcome::new(req.kind, file_name(path))
        };
        let data = &f.table.rows[f.header + 1..];
        let total = data.len() as u64;
        // Blank rows between the header and the last row were dropped when
        // reading; they are counted here.
        if let Some((last, _)) = data.last() {
            out.skipped_empty = last
                .saturating_sub(out.header_row)
                .saturating_sub(data.len() as u32);
        }
        let mut state = KindState::default();
        let strict = strict_rows(req.kind);
        for (i, (row_no, cells)) in data.iter().enumerate() {
            if i % 500 == 0
                && !progress(Progress {
                    done: i as u64,
                    total,
                })
            {
                return Err(Error::Cancelled);
            }
            let blank = |c: &RawCell| c.text.trim().is_empty() && (c.error.is_none() || !strict);
            let blank_row = if strict {
                mapping
                    .iter()
                    .filter_map(|m| m.column)
                    .all(|c| cells.get(c as usize).is_none_or(blank))
            } else {
                cells.iter().all(blank)
            };
            if blank_row {
                out.skipped_empty += 1;
                continue;
            }
            out.rows += 1;
            let mut cleaner = Cleaner {
                row: *row_no,
                fixes: &mut out.fixes,
                fixes_total: &mut out.fixes_total,
            };
            let mut values = RowValues {
                values: HashMap::new(),
                excel_errors: Vec::new(),
            };
            for (target, map) in targets(req.kind).iter().zip(&mapping) {
                let Some(col) = map.column else { continue };
                let header = f.headers.get(col as usize).cloned().unwrap_or_default();
                let cell = cells.get(col as usize).cloned().unwrap_or_default();
                let text = cleaner.clean(&header, &cell, target.code);
                if let Some(e) = &cell.error {
                    values.excel_errors.push((target.key, e.clone()));
                }
                values.values.insert(target.key, (text, header));
            }

            // Each row is its own savepoint: a rejected row leaves nothing.
            tx.execute_batch("SAVEPOINT import_row")?;
            let result = import_row(tx, req.kind, *row_no, &values, &mut state, &mut cleaner);
            match &result {
                Ok(_) => tx.execute_batch("RELEASE import_row")?,
                Err(_) => tx.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?,
            }
            match result {
                Ok((outcome, summary)) => {
                    let (count, name) = match outcome {
                        Outcome::New => (&mut out.added, "new"),
                        Outcome::Updated => (&mut out.updated, "updated"),
                        Outcome::Unchanged => (&mut out.unchanged, "unchanged"),
                    };
                    *count += 1;
                    if out.samples.iter().filter(|s| s.outcome == name).count() < SAMPLES_EACH {
                        out.samples.push(RowSample {
                            row: *row_no,
                            outcome: name.to_owned(),
                            summary,
                        });
                    }
                }
                Err(errors) => {
                    out.rejected += 1;
                    for e in errors {
                        out.problems.push(RowProblem {
                            row: *row_no,
                            column: e.column,
                            value: e.value,
                            message: e.message,
                        });
                    }
                }
            }
        }
        progress(Progress { done: total, total });
        let commit = !req.dry_run && (out.rejected == 0 || req.accept_valid);
        if commit {
            remember_mapping(tx, &key, &mapping)?;
        }
        out.written = commit;
        Ok((out, commit))
    })
}

fn check_mapping(kind: ImportKind, mapping: &[ColumnMap], headers: &[String]) -> Result<()> {
    let all = targets(kind);
    if mapping.len() != all.len() || mapping.iter().zip(all).any(|(m, t)| m.target != t.key) {
        return Err(Error::Refused(
            "نگاشت ستون‌ها با این نوع پرونده جور نیست؛ دوباره ستون‌ها را انتخاب کنید.".into(),
        ));
    }
    let missing: Vec<&str> = all
        .iter()
        .zip(mapping)
        .filter(|(t, m)| t.required && m.column.is_none_or(|c| c as usize >= headers.len()))
        .map(|(t, _)| t.label)
        .collect();
    // Cooperatives need a field; people need either nothing about a
    // cooperative or a way to find it.
    if !missing.is_empty() {
        return Err(Error::Refused(format!(
            "ستون «{}» در پرونده پیدا نشد؛ در گام نگاشت، ستون درست را برای آن انتخاب کنید.",
            missing.join("»، «")
        )));
    }
    Ok(())
}

/// What earlier rows of the same file said, to catch duplicates within it.
#[derive(Default)]
struct KindState {
    /// National code → (row, name key).
    people: HashMap<String, (u32, String)>,
    /// National ID or name key → (row, name key).
    orgs: HashMap<String, (u32, String)>,
    /// Standard code → the row it first came in.
    courses: HashMap<String, u32>,
}

type RowResult = std::result::Result<(Outcome, String), Vec<RowError>>;

fn import_row(
    tx: &Transaction,
    kind: ImportKind,
    row: u32,
    v: &RowValues,
    state: &mut KindState,
    cleaner: &mut Cleaner,
) -> RowResult {
    match kind {
        ImportKind::People => person_row(tx, row, v, state, cleaner),
        ImportKind::Coops => coop_row(tx, row, v, state),
        ImportKind::Feedback => feedback_row(tx, row, v),
        ImportKind::Standards => standards_row(tx, row, v, state),
    }
}

fn code_fix_note(cleaner: &mut Cleaner, v: &RowValues, key: &str) {
    if let Some(raw) = v.get(key) {
        if let Ok((code, CodeFix::PaddedZeros(n))) = NationalCode::parse_with_fix(&raw) {
            cleaner.note(
                &v.column(key),
                &raw,
                format!(
                    "{} صفر ابتدایی که اکسل انداخته بود برگردانده شد: {code}",
                    fa(n)
                ),
            );
        }
    }
}

/// The person's stored values as a form would hold them.
fn person_input_of(p: &PersonView) -> PersonInput {
    PersonInput {
        national_code: p.national_code.clone(),
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        father_name: p.father_name.clone(),
        gender: p.gender.map(|g| g.key().to_owned()),
        birth_date: p.birth_date_jalali.clone(),
        education: p.education.map(|e| e.key().to_owned()),
        mobile: p.mobile.clone(),
    }
}

fn person_row(
    tx: &Transaction,
    row: u32,
    v: &RowValues,
    state: &mut KindState,
    cleaner: &mut Cleaner,
) -> RowResult {
    code_fix_note(cleaner, v, "national_code");
    let from_file = PersonInput {
        national_code: v.get("national_code").unwrap_or_default(),
        first_name: v.get("first_name").unwrap_or_default(),
        last_name: v.get("last_name").unwrap_or_default(),
        father_name: v.get("father_name"),
        gender: v.get("gender"),
        birth_date: v.get("birth_date"),
        education: v.get("education"),
        mobile: v.get("mobile"),
    };
    // Every problem of the row at once: the person's fields and the role.
    let role = v.get("role").map(|raw| Role::parse(&raw));
    let new = match (from_file.validate(), &role) {
        (Ok(p), None | Some(Ok(_))) => p,
        (Ok(_), Some(Err(e))) => return Err(field_errors(v, vec![e.clone()])),
        (Err(mut errors), role) => {
            if let Some(Err(e)) = role {
                errors.push(e.clone());
            }
            return Err(field_errors(v, errors));
        }
    };
    let role = role.and_then(|r| r.ok());
    let code = new.national_code.to_string();
    let name_key = search_key(&format!("{} {}", new.first_name, new.last_name));
    if let Some((first_row, first_name)) = state.people.get(&code) {
        if *first_name != name_key {
            return Err(vec![RowError::new(
                v.column("national_code"),
                &code,
                format!(
                    "این کد ملی در ردیف {} پرونده با نام دیگری آمده است؛ یکی از دو ردیف نادرست است.",
                    fa(first_row)
                ),
            )]);
        }
    } else {
        state.people.insert(code.clone(), (row, name_key));
    }
    let existing = registry::find_person(tx, &new.national_code)
        .map_err(|e| refused(v, "national_code", e))?;
    let mut outcome = match &existing {
        None => {
            registry::add_person(tx, &new).map_err(|e| refused(v, "national_code", e))?;
            Outcome::New
        }
        Some(p) => {
            // Only what the file has replaces what is stored.
            let old = person_input_of(p);
            let before = old.validate().ok();
            let merged = PersonInput {
                national_code: code.clone(),
                first_name: from_file.first_name.clone(),
                last_name: from_file.last_name.clone(),
                father_name: from_file.father_name.clone().or(old.father_name),
                gender: from_file.gender.clone().or(old.gender),
                birth_date: from_file.birth_date.clone().or(old.birth_date),
                education: from_file.education.clone().or(old.education),
                mobile: from_file.mobile.clone().or(old.mobile),
            }
            .validate()
            .map_err(|e| field_errors(v, e))?;
            if before.as_ref() == Some(&merged) {
                Outcome::Unchanged
            } else {
                registry::update_person(tx, &merged.national_code, &merged)
                    .map_err(|e| refused(v, "national_code", e))?;
                Outcome::Updated
            }
        }
    };
    // The person's role in a cooperative, when the row names one.
    let coop_nid = v.get("coop_national_id");
    let coop_name = v.get("coop_name");
    let mut summary = format!("{} {} ({})", new.first_name, new.last_name, code);
    if coop_nid.is_some() || coop_name.is_some() {
        let org = find_org(tx, v, coop_nid.as_deref(), coop_name.as_deref())?;
        let role = role.unwrap_or(Role::Member);
        let holds: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM membership m JOIN person p ON p.id = m.person_id
                  WHERE p.national_code = ?1 AND m.organization_id = ?2 AND m.role = ?3
                    AND (m.end_date IS NULL OR m.end_date >= date('now')))",
                params![code, org.id, role.key()],
                |r| r.get(0),
            )
            .map_err(|e| refused(v, "coop_name", e.into()))?;
        if !holds {
            let m = MembershipInput {
                national_code: code.clone(),
                organization_id: Some(org.id),
                role: role.key().to_owned(),
                start_date: v.get("start_date"),
                ..Default::default()
            }
            .validate()
            .map_err(|e| field_errors(v, e))?;
            registry::add_membership(tx, &m).map_err(|e| refused(v, "role", e))?;
            if outcome == Outcome::Unchanged {
                outcome = Outcome::Updated;
            }
        }
        summary.push_str(&format!("، {} در {}", role.label(), org.name));
    } else if let Some(r) = role {
        return Err(vec![RowError::new(
            v.column("role"),
            r.label(),
            "سمت آمده ولی تعاونی‌اش نه؛ شناسه ملی یا نام تعاونی را هم بنویسید.".into(),
        )]);
    }
    Ok((outcome, summary))
}

/// The cooperatives (at most three: more says nothing new) whose name, in
/// any spelling, is `name`.
fn orgs_named(tx: &Transaction, name: &str) -> Result<Vec<i64>> {
    Ok(tx
        .prepare_cached("SELECT id FROM organization WHERE search_key = ?1 LIMIT 3")?
        .query_map([search_key(name)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The cooperative a row names: by national ID, else by its name in any
/// spelling; a name shared by several is refused as ambiguous.
fn find_org(
    tx: &Transaction,
    v: &RowValues,
    national_id: Option<&str>,
    name: Option<&str>,
) -> std::result::Result<OrgView, Vec<RowError>> {
    if let Some(raw) = national_id {
        let nid = crate::ids::NationalId::parse(raw).map_err(|e| {
            vec![RowError::new(
                v.column("coop_national_id"),
                raw,
                FieldError {
                    field: e.field,
                    ..e
                }
                .to_string(),
            )]
        })?;
        if let Some(org) =
            registry::find_org(tx, &nid).map_err(|e| refused(v, "coop_national_id", e))?
        {
            return Ok(org);
        }
        if name.is_none() {
            return Err(vec![RowError::new(
                v.column("coop_national_id"),
                raw,
                format!(
                    "تعاونی با شناسه ملی «{nid}» ثبت نشده است؛ نخست تعاونی را ثبت یا وارد کنید."
                ),
            )]);
        }
    }
    let name = name.unwrap_or_default();
    let ids = orgs_named(tx, name).map_err(|e| refused(v, "coop_name", e))?;
    match ids.as_slice() {
        [id] => registry::get_org_by_id(tx, *id).map_err(|e| refused(v, "coop_name", e)),
        [] => Err(vec![RowError::new(
            v.column("coop_name"),
            name,
            format!("تعاونی «{name}» ثبت نشده است؛ نخست تعاونی را ثبت یا وارد کنید."),
        )]),
        _ => Err(vec![RowError::new(
            v.column("coop_name"),
            name,
            format!(
                "چند تعاونی با نام «{name}» ثبت شده است؛ شناسه ملی تعاونی را در پرونده بنویسید تا معلوم شود کدام است."
            ),
        )]),
    }
}

/// The organization's stored values as a form would hold them.
fn org_input_of(o: &OrgView) -> OrgInput {
    OrgInput {
        kind: Some(o.kind.key().to_owned()),
        name: o.name.clone(),
        national_id: o.national_id.clone(),
        registration_no: o.registration_no.clone(),
        registry_office: o.registry_office.clone(),
        field: o.field.key().to_owned(),
        orientation: o.orientation.clone(),
        activity: o.activity.clone(),
        county: o.county.clone(),
        founded_on: o.founded_on_jalali.clone(),
        member_count: o.member_count.map(|n| n.to_string()),
        phone: o.phone.clone(),
        mobile: o.mobile.clone(),
        email: o.email.clone(),
        address: o.address.clone(),
        postal_code: o.postal_code.clone(),
        is_small: o.is_small,
        is_startup: o.is_startup,
        is_internet: o.is_internet,
        status: Some(o.status.key().to_owned()),
    }
}

/// A yes/no cell: بله، دارد، ✓، 1, yes, true …; `None` when empty.
fn flag(v: &RowValues, key: &str) -> std::result::Result<Option<bool>, Vec<RowError>> {
    let Some(raw) = v.get(key) else {
        return Ok(None);
    };
    let k = header_key(&raw);
    const YES: &[&str] = &[
        "بله", "بلی", "دارد", "هست", "است", "1", "yes", "true", "y", "x", "✓", "*",
    ];
    const NO: &[&str] = &["خیر", "ندارد", "نیست", "0", "no", "false", "n", "-"];
    if YES.iter().any(|y| header_key(y) == k) || raw.trim() == "✓" || raw.trim() == "*" {
        Ok(Some(true))
    } else if NO.iter().any(|n| header_key(n) == k) || raw.trim() == "-" {
        Ok(Some(false))
    } else {
        Err(vec![RowError::new(
            v.column(key),
            &raw,
            format!("«{}» باید «بله» یا «خیر» باشد.", v.column(key)),
        )])
    }
}

fn coop_row(tx: &Transaction, row: u32, v: &RowValues, state: &mut KindState) -> RowResult {
    let nid_raw = v.get("national_id");
    let name_raw = v.get("name").unwrap_or_default();
    // The stored cooperative this row is about.
    let existing: Option<OrgView> = match &nid_raw {
        Some(raw) => match crate::ids::NationalId::parse(raw) {
            Ok(nid) => registry::find_org(tx, &nid).map_err(|e| refused(v, "national_id", e))?,
            Err(e) => return Err(field_errors(v, vec![e])),
        },
        None => {
            let ids = orgs_named(tx, &name_raw).map_err(|e| refused(v, "name", e))?;
            match ids.as_slice() {
                [] => None,
                [id] => Some(registry::get_org_by_id(tx, *id).map_err(|e| refused(v, "name", e))?),
                _ => {
                    return Err(vec![RowError::new(
                        v.column("name"),
                        &name_raw,
                        format!("چند تعاونی با نام «{name_raw}» ثبت شده است؛ شناسه ملی را در پرونده بنویسید تا معلوم شود کدام است."),
                    )])
                }
            }
        }
    };
    let old = existing.as_ref().map(org_input_of);
    let pick = |key: &str, old: Option<String>| v.get(key).or(old);
    let o = old.clone().unwrap_or_default();
    let input = OrgInput {
        kind: pick("kind", o.kind.clone()),
        name: if name_raw.is_empty() {
            o.name.clone()
        } else {
            name_raw.clone()
        },
        national_id: pick("national_id", o.national_id.clone()),
        registration_no: pick("registration_no", o.registration_no.clone()),
        registry_office: pick("registry_office", o.registry_office.clone()),
        field: v.get("field").unwrap_or(o.field.clone()),
        orientation: pick("orientation", o.orientation.clone()),
        activity: pick("activity", o.activity.clone()),
        county: pick("county", o.county.clone()),
        founded_on: pick("founded_on", o.founded_on.clone()),
        member_count: pick("member_count", o.member_count.clone()),
        phone: pick("phone", o.phone.clone()),
        mobile: pick("mobile", o.mobile.clone()),
        email: pick("email", o.email.clone()),
        address: pick("address", o.address.clone()),
        postal_code: pick("postal_code", o.postal_code.clone()),
        is_small: flag(v, "is_small")?.unwrap_or(o.is_small),
        is_startup: flag(v, "is_startup")?.unwrap_or(o.is_startup),
        is_internet: flag(v, "is_internet")?.unwrap_or(o.is_internet),
        status: pick("status", o.status.clone()),
    };
    let new = input.validate().map_err(|e| field_errors(v, e))?;
    let key = new
        .national_id
        .as_ref()
        .map(|n| n.to_string())
        .unwrap_or_else(|| search_key(&new.name));
    let name_key = search_key(&new.name);
    if let Some((first_row, first_name)) = state.orgs.get(&key) {
        if *first_name != name_key {
            return Err(vec![RowError::new(
                v.column("national_id"),
                &key,
                format!(
                    "این شناسه ملی در ردیف {} پرونده با نام دیگری آمده است؛ یکی از دو ردیف نادرست است.",
                    fa(first_row)
                ),
            )]);
        }
    } else {
        state.orgs.insert(key, (row, name_key));
    }
    let summary = format!(
        "{}{}",
        new.name,
        new.national_id
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    );
    match existing {
        None => {
            registry::add_org(tx, &new).map_err(|e| refused(v, "name", e))?;
            Ok((Outcome::New, summary))
        }
        Some(org) => {
            let before = org_input_of(&org).validate().ok();
            if before.as_ref() == Some(&new) {
                Ok((Outcome::Unchanged, summary))
            } else {
                registry::update_org(tx, org.id, &new).map_err(|e| refused(v, "name", e))?;
                Ok((Outcome::Updated, summary))
            }
        }
    }
}

/// A status word from the TVTO's sheet, in the column it came from.
fn feedback_status(key: &str, raw: &str) -> Option<ReferralStatus> {
    use ReferralStatus as S;
    if let Ok(s) = ReferralStatus::parse(raw) {
        return Some(s);
    }
    let k = header_key(raw);
    let has = |words: &[&str]| words.iter().any(|w| k.contains(&header_key(w)));
    match key {
        "enrollment" => {
            if has(&["انتظار", "wait"]) {
                Some(S::Waitlisted)
            } else if has(&["انصراف", "declin"]) {
                Some(S::Declined)
            } else if has(&["لغو", "withdraw", "cancel"]) {
                Some(S::Withdrawn)
            } else if has(&["ثبت", "بله", "enrol", "yes"]) {
                Some(S::Enrolled)
            } else {
                None
            }
        }
        "attendance" => {
            if has(&["غیبت", "غایب", "حاضرنشد", "noshow", "absent"]) {
                Some(S::NoShow)
            } else if has(&["ناقص", "partial"]) {
                Some(S::AttendedPartial)
            } else if has(&["کامل", "حاضر", "full", "yes", "بله"]) {
                Some(S::AttendedFull)
            } else {
                None
            }
        }
        "result" => {
            if has(&["مردود", "رد", "fail"]) {
                Some(S::Failed)
            } else if has(&["قبول", "pass"]) {
                Some(S::Passed)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The moves from one status to another along the lifecycle, shortest first.
fn lifecycle_path(from: ReferralStatus, to: ReferralStatus) -> Option<Vec<ReferralStatus>> {
    let mut queue = std::collections::VecDeque::from([(from, Vec::new())]);
    let mut seen = vec![from];
    while let Some((at, path)) = queue.pop_front() {
        if at == to {
            return Some(path);
        }
        for &next in at.next() {
            if !seen.contains(&next) && next != ReferralStatus::Removed {
                seen.push(next);
                let mut p = path.clone();
                p.push(next);
                queue.push_back((next, p));
            }
        }
    }
    None
}

fn feedback_row(tx: &Transaction, row: u32, v: &RowValues) -> RowResult {
    let code_raw = v.get("national_code").unwrap_or_default();
    let code = NationalCode::parse(&code_raw).map_err(|e| field_errors(v, vec![e]))?;
    let person = registry::find_person(tx, &code)
        .map_err(|e| refused(v, "national_code", e))?
        .ok_or_else(|| {
            vec![RowError::new(
                v.column("national_code"),
                &code_raw,
                format!("کسی با کد ملی «{code}» ثبت نشده است."),
            )]
        })?;
    let course_raw = v.get("course").unwrap_or_default();
    let course =
        crate::catalog::find_course(tx, &course_raw).map_err(|e| refused(v, "course", e))?;
    let round_number = match v.get("round") {
        Some(raw) => Some(i64::from(
            registry::whole_number(crate::error::Field::Round, &raw, 1, 100_000)
                .map_err(|e| field_errors(v, vec![e]))?,
        )),
        None => None,
    };
    let referral: Option<(i64, i64)> = tx
        .query_row(
            "SELECT r.id, d.number FROM referral r JOIN referral_round d ON d.id = r.round_id
             WHERE r.person_id = ?1 AND r.course_id = ?2 AND r.status NOT IN ('removed', 'proposed')
               AND (?3 IS NULL OR d.number = ?3)
             ORDER BY d.number DESC LIMIT 1",
            params![person.id, course.id, round_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(|e| refused(v, "national_code", e.into()))?;
    let Some((referral_id, number)) = referral else {
        return Err(vec![RowError::new(
            v.column("course"),
            &course_raw,
            format!(
                "{} برای دوره «{}» در هیچ نوبت ارسال‌شده‌ای معرفی نشده است.",
                person.full_name, course.title
            ),
        )]);
    };
    // The furthest status the row reports.
    let mut target = None;
    for key in ["enrollment", "attendance", "result"] {
        if let Some(raw) = v.get(key) {
            match feedback_status(key, &raw) {
                Some(s) => target = Some(s),
                None => {
                    return Err(vec![RowError::new(
                        v.column(key),
                        &raw,
                        format!("«{raw}» برای ستون «{}» شناخته نشد.", v.column(key)),
                    )])
                }
            }
        }
    }
    let certificate = v.get("certificate_no");
    if certificate.is_some() {
        target = Some(ReferralStatus::Certified);
    }
    let Some(target) = target else {
        return Err(vec![RowError::new(
            v.column("enrollment"),
            "",
            "این ردیف هیچ خبری از ثبت‌نام، حضور، نتیجه یا گواهینامه ندارد.".into(),
        )]);
    };
    let current = rounds::get_referral(tx, referral_id).map_err(|e| refused(v, "course", e))?;
    let summary = format!(
        "{} ({}): {} در نوبت {}",
        person.full_name,
        code,
        target.label(),
        fa(number)
    );
    if current.status == target {
        return Ok((Outcome::Unchanged, summary));
    }
    // An older report of something already further along changes nothing.
    if lifecycle_path(target, current.status).is_some() {
        return Ok((Outcome::Unchanged, summary));
    }
    let path = lifecycle_path(current.status, target).ok_or_else(|| {
        vec![RowError::new(
            v.column("enrollment"),
            target.label(),
            format!(
                "معرفی {} در نوبت {} «{}» است و نمی‌توان آن را «{}» کرد.",
                person.full_name,
                fa(number),
                current.status.label(),
                target.label()
            ),
        )]
    })?;
    let reason = format!("بازخورد آموزش فنی و حرفه‌ای (ردیف {} پرونده)", fa(row));
    let last = path.len() - 1;
    for (i, step) in path.iter().enumerate() {
        let update = if i == last {
            ReferralUpdate {
                status: step.key().to_owned(),
                reason: reason.clone(),
                provider_id: None,
                class_starts_on: v.get("class_starts_on"),
                class_ends_on: v.get("class_ends_on"),
                certificate_no: certificate.clone(),
                certificate_on: v.get("certificate_on"),
                override_reason: None,
            }
        } else {
            ReferralUpdate {
                status: step.key().to_owned(),
                reason: reason.clone(),
                ..Default::default()
            }
        };
        rounds::update_referral(tx, referral_id, &update)
            .map_err(|e| refused(v, "enrollment", e))?;
    }
    Ok((Outcome::Updated, summary))
}

/// Education levels as TVTO lists write them, mapped to our list's labels.
fn education_synonym(raw: &str) -> Option<&'static str> {
    const SYNONYMS: &[(&str, &str)] = &[
        ("فوق دیپلم", "کاردانی"),
        ("لیسانس", "کارشناسی"),
        ("فوق لیسانس", "کارشناسی ارشد"),
        ("دکترا", "دکتری"),
        ("پایان دوره راهنمایی", "سیکل"),
        ("پایان دوره اول متوسطه", "سیکل"),
        ("پایان دوره ابتدایی", "ابتدایی"),
        ("پنجم ابتدایی", "ابتدایی"),
        ("ششم ابتدایی", "ابتدایی"),
    ];
    let key = header_key(raw);
    SYNONYMS
        .iter()
        .find(|(from, _)| header_key(from) == key)
        .map(|(_, to)| *to)
}

/// A standard from a TVTO list: added under a new code, updated under a
/// known one. A code twice in one file is refused the second time, and a
/// formula error is a fault. Messages name the file's own columns.
fn standards_row(tx: &Transaction, row: u32, v: &RowValues, state: &mut KindState) -> RowResult {
    let named = |key: &str, value: &str, problem: &dyn std::fmt::Display| {
        let column = v.column(key);
        let message = column_message(&column, value, problem);
        RowError::new(column, value, message)
    };
    let mut errors: Vec<RowError> = v
        .excel_errors
        .iter()
        .map(|(key, e)| named(key, e, &"خطای فرمول اکسل است؛ مقدار درست را بنویسید"))
        .collect();
    let input = CourseInput {
        kind: None,
        code: v.get("code"),
        title: v.get("title").unwrap_or_default(),
        cluster: v.get("cluster"),
        course_group: v.get("course_group"),
        theory_hours: v.get("theory_hours"),
        practice_hours: v.get("practice_hours"),
        total_hours: v.get("total_hours"),
        entry_education: v
            .get("entry_education")
            .map(|e| education_synonym(&e).map_or(e, str::to_owned)),
        suits: None,
        active: true,
    };
    let course = match input.validate() {
        Ok(c) => Some(c),
        Err(invalid) => {
            errors.extend(invalid.iter().map(|e| {
                let column = v.column(e.field.key());
                RowError::new(column.clone(), &e.value, e.message_as(&column))
            }));
            None
        }
    };
    if let Some(code) = course.as_ref().and_then(|c| c.code.clone()) {
        match state.courses.get(&code) {
            Some(first) => errors.push(named(
                "code",
                &code,
                &format!("در ردیف {} همین پرونده هم آمده است", fa(first)),
            )),
            None => {
                state.courses.insert(code, row);
            }
        }
    }
    let Some(mut course) = course.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    keep_missing_columns(tx, &mut course, v).map_err(|e| refused(v, "code", e))?;
    let summary = format!(
        "{} ({})",
        course.title,
        course.code.as_deref().unwrap_or_default()
    );
    let (_, written) = catalog::upsert_course(tx, &course).map_err(|e| refused(v, "code", e))?;
    let outcome = match written {
        catalog::Outcome::Added => Outcome::New,
        catalog::Outcome::Updated => Outcome::Updated,
        catalog::Outcome::Unchanged => Outcome::Unchanged,
    };
    Ok((outcome, summary))
}

/// Fills what the file has no column for from the standard already stored
/// under the same code, so an import never erases what it does not mention.
/// A blank cell in a column the file has clears the value. The fields and
/// tags a course suits, its kind and whether it is active never come from
/// the file.
fn keep_missing_columns(tx: &Transaction, c: &mut NewCourse, v: &RowValues) -> Result<()> {
    let Some(code) = c.code.as_deref() else {
        return Ok(());
    };
    let Some(old) = catalog::find_course_by_code(tx, code)? else {
        return Ok(());
    };
    c.kind = old.kind;
    c.suits = old.suits;
    c.active = old.active;
    if !v.has("cluster") {
        c.cluster = old.cluster;
    }
    if !v.has("course_group") {
        c.course_group = old.course_group;
    }
    // Hours are one group: a file with any hours column gives all three.
    if !(v.has("theory_hours") || v.has("practice_hours") || v.has("total_hours")) {
        c.theory_hours = old.theory_hours;
        c.practice_hours = old.practice_hours;
        c.total_hours = old.total_hours;
    }
    if !v.has("entry_education") {
        c.entry_education = old.entry_education;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The sheet of rejected rows

const ERROR_COLUMNS: [Column; 4] = [
    Column::new("ردیف در پرونده", 10.0, ColumnKind::Number),
    Column::new("ستون", 20.0, ColumnKind::Text),
    Column::new("مقدار", 24.0, ColumnKind::Code),
    Column::new("دلیل", 70.0, ColumnKind::Wrap),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_by_excel_become_codes_again() {
        assert_eq!(number_as_code("499370899.0").as_deref(), Some("499370899"));
        assert_eq!(
            number_as_code("4.99370899E+08").as_deref(),
            Some("499370899")
        );
        assert_eq!(
            number_as_code("1.0380284790E10").as_deref(),
            Some("10380284790")
        );
        assert_eq!(number_as_code("0499370899"), None, "already text");
        assert_eq!(number_as_code("12.5"), None, "not a whole number");
        assert_eq!(number_as_code("۱۲"), None);
    }

    #[test]
    fn cells_become_text_without_a_decimal_point() {
        let text = |d: Data| raw_cell(&d).text;
        assert_eq!(text(Data::Float(343320530020001.0)), "343320530020001");
        assert_eq!(text(Data::Int(42)), "42");
        assert_eq!(text(Data::Float(12.5)), "12.5");
        assert_eq!(clean_text(&text(Data::String("  ".into()))), "");
        let error = raw_cell(&Data::Error(calamine::CellErrorType::Ref));
        assert_eq!((error.text.as_str(), error.error.is_some()), ("", true));
    }

    #[test]
    fn standards_headers_match_in_any_spelling() {
        let check = |h: &str, expect: Option<&str>| {
            let mapped = auto_mapping(ImportKind::Standards, &[h.to_owned()])
                .into_iter()
                .find(|m| m.column == Some(0))
                .map(|m| m.target);
            assert_eq!(mapped.as_deref(), expect, "{h:?}");
        };
        check("کد استاندارد", Some("code"));
        check(" كد  استاندارد ", Some("code"));
        check("Code", Some("code"));
        check("نام\u{200C}استاندارد", Some("title"));
        check("ساعت نظری:", Some("theory_hours"));
        check("جمع ساعت", Some("total_hours"));
        check("حداقل تحصیلات", Some("entry_education"));
        check("گروه هدف", None);
        check("ردیف", None);
        check("", None);
    }

    #[test]
    fn education_synonyms_reach_the_list() {
        assert_eq!(education_synonym("فوق‌دیپلم"), Some("کاردانی"));
        assert_eq!(education_synonym("ليسانس"), Some("کارشناسی"));
        assert_eq!(education_synonym("دیپلم"), None);
    }

    #[test]
    fn lifecycle_paths_follow_the_allowed_moves() {
        use ReferralStatus as S;
        assert_eq!(
            lifecycle_path(S::Sent, S::Certified),
            Some(vec![S::Enrolled, S::AttendedFull, S::Passed, S::Certified])
        );
        assert_eq!(
            lifecycle_path(S::Waitlisted, S::NoShow),
            Some(vec![S::Enrolled, S::NoShow])
        );
        assert_eq!(lifecycle_path(S::Declined, S::Enrolled), None);
        assert_eq!(lifecycle_path(S::Certified, S::Certified), Some(vec![]));
    }

    #[test]
    fn feedback_words_map_to_statuses() {
        use ReferralStatus as S;
        assert_eq!(
            feedback_status("enrollment", "ثبت‌نام شد"),
            Some(S::Enrolled)
        );
        assert_eq!(
            feedback_status("enrollment", "لیست انتظار"),
            Some(S::Waitlisted)
        );
        assert_eq!(feedback_status("enrollment", "انصراف"), Some(S::Declined));
        assert_eq!(feedback_status("attendance", "غیبت"), Some(S::NoShow));
        assert_eq!(
            feedback_status("attendance", "حضور ناقص"),
            Some(S::AttendedPartial)
        );
        assert_eq!(feedback_status("attendance", "کامل"), Some(S::AttendedFull));
        assert_eq!(feedback_status("result", "مردود"), Some(S::Failed));
        assert_eq!(feedback_status("result", "قبول"), Some(S::Passed));
        assert_eq!(feedback_status("result", "شاید"), None);
    }
}
