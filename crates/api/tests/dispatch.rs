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
fn the_dashboard_and_the_monthly_report_answer_for_a_period_and_name_a_bad_month() {
    let exports = tempfile::tempdir().unwrap();
    // No other test here writes into the exports folder.
    std::env::set_var(taavon_core::db::EXPORT_DIR_ENV, exports.path());
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
    assert_eq!(path, exports.path().join("report-1404-07-1405-08.xlsx"));
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
    assert_eq!(std::fs::read_dir(exports.path()).unwrap().count(), 1);
}
