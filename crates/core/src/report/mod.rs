//! The director's picture: every figure of the dashboard and the monthly
//! report for the joint working group, counted in SQL over the real tables
//! for a period of Jalali months.
//!
//! Words mean one thing everywhere:
//! - **referred** is a person on the list of a round that was sent, whatever
//!   happened after, counted in the month of the round
//!   ([`rounds::REFERRED_SQL`], also the rounds list's column);
//! - the funnel's stages (enrolled → attended → passed → certified) count a
//!   referral in every stage it reached;
//! - **certified** is a referral with a certificate.
//!
//! The quota figures are the quota screen's own ([`rounds::list_quota`]).

mod summary;

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Field, FieldError, Problem, Result};
use crate::jalali::{from_jalali, iso, to_jalali, today, Jalali};
use crate::model::{OrgField, OrgKind, QuotaUnit};
use crate::needs::{month_label, parse_month_as};
use crate::rounds::{
    self, QuotaView, ATTENDED_SQL, CERTIFIED_SQL, ENROLLED_SQL, PASSED_SQL, REFERRED_SQL,
};
use crate::text::to_persian_digits;

/// The month every report starts from unless told otherwise: Mehr 1404,
/// when the agreement with the TVTO began.
pub const DEFAULT_FROM: (i32, u8) = (1404, 7);

/// A period as the clerk types it: `1404/07` to `1405/08`, in any digits.
/// An empty end means this month; an empty start means Mehr 1404.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PeriodInput {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A checked period of whole Jalali months, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    pub from: (i32, u8),
    pub to: (i32, u8),
}

impl PeriodInput {
    pub fn validate(&self) -> std::result::Result<ReportPeriod, Vec<FieldError>> {
        self.validate_on(to_jalali(today()))
    }

    /// As [`validate`](Self::validate), with "this month" taken from `now`.
    pub fn validate_on(&self, now: Jalali) -> std::result::Result<ReportPeriod, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut read = |raw: &Option<String>, field, default| match raw.as_deref().map(str::trim) {
            None | Some("") => Some(default),
            Some(raw) => parse_month_as(raw, field).map_err(|e| errors.push(e)).ok(),
        };
        let from = read(&self.from, Field::FromMonth, DEFAULT_FROM);
        let to = read(&self.to, Field::ToMonth, (now.year, now.month));
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                errors.push(FieldError::new(
                    Field::ToMonth,
                    self.to.as_deref().unwrap_or_default(),
                    Problem::EndBeforeStart,
                ));
            } else {
                return Ok(ReportPeriod { from, to });
            }
        }
        Err(errors)
    }
}

impl ReportPeriod {
    pub fn month(year: i32, month: u8) -> ReportPeriod {
        ReportPeriod {
            from: (year, month),
            to: (year, month),
        }
    }

    fn first_ym(&self) -> i64 {
        ym(self.from)
    }

    fn last_ym(&self) -> i64 {
        ym(self.to)
    }

    /// Every month of the period, in order.
    pub fn months(&self) -> Vec<(i32, u8)> {
        let mut out = Vec::new();
        let (mut y, mut m) = self.from;
        while (y, m) <= self.to {
            out.push((y, m));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }

    /// `آذر ۱۴۰۵`, or `مهر ۱۴۰۴ تا آبان ۱۴۰۵`.
    pub fn label(&self) -> String {
        if self.from == self.to {
            month_label(self.from.0, self.from.1)
        } else {
            format!(
                "{} تا {}",
                month_label(self.from.0, self.from.1),
                month_label(self.to.0, self.to.1)
            )
        }
    }

    /// The Gregorian days the period covers: its first day, and the day
    /// after its last (ISO dates).
    fn gregorian_bounds(&self) -> (String, String) {
        let first = |(year, month): (i32, u8)| {
            from_jalali(Jalali {
                year,
                month,
                day: 1,
            })
        };
        let next = if self.to.1 == 12 {
            (self.to.0 + 1, 1)
        } else {
            (self.to.0, self.to.1 + 1)
        };
        (
            first(self.from).map(iso).unwrap_or_default(),
            first(next).map(iso).unwrap_or_default(),
        )
    }
}

fn ym((year, month): (i32, u8)) -> i64 {
    i64::from(year) * 100 + i64::from(month)
}

/// referred → enrolled → attended → passed → certified, with each stage's
/// share of the referred in percent (one decimal).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
pub struct Funnel {
    pub referred: i64,
    pub enrolled: i64,
    pub attended: i64,
    pub passed: i64,
    pub certified: i64,
    pub enrolled_rate: f64,
    pub attended_rate: f64,
    pub passed_rate: f64,
    pub certified_rate: f64,
}

impl Funnel {
    fn new(referred: i64, enrolled: i64, attended: i64, passed: i64, certified: i64) -> Funnel {
        let rate = |n: i64| percent(n, referred);
        Funnel {
            referred,
            enrolled,
            attended,
            passed,
            certified,
            enrolled_rate: rate(enrolled),
            attended_rate: rate(attended),
            passed_rate: rate(passed),
            certified_rate: rate(certified),
        }
    }
}

/// `part` of `whole` in percent, to one decimal; 0 of nothing is 0.
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct MonthFigures {
    pub year: i32,
    pub month: u8,
    /// `1404/09`.
    pub month_text: String,
    /// `آذر ۱۴۰۴`.
    pub label: String,
    /// Sent rounds of the month.
    pub rounds: i64,
    pub referred: i64,
    /// Cooperatives and unions with someone referred.
    pub cooperatives: i64,
    pub unions: i64,
    pub certified: i64,
    /// The quota period the month falls in, when there is one.
    pub quota_title: Option<String>,
    /// The period's quota spread evenly over its months (seats only).
    pub quota_share: Option<i64>,
    /// What is left of the period's quota once this month's sent referrals
    /// and every earlier month's in the period are counted, in the period's
    /// unit.
    pub remaining: Option<i64>,
    pub unit_label: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct RoundFigures {
    pub id: i64,
    pub number: i64,
    pub title: String,
    /// `آذر ۱۴۰۴`.
    pub month_label: String,
    pub status_label: String,
    pub cooperatives: i64,
    pub funnel: Funnel,
}

/// One row of a breakdown: people referred and the cooperatives (or unions)
/// they came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Share {
    pub key: String,
    pub label: String,
    pub referred: i64,
    pub organizations: i64,
    /// Share of all referred in the period, in percent.
    pub percent: f64,
}

/// Need head-counts approved (lines approved, planned or fulfilled) against
/// the nominees trained: the roadmaps' progress.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
pub struct NeedsFigures {
    pub lines: i64,
    pub approved: i64,
    pub met: i64,
    pub percent: f64,
    /// Cooperatives with an approved line in the period.
    pub organizations: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct OrgNeeds {
    pub organization_id: i64,
    pub name: String,
    pub national_id: Option<String>,
    pub county: Option<String>,
    pub lines: i64,
    pub approved: i64,
    pub met: i64,
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct WaitBucket {
    pub label: String,
    pub referrals: i64,
}

/// Days from a need line's approval to the sending of the round that
/// referred one of its nominees.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
pub struct WaitFigures {
    pub referrals: i64,
    pub mean_days: Option<f64>,
    pub median_days: Option<i64>,
    pub p90_days: Option<i64>,
    pub buckets: Vec<WaitBucket>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Figures {
    /// `1404/07`.
    pub from: String,
    pub to: String,
    /// `مهر ۱۴۰۴ تا آبان ۱۴۰۵`.
    pub label: String,
    pub months: Vec<MonthFigures>,
    /// The sent rounds of the period, in order.
    pub rounds: Vec<RoundFigures>,
    pub funnel: Funnel,
    /// Distinct people, cooperatives and unions referred in the period.
    pub people: i64,
    pub cooperatives: i64,
    pub unions: i64,
    /// The quota periods that overlap the period, as the quota screen shows
    /// them.
    pub quotas: Vec<QuotaView>,
    pub by_county: Vec<Share>,
    pub by_field: Vec<Share>,
    pub by_kind: Vec<Share>,
    pub by_course: Vec<Share>,
    /// Small, startup and internet-based cooperatives.
    pub by_flag: Vec<Share>,
    pub needs: NeedsFigures,
    /// Per cooperative, the furthest behind first (the least met share of
    /// the most approved), at most `org_limit` of them.
    pub needs_by_org: Vec<OrgNeeds>,
    pub wait: WaitFigures,
    /// The summary in sentences, made from the figures above.
    pub summary: Vec<String>,
}

/// Every figure for `period`. `org_limit` caps the per-cooperative needs
/// table (the dashboard shows a few, the workbook all).
pub fn figures(
    conn: &Connection,
    period: &ReportPeriod,
    org_limit: Option<usize>,
) -> Result<Figures> {
    let (first, last) = (period.first_ym(), period.last_ym());
    let months = month_figures(conn, period)?;
    let rounds = round_figures(conn, first, last)?;
    let (funnel, people, cooperatives, unions) = totals(conn, first, last)?;
    let quotas = rounds::list_quota_months(conn)?
        .into_iter()
        .filter(|(f, l, _)| *f <= last && *l >= first)
        .map(|(_, _, v)| v)
        .rev()
        .collect();
    let total = funnel.referred;
    let needs_rows = org_needs(conn, period)?;
    let needs = needs_total(&needs_rows);
    let mut needs_by_org = needs_rows;
    needs_by_org.sort_by(|a, b| {
        a.percent
            .total_cmp(&b.percent)
            .then(b.approved.cmp(&a.approved))
    });
    if let Some(limit) = org_limit {
        needs_by_org.truncate(limit);
    }
    let mut f = Figures {
        from: format!("{:04}/{:02}", period.from.0, period.from.1),
        to: format!("{:04}/{:02}", period.to.0, period.to.1),
        label: period.label(),
        months,
        rounds,
        funnel,
        people,
        cooperatives,
        unions,
        quotas,
        by_county: shares(conn, first, last, total, Breakdown::County)?,
        by_field: shares(conn, first, last, total, Breakdown::Field)?,
        by_kind: shares(conn, first, last, total, Breakdown::Kind)?,
        by_course: shares(conn, first, last, total, Breakdown::Course)?,
        by_flag: shares(conn, first, last, total, Breakdown::Flag)?,
        needs,
        needs_by_org,
        wait: wait_figures(conn, first, last)?,
        summary: Vec::new(),
    };
    f.summary = summary::sentences(&f);
    Ok(f)
}

/// The referrals of the period's sent rounds: `referral r` joined to its
/// round `d`, for the period's months as `?1` and `?2`.
fn referred_from() -> String {
    format!(
        "FROM referral r JOIN referral_round d ON d.id = r.round_id
         WHERE {REFERRED_SQL} AND d.year * 100 + d.month BETWEEN ?1 AND ?2"
    )
}

fn month_figures(conn: &Connection, period: &ReportPeriod) -> Result<Vec<MonthFigures>> {
    struct Counted {
        rounds: i64,
        referred: i64,
        cooperatives: i64,
        unions: i64,
        certified: i64,
    }
    let sql = format!(
        "SELECT d.year * 100 + d.month, count(DISTINCT d.id), count(*),
                count(DISTINCT CASE WHEN o.kind = 'cooperative' THEN o.id END),
                count(DISTINCT CASE WHEN o.kind = 'union' THEN o.id END),
                count(CASE WHEN {CERTIFIED_SQL} THEN 1 END)
         FROM referral r JOIN referral_round d ON d.id = r.round_id
         JOIN organization o ON o.id = r.organization_id
         WHERE {REFERRED_SQL} AND d.year * 100 + d.month BETWEEN ?1 AND ?2
         GROUP BY 1"
    );
    let counted: HashMap<i64, Counted> = conn
        .prepare_cached(&sql)?
        .query_map(params![period.first_ym(), period.last_ym()], |r| {
            Ok((
                r.get(0)?,
                Counted {
                    rounds: r.get(1)?,
                    referred: r.get(2)?,
                    cooperatives: r.get(3)?,
                    unions: r.get(4)?,
                    certified: r.get(5)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;

    // What each month takes of its quota period, by the quota screen's rule:
    // sent and holding a seat (not declined, withdrawn or removed), in
    // seats or the course's hours.
    let used_sql = format!(
        "SELECT d.year * 100 + d.month, count(*), coalesce(sum(coalesce(k.total_hours, 0)), 0)
         FROM referral r JOIN referral_round d ON d.id = r.round_id JOIN course k ON k.id = r.course_id
         WHERE r.status NOT IN {free} AND r.status <> 'proposed'
         GROUP BY 1",
        free = crate::model::ReferralStatus::FREE_SQL
    );
    let used: HashMap<i64, (i64, i64)> = conn
        .prepare_cached(&used_sql)?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let periods = rounds::list_quota_months(conn)?;

    Ok(period
        .months()
        .into_iter()
        .map(|(year, month)| {
            let key = ym((year, month));
            let c = counted.get(&key);
            let quota = periods.iter().find(|(f, l, _)| (*f..=*l).contains(&key));
            let (quota_title, quota_share, remaining, unit_label) = match quota {
                None => (None, None, None, None),
                Some((first, last, q)) => {
                    let months_in =
                        (last / 100 - first / 100) * 12 + (last % 100 - first % 100) + 1;
                    let taken: i64 = used
                        .iter()
                        .filter(|(m, _)| (*first..=key).contains(*m))
                        .map(|(_, (seats, hours))| match q.unit {
                            QuotaUnit::Seats => *seats,
                            QuotaUnit::Hours => *hours,
                        })
                        .sum();
                    (
                        Some(q.title.clone()),
                        (q.unit == QuotaUnit::Seats).then(|| q.quota / months_in.max(1)),
                        Some(q.quota - taken),
                        Some(q.unit_label.clone()),
                    )
                }
            };
            MonthFigures {
                year,
                month,
                month_text: format!("{year:04}/{month:02}"),
                label: month_label(year, month),
                rounds: c.map_or(0, |c| c.rounds),
                referred: c.map_or(0, |c| c.referred),
                cooperatives: c.map_or(0, |c| c.cooperatives),
                unions: c.map_or(0, |c| c.unions),
                certified: c.map_or(0, |c| c.certified),
                quota_title,
                quota_share,
                remaining,
                unit_label,
            }
        })
        .collect())
}

fn funnel_columns() -> String {
    format!(
        "count(*), count(CASE WHEN {ENROLLED_SQL} THEN 1 END), count(CASE WHEN {ATTENDED_SQL} THEN 1 END),
         count(CASE WHEN {PASSED_SQL} THEN 1 END), count(CASE WHEN {CERTIFIED_SQL} THEN 1 END)"
    )
}

fn funnel_at(r: &rusqlite::Row, from: usize) -> rusqlite::Result<Funnel> {
    Ok(Funnel::new(
        r.get(from)?,
        r.get(from + 1)?,
        r.get(from + 2)?,
        r.get(from + 3)?,
        r.get(from + 4)?,
    ))
}

fn round_figures(conn: &Connection, first: i64, last: i64) -> Result<Vec<RoundFigures>> {
    let sql = format!(
        "SELECT d.id, d.number, d.title, d.year, d.month, d.status, count(DISTINCT r.organization_id),
                {funnel}
         {from}
         GROUP BY d.id ORDER BY d.number",
        funnel = funnel_columns(),
        from = referred_from(),
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(params![first, last], |r| {
            let status: crate::model::RoundStatus = r.get(5)?;
            Ok(RoundFigures {
                id: r.get(0)?,
                number: r.get(1)?,
                title: r.get(2)?,
                month_label: month_label(r.get(3)?, r.get(4)?),
                status_label: status.label().to_owned(),
                cooperatives: r.get(6)?,
                funnel: funnel_at(r, 7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn totals(conn: &Connection, first: i64, last: i64) -> Result<(Funnel, i64, i64, i64)> {
    let sql = format!(
        "SELECT {funnel}, count(DISTINCT r.person_id),
                count(DISTINCT CASE WHEN o.kind = 'cooperative' THEN o.id END),
                count(DISTINCT CASE WHEN o.kind = 'union' THEN o.id END)
         FROM referral r JOIN referral_round d ON d.id = r.round_id
         JOIN organization o ON o.id = r.organization_id
         WHERE {REFERRED_SQL} AND d.year * 100 + d.month BETWEEN ?1 AND ?2",
        funnel = funnel_columns(),
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![first, last], |r| {
            Ok((funnel_at(r, 0)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })?)
}

#[derive(Clone, Copy)]
enum Breakdown {
    County,
    Field,
    Kind,
    Course,
    Flag,
}

fn shares(
    conn: &Connection,
    first: i64,
    last: i64,
    total: i64,
    by: Breakdown,
) -> Result<Vec<Share>> {
    let counted = "count(*), count(DISTINCT r.organization_id)";
    let from = "FROM referral r JOIN referral_round d ON d.id = r.round_id
         JOIN organization o ON o.id = r.organization_id";
    let within = format!("{REFERRED_SQL} AND d.year * 100 + d.month BETWEEN ?1 AND ?2");
    let sql = match by {
        Breakdown::County => format!(
            "SELECT coalesce(c.id, 0), coalesce(c.name, 'بدون شهرستان'), {counted}
             {from} LEFT JOIN county c ON c.id = o.county_id
             WHERE {within} GROUP BY c.id ORDER BY 3 DESC, c.sort_key"
        ),
        Breakdown::Field => format!(
            "SELECT o.field, o.field, {counted} {from} WHERE {within} GROUP BY o.field ORDER BY 3 DESC, 1"
        ),
        Breakdown::Kind => format!(
            "SELECT o.kind, o.kind, {counted} {from} WHERE {within} GROUP BY o.kind ORDER BY 3 DESC, 1"
        ),
        Breakdown::Course => format!(
            "SELECT k.id, k.title, {counted}
             {from} JOIN course k ON k.id = r.course_id
             WHERE {within} GROUP BY k.id ORDER BY 3 DESC, k.sort_key"
        ),
        Breakdown::Flag => format!(
            "SELECT 'small', 'small', count(CASE WHEN o.is_small = 1 THEN 1 END),
                    count(DISTINCT CASE WHEN o.is_small = 1 THEN o.id END) {from} WHERE {within}
             UNION ALL
             SELECT 'startup', 'startup', count(CASE WHEN o.is_startup = 1 THEN 1 END),
                    count(DISTINCT CASE WHEN o.is_startup = 1 THEN o.id END) {from} WHERE {within}
             UNION ALL
             SELECT 'internet', 'internet', count(CASE WHEN o.is_internet = 1 THEN 1 END),
                    count(DISTINCT CASE WHEN o.is_internet = 1 THEN o.id END) {from} WHERE {within}"
        ),
    };
    let label = |key: String, raw: String| -> String {
        match by {
            Breakdown::Field => OrgField::from_key(&key).map_or(raw, |f| f.label().to_owned()),
            Breakdown::Kind => OrgKind::from_key(&key).map_or(raw, |k| k.label().to_owned()),
            Breakdown::Flag => match key.as_str() {
                "small" => "تعاونی‌های کوچک".to_owned(),
                "startup" => "تعاونی‌های نوپا".to_owned(),
                "internet" => "تعاونی‌های اینترنتی".to_owned(),
                _ => raw,
            },
            Breakdown::County | Breakdown::Course => raw,
        }
    };
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(params![first, last], |r| {
            let key: rusqlite::types::Value = r.get(0)?;
            let key = match key {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(s) => s,
                _ => String::new(),
            };
            let raw: String = r.get(1)?;
            let referred: i64 = r.get(2)?;
            Ok(Share {
                label: label(key.clone(), raw),
                key,
                referred,
                organizations: r.get(3)?,
                percent: percent(referred, total),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// A need line belongs to the month it targets, or, when it names none, to
/// the month it was approved in.
fn org_needs(conn: &Connection, period: &ReportPeriod) -> Result<Vec<OrgNeeds>> {
    let (start, end) = period.gregorian_bounds();
    let sql = "SELECT o.id, o.name, o.national_id, c.name, count(*), sum(n.approved),
                (SELECT count(*) FROM nominee m JOIN need_line x ON x.id = m.need_line_id
                 WHERE x.organization_id = o.id AND m.status = 'trained'
                   AND x.status IN ('approved', 'planned', 'fulfilled') AND x.approved IS NOT NULL
                   AND (x.target_year * 100 + x.target_month BETWEEN ?1 AND ?2
                        OR (x.target_year IS NULL AND x.approved_at >= ?3 AND x.approved_at < ?4)))
         FROM need_line n JOIN organization o ON o.id = n.organization_id
         LEFT JOIN county c ON c.id = o.county_id
         WHERE n.status IN ('approved', 'planned', 'fulfilled') AND n.approved IS NOT NULL
           AND (n.target_year * 100 + n.target_month BETWEEN ?1 AND ?2
                OR (n.target_year IS NULL AND n.approved_at >= ?3 AND n.approved_at < ?4))
         GROUP BY o.id ORDER BY o.sort_key";
    Ok(conn
        .prepare_cached(sql)?
        .query_map(
            params![period.first_ym(), period.last_ym(), start, end],
            |r| {
                let approved: i64 = r.get(5)?;
                let met: i64 = r.get(6)?;
                Ok(OrgNeeds {
                    organization_id: r.get(0)?,
                    name: r.get(1)?,
                    national_id: r.get(2)?,
                    county: r.get(3)?,
                    lines: r.get(4)?,
                    approved,
                    met,
                    percent: percent(met, approved),
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?)
}

fn needs_total(rows: &[OrgNeeds]) -> NeedsFigures {
    let approved = rows.iter().map(|r| r.approved).sum();
    let met = rows.iter().map(|r| r.met).sum();
    NeedsFigures {
        lines: rows.iter().map(|r| r.lines).sum(),
        approved,
        met,
        percent: percent(met, approved),
        organizations: rows.len() as i64,
    }
}

/// The waiting-time buckets, in days.
const WAIT_BUCKETS: &[(i64, i64, &str)] = &[
    (0, 30, "تا ۳۰ روز"),
    (31, 60, "۳۱ تا ۶۰ روز"),
    (61, 90, "۶۱ تا ۹۰ روز"),
    (91, 180, "۹۱ تا ۱۸۰ روز"),
    (181, i64::MAX, "بیش از ۱۸۰ روز"),
];

fn wait_figures(conn: &Connection, first: i64, last: i64) -> Result<WaitFigures> {
    let sql = format!(
        "SELECT max(0, CAST(julianday(d.sent_on) - julianday(substr(n.approved_at, 1, 10)) AS INTEGER)) AS days
         FROM referral r JOIN referral_round d ON d.id = r.round_id JOIN need_line n ON n.id = r.need_line_id
         WHERE {REFERRED_SQL} AND d.year * 100 + d.month BETWEEN ?1 AND ?2
           AND d.sent_on IS NOT NULL AND n.approved_at IS NOT NULL
         ORDER BY days"
    );
    let days: Vec<i64> = conn
        .prepare_cached(&sql)?
        .query_map(params![first, last], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let n = days.len();
    let at =
        |q: f64| -> Option<i64> { (n > 0).then(|| days[(((n - 1) as f64) * q).round() as usize]) };
    Ok(WaitFigures {
        referrals: n as i64,
        mean_days: (n > 0)
            .then(|| (days.iter().sum::<i64>() as f64 / n as f64 * 10.0).round() / 10.0),
        median_days: at(0.5),
        p90_days: at(0.9),
        buckets: WAIT_BUCKETS
            .iter()
            .map(|(lo, hi, label)| WaitBucket {
                label: (*label).to_owned(),
                referrals: days.iter().filter(|d| (*lo..=*hi).contains(*d)).count() as i64,
            })
            .collect(),
    })
}

/// Persian digits with the Persian thousands separator: `۱٬۲۳۴`.
pub fn fa_number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('٬');
        }
        out.push(c);
    }
    let sign = if n < 0 { "−" } else { "" };
    format!("{sign}{}", to_persian_digits(&out))
}

/// `۴۵٫۵٪`, or `۴۵٪` for a whole number.
pub fn fa_percent(p: f64) -> String {
    let text = if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    };
    format!("{}٪", to_persian_digits(&text.replace('.', "٫")))
}
