//! Corrections from the command line: a cooperative leaves a union and
//! joins again, a role is ended and corrected, a need line is edited and
//! its approved head-count changed, a campaign is edited and closed, a
//! provider is edited. Refusals exit 1 in Persian; each change is in the
//! audit log.

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

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = taavon(db, &all);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// Runs `args`, which must exit 1 and say each of `says` on stderr.
fn refused(db: &Path, args: &[&str], says: &[&str]) {
    let out = taavon(db, args);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
    for s in says {
        assert!(stderr(&out).contains(s), "«{s}» not in {}", stderr(&out));
    }
}

/// The newest audit row of `entity`: its action, record id, and the old
/// and new value of `field`.
fn audit(db: &Path, entity: &str, field: &str) -> (String, i64, Option<String>, Option<String>) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT action, entity_id, json_extract(old_values, '$.' || ?2),
                json_extract(new_values, '$.' || ?2)
         FROM audit_log WHERE entity = ?1 ORDER BY id DESC LIMIT 1",
        [entity, field],
        |r| {
            let text = |i: usize| -> rusqlite::Result<Option<String>> {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => None,
                    rusqlite::types::ValueRef::Integer(n) => Some(n.to_string()),
                    v => Some(v.as_str().unwrap().to_owned()),
                })
            };
            Ok((r.get(0)?, r.get(1)?, text(2)?, text(3)?))
        },
    )
    .unwrap()
}

const COOP: &str = "10380284790";

/// A cooperative with a member, a union, a course and a campaign.
fn world(db: &Path) -> String {
    let sara = national_code("001234501");
    ok(
        db,
        &[
            "person",
            "add",
            "--national-code",
            &sara,
            "--first-name",
            "سارا",
            "--last-name",
            "نوری",
        ],
    );
    ok(
        db,
        &[
            "coop",
            "add",
            "--name",
            "تعاونی فرش نگین ورامین",
            "--national-id",
            COOP,
            "--field",
            "production",
        ],
    );
    ok(
        db,
        &[
            "coop",
            "add",
            "--name",
            "اتحادیه فرش دستباف",
            "--national-id",
            "14007785410",
            "--field",
            "production",
            "--kind",
            "union",
        ],
    );
    ok(
        db,
        &[
            "member",
            "add",
            "--national-code",
            &sara,
            "--coop-national-id",
            COOP,
            "--role",
            "member",
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
        ],
    );
    sara
}

#[test]
fn a_cooperative_leaves_a_union_and_joins_again() {
    let (_dir, db) = scratch();
    world(&db);
    let union = "14007785410";
    let joined = ok(
        &db,
        &[
            "coop",
            "join-union",
            "--coop-national-id",
            COOP,
            "--union-national-id",
            union,
            "--start-date",
            "1403/01/01",
        ],
    );
    assert_eq!(joined["active"], true);
    let left = ok(
        &db,
        &[
            "coop",
            "leave-union",
            "--coop-national-id",
            COOP,
            "--union-national-id",
            union,
            "--date",
            "۱۴۰۴/۰۲/۱۰",
        ],
    );
    assert_eq!(left["end_date_jalali"], "1404/02/10");
    assert_eq!(left["active"], false);
    let (action, id, old, new) = audit(&db, "union_membership", "end_date");
    assert_eq!(
        (action.as_str(), id),
        ("update", left["id"].as_i64().unwrap())
    );
    assert_eq!((old, new.as_deref()), (None, Some("2025-04-30")));
    refused(
        &db,
        &[
            "coop",
            "leave-union",
            "--coop-national-id",
            COOP,
            "--union-national-id",
            union,
            "--date",
            "1404/03/01",
        ],
        &["پیش‌تر در تاریخ ۱۴۰۴/۰۲/۱۰ پایان یافته"],
    );
    refused(
        &db,
        &[
            "coop",
            "join-union",
            "--coop-national-id",
            COOP,
            "--union-national-id",
            union,
            "--start-date",
            "1404/01/01",
        ],
        &["تا ۱۴۰۴/۰۲/۱۰ عضو", "پس از آن"],
    );
    let again = ok(
        &db,
        &[
            "coop",
            "join-union",
            "--coop-national-id",
            COOP,
            "--union-national-id",
            union,
            "--start-date",
            "1404/05/01",
        ],
    );
    assert_eq!(again["active"], true);
    assert_eq!(again["id"], left["id"]);
}

#[test]
fn a_role_is_ended_then_corrected_and_an_overlap_refused() {
    let (_dir, db) = scratch();
    let sara = world(&db);
    let detail = ok(&db, &["person", "show", &sara]);
    let id = detail["memberships"][0]["id"].as_i64().unwrap().to_string();

    let ended = ok(&db, &["member", "end", &id, "--date", "1404/06/31"]);
    assert_eq!(ended["end_date_jalali"], "1404/06/31");
    assert_eq!(ended["active"], false);
    let (action, _, old, new) = audit(&db, "membership", "end_date");
    assert_eq!(action, "update");
    assert_eq!((old, new.as_deref()), (None, Some("2025-09-22")));
    refused(
        &db,
        &["member", "end", &id, "--date", "1404/07/01"],
        &["پیش‌تر در تاریخ ۱۴۰۴/۰۶/۳۱ پایان یافته"],
    );
    // The same role again, after the first ended.
    let second = ok(
        &db,
        &[
            "member",
            "add",
            "--national-code",
            &sara,
            "--coop-national-id",
            COOP,
            "--role",
            "member",
            "--start-date",
            "1404/07/01",
        ],
    );
    // The first term stretched over the second: refused, naming the other.
    refused(
        &db,
        &["member", "edit", &id, "--end-date", "1404/08/01"],
        &["از ۱۴۰۴/۰۷/۰۱ تاکنون", "«عضو»", "هم‌زمان"],
    );
    // A correction of the role: the board, from a date.
    let fixed = ok(
        &db,
        &[
            "member",
            "edit",
            &id,
            "--role",
            "board",
            "--start-date",
            "1400/01/01",
        ],
    );
    assert_eq!(fixed["role"], "board");
    assert_eq!(
        fixed["end_date_jalali"], "1404/06/31",
        "what is not given stays"
    );
    let (_, audited, old, new) = audit(&db, "membership", "role");
    assert_eq!(audited.to_string(), id);
    assert_eq!(
        (old.as_deref(), new.as_deref()),
        (Some("member"), Some("board"))
    );
    assert!(second["id"].as_i64().unwrap() > 0);
}

#[test]
fn a_need_line_is_edited_and_its_approved_count_changed_with_a_reason() {
    let (_dir, db) = scratch();
    let sara = world(&db);
    let line = ok(
        &db,
        &[
            "need",
            "add",
            "--campaign",
            "1",
            "--coop-national-id",
            COOP,
            "--role",
            "members",
            "--course",
            "قوانین و مقررات تعاون",
            "--requested",
            "4",
            "--source",
            "assessment",
            "--level",
            "3",
            "--month",
            "1404/09",
        ],
    );
    let id = line["id"].as_i64().unwrap().to_string();
    let edited = ok(
        &db,
        &[
            "need",
            "edit",
            &id,
            "--requested",
            "۶",
            "--level",
            "5",
            "--reason",
            "نامه تعاونی",
        ],
    );
    assert_eq!(edited["requested"], 6);
    assert_eq!(edited["need_level"], 5);
    assert_eq!(
        edited["target_label"], "آذر ۱۴۰۴",
        "what is not given stays"
    );
    let (action, _, old, new) = audit(&db, "need_line", "requested");
    assert_eq!(action, "update");
    assert_eq!((old.as_deref(), new.as_deref()), (Some("4"), Some("6")));
    refused(
        &db,
        &["need", "edit", &id, "--level", "8"],
        &["«سطح نیاز»", "«8»", "بین ۱ و ۵"],
    );

    ok(&db, &["need", "approve", &id, "--reason", "کارگروه"]);
    ok(&db, &["need", "nominate", &id, "--national-code", &sara]);
    refused(
        &db,
        &["need", "edit", &id, "--requested", "9"],
        &["فقط ردیف پیش‌نویس یا ارسال‌شده"],
    );
    refused(
        &db,
        &[
            "need",
            "set-approved",
            &id,
            "--approved",
            "2",
            "--reason",
            " ",
        ],
        &["«دلیل»"],
    );
    let changed = ok(
        &db,
        &[
            "need",
            "set-approved",
            &id,
            "--approved",
            "2",
            "--reason",
            "کاهش سهمیه",
        ],
    );
    assert_eq!(changed["approved"], 2);
    let (_, _, old, new) = audit(&db, "need_line", "approved");
    assert_eq!((old.as_deref(), new.as_deref()), (Some("6"), Some("2")));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let reason: String = conn
        .query_row(
            "SELECT reason FROM need_history WHERE need_line_id = ?1 ORDER BY id DESC LIMIT 1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "کاهش سهمیه (تعداد مصوب: ۶ ← ۲)");
    refused(
        &db,
        &[
            "need",
            "set-approved",
            &id,
            "--approved",
            "0",
            "--reason",
            "کاهش",
        ],
        &["«تعداد مصوب»"],
    );
}

#[test]
fn a_campaign_is_edited_and_closed_and_takes_no_new_lines() {
    let (_dir, db) = scratch();
    world(&db);
    let c = ok(
        &db,
        &[
            "campaign",
            "edit",
            "1",
            "--ends-on",
            "1404/12/29",
            "--owner",
            "واحد آموزش",
        ],
    );
    assert_eq!(c["ends_on_jalali"], "1404/12/29");
    assert_eq!(c["title"], "نیازسنجی پاییز ۱۴۰۴");
    let (_, _, old, new) = audit(&db, "campaign", "owner");
    assert_eq!(
        (old.as_deref(), new.as_deref()),
        (Some("کارشناس آموزش"), Some("واحد آموزش"))
    );
    let closed = ok(&db, &["campaign", "close", "1"]);
    assert_eq!(closed["status"], "closed");
    let (_, _, old, new) = audit(&db, "campaign", "status");
    assert_eq!(
        (old.as_deref(), new.as_deref()),
        (Some("open"), Some("closed"))
    );
    let add = [
        "need",
        "add",
        "--campaign",
        "1",
        "--coop-national-id",
        COOP,
        "--role",
        "members",
        "--course",
        "قوانین و مقررات تعاون",
        "--requested",
        "4",
        "--source",
        "assessment",
        "--level",
        "3",
    ];
    refused(&db, &add, &["بسته شده است", "ردیف تازه نمی‌پذیرد"]);
    refused(&db, &["campaign", "close", "1"], &["هم‌اکنون بسته"]);
    ok(&db, &["campaign", "reopen", "1"]);
    ok(&db, &add);
}

#[test]
fn a_provider_is_edited_and_made_inactive() {
    let (_dir, db) = scratch();
    world(&db);
    let p = ok(
        &db,
        &[
            "provider",
            "add",
            "--name",
            "آموزشگاه فنی البرز",
            "--kind",
            "private",
        ],
    );
    ok(
        &db,
        &[
            "provider",
            "add",
            "--name",
            "مرکز شماره ۱",
            "--kind",
            "public",
        ],
    );
    let id = p["id"].as_i64().unwrap().to_string();
    let fixed = ok(
        &db,
        &[
            "provider",
            "edit",
            &id,
            "--county",
            "ورامین",
            "--licence-no",
            "۱۲۳",
            "--licence-expires",
            "1405/06/31",
            "--active",
            "false",
        ],
    );
    assert_eq!(fixed["name"], "آموزشگاه فنی البرز");
    assert_eq!(fixed["county"], "ورامین");
    assert_eq!(fixed["licence_expires_jalali"], "1405/06/31");
    assert_eq!(fixed["active"], false);
    let (action, _, old, new) = audit(&db, "provider", "active");
    assert_eq!(action, "update");
    assert_eq!((old.as_deref(), new.as_deref()), (Some("1"), Some("0")));
    refused(
        &db,
        &["provider", "edit", &id, "--name", "مرکز شماره ۱"],
        &["مرکز شماره ۱"],
    );
    refused(
        &db,
        &["provider", "edit", &id, "--county", "ناکجا"],
        &["«شهرستان»", "ناکجا"],
    );
    let list = ok(&db, &["provider", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
}
