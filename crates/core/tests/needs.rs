//! Courses, needs assessment, nominees, suggestions and roadmaps on an
//! in-memory database.

use taavon_core::catalog::{self, CourseFilter, CourseInput, CourseKind, Outcome};
use taavon_core::db::Db;
use taavon_core::ids::NationalCode;
use taavon_core::model::NeedStatus;
use taavon_core::needs::{self, NeedInput};
use taavon_core::registry::{self, MembershipInput, OrgInput, PersonInput};

mod common;
use common::{add_course, autumn_campaign, code};

struct World {
    db: Db,
    campaign: i64,
    coop: i64,
    other_coop: i64,
    carpet: i64,
    accounting: i64,
    law: i64,
}

fn standard(code: &str, title: &str, suits: &str) -> CourseInput {
    CourseInput {
        kind: None,
        code: Some(code.into()),
        title: title.into(),
        cluster: Some("صنایع دستی".into()),
        course_group: Some("فرش".into()),
        theory_hours: Some("40".into()),
        practice_hours: Some("۸۰".into()),
        total_hours: None,
        entry_education: Some("سیکل".into()),
        suits: Some(suits.into()),
        active: true,
    }
}

fn world() -> World {
    let mut db = Db::open_in_memory().unwrap();
    let campaign = autumn_campaign(&mut db, "1404", Some("1404/09/15"));
    let org = |name: &str, nid: Option<&str>, activity: &str, internet: bool| OrgInput {
        name: name.into(),
        national_id: nid.map(Into::into),
        field: "production".into(),
        activity: Some(activity.into()),
        is_internet: internet,
        ..Default::default()
    };
    let coop = org(
        "تعاونی فرش نگین",
        Some("10380284790"),
        "تولید و فروش فرش دستباف",
        true,
    )
    .validate()
    .unwrap();
    let coop = db.write(|tx| registry::add_org(tx, &coop)).unwrap().id;
    let other = org("تعاونی پوشاک البرز", None, "دوخت پوشاک", false)
        .validate()
        .unwrap();
    let other_coop = db.write(|tx| registry::add_org(tx, &other)).unwrap().id;
    let carpet = add_course(
        &mut db,
        standard("7-27/62/1/3", "بافنده فرش دستباف", "production"),
    );
    let accounting = add_course(
        &mut db,
        standard("343320530020001", "حسابدار عمومی", "service"),
    );
    let law = catalog::find_course(db.conn(), "قوانين و مقررات تعاون")
        .unwrap()
        .id;

    for (i, role, org_id) in [
        (0, "member", coop),
        (1, "member", coop),
        (2, "managing_director", coop),
        (3, "member", other_coop),
    ] {
        let person = PersonInput {
            national_code: code(&format!("00123450{i}")),
            first_name: "سارا".into(),
            last_name: format!("نوری{}", ["الف", "ب", "ج", "د"][i]),
            ..Default::default()
        }
        .validate()
        .unwrap();
        db.write(|tx| registry::add_person(tx, &person)).unwrap();
        let m = MembershipInput {
            national_code: person.national_code.to_string(),
            organization_id: Some(org_id),
            role: role.into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        db.write(|tx| registry::add_membership(tx, &m)).unwrap();
    }
    World {
        db,
        campaign,
        coop,
        other_coop,
        carpet,
        accounting,
        law,
    }
}

fn need(campaign: i64, org: i64, course: i64, role: &str, requested: &str) -> NeedInput {
    NeedInput {
        campaign_id: campaign,
        organization_id: org,
        target_role: role.into(),
        course_id: course,
        requested: requested.into(),
        source: "self_applied".into(),
        need_level: "۵".into(),
        target_month: Some("1404/9".into()),
        notes: None,
    }
}

impl World {
    fn add(&mut self, input: NeedInput) -> taavon_core::Result<needs::NeedView> {
        let valid = input.validate()?;
        self.db.write(|tx| needs::add_need(tx, &valid))
    }
}

fn person(i: u32) -> NationalCode {
    NationalCode::parse(&code(&format!("00123450{i}"))).unwrap()
}

#[test]
fn catalogue_keeps_codes_as_text_and_preloads_general_topics() {
    let w = world();
    let general = catalog::search_courses(
        w.db.conn(),
        &CourseFilter {
            kind: Some(CourseKind::General),
            ..Default::default()
        },
    )
    .unwrap();
    let titles: Vec<&str> = general.iter().map(|c| c.title.as_str()).collect();
    for topic in [
        "قوانین و مقررات تعاون",
        "نحوه برگزاری مجامع عمومی",
        "صورت‌های مالی",
        "شیوه مشارکت اعضا",
    ] {
        assert!(titles.contains(&topic), "{topic} in {titles:?}");
    }
    let carpet = catalog::get_course(w.db.conn(), w.carpet).unwrap();
    assert_eq!(
        carpet.code.as_deref(),
        Some("7-27/62/1/3"),
        "codes are never pattern-forced"
    );
    assert_eq!(
        carpet.total_hours,
        Some(120),
        "total computed from theory and practice"
    );
    assert_eq!(carpet.entry_education_label.as_deref(), Some("سیکل"));

    let mut db = w.db;
    let again = standard("7-27/62/1/3", "نام دیگر", "").validate().unwrap();
    let err = db.write(|tx| catalog::add_course(tx, &again)).unwrap_err();
    assert_eq!(err.code(), "duplicate");
    assert!(err.to_string().contains("بافنده فرش دستباف"), "{err}");
    // Upserting the same standard twice changes nothing the second time.
    let same = standard("7-27/62/1/3", "بافنده فرش دستباف", "production")
        .validate()
        .unwrap();
    let (_, outcome) = db.write(|tx| catalog::upsert_course(tx, &same)).unwrap();
    assert_eq!(outcome, Outcome::Unchanged);
    let renamed = standard("7-27/62/1/3", "بافنده فرش دستباف (نقشه‌خوانی)", "production")
        .validate()
        .unwrap();
    assert_eq!(
        db.write(|tx| catalog::upsert_course(tx, &renamed))
            .unwrap()
            .1,
        Outcome::Updated
    );

    let missing = CourseInput {
        title: "بی‌کد".into(),
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    assert_eq!(missing[0].field.key(), "code");
}

#[test]
fn a_need_is_unique_per_campaign_cooperative_role_and_course() {
    let mut w = world();
    let first = w
        .add(need(w.campaign, w.coop, w.carpet, "members", "10"))
        .unwrap();
    assert_eq!(first.status, NeedStatus::Draft);
    assert_eq!(first.target_label.as_deref(), Some("آذر ۱۴۰۴"));
    assert_eq!(first.need_level, 5);
    let err = w
        .add(need(w.campaign, w.coop, w.carpet, "اعضا", "3"))
        .unwrap_err();
    assert_eq!(err.code(), "refused");
    assert!(
        err.to_string().contains("بافنده فرش دستباف") && err.to_string().contains("پیش‌تر"),
        "{err}"
    );
    // Another target group of the same course is a different need.
    w.add(need(w.campaign, w.coop, w.carpet, "managers", "2"))
        .unwrap();

    let bad = NeedInput {
        need_level: "7".into(),
        requested: "0".into(),
        ..need(w.campaign, w.coop, w.law, "all", "1")
    };
    let errors = bad.validate().unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.key()).collect();
    assert_eq!(fields, ["requested", "need_level"]);
}

#[test]
fn status_moves_follow_the_lifecycle_and_keep_history() {
    let mut w = world();
    let line = w
        .add(need(w.campaign, w.coop, w.carpet, "members", "10"))
        .unwrap()
        .id;
    // draft → approved skips a step and is refused, naming what is allowed.
    let err =
        w.db.write(|tx| needs::set_status(tx, line, NeedStatus::Approved, "", None))
            .unwrap_err();
    assert_eq!(err.code(), "refused");
    assert!(
        err.to_string().contains("«پیش‌نویس»") && err.to_string().contains("ارسال‌شده"),
        "{err}"
    );
    w.db.write(|tx| needs::set_status(tx, line, NeedStatus::Submitted, "", None))
        .unwrap();
    let approved =
        w.db.write(|tx| needs::set_status(tx, line, NeedStatus::Approved, "جلسه کارگروه", Some(6)))
            .unwrap();
    assert_eq!(approved.approved, Some(6));
    // More than requested is refused.
    let over = w
        .add(need(w.campaign, w.coop, w.law, "all", "3"))
        .unwrap()
        .id;
    w.db.write(|tx| needs::set_status(tx, over, NeedStatus::Submitted, "", None))
        .unwrap();
    let err =
        w.db.write(|tx| needs::set_status(tx, over, NeedStatus::Approved, "", Some(4)))
            .unwrap_err();
    assert_eq!(err.field_errors()[0].field.key(), "approved");
    // Deferring needs a reason.
    let err =
        w.db.write(|tx| needs::set_status(tx, line, NeedStatus::Deferred, " ", None))
            .unwrap_err();
    assert_eq!(err.field_errors()[0].field.key(), "reason");
    w.db.write(|tx| needs::set_status(tx, line, NeedStatus::Planned, "برای آذر", None))
        .unwrap();
    w.db.write(|tx| needs::set_status(tx, line, NeedStatus::Fulfilled, "", None))
        .unwrap();
    let err =
        w.db.write(|tx| needs::set_status(tx, line, NeedStatus::Draft, "", None))
            .unwrap_err();
    assert!(err.to_string().contains("پایانی"), "{err}");

    let history = needs::need_history(w.db.conn(), line).unwrap();
    let moves: Vec<(Option<NeedStatus>, NeedStatus)> = history
        .iter()
        .map(|h| (h.from_status, h.to_status))
        .collect();
    use NeedStatus::*;
    assert_eq!(
        moves,
        [
            (None, Draft),
            (Some(Draft), Submitted),
            (Some(Submitted), Approved),
            (Some(Approved), Planned),
            (Some(Planned), Fulfilled)
        ]
    );
    assert_eq!(history[2].reason.as_deref(), Some("جلسه کارگروه"));
    assert!(history.iter().all(|h| h.at.ends_with('Z')));
}

#[test]
fn bulk_approval_is_all_or_nothing() {
    let mut w = world();
    let a = w
        .add(need(w.campaign, w.coop, w.carpet, "members", "4"))
        .unwrap()
        .id;
    let b = w
        .add(need(w.campaign, w.other_coop, w.accounting, "all", "2"))
        .unwrap()
        .id;
    let c = w
        .add(need(w.campaign, w.other_coop, w.law, "all", "2"))
        .unwrap()
        .id;
    w.db.write(|tx| needs::set_status(tx, c, NeedStatus::Rejected, "خارج از برنامه", None))
        .unwrap();
    let err =
        w.db.write(|tx| needs::approve_all(tx, &[a, b, c], "تصویب گروهی"))
            .unwrap_err();
    assert_eq!(err.code(), "refused");
    for id in [a, b] {
        assert_eq!(
            needs::get_need(w.db.conn(), id).unwrap().status,
            NeedStatus::Draft,
            "rolled back"
        );
    }
    let done =
        w.db.write(|tx| needs::approve_all(tx, &[a, b], "تصویب گروهی"))
            .unwrap();
    assert!(done
        .iter()
        .all(|n| n.status == NeedStatus::Approved && n.approved == Some(n.requested)));
}

#[test]
fn nominees_fit_the_role_stay_within_the_approved_count_and_are_not_doubled() {
    let mut w = world();
    let line = w
        .add(need(w.campaign, w.coop, w.carpet, "members", "3"))
        .unwrap()
        .id;
    let err =
        w.db.write(|tx| needs::add_nominee(tx, line, &person(0)))
            .unwrap_err();
    assert!(err.to_string().contains("پس از تصویب"), "{err}");
    w.db.write(|tx| needs::approve_all(tx, &[line], ""))
        .unwrap();
    w.db.write(|tx| needs::add_nominee(tx, line, &person(0)))
        .unwrap();
    w.db.write(|tx| needs::add_nominee(tx, line, &person(1)))
        .unwrap();
    // The managing director is not in the "members" group.
    let err =
        w.db.write(|tx| needs::add_nominee(tx, line, &person(2)))
            .unwrap_err();
    assert!(err.to_string().contains("«اعضا»"), "{err}");
    // Someone from another cooperative is refused too.
    let err =
        w.db.write(|tx| needs::add_nominee(tx, line, &person(3)))
            .unwrap_err();
    assert_eq!(err.code(), "refused");

    let one_seat = w
        .add(need(w.campaign, w.coop, w.law, "all", "1"))
        .unwrap()
        .id;
    w.db.write(|tx| needs::approve_all(tx, &[one_seat], ""))
        .unwrap();
    w.db.write(|tx| needs::add_nominee(tx, one_seat, &person(2)))
        .unwrap();
    let err =
        w.db.write(|tx| needs::add_nominee(tx, one_seat, &person(0)))
            .unwrap_err();
    assert!(err.to_string().contains("همه معرفی شده‌اند"), "{err}");

    // The same course for the same person in another open line is refused.
    let managers = w
        .add(need(w.campaign, w.coop, w.carpet, "all", "2"))
        .unwrap()
        .id;
    w.db.write(|tx| needs::approve_all(tx, &[managers], ""))
        .unwrap();
    let err =
        w.db.write(|tx| needs::add_nominee(tx, managers, &person(0)))
            .unwrap_err();
    assert!(
        err.to_string()
            .contains("پیش‌تر برای دوره «بافنده فرش دستباف»"),
        "{err}"
    );
    // Withdrawn from the first line, the person may be named on the second.
    w.db.write(|tx| needs::withdraw_nominee(tx, line, &person(0)))
        .unwrap();
    w.db.write(|tx| needs::add_nominee(tx, managers, &person(0)))
        .unwrap();

    let names = needs::list_nominees(w.db.conn(), line).unwrap();
    assert_eq!(names.iter().filter(|n| n.status == "open").count(), 1);
    assert_eq!(needs::get_need(w.db.conn(), line).unwrap().nominees, 1);
}

#[test]
fn suggestions_explain_themselves() {
    let mut w = world();
    let s = needs::suggest_courses(w.db.conn(), w.coop).unwrap();
    let first = &s[0];
    assert_eq!(first.course.title, "بافنده فرش دستباف");
    assert_eq!(
        first.reason,
        "با موضوع فعالیت در اساسنامه هم‌خوان است: «فرش، دستباف»"
    );
    let digital = s
        .iter()
        .find(|x| x.course.title.contains("بازاریابی دیجیتال"))
        .unwrap();
    assert_eq!(
        digital.reason,
        "تعاونی اینترنتی است: آموزش کسب‌وکار و فروش برخط"
    );
    let law = s.iter().find(|x| x.course.id == w.law).unwrap();
    assert_eq!(
        law.reason,
        "موضوع عمومی همه تعاونی‌ها که این تعاونی هنوز نگذرانده است"
    );
    assert!(
        s.iter().all(|x| x.course.id != w.accounting),
        "a service course does not suit a production cooperative"
    );

    // Once on the roadmap, a course is no longer suggested.
    w.add(need(w.campaign, w.coop, w.law, "all", "5")).unwrap();
    let after = needs::suggest_courses(w.db.conn(), w.coop).unwrap();
    assert!(after.iter().all(|x| x.course.id != w.law));
    // The other cooperative is not internet-based: no digital topics.
    let other = needs::suggest_courses(w.db.conn(), w.other_coop).unwrap();
    assert!(other.iter().all(|x| !x.reason.contains("اینترنتی")));
}

#[test]
fn roadmap_orders_lines_by_month_then_plan_and_counts_people() {
    let mut w = world();
    let late = w
        .add(NeedInput {
            target_month: Some("1404/11".into()),
            ..need(w.campaign, w.coop, w.law, "all", "5")
        })
        .unwrap()
        .id;
    let early = w
        .add(need(w.campaign, w.coop, w.carpet, "members", "3"))
        .unwrap()
        .id;
    let unplanned = w
        .add(NeedInput {
            target_month: None,
            ..need(w.campaign, w.coop, w.accounting, "all", "1")
        })
        .unwrap()
        .id;
    let rejected = w
        .add(need(w.campaign, w.coop, w.carpet, "managers", "1"))
        .unwrap()
        .id;
    w.db.write(|tx| needs::set_status(tx, rejected, NeedStatus::Rejected, "تکراری", None))
        .unwrap();
    w.db.write(|tx| needs::approve_all(tx, &[early], ""))
        .unwrap();
    w.db.write(|tx| needs::add_nominee(tx, early, &person(0)))
        .unwrap();

    let map = needs::roadmap(w.db.conn(), w.coop).unwrap();
    let ids: Vec<i64> = map.lines.iter().map(|l| l.id).collect();
    assert_eq!(ids, [early, late, unplanned]);
    assert_eq!(map.requested, 9);
    assert_eq!(map.approved, 3);
    assert_eq!(map.lines[0].nominees, 1);

    w.db.write(|tx| needs::reorder(tx, w.coop, &[unplanned, late, early]))
        .unwrap();
    let same_month = w
        .add(NeedInput {
            target_month: Some("1404/11".into()),
            ..need(w.campaign, w.coop, w.carpet, "board", "1")
        })
        .unwrap()
        .id;
    w.db.write(|tx| needs::reorder(tx, w.coop, &[same_month, late]))
        .unwrap();
    let ids: Vec<i64> = needs::roadmap(w.db.conn(), w.coop)
        .unwrap()
        .lines
        .iter()
        .map(|l| l.id)
        .collect();
    assert_eq!(
        ids,
        [early, same_month, late, unplanned],
        "within a month the clerk's order holds"
    );
}

#[test]
fn a_person_trained_on_a_line_is_not_named_on_it_again() {
    let mut w = world();
    let line = w
        .add(need(w.campaign, w.coop, w.carpet, "members", "2"))
        .unwrap()
        .id;
    w.db.write(|tx| needs::approve_all(tx, &[line], ""))
        .unwrap();
    w.db.write(|tx| needs::add_nominee(tx, line, &person(0)))
        .unwrap();
    w.db.write(|tx| {
        tx.execute("UPDATE nominee SET status = 'trained'", [])?;
        Ok(())
    })
    .unwrap();
    let err =
        w.db.write(|tx| needs::add_nominee(tx, line, &person(0)))
            .unwrap_err();
    assert!(err.to_string().contains("گذرانده است"), "{err}");
    let names = needs::list_nominees(w.db.conn(), line).unwrap();
    assert_eq!(names[0].status, "trained", "the record of training is kept");
}
