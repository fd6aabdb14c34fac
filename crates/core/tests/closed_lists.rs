//! A closed list's key read back from the database (a status, kind, role,
//! field, education, an audit action or table) that names no value is an
//! error, never quietly taken as a default: the file was changed by another
//! program, and the clerk must not be shown something else in its place.
//! Each test breaks one key with raw SQL past the schema's CHECK
//! constraints and reads it back.

use taavon_core::catalog::{self, ProviderInput};
use taavon_core::db::Db;
use taavon_core::ids::NationalCode;
use taavon_core::registry::PageRequest;
use taavon_core::rounds;
use taavon_core::{audit, demo, needs, Result};

mod common;

/// Sample data: cooperatives, people, need lines, rounds.
fn sample() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    demo::generate(
        &mut db,
        &demo::DemoConfig {
            coops: 8,
            people: 60,
            seed: 1,
        },
        &mut |_| true,
    )
    .unwrap();
    db
}

/// Runs `sql` with the CHECK constraints off, as another program might.
fn corrupt(db: &Db, sql: &str) {
    db.conn()
        .execute_batch(&format!("PRAGMA ignore_check_constraints = ON; {sql}"))
        .unwrap();
}

fn one(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// `read` works before the key is broken and fails with a storage error
/// after.
fn check<T: std::fmt::Debug>(db: &Db, sql: &str, read: impl Fn(&Db) -> Result<T>) {
    read(db).expect("readable before");
    corrupt(db, sql);
    let err = read(db).expect_err("an unknown key is an error");
    assert_eq!(err.code(), "storage", "{err:?}");
}

#[test]
fn an_unknown_status_in_the_database_is_an_error_not_a_default() {
    let mut db = taavon_core::db::Db::open_in_memory().unwrap();
    taavon_core::demo::generate(
        &mut db,
        &taavon_core::demo::DemoConfig {
            coops: 5,
            people: 20,
            seed: 1,
        },
        &mut |_| true,
    )
    .unwrap();
    let id: i64 = db
        .conn()
        .query_row("SELECT min(id) FROM organization", [], |r| r.get(0))
        .unwrap();
    assert!(taavon_core::registry::get_org_by_id(db.conn(), id).is_ok());
    db.conn()
        .execute_batch(&format!(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE organization SET status = 'frozen' WHERE id = {id};"
        ))
        .unwrap();
    let err = taavon_core::registry::get_org_by_id(db.conn(), id).unwrap_err();
    assert_eq!(err.code(), "storage", "{err:?}");
}

#[test]
fn an_unknown_course_kind_or_entry_education_is_an_error() {
    let db = sample();
    let id = one(&db, "SELECT min(id) FROM course");
    check(
        &db,
        &format!("UPDATE course SET kind = 'elective' WHERE id = {id}"),
        |db| catalog::get_course(db.conn(), id),
    );
    let db = sample();
    check(
        &db,
        &format!("UPDATE course SET entry_education = 'phd-ish' WHERE id = {id}"),
        |db| catalog::get_course(db.conn(), id),
    );
}

#[test]
fn an_unknown_provider_kind_is_an_error() {
    let mut db = sample();
    db.write(|tx| {
        catalog::add_provider(
            tx,
            &ProviderInput {
                kind: "private".into(),
                name: "آموزشگاه فنی البرز".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    check(&db, "UPDATE provider SET kind = 'charity'", |db| {
        catalog::list_providers(db.conn())
    });
}

#[test]
fn an_unknown_role_is_an_error_when_a_nominee_is_checked() {
    let mut db = sample();
    let need = one(
        &db,
        "SELECT min(id) FROM need_line WHERE status = 'approved'",
    );
    let (person, org, code): (i64, i64, String) = db
        .conn()
        .query_row(
            "SELECT m.person_id, m.organization_id, p.national_code FROM membership m
             JOIN person p ON p.id = m.person_id
             JOIN need_line n ON n.organization_id = m.organization_id
             WHERE n.id = ?1 LIMIT 1",
            [need],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let code = NationalCode::parse(&code).unwrap();
    corrupt(
        &db,
        &format!(
            "UPDATE membership SET role = 'janitor' WHERE person_id = {person} AND organization_id = {org}"
        ),
    );
    // Before, the unknown role was dropped and the person refused as
    // holding no role; now the broken key itself is the answer.
    let err = db
        .write(|tx| needs::add_nominee(tx, need, &code))
        .unwrap_err();
    assert_eq!(err.code(), "storage", "{err:?}");
}

/// The newest round, whose candidates are read with their roles, their
/// cooperative's status, the need's source and the other rounds' statuses.
fn candidates_of_newest_round(db: &Db) -> Result<rounds::CandidateList> {
    let round = one(db, "SELECT max(id) FROM referral_round");
    let list = common::all_candidates(db, round)?;
    assert!(!list.items.is_empty(), "the sample has candidates");
    Ok(list)
}

#[test]
fn an_unknown_key_behind_a_candidate_is_an_error() {
    for sql in [
        "UPDATE membership SET role = 'janitor'",
        "UPDATE organization SET status = 'frozen'",
        "UPDATE need_line SET source = 'rumour'",
        "UPDATE referral_round SET status = 'lost'",
    ] {
        let db = sample();
        check(&db, sql, candidates_of_newest_round);
    }
}

#[test]
fn an_unknown_status_in_a_history_is_an_error() {
    let db = sample();
    let referral = one(&db, "SELECT max(referral_id) FROM referral_history");
    check(
        &db,
        &format!("UPDATE referral_history SET to_status = 'lost' WHERE referral_id = {referral}"),
        |db| rounds::referral_history(db.conn(), referral),
    );
    let round = one(&db, "SELECT max(round_id) FROM round_history");
    check(
        &db,
        &format!(
            "UPDATE round_history SET from_status = 'lost' WHERE round_id = {round} AND from_status IS NOT NULL"
        ),
        |db| rounds::round_history(db.conn(), round),
    );
}

#[test]
fn an_unknown_action_or_table_in_the_audit_log_is_an_error() {
    let read = |db: &Db| audit::search(db.conn(), &Default::default(), PageRequest::default());
    let db = sample();
    check(
        &db,
        "INSERT INTO audit_log (at, action, entity) VALUES ('2026-01-01T00:00:00Z', 'insert', 'ghost')",
        read,
    );
    let db = sample();
    check(
        &db,
        "INSERT INTO audit_log (at, action, entity) VALUES ('2026-01-01T00:00:00Z', 'shred', 'person')",
        read,
    );
}

/// The other side of the audit log's strictness: every table the triggers
/// log has a label.
#[test]
fn every_audited_table_has_a_label() {
    let db = Db::open_in_memory().unwrap();
    let tables: Vec<String> = db
        .conn()
        .prepare("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!tables.is_empty());
    for table in tables {
        assert!(
            audit::ENTITIES.iter().any(|(k, _)| *k == table),
            "{table} has no label in audit::ENTITIES"
        );
    }
}
