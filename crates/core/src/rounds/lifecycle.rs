//! The round's lifecycle (draft → locked → sent → reconciled), each move
//! kept with its reason, and the limits checked before a round is locked.

use super::*;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct RoundMove {
    pub reason: String,
    /// Needed to send.
    pub letter_no: Option<String>,
    /// Jalali; today when empty.
    pub sent_on: Option<String>,
    /// Needed to lock a round that is over its capacity or the quota.
    pub override_reason: Option<String>,
}

/// Moves a round along draft → locked → sent → reconciled (locked may go
/// back to draft). Sending needs the letter number and marks every
/// proposal sent; reconciling needs the TVTO's answer for everyone.
pub fn set_round_status(
    tx: &Transaction,
    round_id: i64,
    to: RoundStatus,
    m: &RoundMove,
) -> Result<RoundView> {
    let round = round_alone(tx, round_id)?;
    if !round.status.next().contains(&to) {
        let allowed: Vec<&str> = round.status.next().iter().map(|s| s.label()).collect();
        return Err(Error::Refused(format!(
            "نوبت {} «{}» است و نمی‌توان آن را «{}» کرد؛ {}.",
            fa(round.number),
            round.status.label(),
            to.label(),
            crate::model::moves_hint(&allowed)
        )));
    }
    let mut reason = clean_text(&m.reason);
    match (round.status, to) {
        (RoundStatus::Draft, RoundStatus::Locked) => {
            if round.people == 0 {
                return Err(Error::Refused(format!(
                    "نوبت {} هیچ نفری ندارد و قفل نشد.",
                    fa(round.number)
                )));
            }
            let over = over_limits(tx, &round)?;
            if let Some(why) = over {
                reason = past_limit(&reason, &why, m.override_reason.as_deref(), "قفل کردن نوبت")?;
            }
        }
        (RoundStatus::Locked, RoundStatus::Draft) if reason.is_empty() => {
            return Err(FieldError::new(Field::Reason, "", Problem::Required).into());
        }
        (RoundStatus::Locked, RoundStatus::Sent) => {
            let letter = m.letter_no.as_deref().map(clean_text).unwrap_or_default();
            if letter.is_empty() {
                return Err(FieldError::new(Field::LetterNo, "", Problem::Required).into());
            }
            let sent_on = match m
                .sent_on
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(raw) => parse_jalali(raw, Field::SentOn)?,
                None => today(),
            };
            tx.execute(
                "UPDATE referral_round SET letter_no = ?1, sent_on = ?2 WHERE id = ?3",
                params![letter, iso(sent_on), round_id],
            )?;
            let proposals: Vec<i64> = tx
                .prepare("SELECT id FROM referral WHERE round_id = ?1 AND status = 'proposed'")?
                .query_map([round_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let note = format!("ارسال با نامه {letter}");
            for id in proposals {
                tx.prepare_cached(
                    "UPDATE referral SET status = 'sent', updated_at = ?1 WHERE id = ?2",
                )?
                .execute(params![now(), id])?;
                record_referral(
                    tx,
                    id,
                    Some(ReferralStatus::Proposed),
                    ReferralStatus::Sent,
                    &note,
                )?;
            }
            // Their need lines are now planned.
            let lines: Vec<i64> = tx
                .prepare(
                    "SELECT DISTINCT n.id FROM referral r JOIN need_line n ON n.id = r.need_line_id
                     WHERE r.round_id = ?1 AND r.status = 'sent' AND n.status = 'approved'",
                )?
                .query_map([round_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for line in lines {
                crate::needs::set_status(
                    tx,
                    line,
                    crate::model::NeedStatus::Planned,
                    &format!("معرفی در نوبت {}", fa(round.number)),
                    None,
                )?;
            }
            if reason.is_empty() {
                reason = note;
            }
        }
        (RoundStatus::Sent, RoundStatus::Reconciled) => {
            let pending: i64 = tx.query_row(
                "SELECT count(*) FROM referral WHERE round_id = ?1 AND status = 'sent'",
                [round_id],
                |r| r.get(0),
            )?;
            if pending > 0 {
                return Err(Error::Refused(format!(
                    "{} نفر از نوبت {} هنوز پاسخی از آموزش فنی و حرفه‌ای ندارند؛ نخست وضعیت آن‌ها را ثبت کنید.",
                    fa(pending),
                    fa(round.number)
                )));
            }
        }
        _ => {}
    }
    tx.execute(
        "UPDATE referral_round SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![to.key(), now(), round_id],
    )?;
    record_round(
        tx,
        round_id,
        Some(round.status),
        to,
        move_note(&reason, to.label()),
    )?;
    get_round(tx, round_id)
}

/// Why a round is past a limit, if it is.
fn over_limits(conn: &Connection, round: &RoundView) -> Result<Option<String>> {
    if let Some(cap) = round.capacity.filter(|c| round.people > *c) {
        return Ok(Some(format!(
            "نوبت {} نفر دارد و ظرفیتش {} نفر است.",
            fa(round.people),
            fa(cap)
        )));
    }
    let r = room(conn, round)?;
    if r.quota_left < 0 {
        return Ok(Some(format!(
            "سهمیه تعاونی‌ها در این دوره {} {} بیش از اندازه پر شده است.",
            fa(-r.quota_left),
            r.unit.label()
        )));
    }
    if let Some((course, left)) = r.course_left.iter().find(|(_, l)| **l < 0) {
        let title: String =
            conn.query_row("SELECT title FROM course WHERE id = ?1", [course], |x| {
                x.get(0)
            })?;
        return Ok(Some(format!(
            "ظرفیت دوره «{title}» {} نفر بیش از اندازه پر شده است.",
            fa(-left)
        )));
    }
    Ok(None)
}
