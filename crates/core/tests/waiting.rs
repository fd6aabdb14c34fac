//! What waits on the clerk, on in-memory databases at a fixed day: each
//! item absent until its case arises, then present with its count, its
//! sentence and its screen; and the two settings that move the lines.

use chrono::{Duration, NaiveDate};
use taavon_core::backup;
use taavon_core::catalog::CourseInput;
use taavon_core::db::Db;
use taavon_core::error::Field;
use taavon_core::ids::NationalCode;
use taavon_core::jalali::{parse_jalali, today};
use taavon_core::model::{NeedStatus, RoundStatus};
use taavon_core::needs::{self, NeedInput};
use taavon_core::registry::{self, MembershipInput, OrgInput, PersonInput};
use taavon_core::rounds::{self, QuotaInput, ReferralUpdate, RoundInput, RoundMove};
use taavon_core::settings;
use taavon_core::waiting::{waiting, WaitingItem, WaitingKind, WaitingLink};
use tempfile::TempDir;

mod common;
use common::{add_course, autumn_campaign, code, nid};

use WaitingKind::*;

/// A Jalali day as the clerk writes it.
fn day(jalali: &str) -> NaiveDate {
    parse_jalali(jalali, Field::StartDate).unwrap()
}

/// Last names of the people made, one each (names take no digits).
const LAST_NAMES: [&str; 16] = [
    "احمدی",
    "بهرامی",
    "پارسا",
    "تهرانی",
    "ثابتی",
    "جعفری",
    "چمنی",
    "حسینی",
    "خرمی",
    "دانا",
    "ذاکری",
    "رضایی",
    "زمانی",
    "ژیان",
    "سلیمی",
    "شریفی",
];

/// The day most tests look from: 15 Azar 1405.
const TODAY: &str = "1405/09/15";

struct World {
    db: Db,
    /// The backups folder, empty unless a test puts a backup in it.
    backups: TempDir,
    campaign: i64,
    course: i64,
    /// Cooperatives and people made so far, for fresh national IDs and codes.
    coops: u32,
    people: u32,
}

impl World {
    /// A course and an autumn campaign; no quota period.
    fn new() -> World {
        let mut db = Db::open_in_memory().unwrap();
        let campaign = autumn_campaign(&mut db, "1405", None);
        let course = add_course(
            &mut db,
            CourseInput {
                code: Some("0343320530020001".into()),
                title: "حسابدار عمومی".into(),
                theory_hours: Some("40".into()),
                practice_hours: Some("80".into()),
                active: true,
                ..Default::default()
            },
        );
        World {
            db,
            backups: tempfile::tempdir().unwrap(),
            campaign,
            course,
            coops: 0,
            people: 0,
        }
    }

    /// The same with a quota period over the Jalali year from Mehr 1405:
    /// 100 seats of which the cooperatives' share, 10 %, is 10.
    fn with_quota() -> World {
        let mut w = World::new();
        w.db.write(|tx| {
            rounds::set_quota(
                tx,
                &QuotaInput {
                    title: "سهمیه ۱۴۰۵".into(),
                    starts_on: "1405/07/01".into(),
                    ends_on: "1405/12/29".into(),
                    unit: "seats".into(),
                    capacity: "100".into(),
                    province_share: None,
                    coop_share: Some("10".into()),
                },
            )
        })
        .unwrap();
        w
    }

    /// A new cooperative (a need line is one per cooperative, group and
    /// course in a campaign); its id.
    fn coop(&mut self) -> i64 {
        self.coops += 1;
        let org = OrgInput {
            name: format!("تعاونی {}", LAST_NAMES[self.coops as usize - 1]),
            national_id: Some(nid(&format!("{}", 1_010_000_000 + self.coops))),
            field: "production".into(),
            county: Some("ورامین".into()),
            status: Some("active".into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        self.db.write(|tx| registry::add_org(tx, &org)).unwrap().id
    }

    /// A member of the need line's cooperative; their national code.
    fn person(&mut self, need: i64) -> NationalCode {
        let coop = needs::get_need(self.db.conn(), need)
            .unwrap()
            .organization_id;
        self.people += 1;
        let p = PersonInput {
            national_code: code(&format!("{:09}", 1_000_000 + self.people)),
            first_name: "سارا".into(),
            last_name: LAST_NAMES[self.people as usize - 1].into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        self.db.write(|tx| registry::add_person(tx, &p)).unwrap();
        let m = MembershipInput {
            national_code: p.national_code.to_string(),
            organization_id: Some(coop),
            role: "member".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        self.db
            .write(|tx| registry::add_membership(tx, &m))
            .unwrap();
        p.national_code
    }

    /// A draft need line of a new cooperative for `requested` members; its id.
    fn need(&mut self, campaign: i64, requested: u32) -> i64 {
        let organization_id = self.coop();
        let n = NeedInput {
            campaign_id: campaign,
            organization_id,
            target_role: "members".into(),
            course_id: self.course,
            requested: requested.to_string(),
            source: "assessment".into(),
            need_level: "3".into(),
            target_month: None,
            notes: None,
        }
        .validate()
        .unwrap();
        self.db.write(|tx| needs::add_need(tx, &n)).unwrap().id
    }

    fn set_need(&mut self, id: i64, to: NeedStatus) {
        self.db
            .write(|tx| needs::set_status(tx, id, to, "بررسی", None))
            .unwrap();
    }

    /// An approved need line with `nominees` new people named on it; its id.
    fn approved_with(&mut self, nominees: u32) -> i64 {
        let id = self.need(self.campaign, nominees.max(1));
        self.db
            .write(|tx| needs::approve_all(tx, &[id], "تصویب"))
            .unwrap();
        for _ in 0..nominees {
            let code = self.person(id);
            self.db
                .write(|tx| needs::add_nominee(tx, id, &code))
                .unwrap();
        }
        id
    }

    /// A draft round for a Jalali month; its id.
    fn round(&mut self, month: &str, capacity: u32) -> i64 {
        self.db
            .write(|tx| {
                rounds::new_round(
                    tx,
                    &RoundInput {
                        month: month.into(),
                        capacity: Some(capacity.to_string()),
                        title: None,
                    },
                )
            })
            .unwrap()
            .id
    }

    fn build(&mut self, round: i64) {
        self.db.write(|tx| rounds::build_round(tx, round)).unwrap();
    }

    fn lock(&mut self, round: i64) {
        self.db
            .write(|tx| {
                rounds::set_round_status(tx, round, RoundStatus::Locked, &RoundMove::default())
            })
            .unwrap();
    }

    fn send(&mut self, round: i64, sent_on: &str) {
        self.db
            .write(|tx| {
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
            .unwrap();
    }

    fn settings(&mut self, change: impl FnOnce(&mut settings::Settings)) {
        let mut s = settings::get(self.db.conn()).unwrap();
        change(&mut s);
        self.db.write(|tx| settings::save(tx, &s)).unwrap();
    }

    /// A backup file in the folder as if made on `on` (only its name and
    /// that it exists are read).
    fn backup_made_on(&self, on: NaiveDate) {
        let name = format!("taavon-{}-090000-daily.db", on.format("%Y%m%d"));
        std::fs::write(self.backups.path().join(name), b"").unwrap();
    }

    fn at(&self, today: NaiveDate) -> Vec<WaitingItem> {
        waiting(self.db.conn(), self.backups.path(), today).unwrap()
    }

    /// What waits on `jalali`, leaving out the backups.
    fn on(&self, jalali: &str) -> Vec<WaitingItem> {
        self.at(day(jalali))
            .into_iter()
            .filter(|i| !matches!(i.kind, BackupOld | BackupNotCopied))
            .collect()
    }
}

fn kinds(items: &[WaitingItem]) -> Vec<WaitingKind> {
    items.iter().map(|i| i.kind).collect()
}

fn find(items: &[WaitingItem], kind: WaitingKind) -> Option<&WaitingItem> {
    items.iter().find(|i| i.kind == kind)
}

#[test]
fn an_empty_database_waits_only_for_its_backups() {
    let w = World::new();
    let items = w.at(day(TODAY));
    assert_eq!(kinds(&items), [BackupOld, BackupNotCopied]);
    assert_eq!(
        items[0],
        WaitingItem {
            kind: BackupOld,
            count: 0,
            text: "هنوز هیچ پشتیبانی از داده‌ها گرفته نشده است".into(),
            link: WaitingLink::Backups,
        }
    );
    assert_eq!(items[1].count, 0);
    assert_eq!(
        items[1].text,
        "هنوز هیچ پشتیبانی بیرون از این رایانه (مثلاً روی فلش) ذخیره نشده است"
    );
}

#[test]
fn this_months_round_waits_to_be_opened_built_locked_and_sent() {
    // Without a quota period no round can be opened: nothing to ask for.
    let w = World::new();
    assert_eq!(kinds(&w.on(TODAY)), []);

    let mut w = World::with_quota();
    let items = w.on(TODAY);
    assert_eq!(
        items,
        [WaitingItem {
            kind: RoundNotOpened,
            count: 1,
            text: "نوبت معرفی آذر ۱۴۰۵ هنوز باز نشده است".into(),
            link: WaitingLink::Rounds,
        }]
    );
    // Last month's round is not this month's.
    w.round("1405/08", 5);
    assert_eq!(kinds(&w.on(TODAY)), [RoundNotOpened]);

    let round = w.round("1405/09", 5);
    let items = w.on(TODAY);
    let this = find(&items, RoundNotBuilt).expect("not built");
    assert_eq!(this.text, "فهرست نوبت ۲ (آذر ۱۴۰۵) هنوز ساخته نشده است");
    assert_eq!(this.link, WaitingLink::Round { id: round });
    assert!(find(&items, RoundNotOpened).is_none());

    w.approved_with(3);
    w.build(round);
    let items = w.on(TODAY);
    let this = find(&items, RoundNotLocked).expect("not locked");
    assert_eq!(this.text, "نوبت ۲ (آذر ۱۴۰۵) با ۳ نفر هنوز قفل نشده است");
    assert_eq!(this.link, WaitingLink::Round { id: round });

    w.lock(round);
    let items = w.on(TODAY);
    let this = find(&items, RoundNotSent).expect("not sent");
    assert_eq!(
        this.text,
        "نوبت ۲ (آذر ۱۴۰۵) قفل شده ولی ارسال آن به فنی و حرفه‌ای هنوز ثبت نشده است"
    );
    assert!(find(&items, RoundNotLocked).is_none());

    w.send(round, "1405/09/12");
    let items = w.on(TODAY);
    for kind in [RoundNotOpened, RoundNotBuilt, RoundNotLocked, RoundNotSent] {
        assert!(find(&items, kind).is_none(), "{kind:?} in {items:?}");
    }
    // Next month asks again.
    assert_eq!(
        find(&w.on("1405/10/02"), RoundNotOpened).unwrap().text,
        "نوبت معرفی دی ۱۴۰۵ هنوز باز نشده است"
    );
}

#[test]
fn a_sent_round_without_an_answer_waits_after_the_settings_days() {
    let mut w = World::with_quota();
    w.approved_with(2);
    let round = w.round("1405/08", 5);
    w.build(round);
    w.lock(round);
    // Sent on 10 Aban: 15 Azar is 35 days later.
    w.send(round, "1405/08/10");
    let feedback = |w: &World, on: &str| find(&w.on(on), NoFeedback).cloned();

    assert_eq!(
        feedback(&w, "1405/09/10"),
        None,
        "30 days is not more than 30"
    );
    assert_eq!(
        feedback(&w, TODAY),
        Some(WaitingItem {
            kind: NoFeedback,
            count: 1,
            text: "۱ نوبت ارسال‌شده بیش از ۳۰ روز است پاسخی از فنی و حرفه‌ای ندارد".into(),
            link: WaitingLink::Round { id: round },
        })
    );

    w.settings(|s| s.feedback_days = 40);
    assert_eq!(feedback(&w, TODAY), None);
    w.settings(|s| s.feedback_days = 10);
    assert_eq!(
        feedback(&w, TODAY).unwrap().text,
        "۱ نوبت ارسال‌شده بیش از ۱۰ روز است پاسخی از فنی و حرفه‌ای ندارد"
    );

    // A second silent round: the link goes to the list of rounds.
    w.approved_with(1);
    let second = w.round("1405/09", 5);
    w.build(second);
    w.lock(second);
    w.send(second, "1405/09/01");
    let both = feedback(&w, TODAY).unwrap();
    assert_eq!((both.count, both.link), (2, WaitingLink::Rounds));

    // One answer from the TVTO is enough for a round.
    let first = rounds::referrals(w.db.conn(), round).unwrap()[0].id;
    w.db.write(|tx| {
        rounds::update_referral(
            tx,
            first,
            &ReferralUpdate {
                status: "enrolled".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let left = feedback(&w, TODAY).unwrap();
    assert_eq!(
        (left.count, left.link),
        (1, WaitingLink::Round { id: second })
    );
}

#[test]
fn submitted_need_lines_wait_for_approval() {
    let mut w = World::new();
    let a = w.need(w.campaign, 2);
    assert!(
        find(&w.on(TODAY), NeedsToApprove).is_none(),
        "a draft waits on nobody"
    );
    w.set_need(a, NeedStatus::Submitted);
    let b = w.need(w.campaign, 3);
    w.set_need(b, NeedStatus::Submitted);
    let items = w.on(TODAY);
    assert_eq!(
        find(&items, NeedsToApprove),
        Some(&WaitingItem {
            kind: NeedsToApprove,
            count: 2,
            text: "۲ ردیف نیاز در انتظار تصویب است".into(),
            link: WaitingLink::Needs {
                status: NeedStatus::Submitted,
                campaign_id: Some(w.campaign),
            },
        })
    );

    // Lines of two campaigns: the needs screen opens on its own campaign.
    let spring =
        w.db.write(|tx| {
            needs::add_campaign(
                tx,
                &needs::CampaignInput {
                    title: "نیازسنجی بهار ۱۴۰۶".into(),
                    starts_on: "1406/01/15".into(),
                    ends_on: "1406/03/31".into(),
                    deadline: None,
                    owner: "کارشناس آموزش".into(),
                },
            )
        })
        .unwrap()
        .id;
    let c = w.need(spring, 1);
    w.set_need(c, NeedStatus::Submitted);
    let item = find(&w.on(TODAY), NeedsToApprove).cloned().unwrap();
    assert_eq!(item.count, 3);
    assert_eq!(
        item.link,
        WaitingLink::Needs {
            status: NeedStatus::Submitted,
            campaign_id: None,
        }
    );

    w.set_need(a, NeedStatus::Approved);
    w.set_need(b, NeedStatus::Rejected);
    w.set_need(c, NeedStatus::Deferred);
    assert!(find(&w.on(TODAY), NeedsToApprove).is_none());
}

#[test]
fn approved_need_lines_wait_for_nominees() {
    let mut w = World::new();
    w.approved_with(2);
    assert!(find(&w.on(TODAY), NoNominees).is_none());

    let bare = w.approved_with(0);
    assert_eq!(
        find(&w.on(TODAY), NoNominees),
        Some(&WaitingItem {
            kind: NoNominees,
            count: 1,
            text: "۱ ردیف نیاز مصوب هنوز هیچ نامزدی ندارد".into(),
            link: WaitingLink::Needs {
                status: NeedStatus::Approved,
                campaign_id: Some(w.campaign),
            },
        })
    );

    let code = w.person(bare);
    w.db.write(|tx| needs::add_nominee(tx, bare, &code))
        .unwrap();
    assert!(find(&w.on(TODAY), NoNominees).is_none());
    // Withdrawn nominees name nobody.
    w.db.write(|tx| needs::withdraw_nominee(tx, bare, &code))
        .unwrap();
    assert_eq!(find(&w.on(TODAY), NoNominees).unwrap().count, 1);
}

#[test]
fn the_quota_waits_at_the_settings_share_and_when_it_ends_unused() {
    let mut w = World::with_quota();
    let period = rounds::list_quota(w.db.conn()).unwrap()[0].id;
    w.approved_with(9);
    let round = w.round("1405/09", 9);
    assert!(find(&w.on(TODAY), QuotaNearlyFull).is_none());

    // Nine of ten seats reserved: 90 %, the default share.
    w.build(round);
    let items = w.on(TODAY);
    assert_eq!(
        find(&items, QuotaNearlyFull),
        Some(&WaitingItem {
            kind: QuotaNearlyFull,
            count: 90,
            text: "۹۰٪ سهمیه «سهمیه ۱۴۰۵» پر شده و ۱ نفر مانده است".into(),
            link: WaitingLink::Quota,
        })
    );
    assert!(
        find(&items, QuotaEndingUnused).is_none(),
        "Esfand is far off"
    );
    let q = rounds::get_quota(w.db.conn(), period).unwrap();
    assert_eq!(
        q.warning.as_deref(),
        Some("۹۰٪ سهمیه این دوره پر شده و ۱ نفر مانده است.")
    );

    // A higher share: neither the home screen nor the meter warns.
    w.settings(|s| s.quota_warn_percent = 95);
    assert!(find(&w.on(TODAY), QuotaNearlyFull).is_none());
    assert_eq!(
        rounds::get_quota(w.db.conn(), period).unwrap().warning,
        None
    );
    w.settings(|s| s.quota_warn_percent = 50);
    assert_eq!(find(&w.on(TODAY), QuotaNearlyFull).unwrap().count, 90);

    // The period ends on 29 Esfand; 30 days before, the seat left shows.
    w.settings(|s| s.quota_warn_percent = 100);
    assert!(find(&w.on("1405/11/28"), QuotaEndingUnused).is_none());
    assert_eq!(
        find(&w.on("1405/11/29"), QuotaEndingUnused),
        Some(&WaitingItem {
            kind: QuotaEndingUnused,
            count: 1,
            text: "سهمیه «سهمیه ۱۴۰۵» ۳۰ روز دیگر تمام می‌شود و ۱ نفر از آن هنوز به کار نرفته است"
                .into(),
            link: WaitingLink::Quota,
        })
    );
    assert_eq!(
        find(&w.on("1405/12/29"), QuotaEndingUnused).unwrap().text,
        "سهمیه «سهمیه ۱۴۰۵» امروز تمام می‌شود و ۱ نفر از آن هنوز به کار نرفته است"
    );
    // Outside every period, no quota line.
    let after = w.on("1406/01/05");
    assert!(find(&after, QuotaEndingUnused).is_none() && find(&after, QuotaNearlyFull).is_none());
}

#[test]
fn a_full_quota_leaves_nothing_unused() {
    let mut w = World::with_quota();
    w.approved_with(10);
    let round = w.round("1405/09", 10);
    w.build(round);
    let items = w.on("1405/12/10");
    assert_eq!(find(&items, QuotaNearlyFull).unwrap().count, 100);
    assert!(find(&items, QuotaEndingUnused).is_none());
}

#[test]
fn backups_wait_when_old_and_when_none_left_the_pc() {
    let w = World::new();
    let backups = |w: &World, on: NaiveDate| {
        w.at(on)
            .into_iter()
            .filter(|i| matches!(i.kind, BackupOld | BackupNotCopied))
            .collect::<Vec<_>>()
    };
    w.backup_made_on(day("1405/09/13"));
    let fixed = day(TODAY);
    let old = find(&backups(&w, fixed), BackupOld).cloned().unwrap();
    assert_eq!(old.count, 2);
    assert_eq!(old.text, "آخرین پشتیبان ۲ روز پیش گرفته شده است");
    assert_eq!(old.link, WaitingLink::Backups);
    // Yesterday's is recent enough, and the newest counts.
    assert!(find(&backups(&w, day("1405/09/14")), BackupOld).is_none());
    w.backup_made_on(day("1405/09/15"));
    assert!(find(&backups(&w, fixed), BackupOld).is_none());

    // A copy saved elsewhere is remembered with its time.
    let usb = w.backups.path().join("usb").join("copy.db");
    assert_eq!(backup::last_copied(w.db.conn()).unwrap(), None);
    // A copy that could not be written is no copy.
    let not_a_folder = w.backups.path().join("notes.txt");
    std::fs::write(&not_a_folder, "a file, not a folder").unwrap();
    backup::save_as(w.db.conn(), &not_a_folder.join("copy.db")).unwrap_err();
    assert_eq!(backup::last_copied(w.db.conn()).unwrap(), None);
    backup::save_as(w.db.conn(), &usb).unwrap();
    assert!(backup::last_copied(w.db.conn()).unwrap().is_some());
    let now = today();
    let copied = |on: NaiveDate| find(&backups(&w, on), BackupNotCopied).cloned();
    assert_eq!(copied(now), None);
    assert_eq!(copied(now + Duration::days(7)), None);
    let late = copied(now + Duration::days(8)).unwrap();
    assert_eq!(late.count, 8);
    assert_eq!(
        late.text,
        "آخرین پشتیبان بیرون از این رایانه ۸ روز پیش ذخیره شده است"
    );
}
