//! Merging records entered twice, on an in-memory database: what moves,
//! how collisions become one without losing history, the refusal to keep a
//! record whose identifier fails its checksum over one whose passes, the
//! audit rows, and the totals before and after (no referral lost, the
//! quota's counts unchanged).

use rusqlite::params;
use taavon_core::audit::{self, AuditFilter};
use taavon_core::catalog::CourseInput;
use taavon_core::db::Db;
use taavon_core::demo::{self, DemoConfig};
use taavon_core::ids::NationalCode;
use taavon_core::merge::{self, Mode, OrgMergeInput, PersonMergeInput};
use taavon_core::needs::{self, NeedInput};
use taavon_core::registry::{self, MembershipInput, OrgInput, PersonInput};
use taavon_core::rounds::{self, QuotaInput, RoundInput};

mod common;
use common::{add_course, autumn_campaign, code, nid};

/// The invalid public test vector of PRODUCT.md.
const BAD_NID: &str = "10380284792";
const GOOD_NID: &str = "10380284790";

struct World {
    db: Db,
    kept: i64,
    dup: i64,
    union_a: i64,
    union_b: i64,
    accounting: i64,
    carpet: i64,
    campaign: i64,
    round: i64,
}

fn org(db: &mut Db, name: &str, national_id: Option<&str>, kind: &str) -> i64 {
    let o = OrgInput {
        kind: Some(kind.into()),
        name: name.into(),
        national_id: national_id.map(Into::into),
        field: "production".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_org(tx, &o)).unwrap().id
}

fn person(db: &mut Db, code: &str, last: &str) {
    let p = PersonInput {
        national_code: code.into(),
        first_name: "مریم".into(),
        last_name: last.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_person(tx, &p)).unwrap();
}

fn role(db: &mut Db, code: &str, org: i64, role: &str, start: Option<&str>, end: Option<&str>) {
    let m = MembershipInput {
        national_code: code.into(),
        organization_id: Some(org),
        role: role.into(),
        start_date: start.map(Into::into),
        end_date: end.map(Into::into),
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_membership(tx, &m)).unwrap();
}

fn need(
    db: &mut Db,
    campaign: i64,
    org: i64,
    course: i64,
    requested: &str,
    people: &[&str],
) -> i64 {
    let n = NeedInput {
        campaign_id: campaign,
        organization_id: org,
        target_role: "members".into(),
        course_id: course,
        requested: requested.into(),
        source: "assessment".into(),
        need_level: "3".into(),
        target_month: None,
        notes: None,
    }
    .validate()
    .unwrap();
    let id = db.write(|tx| needs::add_need(tx, &n)).unwrap().id;
    db.write(|tx| needs::approve_all(tx, &[id], "تصویب"))
        .unwrap();
    for c in people {
        db.write(|tx| needs::add_nominee(tx, id, &NationalCode::parse(c).unwrap()))
            .unwrap();
    }
    id
}

fn nominee_id(db: &Db, line: i64, code: &str) -> i64 {
    db.conn()
        .query_row(
            "SELECT m.id FROM nominee m JOIN person p ON p.id = m.person_id
             WHERE m.need_line_id = ?1 AND p.national_code = ?2",
            params![line, code],
            |r| r.get(0),
        )
        .unwrap()
}

fn refer(db: &mut Db, round: i64, line: i64, code: &str) {
    let n = nominee_id(db, line, code);
    db.write(|tx| rounds::add_candidate(tx, round, n, "به درخواست تعاونی", None))
        .unwrap();
}

fn p(i: u32) -> String {
    code(&format!("0{i:02}4567890")[..9])
}

/// Two records of one cooperative: «تعاونی فرش نگین» with a valid national
/// ID and nothing but its name, and «تعاونی فرش نگين» (Arabic yeh) whose ID
/// fails its checksum (typed before IDs were checked) with the registration
/// number and phone. People:
/// - p1 is a member of both, from 1400 in one and 1401 in the other;
/// - p2 is on the staff of the duplicate only;
/// - p3 was a member of the kept one in 1398–1399 and of the duplicate from
///   1402: two periods, both history.
///
/// Both belong to union A; the duplicate also to union B. Both have an
/// accounting need in the same campaign (p1 named on both, p2 on the
/// duplicate's); the duplicate also has a carpet-weaving need. p1 and p2
/// are referred in a round from the duplicate's accounting line.
fn world() -> World {
    let mut db = Db::open_in_memory().unwrap();
    db.write(|tx| {
        rounds::set_quota(
            tx,
            &QuotaInput {
                title: String::new(),
                starts_on: "1405/07/01".into(),
                ends_on: "1406/06/31".into(),
                unit: "seats".into(),
                capacity: "100".into(),
                province_share: None,
                coop_share: None,
            },
        )
    })
    .unwrap();
    let campaign = autumn_campaign(&mut db, "1405", None);
    let course = |db: &mut Db, code: &str, title: &str| {
        add_course(
            db,
            CourseInput {
                code: Some(code.into()),
                title: title.into(),
                theory_hours: Some("40".into()),
                active: true,
                ..Default::default()
            },
        )
    };
    let accounting = course(&mut db, "0343320530020001", "حسابدار عمومی");
    let carpet = course(&mut db, "7-27/62/1/3", "بافنده فرش دستباف");
    let kept = org(&mut db, "تعاونی فرش نگین", Some(GOOD_NID), "cooperative");
    let dup = org(
        &mut db,
        "تعاونی فرش نگين",
        Some(&nid("1010000000")),
        "cooperative",
    );
    db.conn()
        .execute(
            "UPDATE organization SET national_id = ?1, registration_no = '۴۵۶۷', phone = '02155551234' WHERE id = ?2",
            params![BAD_NID, dup],
        )
        .unwrap();
    let union_a = org(
        &mut db,
        "اتحادیه فرش تهران",
        Some(&nid("1030000000")),
        "union",
    );
    let union_b = org(
        &mut db,
        "اتحادیه صنایع دستی",
        Some(&nid("1040000000")),
        "union",
    );
    db.write(|tx| {
        registry::add_union_member(
            tx,
            &taavon_core::ids::NationalId::parse(&nid("1030000000")).unwrap(),
            &taavon_core::ids::NationalId::parse(GOOD_NID).unwrap(),
            None,
        )
    })
    .unwrap();
    // The union memberships of the duplicate, whose ID no form accepts.
    db.conn()
        .execute_batch(&format!(
            "INSERT INTO union_membership (union_id, cooperative_id, start_date, created_at)
             VALUES ({union_a}, {dup}, '2020-01-01', 't'), ({union_b}, {dup}, NULL, 't');"
        ))
        .unwrap();
    for (i, last) in [(1, "احمدی"), (2, "بابایی"), (3, "پاکزاد")] {
        person(&mut db, &p(i), last);
    }
    role(&mut db, &p(1), kept, "member", Some("1401/01/01"), None);
    role(&mut db, &p(1), dup, "member", Some("1400/01/01"), None);
    role(&mut db, &p(2), dup, "staff", Some("1402/01/01"), None);
    role(
        &mut db,
        &p(3),
        kept,
        "member",
        Some("1398/01/01"),
        Some("1399/12/29"),
    );
    role(&mut db, &p(3), dup, "member", Some("1402/01/01"), None);

    need(&mut db, campaign, kept, accounting, "2", &[&p(1)]);
    let dup_line = need(&mut db, campaign, dup, accounting, "3", &[&p(2)]);
    // p1 named on the duplicate's line too: the rule that refuses a second
    // open nomination for one course is the form's, not the data's.
    db.conn()
        .execute(
            "INSERT INTO nominee (need_line_id, person_id, created_at)
             SELECT ?1, id, 't' FROM person WHERE national_code = ?2",
            params![dup_line, p(1)],
        )
        .unwrap();
    need(&mut db, campaign, dup, carpet, "1", &[]);
    let round = db
        .write(|tx| {
            rounds::new_round(
                tx,
                &RoundInput {
                    month: "1405/09".into(),
                    capacity: None,
                    title: None,
                },
            )
        })
        .unwrap()
        .id;
    refer(&mut db, round, dup_line, &p(2));
    World {
        db,
        kept,
        dup,
        union_a,
        union_b,
        accounting,
        carpet,
        campaign,
        round,
    }
}

fn one(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// What must not change with a merge: the referrals by status, and each
/// quota period's used, reserved and remaining seats.
type Totals = (Vec<(String, i64)>, Vec<(i64, i64, i64)>);

fn totals(db: &Db) -> Totals {
    let by_status = db
        .conn()
        .prepare("SELECT status, count(*) FROM referral GROUP BY status ORDER BY status")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let quota = rounds::list_quota(db.conn())
        .unwrap()
        .into_iter()
        .map(|q| (q.used, q.reserved, q.remaining))
        .collect();
    (by_status, quota)
}

fn input(first: i64, second: i64, keep: Option<i64>, reason: &str) -> OrgMergeInput {
    OrgMergeInput {
        first,
        second,
        keep,
        reason: reason.into(),
    }
}

#[test]
fn invalid_national_id_is_never_kept_over_a_valid_one() {
    let mut w = world();
    let err = merge::merge_orgs(
        &mut w.db,
        &input(w.kept, w.dup, Some(w.dup), "تکراری"),
        Mode::Confirm,
    )
    .unwrap_err();
    assert_eq!(err.code(), "refused");
    let text = err.to_string();
    let bad = taavon_core::text::to_persian_digits(BAD_NID);
    assert!(text.contains(&bad), "{text}");
    assert!(text.contains("رقم کنترل آن درست نیست"), "{text}");
    assert!(text.contains("شناسه ملی معتبر دارد"), "{text}");
    assert_eq!(one(&w.db, "SELECT count(*) FROM organization"), 4);

    // Asked which to keep, the core picks the valid one and says it is fixed.
    let preview =
        merge::merge_orgs(&mut w.db, &input(w.kept, w.dup, None, ""), Mode::Preview).unwrap();
    assert_eq!((preview.keep_id, preview.removed_id), (w.kept, w.dup));
    assert!(preview.keep_fixed);
    assert!(preview.first.id_valid);
    assert!(!preview.second.id_valid);
    assert!(preview
        .second
        .id_problem
        .as_deref()
        .unwrap()
        .contains("رقم کنترل"));
}

#[test]
fn a_cooperative_and_a_union_are_not_merged_nor_one_with_itself() {
    let mut w = world();
    let mixed = OrgMergeInput {
        first: w.kept,
        second: w.union_a,
        keep: Some(w.kept),
        reason: "تکراری".into(),
    };
    let err = merge::merge_orgs(&mut w.db, &mixed, Mode::Preview).unwrap_err();
    assert!(err.to_string().contains("دو تعاونی یا دو اتحادیه"), "{err}");
    let same = OrgMergeInput {
        first: w.kept,
        second: w.kept,
        ..mixed
    };
    let err = merge::merge_orgs(&mut w.db, &same, Mode::Preview).unwrap_err();
    assert!(err.to_string().contains("با خودش"), "{err}");
    // A merge needs its reason.
    let err = merge::merge_orgs(
        &mut w.db,
        &input(w.kept, w.dup, Some(w.kept), " "),
        Mode::Confirm,
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(err.field_errors()[0].field.key(), "reason");
}

#[test]
fn preview_tells_what_moves_and_writes_nothing() {
    let mut w = world();
    let log_before = one(&w.db, "SELECT count(*) FROM audit_log");
    let schema_rows = |db: &Db| {
        one(
            db,
            "SELECT (SELECT count(*) FROM membership) * 1000 + (SELECT count(*) FROM need_line) * 100
                  + (SELECT count(*) FROM nominee) * 10 + (SELECT count(*) FROM union_membership)",
        )
    };
    let before = schema_rows(&w.db);
    let preview = merge::merge_orgs(
        &mut w.db,
        &input(w.kept, w.dup, Some(w.kept), ""),
        Mode::Preview,
    )
    .unwrap();
    assert_eq!(preview.audit_id, None);
    assert_eq!(preview.second.counts.roles, 3);
    assert_eq!(preview.second.counts.unions, 2);
    assert_eq!(preview.second.counts.needs, 2);
    assert_eq!(preview.second.counts.nominees, 2);
    assert_eq!(preview.second.counts.referrals, 1);
    // p2's staff role and p3's later period move; p1's overlapping
    // membership becomes one.
    assert_eq!(preview.moved.roles, 2);
    assert_eq!(preview.moved.unions, 1);
    assert_eq!(preview.moved.needs, 1);
    assert_eq!(preview.moved.referrals, 1);
    assert_eq!(preview.collisions.len(), 4, "{:#?}", preview.collisions);
    assert_eq!(preview.filled, vec!["شماره ثبت", "تلفن"]);
    assert_eq!(schema_rows(&w.db), before);
    assert_eq!(one(&w.db, "SELECT count(*) FROM audit_log"), log_before);
    assert_eq!(
        one(
            &w.db,
            &format!("SELECT count(*) FROM organization WHERE id = {}", w.dup)
        ),
        1
    );
}

#[test]
fn merging_cooperatives_moves_everything_and_keeps_history() {
    let mut w = world();
    let before = totals(&w.db);
    let referrals = one(&w.db, "SELECT count(*) FROM referral");
    let done = merge::merge_orgs(
        &mut w.db,
        &input(w.kept, w.dup, None, "همان تعاونی، دو بار ثبت شده"),
        Mode::Confirm,
    )
    .unwrap();
    assert_eq!(done.keep_id, w.kept);
    let (k, dup) = (w.kept, w.dup);

    // Nothing points at the removed record; it is gone.
    for sql in [
        format!("SELECT count(*) FROM organization WHERE id = {dup}"),
        format!("SELECT count(*) FROM membership WHERE organization_id = {dup}"),
        format!("SELECT count(*) FROM union_membership WHERE union_id = {dup} OR cooperative_id = {dup}"),
        format!("SELECT count(*) FROM need_line WHERE organization_id = {dup}"),
        format!("SELECT count(*) FROM referral WHERE organization_id = {dup}"),
    ] {
        assert_eq!(one(&w.db, &sql), 0, "{sql}");
    }

    // p1: one membership, from the earlier start, still open.
    let p1: (Option<String>, Option<String>, i64) = w
        .db
        .conn()
        .query_row(
            "SELECT min(start_date), max(end_date), count(*) FROM membership m JOIN person p ON p.id = m.person_id
             WHERE p.national_code = ?1 AND m.organization_id = ?2",
            params![p(1), k],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(p1, (Some("2021-03-21".into()), None, 1));
    // p3: two separate periods, both kept.
    let p3 = one(
        &w.db,
        &format!(
            "SELECT count(*) FROM membership m JOIN person p ON p.id = m.person_id
             WHERE p.national_code = '{}' AND m.organization_id = {k}",
            p(3)
        ),
    );
    assert_eq!(p3, 2);
    let detail = registry::org_detail_by_id(w.db.conn(), k).unwrap();
    assert_eq!(detail.people.len(), 4);
    let unions: Vec<i64> = detail.unions.iter().map(|u| u.id).collect();
    assert_eq!(unions.len(), 2);
    assert!(unions.contains(&w.union_a) && unions.contains(&w.union_b));
    // The union A membership kept the duplicate's known start.
    let start: Option<String> = w
        .db
        .conn()
        .query_row(
            "SELECT start_date FROM union_membership WHERE union_id = ?1 AND cooperative_id = ?2",
            params![w.union_a, k],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(start.as_deref(), Some("2020-01-01"));

    // The two accounting lines are one, with both nominees, the larger
    // approved count, the referral and both histories; the carpet line
    // moved after the kept one's own on the roadmap.
    let lines = needs::roadmap(w.db.conn(), k).unwrap();
    let titles: Vec<&str> = lines
        .lines
        .iter()
        .map(|l| l.course_title.as_str())
        .collect();
    assert_eq!(titles, ["حسابدار عمومی", "بافنده فرش دستباف"]);
    let accounting = &lines.lines[0];
    assert_eq!(accounting.approved, Some(3));
    assert_eq!(accounting.nominees, 2);
    let nominees = needs::list_nominees(w.db.conn(), accounting.id).unwrap();
    assert_eq!(nominees.len(), 2);
    let history = needs::need_history(w.db.conn(), accounting.id).unwrap();
    assert!(history.len() >= 3, "{history:#?}");
    assert!(history.iter().any(|h| h
        .reason
        .as_deref()
        .unwrap_or_default()
        .contains("همان تعاونی")));
    let referred_line: i64 = one(&w.db, "SELECT need_line_id FROM referral");
    assert_eq!(referred_line, accounting.id);
    assert!(lines.lines[1].position > accounting.position);
    let _ = (w.accounting, w.carpet, w.campaign, w.round);

    // Empty fields of the kept one were filled, and said so.
    let org = registry::get_org_by_id(w.db.conn(), k).unwrap();
    assert_eq!(org.registration_no.as_deref(), Some("۴۵۶۷"));
    assert_eq!(org.phone.as_deref(), Some("02155551234"));
    assert_eq!(org.national_id.as_deref(), Some(GOOD_NID));
    assert_eq!(done.filled, vec!["شماره ثبت", "تلفن"]);

    // Totals: no referral lost, the quota's counts unchanged.
    assert_eq!(one(&w.db, "SELECT count(*) FROM referral"), referrals);
    assert_eq!(totals(&w.db), before);

    // The audit log: the removed row whole, and the merge with its reason.
    let deleted: String = w
        .db
        .conn()
        .query_row(
            "SELECT old_values FROM audit_log WHERE action = 'delete' AND entity = 'organization' AND entity_id = ?1",
            [dup],
            |r| r.get(0),
        )
        .unwrap();
    let deleted: serde_json::Value = serde_json::from_str(&deleted).unwrap();
    assert_eq!(
        deleted["name"], "تعاونی فرش نگین",
        "the yeh was made Persian as typed"
    );
    assert_eq!(deleted["national_id"], BAD_NID);
    assert_eq!(deleted["registration_no"], "۴۵۶۷");
    let log = audit::search(
        w.db.conn(),
        &AuditFilter {
            action: Some("merge".into()),
            ..Default::default()
        },
        Default::default(),
    )
    .unwrap();
    assert_eq!(log.items.len(), 1);
    let row = &log.items[0];
    assert_eq!(Some(row.id), done.audit_id);
    assert_eq!(
        (row.action_label.as_str(), row.entity.as_str()),
        ("ادغام", "organization")
    );
    assert_eq!(row.entity_id, Some(dup));
    let change = |f: &str| row.changes.iter().find(|c| c.field == f).cloned().unwrap();
    assert_eq!(change("merged_into").new, Some(k.to_string()));
    assert_eq!(
        change("reason").new.as_deref(),
        Some("همان تعاونی، دو بار ثبت شده")
    );
    assert_eq!(change("national_id").old.as_deref(), Some(BAD_NID));
    assert_eq!(change("national_id").new.as_deref(), Some(GOOD_NID));
    assert_eq!(change("filled").new.as_deref(), Some("شماره ثبت، تلفن"));
}

#[test]
fn merging_unions_moves_their_member_cooperatives() {
    let mut w = world();
    // Union B is union A entered twice; the kept cooperative belongs to both.
    let both = OrgMergeInput {
        first: w.union_a,
        second: w.union_b,
        keep: Some(w.union_a),
        reason: "اتحادیه تکراری".into(),
    };
    let done = merge::merge_orgs(&mut w.db, &both, Mode::Confirm).unwrap();
    assert!(!done.keep_fixed, "both IDs are valid: the clerk chooses");
    let members = registry::org_detail_by_id(w.db.conn(), w.union_a)
        .unwrap()
        .member_cooperatives;
    assert_eq!(members.len(), 2, "{members:?}");
    assert_eq!(done.collisions.len(), 1, "{:#?}", done.collisions);
    assert!(done.collisions[0].contains("عضو هر دو اتحادیه"));
    assert_eq!(
        one(
            &w.db,
            &format!(
                "SELECT count(*) FROM union_membership WHERE union_id = {}",
                w.union_b
            )
        ),
        0
    );
}

struct People {
    db: Db,
    right: String,
    typo: String,
    line: i64,
    round: i64,
}

/// One woman entered twice: once rightly, once with a mistyped code that
/// fails its checksum, with her mobile and birth date. Both are members of
/// the same cooperative and nominated on the same line; the typo's record
/// was also nominated for carpet weaving and referred for it.
fn people() -> People {
    let w = world();
    let mut db = w.db;
    let right = code("004998877");
    person(&mut db, &right, "رحیمی");
    let typo_valid = code("004998878");
    let p = PersonInput {
        national_code: typo_valid.clone(),
        first_name: "مریم".into(),
        last_name: "رحيمي".into(),
        birth_date: Some("1370/02/03".into()),
        mobile: Some("09121112233".into()),
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_person(tx, &p)).unwrap();
    role(&mut db, &right, w.kept, "member", Some("1402/01/01"), None);
    role(&mut db, &typo_valid, w.kept, "member", None, None);
    role(&mut db, &typo_valid, w.dup, "member", None, None);
    let line: i64 = one(
        &db,
        &format!(
            "SELECT id FROM need_line WHERE organization_id = {} AND course_id = {}",
            w.kept, w.accounting
        ),
    );
    db.conn()
        .execute(
            &format!("UPDATE need_line SET approved = 9 WHERE id = {line}"),
            [],
        )
        .unwrap();
    for c in [&right, &typo_valid] {
        db.write(|tx| needs::add_nominee(tx, line, &NationalCode::parse(c).unwrap()))
            .unwrap();
    }
    let carpet_line: i64 = one(
        &db,
        &format!(
            "SELECT id FROM need_line WHERE organization_id = {} AND course_id = {}",
            w.dup, w.carpet
        ),
    );
    db.write(|tx| needs::add_nominee(tx, carpet_line, &NationalCode::parse(&typo_valid).unwrap()))
        .unwrap();
    refer(&mut db, w.round, carpet_line, &typo_valid);
    // The typo makes the code fail its checksum (it was typed before codes
    // were checked).
    let typo = format!(
        "{}{}",
        &typo_valid[..9],
        (typo_valid.as_bytes()[9] - b'0' + 1) % 10
    );
    db.conn()
        .execute(
            "UPDATE person SET national_code = ?1 WHERE national_code = ?2",
            params![typo, typo_valid],
        )
        .unwrap();
    assert!(NationalCode::parse(&typo).is_err());
    People {
        db,
        right,
        typo,
        line,
        round: w.round,
    }
}

fn people_input(first: &str, second: &str, keep: Option<&str>, reason: &str) -> PersonMergeInput {
    PersonMergeInput {
        first: first.into(),
        second: second.into(),
        keep: keep.map(Into::into),
        reason: reason.into(),
    }
}

#[test]
fn merging_people_moves_roles_nominees_and_referrals() {
    let mut w = people();
    // The mistyped code cannot be kept over the right one.
    let typo = w.typo.clone();
    let err = merge::merge_people(
        &mut w.db,
        &people_input(&w.typo, &w.right, Some(&typo), "x"),
        Mode::Confirm,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("رکورد با کد معتبر نگه داشته می‌شود"),
        "{err}"
    );
    // Neither of the two: named as the field at fault.
    let err = merge::merge_people(
        &mut w.db,
        &people_input(&w.typo, &w.right, Some("0499370899"), "x"),
        Mode::Preview,
    )
    .unwrap_err();
    assert_eq!(err.field_errors()[0].field.key(), "national_code");

    let preview = merge::merge_people(
        &mut w.db,
        &people_input(&w.typo, &w.right, None, ""),
        Mode::Preview,
    )
    .unwrap();
    assert_eq!(preview.keep_code, w.right);
    assert!(preview.keep_fixed);
    assert!(!preview.first.code_valid && preview.second.code_valid);
    assert_eq!(preview.first.counts.roles, 2);
    assert_eq!(preview.first.counts.nominees, 2);
    assert_eq!(preview.first.counts.referrals, 1);

    let before = totals(&w.db);
    let right = w.right.clone();
    let done = merge::merge_people(
        &mut w.db,
        &people_input(
            &w.typo,
            &w.right,
            Some(&right),
            "کد ملی اشتباه تایپ شده بود",
        ),
        Mode::Confirm,
    )
    .unwrap();
    // The member role in the kept cooperative overlapped (one open, one
    // undated): one remains; the staff role moved.
    assert_eq!(done.moved.roles, 1);
    assert_eq!(done.moved.nominees, 1);
    assert_eq!(done.moved.referrals, 1);
    assert_eq!(done.collisions.len(), 2, "{:#?}", done.collisions);
    assert_eq!(done.filled, vec!["تاریخ تولد", "شماره همراه"]);

    let kept =
        registry::person_detail(w.db.conn(), &NationalCode::parse(&w.right).unwrap()).unwrap();
    assert_eq!(kept.memberships.len(), 2);
    assert_eq!(kept.person.mobile.as_deref(), Some("09121112233"));
    assert_eq!(kept.person.birth_date_jalali.as_deref(), Some("1370/02/03"));
    assert_eq!(
        one(
            &w.db,
            &format!(
                "SELECT count(*) FROM nominee WHERE need_line_id = {}",
                w.line
            )
        ),
        2,
        "p1, and the kept person once: the typo's nomination became hers"
    );
    let history = rounds::training_history(w.db.conn(), Some(kept.person.id), None).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].course_title, "بافنده فرش دستباف");
    assert_eq!(totals(&w.db), before);
    assert_eq!(one(&w.db, "SELECT count(*) FROM referral"), 2);
    let _ = w.round;

    let deleted: String =
        w.db.conn()
            .query_row(
                "SELECT old_values FROM audit_log WHERE action = 'delete' AND entity = 'person'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert!(
        deleted.contains(&w.typo) && deleted.contains("09121112233"),
        "{deleted}"
    );
    let (entity_id, new): (i64, String) = w
        .db
        .conn()
        .query_row(
            "SELECT entity_id, new_values FROM audit_log WHERE action = 'merge' AND entity = 'person'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(entity_id, done.first.person.id);
    let new: serde_json::Value = serde_json::from_str(&new).unwrap();
    assert_eq!(new["national_code"], w.right.as_str());
    assert_eq!(new["merged_into"], kept.person.id);
    assert_eq!(new["reason"], "کد ملی اشتباه تایپ شده بود");
}

#[test]
fn two_referrals_to_one_course_in_one_round_refuse_the_merge() {
    let mut w = people();
    // Both records were referred for accounting in the same round.
    for c in [w.right.clone(), w.typo.clone()] {
        let n = nominee_id(&w.db, w.line, &c);
        w.db.conn()
            .execute(
                "INSERT INTO referral (round_id, person_id, organization_id, course_id, need_line_id, rank, added_by, created_at, updated_at)
                 SELECT ?1, m.person_id, n.organization_id, n.course_id, n.id, 9, 'hand', 't', 't'
                 FROM nominee m JOIN need_line n ON n.id = m.need_line_id WHERE m.id = ?2",
                params![w.round, n],
            )
            .unwrap();
    }
    let before = one(&w.db, "SELECT count(*) FROM referral");
    let right = w.right.clone();
    let err = merge::merge_people(
        &mut w.db,
        &people_input(&w.typo, &w.right, Some(&right), "تکراری"),
        Mode::Confirm,
    )
    .unwrap_err();
    assert_eq!(err.code(), "refused");
    assert!(err.to_string().contains("حسابدار عمومی"), "{err}");
    assert_eq!(one(&w.db, "SELECT count(*) FROM referral"), before);
    assert_eq!(one(&w.db, "SELECT count(*) FROM person"), 5);
}

#[test]
fn both_codes_valid_the_clerk_chooses_either() {
    let mut db = Db::open_in_memory().unwrap();
    let (a, b) = (code("004998877"), code("004998887"));
    person(&mut db, &a, "رحیمی");
    person(&mut db, &b, "رحیمی");
    let mut either = PersonMergeInput {
        first: a.clone(),
        second: b.clone(),
        keep: None,
        reason: "تکراری".into(),
    };
    let err = merge::merge_people(&mut db, &either, Mode::Confirm).unwrap_err();
    assert!(err.to_string().contains("کدام نگه داشته شود"), "{err}");
    either.keep = Some(b.clone());
    let done = merge::merge_people(&mut db, &either, Mode::Confirm).unwrap();
    assert!(!done.keep_fixed);
    assert_eq!(done.removed_code, a);
    assert!(registry::find_person_by_stored_code(db.conn(), &a)
        .unwrap()
        .is_none());
    // Persian digits are accepted for the codes.
    let persian = taavon_core::text::to_persian_digits(&b);
    assert!(registry::find_person_by_stored_code(db.conn(), &persian)
        .unwrap()
        .is_some());
}

#[test]
fn sample_data_totals_survive_merges() {
    let mut db = Db::open_in_memory().unwrap();
    demo::generate(
        &mut db,
        &DemoConfig {
            coops: 30,
            people: 400,
            seed: 7,
        },
        &mut |_| true,
    )
    .unwrap();
    let before = totals(&db);
    let referrals = one(&db, "SELECT count(*) FROM referral");
    // The two cooperatives with most referrals, as if one were entered twice.
    let pair: Vec<i64> = db
        .conn()
        .prepare(
            "SELECT o.id FROM organization o JOIN referral r ON r.organization_id = o.id
             WHERE o.kind = 'cooperative' GROUP BY o.id ORDER BY count(*) DESC, o.id LIMIT 2",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let done = merge::merge_orgs(
        &mut db,
        &OrgMergeInput {
            first: pair[0],
            second: pair[1],
            keep: Some(pair[0]),
            reason: "آزمون".into(),
        },
        Mode::Confirm,
    )
    .unwrap();
    assert!(done.moved.referrals > 0);
    assert_eq!(one(&db, "SELECT count(*) FROM referral"), referrals);
    assert_eq!(totals(&db), before);
    let integrity: String = db
        .conn()
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .unwrap_or_else(|_| "ok".into());
    assert_eq!(integrity, "ok");
}
