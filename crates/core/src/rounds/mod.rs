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

use crate::db::row_by_id;
use crate::error::{Entity, Error, Field, FieldError, Problem, Result};
use crate::jalali::{
    end_before_start, from_jalali, iso, jalali_of_iso, parse_iso, parse_jalali, parse_period,
    to_jalali, today, Jalali,
};
use crate::model::{
    move_note, NeedSource, OrgStatus, QuotaUnit, ReferralStatus, Role, RoundStatus,
};
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

/// One meaning of *referred* everywhere (the rounds list, the dashboard, the
/// monthly report): a person on the list of a round that was sent, whatever
/// happened after. For SQL over `referral r` joined to `referral_round d`.
pub const REFERRED_SQL: &str =
    "d.status IN ('sent', 'reconciled') AND r.status NOT IN ('proposed', 'removed')";

/// The stages of the outcome funnel, for SQL over `referral r`. A referral
/// counts in a stage when it reached it, even if it went on (a certificate
/// was also a pass, an attendance and an enrolment). A withdrawal after
/// enrolling counts as enrolled by its history.
pub const ENROLLED_SQL: &str = "(r.status IN ('enrolled', 'attended_full', 'attended_partial', 'no_show', 'passed', 'failed', 'certified')
     OR (r.status = 'withdrawn' AND EXISTS (SELECT 1 FROM referral_history h WHERE h.referral_id = r.id AND h.to_status = 'enrolled')))";
pub const ATTENDED_SQL: &str =
    "r.status IN ('attended_full', 'attended_partial', 'passed', 'failed', 'certified')";
pub const PASSED_SQL: &str = "r.status IN ('passed', 'certified')";
pub const CERTIFIED_SQL: &str = "r.status = 'certified'";

pub(crate) fn ym(year: i32, month: u8) -> i64 {
    i64::from(year) * 100 + i64::from(month)
}

mod build;
mod candidates;
mod letter;
mod lifecycle;
mod limits;
mod quota;
mod referrals;
mod round;
mod score;

pub use build::*;
pub use candidates::*;
pub use letter::*;
pub use lifecycle::*;
use limits::*;
pub use quota::*;
pub use referrals::*;
pub use round::*;
pub use score::*;
