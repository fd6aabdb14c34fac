//! Power cuts, simulated: a real `taavon import` is killed (SIGKILL, no
//! chance to clean up) at a different moment each time, a hundred times.
//! After every kill the database must pass `PRAGMA integrity_check`, and
//! each batch (one file of people) must be wholly there or wholly absent.

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

mod common;
use common::national_code;

const BATCHES: u32 = 100;
const ROWS: u32 = 400;

/// A batch's last name: names may not hold digits, so the batch number is
/// spelled with letters.
fn tag(batch: u32) -> String {
    let letters: Vec<char> = "ابپتثجچحخد".chars().collect();
    let word: String = batch
        .to_string()
        .bytes()
        .map(|b| letters[usize::from(b - b'0')])
        .collect();
    format!("دسته{word}")
}

fn batch_file(dir: &Path, batch: u32) -> std::path::PathBuf {
    let mut text = String::from("کد ملی,نام,نام خانوادگی\n");
    for i in 0..ROWS {
        let first9 = 1_234_567 + u64::from(batch) * 10_000 + u64::from(i);
        text.push_str(&format!(
            "{},سارا,{}\n",
            national_code(&format!("{first9:09}")),
            tag(batch)
        ));
    }
    let path = dir.join(format!("batch-{batch}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// `taavon import people` of `file` into `db`.
fn import(db: &Path, file: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_taavon"));
    command
        .arg("--db")
        .arg(db)
        .args(["import", "people"])
        .arg(file)
        .env_remove("TAAVON_DB");
    command
}

#[test]
fn killed_imports_leave_every_batch_whole_or_absent() {
    let (dir, db) = common::scratch();
    // Time one import to spread the kills over its whole run.
    let probe = batch_file(dir.path(), BATCHES);
    let start = std::time::Instant::now();
    let out = import(&db, &probe).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One timing can be long (a busy machine, a cold cache): a run that
    // ends before its kill narrows the span for the next ones.
    let mut span = (start.elapsed().as_millis() as u64).max(20) * 5 / 4;

    let mut rng = Lcg(0x7461_6176);
    let mut killed = 0;
    for batch in 0..BATCHES {
        let file = batch_file(dir.path(), batch);
        let mut child = import(&db, &file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.next(span)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        } else {
            span = (span * 3 / 4).max(20);
        }
        child.wait().unwrap();

        let conn = rusqlite::Connection::open(&db).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "after batch {batch}");
        let present: u32 = conn
            .query_row(
                "SELECT count(*) FROM person WHERE last_name = ?1",
                [tag(batch)],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            present == 0 || present == ROWS,
            "batch {batch}: {present} of {ROWS} people, half a batch"
        );
        let logged: u32 = conn
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity = 'person' AND new_values LIKE ?1",
                [format!("%\"{}\"%", tag(batch))],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            logged, present,
            "batch {batch}: the audit log matches the data"
        );
    }
    // The kills landed at many moments: some before, some during the import.
    assert!(
        killed >= BATCHES / 4,
        "only {killed} of {BATCHES} runs were killed"
    );
}
