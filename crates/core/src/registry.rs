//! The registry: cooperatives and unions, people, their memberships, and the
//! editable lists (counties, orientations).
//!
//! Raw input (`*Input`, all text, as a form or a spreadsheet row gives it)
//! becomes a validated value (`New*`) in exactly one place, its `validate`
//! method. Writes take validated values only.

use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row, ToSql, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::collate;
use crate::error::{Entity, Error, Field, FieldError, Problem, Result};
use crate::ids::{Mobile, NationalCode, NationalId};
use crate::jalali::{iso, parse_iso, parse_jalali, to_jalali, today};
use crate::model::{Education, Gender, OrgField, OrgKind, OrgStatus, Role};
use crate::text::{clean_text, code_digits, search_key, search_terms};

const MAX_NAME: usize = 100;
const MAX_TEXT: usize = 2000;

pub(crate) use crate::jalali::now;

// ---------------------------------------------------------------------------
// Validation helpers

fn optional(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Collects field errors so that a form gets all of them at once.
#[derive(Default)]
struct Check(Vec<FieldError>);

impl Check {
    fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    fn opt<T>(
        &mut self,
        raw: &Option<String>,
        parse: impl FnOnce(&str) -> Result<T, FieldError>,
    ) -> Option<T> {
        optional(raw).and_then(|s| self.take(parse(s)))
    }

    fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

fn person_name(field: Field, raw: &str) -> Result<String, FieldError> {
    let name = clean_text(raw);
    if name.is_empty() {
        return Err(FieldError::new(field, raw, Problem::Required));
    }
    if name.chars().count() > MAX_NAME {
        return Err(FieldError::new(
            field,
            raw,
            Problem::TooLong { max: MAX_NAME },
        ));
    }
    if name.chars().any(|c| crate::text::ascii_digit(c).is_some()) {
        return Err(FieldError::new(field, raw, Problem::HasDigits));
    }
    Ok(name)
}

fn free_text(field: Field, raw: &str, max: usize) -> Result<String, FieldError> {
    let text = clean_text(raw);
    if text.chars().count() > max {
        return Err(FieldError::new(field, raw, Problem::TooLong { max }));
    }
    Ok(text)
}

fn past_date(field: Field, raw: &str) -> Result<NaiveDate, FieldError> {
    let date = parse_jalali(raw, field)?;
    if date > today() {
        return Err(FieldError::new(field, raw, Problem::InFuture));
    }
    Ok(date)
}

/// A whole number typed in any digit script, within `min..=max`.
pub(crate) fn whole_number(field: Field, raw: &str, min: u32, max: u32) -> Result<u32, FieldError> {
    let digits = code_digits(raw)
        .filter(|d| !d.is_empty())
        .ok_or_else(|| FieldError::new(field, raw, Problem::NotANumber))?;
    digits
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            FieldError::new(
                field,
                raw,
                Problem::OutOfRange {
                    min: i64::from(min),
                    max: i64::from(max),
                },
            )
        })
}

/// An email address, lower-cased; the one place addresses are checked.
pub fn email(raw: &str) -> Result<String, FieldError> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 200
        && e.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        })
        && !e.chars().any(char::is_whitespace);
    if ok {
        Ok(e)
    } else {
        Err(FieldError::new(Field::Email, raw, Problem::BadEmail))
    }
}

fn phone(field: Field, raw: &str) -> Result<String, FieldError> {
    let digits = code_digits(raw).ok_or_else(|| FieldError::new(field, raw, Problem::NotDigits))?;
    if !(5..=15).contains(&digits.len()) {
        return Err(FieldError::new(
            field,
            raw,
            Problem::Length {
                expected: 11,
                found: digits.len(),
            },
        ));
    }
    Ok(digits)
}

// ---------------------------------------------------------------------------
// People

/// A person as typed in a form or read from a row: all text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PersonInput {
    pub national_code: String,
    pub first_name: String,
    pub last_name: String,
    pub father_name: Option<String>,
    pub gender: Option<String>,
    /// Jalali, e.g. `1365/04/12`.
    pub birth_date: Option<String>,
    pub education: Option<String>,
    pub mobile: Option<String>,
}

/// A validated person, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub national_code: NationalCode,
    pub first_name: String,
    pub last_name: String,
    pub father_name: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub education: Option<Education>,
    pub mobile: Option<Mobile>,
}

impl PersonInput {
    pub fn validate(&self) -> Result<NewPerson, Vec<FieldError>> {
        let mut c = Check::default();
        let national_code = c.take(NationalCode::parse(&self.national_code));
        let first_name = c.take(person_name(Field::FirstName, &self.first_name));
        let last_name = c.take(person_name(Field::LastName, &self.last_name));
        let father_name = c.opt(&self.father_name, |s| person_name(Field::FatherName, s));
        let gender = c.opt(&self.gender, Gender::parse);
        let birth_date = c.opt(&self.birth_date, |s| past_date(Field::BirthDate, s));
        let education = c.opt(&self.education, Education::parse);
        let mobile = c.opt(&self.mobile, Mobile::parse);
        c.finish(|| NewPerson {
            national_code: national_code.expect("checked"),
            first_name: first_name.expect("checked"),
            last_name: last_name.expect("checked"),
            father_name,
            gender,
            birth_date,
            education,
            mobile,
        })
    }
}

impl NewPerson {
    fn keys(&self) -> (String, Vec<u8>) {
        let full = format!("{} {}", self.first_name, self.last_name);
        let sort = format!("{} {}", self.last_name, self.first_name);
        (search_key(&full), collate::sort_key(&sort))
    }
}

/// A person as shown and exported.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PersonView {
    pub id: i64,
    pub national_code: String,
    pub first_name: String,
    pub last_name: String,
    pub father_name: Option<String>,
    pub full_name: String,
    pub gender: Option<Gender>,
    pub gender_label: Option<String>,
    pub birth_date: Option<String>,
    pub birth_date_jalali: Option<String>,
    pub education: Option<Education>,
    pub education_label: Option<String>,
    pub mobile: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const PERSON_COLUMNS: &str =
    "p.id, p.national_code, p.first_name, p.last_name, p.father_name, p.gender, \
     p.birth_date, p.education, p.mobile, p.created_at, p.updated_at";

fn jalali_of(iso_date: &Option<String>) -> Option<String> {
    iso_date
        .as_deref()
        .and_then(parse_iso)
        .map(|d| to_jalali(d).to_ascii())
}

fn person_from_row(r: &Row) -> rusqlite::Result<PersonView> {
    let first_name: String = r.get(2)?;
    let last_name: String = r.get(3)?;
    let gender = r.get::<_, Option<Gender>>(5)?;
    let birth_date: Option<String> = r.get(6)?;
    let education = r.get::<_, Option<Education>>(7)?;
    Ok(PersonView {
        id: r.get(0)?,
        national_code: r.get(1)?,
        full_name: format!("{first_name} {last_name}"),
        first_name,
        last_name,
        father_name: r.get(4)?,
        gender,
        gender_label: gender.map(|g| g.label().to_owned()),
        birth_date_jalali: jalali_of(&birth_date),
        birth_date,
        education,
        education_label: education.map(|e| e.label().to_owned()),
        mobile: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

pub fn find_person(conn: &Connection, code: &NationalCode) -> Result<Option<PersonView>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM person p WHERE p.national_code = ?1"
        ))?
        .query_row([code.as_str()], person_from_row)
        .optional()?)
}

pub fn get_person(conn: &Connection, code: &NationalCode) -> Result<PersonView> {
    find_person(conn, code)?.ok_or_else(|| Error::NotFound {
        entity: Entity::Person,
        key_label: Field::NationalCode.label(),
        key: code.to_string(),
    })
}

fn person_duplicate(existing: &PersonView) -> Error {
    Error::Duplicate {
        entity: Entity::Person,
        key_label: Field::NationalCode.label(),
        key: existing.national_code.clone(),
        existing: existing.full_name.clone(),
    }
}

/// Adds a person. A second person with the same national code is refused,
/// naming the one already registered.
pub fn add_person(tx: &Transaction, p: &NewPerson) -> Result<PersonView> {
    if let Some(existing) = find_person(tx, &p.national_code)? {
        return Err(person_duplicate(&existing));
    }
    let (search, sort) = p.keys();
    let now = now();
    tx.prepare_cached(
        "INSERT INTO person (national_code, first_name, last_name, father_name, search_key, sort_key,
                             gender, birth_date, education, mobile, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        p.national_code.as_str(),
        p.first_name,
        p.last_name,
        p.father_name,
        search,
        sort,
        p.gender.map(Gender::key),
        p.birth_date.map(iso),
        p.education.map(Education::key),
        p.mobile.as_ref().map(Mobile::as_str),
        now,
    ])?;
    get_person(tx, &p.national_code)
}

/// Replaces a person's details. The national code may change only to one
/// that no other person has.
pub fn update_person(tx: &Transaction, code: &NationalCode, p: &NewPerson) -> Result<PersonView> {
    let current = get_person(tx, code)?;
    if p.national_code != *code {
        if let Some(other) = find_person(tx, &p.national_code)? {
            return Err(person_duplicate(&other));
        }
    }
    let (search, sort) = p.keys();
    tx.prepare_cached(
        "UPDATE person SET national_code = ?1, first_name = ?2, last_name = ?3, father_name = ?4,
                search_key = ?5, sort_key = ?6, gender = ?7, birth_date = ?8, education = ?9,
                mobile = ?10, updated_at = ?11
         WHERE id = ?12",
    )?
    .execute(params![
        p.national_code.as_str(),
        p.first_name,
        p.last_name,
        p.father_name,
        search,
        sort,
        p.gender.map(Gender::key),
        p.birth_date.map(iso),
        p.education.map(Education::key),
        p.mobile.as_ref().map(Mobile::as_str),
        now(),
        current.id,
    ])?;
    get_person(tx, &p.national_code)
}

// ---------------------------------------------------------------------------
// Organizations

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

const ORG_COLUMNS: &str = "o.id, o.kind, o.name, o.national_id, o.registration_no, o.registry_office, o.field, \
     (SELECT name FROM orientation WHERE id = o.orientation_id), o.activity, \
     (SELECT name FROM county WHERE id = o.county_id), o.founded_on, o.member_count, o.phone, o.mobile, \
     o.email, o.address, o.postal_code, o.is_small, o.is_startup, o.is_internet, o.status, \
     o.created_at, o.updated_at";

fn org_from_row(r: &Row) -> rusqlite::Result<OrgView> {
    let kind = r.get::<_, OrgKind>(1)?;
    let field = r.get::<_, OrgField>(6)?;
    let status = r.get::<_, OrgStatus>(20)?;
    let founded_on: Option<String> = r.get(10)?;
    Ok(OrgView {
        id: r.get(0)?,
        kind,
        kind_label: kind.label().to_owned(),
        name: r.get(2)?,
        national_id: r.get(3)?,
        registration_no: r.get(4)?,
        registry_office: r.get(5)?,
        field,
        field_label: field.label().to_owned(),
        orientation: r.get(7)?,
        activity: r.get(8)?,
        county: r.get(9)?,
        founded_on_jalali: jalali_of(&founded_on),
        founded_on,
        member_count: r.get(11)?,
        phone: r.get(12)?,
        mobile: r.get(13)?,
        email: r.get(14)?,
        address: r.get(15)?,
        postal_code: r.get(16)?,
        is_small: r.get(17)?,
        is_startup: r.get(18)?,
        is_internet: r.get(19)?,
        status,
        status_label: status.label().to_owned(),
        created_at: r.get(21)?,
        updated_at: r.get(22)?,
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
    conn.prepare_cached(&format!(
        "SELECT {ORG_COLUMNS} FROM organization o WHERE o.id = ?1"
    ))?
    .query_row([id], org_from_row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: Entity::Organization,
        key_label: "شناسه داخلی",
        key: id.to_string(),
    })
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

// ---------------------------------------------------------------------------
// Memberships

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
        if let (Some(start), Some(end), Some(raw)) = (start_date, end_date, &self.end_date) {
            if end < start {
                c.0.push(FieldError::new(
                    Field::EndDate,
                    raw,
                    Problem::EndBeforeStart,
                ));
            }
        }
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

const MEMBERSHIP_SELECT: &str = "SELECT m.id, p.national_code, p.first_name || ' ' || p.last_name, o.id, o.name, \
     o.national_id, m.role, m.start_date, m.end_date
     FROM membership m JOIN person p ON p.id = m.person_id JOIN organization o ON o.id = m.organization_id";

fn membership_from_row(r: &Row) -> rusqlite::Result<MembershipView> {
    let role = r.get::<_, Role>(6)?;
    let start_date: Option<String> = r.get(7)?;
    let end_date: Option<String> = r.get(8)?;
    let active = end_date
        .as_deref()
        .and_then(parse_iso)
        .is_none_or(|d| d >= today());
    Ok(MembershipView {
        id: r.get(0)?,
        national_code: r.get(1)?,
        person_name: r.get(2)?,
        organization_id: r.get(3)?,
        organization_name: r.get(4)?,
        organization_national_id: r.get(5)?,
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

// ---------------------------------------------------------------------------
// Details

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
    /// The unions this cooperative belongs to.
    pub unions: Vec<OrgRef>,
    /// For a union: its member cooperatives.
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
            .query_map([organization.id], |r| {
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
         WHERE u.cooperative_id = ?1 ORDER BY o.sort_key",
    )?;
    let member_cooperatives = refs(
        "SELECT o.id, o.name, o.national_id FROM union_membership u JOIN organization o ON o.id = u.cooperative_id
         WHERE u.union_id = ?1 ORDER BY o.sort_key",
    )?;
    Ok(OrgDetail {
        organization,
        people,
        unions,
        member_cooperatives,
    })
}

// ---------------------------------------------------------------------------
// Search

/// One page of results, with the total for the pager.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

/// Which page to return; pages count from 1.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            page: 1,
            page_size: 50,
        }
    }
}

impl PageRequest {
    const MAX_SIZE: u32 = 500;

    fn limit_offset(self) -> (i64, i64) {
        let size = self.page_size.clamp(1, Self::MAX_SIZE);
        let page = self.page.max(1);
        (i64::from(size), i64::from(page - 1) * i64::from(size))
    }
}

/// Builds the WHERE clause for a free-text query over a table with a
/// `search_key` column: every word must appear somewhere in the key.
fn name_terms_clause(
    query: &str,
    alias: &str,
    sql: &mut Vec<String>,
    args: &mut Vec<Box<dyn ToSql>>,
) {
    for term in search_terms(query) {
        let escaped = term
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        sql.push(format!("{alias}.search_key LIKE ? ESCAPE '\\'"));
        args.push(Box::new(format!("%{escaped}%")));
    }
}

/// Digits of a query that is a code or phone number, if it is one.
fn digit_query(query: &str) -> Option<String> {
    let q = query.trim();
    let q = q.strip_prefix('+').unwrap_or(q);
    code_digits(q).filter(|d| !d.is_empty())
}

/// Runs a paged search.
///
/// With filters, one statement finds the matches (scanning the narrow
/// `*_search` index), counts them with a window function and keeps only the
/// page, sorting matches rather than walking the sort index: walking it would
/// visit every row in name order just to find a rare name. With no filter,
/// the sort index gives the page directly and the total is a plain count.
fn run_page<T>(
    conn: &Connection,
    table: &str,
    clauses: &[String],
    columns: &str,
    args: &[Box<dyn ToSql>],
    page: PageRequest,
    map: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let refs: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
    let alias = &table[..1];
    let (limit, offset) = page.limit_offset();
    let mut all = refs.clone();
    all.push(&limit);
    all.push(&offset);
    let count = |where_: &str| -> Result<i64> {
        Ok(conn
            .prepare_cached(&format!("SELECT count(*) FROM {table} {alias} {where_}"))?
            .query_row(refs.as_slice(), |r| r.get(0))?)
    };
    let (items, total) = if clauses.is_empty() {
        let items = conn
            .prepare_cached(&format!(
                "SELECT {columns} FROM {table} {alias} ORDER BY {alias}.sort_key, {alias}.id LIMIT ? OFFSET ?"
            ))?
            .query_map(all.as_slice(), map)?
            .collect::<rusqlite::Result<Vec<T>>>()?;
        (items, count("")?)
    } else {
        let where_ = format!("WHERE {}", clauses.join(" AND "));
        let rows = conn
            .prepare_cached(&format!(
                "SELECT {columns}, hit_total FROM {table} {alias}
                 JOIN (SELECT {alias}.id AS hit_id, count(*) OVER () AS hit_total
                       FROM {table} {alias} {where_}
                       ORDER BY +{alias}.sort_key, {alias}.id LIMIT ? OFFSET ?) ON hit_id = {alias}.id
                 ORDER BY {alias}.sort_key, {alias}.id"
            ))?
            .query_map(all.as_slice(), |r| Ok((map(r)?, r.get::<_, i64>("hit_total")?)))?
            .collect::<rusqlite::Result<Vec<(T, i64)>>>()?;
        let total = match rows.first() {
            Some((_, total)) => *total,
            // A page past the end says nothing about the total.
            None if offset > 0 => count(&where_)?,
            None => 0,
        };
        (rows.into_iter().map(|(item, _)| item).collect(), total)
    };
    Ok(Page {
        items,
        total: total as u64,
        page: page.page.max(1),
        page_size: limit as u32,
    })
}

/// Finds people by name (any spelling), national code prefix or mobile
/// prefix, in Persian order of last name then first name. An empty query
/// lists everyone.
pub fn search_people(
    conn: &Connection,
    query: &str,
    page: PageRequest,
) -> Result<Page<PersonView>> {
    let mut clauses = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(digits) = digit_query(query) {
        // A code or a mobile number, possibly partial. Ranges on the two
        // indexed columns; ':' sorts right after '9'.
        let mobile = if let Some(rest) = digits.strip_prefix("98").filter(|_| digits.len() > 3) {
            format!("0{rest}")
        } else if digits.starts_with('0') {
            digits.clone()
        } else {
            format!("0{digits}")
        };
        // Written as an OR of two ranges, which SQLite answers from both
        // indexes (MULTI-INDEX OR); a UNION subquery was planned as two scans.
        clauses.push(
            "((p.national_code >= ?1 AND p.national_code < ?1 || ':') OR (p.mobile >= ?2 AND p.mobile < ?2 || ':'))"
                .to_owned(),
        );
        args.push(Box::new(digits));
        args.push(Box::new(mobile));
    } else {
        name_terms_clause(query, "p", &mut clauses, &mut args);
    }
    run_page(
        conn,
        "person",
        &clauses,
        PERSON_COLUMNS,
        &args,
        page,
        person_from_row,
    )
}

/// Filters for the cooperatives list. `None` means "any".
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OrgFilter {
    #[serde(default)]
    pub text: String,
    pub kind: Option<OrgKind>,
    pub field: Option<OrgField>,
    pub county: Option<String>,
    pub status: Option<OrgStatus>,
    pub is_small: Option<bool>,
    pub is_startup: Option<bool>,
    pub is_internet: Option<bool>,
}

/// Finds cooperatives and unions by name (any spelling), national ID or
/// registration number prefix, with filters, in Persian order of name.
pub fn search_orgs(
    conn: &Connection,
    filter: &OrgFilter,
    page: PageRequest,
) -> Result<Page<OrgView>> {
    let mut clauses = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(digits) = digit_query(&filter.text) {
        clauses.push(
            "(o.national_id >= ? AND o.national_id < ? || ':' OR o.registration_no = ?)".to_owned(),
        );
        args.push(Box::new(digits.clone()));
        args.push(Box::new(digits.clone()));
        args.push(Box::new(digits));
    } else {
        name_terms_clause(&filter.text, "o", &mut clauses, &mut args);
    }
    if let Some(kind) = filter.kind {
        clauses.push("o.kind = ?".into());
        args.push(Box::new(kind.key()));
    }
    if let Some(field) = filter.field {
        clauses.push("o.field = ?".into());
        args.push(Box::new(field.key()));
    }
    if let Some(status) = filter.status {
        clauses.push("o.status = ?".into());
        args.push(Box::new(status.key()));
    }
    if let Some(county) = filter.county.as_deref().filter(|c| !c.trim().is_empty()) {
        clauses.push("o.county_id = (SELECT id FROM county WHERE search_key = ?)".into());
        args.push(Box::new(search_key(county)));
    }
    for (flag, column) in [
        (filter.is_small, "o.is_small"),
        (filter.is_startup, "o.is_startup"),
        (filter.is_internet, "o.is_internet"),
    ] {
        if let Some(v) = flag {
            clauses.push(format!("{column} = ?"));
            args.push(Box::new(v));
        }
    }
    run_page(
        conn,
        "organization",
        &clauses,
        ORG_COLUMNS,
        &args,
        page,
        org_from_row,
    )
}

// ---------------------------------------------------------------------------
// Editable lists

/// The editable lists of names: counties and orientations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NamedList {
    County,
    Orientation,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct NamedItem {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

impl NamedList {
    fn table(self) -> &'static str {
        match self {
            NamedList::County => "county",
            NamedList::Orientation => "orientation",
        }
    }

    fn field(self) -> Field {
        match self {
            NamedList::County => Field::County,
            NamedList::Orientation => Field::Orientation,
        }
    }

    fn entity(self) -> Entity {
        match self {
            NamedList::County => Entity::County,
            NamedList::Orientation => Entity::Orientation,
        }
    }

    /// The refusal of a second entry with the same name, naming the entry
    /// already there as it is spelled in the list.
    fn duplicate(self, conn: &Connection, existing: i64, key: String) -> Result<Error> {
        let existing: String = conn.query_row(
            &format!("SELECT name FROM {} WHERE id = ?1", self.table()),
            [existing],
            |r| r.get(0),
        )?;
        Ok(Error::Duplicate {
            entity: self.entity(),
            key_label: "نام",
            key,
            existing,
        })
    }

    /// The id of an entry, matched on its search key with spaces dropped, so
    /// "ري" finds "ری" and "رباط کریم" finds "رباط‌کریم". The lists are short;
    /// the scan costs nothing.
    pub fn find(self, conn: &Connection, name: &str) -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT id FROM {} WHERE replace(search_key, ' ', '') = ?1",
                self.table()
            ))?
            .query_row([search_key(name).replace(' ', "")], |r| r.get(0))
            .optional()?)
    }

    /// All entries in Persian order.
    pub fn list(self, conn: &Connection) -> Result<Vec<NamedItem>> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT id, name, active FROM {} ORDER BY sort_key",
                self.table()
            ))?
            .query_map([], |r| {
                Ok(NamedItem {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    active: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub fn add(self, tx: &Transaction, raw: &str) -> Result<NamedItem> {
        let name = free_text(self.field(), raw, MAX_NAME)?;
        if name.is_empty() {
            return Err(FieldError::new(self.field(), raw, Problem::Required).into());
        }
        if let Some(existing) = self.find(tx, &name)? {
            return Err(self.duplicate(tx, existing, name)?);
        }
        tx.execute(
            &format!(
                "INSERT INTO {} (name, search_key, sort_key) VALUES (?1, ?2, ?3)",
                self.table()
            ),
            params![name, search_key(&name), collate::sort_key(&name)],
        )?;
        Ok(NamedItem {
            id: tx.last_insert_rowid(),
            name,
            active: true,
        })
    }

    /// Renames an entry or turns it on or off. Entries in use are never
    /// deleted, so old records keep their county.
    pub fn update(self, tx: &Transaction, id: i64, raw: &str, active: bool) -> Result<NamedItem> {
        let name = free_text(self.field(), raw, MAX_NAME)?;
        if name.is_empty() {
            return Err(FieldError::new(self.field(), raw, Problem::Required).into());
        }
        if let Some(other) = self.find(tx, &name)?.filter(|other| *other != id) {
            return Err(self.duplicate(tx, other, name)?);
        }
        let changed = tx.execute(
            &format!("UPDATE {} SET name = ?1, search_key = ?2, sort_key = ?3, active = ?4 WHERE id = ?5", self.table()),
            params![name, search_key(&name), collate::sort_key(&name), active, id],
        )?;
        if changed == 0 {
            return Err(Error::NotFound {
                entity: self.entity(),
                key_label: "شناسه",
                key: id.to_string(),
            });
        }
        Ok(NamedItem { id, name, active })
    }
}

// ---------------------------------------------------------------------------
// Counts and audit

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Counts {
    pub cooperatives: u64,
    pub unions: u64,
    pub people: u64,
    pub memberships: u64,
}

pub fn counts(conn: &Connection) -> Result<Counts> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM organization WHERE kind = 'cooperative'),
                (SELECT count(*) FROM organization WHERE kind = 'union'),
                (SELECT count(*) FROM person),
                (SELECT count(*) FROM membership)",
        [],
        |r| {
            Ok(Counts {
                cooperatives: r.get::<_, i64>(0)? as u64,
                unions: r.get::<_, i64>(1)? as u64,
                people: r.get::<_, i64>(2)? as u64,
                memberships: r.get::<_, i64>(3)? as u64,
            })
        },
    )?)
}

/// What the app shows when it opens: the first-run page until the clerk
/// loads sample data or chooses to start empty.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct StartState {
    pub first_run: bool,
    pub counts: Counts,
}

pub fn start_state(conn: &Connection) -> Result<StartState> {
    let counts = counts(conn)?;
    let started = crate::db::get_meta(conn, "started")?.is_some();
    let empty = counts.cooperatives == 0 && counts.unions == 0 && counts.people == 0;
    Ok(StartState {
        first_run: !started && empty,
        counts,
    })
}

/// Records that the clerk has moved past the first-run page.
pub fn mark_started(tx: &Transaction) -> Result<()> {
    crate::db::set_meta(tx, "started", &now())
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    #[ts(type = "Record<string, unknown> | null")]
    pub old_values: Option<serde_json::Value>,
    #[ts(type = "Record<string, unknown> | null")]
    pub new_values: Option<serde_json::Value>,
}

/// The newest audit entries, optionally for one kind of record.
pub fn recent_audit(
    conn: &Connection,
    entity: Option<&str>,
    limit: u32,
) -> Result<Vec<AuditEntry>> {
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(conn
        .prepare_cached(
            "SELECT id, at, action, entity, entity_id, old_values, new_values FROM audit_log
             WHERE ?1 IS NULL OR entity = ?1 ORDER BY id DESC LIMIT ?2",
        )?
        .query_map(params![entity, limit], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                action: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                old_values: parse(r.get(5)?),
                new_values: parse(r.get(6)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
