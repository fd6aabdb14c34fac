//! The detail views: a person with their memberships, an organization with
//! its people.

use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PersonDetail {
    #[serde(flatten)]
    pub person: PersonView,
    pub memberships: Vec<MembershipView>,
}

pub fn person_detail(conn: &Connection, code: &NationalCode) -> Result<PersonDetail> {
    let person = get_person(conn, code)?;
    let memberships = conn
        .prepare_cached(&format!(
            "{MEMBERSHIP_SELECT} WHERE m.person_id = ?1 ORDER BY m.start_date DESC, o.sort_key"
        ))?
        .query_map([person.id], membership_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(PersonDetail {
        person,
        memberships,
    })
}

/// A short reference to an organization.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OrgRef {
    pub id: i64,
    pub name: String,
    pub national_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OrgDetail {
    #[serde(flatten)]
    pub organization: OrgView,
    /// People and their roles, managers first, then members in Persian order.
    pub people: Vec<MembershipView>,
    /// The unions this cooperative belongs to today (`union_links` has every
    /// period, ended ones too).
    pub unions: Vec<OrgRef>,
    /// For a union: its member cooperatives today.
    pub member_cooperatives: Vec<OrgRef>,
}

pub fn org_detail(conn: &Connection, id: &NationalId) -> Result<OrgDetail> {
    let organization = get_org(conn, id)?;
    org_detail_of(conn, organization)
}

pub fn org_detail_by_id(conn: &Connection, id: i64) -> Result<OrgDetail> {
    let organization = get_org_by_id(conn, id)?;
    org_detail_of(conn, organization)
}

fn org_detail_of(conn: &Connection, organization: OrgView) -> Result<OrgDetail> {
    let people = conn
        .prepare_cached(&format!(
            "{MEMBERSHIP_SELECT} WHERE m.organization_id = ?1
             ORDER BY CASE m.role WHEN 'managing_director' THEN 0 WHEN 'board' THEN 1
                      WHEN 'inspector' THEN 2 WHEN 'staff' THEN 3 ELSE 4 END, p.sort_key"
        ))?
        .query_map([organization.id], membership_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let refs = |sql: &str| -> Result<Vec<OrgRef>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map(params![organization.id, iso(today())], |r| {
                Ok(OrgRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    national_id: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    };
    let unions = refs(
        "SELECT o.id, o.name, o.national_id FROM union_membership u JOIN organization o ON o.id = u.union_id
         WHERE u.cooperative_id = ?1 AND (u.end_date IS NULL OR u.end_date >= ?2) ORDER BY o.sort_key",
    )?;
    let member_cooperatives = refs(
        "SELECT o.id, o.name, o.national_id FROM union_membership u JOIN organization o ON o.id = u.cooperative_id
         WHERE u.union_id = ?1 AND (u.end_date IS NULL OR u.end_date >= ?2) ORDER BY o.sort_key",
    )?;
    Ok(OrgDetail {
        organization,
        people,
        unions,
        member_cooperatives,
    })
}
