//! Needs assessment and each cooperative's training roadmap: campaigns, need
//! lines with their status history, nominees, and course suggestions.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{self, CourseView};
use crate::db::row_by_id;
use crate::error::{Entity, Error, Field, FieldError, Problem, Result};
use crate::ids::NationalCode;
use crate::jalali::{iso, jalali_of_iso, parse_jalali, parse_period, MONTH_NAMES};
use crate::model::{move_note, NeedSource, NeedStatus, OrgField, Role, TargetRole};
use crate::registry::{self, now, whole_number};
use crate::text::{ascii_digit, clean_text, search_key, to_persian_digits};

// ---------------------------------------------------------------------------
// Campaigns

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CampaignInput {
    pub title: String,
    /// Jalali.
    pub starts_on: String,
    /// Jalali.
    pub ends_on: String,
    /// Jalali.
    pub deadline: Option<String>,
    pub owner: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct CampaignView {
    pub id: i64,
    pub title: String,
    pub starts_on: String,
    pub starts_on_jalali: String,
    pub ends_on: String,
    pub ends_on_jalali: String,
    pub deadline: Option<String>,
    pub deadline_jalali: Option<String>,
    pub owner: String,
    pub status: String,
    pub lines: u64,
}

struct NewCampaign {
    title: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    deadline: Option<NaiveDate>,
    owner: String,
}

impl CampaignInput {
    fn validate(&self) -> Result<NewCampaign, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = clean_text(&self.title);
        if title.is_empty() {
            errors.push(FieldError::new(
                Field::Title,
                &self.title,
                Problem::Required,
            ));
        }
        let owner = clean_text(&self.owner);
        if owner.is_empty() {
            errors.push(FieldError::new(
                Field::Owner,
                &self.owner,
                Problem::Required,
            ));
        }
        let (starts_on, ends_on) = parse_period(&self.starts_on, &self.ends_on, &mut errors);
        let deadline = match self
            .deadline
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(raw) => parse_jalali(raw, Field::Deadline)
                .map_err(|e| errors.push(e))
                .ok(),
            None => None,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewCampaign {
            title,
            starts_on: starts_on.expect("checked"),
            ends_on: ends_on.expect("checked"),
            deadline,
            owner,
        })
    }
}

pub fn add_campaign(tx: &Transaction, input: &CampaignInput) -> Result<CampaignView> {
    let c = input.validate()?;
    let stamp = now();
    tx.execute(
        "INSERT INTO campaign (title, starts_on, ends_on, deadline, owner, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            c.title,
            iso(c.starts_on),
            iso(c.ends_on),
            c.deadline.map(iso),
            c.owner,
            stamp
        ],
    )?;
    get_campaign(tx, tx.last_insert_rowid())
}

fn campaign_from_row(r: &Row) -> rusqlite::Result<CampaignView> {
    let starts_on: String = r.get("starts_on")?;
    let ends_on: String = r.get("ends_on")?;
    let deadline: Option<String> = r.get("deadline")?;
    Ok(CampaignView {
        id: r.get("id")?,
        title: r.get("title")?,
        starts_on_jalali: jalali_of_iso(&Some(starts_on.clone())).unwrap_or_default(),
        starts_on,
        ends_on_jalali: jalali_of_iso(&Some(ends_on.clone())).unwrap_or_default(),
        ends_on,
        deadline_jalali: jalali_of_iso(&deadline),
        deadline,
        owner: r.get("owner")?,
        status: r.get("status")?,
        lines: r.get::<_, i64>("lines")? as u64,
    })
}

const CAMPAIGN_SELECT: &str =
    "SELECT c.id, c.title, c.starts_on, c.ends_on, c.deadline, c.owner, c.status,
     (SELECT count(*) FROM need_line n WHERE n.campaign_id = c.id) AS lines FROM campaign c";

pub fn get_campaign(conn: &Connection, id: i64) -> Result<CampaignView> {
    row_by_id(
        conn,
        &format!("{CAMPAIGN_SELECT} WHERE c.id = ?1"),
        id,
        campaign_from_row,
        Entity::Campaign,
        "شناسه",
    )
}

/// Campaigns, newest first.
pub fn list_campaigns(conn: &Connection) -> Result<Vec<CampaignView>> {
    Ok(conn
        .prepare_cached(&format!(
            "{CAMPAIGN_SELECT} ORDER BY c.starts_on DESC, c.id DESC"
        ))?
        .query_map([], campaign_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Corrects a campaign's title, period, deadline and owner (open or
/// closed).
pub fn update_campaign(tx: &Transaction, id: i64, input: &CampaignInput) -> Result<CampaignView> {
    get_campaign(tx, id)?;
    let c = input.validate()?;
    tx.execute(
        "UPDATE campaign SET title = ?1, starts_on = ?2, ends_on = ?3, deadline = ?4, owner = ?5,
             updated_at = ?6
         WHERE id = ?7",
        params![
            c.title,
            iso(c.starts_on),
            iso(c.ends_on),
            c.deadline.map(iso),
            c.owner,
            now(),
            id
        ],
    )?;
    get_campaign(tx, id)
}

/// Closes a campaign: it takes no new need lines (`add_need` refuses them).
/// The lines it has go on through their lifecycle as before: they are
/// submitted, approved, corrected, nominated for and referred.
pub fn close_campaign(tx: &Transaction, id: i64) -> Result<CampaignView> {
    set_campaign_status(tx, id, "closed")
}

/// Opens a closed campaign again, so that it takes new need lines.
pub fn reopen_campaign(tx: &Transaction, id: i64) -> Result<CampaignView> {
    set_campaign_status(tx, id, "open")
}

fn set_campaign_status(tx: &Transaction, id: i64, to: &str) -> Result<CampaignView> {
    let c = get_campaign(tx, id)?;
    if c.status == to {
        return Err(Error::Refused(format!(
            "نیازسنجی «{}» هم‌اکنون {} است.",
            c.title,
            if to == "closed" { "بسته" } else { "باز" }
        )));
    }
    tx.execute(
        "UPDATE campaign SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![to, now(), id],
    )?;
    get_campaign(tx, id)
}

// ---------------------------------------------------------------------------
// Need lines

/// A need as typed in a form or read from a row.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct NeedInput {
    pub campaign_id: i64,
    pub organization_id: i64,
    pub target_role: String,
    pub course_id: i64,
    pub requested: String,
    pub source: String,
    pub need_level: String,
    /// Jalali year and month, e.g. `1404/09`.
    pub target_month: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNeed {
    pub campaign_id: i64,
    pub organization_id: i64,
    pub target_role: TargetRole,
    pub course_id: i64,
    pub requested: u32,
    pub source: NeedSource,
    pub need_level: u8,
    pub target: Option<(i32, u8)>,
    pub notes: Option<String>,
}

/// Parses a Jalali month: `1404/09`, `۱۴۰۴/۹`, `1404-9`.
pub fn parse_month(raw: &str) -> Result<(i32, u8), FieldError> {
    parse_month_as(raw, Field::TargetMonth)
}

/// A Jalali month, `1404/09` in any digits, named as `field` when wrong.
pub fn parse_month_as(raw: &str, field: Field) -> Result<(i32, u8), FieldError> {
    let err = |p| FieldError::new(field, raw, p);
    let parts: Vec<String> = raw
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| p.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect())
        .collect();
    let [y, m] = parts.as_slice() else {
        return Err(err(Problem::DateFormat));
    };
    let year: i32 = y.parse().map_err(|_| err(Problem::DateFormat))?;
    let month: u8 = m.parse().map_err(|_| err(Problem::DateFormat))?;
    if !(1300..=1500).contains(&year) {
        return Err(err(Problem::YearOutOfRange));
    }
    if !(1..=12).contains(&month) {
        return Err(err(Problem::MonthOutOfRange));
    }
    Ok((year, month))
}

/// `آذر ۱۴۰۴`.
pub fn month_label(year: i32, month: u8) -> String {
    format!(
        "{} {}",
        MONTH_NAMES[usize::from(month) - 1],
        to_persian_digits(&year.to_string())
    )
}

impl NeedInput {
    pub fn validate(&self) -> Result<NewNeed, Vec<FieldError>> {
        let mut errors = Vec::new();
        let target_role = TargetRole::parse(&self.target_role)
            .map_err(|e| errors.push(e))
            .ok();
        let requested = whole_number(Field::Requested, &self.requested, 1, 10_000)
            .map_err(|e| errors.push(e))
            .ok();
        let source = NeedSource::parse(&self.source)
            .map_err(|e| errors.push(e))
            .ok();
        let need_level = whole_number(Field::NeedLevel, &self.need_level, 1, 5)
            .map_err(|e| errors.push(e))
            .ok();
        let target = match self
            .target_month
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(raw) => parse_month(raw).map_err(|e| errors.push(e)).ok(),
            None => None,
        };
        let notes = self
            .notes
            .as_deref()
            .map(clean_text)
            .filter(|n| !n.is_empty());
        if notes.as_ref().is_some_and(|n| n.chars().count() > 2000) {
            errors.push(FieldError::new(
                Field::Notes,
                "",
                Problem::TooLong { max: 2000 },
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewNeed {
            campaign_id: self.campaign_id,
            organization_id: self.organization_id,
            target_role: target_role.expect("checked"),
            course_id: self.course_id,
            requested: requested.expect("checked"),
            source: source.expect("checked"),
            need_level: need_level.expect("checked") as u8,
            target,
            notes,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct NeedView {
    pub id: i64,
    pub campaign_id: i64,
    pub campaign_title: String,
    pub organization_id: i64,
    pub organization_name: String,
    pub organization_national_id: Option<String>,
    pub target_role: TargetRole,
    pub target_role_label: String,
    pub course_id: i64,
    pub course_title: String,
    pub course_code: Option<String>,
    pub requested: u32,
    pub approved: Option<u32>,
    pub source: NeedSource,
    pub source_label: String,
    pub need_level: u8,
    pub target_year: Option<i32>,
    pub target_month: Option<u8>,
    /// `آذر ۱۴۰۴`.
    pub target_label: Option<String>,
    pub notes: Option<String>,
    pub status: NeedStatus,
    pub status_label: String,
    pub position: i64,
    /// Nominees still to be trained or trained.
    pub nominees: u32,
    pub trained: u32,
}

const NEED_SELECT: &str = "SELECT n.id, n.campaign_id, c.title AS campaign_title, n.organization_id,
     o.name AS organization_name, o.national_id AS organization_national_id,
     n.target_role, n.course_id, k.title AS course_title, k.code AS course_code, n.requested,
     n.approved, n.source, n.need_level, n.target_year, n.target_month, n.notes, n.status,
     n.position,
     (SELECT count(*) FROM nominee m WHERE m.need_line_id = n.id AND m.status <> 'withdrawn')
       AS nominees,
     (SELECT count(*) FROM nominee m WHERE m.need_line_id = n.id AND m.status = 'trained')
       AS trained
     FROM need_line n JOIN campaign c ON c.id = n.campaign_id JOIN organization o ON o.id = n.organization_id
     JOIN course k ON k.id = n.course_id";

fn need_from_row(r: &Row) -> rusqlite::Result<NeedView> {
    let target_role = r.get::<_, TargetRole>("target_role")?;
    let source = r.get::<_, NeedSource>("source")?;
    let status = r.get::<_, NeedStatus>("status")?;
    let target_year: Option<i32> = r.get("target_year")?;
    let target_month: Option<u8> = r.get("target_month")?;
    Ok(NeedView {
        id: r.get("id")?,
        campaign_id: r.get("campaign_id")?,
        campaign_title: r.get("campaign_title")?,
        organization_id: r.get("organization_id")?,
        organization_name: r.get("organization_name")?,
        organization_national_id: r.get("organization_national_id")?,
        target_role,
        target_role_label: target_role.label().to_owned(),
        course_id: r.get("course_id")?,
        course_title: r.get("course_title")?,
        course_code: r.get("course_code")?,
        requested: r.get("requested")?,
        approved: r.get("approved")?,
        source,
        source_label: source.label().to_owned(),
        need_level: r.get("need_level")?,
        target_label: target_year
            .zip(target_month)
            .map(|(y, m)| month_label(y, m)),
        target_year,
        target_month,
        notes: r.get("notes")?,
        status,
        status_label: status.label().to_owned(),
        position: r.get("position")?,
        nominees: r.get("nominees")?,
        trained: r.get("trained")?,
    })
}

pub fn get_need(conn: &Connection, id: i64) -> Result<NeedView> {
    row_by_id(
        conn,
        &format!("{NEED_SELECT} WHERE n.id = ?1"),
        id,
        need_from_row,
        Entity::NeedLine,
        "شماره",
    )
}

fn record_history(
    tx: &Transaction,
    id: i64,
    from: Option<NeedStatus>,
    to: NeedStatus,
    reason: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO need_history (need_line_id, at, from_status, to_status, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, now(), from.map(NeedStatus::key), to.key(), reason])?;
    Ok(())
}

/// The line of the same campaign, cooperative, target group and course as
/// `n`, other than `except`: a campaign holds one line for each.
fn same_line(tx: &Transaction, n: &NewNeed, except: Option<i64>) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT id FROM need_line WHERE campaign_id = ?1 AND organization_id = ?2
               AND target_role = ?3 AND course_id = ?4 AND id IS NOT ?5",
            params![
                n.campaign_id,
                n.organization_id,
                n.target_role.key(),
                n.course_id,
                except
            ],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records a need. The same cooperative, target group and course twice in
/// one campaign is refused, naming the line already there; so is a line for
/// a closed campaign.
pub fn add_need(tx: &Transaction, n: &NewNeed) -> Result<NeedView> {
    let campaign = get_campaign(tx, n.campaign_id)?;
    if campaign.status == "closed" {
        return Err(Error::Refused(format!(
            "نیازسنجی «{}» بسته شده است و ردیف تازه نمی‌پذیرد؛ نیاز را در یک نیازسنجی باز ثبت کنید یا این نیازسنجی را دوباره باز کنید.",
            campaign.title
        )));
    }
    let org = registry::get_org_by_id(tx, n.organization_id)?;
    let course = catalog::get_course(tx, n.course_id)?;
    if let Some(id) = same_line(tx, n, None)? {
        return Err(Error::Refused(format!(
            "نیاز «{}» برای «{}» در گروه «{}» پیش‌تر در همین نیازسنجی ثبت شده است (ردیف {}).",
            course.title,
            org.name,
            n.target_role.label(),
            to_persian_digits(&id.to_string())
        )));
    }
    let position: i64 = tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM need_line WHERE organization_id = ?1",
        [n.organization_id],
        |r| r.get(0),
    )?;
    let stamp = now();
    tx.prepare_cached(
        "INSERT INTO need_line (campaign_id, organization_id, target_role, course_id, requested, source, need_level,
             target_year, target_month, notes, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![
        n.campaign_id,
        n.organization_id,
        n.target_role.key(),
        n.course_id,
        n.requested,
        n.source.key(),
        n.need_level,
        n.target.map(|t| t.0),
        n.target.map(|t| t.1),
        n.notes,
        position,
        stamp
    ])?;
    let id = tx.last_insert_rowid();
    record_history(tx, id, None, NeedStatus::Draft, "ثبت نیاز")?;
    get_need(tx, id)
}

/// Moves a need line to another status, keeping the change and its reason.
/// Approving sets the approved head-count (the requested one by default).
/// A move the lifecycle does not allow is refused with the allowed ones.
pub fn set_status(
    tx: &Transaction,
    id: i64,
    to: NeedStatus,
    reason: &str,
    approved: Option<u32>,
) -> Result<NeedView> {
    let need = get_need(tx, id)?;
    if !need.status.next().contains(&to) {
        let allowed: Vec<&str> = need.status.next().iter().map(|s| s.label()).collect();
        let hint = crate::model::moves_hint(&allowed);
        return Err(Error::Refused(format!(
            "ردیف {} («{}» برای «{}») در وضعیت «{}» است و نمی‌توان آن را «{}» کرد؛ {}.",
            to_persian_digits(&id.to_string()),
            need.course_title,
            need.organization_name,
            need.status.label(),
            to.label(),
            hint
        )));
    }
    let reason = clean_text(reason);
    if matches!(to, NeedStatus::Rejected | NeedStatus::Deferred) && reason.is_empty() {
        return Err(FieldError::new(Field::Reason, "", Problem::Required).into());
    }
    if to == NeedStatus::Approved {
        let count = approved.or(need.approved).unwrap_or(need.requested);
        if count == 0 || count > need.requested {
            return Err(FieldError::new(
                Field::Approved,
                &count.to_string(),
                Problem::OutOfRange {
                    min: 1,
                    max: i64::from(need.requested),
                },
            )
            .into());
        }
        if count < need.nominees {
            return Err(Error::Refused(format!(
                "برای این ردیف {} نفر معرفی شده‌اند؛ تعداد مصوب نمی‌تواند کمتر از آن باشد.",
                to_persian_digits(&need.nominees.to_string())
            )));
        }
        tx.execute(
            "UPDATE need_line SET status = ?1, approved = ?2, approved_at = coalesce(approved_at, ?3), updated_at = ?3 WHERE id = ?4",
            params![to.key(), count, now(), id],
        )?;
    } else {
        tx.execute(
            "UPDATE need_line SET status = ?1, updated_at = ?2 WHERE id = ?3",
            params![to.key(), now(), id],
        )?;
    }
    record_history(
        tx,
        id,
        Some(need.status),
        to,
        move_note(&reason, to.label()),
    )?;
    get_need(tx, id)
}

/// Approves several lines at once: all of them, or none if any cannot be.
pub fn approve_all(tx: &Transaction, ids: &[i64], reason: &str) -> Result<Vec<NeedView>> {
    let mut done = Vec::with_capacity(ids.len());
    for &id in ids {
        let need = get_need(tx, id)?;
        if need.status == NeedStatus::Draft {
            set_status(tx, id, NeedStatus::Submitted, reason, None)?;
        }
        done.push(set_status(tx, id, NeedStatus::Approved, reason, None)?);
    }
    Ok(done)
}

/// A correction of a need line while it is a draft or submitted, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct NeedEdit {
    pub target_role: String,
    pub course_id: i64,
    pub requested: String,
    pub source: String,
    pub need_level: String,
    /// Jalali year and month, e.g. `1404/09`; empty for none.
    pub target_month: Option<String>,
    pub notes: Option<String>,
    /// Why, kept in the line's history beside what changed (optional).
    #[serde(default)]
    pub reason: String,
}

/// `۵ ← ۸`: a changed value as the history shows it, old then new.
fn changed(label: &str, old: &str, new: &str) -> String {
    format!(
        "{label}: {} ← {}",
        to_persian_digits(old),
        to_persian_digits(new)
    )
}

fn or_none(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".to_owned())
}

/// Corrects a need line that is still a draft or submitted: target group,
/// course, requested head-count, source, need level, target month, notes.
/// A line further on is refused (an approved line's head-count is changed
/// with `set_approved_count`). What changed is kept in the line's history;
/// when nothing changed, nothing is written.
pub fn update_need(tx: &Transaction, id: i64, edit: &NeedEdit) -> Result<NeedView> {
    let need = get_need(tx, id)?;
    if !matches!(need.status, NeedStatus::Draft | NeedStatus::Submitted) {
        return Err(Error::Refused(format!(
            "ردیف {} («{}» برای «{}») در وضعیت «{}» است؛ فقط ردیف پیش‌نویس یا ارسال‌شده ویرایش می‌شود.{}",
            to_persian_digits(&id.to_string()),
            need.course_title,
            need.organization_name,
            need.status.label(),
            if matches!(need.status, NeedStatus::Approved | NeedStatus::Planned) {
                " تعداد مصوب آن را با «تغییر تعداد مصوب» و ذکر دلیل اصلاح کنید."
            } else {
                ""
            }
        )));
    }
    let n = NeedInput {
        campaign_id: need.campaign_id,
        organization_id: need.organization_id,
        target_role: edit.target_role.clone(),
        course_id: edit.course_id,
        requested: edit.requested.clone(),
        source: edit.source.clone(),
        need_level: edit.need_level.clone(),
        target_month: edit.target_month.clone(),
        notes: edit.notes.clone(),
    }
    .validate()?;
    let course = catalog::get_course(tx, n.course_id)?;
    if n.course_id != need.course_id || n.target_role != need.target_role {
        if let Some(other) = same_line(tx, &n, Some(id))? {
            return Err(Error::Refused(format!(
                "نیاز «{}» برای «{}» در گروه «{}» در همین نیازسنجی ردیف {} است؛ دو ردیف یکسان ساخته نمی‌شود.",
                course.title,
                need.organization_name,
                n.target_role.label(),
                to_persian_digits(&other.to_string())
            )));
        }
    }
    let target = n.target.map(|(y, m)| month_label(y, m));
    let mut changes = Vec::new();
    if n.target_role != need.target_role {
        changes.push(changed(
            "گروه هدف",
            need.target_role.label(),
            n.target_role.label(),
        ));
    }
    if n.course_id != need.course_id {
        changes.push(changed("دوره", &need.course_title, &course.title));
    }
    if n.requested != need.requested {
        changes.push(changed(
            "تعداد درخواستی",
            &need.requested.to_string(),
            &n.requested.to_string(),
        ));
    }
    if n.source != need.source {
        changes.push(changed("منبع", need.source.label(), n.source.label()));
    }
    if n.need_level != need.need_level {
        changes.push(changed(
            "سطح نیاز",
            &need.need_level.to_string(),
            &n.need_level.to_string(),
        ));
    }
    if target != need.target_label {
        changes.push(changed(
            "ماه هدف",
            &or_none(need.target_label.clone()),
            &or_none(target),
        ));
    }
    if n.notes != need.notes {
        changes.push("یادداشت اصلاح شد".to_owned());
    }
    if changes.is_empty() {
        return Ok(need);
    }
    tx.prepare_cached(
        "UPDATE need_line SET target_role = ?1, course_id = ?2, requested = ?3, source = ?4,
             need_level = ?5, target_year = ?6, target_month = ?7, notes = ?8, updated_at = ?9
         WHERE id = ?10",
    )?
    .execute(params![
        n.target_role.key(),
        n.course_id,
        n.requested,
        n.source.key(),
        n.need_level,
        n.target.map(|t| t.0),
        n.target.map(|t| t.1),
        n.notes,
        now(),
        id
    ])?;
    let summary = format!("ویرایش: {}", changes.join("؛ "));
    let reason = clean_text(&edit.reason);
    let note = if reason.is_empty() {
        summary
    } else {
        format!("{reason} ({summary})")
    };
    record_history(tx, id, Some(need.status), need.status, &note)?;
    get_need(tx, id)
}

/// How many people are on a round's list for this line: proposed or sent,
/// and not removed, declined or cancelled since.
fn referred_on_line(conn: &Connection, id: i64) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(DISTINCT person_id) FROM referral
             WHERE need_line_id = ?1 AND status NOT IN ('removed', 'declined', 'withdrawn')",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// Changes the approved head-count of an approved (or planned) line. The
/// reason is required and kept in the line's history with the old and new
/// counts. The count stays within 1 and the requested head-count, and never
/// goes below the people already nominated for the line or on a round's
/// list for it.
pub fn set_approved_count(
    tx: &Transaction,
    id: i64,
    approved: &str,
    reason: &str,
) -> Result<NeedView> {
    let need = get_need(tx, id)?;
    if !matches!(need.status, NeedStatus::Approved | NeedStatus::Planned) {
        return Err(Error::Refused(format!(
            "ردیف {} («{}» برای «{}») در وضعیت «{}» است؛ تعداد مصوب فقط در ردیف مصوب یا برنامه‌ریزی‌شده تغییر می‌کند.",
            to_persian_digits(&id.to_string()),
            need.course_title,
            need.organization_name,
            need.status.label()
        )));
    }
    let mut errors = Vec::new();
    let count = whole_number(Field::Approved, approved, 1, need.requested)
        .map_err(|e| errors.push(e))
        .ok();
    let reason = clean_text(reason);
    if reason.is_empty() {
        errors.push(FieldError::new(Field::Reason, "", Problem::Required));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let count = count.expect("checked");
    let referred = referred_on_line(tx, id)?;
    let floor = need.nominees.max(referred);
    if count < floor {
        return Err(Error::Refused(format!(
            "برای ردیف {} تاکنون {} نفر نامزد شده و {} نفر در نوبت‌های معرفی آمده‌اند؛ تعداد مصوب ({}) نمی‌تواند کمتر از {} باشد.",
            to_persian_digits(&id.to_string()),
            to_persian_digits(&need.nominees.to_string()),
            to_persian_digits(&referred.to_string()),
            to_persian_digits(&count.to_string()),
            to_persian_digits(&floor.to_string())
        )));
    }
    let old = need.approved.unwrap_or(0);
    if count == old {
        return Ok(need);
    }
    tx.execute(
        "UPDATE need_line SET approved = ?1, updated_at = ?2 WHERE id = ?3",
        params![count, now(), id],
    )?;
    let note = format!(
        "{reason} ({})",
        changed("تعداد مصوب", &old.to_string(), &count.to_string())
    );
    record_history(tx, id, Some(need.status), need.status, &note)?;
    get_need(tx, id)
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct HistoryEntry {
    pub at: String,
    pub from_status: Option<NeedStatus>,
    pub to_status: NeedStatus,
    pub to_label: String,
    pub reason: Option<String>,
}

pub fn need_history(conn: &Connection, id: i64) -> Result<Vec<HistoryEntry>> {
    Ok(conn
        .prepare_cached("SELECT at, from_status, to_status, reason FROM need_history WHERE need_line_id = ?1 ORDER BY id")?
        .query_map([id], |r| {
            let to = r.get::<_, NeedStatus>(2)?;
            Ok(HistoryEntry {
                at: r.get(0)?,
                from_status: r.get::<_, Option<NeedStatus>>(1)?,
                to_status: to,
                to_label: to.label().to_owned(),
                reason: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct NeedFilter {
    pub campaign_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub course_id: Option<i64>,
    pub status: Option<NeedStatus>,
    pub source: Option<NeedSource>,
    /// Words of the cooperative's name or the course title.
    #[serde(default)]
    pub text: String,
}

/// Need lines, most needed first, then in Persian order of cooperative.
pub fn list_needs(conn: &Connection, f: &NeedFilter) -> Result<Vec<NeedView>> {
    let mut sql = format!("{NEED_SELECT} WHERE 1 = 1");
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    for (value, column) in [
        (f.campaign_id, "n.campaign_id"),
        (f.organization_id, "n.organization_id"),
        (f.course_id, "n.course_id"),
    ] {
        if let Some(v) = value {
            sql.push_str(&format!(" AND {column} = ?"));
            args.push(Box::new(v));
        }
    }
    if let Some(s) = f.status {
        sql.push_str(" AND n.status = ?");
        args.push(Box::new(s.key()));
    }
    if let Some(s) = f.source {
        sql.push_str(" AND n.source = ?");
        args.push(Box::new(s.key()));
    }
    for term in crate::text::search_terms(&f.text) {
        let escaped = term
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        sql.push_str(" AND (o.search_key LIKE ? ESCAPE '\\' OR k.search_key LIKE ? ESCAPE '\\')");
        args.push(Box::new(format!("%{escaped}%")));
        args.push(Box::new(format!("%{escaped}%")));
    }
    // Every matching line is returned: bulk approval must be able to reach
    // all of a campaign's lines (about 12,000 at Tehran scale; BENCHMARKS.md).
    sql.push_str(" ORDER BY n.need_level DESC, o.sort_key, k.sort_key, n.id");
    let refs: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
    Ok(conn
        .prepare(&sql)?
        .query_map(refs.as_slice(), need_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------
// Nominees

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct NomineeView {
    pub need_line_id: i64,
    pub national_code: String,
    pub full_name: String,
    pub status: String,
}

/// Names a person for a need line. The person must hold a role in the
/// cooperative that fits the line's target group; the line must be approved
/// (or planned) and have room under its approved head-count; and nobody is
/// nominated twice for the same course while an earlier nomination is open.
pub fn add_nominee(tx: &Transaction, need_id: i64, code: &NationalCode) -> Result<NomineeView> {
    let need = get_need(tx, need_id)?;
    if !matches!(need.status, NeedStatus::Approved | NeedStatus::Planned) {
        return Err(Error::Refused(format!(
            "ردیف {} در وضعیت «{}» است؛ معرفی نفرات پس از تصویب ممکن است.",
            to_persian_digits(&need_id.to_string()),
            need.status.label()
        )));
    }
    let person = registry::get_person(tx, code)?;
    let roles: Vec<Role> = tx
        .prepare_cached(
            "SELECT role FROM membership WHERE person_id = ?1 AND organization_id = ?2
               AND (end_date IS NULL OR end_date >= ?3)",
        )?
        .query_map(
            params![person.id, need.organization_id, iso(crate::jalali::today())],
            |r| r.get::<_, Role>(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    if !roles.iter().any(|r| r.fits(need.target_role)) {
        return Err(Error::Refused(format!(
            "{} (کد ملی {}) در «{}» نقشی از گروه «{}» ندارد.",
            person.full_name, person.national_code, need.organization_name, need.target_role_label
        )));
    }
    let approved = need.approved.unwrap_or(0);
    if need.nominees >= approved {
        return Err(Error::Refused(format!(
            "برای این ردیف {} نفر مصوب است و همه معرفی شده‌اند.",
            to_persian_digits(&approved.to_string())
        )));
    }
    let other: Option<(i64, String)> = tx
        .query_row(
            "SELECT n.id, o.name FROM nominee m JOIN need_line n ON n.id = m.need_line_id
             JOIN organization o ON o.id = n.organization_id
             WHERE m.person_id = ?1 AND n.course_id = ?2 AND m.status = 'open'
               AND n.status NOT IN ('fulfilled', 'rejected')",
            params![person.id, need.course_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((line, org)) = other {
        return Err(Error::Refused(format!(
            "{} پیش‌تر برای دوره «{}» معرفی شده است (ردیف {} در «{}») و آن معرفی هنوز باز است.",
            person.full_name,
            need.course_title,
            to_persian_digits(&line.to_string()),
            org
        )));
    }
    // A person withdrawn from this line may be named again; one already
    // trained on it may not.
    let written = tx.execute(
        "INSERT INTO nominee (need_line_id, person_id, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (need_line_id, person_id) DO UPDATE SET status = 'open' WHERE nominee.status = 'withdrawn'",
        params![need_id, person.id, now()],
    )?;
    if written == 0 {
        return Err(Error::Refused(format!(
            "{} در همین ردیف پیش‌تر دوره «{}» را گذرانده است.",
            person.full_name, need.course_title
        )));
    }
    Ok(NomineeView {
        need_line_id: need_id,
        national_code: person.national_code,
        full_name: person.full_name,
        status: "open".into(),
    })
}

/// Takes a person off a line; the row stays, marked withdrawn.
pub fn withdraw_nominee(tx: &Transaction, need_id: i64, code: &NationalCode) -> Result<()> {
    let person = registry::get_person(tx, code)?;
    let changed = tx.execute(
        "UPDATE nominee SET status = 'withdrawn' WHERE need_line_id = ?1 AND person_id = ?2 AND status = 'open'",
        params![need_id, person.id],
    )?;
    if changed == 0 {
        return Err(Error::NotFound {
            entity: Entity::Nominee,
            key_label: Field::NationalCode.label(),
            key: code.to_string(),
        });
    }
    Ok(())
}

pub fn list_nominees(conn: &Connection, need_id: i64) -> Result<Vec<NomineeView>> {
    Ok(conn
        .prepare_cached(
            "SELECT m.need_line_id, p.national_code, p.first_name || ' ' || p.last_name, m.status
             FROM nominee m JOIN person p ON p.id = m.person_id WHERE m.need_line_id = ?1 ORDER BY p.sort_key",
        )?
        .query_map([need_id], |r| {
            Ok(NomineeView { need_line_id: r.get(0)?, national_code: r.get(1)?, full_name: r.get(2)?, status: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------
// Suggestions and roadmap

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Suggestion {
    pub course: CourseView,
    /// One Persian line saying why.
    pub reason: String,
}

/// Words too common in statutes to say anything about a course.
const STOP_WORDS: &[&str] = &[
    "فعالیت",
    "زمینه",
    "در",
    "و",
    "به",
    "از",
    "با",
    "برای",
    "تعاونی",
    "انجام",
    "کلیه",
    "امور",
    "ارائه",
    "خدمات",
    "تولید",
    "توزیع",
    "فروش",
    "خرید",
    "تامین",
    "تأمین",
    "عرضه",
    "محصولات",
];

fn words(text: &str) -> HashSet<String> {
    let stop: HashSet<String> = STOP_WORDS.iter().map(|w| search_key(w)).collect();
    search_key(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !stop.contains(*w))
        .map(str::to_owned)
        .collect()
}

/// Courses a cooperative could take next, each with the reason in one
/// Persian line: matches with its statute activity first, then its field,
/// then digital topics for an internet-based cooperative, then the general
/// topics it has not had. Courses already on its roadmap are left out.
pub fn suggest_courses(conn: &Connection, organization_id: i64) -> Result<Vec<Suggestion>> {
    let org = registry::get_org_by_id(conn, organization_id)?;
    let taken: HashSet<i64> = conn
        .prepare_cached(
            "SELECT course_id FROM need_line WHERE organization_id = ?1 AND status <> 'rejected'",
        )?
        .query_map([organization_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let courses = catalog::search_courses(
        conn,
        &catalog::CourseFilter {
            active: Some(true),
            ..Default::default()
        },
    )?;
    let activity = words(org.activity.as_deref().unwrap_or_default());
    let field_key = org.field.key();
    let mut out: Vec<(u8, Suggestion)> = Vec::new();
    for course in courses.into_iter().filter(|c| !taken.contains(&c.id)) {
        let suits: Vec<&str> = course.suits.split(' ').collect();
        // Shared words, in the order the course title has them.
        let mut shared: Vec<String> = Vec::new();
        for w in search_key(&course.title).split(|c: char| !c.is_alphanumeric()) {
            if activity.contains(w) && !shared.iter().any(|s| s == w) {
                shared.push(w.to_owned());
            }
        }
        let (rank, reason) = if !shared.is_empty() {
            (
                0,
                format!(
                    "با موضوع فعالیت در اساسنامه هم‌خوان است: «{}»",
                    shared.join("، ")
                ),
            )
        } else if suits.contains(&field_key) {
            (
                1,
                format!("برای تعاونی‌های {} مناسب است", field_label(org.field)),
            )
        } else if org.is_internet && suits.contains(&"digital") {
            (
                2,
                "تعاونی اینترنتی است: آموزش کسب‌وکار و فروش برخط".to_owned(),
            )
        } else if suits.contains(&"general") {
            (
                3,
                "موضوع عمومی همه تعاونی‌ها که این تعاونی هنوز نگذرانده است".to_owned(),
            )
        } else {
            continue;
        };
        out.push((rank, Suggestion { course, reason }));
    }
    out.sort_by_key(|(rank, _)| *rank);
    Ok(out.into_iter().take(30).map(|(_, s)| s).collect())
}

fn field_label(f: OrgField) -> &'static str {
    f.label()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Roadmap {
    pub organization_id: i64,
    pub organization_name: String,
    pub organization_national_id: Option<String>,
    pub county: Option<String>,
    pub field_label: String,
    /// In plan order: by target month, then the clerk's order.
    pub lines: Vec<NeedView>,
    pub requested: u32,
    pub approved: u32,
    pub trained: u32,
}

/// A cooperative's dedicated training roadmap (نقشه راه اختصاصی): its need
/// lines that are not rejected, in plan order.
pub fn roadmap(conn: &Connection, organization_id: i64) -> Result<Roadmap> {
    let org = registry::get_org_by_id(conn, organization_id)?;
    let lines: Vec<NeedView> = conn
        .prepare_cached(&format!(
            "{NEED_SELECT} WHERE n.organization_id = ?1 AND n.status <> 'rejected'
             ORDER BY n.target_year IS NULL, n.target_year, n.target_month, n.position, n.id"
        ))?
        .query_map([organization_id], need_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Roadmap {
        organization_id,
        organization_name: org.name,
        organization_national_id: org.national_id,
        county: org.county,
        field_label: org.field_label,
        requested: lines.iter().map(|l| l.requested).sum(),
        approved: lines.iter().filter_map(|l| l.approved).sum(),
        trained: lines.iter().map(|l| l.trained).sum(),
        lines,
    })
}

/// Puts a cooperative's lines in the given order (within a month, the
/// roadmap follows it).
pub fn reorder(tx: &Transaction, organization_id: i64, ids: &[i64]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "UPDATE need_line SET position = ?1 WHERE id = ?2 AND organization_id = ?3",
    )?;
    for (i, id) in ids.iter().enumerate() {
        if stmt.execute(params![i as i64 + 1, id, organization_id])? == 0 {
            return Err(Error::NotFound {
                entity: Entity::NeedLine,
                key_label: "شماره",
                key: id.to_string(),
            });
        }
    }
    Ok(())
}
