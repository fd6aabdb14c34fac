//! The candidate pool: the open nominees of approved need lines, each with
//! the role they hold, scored, and ranked with the fairness term.

use super::*;
use crate::db::{ChangeToken, Db};

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
pub(super) struct Pool {
    pub(super) rows: Vec<PoolRow>,
}

pub(super) struct PoolRow {
    pub(super) c: Candidate,
    county_id: Option<i64>,
    search: String,
    pub(super) cost_hours: i64,
    /// Lower sorts first among equal scores: the longest-waiting need.
    approved_at: String,
    sort_key: Vec<u8>,
    pub(super) base: i64,
    base_parts: Vec<ScorePart>,
}

/// The candidate with the role they hold in the cooperative: the most
/// senior one when they hold several.
pub(super) fn with_role(conn: &Connection, mut c: Candidate) -> Result<Candidate> {
    let held: Vec<Role> = conn
        .prepare_cached(
            "SELECT role FROM membership WHERE person_id = ?1 AND organization_id = ?2",
        )?
        .query_map(params![c.person_id, c.organization_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    c.role = senior_role(&held);
    c.role_label = c.role.map(|r| r.label().to_owned());
    Ok(c)
}

fn senior_role(held: &[Role]) -> Option<Role> {
    let order = [
        Role::ManagingDirector,
        Role::Board,
        Role::Inspector,
        Role::Staff,
        Role::Member,
    ];
    order.into_iter().find(|r| held.contains(r))
}

/// Reads the candidate pool. With `as_of`, only need lines approved by
/// that day count: used to rebuild rounds of past months (sample data).
/// With `only`, just that nominee is read (adding one by hand).
pub(super) fn load_pool(
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
            "SELECT r.person_id, r.course_id, d.number, d.id AS round_id,
                    d.status AS round_status, r.status IN {waiting} AS is_waiting
             FROM referral r JOIN referral_round d ON d.id = r.round_id
             WHERE r.status NOT IN {free}",
            waiting = ReferralStatus::WAITING_SQL,
            free = ReferralStatus::FREE_SQL
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (person, course, number, round_id): (i64, i64, i64, i64) = (
                r.get("person_id")?,
                r.get("course_id")?,
                r.get("number")?,
                r.get("round_id")?,
            );
            let round_status: RoundStatus = r.get("round_status")?;
            let is_waiting: bool = r.get("is_waiting")?;
            if round_id == round.id {
                here.insert(person, course);
                here_course.insert((person, course));
                continue;
            }
            sent.entry((person, course)).or_insert(number);
            if is_waiting && round_status != RoundStatus::Reconciled {
                waiting.entry(person).or_insert(number);
            }
        }
    }
    let course_titles: HashMap<i64, String> = conn
        .prepare("SELECT id, title FROM course")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Read by position: this runs over every open nominee, and a column
    // looked up by name is a search through the statement's columns.
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, n.id, p.id, p.national_code, p.first_name || ' ' || p.last_name,
                o.id, o.name, o.status, c.name, o.county_id, k.id, k.title, k.code,
                coalesce(k.total_hours, 0), n.need_level, n.source,
                coalesce(n.approved_at, n.updated_at), o.is_small, o.is_startup, o.is_internet,
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
        let org_status: OrgStatus = r.get(7)?;
        let org_name: String = r.get(6)?;
        let approved_at: String = r.get(16)?;
        let approved_on = approved_at.get(..10).and_then(parse_iso);
        let months_waiting = approved_on.map_or(0, |d| (round_start - d).num_days().max(0) / 30);
        let facts = Facts {
            need_level: r.get(14)?,
            self_applied: r.get::<_, NeedSource>(15)? == NeedSource::SelfApplied,
            never_trained: !trained.contains(&person_id),
            months_waiting,
            small: r.get(17)?,
            startup: r.get(18)?,
            internet: r.get(19)?,
        };
        let parts = base_parts(&facts, w);
        let base: i64 = parts.iter().map(|p| p.points).sum();
        let blocked = if org_status != OrgStatus::Active {
            Some(format!("تعاونی «{org_name}» {} است.", org_status.label()))
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
        let national_code: String = r.get(3)?;
        let search = format!(
            "{} {} {} {} {}",
            r.get::<_, String>(20)?,
            r.get::<_, String>(21)?,
            r.get::<_, String>(22)?,
            national_code,
            r.get::<_, Option<String>>(24)?.unwrap_or_default()
        );
        pool.push(PoolRow {
            c: Candidate {
                nominee_id: r.get(0)?,
                need_line_id: r.get(1)?,
                person_id,
                national_code,
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
            sort_key: r.get(23)?,
            base,
            base_parts: parts,
        });
    }
    Ok(Pool { rows: pool })
}

/// Best first: score, then the longest-waiting need, then Persian name
/// order, then the nominee's id, so equal scores always come out the same.
pub(super) fn rank_order(a: &PoolRow, a_score: i64, b: &PoolRow, b_score: i64) -> Ordering {
    b_score
        .cmp(&a_score)
        .then_with(|| a.approved_at.cmp(&b.approved_at))
        .then_with(|| a.sort_key.cmp(&b.sort_key))
        .then_with(|| a.c.nominee_id.cmp(&b.c.nominee_id))
}

/// How many people of each cooperative hold a seat in the round.
pub(super) fn per_cooperative(conn: &Connection, round_id: i64) -> Result<HashMap<i64, i64>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT organization_id, count(*) FROM referral WHERE round_id = ?1 AND status NOT IN {}
             GROUP BY organization_id",
            ReferralStatus::FREE_SQL
        ))?
        .query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn with_fairness(row: &PoolRow, already: i64, w: &Weights) -> Candidate {
    let mut c = row.c.clone();
    c.parts = row.base_parts.clone();
    if let Some(part) = fairness_part(already, w) {
        c.parts.push(part);
    }
    c.score = c.parts.iter().map(|p| p.points).sum();
    c.explanation = explain(&c.parts);
    c
}

/// A round's whole candidate pool, scored as the round stands (the fairness
/// term counts the people of each cooperative already in it) and sorted as
/// the candidates list shows it: those who may join first, best first.
/// Filters and the page are applied afterwards ([`RankedPool::select`]), so
/// one ranking serves every search of the same round.
pub struct RankedPool {
    round_id: i64,
    weights: Weights,
    counts: HashMap<i64, i64>,
    /// Each row with its score, fairness term included, in list order.
    ranked: Vec<(i64, PoolRow)>,
}

impl std::fmt::Debug for RankedPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RankedPool")
            .field("round_id", &self.round_id)
            .field("rows", &self.ranked.len())
            .finish()
    }
}

/// Reads and ranks the whole pool of a round ([`RankedPool`]).
pub fn rank_pool(conn: &Connection, round_id: i64) -> Result<RankedPool> {
    let round = round_alone(conn, round_id)?;
    let weights = settings::get(conn)?.weights;
    let pool = load_pool(conn, &round, &weights, None, None)?;
    let counts = per_cooperative(conn, round_id)?;
    let mut ranked: Vec<(i64, PoolRow)> = pool
        .rows
        .into_iter()
        .map(|row| {
            let already = counts.get(&row.c.organization_id).copied().unwrap_or(0);
            let score = row.base - fairness_part(already, &weights).map_or(0, |p| -p.points);
            (score, row)
        })
        .collect();
    ranked.sort_by(|(sa, a), (sb, b)| {
        a.c.blocked
            .is_some()
            .cmp(&b.c.blocked.is_some())
            .then_with(|| rank_order(a, *sa, b, *sb))
    });
    Ok(RankedPool {
        round_id,
        weights,
        counts,
        ranked,
    })
}

impl RankedPool {
    /// The round this pool is of.
    pub fn round_id(&self) -> i64 {
        self.round_id
    }

    /// The candidates that match `f`, best first, each with its score, the
    /// reason for it and the role they hold (read now, for the few shown).
    pub fn select(&self, conn: &Connection, f: &CandidateFilter) -> Result<CandidateList> {
        let terms = crate::text::search_terms(&f.text);
        let code = crate::text::code_digits(&f.text).filter(|d| d.len() >= 3);
        let limit = if f.limit == 0 { 200 } else { f.limit } as usize;
        let mut eligible = 0u64;
        let mut blocked = 0u64;
        let mut shown: Vec<&PoolRow> = Vec::new();
        for (_, row) in &self.ranked {
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
            if shown.len() < limit {
                shown.push(row);
            }
        }
        let items = shown
            .into_iter()
            .map(|row| {
                let already = self
                    .counts
                    .get(&row.c.organization_id)
                    .copied()
                    .unwrap_or(0);
                with_role(conn, with_fairness(row, already, &self.weights))
            })
            .collect::<Result<_>>()?;
        Ok(CandidateList {
            eligible,
            blocked,
            items,
        })
    }
}

/// The ranked candidates for a round, best first, each with its score and
/// the reason for it. The fairness term counts the people of each
/// cooperative already in the round.
pub fn candidates(conn: &Connection, round_id: i64, f: &CandidateFilter) -> Result<CandidateList> {
    rank_pool(conn, round_id)?.select(conn, f)
}

/// The last round's ranked pool, kept while the data stays the same: the
/// candidates searched, filtered or paged again answer without ranking the
/// pool anew. Anything the ranking reads (a nominee, a need line, a
/// referral, the weights in the settings, a person or a cooperative) can
/// only change through a write, another connection's commit or a restore,
/// and each of those changes the [`ChangeToken`]; the day is kept too, as
/// waiting time is counted in days.
#[derive(Debug, Default)]
pub struct CandidatesCache {
    last: Option<(ChangeToken, NaiveDate, RankedPool)>,
}

impl CandidatesCache {
    /// [`candidates`], ranking the pool only when the round, the data or
    /// the day differ from last time.
    pub fn candidates(
        &mut self,
        db: &Db,
        round_id: i64,
        f: &CandidateFilter,
    ) -> Result<CandidateList> {
        let token = db.change_token()?;
        let day = today();
        let kept = matches!(
            &self.last,
            Some((t, d, pool)) if *t == token && *d == day && pool.round_id == round_id
        );
        if !kept {
            self.last = None;
            let pool = rank_pool(db.conn(), round_id)?;
            self.last = Some((token, day, pool));
        }
        match &self.last {
            Some((_, _, pool)) => pool.select(db.conn(), f),
            None => candidates(db.conn(), round_id, f),
        }
    }
}
