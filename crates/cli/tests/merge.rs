//! `taavon coop merge` and `taavon person merge` as a script would use
//! them: the preview writes nothing, the refusal to keep an invalid
//! identifier, the merge itself, and its row in the audit log.

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

fn ok(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = taavon(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn audit_rows(db: &Path, action: &str) -> Vec<(i64, String, String)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut stmt = c
        .prepare(
            "SELECT entity_id, coalesce(old_values, ''), coalesce(new_values, '')
             FROM audit_log WHERE action = ?1",
        )
        .unwrap();
    let rows = stmt
        .query_map([action], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows
}

#[test]
fn coop_merge_previews_refuses_the_invalid_id_then_merges() {
    let (_dir, db) = scratch();
    let kept = ok(
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
    // The same cooperative typed again without its national ID, with the
    // registration number the first lacks.
    let dup = ok(
        &db,
        &[
            "coop",
            "add",
            "--name",
            "تعاونی فرش نگين",
            "--field",
            "production",
            "--registration-no",
            "4567",
            "--json",
        ],
    );
    let (k, d) = (kept["id"].as_i64().unwrap(), dup["id"].as_i64().unwrap());
    ok(
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
            "--json",
        ],
    );
    ok(
        &db,
        &[
            "member",
            "add",
            "--national-code",
            "0499370899",
            "--coop-national-id",
            "10380284790",
            "--role",
            "board",
            "--json",
        ],
    );

    // Preview: both side by side, nothing written.
    let d_text = d.to_string();
    let preview = ok(
        &db,
        &[
            "coop",
            "merge",
            "۱۰۳۸۰۲۸۴۷۹۰",
            &d_text,
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(preview["keep_id"], k);
    assert_eq!(preview["keep_fixed"], true);
    assert_eq!(preview["first"]["id_valid"], true);
    assert_eq!(preview["second"]["id_valid"], false);
    assert_eq!(preview["filled"], serde_json::json!(["شماره ثبت"]));
    assert!(preview["audit_id"].is_null());
    let listed = ok(&db, &["coop", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);

    // The one without a valid ID is not kept.
    let refused = taavon(
        &db,
        &[
            "coop",
            "merge",
            "10380284790",
            &d_text,
            "--keep",
            &d_text,
            "--reason",
            "تکراری",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("شناسه ملی معتبر دارد"), "{err}");
    // A merge needs its reason.
    let no_reason = taavon(&db, &["coop", "merge", "10380284790", &d_text]);
    assert_eq!(no_reason.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_reason.stderr).contains("«دلیل»"));

    let done = ok(
        &db,
        &[
            "coop",
            "merge",
            "10380284790",
            &d_text,
            "--reason",
            "دو بار ثبت شده بود",
            "--json",
        ],
    );
    assert!(done["audit_id"].is_i64());
    let listed = ok(&db, &["coop", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let shown = ok(&db, &["coop", "show", "10380284790", "--json"]);
    assert_eq!(shown["registration_no"], "4567");
    assert_eq!(shown["people"].as_array().unwrap().len(), 1);

    let merges = audit_rows(&db, "merge");
    assert_eq!(merges.len(), 1);
    assert_eq!(merges[0].0, d);
    assert!(
        merges[0].2.contains("دو بار ثبت شده بود"),
        "{}",
        merges[0].2
    );
    assert!(
        merges[0].2.contains(&format!("\"merged_into\":{k}")),
        "{}",
        merges[0].2
    );
    let deleted = audit_rows(&db, "delete");
    assert!(deleted
        .iter()
        .any(|(id, old, _)| *id == d && old.contains("4567")));
}

#[test]
fn person_merge_keeps_the_chosen_code_and_moves_the_roles() {
    let (_dir, db) = scratch();
    ok(
        &db,
        &[
            "coop",
            "add",
            "--name",
            "تعاونی نان سحر",
            "--national-id",
            "10380284790",
            "--field",
            "production",
            "--json",
        ],
    );
    let right = national_code("004998877");
    let typo = national_code("004998887");
    for (code, mobile) in [(&right, None), (&typo, Some("09121112233"))] {
        let mut args = vec![
            "person",
            "add",
            "--national-code",
            code,
            "--first-name",
            "مریم",
            "--last-name",
            "رحیمی",
            "--json",
        ];
        if let Some(m) = mobile {
            args.extend(["--mobile", m]);
        }
        ok(&db, &args);
    }
    ok(
        &db,
        &[
            "member",
            "add",
            "--national-code",
            &typo,
            "--coop-national-id",
            "10380284790",
            "--role",
            "member",
            "--json",
        ],
    );

    // Both codes are valid: the clerk must say which is right.
    let unsure = taavon(
        &db,
        &["person", "merge", &right, &typo, "--reason", "تکراری"],
    );
    assert_eq!(unsure.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unsure.stderr).contains("کدام نگه داشته شود"));

    let preview = ok(
        &db,
        &[
            "person",
            "merge",
            &right,
            &typo,
            "--keep",
            &right,
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(preview["keep_fixed"], false);
    assert_eq!(preview["second"]["counts"]["roles"], 1);
    assert_eq!(preview["moved"]["roles"], 1);

    let done = ok(
        &db,
        &[
            "person",
            "merge",
            &right,
            &typo,
            "--keep",
            &right,
            "--reason",
            "کد ملی اشتباه تایپ شده بود",
            "--json",
        ],
    );
    assert_eq!(done["removed_code"], typo.as_str());
    assert_eq!(done["filled"], serde_json::json!(["شماره همراه"]));
    let shown = ok(&db, &["person", "show", &right, "--json"]);
    assert_eq!(shown["mobile"], "09121112233");
    assert_eq!(shown["memberships"].as_array().unwrap().len(), 1);
    let gone = taavon(&db, &["person", "show", &typo]);
    assert_eq!(gone.status.code(), Some(1));

    // The Persian table of a preview shows both codes and their validity.
    let (_dir2, db2) = scratch();
    for code in [&right, &typo] {
        ok(
            &db2,
            &[
                "person",
                "add",
                "--national-code",
                code,
                "--first-name",
                "مریم",
                "--last-name",
                "رحیمی",
                "--json",
            ],
        );
    }
    let table = taavon(
        &db2,
        &[
            "person",
            "merge",
            &right,
            &typo,
            "--keep",
            &typo,
            "--dry-run",
        ],
    );
    assert!(table.status.success());
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("اعتبار کد"), "{text}");
    assert!(text.contains("پیش‌نمایش است؛ چیزی ذخیره نشد"), "{text}");
    let persian = taavon_core::text::to_persian_digits(&typo);
    assert!(text.contains(&persian), "{text}");
}
