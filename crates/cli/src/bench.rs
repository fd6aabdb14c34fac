//! `taavon bench`: speed and memory at Tehran scale, on a fresh database
//! file. The figures go to BENCHMARKS.md; no test asserts on time.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use serde::Serialize;
use taavon_core::db::Db;
use taavon_core::demo::{self, DemoConfig};
use taavon_core::registry::{self, OrgFilter, PageRequest};
use taavon_core::Result;

use crate::output::{Out, ProgressBar};

#[derive(Args)]
pub struct BenchArgs {
    #[arg(long, default_value_t = 20_000)]
    coops: u32,
    #[arg(long, default_value_t = 400_000)]
    people: u32,
    #[arg(long, default_value_t = 1404)]
    seed: u64,
    /// How many times each query runs.
    #[arg(long, default_value_t = 20)]
    repeat: u32,
    /// Keep the database file here instead of a temporary one.
    #[arg(long)]
    keep: Option<PathBuf>,
    /// People in the round whose sheet is exported.
    #[arg(long, default_value_t = 5_000)]
    sheet_rows: u32,
    /// Also write the exported sheet's rows and layout here as JSON, so
    /// bench/round_sheet.py can write the same workbook with Python.
    #[arg(long, value_name = "FILE.json")]
    sheet_json: Option<PathBuf>,
    /// Rows of the people list imported.
    #[arg(long, default_value_t = 100_000)]
    import_rows: u32,
    /// Keep the generated people list here, for bench/import_people.py.
    #[arg(long, value_name = "FILE.xlsx")]
    import_file: Option<PathBuf>,
    /// A Python with pandas and openpyxl (bench/requirements.txt): the same
    /// people list is then also read and checked by bench/import_people.py,
    /// right after the import, and both figures reported together.
    #[arg(long, value_name = "PYTHON")]
    python: Option<PathBuf>,
}

#[derive(Serialize)]
struct QueryTiming {
    what: String,
    query: String,
    results: u64,
    /// The search stopped counting: more than `results` match.
    capped: bool,
    median_ms: f64,
    /// 95th percentile (nearest rank).
    p95_ms: f64,
    max_ms: f64,
}

#[derive(Serialize)]
struct Report {
    coops: u32,
    people: u32,
    memberships: u64,
    need_lines: u64,
    demo_seconds: f64,
    database_mb: f64,
    open_ms: f64,
    /// The first person search: every person's place in Persian order read
    /// (again after any change), then the search.
    order_read_ms: f64,
    queries: Vec<QueryTiming>,
    report: ReportTimings,
    rounds: RoundTimings,
    import: ImportTimings,
    peak_rss_mb: Option<f64>,
}

#[derive(Serialize)]
struct ReportTimings {
    /// The default period, `مهر ۱۴۰۴ تا آذر ۱۴۰۵`.
    period: String,
    referred: i64,
    runs: u32,
    /// `report::figures` as the dashboard calls it (20 cooperatives in the
    /// needs table), median of `runs`.
    figures_median_ms: f64,
    figures_max_ms: f64,
    /// `export_report`: the figures with every cooperative, and the
    /// workbook with its charts written; median of 3.
    workbook_ms: f64,
    workbook_bytes: u64,
}

#[derive(Serialize)]
struct ImportTimings {
    rows: u32,
    file_mb: f64,
    preview_s: f64,
    import_s: f64,
    /// The checkpoint the import leaves to a thread of its own, after it:
    /// from the import's end until the WAL is in the database file.
    checkpoint_s: f64,
    added: u32,
    updated: u32,
    rejected: u32,
    fixes: u32,
    /// The floors of the import. calamine alone: every cell of the sheet
    /// read into memory, nothing cleaned.
    calamine_read_s: f64,
    /// SQLite alone: the rows the import added, inserted again under new
    /// codes, 64 to a prepared INSERT as the import writes them, in one
    /// transaction with every trigger and index of `person` (indexed for
    /// search and logged at the end, as the import is), then rolled back.
    sqlite_insert_s: f64,
    /// bench/import_people.py on the same file, in the same run.
    pandas: Option<PandasTimings>,
}

#[derive(Serialize)]
struct PandasTimings {
    version: String,
    read_s: f64,
    validate_s: f64,
    total_s: f64,
    rejected: u64,
    /// pandas' total over the import's time.
    import_faster: f64,
}

#[derive(Serialize)]
struct RoundTimings {
    /// Candidates in the pool: open nominees of approved need lines.
    candidates: u64,
    blocked: u64,
    /// Ranking the whole pool afresh, median of `repeat.min(5)`.
    rank_median_ms: f64,
    /// The same candidates asked again, the round unchanged: the ranked
    /// pool kept by `CandidatesCache`, median and max of `repeat`.
    rank_repeat_ms: f64,
    rank_repeat_max_ms: f64,
    /// A name typed into the candidates' search, the pool kept.
    rank_search_ms: f64,
    build_ms: f64,
    built: u32,
    sheet_rows: usize,
    /// Reading the round and writing the workbook, median of 3.
    export_ms: f64,
    /// Reading the round and its rows alone, median of 3.
    read_ms: f64,
    /// Writing the workbook from rows in memory, median of 3.
    write_ms: f64,
    sheet_bytes: u64,
    /// rust_xlsxwriter alone, the same cells without any layout, to
    /// memory; median of 3.
    library_ms: f64,
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 100.0).round() / 100.0
}

/// `title`, then a table of steps and their figures.
fn figures(md: &mut String, title: &str, rows: &[(&str, String)]) {
    md.push_str(title);
    md.push_str("| step | figure |\n|---|---|\n");
    for (step, figure) in rows {
        md.push_str(&format!("| {step} | {figure} |\n"));
    }
}

/// Peak resident memory of this process, from the kernel (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some((kb / 1024.0 * 10.0).round() / 10.0)
}

fn time<T>(repeat: u32, f: impl FnMut() -> Result<T>) -> Result<(T, f64, f64)> {
    let (last, median, _, max) = timed(repeat, f)?;
    Ok((last, median, max))
}

/// The last result of `repeat` runs, and their median, 95th percentile
/// (nearest rank) and maximum in ms.
fn timed<T>(repeat: u32, mut f: impl FnMut() -> Result<T>) -> Result<(T, f64, f64, f64)> {
    let mut times = Vec::with_capacity(repeat as usize);
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        last = Some(f()?);
        times.push(start.elapsed());
    }
    times.sort();
    let p95 = (times.len() * 95).div_ceil(100).max(1) - 1;
    Ok((
        last.expect("ran at least once"),
        ms(times[times.len() / 2]),
        ms(times[p95]),
        ms(*times.last().expect("non-empty")),
    ))
}

pub fn run(args: &BenchArgs, out: &mut Out) -> Result<()> {
    let path = match &args.keep {
        Some(p) => p.clone(),
        None => std::env::temp_dir().join(format!("taavon-bench-{}.db", std::process::id())),
    };
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }

    let mut db = Db::open(&path)?;
    let mut bar = ProgressBar::new("ساخت داده");
    let start = Instant::now();
    let summary = demo::generate(
        &mut db,
        &DemoConfig {
            coops: args.coops,
            people: args.people,
            seed: args.seed,
        },
        &mut |p| {
            bar.update(p.done, p.total);
            true
        },
    )?;
    let demo_seconds = (start.elapsed().as_secs_f64() * 10.0).round() / 10.0;
    bar.finish();
    db.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    drop(db);
    let database_mb = std::fs::metadata(&path)
        .map(|m| m.len() as f64 / 1_048_576.0)
        .unwrap_or(0.0);

    let start = Instant::now();
    let db = Db::open(&path)?;
    let open_ms = ms(start.elapsed());

    // A real code and mobile from the data, for exact look-ups.
    let (code, mobile): (String, String) = db.conn().query_row(
        "SELECT national_code, mobile FROM person WHERE mobile IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1000",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let page = PageRequest {
        page: 1,
        page_size: 50,
    };
    let mut queries = Vec::new();
    // What a clerk types, one keystroke at a time, then other kinds of query.
    let person_queries: Vec<String> = [
        "ع",
        "عل",
        "علی",
        "علی ر",
        "علی رض",
        "علی رضایی",
        "محمدی",
        "زهرا کریمی",
        "ژیان",
        "نیک\u{200C}نام",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        code[..4].to_string(),
        code.clone(),
        mobile[..6].to_string(),
        mobile.clone(),
        String::new(),
    ])
    .collect();
    // As the window searches: through the kept Persian order, read once
    // here (and again after any change to the data).
    let mut order = registry::PeopleOrder::default();
    let start = Instant::now();
    order.search(&db, "علی", page)?;
    let order_read_ms = ms(start.elapsed());
    for q in person_queries {
        let (result, median_ms, p95_ms, max_ms) =
            timed(args.repeat, || order.search(&db, &q, page))?;
        queries.push(QueryTiming {
            what: "person search".into(),
            query: q,
            results: result.total,
            capped: result.capped,
            median_ms,
            p95_ms,
            max_ms,
        });
    }
    let last_page = PageRequest {
        page: (summary.people / 50) as u32,
        page_size: 50,
    };
    let (result, median_ms, p95_ms, max_ms) = timed(args.repeat, || {
        registry::search_people(db.conn(), "", last_page)
    })?;
    queries.push(QueryTiming {
        what: "person list, last page".into(),
        query: String::new(),
        results: result.total,
        capped: result.capped,
        median_ms,
        p95_ms,
        max_ms,
    });
    for q in ["تعاونی", "فرش نگین", "اتحادیه", "101"] {
        let filter = OrgFilter {
            text: q.into(),
            ..Default::default()
        };
        let (result, median_ms, p95_ms, max_ms) = timed(args.repeat, || {
            registry::search_orgs(db.conn(), &filter, page)
        })?;
        queries.push(QueryTiming {
            what: "coop search".into(),
            query: q.into(),
            results: result.total,
            capped: result.capped,
            median_ms,
            p95_ms,
            max_ms,
        });
    }
    let code_parsed = taavon_core::ids::NationalCode::parse(&code)?;
    let (_, median_ms, p95_ms, max_ms) = timed(args.repeat, || {
        registry::person_detail(db.conn(), &code_parsed)
    })?;
    queries.push(QueryTiming {
        what: "person detail".into(),
        query: code.clone(),
        results: 1,
        capped: false,
        median_ms,
        p95_ms,
        max_ms,
    });

    let report = report_timings(&db, args)?;

    drop(db);
    let mut db = Db::open(&path)?;
    let rounds = round_timings(&mut db, args)?;
    let import = import_timings(&mut db, args)?;

    let report = Report {
        coops: args.coops,
        people: args.people,
        memberships: summary.memberships,
        need_lines: summary.need_lines,
        demo_seconds,
        database_mb: (database_mb * 10.0).round() / 10.0,
        open_ms,
        order_read_ms,
        queries,
        report,
        rounds,
        import,
        peak_rss_mb: peak_rss_mb(),
    };
    drop(db);
    if args.keep.is_none() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    let mut general = vec![
        (
            "generate demo data (one transaction)",
            format!("{} s", report.demo_seconds),
        ),
        (
            "database file after checkpoint",
            format!("{:.1} MB", report.database_mb),
        ),
        (
            "open the existing file (pragmas, version check)",
            format!("{} ms", report.open_ms),
        ),
        (
            "first person search: Persian order read, then `علی` (again after any change)",
            format!("{} ms", report.order_read_ms),
        ),
    ];
    if let Some(rss) = report.peak_rss_mb {
        general.push(("peak resident memory of the whole run", format!("{rss} MB")));
    }
    let mut md = String::new();
    figures(
        &mut md,
        &format!(
            "Data: {} cooperatives and unions, {} people, {} roles, {} need lines (seed {}).\n\n",
            report.coops, report.people, report.memberships, report.need_lines, args.seed
        ),
        &general,
    );
    md.push_str(&format!(
        "\nQueries, page of 50, {} runs each:\n\n",
        args.repeat
    ));
    md.push_str(
        "| what | query | matches | median ms | p95 ms | max ms |\n|---|---|---:|---:|---:|---:|\n",
    );
    for q in &report.queries {
        let matches = if q.capped {
            format!("> {}", q.results)
        } else {
            q.results.to_string()
        };
        md.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            q.what, q.query, matches, q.median_ms, q.p95_ms, q.max_ms
        ));
    }
    let p = &report.report;
    figures(
        &mut md,
        &format!(
            "\nThe monthly report for the default period ({}, {} referred):\n\n",
            p.period, p.referred
        ),
        &[
            (
                &format!("dashboard figures, core (median of {})", p.runs),
                format!("{} ms (max {} ms)", p.figures_median_ms, p.figures_max_ms),
            ),
            (
                "monthly report workbook with its charts (median of 3)",
                format!("{} ms, {} KB", p.workbook_ms, p.workbook_bytes / 1024),
            ),
        ],
    );
    let r = &report.rounds;
    figures(
        &mut md,
        &format!(
            "\nReferral rounds: a pool of {} candidates ({} more kept out by a rule):\n\n",
            r.candidates, r.blocked
        ),
        &[
            (
                &format!(
                    "rank the whole pool with explanations (median of {})",
                    args.repeat.min(5)
                ),
                format!("{} ms", r.rank_median_ms),
            ),
            (
                &format!(
                    "the same candidates asked again, the pool kept (median of {})",
                    args.repeat
                ),
                format!("{} ms (max {} ms)", r.rank_repeat_ms, r.rank_repeat_max_ms),
            ),
            (
                "a name searched among them, the pool kept",
                format!("{} ms", r.rank_search_ms),
            ),
            (
                &format!("build a round of {} people (one transaction)", r.built),
                format!("{} ms", r.build_ms),
            ),
            (
                &format!(
                    "export its TVTO sheet, {} rows, reading included (median of 3)",
                    r.sheet_rows
                ),
                format!("{} ms", r.export_ms),
            ),
            (
                "read the round and its rows alone (median of 3)",
                format!("{} ms", r.read_ms),
            ),
            (
                "write the same workbook from rows in memory (median of 3)",
                format!("{} ms, {} KB", r.write_ms, r.sheet_bytes / 1024),
            ),
            (
                "floor: rust_xlsxwriter alone, the same cells without layout, to memory (median of 3)",
                format!("{} ms", r.library_ms),
            ),
        ],
    );
    let i = &report.import;
    figures(
        &mut md,
        &format!(
            "\nImport of a people list: {} rows, {:.1} MB .xlsx, into the database above:\n\n",
            i.rows, i.file_mb
        ),
        &[
            (
                "preview: read, clean, validate, write and roll back",
                format!("{} s", i.preview_s),
            ),
            (
                "import with the valid rows accepted (one transaction)",
                format!("{} s", i.import_s),
            ),
            (
                "then the checkpoint, on a thread of its own (not in the import's time)",
                format!("{} s", i.checkpoint_s),
            ),
            (
                "rows added / updated / rejected; values cleaned",
                format!("{} / {} / {}; {}", i.added, i.updated, i.rejected, i.fixes),
            ),
            (
                "floor: calamine alone reading every cell of the sheet",
                format!("{} s", i.calamine_read_s),
            ),
            (
                "floor: SQLite alone inserting the added rows again (64 to an INSERT, every trigger and index, rolled back)",
                format!("{} s", i.sqlite_insert_s),
            ),
        ],
    );
    if let Some(p) = &i.pandas {
        md.push_str(&format!(
            "\nPython on the same file, same run (bench/import_people.py, pandas {}): \
             read {} s + checks {} s = {} s, writing nothing; {} rows rejected. \
             The import, validated and written, is {}× as fast.\n",
            p.version, p.read_s, p.validate_s, p.total_s, p.rejected, p.import_faster
        ));
    }
    out.bench(&report, &md)
}

/// A messy people list of `rows` rows: codes that lost their zeros (stored
/// as numbers), Persian digits, Arabic yeh, a bad checksum every hundred.
fn people_list(path: &std::path::Path, rows: u32) -> Result<()> {
    use taavon_core::xlsx::{Book, Cell, Column, ColumnKind, DocInfo, ExportOptions, SheetSpec};
    const COLUMNS: [Column; 6] = [
        Column::new("کد ملی", 13.0, ColumnKind::Text),
        Column::new("نام", 14.0, ColumnKind::Text),
        Column::new("نام خانوادگی", 18.0, ColumnKind::Text),
        Column::new("نام پدر", 14.0, ColumnKind::Text),
        Column::new("تاریخ تولد", 12.0, ColumnKind::Text),
        Column::new("تلفن همراه", 14.0, ColumnKind::Text),
    ];
    const FIRST: [&str; 8] = [
        "علی",
        "زهرا",
        "محمد",
        "فاطمه",
        "رضا",
        "مریم",
        "حسین",
        "سارا",
    ];
    const LAST: [&str; 8] = [
        "رضایی",
        "محمدی",
        "کریمی",
        "احمدی",
        "نوری",
        "کاظمی",
        "حسینی",
        "جعفری",
    ];
    let mut cells = Vec::with_capacity(rows as usize);
    for i in 0..rows {
        let first9 = format!("{:09}", 1_000_001 + u64::from(i) * 7);
        let d: Vec<u32> = first9.bytes().map(|b| u32::from(b - b'0')).collect();
        let mut check = taavon_core::ids::national_code_check_digit(&d);
        if i % 100 == 99 {
            check = (check + 1) % 10;
        }
        let code = format!("{first9}{check}");
        let code_cell = if i % 10 == 0 {
            Cell::Number(code.parse::<f64>().unwrap_or_default())
        } else {
            Cell::text(code)
        };
        let first = if i % 5 == 2 {
            FIRST[i as usize % 8].replace('ی', "ي")
        } else {
            FIRST[i as usize % 8].to_owned()
        };
        let mobile = format!("0912{:07}", i);
        let mobile = match i % 7 {
            0 => format!("+98 {}", &mobile[1..]),
            1 => taavon_core::text::to_persian_digits(&mobile),
            _ => mobile,
        };
        cells.push(vec![
            code_cell,
            Cell::text(first),
            Cell::text(LAST[(i as usize / 8) % 8]),
            Cell::text(FIRST[(i as usize / 3) % 8]),
            Cell::text(format!(
                "13{}/{:02}/{:02}",
                50 + i % 40,
                1 + i % 12,
                1 + i % 28
            )),
            Cell::text(mobile),
        ]);
    }
    let mut book = Book::new(&ExportOptions::default(), &DocInfo::default())?;
    book.add_sheet(
        &SheetSpec {
            name: "اعضا",
            title: "فهرست اعضا",
            subtitle: "",
            columns: &COLUMNS,
        },
        &cells,
    )?;
    book.save(path).map(|_| ())
}

fn import_timings(db: &mut Db, args: &BenchArgs) -> Result<ImportTimings> {
    use taavon_core::import::{self, ImportRequest};
    use taavon_core::model::ImportKind;

    let dir = tempfile_dir();
    let path = args
        .import_file
        .clone()
        .unwrap_or_else(|| dir.join("people.xlsx"));
    people_list(&path, args.import_rows)?;
    let file_mb = std::fs::metadata(&path)
        .map(|m| m.len() as f64 / 1_048_576.0)
        .unwrap_or(0.0);
    let mut req = ImportRequest {
        kind: ImportKind::People,
        dry_run: true,
        ..Default::default()
    };
    let mut bar = ProgressBar::new("پیش‌نمایش ورود");
    let start = Instant::now();
    import::run(db, &path, &req, &mut |p| {
        bar.update(p.done, p.total);
        true
    })?;
    let preview_s = (start.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    bar.finish();
    req.dry_run = false;
    req.accept_valid = true;
    let mut bar = ProgressBar::new("ورود");
    let before: i64 = db
        .conn()
        .query_row("SELECT coalesce(max(id), 0) FROM person", [], |r| r.get(0))?;
    let start = Instant::now();
    let out = import::run(db, &path, &req, &mut |p| {
        bar.update(p.done, p.total);
        true
    })?;
    let import_s = (start.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    bar.finish();
    // Waited for here, so that it does not run beside the floors below.
    db.wait_for_checkpoint();
    let checkpoint_s = seconds(start.elapsed()) - import_s;
    let checkpoint_s = (checkpoint_s * 100.0).round() / 100.0;
    let calamine_read_s = calamine_alone(&path)?;
    let sqlite_insert_s = sqlite_alone(db, before)?;
    let pandas = match &args.python {
        Some(python) => Some(pandas_timings(python, &path, import_s)?),
        None => None,
    };
    if args.import_file.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(ImportTimings {
        rows: out.rows,
        file_mb: (file_mb * 10.0).round() / 10.0,
        preview_s,
        import_s,
        checkpoint_s,
        added: out.added,
        updated: out.updated,
        rejected: out.rejected,
        fixes: out.fixes_total,
        calamine_read_s,
        sqlite_insert_s,
        pandas,
    })
}

fn seconds(d: Duration) -> f64 {
    (d.as_secs_f64() * 100.0).round() / 100.0
}

/// The import's floor for reading: calamine alone reads every cell of the
/// first sheet into memory.
fn calamine_alone(path: &std::path::Path) -> Result<f64> {
    use calamine::{Reader, Xlsx};
    let failed = |e: String| taavon_core::Error::Refused(format!("calamine: {e}"));
    let start = Instant::now();
    let mut book: Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| failed(e.to_string()))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| failed("no sheet".into()))?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| failed(e.to_string()))?;
    let cells = range.used_cells().count();
    let elapsed = start.elapsed();
    if cells == 0 {
        return Err(failed("an empty sheet".into()));
    }
    Ok(seconds(elapsed))
}

/// The import's floor for writing: the people it added (ids past `before`)
/// inserted again as new people, one prepared INSERT each, in one
/// transaction with every trigger and index of `person`, then rolled back.
fn sqlite_alone(db: &mut Db, before: i64) -> Result<f64> {
    type Row = (
        String,
        String,
        String,
        Option<String>,
        String,
        Vec<u8>,
        Option<String>,
        Option<String>,
        String,
    );
    let conn = db.conn();
    let mut rows: Vec<Row> = conn
        .prepare(
            "SELECT national_code, first_name, last_name, father_name, search_key, sort_key,
                    birth_date, mobile, created_at
             FROM person WHERE id > ? ORDER BY id",
        )?
        .query_map([before], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // New codes: the first digit changed until the code is not on file.
    let mut taken: std::collections::HashSet<String> = conn
        .prepare("SELECT national_code FROM person")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for row in &mut rows {
        let rest = row.0[1..].to_owned();
        if let Some(code) = (0..10)
            .map(|d| format!("{d}{rest}"))
            .find(|c| !taken.contains(c))
        {
            taken.insert(code.clone());
            row.0 = code;
        }
    }
    let tx = db.conn().unchecked_transaction()?;
    let start = Instant::now();
    // Indexed for search at the end, as the import is.
    taavon_core::db::people_in_bulk(&tx, |tx| {
        let sql = |n: usize| {
            let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            format!(
                "INSERT INTO person (national_code, first_name, last_name, father_name, search_key,
                                     sort_key, birth_date, mobile, created_at, updated_at)
                 VALUES {}",
                vec![row; n].join(", ")
            )
        };
        let insert = |stmt: &mut rusqlite::Statement, part: &[Row]| -> rusqlite::Result<()> {
            let mut at = 1;
            for r in part {
                let values: [&dyn rusqlite::ToSql; 10] =
                    [&r.0, &r.1, &r.2, &r.3, &r.4, &r.5, &r.6, &r.7, &r.8, &r.8];
                for v in values {
                    stmt.raw_bind_parameter(at, v)?;
                    at += 1;
                }
            }
            stmt.raw_execute().map(|_| ())
        };
        let (mut full, mut one) = (tx.prepare(&sql(64))?, tx.prepare(&sql(1))?);
        for chunk in rows.chunks(64) {
            if chunk.len() == 64 {
                insert(&mut full, chunk)?;
            } else {
                for r in chunk {
                    insert(&mut one, std::slice::from_ref(r))?;
                }
            }
        }
        Ok(())
    })?;
    let elapsed = start.elapsed();
    tx.rollback()?;
    Ok(seconds(elapsed))
}

/// Runs bench/import_people.py on the people list and reads its figures.
fn pandas_timings(
    python: &std::path::Path,
    list: &std::path::Path,
    import_s: f64,
) -> Result<PandasTimings> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/import_people.py");
    let failed = |detail: String| {
        taavon_core::Error::Refused(format!("bench/import_people.py اجرا نشد: {detail}"))
    };
    let output = std::process::Command::new(python)
        .arg(script)
        .arg(list)
        .output()
        .map_err(|e| failed(e.to_string()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(failed(String::from_utf8_lossy(&output.stderr).into_owned()));
    }
    let field = |key: &str| -> Option<&str> {
        text.split_whitespace()
            .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
    };
    let seconds = |key: &str| -> Result<f64> {
        field(key)
            .and_then(|v| v.parse::<f64>().ok())
            .map(|ms| (ms / 10.0).round() / 100.0)
            .ok_or_else(|| failed(text.to_string()))
    };
    let total_s = seconds("total_ms")?;
    Ok(PandasTimings {
        version: field("pandas").unwrap_or_default().to_owned(),
        read_s: seconds("pandas_read_ms")?,
        validate_s: seconds("validate_ms")?,
        total_s,
        rejected: field("rejected")
            .and_then(|v| v.parse().ok())
            .unwrap_or_default(),
        import_faster: (total_s / import_s.max(0.01) * 10.0).round() / 10.0,
    })
}

/// The dashboard's figures and the monthly report's workbook, for the
/// default period (Mehr 1404 to this month).
fn report_timings(db: &Db, args: &BenchArgs) -> Result<ReportTimings> {
    use taavon_core::report::{self, PeriodInput};
    use taavon_core::xlsx;

    let period = PeriodInput::default().validate()?;
    let runs = args.repeat.clamp(3, 9);
    let (f, figures_median_ms, figures_max_ms) =
        time(runs, || report::figures(db.conn(), &period, Some(20)))?;
    let dir = tempfile_dir();
    let book = dir.join(xlsx::report_file_name(&period));
    let opts = xlsx::ExportOptions::default();
    let (_, workbook_ms, _) = time(3, || xlsx::export_report(db.conn(), &period, &book, &opts))?;
    let workbook_bytes = std::fs::metadata(&book).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(ReportTimings {
        period: f.label,
        referred: f.funnel.referred,
        runs,
        figures_median_ms,
        figures_max_ms,
        workbook_ms,
        workbook_bytes,
    })
}

/// A round for Azar 1405 with room for `sheet_rows` people, ranked, built,
/// locked and exported.
fn round_timings(db: &mut Db, args: &BenchArgs) -> Result<RoundTimings> {
    use taavon_core::model::RoundStatus;
    use taavon_core::rounds::{self, CandidateFilter, RoundInput, RoundMove};
    use taavon_core::xlsx;

    let round = db.write(|tx| {
        rounds::new_round(
            tx,
            &RoundInput {
                month: "1405/09".into(),
                capacity: Some(args.sheet_rows.to_string()),
                title: None,
            },
        )
    })?;
    let (list, rank_median_ms, _) = time(args.repeat.min(5), || {
        rounds::candidates(db.conn(), round.id, &CandidateFilter::default())
    })?;
    // As the window asks: the first query ranks and keeps the pool, the
    // next ones (another page, a search) only filter it.
    let mut cache = rounds::CandidatesCache::default();
    let first = cache.candidates(db, round.id, &CandidateFilter::default())?;
    if first != list {
        return Err(taavon_core::Error::Refused(
            "نامزدهای نگه‌داشته با رتبه‌بندی تازه یکی نیستند.".into(),
        ));
    }
    let (_, rank_repeat_ms, rank_repeat_max_ms) = time(args.repeat, || {
        cache.candidates(db, round.id, &CandidateFilter::default())
    })?;
    let search = CandidateFilter {
        text: "علی".into(),
        ..Default::default()
    };
    let (_, rank_search_ms, _) = time(args.repeat, || cache.candidates(db, round.id, &search))?;
    let start = Instant::now();
    let report = db.write(|tx| rounds::build_round(tx, round.id))?;
    let build_ms = ms(start.elapsed());
    db.write(|tx| {
        rounds::set_round_status(tx, round.id, RoundStatus::Locked, &RoundMove::default())
    })?;
    let dir = tempfile_dir();
    let sheet = dir.join(&report.round.file_name);
    let opts = xlsx::ExportOptions::default();
    let (_, export_ms, _) = time(3, || xlsx::export_round(db.conn(), round.id, &sheet, &opts))?;
    let ((view, rows), read_ms, _) = time(3, || {
        Ok((
            rounds::get_round(db.conn(), round.id)?,
            rounds::sheet_rows(db.conn(), round.id)?,
        ))
    })?;
    let (_, write_ms, _) = time(3, || xlsx::write_round_book(&view, &rows, &sheet, &opts))?;
    let (_, library_ms, _) = time(3, || library_alone(&rows))?;
    let sheet_bytes = std::fs::metadata(&sheet).map(|m| m.len()).unwrap_or(0);
    if let Some(json) = &args.sheet_json {
        std::fs::write(json, sheet_json(&view, &rows, &opts).to_string())?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(RoundTimings {
        candidates: list.eligible,
        blocked: list.blocked,
        rank_median_ms,
        rank_repeat_ms,
        rank_repeat_max_ms,
        rank_search_ms,
        build_ms,
        built: report.added,
        sheet_rows: rows.len(),
        export_ms,
        read_ms,
        write_ms,
        sheet_bytes,
        library_ms,
    })
}

/// The sheet's floor: rust_xlsxwriter alone writing the same cells of both
/// sheets to memory, without formats, widths, headers or page setup.
fn library_alone(rows: &[taavon_core::rounds::SheetRow]) -> Result<usize> {
    use taavon_core::xlsx::{self, Cell};
    let failed = |e: rust_xlsxwriter::XlsxError| taavon_core::Error::Excel(e.to_string());
    let (main, totals) = xlsx::round_sheet_rows(rows);
    let mut book = rust_xlsxwriter::Workbook::new();
    for cells in [&main, &totals] {
        let sheet = book.add_worksheet();
        for (r, row) in cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Text(t) => {
                        sheet.write_string(r, c, t.as_str()).map_err(failed)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(r, c, *n).map_err(failed)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
    }
    Ok(book.save_to_buffer().map_err(failed)?.len())
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("taavon-bench-sheet-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// The round's workbook as data, in the shape bench/round_sheet.py reads.
fn sheet_json(
    round: &taavon_core::rounds::RoundView,
    rows: &[taavon_core::rounds::SheetRow],
    opts: &taavon_core::xlsx::ExportOptions,
) -> serde_json::Value {
    use taavon_core::xlsx::{self, Cell, ColumnKind};
    let (main, totals) = xlsx::round_sheet_rows(rows);
    let info = xlsx::round_doc_info(round);
    let subtitle = xlsx::round_subtitle(round);
    let titles = [xlsx::ROUND_TITLE, xlsx::TOTALS_TITLE];
    let sheets: Vec<serde_json::Value> = xlsx::round_sheet_layout()
        .iter()
        .zip([&main, &totals])
        .zip(titles)
        .map(|(((name, columns), rows), title)| {
            serde_json::json!({
                "name": name,
                "title": title,
                "subtitle": subtitle,
                "columns": columns.iter().map(|c| serde_json::json!({
                    "header": c.header,
                    "width": c.width,
                    "kind": match c.kind {
                        ColumnKind::Text => "text",
                        ColumnKind::Code => "code",
                        ColumnKind::Date => "date",
                        ColumnKind::Number => "number",
                        ColumnKind::Percent => "percent",
                    },
                })).collect::<Vec<_>>(),
                "rows": rows.iter().map(|row| row.iter().map(|cell| match cell {
                    Cell::Text(t) => serde_json::json!(t),
                    Cell::Number(n) => serde_json::json!(n),
                    Cell::Empty => serde_json::Value::Null,
                }).collect::<Vec<_>>()).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({
        "office": opts.office,
        "title": xlsx::ROUND_TITLE,
        "subtitle": subtitle,
        "date": taavon_core::jalali::to_jalali(taavon_core::jalali::today()).to_ascii(),
        "font": opts.font,
        "doc": {
            "title": info.title,
            "subject": info.subject,
            "keywords": info.keywords,
            "comment": info.comment,
        },
        "sheets": sheets,
    })
}
