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

use crate::db::{ChangeToken, Db};
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

    /// The report's file name: `report-1405-09.xlsx` for a month,
    /// `report-1404-07-1405-08.pdf` for a period.
    pub fn file_name(&self, extension: &str) -> String {
        let (a, b) = (self.from, self.to);
        if a == b {
            format!("report-{:04}-{:02}.{extension}", a.0, a.1)
        } else {
            format!(
                "report-{:04}-{:02}-{:04}-{:02}.{extension}",
                a.0, a.1, b.0, b.1
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
    let quota_periods: Vec<(i64, i64, QuotaView)> = rounds::list_quota_months(conn)?
        .into_iter()
        .filter(|(f, l, _)| *f <= last && *l >= first)
        .rev()
        .collect();
    let mut counted = referred_counts(conn, first, last)?;
    let months = month_figures(conn, period, &mut counted, &quota_periods)?;
    let rounds = round_figures(conn, first, last, &mut counted)?;
    let total = counted
        .remove(&(Dim::Total, String::new()))
        .unwrap_or_default();
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
    let shares = |dim| shares(&counted, dim, total.referred);
    let mut f = Figures {
        from: format!("{:04}/{:02}", period.from.0, period.from.1),
        to: format!("{:04}/{:02}", period.to.0, period.to.1),
        label: period.label(),
        months,
        rounds,
        funnel: total.funnel(),
        people: total.people,
        cooperatives: total.cooperatives,
        unions: total.unions,
        quotas: quota_periods.into_iter().map(|(_, _, v)| v).collect(),
        by_county: shares(Dim::County),
        by_field: shares(Dim::Field),
        by_kind: shares(Dim::Kind),
        by_course: shares(Dim::Course),
        by_flag: shares(Dim::Flag),
        needs,
        needs_by_org,
        wait: wait_figures(conn, first, last)?,
        summary: Vec::new(),
    };
    f.summary = summary::sentences(&f);
    Ok(f)
}

/// The last figures computed, kept while the data stays the same: the
/// dashboard opened again, with nothing changed in between, answers at once.
/// Any write through the connection, a commit by another one or a restore
/// computes them anew ([`ChangeToken`]).
#[derive(Debug, Default)]
pub struct FiguresCache {
    last: Option<(ChangeToken, ReportPeriod, Option<usize>, Figures)>,
}

impl FiguresCache {
    /// [`figures`], or the same answer as last time when the period, the
    /// limit and the data are the same.
    pub fn figures(
        &mut self,
        db: &Db,
        period: &ReportPeriod,
        org_limit: Option<usize>,
    ) -> Result<Figures> {
        let token = db.change_token()?;
        if let Some((t, p, l, f)) = &self.last {
            if *t == token && p == period && *l == org_limit {
                return Ok(f.clone());
            }
        }
        let f = figures(db.conn(), period, org_limit)?;
        self.last = Some((token, *period, org_limit, f.clone()));
        Ok(f)
    }
}

/// What the referred of the period are counted by, each a branch of one
/// statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Dim {
    Total,
    Month,
    Round,
    County,
    Field,
    Kind,
    Course,
    Flag,
}

impl Dim {
    const ALL: [Dim; 8] = [
        Dim::Total,
        Dim::Month,
        Dim::Round,
        Dim::County,
        Dim::Field,
        Dim::Kind,
        Dim::Course,
        Dim::Flag,
    ];
}

/// One group of the referred: how many, from how many cooperatives and
/// unions, and how far they went.
#[derive(Debug, Clone, Default)]
struct Group {
    label: String,
    /// The Persian sort key of the label, for ties.
    sort: Vec<u8>,
    referred: i64,
    organizations: i64,
    cooperatives: i64,
    unions: i64,
    people: i64,
    rounds: i64,
    enrolled: i64,
    attended: i64,
    passed: i64,
    certified: i64,
}

impl Group {
    fn funnel(&self) -> Funnel {
        Funnel::new(
            self.referred,
            self.enrolled,
            self.attended,
            self.passed,
            self.certified,
        )
    }
}

/// Counts the period's referred by every dimension in one statement: the
/// referred rows are read once (a materialized CTE) and each branch groups
/// them.
fn referred_counts(
    conn: &Connection,
    first: i64,
    last: i64,
) -> Result<HashMap<(Dim, String), Group>> {
    // Each branch counts only the distinct values it reports: a distinct
    // count keeps an index of its own, the dearest part of the statement.
    let sums = "sum(x.enrolled), sum(x.attended), sum(x.passed), sum(x.certified)";
    let total = format!(
        "count(*), count(DISTINCT x.org),
         count(DISTINCT CASE WHEN x.kind = 'cooperative' THEN x.org END),
         count(DISTINCT CASE WHEN x.kind = 'union' THEN x.org END),
         count(DISTINCT x.person), count(DISTINCT x.round), {sums}"
    );
    let monthly = format!(
        "count(*), 0,
         count(DISTINCT CASE WHEN x.kind = 'cooperative' THEN x.org END),
         count(DISTINCT CASE WHEN x.kind = 'union' THEN x.org END),
         0, count(DISTINCT x.round), {sums}"
    );
    let measures = format!("count(*), count(DISTINCT x.org), 0, 0, 0, 0, {sums}");
    let flag = |key: &str, column: &str| {
        format!(
            "SELECT {dim}, '{key}', '', NULL,
                    count(*), count(DISTINCT x.org), 0, 0, 0, 0,
                    coalesce(sum(x.enrolled), 0), coalesce(sum(x.attended), 0),
                    coalesce(sum(x.passed), 0), coalesce(sum(x.certified), 0)
             FROM x WHERE x.{column} = 1",
            dim = Dim::Flag as i64
        )
    };
    let sql = format!(
        "WITH x AS MATERIALIZED (
             SELECT r.person_id AS person, r.organization_id AS org, r.course_id AS course,
                    d.id AS round, d.year * 100 + d.month AS ym, o.kind, o.field, o.county_id AS county,
                    o.is_small, o.is_startup, o.is_internet,
                    {ENROLLED_SQL} AS enrolled, {ATTENDED_SQL} AS attended,
                    {PASSED_SQL} AS passed, {CERTIFIED_SQL} AS certified
             FROM referral r JOIN referral_round d ON d.id = r.round_id
             JOIN organization o INDEXED BY organization_report ON o.id = r.organization_id
             WHERE {REFERRED_SQL} AND d.year * 100 + d.month BETWEEN ?1 AND ?2)
         SELECT {total_dim}, '', '', NULL, {total} FROM x
         UNION ALL SELECT {month}, ym, '', NULL, {monthly} FROM x GROUP BY ym
         UNION ALL SELECT {round}, round, '', NULL, {measures} FROM x GROUP BY round
         UNION ALL SELECT {county}, coalesce(x.county, 0), coalesce(c.name, 'بدون شهرستان'), c.sort_key, {measures}
             FROM x LEFT JOIN county c ON c.id = x.county GROUP BY x.county
         UNION ALL SELECT {field}, field, '', NULL, {measures} FROM x GROUP BY field
         UNION ALL SELECT {kind}, kind, '', NULL, {measures} FROM x GROUP BY kind
         UNION ALL SELECT {course}, x.course, k.title, k.sort_key, {measures}
             FROM x JOIN course k ON k.id = x.course GROUP BY x.course
         UNION ALL {small} UNION ALL {startup} UNION ALL {internet}",
        total_dim = Dim::Total as i64,
        month = Dim::Month as i64,
        round = Dim::Round as i64,
        county = Dim::County as i64,
        field = Dim::Field as i64,
        kind = Dim::Kind as i64,
        course = Dim::Course as i64,
        small = flag("small", "is_small"),
        startup = flag("startup", "is_startup"),
        internet = flag("internet", "is_internet"),
    );
    let mut out = HashMap::new();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![first, last])?;
    while let Some(r) = rows.next()? {
        let dim = Dim::ALL[r.get::<_, i64>(0)? as usize];
        let key = match r.get::<_, rusqlite::types::Value>(1)? {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(s) => s,
            _ => String::new(),
        };
        let referred: i64 = r.get(4)?;
        if referred == 0 && dim != Dim::Flag {
            // The total over no rows.
            continue;
        }
        let label: String = r.get(2)?;
        let label = match dim {
            Dim::Field => OrgField::from_key(&key).map_or(label, |f| f.label().to_owned()),
            Dim::Kind => OrgKind::from_key(&key).map_or(label, |k| k.label().to_owned()),
            Dim::Flag => match key.as_str() {
                "small" => "تعاونی‌های کوچک".to_owned(),
                "startup" => "تعاونی‌های نوپا".to_owned(),
                _ => "تعاونی‌های اینترنتی".to_owned(),
            },
            _ => label,
        };
        let sum = |i| -> rusqlite::Result<i64> { Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0)) };
        out.insert(
            (dim, key),
            Group {
                label,
                sort: r.get::<_, Option<Vec<u8>>>(3)?.unwrap_or_default(),
                referred,
                organizations: r.get(5)?,
                cooperatives: r.get(6)?,
                unions: r.get(7)?,
                people: r.get(8)?,
                rounds: r.get(9)?,
                enrolled: sum(10)?,
                attended: sum(11)?,
                passed: sum(12)?,
                certified: sum(13)?,
            },
        );
    }
    Ok(out)
}

fn month_figures(
    conn: &Connection,
    period: &ReportPeriod,
    counted: &mut HashMap<(Dim, String), Group>,
    periods: &[(i64, i64, QuotaView)],
) -> Result<Vec<MonthFigures>> {
    // What each month takes of its quota period, by the quota screen's rule:
    // sent and holding a seat (not declined, withdrawn or removed), in
    // seats or the course's hours.
    let since = periods
        .iter()
        .map(|(f, _, _)| *f)
        .min()
        .unwrap_or(period.first_ym());
    let used_sql = format!(
        "SELECT d.year * 100 + d.month, count(*), coalesce(sum(coalesce(k.total_hours, 0)), 0)
         FROM referral r JOIN referral_round d ON d.id = r.round_id JOIN course k ON k.id = r.course_id
         WHERE r.status NOT IN {free} AND r.status <> 'proposed' AND d.year * 100 + d.month BETWEEN ?1 AND ?2
         GROUP BY 1",
        free = crate::model::ReferralStatus::FREE_SQL
    );
    let used: HashMap<i64, (i64, i64)> = conn
        .prepare_cached(&used_sql)?
        .query_map(params![since, period.last_ym()], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;

    Ok(period
        .months()
        .into_iter()
        .map(|(year, month)| {
            let key = ym((year, month));
            let c = counted
                .remove(&(Dim::Month, key.to_string()))
                .unwrap_or_default();
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
                rounds: c.rounds,
                referred: c.referred,
                cooperatives: c.cooperatives,
                unions: c.unions,
                certified: c.certified,
                quota_title,
                quota_share,
                remaining,
                unit_label,
            }
        })
        .collect())
}

fn round_figures(
    conn: &Connection,
    first: i64,
    last: i64,
    counted: &mut HashMap<(Dim, String), Group>,
) -> Result<Vec<RoundFigures>> {
    let sql = "SELECT d.id, d.number, d.title, d.year, d.month, d.status FROM referral_round d
         WHERE d.status IN ('sent', 'reconciled') AND d.year * 100 + d.month BETWEEN ?1 AND ?2
         ORDER BY d.number";
    let rounds: Vec<(i64, i64, String, i32, u8, crate::model::RoundStatus)> = conn
        .prepare_cached(sql)?
        .query_map(params![first, last], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rounds
        .into_iter()
        .filter_map(|(id, number, title, year, month, status)| {
            let c = counted.remove(&(Dim::Round, id.to_string()))?;
            Some(RoundFigures {
                id,
                number,
                title,
                month_label: month_label(year, month),
                status_label: status.label().to_owned(),
                cooperatives: c.organizations,
                funnel: c.funnel(),
            })
        })
        .collect())
}

/// One breakdown, the most referred first, ties in Persian order.
fn shares(counted: &HashMap<(Dim, String), Group>, dim: Dim, total: i64) -> Vec<Share> {
    let mut rows: Vec<(&String, &Group)> = counted
        .iter()
        .filter(|((d, _), _)| *d == dim)
        .map(|((_, k), g)| (k, g))
        .collect();
    if dim == Dim::Flag {
        let order = ["small", "startup", "internet"];
        rows.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
    } else {
        rows.sort_by(|a, b| {
            b.1.referred
                .cmp(&a.1.referred)
                .then_with(|| a.1.sort.cmp(&b.1.sort))
                .then_with(|| a.1.label.cmp(&b.1.label))
        });
    }
    rows.into_iter()
        .map(|(key, g)| Share {
            key: key.clone(),
            label: g.label.clone(),
            referred: g.referred,
            organizations: g.organizations,
            percent: percent(g.referred, total),
        })
        .collect()
}

/// A need line belongs to the month it targets, or, when it names none, to
/// the month it was approved in.
fn org_needs(conn: &Connection, period: &ReportPeriod) -> Result<Vec<OrgNeeds>> {
    let (start, end) = period.gregorian_bounds();
    let sql = "SELECT o.id, o.name, o.national_id, c.name, count(*), sum(n.approved),
                coalesce(sum(t.trained), 0)
         FROM need_line n JOIN organization o ON o.id = n.organization_id
         LEFT JOIN county c ON c.id = o.county_id
         LEFT JOIN (SELECT need_line_id, count(*) AS trained FROM nominee WHERE status = 'trained'
                    GROUP BY need_line_id) t ON t.need_line_id = n.id
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
