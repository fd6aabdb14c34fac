//! Referrals: reading them, the TVTO sheet's rows, each referral's
//! lifecycle after the round is sent, the history of moves, and training
//! histories.

use super::*;

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

const REFERRAL_SELECT: &str =
    "SELECT r.id, r.round_id, d.number AS round_number, p.id AS person_id,
     p.national_code, p.first_name, p.last_name, p.father_name, p.birth_date, p.gender,
     p.education, p.mobile, o.id AS organization_id, o.name AS organization_name,
     o.national_id AS organization_national_id, o.field, c.name AS county, k.id AS course_id,
     k.title AS course_title, k.code AS course_code, k.total_hours AS course_hours, r.role,
     r.status, r.score, r.score_parts, r.rank, r.added_by, r.provider_id, v.name AS provider_name,
     r.class_starts_on, r.class_ends_on, r.certificate_no, r.certificate_on, r.notes
     FROM referral r JOIN referral_round d ON d.id = r.round_id JOIN person p ON p.id = r.person_id
     JOIN organization o ON o.id = r.organization_id JOIN course k ON k.id = r.course_id
     LEFT JOIN county c ON c.id = o.county_id LEFT JOIN provider v ON v.id = r.provider_id";

fn referral_from_row(r: &Row) -> rusqlite::Result<ReferralView> {
    use crate::model::{Education, Gender, OrgField};
    let first_name: String = r.get("first_name")?;
    let last_name: String = r.get("last_name")?;
    let status = r.get::<_, ReferralStatus>("status")?;
    let parts: Vec<ScorePart> =
        serde_json::from_str(&r.get::<_, String>("score_parts")?).unwrap_or_default();
    Ok(ReferralView {
        id: r.get("id")?,
        round_id: r.get("round_id")?,
        round_number: r.get("round_number")?,
        person_id: r.get("person_id")?,
        national_code: r.get("national_code")?,
        full_name: format!("{first_name} {last_name}"),
        first_name,
        last_name,
        father_name: r.get("father_name")?,
        birth_date_jalali: jalali_of_iso(&r.get("birth_date")?),
        gender_label: r.get::<_, Option<Gender>>(9)?.map(|g| g.label().to_owned()),
        education_label: r
            .get::<_, Option<Education>>(10)?
            .map(|e| e.label().to_owned()),
        mobile: r.get("mobile")?,
        organization_id: r.get("organization_id")?,
        organization_name: r.get("organization_name")?,
        organization_national_id: r.get("organization_national_id")?,
        field_label: r.get::<_, OrgField>("field")?.label().to_owned(),
        county: r.get("county")?,
        course_id: r.get("course_id")?,
        course_title: r.get("course_title")?,
        course_code: r.get("course_code")?,
        course_hours: r.get("course_hours")?,
        role_label: r.get::<_, Option<Role>>(21)?.map(|x| x.label().to_owned()),
        status,
        status_label: status.label().to_owned(),
        score: r.get("score")?,
        explanation: explain(&parts),
        parts,
        rank: r.get("rank")?,
        added_by: r.get("added_by")?,
        provider_id: r.get("provider_id")?,
        provider_name: r.get("provider_name")?,
        class_starts_on_jalali: jalali_of_iso(&r.get("class_starts_on")?),
        class_ends_on_jalali: jalali_of_iso(&r.get("class_ends_on")?),
        certificate_no: r.get("certificate_no")?,
        certificate_on_jalali: jalali_of_iso(&r.get("certificate_on")?),
        notes: r.get("notes")?,
    })
}

pub fn get_referral(conn: &Connection, id: i64) -> Result<ReferralView> {
    row_by_id(
        conn,
        &format!("{REFERRAL_SELECT} WHERE r.id = ?1"),
        id,
        referral_from_row,
        Entity::Referral,
        "شناسه",
    )
}

/// A round's referrals in rank order; removed proposals last.
pub fn referrals(conn: &Connection, round_id: i64) -> Result<Vec<ReferralView>> {
    round_alone(conn, round_id)?;
    Ok(conn
        .prepare_cached(&format!(
            "{REFERRAL_SELECT} WHERE r.round_id = ?1 ORDER BY r.status = 'removed', r.rank, r.id"
        ))?
        .query_map([round_id], referral_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One person of the TVTO sheet: what its columns and its totals show,
/// nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// The referral's id.
    pub id: i64,
    /// The place in the round's ranking (1 = most in need).
    pub rank: i64,
    pub national_code: String,
    pub first_name: String,
    pub last_name: String,
    pub father_name: Option<String>,
    pub birth_date_jalali: Option<String>,
    pub gender_label: Option<&'static str>,
    pub education_label: Option<&'static str>,
    pub mobile: Option<String>,
    pub organization_id: i64,
    pub organization_name: String,
    pub organization_national_id: Option<String>,
    pub field_label: &'static str,
    pub county: Option<String>,
    pub course_id: i64,
    pub course_title: String,
    pub course_code: Option<String>,
    pub course_hours: Option<i64>,
    pub role_label: Option<&'static str>,
    pub notes: Option<String>,
}

impl SheetRow {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A round's referrals as the TVTO receives them: those holding a seat,
/// grouped by course (Persian order), best-ranked first within a course.
/// One statement, read by position, with only the sheet's columns.
pub fn sheet_rows(conn: &Connection, round_id: i64) -> Result<Vec<SheetRow>> {
    use crate::model::{Education, Gender, OrgField};
    // Only that the round exists; its counts are not needed here.
    crate::db::row_by_id(
        conn,
        "SELECT id FROM referral_round WHERE id = ?1",
        round_id,
        |r| r.get::<_, i64>(0),
        Entity::Round,
        "شناسه",
    )?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT r.id, r.rank, p.national_code, p.first_name, p.last_name, p.father_name,
                p.birth_date, p.gender, p.education, p.mobile, o.id, o.name, o.national_id,
                o.field, c.name, k.id, k.title, k.code, k.total_hours, r.role, r.notes
         FROM referral r JOIN person p ON p.id = r.person_id
         JOIN organization o ON o.id = r.organization_id JOIN course k ON k.id = r.course_id
         LEFT JOIN county c ON c.id = o.county_id
         WHERE r.round_id = ?1 AND r.status NOT IN {}
         ORDER BY k.sort_key, k.id, r.rank, r.id",
        ReferralStatus::FREE_SQL
    ))?;
    let rows = stmt.query_map([round_id], |r| {
        Ok(SheetRow {
            id: r.get(0)?,
            rank: r.get(1)?,
            national_code: r.get(2)?,
            first_name: r.get(3)?,
            last_name: r.get(4)?,
            father_name: r.get(5)?,
            birth_date_jalali: jalali_of_iso(&r.get(6)?),
            gender_label: r.get::<_, Option<Gender>>(7)?.map(Gender::label),
            education_label: r.get::<_, Option<Education>>(8)?.map(Education::label),
            mobile: r.get(9)?,
            organization_id: r.get(10)?,
            organization_name: r.get(11)?,
            organization_national_id: r.get(12)?,
            field_label: r.get::<_, OrgField>(13)?.label(),
            county: r.get(14)?,
            course_id: r.get(15)?,
            course_title: r.get(16)?,
            course_code: r.get(17)?,
            course_hours: r.get(18)?,
            role_label: r.get::<_, Option<Role>>(19)?.map(Role::label),
            notes: r.get(20)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
    let round = round_alone(tx, r.round_id)?;
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
    errors.extend(end_before_start(
        starts,
        ends,
        Field::ClassEnd,
        u.class_ends_on.as_deref().unwrap_or(""),
    ));
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
            reason = past_limit(
                &reason,
                &why,
                u.override_reason.as_deref(),
                "ثبت این آموزشگاه",
            )?;
        }
    }
    if to != r.status {
        move_referral(tx, &r, to, move_note(&reason, to.label()))?;
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
    history(
        conn,
        "referral_history",
        "referral_id",
        id,
        ReferralStatus::label,
    )
}

/// Every status each referral of a round has been in, oldest first and
/// ending with the one it is in now, by referral: so a certified referral
/// still tells whether its attendance was full or partial.
pub fn reached_statuses(
    conn: &Connection,
    round_id: i64,
) -> Result<HashMap<i64, Vec<ReferralStatus>>> {
    let mut reached: HashMap<i64, Vec<ReferralStatus>> = HashMap::new();
    let moves = conn
        .prepare_cached(
            "SELECT h.referral_id, h.to_status FROM referral_history h
             JOIN referral r ON r.id = h.referral_id WHERE r.round_id = ?1 ORDER BY h.id",
        )?
        .query_map([round_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, ReferralStatus>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, status) in moves {
        reached.entry(id).or_default().push(status);
    }
    let now = conn
        .prepare_cached("SELECT id, status FROM referral WHERE round_id = ?1")?
        .query_map([round_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, ReferralStatus>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, status) in now {
        let path = reached.entry(id).or_default();
        if path.last() != Some(&status) {
            path.push(status);
        }
    }
    Ok(reached)
}

pub fn round_history(conn: &Connection, id: i64) -> Result<Vec<StatusEntry>> {
    history(conn, "round_history", "round_id", id, RoundStatus::label)
}

/// The status moves kept in `table` for one record, oldest first, with the
/// statuses' Persian labels. A status the list does not have is an error.
fn history<S: rusqlite::types::FromSql>(
    conn: &Connection,
    table: &str,
    key: &str,
    id: i64,
    label: fn(S) -> &'static str,
) -> Result<Vec<StatusEntry>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT at, from_status, to_status, reason FROM {table} WHERE {key} = ?1 ORDER BY id"
        ))?
        .query_map([id], |r| {
            Ok(StatusEntry {
                at: r.get(0)?,
                from_label: r.get::<_, Option<S>>(1)?.map(|s| label(s).to_owned()),
                to_label: label(r.get(2)?).to_owned(),
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
