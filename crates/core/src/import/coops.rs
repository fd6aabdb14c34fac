//! Rows of cooperatives and unions, and finding the cooperative a row
//! names.

use super::*;

/// The cooperatives (at most three: more says nothing new) whose name, in
/// any spelling, is `name`.
fn orgs_named(tx: &Transaction, name: &str) -> Result<Vec<i64>> {
    Ok(tx
        .prepare_cached("SELECT id FROM organization WHERE search_key = ?1 LIMIT 3")?
        .query_map([search_key(name)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The cooperative a row names: by national ID, else by its name in any
/// spelling; a name shared by several is refused as ambiguous.
pub(super) fn find_org(
    tx: &Transaction,
    v: &RowValues,
    national_id: Option<&str>,
    name: Option<&str>,
) -> std::result::Result<OrgView, Vec<RowError>> {
    if let Some(raw) = national_id {
        let nid = crate::ids::NationalId::parse(raw).map_err(|e| {
            vec![RowError::new(
                v.column("coop_national_id"),
                raw,
                FieldError {
                    field: e.field,
                    ..e
                }
                .to_string(),
            )]
        })?;
        if let Some(org) =
            registry::find_org(tx, &nid).map_err(|e| refused(v, "coop_national_id", e))?
        {
            return Ok(org);
        }
        if name.is_none() {
            return Err(vec![RowError::new(
                v.column("coop_national_id"),
                raw,
                format!(
                    "تعاونی با شناسه ملی «{nid}» ثبت نشده است؛ نخست تعاونی را ثبت یا وارد کنید."
                ),
            )]);
        }
    }
    let name = name.unwrap_or_default();
    let ids = orgs_named(tx, name).map_err(|e| refused(v, "coop_name", e))?;
    match ids.as_slice() {
        [id] => registry::get_org_by_id(tx, *id).map_err(|e| refused(v, "coop_name", e)),
        [] => Err(vec![RowError::new(
            v.column("coop_name"),
            name,
            format!("تعاونی «{name}» ثبت نشده است؛ نخست تعاونی را ثبت یا وارد کنید."),
        )]),
        _ => Err(vec![RowError::new(
            v.column("coop_name"),
            name,
            format!(
                "چند تعاونی با نام «{name}» ثبت شده است؛ شناسه ملی تعاونی را در پرونده بنویسید تا معلوم شود کدام است."
            ),
        )]),
    }
}

/// The organization's stored values as a form would hold them.
fn org_input_of(o: &OrgView) -> OrgInput {
    OrgInput {
        kind: Some(o.kind.key().to_owned()),
        name: o.name.clone(),
        national_id: o.national_id.clone(),
        registration_no: o.registration_no.clone(),
        registry_office: o.registry_office.clone(),
        field: o.field.key().to_owned(),
        orientation: o.orientation.clone(),
        activity: o.activity.clone(),
        county: o.county.clone(),
        founded_on: o.founded_on_jalali.clone(),
        member_count: o.member_count.map(|n| n.to_string()),
        phone: o.phone.clone(),
        mobile: o.mobile.clone(),
        email: o.email.clone(),
        address: o.address.clone(),
        postal_code: o.postal_code.clone(),
        is_small: o.is_small,
        is_startup: o.is_startup,
        is_internet: o.is_internet,
        status: Some(o.status.key().to_owned()),
    }
}

/// A yes/no cell: بله، دارد، ✓، 1, yes, true …; `None` when empty.
fn flag(v: &RowValues, key: &str) -> std::result::Result<Option<bool>, Vec<RowError>> {
    let Some(raw) = v.get(key) else {
        return Ok(None);
    };
    let k = header_key(&raw);
    const YES: &[&str] = &[
        "بله", "بلی", "دارد", "هست", "است", "1", "yes", "true", "y", "x", "✓", "*",
    ];
    const NO: &[&str] = &["خیر", "ندارد", "نیست", "0", "no", "false", "n", "-"];
    if YES.iter().any(|y| header_key(y) == k) || raw.trim() == "✓" || raw.trim() == "*" {
        Ok(Some(true))
    } else if NO.iter().any(|n| header_key(n) == k) || raw.trim() == "-" {
        Ok(Some(false))
    } else {
        Err(vec![RowError::new(
            v.column(key),
            &raw,
            format!("«{}» باید «بله» یا «خیر» باشد.", v.column(key)),
        )])
    }
}

pub(super) fn coop_row(
    tx: &Transaction,
    row: u32,
    v: &RowValues,
    state: &mut KindState,
) -> RowResult {
    let nid_raw = v.get("national_id");
    let name_raw = v.get("name").unwrap_or_default();
    // The stored cooperative this row is about.
    let existing: Option<OrgView> = match &nid_raw {
        Some(raw) => match crate::ids::NationalId::parse(raw) {
            Ok(nid) => registry::find_org(tx, &nid).map_err(|e| refused(v, "national_id", e))?,
            Err(e) => return Err(field_errors(v, vec![e])),
        },
        None => {
            let ids = orgs_named(tx, &name_raw).map_err(|e| refused(v, "name", e))?;
            match ids.as_slice() {
                [] => None,
                [id] => Some(registry::get_org_by_id(tx, *id).map_err(|e| refused(v, "name", e))?),
                _ => {
                    return Err(vec![RowError::new(
                        v.column("name"),
                        &name_raw,
                        format!("چند تعاونی با نام «{name_raw}» ثبت شده است؛ شناسه ملی را در پرونده بنویسید تا معلوم شود کدام است."),
                    )])
                }
            }
        }
    };
    let old = existing.as_ref().map(org_input_of);
    let pick = |key: &str, old: Option<String>| v.get(key).or(old);
    let o = old.clone().unwrap_or_default();
    let input = OrgInput {
        kind: pick("kind", o.kind.clone()),
        name: if name_raw.is_empty() {
            o.name.clone()
        } else {
            name_raw.clone()
        },
        national_id: pick("national_id", o.national_id.clone()),
        registration_no: pick("registration_no", o.registration_no.clone()),
        registry_office: pick("registry_office", o.registry_office.clone()),
        field: v.get("field").unwrap_or(o.field.clone()),
        orientation: pick("orientation", o.orientation.clone()),
        activity: pick("activity", o.activity.clone()),
        county: pick("county", o.county.clone()),
        founded_on: pick("founded_on", o.founded_on.clone()),
        member_count: pick("member_count", o.member_count.clone()),
        phone: pick("phone", o.phone.clone()),
        mobile: pick("mobile", o.mobile.clone()),
        email: pick("email", o.email.clone()),
        address: pick("address", o.address.clone()),
        postal_code: pick("postal_code", o.postal_code.clone()),
        is_small: flag(v, "is_small")?.unwrap_or(o.is_small),
        is_startup: flag(v, "is_startup")?.unwrap_or(o.is_startup),
        is_internet: flag(v, "is_internet")?.unwrap_or(o.is_internet),
        status: pick("status", o.status.clone()),
    };
    let new = input.validate().map_err(|e| field_errors(v, e))?;
    let key = new
        .national_id
        .as_ref()
        .map(|n| n.to_string())
        .unwrap_or_else(|| search_key(&new.name));
    let name_key = search_key(&new.name);
    if let Some((first_row, first_name)) = state.orgs.get(&key) {
        if *first_name != name_key {
            return Err(vec![RowError::new(
                v.column("national_id"),
                &key,
                format!(
                    "این شناسه ملی در ردیف {} پرونده با نام دیگری آمده است؛ یکی از دو ردیف نادرست است.",
                    fa(first_row)
                ),
            )]);
        }
    } else {
        state.orgs.insert(key, (row, name_key));
    }
    let summary = format!(
        "{}{}",
        new.name,
        new.national_id
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    );
    match existing {
        None => {
            registry::add_org(tx, &new).map_err(|e| refused(v, "name", e))?;
            Ok((Outcome::New, summary))
        }
        Some(org) => {
            let before = org_input_of(&org).validate().ok();
            if before.as_ref() == Some(&new) {
                Ok((Outcome::Unchanged, summary))
            } else {
                registry::update_org(tx, org.id, &new).map_err(|e| refused(v, "name", e))?;
                Ok((Outcome::Updated, summary))
            }
        }
    }
}
