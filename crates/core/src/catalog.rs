//! The course catalogue (TVTO standards and general topics) and the training
//! providers.

use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::collate;
use crate::db::row_by_id;
use crate::error::{Entity, Error, Field, FieldError, Problem, Result};
use crate::jalali::{iso, jalali_of_iso, parse_jalali};
use crate::model::{closed_list, Education};
use crate::registry::{now, whole_number, NamedList};
use crate::text::{clean_text, search_key, search_terms};

closed_list!(
    /// A TVTO standard, or one of the general topics every cooperative may take.
    CourseKind {
        Standard = "standard", "استاندارد فنی و حرفه‌ای";
        General = "general", "موضوع عمومی";
    }
);

/// A course as typed in a form or read from a standards sheet.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CourseInput {
    /// `standard` (default) or `general`.
    pub kind: Option<String>,
    pub code: Option<String>,
    pub title: String,
    pub cluster: Option<String>,
    pub course_group: Option<String>,
    pub theory_hours: Option<String>,
    pub practice_hours: Option<String>,
    pub total_hours: Option<String>,
    pub entry_education: Option<String>,
    /// Space-separated fields and tags the course suits.
    pub suits: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCourse {
    pub kind: CourseKind,
    pub code: Option<String>,
    pub title: String,
    pub cluster: Option<String>,
    pub course_group: Option<String>,
    pub theory_hours: Option<u32>,
    pub practice_hours: Option<u32>,
    pub total_hours: Option<u32>,
    pub entry_education: Option<Education>,
    pub suits: String,
    pub active: bool,
}

fn text(
    field: Field,
    raw: &Option<String>,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let t = clean_text(raw.as_deref()?);
    if t.is_empty() {
        return None;
    }
    if t.chars().count() > max {
        errors.push(FieldError::new(
            field,
            raw.as_deref().unwrap_or_default(),
            Problem::TooLong { max },
        ));
        return None;
    }
    Some(t)
}

impl CourseInput {
    pub fn validate(&self) -> Result<NewCourse, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = match self.kind.as_deref().map(search_key).as_deref() {
            None | Some("") | Some("standard") => CourseKind::Standard,
            Some("general") => CourseKind::General,
            Some(_) => {
                errors.push(FieldError::new(
                    Field::CourseKind,
                    self.kind.as_deref().unwrap_or_default(),
                    Problem::NotOneOf(vec![
                        CourseKind::Standard.label(),
                        CourseKind::General.label(),
                    ]),
                ));
                CourseKind::Standard
            }
        };
        // The code is kept as written apart from digits and outer spaces:
        // TVTO codes have several formats and none is forced.
        let code = self
            .code
            .as_deref()
            .map(|c| crate::text::to_ascii_digits(&clean_text(c)))
            .filter(|c| !c.is_empty());
        if code.as_ref().is_some_and(|c| c.chars().count() > 40) {
            errors.push(FieldError::new(
                Field::CourseCode,
                self.code.as_deref().unwrap_or_default(),
                Problem::TooLong { max: 40 },
            ));
        }
        if kind == CourseKind::Standard && code.is_none() {
            errors.push(FieldError::new(Field::CourseCode, "", Problem::Required));
        }
        let title = clean_text(&self.title);
        if title.is_empty() {
            errors.push(FieldError::new(
                Field::CourseTitle,
                &self.title,
                Problem::Required,
            ));
        } else if title.chars().count() > 200 {
            errors.push(FieldError::new(
                Field::CourseTitle,
                &self.title,
                Problem::TooLong { max: 200 },
            ));
        }
        let cluster = text(Field::Cluster, &self.cluster, 100, &mut errors);
        let course_group = text(Field::CourseGroup, &self.course_group, 100, &mut errors);
        let mut take_hours = |field, raw: &Option<String>| {
            raw.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .and_then(|s| match whole_number(field, s, 0, 5000) {
                    Ok(h) => Some(h),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                })
        };
        let theory_hours = take_hours(Field::TheoryHours, &self.theory_hours);
        let practice_hours = take_hours(Field::PracticeHours, &self.practice_hours);
        let mut total_hours = take_hours(Field::TotalHours, &self.total_hours);
        if total_hours.is_none() {
            total_hours = match (theory_hours, practice_hours) {
                (None, None) => None,
                (t, p) => Some(t.unwrap_or(0) + p.unwrap_or(0)),
            };
        }
        let entry_education = match self
            .entry_education
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(raw) => match Education::parse(raw) {
                Ok(e) => Some(e),
                Err(mut e) => {
                    e.field = Field::EntryEducation;
                    errors.push(e);
                    None
                }
            },
            None => None,
        };
        let suits = self
            .suits
            .as_deref()
            .map(|s| {
                s.split_whitespace()
                    .map(search_key)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewCourse {
            kind,
            code,
            title,
            cluster,
            course_group,
            theory_hours,
            practice_hours,
            total_hours,
            entry_education,
            suits,
            active: self.active,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CourseView {
    pub id: i64,
    pub kind: CourseKind,
    pub kind_label: String,
    pub code: Option<String>,
    pub title: String,
    pub cluster: Option<String>,
    pub course_group: Option<String>,
    pub theory_hours: Option<u32>,
    pub practice_hours: Option<u32>,
    pub total_hours: Option<u32>,
    pub entry_education: Option<Education>,
    pub entry_education_label: Option<String>,
    pub suits: String,
    pub active: bool,
}

const COURSE_COLUMNS: &str =
    "id, kind, code, title, cluster, course_group, theory_hours, practice_hours, total_hours, \
     entry_education, suits, active";

fn course_from_row(r: &Row) -> rusqlite::Result<CourseView> {
    let kind: CourseKind = r.get("kind")?;
    let entry_education: Option<Education> = r.get("entry_education")?;
    Ok(CourseView {
        id: r.get("id")?,
        kind,
        kind_label: kind.label().to_owned(),
        code: r.get("code")?,
        title: r.get("title")?,
        cluster: r.get("cluster")?,
        course_group: r.get("course_group")?,
        theory_hours: r.get("theory_hours")?,
        practice_hours: r.get("practice_hours")?,
        total_hours: r.get("total_hours")?,
        entry_education,
        entry_education_label: entry_education.map(|e| e.label().to_owned()),
        suits: r.get("suits")?,
        active: r.get("active")?,
    })
}

pub fn get_course(conn: &Connection, id: i64) -> Result<CourseView> {
    row_by_id(
        conn,
        &format!("SELECT {COURSE_COLUMNS} FROM course WHERE id = ?1"),
        id,
        course_from_row,
        Entity::Course,
        "شناسه",
    )
}

pub fn find_course_by_code(conn: &Connection, code: &str) -> Result<Option<CourseView>> {
    let code = crate::text::to_ascii_digits(&clean_text(code));
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COURSE_COLUMNS} FROM course WHERE code = ?1"
        ))?
        .query_row([code], course_from_row)
        .optional()?)
}

/// A course by its TVTO code, or else by its exact title (any spelling).
pub fn find_course(conn: &Connection, code_or_title: &str) -> Result<CourseView> {
    if let Some(c) = find_course_by_code(conn, code_or_title)? {
        return Ok(c);
    }
    conn.prepare_cached(&format!(
        "SELECT {COURSE_COLUMNS} FROM course WHERE search_key = ?1 ORDER BY id LIMIT 1"
    ))?
    .query_row([search_key(code_or_title)], course_from_row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: Entity::Course,
        key_label: "کد یا عنوان",
        key: code_or_title.to_owned(),
    })
}

/// What a write did, for imports that report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// Adds a course. A second course with the same TVTO code is refused.
pub fn add_course(tx: &Transaction, c: &NewCourse) -> Result<CourseView> {
    if let Some(code) = &c.code {
        if let Some(existing) = find_course_by_code(tx, code)? {
            return Err(Error::Duplicate {
                entity: Entity::Course,
                key_label: Field::CourseCode.label(),
                key: code.clone(),
                existing: existing.title,
            });
        }
    }
    write_course(tx, None, c)?;
    get_course(tx, tx.last_insert_rowid())
}

/// Adds the course, or updates the one with the same code; running the same
/// list twice changes nothing the second time.
pub fn upsert_course(tx: &Transaction, c: &NewCourse) -> Result<(CourseView, Outcome)> {
    let existing = match &c.code {
        Some(code) => find_course_by_code(tx, code)?,
        None => None,
    };
    match existing {
        None => Ok((add_course(tx, c)?, Outcome::Added)),
        Some(old) => {
            let changed = write_course(tx, Some(old.id), c)?;
            let outcome = if changed {
                Outcome::Updated
            } else {
                Outcome::Unchanged
            };
            Ok((get_course(tx, old.id)?, outcome))
        }
    }
}

pub fn update_course(tx: &Transaction, id: i64, c: &NewCourse) -> Result<CourseView> {
    get_course(tx, id)?;
    if let Some(code) = &c.code {
        if let Some(other) = find_course_by_code(tx, code)?.filter(|o| o.id != id) {
            return Err(Error::Duplicate {
                entity: Entity::Course,
                key_label: Field::CourseCode.label(),
                key: code.clone(),
                existing: other.title,
            });
        }
    }
    write_course(tx, Some(id), c)?;
    get_course(tx, id)
}

/// Inserts or updates; returns whether an existing row changed.
fn write_course(tx: &Transaction, id: Option<i64>, c: &NewCourse) -> Result<bool> {
    let sql = if id.is_none() {
        "INSERT INTO course (id, kind, code, title, search_key, sort_key, cluster, course_group, theory_hours,
             practice_hours, total_hours, entry_education, suits, active, created_at, updated_at)
         VALUES (:id, :kind, :code, :title, :search_key, :sort_key, :cluster, :course_group, :theory_hours,
             :practice_hours, :total_hours, :entry_education, :suits, :active, :now, :now)"
    } else {
        "UPDATE course SET kind = :kind, code = :code, title = :title, search_key = :search_key,
             sort_key = :sort_key, cluster = :cluster, course_group = :course_group,
             theory_hours = :theory_hours, practice_hours = :practice_hours, total_hours = :total_hours,
             entry_education = :entry_education, suits = :suits, active = :active, updated_at = :now
         WHERE id = :id AND (kind, code, title, cluster, course_group, theory_hours, practice_hours,
             total_hours, entry_education, suits, active)
             IS NOT (:kind, :code, :title, :cluster, :course_group, :theory_hours, :practice_hours,
             :total_hours, :entry_education, :suits, :active)"
    };
    let changed = tx.prepare_cached(sql)?.execute(named_params! {
        ":id": id,
        ":kind": c.kind.key(),
        ":code": c.code,
        ":title": c.title,
        ":search_key": search_key(&c.title),
        ":sort_key": collate::sort_key(&c.title),
        ":cluster": c.cluster,
        ":course_group": c.course_group,
        ":theory_hours": c.theory_hours,
        ":practice_hours": c.practice_hours,
        ":total_hours": c.total_hours,
        ":entry_education": c.entry_education.map(Education::key),
        ":suits": c.suits,
        ":active": c.active,
        ":now": now(),
    })?;
    Ok(changed > 0)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CourseFilter {
    #[serde(default)]
    pub text: String,
    pub kind: Option<CourseKind>,
    pub cluster: Option<String>,
    /// `None`: active and inactive.
    pub active: Option<bool>,
}

/// The catalogue in Persian order of title, searched by title words or code.
pub fn search_courses(conn: &Connection, f: &CourseFilter) -> Result<Vec<CourseView>> {
    let mut sql = format!("SELECT {COURSE_COLUMNS} FROM course WHERE 1 = 1");
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let terms = search_terms(&f.text);
    if !terms.is_empty() {
        let code = crate::text::to_ascii_digits(f.text.trim());
        let mut all = Vec::new();
        for term in terms {
            let escaped = term
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            all.push("search_key LIKE ? ESCAPE '\\'".to_owned());
            args.push(Box::new(format!("%{escaped}%")));
        }
        sql.push_str(&format!(
            " AND (({}) OR code LIKE ? || '%')",
            all.join(" AND ")
        ));
        args.push(Box::new(code));
    }
    if let Some(kind) = f.kind {
        sql.push_str(" AND kind = ?");
        args.push(Box::new(kind.key()));
    }
    if let Some(cluster) = f.cluster.as_deref().filter(|c| !c.trim().is_empty()) {
        sql.push_str(" AND cluster = ?");
        args.push(Box::new(clean_text(cluster)));
    }
    if let Some(active) = f.active {
        sql.push_str(" AND active = ?");
        args.push(Box::new(active));
    }
    sql.push_str(" ORDER BY kind DESC, sort_key");
    let refs: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
    Ok(conn
        .prepare(&sql)?
        .query_map(refs.as_slice(), course_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------
// Providers

closed_list!(
    ProviderKind {
        /// A public TVTO centre (مرکز دولتی).
        Public = "public", "مرکز دولتی";
        /// A private institute (آموزشگاه آزاد).
        Private = "private", "آموزشگاه آزاد";
    }
);

impl ProviderKind {
    fn parse(raw: &str) -> Result<Self, FieldError> {
        let k = search_key(raw);
        for &v in Self::ALL {
            if k == v.key() || k == search_key(v.label()) {
                return Ok(v);
            }
        }
        Err(FieldError::new(
            Field::ProviderKind,
            raw,
            Problem::NotOneOf(Self::ALL.iter().map(|v| v.label()).collect()),
        ))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ProviderInput {
    pub kind: String,
    pub name: String,
    pub county: Option<String>,
    pub licence_no: Option<String>,
    /// Jalali.
    pub licence_expires: Option<String>,
    /// Whether rounds may still send people to it.
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

impl Default for ProviderInput {
    fn default() -> Self {
        ProviderInput {
            kind: String::new(),
            name: String::new(),
            county: None,
            licence_no: None,
            licence_expires: None,
            active: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ProviderView {
    pub id: i64,
    pub kind: ProviderKind,
    pub kind_label: String,
    pub name: String,
    pub county: Option<String>,
    pub licence_no: Option<String>,
    pub licence_expires: Option<String>,
    pub licence_expires_jalali: Option<String>,
    pub active: bool,
}

/// A provider as validated, its county resolved against the list.
struct NewProvider {
    kind: ProviderKind,
    name: String,
    county_id: Option<i64>,
    licence_no: Option<String>,
    licence_expires: Option<NaiveDate>,
    active: bool,
}

/// Checks a provider's fields, all of them at once, and refuses a name
/// another provider (other than `id`) already has.
fn validate_provider(
    conn: &Connection,
    input: &ProviderInput,
    id: Option<i64>,
) -> Result<NewProvider> {
    let mut errors = Vec::new();
    let kind = ProviderKind::parse(&input.kind)
        .map_err(|e| errors.push(e))
        .ok();
    let name = clean_text(&input.name);
    if name.is_empty() {
        errors.push(FieldError::new(
            Field::OrgName,
            &input.name,
            Problem::Required,
        ));
    }
    let licence_expires = match input
        .licence_expires
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(raw) => parse_jalali(raw, Field::EndDate)
            .map_err(|e| errors.push(e))
            .ok(),
        None => None,
    };
    let county_id = match input
        .county
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(c) => match NamedList::County.find(conn, c)? {
            Some(id) => Some(id),
            None => {
                errors.push(FieldError::new(Field::County, c, Problem::Unknown));
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let other: Option<String> = conn
        .query_row(
            "SELECT name FROM provider WHERE search_key = ?1 AND id IS NOT ?2",
            params![search_key(&name), id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(existing) = other {
        return Err(Error::Duplicate {
            entity: Entity::Provider,
            key_label: "نام",
            key: name,
            existing,
        });
    }
    Ok(NewProvider {
        kind: kind.expect("checked"),
        name,
        county_id,
        licence_no: input
            .licence_no
            .as_deref()
            .map(clean_text)
            .filter(|s| !s.is_empty()),
        licence_expires,
        active: input.active,
    })
}

pub fn add_provider(tx: &Transaction, input: &ProviderInput) -> Result<ProviderView> {
    let p = validate_provider(tx, input, None)?;
    let stamp = now();
    tx.execute(
        "INSERT INTO provider (kind, name, search_key, sort_key, county_id, licence_no, licence_expires, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            p.kind.key(),
            p.name,
            search_key(&p.name),
            collate::sort_key(&p.name),
            p.county_id,
            p.licence_no,
            p.licence_expires.map(iso),
            p.active,
            stamp
        ],
    )?;
    get_provider(tx, tx.last_insert_rowid())
}

/// Corrects a provider: its name, kind, county, licence and whether it is
/// active. A name another provider has is refused.
pub fn update_provider(tx: &Transaction, id: i64, input: &ProviderInput) -> Result<ProviderView> {
    get_provider(tx, id)?;
    let p = validate_provider(tx, input, Some(id))?;
    tx.execute(
        "UPDATE provider SET kind = ?1, name = ?2, search_key = ?3, sort_key = ?4, county_id = ?5,
             licence_no = ?6, licence_expires = ?7, active = ?8, updated_at = ?9
         WHERE id = ?10",
        params![
            p.kind.key(),
            p.name,
            search_key(&p.name),
            collate::sort_key(&p.name),
            p.county_id,
            p.licence_no,
            p.licence_expires.map(iso),
            p.active,
            now(),
            id
        ],
    )?;
    get_provider(tx, id)
}

const PROVIDER_SELECT: &str =
    "SELECT p.id, p.kind, p.name, c.name AS county, p.licence_no, p.licence_expires, p.active
     FROM provider p LEFT JOIN county c ON c.id = p.county_id";

fn provider_from_row(r: &Row) -> rusqlite::Result<ProviderView> {
    let kind: ProviderKind = r.get("kind")?;
    let expires: Option<String> = r.get("licence_expires")?;
    Ok(ProviderView {
        id: r.get("id")?,
        kind,
        kind_label: kind.label().to_owned(),
        name: r.get("name")?,
        county: r.get("county")?,
        licence_no: r.get("licence_no")?,
        licence_expires_jalali: jalali_of_iso(&expires),
        licence_expires: expires,
        active: r.get("active")?,
    })
}

pub fn get_provider(conn: &Connection, id: i64) -> Result<ProviderView> {
    row_by_id(
        conn,
        &format!("{PROVIDER_SELECT} WHERE p.id = ?1"),
        id,
        provider_from_row,
        Entity::Provider,
        "شماره",
    )
}

pub fn list_providers(conn: &Connection) -> Result<Vec<ProviderView>> {
    Ok(conn
        .prepare_cached(&format!("{PROVIDER_SELECT} ORDER BY p.sort_key"))?
        .query_map([], provider_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}
