//! The header row, and the mapping of columns to fields (remembered per
//! layout).

use super::*;

/// Only the first rows are searched: above the headers a list has at most a
/// title, a date and a blank line.
pub(super) const HEADER_SEARCH_ROWS: usize = 10;

/// Why a column is proposed for a field.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ColumnGuess {
    pub target: String,
    /// The field's Persian label.
    pub label: String,
    pub column: u32,
    /// The column's letter as the spreadsheet shows it: A, B, … AA.
    pub letter: String,
    pub header: String,
    /// `name` (its header is a name of the field), `content` (its values
    /// are), or `remembered` (the clerk's mapping of an earlier file).
    pub source: String,
    /// The reason in Persian, with Persian digits: «از روی نام ستون»,
    /// «۹۸٪ مقدارها از فهرست زمینه‌های فعالیت».
    pub reason: String,
}

/// One of the columns that claim the same field.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ConflictColumn {
    pub column: u32,
    /// The column's letter as the spreadsheet shows it: A, B, … AA.
    pub letter: String,
    pub header: String,
    pub reason: String,
}

/// Columns that claim the same field: none of them is mapped, the clerk
/// picks one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct MappingConflict {
    pub target: String,
    pub label: String,
    pub columns: Vec<ConflictColumn>,
}

/// A column chosen for a field by a script (`--map C=national_code`): the
/// column by its header or its letter, the field by its key or label.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct MapChoice {
    pub column: String,
    pub target: String,
}

/// The spreadsheet's letter of a 0-based column: A … Z, AA, AB ….
pub fn column_letter(column: usize) -> String {
    let mut name = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        name.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

fn letter_index(s: &str) -> Option<usize> {
    let s = s.trim();
    if s.is_empty() || s.len() > 3 || !s.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(
        s.to_ascii_uppercase()
            .bytes()
            .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1))
            - 1,
    )
}

const BY_NAME: &str = "از روی نام ستون";

/// A mapping proposed for a file: from the headers, else from the values.
#[derive(Debug, Clone)]
pub(super) struct Guessed {
    pub(super) mapping: Vec<ColumnMap>,
    pub(super) guesses: Vec<ColumnGuess>,
    pub(super) conflicts: Vec<MappingConflict>,
    /// How many columns say what they are, by name or by their values.
    pub(super) understood: usize,
}

struct Claim {
    column: usize,
    /// 0 and 1: the rank of the header among the field's names; 2: the values.
    rank: u8,
    reason: String,
}

/// Proposes a column for each field. A header that is a field's name
/// claims it; a column of unknown header claims the one field its values
/// fit. A name outranks values; two columns with an equal claim are a
/// conflict, and neither is mapped.
pub(super) fn guess_mapping(
    kind: ImportKind,
    headers: &[String],
    samples: &[Vec<String>],
    lists: &Lists,
) -> Guessed {
    let all = targets(kind);
    let mut claims: Vec<Vec<Claim>> = all.iter().map(|_| Vec::new()).collect();
    let width = headers.len().max(samples.len());
    let header_of = |c: usize| headers.get(c).map(String::as_str).unwrap_or_default();
    let mut unknown = Vec::new();
    for c in 0..width {
        let key = header_key(header_of(c));
        if ignored_header(&key) {
            continue;
        }
        let mut named = false;
        for (ti, t) in all.iter().enumerate() {
            if let Some(rank) = t.rank_of(&key) {
                claims[ti].push(Claim {
                    column: c,
                    rank,
                    reason: BY_NAME.into(),
                });
                named = true;
            }
        }
        if !named {
            unknown.push((c, key));
        }
    }
    for (c, key) in unknown {
        let values = samples.get(c).map(Vec::as_slice).unwrap_or_default();
        let Some((content, share)) = column_content(kind, values, lists) else {
            continue;
        };
        // A field named by a header is not guessed from values.
        let mut fits: Vec<usize> = (0..all.len())
            .filter(|&i| content.fits(&all[i]) && claims[i].iter().all(|cl| cl.rank == 2))
            .collect();
        if fits.len() > 1 {
            // A header that holds one of the fields' names says which
            // («تعاونی کوچک است؟»).
            let hinted: Vec<usize> = fits
                .iter()
                .copied()
                .filter(|&i| {
                    all[i].names.iter().any(|n| {
                        let n = header_key(n);
                        n.chars().count() >= 3 && key.contains(&n)
                    })
                })
                .collect();
            if hinted.len() == 1 {
                fits = hinted;
            }
        }
        if let [only] = fits[..] {
            claims[only].push(Claim {
                column: c,
                rank: 2,
                reason: content.reason(share),
            });
        }
    }

    let mut guessed = Guessed {
        mapping: Vec::new(),
        guesses: Vec::new(),
        conflicts: Vec::new(),
        understood: claims.iter().map(Vec::len).sum(),
    };
    for (t, cl) in all.iter().zip(&claims) {
        let best = cl.iter().map(|c| c.rank).min();
        let pool: Vec<&Claim> = cl.iter().filter(|c| Some(c.rank) == best).collect();
        let column = match pool[..] {
            [] => None,
            [one] => {
                let outranked: Vec<String> = cl
                    .iter()
                    .filter(|c| c.rank != one.rank && c.rank < 2)
                    .map(|c| header_of(c.column).to_owned())
                    .collect();
                let reason = if outranked.is_empty() {
                    one.reason.clone()
                } else {
                    format!("{BY_NAME}؛ بر ستون «{}» مقدم است", outranked.join("»، «"))
                };
                guessed.guesses.push(ColumnGuess {
                    target: t.key.to_owned(),
                    label: t.label.to_owned(),
                    column: one.column as u32,
                    letter: column_letter(one.column),
                    header: header_of(one.column).to_owned(),
                    source: if one.rank == 2 { "content" } else { "name" }.to_owned(),
                    reason,
                });
                Some(one.column as u32)
            }
            _ => {
                guessed.conflicts.push(MappingConflict {
                    target: t.key.to_owned(),
                    label: t.label.to_owned(),
                    columns: pool
                        .iter()
                        .map(|c| ConflictColumn {
                            column: c.column as u32,
                            letter: column_letter(c.column),
                            header: header_of(c.column).to_owned(),
                            reason: c.reason.clone(),
                        })
                        .collect(),
                });
                None
            }
        };
        guessed.mapping.push(ColumnMap {
            target: t.key.to_owned(),
            column,
        });
    }
    guessed
}

/// The first non-empty values of each column below the header, cleaned as
/// the import reads them, for guessing what a column holds.
/// Rows below the header looked at, at most, when guessing a column from
/// its values: a column mostly empty is not read to the end.
pub(super) const SAMPLE_ROWS: usize = 5_000;

fn column_samples(table: &Table, header: usize) -> Vec<Vec<String>> {
    let mut columns: Vec<Vec<String>> = Vec::new();
    for (_, cells) in table.rows.iter().skip(header + 1).take(SAMPLE_ROWS) {
        if columns.len() < cells.len() {
            columns.resize(cells.len(), Vec::new());
        }
        for (c, cell) in cells.iter().enumerate() {
            if columns[c].len() >= CONTENT_SAMPLE || cell.error.is_some() {
                continue;
            }
            let text = clean_text(&cell.text);
            if !text.is_empty() {
                columns[c].push(number_as_code(&text).unwrap_or(text));
            }
        }
    }
    columns
}

/// Whether a row could be a header row: two cells or more, each with a
/// letter in it (a row of values has codes, numbers and dates).
fn header_like(cells: &[RawCell]) -> bool {
    let filled: Vec<&RawCell> = cells.iter().filter(|c| !c.text.trim().is_empty()).collect();
    filled.len() >= 2
        && filled
            .iter()
            .all(|c| !c.number && !c.date && c.text.chars().any(char::is_alphabetic))
}

/// The header row: the one among the first rows whose cells match the most
/// known names; else the row like a header under which the most columns
/// say what they are (by name, by their values, or by a script's choice).
fn find_header(
    kind: ImportKind,
    table: &Table,
    lists: &Lists,
    choices: &[MapChoice],
) -> Option<(usize, Guessed)> {
    let names: Vec<String> = targets(kind)
        .iter()
        .flat_map(|t| t.names.iter().map(|n| header_key(n)))
        .collect();
    let headers_of = |i: usize| -> Vec<String> {
        table.rows[i]
            .1
            .iter()
            .map(|c| clean_text(&c.text))
            .collect()
    };
    let by_names = table
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
        .map(|(i, _)| i);
    if let Some(i) = by_names {
        let headers = headers_of(i);
        return Some((
            i,
            guess_mapping(kind, &headers, &column_samples(table, i), lists),
        ));
    }
    table
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .filter(|(_, (_, cells))| header_like(cells))
        .filter_map(|(i, _)| {
            let headers = headers_of(i);
            let guessed = guess_mapping(kind, &headers, &column_samples(table, i), lists);
            let chosen = choices
                .iter()
                .filter(|m| resolve_column(&headers, &m.column).is_some())
                .count();
            let understood = guessed.understood + chosen;
            (understood >= 1).then_some((understood, i, guessed))
        })
        .max_by_key(|(understood, i, _)| (*understood, std::cmp::Reverse(*i)))
        .map(|(_, i, guessed)| (i, guessed))
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
    /// Why each mapped column is proposed.
    pub guesses: Vec<ColumnGuess>,
    /// Fields claimed by several columns: the clerk picks one.
    pub conflicts: Vec<MappingConflict>,
    /// The first data rows, as read, for the clerk to recognise.
    pub sample: Vec<Vec<String>>,
}

pub(super) fn layout_key(kind: ImportKind, headers: &[String]) -> String {
    let joined: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    format!("import_mapping:{}:{}", kind.key(), joined.join("|"))
}

/// The clerk's mapping of an earlier file with these headers, unless the
/// fields of the kind have changed since.
pub(super) fn remembered_mapping(
    conn: &Connection,
    kind: ImportKind,
    key: &str,
) -> Result<Option<Vec<ColumnMap>>> {
    let raw: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    let all = targets(kind);
    Ok(raw
        .and_then(|v| serde_json::from_str::<Vec<ColumnMap>>(&v).ok())
        .filter(|m| m.len() == all.len() && m.iter().zip(all).all(|(m, t)| m.target == t.key)))
}

/// The guesses shown for a remembered mapping.
pub(super) fn remembered_guesses(
    kind: ImportKind,
    headers: &[String],
    mapping: &[ColumnMap],
) -> Vec<ColumnGuess> {
    mapping
        .iter()
        .zip(targets(kind))
        .filter_map(|(m, t)| {
            let column = m.column?;
            Some(ColumnGuess {
                target: m.target.clone(),
                label: t.label.to_owned(),
                column,
                letter: column_letter(column as usize),
                header: headers.get(column as usize).cloned().unwrap_or_default(),
                source: "remembered".into(),
                reason: "از ورود پیشین پرونده‌ای با همین سرستون‌ها".into(),
            })
        })
        .collect()
}

/// A column named by a script: by its header, else by its letter.
pub(super) fn resolve_column(headers: &[String], spec: &str) -> Option<usize> {
    let key = header_key(spec);
    if !key.is_empty() {
        if let Some(i) = headers.iter().position(|h| header_key(h) == key) {
            return Some(i);
        }
    }
    letter_index(spec).filter(|&i| i < headers.len())
}

/// Applies a script's choices to a mapping; returns the fields chosen.
pub(super) fn apply_choices(
    kind: ImportKind,
    headers: &[String],
    mapping: &mut [ColumnMap],
    choices: &[MapChoice],
) -> Result<Vec<String>> {
    let all = targets(kind);
    let mut chosen = Vec::new();
    for choice in choices {
        let wanted = header_key(&choice.target);
        let target = all
            .iter()
            .find(|t| header_key(t.key) == wanted || header_key(t.label) == wanted)
            .ok_or_else(|| {
                let known: Vec<String> = all
                    .iter()
                    .map(|t| format!("{} ({})", t.key, t.label))
                    .collect();
                Error::Refused(format!(
                    "«{}» از اطلاعات فهرست «{}» نیست؛ یکی از این‌ها را بنویسید: {}.",
                    choice.target,
                    kind.label(),
                    known.join("، ")
                ))
            })?;
        let column = resolve_column(headers, &choice.column).ok_or_else(|| {
            let known: Vec<String> = headers
                .iter()
                .enumerate()
                .map(|(i, h)| format!("{} «{h}»", column_letter(i)))
                .collect();
            Error::Refused(format!(
                "ستون «{}» در پرونده نیست؛ ستون‌های پرونده: {}.",
                choice.column,
                known.join("، ")
            ))
        })?;
        // A column feeds one field: whatever it was guessed for gives way.
        for m in mapping.iter_mut() {
            if m.column == Some(column as u32) && !chosen.contains(&m.target) {
                m.column = None;
            }
        }
        if let Some(m) = mapping.iter_mut().find(|m| m.target == target.key) {
            m.column = Some(column as u32);
        }
        chosen.push(target.key.to_owned());
    }
    Ok(chosen)
}

/// The refusal of a mapping with fields claimed by several columns, each
/// column named by its header and letter.
pub(super) fn conflict_error(conflicts: &[&MappingConflict]) -> Error {
    let lines: Vec<String> = conflicts
        .iter()
        .map(|c| {
            let columns: Vec<String> = c
                .columns
                .iter()
                .map(|col| format!("«{}» (ستون {})", col.header, col.letter))
                .collect();
            let (last, rest) = columns.split_last().expect("a conflict has columns");
            format!(
                "ستون‌های {} و {} هر دو «{}» به نظر می‌رسند؛ یکی را برگزینید، مثلاً با --map {}={}.",
                rest.join("، "),
                last,
                c.label,
                c.columns[0].letter,
                c.target
            )
        })
        .collect();
    Error::Refused(lines.join("\n"))
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
    /// The mapping proposed from the headers and values.
    pub(super) guessed: Guessed,
}

pub(super) fn frame(
    conn: &Connection,
    kind: ImportKind,
    path: &Path,
    sheet: Option<&str>,
    choices: &[MapChoice],
) -> Result<Framed> {
    let table = read_table(path, sheet)?;
    frame_table(conn, kind, path, table, choices)
}

/// The header row and the guessed mapping of a table read (all of it, or
/// its first rows: the header is among the first [`HEADER_SEARCH_ROWS`] and
/// the guesses look at the [`SAMPLE_ROWS`] below it).
pub(super) fn frame_table(
    conn: &Connection,
    kind: ImportKind,
    path: &Path,
    table: Table,
    choices: &[MapChoice],
) -> Result<Framed> {
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
    let lists = Lists::load(conn)?;
    let (header, guessed) = find_header(kind, &table, &lists, choices).ok_or_else(|| {
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
        guessed,
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
    let f = frame(conn, kind, path, sheet, &[])?;
    let key = layout_key(kind, &f.headers);
    let remembered = remembered_mapping(conn, kind, &key)?;
    let (mapping, guesses, conflicts) = match &remembered {
        Some(m) => (
            m.clone(),
            remembered_guesses(kind, &f.headers, m),
            Vec::new(),
        ),
        None => (
            f.guessed.mapping.clone(),
            f.guessed.guesses.clone(),
            f.guessed.conflicts.clone(),
        ),
    };
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
                instead: t.or.map(str::to_owned),
            })
            .collect(),
        headers: f.headers.clone(),
        mapping,
        remembered: remembered.is_some(),
        guesses,
        conflicts,
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

    fn guess(kind: ImportKind, headers: &[&str], columns: &[&[&str]]) -> Guessed {
        let db = Db::open_in_memory().unwrap();
        let lists = Lists::load(db.conn()).unwrap();
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let samples: Vec<Vec<String>> = columns
            .iter()
            .map(|c| c.iter().map(|v| v.to_string()).collect())
            .collect();
        guess_mapping(kind, &headers, &samples, &lists)
    }

    fn mapped(g: &Guessed, target: &str) -> Option<u32> {
        g.mapping
            .iter()
            .find(|m| m.target == target)
            .unwrap()
            .column
    }

    #[test]
    fn standards_headers_match_in_any_spelling() {
        let check = |h: &str, expect: Option<&str>| {
            let g = guess(ImportKind::Standards, &[h], &[]);
            let mapped = g
                .mapping
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

    #[test]
    fn unknown_headers_are_mapped_by_their_values_and_names_win() {
        let codes: &[&str] = &["0499370899", "0790419904", "0499370899"];
        let fields: &[&str] = &["تولیدی", "خدمات", "توزیعی"];
        let g = guess(
            ImportKind::People,
            &["ستون یک", "کد ملی", "ایکس"],
            &[codes, codes, &["09121234567", "09351234567", "9127654321"]],
        );
        // The named column wins; the other column of codes is left alone.
        assert_eq!(mapped(&g, "national_code"), Some(1));
        assert_eq!(mapped(&g, "mobile"), Some(2));
        let mobile = g.guesses.iter().find(|x| x.target == "mobile").unwrap();
        assert_eq!(mobile.source, "content");
        assert_eq!(mobile.reason, "۱۰۰٪ مقدارها شماره همراه است");
        assert!(g.conflicts.is_empty());

        let g = guess(
            ImportKind::Coops,
            &["عنوان", "الف"],
            &[&["یک", "دو", "سه"], fields],
        );
        assert_eq!(mapped(&g, "field"), Some(1));
        // Three yes/no fields: the header says which, or none is guessed.
        let yes: &[&str] = &["بله", "خیر", "✓"];
        let g = guess(
            ImportKind::Coops,
            &["نام", "آیا نوپاست", "ب"],
            &[&[], yes, yes],
        );
        assert_eq!(mapped(&g, "is_startup"), Some(1));
        assert_eq!(mapped(&g, "is_small"), None);
        assert_eq!(mapped(&g, "is_internet"), None);
    }

    #[test]
    fn two_columns_claiming_a_field_are_a_choice() {
        let g = guess(ImportKind::People, &["موبایل", "تلفن همراه", "نام"], &[]);
        assert_eq!(mapped(&g, "mobile"), None);
        let c = &g.conflicts[0];
        assert_eq!(c.target, "mobile");
        assert_eq!(
            c.columns
                .iter()
                .map(|c| c.letter.as_str())
                .collect::<Vec<_>>(),
            ["A", "B"]
        );
        let dates: &[&str] = &["1360/01/01", "1361/02/02", "1362/03/03"];
        let g = guess(ImportKind::People, &["الف", "ب"], &[dates, dates]);
        assert_eq!(g.conflicts[0].target, "birth_date");
        // Ranked names are no conflict: the code outranks the title.
        let g = guess(ImportKind::Feedback, &["نام دوره", "کد استاندارد"], &[]);
        assert_eq!(mapped(&g, "course"), Some(1));
        assert!(g.conflicts.is_empty());
        let course = g.guesses.iter().find(|x| x.target == "course").unwrap();
        assert!(course.reason.contains("«نام دوره»"), "{}", course.reason);
    }

    #[test]
    fn columns_are_named_by_letter() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(letter_index("c"), Some(2));
        assert_eq!(letter_index("AA"), Some(26));
        assert_eq!(letter_index("کد"), None);
    }
}
