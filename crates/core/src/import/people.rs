//! Rows of people, with their role in a cooperative.

use super::*;

fn code_fix_note(cleaner: &mut Cleaner, v: &RowValues, key: &str) {
    if let Some(raw) = v.get(key) {
        if let Ok((code, CodeFix::PaddedZeros(n))) = NationalCode::parse_with_fix(&raw) {
            cleaner.note(
                &v.column(key),
                &raw,
                format!(
                    "{} صفر ابتدایی که اکسل انداخته بود برگردانده شد: {code}",
                    fa(n)
                ),
            );
        }
    }
}

/// The person's stored values as a form would hold them.
fn person_input_of(p: &PersonView) -> PersonInput {
    PersonInput {
        national_code: p.national_code.clone(),
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        father_name: p.father_name.clone(),
        gender: p.gender.map(|g| g.key().to_owned()),
        birth_date: p.birth_date_jalali.clone(),
        education: p.education.map(|e| e.key().to_owned()),
        mobile: p.mobile.clone(),
    }
}

/// The first and last name of a row: from their own columns, else split
/// from the full name. A split made without confidence needs the clerk's
/// word; without it the row is refused with the reason and the proposal.
fn names_of(
    row: u32,
    v: &RowValues,
    state: &mut KindState,
) -> std::result::Result<(String, String), Vec<RowError>> {
    let first = v.get("first_name");
    let last = v.get("last_name");
    let full = match v.get("full_name") {
        Some(full) if first.is_none() && last.is_none() => full,
        _ => return Ok((first.unwrap_or_default(), last.unwrap_or_default())),
    };
    let (first, last, reason) = match split_full_name(&full) {
        Split::Sure { first, last } => return Ok((first, last)),
        Split::Unsure {
            first,
            last,
            reason,
        } => (first, last, reason),
    };
    if let Some(choice) = state.names.get(&row).filter(|c| c.value == full) {
        state.splits.push(NameSplit {
            row,
            value: full,
            first_name: choice.first_name.clone(),
            last_name: choice.last_name.clone(),
            reason,
            confirmed: true,
        });
        let choice = state.names[&row].clone();
        return Ok((choice.first_name, choice.last_name));
    }
    let message = format!(
        "«{full}» با اطمینان به نام و نام خانوادگی بخش نشد: {reason}. پیشنهاد: نام «{first}»، نام خانوادگی «{last}». \
         آن را در پیش‌نمایش پنجره برنامه تأیید یا درست کنید، یا نام و نام خانوادگی را در دو ستون جدا بنویسید."
    );
    state.splits.push(NameSplit {
        row,
        value: full.clone(),
        first_name: first,
        last_name: last,
        reason,
        confirmed: false,
    });
    Err(vec![RowError::new(v.column("full_name"), &full, message)])
}

/// A row without a cooperative or a role writes the person only, once,
/// after every check that can refuse the row.
pub(super) fn person_writes_once(v: &RowValues) -> bool {
    ["coop_national_id", "coop_name", "role"]
        .iter()
        .all(|key| v.get(key).is_none())
}

pub(super) fn person_row(
    tx: &Transaction,
    row: u32,
    v: &RowValues,
    state: &mut KindState,
    cleaner: &mut Cleaner,
) -> RowResult {
    code_fix_note(cleaner, v, "national_code");
    let (first_name, last_name) = names_of(row, v, state)?;
    let from_file = PersonInput {
        national_code: v.get("national_code").unwrap_or_default(),
        first_name,
        last_name,
        father_name: v.get("father_name"),
        gender: v.get("gender"),
        birth_date: v.get("birth_date"),
        education: v.get("education"),
        mobile: v.get("mobile"),
    };
    // Every problem of the row at once: the person's fields and the role.
    let role = v.get("role").map(|raw| Role::parse(&raw));
    let new = match (from_file.validate(), &role) {
        (Ok(p), None | Some(Ok(_))) => p,
        (Ok(_), Some(Err(e))) => return Err(field_errors(v, vec![e.clone()])),
        (Err(mut errors), role) => {
            if let Some(Err(e)) = role {
                errors.push(e.clone());
            }
            return Err(field_errors(v, errors));
        }
    };
    let role = role.and_then(|r| r.ok());
    let code = new.national_code.to_string();
    let name_key = search_key(&format!("{} {}", new.first_name, new.last_name));
    if let Some((first_row, first_name)) = state.people.get(&code) {
        if *first_name != name_key {
            return Err(vec![RowError::new(
                v.column("national_code"),
                &code,
                format!(
                    "این کد ملی در ردیف {} پرونده با نام دیگری آمده است؛ یکی از دو ردیف نادرست است.",
                    fa(first_row)
                ),
            )]);
        }
    } else {
        state.people.insert(code.clone(), (row, name_key));
    }
    // A person added by an earlier row is written before this row is
    // checked (`check_row`), so the lookup finds them.
    let existing = registry::find_person(tx, &new.national_code)
        .map_err(|e| refused(v, "national_code", e))?;
    let mut summary = format!("{} {} ({})", new.first_name, new.last_name, code);
    let mut outcome = match &existing {
        // Looked up just above, in this transaction: not there. A row with
        // nothing but the person is written with the rows after it.
        None if person_writes_once(v) => {
            state.batch.push(new);
            Outcome::New
        }
        None => {
            registry::insert_person(tx, &new).map_err(|e| refused(v, "national_code", e))?;
            Outcome::New
        }
        Some(p) => {
            // Only what the file has replaces what is stored.
            let old = person_input_of(p);
            let before = old.validate().ok();
            let merged = PersonInput {
                national_code: code.clone(),
                first_name: from_file.first_name.clone(),
                last_name: from_file.last_name.clone(),
                father_name: from_file.father_name.clone().or(old.father_name),
                gender: from_file.gender.clone().or(old.gender),
                birth_date: from_file.birth_date.clone().or(old.birth_date),
                education: from_file.education.clone().or(old.education),
                mobile: from_file.mobile.clone().or(old.mobile),
            }
            .validate()
            .map_err(|e| field_errors(v, e))?;
            if before.as_ref() == Some(&merged) {
                Outcome::Unchanged
            } else {
                // The same national code: no other person to collide with.
                registry::replace_person(tx, p.id, &merged)
                    .map_err(|e| refused(v, "national_code", e))?;
                Outcome::Updated
            }
        }
    };
    // The person's role in a cooperative, when the row names one.
    let coop_nid = v.get("coop_national_id");
    let coop_name = v.get("coop_name");
    if coop_nid.is_some() || coop_name.is_some() {
        let org = find_org(tx, v, coop_nid.as_deref(), coop_name.as_deref())?;
        let role = role.unwrap_or(Role::Member);
        let holds: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM membership m JOIN person p ON p.id = m.person_id
                  WHERE p.national_code = ?1 AND m.organization_id = ?2 AND m.role = ?3
                    AND (m.end_date IS NULL OR m.end_date >= date('now')))",
                params![code, org.id, role.key()],
                |r| r.get(0),
            )
            .map_err(|e| refused(v, "coop_name", e.into()))?;
        if !holds {
            let m = MembershipInput {
                national_code: code.clone(),
                organization_id: Some(org.id),
                role: role.key().to_owned(),
                start_date: v.get("start_date"),
                ..Default::default()
            }
            .validate()
            .map_err(|e| field_errors(v, e))?;
            registry::add_membership(tx, &m).map_err(|e| refused(v, "role", e))?;
            if outcome == Outcome::Unchanged {
                outcome = Outcome::Updated;
            }
        }
        summary.push_str(&format!("، {} در {}", role.label(), org.name));
    } else if let Some(r) = role {
        return Err(vec![RowError::new(
            v.column("role"),
            r.label(),
            "سمت آمده ولی تعاونی‌اش نه؛ شناسه ملی یا نام تعاونی را هم بنویسید.".into(),
        )]);
    }
    Ok((outcome, summary))
}
