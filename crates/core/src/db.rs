//! Opening the database, pragmas, migrations and transactions.
//!
//! - Pragmas are set once, when a connection opens.
//! - Creating or upgrading the schema runs in one IMMEDIATE transaction: a
//!   crash leaves the file at the old version or the new one, never between.
//! - A file whose `user_version` is newer than this code is refused.
//! - [`Db::write`] commits only when its closure returns `Ok`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};

use crate::collate;
use crate::error::{Entity, Error, Result};
use crate::jalali::now;
use crate::text::{clean_text, search_key};

/// The schema version this code writes: one per step in [`STEPS`].
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Marks the file as ours (`PRAGMA application_id`), "TAAV" in ASCII.
pub const APPLICATION_ID: i64 = 0x5441_4156;

/// Environment variable that overrides the database location.
pub const DB_ENV: &str = "TAAVON_DB";

/// The schema steps: `STEPS[i]` takes a database from version `i` to `i + 1`.
/// A fresh database runs them all. A released step is never edited; a new
/// version adds a step, and freezes the previous schema under
/// `tests/schema/` for the migration test.
const STEPS: &[fn(&Transaction) -> Result<()>] = &[
    create_v1,
    upgrade_to_v2,
    upgrade_to_v3,
    upgrade_to_v4,
    upgrade_to_v5,
    upgrade_to_v6,
    upgrade_to_v7,
    upgrade_to_v8,
    upgrade_to_v9,
];

/// Tehran Province's counties, pre-loaded and editable.
pub const TEHRAN_COUNTIES: [&str; 16] = [
    "تهران",
    "اسلامشهر",
    "بهارستان",
    "پاکدشت",
    "پردیس",
    "پیشوا",
    "دماوند",
    "رباط‌کریم",
    "ری",
    "شمیرانات",
    "شهریار",
    "فیروزکوه",
    "قدس",
    "قرچک",
    "ملارد",
    "ورامین",
];

/// The orientations (گرایش) cooperatives are registered under, pre-loaded
/// and editable.
pub const ORIENTATIONS: [&str; 16] = [
    "مصرف",
    "مسکن",
    "اعتبار",
    "کشاورزی",
    "صنعتی",
    "معدنی",
    "فرش دستباف",
    "صنایع دستی",
    "حمل‌ونقل",
    "خدماتی",
    "عمرانی",
    "تأمین نیاز تولیدکنندگان",
    "تأمین نیاز توزیع‌کنندگان",
    "بازاریابی و فروش",
    "چندمنظوره",
    "دانش‌بنیان",
];

/// The tables whose every change is written to `audit_log`, with the columns
/// recorded. Derived columns (search and sort keys) are left out.
const AUDITED_V1: &[(&str, &[&str])] = &[
    ("county", &["name", "active"]),
    ("orientation", &["name", "active"]),
    (
        "organization",
        &[
            "kind",
            "name",
            "national_id",
            "registration_no",
            "registry_office",
            "field",
            "orientation_id",
            "activity",
            "county_id",
            "founded_on",
            "member_count",
            "phone",
            "mobile",
            "email",
            "address",
            "postal_code",
            "is_small",
            "is_startup",
            "is_internet",
            "status",
        ],
    ),
    (
        "person",
        &[
            "national_code",
            "first_name",
            "last_name",
            "father_name",
            "gender",
            "birth_date",
            "education",
            "mobile",
        ],
    ),
    (
        "membership",
        &[
            "person_id",
            "organization_id",
            "role",
            "start_date",
            "end_date",
        ],
    ),
    (
        "union_membership",
        &["union_id", "cooperative_id", "start_date", "end_date"],
    ),
];

/// The audit triggers of one table. A bulk load (demo data) may pause them
/// inside its own transaction by setting the `audit_paused` meta key, and
/// writes one summary row instead.
fn audit_triggers(table: &str, columns: &[&str]) -> String {
    audit_trigger_sql(table, columns, false)
}

/// The triggers' SQL; from version 4 on they also record the actor, the
/// computer's user that `Db::open` writes to `meta.actor`.
fn audit_trigger_sql(table: &str, columns: &[&str], with_actor: bool) -> String {
    audit_trigger_sql_gated(table, columns, with_actor, false)
}

/// A row's audited values as one JSON object, as the triggers write them.
fn audit_json(columns: &[&str], row: &str) -> String {
    let pairs: Vec<String> = columns
        .iter()
        .map(|c| format!("'{c}', {row}.{c}"))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// The triggers' SQL. With `bulk_left` (people, from version 9), the rows
/// added during a bulk write ([`people_in_bulk`]) are left out: it writes
/// their insert rows at its end, with the values they end with.
fn audit_trigger_sql_gated(
    table: &str,
    columns: &[&str],
    with_actor: bool,
    bulk_left: bool,
) -> String {
    let (old, new) = (audit_json(columns, "OLD"), audit_json(columns, "NEW"));
    let paused = "NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused')";
    let bulk = |row: &str| {
        format!(
            " AND {row}.id <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{PEOPLE_BULK}'), {row}.id)"
        )
    };
    let (gate_new, gate_old) = if bulk_left {
        (
            format!("{paused}{}", bulk("NEW")),
            format!("{paused}{}", bulk("OLD")),
        )
    } else {
        (paused.to_owned(), paused.to_owned())
    };
    let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    let (actor_col, actor) = if with_actor {
        (", actor", ", (SELECT value FROM meta WHERE key = 'actor')")
    } else {
        ("", "")
    };
    format!(
        "CREATE TRIGGER {table}_audit_insert AFTER INSERT ON {table} WHEN {gate_new} BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values{actor_col})
            VALUES ({now}, 'insert', '{table}', NEW.id, NULL, {new}{actor});
        END;
        CREATE TRIGGER {table}_audit_update AFTER UPDATE ON {table} WHEN {gate_old} AND {old} IS NOT {new} BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values{actor_col})
            VALUES ({now}, 'update', '{table}', NEW.id, {old}, {new}{actor});
        END;
        CREATE TRIGGER {table}_audit_delete AFTER DELETE ON {table} WHEN {gate_old} BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values{actor_col})
            VALUES ({now}, 'delete', '{table}', OLD.id, {old}, NULL{actor});
        END;\n"
    )
}

/// Version 1: the registry, with its reference lists.
fn create_v1(tx: &Transaction) -> Result<()> {
    tx.execute_batch(include_str!("migrations/v1.sql"))?;
    for (table, columns) in AUDITED_V1 {
        tx.execute_batch(&audit_triggers(table, columns))?;
    }
    seed_named_list(tx, "county", &TEHRAN_COUNTIES)?;
    seed_named_list(tx, "orientation", &ORIENTATIONS)?;
    set_meta(tx, "collation_version", collate::COLLATION_VERSION)?;
    Ok(())
}

const AUDITED_V2: &[(&str, &[&str])] = &[
    (
        "course",
        &[
            "kind",
            "code",
            "title",
            "cluster",
            "course_group",
            "theory_hours",
            "practice_hours",
            "total_hours",
            "entry_education",
            "suits",
            "active",
        ],
    ),
    (
        "provider",
        &[
            "kind",
            "name",
            "county_id",
            "licence_no",
            "licence_expires",
            "active",
        ],
    ),
    (
        "campaign",
        &[
            "title",
            "starts_on",
            "ends_on",
            "deadline",
            "owner",
            "status",
        ],
    ),
    (
        "need_line",
        &[
            "campaign_id",
            "organization_id",
            "target_role",
            "course_id",
            "requested",
            "approved",
            "source",
            "need_level",
            "target_year",
            "target_month",
            "notes",
            "status",
            "position",
        ],
    ),
    ("nominee", &["need_line_id", "person_id", "status"]),
];

/// Version 2: courses, providers, needs assessment and roadmaps, with the
/// general topics every cooperative may take.
fn upgrade_to_v2(tx: &Transaction) -> Result<()> {
    tx.execute_batch(include_str!("migrations/v2.sql"))?;
    for (table, columns) in AUDITED_V2 {
        tx.execute_batch(&audit_triggers(table, columns))?;
    }
    seed_topics(tx)
}

/// The general topics of the program, pre-loaded by the v2 step: the four
/// every cooperative needs, then those for internet-based cooperatives. They
/// belong to that step, so a later change of the catalogue never changes it.
const GENERAL_TOPICS: [(&str, &str, u32); 7] = [
    ("قوانین و مقررات تعاون", "general", 16),
    ("نحوه برگزاری مجامع عمومی", "general", 8),
    ("صورت‌های مالی", "general", 24),
    ("شیوه مشارکت اعضا", "general", 8),
    ("بازاریابی دیجیتال و فروش برخط", "digital", 32),
    ("مدیریت کسب‌وکار در سکوهای برخط", "digital", 24),
    ("امنیت اطلاعات و پرداخت الکترونیکی", "digital", 16),
];

fn seed_topics(tx: &Transaction) -> Result<()> {
    let stamp = now();
    let mut stmt = tx.prepare(
        "INSERT INTO course (kind, title, search_key, sort_key, theory_hours, total_hours, suits, created_at, updated_at)
         VALUES ('general', ?1, ?2, ?3, ?4, ?4, ?5, ?6, ?6)",
    )?;
    for (title, suits, hours) in GENERAL_TOPICS {
        stmt.execute(params![
            title,
            search_key(title),
            collate::sort_key(title),
            hours,
            suits,
            stamp
        ])?;
    }
    Ok(())
}

const AUDITED_V3: &[(&str, &[&str])] = &[
    ("setting", &["key", "value"]),
    (
        "quota_period",
        &[
            "title",
            "starts_on",
            "ends_on",
            "unit",
            "capacity",
            "province_share",
            "coop_share",
        ],
    ),
    (
        "quota_cap",
        &["period_id", "course_id", "provider_id", "seats"],
    ),
    (
        "referral_round",
        &[
            "number",
            "year",
            "month",
            "title",
            "capacity",
            "letter_no",
            "sent_on",
            "status",
        ],
    ),
    (
        "referral",
        &[
            "round_id",
            "person_id",
            "organization_id",
            "course_id",
            "need_line_id",
            "role",
            "status",
            "score",
            "rank",
            "added_by",
            "provider_id",
            "class_starts_on",
            "class_ends_on",
            "certificate_no",
            "certificate_on",
            "notes",
        ],
    ),
];

/// Version 4: the audit log says who made each change (the computer's user,
/// which the app writes to `meta.actor` when it opens the file), and can be
/// filtered by time.
fn upgrade_to_v4(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "ALTER TABLE audit_log ADD COLUMN actor TEXT;
         CREATE INDEX audit_log_at ON audit_log(at);",
    )?;
    for (table, columns) in AUDITED_V1.iter().chain(AUDITED_V2).chain(AUDITED_V3) {
        tx.execute_batch(&format!(
            "DROP TRIGGER {table}_audit_insert; DROP TRIGGER {table}_audit_update; DROP TRIGGER {table}_audit_delete;"
        ))?;
        tx.execute_batch(&audit_trigger_sql(table, columns, true))?;
    }
    Ok(())
}

/// Version 5: indexes for the dashboard and the monthly report, which count
/// every referral of a period by its cooperative's kind, field, county and
/// flags (read from the index, not the wide rows) and the trained nominees
/// of each need line.
fn upgrade_to_v5(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "CREATE INDEX organization_report
             ON organization(id, kind, field, county_id, is_small, is_startup, is_internet);
         CREATE INDEX nominee_status ON nominee(status, need_line_id);",
    )?;
    Ok(())
}

/// Version 6: the audit log records merges of a record entered twice
/// (`merge`, written by `merge.rs`). SQLite cannot change a CHECK in place,
/// so the log is copied into a table that allows it; the triggers that
/// write to it are dropped first, since a rename would rewrite them, and
/// made again after.
fn upgrade_to_v6(tx: &Transaction) -> Result<()> {
    let audited = || AUDITED_V1.iter().chain(AUDITED_V2).chain(AUDITED_V3);
    for (table, _) in audited() {
        tx.execute_batch(&format!(
            "DROP TRIGGER {table}_audit_insert; DROP TRIGGER {table}_audit_update; DROP TRIGGER {table}_audit_delete;"
        ))?;
    }
    tx.execute_batch(
        "ALTER TABLE audit_log RENAME TO audit_log_v5;
         CREATE TABLE audit_log (
             id         INTEGER PRIMARY KEY,
             at         TEXT NOT NULL,
             action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'bulk', 'merge')),
             entity     TEXT NOT NULL,
             entity_id  INTEGER,
             old_values TEXT,
             new_values TEXT,
             actor      TEXT
         );
         INSERT INTO audit_log (id, at, action, entity, entity_id, old_values, new_values, actor)
             SELECT id, at, action, entity, entity_id, old_values, new_values, actor FROM audit_log_v5;
         DROP TABLE audit_log_v5;
         CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
         CREATE INDEX audit_log_at ON audit_log(at);",
    )?;
    for (table, columns) in audited() {
        tx.execute_batch(&audit_trigger_sql(table, columns, true))?;
    }
    Ok(())
}

/// Version 7: a trigram index over people's search keys (`person_fts`,
/// FTS5 with external content: the text stays in `person`), so a name
/// search finds the people whose key contains a word of three or more
/// letters without reading every key. Triggers keep it in step with every
/// insert, change of key, delete and merge; the index is built here from
/// the people already on file.
fn upgrade_to_v7(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "CREATE VIRTUAL TABLE person_fts USING fts5(
             search_key,
             content = 'person',
             content_rowid = 'id',
             tokenize = 'trigram case_sensitive 1'
         );
         CREATE TRIGGER person_fts_insert AFTER INSERT ON person BEGIN
             INSERT INTO person_fts (rowid, search_key) VALUES (new.id, new.search_key);
         END;
         CREATE TRIGGER person_fts_update AFTER UPDATE OF id, search_key ON person BEGIN
             INSERT INTO person_fts (person_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
             INSERT INTO person_fts (rowid, search_key) VALUES (new.id, new.search_key);
         END;
         CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
             INSERT INTO person_fts (person_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
         END;
         INSERT INTO person_fts (person_fts) VALUES ('rebuild');",
    )?;
    Ok(())
}

/// Version 8:
/// - One index of people in Persian order that a name search reads without
///   touching the rows. `person_order` (sort key, id, search key) replaces
///   `person_sort` and `person_search`: a search for short words tests each
///   key there in Persian order, and the kept order of a trigram search
///   (`registry::PeopleOrder`) is read from it. One index fewer for every
///   person written.
/// - The trigram index's triggers leave out people added during a bulk
///   write ([`people_in_bulk`]), which indexes them in one statement at its
///   end. Row by row, every statement of the import or the sample data
///   that wrote a person made SQLite open a statement savepoint, and FTS5
///   writes its pending rows to disk at each one: a segment per person, and
///   the merging of them, took about half of writing a person.
fn upgrade_to_v8(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "DROP INDEX person_sort;
         DROP INDEX person_search;
         CREATE INDEX person_order ON person(sort_key, id, search_key);
         DROP TRIGGER person_fts_insert;
         DROP TRIGGER person_fts_update;
         DROP TRIGGER person_fts_delete;
         CREATE TRIGGER person_fts_insert AFTER INSERT ON person
         WHEN new.id <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'people_bulk'), new.id)
         BEGIN
             INSERT INTO person_fts (rowid, search_key) VALUES (new.id, new.search_key);
         END;
         CREATE TRIGGER person_fts_update AFTER UPDATE OF id, search_key ON person BEGIN
             INSERT INTO person_fts (person_fts, rowid, search_key)
             SELECT 'delete', old.id, old.search_key
             WHERE old.id <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'people_bulk'), old.id);
             INSERT INTO person_fts (rowid, search_key)
             SELECT new.id, new.search_key
             WHERE new.id <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'people_bulk'), new.id);
         END;
         CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
             INSERT INTO person_fts (person_fts, rowid, search_key)
             SELECT 'delete', old.id, old.search_key
             WHERE old.id <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'people_bulk'), old.id);
         END;",
    )?;
    Ok(())
}

/// Version 9: a bulk write of people ([`people_in_bulk`]) leaves to its
/// end, besides the trigram index of the people it adds:
/// - their audit rows, written then in one statement with the values they
///   end with (the trigger's SQL for each of 96,000 people took a fifth of
///   an import of 100,000 rows);
/// - the index of people already on file whose key it changes, or whom it
///   removes: `person_fts_stale` notes each one with the key the index
///   holds, and the end puts them right. Row by row, each such change left
///   FTS5 pending rows that it wrote out as a segment of their own at the
///   next statement, and merged again and again.
fn upgrade_to_v9(tx: &Transaction) -> Result<()> {
    let bulk = "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'people_bulk')";
    tx.execute_batch(&format!(
        "CREATE TABLE person_fts_stale (
             id      INTEGER PRIMARY KEY,
             indexed TEXT
         );
         DROP TRIGGER person_fts_update;
         DROP TRIGGER person_fts_delete;
         CREATE TRIGGER person_fts_update AFTER UPDATE OF id, search_key ON person BEGIN
             INSERT INTO person_fts (person_fts, rowid, search_key)
             SELECT 'delete', old.id, old.search_key WHERE {bulk} IS NULL;
             INSERT INTO person_fts (rowid, search_key)
             SELECT new.id, new.search_key WHERE {bulk} IS NULL;
             INSERT OR IGNORE INTO person_fts_stale (id, indexed)
             SELECT old.id, old.search_key WHERE old.id <= {bulk};
             INSERT OR IGNORE INTO person_fts_stale (id, indexed)
             SELECT new.id, NULL WHERE new.id <> old.id AND new.id <= {bulk};
         END;
         CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
             INSERT INTO person_fts (person_fts, rowid, search_key)
             SELECT 'delete', old.id, old.search_key WHERE {bulk} IS NULL;
             INSERT OR IGNORE INTO person_fts_stale (id, indexed)
             SELECT old.id, old.search_key WHERE old.id <= {bulk};
         END;
         DROP TRIGGER person_audit_insert;
         DROP TRIGGER person_audit_update;
         DROP TRIGGER person_audit_delete;"
    ))?;
    tx.execute_batch(&audit_trigger_sql_gated(
        "person",
        person_audited(),
        true,
        true,
    ))?;
    Ok(())
}

/// The columns of `person` its audit rows record.
fn person_audited() -> &'static [&'static str] {
    AUDITED_V1
        .iter()
        .find(|(table, _)| *table == "person")
        .map_or(&[], |(_, columns)| columns)
}

/// The `meta` key that marks a bulk write of people, with the largest
/// person id before it.
const PEOPLE_BULK: &str = "people_bulk";

/// Runs `f`, which writes many people, with the trigram index and the
/// audit rows of the people added by it left to its end: they are indexed
/// then in one statement, and logged in another, with the names and values
/// they end with (none when the audit is paused, as for the sample data).
/// People already on file whom `f` renames or removes are logged row by row
/// as always, and put right in the index at the end. Whatever `f` returns,
/// the index is complete again when this returns (and a transaction rolled
/// back takes back all of it).
pub fn people_in_bulk<T>(tx: &Transaction, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    if get_meta(tx, PEOPLE_BULK)?.is_some() {
        return f(tx);
    }
    let before: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM person", [], |r| r.get(0))?;
    set_meta(tx, PEOPLE_BULK, &before.to_string())?;
    // The triggers of an insert into `person` are set aside until the end
    // (they would do nothing for these people, whom their WHEN leaves out):
    // with them, SQLite opens a statement journal for every INSERT and
    // copies into it each page the INSERT changes; without them, an INSERT
    // of one person needs none. They are made again from their own text,
    // in the same transaction.
    let set_aside: Vec<(String, String)> = tx
        .prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'trigger' AND tbl_name = 'person'
               AND name IN ('person_audit_insert', 'person_fts_insert')
             ORDER BY name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &set_aside {
        tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
    }
    let out = f(tx);
    let end = || -> Result<()> {
        for (_, sql) in &set_aside {
            tx.execute_batch(sql)?;
        }
        // People on file: each entry out of date taken out and the new one
        // put in, by id. FTS5 writes its pending rows out as a segment
        // whenever an id comes lower than the one before, so in this order
        // they make one segment, not one for each.
        tx.execute_batch(
            "INSERT INTO person_fts (person_fts, rowid, search_key)
                 SELECT command, id, key FROM (
                     SELECT 'delete' AS command, id, indexed AS key, 0 AS step
                     FROM person_fts_stale WHERE indexed IS NOT NULL
                     UNION ALL
                     SELECT NULL, p.id, p.search_key, 1
                     FROM person_fts_stale s JOIN person p ON p.id = s.id
                 )
                 ORDER BY id, step;
             DELETE FROM person_fts_stale;",
        )?;
        // The people added, in one statement.
        tx.execute(
            "INSERT INTO person_fts (rowid, search_key) SELECT id, search_key FROM person WHERE id > ?1",
            [before],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
                 SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'person', id, NULL, {},
                        (SELECT value FROM meta WHERE key = 'actor')
                 FROM person p
                 WHERE id > ?1 AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused')
                 ORDER BY id",
                audit_json(person_audited(), "p")
            ),
            [before],
        )?;
        tx.execute("DELETE FROM meta WHERE key = ?1", [PEOPLE_BULK])?;
        Ok(())
    };
    // The index is put right even after an error; the error `f` gave is
    // the one told.
    let ended = end();
    let value = out?;
    ended.map(|()| value)
}

/// Version 3: settings, the TVTO quota, referral rounds and referrals.
fn upgrade_to_v3(tx: &Transaction) -> Result<()> {
    tx.execute_batch(include_str!("migrations/v3.sql"))?;
    for (table, columns) in AUDITED_V3 {
        tx.execute_batch(&audit_triggers(table, columns))?;
    }
    Ok(())
}

fn seed_named_list(tx: &Transaction, table: &str, names: &[&str]) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "INSERT INTO {table} (name, search_key, sort_key) VALUES (?1, ?2, ?3)"
    ))?;
    for name in names {
        let name = clean_text(name);
        stmt.execute(params![name, search_key(&name), collate::sort_key(&name)])?;
    }
    Ok(())
}

pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub(crate) fn get_meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Recomputes every stored sort key. Needed when the collation data changes
/// with an ICU4X upgrade; keys from the old data would misplace names.
fn refresh_sort_keys(tx: &Transaction) -> Result<()> {
    let sources = [
        ("county", "name"),
        ("orientation", "name"),
        ("organization", "name"),
        ("person", "last_name || ' ' || first_name"),
        ("course", "title"),
        ("provider", "name"),
    ];
    for (table, expr) in sources {
        let rows: Vec<(i64, String)> = tx
            .prepare(&format!("SELECT id, {expr} FROM {table}"))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut update = tx.prepare(&format!("UPDATE {table} SET sort_key = ?1 WHERE id = ?2"))?;
        for (id, text) in rows {
            update.execute(params![collate::sort_key(&text), id])?;
        }
    }
    set_meta(tx, "collation_version", collate::COLLATION_VERSION)
}

/// The row with this `id`, read by `map`; `select` takes the id as `?1`.
/// No such row is `NotFound` for `entity`, named by `key_label` and the id.
pub fn row_by_id<T>(
    conn: &Connection,
    select: &str,
    id: i64,
    map: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    entity: Entity,
    key_label: &'static str,
) -> Result<T> {
    conn.prepare_cached(select)?
        .query_row([id], map)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity,
            key_label,
            key: id.to_string(),
        })
}

/// The default location of the database file: the platform's data folder
/// (`%APPDATA%\Taavon\TaavonDesk\data` on Windows, `~/.local/share/taavondesk`
/// on Linux), unless `TAAVON_DB` names a file.
pub fn default_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("ir", "Taavon", "TaavonDesk").ok_or_else(|| {
        Error::Open {
            path: PathBuf::from("~"),
            source: "no home folder: the user's data folder could not be found".into(),
        }
    })?;
    Ok(dirs.data_dir().join("taavon.db"))
}

/// Environment variable that overrides where exported files are saved.
pub const EXPORT_DIR_ENV: &str = "TAAVON_EXPORT_DIR";

/// Where exported sheets are saved: a `Taavon` folder in the clerk's
/// Documents, so they are easy to find and attach to an email; the data
/// folder when there is no Documents folder; `TAAVON_EXPORT_DIR` when set.
pub fn exports_dir() -> PathBuf {
    if let Some(p) = std::env::var_os(EXPORT_DIR_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(docs) =
        directories::UserDirs::new().and_then(|u| u.document_dir().map(|d| d.join("Taavon")))
    {
        return docs;
    }
    default_path()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("exports")))
        .unwrap_or_else(|| PathBuf::from("exports"))
}

/// A connection to the database, ready to use.
pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
    /// This connection among those the process opened, and how many
    /// restores replaced its data: with the rows it wrote and the other
    /// connections' commits, they make its [`ChangeToken`].
    instance: u64,
    restores: u64,
    /// The checkpoint of a large write, running on a thread of its own
    /// ([`Db::with_checkpoint_after`]). Nothing waits for it when the
    /// `Db` is dropped: the window's import answers at once, on a
    /// connection of its own, while its checkpoint goes on. A checkpoint
    /// stopped half-way (the program closed) is safe: SQLite copies the
    /// same pages again at the next one.
    checkpoint: Option<std::thread::JoinHandle<()>>,
}

/// Copies the WAL's committed pages into the database file, through a
/// connection of its own, without waiting on readers or writers.
fn checkpoint(path: &Path) -> rusqlite::Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
}

/// Changes whenever the data may have: another connection (a new `Db`), a
/// restore into this one, every row this connection inserted, changed or
/// deleted (through triggers too, and in transactions later rolled back),
/// and every commit by another connection to the same file. Equal tokens
/// read the same data, so a result computed under one may be kept while the
/// token stays the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeToken {
    instance: u64,
    restores: u64,
    changes: i64,
    data_version: i64,
}

/// Numbers each `Db` the process opens, for [`ChangeToken`].
fn next_instance() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

/// Runs on a database whose schema is about to be upgraded, before anything
/// in it changes. `Db::open` (in `backup.rs`) passes the pre-upgrade
/// backup; taking it as a parameter keeps this module below `backup` in the
/// layers (ARCHITECTURE.md).
pub type BeforeUpgrade = fn(&Connection, &Path) -> Result<()>;

/// Whether a database file is intact: `None` when `integrity_check` (or,
/// with `quick`, `quick_check`) says ok, otherwise its first complaint.
pub fn integrity_problem(conn: &Connection, quick: bool) -> Result<Option<String>> {
    let pragma = if quick {
        "PRAGMA quick_check"
    } else {
        "PRAGMA integrity_check"
    };
    let first: String = conn.query_row(pragma, [], |r| r.get(0))?;
    Ok((first != "ok").then_some(first))
}

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date, running `before_upgrade` first when there is an
    /// older schema to upgrade. Most callers want `Db::open`, which passes
    /// the pre-upgrade backup.
    pub fn open_with(path: &Path, before_upgrade: BeforeUpgrade) -> Result<Db> {
        let open_err = |source: Box<dyn std::error::Error + Send + Sync>| Error::Open {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(Box::new(e)))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| open_err(Box::new(e)))?;
        let mut db = Db {
            conn,
            path: Some(path.to_owned()),
            instance: next_instance(),
            restores: 0,
            checkpoint: None,
        };
        db.configure(true).map_err(|e| match e {
            Error::Storage(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                Error::NotOurDatabase {
                    path: path.to_owned(),
                }
            }
            Error::Storage(inner) => open_err(Box::new(inner)),
            other => other,
        })?;
        // An upgrade changes the file for good: keep a copy of the old one.
        let version: i64 = db.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > 0 && version < SCHEMA_VERSION {
            before_upgrade(&db.conn, path)?;
        }
        db.migrate()?;
        db.set_actor()?;
        Ok(db)
    }

    /// Records who works on this connection, for the audit log: the
    /// computer's user name.
    fn set_actor(&self) -> Result<()> {
        let user = ["USERNAME", "USER", "LOGNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
            .unwrap_or_else(|| "کاربر".to_owned());
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('actor', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value",
            [clean_text(&user)],
        )?;
        Ok(())
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Db> {
        let conn = Connection::open_in_memory()?;
        let mut db = Db {
            conn,
            path: None,
            instance: next_instance(),
            restores: 0,
            checkpoint: None,
        };
        db.configure(false)?;
        db.migrate()?;
        db.set_actor()?;
        Ok(db)
    }

    fn configure(&mut self, on_disk: bool) -> Result<()> {
        let c = &self.conn;
        c.busy_timeout(Duration::from_secs(5))?;
        if on_disk {
            let mode: String = c.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if mode != "wal" {
                tracing::warn!(mode, "WAL journal mode not available");
            }
        }
        // Pages are read into SQLite's own cache (32 MB), not memory-mapped:
        // a mapped file counts in the app's resident memory page by page
        // (the whole file once the dashboard has read it), and at Tehran
        // scale the queries measured no faster with it (BENCHMARKS.md).
        c.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = NORMAL;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -32000;
             PRAGMA mmap_size = 0;",
        )?;
        collate::register(c)?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let app_id: i64 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::DatabaseNewer {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let has_tables: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table')",
            [],
            |r| r.get(0),
        )?;
        if app_id != APPLICATION_ID && (app_id != 0 || has_tables) {
            return Err(Error::NotOurDatabase {
                path: self.path.clone().unwrap_or_default(),
            });
        }
        for (from, step) in STEPS.iter().enumerate().skip(version as usize) {
            tracing::info!(
                from,
                to = from + 1,
                "bringing the database schema up to date"
            );
            step(&tx)?;
        }
        if get_meta(&tx, "collation_version")?.as_deref() != Some(collate::COLLATION_VERSION) {
            tracing::info!("collation data changed; rebuilding sort keys");
            refresh_sort_keys(&tx)?;
        }
        // Writing the header again would touch the file on every open, a
        // damaged one included; only a change is written.
        if app_id != APPLICATION_ID {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        if version != SCHEMA_VERSION {
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The file this database lives in; `None` for an in-memory database.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read-only access. Reads see one consistent snapshot per statement;
    /// wrap several in [`Db::write`] when they must agree with each other.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction, committed only if `f` returns
    /// `Ok`. Any error rolls everything back.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` in one IMMEDIATE transaction and commits only when it returns
    /// `Ok((value, true))`: a preview runs every write and then rolls back.
    pub fn write_if<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<(T, bool)>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (value, commit) = f(&tx)?;
        if commit {
            tx.commit()?;
        }
        Ok(value)
    }

    /// Runs `f`, one large transaction (sample data, an import), with the
    /// page cache let grow to 1 GiB and put back after. With the usual
    /// cache the transaction's pages would spill to the WAL before the
    /// commit and be read back from there at every index insert; the cache
    /// only takes the memory of the pages the transaction touches, and
    /// gives it back when it is put back.
    pub fn with_bulk_cache<T>(&mut self, f: impl FnOnce(&mut Db) -> Result<T>) -> Result<T> {
        /// In KiB, negative, as `PRAGMA cache_size` takes it.
        const BULK_CACHE_KIB: i64 = -1_048_576;
        let size: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        let out = f(self);
        self.conn.pragma_update(None, "cache_size", size)?;
        out
    }

    /// Runs `f`, a write of many pages (an import), without the checkpoint
    /// SQLite runs at a commit that leaves the WAL long: copying the pages
    /// of 100,000 people into the database file took as long as a sixth of
    /// their import. The checkpoint runs after `f` instead, on a thread of
    /// its own with a connection of its own, while the clerk reads the
    /// outcome; it waits on no reader or writer (only on the checkpoint of
    /// an earlier large write, if that still runs), and if it cannot finish
    /// the next commit past SQLite's threshold runs it as before.
    pub fn with_checkpoint_after<T>(&mut self, f: impl FnOnce(&mut Db) -> Result<T>) -> Result<T> {
        let Some(path) = self.path.clone() else {
            return f(self);
        };
        let pages: i64 = self
            .conn
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let out = f(self);
        // Put back whatever `f` returned; the error `f` gave is the one told.
        let restored = self.conn.pragma_update(None, "wal_autocheckpoint", pages);
        let value = out?;
        restored?;
        self.wait_for_checkpoint();
        let started = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                if let Err(error) = checkpoint(&path) {
                    // The next commit past the threshold checkpoints instead.
                    tracing::warn!(%error, "checkpoint after a large write failed");
                }
            });
        match started {
            Ok(handle) => self.checkpoint = Some(handle),
            Err(error) => tracing::warn!(%error, "checkpoint thread not started"),
        }
        Ok(value)
    }

    /// Waits until the checkpoint started by [`Db::with_checkpoint_after`],
    /// if any, has finished.
    pub fn wait_for_checkpoint(&mut self) {
        if let Some(handle) = self.checkpoint.take() {
            if handle.join().is_err() {
                tracing::warn!("checkpoint thread panicked");
            }
        }
    }

    /// `PRAGMA quick_check`: `None` when the file is sound, otherwise the
    /// first problem found.
    pub fn quick_check(&self) -> Result<Option<String>> {
        integrity_problem(&self.conn, true)
    }

    /// Replaces the whole database with the one in `from` (already checked
    /// by the caller) through the backup API, then brings its schema up to
    /// date. Other connections see the restored data on their next read.
    pub(crate) fn restore_from(&mut self, from: &Path) -> Result<()> {
        self.conn.restore(
            rusqlite::MAIN_DB,
            from,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        // The backup API writes the pages directly: no row change counts.
        self.restores += 1;
        self.migrate()
    }

    /// What the data is now, to tell whether anything changed since an
    /// earlier token.
    pub fn change_token(&self) -> Result<ChangeToken> {
        let changes: i64 = self
            .conn
            .query_row("SELECT total_changes()", [], |r| r.get(0))?;
        let data_version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(ChangeToken {
            instance: self.instance,
            restores: self.restores,
            changes,
            data_version,
        })
    }

    /// The schema as SQL text, one object per line, for comparisons.
    pub fn schema_dump(&self) -> Result<String> {
        let mut stmt = self.conn.prepare(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "{}|{}|{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_has_pragmas_and_reference_data() {
        let db = Db::open_in_memory().unwrap();
        let c = db.conn();
        let fk: i64 = c
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let n: i64 = c
            .query_row("SELECT count(*) FROM county", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 16);
        // The seeded reference rows are the first entries of the audit log.
        let audited: i64 = c
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity = 'county'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audited, 16);
    }

    #[test]
    fn on_disk_database_uses_wal_and_reopens_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("taavon.db");
        let first = Db::open(&path).unwrap();
        let mode: String = first
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let schema = first.schema_dump().unwrap();
        drop(first);
        let again = Db::open(&path).unwrap();
        assert_eq!(again.schema_dump().unwrap(), schema);
        let n: i64 = again
            .conn()
            .query_row("SELECT count(*) FROM county", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 16, "reopening must not seed twice");
    }

    #[test]
    fn migrated_database_equals_fresh_one() {
        // Every frozen older schema under tests/schema/ is upgraded and must
        // end up identical to a fresh database, and so must an empty file.
        let fresh = Db::open_in_memory().unwrap().schema_dump().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.db");
        std::fs::File::create(&path).unwrap();
        let migrated = Db::open(&path).unwrap().schema_dump().unwrap();
        assert_eq!(migrated, fresh);
        let frozen_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema");
        let mut frozen: Vec<(i64, PathBuf)> = std::fs::read_dir(&frozen_dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter_map(|p| {
                        let v = p.file_stem()?.to_str()?.strip_prefix('v')?.parse().ok()?;
                        Some((v, p))
                    })
                    .collect()
            })
            .unwrap_or_default();
        frozen.sort();
        let versions: Vec<i64> = frozen.iter().map(|(v, _)| *v).collect();
        let expected: Vec<i64> = std::iter::successors(Some(1), |v| Some(v + 1))
            .take_while(|v| *v < SCHEMA_VERSION)
            .collect();
        assert_eq!(
            versions, expected,
            "every older schema must be frozen under tests/schema/"
        );
        for (version, file) in frozen {
            let path = dir.path().join(format!("v{version}.db"));
            let c = Connection::open(&path).unwrap();
            c.execute_batch(&std::fs::read_to_string(file).unwrap())
                .unwrap();
            c.pragma_update(None, "user_version", version).unwrap();
            c.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            // Data written by the old version must survive the upgrade.
            c.execute(
                "INSERT INTO person (national_code, first_name, last_name, search_key, sort_key, created_at, updated_at)
                 VALUES ('0499370899', 'علی', 'رضایی', 'علی رضایی', x'00', 't', 't')",
                [],
            )
            .unwrap();
            drop(c);
            let upgraded = Db::open(&path).unwrap();
            assert_eq!(upgraded.schema_dump().unwrap(), fresh, "from v{version}");
            let kept: String = upgraded
                .conn()
                .query_row(
                    "SELECT last_name FROM person WHERE national_code = '0499370899'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(kept, "رضایی");
            // Reference data seeded by a later step: the general topics
            // arrive with version 2. (A frozen schema holds no rows, so a
            // file frozen at or after that version has none to compare.)
            let count = |db: &Db| -> i64 {
                db.conn()
                    .query_row("SELECT count(*) FROM course", [], |r| r.get(0))
                    .unwrap()
            };
            if version < 2 {
                assert_eq!(
                    count(&upgraded),
                    count(&Db::open_in_memory().unwrap()),
                    "reference data of later versions arrives with the upgrade"
                );
            }
        }
    }

    #[test]
    fn newer_database_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.db");
        drop(Db::open(&path).unwrap());
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(c);
        let err = Db::open(&path).unwrap_err();
        assert_eq!(err.code(), "database_newer");
        assert!(err.to_string().contains("تازه‌تر"));
        let c = Connection::open(&path).unwrap();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION + 1);
    }

    #[test]
    fn foreign_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE notes(x);").unwrap();
        drop(c);
        assert_eq!(Db::open(&path).unwrap_err().code(), "not_our_database");

        let text = dir.path().join("notes.txt");
        std::fs::write(
            &text,
            "this is not a database file at all, just some text".repeat(100),
        )
        .unwrap();
        let err = Db::open(&text).unwrap_err();
        assert_eq!(err.code(), "not_our_database", "{err:?}");
    }

    #[test]
    fn a_large_write_is_checkpointed_after_it_on_a_thread_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut db = Db::open(&path).unwrap();
        let file_len = || std::fs::metadata(&path).unwrap().len();
        let before = file_len();
        db.with_checkpoint_after(|db| {
            db.write(|tx| {
                let value = "ب".repeat(1000);
                for i in 0..3000 {
                    set_meta(tx, &format!("large {i}"), &value)?;
                }
                Ok(())
            })?;
            // 6 MB committed, well past SQLite's threshold, and still only
            // in the WAL.
            assert_eq!(file_len(), before);
            Ok(())
        })
        .unwrap();
        db.wait_for_checkpoint();
        assert!(file_len() > before + 5_000_000, "{} bytes", file_len());
        let pages: i64 = db
            .conn()
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .unwrap();
        assert_eq!(pages, 1000, "SQLite's own threshold, put back");
    }

    #[test]
    fn write_rolls_back_on_error() {
        let mut db = Db::open_in_memory().unwrap();
        let result: Result<()> = db.write(|tx| {
            tx.execute("DELETE FROM county", [])?;
            Err(Error::Refused("stop".into()))
        });
        assert!(result.is_err());
        let n: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM county", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 16);
    }

    #[test]
    fn stale_sort_keys_are_rebuilt_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.db");
        drop(Db::open(&path).unwrap());
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "UPDATE county SET sort_key = x'00'; UPDATE meta SET value = 'old' WHERE key = 'collation_version';",
        )
        .unwrap();
        drop(c);
        let db = Db::open(&path).unwrap();
        let names: Vec<String> = db
            .conn()
            .prepare("SELECT name FROM county ORDER BY sort_key")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(names.first().map(String::as_str), Some("اسلامشهر"));
        assert_eq!(names.last().map(String::as_str), Some("ورامین"));
    }
}
