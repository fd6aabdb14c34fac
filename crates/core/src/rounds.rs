//! Referral rounds (نوبت معرفی): the TVTO quota, the ranked candidates and
//! why each ranks where it does, the rules a round must keep, and the
//! lifecycles of a round and of each referral.
//!
//! - **Quota.** A period has the TVTO's capacity (seats or person-hours),
//!   the province's share and the cooperatives' share (30 %). What is used
//!   is always counted from the referrals: proposals in draft or locked
//!   rounds are *reserved*, everything sent and not declined or cancelled is
//!   *used*.
//! - **Candidates** are the open nominees of approved (or planned) need
//!   lines. Each gets a score from the weights in the settings, kept with
//!   its parts so the clerk sees *why*: `نیاز سطح ۵: +۵۰، متقاضی: +۲۰ …`.
//! - **Rules.** Nobody is sent twice for the same course, nobody waiting in
//!   another open round is added, nobody from an inactive cooperative, one
//!   course per person per round, and no round goes past its capacity, the
//!   quota or a course's seats without an explicit override and a reason.
//! - **Building** picks the best candidate, then the next best with the
//!   fairness term updated (each person already in the round from the same
//!   cooperative costs points), until the round or the quota is full.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Entity, Error, Field, FieldError, Problem, Result};
use crate::jalali::{
    from_jalali, iso, jalali_of_iso, parse_iso, parse_jalali, to_jalali, today, Jalali,
};
use crate::model::{QuotaUnit, ReferralStatus, Role, RoundStatus};
use crate::needs::{month_label, parse_month};
use crate::registry::{now, whole_number};
use crate::settings::{self, Weights};
use crate::text::{clean_text, to_persian_digits};

fn fa(n: impl ToString) -> String {
    to_persian_digits(&n.to_string())
}

/// The first day of a Jalali month.
fn month_start(year: i32, month: u8) -> Option<NaiveDate> {
    from_jalali(Jalali {
        year,
        month,
        day: 1,
    })
}

fn ym(year: i32, month: u8) -> i64 {
    i64::from(year) * 100 + i64::from(month)
}

// ---------------------------------------------------------------------------
// Quota

/// A quota period as typed in a form or on the command line.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct QuotaInput {
    pub title: String,
    /// Jalali.
    pub starts_on: String,
    /// Jalali.
    pub ends_on: String,
    /// `seats` or `hours` (or the Persian labels).
    pub unit: String,
    /// The TVTO's capacity in the period.
    pub capacity: String,
    /// Percent; 100 when empty.
    pub province_share: Option<String>,
    /// Percent; 30 when empty.
    pub coop_share: Option<String>,
}

struct NewQuota {
    title: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    unit: QuotaUnit,
    capacity: u32,
    province_share: f64,
    coop_share: f64,
}

/// A percentage in (0, 100], typed in any digit script, `30` or `30.5` or `۳۰٪`.
fn percent(field: Field, raw: Option<&str>, default: f64) -> Result<f64, FieldError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(default);
    };
    let text: String = crate::text::to_ascii_digits(raw)
        .replace(['%', '٪', ' '], "")
        .replace(['٫', '/'], ".");
    let value: f64 = text
        .parse()
        .map_err(|_| FieldError::new(field, raw, Problem::NotANumber))?;
    if !(value > 0.0 && value <= 100.0) {
        return Err(FieldError::new(
            field,
            raw,
            Problem::OutOfRange { min: 1, max: 100 },
        ));
    }
    Ok(value)
}

impl QuotaInput {
    fn validate(&self) -> Result<NewQuota, Vec<FieldError>> {
        let mut errors = Vec::new();
        let starts_on = parse_jalali(&self.starts_on, Field::StartDate)
            .map_err(|e| errors.push(e))
            .ok();
        let ends_on = parse_jalali(&self.ends_on, Field::EndDate)
            .map_err(|e| errors.push(e))
            .ok();
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                errors.push(FieldError::new(
                    Field::EndDate,
                    &self.ends_on,
                    Problem::EndBeforeStart,
                ));
            }
        }
        let unit = if self.unit.trim().is_empty() {
            Some(QuotaUnit::Seats)
        } else {
            QuotaUnit::parse(&self.unit)
                .map_err(|e| errors.push(e))
                .ok()
        };
        let capacity = whole_number(Field::Capacity, &self.capacity, 1, 100_000_000)
            .map_err(|e| errors.push(e))
            .ok();
        let province_share = percent(Field::ProvinceShare, self.province_share.as_deref(), 100.0)
            .map_err(|e| errors.push(e))
            .ok();
        let coop_share = percent(Field::CoopShare, self.coop_share.as_deref(), 30.0)
            .map_err(|e| errors.push(e))
            .ok();
        if !errors.is_empty() {
            return Err(errors);
        }
        let starts_on = starts_on.expect("checked");
        let ends_on = ends_on.expect("checked");
        let title = match clean_text(&self.title) {
            t if t.is_empty() => format!(
                "سهمیه {} تا {}",
                to_jalali(starts_on).to_persian(),
                to_jalali(ends_on).to_persian()
            ),
            t => t,
        };
        Ok(NewQuota {
            title,
            starts_on,
            ends_on,
            unit: unit.expect("checked"),
            capacity: capacity.expect("checked"),
            province_share: province_share.expect("checked"),
            coop_share: coop_share.expect("checked"),
        })
    }
}

/// Seats for one course or provider in a period, with what is taken.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CapView {
    /// `course` or `provider`.
    pub kind: String,
    pub target_id: i64,
    pub name: String,
    pub seats: i64,
    pub used: i64,
    pub reserved: i64,
    pub remaining: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct QuotaView {
    pub id: i64,
    pub title: String,
    pub starts_on: String,
    pub starts_on_jalali: String,
    pub ends_on: String,
    pub ends_on_jalali: String,
    pub unit: QuotaUnit,
    pub unit_label: String,
    pub capacity: i64,
    pub province_share: f64,
    pub coop_share: f64,
    /// capacity × province share × cooperatives' share, rounded down.
    pub quota: i64,
    /// Sent and not declined or cancelled.
    pub used: i64,
    /// Proposed in rounds not yet sent.
    pub reserved: i64,
    pub remaining: i64,
    /// (used + reserved) / quota, in percent.
    pub percent: i64,
    /// Set when the quota is nearly or wholly taken.
    pub warning: Option<String>,
    pub caps: Vec<CapView>,
}

/// The share at which the quota meter warns.
const WARN_PERCENT: i64 = 90;

#[derive(Debug, Clone, Copy)]
struct Period {
    id: i64,
    unit: QuotaUnit,
    quota: i64,
    /// The round months (year × 100 + month) inside the period: a month
    /// belongs to the period its first day falls in.
    first_ym: i64,
    last_ym: i64,
    last_month: (i32, u8),
}

fn period_bounds(starts_on: NaiveDate, ends_on: NaiveDate) -> (i64, i64, (i32, u8)) {
    let s = to_jalali(starts_on);
    let first = if s.day == 1 {
        (s.year, s.month)
    } else if s.month == 12 {
        (s.year + 1, 1)
    } else {
        (s.year, s.month + 1)
    };
    let e = to_jalali(ends_on);
    (ym(first.0, first.1), ym(e.year, e.month), (e.year, e.month))
}

fn quota_of(capacity: i64, province: f64, coop: f64) -> i64 {
    // Rounded to a thousandth first so 30 % of 1000 is 300, not 299.99….
    ((capacity as f64) * province / 100.0 * coop / 100.0 * 1000.0).round() as i64 / 1000
}

const PERIOD_SELECT: &str = "SELECT id, title, starts_on, ends_on, unit, capacity, province_share, coop_share FROM quota_period";

fn period_from_row(r: &Row) -> rusqlite::Result<(Period, QuotaView)> {
    let starts_on: String = r.get(2)?;
    let ends_on: String = r.get(3)?;
    let unit = r.get::<_, QuotaUnit>(4)?;
    let capacity: i64 = r.get(5)?;
    let province_share: f64 = r.get(6)?;
    let coop_share: f64 = r.get(7)?;
    let quota = quota_of(capacity, province_share, coop_share);
    let (first_ym, last_ym, last_month) = match (parse_iso(&starts_on), parse_iso(&ends_on)) {
        (Some(s), Some(e)) => period_bounds(s, e),
        _ => (0, -1, (0, 1)),
    };
    let period = Period {
        id: r.get(0)?,
        unit,
        quota,
        first_ym,
        last_ym,
        last_month,
    };
    let view = QuotaView {
        id: period.id,
        title: r.get(1)?,
        starts_on_jalali: jalali_of_iso(&Some(starts_on.clone())).unwrap_or_default(),
        starts_on,
        ends_on_jalali: jalali_of_iso(&Some(ends_on.clone())).unwrap_or_default(),
        ends_on,
        unit,
        unit_label: unit.label().to_owned(),
        capacity,
        province_share,
        coop_share,
        quota,
        used: 0,
        reserved: 0,
        remaining: quota,
        percent: 0,
        warning: None,
        caps: Vec::new(),
    };
    Ok((period, view))
}

/// What a referral costs against a quota in `unit`: one seat, or the
/// course's total hours.
fn cost_sql(unit: QuotaUnit) -> &'static str {
    match unit {
        QuotaUnit::Seats => "1",
        QuotaUnit::Hours => "coalesce(k.total_hours, 0)",
    }
}

/// Used and reserved in a period, optionally for one course, one provider
/// or one round only.
fn usage(conn: &Connection, p: &Period, only: Option<(&str, i64)>) -> Result<(i64, i64)> {
    let filter = match only {
        Some((column, _)) => format!(" AND r.{column} = ?3"),
        None => " AND ?3 IS NULL".to_owned(),
    };
    let sql = format!(
        "SELECT coalesce(sum(CASE WHEN r.status <> 'proposed' THEN {cost} END), 0),
                coalesce(sum(CASE WHEN r.status = 'proposed' THEN {cost} END), 0)
         FROM referral r JOIN referral_round d ON d.id = r.round_id JOIN course k ON k.id = r.course_id
         WHERE r.status NOT IN {free} AND d.year * 100 + d.month BETWEEN ?1 AND ?2{filter}",
        cost = cost_sql(p.unit),
        free = ReferralStatus::FREE_SQL,
    );
    Ok(conn.prepare_cached(&sql)?.query_row(
        params![p.first_ym, p.last_ym, only.map(|(_, id)| id)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

fn fill_usage(conn: &Connection, p: &Period, view: &mut QuotaView) -> Result<()> {
    let (used, reserved) = usage(conn, p, None)?;
    view.used = used;
    view.reserved = reserved;
    view.remaining = view.quota - used - reserved;
    view.percent = if view.quota > 0 {
        (used + reserved) * 100 / view.quota
    } else {
        100
    };
    view.warning = if view.remaining < 0 {
        Some(format!(
            "سهمیه این دوره {} {} بیش از اندازه پر شده است.",
            fa(-view.remaining),
            view.unit_label
        ))
    } else if view.percent >= WARN_PERCENT {
        Some(format!(
            "{}٪ سهمیه این دوره پر شده و {} {} مانده است.",
            fa(view.percent),
            fa(view.remaining),
            view.unit_label
        ))
    } else {
        None
    };
    let caps: Vec<(String, i64, String, i64)> = conn
        .prepare_cached(
            "SELECT CASE WHEN q.course_id IS NOT NULL THEN 'course' ELSE 'provider' END,
                    coalesce(q.course_id, q.provider_id), coalesce(k.title, v.name), q.seats
             FROM quota_cap q LEFT JOIN course k ON k.id = q.course_id LEFT JOIN provider v ON v.id = q.provider_id
             WHERE q.period_id = ?1 ORDER BY 1, coalesce(k.sort_key, v.sort_key)",
        )?
        .query_map([p.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let seats_only = Period {
        unit: QuotaUnit::Seats,
        ..*p
    };
    view.caps = caps
        .into_iter()
        .map(|(kind, target_id, name, seats)| {
            let column = if kind == "course" {
                "course_id"
            } else {
                "provider_id"
            };
            let (used, reserved) = usage(conn, &seats_only, Some((column, target_id)))?;
            Ok(CapView {
                kind,
                target_id,
                name,
                seats,
                used,
                reserved,
                remaining: seats - used - reserved,
            })
        })
        .collect::<Result<_>>()?;
    Ok(())
}

pub fn get_quota(conn: &Connection, id: i64) -> Result<QuotaView> {
    let (p, mut view) = conn
        .prepare_cached(&format!("{PERIOD_SELECT} WHERE id = ?1"))?
        .query_row([id], period_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: Entity::QuotaPeriod,
            key_label: "شناسه",
            key: id.to_string(),
        })?;
    fill_usage(conn, &p, &mut view)?;
    Ok(view)
}

/// Every quota period, the newest first, with what is used of each.
pub fn list_quota(conn: &Connection) -> Result<Vec<QuotaView>> {
    let rows: Vec<(Period, QuotaView)> = conn
        .prepare_cached(&format!("{PERIOD_SELECT} ORDER BY starts_on DESC"))?
        .query_map([], period_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(p, mut v)| {
            fill_usage(conn, &p, &mut v)?;
            Ok(v)
        })
        .collect()
}

fn period_for(conn: &Connection, year: i32, month: u8) -> Result<Option<Period>> {
    let Some(first) = month_start(year, month) else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached(&format!(
            "{PERIOD_SELECT} WHERE starts_on <= ?1 AND ends_on >= ?1"
        ))?
        .query_row([iso(first)], period_from_row)
        .optional()?
        .map(|(p, _)| p))
}

/// Adds a quota period, or changes the one that starts on the same day.
/// Periods may not overlap: each round month belongs to exactly one.
pub fn set_quota(tx: &Transaction, input: &QuotaInput) -> Result<QuotaView> {
    let q = input.validate()?;
    let same: Option<i64> = tx
        .query_row(
            "SELECT id FROM quota_period WHERE starts_on = ?1",
            [iso(q.starts_on)],
            |r| r.get(0),
        )
        .optional()?;
    let overlap: Option<String> = tx
        .query_row(
            "SELECT title FROM quota_period WHERE starts_on <= ?2 AND ends_on >= ?1 AND id IS NOT ?3",
            params![iso(q.starts_on), iso(q.ends_on), same],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(title) = overlap {
        return Err(Error::Refused(format!(
            "این بازه با دوره سهمیه «{title}» هم‌پوشانی دارد؛ هر ماه باید فقط در یک دوره باشد."
        )));
    }
    let stamp = now();
    let id = match same {
        Some(id) => {
            tx.execute(
                "UPDATE quota_period SET title = ?1, ends_on = ?2, unit = ?3, capacity = ?4,
                     province_share = ?5, coop_share = ?6, updated_at = ?7 WHERE id = ?8",
                params![
                    q.title,
                    iso(q.ends_on),
                    q.unit.key(),
                    q.capacity,
                    q.province_share,
                    q.coop_share,
                    stamp,
                    id
                ],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO quota_period (title, starts_on, ends_on, unit, capacity, province_share, coop_share,
                     created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    q.title,
                    iso(q.starts_on),
                    iso(q.ends_on),
                    q.unit.key(),
                    q.capacity,
                    q.province_share,
                    q.coop_share,
                    stamp
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    get_quota(tx, id)
}

/// Sets (or with `None` clears) the seats of one course or one provider in
/// a period.
pub fn set_cap(
    tx: &Transaction,
    period_id: i64,
    course_id: Option<i64>,
    provider_id: Option<i64>,
    seats: Option<&str>,
) -> Result<QuotaView> {
    get_quota(tx, period_id)?;
    let (column, target) = match (course_id, provider_id) {
        (Some(c), None) => ("course_id", c),
        (None, Some(p)) => ("provider_id", p),
        _ => {
            return Err(Error::Refused(
                "ظرفیت را یا برای یک دوره آموزشی یا برای یک آموزشگاه ثبت کنید.".into(),
            ))
        }
    };
    tx.execute(
        &format!("DELETE FROM quota_cap WHERE period_id = ?1 AND {column} = ?2"),
        params![period_id, target],
    )?;
    if let Some(raw) = seats.map(str::trim).filter(|s| !s.is_empty()) {
        let seats = whole_number(Field::Seats, raw, 0, 10_000_000)?;
        tx.execute(
            &format!("INSERT INTO quota_cap (period_id, {column}, seats) VALUES (?1, ?2, ?3)"),
            params![period_id, target, seats],
        )?;
    }
    get_quota(tx, period_id)
}

// ---------------------------------------------------------------------------
// Rounds

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct RoundInput {
    /// Jalali year and month, `1404/09`.
    pub month: String,
    /// Seats; when empty, this month's share of what is left of the quota.
    pub capacity: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct RoundView {
    pub id: i64,
    pub number: i64,
    pub year: i32,
    pub month: u8,
    /// `1404/09`.
    pub month_text: String,
    /// `آذر ۱۴۰۴`.
    pub month_label: String,
    pub title: String,
    pub capacity: Option<i64>,
    pub letter_no: Option<String>,
    pub sent_on: Option<String>,
    pub sent_on_jalali: Option<String>,
    pub status: RoundStatus,
    pub status_label: String,
    /// People holding a seat in the round.
    pub people: i64,
    pub cooperatives: i64,
    pub courses: i64,
    /// People certified.
    pub certified: i64,
    /// The TVTO sheet's file name, `round-03-1404-09.xlsx`.
    pub file_name: String,
    /// The quota period the round's month falls in.
    pub quota: Option<QuotaView>,
}

const ROUND_SELECT: &str = "SELECT d.id, d.number, d.year, d.month, d.title, d.capacity, d.letter_no, d.sent_on, d.status,
     (SELECT count(*) FROM referral r WHERE r.round_id = d.id AND r.status NOT IN ('removed', 'declined', 'withdrawn')),
     (SELECT count(DISTINCT organization_id) FROM referral r WHERE r.round_id = d.id AND r.status NOT IN ('removed', 'declined', 'withdrawn')),
     (SELECT count(DISTINCT course_id) FROM referral r WHERE r.round_id = d.id AND r.status NOT IN ('removed', 'declined', 'withdrawn')),
     (SELECT count(*) FROM referral r WHERE r.round_id = d.id AND r.status = 'certified')
     FROM referral_round d";

fn round_from_row(r: &Row) -> rusqlite::Result<RoundView> {
    let number: i64 = r.get(1)?;
    let year: i32 = r.get(2)?;
    let month: u8 = r.get(3)?;
    let sent_on: Option<String> = r.get(7)?;
    let status = r.get::<_, RoundStatus>(8)?;
    Ok(RoundView {
        id: r.get(0)?,
        number,
        year,
        month,
        month_text: format!("{year:04}/{month:02}"),
        month_label: month_label(year, month),
        title: r.get(4)?,
        capacity: r.get(5)?,
        letter_no: r.get(6)?,
        sent_on_jalali: jalali_of_iso(&sent_on),
        sent_on,
        status,
        status_label: status.label().to_owned(),
        people: r.get(9)?,
        cooperatives: r.get(10)?,
        courses: r.get(11)?,
        certified: r.get(12)?,
        file_name: format!("round-{number:02}-{year:04}-{month:02}.xlsx"),
        quota: None,
    })
}

pub fn get_round(conn: &Connection, id: i64) -> Result<RoundView> {
    let mut round = conn
        .prepare_cached(&format!("{ROUND_SELECT} WHERE d.id = ?1"))?
        .query_row([id], round_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: Entity::Round,
            key_label: "شناسه",
            key: id.to_string(),
        })?;
    if let Some(p) = period_for(conn, round.year, round.month)? {
        round.quota = Some(get_quota(conn, p.id)?);
    }
    Ok(round)
}

/// The round with this number, as the clerk and the letters call it.
pub fn round_by_number(conn: &Connection, number: i64) -> Result<RoundView> {
    let id: i64 = conn
        .query_row(
            "SELECT id FROM referral_round WHERE number = ?1",
            [number],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: Entity::Round,
            key_label: "شماره",
            key: fa(number),
        })?;
    get_round(conn, id)
}

/// Every round, the newest first.
pub fn list_rounds(conn: &Connection) -> Result<Vec<RoundView>> {
    let mut rounds: Vec<RoundView> = conn
        .prepare_cached(&format!("{ROUND_SELECT} ORDER BY d.number DESC"))?
        .query_map([], round_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut quotas: HashMap<i64, QuotaView> = HashMap::new();
    for round in &mut rounds {
        if let Some(p) = period_for(conn, round.year, round.month)? {
            if let std::collections::hash_map::Entry::Vacant(e) = quotas.entry(p.id) {
                e.insert(get_quota(conn, p.id)?);
            }
            round.quota = quotas.get(&p.id).cloned();
        }
    }
    Ok(rounds)
}

/// This month's fair share of what is left of a period's quota: what
/// remains, spread over the months left (this one included).
fn monthly_share(conn: &Connection, p: &Period, year: i32, month: u8) -> Result<i64> {
    let (used, reserved) = usage(conn, p, None)?;
    let left = (p.quota - used - reserved).max(0);
    let months_left = (i64::from(p.last_month.0) * 12 + i64::from(p.last_month.1))
        - (i64::from(year) * 12 + i64::from(month))
        + 1;
    let seats = match p.unit {
        QuotaUnit::Seats => left,
        // Hours are turned into seats at the catalogue's median course length.
        QuotaUnit::Hours => left / median_hours(conn)?.max(1),
    };
    Ok((seats + months_left.max(1) - 1) / months_left.max(1))
}

fn median_hours(conn: &Connection) -> Result<i64> {
    let mut hours: Vec<i64> = conn
        .prepare_cached("SELECT total_hours FROM course WHERE active = 1 AND total_hours > 0")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    hours.sort_unstable();
    Ok(hours.get(hours.len() / 2).copied().unwrap_or(1))
}

fn record_round(
    tx: &Transaction,
    id: i64,
    from: Option<RoundStatus>,
    to: RoundStatus,
    reason: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO round_history (round_id, at, from_status, to_status, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, now(), from.map(|s| s.key()), to.key(), reason])?;
    Ok(())
}

/// Opens a new draft round for a month. Its number follows the last one.
pub fn new_round(tx: &Transaction, input: &RoundInput) -> Result<RoundView> {
    let mut errors = Vec::new();
    let month = parse_month(&input.month)
        .map_err(|e| {
            errors.push(FieldError {
                field: Field::Month,
                ..e
            })
        })
        .ok();
    let capacity = match input
        .capacity
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(raw) => whole_number(Field::Capacity, raw, 1, 1_000_000)
            .map_err(|e| errors.push(e))
            .ok()
            .map(i64::from),
        None => None,
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (year, month) = month.expect("checked");
    let period = period_for(tx, year, month)?.ok_or_else(|| no_period(year, month))?;
    let capacity = match capacity {
        Some(c) => c,
        None => monthly_share(tx, &period, year, month)?,
    };
    let number: i64 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM referral_round",
        [],
        |r| r.get(0),
    )?;
    let title = input
        .title
        .as_deref()
        .map(clean_text)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            format!(
                "نوبت {} معرفی به آموزش فنی و حرفه‌ای، {}",
                fa(number),
                month_label(year, month)
            )
        });
    let stamp = now();
    tx.execute(
        "INSERT INTO referral_round (number, year, month, title, capacity, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![number, year, month, title, capacity, stamp],
    )?;
    let id = tx.last_insert_rowid();
    record_round(tx, id, None, RoundStatus::Draft, "ساخت نوبت")?;
    get_round(tx, id)
}

fn no_period(year: i32, month: u8) -> Error {
    Error::Refused(format!(
        "برای {} دوره سهمیه‌ای ثبت نشده است؛ نخست ظرفیت آموزش فنی و حرفه‌ای و سهم تعاونی‌ها را در بخش «سهمیه» ثبت کنید.",
        month_label(year, month)
    ))
}

// ---------------------------------------------------------------------------
// Scores

/// One part of a candidate's score.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ScorePart {
    /// `need_level`, `self_applied`, `never_trained`, `waiting`, `small`,
    /// `startup`, `internet`, `fairness`.
    pub key: String,
    /// `نیاز سطح ۵`.
    pub label: String,
    pub points: i64,
}

/// `نیاز سطح ۵: +۵۰، متقاضی: +۲۰، …`
pub fn explain(parts: &[ScorePart]) -> String {
    parts
        .iter()
        .map(|p| {
            let sign = if p.points < 0 { "−" } else { "+" };
            format!("{}: {sign}{}", p.label, fa(p.points.abs()))
        })
        .collect::<Vec<_>>()
        .join("، ")
}

/// What the score is computed from.
#[derive(Debug, Clone, Copy, Default)]
struct Facts {
    need_level: u8,
    self_applied: bool,
    never_trained: bool,
    months_waiting: i64,
    small: bool,
    startup: bool,
    internet: bool,
}

/// The parts of a score before the fairness term.
fn base_parts(f: &Facts, w: &Weights) -> Vec<ScorePart> {
    let mut parts = vec![ScorePart {
        key: "need_level".into(),
        label: format!("نیاز سطح {}", fa(f.need_level)),
        points: i64::from(f.need_level) * w.need_level,
    }];
    let mut add = |on: bool, key: &str, label: String, points: i64| {
        if on && points != 0 {
            parts.push(ScorePart {
                key: key.into(),
                label,
                points,
            });
        }
    };
    add(
        f.self_applied,
        "self_applied",
        "متقاضی".into(),
        w.self_applied,
    );
    add(
        f.never_trained,
        "never_trained",
        "بدون آموزش پیشین".into(),
        w.never_trained,
    );
    let months = f.months_waiting.clamp(0, w.max_months);
    add(
        months > 0,
        "waiting",
        format!("{} ماه انتظار", fa(f.months_waiting.max(0))),
        months * w.per_month_waiting,
    );
    add(f.small, "small", "تعاونی کوچک".into(), w.small);
    add(f.startup, "startup", "تعاونی نوپا".into(), w.startup);
    add(f.internet, "internet", "تعاونی اینترنتی".into(), w.internet);
    parts
}

fn fairness_part(already: i64, w: &Weights) -> Option<ScorePart> {
    (already > 0 && w.fairness > 0).then(|| ScorePart {
        key: "fairness".into(),
        label: format!("{} نفر دیگر از همین تعاونی در نوبت", fa(already)),
        points: -already * w.fairness,
    })
}

// ---------------------------------------------------------------------------
// Candidates

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Candidate {
    pub nominee_id: i64,
    pub need_line_id: i64,
    pub person_id: i64,
    pub national_code: String,
    pub full_name: String,
    pub organization_id: i64,
    pub organization_name: String,
    pub county: Option<String>,
    pub course_id: i64,
    pub course_title: String,
    pub course_code: Option<String>,
    pub role: Option<Role>,
    pub role_label: Option<String>,
    pub score: i64,
    pub parts: Vec<ScorePart>,
    /// The parts in one Persian line.
    pub explanation: String,
    /// Why this person cannot join the round, when they cannot.
    pub blocked: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CandidateFilter {
    pub course_id: Option<i64>,
    pub county_id: Option<i64>,
    /// Words of the person's name, the cooperative or the course; or a code.
    #[serde(default)]
    pub text: String,
    /// Include the candidates a rule keeps out, with the rule.
    #[serde(default)]
    pub with_blocked: bool,
    /// At most this many; 200 when zero.
    #[serde(default)]
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CandidateList {
    /// Candidates who may join the round.
    pub eligible: u64,
    /// Candidates kept out by a rule.
    pub blocked: u64,
    /// Best first.
    pub items: Vec<Candidate>,
}

/// Everything the pool is ranked from, read once per build.
struct Pool {
    rows: Vec<PoolRow>,
}

struct PoolRow {
    c: Candidate,
    county_id: Option<i64>,
    search: String,
    cost_hours: i64,
    /// Lower sorts first among equal scores: the longest-waiting need.
    approved_at: String,
    sort_key: Vec<u8>,
    base: i64,
    base_parts: Vec<ScorePart>,
}

/// The role to show for a person in a cooperative: the most senior one.
/// The candidate with the role they hold in the cooperative.
fn with_role(conn: &Connection, mut c: Candidate) -> Result<Candidate> {
    let roles: Option<String> = conn
        .prepare_cached(
            "SELECT group_concat(role) FROM membership WHERE person_id = ?1 AND organization_id = ?2",
        )?
        .query_row(params![c.person_id, c.organization_id], |r| r.get(0))?;
    c.role = roles.as_deref().and_then(senior_role);
    c.role_label = c.role.map(|r| r.label().to_owned());
    Ok(c)
}

fn senior_role(roles: &str) -> Option<Role> {
    let order = [
        Role::ManagingDirector,
        Role::Board,
        Role::Inspector,
        Role::Staff,
        Role::Member,
    ];
    let held: Vec<Role> = roles.split(',').filter_map(Role::from_key).collect();
    order.into_iter().find(|r| held.contains(r))
}

/// Reads the candidate pool. With `as_of`, only need lines approved by
/// that day count: used to rebuild rounds of past months (sample data).
/// With `only`, just that nominee is read (adding one by hand).
fn load_pool(
    conn: &Connection,
    round: &RoundView,
    w: &Weights,
    as_of: Option<NaiveDate>,
    only: Option<i64>,
) -> Result<Pool> {
    let round_start = month_start(round.year, round.month).unwrap_or_else(today);
    // People who have sat in a class through the program.
    let trained: HashSet<i64> = conn
        .prepare(&format!(
            "SELECT person_id FROM referral WHERE status IN {}
             UNION SELECT person_id FROM nominee WHERE status = 'trained'",
            ReferralStatus::ATTENDED_SQL
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // (person, course) → the round number they were sent in.
    let mut sent: HashMap<(i64, i64), i64> = HashMap::new();
    // person → the other open round they wait in.
    let mut waiting: HashMap<i64, i64> = HashMap::new();
    // person → the course they already have in this round.
    let mut here: HashMap<i64, i64> = HashMap::new();
    let mut here_course: HashSet<(i64, i64)> = HashSet::new();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT r.person_id, r.course_id, d.number, d.id, d.status, r.status IN {waiting}
             FROM referral r JOIN referral_round d ON d.id = r.round_id
             WHERE r.status NOT IN {free}",
            waiting = ReferralStatus::WAITING_SQL,
            free = ReferralStatus::FREE_SQL
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (person, course, number, round_id): (i64, i64, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let round_status: String = r.get(4)?;
            let is_waiting: bool = r.get(5)?;
            if round_id == round.id {
                here.insert(person, course);
                here_course.insert((person, course));
                continue;
            }
            sent.entry((person, course)).or_insert(number);
            if is_waiting && round_status != "reconciled" {
                waiting.entry(person).or_insert(number);
            }
        }
    }
    let course_titles: HashMap<i64, String> = conn
        .prepare("SELECT id, title FROM course")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT m.id, n.id, p.id, p.national_code, p.first_name || ' ' || p.last_name,
                o.id, o.name, o.status, c.name, o.county_id, k.id, k.title, k.code, coalesce(k.total_hours, 0),
                n.need_level, n.source, coalesce(n.approved_at, n.updated_at), o.is_small, o.is_startup, o.is_internet,
                NULL,
                p.search_key, o.search_key, k.search_key, p.sort_key, p.mobile
         FROM nominee m JOIN need_line n ON n.id = m.need_line_id
         JOIN person p ON p.id = m.person_id JOIN organization o ON o.id = n.organization_id
         JOIN course k ON k.id = n.course_id LEFT JOIN county c ON c.id = o.county_id
         WHERE m.status = 'open' AND n.status IN ('approved', 'planned')
           AND (?1 IS NULL OR substr(coalesce(n.approved_at, n.updated_at), 1, 10) <= ?1)
           AND (?2 IS NULL OR m.id = ?2)",
    )?;
    let mut rows = stmt.query(params![as_of.map(iso), only])?;
    let mut pool = Vec::new();
    while let Some(r) = rows.next()? {
        let person_id: i64 = r.get(2)?;
        let course_id: i64 = r.get(10)?;
        if here_course.contains(&(person_id, course_id)) {
            continue;
        }
        let org_status: String = r.get(7)?;
        let org_name: String = r.get(6)?;
        let approved_at: String = r.get(16)?;
        let approved_on = approved_at.get(..10).and_then(parse_iso);
        let months_waiting = approved_on.map_or(0, |d| (round_start - d).num_days().max(0) / 30);
        let facts = Facts {
            need_level: r.get(14)?,
            self_applied: r.get::<_, String>(15)? == "self_applied",
            never_trained: !trained.contains(&person_id),
            months_waiting,
            small: r.get(17)?,
            startup: r.get(18)?,
            internet: r.get(19)?,
        };
        let parts = base_parts(&facts, w);
        let base: i64 = parts.iter().map(|p| p.points).sum();
        let blocked = if org_status != "active" {
            Some(format!(
                "تعاونی «{org_name}» {} است.",
                crate::model::OrgStatus::from_key(&org_status)
                    .map_or("غیرفعال", |s| s.label())
            ))
        } else if let Some(number) = sent.get(&(person_id, course_id)) {
            Some(format!(
                "پیش‌تر در نوبت {} برای همین دوره معرفی شده است.",
                fa(number)
            ))
        } else if let Some(number) = waiting.get(&person_id) {
            Some(format!(
                "در نوبت {} معرفی شده و هنوز منتظر کلاس است.",
                fa(number)
            ))
        } else {
            here.get(&person_id).map(|other| {
                format!(
                    "در همین نوبت برای دوره «{}» آمده است.",
                    course_titles.get(other).map_or("", String::as_str)
                )
            })
        };
        let search = format!(
            "{} {} {} {} {}",
            r.get::<_, String>(21)?,
            r.get::<_, String>(22)?,
            r.get::<_, String>(23)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(25)?.unwrap_or_default()
        );
        pool.push(PoolRow {
            c: Candidate {
                nominee_id: r.get(0)?,
                need_line_id: r.get(1)?,
                person_id,
                national_code: r.get(3)?,
                full_name: r.get(4)?,
                organization_id: r.get(5)?,
                organization_name: org_name,
                county: r.get(8)?,
                course_id,
                course_title: r.get(11)?,
                course_code: r.get(12)?,
                // Read for the few candidates shown or picked (`with_role`).
                role: None,
                role_label: None,
                score: base,
                explanation: String::new(),
                parts: Vec::new(),
                blocked,
            },
            county_id: r.get(9)?,
            search,
            cost_hours: r.get(13)?,
            approved_at,
            sort_key: r.get(24)?,
            base,
            base_parts: parts,
        });
    }
    Ok(Pool { rows: pool })
}

/// Best first: score, then the longest-waiting need, then Persian name
/// order, then the nominee's id, so equal scores always come out the same.
fn rank_order(a: &PoolRow, a_score: i64, b: &PoolRow, b_score: i64) -> Ordering {
    b_score
        .cmp(&a_score)
        .then_with(|| a.approved_at.cmp(&b.approved_at))
        .then_with(|| a.sort_key.cmp(&b.sort_key))
        .then_with(|| a.c.nominee_id.cmp(&b.c.nominee_id))
}

/// How many people of each cooperative hold a seat in the round.
fn per_cooperative(conn: &Connection, round_id: i64) -> Result<HashMap<i64, i64>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT organization_id, count(*) FROM referral WHERE round_id = ?1 AND status NOT IN {}
             GROUP BY organization_id",
            ReferralStatus::FREE_SQL
        ))?
        .query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

fn with_fairness(row: &PoolRow, already: i64, w: &Weights) -> Candidate {
    let mut c = row.c.clone();
    c.parts = row.base_parts.clone();
    if let Some(part) = fairness_part(already, w) {
        c.parts.push(part);
    }
    c.score = c.parts.iter().map(|p| p.points).sum();
    c.explanation = explain(&c.parts);
    c
}

/// The ranked candidates for a round, best first, each with its score and
/// the reason for it. The fairness term counts the people of each
/// cooperative already in the round.
pub fn candidates(conn: &Connection, round_id: i64, f: &CandidateFilter) -> Result<CandidateList> {
    let round = get_round(conn, round_id)?;
    let w = settings::get(conn)?.weights;
    let pool = load_pool(conn, &round, &w, None, None)?;
    let counts = per_cooperative(conn, round_id)?;
    let terms = crate::text::search_terms(&f.text);
    let code = crate::text::code_digits(&f.text).filter(|d| d.len() >= 3);
    let mut eligible = 0u64;
    let mut blocked = 0u64;
    let mut scored: Vec<(i64, &PoolRow)> = Vec::new();
    for row in &pool.rows {
        if f.course_id.is_some_and(|c| c != row.c.course_id)
            || f.county_id.is_some_and(|c| Some(c) != row.county_id)
        {
            continue;
        }
        let matches = match &code {
            Some(d) => row.search.contains(d.as_str()),
            None => terms.iter().all(|t| row.search.contains(t.as_str())),
        };
        if !matches {
            continue;
        }
        if row.c.blocked.is_some() {
            blocked += 1;
            if !f.with_blocked {
                continue;
            }
        } else {
            eligible += 1;
        }
        let already = counts.get(&row.c.organization_id).copied().unwrap_or(0);
        let score = row.base - fairness_part(already, &w).map_or(0, |p| -p.points);
        scored.push((score, row));
    }
    scored.sort_by(|(sa, a), (sb, b)| {
        a.c.blocked
            .is_some()
            .cmp(&b.c.blocked.is_some())
            .then_with(|| rank_order(a, *sa, b, *sb))
    });
    let limit = if f.limit == 0 { 200 } else { f.limit } as usize;
    let items = scored
        .into_iter()
        .take(limit)
        .map(|(_, row)| {
            with_role(
                conn,
                with_fairness(
                    row,
                    counts.get(&row.c.organization_id).copied().unwrap_or(0),
                    &w,
                ),
            )
        })
        .collect::<Result<_>>()?;
    Ok(CandidateList {
        eligible,
        blocked,
        items,
    })
}

// ---------------------------------------------------------------------------
// Limits

/// What is left for a round: its own capacity, the period's quota, and
/// each course's seats.
struct Room {
    unit: QuotaUnit,
    round_left: Option<i64>,
    quota_left: i64,
    course_left: HashMap<i64, i64>,
}

fn room(conn: &Connection, round: &RoundView) -> Result<Room> {
    let period = period_for(conn, round.year, round.month)?
        .ok_or_else(|| no_period(round.year, round.month))?;
    let (used, reserved) = usage(conn, &period, None)?;
    let seats_only = Period {
        unit: QuotaUnit::Seats,
        ..period
    };
    let caps: Vec<(i64, i64)> = conn
        .prepare_cached(
            "SELECT course_id, seats FROM quota_cap WHERE period_id = ?1 AND course_id IS NOT NULL",
        )?
        .query_map([period.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut course_left = HashMap::new();
    for (course, seats) in caps {
        let (u, r) = usage(conn, &seats_only, Some(("course_id", course)))?;
        course_left.insert(course, seats - u - r);
    }
    Ok(Room {
        unit: period.unit,
        round_left: round.capacity.map(|c| c - round.people),
        quota_left: period.quota - used - reserved,
        course_left,
    })
}

impl Room {
    fn cost(&self, hours: i64) -> i64 {
        match self.unit {
            QuotaUnit::Seats => 1,
            QuotaUnit::Hours => hours,
        }
    }

    /// Why one more referral for `course` (costing `hours`) does not fit,
    /// if it does not.
    fn refuse(&self, course: i64, course_title: &str, hours: i64) -> Option<String> {
        if self.round_left.is_some_and(|left| left < 1) {
            return Some("ظرفیت این نوبت پر است.".into());
        }
        let cost = self.cost(hours);
        if self.quota_left < cost {
            return Some(format!(
                "سهمیه تعاونی‌ها در این دوره کافی نیست ({} {} مانده است).",
                fa(self.quota_left.max(0)),
                self.unit.label()
            ));
        }
        if self.course_left.get(&course).is_some_and(|left| *left < 1) {
            return Some(format!(
                "ظرفیت دوره «{course_title}» در این دوره سهمیه پر است."
            ));
        }
        None
    }

    fn take(&mut self, course: i64, hours: i64) {
        if let Some(left) = &mut self.round_left {
            *left -= 1;
        }
        self.quota_left -= self.cost(hours);
        if let Some(left) = self.course_left.get_mut(&course) {
            *left -= 1;
        }
    }
}

// ---------------------------------------------------------------------------
// Building and editing a draft round

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct BuildReport {
    pub added: u32,
    /// Why the build stopped: the round is full, the quota is used up, or
    /// no candidate is left.
    pub stopped: String,
    pub round: RoundView,
}

fn require_status(round: &RoundView, allowed: &[RoundStatus], doing: &str) -> Result<()> {
    if allowed.contains(&round.status) {
        return Ok(());
    }
    Err(Error::Refused(format!(
        "نوبت {} «{}» است؛ {} فقط در وضعیت {} ممکن است.",
        fa(round.number),
        round.status.label(),
        doing,
        allowed
            .iter()
            .map(|s| format!("«{}»", s.label()))
            .collect::<Vec<_>>()
            .join(" یا ")
    )))
}

fn insert_referral(
    tx: &Transaction,
    round_id: i64,
    c: &Candidate,
    rank: i64,
    added_by: &str,
    reason: &str,
) -> Result<i64> {
    let parts = serde_json::to_string(&c.parts).expect("parts serialize");
    let stamp = now();
    // A person removed from this draft earlier comes back on the same row.
    let existing: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM referral WHERE round_id = ?1 AND person_id = ?2 AND course_id = ?3",
        )?
        .query_row(params![round_id, c.person_id, c.course_id], |r| r.get(0))
        .optional()?;
    let (id, from) = match existing {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE referral SET status = 'proposed', score = ?1, score_parts = ?2, rank = ?3, added_by = ?4,
                     need_line_id = ?5, updated_at = ?6 WHERE id = ?7",
            )?
            .execute(params![c.score, parts, rank, added_by, c.need_line_id, stamp, id])?;
            (id, Some(ReferralStatus::Removed))
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO referral (round_id, person_id, organization_id, course_id, need_line_id, role, score,
                     score_parts, rank, added_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            )?
            .execute(params![
                round_id,
                c.person_id,
                c.organization_id,
                c.course_id,
                c.need_line_id,
                c.role.map(|r| r.key()),
                c.score,
                parts,
                rank,
                added_by,
                stamp
            ])?;
            (tx.last_insert_rowid(), None)
        }
    };
    record_referral(tx, id, from, ReferralStatus::Proposed, reason)?;
    Ok(id)
}

fn record_referral(
    tx: &Transaction,
    id: i64,
    from: Option<ReferralStatus>,
    to: ReferralStatus,
    reason: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO referral_history (referral_id, at, from_status, to_status, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, now(), from.map(|s| s.key()), to.key(), reason])?;
    Ok(())
}

fn next_rank(tx: &Transaction, round_id: i64) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT coalesce(max(rank), 0) + 1 FROM referral WHERE round_id = ?1",
        [round_id],
        |r| r.get(0),
    )?)
}

/// Heap entry: the score a candidate had when it was pushed, and the
/// cooperative count that score assumed. A stale entry is re-scored.
struct Entry<'a> {
    score: i64,
    assumed: i64,
    row: &'a PoolRow,
}

impl PartialEq for Entry<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry<'_> {}
impl PartialOrd for Entry<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry<'_> {
    /// The heap pops the greatest, so the best-ranked must compare greatest.
    fn cmp(&self, other: &Self) -> Ordering {
        rank_order(other.row, other.score, self.row, self.score)
    }
}

/// Fills a draft round with the best-ranked candidates until the round,
/// the quota or the pool runs out. Each pick is scored with the people of
/// its cooperative already chosen, so one cooperative cannot fill a round.
pub fn build_round(tx: &Transaction, round_id: i64) -> Result<BuildReport> {
    build_round_as_of(tx, round_id, None)
}

/// [`build_round`] as it would have run on `as_of`, for sample data whose
/// rounds lie in past months.
pub(crate) fn build_round_as_of(
    tx: &Transaction,
    round_id: i64,
    as_of: Option<NaiveDate>,
) -> Result<BuildReport> {
    let round = get_round(tx, round_id)?;
    require_status(&round, &[RoundStatus::Draft], "افزودن نفرات")?;
    let w = settings::get(tx)?.weights;
    let pool = load_pool(tx, &round, &w, as_of, None)?;
    let mut counts = per_cooperative(tx, round_id)?;
    let mut room = room(tx, &round)?;
    let mut in_round: HashSet<i64> = tx
        .prepare_cached(&format!(
            "SELECT person_id FROM referral WHERE round_id = ?1 AND status NOT IN {}",
            ReferralStatus::FREE_SQL
        ))?
        .query_map([round_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let fairness = |already: i64| fairness_part(already, &w).map_or(0, |p| p.points);
    let mut heap: BinaryHeap<Entry> = pool
        .rows
        .iter()
        .filter(|r| r.c.blocked.is_none())
        .map(|row| {
            let assumed = counts.get(&row.c.organization_id).copied().unwrap_or(0);
            Entry {
                score: row.base + fairness(assumed),
                assumed,
                row,
            }
        })
        .collect();
    let mut rank = next_rank(tx, round_id)?;
    let mut added = 0u32;
    let mut stopped = "هیچ نامزد دیگری نمانده است.".to_owned();
    while let Some(entry) = heap.pop() {
        let row = entry.row;
        let now_count = counts.get(&row.c.organization_id).copied().unwrap_or(0);
        if now_count != entry.assumed {
            heap.push(Entry {
                score: row.base + fairness(now_count),
                assumed: now_count,
                row,
            });
            continue;
        }
        if in_round.contains(&row.c.person_id) {
            continue;
        }
        if room.round_left.is_some_and(|l| l < 1) {
            stopped = "ظرفیت نوبت پر شد.".into();
            break;
        }
        if room.quota_left <= 0 {
            stopped = "سهمیه تعاونی‌ها در این دوره تمام شد.".into();
            break;
        }
        if room
            .refuse(row.c.course_id, &row.c.course_title, row.cost_hours)
            .is_some()
        {
            continue;
        }
        let c = with_role(tx, with_fairness(row, now_count, &w))?;
        insert_referral(tx, round_id, &c, rank, "ranking", "انتخاب بر پایه امتیاز")?;
        rank += 1;
        added += 1;
        room.take(row.c.course_id, row.cost_hours);
        in_round.insert(row.c.person_id);
        *counts.entry(row.c.organization_id).or_insert(0) += 1;
    }
    if added > 0 && room.round_left == Some(0) {
        stopped = "ظرفیت نوبت پر شد.".into();
    }
    Ok(BuildReport {
        added,
        stopped,
        round: get_round(tx, round_id)?,
    })
}

/// Adds one candidate to a draft round by hand. Every rule applies; a
/// round, quota or course that is full refuses with `QuotaExceeded` unless
/// `override_reason` says why to go over.
pub fn add_candidate(
    tx: &Transaction,
    round_id: i64,
    nominee_id: i64,
    reason: &str,
    override_reason: Option<&str>,
) -> Result<ReferralView> {
    let round = get_round(tx, round_id)?;
    require_status(&round, &[RoundStatus::Draft], "افزودن نفرات")?;
    let w = settings::get(tx)?.weights;
    let pool = load_pool(tx, &round, &w, None, Some(nominee_id))?;
    let row = pool
        .rows
        .iter()
        .find(|r| r.c.nominee_id == nominee_id)
        .ok_or_else(|| {
            Error::Refused(
                "این نفر در فهرست نامزدهای این نوبت نیست: یا در همین نوبت است، یا معرفی او برای ردیف نیاز باز و مصوب نیست."
                    .into(),
            )
        })?;
    if let Some(why) = &row.c.blocked {
        return Err(Error::Refused(format!(
            "{} (کد ملی {}) به نوبت افزوده نشد: {why}",
            row.c.full_name, row.c.national_code
        )));
    }
    let over = room(tx, &round)?.refuse(row.c.course_id, &row.c.course_title, row.cost_hours);
    let override_reason = override_reason.map(clean_text).filter(|r| !r.is_empty());
    let mut note = clean_text(reason);
    if note.is_empty() {
        note = "افزودن دستی".into();
    }
    if let Some(why) = over {
        match &override_reason {
            Some(r) => note = format!("{note}؛ بیش از ظرفیت: {why} دلیل: {r}"),
            None => {
                return Err(Error::QuotaExceeded(format!(
                    "{why} برای افزودن {} باید دلیل عبور از ظرفیت را بنویسید.",
                    row.c.full_name
                )))
            }
        }
    }
    let counts = per_cooperative(tx, round_id)?;
    let c = with_role(
        tx,
        with_fairness(
            row,
            counts.get(&row.c.organization_id).copied().unwrap_or(0),
            &w,
        ),
    )?;
    let rank = next_rank(tx, round_id)?;
    let id = insert_referral(tx, round_id, &c, rank, "hand", &note)?;
    get_referral(tx, id)
}

/// Takes a proposal out of a draft round; the row stays, marked removed,
/// with the reason. The person returns to the pool.
pub fn remove_referral(tx: &Transaction, referral_id: i64, reason: &str) -> Result<ReferralView> {
    let r = get_referral(tx, referral_id)?;
    let round = get_round(tx, r.round_id)?;
    require_status(&round, &[RoundStatus::Draft], "حذف نفرات")?;
    let reason = clean_text(reason);
    if reason.is_empty() {
        return Err(FieldError::new(Field::Reason, "", Problem::Required).into());
    }
    move_referral(tx, &r, ReferralStatus::Removed, &reason)?;
    get_referral(tx, referral_id)
}

fn move_referral(
    tx: &Transaction,
    r: &ReferralView,
    to: ReferralStatus,
    reason: &str,
) -> Result<()> {
    if !r.status.next().contains(&to) {
        let allowed: Vec<&str> = r.status.next().iter().map(|s| s.label()).collect();
        let hint = crate::model::moves_hint(&allowed);
        return Err(Error::Refused(format!(
            "معرفی {} برای دوره «{}» در وضعیت «{}» است و نمی‌توان آن را «{}» کرد؛ {}.",
            r.full_name,
            r.course_title,
            r.status.label(),
            to.label(),
            hint
        )));
    }
    tx.prepare_cached("UPDATE referral SET status = ?1, updated_at = ?2 WHERE id = ?3")?
        .execute(params![to.key(), now(), r.id])?;
    record_referral(tx, r.id, Some(r.status), to, reason)
}

// ---------------------------------------------------------------------------
// The round's lifecycle

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct RoundMove {
    pub reason: String,
    /// Needed to send.
    pub letter_no: Option<String>,
    /// Jalali; today when empty.
    pub sent_on: Option<String>,
    /// Needed to lock a round that is over its capacity or the quota.
    pub override_reason: Option<String>,
}

/// Moves a round along draft → locked → sent → reconciled (locked may go
/// back to draft). Sending needs the letter number and marks every
/// proposal sent; reconciling needs the TVTO's answer for everyone.
pub fn set_round_status(
    tx: &Transaction,
    round_id: i64,
    to: RoundStatus,
    m: &RoundMove,
) -> Result<RoundView> {
    let round = get_round(tx, round_id)?;
    if !round.status.next().contains(&to) {
        let allowed: Vec<&str> = round.status.next().iter().map(|s| s.label()).collect();
        return Err(Error::Refused(format!(
            "نوبت {} «{}» است و نمی‌توان آن را «{}» کرد؛ {}.",
            fa(round.number),
            round.status.label(),
            to.label(),
            crate::model::moves_hint(&allowed)
        )));
    }
    let mut reason = clean_text(&m.reason);
    match (round.status, to) {
        (RoundStatus::Draft, RoundStatus::Locked) => {
            if round.people == 0 {
                return Err(Error::Refused(format!(
                    "نوبت {} هیچ نفری ندارد و قفل نشد.",
                    fa(round.number)
                )));
            }
            let over = over_limits(tx, &round)?;
            if let Some(why) = over {
                match m
                    .override_reason
                    .as_deref()
                    .map(clean_text)
                    .filter(|r| !r.is_empty())
                {
                    Some(r) => reason = format!("{reason} بیش از ظرفیت: {why} دلیل: {r}"),
                    None => {
                        return Err(Error::QuotaExceeded(format!(
                            "{why} برای قفل کردن نوبت باید دلیل عبور از ظرفیت را بنویسید."
                        )))
                    }
                }
            }
        }
        (RoundStatus::Locked, RoundStatus::Draft) if reason.is_empty() => {
            return Err(FieldError::new(Field::Reason, "", Problem::Required).into());
        }
        (RoundStatus::Locked, RoundStatus::Sent) => {
            let letter = m.letter_no.as_deref().map(clean_text).unwrap_or_default();
            if letter.is_empty() {
                return Err(FieldError::new(Field::LetterNo, "", Problem::Required).into());
            }
            let sent_on = match m
                .sent_on
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(raw) => parse_jalali(raw, Field::SentOn)?,
                None => today(),
            };
            tx.execute(
                "UPDATE referral_round SET letter_no = ?1, sent_on = ?2 WHERE id = ?3",
                params![letter, iso(sent_on), round_id],
            )?;
            let proposals: Vec<i64> = tx
                .prepare("SELECT id FROM referral WHERE round_id = ?1 AND status = 'proposed'")?
                .query_map([round_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let note = format!("ارسال با نامه {letter}");
            for id in proposals {
                tx.prepare_cached(
                    "UPDATE referral SET status = 'sent', updated_at = ?1 WHERE id = ?2",
                )?
                .execute(params![now(), id])?;
                record_referral(
                    tx,
                    id,
                    Some(ReferralStatus::Proposed),
                    ReferralStatus::Sent,
                    &note,
                )?;
            }
            // Their need lines are now planned.
            let lines: Vec<i64> = tx
                .prepare(
                    "SELECT DISTINCT n.id FROM referral r JOIN need_line n ON n.id = r.need_line_id
                     WHERE r.round_id = ?1 AND r.status = 'sent' AND n.status = 'approved'",
                )?
                .query_map([round_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for line in lines {
                crate::needs::set_status(
                    tx,
                    line,
                    crate::model::NeedStatus::Planned,
                    &format!("معرفی در نوبت {}", fa(round.number)),
                    None,
                )?;
            }
            if reason.is_empty() {
                reason = note;
            }
        }
        (RoundStatus::Sent, RoundStatus::Reconciled) => {
            let pending: i64 = tx.query_row(
                "SELECT count(*) FROM referral WHERE round_id = ?1 AND status = 'sent'",
                [round_id],
                |r| r.get(0),
            )?;
            if pending > 0 {
                return Err(Error::Refused(format!(
                    "{} نفر از نوبت {} هنوز پاسخی از آموزش فنی و حرفه‌ای ندارند؛ نخست وضعیت آن‌ها را ثبت کنید.",
                    fa(pending),
                    fa(round.number)
                )));
            }
        }
        _ => {}
    }
    tx.execute(
        "UPDATE referral_round SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![to.key(), now(), round_id],
    )?;
    record_round(
        tx,
        round_id,
        Some(round.status),
        to,
        if reason.is_empty() {
            to.label()
        } else {
            &reason
        },
    )?;
    get_round(tx, round_id)
}

/// Why a round is past a limit, if it is.
fn over_limits(conn: &Connection, round: &RoundView) -> Result<Option<String>> {
    if let Some(cap) = round.capacity.filter(|c| round.people > *c) {
        return Ok(Some(format!(
            "نوبت {} نفر دارد و ظرفیتش {} نفر است.",
            fa(round.people),
            fa(cap)
        )));
    }
    let r = room(conn, round)?;
    if r.quota_left < 0 {
        return Ok(Some(format!(
            "سهمیه تعاونی‌ها در این دوره {} {} بیش از اندازه پر شده است.",
            fa(-r.quota_left),
            r.unit.label()
        )));
    }
    if let Some((course, left)) = r.course_left.iter().find(|(_, l)| **l < 0) {
        let title: String =
            conn.query_row("SELECT title FROM course WHERE id = ?1", [course], |x| {
                x.get(0)
            })?;
        return Ok(Some(format!(
            "ظرفیت دوره «{title}» {} نفر بیش از اندازه پر شده است.",
            fa(-left)
        )));
    }
    Ok(None)
}

// ---------------------------------------------------------------------------
// Referrals

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ReferralView {
    pub id: i64,
    pub round_id: i64,
    pub round_number: i64,
    pub person_id: i64,
    pub national_code: String,
    pub first_name: String,
    pub last_name: String,
    pub father_name: Option<String>,
    pub full_name: String,
    pub birth_date_jalali: Option<String>,
    pub gender_label: Option<String>,
    pub education_label: Option<String>,
    pub mobile: Option<String>,
    pub organization_id: i64,
    pub organization_name: String,
    pub organization_national_id: Option<String>,
    pub field_label: String,
    pub county: Option<String>,
    pub course_id: i64,
    pub course_title: String,
    pub course_code: Option<String>,
    pub course_hours: Option<i64>,
    pub role_label: Option<String>,
    pub status: ReferralStatus,
    pub status_label: String,
    pub score: i64,
    pub parts: Vec<ScorePart>,
    pub explanation: String,
    pub rank: i64,
    pub added_by: String,
    pub provider_id: Option<i64>,
    pub provider_name: Option<String>,
    pub class_starts_on_jalali: Option<String>,
    pub class_ends_on_jalali: Option<String>,
    pub certificate_no: Option<String>,
    pub certificate_on_jalali: Option<String>,
    pub notes: Option<String>,
}

const REFERRAL_SELECT: &str = "SELECT r.id, r.round_id, d.number, p.id, p.national_code, p.first_name, p.last_name,
     p.father_name, p.birth_date, p.gender, p.education, p.mobile, o.id, o.name, o.national_id, o.field, c.name,
     k.id, k.title, k.code, k.total_hours, r.role, r.status, r.score, r.score_parts, r.rank, r.added_by,
     r.provider_id, v.name, r.class_starts_on, r.class_ends_on, r.certificate_no, r.certificate_on, r.notes
     FROM referral r JOIN referral_round d ON d.id = r.round_id JOIN person p ON p.id = r.person_id
     JOIN organization o ON o.id = r.organization_id JOIN course k ON k.id = r.course_id
     LEFT JOIN county c ON c.id = o.county_id LEFT JOIN provider v ON v.id = r.provider_id";

fn referral_from_row(r: &Row) -> rusqlite::Result<ReferralView> {
    use crate::model::{Education, Gender, OrgField};
    let first_name: String = r.get(5)?;
    let last_name: String = r.get(6)?;
    let status = r.get::<_, ReferralStatus>(22)?;
    let parts: Vec<ScorePart> = serde_json::from_str(&r.get::<_, String>(24)?).unwrap_or_default();
    Ok(ReferralView {
        id: r.get(0)?,
        round_id: r.get(1)?,
        round_number: r.get(2)?,
        person_id: r.get(3)?,
        national_code: r.get(4)?,
        full_name: format!("{first_name} {last_name}"),
        first_name,
        last_name,
        father_name: r.get(7)?,
        birth_date_jalali: jalali_of_iso(&r.get(8)?),
        gender_label: r.get::<_, Option<Gender>>(9)?.map(|g| g.label().to_owned()),
        education_label: r
            .get::<_, Option<Education>>(10)?
            .map(|e| e.label().to_owned()),
        mobile: r.get(11)?,
        organization_id: r.get(12)?,
        organization_name: r.get(13)?,
        organization_national_id: r.get(14)?,
        field_label: r.get::<_, OrgField>(15)?.label().to_owned(),
        county: r.get(16)?,
        course_id: r.get(17)?,
        course_title: r.get(18)?,
        course_code: r.get(19)?,
        course_hours: r.get(20)?,
        role_label: r.get::<_, Option<Role>>(21)?.map(|x| x.label().to_owned()),
        status,
        status_label: status.label().to_owned(),
        score: r.get(23)?,
        explanation: explain(&parts),
        parts,
        rank: r.get(25)?,
        added_by: r.get(26)?,
        provider_id: r.get(27)?,
        provider_name: r.get(28)?,
        class_starts_on_jalali: jalali_of_iso(&r.get(29)?),
        class_ends_on_jalali: jalali_of_iso(&r.get(30)?),
        certificate_no: r.get(31)?,
        certificate_on_jalali: jalali_of_iso(&r.get(32)?),
        notes: r.get(33)?,
    })
}

pub fn get_referral(conn: &Connection, id: i64) -> Result<ReferralView> {
    conn.prepare_cached(&format!("{REFERRAL_SELECT} WHERE r.id = ?1"))?
        .query_row([id], referral_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: Entity::Referral,
            key_label: "شناسه",
            key: id.to_string(),
        })
}

/// A round's referrals in rank order; removed proposals last.
pub fn referrals(conn: &Connection, round_id: i64) -> Result<Vec<ReferralView>> {
    get_round(conn, round_id)?;
    Ok(conn
        .prepare_cached(&format!(
            "{REFERRAL_SELECT} WHERE r.round_id = ?1 ORDER BY r.status = 'removed', r.rank, r.id"
        ))?
        .query_map([round_id], referral_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A round's referrals as the TVTO receives them: those holding a seat,
/// grouped by course (Persian order), best-ranked first within a course.
pub fn sheet_rows(conn: &Connection, round_id: i64) -> Result<Vec<ReferralView>> {
    get_round(conn, round_id)?;
    Ok(conn
        .prepare_cached(&format!(
            "{REFERRAL_SELECT} WHERE r.round_id = ?1 AND r.status NOT IN {}
             ORDER BY k.sort_key, k.id, r.rank, r.id",
            ReferralStatus::FREE_SQL
        ))?
        .query_map([round_id], referral_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// What the TVTO reported for one referral.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ReferralUpdate {
    pub status: String,
    pub reason: String,
    pub provider_id: Option<i64>,
    /// Jalali.
    pub class_starts_on: Option<String>,
    /// Jalali.
    pub class_ends_on: Option<String>,
    pub certificate_no: Option<String>,
    /// Jalali; today when empty.
    pub certificate_on: Option<String>,
    /// Needed when the provider's seats in the period are taken.
    pub override_reason: Option<String>,
}

fn opt_date(raw: &Option<String>, field: Field) -> Result<Option<NaiveDate>, FieldError> {
    match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_jalali(s, field).map(Some),
        None => Ok(None),
    }
}

/// Records what happened to a referral after the round was sent:
/// enrolment, attendance, the result and the certificate. Every move is
/// checked against the lifecycle and kept with its reason. A pass or a
/// certificate marks the nominee trained; a refusal or a cancellation
/// returns the person to the pool.
pub fn update_referral(tx: &Transaction, id: i64, u: &ReferralUpdate) -> Result<ReferralView> {
    let r = get_referral(tx, id)?;
    let round = get_round(tx, r.round_id)?;
    let to = ReferralStatus::parse(&u.status)?;
    if to == ReferralStatus::Sent || r.status == ReferralStatus::Proposed {
        return Err(Error::Refused(
            "پیشنهادها با ارسال نوبت «معرفی‌شده» می‌شوند؛ پیش از آن فقط می‌توان نفری را از نوبت حذف کرد."
                .into(),
        ));
    }
    require_status(
        &round,
        &[RoundStatus::Sent, RoundStatus::Reconciled],
        "ثبت نتیجه معرفی",
    )?;
    let mut errors = Vec::new();
    let starts = opt_date(&u.class_starts_on, Field::ClassStart)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let ends = opt_date(&u.class_ends_on, Field::ClassEnd)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if let (Some(s), Some(e)) = (starts, ends) {
        if e < s {
            errors.push(FieldError::new(
                Field::ClassEnd,
                u.class_ends_on.as_deref().unwrap_or(""),
                Problem::EndBeforeStart,
            ));
        }
    }
    let cert_on = opt_date(&u.certificate_on, Field::CertificateOn)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let cert_no = u
        .certificate_no
        .as_deref()
        .map(|c| crate::text::to_ascii_digits(&clean_text(c)))
        .filter(|c| !c.is_empty());
    if to == ReferralStatus::Certified && cert_no.is_none() {
        errors.push(FieldError::new(Field::CertificateNo, "", Problem::Required));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut reason = clean_text(&u.reason);
    if let Some(provider) = u.provider_id.filter(|p| Some(*p) != r.provider_id) {
        if let Some(why) = provider_full(tx, &round, provider)? {
            match u
                .override_reason
                .as_deref()
                .map(clean_text)
                .filter(|x| !x.is_empty())
            {
                Some(o) => reason = format!("{reason} بیش از ظرفیت: {why} دلیل: {o}"),
                None => {
                    return Err(Error::QuotaExceeded(format!(
                        "{why} برای ثبت این آموزشگاه باید دلیل عبور از ظرفیت را بنویسید."
                    )))
                }
            }
        }
    }
    if to != r.status {
        move_referral(
            tx,
            &r,
            to,
            if reason.is_empty() {
                to.label()
            } else {
                &reason
            },
        )?;
    }
    tx.execute(
        "UPDATE referral SET provider_id = coalesce(?1, provider_id),
             class_starts_on = coalesce(?2, class_starts_on), class_ends_on = coalesce(?3, class_ends_on),
             certificate_no = coalesce(?4, certificate_no),
             certificate_on = CASE WHEN ?5 = 'certified' THEN coalesce(?6, certificate_on, ?7) ELSE certificate_on END,
             updated_at = ?8
         WHERE id = ?9",
        params![
            u.provider_id,
            starts.map(iso),
            ends.map(iso),
            cert_no,
            to.key(),
            cert_on.map(iso),
            iso(today()),
            now(),
            id
        ],
    )?;
    if matches!(to, ReferralStatus::Passed | ReferralStatus::Certified) {
        tx.execute(
            "UPDATE nominee SET status = 'trained'
             WHERE person_id = ?1 AND status = 'open'
               AND need_line_id IN (SELECT id FROM need_line WHERE course_id = ?2)",
            params![r.person_id, r.course_id],
        )?;
    }
    get_referral(tx, id)
}

/// Why a provider has no seat left in the round's period, if it has none.
fn provider_full(conn: &Connection, round: &RoundView, provider: i64) -> Result<Option<String>> {
    let Some(p) = period_for(conn, round.year, round.month)? else {
        return Ok(None);
    };
    let seats: Option<i64> = conn
        .query_row(
            "SELECT seats FROM quota_cap WHERE period_id = ?1 AND provider_id = ?2",
            params![p.id, provider],
            |r| r.get(0),
        )
        .optional()?;
    let Some(seats) = seats else {
        return Ok(None);
    };
    let seats_only = Period {
        unit: QuotaUnit::Seats,
        ..p
    };
    let (used, reserved) = usage(conn, &seats_only, Some(("provider_id", provider)))?;
    if used + reserved < seats {
        return Ok(None);
    }
    let name: String =
        conn.query_row("SELECT name FROM provider WHERE id = ?1", [provider], |r| {
            r.get(0)
        })?;
    Ok(Some(format!(
        "ظرفیت آموزشگاه «{name}» در این دوره ({} نفر) پر است.",
        fa(seats)
    )))
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct StatusEntry {
    pub at: String,
    pub from_label: Option<String>,
    pub to_label: String,
    pub reason: Option<String>,
}

pub fn referral_history(conn: &Connection, id: i64) -> Result<Vec<StatusEntry>> {
    history(conn, "referral_history", "referral_id", id, |k| {
        ReferralStatus::from_key(k).map(|s| s.label())
    })
}

pub fn round_history(conn: &Connection, id: i64) -> Result<Vec<StatusEntry>> {
    history(conn, "round_history", "round_id", id, |k| {
        RoundStatus::from_key(k).map(|s| s.label())
    })
}

/// The status moves kept in `table` for one record, oldest first, with the
/// statuses' Persian labels.
fn history(
    conn: &Connection,
    table: &str,
    key: &str,
    id: i64,
    label: fn(&str) -> Option<&'static str>,
) -> Result<Vec<StatusEntry>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT at, from_status, to_status, reason FROM {table} WHERE {key} = ?1 ORDER BY id"
        ))?
        .query_map([id], |r| {
            let label = |k: Option<String>| k.as_deref().and_then(label).map(str::to_owned);
            Ok(StatusEntry {
                at: r.get(0)?,
                from_label: label(r.get(1)?),
                to_label: label(r.get(2)?).unwrap_or_default(),
                reason: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every referral of one person, or of one cooperative's people, newest
/// round first.
pub fn training_history(
    conn: &Connection,
    person_id: Option<i64>,
    organization_id: Option<i64>,
) -> Result<Vec<ReferralView>> {
    Ok(conn
        .prepare_cached(&format!(
            "{REFERRAL_SELECT} WHERE (?1 IS NULL OR r.person_id = ?1) AND (?2 IS NULL OR r.organization_id = ?2)
               AND r.status <> 'removed'
             ORDER BY d.number DESC, p.sort_key, r.id"
        ))?
        .query_map(params![person_id, organization_id], referral_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------
// The cover letter and sign-in sheets

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CourseCount {
    pub course_title: String,
    pub course_code: Option<String>,
    pub people: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct SignInRow {
    pub full_name: String,
    pub national_code: String,
    pub organization_name: String,
    pub mobile: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct SignInSheet {
    pub course_title: String,
    pub course_code: Option<String>,
    pub rows: Vec<SignInRow>,
}

/// Everything the printed cover letter and sign-in sheets say.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct RoundLetter {
    pub office: String,
    pub letterhead: Vec<String>,
    pub recipient: String,
    pub letter_no: Option<String>,
    /// Jalali: the sent date, or today.
    pub date_jalali: String,
    pub round_number: i64,
    pub month_label: String,
    pub people: i64,
    pub cooperatives: i64,
    pub courses: Vec<CourseCount>,
    pub signer_name: String,
    pub signer_title: String,
    pub file_name: String,
    pub sign_in: Vec<SignInSheet>,
}

pub fn round_letter(conn: &Connection, round_id: i64) -> Result<RoundLetter> {
    let round = get_round(conn, round_id)?;
    let s = settings::get(conn)?;
    let rows = sheet_rows(conn, round_id)?;
    let mut sign_in: Vec<SignInSheet> = Vec::new();
    for r in &rows {
        if sign_in
            .last()
            .is_none_or(|s| s.course_title != r.course_title)
        {
            sign_in.push(SignInSheet {
                course_title: r.course_title.clone(),
                course_code: r.course_code.clone(),
                rows: Vec::new(),
            });
        }
        if let Some(sheet) = sign_in.last_mut() {
            sheet.rows.push(SignInRow {
                full_name: r.full_name.clone(),
                national_code: r.national_code.clone(),
                organization_name: r.organization_name.clone(),
                mobile: r.mobile.clone(),
            });
        }
    }
    Ok(RoundLetter {
        office: s.office,
        letterhead: s.letterhead.lines().map(str::to_owned).collect(),
        recipient: s.tvto_office,
        letter_no: round.letter_no.clone(),
        date_jalali: round
            .sent_on_jalali
            .clone()
            .unwrap_or_else(|| to_jalali(today()).to_ascii()),
        round_number: round.number,
        month_label: round.month_label.clone(),
        people: round.people,
        cooperatives: round.cooperatives,
        courses: sign_in
            .iter()
            .map(|s| CourseCount {
                course_title: s.course_title.clone(),
                course_code: s.course_code.clone(),
                people: s.rows.len() as i64,
            })
            .collect(),
        signer_name: s.signer_name,
        signer_title: s.signer_title,
        file_name: round.file_name,
        sign_in,
    })
}
