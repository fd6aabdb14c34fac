//! Cooperatives in unions: joining, leaving on a date, and joining again.
//!
//! A union and a cooperative have one `union_membership` row between them.
//! Leaving sets its end date and keeps the row; joining again after that
//! opens the same row with the new start date (the earlier period stays in
//! the audit log, which keeps the row's old values).

use super::*;
use crate::text::to_persian_digits;

/// A cooperative's membership of a union, seen from either side.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct UnionLink {
    pub id: i64,
    pub union_id: i64,
    pub union_name: String,
    pub union_national_id: Option<String>,
    pub cooperative_id: i64,
    pub cooperative_name: String,
    pub cooperative_national_id: Option<String>,
    pub start_date: Option<String>,
    pub start_date_jalali: Option<String>,
    pub end_date: Option<String>,
    pub end_date_jalali: Option<String>,
    /// No end date, or one not yet reached.
    pub active: bool,
}

const LINK_SELECT: &str = "SELECT l.id, l.union_id, un.name AS union_name,
     un.national_id AS union_national_id, l.cooperative_id, co.name AS cooperative_name,
     co.national_id AS cooperative_national_id, l.start_date, l.end_date
     FROM union_membership l JOIN organization un ON un.id = l.union_id
     JOIN organization co ON co.id = l.cooperative_id";

fn link_from_row(r: &Row) -> rusqlite::Result<UnionLink> {
    let start_date: Option<String> = r.get("start_date")?;
    let end_date: Option<String> = r.get("end_date")?;
    let active = still_holds(end_date.as_deref());
    Ok(UnionLink {
        id: r.get("id")?,
        union_id: r.get("union_id")?,
        union_name: r.get("union_name")?,
        union_national_id: r.get("union_national_id")?,
        cooperative_id: r.get("cooperative_id")?,
        cooperative_name: r.get("cooperative_name")?,
        cooperative_national_id: r.get("cooperative_national_id")?,
        start_date_jalali: jalali_of(&start_date),
        start_date,
        end_date_jalali: jalali_of(&end_date),
        end_date,
        active,
    })
}

/// The union links of a cooperative (its unions) or of a union (its member
/// cooperatives), current ones first, then in Persian order of the other
/// side's name.
pub fn union_links(conn: &Connection, organization_id: i64) -> Result<Vec<UnionLink>> {
    get_org_by_id(conn, organization_id)?;
    Ok(conn
        .prepare_cached(&format!(
            "{LINK_SELECT} WHERE l.union_id = ?1 OR l.cooperative_id = ?1
             ORDER BY l.end_date IS NOT NULL AND l.end_date < ?2,
                      CASE WHEN l.union_id = ?1 THEN co.sort_key ELSE un.sort_key END"
        ))?
        .query_map(params![organization_id, iso(today())], link_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

fn find_link(conn: &Connection, union_id: i64, coop_id: i64) -> Result<Option<UnionLink>> {
    Ok(conn
        .prepare_cached(&format!(
            "{LINK_SELECT} WHERE l.union_id = ?1 AND l.cooperative_id = ?2"
        ))?
        .query_row([union_id, coop_id], link_from_row)
        .optional()?)
}

fn persian_date(d: NaiveDate) -> String {
    to_persian_digits(&to_jalali(d).to_ascii())
}

/// The union and the cooperative, each checked to be of its kind.
fn union_and_coop(conn: &Connection, union_id: i64, coop_id: i64) -> Result<(OrgView, OrgView)> {
    let union = get_org_by_id(conn, union_id)?;
    let coop = get_org_by_id(conn, coop_id)?;
    if union.kind != OrgKind::Union {
        return Err(Error::Refused(format!(
            "«{}» اتحادیه نیست؛ فقط اتحادیه‌ها عضو تعاونی می‌پذیرند.",
            union.name
        )));
    }
    if coop.kind != OrgKind::Cooperative {
        return Err(Error::Refused(format!(
            "«{}» تعاونی نیست؛ اعضای اتحادیه تعاونی‌ها هستند.",
            coop.name
        )));
    }
    Ok((union, coop))
}

/// Puts a cooperative in a union from `start_date`. A cooperative that left
/// the union may join again from a day after it left; one that is still a
/// member (or has a leaving date still to come) is refused.
pub fn join_union(
    tx: &Transaction,
    union_id: i64,
    coop_id: i64,
    start_date: Option<NaiveDate>,
) -> Result<UnionLink> {
    let (union, coop) = union_and_coop(tx, union_id, coop_id)?;
    match find_link(tx, union.id, coop.id)? {
        None => {
            tx.execute(
                "INSERT INTO union_membership (union_id, cooperative_id, start_date, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![union.id, coop.id, start_date.map(iso), now()],
            )?;
        }
        Some(link) => {
            let Some(left) = link.end_date.as_deref().and_then(parse_iso) else {
                return Err(Error::Refused(format!(
                    "«{}» هم‌اکنون عضو «{}» است{}؛ عضویت تکراری ثبت نشد.",
                    coop.name,
                    union.name,
                    link.start_date_jalali
                        .as_deref()
                        .map(|d| format!(" (از {})", to_persian_digits(d)))
                        .unwrap_or_default()
                )));
            };
            let start = start_date.unwrap_or_else(today);
            if start <= left {
                return Err(Error::Refused(format!(
                    "«{}» تا {} عضو «{}» بوده است؛ تاریخ پیوستن دوباره ({}) باید پس از آن باشد.",
                    coop.name,
                    persian_date(left),
                    union.name,
                    persian_date(start)
                )));
            }
            tx.execute(
                "UPDATE union_membership SET start_date = ?1, end_date = NULL WHERE id = ?2",
                params![iso(start), link.id],
            )?;
        }
    }
    Ok(find_link(tx, union.id, coop.id)?.expect("just written"))
}

/// Takes a cooperative out of a union on `end_date`. The row is kept, with
/// its end date; the cooperative may join again later.
pub fn leave_union(
    tx: &Transaction,
    union_id: i64,
    coop_id: i64,
    end_date: NaiveDate,
) -> Result<UnionLink> {
    let (union, coop) = union_and_coop(tx, union_id, coop_id)?;
    let link = find_link(tx, union.id, coop.id)?.ok_or_else(|| {
        Error::Refused(format!(
            "«{}» عضو «{}» نیست؛ چیزی برای پایان دادن نیست.",
            coop.name, union.name
        ))
    })?;
    if let Some(left) = link.end_date_jalali.as_deref() {
        return Err(Error::Refused(format!(
            "عضویت «{}» در «{}» پیش‌تر در تاریخ {} پایان یافته است.",
            coop.name,
            union.name,
            to_persian_digits(left)
        )));
    }
    let raw = to_jalali(end_date).to_ascii();
    if let Some(e) = end_before_start(
        link.start_date.as_deref().and_then(parse_iso),
        Some(end_date),
        Field::EndDate,
        &raw,
    ) {
        return Err(e.into());
    }
    tx.execute(
        "UPDATE union_membership SET end_date = ?1 WHERE id = ?2",
        params![iso(end_date), link.id],
    )?;
    Ok(find_link(tx, union.id, coop.id)?.expect("still there"))
}
