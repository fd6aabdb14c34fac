//! Reading a file into rows of text: .xlsx, .xls, .ods or .csv, within the
//! size, row and zip-bomb limits.

use super::*;

/// A cell as read, with what reading it changed.
#[derive(Debug, Clone, Default)]
pub(super) struct RawCell {
    pub(super) text: String,
    /// The file stored a number: a code in it may have lost zeros.
    pub(super) number: bool,
    /// The file stored a date, now Jalali text.
    pub(super) date: bool,
    /// The file stored a formula error (`#REF!`, `#N/A`): no value.
    pub(super) error: Option<String>,
}

pub(super) struct Table {
    pub(super) sheets: Vec<String>,
    pub(super) sheet: String,
    /// (row number as the file shows it, cells).
    pub(super) rows: Vec<(u32, Vec<RawCell>)>,
}

/// Files larger than this are refused before reading: a year of lists is a
/// few megabytes, and a huge file is more likely a mistake (or hostile).
const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

pub(super) fn unreadable(path: &Path, detail: &str) -> Error {
    tracing::warn!(path = %path.display(), detail, "import file could not be read");
    Error::Excel(format!(
        "پرونده «{}» خوانده نشد. باید پرونده اکسل (xlsx یا xls)، ods یا csv باشد و آسیب ندیده باشد.",
        file_name(path)
    ))
}

pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// One batch of rows, as the file numbers them, each cut after its last
/// cell with a value.
pub(super) type Rows = Vec<(u32, Vec<RawCell>)>;

/// Rows sent at once from the thread that reads a file.
pub(super) const BATCH_ROWS: usize = 500;

/// What the reading of a sheet yields, in order.
pub(super) enum Chunk {
    /// Rows the sheet says it spans (the .xlsx `dimension`, or the whole
    /// range once read), for progress; blank rows among them are not sent.
    Expect(u64),
    Rows(Rows),
    /// The rows sent so far are void: the sheet's cells were not stored row
    /// after row, so it is read again as a whole and sent from its start.
    Restart,
}

/// A file opened for reading, its sheet chosen.
pub(super) struct Source {
    pub(super) sheets: Vec<String>,
    pub(super) sheet: String,
    book: Book,
}

impl Source {
    /// A CSV's rows keep each its own number of fields; a sheet's rows are
    /// as wide as its widest.
    pub(super) fn ragged(&self) -> bool {
        matches!(self.book, Book::Rows(_))
    }
}

enum Book {
    /// A CSV file, read whole when opened (it is plain text, read fast).
    Rows(Rows),
    Sheets(Box<calamine::Sheets<std::io::BufReader<std::fs::File>>>),
}

/// Checks the file's size and packing and opens it, choosing the sheet; its
/// rows are then read by [`Source::send_rows`].
pub(super) fn open_source(path: &Path, sheet: Option<&str>) -> Result<Source> {
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
        let name = file_name(path);
        return Ok(Source {
            sheets: vec![name.clone()],
            sheet: name,
            book: Book::Rows(read_csv(path)?),
        });
    }
    check_archive(path)?;
    let workbook =
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
    Ok(Source {
        sheets,
        sheet: name,
        book: Book::Sheets(Box::new(workbook)),
    })
}

/// Collects the rows of one sheet into batches for `send`, skipping blank
/// rows and counting against [`MAX_ROWS`].
struct Batcher<'a> {
    path: &'a Path,
    send: &'a mut dyn FnMut(Chunk) -> bool,
    batch: Rows,
    kept: usize,
    /// `send` answered `false`: nobody reads the rows any more.
    stopped: bool,
}

impl Batcher<'_> {
    /// A row, cut after its last cell with a value (none: a blank row).
    fn push(&mut self, row_no: u32, cells: Vec<RawCell>) -> Result<()> {
        // Blank rows are not kept: a sheet formatted down to row 1,048,576
        // costs nothing.
        if cells.is_empty() {
            return Ok(());
        }
        if self.kept >= MAX_ROWS {
            return Err(too_many_rows(self.path));
        }
        self.kept += 1;
        self.batch.push((row_no, cells));
        if self.batch.len() >= BATCH_ROWS {
            self.flush();
        }
        Ok(())
    }

    fn flush(&mut self) {
        if !self.batch.is_empty() && !self.stopped {
            let rows = std::mem::take(&mut self.batch);
            self.stopped = !(self.send)(Chunk::Rows(rows));
        }
    }

    fn chunk(&mut self, chunk: Chunk) {
        if !self.stopped {
            self.stopped = !(self.send)(chunk);
        }
    }
}

impl Source {
    /// Reads the sheet's rows and hands them to `send` in batches as they
    /// are read; stops early when `send` answers `false`. An .xlsx is read
    /// cell by cell as it is unpacked, so the first rows go out at once.
    pub(super) fn send_rows(self, path: &Path, send: &mut dyn FnMut(Chunk) -> bool) -> Result<()> {
        let mut out = Batcher {
            path,
            send,
            batch: Vec::new(),
            kept: 0,
            stopped: false,
        };
        let mut workbook = match self.book {
            Book::Rows(rows) => {
                out.chunk(Chunk::Expect(rows.len() as u64));
                for (row_no, cells) in rows {
                    out.push(row_no, cells)?;
                }
                out.flush();
                return Ok(());
            }
            Book::Sheets(workbook) => *workbook,
        };
        if let calamine::Sheets::Xlsx(xlsx) = &mut workbook {
            if stream_xlsx(xlsx, &self.sheet, &mut out)? {
                return Ok(());
            }
            out.batch.clear();
            out.kept = 0;
            out.chunk(Chunk::Restart);
        }
        let range = workbook
            .worksheet_range(&self.sheet)
            .map_err(|e| unreadable(path, &e.to_string()))?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        out.chunk(Chunk::Expect(range.height() as u64));
        for (i, cells) in range.rows().enumerate() {
            if out.stopped {
                return Ok(());
            }
            let Some(last) = cells.iter().rposition(|c| !matches!(c, Data::Empty)) else {
                continue;
            };
            let mut row: Vec<RawCell> = vec![RawCell::default(); first_col as usize];
            row.extend(cells[..=last].iter().map(raw_cell));
            out.push(first_row + i as u32 + 1, row)?;
        }
        out.flush();
        Ok(())
    }
}

/// Streams an .xlsx sheet row by row. `false` when its cells were not
/// stored row after row (then it is to be read as a whole range).
fn stream_xlsx(
    xlsx: &mut calamine::Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    out: &mut Batcher,
) -> Result<bool> {
    let path = out.path;
    let mut cells = match xlsx.worksheet_cells_reader(sheet) {
        Ok(reader) => reader,
        // A chart sheet: no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(true),
        Err(e) => return Err(unreadable(path, &e.to_string())),
    };
    let dim = cells.dimensions();
    out.chunk(Chunk::Expect(
        u64::from(dim.end.0.saturating_sub(dim.start.0)) + 1,
    ));
    let mut row_no: Option<u32> = None;
    let mut row: Vec<RawCell> = Vec::new();
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| unreadable(path, &e.to_string()))?
    {
        if out.stopped {
            return Ok(true);
        }
        let value = cell.get_value();
        if matches!(value, calamine::DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        match row_no {
            Some(current) if r < current => return Ok(false),
            Some(current) if r > current => {
                out.push(current + 1, std::mem::take(&mut row))?;
                row_no = Some(r);
            }
            Some(_) => {}
            None => row_no = Some(r),
        }
        let c = c as usize;
        if row.len() <= c {
            row.resize_with(c + 1, RawCell::default);
        }
        row[c] = raw_cell(&Data::from(value.clone()));
    }
    if let Some(current) = row_no {
        out.push(current + 1, row)?;
    }
    out.flush();
    Ok(true)
}

/// Reads a whole sheet, every row as wide as the widest (as a range of
/// cells is).
pub(super) fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let source = open_source(path, sheet)?;
    let (sheets, sheet, ragged) = (source.sheets.clone(), source.sheet.clone(), source.ragged());
    let mut rows: Rows = Vec::new();
    source.send_rows(path, &mut |chunk| {
        match chunk {
            Chunk::Rows(mut batch) => rows.append(&mut batch),
            Chunk::Restart => rows.clear(),
            Chunk::Expect(_) => {}
        }
        true
    })?;
    if !ragged {
        pad_rows(&mut rows, 0);
    }
    Ok(Table {
        sheets,
        sheet,
        rows,
    })
}

/// Widens every row to the widest of them and at least `width`; returns the
/// width.
pub(super) fn pad_rows(rows: &mut Rows, width: usize) -> usize {
    let width = rows.iter().map(|(_, c)| c.len()).fold(width, usize::max);
    for (_, cells) in rows.iter_mut() {
        cells.resize_with(width, RawCell::default);
    }
    width
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
pub(super) fn integral_text(f: f64) -> Option<String> {
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

fn read_csv(path: &Path) -> Result<Rows> {
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
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
