//! Referral rounds on an in-memory database: the ranking and its
//! explanation on a hand-made case, each refusal rule, the quota
//! arithmetic, both lifecycles, and the TVTO sheet read back cell by cell.

use calamine::{Data, Reader};
use taavon_core::catalog::CourseInput;
use taavon_core::db::Db;
use taavon_core::ids::NationalCode;
use taavon_core::model::{ReferralStatus, RoundStatus};
use taavon_core::needs::{self, NeedInput};
use taavon_core::registry::{self, MembershipInput, OrgInput, PersonInput};
use taavon_core::rounds::{
    self, CandidateFilter, QuotaInput, ReferralUpdate, RoundInput, RoundMove,
};
use taavon_core::settings;
use taavon_core::xlsx::{self, ExportOptions};
use taavon_core::Error;

mod common;
use common::{
    add_course, all_candidates, assert_house_style, autumn_campaign, code, is_number, nid,
    zip_entry,
};

struct World {
    db: Db,
    accounting: i64,
    carpet: i64,
}

/// The nominee id of a person (by last name) for a course.
fn nominee(db: &Db, last_name: &str, course: i64) -> i64 {
    db.conn()
        .query_row(
            "SELECT m.id FROM nominee m JOIN person p ON p.id = m.person_id
             JOIN need_line n ON n.id = m.need_line_id WHERE p.last_name = ?1 AND n.course_id = ?2",
            rusqlite::params![last_name, course],
            |r| r.get(0),
        )
        .unwrap()
}

/// Three cooperatives and six people:
/// - «نگین» (small) asked for accounting itself, level 5, approved
///   90 days before Azar 1405: people «الف», «ب», «ج»;
/// - «البرز» (startup), assessed, level 5, approved 30 days before: «د»,
///   who is also named for carpet weaving;
/// - «ری» (inactive), level 5: «ه».
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
                practice_hours: Some("80".into()),
                active: true,
                ..Default::default()
            },
        )
    };
    let accounting = course(&mut db, "0343320530020001", "حسابدار عمومی");
    let carpet = course(&mut db, "7-27/62/1/3", "بافنده فرش دستباف");
    let mut org = |name: &str, national_id: &str, small: bool, startup: bool, status: &str| {
        let o = OrgInput {
            name: name.into(),
            national_id: Some(national_id.to_owned()),
            field: "production".into(),
            county: Some("ورامین".into()),
            is_small: small,
            is_startup: startup,
            status: Some(status.into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        db.write(|tx| registry::add_org(tx, &o)).unwrap().id
    };
    let negin = org("تعاونی فرش نگین", "10380284790", true, false, "active");
    let alborz = org(
        "تعاونی پوشاک البرز",
        &nid("1010000000"),
        false,
        true,
        "active",
    );
    let rey = org(
        "تعاونی خدمات ری",
        &nid("1020000001"),
        false,
        false,
        "inactive",
    );
    let people = [
        ("الف", negin),
        ("ب", negin),
        ("ج", negin),
        ("د", alborz),
        ("ه", rey),
    ];
    for (i, (last, org_id)) in people.iter().enumerate() {
        let p = PersonInput {
            national_code: code(&format!("00{i}123456")),
            first_name: "سارا".into(),
            last_name: (*last).into(),
            father_name: Some("احمد".into()),
            gender: Some("زن".into()),
            birth_date: Some("1365/04/12".into()),
            education: Some("دیپلم".into()),
            mobile: Some("09121234567".into()),
        }
        .validate()
        .unwrap();
        db.write(|tx| registry::add_person(tx, &p)).unwrap();
        let m = MembershipInput {
            national_code: p.national_code.to_string(),
            organization_id: Some(*org_id),
            role: "member".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        db.write(|tx| registry::add_membership(tx, &m)).unwrap();
    }
    let mut need =
        |org_id: i64, course: i64, source: &str, approved_days_before: i64, names: &[&str]| {
            let n = NeedInput {
                campaign_id: campaign,
                organization_id: org_id,
                target_role: "members".into(),
                course_id: course,
                requested: "5".into(),
                source: source.into(),
                need_level: "5".into(),
                target_month: None,
                notes: None,
            }
            .validate()
            .unwrap();
            let id = db.write(|tx| needs::add_need(tx, &n)).unwrap().id;
            db.write(|tx| needs::approve_all(tx, &[id], "تصویب"))
                .unwrap();
            // Azar 1405 starts on 2026-11-22.
            db.conn()
                .execute(
                    "UPDATE need_line SET approved_at = date('2026-11-22', ?1) WHERE id = ?2",
                    rusqlite::params![format!("-{approved_days_before} days"), id],
                )
                .unwrap();
            for name in names {
                let c: String = db
                    .conn()
                    .query_row(
                        "SELECT national_code FROM person WHERE last_name = ?1",
                        [name],
                        |r| r.get(0),
                    )
                    .unwrap();
                db.write(|tx| needs::add_nominee(tx, id, &NationalCode::parse(&c).unwrap()))
                    .unwrap();
            }
        };
    need(negin, accounting, "self_applied", 90, &["الف", "ب", "ج"]);
    need(alborz, accounting, "assessment", 30, &["د"]);
    need(alborz, carpet, "assessment", 30, &["د"]);
    need(rey, accounting, "self_applied", 90, &["ه"]);
    World {
        db,
        accounting,
        carpet,
    }
}

fn new_round(db: &mut Db, month: &str, capacity: Option<&str>) -> i64 {
    db.write(|tx| {
        rounds::new_round(
            tx,
            &RoundInput {
                month: month.into(),
                capacity: capacity.map(Into::into),
                title: None,
            },
        )
    })
    .unwrap()
    .id
}

fn names(db: &Db, round: i64) -> Vec<(String, String)> {
    rounds::referrals(db.conn(), round)
        .unwrap()
        .into_iter()
        .filter(|r| r.status != ReferralStatus::Removed)
        .map(|r| (r.last_name, r.course_title))
        .collect()
}

#[test]
fn candidates_are_ranked_and_each_score_is_explained() {
    let w = world();
    let mut db = w.db;
    let round = new_round(&mut db, "۱۴۰۵/۰۹", Some("3"));
    let list = rounds::candidates(db.conn(), round, &CandidateFilter::default()).unwrap();
    assert_eq!((list.eligible, list.blocked), (5, 1));
    let top: Vec<(&str, i64)> = list
        .items
        .iter()
        .map(|c| (c.full_name.as_str(), c.score))
        .collect();
    // Level 5 (+50), self-applied (+20), never trained (+15), 3 months
    // waiting (+6), small (+5) = 96; the startup's people: 50 + 15 + 2 + 5.
    assert_eq!(
        top,
        [
            ("سارا الف", 96),
            ("سارا ب", 96),
            ("سارا ج", 96),
            ("سارا د", 72),
            ("سارا د", 72),
        ]
    );
    assert_eq!(
        list.items[0].explanation,
        "نیاز سطح ۵: +۵۰، متقاضی: +۲۰، بدون آموزش پیشین: +۱۵، ۳ ماه انتظار: +۶، تعاونی کوچک: +۵"
    );
    assert_eq!(
        list.items[3].explanation,
        "نیاز سطح ۵: +۵۰، بدون آموزش پیشین: +۱۵، ۱ ماه انتظار: +۲، تعاونی نوپا: +۵"
    );

    // With a heavier fairness term the startup's person comes second: one
    // cooperative cannot fill the round.
    let mut s = settings::get(db.conn()).unwrap();
    s.weights.fairness = 30;
    db.write(|tx| settings::save(tx, &s)).unwrap();
    let report = db.write(|tx| rounds::build_round(tx, round)).unwrap();
    assert_eq!(report.added, 3);
    assert_eq!(report.stopped, "ظرفیت نوبت پر شد.");
    let refs = rounds::referrals(db.conn(), round).unwrap();
    let picked: Vec<(&str, i64, i64)> = refs
        .iter()
        .map(|r| (r.last_name.as_str(), r.score, r.rank))
        .collect();
    assert_eq!(picked, [("الف", 96, 1), ("د", 72, 2), ("ب", 66, 3)]);
    assert_eq!(
        refs[2].explanation,
        "نیاز سطح ۵: +۵۰، متقاضی: +۲۰، بدون آموزش پیشین: +۱۵، ۳ ماه انتظار: +۶، تعاونی کوچک: +۵، ۱ نفر دیگر از همین تعاونی در نوبت: −۳۰"
    );
    // «د» is in the round for accounting, so not again for carpet weaving.
    let list = all_candidates(&db, round).unwrap();
    let d_carpet = list.items.iter().find(|c| c.full_name == "سارا د").unwrap();
    assert_eq!(
        d_carpet.blocked.as_deref(),
        Some("در همین نوبت برای دوره «حسابدار عمومی» آمده است.")
    );
}

/// The kept pool answers as a fresh ranking does, for each filter.
fn kept_matches_fresh(cache: &mut rounds::CandidatesCache, db: &Db, round: i64) -> Vec<String> {
    let filters = [
        CandidateFilter::default(),
        CandidateFilter {
            with_blocked: true,
            ..Default::default()
        },
        CandidateFilter {
            text: "الف".into(),
            with_blocked: true,
            ..Default::default()
        },
        CandidateFilter {
            limit: 2,
            ..Default::default()
        },
    ];
    for f in &filters {
        let kept = cache.candidates(db, round, f).unwrap();
        assert_eq!(
            kept,
            rounds::candidates(db.conn(), round, f).unwrap(),
            "{f:?}"
        );
    }
    // What the list shows, to follow the changes by.
    cache
        .candidates(db, round, &filters[1])
        .unwrap()
        .items
        .iter()
        .map(|c| format!("{} {} {}", c.nominee_id, c.score, c.explanation))
        .collect()
}

#[test]
fn the_kept_pool_follows_every_change_and_a_restore() {
    let w = world();
    let (accounting, carpet) = (w.accounting, w.carpet);
    let mut db = w.db;
    let round = new_round(&mut db, "1405/09", Some("3"));
    let other = new_round(&mut db, "1405/10", Some("3"));
    let mut cache = rounds::CandidatesCache::default();
    let first = kept_matches_fresh(&mut cache, &db, round);
    let token = db.change_token().unwrap();
    // Reading changes nothing: the same token, the same answer.
    assert_eq!(kept_matches_fresh(&mut cache, &db, round), first);
    assert_eq!(db.change_token().unwrap(), token);
    // Another round is ranked for itself, and the first one again after it.
    kept_matches_fresh(&mut cache, &db, other);
    assert_eq!(kept_matches_fresh(&mut cache, &db, round), first);

    // A copy of the data as it is now, to restore later.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    taavon_core::backup::save_as(db.conn(), &copy).unwrap();

    // A nominee added: «ب» named for carpet weaving on a new line of «نگین».
    let negin: i64 = db
        .conn()
        .query_row(
            "SELECT id FROM organization WHERE name = 'تعاونی فرش نگین'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let campaign: i64 = db
        .conn()
        .query_row("SELECT id FROM campaign", [], |r| r.get(0))
        .unwrap();
    let n = NeedInput {
        campaign_id: campaign,
        organization_id: negin,
        target_role: "members".into(),
        course_id: carpet,
        requested: "2".into(),
        source: "assessment".into(),
        need_level: "3".into(),
        target_month: None,
        notes: None,
    }
    .validate()
    .unwrap();
    let line = db.write(|tx| needs::add_need(tx, &n)).unwrap().id;
    db.write(|tx| needs::approve_all(tx, &[line], "تصویب"))
        .unwrap();
    let b: String = db
        .conn()
        .query_row(
            "SELECT national_code FROM person WHERE last_name = 'ب'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    db.write(|tx| needs::add_nominee(tx, line, &NationalCode::parse(&b).unwrap()))
        .unwrap();
    let named = kept_matches_fresh(&mut cache, &db, round);
    assert_eq!(named.len(), first.len() + 1);

    // A referral added: «الف» leaves the pool, and the fairness term now
    // costs the other people of «نگین» points.
    let alef = nominee(&db, "الف", accounting);
    let referral = db
        .write(|tx| rounds::add_candidate(tx, round, alef, "", None))
        .unwrap()
        .id;
    let added = kept_matches_fresh(&mut cache, &db, round);
    assert_eq!(added.len(), named.len() - 1);
    assert!(added.iter().any(|c| c.contains("نفر دیگر از همین تعاونی")));

    // The referral removed: the pool is as it was before it.
    db.write(|tx| rounds::remove_referral(tx, referral, "اشتباه"))
        .unwrap();
    assert_eq!(kept_matches_fresh(&mut cache, &db, round), named);

    // The ranking weights changed in the settings.
    let mut s = settings::get(db.conn()).unwrap();
    s.weights.need_level = 20;
    db.write(|tx| settings::save(tx, &s)).unwrap();
    let weighed = kept_matches_fresh(&mut cache, &db, round);
    assert_ne!(weighed, named);

    // The copy restored: the pool is back where it was, though no row was
    // written through the connection.
    taavon_core::backup::restore(&mut db, &copy, &dir.path().join("backups")).unwrap();
    assert_eq!(kept_matches_fresh(&mut cache, &db, round), first);
}

#[test]
fn each_rule_refuses_with_its_reason() {
    let w = world();
    let (accounting, carpet) = (w.accounting, w.carpet);
    let mut db = w.db;
    let first = new_round(&mut db, "1405/09", Some("2"));

    // An inactive cooperative's member.
    let n = nominee(&db, "ه", accounting);
    let err = db
        .write(|tx| rounds::add_candidate(tx, first, n, "", None))
        .unwrap_err();
    assert_eq!(err.code(), "refused");
    assert!(
        err.to_string().contains("«تعاونی خدمات ری» غیرفعال است"),
        "{err}"
    );

    let n = nominee(&db, "الف", accounting);

    db.write(|tx| rounds::add_candidate(tx, first, n, "", None))
        .unwrap();
    let n = nominee(&db, "د", accounting);
    db.write(|tx| rounds::add_candidate(tx, first, n, "", None))
        .unwrap();
    // One course per person per round.
    let n = nominee(&db, "د", carpet);
    let err = db
        .write(|tx| rounds::add_candidate(tx, first, n, "", None))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("در همین نوبت برای دوره «حسابدار عمومی»"),
        "{err}"
    );
    // The round is full: a hard stop that an override with a reason passes.
    let ghaf = nominee(&db, "ب", accounting);
    let err = db
        .write(|tx| rounds::add_candidate(tx, first, ghaf, "", None))
        .unwrap_err();
    assert_eq!(err.code(), "quota_exceeded");
    assert!(err.to_string().contains("ظرفیت این نوبت پر است."), "{err}");
    let added = db
        .write(|tx| rounds::add_candidate(tx, first, ghaf, "درخواست مدیرعامل", Some("کلاس جا دارد")))
        .unwrap();
    let history = rounds::referral_history(db.conn(), added.id).unwrap();
    assert!(
        history[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("کلاس جا دارد"),
        "{history:?}"
    );
    // Locking a round over its capacity needs the override too.
    let err = db
        .write(|tx| rounds::set_round_status(tx, first, RoundStatus::Locked, &RoundMove::default()))
        .unwrap_err();
    assert_eq!(err.code(), "quota_exceeded");
    db.write(|tx| {
        rounds::set_round_status(
            tx,
            first,
            RoundStatus::Locked,
            &RoundMove {
                override_reason: Some("هماهنگ با فنی و حرفه‌ای".into()),
                ..Default::default()
            },
        )
    })
    .unwrap();

    // Waiting in another open round, and already sent for the same course.
    let second = new_round(&mut db, "1405/10", Some("10"));
    let n = nominee(&db, "د", carpet);
    let err = db
        .write(|tx| rounds::add_candidate(tx, second, n, "", None))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("در نوبت ۱ معرفی شده و هنوز منتظر کلاس است"),
        "{err}"
    );
    db.write(|tx| {
        rounds::set_round_status(
            tx,
            first,
            RoundStatus::Sent,
            &RoundMove {
                letter_no: Some("۱۲۳/ص/۱۴۰۵".into()),
                sent_on: Some("1405/09/03".into()),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let list = all_candidates(&db, second).unwrap();
    let alef = list
        .items
        .iter()
        .find(|c| c.full_name == "سارا الف")
        .unwrap();
    assert_eq!(
        alef.blocked.as_deref(),
        Some("پیش‌تر در نوبت ۱ برای همین دوره معرفی شده است.")
    );

    // A person who declines returns to the pool for the next round.
    let refs = rounds::referrals(db.conn(), first).unwrap();
    let d = refs.iter().find(|r| r.last_name == "د").unwrap();
    db.write(|tx| {
        rounds::update_referral(
            tx,
            d.id,
            &ReferralUpdate {
                status: "declined".into(),
                reason: "شغل تازه".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let list = rounds::candidates(db.conn(), second, &CandidateFilter::default()).unwrap();
    assert!(
        list.items
            .iter()
            .any(|c| c.full_name == "سارا د" && c.blocked.is_none()),
        "{:?}",
        list.items
    );
}

#[test]
fn quota_is_counted_from_referrals() {
    let w = world();
    let mut db = w.db;
    let q = &rounds::list_quota(db.conn()).unwrap()[0];
    assert_eq!((q.quota, q.used, q.reserved, q.remaining), (30, 0, 0, 30));
    assert_eq!(q.starts_on_jalali, "1405/07/01");

    // The province's share and the cooperatives' share multiply.
    let changed = db
        .write(|tx| {
            rounds::set_quota(
                tx,
                &QuotaInput {
                    title: "سهمیه ۱۴۰۵".into(),
                    starts_on: "1405/07/01".into(),
                    ends_on: "1406/06/31".into(),
                    unit: "نفر".into(),
                    capacity: "۱۰۰۰".into(),
                    province_share: Some("۲۵".into()),
                    coop_share: Some("30٪".into()),
                },
            )
        })
        .unwrap();
    assert_eq!(changed.quota, 75);
    assert_eq!(
        rounds::list_quota(db.conn()).unwrap().len(),
        1,
        "same start: changed, not added"
    );

    // Overlapping periods are refused; bad numbers name their field.
    let err = db
        .write(|tx| {
            rounds::set_quota(
                tx,
                &QuotaInput {
                    starts_on: "1406/01/01".into(),
                    ends_on: "1406/12/29".into(),
                    capacity: "10".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("هم‌پوشانی"), "{err}");
    let err = db
        .write(|tx| {
            rounds::set_quota(
                tx,
                &QuotaInput {
                    starts_on: "1407/01/01".into(),
                    ends_on: "1407/12/29".into(),
                    capacity: "ده".into(),
                    coop_share: Some("130".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    let fields: Vec<&str> = err.field_errors().iter().map(|f| f.field.key()).collect();
    assert_eq!(fields, ["capacity", "coop_share"]);

    // A round without a capacity takes this month's share of what is left:
    // 75 seats over the 10 months from Azar to Shahrivar.
    let round = new_round(&mut db, "1405/09", None);
    let view = rounds::get_round(db.conn(), round).unwrap();
    assert_eq!(view.capacity, Some(8));
    db.write(|tx| rounds::build_round(tx, round)).unwrap();
    let q = rounds::get_round(db.conn(), round).unwrap().quota.unwrap();
    // Four people may join: «د» only once, «ه»'s cooperative is inactive.
    assert_eq!((q.used, q.reserved, q.remaining), (0, 4, 71));
    lock_and_send(&mut db, round);
    let q = rounds::get_round(db.conn(), round).unwrap().quota.unwrap();
    assert_eq!((q.used, q.reserved, q.remaining), (4, 0, 71));
    let first = rounds::referrals(db.conn(), round).unwrap()[0].id;
    db.write(|tx| {
        rounds::update_referral(
            tx,
            first,
            &ReferralUpdate {
                status: "withdrawn".into(),
                reason: "لغو".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let q = rounds::get_round(db.conn(), round).unwrap().quota.unwrap();
    assert_eq!(
        (q.used, q.remaining),
        (3, 72),
        "a cancelled seat is free again"
    );

    // A course's seats are a limit of their own.
    let period = q.id;
    db.write(|tx| rounds::set_cap(tx, period, Some(w.accounting), None, Some("3")))
        .unwrap();
    let q = rounds::get_quota(db.conn(), period).unwrap();
    assert_eq!(q.caps.len(), 1);
    assert_eq!((q.caps[0].used, q.caps[0].remaining), (3, 0));
    assert_eq!(q.caps[0].name, "حسابدار عمومی");
}

/// Sends a locked round under letter 45/ت on `sent_on`.
fn send(db: &mut Db, round: i64, sent_on: &str) -> Result<(), Error> {
    db.write(|tx| {
        rounds::set_round_status(
            tx,
            round,
            RoundStatus::Sent,
            &RoundMove {
                letter_no: Some("45/ت".into()),
                sent_on: Some(sent_on.into()),
                ..Default::default()
            },
        )
    })
    .map(drop)
}

fn lock_and_send(db: &mut Db, round: i64) {
    db.write(|tx| rounds::set_round_status(tx, round, RoundStatus::Locked, &RoundMove::default()))
        .unwrap();
    send(db, round, "1405/09/10").unwrap();
}

#[test]
fn lifecycles_allow_only_their_moves() {
    let w = world();
    let mut db = w.db;
    let round = new_round(&mut db, "1405/09", Some("5"));
    // Draft → sent skips the lock.
    let err = db
        .write(|tx| rounds::set_round_status(tx, round, RoundStatus::Sent, &RoundMove::default()))
        .unwrap_err();
    assert!(err.to_string().contains("فقط به قفل‌شده"), "{err}");
    // An empty round is not locked.
    let err = db
        .write(|tx| rounds::set_round_status(tx, round, RoundStatus::Locked, &RoundMove::default()))
        .unwrap_err();
    assert!(err.to_string().contains("هیچ نفری ندارد"), "{err}");
    db.write(|tx| rounds::build_round(tx, round)).unwrap();
    let refs = rounds::referrals(db.conn(), round).unwrap();
    // Removing needs a reason; the row stays, marked removed.
    let err = db
        .write(|tx| rounds::remove_referral(tx, refs[0].id, " "))
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field.key(), "reason");
    db.write(|tx| rounds::remove_referral(tx, refs[0].id, "جابه‌جایی به نوبت بعد"))
        .unwrap();
    assert_eq!(names(&db, round).len(), refs.len() - 1);
    // Feedback before sending is refused.
    let err = db
        .write(|tx| {
            rounds::update_referral(
                tx,
                refs[1].id,
                &ReferralUpdate {
                    status: "enrolled".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    assert_eq!(err.code(), "refused");
    // Locked rounds take no changes; unlocking needs a reason.
    db.write(|tx| rounds::set_round_status(tx, round, RoundStatus::Locked, &RoundMove::default()))
        .unwrap();
    let err = db.write(|tx| rounds::build_round(tx, round)).unwrap_err();
    assert!(err.to_string().contains("«قفل‌شده» است"), "{err}");
    let err = db
        .write(|tx| rounds::set_round_status(tx, round, RoundStatus::Draft, &RoundMove::default()))
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field.key(), "reason");
    // Sending needs the letter number.
    let err = db
        .write(|tx| rounds::set_round_status(tx, round, RoundStatus::Sent, &RoundMove::default()))
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field.key(), "letter_no");
    send(&mut db, round, "۱۴۰۵/۰۹/۱۰").unwrap();
    let view = rounds::get_round(db.conn(), round).unwrap();
    assert_eq!(view.sent_on_jalali.as_deref(), Some("1405/09/10"));
    // Their need lines are planned now.
    let planned: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM need_line WHERE status = 'planned'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(planned, 2);

    let live: Vec<i64> = rounds::referrals(db.conn(), round)
        .unwrap()
        .iter()
        .filter(|r| r.status == ReferralStatus::Sent)
        .map(|r| r.id)
        .collect();
    let set = |db: &mut Db, id: i64, status: &str, cert: Option<&str>| {
        db.write(|tx| {
            rounds::update_referral(
                tx,
                id,
                &ReferralUpdate {
                    status: status.into(),
                    certificate_no: cert.map(Into::into),
                    ..Default::default()
                },
            )
        })
    };
    // Attendance comes after enrolment, a certificate after a pass.
    let err = set(&mut db, live[0], "attended_full", None).unwrap_err();
    assert!(err.to_string().contains("فقط به ثبت‌نام‌شده"), "{err}");
    // Reconciling waits for every answer.
    let err = db
        .write(|tx| {
            rounds::set_round_status(tx, round, RoundStatus::Reconciled, &RoundMove::default())
        })
        .unwrap_err();
    assert!(err.to_string().contains("هنوز پاسخی"), "{err}");
    set(&mut db, live[0], "enrolled", None).unwrap();
    set(&mut db, live[0], "حضور کامل", None).unwrap();
    set(&mut db, live[0], "passed", None).unwrap();
    let err = set(&mut db, live[0], "certified", None).unwrap_err();
    assert_eq!(err.field_errors()[0].field.key(), "certificate_no");
    let done = set(&mut db, live[0], "certified", Some("۹۸۷۶۵")).unwrap();
    assert_eq!(done.certificate_no.as_deref(), Some("98765"));
    assert!(done.certificate_on_jalali.is_some());
    let err = set(&mut db, live[0], "failed", None).unwrap_err();
    assert!(err.to_string().contains("وضعیت پایانی"), "{err}");
    let trail: Vec<String> = rounds::referral_history(db.conn(), live[0])
        .unwrap()
        .into_iter()
        .map(|h| h.to_label)
        .collect();
    assert_eq!(
        trail,
        [
            "پیشنهادی",
            "معرفی‌شده",
            "ثبت‌نام‌شده",
            "حضور کامل",
            "قبول",
            "گواهینامه گرفته"
        ]
    );
    // A certificate marks the nominee trained; the person is trained now.
    let trained: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM nominee WHERE status = 'trained'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trained, 1);
    for id in &live[1..] {
        set(&mut db, *id, "waitlisted", None).unwrap();
    }
    db.write(|tx| {
        rounds::set_round_status(tx, round, RoundStatus::Reconciled, &RoundMove::default())
    })
    .unwrap();
    let moves: Vec<String> = rounds::round_history(db.conn(), round)
        .unwrap()
        .into_iter()
        .map(|h| h.to_label)
        .collect();
    assert_eq!(moves, ["پیش‌نویس", "قفل‌شده", "ارسال‌شده", "تطبیق‌شده"]);
    let history = rounds::training_history(db.conn(), Some(done.person_id), None).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].status, ReferralStatus::Certified);
}

#[test]
fn tvto_sheet_reads_back_cell_by_cell() {
    let w = world();
    let mut db = w.db;
    let round = new_round(&mut db, "1405/09", Some("5"));
    db.write(|tx| rounds::build_round(tx, round)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("round.xlsx");
    // A draft may still change: it is not exported.
    let err = xlsx::export_round(db.conn(), round, &path, &ExportOptions::default()).unwrap_err();
    assert!(err.to_string().contains("قفل کنید"), "{err}");
    lock_and_send(&mut db, round);
    let (view, saved) =
        xlsx::export_round(db.conn(), round, &path, &ExportOptions::default()).unwrap();
    assert_eq!(view.file_name, "round-01-1405-09.xlsx");
    assert_eq!(
        (saved.path(), saved.busy.as_deref()),
        (path.as_path(), None)
    );

    let mut book = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), [xlsx::ROUND_SHEET, xlsx::TOTALS_SHEET]);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let row = |r: u32| -> Vec<Data> {
        (0..18)
            .map(|c| range.get_value((r, c)).cloned().unwrap_or_default())
            .collect()
    };
    let headers: Vec<String> = row(0).iter().map(|d| d.to_string()).collect();
    assert_eq!(
        headers,
        [
            "ردیف",
            "نام",
            "نام خانوادگی",
            "نام پدر",
            "کد ملی",
            "تاریخ تولد",
            "جنسیت",
            "تحصیلات",
            "تلفن همراه",
            "نام تعاونی",
            "شناسه ملی تعاونی",
            "زمینه فعالیت",
            "سمت در تعاونی",
            "عنوان دوره",
            "کد استاندارد",
            "شهرستان",
            "اولویت",
            "توضیحات",
        ]
    );
    assert_eq!(range.height(), 5, "header and four people");
    let s = |v: &str| Data::String(v.into());
    let first = row(1);
    assert!(is_number(&first[0], 1.0));
    assert_eq!(first[1], s("سارا"));
    assert_eq!(first[2], s("الف"));
    assert_eq!(first[3], s("احمد"));
    assert_eq!(
        first[4],
        s(&code("000123456")),
        "national code keeps its zeros, as text"
    );
    assert!(code("000123456").starts_with("000"));
    assert_eq!(first[5], s("1365/04/12"), "Jalali birth date as text");
    assert_eq!(first[6], s("زن"));
    assert_eq!(first[7], s("دیپلم"));
    assert_eq!(first[8], s("09121234567"), "mobile as text");
    assert_eq!(first[9], s("تعاونی فرش نگین"));
    assert_eq!(first[10], s("10380284790"));
    assert_eq!(first[11], s("تولیدی"));
    assert_eq!(first[12], s("عضو"));
    assert_eq!(first[13], s("حسابدار عمومی"));
    assert_eq!(
        first[14],
        s("0343320530020001"),
        "a code with a leading zero stays text"
    );
    assert_eq!(first[15], s("ورامین"));
    assert!(is_number(&first[16], 1.0), "priority: first in the ranking");
    assert_eq!(first[17], Data::Empty);
    // Grouped by course: accounting's four people; «د» appears once.
    let people: Vec<String> = (1..5).map(|r| row(r)[2].to_string()).collect();
    assert_eq!(people, ["الف", "ب", "ج", "د"]);

    let totals = book.worksheet_range_at(1).unwrap().unwrap();
    let t = |r: u32, c: u32| totals.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(t(1, 0), s("تعاونی"));
    assert_eq!(
        t(1, 1),
        s("تعاونی پوشاک البرز"),
        "cooperatives in Persian order"
    );
    assert!(is_number(&t(1, 3), 1.0));
    assert_eq!(t(2, 1), s("تعاونی فرش نگین"));
    assert!(is_number(&t(2, 3), 3.0));
    assert!(is_number(&t(2, 4), 360.0), "three people × 120 hours");
    assert_eq!(t(3, 0), s("دوره"));
    assert_eq!(t(3, 2), s("0343320530020001"));
    assert_eq!(t(4, 0), s("جمع کل"));
    assert_eq!(t(4, 1), s("۴ نفر از ۲ تعاونی در ۱ دوره"));
    assert!(is_number(&t(4, 3), 4.0));

    let sheet = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert_house_style(
        &sheet,
        &[
            r#"<autoFilter ref="A1:R5"/>"#,
            // The letter number between LRMs, before the Persian words it
            // follows: a left-to-right line that shows «نوبت ۱، آذر ۱۴۰۵،
            // نامه 45/ت» (see `header_line` in the xlsx layer).
            "\u{200E}\u{200E}45/ت\u{200E} نوبت ۱، آذر ۱۴۰۵، نامه",
        ],
    );
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(styles.contains(r#"<name val="Tahoma"/><family val="2"/><charset val="178"/>"#));
    let core = zip_entry(&path, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>نوبت ۱ معرفی به آموزش فنی و حرفه‌ای، آذر ۱۴۰۵</dc:title>"),
        "{core}"
    );
}

#[test]
fn email_draft_carries_the_sheet_and_opens_as_unsent() {
    let w = world();
    let mut db = w.db;
    let round = new_round(&mut db, "1405/09", Some("5"));
    db.write(|tx| rounds::build_round(tx, round)).unwrap();
    lock_and_send(&mut db, round);
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("round-01-1405-09.xlsx");
    xlsx::export_round(db.conn(), round, &sheet, &ExportOptions::default()).unwrap();
    let err = taavon_core::mail::prepare_email(db.conn(), round, &sheet).unwrap_err();
    assert!(err.to_string().contains("رایانامه"), "{err}");
    let mut s = settings::get(db.conn()).unwrap();
    s.tvto_email = "tehran@tvto.ir".into();
    db.write(|tx| settings::save(tx, &s)).unwrap();
    let eml = taavon_core::mail::prepare_email(db.conn(), round, &sheet).unwrap();
    assert_eq!(eml.path().file_name().unwrap(), "round-01-1405-09.eml");
    let text = std::fs::read_to_string(eml.path()).unwrap();
    assert!(text.contains("To: tehran@tvto.ir\r\n"));
    assert!(text.contains("X-Unsent: 1\r\n"));
    assert!(text.contains("filename=\"round-01-1405-09.xlsx\""));
    // The attachment decodes to the very sheet.
    use base64::Engine;
    let part = text
        .split("filename=\"round-01-1405-09.xlsx\"\r\n\r\n")
        .nth(1)
        .unwrap();
    let encoded: String = part
        .split("--taavon")
        .next()
        .unwrap()
        .split("\r\n")
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap();
    assert_eq!(bytes, std::fs::read(&sheet).unwrap());
}

#[test]
fn quota_needed_before_a_round() {
    let mut db = Db::open_in_memory().unwrap();
    let err = db
        .write(|tx| {
            rounds::new_round(
                tx,
                &RoundInput {
                    month: "1404/13".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field.key(), "month");
    let err = db
        .write(|tx| {
            rounds::new_round(
                tx,
                &RoundInput {
                    month: "1404/09".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    assert!(matches!(err, Error::Refused(_)));
    assert!(err.to_string().contains("آذر ۱۴۰۴"), "{err}");
}
