//! The header row, and the mapping of columns to fields (remembered per
//! layout).

use super::*;

/// Only the first rows are searched: above the headers a list has at most a
/// title, a date and a blank line.
pub(super) const HEADER_SEARCH_ROWS: usize = 10;

pub(super) fn auto_mapping(kind: ImportKind, headers: &[String]) -> Vec<ColumnMap> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut taken = vec![false; headers.len()];
    let mut map = Vec::new();
    for target in targets(kind) {
        // A header matching a target's name exactly is taken in the order the
        // names are listed, so «نام» goes to the first name and «نام خانوادگی»
        // to the last name.
        let column = target.names.iter().find_map(|name| {
            let key = header_key(name);
            keys.iter()
                .enumerate()
                .find(|(i, k)| !taken[*i] && **k == key)
                .map(|(i, _)| i)
        });
        if let Some(c) = column {
            taken[c] = true;
        }
        map.push(ColumnMap {
            target: target.key.to_owned(),
            column: column.map(|c| c as u32),
        });
    }
    map
}

/// The header row: the one among the first rows whose cells match the most
/// known names.
fn find_header(kind: ImportKind, table: &Table) -> Option<usize> {
    let names: Vec<String> = targets(kind)
        .iter()
        .flat_map(|t| t.names.iter().map(|n| header_key(n)))
        .collect();
    table
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .map(|(i, (_, cells))| {
            let hits = cells
                .iter()
                .filter(|c| {
                    let k = header_key(&c.text);
                    !k.is_empty() && names.contains(&k)
                })
                .count();
            (i, hits)
        })
        .filter(|(_, hits)| *hits >= 2)
        .max_by_key(|(i, hits)| (*hits, std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// A file's layout as the mapping step shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Layout {
    pub file: String,
    pub kind: ImportKind,
    pub sheets: Vec<String>,
    pub sheet: String,
    /// 1-based, as the file shows it.
    pub header_row: u32,
    pub headers: Vec<String>,
    pub targets: Vec<TargetInfo>,
    pub mapping: Vec<ColumnMap>,
    /// The mapping was remembered from an earlier file with these headers.
    pub remembered: bool,
    /// The first data rows, as read, for the clerk to recognise.
    pub sample: Vec<Vec<String>>,
}

pub(super) fn layout_key(kind: ImportKind, headers: &[String]) -> String {
    let joined: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    format!("import_mapping:{}:{}", kind.key(), joined.join("|"))
}

pub(super) fn remembered_mapping(conn: &Connection, key: &str) -> Result<Option<Vec<ColumnMap>>> {
    let raw: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(raw.and_then(|v| serde_json::from_str(&v).ok()))
}

pub(super) fn remember_mapping(tx: &Transaction, key: &str, mapping: &[ColumnMap]) -> Result<()> {
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value",
        params![
            key,
            serde_json::to_string(mapping).expect("mapping serializes")
        ],
    )?;
    Ok(())
}

pub(super) struct Framed {
    pub(super) table: Table,
    pub(super) header: usize,
    pub(super) headers: Vec<String>,
}

pub(super) fn frame(kind: ImportKind, path: &Path, sheet: Option<&str>) -> Result<Framed> {
    let table = read_table(path, sheet)?;
    if table
        .rows
        .iter()
        .all(|(_, cells)| cells.iter().all(|c| c.text.trim().is_empty()))
    {
        return Err(Error::Excel(format!(
            "پرونده «{}» هیچ ردیفی ندارد.",
            file_name(path)
        )));
    }
    let header = find_header(kind, &table).ok_or_else(|| {
        let expected: Vec<&str> = targets(kind)
            .iter()
            .filter(|t| t.required)
            .map(|t| t.label)
            .collect();
        Error::Excel(format!(
            "در ده ردیف نخست پرونده «{}» ردیف سرستون‌ها پیدا نشد. ستون‌هایی مانند «{}» لازم است؛ \
             آیا پرونده از نوع «{}» است؟",
            file_name(path),
            expected.join("»، «"),
            kind.label()
        ))
    })?;
    let headers = table.rows[header]
        .1
        .iter()
        .map(|c| clean_text(&c.text))
        .collect();
    Ok(Framed {
        table,
        header,
        headers,
    })
}

/// Reads a file's sheets, header row and the mapping of its columns
/// (remembered from an earlier file with the same headers, or guessed).
pub fn inspect(
    conn: &Connection,
    path: &Path,
    sheet: Option<&str>,
    kind: ImportKind,
) -> Result<Layout> {
    let f = frame(kind, path, sheet)?;
    let key = layout_key(kind, &f.headers);
    let remembered = remembered_mapping(conn, &key)?;
    let mapping = remembered
        .clone()
        .unwrap_or_else(|| auto_mapping(kind, &f.headers));
    Ok(Layout {
        file: file_name(path),
        kind,
        sheets: f.table.sheets.clone(),
        sheet: f.table.sheet.clone(),
        header_row: f.table.rows[f.header].0,
        targets: targets(kind)
            .iter()
            .map(|t| TargetInfo {
                key: t.key.to_owned(),
                label: t.label.to_owned(),
                required: t.required,
            })
            .collect(),
        headers: f.headers.clone(),
        mapping,
        remembered: remembered.is_some(),
        sample: f
            .table
            .rows
            .iter()
            .skip(f.header + 1)
            .filter(|(_, cells)| cells.iter().any(|c| !c.text.trim().is_empty()))
            .take(5)
            .map(|(_, cells)| cells.iter().map(|c| clean_text(&c.text)).collect())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standards_headers_match_in_any_spelling() {
        let check = |h: &str, expect: Option<&str>| {
            let mapped = auto_mapping(ImportKind::Standards, &[h.to_owned()])
                .into_iter()
                .find(|m| m.column == Some(0))
                .map(|m| m.target);
            assert_eq!(mapped.as_deref(), expect, "{h:?}");
        };
        check("کد استاندارد", Some("code"));
        check(" كد  استاندارد ", Some("code"));
        check("Code", Some("code"));
        check("نام\u{200C}استاندارد", Some("title"));
        check("ساعت نظری:", Some("theory_hours"));
        check("جمع ساعت", Some("total_hours"));
        check("حداقل تحصیلات", Some("entry_education"));
        check("گروه هدف", None);
        check("ردیف", None);
        check("", None);
    }
}
