//! Counts and the first-start flag for the start page, and the recent audit
//! entries.

use super::*;

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
                id: r.get("id")?,
                at: r.get("at")?,
                action: r.get("action")?,
                entity: r.get("entity")?,
                entity_id: r.get("entity_id")?,
                old_values: parse(r.get("old_values")?),
                new_values: parse(r.get("new_values")?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
