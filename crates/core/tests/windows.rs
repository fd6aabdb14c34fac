//! How the app behaves on the clerk's Windows PC. These tests run only as
//! Windows programs: natively on Windows, and under Wine in `cargo xtask
//! test` (see RELIABILITY.md for the cases Wine cannot show).
//!
//! - A file Excel holds open is never replaced: the export goes under the
//!   next free name, and the open file is left as it was.
//! - Persian letters and spaces in every folder, and folders on another drive.
//! - The data folder and the exports folder come from Windows's known
//!   folders, so a Documents folder redirected to OneDrive is followed.
//! - Backups to a USB stick and back; a stick that was pulled out.
#![cfg(windows)]

use std::fs::File;
use std::os::windows::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use taavon_core::audit::AuditFilter;
use taavon_core::backup;
use taavon_core::db::{self, Db};
use taavon_core::demo::{self, DemoConfig};
use taavon_core::files::{self, Saved};
use taavon_core::import::{self, ImportRequest};
use taavon_core::model::{ImportKind, RoundStatus};
use taavon_core::rounds;
use taavon_core::settings;
use taavon_core::xlsx::{self, ExportOptions};
use windows_sys::core::GUID;
use windows_sys::Win32::System::Com::CoTaskMemFree;
use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};
use windows_sys::Win32::UI::Shell::{
    FOLDERID_Documents, FOLDERID_RoamingAppData, SHGetKnownFolderPath, SHSetKnownFolderPath,
    KF_FLAG_DONT_VERIFY,
};

/// Other programs may read the file, not write, rename or delete it: how
/// Excel opens a workbook, and Outlook a message.
const FILE_SHARE_READ: u32 = 1;

fn open_as_excel_does(path: &Path) -> File {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(FILE_SHARE_READ)
        .open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fills a database with sample cooperatives, people and sent rounds.
fn fill(db: &mut Db, coops: u32, people: u32) {
    let cfg = DemoConfig {
        coops,
        people,
        seed: 1404,
    };
    demo::generate(db, &cfg, &mut |_| true).unwrap();
}

fn sample_db() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    fill(&mut db, 60, 900);
    db
}

fn people(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
        .unwrap()
}

fn sent_round(db: &Db) -> rounds::RoundView {
    rounds::list_rounds(db.conn())
        .unwrap()
        .into_iter()
        .find(|r| r.status != RoundStatus::Draft)
        .expect("the sample data has sent rounds")
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// Saves once, then again while the first file is held open, then a third
/// time while both are: each time the open file is untouched and the new
/// one takes the next number.
fn check_open_file_is_not_replaced(what: &str, save: impl Fn() -> Saved) {
    let first = save();
    assert_eq!(first.busy, None, "{what}");
    let before = std::fs::read(first.path()).unwrap();
    let held = open_as_excel_does(first.path());

    let second = save();
    assert_eq!(second.busy.as_deref(), Some(first.path.as_str()), "{what}");
    assert_eq!(second.path(), files::numbered(first.path(), 2), "{what}");
    let notice = second.notice().unwrap();
    assert!(notice.contains("در برنامهٔ دیگری"), "{what}: {notice}");
    assert!(notice.contains(" (2)."), "{what}: {notice}");
    drop(held);
    assert_eq!(
        std::fs::read(first.path()).unwrap(),
        before,
        "{what}: the open file changed"
    );

    let held = [
        open_as_excel_does(first.path()),
        open_as_excel_does(second.path()),
    ];
    let third = save();
    assert_eq!(third.path(), files::numbered(first.path(), 3), "{what}");
    drop(held);
    assert_eq!(
        leftovers(first.path().parent().unwrap()),
        Vec::<String>::new(),
        "{what}: a temporary file was left"
    );

    // Once Excel lets go, the file is replaced under its own name again.
    assert_eq!(save().busy, None, "{what}");
}

fn assert_workbook(path: &Path) {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).unwrap();
    assert!(book.worksheet_range_at(0).unwrap().unwrap().height() > 1);
}

#[test]
fn exports_over_a_file_open_in_excel_go_under_the_next_free_name() {
    let mut db = sample_db();
    let dir = tempfile::Builder::new().prefix("خروجی ").tempdir().unwrap();
    let opts = ExportOptions::default();
    let round = sent_round(&db);

    let sheet = dir.path().join(&round.file_name);
    check_open_file_is_not_replaced("the TVTO sheet", || {
        xlsx::export_round(db.conn(), round.id, &sheet, &opts)
            .unwrap()
            .1
    });
    assert_workbook(&files::numbered(&sheet, 2));

    let mut s = settings::get(db.conn()).unwrap();
    s.tvto_email = "tehran@tvto.ir".into();
    db.write(|tx| settings::save(tx, &s)).unwrap();
    check_open_file_is_not_replaced("the email draft", || {
        taavon_core::mail::prepare_email(db.conn(), round.id, &sheet).unwrap()
    });

    let org: i64 = db
        .conn()
        .query_row("SELECT organization_id FROM need_line LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let roadmap = dir.path().join("roadmap.xlsx");
    check_open_file_is_not_replaced("the roadmap", || {
        xlsx::export_roadmap(db.conn(), org, &roadmap, &opts).unwrap()
    });
    assert_workbook(&files::numbered(&roadmap, 2));

    let audit = dir.path().join("audit.xlsx");
    check_open_file_is_not_replaced("the audit log", || {
        taavon_core::audit::export(db.conn(), &AuditFilter::default(), &audit, &opts)
            .unwrap()
            .1
    });

    let list = dir.path().join("فهرست اعضا.csv");
    std::fs::write(
        &list,
        "کد ملی,نام,نام خانوادگی\r\n0684159415,علی,رضایی\r\n0499370899,سارا,کاظمی\r\n",
    )
    .unwrap();
    let req = ImportRequest {
        kind: ImportKind::People,
        sheet: None,
        mapping: None,
        dry_run: true,
        accept_valid: false,
        ..Default::default()
    };
    let outcome = import::run(&mut db, &list, &req, &mut |_| true).unwrap();
    assert_eq!(outcome.rejected, 1);
    let errors = dir.path().join("errors-فهرست اعضا.xlsx");
    check_open_file_is_not_replaced("the error sheet", || {
        import::write_error_sheet(&outcome, &errors, &opts).unwrap()
    });
}

/// `C:\Users\کارشناس آموزش\…`: a user folder with Persian letters and a
/// space, as on the clerk's PC.
fn persian_home() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("کارشناس آموزش ")
        .tempdir()
        .unwrap()
}

#[test]
fn persian_folder_names_hold_the_database_backups_and_exports() {
    let home = persian_home();
    let data = home
        .path()
        .join(r"AppData\Roaming\Taavon\TaavonDesk\data\taavon.db");
    let exports = home.path().join(r"Documents\Taavon\خروجی‌ها");
    let mut db = Db::open(&data).unwrap();
    fill(&mut db, 20, 200);
    let round = sent_round(&db);
    let target = files::target_in(&exports, &round.file_name).unwrap();
    let (_, saved) =
        xlsx::export_round(db.conn(), round.id, &target, &ExportOptions::default()).unwrap();
    assert!(saved.path.contains("کارشناس آموزش"), "{}", saved.path);
    assert_workbook(saved.path());

    let backups = backup::default_dir(&data);
    let made = backup::create(db.conn(), &backups, backup::BackupKind::Manual).unwrap();
    assert!(made.path.contains(r"data\backups\taavon-"), "{}", made.path);
    let before = backup::inspect(Path::new(&made.path)).unwrap().people;
    // A change after the backup, which the restore takes back.
    let added = ["0499370899", "0790419904"].iter().any(|code| {
        let p = taavon_core::registry::PersonInput {
            national_code: (*code).into(),
            first_name: "سارا".into(),
            last_name: "نوری".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        db.write(|tx| taavon_core::registry::add_person(tx, &p))
            .is_ok()
    });
    assert!(added);
    assert_eq!(people(&db), before + 1);
    backup::restore(&mut db, Path::new(&made.path), &backups).unwrap();
    drop(db);
    let db = Db::open(&data).unwrap();
    assert_eq!(people(&db), before);
}

#[test]
fn export_names_made_of_persian_words_are_valid_windows_names() {
    let home = persian_home();
    let dir = home.path().join("خروجی");
    for asked in [
        "نقشه راه: تعاونی «نگین»؟.xlsx",
        "آیا?.xlsx",
        "خطاهای فهرست */اعضا|.xlsx",
        "CON.xlsx",
        "گزارش. .xlsx",
        &format!("{}.xlsx", "تعاونی تولیدی ".repeat(40)),
    ] {
        let path = files::target_in(&dir, asked).unwrap();
        let saved = files::write_atomically(&path, b"x").unwrap();
        assert!(saved.path().exists(), "{asked} -> {}", saved.path);
        let name = saved
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(!name.ends_with(['.', ' ']), "{name}");
        assert!(
            saved.path.encode_utf16().count() <= files::MAX_PATH_CHARS,
            "{}",
            saved.path
        );
        // Windows lists it under the very name it was given.
        let listed: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(listed.contains(&name), "{name} not in {listed:?}");
    }
}

fn wide(path: &Path) -> Vec<u16> {
    use std::os::windows::ffi::OsStrExt;
    path.as_os_str().encode_wide().chain(Some(0)).collect()
}

/// Where Windows says a known folder is, as `directories` asks it.
fn known_folder(id: &GUID) -> PathBuf {
    let mut raw: windows_sys::core::PWSTR = std::ptr::null_mut();
    // SAFETY: `raw` receives a NUL-terminated string the shell allocated,
    // read here and then freed with CoTaskMemFree.
    unsafe {
        let hr = SHGetKnownFolderPath(
            id,
            KF_FLAG_DONT_VERIFY as u32,
            std::ptr::null_mut(),
            &mut raw,
        );
        assert_eq!(hr, 0, "SHGetKnownFolderPath failed: {hr:#x}");
        let len = (0..).take_while(|&i| *raw.add(i) != 0).count();
        let path = String::from_utf16_lossy(std::slice::from_raw_parts(raw, len));
        CoTaskMemFree(raw as *const std::ffi::c_void);
        PathBuf::from(path)
    }
}

/// Whether this Windows is Wine, whose shell lacks `SHSetKnownFolderPath`.
fn under_wine() -> bool {
    let ntdll: Vec<u16> = "ntdll.dll".encode_utf16().chain(Some(0)).collect();
    // SAFETY: a NUL-terminated module name and export name; ntdll is always
    // loaded.
    unsafe {
        let module = GetModuleHandleW(ntdll.as_ptr());
        !module.is_null() && GetProcAddress(module, c"wine_get_version".as_ptr().cast()).is_some()
    }
}

/// Moves a known folder as Explorer's "Location" tab (or OneDrive's folder
/// backup) does. Wine has no `SHSetKnownFolderPath`; there the user's shell
/// folders are set in the registry, where Wine's shell reads them.
fn move_known_folder(id: &GUID, to: &Path) {
    if under_wine() {
        let name = if id.data1 == FOLDERID_Documents.data1 {
            "Personal"
        } else {
            "AppData"
        };
        let status = std::process::Command::new("reg")
            .args([
                "add",
                r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders",
                "/v",
                name,
                "/t",
                "REG_EXPAND_SZ",
                "/d",
            ])
            .arg(to)
            .arg("/f")
            .output()
            .unwrap()
            .status;
        assert!(status.success(), "reg add {name}");
        return;
    }
    let to = wide(to);
    // SAFETY: `to` is a NUL-terminated UTF-16 path that outlives the call.
    let hr = unsafe { SHSetKnownFolderPath(id, 0, std::ptr::null_mut(), to.as_ptr()) };
    assert_eq!(hr, 0, "SHSetKnownFolderPath failed: {hr:#x}");
}

/// Puts the known folders back where they were, whatever the test did.
struct Restore(Vec<(GUID, PathBuf)>);

impl Drop for Restore {
    fn drop(&mut self) {
        for (id, path) in &self.0 {
            move_known_folder(id, path);
        }
    }
}

/// A drive other than the one holding the temporary folder, when there is
/// one (`D:` on a build server, `Z:` under Wine).
fn other_drive_dir() -> tempfile::TempDir {
    let temp = std::env::temp_dir();
    let temp_drive = temp.to_string_lossy().chars().next().unwrap_or('C');
    for root in ["D:\\", "Z:\\tmp\\", "E:\\"] {
        let r = Path::new(root);
        if !root.starts_with(temp_drive) && r.is_dir() {
            if let Ok(d) = tempfile::Builder::new().prefix("taavon ").tempdir_in(r) {
                return d;
            }
        }
    }
    tempfile::Builder::new()
        .prefix("taavon ")
        .tempdir()
        .unwrap()
}

#[test]
fn data_and_exports_follow_windows_known_folders_even_when_redirected() {
    // SAFETY of the environment: this test binary has one test that reads
    // these variables; none is set by the test runner.
    std::env::remove_var(db::DB_ENV);
    std::env::remove_var(db::EXPORT_DIR_ENV);

    // As installed: the data folder is under %APPDATA%, the exports in the
    // user's Documents.
    let appdata = PathBuf::from(std::env::var_os("APPDATA").expect("APPDATA is set"));
    assert_eq!(
        db::default_path().unwrap(),
        appdata.join(r"Taavon\TaavonDesk\data\taavon.db")
    );

    // Documents moved to OneDrive on another drive, and a user folder with
    // Persian letters: both are asked of Windows, never built by hand.
    let _restore = Restore(vec![
        (FOLDERID_Documents, known_folder(&FOLDERID_Documents)),
        (
            FOLDERID_RoamingAppData,
            known_folder(&FOLDERID_RoamingAppData),
        ),
    ]);
    let other = other_drive_dir();
    let documents = other.path().join(r"OneDrive\اسناد");
    let roaming = other.path().join(r"کارشناس آموزش\AppData\Roaming");
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::create_dir_all(&roaming).unwrap();
    move_known_folder(&FOLDERID_Documents, &documents);
    move_known_folder(&FOLDERID_RoamingAppData, &roaming);

    assert_eq!(db::exports_dir(), documents.join("Taavon"));
    let data = db::default_path().unwrap();
    assert_eq!(data, roaming.join(r"Taavon\TaavonDesk\data\taavon.db"));
    let db = Db::open(&data).unwrap();
    assert!(data.exists());
    drop(db);
}

/// A drive letter for a USB stick: `TAAVON_TEST_USB` when the test runner
/// mapped one (Wine's drive mapping), otherwise a free letter mapped to a
/// folder as `subst` does.
struct Usb {
    root: PathBuf,
    letter: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl Usb {
    fn plug_in() -> Usb {
        if let Some(root) = std::env::var_os("TAAVON_TEST_USB").filter(|r| !r.is_empty()) {
            return Usb {
                root: PathBuf::from(root),
                letter: None,
                _dir: None,
            };
        }
        let dir = tempfile::Builder::new().prefix("فلش ").tempdir().unwrap();
        let letter = free_letter();
        // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call.
        let ok = unsafe {
            windows_sys::Win32::Storage::FileSystem::DefineDosDeviceW(
                0,
                wide(Path::new(&letter)).as_ptr(),
                wide(dir.path()).as_ptr(),
            )
        };
        assert_ne!(ok, 0, "could not map {letter}");
        Usb {
            root: PathBuf::from(format!("{letter}\\")),
            letter: Some(letter),
            _dir: Some(dir),
        }
    }
}

impl Drop for Usb {
    fn drop(&mut self) {
        if let Some(letter) = &self.letter {
            let wide: Vec<u16> = letter.encode_utf16().chain(Some(0)).collect();
            // SAFETY: as above; DDD_REMOVE_DEFINITION with no target.
            unsafe {
                windows_sys::Win32::Storage::FileSystem::DefineDosDeviceW(
                    windows_sys::Win32::Storage::FileSystem::DDD_REMOVE_DEFINITION,
                    wide.as_ptr(),
                    std::ptr::null(),
                );
            }
        }
    }
}

/// A drive letter no drive uses.
fn free_letter() -> String {
    // SAFETY: no arguments; returns a bit mask of the drives in use.
    let used = unsafe { windows_sys::Win32::Storage::FileSystem::GetLogicalDrives() };
    ('F'..='Y')
        .rev()
        .find(|c| used & (1 << (*c as u32 - 'A' as u32)) == 0)
        .map(|c| format!("{c}:"))
        .expect("a free drive letter")
}

#[test]
fn backups_go_to_a_usb_stick_and_come_back_on_another_pc() {
    let usb = Usb::plug_in();
    let office = persian_home();
    let path = office.path().join(r"data\taavon.db");
    let mut db = Db::open(&path).unwrap();
    fill(&mut db, 10, 120);
    let on_stick = usb
        .root
        .join(r"پشتیبان میز آموزش\taavon-backup-1405-09-10.db");
    std::fs::create_dir_all(on_stick.parent().unwrap()).unwrap();
    backup::save_as(db.conn(), &on_stick).unwrap();
    let check = backup::inspect(&on_stick).unwrap();
    assert_eq!(check.people, 120);

    // The new PC: an empty database, restored from the stick.
    let new_pc = persian_home();
    let new_path = new_pc.path().join(r"data\taavon.db");
    let mut fresh = Db::open(&new_path).unwrap();
    backup::restore(&mut fresh, &on_stick, &backup::default_dir(&new_path)).unwrap();
    assert_eq!(people(&fresh), 120);

    // A stick that was pulled out: its own message, nothing written.
    let gone = PathBuf::from(format!("{}\\taavon-backup.db", free_letter()));
    let err = backup::save_as(db.conn(), &gone).unwrap_err().to_string();
    assert!(err.contains("جدا شده"), "{err}");
    let err = backup::inspect(&gone).unwrap_err().to_string();
    assert!(!err.is_empty());
}
