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

/// The people of `ids`, in that order: the rows of the page shown.
fn people_by_id<'a>(
    conn: &Connection,
    ids: impl IntoIterator<Item = &'a i64>,
) -> Result<Vec<PersonView>> {
    let mut one = conn.prepare_cached(&format!(
        "SELECT {PERSON_COLUMNS} FROM person p WHERE p.id = ?"
    ))?;
    Ok(ids
        .into_iter()
        .map(|id| one.query_row([id], person_from_row))
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Finds people by name (any spelling), national code prefix or mobile
/// prefix, in Persian order of last name then first name. An empty query
/// lists everyone.
///
/// Each kind of query takes its quickest route:
/// - a word of three letters or more: the trigram index (`person_fts`)
///   names every match; their sort keys are read, the pages up to this
///   one sorted, and the total is exact ([`PeopleOrder`] puts them in
///   order without reading the keys);
/// - a code or mobile: up to [`COUNT_CAP`] matches from the two indexes are
///   sorted here; more are counted and paged over the indexes as before;
/// - words of one or two letters only: the keys are tested in Persian order
///   (`person_order`) up to the first match past the cap. Fewer are counted
///   exactly; more are so common that the pages within the cap are already
///   at hand, later ones are a walk that meets a page of them soon, and the
///   page says `capped` instead of counting them all.
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
        None if is_code => format!(
            "SELECT p.id, p.sort_key FROM person p WHERE {where_} LIMIT {}",
            COUNT_CAP + 1
        ),
        // Short words: the first matches in Persian order, from the keys
        // in `person_order`; the pages up to the cap are among them.
        None => format!(
            "SELECT p.id, p.sort_key FROM person p INDEXED BY person_order WHERE {where_}
             ORDER BY p.sort_key, p.id LIMIT {}",
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
    let capped = hits.len() as u64 > COUNT_CAP && fts.is_none();
    if capped && !is_code && offset + limit < hits.len() as i64 {
        // A page within the first matches in Persian order.
        let items = people_by_id(
            conn,
            hits.iter()
                .skip(offset as usize)
                .take(limit as usize)
                .map(|(_, id)| id),
        )?;
        return Ok(Page {
            items,
            total: COUNT_CAP,
            page: page_no,
            page_size: limit as u32,
            capped: true,
            more: true,
        });
    }
    if !capped {
        // Byte order of the sort key, then id: SQLite's order of the BLOBs.
        // Only the pages up to this one need sorting.
        let total = hits.len() as u64;
        let end = (offset + limit) as usize;
        if end < hits.len() {
            hits.select_nth_unstable(end);
            hits.truncate(end);
        }
        hits.sort_unstable();
        let items = people_by_id(
            conn,
            hits.iter()
                .skip(offset as usize)
                .take(limit as usize)
                .map(|(_, id)| id),
        )?;
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
    // The keys are tested in `person_order`; only the page's rows are read.
    let mut ids = conn
        .prepare_cached(&format!(
            "SELECT p.id FROM person p INDEXED BY person_order WHERE {where_}
             ORDER BY p.sort_key, p.id LIMIT ? OFFSET ?"
        ))?
        .query_map(all.as_slice(), |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let more = ids.len() as i64 > limit;
    ids.truncate(limit as usize);
    let items = people_by_id(conn, &ids)?;
    Ok(Page {
        items,
        total: COUNT_CAP,
        page: page_no,
        page_size: limit as u32,
        capped: true,
        more,
    })
}

/// Every person's place in Persian order and search key, kept in memory
/// while the data stays the same (the [`ChangeToken`](crate::db::ChangeToken)
/// of the database), so a name search with a word of three letters or more
/// reads only the trigram index and the page's rows.
///
/// Without it, [`search_people`] reads the sort key of every match to find
/// the first page: about 15,000 index seeks for «علی» at Tehran scale. With
/// it, the matches' ids from the index are put in order here, and the words
/// of one or two letters of the same query are looked for in the kept keys
/// (so such a query is counted exactly, as the index alone counts it).
/// Both are read once from `person_order` (about 100 ms for 400,000
/// people), again after any change, and take about 40 bytes per person.
#[derive(Debug, Default)]
pub struct PeopleOrder {
    kept: Option<(crate::db::ChangeToken, Order)>,
    /// The order being read on a thread of its own ([`PeopleOrder::prepare`]),
    /// for the data as it was at that token.
    coming: Option<(
        crate::db::ChangeToken,
        std::thread::JoinHandle<Result<Order>>,
    )>,
}

/// People in Persian order: each id's place, and the keys by place.
#[derive(Debug, Default)]
struct Order {
    /// Indexed by person id; [`NO_PLACE`] for ids not in use.
    places: Vec<u32>,
    /// Every search key, one after another in Persian order.
    keys: String,
    /// Where the key of each place starts in `keys`, and one past the end.
    starts: Vec<u32>,
}

/// A person id that is not in the kept order.
const NO_PLACE: u32 = u32::MAX;

impl Order {
    fn read(conn: &Connection) -> Result<Order> {
        let (max, count): (i64, i64) = conn.query_row(
            "SELECT coalesce(max(id), 0), count(*) FROM person",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let count = usize::try_from(count).unwrap_or(0);
        let mut order = Order {
            places: vec![NO_PLACE; usize::try_from(max).unwrap_or(0) + 1],
            keys: String::with_capacity(count * 32),
            starts: Vec::with_capacity(count + 1),
        };
        let mut stmt = conn.prepare_cached(
            "SELECT id, search_key FROM person INDEXED BY person_order ORDER BY sort_key, id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let place = order.starts.len();
            let Ok(i) = usize::try_from(id) else { continue };
            if i >= order.places.len() {
                // Written after the first statement: room is made for it.
                order.places.resize(i + 1, NO_PLACE);
            }
            order.places[i] = place as u32;
            order.starts.push(order.keys.len() as u32);
            order
                .keys
                .push_str(row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?);
        }
        order.starts.push(order.keys.len() as u32);
        Ok(order)
    }

    fn place(&self, id: i64) -> u32 {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.places.get(i).copied())
            .unwrap_or(NO_PLACE)
    }

    fn key(&self, place: u32) -> &str {
        let place = place as usize;
        &self.keys[self.starts[place] as usize..self.starts[place + 1] as usize]
    }
}

impl PeopleOrder {
    /// Starts reading the order on a thread of its own, with a read-only
    /// connection to the same file, unless it is kept or coming for the
    /// data as it is: the people screen calls this as it opens, so the
    /// first name typed does not wait for the read. Nothing for a database
    /// in memory.
    pub fn prepare(&mut self, db: &crate::db::Db) -> Result<()> {
        let token = db.change_token()?;
        let ready = matches!(&self.kept, Some((t, _)) if *t == token)
            || matches!(&self.coming, Some((t, _)) if *t == token);
        let Some(path) = db.path().map(std::path::Path::to_owned) else {
            return Ok(());
        };
        if ready {
            return Ok(());
        }
        // The token is taken before the other connection starts reading, so
        // what it reads is never older than the token says: a write in
        // between changes the token, and that order is then not used.
        let spawned = std::thread::Builder::new()
            .name("people-order".into())
            .spawn(move || {
                let conn = Connection::open_with_flags(
                    &path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                Order::read(&conn)
            });
        if let Ok(handle) = spawned {
            self.coming = Some((token, handle));
        }
        Ok(())
    }

    /// The order for the data as it is now: kept, or the one being read
    /// for this token, or read here.
    fn order(&mut self, db: &crate::db::Db) -> Result<&Order> {
        let token = db.change_token()?;
        let kept = match self.kept.take() {
            Some((t, order)) if t == token => (t, order),
            _ => {
                let coming = match self.coming.take() {
                    Some((t, handle)) if t == token => handle.join().ok().and_then(|r| r.ok()),
                    // Read for older data: let go, it ends by itself.
                    _ => None,
                };
                let order = match coming {
                    Some(order) => order,
                    None => Order::read(db.conn())?,
                };
                (token, order)
            }
        };
        Ok(&self.kept.insert(kept).1)
    }

    /// [`search_people`], with the same people in the same order and the
    /// same total.
    pub fn search(
        &mut self,
        db: &crate::db::Db,
        query: &str,
        page: PageRequest,
    ) -> Result<Page<PersonView>> {
        // The matches' ids, from the trigram index or the code and mobile
        // indexes; anything else (short words only, everyone) is as fast
        // without the order.
        let is_code = digit_query(query).is_some();
        let (sql, args): (String, Vec<Box<dyn ToSql>>) = match trigram_match(query) {
            Some(fts) => (
                "SELECT rowid FROM person_fts WHERE person_fts MATCH ?".into(),
                vec![Box::new(fts)],
            ),
            None if is_code => {
                let (clauses, args) = people_clauses(query);
                (
                    format!("SELECT p.id FROM person p WHERE {}", clauses.join(" AND ")),
                    args,
                )
            }
            None => return search_people(db.conn(), query, page),
        };
        let order = self.order(db)?;
        let conn = db.conn();
        let mut hits = Vec::new();
        {
            let refs: Vec<&dyn ToSql> = args.iter().map(|a| a.as_ref()).collect();
            let mut ids = conn.prepare_cached(&sql)?;
            let mut rows = ids.query(refs.as_slice())?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let place = order.place(id);
                if place == NO_PLACE {
                    // Not in the order read: never while the token holds,
                    // but the slow way is still right.
                    return search_people(conn, query, page);
                }
                hits.push((place, id));
            }
        }
        let (limit, offset) = page.limit_offset();
        let (limit, offset) = (limit as usize, offset as usize);
        let short: Vec<String> = search_terms(query)
            .into_iter()
            .filter(|t| t.chars().count() < 3 && !is_code)
            .collect();
        if !short.is_empty() {
            // The index matched the long words; the short ones are looked
            // for in each match's key, kept in memory.
            hits.retain(|(place, _)| {
                let key = order.key(*place);
                short.iter().all(|t| key.contains(t.as_str()))
            });
        }
        // Only the pages up to this one need sorting.
        let total = hits.len();
        let end = offset + limit;
        if end < hits.len() {
            hits.select_nth_unstable(end);
            hits.truncate(end);
        }
        hits.sort_unstable();
        let ids: Vec<i64> = hits.iter().skip(offset).take(limit).map(|h| h.1).collect();
        let items = people_by_id(conn, &ids)?;
        Ok(Page {
            more: offset + items.len() < total,
            items,
            total: total as u64,
            page: page.page.max(1),
            page_size: limit as u32,
            capped: false,
        })
    }
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
