//! Paged search over people and organizations: words of the name, or the
//! start of a code or mobile.

use super::*;

/// One page of results, with the total for the pager.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many match; with `capped`, only that more than this many do.
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
    /// The count stopped at [`COUNT_CAP`]: more than `total` match, and the
    /// pages go on while `more` says so.
    pub capped: bool,
    /// Matches follow this page.
    pub more: bool,
}

/// A people search counts its matches up to this many; past it, the page
/// says "more than 1,000" and the clerk pages on or types more.
pub const COUNT_CAP: u64 = 1000;

/// Which page to return; pages count from 1.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            page: 1,
            page_size: 50,
        }
    }
}

impl PageRequest {
    const MAX_SIZE: u32 = 500;

    fn limit_offset(self) -> (i64, i64) {
        let size = self.page_size.clamp(1, Self::MAX_SIZE);
        let page = self.page.max(1);
        (i64::from(size), i64::from(page - 1) * i64::from(size))
    }
}

/// Builds the WHERE clause for a free-text query over a table with a
/// `search_key` column: every word must appear somewhere in the key.
fn name_terms_clause(
    query: &str,
    alias: &str,
    sql: &mut Vec<String>,
    args: &mut Vec<Box<dyn ToSql>>,
) {
    for term in search_terms(query) {
        let escaped = term
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        sql.push(format!("{alias}.search_key LIKE ? ESCAPE '\\'"));
        args.push(Box::new(format!("%{escaped}%")));
    }
}

/// Digits of a query that is a code or phone number, if it is one.
fn digit_query(query: &str) -> Option<String> {
    let q = query.trim();
    let q = q.strip_prefix('+').unwrap_or(q);
    code_digits(q).filter(|d| !d.is_empty())
}

/// Runs a paged search.
///
/// With filters, one statement finds the matches (scanning the narrow
/// `*_search` index), counts them with a window function and keeps only the
/// page, sorting matches rather than walking the sort index: walking it would
/// visit every row in name order just to find a rare name. With no filter,
/// the sort index gives the page directly and the total is a plain count.
fn run_page<T>(
    conn: &Connection,
    table: &str,
    clauses: &[String],
    columns: &str,
    args: &[Box<dyn ToSql>],
    page: PageRequest,
    map: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let refs: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
    let alias = &table[..1];
    let (limit, offset) = page.limit_offset();
    let mut all = refs.clone();
    all.push(&limit);
    all.push(&offset);
    let count = |where_: &str| -> Result<i64> {
        Ok(conn
            .prepare_cached(&format!("SELECT count(*) FROM {table} {alias} {where_}"))?
            .query_row(refs.as_slice(), |r| r.get(0))?)
    };
    let (items, total) = if clauses.is_empty() {
        let items = conn
            .prepare_cached(&format!(
                "SELECT {columns} FROM {table} {alias} ORDER BY {alias}.sort_key, {alias}.id LIMIT ? OFFSET ?"
            ))?
            .query_map(all.as_slice(), map)?
            .collect::<rusqlite::Result<Vec<T>>>()?;
        (items, count("")?)
    } else {
        let where_ = format!("WHERE {}", clauses.join(" AND "));
        let rows = conn
            .prepare_cached(&format!(
                "SELECT {columns}, hit_total FROM {table} {alias}
                 JOIN (SELECT {alias}.id AS hit_id, count(*) OVER () AS hit_total
                       FROM {table} {alias} {where_}
                       ORDER BY +{alias}.sort_key, {alias}.id LIMIT ? OFFSET ?) ON hit_id = {alias}.id
                 ORDER BY {alias}.sort_key, {alias}.id"
            ))?
            .query_map(all.as_slice(), |r| Ok((map(r)?, r.get::<_, i64>("hit_total")?)))?
            .collect::<rusqlite::Result<Vec<(T, i64)>>>()?;
        let total = match rows.first() {
            Some((_, total)) => *total,
            // A page past the end says nothing about the total.
            None if offset > 0 => count(&where_)?,
            None => 0,
        };
        (rows.into_iter().map(|(item, _)| item).collect(), total)
    };
    let total = total as u64;
    Ok(Page {
        more: (offset as u64) + (items.len() as u64) < total,
        items,
        total,
        page: page.page.max(1),
        page_size: limit as u32,
        capped: false,
    })
}

/// Every match of a search, unpaged, in the order [`run_page`] pages them.
fn run_all<T>(
    conn: &Connection,
    table: &str,
    clauses: &[String],
    columns: &str,
    args: &[Box<dyn ToSql>],
    map: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let refs: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
    let alias = &table[..1];
    let where_ = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok(conn
        .prepare(&format!(
            "SELECT {columns} FROM {table} {alias} {where_} ORDER BY {alias}.sort_key, {alias}.id"
        ))?
        .query_map(refs.as_slice(), map)?
        .collect::<rusqlite::Result<Vec<T>>>()?)
}

/// The WHERE clauses of a people search: a code or mobile prefix, or words
/// of the name.
fn people_clauses(query: &str) -> (Vec<String>, Vec<Box<dyn ToSql>>) {
    let mut clauses = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(digits) = digit_query(query) {
        // A code or a mobile number, possibly partial. Ranges on the two
        // indexed columns; ':' sorts right after '9'.
        let mobile = if let Some(rest) = digits.strip_prefix("98").filter(|_| digits.len() > 3) {
            format!("0{rest}")
        } else if digits.starts_with('0') {
            digits.clone()
        } else {
            format!("0{digits}")
        };
        // Written as an OR of two ranges, which SQLite answers from both
        // indexes (MULTI-INDEX OR); a UNION subquery was planned as two scans.
        clauses.push(
            "((p.national_code >= ?1 AND p.national_code < ?1 || ':') OR (p.mobile >= ?2 AND p.mobile < ?2 || ':'))"
                .to_owned(),
        );
        args.push(Box::new(digits));
        args.push(Box::new(mobile));
    } else {
        name_terms_clause(query, "p", &mut clauses, &mut args);
    }
    (clauses, args)
}

/// The full-text query for the words of a name search that the trigram
/// index can answer (three letters or more), each as a quoted phrase;
/// `None` when no word is that long, or the query is a code.
fn trigram_match(query: &str) -> Option<String> {
    if digit_query(query).is_some() {
        return None;
    }
    let phrases: Vec<String> = search_terms(query)
        .into_iter()
        .filter(|t| t.chars().count() >= 3)
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

/// Finds people by name (any spelling), national code prefix or mobile
/// prefix, in Persian order of last name then first name. An empty query
/// lists everyone.
///
/// Each kind of query takes its quickest route:
/// - a word of three letters or more: the trigram index (`person_fts`)
///   names every match; their sort keys are read, the pages up to this
///   one sorted, and the total is exact;
/// - a code or mobile: up to [`COUNT_CAP`] matches from the two indexes are
///   sorted here; more are counted and paged over the indexes as before;
/// - words of one or two letters only: up to the cap, the matches from
///   `person_search` are sorted here; past it they are so common that a
///   walk in Persian order (`person_sort`) meets a page of them soon, and
///   the page says `capped` instead of counting them all.
///
/// Every route ends in the same `LIKE` over the key (or the same code
/// ranges), so the results are exactly those of [`search_people_scan`], in
/// the same order.
pub fn search_people(
    conn: &Connection,
    query: &str,
    page: PageRequest,
) -> Result<Page<PersonView>> {
    let (clauses, args) = people_clauses(query);
    if clauses.is_empty() {
        return search_people_scan(conn, query, page);
    }
    let (limit, offset) = page.limit_offset();
    let where_ = clauses.join(" AND ");
    let mut refs: Vec<&dyn ToSql> = Vec::with_capacity(args.len() + 3);
    let fts = trigram_match(query);
    if let Some(m) = &fts {
        refs.push(m);
    }
    refs.extend(args.iter().map(|b| b.as_ref() as &dyn ToSql));
    let is_code = digit_query(query).is_some();
    let probe = match fts {
        // Every match, with its sort key: the index names them, and those
        // clustered under one last name would be met only late in a walk
        // in Persian order.
        Some(_) => format!(
            "SELECT p.id, p.sort_key FROM person_fts JOIN person p ON p.id = person_fts.rowid
             WHERE person_fts MATCH ? AND {where_}"
        ),
        None => format!(
            "SELECT p.id, p.sort_key FROM person p WHERE {where_} LIMIT {}",
            COUNT_CAP + 1
        ),
    };
    let mut hits = conn
        .prepare_cached(&probe)?
        .query_map(refs.as_slice(), |r| {
            Ok((r.get::<_, Vec<u8>>(1)?, r.get::<_, i64>(0)?))
        })?
        .collect::<rusqlite::Result<Vec<(Vec<u8>, i64)>>>()?;
    let page_no = page.page.max(1);
    if hits.len() as u64 <= COUNT_CAP || fts.is_some() {
        // Byte order of the sort key, then id: SQLite's order of the BLOBs.
        // Only the pages up to this one need sorting.
        let total = hits.len() as u64;
        let end = (offset + limit) as usize;
        if end < hits.len() {
            hits.select_nth_unstable(end);
            hits.truncate(end);
        }
        hits.sort_unstable();
        let mut one = conn.prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM person p WHERE p.id = ?"
        ))?;
        let items = hits
            .iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|(_, id)| one.query_row([id], person_from_row))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        return Ok(Page {
            more: (offset as u64) + (items.len() as u64) < total,
            items,
            total,
            page: page_no,
            page_size: limit as u32,
            capped: false,
        });
    }
    if is_code {
        // Codes and mobiles spread evenly over Persian order; counting
        // them over the two indexes is quicker than a walk.
        return search_people_scan(conn, query, page);
    }
    // More than the cap for a word of one or two letters: walk the people
    // in Persian order.
    let refs: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
    let mut all = refs;
    let one_more = limit + 1;
    all.push(&one_more);
    all.push(&offset);
    let mut items = conn
        .prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM person p INDEXED BY person_sort WHERE {where_}
             ORDER BY p.sort_key, p.id LIMIT ? OFFSET ?"
        ))?
        .query_map(all.as_slice(), person_from_row)?
        .collect::<rusqlite::Result<Vec<PersonView>>>()?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    Ok(Page {
        items,
        total: COUNT_CAP,
        page: page_no,
        page_size: limit as u32,
        capped: true,
        more,
    })
}

/// The same search by reading every key, with the exact total: what
/// [`search_people`] did before the trigram index, kept as the reference
/// it is checked against, and for listing everyone.
pub fn search_people_scan(
    conn: &Connection,
    query: &str,
    page: PageRequest,
) -> Result<Page<PersonView>> {
    let (clauses, args) = people_clauses(query);
    run_page(
        conn,
        "person",
        &clauses,
        PERSON_COLUMNS,
        &args,
        page,
        person_from_row,
    )
}

/// Every person [`search_people`] finds for `query`, all pages in one list,
/// in the same order: what an export of the list writes.
pub fn search_people_all(conn: &Connection, query: &str) -> Result<Vec<PersonView>> {
    let (clauses, args) = people_clauses(query);
    run_all(
        conn,
        "person",
        &clauses,
        PERSON_COLUMNS,
        &args,
        person_from_row,
    )
}

/// Filters for the cooperatives list. `None` means "any".
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OrgFilter {
    #[serde(default)]
    pub text: String,
    pub kind: Option<OrgKind>,
    pub field: Option<OrgField>,
    pub county: Option<String>,
    pub status: Option<OrgStatus>,
    pub is_small: Option<bool>,
    pub is_startup: Option<bool>,
    pub is_internet: Option<bool>,
}

/// The WHERE clauses of a cooperatives search.
fn org_clauses(filter: &OrgFilter) -> (Vec<String>, Vec<Box<dyn ToSql>>) {
    let mut clauses = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(digits) = digit_query(&filter.text) {
        clauses.push(
            "(o.national_id >= ? AND o.national_id < ? || ':' OR o.registration_no = ?)".to_owned(),
        );
        args.push(Box::new(digits.clone()));
        args.push(Box::new(digits.clone()));
        args.push(Box::new(digits));
    } else {
        name_terms_clause(&filter.text, "o", &mut clauses, &mut args);
    }
    if let Some(kind) = filter.kind {
        clauses.push("o.kind = ?".into());
        args.push(Box::new(kind.key()));
    }
    if let Some(field) = filter.field {
        clauses.push("o.field = ?".into());
        args.push(Box::new(field.key()));
    }
    if let Some(status) = filter.status {
        clauses.push("o.status = ?".into());
        args.push(Box::new(status.key()));
    }
    if let Some(county) = filter.county.as_deref().filter(|c| !c.trim().is_empty()) {
        clauses.push("o.county_id = (SELECT id FROM county WHERE search_key = ?)".into());
        args.push(Box::new(search_key(county)));
    }
    for (flag, column) in [
        (filter.is_small, "o.is_small"),
        (filter.is_startup, "o.is_startup"),
        (filter.is_internet, "o.is_internet"),
    ] {
        if let Some(v) = flag {
            clauses.push(format!("{column} = ?"));
            args.push(Box::new(v));
        }
    }
    (clauses, args)
}

/// Finds cooperatives and unions by name (any spelling), national ID or
/// registration number prefix, with filters, in Persian order of name.
pub fn search_orgs(
    conn: &Connection,
    filter: &OrgFilter,
    page: PageRequest,
) -> Result<Page<OrgView>> {
    let (clauses, args) = org_clauses(filter);
    run_page(
        conn,
        "organization",
        &clauses,
        ORG_COLUMNS,
        &args,
        page,
        org_from_row,
    )
}

/// Every cooperative and union [`search_orgs`] finds for `filter`, all
/// pages in one list, in the same order: what an export of the list writes.
pub fn search_orgs_all(conn: &Connection, filter: &OrgFilter) -> Result<Vec<OrgView>> {
    let (clauses, args) = org_clauses(filter);
    run_all(
        conn,
        "organization",
        &clauses,
        ORG_COLUMNS,
        &args,
        org_from_row,
    )
}
