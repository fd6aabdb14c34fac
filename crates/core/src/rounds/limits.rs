//! What a round may still take: its capacity, the quota left, and the
//! seats left per course.

use super::*;

/// A move past a limit (`why`) with the clerk's reason for going past it:
/// the history's note says both. Without such a reason the move is
/// refused, saying that `doing` it (in Persian) takes one.
pub(super) fn past_limit(
    note: &str,
    why: &str,
    override_reason: Option<&str>,
    doing: &str,
) -> Result<String> {
    match override_reason.map(clean_text).filter(|r| !r.is_empty()) {
        Some(r) => Ok(format!("{note} بیش از ظرفیت: {why} دلیل: {r}")),
        None => Err(Error::QuotaExceeded(format!(
            "{why} برای {doing} باید دلیل عبور از ظرفیت را بنویسید."
        ))),
    }
}

/// What is left for a round: its own capacity, the period's quota, and
/// each course's seats.
pub(super) struct Room {
    pub(super) unit: QuotaUnit,
    pub(super) round_left: Option<i64>,
    pub(super) quota_left: i64,
    pub(super) course_left: HashMap<i64, i64>,
}

pub(super) fn room(conn: &Connection, round: &RoundView) -> Result<Room> {
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
    pub(super) fn refuse(&self, course: i64, course_title: &str, hours: i64) -> Option<String> {
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

    pub(super) fn take(&mut self, course: i64, hours: i64) {
        if let Some(left) = &mut self.round_left {
            *left -= 1;
        }
        self.quota_left -= self.cost(hours);
        if let Some(left) = self.course_left.get_mut(&course) {
            *left -= 1;
        }
    }
}
