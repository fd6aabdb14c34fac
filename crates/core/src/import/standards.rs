//! Rows of a TVTO standards list: each standard added or updated by its
//! code.

use super::*;

/// A standard from a TVTO list: added under a new code, updated under a
/// known one. A code twice in one file is refused the second time, and a
/// formula error is a fault. Messages name the file's own columns.
pub(super) fn standards_row(
    tx: &Transaction,
    row: u32,
    v: &RowValues,
    state: &mut KindState,
) -> RowResult {
    let named = |key: &str, value: &str, problem: &dyn std::fmt::Display| {
        let column = v.column(key);
        let message = column_message(&column, value, problem);
        RowError::new(column, value, message)
    };
    let mut errors: Vec<RowError> = v
        .excel_errors
        .iter()
        .map(|(key, e)| named(key, e, &"خطای فرمول اکسل است؛ مقدار درست را بنویسید"))
        .collect();
    let input = CourseInput {
        kind: None,
        code: v.get("code"),
        title: v.get("title").unwrap_or_default(),
        cluster: v.get("cluster"),
        course_group: v.get("course_group"),
        theory_hours: v.get("theory_hours"),
        practice_hours: v.get("practice_hours"),
        total_hours: v.get("total_hours"),
        entry_education: v.get("entry_education"),
        suits: None,
        active: true,
    };
    let course = match input.validate() {
        Ok(c) => Some(c),
        Err(invalid) => {
            errors.extend(invalid.iter().map(|e| {
                let column = v.column(e.field.key());
                RowError::new(column.clone(), &e.value, e.message_as(&column))
            }));
            None
        }
    };
    if let Some(code) = course.as_ref().and_then(|c| c.code.clone()) {
        match state.courses.get(&code) {
            Some(first) => errors.push(named(
                "code",
                &code,
                &format!("در ردیف {} همین پرونده هم آمده است", fa(first)),
            )),
            None => {
                state.courses.insert(code, row);
            }
        }
    }
    let Some(mut course) = course.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    keep_missing_columns(tx, &mut course, v).map_err(|e| refused(v, "code", e))?;
    let summary = format!(
        "{} ({})",
        course.title,
        course.code.as_deref().unwrap_or_default()
    );
    let (_, written) = catalog::upsert_course(tx, &course).map_err(|e| refused(v, "code", e))?;
    let outcome = match written {
        catalog::Outcome::Added => Outcome::New,
        catalog::Outcome::Updated => Outcome::Updated,
        catalog::Outcome::Unchanged => Outcome::Unchanged,
    };
    Ok((outcome, summary))
}

/// Fills what the file has no column for from the standard already stored
/// under the same code, so an import never erases what it does not mention.
/// A blank cell in a column the file has clears the value. The fields and
/// tags a course suits, its kind and whether it is active never come from
/// the file.
fn keep_missing_columns(tx: &Transaction, c: &mut NewCourse, v: &RowValues) -> Result<()> {
    let Some(code) = c.code.as_deref() else {
        return Ok(());
    };
    let Some(old) = catalog::find_course_by_code(tx, code)? else {
        return Ok(());
    };
    c.kind = old.kind;
    c.suits = old.suits;
    c.active = old.active;
    if !v.has("cluster") {
        c.cluster = old.cluster;
    }
    if !v.has("course_group") {
        c.course_group = old.course_group;
    }
    // Hours are one group: a file with any hours column gives all three.
    if !(v.has("theory_hours") || v.has("practice_hours") || v.has("total_hours")) {
        c.theory_hours = old.theory_hours;
        c.practice_hours = old.practice_hours;
        c.total_hours = old.total_hours;
    }
    if !v.has("entry_education") {
        c.entry_education = old.entry_education;
    }
    Ok(())
}
