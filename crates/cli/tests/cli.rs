//! The `taavon` binary as a script would use it: flags, JSON keys, exit
//! codes, and nothing written on invalid input.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{national_code, scratch};

fn taavon(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taavon"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TAAVON_DB")
        .output()
        .expect("taavon runs")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `args`, which must exit with `code` and say `says` on stderr.
fn fails(db: &Path, args: &[&str], code: i32, says: &str) -> Output {
    let out = taavon(db, args);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
    assert!(stderr(&out).contains(says), "{}", stderr(&out));
    out
}

const ALI: &[&str] = &[
    "person",
    "add",
    "--national-code",
    "0499370899",
    "--first-name",
    "علی",
    "--last-name",
    "رضایی",
    "--father-name",
    "حسن",
    "--mobile",
    "09121234567",
    "--birth-date",
    "1365/04/12",
    "--gender",
    "male",
    "--json",
];

#[test]
fn person_add_show_search_round_trip_in_json() {
    let (_dir, db) = scratch();
    let added = taavon(&db, ALI);
    assert!(added.status.success(), "{}", stderr(&added));
    let p = json(&added);
    assert_eq!(p["national_code"], "0499370899");
    assert_eq!(p["first_name"], "علی");
    assert_eq!(p["last_name"], "رضایی");
    assert_eq!(p["father_name"], "حسن");
    assert_eq!(p["mobile"], "09121234567");
    assert_eq!(p["birth_date"], "1986-07-03");
    assert_eq!(p["birth_date_jalali"], "1365/04/12");
    assert_eq!(p["gender"], "male");

    let shown = json(&taavon(&db, &["person", "show", "۰۴۹۹۳۷۰۸۹۹", "--json"]));
    assert_eq!(shown["national_code"], "0499370899");
    assert!(shown["memberships"].as_array().unwrap().is_empty());

    let found = json(&taavon(&db, &["person", "search", "علي", "--json"]));
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["national_code"], "0499370899");

    let human = taavon(&db, &["person", "list"]);
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("۰۴۹۹۳۷۰۸۹۹") && text.contains("رضایی"),
        "{text}"
    );
}

#[test]
fn invalid_input_exits_1_names_the_field_and_writes_nothing() {
    let (_dir, db) = scratch();
    let bad = fails(
        &db,
        &[
            "person",
            "add",
            "--national-code",
            "0684159415",
            "--first-name",
            "علی",
            "--last-name",
            "رضایی",
            "--json",
        ],
        1,
        "«کد ملی» با مقدار «0684159415»",
    );
    let err = json(&bad);
    assert_eq!(err["error"]["code"], "invalid_input");
    assert_eq!(err["error"]["fields"][0]["field"], "national_code");
    let listed = json(&taavon(&db, &["person", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 0);

    fails(
        &db,
        &[
            "person",
            "add",
            "--national-code",
            "0499370899",
            "--first-name",
            "علی",
            "--last-name",
            "رضایی",
            "--birth-date",
            "1404/12/30",
        ],
        1,
        "«تاریخ تولد» با مقدار «1404/12/30»",
    );
}

#[test]
fn duplicate_is_refused_with_exit_1() {
    let (_dir, db) = scratch();
    assert!(taavon(&db, ALI).status.success());
    let again = taavon(&db, ALI);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(json(&again)["error"]["code"], "duplicate");
    assert!(stderr(&again).contains("علی رضایی"));
}

#[test]
fn coop_and_member_commands() {
    let (_dir, db) = scratch();
    assert!(taavon(&db, ALI).status.success());
    let coop = taavon(
        &db,
        &[
            "coop",
            "add",
            "--name",
            "تعاونی فرش نگین ورامین",
            "--national-id",
            "10380284790",
            "--field",
            "production",
            "--county",
            "ورامین",
            "--json",
        ],
    );
    assert!(coop.status.success(), "{}", stderr(&coop));
    let c = json(&coop);
    assert_eq!(c["national_id"], "10380284790");
    assert_eq!(c["kind"], "cooperative");
    assert_eq!(c["field"], "production");
    assert_eq!(c["county"], "ورامین");
    assert!(c["id"].as_i64().unwrap() > 0);

    let member = taavon(
        &db,
        &[
            "member",
            "add",
            "--national-code",
            "0499370899",
            "--coop-national-id",
            "10380284790",
            "--role",
            "managing_director",
            "--json",
        ],
    );
    assert!(member.status.success(), "{}", stderr(&member));
    let shown = json(&taavon(&db, &["coop", "show", "10380284790", "--json"]));
    assert_eq!(shown["people"][0]["role"], "managing_director");
    assert_eq!(shown["people"][0]["national_code"], "0499370899");

    fails(
        &db,
        &["coop", "add", "--name", "x", "--field", "farming"],
        1,
        "«زمینه فعالیت» با مقدار «farming»",
    );
}

#[test]
fn coop_and_person_lists_are_written_to_excel_whole() {
    let (dir, db) = scratch();
    assert!(taavon(&db, ALI).status.success());
    let sheet = dir.path().join("تعاونی‌های تولیدی.xlsx");
    let written = ok(
        &db,
        &[
            "coop",
            "list",
            "--field",
            "production",
            "--page-size",
            "1",
            "--xlsx",
            sheet.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(written["path"], sheet.display().to_string());
    assert!(std::fs::metadata(&sheet).unwrap().len() > 0);

    let people = dir.path().join("people.xlsx");
    let human = taavon(
        &db,
        &[
            "person",
            "search",
            "علي",
            "--xlsx",
            people.to_str().unwrap(),
        ],
    );
    assert!(human.status.success(), "{}", stderr(&human));
    assert!(String::from_utf8(human.stdout)
        .unwrap()
        .contains("ذخیره شد"));
    assert!(std::fs::metadata(&people).unwrap().len() > 0);
}

#[test]
fn demo_fills_a_database() {
    let (_dir, db) = scratch();
    let out = taavon(
        &db,
        &[
            "demo", "--coops", "50", "--people", "800", "--seed", "3", "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&out)["people"], 800);
    let listed = json(&taavon(
        &db,
        &["coop", "list", "--page-size", "100", "--json"],
    ));
    assert_eq!(listed.as_array().unwrap().len(), 50);
}

#[test]
fn unusable_database_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    // A path under a plain file cannot be created.
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    fails(&file.join("t.db"), &["person", "list"], 2, "باز نشد");

    // A database written by a newer version is refused, not touched.
    let newer = dir.path().join("newer.db");
    assert!(taavon(&newer, &["county", "list"]).status.success());
    let conn = rusqlite::Connection::open(&newer).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let out = taavon(&newer, &["person", "list", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["code"], "database_newer");
}

// ---------------------------------------------------------------------------
// Courses, needs and roadmaps

fn ok(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = taavon(db, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    json(&out)
}

/// A cooperative with one member, a standard and a campaign.
fn needs_world(db: &Path) {
    ok(db, ALI);
    ok(
        db,
        &[
            "coop",
            "add",
            "--name",
            "تعاونی فرش نگین ورامین",
            "--national-id",
            "10380284790",
            "--field",
            "production",
            "--json",
        ],
    );
    ok(
        db,
        &[
            "member",
            "add",
            "--national-code",
            "0499370899",
            "--coop-national-id",
            "10380284790",
            "--role",
            "member",
            "--json",
        ],
    );
    ok(
        db,
        &[
            "course",
            "add",
            "--code",
            "0721/62/1/3",
            "--title",
            "بافنده فرش دستباف",
            "--theory-hours",
            "40",
            "--practice-hours",
            "۸۰",
            "--education",
            "سیکل",
            "--json",
        ],
    );
    ok(
        db,
        &[
            "campaign",
            "add",
            "--title",
            "نیازسنجی پاییز ۱۴۰۴",
            "--starts-on",
            "1404/07/01",
            "--ends-on",
            "1404/09/30",
            "--owner",
            "کارشناس آموزش",
            "--json",
        ],
    );
}

fn add_need(db: &Path, course: &str, role: &str, requested: &str) -> Output {
    taavon(
        db,
        &[
            "need",
            "add",
            "--campaign",
            "1",
            "--coop-national-id",
            "10380284790",
            "--role",
            role,
            "--course",
            course,
            "--requested",
            requested,
            "--source",
            "self_applied",
            "--level",
            "5",
            "--month",
            "1404/09",
            "--json",
        ],
    )
}

#[test]
fn course_add_and_list() {
    let (_dir, db) = scratch();
    needs_world(&db);
    let listed = ok(&db, &["course", "list", "--text", "فرش", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let c = &listed[0];
    assert_eq!(c["code"], "0721/62/1/3");
    assert_eq!(c["total_hours"], 120);
    assert_eq!(c["entry_education"], "middle");
    assert_eq!(c["kind"], "standard");
    let general = ok(&db, &["course", "list", "--general", "--json"]);
    assert!(general
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["kind"] == "general"));
    assert!(!general.as_array().unwrap().is_empty());
    let standard = ok(&db, &["course", "list", "--standard", "--json"]);
    assert_eq!(standard.as_array().unwrap().len(), 1);

    let again = taavon(
        &db,
        &[
            "course",
            "add",
            "--code",
            "0721/62/1/3",
            "--title",
            "دیگر",
            "--json",
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(json(&again)["error"]["code"], "duplicate");
    fails(
        &db,
        &["course", "add", "--title", "بی‌کد"],
        1,
        "«کد استاندارد» خالی است",
    );
}

#[test]
fn campaign_need_approve_nominate_and_roadmap() {
    let (dir, db) = scratch();
    needs_world(&db);
    let campaigns = ok(&db, &["campaign", "list", "--json"]);
    assert_eq!(campaigns[0]["starts_on"], "2025-09-23");
    assert_eq!(campaigns[0]["ends_on_jalali"], "1404/09/30");

    let added = add_need(&db, "0721/62/1/3", "members", "10");
    assert!(added.status.success(), "{}", stderr(&added));
    let need = json(&added);
    assert_eq!(need["status"], "draft");
    assert_eq!(need["target_label"], "آذر ۱۴۰۴");
    let law = json(&add_need(&db, "قوانين و مقررات تعاون", "all", "20"));
    let (a, b) = (need["id"].to_string(), law["id"].to_string());

    // A second need for the same course and group is refused.
    let twice = add_need(&db, "0721/62/1/3", "اعضا", "3");
    assert_eq!(twice.status.code(), Some(1));
    assert_eq!(json(&twice)["error"]["code"], "refused");

    // --approved is for one line only.
    let both = taavon(&db, &["need", "approve", &a, &b, "--approved", "2"]);
    assert_eq!(both.status.code(), Some(1));
    let approved = ok(
        &db,
        &[
            "need",
            "approve",
            &a,
            "--approved",
            "۸",
            "--reason",
            "جلسه کارگروه",
            "--json",
        ],
    );
    assert_eq!(approved[0]["status"], "approved");
    assert_eq!(approved[0]["approved"], 8);
    let listed = ok(&db, &["need", "list", "--status", "approved", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let all = ok(
        &db,
        &[
            "need",
            "list",
            "--campaign",
            "1",
            "--coop-national-id",
            "10380284790",
            "--json",
        ],
    );
    assert_eq!(all.as_array().unwrap().len(), 2);

    let named = ok(
        &db,
        &[
            "need",
            "nominate",
            &a,
            "--national-code",
            "0499370899",
            "--json",
        ],
    );
    assert_eq!(named["national_code"], "0499370899");
    assert_eq!(named["status"], "open");
    // The law line is still a draft: nobody can be named on it yet.
    fails(
        &db,
        &[
            "need",
            "nominate",
            &b,
            "--national-code",
            "0499370899",
            "--json",
        ],
        1,
        "پس از تصویب",
    );

    let map = ok(
        &db,
        &[
            "roadmap",
            "show",
            "--coop-national-id",
            "10380284790",
            "--json",
        ],
    );
    assert_eq!(map["organization_national_id"], "10380284790");
    assert_eq!(map["lines"].as_array().unwrap().len(), 2);
    assert_eq!(map["lines"][0]["nominees"], 1);
    assert_eq!(map["requested"], 30);
    let text = String::from_utf8(
        taavon(
            &db,
            &["roadmap", "show", "--coop-national-id", "10380284790"],
        )
        .stdout,
    )
    .unwrap();
    assert!(
        text.contains("بافنده فرش دستباف") && text.contains("آذر ۱۴۰۴"),
        "{text}"
    );

    let file = dir.path().join("roadmap.xlsx");
    let exported = ok(
        &db,
        &[
            "roadmap",
            "export",
            "--coop-national-id",
            "10380284790",
            "-o",
            file.to_str().unwrap(),
            "--font",
            "Vazirmatn",
            "--json",
        ],
    );
    assert_eq!(exported["lines"], 2);
    assert_eq!(exported["path"], file.display().to_string());
    assert!(std::fs::metadata(&file).unwrap().len() > 1000);

    fails(
        &db,
        &[
            "roadmap",
            "export",
            "--coop-national-id",
            "10380284792",
            "-o",
            "x.xlsx",
        ],
        1,
        "«شناسه ملی»",
    );
}

/// A standards list: a title row, the header row, then `rows` of
/// (code, title, theory hours).
fn standards(path: &Path, rows: &[(&str, &str, &str)]) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "فهرست استانداردها").unwrap();
    for (c, h) in ["کد استاندارد", "نام استاندارد", "ساعت نظری"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (code, title, theory)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        sheet.write_string(r, 0, *code).unwrap();
        sheet.write_string(r, 1, *title).unwrap();
        sheet.write_string(r, 2, *theory).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn course_import_dry_run_then_real_run_then_again() {
    let (dir, db) = scratch();
    let file = dir.path().join("standards.xlsx");
    standards(
        &file,
        &[
            ("343320530020001", "حسابدار عمومی", "۱۲۰"),
            ("0721/62/1/3", "بافنده فرش دستباف", "40"),
        ],
    );
    let path = file.to_str().unwrap();
    let dry = ok(&db, &["course", "import", path, "--dry-run", "--json"]);
    assert_eq!(dry["added"], 2);
    assert_eq!(dry["written"], false);
    assert_eq!(dry["header_row"], 2);
    let standard = ok(&db, &["course", "list", "--standard", "--json"]);
    assert!(
        standard.as_array().unwrap().is_empty(),
        "a dry run writes nothing"
    );

    let real = ok(&db, &["course", "import", path, "--json"]);
    assert_eq!(real["added"], 2);
    assert_eq!(real["written"], true);
    let again = ok(&db, &["course", "import", path, "--json"]);
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2))
    );

    let human = taavon(&db, &["course", "import", path, "--dry-run"]);
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("بدون تغییر") && text.contains("چیزی ذخیره نشد"),
        "{text}"
    );
}

#[test]
fn course_import_with_a_bad_row_writes_nothing_and_names_the_row() {
    let (dir, db) = scratch();
    let file = dir.path().join("bad.xlsx");
    standards(
        &file,
        &[
            ("343320530020001", "حسابدار عمومی", "120"),
            ("1234", "", "چهل"),
        ],
    );
    let path = file.to_str().unwrap();
    for dry in [true, false] {
        let mut args = vec!["course", "import", path, "--json"];
        if dry {
            args.push("--dry-run");
        }
        let out = taavon(&db, &args);
        assert_eq!(out.status.code(), Some(1), "dry run {dry}");
        let body = json(&out);
        assert_eq!(body["error"]["code"], "import_rejected");
        let problems = body["report"]["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0]["row"], 4);
        assert_eq!(problems[0]["column"], "نام استاندارد");
        assert_eq!(problems[1]["column"], "ساعت نظری");
        assert_eq!(problems[1]["value"], "چهل");
        assert_eq!(body["report"]["written"], false);
    }
    let standard = ok(&db, &["course", "list", "--standard", "--json"]);
    assert!(standard.as_array().unwrap().is_empty(), "all or nothing");

    let human = taavon(&db, &["course", "import", path]);
    assert_eq!(human.status.code(), Some(1));
    let table = String::from_utf8(human.stdout.clone()).unwrap();
    assert!(
        table.contains("۴") && table.contains("«ساعت نظری» با مقدار «چهل» باید عدد باشد."),
        "{table}"
    );
    assert!(stderr(&human).contains("پذیرفته نشد"), "{}", stderr(&human));

    fails(
        &db,
        &["course", "import", "/no/such/file.xlsx"],
        1,
        "پیدا نشد",
    );
}

// ---------------------------------------------------------------------------
// Quota and referral rounds

#[test]
fn round_new_build_show_lock_export_send() {
    let (dir, db) = scratch();
    ok(
        &db,
        &[
            "demo", "--coops", "60", "--people", "900", "--seed", "5", "--json",
        ],
    );
    // The sample program has this year's quota and thirteen past rounds.
    let quotas = ok(&db, &["quota", "show", "--json"]);
    assert_eq!(quotas.as_array().unwrap().len(), 2);
    fails(
        &db,
        &[
            "quota",
            "set",
            "--from",
            "1407/01/01",
            "--to",
            "1406/12/29",
            "--capacity",
            "x",
        ],
        1,
        "«ظرفیت» با مقدار «x» باید عدد باشد",
    );

    // `round new` prints the bare number, for scripts.
    let new = taavon(
        &db,
        &["round", "new", "--month", "۱۴۰۵/۰۹", "--capacity", "5"],
    );
    assert!(new.status.success(), "{}", stderr(&new));
    assert_eq!(String::from_utf8_lossy(&new.stdout).trim(), "14");
    let built = ok(&db, &["round", "build", "14", "--json"]);
    assert_eq!(built["added"], 5);
    assert_eq!(built["round"]["status"], "draft");
    let shown = ok(&db, &["round", "show", "14", "--explain", "--json"]);
    let first = &shown["referrals"][0];
    assert_eq!(first["rank"], 1);
    assert!(
        first["explanation"]
            .as_str()
            .unwrap()
            .starts_with("نیاز سطح "),
        "{first}"
    );
    let text = taavon(&db, &["round", "show", "14", "--explain"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("چرا"));

    // A draft is not exported; a locked round is.
    let file = dir.path().join("round-14-1405-09.xlsx");
    fails(
        &db,
        &["round", "export", "14", "-o", file.to_str().unwrap()],
        1,
        "قفل کنید",
    );
    ok(&db, &["round", "lock", "14", "--json"]);
    let exported = ok(
        &db,
        &[
            "round",
            "export",
            "14",
            "-o",
            file.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(exported["people"], 5);
    assert!(file.exists());

    // Sending needs the letter's number.
    fails(&db, &["round", "send", "14"], 1, "«شماره نامه» خالی است");
    let sent = ok(
        &db,
        &[
            "round",
            "send",
            "14",
            "--letter",
            "512/ت",
            "--date",
            "1405/09/05",
            "--json",
        ],
    );
    assert_eq!(sent["status"], "sent");
    assert_eq!(sent["sent_on_jalali"], "1405/09/05");
    let list = ok(&db, &["round", "list", "--json"]);
    assert_eq!(list[0]["number"], 14);
    fails(
        &db,
        &["round", "show", "99"],
        1,
        "نوبت معرفی با شماره «۹۹» پیدا نشد",
    );
}

// ---------------------------------------------------------------------------
// Importing lists

#[test]
fn import_people_exit_codes_dry_run_errors_sheet_and_twice() {
    let (dir, db) = scratch();
    ok(
        &db,
        &[
            "coop",
            "add",
            "--name",
            "تعاونی فرش نگین",
            "--national-id",
            "10380284790",
            "--field",
            "production",
            "--json",
        ],
    );
    let good = dir.path().join("people.csv");
    std::fs::write(
        &good,
        format!(
            "فهرست اعضا,,,\nکد ملی,نام,نام خانوادگی,شناسه ملی تعاونی\n{},علي,رضایی,10380284790\n{},سارا,نوری,10380284790\n",
            national_code("001234501"),
            national_code("001234502")
        ),
    )
    .unwrap();
    let preview = ok(
        &db,
        &[
            "import",
            "people",
            good.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(preview["added"], 2);
    assert_eq!(preview["written"], false);
    assert_eq!(preview["header_row"], 2);
    let listed = ok(&db, &["person", "list", "--json"]);
    assert_eq!(
        listed.as_array().unwrap().len(),
        0,
        "a dry run writes nothing"
    );

    let first = ok(&db, &["import", "people", good.to_str().unwrap(), "--json"]);
    assert_eq!(first["added"], 2);
    let again = ok(&db, &["import", "people", good.to_str().unwrap(), "--json"]);
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2))
    );

    // A bad row: exit 1, nothing written, the error sheet names it.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "کد ملی,نام,نام خانوادگی\n{},مریم,کاظمی\n0684159415,رضا,محمدی\n",
            national_code("001234503")
        ),
    )
    .unwrap();
    let errors = dir.path().join("errors.xlsx");
    let out = taavon(
        &db,
        &[
            "import",
            "people",
            bad.to_str().unwrap(),
            "--errors",
            errors.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("رقم کنترل"), "{text}");
    assert!(text.contains("هیچ ردیفی ذخیره نشد"), "{text}");
    assert!(errors.exists());
    let listed = ok(&db, &["person", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // --accept-valid takes the good row; the exit code still says some were rejected.
    let out = taavon(
        &db,
        &["import", "people", bad.to_str().unwrap(), "--accept-valid"],
    );
    assert_eq!(out.status.code(), Some(1));
    let listed = ok(&db, &["person", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 3);

    // A file that is not a spreadsheet: exit 2.
    let junk = dir.path().join("junk.xlsx");
    std::fs::write(&junk, "not a spreadsheet").unwrap();
    let out = taavon(&db, &["import", "people", junk.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["code"], "excel");
    fails(
        &db,
        &["import", "گروه", junk.to_str().unwrap()],
        1,
        "«نوع پرونده»",
    );
}

/// A list whose headers say nothing: the codes are read by their values
/// (and the report says so), the names need `--map`; two columns claiming
/// one field are refused by header and letter until one is chosen; a full
/// name split without confidence is a rejected row with its reason.
#[test]
fn import_maps_columns_by_content_and_by_map_and_refuses_conflicts() {
    let (dir, db) = scratch();
    let codes = [
        national_code("001234521"),
        national_code("001234522"),
        national_code("001234523"),
    ];
    let odd = dir.path().join("odd.csv");
    std::fs::write(
        &odd,
        format!(
            "الف,ب,ج\n{},نرگس,احمدی\n{},سارا,نوری\n{},رضا,محمدی\n",
            codes[0], codes[1], codes[2]
        ),
    )
    .unwrap();
    let file = odd.to_str().unwrap();
    fails(&db, &["import", "people", file], 1, "«نام»، «نام خانوادگی»");
    fails(
        &db,
        &["import", "people", file, "--map", "B"],
        2,
        "C=national_code",
    );
    let preview = ok(
        &db,
        &[
            "import",
            "people",
            file,
            "--map",
            "B=first_name",
            "--map",
            "ج=نام خانوادگی",
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(preview["added"], 3);
    let guessed = preview["guessed"].as_array().unwrap();
    assert_eq!(guessed.len(), 1, "{guessed:?}");
    assert_eq!(guessed[0]["target"], "national_code");
    assert_eq!(guessed[0]["letter"], "A");
    assert_eq!(guessed[0]["source"], "content");
    assert_eq!(guessed[0]["reason"], "۱۰۰٪ مقدارها کد ملی درست است");
    let out = taavon(
        &db,
        &[
            "import",
            "people",
            file,
            "--map",
            "b=first_name",
            "--map",
            "C=last_name",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("ستون‌هایی که از روی مقدارهایشان نگاشته شد"),
        "{text}"
    );
    assert!(
        text.contains("ستون A («الف») برای «کد ملی» خوانده شد: ۱۰۰٪ مقدارها کد ملی درست است"),
        "{text}"
    );
    fails(
        &db,
        &["import", "people", file, "--map", "Q=first_name"],
        1,
        "ستون «Q» در پرونده نیست",
    );

    // Two columns for the mobile: refused, both named, nothing written.
    let two = dir.path().join("two.csv");
    std::fs::write(
        &two,
        format!(
            "کد ملی,نام,نام خانوادگی,موبایل,تلفن همراه\n{},علی,رضایی,09121234567,09127654321\n",
            national_code("001234524")
        ),
    )
    .unwrap();
    let two = two.to_str().unwrap();
    let out = fails(
        &db,
        &["import", "people", two, "--json"],
        1,
        "ستون‌های «موبایل» (ستون D) و «تلفن همراه» (ستون E) هر دو «شماره همراه» به نظر می‌رسند",
    );
    assert_eq!(json(&out)["error"]["code"], "refused");
    assert_eq!(
        ok(&db, &["person", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
    ok(
        &db,
        &[
            "import",
            "people",
            two,
            "--map",
            "تلفن همراه=mobile",
            "--json",
        ],
    );
    let shown = ok(
        &db,
        &["person", "show", &national_code("001234524"), "--json"],
    );
    assert_eq!(shown["mobile"], "09127654321");

    // A full name: two words taken, the unsure one rejected with its reason.
    let full = dir.path().join("full.csv");
    std::fs::write(
        &full,
        format!(
            "کد ملی,نام و نام خانوادگی\n{},مریم کاظمی\n{},علی اکبر صادقی\n",
            national_code("001234525"),
            national_code("001234526")
        ),
    )
    .unwrap();
    let out = taavon(
        &db,
        &[
            "import",
            "people",
            full.to_str().unwrap(),
            "--accept-valid",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(
        (report["added"].as_u64(), report["rejected"].as_u64()),
        (Some(1), Some(1))
    );
    let problem = &report["problems"][0];
    assert_eq!(problem["row"], 3);
    assert_eq!(problem["column"], "نام و نام خانوادگی");
    let message = problem["message"].as_str().unwrap();
    assert!(message.contains("نام مرکب «علی اکبر»"), "{message}");
    assert!(
        message.contains("پیشنهاد: نام «علی اکبر»، نام خانوادگی «صادقی»"),
        "{message}"
    );
    let maryam = ok(
        &db,
        &["person", "show", &national_code("001234525"), "--json"],
    );
    assert_eq!(
        (maryam["first_name"].as_str(), maryam["last_name"].as_str()),
        (Some("مریم"), Some("کاظمی"))
    );
}

// ---------------------------------------------------------------------------
// Backups, restore and the check

#[test]
fn backup_check_damage_and_restore() {
    let (dir, db) = scratch();
    ok(&db, &["demo", "--coops", "40", "--people", "600", "--json"]);
    let made = ok(&db, &["backup", "--json"]);
    let backup = made["path"].as_str().unwrap().to_owned();
    let file = Path::new(&backup);
    assert_eq!(file.parent().unwrap().file_name().unwrap(), "backups");
    assert!(
        file.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("taavon-")
            && backup.ends_with("-manual.db"),
        "{backup}"
    );
    let usb = dir.path().join("usb").join("copy.db");
    ok(&db, &["backup", "--to", usb.to_str().unwrap(), "--json"]);
    assert!(usb.exists());
    let healthy = ok(&db, &["check", "--json"]);
    assert_eq!(healthy["healthy"], true);

    // A person added after the backup is gone after the restore; the data
    // it replaced is kept as a backup of its own.
    ok(&db, ALI);
    let restored = ok(&db, &["restore", &backup, "--json"]);
    assert!(restored["previous_kept_at"]
        .as_str()
        .unwrap()
        .contains("pre-restore"));
    let gone = taavon(&db, &["person", "show", "0499370899"]);
    assert_eq!(gone.status.code(), Some(1));

    // Damage the file: `check` says so (exit 1), `restore` puts the copy
    // from the USB stick back and keeps the damaged file aside.
    {
        use std::io::{Seek, SeekFrom, Write};
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        drop(conn);
        let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.seek(SeekFrom::Start(4096 * 3)).unwrap();
        f.write_all(&[0xff; 4096 * 6]).unwrap();
    }
    let damaged = taavon(&db, &["check", "--json"]);
    assert_eq!(damaged.status.code(), Some(1));
    assert_eq!(json(&damaged)["healthy"], false);
    let text = taavon(&db, &["check"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("آسیب دیده است"));
    ok(&db, &["restore", usb.to_str().unwrap(), "--json"]);
    assert_eq!(ok(&db, &["check", "--json"])["healthy"], true);
    // A file that is not a backup is refused, and nothing changes.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    fails(
        &db,
        &["restore", junk.to_str().unwrap()],
        1,
        "بازگردانی انجام نشد",
    );
}

#[test]
fn waiting_lists_what_the_clerk_has_to_do_and_says_when_nothing_does() {
    let (dir, db) = scratch();
    let items = ok(&db, &["waiting", "--json"]);
    let kinds: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["backup_old", "backup_not_copied"]);
    assert_eq!(items[1]["link"], serde_json::json!({ "to": "backups" }));
    let text = taavon(&db, &["waiting"]);
    assert_eq!(
        String::from_utf8_lossy(&text.stdout),
        "هنوز هیچ پشتیبانی از داده‌ها گرفته نشده است.\n\
         هنوز هیچ پشتیبانی بیرون از این رایانه (مثلاً روی فلش) ذخیره نشده است.\n"
    );

    ok(&db, &["backup", "--json"]);
    let usb = dir.path().join("usb").join("copy.db");
    ok(&db, &["backup", "--to", usb.to_str().unwrap(), "--json"]);
    assert_eq!(ok(&db, &["waiting", "--json"]), serde_json::json!([]));
    let calm = taavon(&db, &["waiting"]);
    assert_eq!(
        String::from_utf8_lossy(&calm.stdout),
        "کاری در انتظار شما نیست.\n"
    );
}

/// The clerk runs `taavon` while the app has the database open, even in the
/// middle of one of the app's writes: the command waits its turn, writes,
/// and the app sees the new row without reopening. Runs on Windows too,
/// where SQLite locks with `LockFileEx`.
#[test]
fn the_command_line_writes_while_the_app_holds_the_database() {
    let dir = tempfile::Builder::new()
        .prefix("داده ها ")
        .tempdir()
        .unwrap();
    let db = dir.path().join("taavon.db");
    let app = taavon_core::db::Db::open(&db).unwrap();
    app.conn()
        .execute_batch("BEGIN IMMEDIATE; UPDATE meta SET value = value WHERE key = 'actor';")
        .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_taavon"))
        .arg("--db")
        .arg(&db)
        .args(ALI)
        .env_remove("TAAVON_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    app.conn().execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let people: i64 = app
        .conn()
        .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, 1);

    // And the app writes again while the command line reads.
    let shown = taavon(&db, &["person", "show", "0499370899", "--json"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert_eq!(json(&shown)["last_name"], "رضایی");
}

/// On Windows, exporting over a sheet the clerk has open in Excel saves the
/// new one as `… (2).xlsx` and says so on stderr; the open file is kept.
#[cfg(windows)]
#[test]
fn an_export_over_a_sheet_open_in_excel_takes_the_next_name_and_says_so() {
    use std::os::windows::fs::OpenOptionsExt;
    let dir = tempfile::Builder::new().prefix("خروجی ").tempdir().unwrap();
    let db = dir.path().join("t.db");
    ok(&db, &["demo", "--coops", "40", "--people", "600", "--json"]);
    let sheet = dir.path().join("round-01.xlsx");
    let first = taavon(
        &db,
        &["round", "export", "1", "-o", sheet.to_str().unwrap()],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let before = std::fs::read(&sheet).unwrap();
    // Others may read it, not replace it: how Excel holds a workbook.
    let _held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(1)
        .open(&sheet)
        .unwrap();
    let again = taavon(
        &db,
        &["round", "export", "1", "-o", sheet.to_str().unwrap()],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("«round-01.xlsx» در برنامهٔ دیگری")
            && stderr(&again).contains("«round-01 (2).xlsx» ذخیره شد"),
        "{}",
        stderr(&again)
    );
    assert!(dir.path().join("round-01 (2).xlsx").exists());
    assert_eq!(std::fs::read(&sheet).unwrap(), before);
}

// ---------------------------------------------------------------------------
// The monthly report

fn sheet(path: &Path, name: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    calamine::open_workbook_auto(path)
        .unwrap()
        .worksheet_range(name)
        .unwrap()
}

/// A cell read back as a number, or `None` for text or an empty cell.
fn number(range: &calamine::Range<calamine::Data>, r: u32, c: u32) -> Option<f64> {
    match range.get_value((r, c)) {
        Some(calamine::Data::Float(f)) => Some(*f),
        Some(calamine::Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

fn text(range: &calamine::Range<calamine::Data>, r: u32, c: u32) -> String {
    range
        .get_value((r, c))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn report_prints_the_figures_the_workbook_holds_and_names_a_bad_month() {
    let (dir, db) = scratch();
    ok(
        &db,
        &[
            "demo", "--coops", "40", "--people", "600", "--seed", "7", "--json",
        ],
    );
    let period = ["--from", "1404/07", "--to", "1405/08"];
    let f = ok(&db, &[&["report"][..], &period, &["--json"]].concat());
    assert_eq!(f["label"], "مهر ۱۴۰۴ تا آبان ۱۴۰۵");
    let referred = f["funnel"]["referred"].as_i64().unwrap();
    assert!(referred > 0);

    // The same period in Persian digits, written to a file.
    let file = dir.path().join("report.xlsx");
    let written = taavon(
        &db,
        &[
            "report",
            "--from",
            "۱۴۰۴/۰۷",
            "--to",
            "1405/08",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(written.status.success(), "{}", stderr(&written));
    assert!(String::from_utf8_lossy(&written.stdout).contains("ذخیره شد"));

    let as_f64 = |v: &serde_json::Value| v.as_f64().unwrap();
    let months = sheet(&file, "ماه‌به‌ماه");
    let listed = f["months"].as_array().unwrap();
    assert_eq!(months.height(), listed.len() + 1);
    for (i, m) in listed.iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(text(&months, r, 0), m["month_text"].as_str().unwrap());
        assert_eq!(number(&months, r, 2), Some(as_f64(&m["rounds"])));
        assert_eq!(number(&months, r, 3), Some(as_f64(&m["referred"])));
        assert_eq!(number(&months, r, 6), Some(as_f64(&m["certified"])));
        assert_eq!(number(&months, r, 8), m["remaining"].as_f64());
    }
    let rounds = sheet(&file, "نوبت‌ها");
    for (i, round) in f["rounds"].as_array().unwrap().iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(number(&rounds, r, 0), Some(as_f64(&round["number"])));
        for (c, stage) in ["referred", "enrolled", "attended", "passed", "certified"]
            .iter()
            .enumerate()
        {
            let cell = number(&rounds, r, 5 + c as u32);
            assert_eq!(cell, Some(as_f64(&round["funnel"][stage])), "{stage}");
        }
        let rate = number(&rounds, r, 13).unwrap() * 100.0;
        assert!((rate - as_f64(&round["funnel"]["certified_rate"])).abs() < 1e-9);
    }
    let counties = sheet(&file, "شهرستان");
    for (i, s) in f["by_county"].as_array().unwrap().iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(text(&counties, r, 0), s["label"].as_str().unwrap());
        assert_eq!(number(&counties, r, 1), Some(as_f64(&s["referred"])));
        let percent = number(&counties, r, 3).unwrap() * 100.0;
        assert!((percent - as_f64(&s["percent"])).abs() < 1e-9);
    }
    let cover = sheet(&file, "خلاصه");
    let lines: Vec<String> = (0..cover.height() as u32)
        .map(|r| text(&cover, r, 0))
        .collect();
    for sentence in f["summary"].as_array().unwrap() {
        assert!(lines.contains(&sentence.as_str().unwrap().to_owned()));
    }

    // A folder takes the workbook under the period's name.
    let folder = ok(
        &db,
        &[
            &["report"][..],
            &period,
            &["-o", dir.path().to_str().unwrap(), "--json"],
        ]
        .concat(),
    );
    assert_eq!(folder, f, "--json with -o prints the same figures");
    assert!(dir.path().join("report-1404-07-1405-08.xlsx").exists());

    // Without -o or --json: the headline figures and the sentences.
    let plain = taavon(&db, &[&["report"][..], &period].concat());
    let plain = String::from_utf8_lossy(&plain.stdout).into_owned();
    assert!(plain.contains("معرفی‌ها"), "{plain}");
    assert!(plain.contains(&taavon_core::report::fa_number(referred)));
    assert!(plain.contains(f["summary"][0].as_str().unwrap()), "{plain}");

    // A mistyped month is named, in Persian, and creates no database.
    let fresh = dir.path().join("fresh.db");
    fails(&fresh, &["report", "--from", "1404/13"], 1, "«از ماه»");
    fails(
        &fresh,
        &["report", "--from", "1405/08", "--to", "1404/07"],
        1,
        "«تا ماه» با مقدار «1404/07» پیش از تاریخ شروع است",
    );
    assert!(!fresh.exists());
    let out = taavon(&db, &["report", "--to", "۱۴۰۵/۱۳", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"]["fields"][0]["field"], "to");
}
