//! Organizations: cooperatives and unions, validated, added, updated and
//! found.

use super::*;

/// A cooperative or union as typed in a form or read from a row.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OrgInput {
    pub kind: Option<String>,
    pub name: String,
    pub national_id: Option<String>,
    pub registration_no: Option<String>,
    pub registry_office: Option<String>,
    pub field: String,
    pub orientation: Option<String>,
    pub activity: Option<String>,
    pub county: Option<String>,
    /// Jalali.
    pub founded_on: Option<String>,
    pub member_count: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    #[serde(default)]
    pub is_small: bool,
    #[serde(default)]
    pub is_startup: bool,
    #[serde(default)]
    pub is_internet: bool,
    pub status: Option<String>,
}

/// A validated organization. County and orientation are still names: they
/// are resolved against the editable lists when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrg {
    pub kind: OrgKind,
    pub name: String,
    pub national_id: Option<NationalId>,
    pub registration_no: Option<String>,
    pub registry_office: Option<String>,
    pub field: OrgField,
    pub orientation: Option<String>,
    pub activity: Option<String>,
    pub county: Option<String>,
    pub founded_on: Option<NaiveDate>,
    pub member_count: Option<u32>,
    pub phone: Option<String>,
    pub mobile: Option<Mobile>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub is_small: bool,
    pub is_startup: bool,
    pub is_internet: bool,
    pub status: OrgStatus,
}

impl OrgInput {
    pub fn validate(&self) -> Result<NewOrg, Vec<FieldError>> {
        let mut c = Check::default();
        let kind = c
            .opt(&self.kind, OrgKind::parse)
            .unwrap_or(OrgKind::Cooperative);
        let name = c.take(free_text(Field::OrgName, &self.name, 200).and_then(|n| {
            if n.is_empty() {
                Err(FieldError::new(
                    Field::OrgName,
                    &self.name,
                    Problem::Required,
                ))
            } else {
                Ok(n)
            }
        }));
        let national_id = c.opt(&self.national_id, NationalId::parse);
        let registration_no = c.opt(&self.registration_no, |s| {
            free_text(Field::RegistrationNo, s, 50)
        });
        let registry_office = c.opt(&self.registry_office, |s| {
            free_text(Field::RegistryOffice, s, MAX_NAME)
        });
        let field = c.take(OrgField::parse(&self.field));
        let orientation = c.opt(&self.orientation, |s| {
            free_text(Field::Orientation, s, MAX_NAME)
        });
        let activity = c.opt(&self.activity, |s| free_text(Field::Activity, s, MAX_TEXT));
        let county = c.opt(&self.county, |s| free_text(Field::County, s, MAX_NAME));
        let founded_on = c.opt(&self.founded_on, |s| past_date(Field::FoundedOn, s));
        let member_count = c.opt(&self.member_count, |s| {
            whole_number(Field::MemberCount, s, 0, 1_000_000)
        });
        let phone = c.opt(&self.phone, |s| phone(Field::Phone, s));
        let mobile = c.opt(&self.mobile, Mobile::parse);
        let email = c.opt(&self.email, email);
        let address = c.opt(&self.address, |s| free_text(Field::Address, s, 500));
        let postal_code = c.opt(&self.postal_code, |s| {
            let d = code_digits(s)
                .ok_or_else(|| FieldError::new(Field::PostalCode, s, Problem::NotDigits))?;
            if d.len() == 10 {
                Ok(d)
            } else {
                Err(FieldError::new(
                    Field::PostalCode,
                    s,
                    Problem::Length {
                        expected: 10,
                        found: d.len(),
                    },
                ))
            }
        });
        let status = c
            .opt(&self.status, OrgStatus::parse)
            .unwrap_or(OrgStatus::Active);
        c.finish(|| NewOrg {
            kind,
            name: name.expect("checked"),
            national_id,
            registration_no,
            registry_office,
            field: field.expect("checked"),
            orientation,
            activity,
            county,
            founded_on,
            member_count,
            phone,
            mobile,
            email,
            address,
            postal_code,
            is_small: self.is_small,
            is_startup: self.is_startup,
            is_internet: self.is_internet,
            status,
        })
    }
}

/// A cooperative or union as shown and exported.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OrgView {
    pub id: i64,
    pub kind: OrgKind,
    pub kind_label: String,
    pub name: String,
    pub national_id: Option<String>,
    pub registration_no: Option<String>,
    pub registry_office: Option<String>,
    pub field: OrgField,
    pub field_label: String,
    pub orientation: Option<String>,
    pub activity: Option<String>,
    pub county: Option<String>,
    pub founded_on: Option<String>,
    pub founded_on_jalali: Option<String>,
    pub member_count: Option<u32>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub is_small: bool,
    pub is_startup: bool,
    pub is_internet: bool,
    pub status: OrgStatus,
    pub status_label: String,
    pub created_at: String,
    pub updated_at: String,
}

pub(super) const ORG_COLUMNS: &str = "o.id, o.kind, o.name, o.national_id, o.registration_no, o.registry_office, o.field, \
     (SELECT name FROM orientation WHERE id = o.orientation_id) AS orientation, o.activity, \
     (SELECT name FROM county WHERE id = o.county_id) AS county, o.founded_on, o.member_count, o.phone, o.mobile, \
     o.email, o.address, o.postal_code, o.is_small, o.is_startup, o.is_internet, o.status, \
     o.created_at, o.updated_at";

pub(super) fn org_from_row(r: &Row) -> rusqlite::Result<OrgView> {
    let kind = r.get::<_, OrgKind>("kind")?;
    let field = r.get::<_, OrgField>("field")?;
    let status = r.get::<_, OrgStatus>("status")?;
    let founded_on: Option<String> = r.get("founded_on")?;
    Ok(OrgView {
        id: r.get("id")?,
        kind,
        kind_label: kind.label().to_owned(),
        name: r.get("name")?,
        national_id: r.get("national_id")?,
        registration_no: r.get("registration_no")?,
        registry_office: r.get("registry_office")?,
        field,
        field_label: field.label().to_owned(),
        orientation: r.get("orientation")?,
        activity: r.get("activity")?,
        county: r.get("county")?,
        founded_on_jalali: jalali_of(&founded_on),
        founded_on,
        member_count: r.get("member_count")?,
        phone: r.get("phone")?,
        mobile: r.get("mobile")?,
        email: r.get("email")?,
        address: r.get("address")?,
        postal_code: r.get("postal_code")?,
        is_small: r.get("is_small")?,
        is_startup: r.get("is_startup")?,
        is_internet: r.get("is_internet")?,
        status,
        status_label: status.label().to_owned(),
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

pub fn find_org(conn: &Connection, id: &NationalId) -> Result<Option<OrgView>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ORG_COLUMNS} FROM organization o WHERE o.national_id = ?1"
        ))?
        .query_row([id.as_str()], org_from_row)
        .optional()?)
}

pub fn get_org(conn: &Connection, id: &NationalId) -> Result<OrgView> {
    find_org(conn, id)?.ok_or_else(|| Error::NotFound {
        entity: Entity::Organization,
        key_label: Field::NationalId.label(),
        key: id.to_string(),
    })
}

pub fn get_org_by_id(conn: &Connection, id: i64) -> Result<OrgView> {
    row_by_id(
        conn,
        &format!("SELECT {ORG_COLUMNS} FROM organization o WHERE o.id = ?1"),
        id,
        org_from_row,
        Entity::Organization,
        "شناسه داخلی",
    )
}

fn org_duplicate(existing: &OrgView) -> Error {
    Error::Duplicate {
        entity: Entity::Organization,
        key_label: Field::NationalId.label(),
        key: existing.national_id.clone().unwrap_or_default(),
        existing: existing.name.clone(),
    }
}

/// Resolved foreign keys of an organization.
struct OrgRefs {
    county_id: Option<i64>,
    orientation_id: Option<i64>,
}

fn resolve_refs(conn: &Connection, o: &NewOrg) -> Result<OrgRefs> {
    let county_id = match &o.county {
        Some(name) => Some(
            NamedList::County
                .find(conn, name)?
                .ok_or_else(|| FieldError::new(Field::County, name, Problem::Unknown))?,
        ),
        None => None,
    };
    let orientation_id = match &o.orientation {
        Some(name) => Some(
            NamedList::Orientation
                .find(conn, name)?
                .ok_or_else(|| FieldError::new(Field::Orientation, name, Problem::Unknown))?,
        ),
        None => None,
    };
    Ok(OrgRefs {
        county_id,
        orientation_id,
    })
}

/// Inserts (`id` = `None`) or updates one organization row. Both statements
/// use the same named parameters, so the column list is written once.
fn write_org(tx: &Transaction, id: Option<i64>, o: &NewOrg) -> Result<i64> {
    let refs = resolve_refs(tx, o)?;
    let sql = if id.is_none() {
        "INSERT INTO organization (id, kind, name, search_key, sort_key, national_id, registration_no,
             registry_office, field, orientation_id, activity, county_id, founded_on, member_count,
             phone, mobile, email, address, postal_code, is_small, is_startup, is_internet, status,
             created_at, updated_at)
         VALUES (:id, :kind, :name, :search_key, :sort_key, :national_id, :registration_no,
             :registry_office, :field, :orientation_id, :activity, :county_id, :founded_on,
             :member_count, :phone, :mobile, :email, :address, :postal_code, :is_small, :is_startup,
             :is_internet, :status, :now, :now)"
    } else {
        "UPDATE organization SET kind = :kind, name = :name, search_key = :search_key,
             sort_key = :sort_key, national_id = :national_id, registration_no = :registration_no,
             registry_office = :registry_office, field = :field, orientation_id = :orientation_id,
             activity = :activity, county_id = :county_id, founded_on = :founded_on,
             member_count = :member_count, phone = :phone, mobile = :mobile, email = :email,
             address = :address, postal_code = :postal_code, is_small = :is_small,
             is_startup = :is_startup, is_internet = :is_internet, status = :status,
             updated_at = :now
         WHERE id = :id"
    };
    tx.prepare_cached(sql)?.execute(named_params! {
        ":id": id,
        ":kind": o.kind.key(),
        ":name": o.name,
        ":search_key": search_key(&o.name),
        ":sort_key": collate::sort_key(&o.name),
        ":national_id": o.national_id.as_ref().map(NationalId::as_str),
        ":registration_no": o.registration_no,
        ":registry_office": o.registry_office,
        ":field": o.field.key(),
        ":orientation_id": refs.orientation_id,
        ":activity": o.activity,
        ":county_id": refs.county_id,
        ":founded_on": o.founded_on.map(iso),
        ":member_count": o.member_count,
        ":phone": o.phone,
        ":mobile": o.mobile.as_ref().map(Mobile::as_str),
        ":email": o.email,
        ":address": o.address,
        ":postal_code": o.postal_code,
        ":is_small": o.is_small,
        ":is_startup": o.is_startup,
        ":is_internet": o.is_internet,
        ":status": o.status.key(),
        ":now": now(),
    })?;
    Ok(id.unwrap_or_else(|| tx.last_insert_rowid()))
}

/// Adds a cooperative or union. A second one with the same national ID is
/// refused, naming the one already registered.
pub fn add_org(tx: &Transaction, o: &NewOrg) -> Result<OrgView> {
    if let Some(nid) = &o.national_id {
        if let Some(existing) = find_org(tx, nid)? {
            return Err(org_duplicate(&existing));
        }
    }
    let id = write_org(tx, None, o)?;
    get_org_by_id(tx, id)
}

/// Replaces an organization's details, found by its internal id.
pub fn update_org(tx: &Transaction, id: i64, o: &NewOrg) -> Result<OrgView> {
    let current = get_org_by_id(tx, id)?;
    if let Some(nid) = &o.national_id {
        if current.national_id.as_deref() != Some(nid.as_str()) {
            if let Some(other) = find_org(tx, nid)? {
                return Err(org_duplicate(&other));
            }
        }
    }
    if current.kind == OrgKind::Union && o.kind == OrgKind::Cooperative {
        let members: i64 = tx.query_row(
            "SELECT count(*) FROM union_membership WHERE union_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if members > 0 {
            return Err(Error::Refused(format!(
                "«{}» اتحادیه‌ای با {} تعاونی عضو است و نمی‌توان نوعش را به تعاونی تغییر داد.",
                current.name,
                crate::text::to_persian_digits(&members.to_string())
            )));
        }
    }
    write_org(tx, Some(id), o)?;
    get_org_by_id(tx, id)
}

/// A cooperative or union by its national ID as stored, whether or not it
/// passes its checksum (see [`find_person_by_stored_code`]).
pub fn find_org_by_stored_id(conn: &Connection, raw: &str) -> Result<Option<OrgView>> {
    let Some(digits) = code_digits(raw.trim()) else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ORG_COLUMNS} FROM organization o WHERE o.national_id = ?1"
        ))?
        .query_row([digits], org_from_row)
        .optional()?)
}
