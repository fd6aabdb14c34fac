//! Merging a record entered twice: two cooperatives (or two unions) under
//! different national IDs, or two people whose national codes differ by a
//! typo.
//!
//! - The record kept is the clerk's choice, except that a record whose
//!   identifier fails its checksum is never kept over one whose identifier
//!   passes.
//! - Everything that points at the removed record moves to the kept one:
//!   memberships, union memberships (both directions), need lines with
//!   their nominees and history, referrals. Where both records hold the
//!   same thing (the same role, the same union, the same need line, the
//!   same nominee) the two become one, and every referral survives.
//! - Empty fields of the kept record are filled from the removed one.
//! - The removed record is deleted, so its delete trigger keeps its whole
//!   row in the audit log, and one `merge` row says into which record it
//!   went and why.
//! - It all runs in one transaction; a preview runs the same steps and
//!   rolls back, so it tells exactly what the merge will do.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Db;
use crate::error::{Entity, Error, Field, FieldError, Problem, Result};
use crate::ids::{NationalCode, NationalId};
use crate::jalali::{now, parse_iso, to_jalali};
use crate::model::Role;
use crate::registry::{self, OrgView, PersonView};
use crate::text::{clean_text, code_digits, to_persian_digits};

const MAX_REASON: usize = 500;

/// One side of a merge as it was before: the record, whether its
/// identifier passes its checksum, and how much points at it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OrgSide {
    pub org: OrgView,
    pub id_valid: bool,
    /// Why the national ID is not valid, in Persian; empty when it is.
    pub id_problem: Option<String>,
    pub counts: MergeCounts,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PersonSide {
    pub person: PersonView,
    pub code_valid: bool,
    /// Why the national code is not valid, in Persian; empty when it is.
    pub code_problem: Option<String>,
    pub counts: MergeCounts,
}

/// Rows that point at a record, or that moved to the kept one.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct MergeCounts {
    /// Memberships (a person's role in a cooperative).
    pub roles: u32,
    /// Union memberships, in either direction.
    pub unions: u32,
    pub needs: u32,
    pub nominees: u32,
    pub referrals: u32,
}

/// What a merge of two organizations does (a preview) or did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OrgMerge {
    /// The two records as they were, in the order asked.
    pub first: OrgSide,
    pub second: OrgSide,
    pub keep_id: i64,
    pub removed_id: i64,
    /// Only the kept one may be kept: the other's national ID fails its
    /// checksum and the kept one's passes.
    pub keep_fixed: bool,
    /// What moved from the removed record to the kept one.
    pub moved: MergeCounts,
    /// Where both held the same thing, and how it became one (Persian).
    pub collisions: Vec<String>,
    /// The kept record's fields filled from the removed one (Persian names).
    pub filled: Vec<String>,
    /// The merge's row in the audit log; `None` for a preview.
    pub audit_id: Option<i64>,
}

/// What a merge of two people does (a preview) or did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PersonMerge {
    pub first: PersonSide,
    pub second: PersonSide,
    pub keep_code: String,
    pub removed_code: String,
    pub keep_fixed: bool,
    pub moved: MergeCounts,
    pub collisions: Vec<String>,
    pub filled: Vec<String>,
    pub audit_id: Option<i64>,
}

/// A merge of two organizations as asked, by internal id. Without `keep`
/// the one with the valid national ID is kept, or else the first.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OrgMergeInput {
    pub first: i64,
    pub second: i64,
    pub keep: Option<i64>,
    #[serde(default)]
    pub reason: String,
}

/// A merge of two people as asked, by national code as stored. Without
/// `keep` the one with the valid code is kept, or else the first.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PersonMergeInput {
    pub first: String,
    pub second: String,
    pub keep: Option<String>,
    #[serde(default)]
    pub reason: String,
}

/// Whether to write the merge or only say what it would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Preview,
    Confirm,
}

/// A cooperative or union named on the command line: its national ID as
/// stored (11 digits, valid or not), or its internal number.
pub fn find_org_key(conn: &Connection, raw: &str) -> Result<OrgView> {
    let digits = code_digits(raw.trim()).unwrap_or_default();
    let not_found = || Error::NotFound {
        entity: Entity::Organization,
        key_label: "شناسه ملی یا شماره داخلی",
        key: raw.trim().to_owned(),
    };
    if digits.len() == 11 {
        return registry::find_org_by_stored_id(conn, &digits)?.ok_or_else(not_found);
    }
    match digits.parse::<i64>() {
        Ok(id) if !digits.is_empty() => registry::get_org_by_id(conn, id).map_err(|_| not_found()),
        _ => Err(not_found()),
    }
}

fn find_person(conn: &Connection, raw: &str) -> Result<PersonView> {
    registry::find_person_by_stored_code(conn, raw)?.ok_or_else(|| Error::NotFound {
        entity: Entity::Person,
        key_label: Field::NationalCode.label(),
        key: raw.trim().to_owned(),
    })
}

/// Previews (rolled back) or performs the merge of two cooperatives or two
/// unions.
pub fn merge_orgs(db: &mut Db, input: &OrgMergeInput, mode: Mode) -> Result<OrgMerge> {
    db.write_if(|tx| Ok((merge_orgs_in(tx, input, mode)?, mode == Mode::Confirm)))
}

/// Previews (rolled back) or performs the merge of two people.
pub fn merge_people(db: &mut Db, input: &PersonMergeInput, mode: Mode) -> Result<PersonMerge> {
    db.write_if(|tx| Ok((merge_people_in(tx, input, mode)?, mode == Mode::Confirm)))
}

fn reason_of(raw: &str, mode: Mode) -> Result<String> {
    let reason = clean_text(raw);
    if mode == Mode::Confirm && reason.is_empty() {
        return Err(FieldError::new(Field::Reason, raw, Problem::Required).into());
    }
    if reason.chars().count() > MAX_REASON {
        return Err(
            FieldError::new(Field::Reason, raw, Problem::TooLong { max: MAX_REASON }).into(),
        );
    }
    Ok(reason)
}

/// Which of two records is kept. `valid` says whose identifier passes its
/// checksum; a record that fails is never kept over one that passes.
fn choose<'a, T>(
    first: (&'a T, bool),
    second: (&'a T, bool),
    keep: Option<bool>,
    refusal: impl FnOnce(&T, &T) -> String,
) -> Result<(bool, bool)> {
    // (keep the first?, fixed?)
    let fixed = first.1 != second.1;
    let keep_first = match keep {
        Some(k) => k,
        None => first.1 || !second.1,
    };
    let (kept, other) = if keep_first {
        (first, second)
    } else {
        (second, first)
    };
    if !kept.1 && other.1 {
        return Err(Error::Refused(refusal(kept.0, other.0)));
    }
    Ok((keep_first, fixed))
}

/// When both identifiers pass their checksum, or neither does, only the
/// clerk knows which record is right: a merge needs their choice.
fn require_choice(mode: Mode, chosen: bool, fixed: bool) -> Result<()> {
    if mode == Mode::Confirm && !chosen && !fixed {
        return Err(Error::Refused(
            "شناسهٔ هر دو رکورد یکسان معتبر یا نامعتبر است؛ بگویید کدام نگه داشته شود.".into(),
        ));
    }
    Ok(())
}

fn count(tx: &Connection, sql: &str, id: i64) -> Result<u32> {
    Ok(tx.query_row(sql, [id], |r| r.get(0))?)
}

fn org_counts(c: &Connection, id: i64) -> Result<MergeCounts> {
    Ok(MergeCounts {
        roles: count(
            c,
            "SELECT count(*) FROM membership WHERE organization_id = ?1",
            id,
        )?,
        unions: count(
            c,
            "SELECT count(*) FROM union_membership WHERE union_id = ?1 OR cooperative_id = ?1",
            id,
        )?,
        needs: count(
            c,
            "SELECT count(*) FROM need_line WHERE organization_id = ?1",
            id,
        )?,
        nominees: count(
            c,
            "SELECT count(*) FROM nominee m JOIN need_line n ON n.id = m.need_line_id
             WHERE n.organization_id = ?1",
            id,
        )?,
        referrals: count(
            c,
            "SELECT count(*) FROM referral WHERE organization_id = ?1",
            id,
        )?,
    })
}

fn person_counts(c: &Connection, id: i64) -> Result<MergeCounts> {
    Ok(MergeCounts {
        roles: count(
            c,
            "SELECT count(*) FROM membership WHERE person_id = ?1",
            id,
        )?,
        unions: 0,
        needs: count(
            c,
            "SELECT count(DISTINCT need_line_id) FROM nominee WHERE person_id = ?1",
            id,
        )?,
        nominees: count(c, "SELECT count(*) FROM nominee WHERE person_id = ?1", id)?,
        referrals: count(c, "SELECT count(*) FROM referral WHERE person_id = ?1", id)?,
    })
}

fn org_side(c: &Connection, org: OrgView) -> Result<OrgSide> {
    let id_problem = match &org.national_id {
        None => Some("شناسه ملی ثبت نشده است.".to_owned()),
        Some(nid) => NationalId::parse(nid).err().map(|e| e.to_string()),
    };
    Ok(OrgSide {
        counts: org_counts(c, org.id)?,
        id_valid: id_problem.is_none(),
        id_problem,
        org,
    })
}

fn person_side(c: &Connection, person: PersonView) -> Result<PersonSide> {
    let code_problem = NationalCode::parse(&person.national_code)
        .err()
        .map(|e| e.to_string());
    Ok(PersonSide {
        counts: person_counts(c, person.id)?,
        code_valid: code_problem.is_none(),
        code_problem,
        person,
    })
}

fn persian(n: i64) -> String {
    to_persian_digits(&n.to_string())
}

fn id_text(nid: &Option<String>) -> String {
    match nid {
        Some(n) => format!("شناسه ملی {}", to_persian_digits(n)),
        None => "بدون شناسه ملی".to_owned(),
    }
}

fn merge_orgs_in(tx: &Transaction, input: &OrgMergeInput, mode: Mode) -> Result<OrgMerge> {
    let reason = reason_of(&input.reason, mode)?;
    if input.first == input.second {
        return Err(Error::Refused(
            "یک تعاونی را نمی‌توان با خودش ادغام کرد؛ رکورد دوم را انتخاب کنید.".into(),
        ));
    }
    let first = org_side(tx, registry::get_org_by_id(tx, input.first)?)?;
    let second = org_side(tx, registry::get_org_by_id(tx, input.second)?)?;
    if first.org.kind != second.org.kind {
        return Err(Error::Refused(format!(
            "«{}» {} است و «{}» {}؛ فقط دو تعاونی یا دو اتحادیه با هم ادغام می‌شوند.",
            first.org.name, first.org.kind_label, second.org.name, second.org.kind_label
        )));
    }
    let keep = match input.keep {
        None => None,
        Some(k) if k == input.first => Some(true),
        Some(k) if k == input.second => Some(false),
        Some(k) => {
            return Err(Error::Refused(format!(
                "رکوردی که نگه داشته می‌شود (شماره {}) یکی از این دو نیست.",
                persian(k)
            )))
        }
    };
    let (keep_first, keep_fixed) = choose(
        (&first, first.id_valid),
        (&second, second.id_valid),
        keep,
        |kept, other| {
            format!(
                "«{}» ({}) را نمی‌توان نگه داشت: {} «{}» ({}) شناسه ملی معتبر دارد؛ رکورد با شناسه معتبر نگه داشته می‌شود.",
                kept.org.name,
                id_text(&kept.org.national_id),
                kept.id_problem.as_deref().unwrap_or_default(),
                other.org.name,
                id_text(&other.org.national_id),
            )
        },
    )?;
    require_choice(mode, keep.is_some(), keep_fixed)?;
    let (kept, removed) = if keep_first {
        (&first, &second)
    } else {
        (&second, &first)
    };
    let (k, r) = (kept.org.id, removed.org.id);
    let mut m = Merger::default();

    // People's roles.
    let roles: Vec<(i64, i64, Role)> = rows(
        tx,
        "SELECT id, person_id, role FROM membership WHERE organization_id = ?1 ORDER BY id",
        r,
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    for (id, person, role) in roles {
        let same = "person_id = ?1 AND organization_id = ?2 AND role = ?3";
        if let Some(into) = m.fold_membership(tx, id, same, params![person, k, role.key()])? {
            let name = registry::get_person_by_id(tx, person)?.full_name;
            m.collisions.push(format!(
                "«{name}» با نقش «{}» در هر دو ثبت بود؛ دو دوره هم‌پوشان یکی شد{into}.",
                role.label()
            ));
        } else {
            tx.execute(
                "UPDATE membership SET organization_id = ?1 WHERE id = ?2",
                params![k, id],
            )?;
            m.moved.roles += 1;
        }
    }

    // Union memberships, in both directions.
    let links: Vec<(i64, i64, i64)> = rows(
        tx,
        "SELECT id, union_id, cooperative_id FROM union_membership
         WHERE union_id = ?1 OR cooperative_id = ?1 ORDER BY id",
        r,
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    for (id, union_id, coop_id) in links {
        let swap = |x: i64| if x == r { k } else { x };
        let (u, c) = (swap(union_id), swap(coop_id));
        if u == c {
            tx.execute("DELETE FROM union_membership WHERE id = ?1", [id])?;
            m.collisions.push(format!(
                "«{}» و «{}» به هم پیوند عضویت در اتحادیه داشتند؛ پس از ادغام یکی‌اند و این پیوند برداشته شد.",
                removed.org.name, kept.org.name
            ));
            continue;
        }
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM union_membership WHERE union_id = ?1 AND cooperative_id = ?2",
                params![u, c],
                |row| row.get(0),
            )
            .optional()?;
        match existing {
            Some(into) => {
                m.join_spans(tx, "union_membership", id, into)?;
                let other = registry::get_org_by_id(tx, if u == k { c } else { u })?;
                m.collisions.push(if u == k {
                    format!(
                        "تعاونی «{}» عضو هر دو اتحادیه بود؛ دو عضویت یکی شد.",
                        other.name
                    )
                } else {
                    format!(
                        "عضویت در اتحادیه «{}» در هر دو ثبت بود؛ دو عضویت یکی شد.",
                        other.name
                    )
                });
            }
            None => {
                tx.execute(
                    "UPDATE union_membership SET union_id = ?1, cooperative_id = ?2 WHERE id = ?3",
                    params![u, c, id],
                )?;
                m.moved.unions += 1;
            }
        }
    }

    // Need lines, in roadmap order after the kept one's own.
    let lines: Vec<(i64, i64, String, i64)> = rows(
        tx,
        "SELECT id, campaign_id, target_role, course_id FROM need_line
         WHERE organization_id = ?1 ORDER BY position, id",
        r,
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )?;
    let mut position: i64 = tx.query_row(
        "SELECT coalesce(max(position), 0) FROM need_line WHERE organization_id = ?1",
        [k],
        |row| row.get(0),
    )?;
    for (id, campaign, target_role, course) in lines {
        let twin: Option<i64> = tx
            .query_row(
                "SELECT id FROM need_line WHERE campaign_id = ?1 AND organization_id = ?2
                   AND target_role = ?3 AND course_id = ?4",
                params![campaign, k, target_role, course],
                |row| row.get(0),
            )
            .optional()?;
        match twin {
            Some(into) => m.fold_need_line(tx, id, into, &reason, &removed.org.name)?,
            None => {
                position += 1;
                let nominees = count(
                    tx,
                    "SELECT count(*) FROM nominee WHERE need_line_id = ?1",
                    id,
                )?;
                tx.execute(
                    "UPDATE need_line SET organization_id = ?1, position = ?2, updated_at = ?3 WHERE id = ?4",
                    params![k, position, now(), id],
                )?;
                m.moved.needs += 1;
                m.moved.nominees += nominees;
            }
        }
    }

    m.moved.referrals += tx.execute(
        "UPDATE referral SET organization_id = ?1, updated_at = ?2 WHERE organization_id = ?3",
        params![k, now(), r],
    )? as u32;

    // The removed row, read raw for the fill, then deleted: its delete
    // trigger writes the whole row to the audit log.
    let filled = fill_org(tx, k, r)?;
    let audit_id = if mode == Mode::Confirm {
        Some(write_merge_audit(
            tx,
            "organization",
            r,
            serde_json::json!({
                "name": removed.org.name,
                "national_id": removed.org.national_id,
            }),
            serde_json::json!({
                "merged_into": k,
                "name": kept.org.name,
                "national_id": kept.org.national_id,
                "reason": reason,
                "filled": (!filled.is_empty()).then(|| filled.join("، ")),
            }),
        )?)
    } else {
        None
    };
    Ok(OrgMerge {
        keep_id: k,
        removed_id: r,
        keep_fixed,
        moved: m.moved,
        collisions: m.collisions,
        filled,
        audit_id,
        first,
        second,
    })
}

/// The columns of an organization filled from the removed record when the
/// kept one has none, with their Persian names.
const ORG_FILLS: &[(&str, Field)] = &[
    ("registration_no", Field::RegistrationNo),
    ("registry_office", Field::RegistryOffice),
    ("orientation_id", Field::Orientation),
    ("activity", Field::Activity),
    ("county_id", Field::County),
    ("founded_on", Field::FoundedOn),
    ("member_count", Field::MemberCount),
    ("phone", Field::Phone),
    ("mobile", Field::Mobile),
    ("email", Field::Email),
    ("address", Field::Address),
    ("postal_code", Field::PostalCode),
];

const PERSON_FILLS: &[(&str, Field)] = &[
    ("father_name", Field::FatherName),
    ("gender", Field::Gender),
    ("birth_date", Field::BirthDate),
    ("education", Field::Education),
    ("mobile", Field::Mobile),
];

/// Copies the removed row's values into the kept row's empty columns,
/// deletes the removed row, and names the columns filled.
fn fill_from(
    tx: &Transaction,
    table: &str,
    columns: &[(&str, Field)],
    kept: i64,
    removed: i64,
) -> Result<Vec<String>> {
    let mut filled = Vec::new();
    let mut values = Vec::new();
    for (column, field) in columns {
        let (k, r): (rusqlite::types::Value, rusqlite::types::Value) = tx.query_row(
            &format!(
                "SELECT k.{column}, r.{column} FROM {table} k, {table} r WHERE k.id = ?1 AND r.id = ?2"
            ),
            params![kept, removed],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let empty = |v: &rusqlite::types::Value| match v {
            rusqlite::types::Value::Null => true,
            rusqlite::types::Value::Text(s) => s.trim().is_empty(),
            _ => false,
        };
        if empty(&k) && !empty(&r) {
            filled.push(field.label().to_owned());
            values.push((*column, r));
        }
    }
    tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [removed])?;
    for (column, value) in values {
        tx.execute(
            &format!("UPDATE {table} SET {column} = ?1, updated_at = ?2 WHERE id = ?3"),
            params![value, now(), kept],
        )?;
    }
    Ok(filled)
}

fn fill_org(tx: &Transaction, kept: i64, removed: i64) -> Result<Vec<String>> {
    fill_from(tx, "organization", ORG_FILLS, kept, removed)
}

fn write_merge_audit(
    tx: &Transaction,
    entity: &str,
    removed: i64,
    old: serde_json::Value,
    new: serde_json::Value,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
         VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'merge', ?1, ?2, ?3, ?4,
                 (SELECT value FROM meta WHERE key = 'actor'))",
        params![entity, removed, old.to_string(), new.to_string()],
    )?;
    Ok(tx.last_insert_rowid())
}

fn rows<T>(
    tx: &Connection,
    sql: &str,
    id: i64,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    Ok(tx
        .prepare(sql)?
        .query_map([id], map)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The rank of a nominee's status when two become one: the further one wins.
const NOMINEE_RANK: &str = "CASE status WHEN 'trained' THEN 2 WHEN 'open' THEN 1 ELSE 0 END";

/// The rank of a need line's status when two become one.
const NEED_RANK: &str =
    "CASE status WHEN 'fulfilled' THEN 6 WHEN 'planned' THEN 5 WHEN 'approved' THEN 4
     WHEN 'submitted' THEN 3 WHEN 'draft' THEN 2 WHEN 'deferred' THEN 1 ELSE 0 END";

#[derive(Default)]
struct Merger {
    moved: MergeCounts,
    collisions: Vec<String>,
}

type Span = (Option<String>, Option<String>);

fn day(iso: &Option<String>) -> Option<NaiveDate> {
    iso.as_deref().and_then(parse_iso)
}

/// Whether two date spans overlap; an open start or end runs without limit.
fn overlap(a: &Span, b: &Span) -> bool {
    let starts_before_end = |s: &Option<String>, e: &Option<String>| match (day(s), day(e)) {
        (Some(s), Some(e)) => s <= e,
        _ => true,
    };
    starts_before_end(&a.0, &b.1) && starts_before_end(&b.0, &a.1)
}

/// The span covering both: the earlier known start, and no end when either
/// is still open.
fn union_span(a: &Span, b: &Span) -> Span {
    let start = match (day(&a.0), day(&b.0)) {
        (Some(x), Some(y)) => Some(if x <= y { &a.0 } else { &b.0 }),
        (Some(_), None) => Some(&a.0),
        (None, Some(_)) => Some(&b.0),
        (None, None) => None,
    }
    .and_then(|s| s.clone());
    let end = match (day(&a.1), day(&b.1)) {
        (Some(x), Some(y)) => Some(if x >= y { a.1.clone() } else { b.1.clone() }).flatten(),
        _ => None,
    };
    (start, end)
}

fn span_text(s: &Span) -> String {
    let j = |d: &Option<String>| day(d).map(|d| to_persian_digits(&to_jalali(d).to_ascii()));
    match (j(&s.0), j(&s.1)) {
        (Some(a), Some(b)) => format!(" (از {a} تا {b})"),
        (Some(a), None) => format!(" (از {a})"),
        (None, Some(b)) => format!(" (تا {b})"),
        (None, None) => String::new(),
    }
}

impl Merger {
    /// Folds membership `id` into a membership of the kept record that
    /// matches `same` and whose dates overlap it: the one left spans both.
    /// Answers the span it now has, or `None` when nothing overlapped
    /// (two separate periods are both history, and both are kept).
    fn fold_membership(
        &mut self,
        tx: &Transaction,
        id: i64,
        same: &str,
        args: impl rusqlite::Params,
    ) -> Result<Option<String>> {
        let span = |id: i64| -> Result<Span> {
            Ok(tx.query_row(
                "SELECT start_date, end_date FROM membership WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        };
        let mine = span(id)?;
        let candidates: Vec<i64> = tx
            .prepare(&format!(
                "SELECT id FROM membership WHERE {same} ORDER BY id"
            ))?
            .query_map(args, |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for into in candidates {
            let theirs = span(into)?;
            if overlap(&mine, &theirs) {
                let both = union_span(&mine, &theirs);
                tx.execute("DELETE FROM membership WHERE id = ?1", [id])?;
                tx.execute(
                    "UPDATE membership SET start_date = ?1, end_date = ?2 WHERE id = ?3",
                    params![both.0, both.1, into],
                )?;
                return Ok(Some(span_text(&both)));
            }
        }
        Ok(None)
    }

    /// Folds union membership `id` into `into`, the same union and
    /// cooperative: the one left spans both.
    fn join_spans(&mut self, tx: &Transaction, table: &str, id: i64, into: i64) -> Result<()> {
        let span = |id: i64| -> Result<Span> {
            Ok(tx.query_row(
                &format!("SELECT start_date, end_date FROM {table} WHERE id = ?1"),
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        };
        let both = union_span(&span(id)?, &span(into)?);
        tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        tx.execute(
            &format!("UPDATE {table} SET start_date = ?1, end_date = ?2 WHERE id = ?3"),
            params![both.0, both.1, into],
        )?;
        Ok(())
    }

    /// Folds nominee `id` into `into`, the same person on the same line: the
    /// further status stays.
    fn fold_nominee(&mut self, tx: &Transaction, id: i64, into: i64) -> Result<()> {
        tx.execute(
            &format!(
                "UPDATE nominee SET status = (SELECT status FROM nominee WHERE id IN (?1, ?2)
                     ORDER BY {NOMINEE_RANK} DESC LIMIT 1)
                 WHERE id = ?2"
            ),
            params![id, into],
        )?;
        tx.execute("DELETE FROM nominee WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Two lines of the same campaign, target and course: the removed
    /// record's line `from` becomes part of `into`. Its nominees, referrals
    /// and history move over; the line left has the further status, the
    /// larger counts and level, and both notes; its history says so.
    fn fold_need_line(
        &mut self,
        tx: &Transaction,
        from: i64,
        into: i64,
        reason: &str,
        removed_name: &str,
    ) -> Result<()> {
        let course: String = tx.query_row(
            "SELECT c.title FROM need_line n JOIN course c ON c.id = n.course_id WHERE n.id = ?1",
            [from],
            |r| r.get(0),
        )?;
        let nominees: Vec<(i64, i64)> = rows(
            tx,
            "SELECT id, person_id FROM nominee WHERE need_line_id = ?1 ORDER BY id",
            from,
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (id, person) in nominees {
            let twin: Option<i64> = tx
                .query_row(
                    "SELECT id FROM nominee WHERE need_line_id = ?1 AND person_id = ?2",
                    params![into, person],
                    |r| r.get(0),
                )
                .optional()?;
            match twin {
                Some(t) => {
                    self.fold_nominee(tx, id, t)?;
                    let name = registry::get_person_by_id(tx, person)?.full_name;
                    self.collisions.push(format!(
                        "«{name}» در هر دو ردیف نیاز دوره «{course}» نامزد بود؛ یکی ماند."
                    ));
                }
                None => {
                    tx.execute(
                        "UPDATE nominee SET need_line_id = ?1 WHERE id = ?2",
                        params![into, id],
                    )?;
                    self.moved.nominees += 1;
                }
            }
        }
        tx.execute(
            "UPDATE referral SET need_line_id = ?1 WHERE need_line_id = ?2",
            params![into, from],
        )?;
        tx.execute(
            "UPDATE need_history SET need_line_id = ?1 WHERE need_line_id = ?2",
            params![into, from],
        )?;
        let before: String =
            tx.query_row("SELECT status FROM need_line WHERE id = ?1", [into], |r| {
                r.get(0)
            })?;
        let open_nominees = count(
            tx,
            "SELECT count(*) FROM nominee WHERE need_line_id = ?1 AND status <> 'withdrawn'",
            into,
        )?;
        tx.execute(
            &format!(
                "UPDATE need_line SET
                   status = (SELECT status FROM need_line WHERE id IN (?1, ?2) ORDER BY {NEED_RANK} DESC, id = ?2 DESC LIMIT 1),
                   approved_at = (SELECT approved_at FROM need_line WHERE id IN (?1, ?2) ORDER BY {NEED_RANK} DESC, id = ?2 DESC LIMIT 1),
                   requested = max(requested, (SELECT requested FROM need_line WHERE id = ?1)),
                   approved = CASE
                       WHEN approved IS NULL AND (SELECT approved FROM need_line WHERE id = ?1) IS NULL THEN NULL
                       ELSE max(coalesce(approved, 0), coalesce((SELECT approved FROM need_line WHERE id = ?1), 0), ?3) END,
                   need_level = max(need_level, (SELECT need_level FROM need_line WHERE id = ?1)),
                   source = CASE WHEN (SELECT source FROM need_line WHERE id = ?1) = 'self_applied' THEN 'self_applied' ELSE source END,
                   target_year = coalesce(target_year, (SELECT target_year FROM need_line WHERE id = ?1)),
                   target_month = coalesce(target_month, (SELECT target_month FROM need_line WHERE id = ?1)),
                   notes = CASE
                       WHEN (SELECT notes FROM need_line WHERE id = ?1) IS NULL OR notes IS (SELECT notes FROM need_line WHERE id = ?1) THEN notes
                       WHEN notes IS NULL THEN (SELECT notes FROM need_line WHERE id = ?1)
                       ELSE notes || char(10) || (SELECT notes FROM need_line WHERE id = ?1) END,
                   updated_at = ?4
                 WHERE id = ?2"
            ),
            params![from, into, open_nominees, now()],
        )?;
        let after: String =
            tx.query_row("SELECT status FROM need_line WHERE id = ?1", [into], |r| {
                r.get(0)
            })?;
        tx.execute(
            "INSERT INTO need_history (need_line_id, at, from_status, to_status, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                into,
                now(),
                before,
                after,
                format!(
                    "ادغام با ردیف {} از «{removed_name}»: {reason}",
                    persian(from)
                )
            ],
        )?;
        tx.execute("DELETE FROM need_line WHERE id = ?1", [from])?;
        self.collisions.push(format!(
            "ردیف نیاز دوره «{course}» در هر دو بود؛ ردیف {} در ردیف {} ادغام شد و نامزدها، معرفی‌ها و سابقه‌اش به آن رفت.",
            persian(from),
            persian(into)
        ));
        Ok(())
    }
}

fn merge_people_in(tx: &Transaction, input: &PersonMergeInput, mode: Mode) -> Result<PersonMerge> {
    let reason = reason_of(&input.reason, mode)?;
    let first = person_side(tx, find_person(tx, &input.first)?)?;
    let second = person_side(tx, find_person(tx, &input.second)?)?;
    if first.person.id == second.person.id {
        return Err(Error::Refused(
            "یک شخص را نمی‌توان با خودش ادغام کرد؛ کد ملی دوم را انتخاب کنید.".into(),
        ));
    }
    let keep = match &input.keep {
        None => None,
        Some(raw) => {
            let digits = code_digits(raw.trim()).unwrap_or_default();
            if digits == first.person.national_code {
                Some(true)
            } else if digits == second.person.national_code {
                Some(false)
            } else {
                return Err(FieldError::new(
                    Field::NationalCode,
                    raw,
                    Problem::NotOneOf(vec!["یکی از دو کد ملی ادغام"]),
                )
                .into());
            }
        }
    };
    let (keep_first, keep_fixed) = choose(
        (&first, first.code_valid),
        (&second, second.code_valid),
        keep,
        |kept, other| {
            format!(
                "«{}» با کد ملی {} را نمی‌توان نگه داشت: {} کد ملی {} ِ «{}» معتبر است؛ رکورد با کد معتبر نگه داشته می‌شود.",
                kept.person.full_name,
                to_persian_digits(&kept.person.national_code),
                kept.code_problem.as_deref().unwrap_or_default(),
                to_persian_digits(&other.person.national_code),
                other.person.full_name,
            )
        },
    )?;
    require_choice(mode, keep.is_some(), keep_fixed)?;
    let (kept, removed) = if keep_first {
        (&first, &second)
    } else {
        (&second, &first)
    };
    let (k, r) = (kept.person.id, removed.person.id);
    let mut m = Merger::default();

    // The same person twice in one round for one course is two referrals
    // the TVTO received; neither may be dropped, so the clerk settles it
    // in the round first.
    let clash: Option<(i64, String)> = tx
        .query_row(
            "SELECT rr.number, c.title FROM referral a
             JOIN referral b ON b.round_id = a.round_id AND b.course_id = a.course_id
             JOIN referral_round rr ON rr.id = a.round_id JOIN course c ON c.id = a.course_id
             WHERE a.person_id = ?1 AND b.person_id = ?2 LIMIT 1",
            params![r, k],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    if let Some((round, course)) = clash {
        return Err(Error::Refused(format!(
            "هر دو رکورد در نوبت {} برای دوره «{course}» معرفی شده‌اند و هیچ معرفی‌ای نباید از دست برود؛ \
             ادغام انجام نشد. نخست وضعیت یکی از این دو معرفی را در همان نوبت روشن کنید.",
            persian(round)
        )));
    }

    let roles: Vec<(i64, i64, Role)> = rows(
        tx,
        "SELECT id, organization_id, role FROM membership WHERE person_id = ?1 ORDER BY id",
        r,
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    for (id, org, role) in roles {
        let same = "person_id = ?1 AND organization_id = ?2 AND role = ?3";
        if let Some(into) = m.fold_membership(tx, id, same, params![k, org, role.key()])? {
            let name = registry::get_org_by_id(tx, org)?.name;
            m.collisions.push(format!(
                "هر دو با نقش «{}» در «{name}» ثبت بودند؛ دو دوره هم‌پوشان یکی شد{into}.",
                role.label()
            ));
        } else {
            tx.execute(
                "UPDATE membership SET person_id = ?1 WHERE id = ?2",
                params![k, id],
            )?;
            m.moved.roles += 1;
        }
    }

    let nominees: Vec<(i64, i64)> = rows(
        tx,
        "SELECT id, need_line_id FROM nominee WHERE person_id = ?1 ORDER BY id",
        r,
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    for (id, line) in nominees {
        let twin: Option<i64> = tx
            .query_row(
                "SELECT id FROM nominee WHERE need_line_id = ?1 AND person_id = ?2",
                params![line, k],
                |row| row.get(0),
            )
            .optional()?;
        match twin {
            Some(t) => {
                m.fold_nominee(tx, id, t)?;
                let (course, org): (String, String) = tx.query_row(
                    "SELECT c.title, o.name FROM need_line n JOIN course c ON c.id = n.course_id
                     JOIN organization o ON o.id = n.organization_id WHERE n.id = ?1",
                    [line],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )?;
                m.collisions.push(format!(
                    "هر دو در ردیف نیاز {} (دوره «{course}» در «{org}») نامزد بودند؛ یکی ماند.",
                    persian(line)
                ));
            }
            None => {
                tx.execute(
                    "UPDATE nominee SET person_id = ?1 WHERE id = ?2",
                    params![k, id],
                )?;
                m.moved.nominees += 1;
                m.moved.needs += 1;
            }
        }
    }

    m.moved.referrals += tx.execute(
        "UPDATE referral SET person_id = ?1, updated_at = ?2 WHERE person_id = ?3",
        params![k, now(), r],
    )? as u32;

    let filled = fill_from(tx, "person", PERSON_FILLS, k, r)?;
    let audit_id = if mode == Mode::Confirm {
        Some(write_merge_audit(
            tx,
            "person",
            r,
            serde_json::json!({
                "national_code": removed.person.national_code,
                "first_name": removed.person.first_name,
                "last_name": removed.person.last_name,
            }),
            serde_json::json!({
                "merged_into": k,
                "national_code": kept.person.national_code,
                "first_name": kept.person.first_name,
                "last_name": kept.person.last_name,
                "reason": reason,
                "filled": (!filled.is_empty()).then(|| filled.join("، ")),
            }),
        )?)
    } else {
        None
    };
    Ok(PersonMerge {
        keep_code: kept.person.national_code.clone(),
        removed_code: removed.person.national_code.clone(),
        keep_fixed,
        moved: m.moved,
        collisions: m.collisions,
        filled,
        audit_id,
        first,
        second,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: Option<&str>, b: Option<&str>) -> Span {
        (a.map(str::to_owned), b.map(str::to_owned))
    }

    #[test]
    fn spans_overlap_when_open_ends_run_on() {
        assert!(overlap(&s(None, None), &s(Some("2020-01-01"), None)));
        assert!(overlap(
            &s(Some("2020-01-01"), Some("2021-01-01")),
            &s(Some("2020-06-01"), None)
        ));
        assert!(!overlap(
            &s(Some("2020-01-01"), Some("2021-01-01")),
            &s(Some("2022-01-01"), None)
        ));
    }

    #[test]
    fn joined_span_keeps_earliest_start_and_stays_open() {
        assert_eq!(
            union_span(
                &s(Some("2021-01-01"), None),
                &s(Some("2020-01-01"), Some("2022-01-01"))
            ),
            s(Some("2020-01-01"), None)
        );
        assert_eq!(
            union_span(
                &s(None, Some("2021-01-01")),
                &s(Some("2020-01-01"), Some("2022-01-01"))
            ),
            s(Some("2020-01-01"), Some("2022-01-01"))
        );
    }
}
