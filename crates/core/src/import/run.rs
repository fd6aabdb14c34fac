//! Running an import: one transaction (a savepoint for each row that may
//! write more than once, the people added by the others written in
//! batches), progress and cancellation, and the outcome.

use super::*;

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
    /// Columns chosen by a script, on top of the remembered or guessed
    /// mapping (`--map C=national_code`).
    #[serde(default)]
    pub map: Vec<MapChoice>,
    /// The clerk's splits of full names that could not be split with
    /// confidence.
    #[serde(default)]
    pub names: Vec<NameChoice>,
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
    /// The columns mapped from their values rather than their headers.
    pub guessed: Vec<ColumnGuess>,
    /// Full names split with the clerk's confirmation, or waiting for it.
    pub splits: Vec<NameSplit>,
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
            guessed: Vec::new(),
            splits: Vec::new(),
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
pub(super) enum Outcome {
    New,
    Updated,
    Unchanged,
}

/// The values of one row, by target key, with the column each came from.
pub(super) struct RowValues<'a> {
    /// Value and the index of its column in `headers`.
    values: HashMap<&'static str, (String, usize)>,
    headers: &'a [String],
    /// The formula errors in mapped columns: (target key, error as Excel
    /// shows it).
    pub(super) excel_errors: Vec<(&'static str, String)>,
}

impl RowValues<'_> {
    /// Whether the file has a column mapped to `key`.
    pub(super) fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    pub(super) fn get(&self, key: &str) -> Option<String> {
        self.values
            .get(key)
            .map(|(v, _)| v.clone())
            .filter(|v| !v.is_empty())
    }

    pub(super) fn column(&self, key: &str) -> String {
        self.values
            .get(key)
            .map(|(_, c)| self.headers.get(*c).cloned().unwrap_or_default())
            .unwrap_or_else(|| key.to_owned())
    }
}

pub(super) struct RowError {
    column: String,
    value: String,
    message: String,
}

impl RowError {
    pub(super) fn new(column: String, value: &str, message: String) -> RowError {
        RowError {
            column,
            value: value.to_owned(),
            message,
        }
    }
}

/// Field errors of a validated input, each named by the file's column.
pub(super) fn field_errors(values: &RowValues, errors: Vec<FieldError>) -> Vec<RowError> {
    errors
        .into_iter()
        .map(|e| RowError::new(values.column(e.field.key()), &e.value, e.to_string()))
        .collect()
}

pub(super) fn refused(values: &RowValues, key: &str, e: Error) -> Vec<RowError> {
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
///
/// One thread reads and unpacks the file and hands its rows over in
/// batches while this one cleans, checks and writes them, so progress (and
/// cancelling) counts from the first rows read: each row is a step when it
/// is read and a step when it is written.
pub fn run(
    db: &mut Db,
    path: &Path,
    req: &ImportRequest,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<ImportOutcome> {
    let source = open_source(path, req.sheet.as_deref())?;
    let sheet = source.sheet.clone();
    let ragged = source.ragged();
    let lists = Lists::load(db.conn())?;
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<Chunk>>(4);
        let reader = std::thread::Builder::new()
            .name("import-read".into())
            .spawn_scoped(scope, move || {
                let mut send = |chunk| sender.send(Ok(chunk)).is_ok();
                if let Err(e) = source.send_rows(path, &mut send) {
                    let _ = sender.send(Err(e));
                }
            })
            .map_err(|e| Error::Excel(e.to_string()))?;
        let mut feed = Feed {
            receiver,
            ended: false,
            read: 0,
            expected: 0,
            reported: 0,
        };
        if !feed.report(0, progress) {
            return Err(Error::Cancelled);
        }
        // Each pass is its own transaction; one that has to start again is
        // rolled back whole (a savepoint held over every row would make
        // SQLite's statement journal slower with each row).
        let mut rows: Rows = Vec::new();
        // The WAL the write leaves is copied into the file after it.
        let result = db.with_checkpoint_after(|db| loop {
            // The people it adds are indexed for search once, at the end.
            let attempt = db.write_if(|tx| {
                crate::db::people_in_bulk(tx, |tx| {
                    run_rows(
                        tx, path, &sheet, req, &lists, &mut feed, &mut rows, ragged, progress,
                    )
                })
            });
            match attempt {
                Ok(Some(out)) => break Ok(out),
                Ok(None) => continue,
                Err(e) => break Err(e),
            }
        });
        // The reader stops at its next batch once nobody receives: after a
        // cancel or an error it may still be in the middle of the sheet.
        drop(feed);
        if reader.join().is_err() {
            return Err(unreadable(path, "reading stopped"));
        }
        result
    })
}

/// The rows as the reading thread hands them over, and the progress made.
struct Feed {
    receiver: std::sync::mpsc::Receiver<Result<Chunk>>,
    /// The reader has sent its last row.
    ended: bool,
    /// Rows received so far.
    read: u64,
    /// Rows the sheet says it spans.
    expected: u64,
    /// The last step reported, so the bar never goes back.
    reported: u64,
}

impl Feed {
    /// Adds the next batch of rows to `rows` and reports the progress.
    /// `false` when the reader started the sheet again (`rows` is then
    /// emptied); at the end of the sheet, `ended` is set.
    fn pull(
        &mut self,
        rows: &mut Rows,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<bool> {
        let mut kept = true;
        loop {
            match self.receiver.recv() {
                Ok(Ok(Chunk::Expect(n))) => {
                    self.expected = n;
                    continue;
                }
                Ok(Ok(Chunk::Rows(mut batch))) => {
                    self.read += batch.len() as u64;
                    rows.append(&mut batch);
                }
                Ok(Ok(Chunk::Restart)) => {
                    self.read = 0;
                    rows.clear();
                    kept = false;
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => self.ended = true,
            }
            break;
        }
        if !self.report(0, progress) {
            return Err(Error::Cancelled);
        }
        Ok(kept)
    }

    /// Reports `written` rows written after the rows read; `false` when
    /// the clerk cancelled.
    fn report(&mut self, written: u64, progress: &mut dyn FnMut(Progress) -> bool) -> bool {
        let rows = if self.ended {
            self.read
        } else {
            self.expected.max(self.read + 1)
        };
        let total = 2 * rows;
        self.reported = self.reported.max(self.read + written).min(total);
        progress(Progress {
            done: self.reported,
            total,
        })
    }
}

/// The mapping in force for a file, and what the outcome says of it.
struct Resolved {
    key: String,
    mapping: Vec<ColumnMap>,
    guessed: Vec<ColumnGuess>,
}

/// The clerk's, the remembered or the guessed mapping, with the script's
/// choices on top; refused when a field has no column or two columns claim
/// one field and nobody chose.
fn resolve_mapping(tx: &Transaction, req: &ImportRequest, f: &Framed) -> Result<Resolved> {
    let key = layout_key(req.kind, &f.headers);
    let remembered = match &req.mapping {
        Some(_) => None,
        None => remembered_mapping(tx, req.kind, &key)?,
    };
    let from_memory = remembered.is_some();
    let (mut mapping, conflicts) = match (&req.mapping, remembered) {
        (Some(m), _) => (m.clone(), Vec::new()),
        (None, Some(m)) => (m, Vec::new()),
        (None, None) => (f.guessed.mapping.clone(), f.guessed.conflicts.clone()),
    };
    check_fields(req.kind, &mapping)?;
    let chosen = apply_choices(req.kind, &f.headers, &mut mapping, &req.map)?;
    let open: Vec<&MappingConflict> = conflicts
        .iter()
        .filter(|c| !chosen.contains(&c.target))
        .collect();
    if !open.is_empty() {
        return Err(conflict_error(&open));
    }
    check_mapping(req.kind, &mapping, &f.headers)?;
    // The columns mapped from their values, unless the clerk's mapping of
    // an earlier file or a script's choice put them there.
    let guessed: Vec<ColumnGuess> = if from_memory {
        Vec::new()
    } else {
        f.guessed
            .guesses
            .iter()
            .filter(|g| {
                g.source == "content"
                    && !chosen.contains(&g.target)
                    && mapping
                        .iter()
                        .any(|m| m.target == g.target && m.column == Some(g.column))
            })
            .cloned()
            .collect()
    };
    Ok(Resolved {
        key,
        mapping,
        guessed,
    })
}

/// Rows read before the header is looked for: enough for the header search
/// and for the samples the columns are guessed from.
const HEAD_ROWS: usize = HEADER_SEARCH_ROWS + SAMPLE_ROWS;

/// How a pass over the rows ended.
enum Pass {
    /// The outcome, and the key the mapping is remembered by.
    Done(Box<ImportOutcome>, String),
    /// Start again from the rows kept.
    Again,
}

#[allow(clippy::too_many_arguments)]
fn run_rows(
    tx: &Transaction,
    path: &Path,
    sheet: &str,
    req: &ImportRequest,
    lists: &Lists,
    feed: &mut Feed,
    rows: &mut Rows,
    ragged: bool,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<(Option<ImportOutcome>, bool)> {
    // The first rows: the header is found among them, and the columns
    // guessed from the values below it. A file whose first rows are all
    // blank is read on, to tell an empty file from one without header.
    while !feed.ended
        && (rows.len() < HEAD_ROWS
            || rows
                .iter()
                .all(|(_, cells)| cells.iter().all(|c| c.text.trim().is_empty())))
    {
        feed.pull(rows, progress)?;
    }
    match pass(tx, path, req, lists, feed, rows, ragged, progress)? {
        Pass::Done(mut out, key) => {
            let total = 2 * feed.read;
            progress(Progress { done: total, total });
            out.sheet = sheet.to_owned();
            out.file = file_name(path);
            let commit = !req.dry_run && (out.rejected == 0 || req.accept_valid);
            if commit {
                remember_mapping(tx, &key, &out.mapping)?;
            }
            out.written = commit;
            Ok((Some(*out), commit))
        }
        Pass::Again => Ok((None, false)),
    }
}

/// One pass: finds the header in the rows read so far, then checks and
/// writes every row as it comes. Asks for another pass when the reader
/// starts the sheet again, or when a row comes wider than the header was
/// taken to be: every row is then read first, so that the header is as
/// wide as the sheet, as when the whole sheet is read at once.
#[allow(clippy::too_many_arguments)]
fn pass(
    tx: &Transaction,
    path: &Path,
    req: &ImportRequest,
    lists: &Lists,
    feed: &mut Feed,
    rows: &mut Rows,
    ragged: bool,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Pass> {
    let width = if ragged { 0 } else { pad_rows(rows, 0) };
    let table = Table {
        sheets: Vec::new(),
        sheet: String::new(),
        rows: std::mem::take(rows),
    };
    let mut f = frame_table(tx, req.kind, path, table, &req.map)?;
    let result = check_rows(tx, req, lists, feed, &mut f, width, ragged, progress);
    *rows = std::mem::take(&mut f.table.rows);
    result
}

#[allow(clippy::too_many_arguments)]
fn check_rows(
    tx: &Transaction,
    req: &ImportRequest,
    lists: &Lists,
    feed: &mut Feed,
    f: &mut Framed,
    width: usize,
    ragged: bool,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Pass> {
    let Resolved {
        key,
        mapping,
        guessed,
    } = resolve_mapping(tx, req, f)?;
    let header = f.header;
    let rows = &mut f.table.rows;
    let mut out = ImportOutcome {
        header_row: rows[header].0,
        mapping: mapping.clone(),
        guessed,
        ..ImportOutcome::new(req.kind, String::new())
    };
    let mut state = KindState {
        names: req.names.iter().map(|n| (n.row, n.clone())).collect(),
        ..KindState::default()
    };
    let strict = strict_rows(req.kind);
    let mut next = header + 1;
    let mut data_rows: u32 = 0;
    loop {
        while next < rows.len() {
            if !ragged && !feed.ended && rows[next].1.len() > width {
                while !feed.ended {
                    feed.pull(rows, progress)?;
                }
                return Ok(Pass::Again);
            }
            if data_rows.is_multiple_of(500) && !feed.report(u64::from(data_rows), progress) {
                return Err(Error::Cancelled);
            }
            data_rows += 1;
            let (row_no, cells) = &rows[next];
            check_row(
                tx, req, lists, &f.headers, &mapping, strict, *row_no, cells, &mut state, &mut out,
            )?;
            next += 1;
        }
        if feed.ended {
            break;
        }
        let before = rows.len();
        if !feed.pull(rows, progress)? || rows.len() < before {
            return Ok(Pass::Again);
        }
    }
    state.batch.write(tx)?;
    // Blank rows between the header and the last row were dropped when
    // reading; they are counted here.
    if let Some((last, _)) = rows.last() {
        out.skipped_empty += last
            .saturating_sub(out.header_row)
            .saturating_sub(data_rows);
    }
    out.splits = state.splits;
    Ok(Pass::Done(Box::new(out), key))
}

/// Cleans, checks and writes one row, and counts it in the outcome.
#[allow(clippy::too_many_arguments)]
fn check_row(
    tx: &Transaction,
    req: &ImportRequest,
    lists: &Lists,
    headers: &[String],
    mapping: &[ColumnMap],
    strict: bool,
    row_no: u32,
    cells: &[RawCell],
    state: &mut KindState,
    out: &mut ImportOutcome,
) -> Result<()> {
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
        return Ok(());
    }
    out.rows += 1;
    let mut cleaner = Cleaner {
        row: row_no,
        fixes: &mut out.fixes,
        fixes_total: &mut out.fixes_total,
    };
    let mut values = RowValues {
        values: HashMap::new(),
        headers,
        excel_errors: Vec::new(),
    };
    let mut list_errors = Vec::new();
    let empty = RawCell::default();
    for (target, map) in targets(req.kind).iter().zip(mapping) {
        let Some(col) = map.column else { continue };
        let header = headers.get(col as usize).map_or("", String::as_str);
        let cell = cells.get(col as usize).unwrap_or(&empty);
        let mut text = cleaner.clean(header, cell, target.code);
        if let Some(e) = &cell.error {
            values.excel_errors.push((target.key, e.clone()));
        }
        if let (Some(list), false) = (target.list, text.is_empty()) {
            match list_value(lists, list, target, header, &text, &mut cleaner) {
                Ok(value) => text = value,
                // Read as empty, so the rest of the row is still
                // checked and every problem of it named.
                Err(e) => {
                    list_errors.push(e);
                    text.clear();
                }
            }
        }
        values.values.insert(target.key, (text, col as usize));
    }

    // A row that may write more than once is its own savepoint: a rejected
    // row leaves nothing. A row that writes at most once needs none: every
    // check that can refuse it runs before its one statement, and a
    // statement that fails is undone by SQLite itself.
    let savepoint = !writes_at_most_once(req.kind, &values);
    // The people added before are written first when this row may write a
    // person of its own (their ids stay in the order of the rows), when it
    // is rolled back alone, or when it names one of them again.
    if savepoint
        || state
            .batch
            .holds_code(values.get("national_code").as_deref())
    {
        state.batch.write(tx)?;
    }
    if savepoint {
        tx.execute_batch("SAVEPOINT import_row")?;
    }
    let result = match (
        import_row(tx, req.kind, row_no, &values, state, &mut cleaner),
        list_errors.is_empty(),
    ) {
        (result, true) => result,
        (Ok(_), false) => Err(list_errors),
        // A value not in its list is said once, by the list.
        (Err(errors), false) => {
            let mut errors: Vec<RowError> = errors
                .into_iter()
                .filter(|e| list_errors.iter().all(|l| l.column != e.column))
                .collect();
            errors.append(&mut list_errors);
            Err(errors)
        }
    };
    if savepoint {
        match &result {
            Ok(_) => tx.execute_batch("RELEASE import_row")?,
            Err(_) => tx.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?,
        }
    }
    if state.batch.is_full() {
        state.batch.write(tx)?;
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
                    row: row_no,
                    outcome: name.to_owned(),
                    summary,
                });
            }
        }
        Err(errors) => {
            out.rejected += 1;
            for e in errors {
                out.problems.push(RowProblem {
                    row: row_no,
                    column: e.column,
                    value: e.value,
                    message: e.message,
                });
            }
        }
    }
    Ok(())
}

/// Whether a row writes at most one statement: a person row without a
/// cooperative or a role is one INSERT or one UPDATE of the person.
fn writes_at_most_once(kind: ImportKind, v: &RowValues) -> bool {
    kind == ImportKind::People && person_writes_once(v)
}

/// A value of a closed list as the form writes it, with a note when the
/// file wrote it another way; an unknown value names the nearest one.
fn list_value(
    lists: &Lists,
    list: ListKind,
    target: &Target,
    header: &str,
    text: &str,
    cleaner: &mut Cleaner,
) -> std::result::Result<String, RowError> {
    match lists.find(list, text) {
        Some(value) => {
            if search_key(&value) != search_key(text) {
                cleaner.note(header, text, format!("«{text}» همان «{value}» خوانده شد"));
            }
            Ok(value)
        }
        None => {
            let mut hint = lists
                .nearest(list, text)
                .map(|n| format!(" آیا منظور «{n}» است؟"))
                .unwrap_or_default();
            if let Some(values) = lists.values(list) {
                hint.push_str(&format!(" مقدارهای فهرست: {}.", values.join("، ")));
            }
            Err(RowError::new(
                header.to_owned(),
                text,
                format!(
                    "«{text}» در فهرست {} برای «{}» نیست.{hint}",
                    list.name(),
                    target.label
                ),
            ))
        }
    }
}

/// A mapping names the kind's fields, in their order.
fn check_fields(kind: ImportKind, mapping: &[ColumnMap]) -> Result<()> {
    let all = targets(kind);
    if mapping.len() != all.len() || mapping.iter().zip(all).any(|(m, t)| m.target != t.key) {
        return Err(Error::Refused(
            "نگاشت ستون‌ها با این نوع پرونده جور نیست؛ دوباره ستون‌ها را انتخاب کنید.".into(),
        ));
    }
    Ok(())
}

/// Every required field has a column of the file (or its stand-in has).
fn check_mapping(kind: ImportKind, mapping: &[ColumnMap], headers: &[String]) -> Result<()> {
    check_fields(kind, mapping)?;
    let all = targets(kind);
    let has = |key: &str| {
        mapping
            .iter()
            .any(|m| m.target == key && m.column.is_some_and(|c| (c as usize) < headers.len()))
    };
    let missing: Vec<&str> = all
        .iter()
        .filter(|t| t.required && !has(t.key) && t.or.is_none_or(|o| !has(o)))
        .map(|t| t.label)
        .collect();
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
pub(super) struct KindState {
    /// National code → (row, name key).
    pub(super) people: HashMap<String, (u32, String)>,
    /// National ID or name key → (row, name key).
    pub(super) orgs: HashMap<String, (u32, String)>,
    /// Standard code → the row it first came in.
    pub(super) courses: HashMap<String, u32>,
    /// The clerk's splits of full names, by row.
    pub(super) names: HashMap<u32, NameChoice>,
    /// Full names split with the clerk's word, or waiting for it.
    pub(super) splits: Vec<NameSplit>,
    /// People added by rows that write nothing else, not yet written.
    pub(super) batch: registry::PeopleBatch,
}

pub(super) type RowResult = std::result::Result<(Outcome, String), Vec<RowError>>;

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
