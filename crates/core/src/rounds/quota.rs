//! Quota periods: the TVTO's capacity × the province's share × the
//! cooperatives' share, with used and reserved counted from the referrals,
//! and the seats per course or provider.

use super::*;

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
        let (starts_on, ends_on) = parse_period(&self.starts_on, &self.ends_on, &mut errors);
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

#[derive(Debug, Clone, Copy)]
pub(super) struct Period {
    pub(super) id: i64,
    pub(super) unit: QuotaUnit,
    pub(super) quota: i64,
    /// The round months (year × 100 + month) inside the period: a month
    /// belongs to the period its first day falls in.
    pub(super) first_ym: i64,
    pub(super) last_ym: i64,
    pub(super) last_month: (i32, u8),
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
    let starts_on: String = r.get("starts_on")?;
    let ends_on: String = r.get("ends_on")?;
    let unit = r.get::<_, QuotaUnit>("unit")?;
    let capacity: i64 = r.get("capacity")?;
    let province_share: f64 = r.get("province_share")?;
    let coop_share: f64 = r.get("coop_share")?;
    let quota = quota_of(capacity, province_share, coop_share);
    let (first_ym, last_ym, last_month) = match (parse_iso(&starts_on), parse_iso(&ends_on)) {
        (Some(s), Some(e)) => period_bounds(s, e),
        _ => (0, -1, (0, 1)),
    };
    let period = Period {
        id: r.get("id")?,
        unit,
        quota,
        first_ym,
        last_ym,
        last_month,
    };
    let view = QuotaView {
        id: period.id,
        title: r.get("title")?,
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
pub(super) fn usage(
    conn: &Connection,
    p: &Period,
    only: Option<(&str, i64)>,
) -> Result<(i64, i64)> {
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

/// `warn_percent` is the setting's share at which the meter warns.
fn fill_usage(
    conn: &Connection,
    p: &Period,
    view: &mut QuotaView,
    warn_percent: i64,
) -> Result<()> {
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
    } else if view.percent >= warn_percent {
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

/// The share at which a period warns, from the settings.
fn warn_percent(conn: &Connection) -> Result<i64> {
    Ok(settings::get(conn)?.quota_warn_percent)
}

pub fn get_quota(conn: &Connection, id: i64) -> Result<QuotaView> {
    let (p, mut view) = row_by_id(
        conn,
        &format!("{PERIOD_SELECT} WHERE id = ?1"),
        id,
        period_from_row,
        Entity::QuotaPeriod,
        "شناسه",
    )?;
    fill_usage(conn, &p, &mut view, warn_percent(conn)?)?;
    Ok(view)
}

/// Every quota period, the newest first, with what is used of each.
pub fn list_quota(conn: &Connection) -> Result<Vec<QuotaView>> {
    Ok(list_quota_months(conn)?
        .into_iter()
        .map(|(_, _, v)| v)
        .collect())
}

/// Every quota period, the newest first, with what is used of each and the
/// round months it holds (year × 100 + month, first and last).
pub(crate) fn list_quota_months(conn: &Connection) -> Result<Vec<(i64, i64, QuotaView)>> {
    let rows: Vec<(Period, QuotaView)> = conn
        .prepare_cached(&format!("{PERIOD_SELECT} ORDER BY starts_on DESC"))?
        .query_map([], period_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let warn = warn_percent(conn)?;
    rows.into_iter()
        .map(|(p, mut v)| {
            fill_usage(conn, &p, &mut v, warn)?;
            Ok((p.first_ym, p.last_ym, v))
        })
        .collect()
}

pub(super) fn period_for(conn: &Connection, year: i32, month: u8) -> Result<Option<Period>> {
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
