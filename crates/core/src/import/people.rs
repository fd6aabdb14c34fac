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

pub(super) fn person_row(
    tx: &Transaction,
    row: u32,
    v: &RowValues,
    state: &mut KindState,
    cleaner: &mut Cleaner,
) -> RowResult {
    code_fix_note(cleaner, v, "national_code");
    let from_file = PersonInput {
        national_code: v.get("national_code").unwrap_or_default(),
        first_name: v.get("first_name").unwrap_or_default(),
        last_name: v.get("last_name").unwrap_or_default(),
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
    let existing = registry::find_person(tx, &new.national_code)
        .map_err(|e| refused(v, "national_code", e))?;
    let mut outcome = match &existing {
        None => {
            registry::add_person(tx, &new).map_err(|e| refused(v, "national_code", e))?;
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
                registry::update_person(tx, &merged.national_code, &merged)
                    .map_err(|e| refused(v, "national_code", e))?;
                Outcome::Updated
            }
        }
    };
    // The person's role in a cooperative, when the row names one.
    let coop_nid = v.get("coop_national_id");
    let coop_name = v.get("coop_name");
    let mut summary = format!("{} {} ({})", new.first_name, new.last_name, code);
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
