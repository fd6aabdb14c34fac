//! Validation helpers shared by the registry's inputs (and the catalogue's
//! whole numbers).

use super::*;

fn optional(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Collects field errors so that a form gets all of them at once.
#[derive(Default)]
pub(super) struct Check(pub(super) Vec<FieldError>);

impl Check {
    pub(super) fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub(super) fn opt<T>(
        &mut self,
        raw: &Option<String>,
        parse: impl FnOnce(&str) -> Result<T, FieldError>,
    ) -> Option<T> {
        optional(raw).and_then(|s| self.take(parse(s)))
    }

    pub(super) fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

pub(super) fn person_name(field: Field, raw: &str) -> Result<String, FieldError> {
    let name = clean_text(raw);
    if name.is_empty() {
        return Err(FieldError::new(field, raw, Problem::Required));
    }
    if name.chars().count() > MAX_NAME {
        return Err(FieldError::new(
            field,
            raw,
            Problem::TooLong { max: MAX_NAME },
        ));
    }
    if name.chars().any(|c| crate::text::ascii_digit(c).is_some()) {
        return Err(FieldError::new(field, raw, Problem::HasDigits));
    }
    Ok(name)
}

pub(super) fn free_text(field: Field, raw: &str, max: usize) -> Result<String, FieldError> {
    let text = clean_text(raw);
    if text.chars().count() > max {
        return Err(FieldError::new(field, raw, Problem::TooLong { max }));
    }
    Ok(text)
}

pub(super) fn past_date(field: Field, raw: &str) -> Result<NaiveDate, FieldError> {
    let date = parse_jalali(raw, field)?;
    if date > today() {
        return Err(FieldError::new(field, raw, Problem::InFuture));
    }
    Ok(date)
}

/// Whether a role or a union link with this end (ISO, or none) still holds
/// today: no end, or an end not yet passed.
pub(crate) fn still_holds(end_date: Option<&str>) -> bool {
    end_date.and_then(parse_iso).is_none_or(|d| d >= today())
}

/// A whole number typed in any digit script, within `min..=max`.
pub(crate) fn whole_number(field: Field, raw: &str, min: u32, max: u32) -> Result<u32, FieldError> {
    let digits = code_digits(raw)
        .filter(|d| !d.is_empty())
        .ok_or_else(|| FieldError::new(field, raw, Problem::NotANumber))?;
    digits
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            FieldError::new(
                field,
                raw,
                Problem::OutOfRange {
                    min: i64::from(min),
                    max: i64::from(max),
                },
            )
        })
}

/// An email address, lower-cased; the one place addresses are checked.
pub fn email(raw: &str) -> Result<String, FieldError> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 200
        && e.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        })
        && !e.chars().any(char::is_whitespace);
    if ok {
        Ok(e)
    } else {
        Err(FieldError::new(Field::Email, raw, Problem::BadEmail))
    }
}

pub(super) fn phone(field: Field, raw: &str) -> Result<String, FieldError> {
    let digits = code_digits(raw).ok_or_else(|| FieldError::new(field, raw, Problem::NotDigits))?;
    if !(5..=15).contains(&digits.len()) {
        return Err(FieldError::new(
            field,
            raw,
            Problem::Length {
                expected: 11,
                found: digits.len(),
            },
        ));
    }
    Ok(digits)
}
