//! Everyday corrections of the register on an in-memory database: a
//! cooperative leaving and joining a union again, a role ended or
//! corrected, a need line edited, an approved head-count changed, a
//! campaign edited and closed, a provider edited. Each is checked in the
//! audit log, and a need line's in its history too.

use taavon_core::audit::{self, AuditFilter, AuditRow};
use taavon_core::catalog::{self, ProviderInput};
use taavon_core::db::Db;
use taavon_core::error::Field;
use taavon_core::ids::NationalCode;
use taavon_core::jalali::parse_jalali;
use taavon_core::model::NeedStatus;
use taavon_core::needs::{self, CampaignInput, NeedEdit, NeedInput, NeedView};
use taavon_core::registry::{
    self, MembershipEdit, MembershipInput, MembershipView, OrgInput, PageRequest, PersonInput,
};
use taavon_core::Error;

mod common;
use common::{autumn_campaign, code, nid};

/// The newest audit row of `entity`.
fn last_audit(db: &Db, entity: &str) -> AuditRow {
    audit::search(
        db.conn(),
        &AuditFilter {
            entity: Some(entity.into()),
            ..Default::default()
        },
        PageRequest {
            page: 1,
            page_size: 1,
        },
    )
    .unwrap()
    .items
    .remove(0)
}

/// The old and new value of `field` in an audit row.
fn change(row: &AuditRow, field: &str) -> (Option<String>, Option<String>) {
    let c = row
        .changes
        .iter()
        .find(|c| c.field == field)
        .unwrap_or_else(|| panic!("{field} not among {:?}", row.changes));
    (c.old.clone(), c.new.clone())
}

fn refused(err: Error, says: &[&str]) {
    assert_eq!(err.code(), "refused", "{err}");
    let text = err.to_string();
    for s in says {
        assert!(text.contains(s), "«{s}» not in: {text}");
    }
}

fn field_error(err: Error, field: &str) -> String {
    let f = err
        .field_errors()
        .iter()
        .find(|f| f.field.key() == field)
        .unwrap_or_else(|| panic!("no {field} error in {err}"));
    f.message_as(f.field.label())
}

fn date(raw: &str) -> chrono::NaiveDate {
    parse_jalali(raw, Field::EndDate).unwrap()
}

fn add_org(db: &mut Db, name: &str, national_id: Option<String>, union: bool) -> i64 {
    let org = OrgInput {
        kind: union.then(|| "union".to_owned()),
        name: name.into(),
        national_id,
        field: "production".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_org(tx, &org)).unwrap().id
}

fn add_person(db: &mut Db, first9: &str, last: &str) -> String {
    let p = PersonInput {
        national_code: code(first9),
        first_name: "سارا".into(),
        last_name: last.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_person(tx, &p)).unwrap();
    code(first9)
}

fn add_role(
    db: &mut Db,
    national_code: &str,
    org: i64,
    role: &str,
    start: Option<&str>,
    end: Option<&str>,
) -> taavon_core::Result<MembershipView> {
    let m = MembershipInput {
        national_code: national_code.into(),
        organization_id: Some(org),
        role: role.into(),
        start_date: start.map(Into::into),
        end_date: end.map(Into::into),
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_membership(tx, &m))
}

// ---------------------------------------------------------------------------
// Unions

#[test]
fn a_cooperative_leaves_a_union_on_a_date_and_joins_again_later() {
    let mut db = Db::open_in_memory().unwrap();
    let union = add_org(&mut db, "اتحادیه فرش دستباف", Some(nid("1010328001")), true);
    let coop = add_org(
        &mut db,
        "تعاونی فرش نگین",
        Some("10380284790".into()),
        false,
    );

    let joined = db
        .write(|tx| registry::join_union(tx, union, coop, Some(date("1403/02/01"))))
        .unwrap();
    assert!(joined.active);
    assert_eq!(joined.start_date_jalali.as_deref(), Some("1403/02/01"));
    // Still a member: joining twice is refused.
    refused(
        db.write(|tx| registry::join_union(tx, union, coop, None))
            .unwrap_err(),
        &["هم‌اکنون عضو", "«اتحادیه فرش دستباف»", "۱۴۰۳/۰۲/۰۱"],
    );
    // Leaving before joining is a date error, named by its field.
    let err = db
        .write(|tx| registry::leave_union(tx, union, coop, date("1402/12/01")))
        .unwrap_err();
    assert!(field_error(err, "end_date").contains("پیش از تاریخ شروع"));

    let left = db
        .write(|tx| registry::leave_union(tx, union, coop, date("1404/03/15")))
        .unwrap();
    assert!(!left.active);
    assert_eq!(left.id, joined.id, "the row is kept");
    assert_eq!(left.end_date.as_deref(), Some("2025-06-05"));
    let row = last_audit(&db, "union_membership");
    assert_eq!(row.action, "update");
    assert_eq!(row.entity_id, Some(joined.id));
    assert_eq!(change(&row, "end_date"), (None, Some("2025-06-05".into())));

    // Leaving twice is refused, naming the day it ended.
    refused(
        db.write(|tx| registry::leave_union(tx, union, coop, date("1404/04/01")))
            .unwrap_err(),
        &["پیش‌تر", "۱۴۰۴/۰۳/۱۵"],
    );
    // The detail lists current unions only; the links keep the period.
    let detail = registry::org_detail_by_id(db.conn(), coop).unwrap();
    assert!(detail.unions.is_empty());
    let links = registry::union_links(db.conn(), coop).unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].end_date_jalali.as_deref(), Some("1404/03/15"));
    assert_eq!(registry::union_links(db.conn(), union).unwrap(), links);

    // Joining again must start after the day it left.
    refused(
        db.write(|tx| registry::join_union(tx, union, coop, Some(date("1404/03/10"))))
            .unwrap_err(),
        &["تا ۱۴۰۴/۰۳/۱۵ عضو", "پس از آن"],
    );
    let again = db
        .write(|tx| registry::join_union(tx, union, coop, Some(date("1404/05/01"))))
        .unwrap();
    assert!(again.active);
    assert_eq!(again.id, joined.id);
    assert_eq!(again.end_date, None);
    let row = last_audit(&db, "union_membership");
    assert_eq!(change(&row, "end_date"), (Some("2025-06-05".into()), None));
    assert_eq!(
        change(&row, "start_date"),
        (Some("2024-04-20".into()), Some("2025-07-23".into()))
    );
    let detail = registry::org_detail_by_id(db.conn(), union).unwrap();
    assert_eq!(detail.member_cooperatives[0].name, "تعاونی فرش نگین");
}

#[test]
fn only_a_cooperative_leaves_only_a_union_it_is_in() {
    let mut db = Db::open_in_memory().unwrap();
    let union = add_org(&mut db, "اتحادیه پوشاک", None, true);
    let coop = add_org(&mut db, "تعاونی پوشاک البرز", None, false);
    refused(
        db.write(|tx| registry::leave_union(tx, union, coop, date("1404/01/01")))
            .unwrap_err(),
        &["«تعاونی پوشاک البرز» عضو «اتحادیه پوشاک» نیست"],
    );
    refused(
        db.write(|tx| registry::join_union(tx, coop, union, None))
            .unwrap_err(),
        &["اتحادیه نیست"],
    );
}

// ---------------------------------------------------------------------------
// Roles

#[test]
fn a_role_ends_on_a_date_and_the_same_role_may_follow_it() {
    let mut db = Db::open_in_memory().unwrap();
    let coop = add_org(&mut db, "تعاونی فرش نگین", None, false);
    let sara = add_person(&mut db, "001234501", "نوری");
    let md = add_role(
        &mut db,
        &sara,
        coop,
        "managing_director",
        Some("1401/01/15"),
        None,
    )
    .unwrap();

    let err = db
        .write(|tx| registry::end_membership(tx, md.id, date("1400/12/01")))
        .unwrap_err();
    assert!(field_error(err, "end_date").contains("پیش از تاریخ شروع"));

    let ended = db
        .write(|tx| registry::end_membership(tx, md.id, date("1403/06/31")))
        .unwrap();
    assert!(!ended.active);
    assert_eq!(ended.end_date_jalali.as_deref(), Some("1403/06/31"));
    let row = last_audit(&db, "membership");
    assert_eq!(
        (row.action.as_str(), row.entity_id),
        ("update", Some(md.id))
    );
    assert_eq!(change(&row, "end_date"), (None, Some("2024-09-21".into())));

    refused(
        db.write(|tx| registry::end_membership(tx, md.id, date("1404/01/01")))
            .unwrap_err(),
        &["«مدیرعامل»", "پیش‌تر در تاریخ ۱۴۰۳/۰۶/۳۱ پایان یافته"],
    );

    // A new term in the same role after the old one ended is allowed, and
    // so is another role meanwhile; the same role overlapping is refused.
    let second = add_role(
        &mut db,
        &sara,
        coop,
        "managing_director",
        Some("1403/07/01"),
        None,
    )
    .unwrap();
    assert!(second.active);
    add_role(&mut db, &sara, coop, "board", Some("1402/01/01"), None).unwrap();
    refused(
        add_role(
            &mut db,
            &sara,
            coop,
            "managing_director",
            Some("1404/01/01"),
            None,
        )
        .unwrap_err(),
        &["«مدیرعامل»", "ثبت شده است"],
    );
    let code = NationalCode::parse(&sara).unwrap();
    assert_eq!(
        registry::person_detail(db.conn(), &code)
            .unwrap()
            .memberships
            .len(),
        3
    );
}

#[test]
fn a_corrected_role_may_not_overlap_the_same_role() {
    let mut db = Db::open_in_memory().unwrap();
    let coop = add_org(&mut db, "تعاونی فرش نگین", None, false);
    let sara = add_person(&mut db, "001234501", "نوری");
    let first = add_role(
        &mut db,
        &sara,
        coop,
        "board",
        Some("1400/01/01"),
        Some("1402/12/29"),
    )
    .unwrap();
    let member = add_role(&mut db, &sara, coop, "member", Some("1400/01/01"), None).unwrap();

    let edit = |role: &str, start: Option<&str>, end: Option<&str>| {
        MembershipEdit {
            role: role.into(),
            start_date: start.map(Into::into),
            end_date: end.map(Into::into),
        }
        .validate()
        .unwrap()
    };
    // The member's row corrected to the board from 1402: overlaps the first term.
    let overlap = edit("board", Some("1402/06/01"), None);
    refused(
        db.write(|tx| registry::update_membership(tx, member.id, &overlap))
            .unwrap_err(),
        &["از ۱۴۰۰/۰۱/۰۱ تا ۱۴۰۲/۱۲/۲۹", "«عضو هیئت‌مدیره»", "هم‌زمان"],
    );
    // Starting after the first term ended is a correction that stands.
    let fixed = edit("board", Some("1403/01/01"), None);
    let view = db
        .write(|tx| registry::update_membership(tx, member.id, &fixed))
        .unwrap();
    assert_eq!(view.role_label, "عضو هیئت‌مدیره");
    assert_eq!(view.start_date_jalali.as_deref(), Some("1403/01/01"));
    let row = last_audit(&db, "membership");
    assert_eq!(row.entity_id, Some(member.id));
    assert_eq!(
        change(&row, "role"),
        (Some("member".into()), Some("board".into()))
    );
    // A row may be corrected in itself (its own period is not a conflict).
    let longer = edit("board", Some("1399/07/01"), Some("1402/12/29"));
    db.write(|tx| registry::update_membership(tx, first.id, &longer))
        .unwrap();
    // End before start is named by its field before anything is read.
    let bad = MembershipEdit {
        role: "board".into(),
        start_date: Some("1403/01/01".into()),
        end_date: Some("1402/01/01".into()),
    }
    .validate()
    .unwrap_err();
    assert_eq!(bad[0].field.key(), "end_date");
}

// ---------------------------------------------------------------------------
// Need lines

struct Needs {
    db: Db,
    campaign: i64,
    coop: i64,
    carpet: i64,
    law: i64,
    members: Vec<String>,
}

fn needs_world() -> Needs {
    let mut db = Db::open_in_memory().unwrap();
    let campaign = autumn_campaign(&mut db, "1404", Some("1404/09/15"));
    let coop = add_org(
        &mut db,
        "تعاونی فرش نگین",
        Some("10380284790".into()),
        false,
    );
    let carpet = common::add_course(
        &mut db,
        catalog::CourseInput {
            code: Some("7-27/62/1/3".into()),
            title: "بافنده فرش دستباف".into(),
            theory_hours: Some("40".into()),
            practice_hours: Some("80".into()),
            active: true,
            ..Default::default()
        },
    );
    let law = catalog::find_course(db.conn(), "قوانین و مقررات تعاون")
        .unwrap()
        .id;
    let mut members = Vec::new();
    for (i, last) in ["نوری", "کاظمی", "رضایی"].iter().enumerate() {
        let c = add_person(&mut db, &format!("00123450{i}"), last);
        add_role(&mut db, &c, coop, "member", None, None).unwrap();
        members.push(c);
    }
    Needs {
        db,
        campaign,
        coop,
        carpet,
        law,
        members,
    }
}

impl Needs {
    fn add(&mut self, course: i64, role: &str) -> taavon_core::Result<NeedView> {
        let n = NeedInput {
            campaign_id: self.campaign,
            organization_id: self.coop,
            target_role: role.into(),
            course_id: course,
            requested: "5".into(),
            source: "assessment".into(),
            need_level: "3".into(),
            target_month: Some("1404/09".into()),
            notes: None,
        }
        .validate()?;
        self.db.write(|tx| needs::add_need(tx, &n))
    }

    fn edit_of(&self, line: &NeedView) -> NeedEdit {
        NeedEdit {
            target_role: line.target_role.key().into(),
            course_id: line.course_id,
            requested: line.requested.to_string(),
            source: line.source.key().into(),
            need_level: line.need_level.to_string(),
            target_month: Some("1404/09".into()),
            notes: line.notes.clone(),
            reason: String::new(),
        }
    }

    fn history(&self, id: i64) -> Vec<needs::HistoryEntry> {
        needs::need_history(self.db.conn(), id).unwrap()
    }
}

#[test]
fn a_draft_or_submitted_need_line_is_corrected_with_its_history() {
    let mut w = needs_world();
    let line = w.add(w.carpet, "members").unwrap();
    let mut edit = w.edit_of(&line);
    edit.requested = "۸".into();
    edit.need_level = "5".into();
    edit.target_month = Some("۱۴۰۴/۱۰".into());
    edit.notes = Some("به درخواست مدیرعامل".into());
    edit.reason = "نامه شماره ۱۲".into();
    let fixed =
        w.db.write(|tx| needs::update_need(tx, line.id, &edit))
            .unwrap();
    assert_eq!(fixed.requested, 8);
    assert_eq!(fixed.need_level, 5);
    assert_eq!(fixed.target_label.as_deref(), Some("دی ۱۴۰۴"));
    assert_eq!(fixed.notes.as_deref(), Some("به درخواست مدیرعامل"));
    let h = w.history(line.id);
    let last = h.last().unwrap();
    assert_eq!(last.to_status, NeedStatus::Draft);
    let reason = last.reason.as_deref().unwrap();
    for part in [
        "نامه شماره ۱۲",
        "تعداد درخواستی: ۵ ← ۸",
        "سطح نیاز: ۳ ← ۵",
        "ماه هدف: آذر ۱۴۰۴ ← دی ۱۴۰۴",
    ] {
        assert!(reason.contains(part), "«{part}» not in {reason}");
    }
    let row = last_audit(&w.db, "need_line");
    assert_eq!(
        (row.action.as_str(), row.entity_id),
        ("update", Some(line.id))
    );
    assert_eq!(
        change(&row, "requested"),
        (Some("5".into()), Some("8".into()))
    );

    // Nothing changed: nothing written.
    let edit = w.edit_of(&fixed);
    let edit = NeedEdit {
        target_month: Some("1404/10".into()),
        ..edit
    };
    w.db.write(|tx| needs::update_need(tx, line.id, &edit))
        .unwrap();
    assert_eq!(w.history(line.id).len(), h.len());

    // Submitted: the course and the target group may change too.
    w.db.write(|tx| needs::set_status(tx, line.id, NeedStatus::Submitted, "", None))
        .unwrap();
    let mut edit = w.edit_of(&fixed);
    edit.course_id = w.law;
    edit.target_role = "all".into();
    let moved =
        w.db.write(|tx| needs::update_need(tx, line.id, &edit))
            .unwrap();
    assert_eq!(moved.course_title, "قوانین و مقررات تعاون");
    assert_eq!(moved.target_role_label, "همه");
    assert!(w
        .history(line.id)
        .last()
        .unwrap()
        .reason
        .as_deref()
        .unwrap()
        .contains("دوره: بافنده فرش دستباف ← قوانین و مقررات تعاون"));
}

#[test]
fn a_need_line_correction_is_refused_when_wrong_twice_or_too_late() {
    let mut w = needs_world();
    let carpet = w.add(w.carpet, "members").unwrap();
    let law = w.add(w.law, "members").unwrap();

    // Bad values are named by their fields, all at once.
    let mut edit = w.edit_of(&carpet);
    edit.requested = "صفر".into();
    edit.need_level = "9".into();
    let err =
        w.db.write(|tx| needs::update_need(tx, carpet.id, &edit))
            .unwrap_err();
    let fields: Vec<&str> = err.field_errors().iter().map(|f| f.field.key()).collect();
    assert_eq!(fields, ["requested", "need_level"]);

    // Turned into the other line: refused, naming it.
    let mut edit = w.edit_of(&carpet);
    edit.course_id = w.law;
    refused(
        w.db.write(|tx| needs::update_need(tx, carpet.id, &edit))
            .unwrap_err(),
        &[
            "«قوانین و مقررات تعاون»",
            "«اعضا»",
            &format!(
                "ردیف {}",
                taavon_core::text::to_persian_digits(&law.id.to_string())
            ),
        ],
    );

    // Approved: the line itself is no longer edited.
    w.db.write(|tx| needs::approve_all(tx, &[carpet.id], "کارگروه"))
        .unwrap();
    let edit = NeedEdit {
        requested: "9".into(),
        ..w.edit_of(&carpet)
    };
    refused(
        w.db.write(|tx| needs::update_need(tx, carpet.id, &edit))
            .unwrap_err(),
        &["«مصوب»", "فقط ردیف پیش‌نویس یا ارسال‌شده", "تغییر تعداد مصوب"],
    );
}

#[test]
fn an_approved_head_count_changes_with_a_reason_never_below_those_named() {
    let mut w = needs_world();
    let line = w.add(w.carpet, "members").unwrap();
    // Not yet approved: refused.
    refused(
        w.db.write(|tx| needs::set_approved_count(tx, line.id, "3", "جلسه"))
            .unwrap_err(),
        &["«پیش‌نویس»", "فقط در ردیف مصوب"],
    );
    w.db.write(|tx| needs::approve_all(tx, &[line.id], "کارگروه"))
        .unwrap();
    for m in &w.members[..2] {
        let c = NationalCode::parse(m).unwrap();
        w.db.write(|tx| needs::add_nominee(tx, line.id, &c))
            .unwrap();
    }

    // The reason is required, and the count within 1 and the requested 5.
    let err =
        w.db.write(|tx| needs::set_approved_count(tx, line.id, "7", " "))
            .unwrap_err();
    let fields: Vec<&str> = err.field_errors().iter().map(|f| f.field.key()).collect();
    assert_eq!(fields, ["approved", "reason"]);

    // Below the two nominated: refused, naming both counts.
    refused(
        w.db.write(|tx| needs::set_approved_count(tx, line.id, "1", "کاهش سهمیه"))
            .unwrap_err(),
        &["۲ نفر نامزد", "۰ نفر در نوبت‌های معرفی", "کمتر از ۲"],
    );

    let done =
        w.db.write(|tx| needs::set_approved_count(tx, line.id, "۳", "کاهش سهمیه استان"))
            .unwrap();
    assert_eq!(done.approved, Some(3));
    assert_eq!(done.status, NeedStatus::Approved);
    let last = w.history(line.id).pop().unwrap();
    assert_eq!(
        (last.from_status, last.to_status),
        (Some(NeedStatus::Approved), NeedStatus::Approved)
    );
    assert_eq!(
        last.reason.as_deref(),
        Some("کاهش سهمیه استان (تعداد مصوب: ۵ ← ۳)")
    );
    let row = last_audit(&w.db, "need_line");
    assert_eq!(row.entity_id, Some(line.id));
    assert_eq!(
        change(&row, "approved"),
        (Some("5".into()), Some("3".into()))
    );

    // Both nominees go on a round; one is then withdrawn from the line.
    // The people on a round still count.
    let conn = w.db.conn();
    conn.execute(
        "INSERT INTO referral_round (number, year, month, title, status, created_at, updated_at)
         VALUES (1, 1404, 9, 'نوبت ۱', 'sent', 'now', 'now')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO referral (round_id, person_id, organization_id, course_id, need_line_id, status,
             rank, added_by, created_at, updated_at)
         SELECT 1, m.person_id, ?1, ?2, ?3, 'sent', m.id, 'ranking', 'now', 'now'
         FROM nominee m WHERE m.need_line_id = ?3",
        rusqlite::params![w.coop, w.carpet, line.id],
    )
    .unwrap();
    let c = NationalCode::parse(&w.members[0]).unwrap();
    w.db.write(|tx| needs::withdraw_nominee(tx, line.id, &c))
        .unwrap();
    refused(
        w.db.write(|tx| needs::set_approved_count(tx, line.id, "1", "کاهش"))
            .unwrap_err(),
        &["۱ نفر نامزد", "۲ نفر در نوبت‌های معرفی", "(۱)", "کمتر از ۲"],
    );
}

// ---------------------------------------------------------------------------
// Campaigns

#[test]
fn a_campaign_is_corrected_and_closed_and_then_takes_no_new_lines() {
    let mut w = needs_world();
    let input = CampaignInput {
        title: "نیازسنجی پاییز و زمستان ۱۴۰۴".into(),
        starts_on: "1404/07/01".into(),
        ends_on: "1404/12/29".into(),
        deadline: Some("1404/12/15".into()),
        owner: "واحد آموزش".into(),
    };
    let c =
        w.db.write(|tx| needs::update_campaign(tx, w.campaign, &input))
            .unwrap();
    assert_eq!(c.ends_on_jalali, "1404/12/29");
    assert_eq!(c.owner, "واحد آموزش");
    let row = last_audit(&w.db, "campaign");
    assert_eq!(
        (row.action.as_str(), row.entity_id),
        ("update", Some(w.campaign))
    );
    assert_eq!(
        change(&row, "owner"),
        (Some("کارشناس آموزش".into()), Some("واحد آموزش".into()))
    );
    // A period that ends before it starts is named by its field.
    let bad = CampaignInput {
        ends_on: "1404/06/01".into(),
        ..input.clone()
    };
    let err =
        w.db.write(|tx| needs::update_campaign(tx, w.campaign, &bad))
            .unwrap_err();
    assert!(!err.field_errors().is_empty(), "{err}");

    let line = w.add(w.carpet, "members").unwrap();
    let closed =
        w.db.write(|tx| needs::close_campaign(tx, w.campaign))
            .unwrap();
    assert_eq!(closed.status, "closed");
    let row = last_audit(&w.db, "campaign");
    assert_eq!(
        change(&row, "status"),
        (Some("open".into()), Some("closed".into()))
    );
    refused(
        w.db.write(|tx| needs::close_campaign(tx, w.campaign))
            .unwrap_err(),
        &["هم‌اکنون بسته"],
    );
    // A closed campaign takes no new lines…
    refused(
        w.add(w.law, "members").unwrap_err(),
        &[
            "«نیازسنجی پاییز و زمستان ۱۴۰۴» بسته شده است",
            "ردیف تازه نمی‌پذیرد",
        ],
    );
    // …while its lines go on: submitted, approved and corrected.
    w.db.write(|tx| needs::approve_all(tx, &[line.id], "کارگروه"))
        .unwrap();
    w.db.write(|tx| needs::set_approved_count(tx, line.id, "4", "سهمیه"))
        .unwrap();
    // Opened again, it takes new lines.
    w.db.write(|tx| needs::reopen_campaign(tx, w.campaign))
        .unwrap();
    w.add(w.law, "members").unwrap();
}

// ---------------------------------------------------------------------------
// Providers

#[test]
fn a_provider_is_corrected_and_made_inactive() {
    let mut db = Db::open_in_memory().unwrap();
    let add = |db: &mut Db, name: &str| {
        db.write(|tx| {
            catalog::add_provider(
                tx,
                &ProviderInput {
                    kind: "private".into(),
                    name: name.into(),
                    ..Default::default()
                },
            )
        })
        .unwrap()
    };
    let p = add(&mut db, "آموزشگاه فنی البرز");
    add(&mut db, "مرکز شماره ۱ تهران");
    assert!(p.active);

    let input = ProviderInput {
        kind: "مرکز دولتی".into(),
        name: "آموزشگاه فنی البرز کرج".into(),
        county: Some("ورامین".into()),
        licence_no: Some("۱۲۳۴۵".into()),
        licence_expires: Some("1405/06/31".into()),
        active: false,
    };
    let fixed = db
        .write(|tx| catalog::update_provider(tx, p.id, &input))
        .unwrap();
    assert_eq!(fixed.name, "آموزشگاه فنی البرز کرج");
    assert_eq!(fixed.kind_label, "مرکز دولتی");
    assert_eq!(fixed.county.as_deref(), Some("ورامین"));
    assert_eq!(fixed.licence_expires_jalali.as_deref(), Some("1405/06/31"));
    assert!(!fixed.active);
    let row = last_audit(&db, "provider");
    assert_eq!((row.action.as_str(), row.entity_id), ("update", Some(p.id)));
    assert_eq!(change(&row, "active"), (Some("1".into()), Some("0".into())));
    assert_eq!(
        change(&row, "kind"),
        (Some("private".into()), Some("public".into()))
    );

    // Another provider's name is refused; an unknown county is named.
    let taken = ProviderInput {
        name: "مرکز شماره ۱ تهران".into(),
        ..input.clone()
    };
    let err = db
        .write(|tx| catalog::update_provider(tx, p.id, &taken))
        .unwrap_err();
    assert_eq!(err.code(), "duplicate", "{err}");
    assert!(err.to_string().contains("مرکز شماره ۱ تهران"), "{err}");
    let nowhere = ProviderInput {
        county: Some("ناکجا".into()),
        ..input.clone()
    };
    let err = db
        .write(|tx| catalog::update_provider(tx, p.id, &nowhere))
        .unwrap_err();
    assert!(field_error(err, "county").contains("ناکجا"));
    // Its own name again is no duplicate.
    db.write(|tx| catalog::update_provider(tx, p.id, &input))
        .unwrap();
}
