//! What waits on the clerk: the short list the home screen opens with. Each
//! item says in one Persian sentence what needs doing, how many of it
//! there are, and which screen it is done on:
//!
//! 1. this Jalali month's round: not opened (a quota period covers the
//!    month, so one can be), not built, not locked, or not sent;
//! 2. sent rounds with no answer from the TVTO after the settings'
//!    `feedback_days`;
//! 3. need lines waiting for approval;
//! 4. the current quota period at the settings' `quota_warn_percent`, or
//!    ending within [`ENDING_DAYS`] with seats still unused;
//! 5. approved need lines with nobody nominated;
//! 6. no backup today or yesterday, or no backup saved elsewhere (a USB
//!    stick) in the last [`COPY_DAYS`].
//!
//! Every count is read from the tables (and the backups folder) when asked:
//! nothing here is stored. `today` is a parameter so that tests fix it.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::jalali::{from_jalali, iso, parse_iso, to_jalali, Jalali};
use crate::model::{NeedStatus, ReferralStatus, RoundStatus};
use crate::needs::month_label;
use crate::text::to_persian_digits;

/// A quota period ending within this many days with seats left is listed.
pub const ENDING_DAYS: i64 = 30;
/// A backup saved elsewhere longer ago than this many days is listed.
pub const COPY_DAYS: i64 = 7;

/// What an item is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WaitingKind {
    /// No round for this month yet.
    RoundNotOpened,
    /// This month's round is a draft with nobody in it.
    RoundNotBuilt,
    /// This month's round has people and is still a draft.
    RoundNotLocked,
    /// This month's round is locked and not yet recorded as sent.
    RoundNotSent,
    /// Sent rounds with no answer from the TVTO.
    NoFeedback,
    /// Need lines submitted and not yet approved.
    NeedsToApprove,
    /// The current quota period is (nearly) taken.
    QuotaNearlyFull,
    /// The current quota period ends soon with seats unused.
    QuotaEndingUnused,
    /// Approved need lines with nobody nominated.
    NoNominees,
    /// No backup today or yesterday.
    BackupOld,
    /// No backup saved elsewhere lately.
    BackupNotCopied,
}

/// The screen where an item is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum WaitingLink {
    Rounds,
    Round {
        id: i64,
    },
    /// The need lines of this status; of this campaign when all of them
    /// are in one.
    Needs {
        status: NeedStatus,
        campaign_id: Option<i64>,
    },
    Quota,
    Backups,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WaitingItem {
    pub kind: WaitingKind,
    /// The number the sentence is about: rounds or need lines; for the
    /// quota, the percent taken or the seats left; for backups, the days
    /// since the last one (0 when there was none).
    pub count: i64,
    /// One Persian sentence, with Persian digits.
    pub text: String,
    pub link: WaitingLink,
}

fn fa(n: impl ToString) -> String {
    to_persian_digits(&n.to_string())
}

fn item(kind: WaitingKind, count: i64, text: String, link: WaitingLink) -> WaitingItem {
    WaitingItem {
        kind,
        count,
        text,
        link,
    }
}

/// Everything that waits on the clerk on `today`, in the order of the
/// module's list; empty when nothing does. `backup_dir` is where the
/// backups are kept.
pub fn waiting(conn: &Connection, backup_dir: &Path, today: NaiveDate) -> Result<Vec<WaitingItem>> {
    let settings = crate::settings::get(conn)?;
    let mut items = this_months_round(conn, today)?;
    items.extend(no_feedback(conn, today, settings.feedback_days)?);
    items.extend(needs_in(
        conn,
        NeedStatus::Submitted,
        "",
        WaitingKind::NeedsToApprove,
        |n| format!("{} ردیف نیاز در انتظار تصویب است", fa(n)),
    )?);
    items.extend(quota(conn, today, settings.quota_warn_percent)?);
    items.extend(needs_in(
        conn,
        NeedStatus::Approved,
        "AND NOT EXISTS (SELECT 1 FROM nominee m WHERE m.need_line_id = n.id AND m.status <> 'withdrawn')",
        WaitingKind::NoNominees,
        |n| format!("{} ردیف نیاز مصوب هنوز هیچ نامزدی ندارد", fa(n)),
    )?);
    items.extend(backups(conn, backup_dir, today)?);
    Ok(items)
}

/// The rounds of this Jalali month that are not yet sent, or that none has
/// been opened while a quota period covers the month (a round needs one).
fn this_months_round(conn: &Connection, today: NaiveDate) -> Result<Vec<WaitingItem>> {
    let Jalali { year, month, .. } = to_jalali(today);
    let label = month_label(year, month);
    let rounds: Vec<(i64, i64, RoundStatus, i64)> = conn
        .prepare_cached(&format!(
            "SELECT d.id, d.number, d.status,
                (SELECT count(*) FROM referral r WHERE r.round_id = d.id AND r.status NOT IN {free})
             FROM referral_round d WHERE d.year = ?1 AND d.month = ?2 ORDER BY d.number",
            free = ReferralStatus::FREE_SQL
        ))?
        .query_map(params![year, month], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if rounds.is_empty() {
        let first = from_jalali(Jalali {
            year,
            month,
            day: 1,
        })
        .unwrap_or(today);
        let covered: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM quota_period WHERE starts_on <= ?1 AND ends_on >= ?1)",
            )?
            .query_row([iso(first)], |r| r.get(0))?;
        return Ok(if covered {
            vec![item(
                WaitingKind::RoundNotOpened,
                1,
                format!("نوبت معرفی {label} هنوز باز نشده است"),
                WaitingLink::Rounds,
            )]
        } else {
            Vec::new()
        });
    }
    Ok(rounds
        .into_iter()
        .filter_map(|(id, number, status, people)| {
            let round = format!("نوبت {} ({label})", fa(number));
            let (kind, text) = match status {
                RoundStatus::Draft if people == 0 => (
                    WaitingKind::RoundNotBuilt,
                    format!("فهرست {round} هنوز ساخته نشده است"),
                ),
                RoundStatus::Draft => (
                    WaitingKind::RoundNotLocked,
                    format!("{round} با {} نفر هنوز قفل نشده است", fa(people)),
                ),
                RoundStatus::Locked => (
                    WaitingKind::RoundNotSent,
                    format!("{round} قفل شده ولی ارسال آن به فنی و حرفه‌ای هنوز ثبت نشده است"),
                ),
                RoundStatus::Sent | RoundStatus::Reconciled => return None,
            };
            Some(item(kind, 1, text, WaitingLink::Round { id }))
        })
        .collect())
}

/// Sent rounds none of whose referrals has moved past `sent` more than
/// `days` days after the round was sent.
fn no_feedback(conn: &Connection, today: NaiveDate, days: i64) -> Result<Option<WaitingItem>> {
    let (count, only): (i64, Option<i64>) = conn
        .prepare_cached(
            "SELECT count(*), CASE WHEN count(*) = 1 THEN min(d.id) END FROM referral_round d
             WHERE d.status = 'sent' AND julianday(?1) - julianday(d.sent_on) > ?2
               AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.round_id = d.id
                               AND r.status NOT IN ('proposed', 'removed', 'sent'))",
        )?
        .query_row(params![iso(today), days], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((count > 0).then(|| {
        item(
            WaitingKind::NoFeedback,
            count,
            format!(
                "{} نوبت ارسال‌شده بیش از {} روز است پاسخی از فنی و حرفه‌ای ندارد",
                fa(count),
                fa(days)
            ),
            only.map_or(WaitingLink::Rounds, |id| WaitingLink::Round { id }),
        )
    }))
}

/// The need lines of `status` (and the extra condition `and` on `n`).
fn needs_in(
    conn: &Connection,
    status: NeedStatus,
    and: &str,
    kind: WaitingKind,
    text: impl FnOnce(i64) -> String,
) -> Result<Option<WaitingItem>> {
    let (count, campaign_id): (i64, Option<i64>) = conn
        .prepare_cached(&format!(
            "SELECT count(*), CASE WHEN count(DISTINCT n.campaign_id) = 1 THEN min(n.campaign_id) END
             FROM need_line n WHERE n.status = ?1 {and}"
        ))?
        .query_row([status.key()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((count > 0).then(|| {
        item(
            kind,
            count,
            text(count),
            WaitingLink::Needs {
                status,
                campaign_id,
            },
        )
    }))
}

/// The quota period `today` falls in: taken up to the warning share, or
/// ending soon with seats left. Used and reserved are the quota's own
/// counts (`rounds::get_quota`).
fn quota(conn: &Connection, today: NaiveDate, warn_percent: i64) -> Result<Vec<WaitingItem>> {
    let id: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM quota_period WHERE starts_on <= ?1 AND ends_on >= ?1 ORDER BY starts_on DESC",
        )?
        .query_row([iso(today)], |r| r.get(0))
        .optional()?;
    let Some(id) = id else {
        return Ok(Vec::new());
    };
    let q = crate::rounds::get_quota(conn, id)?;
    let mut items = Vec::new();
    if q.percent >= warn_percent {
        let text = if q.remaining < 0 {
            format!(
                "سهمیه «{}» {} {} بیش از اندازه پر شده است",
                q.title,
                fa(-q.remaining),
                q.unit_label
            )
        } else {
            format!(
                "{}٪ سهمیه «{}» پر شده و {} {} مانده است",
                fa(q.percent),
                q.title,
                fa(q.remaining),
                q.unit_label
            )
        };
        items.push(item(
            WaitingKind::QuotaNearlyFull,
            q.percent,
            text,
            WaitingLink::Quota,
        ));
    }
    let days_left = parse_iso(&q.ends_on).map(|end| (end - today).num_days());
    if let Some(days) = days_left.filter(|d| *d <= ENDING_DAYS) {
        if q.remaining > 0 {
            let when = if days == 0 {
                "امروز".to_owned()
            } else {
                format!("{} روز دیگر", fa(days))
            };
            items.push(item(
                WaitingKind::QuotaEndingUnused,
                q.remaining,
                format!(
                    "سهمیه «{}» {when} تمام می‌شود و {} {} از آن هنوز به کار نرفته است",
                    q.title,
                    fa(q.remaining),
                    q.unit_label
                ),
                WaitingLink::Quota,
            ));
        }
    }
    Ok(items)
}

/// Whole days from a stored local time (`2026-11-26 15:30:05`) to `today`.
fn days_since(stamp: &str, today: NaiveDate) -> Option<i64> {
    let day = parse_iso(stamp.get(..10)?)?;
    Some((today - day).num_days())
}

/// No backup from today or yesterday in `dir`; no backup saved elsewhere
/// (`backup::save_as`) in the last [`COPY_DAYS`].
fn backups(conn: &Connection, dir: &Path, today: NaiveDate) -> Result<Vec<WaitingItem>> {
    let mut items = Vec::new();
    let newest = crate::backup::list(dir)
        .first()
        .and_then(|b| days_since(&b.created_at, today));
    match newest {
        None => items.push(item(
            WaitingKind::BackupOld,
            0,
            "هنوز هیچ پشتیبانی از داده‌ها گرفته نشده است".to_owned(),
            WaitingLink::Backups,
        )),
        Some(days) if days > 1 => items.push(item(
            WaitingKind::BackupOld,
            days,
            format!("آخرین پشتیبان {} روز پیش گرفته شده است", fa(days)),
            WaitingLink::Backups,
        )),
        Some(_) => {}
    }
    let copied = crate::backup::last_copied(conn)?;
    match copied.as_deref().and_then(|c| days_since(c, today)) {
        None => items.push(item(
            WaitingKind::BackupNotCopied,
            0,
            "هنوز هیچ پشتیبانی بیرون از این رایانه (مثلاً روی فلش) ذخیره نشده است".to_owned(),
            WaitingLink::Backups,
        )),
        Some(days) if days > COPY_DAYS => items.push(item(
            WaitingKind::BackupNotCopied,
            days,
            format!(
                "آخرین پشتیبان بیرون از این رایانه {} روز پیش ذخیره شده است",
                fa(days)
            ),
            WaitingLink::Backups,
        )),
        Some(_) => {}
    }
    Ok(items)
}
