//! The shared dispatch, as both the desktop and the bridge call it.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use taavon_api::{dispatch, Answer, Backend, Ctx, FileKind, Host};
use taavon_core::progress::Progress;

/// Answers dialogs with fixed paths and remembers what it was asked.
#[derive(Default)]
struct Fixed {
    asked: RefCell<Vec<String>>,
}

impl Host for Fixed {
    fn product(&self) -> (String, String) {
        ("Taavon Training Desk".into(), "9.9.9".into())
    }
    fn pick_file(&self, kind: FileKind) -> Option<PathBuf> {
        self.asked.borrow_mut().push(format!("pick {kind:?}"));
        Some(PathBuf::from("/media/usb/list.xlsx"))
    }
    fn save_file(&self, suggested: &str, kind: FileKind) -> Option<PathBuf> {
        self.asked
            .borrow_mut()
            .push(format!("save {kind:?} {suggested}"));
        None
    }
    fn show_in_folder(&self, path: &Path) -> Result<(), String> {
        Err(format!("no file manager for {}", path.display()))
    }
    fn print_pdf(&self, path: &Path) -> Result<(), String> {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        self.asked.borrow_mut().push(format!("print {name}"));
        std::fs::write(path, b"%PDF-1.4").map_err(|e| e.to_string())
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    backend: Backend,
    host: Fixed,
    progress: Vec<Progress>,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let backend = Backend::open_at(dir.path().join("taavon.db"));
        Fixture {
            _dir: dir,
            backend,
            host: Fixed::default(),
            progress: Vec::new(),
        }
    }

    fn call(&mut self, name: &str, args: Value) -> Option<Answer<Value>> {
        let seen = &mut self.progress;
        let mut progress = |p: Progress| {
            seen.push(p);
            true
        };
        let mut ctx = Ctx {
            backend: &self.backend,
            host: &self.host,
            progress: &mut progress,
        };
        dispatch(&mut ctx, name, args)
    }

    fn ok(&mut self, name: &str, args: Value) -> Value {
        match self.call(name, args) {
            Some(Ok(v)) => v,
            other => panic!("{name}: {other:?}"),
        }
    }
}

/// The exports folder of every test here: one for the process, since the
/// environment is shared by the tests' threads.
fn exports_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var(taavon_core::db::EXPORT_DIR_ENV, dir.path());
        dir
    })
    .path()
}

/// A person as the form sends one.
fn person(national_code: &str, first_name: &str) -> Value {
    json!({
        "national_code": national_code, "first_name": first_name, "last_name": "رضایی",
        "father_name": null, "gender": null, "birth_date": null, "education": null, "mobile": null,
    })
}

#[test]
fn app_info_names_the_product_and_its_folders() {
    let mut f = Fixture::new();
    let info = f.ok("app_info", Value::Null);
    assert_eq!(info["name"], "Taavon Training Desk");
    assert_eq!(info["version"], "9.9.9");
    assert!(info["db_path"].as_str().unwrap().ends_with("taavon.db"));
    assert!(info["backups_dir"].as_str().unwrap().ends_with("backups"));
    let keys: Vec<&str> = info
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["backups_dir", "db_path", "exports_dir", "name", "version"]
    );
}

#[test]
fn arguments_are_read_by_their_camel_case_names() {
    let mut f = Fixture::new();
    let added = f.ok(
        "add_person",
        json!({ "input": person("۰۴۹۹۳۷۰۸۹۹", "علي") }),
    );
    assert_eq!(added["national_code"], "0499370899");
    let detail = f.ok("person_detail", json!({ "nationalCode": "0499370899" }));
    assert_eq!(detail["first_name"], "علی");
    let page = f.ok(
        "search_people",
        json!({ "query": "علی", "page": { "page": 1, "page_size": 10 } }),
    );
    assert_eq!(page["total"], 1);
}

#[test]
fn errors_cross_as_code_message_fields() {
    let mut f = Fixture::new();
    let err = f
        .call("add_person", json!({ "input": person("0684159415", "") }))
        .unwrap()
        .unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "invalid_input");
    assert_eq!(json["fields"][0]["field"], "national_code");
    assert_eq!(json["fields"][1]["field"], "first_name");
    assert!(json["message"].as_str().unwrap().contains("«کد ملی»"));
}

#[test]
fn unknown_commands_and_unreadable_arguments_are_refused() {
    let mut f = Fixture::new();
    assert!(f.call("drop_everything", Value::Null).is_none());
    let err = f
        .call("org_detail", json!({ "id": "seven" }))
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, "ipc");
    assert!(err.message.contains("org_detail"), "{}", err.message);
    let err = f.call("org_detail", Value::Null).unwrap().unwrap_err();
    assert!(err.message.contains("id"), "{}", err.message);
}

#[test]
fn jalali_month_defaults_to_this_month_and_refuses_month_13() {
    let mut f = Fixture::new();
    let now = taavon_core::jalali::to_jalali(taavon_core::jalali::today());
    let grid = f.ok("jalali_month", json!({ "year": null, "month": null }));
    assert_eq!(grid["year"], now.year);
    assert_eq!(grid["month"], now.month);
    let err = f
        .call("jalali_month", json!({ "year": 1404, "month": 13 }))
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, "refused");
}

#[test]
fn dialogs_and_the_file_manager_are_the_hosts() {
    let mut f = Fixture::new();
    assert_eq!(
        f.ok("pick_import_file", Value::Null),
        "/media/usb/list.xlsx"
    );
    assert_eq!(f.ok("pick_backup_target", Value::Null), Value::Null);
    let asked = f.host.asked.borrow().clone();
    assert_eq!(asked[0], "pick Spreadsheet");
    assert!(
        asked[1].starts_with("save Backup taavon-backup-"),
        "{asked:?}"
    );
    let err = f
        .call("show_in_folder", json!({ "path": "/tmp/x.xlsx" }))
        .unwrap()
        .unwrap_err();
    assert!(err.message.contains("/tmp/x.xlsx"));
}

#[test]
fn sample_data_reports_progress_and_starts_the_app() {
    let mut f = Fixture::new();
    assert_eq!(f.ok("start_state", Value::Null)["first_run"], true);
    let summary = f.ok(
        "load_demo",
        json!({ "config": { "coops": 12, "people": 80, "seed": 7 } }),
    );
    assert_eq!(summary["people"], 80);
    assert!(!f.progress.is_empty());
    let last = f.progress.last().unwrap();
    assert_eq!(last.done, last.total);
    assert_eq!(f.ok("start_state", Value::Null)["first_run"], false);
    assert_eq!(f.ok("registry_counts", Value::Null)["people"], 80);
}

#[test]
fn a_backup_goes_where_the_clerk_chose() {
    let mut f = Fixture::new();
    let target = f._dir.path().join("usb").join("copy.db");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let saved = f.ok(
        "save_backup_as",
        json!({ "path": target.display().to_string() }),
    );
    assert_eq!(saved["path"], target.display().to_string());
    let check = f.ok(
        "inspect_backup",
        json!({ "path": target.display().to_string() }),
    );
    assert_eq!(check["people"], 0);
}

#[test]
fn an_import_stops_when_its_run_was_cancelled_even_before_it_began() {
    let mut f = Fixture::new();
    let file = f._dir.path().join("members.csv");
    std::fs::write(
        &file,
        "کد ملی,نام,نام خانوادگی\n0499370899,علی,رضایی\n0684159414,سارا,نوری\n",
    )
    .unwrap();
    let path = file.display().to_string();
    let request = json!({ "kind": "people", "sheet": null, "mapping": null, "dry_run": false, "accept_valid": false });
    // The stop reaches the core before the run it names has started.
    f.ok("cancel_import", json!({ "run": 7 }));
    let err = f
        .call(
            "run_import",
            json!({ "path": path, "request": request, "run": 7 }),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, "cancelled");
    assert_eq!(f.ok("registry_counts", Value::Null)["people"], 0);
    // A stop for another run, or a late one, leaves this run alone.
    f.ok("cancel_import", json!({ "run": 6 }));
    let outcome = f.ok(
        "run_import",
        json!({ "path": path, "request": request, "run": 8 }),
    );
    assert_eq!(outcome["added"], 2);
    assert_eq!(f.ok("registry_counts", Value::Null)["people"], 2);
}

#[test]
fn waiting_lists_what_the_clerk_has_to_do_with_the_screen_for_each() {
    let mut f = Fixture::new();
    // The day's backup was made at start; no copy has left the PC yet.
    let items = f.ok("waiting", Value::Null);
    assert_eq!(
        items,
        json!([{
            "kind": "backup_not_copied",
            "count": 0,
            "text": "هنوز هیچ پشتیبانی بیرون از این رایانه (مثلاً روی فلش) ذخیره نشده است",
            "link": { "to": "backups" },
        }])
    );
    let usb = f._dir.path().join("usb").join("copy.db");
    f.ok(
        "save_backup_as",
        json!({ "path": usb.display().to_string() }),
    );
    assert_eq!(f.ok("waiting", Value::Null), json!([]));

    // A quota period over this month: its round can be opened, and is not.
    f.ok(
        "set_quota",
        json!({ "input": {
            "title": "", "starts_on": "1400/01/01", "ends_on": "1499/12/29", "unit": "seats",
            "capacity": "1000", "province_share": null, "coop_share": null,
        }}),
    );
    let items = f.ok("waiting", Value::Null);
    assert_eq!(items[0]["kind"], "round_not_opened");
    assert_eq!(items[0]["link"], json!({ "to": "rounds" }));
    assert!(
        items[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("نوبت معرفی "),
        "{items}"
    );
}

#[test]
fn the_report_pdf_is_printed_by_the_host_into_the_exports_folder() {
    let mut f = Fixture::new();
    let err = f
        .call(
            "save_report_pdf",
            json!({ "period": { "from": "1405/13", "to": null } }),
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert!(err.message.contains("«از ماه»"), "{}", err.message);
    assert!(f.host.asked.borrow().is_empty(), "nothing printed");

    let exports = exports_dir();
    let saved = f.ok(
        "save_report_pdf",
        json!({ "period": { "from": "1404/07", "to": "۱۴۰۵/۰۸" } }),
    );
    let path = PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(path, exports.join("report-1404-07-1405-08.pdf"));
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.4");
    assert_eq!(
        f.host.asked.borrow().as_slice(),
        ["print report-1404-07-1405-08.pdf"]
    );
}

#[test]
fn a_list_is_exported_under_the_screens_search_into_the_exports_folder() {
    use calamine::{Data, Reader};
    let mut f = Fixture::new();
    let exports = exports_dir().to_owned();
    f.ok(
        "add_person",
        json!({ "input": person("0499370899", "علی") }),
    );
    f.ok(
        "add_person",
        json!({ "input": person("0790419904", "رضا") }),
    );

    let saved = f.ok("export_people", json!({ "query": "علي" }));
    assert_eq!(saved["busy"], Value::Null);
    let path = PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(path.parent(), Some(exports.as_path()));
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("people-14") && name.ends_with(".xlsx"),
        "{name}"
    );
    let mut book = calamine::open_workbook_auto(&path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.height(), 2, "only the person the search finds");
    assert_eq!(
        range.get_value((1, 1)),
        Some(&Data::String("0499370899".into()))
    );

    let unions = f.ok(
        "export_orgs",
        json!({ "filter": { "text": "", "kind": "union" } }),
    );
    let name = unions["path"].as_str().unwrap();
    assert!(name.contains("cooperatives-14"), "{name}");
    let err = f
        .call("export_referrals", json!({ "roundId": 99 }))
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, "not_found");
}

#[test]
fn the_dashboard_and_the_monthly_report_answer_for_a_period_and_name_a_bad_month() {
    let exports = exports_dir();
    let mut f = Fixture::new();
    f.ok(
        "load_demo",
        json!({ "config": { "coops": 12, "people": 160, "seed": 7 } }),
    );
    let period = json!({ "from": "۱۴۰۴/۰۷", "to": "1405/08" });

    let figures = f.ok("dashboard", json!({ "period": period }));
    assert_eq!(
        (figures["from"].clone(), figures["to"].clone()),
        (json!("1404/07"), json!("1405/08"))
    );
    assert_eq!(figures["months"].as_array().unwrap().len(), 14);
    assert_eq!(figures["label"], "مهر ۱۴۰۴ تا آبان ۱۴۰۵");
    assert!(figures["funnel"]["referred"].as_i64().unwrap() > 0);
    assert!(figures["needs_by_org"].as_array().unwrap().len() <= 20);

    let saved = f.ok("export_report", json!({ "period": period }));
    let path = Path::new(saved["path"].as_str().unwrap());
    assert_eq!(path, exports.join("report-1404-07-1405-08.xlsx"));
    assert!(std::fs::metadata(path).unwrap().len() > 10_000);
    assert_eq!(saved["busy"], Value::Null);

    // A bad month is named by its field, in Persian, and nothing is written.
    for command in ["dashboard", "export_report"] {
        let err = f
            .call(
                command,
                json!({ "period": { "from": "1404/13", "to": null } }),
            )
            .unwrap()
            .unwrap_err();
        let body = serde_json::to_value(&err).unwrap();
        assert_eq!(body["code"], "invalid_input", "{command}");
        assert_eq!(body["fields"][0]["field"], "from");
        assert!(err.message.contains("«از ماه»"), "{}", err.message);

        let err = f
            .call(
                command,
                json!({ "period": { "from": "1405/08", "to": "1404/07" } }),
            )
            .unwrap()
            .unwrap_err();
        let body = serde_json::to_value(&err).unwrap();
        assert_eq!(body["fields"][0]["field"], "to");
        assert!(err.message.contains("«تا ماه»"), "{}", err.message);
    }
    let reports = std::fs::read_dir(exports)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".xlsx")
                && name.to_string_lossy().starts_with("report-")
        })
        .count();
    assert_eq!(reports, 1, "only the good period's workbook");
}
