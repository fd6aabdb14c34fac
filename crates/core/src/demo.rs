//! Realistic, deterministic sample data: the same seed always gives the same
//! cooperatives and people, so a demo, a test and a benchmark can be repeated.
//!
//! Everything is written in one transaction. The audit triggers are paused
//! for that transaction and a single `bulk` audit row records the load.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::collate;
use crate::db::{self, Db, TEHRAN_COUNTIES};
use crate::error::{Error, Result};
use crate::ids::{national_code_check_digit, national_id_check_digit};
use crate::jalali::{from_jalali, iso, Jalali};
use crate::model::{Education, NeedSource, NeedStatus, OrgField, Role, TargetRole};
use crate::registry::now;
use crate::text::{search_key, to_persian_digits};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct DemoConfig {
    pub coops: u32,
    pub people: u32,
    pub seed: u64,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            coops: 200,
            people: 4000,
            seed: 1404,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct DemoSummary {
    pub cooperatives: u64,
    pub unions: u64,
    pub people: u64,
    pub memberships: u64,
    pub union_memberships: u64,
    pub need_lines: u64,
    pub nominees: u64,
    pub rounds: u64,
    pub referrals: u64,
}

pub use crate::progress::Progress;

const MALE: &[&str] = &[
    "علی",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "حسن",
    "امیر",
    "سعید",
    "مجید",
    "احمد",
    "محمدرضا",
    "علیرضا",
    "محسن",
    "مصطفی",
    "جواد",
    "حمید",
    "ابراهیم",
    "اکبر",
    "کاظم",
    "یوسف",
    "داوود",
    "بهروز",
    "پرویز",
    "فرهاد",
    "کامران",
    "مرتضی",
    "مسعود",
    "ناصر",
    "هادی",
    "یاسر",
    "امید",
    "بهزاد",
    "پیمان",
    "جعفر",
    "چنگیز",
    "حمیدرضا",
    "خسرو",
    "سجاد",
    "شهرام",
    "عباس",
    "غلامرضا",
    "قاسم",
    "کیوان",
    "گودرز",
    "مهرداد",
    "نادر",
    "وحید",
    "محمدعلی",
    "محمد\u{200C}حسین",
    "آرش",
];

const FEMALE: &[&str] = &[
    "فاطمه",
    "زهرا",
    "مریم",
    "سارا",
    "زینب",
    "معصومه",
    "نرگس",
    "لیلا",
    "الهام",
    "مهسا",
    "نازنین",
    "سمیه",
    "طاهره",
    "اعظم",
    "بهاره",
    "پروین",
    "ترانه",
    "ثریا",
    "جمیله",
    "حدیث",
    "خدیجه",
    "راضیه",
    "ژاله",
    "سپیده",
    "شیوا",
    "صدیقه",
    "عاطفه",
    "فرشته",
    "کبری",
    "گلناز",
    "مهناز",
    "نسرین",
    "هانیه",
    "آزاده",
    "یاسمن",
    "منیژه",
    "شبنم",
    "پریسا",
    "آتنا",
    "رقیه",
];

const LAST: &[&str] = &[
    "احمدی",
    "محمدی",
    "رضایی",
    "حسینی",
    "کریمی",
    "موسوی",
    "جعفری",
    "رحیمی",
    "کاظمی",
    "قاسمی",
    "حیدری",
    "صادقی",
    "مرادی",
    "ابراهیمی",
    "نوری",
    "عباسی",
    "اکبری",
    "امیری",
    "باقری",
    "بهرامی",
    "پناهی",
    "پورمحمدی",
    "تقوی",
    "ترابی",
    "ثابتی",
    "جلالی",
    "چمنی",
    "حاتمی",
    "خلیلی",
    "خسروی",
    "دهقان",
    "ذوالفقاری",
    "رستمی",
    "زارع",
    "ژیان",
    "سلیمانی",
    "شریفی",
    "شجاعی",
    "صالحی",
    "ضیایی",
    "طاهری",
    "ظهیری",
    "عزیزی",
    "غفاری",
    "فتحی",
    "فرهادی",
    "قربانی",
    "کرمانی",
    "کامرانی",
    "گودرزی",
    "گلستانی",
    "لطفی",
    "مختاری",
    "منصوری",
    "نجفی",
    "نصیری",
    "وکیلی",
    "هاشمی",
    "یزدانی",
    "یوسفی",
    "آقایی",
    "آذری",
    "اسدی",
    "افشار",
    "بابایی",
    "توکلی",
    "جمشیدی",
    "حسن\u{200C}زاده",
    "خانی",
    "دلاوری",
    "رسولی",
    "سبحانی",
    "شیرازی",
    "عسگری",
    "فلاحی",
    "قنبری",
    "کیانی",
    "مهدوی",
    "نیک\u{200C}نام",
    "ورامینی",
];

/// Words that make a cooperative's name, by field, with the orientation they suggest.
const PRODUCTION: &[(&str, &str)] = &[
    ("فرش دستباف", "فرش دستباف"),
    ("صنایع دستی", "صنایع دستی"),
    ("دامداران", "کشاورزی"),
    ("گلخانه\u{200C}داران", "کشاورزی"),
    ("قطعه\u{200C}سازان", "صنعتی"),
    ("پوشاک", "صنعتی"),
    ("مصالح ساختمانی", "معدنی"),
    ("نان و شیرینی", "صنعتی"),
    ("زنبورداران", "کشاورزی"),
    ("نرم\u{200C}افزار", "دانش\u{200C}بنیان"),
];
const DISTRIBUTION: &[(&str, &str)] = &[
    ("مصرف کارکنان", "مصرف"),
    ("مصرف فرهنگیان", "مصرف"),
    (
        "توزیع\u{200C}کنندگان لوازم خانگی",
        "تأمین نیاز توزیع\u{200C}کنندگان",
    ),
    ("بازاریابی محصولات کشاورزی", "بازاریابی و فروش"),
    ("فروشگاه\u{200C}های زنجیره\u{200C}ای", "بازاریابی و فروش"),
    ("تأمین نیاز نانوایان", "تأمین نیاز تولیدکنندگان"),
];
const SERVICE: &[(&str, &str)] = &[
    ("مسکن کارکنان", "مسکن"),
    ("اعتبار", "اعتبار"),
    ("حمل\u{200C}ونقل", "حمل\u{200C}ونقل"),
    ("خدمات فنی", "خدماتی"),
    ("خدمات آموزشی", "خدماتی"),
    ("خدمات درمانی", "خدماتی"),
    ("عمران و ساختمان", "عمرانی"),
    ("پلتفرم خدمات آنلاین", "دانش\u{200C}بنیان"),
];
const NAME_WORDS: &[&str] = &[
    "نگین",
    "کیان",
    "پارس",
    "البرز",
    "امید",
    "بهار",
    "آفتاب",
    "ستاره",
    "مهر",
    "پیشگامان",
    "همراهان",
    "سپید",
    "گلستان",
    "آینده",
    "نوین",
    "سبز",
    "تلاش",
    "همدلی",
    "اندیشه",
    "راه\u{200C}نو",
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn digits_of(n: u64, width: usize) -> Vec<u32> {
    format!("{n:0width$}")
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect()
}

/// A valid national code. Most real codes issued in Tehran start with 00,
/// so most of these do too: leading zeros must survive every export.
fn national_code(rng: &mut ChaCha8Rng) -> String {
    loop {
        let first9: u64 = if rng.random_bool(0.6) {
            rng.random_range(1_000_000..10_000_000) // 00xxxxxxx
        } else {
            rng.random_range(10_000_000..1_000_000_000)
        };
        let d = digits_of(first9, 9);
        if d[3..9].iter().all(|&x| x == 0) || d.iter().all(|&x| x == d[0]) {
            continue;
        }
        let check = national_code_check_digit(&d);
        if d.iter().all(|&x| x == check) {
            continue;
        }
        return format!("{first9:09}{check}");
    }
}

fn national_id(rng: &mut ChaCha8Rng) -> String {
    let first10: u64 = rng.random_range(1_010_000_000..1_400_000_000);
    let d = digits_of(first10, 10);
    format!("{first10:010}{}", national_id_check_digit(&d))
}

fn mobile(rng: &mut ChaCha8Rng) -> String {
    const PREFIXES: &[&str] = &[
        "0912", "0919", "0935", "0936", "0937", "0938", "0939", "0901", "0902", "0990", "0921",
        "0922",
    ];
    format!(
        "{}{:07}",
        pick(rng, PREFIXES),
        rng.random_range(0..10_000_000u32)
    )
}

fn jalali_date(rng: &mut ChaCha8Rng, from_year: i32, to_year: i32) -> NaiveDate {
    let start = from_jalali(Jalali {
        year: from_year,
        month: 1,
        day: 1,
    })
    .expect("valid");
    let end = from_jalali(Jalali {
        year: to_year,
        month: 1,
        day: 1,
    })
    .expect("valid");
    start + Duration::days(rng.random_range(0..(end - start).num_days()))
}

/// Fills the database with sample cooperatives, unions, people and their
/// roles. `progress` is called now and then; returning `false` cancels, and
/// nothing is written.
pub fn generate(
    db: &mut Db,
    cfg: &DemoConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<DemoSummary> {
    let rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let total = u64::from(cfg.coops) + u64::from(cfg.people) * 2;
    let step = (total / 200).max(1);
    let mut done = 0u64;
    let mut tick = |n: u64| -> Result<()> {
        done += n;
        if done % step < n && !progress(Progress { done, total }) {
            return Err(Error::Cancelled);
        }
        Ok(())
    };

    // The whole load is one transaction, a file of a few hundred megabytes
    // at Tehran scale.
    db.with_bulk_cache(|db| load(db, cfg, rng, &mut tick))
}

fn load(
    db: &mut Db,
    cfg: &DemoConfig,
    mut rng: ChaCha8Rng,
    tick: &mut dyn FnMut(u64) -> Result<()>,
) -> Result<DemoSummary> {
    // The audit log gets one summary row instead of a row for each record
    // (and none for the people, whom the bulk write would log at its end).
    // People are indexed for search at the end, in one statement.
    db.write(|tx| {
        db::set_meta(tx, "audit_paused", "demo")?;
        let stamp = now();
        let summary = db::people_in_bulk(tx, |tx| {
            let county_ids: Vec<(String, i64)> = tx
                .prepare("SELECT name, id FROM county")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let county_of = |name: &str| county_ids.iter().find(|(n, _)| n == name).map(|(_, id)| *id);
            // Tehran itself holds most cooperatives; the rest spread over the province.
            let counties: Vec<i64> = TEHRAN_COUNTIES.iter().filter_map(|c| county_of(c)).collect();
            let orientation_ids: Vec<(String, i64)> = tx
                .prepare("SELECT search_key, id FROM orientation")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let orientation_of = |name: &str| {
                let key = search_key(name);
                orientation_ids.iter().find(|(k, _)| *k == key).map(|(_, id)| *id)
            };

            let mut taken_ids: HashSet<String> = tx
                .prepare("SELECT national_id FROM organization WHERE national_id IS NOT NULL")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut taken_codes: HashSet<String> = tx
                .prepare("SELECT national_code FROM person")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;

            // Organizations: about one union per 200 cooperatives.
            let unions = if cfg.coops >= 20 { (cfg.coops / 200).max(1) } else { 0 };
            let mut org_insert = tx.prepare(
                "INSERT INTO organization (kind, name, search_key, sort_key, national_id, registration_no,
                     registry_office, field, orientation_id, activity, county_id, founded_on, member_count,
                     phone, mobile, is_small, is_startup, is_internet, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, NULL, ?13, ?14, 0, ?15, ?16, ?17, ?18, ?18)",
            )?;
            let mut coop_ids: Vec<i64> = Vec::with_capacity(cfg.coops as usize);
            let mut union_ids: Vec<i64> = Vec::new();
            for i in 0..cfg.coops {
                let is_union = i < unions;
                let (field, words) = match rng.random_range(0..10) {
                    0..=4 => (OrgField::Production, PRODUCTION),
                    5..=6 => (OrgField::Distribution, DISTRIBUTION),
                    _ => (OrgField::Service, SERVICE),
                };
                let (activity, orientation) = *pick(&mut rng, words);
                let county = if rng.random_bool(0.45) { counties[0] } else { *pick(&mut rng, &counties) };
                let county_name = &county_ids.iter().find(|(_, id)| *id == county).expect("listed").0;
                let name = if is_union {
                    format!("اتحادیه تعاونی‌های {activity} {county_name}")
                } else {
                    format!("تعاونی {activity} {} {county_name}", pick(&mut rng, NAME_WORDS))
                };
                let nid = loop {
                    let candidate = national_id(&mut rng);
                    if taken_ids.insert(candidate.clone()) {
                        break candidate;
                    }
                };
                let founded = jalali_date(&mut rng, 1365, 1404);
                let startup = founded >= from_jalali(Jalali { year: 1401, month: 1, day: 1 }).expect("valid");
                let internet = activity.contains("نرم") || activity.contains("پلتفرم") || rng.random_bool(0.04);
                let status = match rng.random_range(0..100) {
                    0..=89 => "active",
                    90..=96 => "inactive",
                    _ => "dissolved",
                };
                org_insert.execute(params![
                    if is_union { "union" } else { "cooperative" },
                    name,
                    search_key(&name),
                    collate::sort_key(&name),
                    nid,
                    rng.random_range(1000..700_000u32).to_string(),
                    "اداره ثبت شرکت‌ها و مؤسسات غیرتجاری تهران",
                    field.key(),
                    orientation_of(orientation),
                    format!("فعالیت در زمینه {activity}"),
                    county,
                    iso(founded),
                    format!("021{:08}", rng.random_range(0..100_000_000u32)),
                    mobile(&mut rng),
                    startup,
                    internet,
                    status,
                    stamp,
                ])?;
                let id = tx.last_insert_rowid();
                if is_union {
                    union_ids.push(id);
                } else {
                    coop_ids.push(id);
                }
                tick(1)?;
            }
            drop(org_insert);

            // People.
            let mut person_insert = tx.prepare(
                "INSERT INTO person (national_code, first_name, last_name, father_name, search_key, sort_key,
                                     gender, birth_date, education, mobile, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            )?;
            let mut person_ids: Vec<i64> = Vec::with_capacity(cfg.people as usize);
            for _ in 0..cfg.people {
                let code = loop {
                    let candidate = national_code(&mut rng);
                    if taken_codes.insert(candidate.clone()) {
                        break candidate;
                    }
                };
                let male = rng.random_bool(0.62);
                let first = *pick(&mut rng, if male { MALE } else { FEMALE });
                let last = *pick(&mut rng, LAST);
                let father = *pick(&mut rng, MALE);
                let education = match rng.random_range(0..100) {
                    0..=2 => Education::None,
                    3..=9 => Education::Primary,
                    10..=19 => Education::Middle,
                    20..=49 => Education::Diploma,
                    50..=61 => Education::Associate,
                    62..=86 => Education::Bachelor,
                    87..=97 => Education::Master,
                    _ => Education::Doctorate,
                };
                let mobile = rng.random_bool(0.88).then(|| mobile(&mut rng));
                person_insert.execute(params![
                    code,
                    first,
                    last,
                    father,
                    search_key(&format!("{first} {last}")),
                    collate::sort_key(&format!("{last} {first}")),
                    if male { "male" } else { "female" },
                    iso(jalali_date(&mut rng, 1330, 1384)),
                    education.key(),
                    mobile,
                    stamp,
                ])?;
                person_ids.push(tx.last_insert_rowid());
                tick(1)?;
            }
            drop(person_insert);

            // Memberships: cooperative sizes are skewed (many small, a few large).
            // The first people of each cooperative run it.
            let mut membership_insert = tx.prepare(
                "INSERT INTO membership (person_id, organization_id, role, start_date, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut sizes = vec![0u32; coop_ids.len()];
            // Who holds which role where, to name nominees for need lines later.
            let mut members: Vec<Vec<(i64, Role)>> = vec![Vec::new(); coop_ids.len()];
            let mut memberships = 0u64;
            let role_for = |n: u32, rng: &mut ChaCha8Rng| match n {
                0 => Role::ManagingDirector,
                1..=4 => Role::Board,
                5 => Role::Inspector,
                _ if rng.random_bool(0.03) => Role::Staff,
                _ => Role::Member,
            };
            if !coop_ids.is_empty() {
                for &pid in &person_ids {
                    let extra = rng.random_bool(0.05);
                    for _ in 0..(1 + u32::from(extra)) {
                        let u: f64 = rng.random();
                        let slot = ((u * u * u) * coop_ids.len() as f64) as usize % coop_ids.len();
                        let role = role_for(sizes[slot], &mut rng);
                        sizes[slot] += 1;
                        members[slot].push((pid, role));
                        membership_insert.execute(params![
                            pid,
                            coop_ids[slot],
                            role.key(),
                            iso(jalali_date(&mut rng, 1390, 1404)),
                            stamp
                        ])?;
                        memberships += 1;
                    }
                    tick(1)?;
                }
            } else {
                tick(u64::from(cfg.people))?;
            }
            drop(membership_insert);

            let mut size_update = tx.prepare("UPDATE organization SET member_count = ?1, is_small = ?2 WHERE id = ?3")?;
            for (&id, &size) in coop_ids.iter().zip(&sizes) {
                size_update.execute(params![size, size < 25, id])?;
            }
            drop(size_update);

            let mut union_insert = tx.prepare(
                "INSERT OR IGNORE INTO union_membership (union_id, cooperative_id, start_date, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut union_memberships = 0u64;
            for &uid in &union_ids {
                for _ in 0..rng.random_range(8..40) {
                    let coop = *pick(&mut rng, &coop_ids);
                    union_memberships +=
                        union_insert.execute(params![uid, coop, iso(jalali_date(&mut rng, 1395, 1404)), stamp])? as u64;
                }
            }
            drop(union_insert);
            // A union's members are cooperatives.
            tx.execute(
                "UPDATE organization SET member_count =
                     (SELECT count(*) FROM union_membership WHERE union_id = organization.id)
                 WHERE kind = 'union'",
                [],
            )?;

            let (need_lines, nominees) = needs_assessment(tx, &mut rng, &coop_ids, &members, &stamp)?;
            let (rounds, referrals) = referral_rounds(tx, &mut rng, coop_ids.len())?;

            let summary = DemoSummary {
                cooperatives: coop_ids.len() as u64,
                unions: union_ids.len() as u64,
                people: person_ids.len() as u64,
                memberships,
                union_memberships,
                need_lines,
                nominees,
                rounds,
                referrals,
            };
            Ok(summary)
        })?;
        tx.execute("DELETE FROM meta WHERE key = 'audit_paused'", [])?;
        tx.execute(
            "INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values)
             VALUES (?1, 'bulk', 'demo', NULL, NULL, ?2)",
            params![
                stamp,
                serde_json::json!({
                    "description": format!(
                        "داده‌های نمونه: {} تعاونی، {} اتحادیه، {} نفر",
                        to_persian_digits(&summary.cooperatives.to_string()),
                        to_persian_digits(&summary.unions.to_string()),
                        to_persian_digits(&summary.people.to_string())
                    ),
                    "seed": cfg.seed,
                    "cooperatives": summary.cooperatives,
                    "unions": summary.unions,
                    "people": summary.people,
                    "memberships": summary.memberships,
                    "need_lines": summary.need_lines,
                    "nominees": summary.nominees,
                    "rounds": summary.rounds,
                    "referrals": summary.referrals,
                })
                .to_string()
            ],
        )?;
        Ok(summary)
    })
}

/// Sample TVTO standards: (code, title, cluster, hours theory, hours
/// practice, field they suit). Codes are text in the TVTO's own formats.
const STANDARDS: &[(&str, &str, &str, u32, u32, &str)] = &[
    (
        "7-27/62/1/3",
        "بافنده فرش دستباف",
        "صنایع دستی",
        60,
        300,
        "production",
    ),
    (
        "7-27/63/1/2",
        "رنگرز الیاف فرش",
        "صنایع دستی",
        40,
        120,
        "production",
    ),
    (
        "731740530020001",
        "طراح نقشه فرش با رایانه",
        "صنایع دستی",
        50,
        100,
        "production",
    ),
    (
        "753320530080001",
        "خیاط لباس زنانه",
        "پوشاک",
        60,
        240,
        "production",
    ),
    (
        "751220530010001",
        "شیرینی‌پز",
        "صنایع غذایی",
        40,
        160,
        "production",
    ),
    (
        "612130530010001",
        "پرورش‌دهنده زنبور عسل",
        "کشاورزی",
        60,
        120,
        "production",
    ),
    (
        "611430530120001",
        "گلخانه‌دار سبزی و صیفی",
        "کشاورزی",
        50,
        150,
        "production",
    ),
    (
        "721220530030001",
        "جوشکار سازه‌های فولادی",
        "مکانیک",
        60,
        240,
        "production",
    ),
    (
        "522320530010001",
        "فروشنده حرفه‌ای",
        "بازرگانی",
        40,
        60,
        "distribution",
    ),
    (
        "432120530010001",
        "انباردار",
        "بازرگانی",
        30,
        50,
        "distribution",
    ),
    (
        "333920530050001",
        "کارشناس بازاریابی",
        "بازرگانی",
        60,
        60,
        "distribution",
    ),
    (
        "343320530020001",
        "حسابدار عمومی",
        "مالی و بازرگانی",
        80,
        120,
        "service",
    ),
    (
        "241120530010002",
        "حسابدار مالیاتی",
        "مالی و بازرگانی",
        60,
        80,
        "service",
    ),
    (
        "8-32/41/1/4",
        "راننده پایه یک",
        "حمل‌ونقل",
        40,
        80,
        "service",
    ),
    (
        "251220530080001",
        "طراح صفحات وب",
        "فناوری اطلاعات",
        60,
        140,
        "service",
    ),
    (
        "351230530010001",
        "تکنسین پشتیبانی شبکه",
        "فناوری اطلاعات",
        50,
        130,
        "service",
    ),
    (
        "311520530040001",
        "نصاب سامانه خورشیدی",
        "برق",
        40,
        100,
        "service",
    ),
    (
        "712620530010001",
        "لوله‌کش ساختمان",
        "ساختمان",
        40,
        160,
        "service",
    ),
];

/// A campaign: title, first and last Jalali month, months long.
type Season = (&'static str, (i32, u8), (i32, u8), u32);

/// The directorate's needs assessment since the program began in Mehr 1404:
/// a campaign each season, about one need line per five cooperatives per
/// month (20,000 cooperatives give the 50,000 lines of Tehran scale), older
/// lines further along their lifecycle, and nominees named on approved lines.
fn needs_assessment(
    tx: &rusqlite::Transaction,
    rng: &mut ChaCha8Rng,
    coop_ids: &[i64],
    members: &[Vec<(i64, Role)>],
    stamp: &str,
) -> Result<(u64, u64)> {
    if coop_ids.is_empty() {
        return Ok((0, 0));
    }
    let mut course_insert = tx.prepare(
        "INSERT OR IGNORE INTO course (kind, code, title, search_key, sort_key, cluster, theory_hours, practice_hours,
             total_hours, entry_education, suits, created_at, updated_at)
         VALUES ('standard', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'middle', ?9, ?10, ?10)",
    )?;
    for (code, title, cluster, theory, practice, suits) in STANDARDS {
        course_insert.execute(params![
            code,
            title,
            search_key(title),
            collate::sort_key(title),
            cluster,
            theory,
            practice,
            theory + practice,
            suits,
            stamp
        ])?;
    }
    drop(course_insert);
    let courses: Vec<(i64, String)> = tx
        .prepare("SELECT id, suits FROM course WHERE active = 1")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let fields: Vec<String> = {
        let mut stmt = tx.prepare("SELECT field FROM organization WHERE id = ?1")?;
        coop_ids
            .iter()
            .map(|id| stmt.query_row([id], |r| r.get::<_, OrgField>(0)))
            .map(|f| f.map(|f| f.key().to_owned()))
            .collect::<rusqlite::Result<_>>()?
    };

    let campaigns: [Season; 4] = [
        ("نیازسنجی پاییز ۱۴۰۴", (1404, 7), (1404, 9), 3),
        ("نیازسنجی زمستان ۱۴۰۴", (1404, 10), (1404, 12), 3),
        ("نیازسنجی بهار ۱۴۰۵", (1405, 1), (1405, 3), 3),
        ("نیازسنجی تابستان ۱۴۰۵", (1405, 4), (1405, 6), 3),
    ];
    let mut need_insert = tx.prepare(
        "INSERT OR IGNORE INTO need_line (campaign_id, organization_id, target_role, course_id, requested, approved,
             source, need_level, target_year, target_month, status, approved_at, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
    )?;
    let mut history_insert = tx.prepare(
        "INSERT INTO need_history (need_line_id, at, from_status, to_status, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut nominee_insert =
        tx.prepare("INSERT OR IGNORE INTO nominee (need_line_id, person_id, status, created_at) VALUES (?1, ?2, ?3, ?4)")?;
    let mut lines = 0u64;
    let mut named = 0u64;
    let mut positions = vec![0i64; coop_ids.len()];
    // A person is named for a course at most once while it is open.
    let mut named_for: HashSet<(i64, i64)> = HashSet::new();
    for (age, (title, start, end, months)) in campaigns.iter().enumerate() {
        let starts = from_jalali(Jalali {
            year: start.0,
            month: start.1,
            day: 1,
        })
        .expect("valid");
        let ends = from_jalali(Jalali {
            year: end.0,
            month: end.1,
            day: crate::jalali::days_in_month(end.0, end.1),
        })
        .expect("valid");
        tx.execute(
            "INSERT INTO campaign (title, starts_on, ends_on, deadline, owner, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'کارشناس آموزش اداره کل', ?5, ?6, ?6)",
            params![title, iso(starts), iso(ends), iso(ends - Duration::days(10)), if age < 3 { "closed" } else { "open" }, stamp],
        )?;
        let campaign = tx.last_insert_rowid();
        let count = coop_ids.len() as u32 * months / 5;
        for _ in 0..count {
            let slot = rng.random_range(0..coop_ids.len());
            let suits_field = |s: &str| {
                s.split(' ')
                    .any(|t| t == fields[slot] || t == "general" || t == "digital")
            };
            let fitting: Vec<i64> = courses
                .iter()
                .filter(|(_, s)| suits_field(s))
                .map(|(id, _)| *id)
                .collect();
            let course = *pick(rng, &fitting);
            let target = match rng.random_range(0..10) {
                0..=5 => TargetRole::Members,
                6..=7 => TargetRole::Managers,
                8 => TargetRole::Board,
                _ => TargetRole::All,
            };
            let requested = rng.random_range(2..=15u32);
            let level = rng.random_range(1..=5u8);
            let source = if rng.random_bool(0.3) {
                NeedSource::SelfApplied
            } else {
                NeedSource::Assessment
            };
            // Older campaigns are further along; the newest is still being assessed.
            let status = match (age, rng.random_range(0..100)) {
                (0, 0..=59) => NeedStatus::Fulfilled,
                (0, 60..=84) => NeedStatus::Planned,
                (0, _) => NeedStatus::Rejected,
                (1, 0..=29) => NeedStatus::Fulfilled,
                (1, 30..=69) => NeedStatus::Planned,
                (1, 70..=89) => NeedStatus::Approved,
                (1, _) => NeedStatus::Deferred,
                (2, 0..=49) => NeedStatus::Approved,
                (2, 50..=79) => NeedStatus::Submitted,
                (2, _) => NeedStatus::Rejected,
                (_, 0..=39) => NeedStatus::Draft,
                (_, 40..=79) => NeedStatus::Submitted,
                _ => NeedStatus::Approved,
            };
            let approved = matches!(
                status,
                NeedStatus::Approved | NeedStatus::Planned | NeedStatus::Fulfilled
            )
            .then(|| rng.random_range(1..=requested));
            // Approved within the campaign's first weeks: waiting time counts from here.
            let approved_on =
                approved.map(|_| iso(starts + Duration::days(rng.random_range(10..45))));
            let month_offset = rng.random_range(0..*months) as u8;
            let (ty, tm) = if start.1 + month_offset + 1 > 12 {
                (start.0 + 1, (start.1 + month_offset + 1) - 12)
            } else {
                (start.0, start.1 + month_offset + 1)
            };
            positions[slot] += 1;
            let inserted = need_insert.execute(params![
                campaign,
                coop_ids[slot],
                target.key(),
                course,
                requested,
                approved,
                source.key(),
                level,
                ty,
                tm,
                status.key(),
                approved_on,
                positions[slot],
                stamp
            ])?;
            if inserted == 0 {
                continue;
            }
            let line = tx.last_insert_rowid();
            lines += 1;
            history_insert.execute(params![
                line,
                stamp,
                Option::<&str>::None,
                "draft",
                "ثبت نیاز"
            ])?;
            if status != NeedStatus::Draft {
                history_insert.execute(params![
                    line,
                    stamp,
                    "draft",
                    status.key(),
                    "داده نمونه"
                ])?;
            }
            if let Some(seats) = approved {
                let trained = status == NeedStatus::Fulfilled;
                let mut left = seats;
                for &(pid, role) in &members[slot] {
                    if left == 0 {
                        break;
                    }
                    if !role.fits(target)
                        || !rng.random_bool(0.7)
                        || !named_for.insert((pid, course))
                    {
                        continue;
                    }
                    nominee_insert.execute(params![
                        line,
                        pid,
                        if trained { "trained" } else { "open" },
                        stamp
                    ])?;
                    named += 1;
                    left -= 1;
                }
            }
        }
    }
    Ok((lines, named))
}

/// The referral program since it began: the TVTO's capacity for the year
/// from Mehr 1404 and the year after, and a round each month from Aban 1404
/// to Aban 1405, each built by the real ranking as it stood that month,
/// locked and sent. The TVTO's answers are spread over every status: older
/// rounds are reconciled with certificates; the newest is still awaiting
/// answers.
fn referral_rounds(
    tx: &rusqlite::Transaction,
    rng: &mut ChaCha8Rng,
    coops: usize,
) -> Result<(u64, u64)> {
    use crate::model::RoundStatus;
    use crate::rounds::{self, QuotaInput, RoundInput, RoundMove};

    // The program's history happens once: a second load adds people and
    // needs, not a second set of past rounds.
    let had_rounds: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM referral_round)", [], |r| {
            r.get(0)
        })?;
    if coops == 0 || had_rounds {
        return Ok((0, 0));
    }
    // About five seats a year per cooperative; the cooperatives get 30 %.
    let capacity = (coops as u64 * 5).max(100).to_string();
    for (from, to) in [("1404/07/01", "1405/06/31"), ("1405/07/01", "1406/06/31")] {
        rounds::set_quota(
            tx,
            &QuotaInput {
                title: format!(
                    "ظرفیت آموزش فنی و حرفه‌ای استان تهران از {}",
                    to_persian_digits(from)
                ),
                starts_on: from.into(),
                ends_on: to.into(),
                unit: "seats".into(),
                capacity: capacity.clone(),
                province_share: None,
                coop_share: None,
            },
        )?;
    }
    let months: Vec<(i32, u8)> = (8..=12)
        .map(|m| (1404, m))
        .chain((1..=8).map(|m| (1405, m)))
        .collect();
    let mut referrals = 0u64;
    let mut sent = std::collections::VecDeque::new();
    for (i, &(year, month)) in months.iter().enumerate() {
        let round = rounds::new_round(
            tx,
            &RoundInput {
                month: format!("{year}/{month:02}"),
                capacity: None,
                title: None,
            },
        )?;
        let first = from_jalali(Jalali {
            year,
            month,
            day: 1,
        })
        .expect("valid");
        let last = from_jalali(Jalali {
            year,
            month,
            day: crate::jalali::days_in_month(year, month),
        })
        .expect("valid");
        if rounds::build_round_as_of(tx, round.id, Some(last))?.added == 0 {
            // Nobody left to send that month (a small sample): no round.
            tx.execute("DELETE FROM round_history WHERE round_id = ?1", [round.id])?;
            tx.execute("DELETE FROM referral_round WHERE id = ?1", [round.id])?;
            continue;
        }
        rounds::set_round_status(tx, round.id, RoundStatus::Locked, &RoundMove::default())?;
        let sent_on = first + Duration::days(4);
        rounds::set_round_status(
            tx,
            round.id,
            RoundStatus::Sent,
            &RoundMove {
                letter_no: Some(format!("{}/{}/ت", 4100 + i * 37, year)),
                sent_on: Some(crate::jalali::to_jalali(sent_on).to_ascii()),
                ..Default::default()
            },
        )?;
        referrals += tx.query_row(
            "SELECT count(*) FROM referral WHERE round_id = ?1 AND status = 'sent'",
            [round.id],
            |r| r.get::<_, i64>(0),
        )? as u64;
        // The TVTO answers a round two months on: by then the round before
        // the last has its answers in and is reconciled.
        sent.push_back((round.id, first, year));
        while sent.len() > 2 {
            let (id, first, year) = sent.pop_front().expect("non-empty");
            answer_round(tx, rng, id, first, year, 2)?;
        }
    }
    for (age, (id, first, year)) in sent.into_iter().rev().enumerate() {
        answer_round(tx, rng, id, first, year, age)?;
    }
    // A pass or a certificate trains the nominee, as recording it by hand does.
    tx.execute(
        "UPDATE nominee SET status = 'trained' WHERE status = 'open' AND EXISTS (
             SELECT 1 FROM referral r JOIN need_line n ON n.id = nominee.need_line_id
             WHERE r.person_id = nominee.person_id AND r.course_id = n.course_id
               AND r.status IN ('passed', 'certified'))",
        [],
    )?;
    let made: i64 = tx.query_row("SELECT count(*) FROM referral_round", [], |r| r.get(0))?;
    Ok((made as u64, referrals))
}

/// Records what the TVTO answered for a sent round: `age` 0 is the newest
/// round (many still waiting), 1 the one before (in class), 2 and older
/// finished and reconciled.
fn answer_round(
    tx: &rusqlite::Transaction,
    rng: &mut ChaCha8Rng,
    round_id: i64,
    first: NaiveDate,
    year: i32,
    age: usize,
) -> Result<()> {
    use crate::model::{ReferralStatus as S, RoundStatus};
    use crate::rounds::{self, RoundMove};

    let mut history = tx.prepare_cached(
        "INSERT INTO referral_history (referral_id, at, from_status, to_status, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut finish = tx.prepare_cached(
        "UPDATE referral SET status = ?1, class_starts_on = ?2, class_ends_on = ?3, certificate_no = ?4,
             certificate_on = ?5 WHERE id = ?6",
    )?;
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM referral WHERE round_id = ?1 AND status = 'sent' ORDER BY id")?
        .query_map([round_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let class_start = first + Duration::days(rng.random_range(12..25));
    let class_end = class_start + Duration::days(rng.random_range(20..50));
    let answered = (class_end + Duration::days(7))
        .format("%Y-%m-%dT09:00:00.000Z")
        .to_string();
    for id in ids {
        let roll = rng.random_range(0..100);
        // What the TVTO reported, step by step along the lifecycle.
        let path: &[S] = match age {
            0 => match roll {
                0..=44 => &[],
                45..=54 => &[S::Waitlisted],
                55..=62 => &[S::Declined],
                _ => &[S::Enrolled],
            },
            1 => match roll {
                0..=7 => &[S::Declined],
                8..=13 => &[S::Waitlisted],
                14..=19 => &[S::Enrolled, S::NoShow],
                20..=59 => &[S::Enrolled, S::AttendedFull],
                _ => &[S::Enrolled],
            },
            _ => match roll {
                0..=7 => &[S::Declined],
                8..=10 => &[S::Withdrawn],
                11..=15 => &[S::Waitlisted],
                16..=22 => &[S::Enrolled, S::NoShow],
                23..=27 => &[S::Enrolled, S::AttendedPartial, S::Failed],
                28..=31 => &[S::Enrolled, S::AttendedFull, S::Failed],
                32..=41 => &[S::Enrolled, S::AttendedFull, S::Passed],
                _ => &[S::Enrolled, S::AttendedFull, S::Passed, S::Certified],
            },
        };
        let mut from = S::Sent;
        for &to in path {
            history.execute(params![
                id,
                answered,
                from.key(),
                to.key(),
                "گزارش ماهانه آموزش فنی و حرفه‌ای"
            ])?;
            from = to;
        }
        let enrolled = path.contains(&S::Enrolled);
        let certified = from == S::Certified;
        finish.execute(params![
            from.key(),
            enrolled.then(|| iso(class_start)),
            enrolled.then(|| iso(class_end)),
            certified.then(|| format!("{}{:06}", year, rng.random_range(0..1_000_000u32))),
            certified.then(|| iso(class_end + Duration::days(20))),
            id
        ])?;
    }
    if age >= 2 {
        rounds::set_round_status(tx, round_id, RoundStatus::Reconciled, &RoundMove::default())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{NationalCode, NationalId};
    use crate::registry;

    fn small() -> DemoConfig {
        DemoConfig {
            coops: 60,
            people: 900,
            seed: 7,
        }
    }

    #[test]
    fn demo_data_is_valid_and_deterministic() {
        let mut a = Db::open_in_memory().unwrap();
        let sa = generate(&mut a, &small(), &mut |_| true).unwrap();
        let mut b = Db::open_in_memory().unwrap();
        let sb = generate(&mut b, &small(), &mut |_| true).unwrap();
        assert_eq!(sa, sb);
        assert_eq!(sa.people, 900);
        assert_eq!(sa.cooperatives + sa.unions, 60);
        let dump = |db: &Db| -> Vec<(String, String)> {
            db.conn()
                .prepare(
                    "SELECT national_code, first_name || ' ' || last_name FROM person ORDER BY id",
                )
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        assert_eq!(dump(&a), dump(&b));

        let codes = dump(&a);
        for (code, _) in &codes {
            assert!(NationalCode::parse(code).is_ok(), "{code}");
        }
        let leading_zeros = codes.iter().filter(|(c, _)| c.starts_with("00")).count();
        assert!(
            leading_zeros > codes.len() / 2,
            "most codes start with 00: {leading_zeros}"
        );
        let ids: Vec<String> = a
            .conn()
            .prepare("SELECT national_id FROM organization")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for id in &ids {
            assert!(NationalId::parse(id).is_ok(), "{id}");
        }
        let fields: i64 = a
            .conn()
            .query_row("SELECT count(DISTINCT field) FROM organization", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fields, 3);
        let directors: i64 = a
            .conn()
            .query_row(
                "SELECT count(*) FROM membership WHERE role = 'managing_director'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(directors > 0);
        let union_counts_match: bool = a
            .conn()
            .query_row(
                "SELECT count(*) > 0 AND sum(member_count = (SELECT count(*) FROM union_membership u WHERE u.union_id = o.id)) = count(*)
                 FROM organization o WHERE kind = 'union'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            union_counts_match,
            "a union's member count is its member cooperatives"
        );
    }

    #[test]
    fn demo_needs_follow_the_rules() {
        let mut db = Db::open_in_memory().unwrap();
        let s = generate(&mut db, &small(), &mut |_| true).unwrap();
        // About one line per five cooperatives per month over four seasons.
        assert!(
            s.need_lines > 100 && s.need_lines <= 144,
            "{}",
            s.need_lines
        );
        assert!(s.nominees > 0);
        let q = |sql: &str| -> i64 { db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            q("SELECT count(*) FROM need_line n WHERE (SELECT count(*) FROM nominee m WHERE m.need_line_id = n.id) > coalesce(n.approved, 0)"),
            0,
            "never more nominees than approved seats"
        );
        assert_eq!(
            q("SELECT count(*) FROM nominee m JOIN need_line n ON n.id = m.need_line_id
               WHERE NOT EXISTS (SELECT 1 FROM membership s WHERE s.person_id = m.person_id AND s.organization_id = n.organization_id)"),
            0,
            "nominees are people of the cooperative"
        );
        assert_eq!(
            q("SELECT count(*) FROM need_line WHERE status = 'draft' AND approved IS NOT NULL"),
            0
        );
        assert_eq!(
            q("SELECT count(DISTINCT status) FROM need_line"),
            7,
            "every status appears"
        );
        assert_eq!(q("SELECT count(*) FROM campaign"), 4);
        assert_eq!(q("SELECT count(*) FROM need_line n WHERE NOT EXISTS (SELECT 1 FROM need_history h WHERE h.need_line_id = n.id)"), 0);
    }

    #[test]
    fn demo_rounds_follow_the_rules_and_spread_over_the_statuses() {
        let mut db = Db::open_in_memory().unwrap();
        let s = generate(&mut db, &small(), &mut |_| true).unwrap();
        assert_eq!(s.rounds, 13, "Aban 1404 to Aban 1405");
        assert!(s.referrals > 50, "{}", s.referrals);
        let q = |sql: &str| -> i64 { db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert!(q("SELECT count(DISTINCT status) FROM referral") >= 9);
        assert_eq!(
            q("SELECT count(*) FROM referral_round WHERE status = 'reconciled'"),
            11
        );
        assert_eq!(
            q("SELECT count(*) FROM referral WHERE status = 'certified' AND certificate_no IS NULL"),
            0
        );
        assert_eq!(
            q("SELECT count(*) FROM (SELECT person_id, course_id FROM referral
               WHERE status NOT IN ('removed', 'declined', 'withdrawn') GROUP BY 1, 2 HAVING count(*) > 1)"),
            0,
            "nobody sent twice for the same course"
        );
        assert_eq!(
            q("SELECT count(*) FROM referral r JOIN organization o ON o.id = r.organization_id WHERE o.status <> 'active'"),
            0
        );
        for quota in crate::rounds::list_quota(db.conn()).unwrap() {
            assert!(quota.remaining >= 0, "{quota:?}");
        }
        // The first round's people were chosen from needs approved by then.
        assert_eq!(
            q("SELECT count(*) FROM referral r JOIN referral_round d ON d.id = r.round_id
               JOIN need_line n ON n.id = r.need_line_id WHERE d.number = 1 AND n.approved_at > '2025-11-21'"),
            0
        );
    }

    #[test]
    fn demo_writes_one_audit_row_and_leaves_auditing_on() {
        let mut db = Db::open_in_memory().unwrap();
        generate(&mut db, &small(), &mut |_| true).unwrap();
        let log = registry::recent_audit(db.conn(), None, 5).unwrap();
        assert_eq!(log[0].action, "bulk");
        assert_eq!(log[0].new_values.as_ref().unwrap()["people"], 900);
        let person_rows: i64 = db
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity = 'person'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(person_rows, 0);
        // Auditing is back on for the next change.
        db.write(|tx| {
            tx.execute("UPDATE person SET first_name = 'تست' WHERE id = 1", [])?;
            Ok(())
        })
        .unwrap();
        assert_eq!(
            registry::recent_audit(db.conn(), Some("person"), 5)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn cancelled_demo_writes_nothing() {
        let mut db = Db::open_in_memory().unwrap();
        let before = registry::counts(db.conn()).unwrap();
        let mut calls = 0;
        let err = generate(&mut db, &small(), &mut |p| {
            calls += 1;
            p.done < p.total / 2
        })
        .unwrap_err();
        assert_eq!(err.code(), "cancelled");
        assert!(calls > 1);
        assert_eq!(registry::counts(db.conn()).unwrap(), before);
        let paused: i64 = db
            .conn()
            .query_row(
                "SELECT count(*) FROM meta WHERE key = 'audit_paused'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(paused, 0);
    }

    #[test]
    fn second_demo_on_same_database_adds_without_clashing() {
        let mut db = Db::open_in_memory().unwrap();
        generate(&mut db, &small(), &mut |_| true).unwrap();
        generate(&mut db, &small(), &mut |_| true).unwrap();
        assert_eq!(registry::counts(db.conn()).unwrap().people, 1800);
    }
}
