//! The `taavon` binary as a script would use it: flags, JSON keys, exit
//! codes, and nothing written on invalid input.

use std::path::Path;
use std::process::{Command, Output};

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
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
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
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let bad = taavon(
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
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("«کد ملی» با مقدار «0684159415»"),
        "{}",
        stderr(&bad)
    );
    let err = json(&bad);
    assert_eq!(err["error"]["code"], "invalid_input");
    assert_eq!(err["error"]["fields"][0]["field"], "national_code");
    let listed = json(&taavon(&db, &["person", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 0);

    let bad_date = taavon(
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
    );
    assert_eq!(bad_date.status.code(), Some(1));
    assert!(
        stderr(&bad_date).contains("«تاریخ تولد» با مقدار «1404/12/30»"),
        "{}",
        stderr(&bad_date)
    );
}

#[test]
fn duplicate_is_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    assert!(taavon(&db, ALI).status.success());
    let again = taavon(&db, ALI);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(json(&again)["error"]["code"], "duplicate");
    assert!(stderr(&again).contains("علی رضایی"));
}

#[test]
fn coop_and_member_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
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

    let bad_field = taavon(&db, &["coop", "add", "--name", "x", "--field", "farming"]);
    assert_eq!(bad_field.status.code(), Some(1));
    assert!(stderr(&bad_field).contains("«زمینه فعالیت» با مقدار «farming»"));
}

#[test]
fn demo_fills_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
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
    let out = taavon(&file.join("t.db"), &["person", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("باز نشد"), "{}", stderr(&out));

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
