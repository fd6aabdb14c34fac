//! Building a draft round greedily from the ranked candidates, and editing
//! it by hand: a candidate added with an override, a referral removed.

use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct BuildReport {
    pub added: u32,
    /// Why the build stopped: the round is full, the quota is used up, or
    /// no candidate is left.
    pub stopped: String,
    pub round: RoundView,
}

pub(super) fn require_status(
    round: &RoundView,
    allowed: &[RoundStatus],
    doing: &str,
) -> Result<()> {
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

pub(super) fn record_referral(
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
    let round = round_alone(tx, round_id)?;
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
    let round = round_alone(tx, round_id)?;
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
    let round = round_alone(tx, r.round_id)?;
    require_status(&round, &[RoundStatus::Draft], "حذف نفرات")?;
    let reason = clean_text(reason);
    if reason.is_empty() {
        return Err(FieldError::new(Field::Reason, "", Problem::Required).into());
    }
    move_referral(tx, &r, ReferralStatus::Removed, &reason)?;
    get_referral(tx, referral_id)
}

pub(super) fn move_referral(
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
