//! The dashboard's and the monthly report's figures, checked against counts
//! made another way: on sample data by walking the rounds and referrals
//! through the ordinary read functions in Rust; on an empty database; on a
//! period without rounds; and on a hand-made case where every figure is
//! known.

use std::collections::{BTreeMap, HashMap, HashSet};

use taavon_core::db::Db;
use taavon_core::demo::{self, DemoConfig};
use taavon_core::model::{OrgKind, ReferralStatus, RoundStatus};
use taavon_core::registry;
use taavon_core::report::{self, Figures, PeriodInput, ReportPeriod};
use taavon_core::rounds;

fn sample() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    demo::generate(
        &mut db,
        &DemoConfig {
            coops: 40,
            people: 800,
            seed: 7,
        },
        &mut |_| true,
    )
    .unwrap();
    db
}

fn period(from: &str, to: &str) -> ReportPeriod {
    PeriodInput {
        from: Some(from.into()),
        to: Some(to.into()),
    }
    .validate()
    .unwrap()
}

/// The stages a referral reached, decided from its status and history
/// without the core's SQL.
fn stages(db: &Db, r: &rounds::ReferralView) -> [bool; 4] {
    use ReferralStatus as S;
    let enrolled = match r.status {
        S::Enrolled
        | S::AttendedFull
        | S::AttendedPartial
        | S::NoShow
        | S::Passed
        | S::Failed
        | S::Certified => true,
        S::Withdrawn => rounds::referral_history(db.conn(), r.id)
            .unwrap()
            .iter()
            .any(|h| h.to_label == S::Enrolled.label()),
        _ => false,
    };
    let attended = matches!(
        r.status,
        S::AttendedFull | S::AttendedPartial | S::Passed | S::Failed | S::Certified
    );
    let passed = matches!(r.status, S::Passed | S::Certified);
    [enrolled, attended, passed, r.status == S::Certified]
}

#[derive(Default, Debug, PartialEq)]
struct Tally {
    referred: i64,
    enrolled: i64,
    attended: i64,
    passed: i64,
    certified: i64,
}

impl Tally {
    fn add(&mut self, s: [bool; 4]) {
        self.referred += 1;
        self.enrolled += i64::from(s[0]);
        self.attended += i64::from(s[1]);
        self.passed += i64::from(s[2]);
        self.certified += i64::from(s[3]);
    }

    fn of(f: &report::Funnel) -> Tally {
        Tally {
            referred: f.referred,
            enrolled: f.enrolled,
            attended: f.attended,
            passed: f.passed,
            certified: f.certified,
        }
    }
}

/// Every referral on a sent list in the period, by walking the rounds.
fn referred_in(db: &Db, p: &ReportPeriod) -> Vec<(rounds::RoundView, rounds::ReferralView)> {
    let mut out = Vec::new();
    for round in rounds::list_rounds(db.conn()).unwrap() {
        let sent = matches!(round.status, RoundStatus::Sent | RoundStatus::Reconciled);
        if !sent || (round.year, round.month) < p.from || (round.year, round.month) > p.to {
            continue;
        }
        for r in rounds::referrals(db.conn(), round.id).unwrap() {
            if !matches!(r.status, ReferralStatus::Proposed | ReferralStatus::Removed) {
                out.push((round.clone(), r));
            }
        }
    }
    out
}

#[test]
fn figures_agree_with_the_rounds_and_referrals_walked_one_by_one() {
    let db = sample();
    let p = period("1404/07", "1405/09");
    let f = report::figures(db.conn(), &p, None).unwrap();
    let walked = referred_in(&db, &p);
    assert!(walked.len() > 50, "the sample has sent rounds");

    // The funnel, overall and per round.
    let mut all = Tally::default();
    let mut per_round: BTreeMap<i64, Tally> = BTreeMap::new();
    let mut per_month: BTreeMap<(i32, u8), i64> = BTreeMap::new();
    let mut people = HashSet::new();
    let mut orgs: HashMap<i64, OrgKind> = HashMap::new();
    let mut by_county: HashMap<String, (i64, HashSet<i64>)> = HashMap::new();
    let mut by_field: HashMap<String, i64> = HashMap::new();
    let mut by_course: HashMap<String, i64> = HashMap::new();
    let mut small = 0;
    for (round, r) in &walked {
        let s = stages(&db, r);
        all.add(s);
        per_round.entry(round.number).or_default().add(s);
        *per_month.entry((round.year, round.month)).or_default() += 1;
        people.insert(r.person_id);
        let org = registry::get_org_by_id(db.conn(), r.organization_id).unwrap();
        orgs.insert(org.id, org.kind);
        let county = org.county.clone().unwrap_or_else(|| "بدون شهرستان".into());
        let e = by_county.entry(county).or_default();
        e.0 += 1;
        e.1.insert(org.id);
        *by_field.entry(org.field_label.clone()).or_default() += 1;
        *by_course.entry(r.course_title.clone()).or_default() += 1;
        small += i64::from(org.is_small);
    }
    assert_eq!(Tally::of(&f.funnel), all);
    assert!(all.certified > 0 && all.enrolled > all.certified);
    assert_eq!(f.people, people.len() as i64);
    let count = |k| orgs.values().filter(|v| **v == k).count() as i64;
    assert_eq!(f.cooperatives, count(OrgKind::Cooperative));
    assert_eq!(f.unions, count(OrgKind::Union));

    let rounds_seen: BTreeMap<i64, Tally> = f
        .rounds
        .iter()
        .map(|r| (r.number, Tally::of(&r.funnel)))
        .collect();
    assert_eq!(rounds_seen, per_round);

    // Months: every month of the period, in order, with its referred.
    assert_eq!(f.months.len(), 15);
    assert_eq!(f.months[0].label, "مهر ۱۴۰۴");
    assert_eq!(f.months[14].month_text, "1405/09");
    for m in &f.months {
        assert_eq!(
            m.referred,
            per_month.get(&(m.year, m.month)).copied().unwrap_or(0),
            "{}",
            m.label
        );
    }

    // Breakdowns.
    for s in &f.by_county {
        let (n, o) = &by_county[&s.label];
        assert_eq!(
            (s.referred, s.organizations),
            (*n, o.len() as i64),
            "{}",
            s.label
        );
    }
    assert_eq!(f.by_county.len(), by_county.len());
    for s in &f.by_field {
        assert_eq!(s.referred, by_field[&s.label], "{}", s.label);
    }
    assert_eq!(
        f.by_field.iter().map(|s| s.referred).sum::<i64>(),
        all.referred
    );
    for s in &f.by_course {
        assert_eq!(s.referred, by_course[&s.label], "{}", s.label);
    }
    assert!(f
        .by_course
        .windows(2)
        .all(|w| w[0].referred >= w[1].referred));
    let flag = f.by_flag.iter().find(|s| s.key == "small").unwrap();
    assert_eq!(flag.referred, small);
    assert_eq!(
        f.by_kind.iter().map(|s| s.referred).sum::<i64>(),
        all.referred
    );

    // The rounds list counts the same referred.
    for round in rounds::list_rounds(db.conn()).unwrap() {
        let expect = per_round.get(&round.number).map_or(0, |t| t.referred);
        let in_period = (round.year, round.month) >= p.from && (round.year, round.month) <= p.to;
        if in_period {
            assert_eq!(round.referred, expect, "round {}", round.number);
        }
    }

    // The summary is made of these figures.
    assert!(
        f.summary[0].contains(&report::fa_number(all.referred)),
        "{}",
        f.summary[0]
    );
}

#[test]
fn needs_met_and_waiting_time_agree_with_an_independent_query() {
    let db = sample();
    let p = period("1404/07", "1405/09");
    let f = report::figures(db.conn(), &p, None).unwrap();

    // Approved head-count and trained nominees, per cooperative, read
    // through the roadmaps.
    let mut approved = 0;
    let mut met = 0;
    for row in &f.needs_by_org {
        let roadmap = taavon_core::needs::roadmap(db.conn(), row.organization_id).unwrap();
        let lines: Vec<_> = roadmap
            .lines
            .iter()
            .filter(|l| {
                use taavon_core::model::NeedStatus as N;
                matches!(l.status, N::Approved | N::Planned | N::Fulfilled) && l.approved.is_some()
            })
            .collect();
        // Every line of the sample targets a month inside the period.
        assert!(lines.iter().all(|l| l.target_year.is_some()));
        let a: i64 = lines.iter().map(|l| i64::from(l.approved.unwrap())).sum();
        let m: i64 = lines.iter().map(|l| i64::from(l.trained)).sum();
        assert_eq!((row.approved, row.met), (a, m), "{}", row.name);
        approved += a;
        met += m;
    }
    assert!(approved > 0 && met > 0);
    assert_eq!((f.needs.approved, f.needs.met), (approved, met));

    // Waiting time: the days between approval and sending, one by one.
    let mut days: Vec<i64> = db
        .conn()
        .prepare(
            "SELECT n.approved_at, d.sent_on FROM referral r JOIN referral_round d ON d.id = r.round_id
             JOIN need_line n ON n.id = r.need_line_id
             WHERE d.status IN ('sent', 'reconciled') AND r.status NOT IN ('proposed', 'removed')
               AND n.approved_at IS NOT NULL AND d.sent_on IS NOT NULL",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(|x| {
            let (a, s) = x.unwrap();
            let a = chrono::NaiveDate::parse_from_str(&a[..10], "%Y-%m-%d").unwrap();
            let s = chrono::NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").unwrap();
            (s - a).num_days().max(0)
        })
        .collect();
    days.sort_unstable();
    assert_eq!(f.wait.referrals, days.len() as i64);
    let median = days[(((days.len() - 1) as f64) * 0.5).round() as usize];
    assert_eq!(f.wait.median_days, Some(median));
    assert_eq!(
        f.wait.buckets.iter().map(|b| b.referrals).sum::<i64>(),
        days.len() as i64
    );
    assert_eq!(
        f.wait.buckets[0].referrals,
        days.iter().filter(|d| **d <= 30).count() as i64
    );
}

#[test]
fn an_empty_database_gives_zeros_and_says_nothing_was_sent() {
    let db = Db::open_in_memory().unwrap();
    let f = report::figures(db.conn(), &period("1405/01", "1405/03"), Some(10)).unwrap();
    assert_eq!(f.months.len(), 3);
    assert!(f
        .months
        .iter()
        .all(|m| m.referred == 0 && m.remaining.is_none()));
    assert!(f.rounds.is_empty());
    assert_eq!(f.funnel, report::Funnel::default());
    assert_eq!((f.people, f.cooperatives, f.unions), (0, 0, 0));
    assert!(f.by_county.is_empty() && f.by_course.is_empty() && f.by_field.is_empty());
    assert!(f.by_flag.iter().all(|s| s.referred == 0));
    assert_eq!(f.needs, report::NeedsFigures::default());
    assert_eq!(f.wait.referrals, 0);
    assert_eq!(f.wait.median_days, None);
    assert_eq!(
        f.summary,
        vec![
            "از فروردین ۱۴۰۵ تا خرداد ۱۴۰۵ هیچ فهرست معرفی‌ای به آموزش فنی و حرفه‌ای ارسال نشده است."
        ]
    );
}

#[test]
fn a_period_without_rounds_keeps_its_quota_but_counts_no_one() {
    let db = sample();
    // Shahrivar 1404: before the first round (Aban 1404) and before the
    // first quota period (Mehr 1404).
    let f = report::figures(db.conn(), &ReportPeriod::month(1404, 6), None).unwrap();
    assert_eq!(f.months.len(), 1);
    assert_eq!(f.months[0].referred, 0);
    assert_eq!(f.funnel.referred, 0);
    assert!(f.rounds.is_empty() && f.quotas.is_empty());
    assert_eq!(
        f.summary[0],
        "در شهریور ۱۴۰۴ هیچ فهرست معرفی‌ای به آموزش فنی و حرفه‌ای ارسال نشده است."
    );
    // Mehr 1404: the quota period has begun, no round yet.
    let f = report::figures(db.conn(), &ReportPeriod::month(1404, 7), None).unwrap();
    assert_eq!(f.funnel.referred, 0);
    assert_eq!(f.quotas.len(), 1);
    let m = &f.months[0];
    assert_eq!(m.remaining, Some(f.quotas[0].quota));
    assert!(m.quota_share.unwrap() > 0);
}

#[test]
fn the_quota_line_falls_by_what_each_month_sent() {
    let db = sample();
    let f = report::figures(db.conn(), &period("1404/07", "1405/06"), None).unwrap();
    let q = rounds::list_quota(db.conn()).unwrap();
    let first = q.iter().min_by_key(|q| q.starts_on.clone()).unwrap();
    // Within one quota period the remaining only goes down, and the last
    // month's is the quota less what is used (nothing reserved once every
    // round of the period is sent).
    let months: Vec<_> = f
        .months
        .iter()
        .filter(|m| m.quota_title.as_deref() == Some(first.title.as_str()))
        .collect();
    assert!(months.len() >= 6);
    assert!(months.windows(2).all(|w| w[1].remaining <= w[0].remaining));
    let last = months.last().unwrap();
    assert_eq!(last.remaining, Some(first.quota - first.used));
}

#[test]
fn a_hand_made_round_counts_a_withdrawal_after_enrolling_as_enrolled() {
    let db = sample();
    // The newest sent round: move one referral sent → enrolled → withdrawn
    // by hand through the real lifecycle and see the figures follow.
    let p = period("1404/07", "1405/09");
    let before = report::figures(db.conn(), &p, None).unwrap();
    let round = rounds::list_rounds(db.conn())
        .unwrap()
        .into_iter()
        .find(|r| r.status == RoundStatus::Sent)
        .unwrap();
    let r = rounds::referrals(db.conn(), round.id)
        .unwrap()
        .into_iter()
        .find(|r| r.status == ReferralStatus::Sent)
        .unwrap();
    let mut db = db;
    for to in [ReferralStatus::Enrolled, ReferralStatus::Withdrawn] {
        db.write(|tx| {
            rounds::update_referral(
                tx,
                r.id,
                &rounds::ReferralUpdate {
                    status: to.key().into(),
                    reason: "پاسخ فنی و حرفه‌ای".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    }
    let after = report::figures(db.conn(), &p, None).unwrap();
    assert_eq!(after.funnel.referred, before.funnel.referred);
    assert_eq!(after.funnel.enrolled, before.funnel.enrolled + 1);
    let row = |f: &Figures| {
        f.rounds
            .iter()
            .find(|x| x.id == round.id)
            .unwrap()
            .funnel
            .clone()
    };
    assert_eq!(row(&after).enrolled, row(&before).enrolled + 1);
}

#[test]
fn a_period_is_read_in_any_digits_and_checked() {
    let p = PeriodInput {
        from: Some("۱۴۰۴/۷".into()),
        to: Some("1405-08".into()),
    }
    .validate()
    .unwrap();
    assert_eq!((p.from, p.to), ((1404, 7), (1405, 8)));
    assert_eq!(p.months().len(), 14);
    assert_eq!(p.label(), "مهر ۱۴۰۴ تا آبان ۱۴۰۵");
    let e = PeriodInput {
        from: Some("1405/08".into()),
        to: Some("1405/02".into()),
    }
    .validate()
    .unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "«تا ماه» با مقدار «1405/02» پیش از تاریخ شروع است."
    );
    let e = PeriodInput {
        from: Some("1405/13".into()),
        to: None,
    }
    .validate()
    .unwrap_err();
    assert!(e[0].to_string().starts_with("«از ماه»"), "{}", e[0]);
    // Empty: Mehr 1404 to this month.
    let p = PeriodInput::default().validate().unwrap();
    assert_eq!(p.from, report::DEFAULT_FROM);
    assert_eq!(report::fa_number(1234567), "۱٬۲۳۴٬۵۶۷");
    assert_eq!(report::fa_percent(45.5), "۴۵٫۵٪");
}

#[test]
fn the_kept_figures_follow_every_change_and_a_restore() {
    let mut db = sample();
    let p = period("1404/07", "1405/09");
    let mut cache = report::FiguresCache::default();
    let first = cache.figures(&db, &p, Some(20)).unwrap();
    assert_eq!(first, report::figures(db.conn(), &p, Some(20)).unwrap());
    let token = db.change_token().unwrap();
    // Reading changes nothing: the same token, the same answer.
    assert_eq!(cache.figures(&db, &p, Some(20)).unwrap(), first);
    assert_eq!(db.change_token().unwrap(), token);
    // Another period or limit is counted for itself.
    let month = period("1405/01", "1405/01");
    assert_eq!(
        cache.figures(&db, &month, None).unwrap(),
        report::figures(db.conn(), &month, None).unwrap()
    );

    // A copy of the data as it is now, to restore later.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    taavon_core::backup::save_as(db.conn(), &copy).unwrap();

    // One referral enrolled: the figures the cache gives move with it.
    let round = rounds::list_rounds(db.conn())
        .unwrap()
        .into_iter()
        .find(|r| r.status == RoundStatus::Sent)
        .unwrap();
    let r = rounds::referrals(db.conn(), round.id)
        .unwrap()
        .into_iter()
        .find(|r| r.status == ReferralStatus::Sent)
        .unwrap();
    db.write(|tx| {
        rounds::update_referral(
            tx,
            r.id,
            &rounds::ReferralUpdate {
                status: ReferralStatus::Enrolled.key().into(),
                reason: "پاسخ فنی و حرفه‌ای".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    assert_ne!(db.change_token().unwrap(), token);
    let after = cache.figures(&db, &p, Some(20)).unwrap();
    assert_eq!(after.funnel.enrolled, first.funnel.enrolled + 1);
    assert_eq!(after, report::figures(db.conn(), &p, Some(20)).unwrap());

    // The copy restored: the referral is back where it was, and so are the
    // figures, though no row was written through the connection.
    taavon_core::backup::restore(&mut db, &copy, &dir.path().join("backups")).unwrap();
    assert_eq!(cache.figures(&db, &p, Some(20)).unwrap(), first);

    // A second connection to the same file: a commit there is seen here.
    let file = dir.path().join("shared.db");
    taavon_core::backup::save_as(db.conn(), &file).unwrap();
    let here = Db::open(&file).unwrap();
    let mut there = Db::open(&file).unwrap();
    let mut cache = report::FiguresCache::default();
    let before = cache.figures(&here, &p, Some(20)).unwrap();
    there
        .write(|tx| {
            rounds::update_referral(
                tx,
                r.id,
                &rounds::ReferralUpdate {
                    status: ReferralStatus::Enrolled.key().into(),
                    reason: "پاسخ فنی و حرفه‌ای".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let seen = cache.figures(&here, &p, Some(20)).unwrap();
    assert_eq!(seen.funnel.enrolled, before.funnel.enrolled + 1);
}
