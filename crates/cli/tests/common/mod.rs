//! Fixtures shared by the test files; each file uses some of them.
#![allow(dead_code)]

use std::path::PathBuf;

/// A temporary folder, and the path of a database file `t.db` in it. The
/// folder goes when the first value is dropped.
pub fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    (dir, db)
}

/// A valid national code from nine chosen digits, with the check digit
/// worked out here, apart from the product's own.
pub fn national_code(first9: &str) -> String {
    let d: Vec<u32> = first9.bytes().map(|b| u32::from(b - b'0')).collect();
    let s: u32 = d
        .iter()
        .enumerate()
        .map(|(i, x)| x * (10 - i as u32))
        .sum::<u32>()
        % 11;
    format!("{first9}{}", if s < 2 { s } else { 11 - s })
}
