//! Rows of the TVTO's feedback: each referral moved along its lifecycle to
//! the status the row reports.

use super::*;

/// A status word from the TVTO's sheet, in the column it came from.
fn feedback_status(key: &str, raw: &str) -> Option<ReferralStatus> {
    use ReferralStatus as S;
    if let Ok(s) = ReferralStatus::parse(raw) {
        return Some(s);
    }
    let k = header_key(raw);
    let has = |words: &[&str]| words.iter().any(|w| k.contains(&header_key(w)));
    match key {
        "enrollment" => {
            if has(&["انتظار", "wait"]) {
                Some(S::Waitlisted)
            } else if has(&["انصراف", "declin"]) {
                Some(S::Declined)
            } else if has(&["لغو", "withdraw", "cancel"]) {
                Some(S::Withdrawn)
            } else if has(&["ثبت", "بله", "enrol", "yes"]) {
                Some(S::Enrolled)
            } else {
                None
            }
        }
        "attendance" => {
            if has(&["غیبت", "غایب", "حاضرنشد", "noshow", "absent"]) {
                Some(S::NoShow)
            } else if has(&["ناقص", "partial"]) {
                Some(S::AttendedPartial)
            } else if has(&["کامل", "حاضر", "full", "yes", "بله"]) {
                Some(S::AttendedFull)
            } else {
                None
            }
        }
        "result" => {
            if has(&["مردود", "رد", "fail"]) {
                Some(S::Failed)
            } else if has(&["قبول", "pass"]) {
                Some(S::Passed)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The moves from one status to another along the lifecycle, shortest first.
fn lifecycle_path(from: ReferralStatus, to: ReferralStatus) -> Option<Vec<ReferralStatus>> {
    let mut queue = std::collections::VecDeque::from([(from, Vec::new())]);
    let mut seen = vec![from];
    while let Some((at, path)) = queue.pop_front() {
        if at == to {
            return Some(path);
        }
        for &next in at.next() {
            if !seen.contains(&next) && next != ReferralStatus::Removed {
                seen.push(next);
                let mut p = path.clone();
                p.push(next);
                queue.push_back((next, p));
            }
        }
    }
    None
}

pub(super) fn feedback_row(tx: &Transaction, row: u32, v: &RowValues) -> RowResult {
    let code_raw = v.get("national_code").unwrap_or_default();
    let code = NationalCode::parse(&code_raw).map_err(|e| field_errors(v, vec![e]))?;
    let person = registry::find_person(tx, &code)
        .map_err(|e| refused(v, "national_code", e))?
        .ok_or_else(|| {
            vec![RowError::new(
                v.column("national_code"),
                &code_raw,
                format!("کسی با کد ملی «{code}» ثبت نشده است."),
            )]
        })?;
    let course_raw = v.get("course").unwrap_or_default();
    let course =
        crate::catalog::find_course(tx, &course_raw).map_err(|e| refused(v, "course", e))?;
    let round_number = match v.get("round") {
        Some(raw) => Some(i64::from(
            registry::whole_number(crate::error::Field::Round, &raw, 1, 100_000)
                .map_err(|e| field_errors(v, vec![e]))?,
        )),
        None => None,
    };
    let referral: Option<(i64, i64)> = tx
        .query_row(
            "SELECT r.id, d.number FROM referral r JOIN referral_round d ON d.id = r.round_id
             WHERE r.person_id = ?1 AND r.course_id = ?2 AND r.status NOT IN ('removed', 'proposed')
               AND (?3 IS NULL OR d.number = ?3)
             ORDER BY d.number DESC LIMIT 1",
            params![person.id, course.id, round_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(|e| refused(v, "national_code", e.into()))?;
    let Some((referral_id, number)) = referral else {
        return Err(vec![RowError::new(
            v.column("course"),
            &course_raw,
            format!(
                "{} برای دوره «{}» در هیچ نوبت ارسال‌شده‌ای معرفی نشده است.",
                person.full_name, course.title
            ),
        )]);
    };
    // The furthest status the row reports.
    let mut target = None;
    for key in ["enrollment", "attendance", "result"] {
        if let Some(raw) = v.get(key) {
            match feedback_status(key, &raw) {
                Some(s) => target = Some(s),
                None => {
                    return Err(vec![RowError::new(
                        v.column(key),
                        &raw,
                        format!("«{raw}» برای ستون «{}» شناخته نشد.", v.column(key)),
                    )])
                }
            }
        }
    }
    let certificate = v.get("certificate_no");
    if certificate.is_some() {
        target = Some(ReferralStatus::Certified);
    }
    let Some(target) = target else {
        return Err(vec![RowError::new(
            v.column("enrollment"),
            "",
            "این ردیف هیچ خبری از ثبت‌نام، حضور، نتیجه یا گواهینامه ندارد.".into(),
        )]);
    };
    let current = rounds::get_referral(tx, referral_id).map_err(|e| refused(v, "course", e))?;
    let summary = format!(
        "{} ({}): {} در نوبت {}",
        person.full_name,
        code,
        target.label(),
        fa(number)
    );
    if current.status == target {
        return Ok((Outcome::Unchanged, summary));
    }
    // An older report of something already further along changes nothing.
    if lifecycle_path(target, current.status).is_some() {
        return Ok((Outcome::Unchanged, summary));
    }
    let path = lifecycle_path(current.status, target).ok_or_else(|| {
        vec![RowError::new(
            v.column("enrollment"),
            target.label(),
            format!(
                "معرفی {} در نوبت {} «{}» است و نمی‌توان آن را «{}» کرد.",
                person.full_name,
                fa(number),
                current.status.label(),
                target.label()
            ),
        )]
    })?;
    let reason = format!("بازخورد آموزش فنی و حرفه‌ای (ردیف {} پرونده)", fa(row));
    let last = path.len() - 1;
    for (i, step) in path.iter().enumerate() {
        let update = if i == last {
            ReferralUpdate {
                status: step.key().to_owned(),
                reason: reason.clone(),
                provider_id: None,
                class_starts_on: v.get("class_starts_on"),
                class_ends_on: v.get("class_ends_on"),
                certificate_no: certificate.clone(),
                certificate_on: v.get("certificate_on"),
                override_reason: None,
            }
        } else {
            ReferralUpdate {
                status: step.key().to_owned(),
                reason: reason.clone(),
                ..Default::default()
            }
        };
        rounds::update_referral(tx, referral_id, &update)
            .map_err(|e| refused(v, "enrollment", e))?;
    }
    Ok((Outcome::Updated, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_paths_follow_the_allowed_moves() {
        use ReferralStatus as S;
        assert_eq!(
            lifecycle_path(S::Sent, S::Certified),
            Some(vec![S::Enrolled, S::AttendedFull, S::Passed, S::Certified])
        );
        assert_eq!(
            lifecycle_path(S::Waitlisted, S::NoShow),
            Some(vec![S::Enrolled, S::NoShow])
        );
        assert_eq!(lifecycle_path(S::Declined, S::Enrolled), None);
        assert_eq!(lifecycle_path(S::Certified, S::Certified), Some(vec![]));
    }

    #[test]
    fn feedback_words_map_to_statuses() {
        use ReferralStatus as S;
        assert_eq!(
            feedback_status("enrollment", "ثبت‌نام شد"),
            Some(S::Enrolled)
        );
        assert_eq!(
            feedback_status("enrollment", "لیست انتظار"),
            Some(S::Waitlisted)
        );
        assert_eq!(feedback_status("enrollment", "انصراف"), Some(S::Declined));
        assert_eq!(feedback_status("attendance", "غیبت"), Some(S::NoShow));
        assert_eq!(
            feedback_status("attendance", "حضور ناقص"),
            Some(S::AttendedPartial)
        );
        assert_eq!(feedback_status("attendance", "کامل"), Some(S::AttendedFull));
        assert_eq!(feedback_status("result", "مردود"), Some(S::Failed));
        assert_eq!(feedback_status("result", "قبول"), Some(S::Passed));
        assert_eq!(feedback_status("result", "شاید"), None);
    }
}
