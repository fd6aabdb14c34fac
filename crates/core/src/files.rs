//! Files the clerk takes away: sheets, email drafts and backups, written so
//! that Windows, Excel and a USB stick cannot leave a half-written file.
//!
//! - Every file is written to a temporary file in the same folder, flushed,
//!   then renamed over its name; on failure the temporary file is removed.
//! - Windows refuses to replace a file that Excel (or Outlook) holds open.
//!   Then the file goes under the next free name, `round-03-1404-09 (2).xlsx`,
//!   as Explorer names copies, and [`Saved::busy`] says which name was taken.
//! - Names made from Persian words are made valid Windows names
//!   ([`safe_file_name`]), short enough for Excel to open them.
//! - An I/O failure is explained in Persian by what Windows or Linux said
//!   ([`io_reason`]): a read-only or full drive, a drive that was removed.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

/// A file written for the clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Saved {
    /// Where the file is.
    pub path: String,
    /// The name that was asked for, when a file of that name was open in
    /// another program and this one went under the next free name.
    pub busy: Option<String>,
}

impl Saved {
    /// A file written under the name asked for.
    pub fn new(path: impl AsRef<Path>) -> Saved {
        Saved::at(path.as_ref(), None)
    }

    fn at(path: &Path, busy: Option<&Path>) -> Saved {
        Saved {
            path: path.display().to_string(),
            busy: busy.map(|b| b.display().to_string()),
        }
    }

    pub fn path(&self) -> &Path {
        Path::new(&self.path)
    }

    /// The sentence that tells the clerk a file went under another name.
    pub fn notice(&self) -> Option<String> {
        let busy = self.busy.as_deref()?;
        Some(format!(
            "پرونده «{}» در برنامهٔ دیگری (مثلاً اکسل) باز است و جایگزین نشد؛ \
             پرونده تازه با نام «{}» ذخیره شد.",
            file_name_of(busy),
            file_name_of(&self.path)
        ))
    }
}

fn file_name_of(path: &str) -> String {
    // Split on both separators: a Windows path may be shown on Linux in tests.
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned()
}

/// The longest path Excel opens: it refuses paths over 218 characters,
/// fewer than the 260 of Windows itself.
pub const MAX_PATH_CHARS: usize = 218;

/// The longest file name kept, in UTF-16 units (NTFS allows 255).
const MAX_NAME_UNITS: usize = 120;

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM1", "COM2", "COM3", "COM4", "COM5",
    "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5",
    "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// A valid Windows file name from any text: the characters Windows forbids
/// (`\ / : * ? " < > |` and control characters) become `-`, bidi controls
/// go, spaces are folded, a trailing dot or space is dropped, a device name
/// such as `CON` gets a `_`, and the name is cut to 120 UTF-16 units with
/// its extension kept. ZWNJ stays: it is part of Persian spelling.
pub fn safe_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars() {
        match ch {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => out.push('-'),
            c if c.is_control() => out.push(' '),
            // Bidi embedding and override marks would make the shown name
            // differ from the stored one.
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    let folded = out.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>();
    let mut name = folded.join(" ");
    let (stem, ext) = split_ext(&name);
    let ext = ext.to_owned();
    let mut stem = stem.trim_end_matches(['.', ' ']).to_owned();
    if stem.is_empty() {
        stem = "file".to_owned();
    }
    let first = stem.split('.').next().unwrap_or(&stem).len();
    if RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(stem[..first].trim_end()))
    {
        stem.insert(first, '_');
    }
    let budget = MAX_NAME_UNITS.saturating_sub(utf16_len(&ext));
    stem = cut_to_units(&stem, budget)
        .trim_end_matches(['.', ' '])
        .to_owned();
    name = format!("{stem}{ext}");
    name.trim_end_matches(['.', ' ']).to_owned()
}

/// `round-03.xlsx` → (`round-03`, `.xlsx`); a name without a dot has no
/// extension.
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if !name[i + 1..].contains(' ') && name.len() - i <= 6 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn cut_to_units(s: &str, units: usize) -> &str {
    let mut used = 0;
    for (i, ch) in s.char_indices() {
        used += ch.len_utf16();
        if used > units {
            return &s[..i];
        }
    }
    s
}

/// Where a file named `name` goes in `dir`: the folder is made when
/// missing, the name made safe, and cut further when the whole path would
/// be longer than Excel opens.
pub fn target_in(dir: &Path, name: &str) -> Result<PathBuf> {
    let target = fit_in(dir, name)?;
    std::fs::create_dir_all(dir).map_err(|e| refusal("ساختن پوشه", dir, &e))?;
    Ok(target)
}

fn fit_in(dir: &Path, name: &str) -> Result<PathBuf> {
    let name = safe_file_name(name);
    let dir_units = utf16_len(&dir.display().to_string()) + 1;
    let room = MAX_PATH_CHARS.saturating_sub(dir_units);
    if utf16_len(&name) <= room {
        return Ok(dir.join(name));
    }
    let (stem, ext) = split_ext(&name);
    // A few letters of the name must remain, or the folder itself is the
    // problem.
    let keep = room.saturating_sub(utf16_len(ext));
    if keep < 8 {
        return Err(Error::Refused(format!(
            "نشانی پوشه «{}» بیش از اندازه بلند است و اکسل پرونده‌ای در آن را باز نمی‌کند؛ \
             پوشهٔ کوتاه‌تری برگزینید.",
            dir.display()
        )));
    }
    Ok(dir.join(format!("{}{ext}", cut_to_units(stem, keep).trim_end())))
}

/// The name Explorer gives the n-th copy: `name (n).ext`.
pub fn numbered(path: &Path, n: u32) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = split_ext(&name);
    path.with_file_name(format!("{stem} ({n}){ext}"))
}

/// Whether an error says another program holds the file: Windows's sharing
/// and lock violations, and the access refused when a file open without
/// delete sharing is to be replaced.
pub fn in_use(e: &std::io::Error) -> bool {
    cfg!(windows)
        && matches!(
            e.raw_os_error(),
            Some(win::ACCESS_DENIED | win::SHARING_VIOLATION | win::LOCK_VIOLATION)
        )
}

/// How many numbered names are tried before giving up.
const MAX_COPIES: u32 = 99;

/// Writes `bytes` to `path` atomically (a temporary file beside it, flushed,
/// then renamed). When `path` is held open by another program, the file goes
/// under the next free name instead. Nothing half-written is ever left.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<Saved> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => std::env::current_dir().map_err(|e| save_failed(path, &e))?,
    };
    if !dir.is_dir() {
        return Err(Error::Excel(format!(
            "پوشه «{}» پیدا نشد و پرونده «{}» ذخیره نشد.",
            dir.display(),
            path.display()
        )));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".taavon-").suffix(".tmp");
    // Temporary files are private by default; a saved sheet is an ordinary
    // document, so it gets the usual permissions (less the user's umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(|e| save_failed(path, &e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| save_failed(path, &e))?;
    // On every failure below the temporary file is removed when it drops.
    let mut tmp = match tmp.persist(path) {
        Ok(_) => return Ok(Saved::at(path, None)),
        Err(e) if in_use(&e.error) && path.is_file() => {
            tracing::warn!(error = %e.error, path = %path.display(), "file open elsewhere; saving under a new name");
            e.file
        }
        Err(e) => return Err(save_failed(path, &e.error)),
    };
    for n in 2..=MAX_COPIES {
        let candidate = numbered(path, n);
        match tmp.persist_noclobber(&candidate) {
            Ok(_) => return Ok(Saved::at(&candidate, Some(path))),
            Err(e) if candidate.exists() => tmp = e.file,
            Err(e) => return Err(save_failed(&candidate, &e.error)),
        }
    }
    Err(Error::Excel(format!(
        "پرونده «{}» و {} نسخهٔ شماره‌دار آن همه باز یا موجودند؛ چند پرونده را ببندید یا پاک کنید.",
        path.display(),
        MAX_COPIES - 1
    )))
}

/// Flushes a written file to the disk. Windows flushes only through a
/// handle opened for writing (`FlushFileBuffers` refuses a read-only one).
pub fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
}

/// Windows error codes (`GetLastError`) named in [`io_reason`].
mod win {
    pub const FILE_NOT_FOUND: i32 = 2;
    pub const PATH_NOT_FOUND: i32 = 3;
    pub const ACCESS_DENIED: i32 = 5;
    pub const INVALID_DRIVE: i32 = 15;
    pub const WRITE_PROTECT: i32 = 19;
    pub const NOT_READY: i32 = 21;
    pub const SHARING_VIOLATION: i32 = 32;
    pub const LOCK_VIOLATION: i32 = 33;
    pub const HANDLE_DISK_FULL: i32 = 39;
    pub const DISK_FULL: i32 = 112;
    pub const INVALID_NAME: i32 = 123;
    pub const BAD_PATHNAME: i32 = 161;
    pub const FILENAME_EXCED_RANGE: i32 = 206;
    pub const DEVICE_NOT_CONNECTED: i32 = 1167;
}

/// Linux error numbers named in [`io_reason`].
mod unix {
    pub const ENOENT: i32 = 2;
    pub const ENXIO: i32 = 6;
    pub const EACCES: i32 = 13;
    pub const ENODEV: i32 = 19;
    pub const ENOSPC: i32 = 28;
    pub const EROFS: i32 = 30;
    pub const ENAMETOOLONG: i32 = 36;
    pub const EDQUOT: i32 = 122;
}

// Why a file operation failed, as the clerk reads it.
const GONE: &str = "درایو یا فلش در دسترس نیست؛ شاید جدا شده است";
const FULL: &str = "دیسک پر است";
const READ_ONLY: &str = "دیسک یا فلش فقط‌خواندنی است یا قفل نوشتن دارد";
const DENIED: &str = "اجازهٔ نوشتن در آن پوشه نیست";
const MISSING: &str = "پوشه پیدا نشد";
const IN_USE: &str = "پرونده در برنامهٔ دیگری (مثلاً اکسل) باز است";
const TOO_LONG: &str = "نشانی پرونده بیش از اندازه بلند است";
const BAD_NAME: &str = "نام پرونده برای ویندوز مجاز نیست";
const OTHER: &str = "پوشه در دسترس نیست";

/// Why a file could not be read or written, in Persian, from what the
/// operating system said.
pub fn io_reason(e: &std::io::Error) -> &'static str {
    let code = e.raw_os_error();
    if cfg!(windows) {
        match code {
            Some(win::DISK_FULL | win::HANDLE_DISK_FULL) => FULL,
            Some(win::WRITE_PROTECT) => READ_ONLY,
            Some(win::ACCESS_DENIED) => DENIED,
            Some(win::INVALID_DRIVE | win::NOT_READY | win::DEVICE_NOT_CONNECTED) => GONE,
            Some(win::FILE_NOT_FOUND | win::PATH_NOT_FOUND) => MISSING,
            Some(win::SHARING_VIOLATION | win::LOCK_VIOLATION) => IN_USE,
            Some(win::FILENAME_EXCED_RANGE) => TOO_LONG,
            Some(win::INVALID_NAME | win::BAD_PATHNAME) => BAD_NAME,
            _ => OTHER,
        }
    } else {
        match code {
            Some(unix::ENOSPC | unix::EDQUOT) => FULL,
            Some(unix::EROFS) => READ_ONLY,
            Some(unix::EACCES) => DENIED,
            Some(unix::ENODEV | unix::ENXIO) => GONE,
            Some(unix::ENOENT) => MISSING,
            Some(unix::ENAMETOOLONG) => TOO_LONG,
            _ => match e.kind() {
                std::io::ErrorKind::PermissionDenied => DENIED,
                std::io::ErrorKind::NotFound => MISSING,
                _ => OTHER,
            },
        }
    }
}

/// Why an operation on `path` failed: a pulled-out drive first, since
/// Windows only says the path was not found; otherwise what the system said.
fn reason_for(path: &Path, e: &std::io::Error) -> &'static str {
    if drive_missing(path) {
        GONE
    } else {
        io_reason(e)
    }
}

/// A file that could not be saved: its name, why, and, where the clerk can
/// do something about it, what to do.
fn save_failed(path: &Path, e: &std::io::Error) -> Error {
    tracing::error!(error = %e, path = %path.display(), "saving a file failed");
    let reason = reason_for(path, e);
    let hint = if reason == DENIED || reason == IN_USE || reason == OTHER {
        " اگر پرونده در اکسل یا برنامهٔ دیگری باز است آن را ببندید و مطمئن شوید در آن پوشه \
         اجازهٔ نوشتن دارید؛ سپس دوباره بکوشید."
    } else {
        ""
    };
    Error::Excel(format!(
        "پرونده «{}» ذخیره نشد: {reason}.{hint}",
        path.display()
    ))
}

/// A refused file operation: what was being done, where, and why.
pub fn refusal(what: &str, path: &Path, e: &std::io::Error) -> Error {
    tracing::error!(error = %e, path = %path.display(), what, "file operation failed");
    Error::Refused(format!(
        "{what} در «{}» ممکن نشد: {}.",
        path.display(),
        reason_for(path, e)
    ))
}

/// Whether the path is on a drive letter that is not there (a USB stick
/// pulled out): Windows itself only says the path was not found.
fn drive_missing(path: &Path) -> bool {
    match path.components().next() {
        Some(std::path::Component::Prefix(p)) => {
            let mut root = p.as_os_str().to_owned();
            root.push("\\");
            !Path::new(&root).exists()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(safe_file_name(input), expect, "input: {input:?}");
    }

    #[test]
    fn names_from_persian_words_are_valid_windows_names() {
        // The Persian question mark is an ordinary letter to Windows.
        check(
            "نقشه راه: تعاونی «نگین»؟.xlsx",
            "نقشه راه- تعاونی «نگین»؟.xlsx",
        );
        check("آیا?.xlsx", "آیا-.xlsx");
        check("a/b\\c*d\"e<f>g|h.xlsx", "a-b-c-d-e-f-g-h.xlsx");
        check("فهرست اعضا. .xlsx", "فهرست اعضا.xlsx");
        check("گزارش ماهانه...", "گزارش ماهانه");
        check("  دو   فاصله\tو\nخط  .csv", "دو فاصله و خط.csv");
        check("CON.xlsx", "CON_.xlsx");
        check("con", "con_");
        check("lpt1.txt", "lpt1_.txt");
        check("Console.xlsx", "Console.xlsx");
        check("NUL.tar.gz", "NUL_.tar.gz");
        check("", "file");
        check(".xlsx", "file.xlsx");
        check("می\u{200C}خواهم\u{202E}.xlsx", "می\u{200C}خواهم.xlsx");
    }

    #[test]
    fn long_names_are_cut_keeping_the_extension() {
        let long = format!("{}.xlsx", "تعاونی ".repeat(60));
        let safe = safe_file_name(&long);
        assert!(safe.ends_with(".xlsx"), "{safe}");
        assert!(utf16_len(&safe) <= MAX_NAME_UNITS, "{}", utf16_len(&safe));
        assert!(!safe.trim_end_matches(".xlsx").ends_with(' '));
    }

    #[test]
    fn paths_longer_than_excel_opens_are_shortened_or_refused() {
        let root = tempfile::tempdir().unwrap();
        let deep = root.path().join("پوشه ".repeat(20).trim());
        let target = target_in(&deep, &format!("{}.xlsx", "الف".repeat(100))).unwrap();
        assert!(utf16_len(&target.display().to_string()) <= MAX_PATH_CHARS);
        assert!(target.starts_with(&deep));
        assert!(target.to_string_lossy().ends_with(".xlsx"));
        let too_deep = root.path().join("پوشهٔ بسیار بلند ".repeat(14).trim());
        let err = target_in(&too_deep, "round-03-1404-09.xlsx").unwrap_err();
        assert!(err.to_string().contains("بیش از اندازه بلند"), "{err}");
    }

    #[test]
    fn copies_are_numbered_as_explorer_does() {
        let p = Path::new("exports").join("round-03-1404-09.xlsx");
        assert_eq!(
            numbered(&p, 2),
            Path::new("exports").join("round-03-1404-09 (2).xlsx")
        );
        assert_eq!(
            numbered(Path::new("نقشه راه"), 3),
            Path::new("نقشه راه (3)")
        );
    }

    #[test]
    fn writing_replaces_the_old_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("گزارش.xlsx");
        std::fs::write(&path, b"old").unwrap();
        let saved = write_atomically(&path, b"new").unwrap();
        assert_eq!(saved, Saved::at(&path, None));
        assert_eq!(saved.notice(), None);
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn the_notice_names_both_files() {
        let saved = Saved {
            path: r"C:\Users\کارشناس\Documents\Taavon\round-03-1404-09 (2).xlsx".into(),
            busy: Some(r"C:\Users\کارشناس\Documents\Taavon\round-03-1404-09.xlsx".into()),
        };
        let notice = saved.notice().unwrap();
        assert!(
            notice.contains("«round-03-1404-09.xlsx» در برنامهٔ دیگری"),
            "{notice}"
        );
        assert!(
            notice.contains("«round-03-1404-09 (2).xlsx» ذخیره شد"),
            "{notice}"
        );
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("نیست").join("a.xlsx");
        let err = write_atomically(&path, b"x").unwrap_err();
        assert!(err.to_string().contains("پیدا نشد"), "{err}");
    }

    #[test]
    fn each_failure_of_the_drive_has_its_own_reason() {
        use std::io::Error as E;
        let reasons: Vec<&str> = if cfg!(windows) {
            [112, 19, 5, 21, 3, 32, 206, 123]
                .iter()
                .map(|c| io_reason(&E::from_raw_os_error(*c)))
                .collect()
        } else {
            [28, 30, 13, 19, 2, 11, 36, 22]
                .iter()
                .map(|c| io_reason(&E::from_raw_os_error(*c)))
                .collect()
        };
        assert_eq!(reasons[0], "دیسک پر است");
        assert!(reasons[1].contains("فقط‌خواندنی"));
        assert!(reasons[2].contains("اجازهٔ نوشتن"));
        assert!(reasons[3].contains("جدا شده"));
        assert_eq!(reasons[4], "پوشه پیدا نشد");
        if cfg!(windows) {
            assert!(reasons[5].contains("باز است"));
            assert!(reasons[6].contains("بلند"));
            assert!(reasons[7].contains("مجاز نیست"));
        }
        let mut distinct = reasons[..5].to_vec();
        distinct.dedup();
        assert_eq!(distinct.len(), 5);
    }
}
