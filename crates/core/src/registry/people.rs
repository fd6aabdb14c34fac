//! People: validated, added, updated and found by national code.

use super::*;

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

pub(super) const PERSON_COLUMNS: &str =
    "p.id, p.national_code, p.first_name, p.last_name, p.father_name, p.gender, \
     p.birth_date, p.education, p.mobile, p.created_at, p.updated_at";

pub(super) fn jalali_of(iso_date: &Option<String>) -> Option<String> {
    iso_date
        .as_deref()
        .and_then(parse_iso)
        .map(|d| to_jalali(d).to_ascii())
}

pub(super) fn person_from_row(r: &Row) -> rusqlite::Result<PersonView> {
    let first_name: String = r.get("first_name")?;
    let last_name: String = r.get("last_name")?;
    let gender = r.get::<_, Option<Gender>>(5)?;
    let birth_date: Option<String> = r.get("birth_date")?;
    let education = r.get::<_, Option<Education>>(7)?;
    Ok(PersonView {
        id: r.get("id")?,
        national_code: r.get("national_code")?,
        full_name: format!("{first_name} {last_name}"),
        first_name,
        last_name,
        father_name: r.get("father_name")?,
        gender,
        gender_label: gender.map(|g| g.label().to_owned()),
        birth_date_jalali: jalali_of(&birth_date),
        birth_date,
        education,
        education_label: education.map(|e| e.label().to_owned()),
        mobile: r.get("mobile")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// A person by national code, as [`find_person`] reads them; the text
/// is made once (an import looks up every row).
static PERSON_BY_CODE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("SELECT {PERSON_COLUMNS} FROM person p WHERE p.national_code = ?1")
});

pub fn find_person(conn: &Connection, code: &NationalCode) -> Result<Option<PersonView>> {
    Ok(conn
        .prepare_cached(&PERSON_BY_CODE)?
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
    write_person(tx, None, p)?;
    get_person(tx, &p.national_code)
}

/// Adds a person whose national code the caller has just looked for in
/// this transaction and not found: one INSERT, nothing read back (a bulk
/// import).
pub(crate) fn insert_person(tx: &Transaction, p: &NewPerson) -> Result<()> {
    write_person(tx, None, p)
}

/// People an import adds, written many to a statement: each statement
/// costs its own set-up, binding and end, and 64 people to an INSERT made
/// the import of 100,000 people about 0.1 s faster than one each (with
/// the insert triggers set aside by `db::people_in_bulk`; with them, 0.3 s).
/// The people are written in the order they were added, so their ids are
/// the ones writing them one by one would give.
#[derive(Default)]
pub(crate) struct PeopleBatch {
    people: Vec<NewPerson>,
    codes: std::collections::HashSet<NationalCode>,
}

impl PeopleBatch {
    /// People in one statement; a write of fewer goes by the smaller sizes
    /// (so that few statements are prepared).
    const SIZES: [usize; 3] = [64, 8, 1];

    /// Adds a person whose national code the caller has looked for in this
    /// transaction, and among the people waiting here, and not found.
    pub(crate) fn push(&mut self, p: NewPerson) {
        self.codes.insert(p.national_code.clone());
        self.people.push(p);
    }

    /// Whether a person with this code, as a row writes it, waits to be
    /// written.
    pub(crate) fn holds_code(&self, raw: Option<&str>) -> bool {
        !self.codes.is_empty()
            && raw
                .and_then(|raw| NationalCode::parse(raw).ok())
                .is_some_and(|code| self.codes.contains(&code))
    }

    /// Enough people wait to fill a statement.
    pub(crate) fn is_full(&self) -> bool {
        self.people.len() >= Self::SIZES[0]
    }

    /// Writes every person waiting. The people passed every check of a
    /// form, and no one on file has their code: a failure here is the
    /// storage's, and the caller gives up the whole write.
    pub(crate) fn write(&mut self, tx: &Transaction) -> Result<()> {
        let stamp = now();
        let mut rest = &self.people[..];
        for size in Self::SIZES {
            while rest.len() >= size {
                let (chunk, after) = rest.split_at(size);
                insert_people(tx, chunk, &stamp)?;
                rest = after;
            }
        }
        self.people.clear();
        self.codes.clear();
        Ok(())
    }
}

/// The values of one person in [`insert_people_sql`], after the stamp.
const PERSON_VALUES: usize = 10;

/// The INSERT of `rows` people: made once for each of
/// [`PeopleBatch::SIZES`] (one person among them), else made now.
fn insert_people_sql(rows: usize) -> std::borrow::Cow<'static, str> {
    static SQL: std::sync::OnceLock<[String; 3]> = std::sync::OnceLock::new();
    let made = SQL.get_or_init(|| PeopleBatch::SIZES.map(people_sql));
    match PeopleBatch::SIZES.iter().position(|size| *size == rows) {
        Some(i) => made[i].as_str().into(),
        None => people_sql(rows).into(),
    }
}

/// An INSERT of `rows` people: the stamp is `?1`, then each person's
/// values in turn.
fn people_sql(rows: usize) -> String {
    let rows: Vec<String> = (0..rows)
        .map(|r| {
            let values: Vec<String> = (0..PERSON_VALUES)
                .map(|c| format!("?{}", 2 + r * PERSON_VALUES + c))
                .collect();
            format!("({}, ?1, ?1)", values.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO person (national_code, first_name, last_name, father_name, search_key,
                             sort_key, gender, birth_date, education, mobile, created_at, updated_at)
         VALUES {}",
        rows.join(", ")
    )
}

/// One INSERT of these people, all stamped `stamp`.
fn insert_people(tx: &Transaction, people: &[NewPerson], stamp: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached(&insert_people_sql(people.len()))?;
    stmt.raw_bind_parameter(1, stamp)?;
    for (r, p) in people.iter().enumerate() {
        let (search, sort) = p.keys();
        let at = 2 + r * PERSON_VALUES;
        stmt.raw_bind_parameter(at, p.national_code.as_str())?;
        stmt.raw_bind_parameter(at + 1, &p.first_name)?;
        stmt.raw_bind_parameter(at + 2, &p.last_name)?;
        stmt.raw_bind_parameter(at + 3, &p.father_name)?;
        stmt.raw_bind_parameter(at + 4, search)?;
        stmt.raw_bind_parameter(at + 5, sort)?;
        stmt.raw_bind_parameter(at + 6, p.gender.map(Gender::key))?;
        stmt.raw_bind_parameter(at + 7, p.birth_date.map(iso))?;
        stmt.raw_bind_parameter(at + 8, p.education.map(Education::key))?;
        stmt.raw_bind_parameter(at + 9, p.mobile.as_ref().map(Mobile::as_str))?;
    }
    stmt.raw_execute()?;
    Ok(())
}

/// Replaces the details of the person with this id, keeping the national
/// code: one UPDATE, nothing read back (a bulk import).
pub(crate) fn replace_person(tx: &Transaction, id: i64, p: &NewPerson) -> Result<()> {
    write_person(tx, Some(id), p)
}

/// Inserts a person (`id` is `None`) or replaces the details of the one
/// with this id.
fn write_person(tx: &Transaction, id: Option<i64>, p: &NewPerson) -> Result<()> {
    let Some(id) = id else {
        return insert_people(tx, std::slice::from_ref(p), &now());
    };
    let sql = "UPDATE person SET national_code = :national_code, first_name = :first_name,
                last_name = :last_name, father_name = :father_name, search_key = :search_key,
                sort_key = :sort_key, gender = :gender, birth_date = :birth_date,
                education = :education, mobile = :mobile, updated_at = :now
         WHERE id = :id";
    let (search, sort) = p.keys();
    tx.prepare_cached(sql)?.execute(named_params! {
        ":id": id,
        ":national_code": p.national_code.as_str(),
        ":first_name": p.first_name,
        ":last_name": p.last_name,
        ":father_name": p.father_name,
        ":search_key": search,
        ":sort_key": sort,
        ":gender": p.gender.map(Gender::key),
        ":birth_date": p.birth_date.map(iso),
        ":education": p.education.map(Education::key),
        ":mobile": p.mobile.as_ref().map(Mobile::as_str),
        ":now": now(),
    })?;
    Ok(())
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
    write_person(tx, Some(current.id), p)?;
    get_person(tx, &p.national_code)
}

pub fn get_person_by_id(conn: &Connection, id: i64) -> Result<PersonView> {
    row_by_id(
        conn,
        &format!("SELECT {PERSON_COLUMNS} FROM person p WHERE p.id = ?1"),
        id,
        person_from_row,
        Entity::Person,
        "شناسه داخلی",
    )
}

/// A person by the code as stored, whether or not it passes its checksum:
/// a record with a mistyped code must still be found, to be merged away.
/// Digits in any script and separators are accepted, as everywhere.
pub fn find_person_by_stored_code(conn: &Connection, raw: &str) -> Result<Option<PersonView>> {
    let Some(digits) = code_digits(raw.trim()) else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached(&PERSON_BY_CODE)?
        .query_row([digits], person_from_row)
        .optional()?)
}
