//! Memberships: a person's role in a cooperative or union, from a start
//! date to an optional end.

use super::*;

/// A person's role in a cooperative, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct MembershipInput {
    pub national_code: String,
    /// The cooperative, by national ID (ignored when `organization_id` is given).
    #[serde(default)]
    pub coop_national_id: String,
    /// The cooperative or union, by internal id, for ones without a national ID.
    #[serde(default)]
    pub organization_id: Option<i64>,
    pub role: String,
    /// Jalali.
    pub start_date: Option<String>,
    /// Jalali.
    pub end_date: Option<String>,
}

/// How a cooperative is named in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgKey {
    Id(i64),
    NationalId(NationalId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMembership {
    pub national_code: NationalCode,
    pub organization: OrgKey,
    pub role: Role,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

impl MembershipInput {
    pub fn validate(&self) -> Result<NewMembership, Vec<FieldError>> {
        let mut c = Check::default();
        let national_code = c.take(NationalCode::parse(&self.national_code));
        let organization = match self.organization_id {
            Some(id) => Some(OrgKey::Id(id)),
            None => c
                .take(NationalId::parse(&self.coop_national_id))
                .map(OrgKey::NationalId),
        };
        let role = c.take(Role::parse(&self.role));
        let start_date = c.opt(&self.start_date, |s| parse_jalali(s, Field::StartDate));
        let end_date = c.opt(&self.end_date, |s| parse_jalali(s, Field::EndDate));
        c.0.extend(end_before_start(
            start_date,
            end_date,
            Field::EndDate,
            self.end_date.as_deref().unwrap_or_default(),
        ));
        c.finish(|| NewMembership {
            national_code: national_code.expect("checked"),
            organization: organization.expect("checked"),
            role: role.expect("checked"),
            start_date,
            end_date,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct MembershipView {
    pub id: i64,
    pub national_code: String,
    pub person_name: String,
    pub organization_id: i64,
    pub organization_name: String,
    pub organization_national_id: Option<String>,
    pub role: Role,
    pub role_label: String,
    pub start_date: Option<String>,
    pub start_date_jalali: Option<String>,
    pub end_date: Option<String>,
    pub end_date_jalali: Option<String>,
    pub active: bool,
}

pub(super) const MEMBERSHIP_SELECT: &str = "SELECT m.id, p.national_code, \
     p.first_name || ' ' || p.last_name AS person_name, o.id AS organization_id, \
     o.name AS organization_name, o.national_id AS organization_national_id, m.role, \
     m.start_date, m.end_date
     FROM membership m JOIN person p ON p.id = m.person_id JOIN organization o ON o.id = m.organization_id";

pub(super) fn membership_from_row(r: &Row) -> rusqlite::Result<MembershipView> {
    let role = r.get::<_, Role>("role")?;
    let start_date: Option<String> = r.get("start_date")?;
    let end_date: Option<String> = r.get("end_date")?;
    let active = still_holds(end_date.as_deref());
    Ok(MembershipView {
        id: r.get("id")?,
        national_code: r.get("national_code")?,
        person_name: r.get("person_name")?,
        organization_id: r.get("organization_id")?,
        organization_name: r.get("organization_name")?,
        organization_national_id: r.get("organization_national_id")?,
        role,
        role_label: role.label().to_owned(),
        start_date_jalali: jalali_of(&start_date),
        start_date,
        end_date_jalali: jalali_of(&end_date),
        end_date,
        active,
    })
}

fn person_id(conn: &Connection, code: &NationalCode) -> Result<i64> {
    conn.prepare_cached("SELECT id FROM person WHERE national_code = ?1")?
        .query_row([code.as_str()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: Entity::Person,
            key_label: Field::NationalCode.label(),
            key: code.to_string(),
        })
}

/// Records a person's role in a cooperative or union. The same role in the
/// same organization twice at once is refused.
pub fn add_membership(tx: &Transaction, m: &NewMembership) -> Result<MembershipView> {
    let pid = person_id(tx, &m.national_code)?;
    let org = match &m.organization {
        OrgKey::Id(id) => get_org_by_id(tx, *id)?,
        OrgKey::NationalId(nid) => get_org(tx, nid)?,
    };
    let open: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM membership
             WHERE person_id = ?1 AND organization_id = ?2 AND role = ?3
               AND (end_date IS NULL OR end_date >= ?4)
               AND (?5 IS NULL OR start_date IS NULL OR start_date <= ?5)",
        )?
        .query_row(
            params![
                pid,
                org.id,
                m.role.key(),
                m.start_date.map(iso).unwrap_or_else(|| iso(today())),
                m.end_date.map(iso)
            ],
            |r| r.get(0),
        )
        .optional()?;
    if open.is_some() {
        return Err(Error::Refused(format!(
            "این شخص (کد ملی {}) هم‌اکنون با نقش «{}» در «{}» ثبت شده است؛ عضویت تکراری ساخته نشد.",
            m.national_code,
            m.role.label(),
            org.name
        )));
    }
    tx.prepare_cached(
        "INSERT INTO membership (person_id, organization_id, role, start_date, end_date, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![pid, org.id, m.role.key(), m.start_date.map(iso), m.end_date.map(iso), now()])?;
    let id = tx.last_insert_rowid();
    Ok(tx
        .prepare_cached(&format!("{MEMBERSHIP_SELECT} WHERE m.id = ?1"))?
        .query_row([id], membership_from_row)?)
}

/// Records that a cooperative is a member of a union, both named by their
/// national IDs (see `join_union`: a cooperative that left may join again).
pub fn add_union_member(
    tx: &Transaction,
    union_id: &NationalId,
    coop_id: &NationalId,
    start_date: Option<NaiveDate>,
) -> Result<UnionLink> {
    let union = get_org(tx, union_id)?;
    let coop = get_org(tx, coop_id)?;
    join_union(tx, union.id, coop.id, start_date)
}

/// A correction of one membership: its role and its dates, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct MembershipEdit {
    pub role: String,
    /// Jalali.
    pub start_date: Option<String>,
    /// Jalali.
    pub end_date: Option<String>,
}

/// A validated `MembershipEdit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipChange {
    pub role: Role,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

impl MembershipEdit {
    pub fn validate(&self) -> Result<MembershipChange, Vec<FieldError>> {
        let mut c = Check::default();
        let role = c.take(Role::parse(&self.role));
        let start_date = c.opt(&self.start_date, |s| parse_jalali(s, Field::StartDate));
        let end_date = c.opt(&self.end_date, |s| parse_jalali(s, Field::EndDate));
        c.0.extend(end_before_start(
            start_date,
            end_date,
            Field::EndDate,
            self.end_date.as_deref().unwrap_or_default(),
        ));
        c.finish(|| MembershipChange {
            role: role.expect("checked"),
            start_date,
            end_date,
        })
    }
}

pub fn get_membership(conn: &Connection, id: i64) -> Result<MembershipView> {
    row_by_id(
        conn,
        &format!("{MEMBERSHIP_SELECT} WHERE m.id = ?1"),
        id,
        membership_from_row,
        Entity::Membership,
        "شماره",
    )
}

fn jalali_label(iso_date: Option<&str>) -> Option<String> {
    iso_date
        .and_then(parse_iso)
        .map(|d| crate::text::to_persian_digits(&to_jalali(d).to_ascii()))
}

/// Refuses a period of `m` that overlaps another period of the same person
/// with the same role in the same organization. A missing start reaches
/// back without limit and a missing end forward, so an open-ended period
/// overlaps everything after its start.
fn refuse_overlap(tx: &Transaction, m: &MembershipView, change: &MembershipChange) -> Result<()> {
    let other: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT o.start_date, o.end_date FROM membership o JOIN membership m ON m.id = ?1
             WHERE o.person_id = m.person_id AND o.organization_id = m.organization_id
               AND o.role = ?2 AND o.id <> m.id
               AND coalesce(o.start_date, '0000-01-01') <= coalesce(?4, '9999-12-31')
               AND coalesce(?3, '0000-01-01') <= coalesce(o.end_date, '9999-12-31')
             ORDER BY o.start_date LIMIT 1",
        )?
        .query_row(
            params![
                m.id,
                change.role.key(),
                change.start_date.map(iso),
                change.end_date.map(iso)
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((start, end)) = other else {
        return Ok(());
    };
    let period = match (jalali_label(start.as_deref()), jalali_label(end.as_deref())) {
        (Some(s), Some(e)) => format!("از {s} تا {e}"),
        (Some(s), None) => format!("از {s} تاکنون"),
        (None, Some(e)) => format!("تا {e}"),
        (None, None) => "بی تاریخ".to_owned(),
    };
    Err(Error::Refused(format!(
        "{} (کد ملی {}) {} با نقش «{}» در «{}» ثبت شده است؛ دو دوره هم‌زمان با یک نقش پذیرفته نیست.",
        m.person_name,
        crate::text::to_persian_digits(&m.national_code),
        period,
        change.role.label(),
        m.organization_name
    )))
}

/// Corrects a membership's role and dates. The new period may not overlap
/// another period of the same role in the same organization.
pub fn update_membership(
    tx: &Transaction,
    id: i64,
    change: &MembershipChange,
) -> Result<MembershipView> {
    let current = get_membership(tx, id)?;
    refuse_overlap(tx, &current, change)?;
    tx.prepare_cached(
        "UPDATE membership SET role = ?1, start_date = ?2, end_date = ?3 WHERE id = ?4",
    )?
    .execute(params![
        change.role.key(),
        change.start_date.map(iso),
        change.end_date.map(iso),
        id
    ])?;
    get_membership(tx, id)
}

/// Ends a person's role on `end_date`. A role that already has an end date
/// is refused (that date is corrected with `update_membership`).
pub fn end_membership(tx: &Transaction, id: i64, end_date: NaiveDate) -> Result<MembershipView> {
    let current = get_membership(tx, id)?;
    if let Some(ended) = &current.end_date_jalali {
        return Err(Error::Refused(format!(
            "نقش «{}» {} در «{}» پیش‌تر در تاریخ {} پایان یافته است؛ برای تغییر آن تاریخ، عضویت را ویرایش کنید.",
            current.role_label,
            current.person_name,
            current.organization_name,
            crate::text::to_persian_digits(ended)
        )));
    }
    let raw = to_jalali(end_date).to_ascii();
    if let Some(e) = end_before_start(
        current.start_date.as_deref().and_then(parse_iso),
        Some(end_date),
        Field::EndDate,
        &raw,
    ) {
        return Err(e.into());
    }
    tx.prepare_cached("UPDATE membership SET end_date = ?1 WHERE id = ?2")?
        .execute(params![iso(end_date), id])?;
    get_membership(tx, id)
}
