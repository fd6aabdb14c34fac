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
    let active = end_date
        .as_deref()
        .and_then(parse_iso)
        .is_none_or(|d| d >= today());
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

/// Records that a cooperative is a member of a union.
pub fn add_union_member(
    tx: &Transaction,
    union_id: &NationalId,
    coop_id: &NationalId,
    start_date: Option<NaiveDate>,
) -> Result<()> {
    let union = get_org(tx, union_id)?;
    let coop = get_org(tx, coop_id)?;
    if union.kind != OrgKind::Union {
        return Err(Error::Refused(format!(
            "«{}» اتحادیه نیست؛ فقط اتحادیه‌ها عضو تعاونی می‌پذیرند.",
            union.name
        )));
    }
    if coop.kind != OrgKind::Cooperative {
        return Err(Error::Refused(format!(
            "«{}» تعاونی نیست؛ اعضای اتحادیه تعاونی‌ها هستند.",
            coop.name
        )));
    }
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM union_membership WHERE union_id = ?1 AND cooperative_id = ?2)",
        [union.id, coop.id],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::Refused(format!(
            "«{}» پیش‌تر عضو «{}» ثبت شده است.",
            coop.name, union.name
        )));
    }
    tx.execute(
        "INSERT INTO union_membership (union_id, cooperative_id, start_date, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![union.id, coop.id, start_date.map(iso), now()],
    )?;
    Ok(())
}
