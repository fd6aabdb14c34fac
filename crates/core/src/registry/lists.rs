//! The editable lists (counties, orientations): listed, added, renamed.

use super::*;

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
