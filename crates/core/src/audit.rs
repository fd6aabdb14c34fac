//! Reading the audit log: who changed what and when, with the old and new
//! values, filtered by kind of record, action, dates and words; and the same
//! list as an Excel sheet. The log itself is written by SQLite triggers
//! (db.rs), so no code path can skip it.

use std::path::Path;

use chrono::{DateTime, Local, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Field, Result};
use crate::jalali::{parse_jalali, to_jalali};
use crate::registry::{Page, PageRequest};
use crate::text::to_persian_digits;
use crate::xlsx::{Book, Cell, Column, ColumnKind, DocInfo, ExportOptions, SheetSpec};

/// The kinds of record in the log, with their Persian names.
pub const ENTITIES: &[(&str, &str)] = &[
    ("person", "شخص"),
    ("organization", "تعاونی یا اتحادیه"),
    ("membership", "عضویت"),
    ("union_membership", "عضویت در اتحادیه"),
    ("county", "شهرستان"),
    ("orientation", "گرایش"),
    ("course", "دوره آموزشی"),
    ("provider", "آموزشگاه"),
    ("campaign", "دوره نیازسنجی"),
    ("need_line", "ردیف نیاز"),
    ("nominee", "نامزد آموزش"),
    ("setting", "تنظیمات"),
    ("quota_period", "دوره سهمیه"),
    ("quota_cap", "ظرفیت دوره یا آموزشگاه"),
    ("referral_round", "نوبت معرفی"),
    ("referral", "معرفی"),
    ("demo", "داده نمونه"),
];

pub const ACTIONS: &[(&str, &str)] = &[
    ("insert", "افزودن"),
    ("update", "ویرایش"),
    ("delete", "حذف"),
    ("bulk", "بارگذاری گروهی"),
    ("merge", "ادغام"),
];

/// The label of an action or a table as the log names it. A key the list
/// does not have (the file was changed by something else) is an error.
fn label(list: &[(&str, &'static str)], key: &str) -> rusqlite::Result<String> {
    list.iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| (*l).to_owned())
        .ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("the audit log has no label for {key:?}").into(),
            )
        })
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub action: Option<String>,
    /// Jalali, inclusive.
    pub from: Option<String>,
    /// Jalali, inclusive.
    pub to: Option<String>,
    /// Words or a code appearing in the old or new values.
    #[serde(default)]
    pub text: String,
}

/// One changed value.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Change {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct AuditRow {
    pub id: i64,
    /// UTC, as stored.
    pub at: String,
    /// Local time in Jalali, `1405/09/05 15:30`.
    pub at_label: String,
    pub actor: Option<String>,
    pub action: String,
    pub action_label: String,
    pub entity: String,
    pub entity_label: String,
    pub entity_id: Option<i64>,
    pub changes: Vec<Change>,
}

fn value_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The values that changed: all of them for an insert or a delete, the
/// different ones for an update.
fn changes(old: Option<&str>, new: Option<&str>) -> Vec<Change> {
    let parse = |s: Option<&str>| -> serde_json::Map<String, serde_json::Value> {
        s.and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    };
    let (old, new) = (parse(old), parse(new));
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.dedup();
    let mut seen = std::collections::HashSet::new();
    keys.into_iter()
        .filter(|k| seen.insert(*k))
        .filter_map(|k| {
            let o = old.get(k).and_then(value_text);
            let n = new.get(k).and_then(value_text);
            (o != n).then(|| Change {
                field: k.clone(),
                old: o,
                new: n,
            })
        })
        .collect()
}

/// A setting's row changes only its value; the change is named after the
/// setting.
fn named_changes(entity: &str, old: Option<&str>, new: Option<&str>) -> Vec<Change> {
    let mut list = changes(old, new);
    if entity == "setting" {
        let key = [new, old].into_iter().flatten().find_map(|v| {
            serde_json::from_str::<serde_json::Value>(v)
                .ok()?
                .get("key")?
                .as_str()
                .map(str::to_owned)
        });
        if let Some(key) = key {
            list.retain(|c| c.field != "key");
            for c in &mut list {
                if c.field == "value" {
                    c.field = key.clone();
                }
            }
        }
    }
    list
}

fn at_label(at: &str) -> String {
    match at.parse::<DateTime<Utc>>() {
        Ok(t) => {
            let local = t.with_timezone(&Local);
            to_persian_digits(&format!(
                "{} {}",
                to_jalali(local.date_naive()).to_ascii(),
                local.format("%H:%M")
            ))
        }
        Err(_) => at.to_owned(),
    }
}

/// The stored (UTC) form of the local midnight that starts `day`.
fn local_midnight_utc(day: chrono::NaiveDate) -> String {
    use chrono::TimeZone;
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    let local = Local
        .from_local_datetime(&midnight)
        .earliest()
        .unwrap_or_else(|| Local.from_utc_datetime(&midnight));
    local
        .with_timezone(&Utc)
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// The WHERE clause and its arguments for a filter.
fn clause(f: &AuditFilter) -> Result<(String, Vec<String>)> {
    let mut sql = String::from("WHERE 1 = 1");
    let mut args = Vec::new();
    if let Some(e) = f.entity.as_deref().filter(|e| !e.is_empty()) {
        sql.push_str(" AND entity = ?");
        args.push(e.to_owned());
    }
    if let Some(a) = f.action.as_deref().filter(|a| !a.is_empty()) {
        sql.push_str(" AND action = ?");
        args.push(a.to_owned());
    }
    let mut errors = Vec::new();
    // Times are stored in UTC; a day is the clerk's local day, from its
    // midnight to the next.
    for (raw, field, op, days_after) in [
        (&f.from, Field::StartDate, ">=", 0),
        (&f.to, Field::EndDate, "<", 1),
    ] {
        if let Some(raw) = raw.as_deref().filter(|r| !r.trim().is_empty()) {
            match parse_jalali(raw, field) {
                Ok(d) => {
                    sql.push_str(&format!(" AND at {op} ?"));
                    args.push(local_midnight_utc(d + chrono::Duration::days(days_after)));
                }
                Err(e) => errors.push(e),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    for term in crate::text::search_terms(&f.text) {
        let escaped = term
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        sql.push_str(
            " AND (coalesce(old_values, '') LIKE ? ESCAPE '\\' OR coalesce(new_values, '') LIKE ? ESCAPE '\\')",
        );
        args.push(format!("%{escaped}%"));
        args.push(format!("%{escaped}%"));
    }
    Ok((sql, args))
}

fn rows(conn: &Connection, f: &AuditFilter, limit: i64, offset: i64) -> Result<Vec<AuditRow>> {
    let (filter, args) = clause(f)?;
    let sql = format!(
        "SELECT id, at, actor, action, entity, entity_id, old_values, new_values FROM audit_log {filter}
         ORDER BY id DESC LIMIT {limit} OFFSET {offset}"
    );
    let params = rusqlite::params_from_iter(args.iter());
    let out = conn
        .prepare(&sql)?
        .query_map(params, |r| {
            let at: String = r.get("at")?;
            let action: String = r.get("action")?;
            let entity: String = r.get("entity")?;
            let old: Option<String> = r.get("old_values")?;
            let new: Option<String> = r.get("new_values")?;
            let changes = named_changes(&entity, old.as_deref(), new.as_deref());
            Ok(AuditRow {
                id: r.get("id")?,
                at_label: at_label(&at),
                at,
                actor: r.get("actor")?,
                action_label: label(ACTIONS, &action)?,
                action,
                entity_label: label(ENTITIES, &entity)?,
                entity,
                entity_id: r.get("entity_id")?,
                changes,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// A page of the log, newest first.
pub fn search(conn: &Connection, f: &AuditFilter, page: PageRequest) -> Result<Page<AuditRow>> {
    let (filter, args) = clause(f)?;
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM audit_log {filter}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let size = i64::from(page.page_size.clamp(1, 500));
    let offset = (i64::from(page.page.max(1)) - 1) * size;
    let items = rows(conn, f, size, offset)?;
    Ok(Page {
        more: offset + (items.len() as i64) < total,
        items,
        total: total as u64,
        page: page.page.max(1),
        page_size: size as u32,
        capped: false,
    })
}

const COLUMNS: [Column; 8] = [
    Column::new("زمان", 16.0, ColumnKind::Date),
    Column::new("کاربر", 12.0, ColumnKind::Text),
    Column::new("کار", 12.0, ColumnKind::Text),
    Column::new("نوع رکورد", 18.0, ColumnKind::Text),
    Column::new("شناسه رکورد", 10.0, ColumnKind::Number),
    Column::new("فیلد", 18.0, ColumnKind::Text),
    Column::new("مقدار پیشین", 30.0, ColumnKind::Text),
    Column::new("مقدار تازه", 30.0, ColumnKind::Text),
];

/// The most rows one export writes; the clerk narrows the filter for more.
pub const EXPORT_LIMIT: i64 = 200_000;

/// The export's file name: `audit-1405-09-10.xlsx`.
pub fn export_file_name(day: crate::jalali::Jalali) -> String {
    format!("audit-{:04}-{:02}-{:02}.xlsx", day.year, day.month, day.day)
}

/// Writes the filtered log, one changed value a row. Returns the entries
/// written and where the file went.
pub fn export(
    conn: &Connection,
    f: &AuditFilter,
    path: &Path,
    opts: &ExportOptions,
) -> Result<(u32, crate::files::Saved)> {
    let entries = rows(conn, f, EXPORT_LIMIT, 0)?;
    let mut cells = Vec::new();
    for e in &entries {
        let head = |field: &str, old: Option<&str>, new: Option<&str>| {
            vec![
                Cell::text(crate::text::to_ascii_digits(&e.at_label)),
                Cell::opt_text(e.actor.as_deref()),
                Cell::text(&e.action_label),
                Cell::text(&e.entity_label),
                Cell::opt_number(e.entity_id.map(|i| i as f64)),
                Cell::text(field),
                Cell::opt_text(old),
                Cell::opt_text(new),
            ]
        };
        if e.changes.is_empty() {
            cells.push(head("", None, None));
        }
        for c in &e.changes {
            cells.push(head(&c.field, c.old.as_deref(), c.new.as_deref()));
        }
    }
    let mut book = Book::new(
        opts,
        &DocInfo {
            title: "گزارش تغییرات داده‌ها".into(),
            subject: "گزارش تغییرات".into(),
            keywords: "گزارش تغییرات، ممیزی".into(),
            comment: String::new(),
        },
    )?;
    book.add_sheet(
        &SheetSpec {
            name: "گزارش تغییرات",
            title: "گزارش تغییرات داده‌ها",
            subtitle: "",
            columns: &COLUMNS,
        },
        &cells,
    )?;
    let saved = book.save(path)?;
    Ok((entries.len() as u32, saved))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::registry::{self, PersonInput};

    #[test]
    fn who_what_when_with_filters() {
        let mut db = Db::open_in_memory().unwrap();
        let p = PersonInput {
            national_code: "0499370899".into(),
            first_name: "علی".into(),
            last_name: "رضایی".into(),
            ..Default::default()
        };
        db.write(|tx| registry::add_person(tx, &p.validate().unwrap()))
            .unwrap();
        let changed = PersonInput {
            mobile: Some("09121234567".into()),
            ..p
        };
        let v = changed.validate().unwrap();
        db.write(|tx| registry::update_person(tx, &v.national_code, &v))
            .unwrap();
        let f = AuditFilter {
            entity: Some("person".into()),
            ..Default::default()
        };
        let page = search(db.conn(), &f, PageRequest::default()).unwrap();
        assert_eq!(page.total, 2);
        let update = &page.items[0];
        assert_eq!(update.action_label, "ویرایش");
        assert_eq!(update.entity_label, "شخص");
        assert!(update.actor.is_some(), "who made the change");
        assert_eq!(
            update.changes,
            [Change {
                field: "mobile".into(),
                old: None,
                new: Some("09121234567".into())
            }]
        );
        let by_text = AuditFilter {
            text: "09121234567".into(),
            ..Default::default()
        };
        assert_eq!(
            search(db.conn(), &by_text, PageRequest::default())
                .unwrap()
                .total,
            1
        );
        let bad = AuditFilter {
            from: Some("1404/13/01".into()),
            ..Default::default()
        };
        assert_eq!(
            search(db.conn(), &bad, PageRequest::default())
                .unwrap_err()
                .field_errors()[0]
                .field
                .key(),
            "start_date"
        );
        // Today, as the clerk counts days, holds both changes.
        let today = crate::jalali::to_jalali(crate::jalali::today()).to_ascii();
        let local_day = AuditFilter {
            entity: Some("person".into()),
            from: Some(today.clone()),
            to: Some(today),
            ..Default::default()
        };
        assert_eq!(
            search(db.conn(), &local_day, PageRequest::default())
                .unwrap()
                .total,
            2
        );
        // A setting's change is named after the setting.
        let s = crate::settings::Settings {
            tvto_email: "tehran@tvto.ir".into(),
            ..Default::default()
        };
        db.write(|tx| crate::settings::save(tx, &s)).unwrap();
        let settings = AuditFilter {
            entity: Some("setting".into()),
            text: "tvto".into(),
            ..Default::default()
        };
        let row = &search(db.conn(), &settings, PageRequest::default())
            .unwrap()
            .items[0];
        assert_eq!(row.changes[0].field, "tvto_email", "{:?}", row.changes);
        let future = AuditFilter {
            from: Some("1499/01/01".into()),
            ..Default::default()
        };
        assert_eq!(
            search(db.conn(), &future, PageRequest::default())
                .unwrap()
                .total,
            0
        );

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.xlsx");
        let (n, saved) = export(db.conn(), &f, &path, &ExportOptions::default()).unwrap();
        assert_eq!(n, 2);
        assert_eq!(saved.path(), path);
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto(&path).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        // The insert lists its three values, the update one.
        assert_eq!(range.height(), 1 + 1 + 3);
        assert_eq!(range.get_value((1, 5)).unwrap().to_string(), "mobile");
    }
}
