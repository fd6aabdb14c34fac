//! Rounds: a new round for a month (its capacity from the quota), and
//! reading them.

use super::*;

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
    /// People on the list the TVTO received (`REFERRED_SQL`): 0 until the
    /// round is sent.
    pub referred: i64,
    /// The TVTO sheet's file name, `round-03-1404-09.xlsx`.
    pub file_name: String,
    /// The quota period the round's month falls in.
    pub quota: Option<QuotaView>,
}

static ROUND_SELECT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("SELECT d.id, d.number, d.year, d.month, d.title, d.capacity, d.letter_no, d.sent_on, d.status,
     (SELECT count(*) FROM referral r WHERE r.round_id = d.id AND r.status NOT IN ('removed', 'declined', 'withdrawn'))
       AS people,
     (SELECT count(DISTINCT organization_id) FROM referral r WHERE r.round_id = d.id AND r.status NOT IN ('removed', 'declined', 'withdrawn'))
       AS cooperatives,
     (SELECT count(DISTINCT course_id) FROM referral r WHERE r.round_id = d.id AND r.status NOT IN ('removed', 'declined', 'withdrawn'))
       AS courses,
     (SELECT count(*) FROM referral r WHERE r.round_id = d.id AND r.status = 'certified')
       AS certified,
     (SELECT count(*) FROM referral r WHERE r.round_id = d.id AND {REFERRED_SQL})
       AS referred
     FROM referral_round d")
});

fn round_from_row(r: &Row) -> rusqlite::Result<RoundView> {
    let number: i64 = r.get("number")?;
    let year: i32 = r.get("year")?;
    let month: u8 = r.get("month")?;
    let sent_on: Option<String> = r.get("sent_on")?;
    let status = r.get::<_, RoundStatus>("status")?;
    Ok(RoundView {
        id: r.get("id")?,
        number,
        year,
        month,
        month_text: format!("{year:04}/{month:02}"),
        month_label: month_label(year, month),
        title: r.get("title")?,
        capacity: r.get("capacity")?,
        letter_no: r.get("letter_no")?,
        sent_on_jalali: jalali_of_iso(&sent_on),
        sent_on,
        status,
        status_label: status.label().to_owned(),
        people: r.get("people")?,
        cooperatives: r.get("cooperatives")?,
        courses: r.get("courses")?,
        certified: r.get("certified")?,
        referred: r.get("referred")?,
        file_name: format!("round-{number:02}-{year:04}-{month:02}.xlsx"),
        quota: None,
    })
}

pub fn get_round(conn: &Connection, id: i64) -> Result<RoundView> {
    let mut round = round_alone(conn, id)?;
    if let Some(p) = period_for(conn, round.year, round.month)? {
        round.quota = Some(get_quota(conn, p.id)?);
    }
    Ok(round)
}

/// The round without its quota period (`quota` stays `None`), for work
/// that reads only the round itself: counting the period's use is a pass
/// over every referral of the period.
pub(crate) fn round_alone(conn: &Connection, id: i64) -> Result<RoundView> {
    row_by_id(
        conn,
        &format!("{} WHERE d.id = ?1", *ROUND_SELECT),
        id,
        round_from_row,
        Entity::Round,
        "شناسه",
    )
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
        .prepare_cached(&format!("{} ORDER BY d.number DESC", *ROUND_SELECT))?
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

pub(super) fn record_round(
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

pub(super) fn no_period(year: i32, month: u8) -> Error {
    Error::Refused(format!(
        "برای {} دوره سهمیه‌ای ثبت نشده است؛ نخست ظرفیت آموزش فنی و حرفه‌ای و سهم تعاونی‌ها را در بخش «سهمیه» ثبت کنید.",
        month_label(year, month)
    ))
}
