//! Cleaning: every value cleaned as it is read, each change noted for the
//! clerk.

use super::*;

/// One change made to a value while reading it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct RowFix {
    pub row: u32,
    pub column: String,
    pub value: String,
    pub note: String,
}

/// The most fixes kept in an outcome; the count says how many there were.
const FIXES_KEPT: usize = 500;

/// A code written as a number in text: `499370899.0`, `4.99370899E+08`.
pub(super) fn number_as_code(s: &str) -> Option<String> {
    let looks_numeric = s.contains(['.', 'e', 'E'])
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !looks_numeric {
        return None;
    }
    s.parse::<f64>().ok().and_then(integral_text)
}

pub(super) struct Cleaner<'a> {
    pub(super) row: u32,
    pub(super) fixes: &'a mut Vec<RowFix>,
    pub(super) fixes_total: &'a mut u32,
}

impl Cleaner<'_> {
    pub(super) fn note(&mut self, column: &str, value: &str, note: String) {
        *self.fixes_total += 1;
        if self.fixes.len() < FIXES_KEPT {
            self.fixes.push(RowFix {
                row: self.row,
                column: column.to_owned(),
                value: value.to_owned(),
                note,
            });
        }
    }

    /// The value of one cell, cleaned, with each change noted.
    pub(super) fn clean(&mut self, column: &str, cell: &RawCell, code: bool) -> String {
        let raw = cell.text.as_str();
        let mut text = clean_text(raw);
        if raw
            .chars()
            .any(|c| ascii_digit(c).is_some_and(|_| !c.is_ascii_digit()))
        {
            text = crate::text::to_ascii_digits(&text);
            self.note(
                column,
                raw,
                "رقم‌های فارسی یا عربی به رقم لاتین برگردانده شد".into(),
            );
        }
        if raw.contains(['ي', 'ك']) {
            self.note(
                column,
                raw,
                "«ي» و «ك» عربی به «ی» و «ک» فارسی برگردانده شد".into(),
            );
        }
        if !text.is_empty() && raw.trim() != raw || raw.contains("  ") {
            self.note(column, raw, "فاصله‌های اضافه برداشته شد".into());
        }
        if code && cell.number {
            self.note(
                column,
                raw,
                "این کد در پرونده عدد ذخیره شده بود؛ به متن برگردانده شد".into(),
            );
        }
        if code {
            if let Some(digits) = number_as_code(&text) {
                self.note(
                    column,
                    raw,
                    format!("عدد «{text}» به رقم‌های «{digits}» برگردانده شد"),
                );
                text = digits;
            }
        }
        if cell.date {
            self.note(
                column,
                raw,
                format!("تاریخ اکسل به تاریخ شمسی {text} برگردانده شد"),
            );
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_by_excel_become_codes_again() {
        assert_eq!(number_as_code("499370899.0").as_deref(), Some("499370899"));
        assert_eq!(
            number_as_code("4.99370899E+08").as_deref(),
            Some("499370899")
        );
        assert_eq!(
            number_as_code("1.0380284790E10").as_deref(),
            Some("10380284790")
        );
        assert_eq!(number_as_code("0499370899"), None, "already text");
        assert_eq!(number_as_code("12.5"), None, "not a whole number");
        assert_eq!(number_as_code("۱۲"), None);
    }
}
