//! Text rules shared by every input path: digits, Arabic letters, spaces,
//! display names and the search key.
//!
//! Display text keeps the zero-width non-joiner (ZWNJ, U+200C) because Persian
//! spelling needs it ("می‌رود"). The search key drops it, together with
//! diacritics and tatweel, so that every spelling a clerk might type finds the
//! same record.

const ZWNJ: char = '\u{200C}';

/// Maps Persian (U+06F0–06F9) and Arabic-Indic (U+0660–0669) digits to ASCII.
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
        _ => None,
    }
}

/// Replaces Persian and Arabic-Indic digits with ASCII digits; other text is kept.
pub fn to_ascii_digits(s: &str) -> String {
    s.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect()
}

/// Replaces ASCII digits with Persian digits, for display.
pub fn to_persian_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x06F0 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Digits only, in ASCII: spaces, dashes and other separators are dropped.
/// Returns `None` when something other than a digit or a separator is present.
pub fn code_digits(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(d) = ascii_digit(c) {
            out.push(d);
        } else if is_code_separator(c) {
            continue;
        } else {
            return None;
        }
    }
    Some(out)
}

fn is_code_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '_' | '.' | '/' | '\u{200C}' | '\u{200D}'
        )
        || is_invisible_mark(c)
}

/// Bidi marks and other format characters that arrive from copy and paste.
fn is_invisible_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Arabic letters that Persian writes with its own code points.
fn persian_letter(c: char) -> char {
    match c {
        '\u{064A}' | '\u{0649}' | '\u{06CC}' => '\u{06CC}', // ي ى → ی
        '\u{0643}' => '\u{06A9}',                           // ك → ک
        _ => c,
    }
}

/// Cleans a name or free text for display and storage: Arabic ي/ك become
/// Persian ی/ک, invisible marks go, runs of spaces collapse, ends are trimmed.
/// ZWNJ is kept (but not doubled, and never at a word edge).
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_invisible_mark(c) || c.is_control() {
            if c == '\t' || c == '\n' || c == '\r' {
                pending_space = !out.is_empty();
            }
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c == ZWNJ {
            if out.is_empty() || out.ends_with(ZWNJ) || pending_space {
                continue;
            }
            out.push(ZWNJ);
            continue;
        }
        if pending_space {
            if out.ends_with(ZWNJ) {
                out.pop();
            }
            out.push(' ');
            pending_space = false;
        }
        out.push(persian_letter(c));
    }
    while out.ends_with(ZWNJ) {
        out.pop();
    }
    out
}

fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// The key every search and duplicate check uses.
///
/// On top of [`clean_text`] it drops diacritics, tatweel and ZWNJ, maps digits
/// to ASCII, folds the hamza and alef forms a clerk may or may not type
/// (أ إ آ ٱ → ا, ؤ → و, ئ → ی, ۀ ة → ه), lower-cases Latin letters and folds
/// every run of spaces to one.
pub fn search_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_diacritic(c) || c == '\u{0640}' || c == ZWNJ || c == '\u{200D}' {
            continue;
        }
        if is_invisible_mark(c) || c.is_control() || c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        let c = ascii_digit(c).unwrap_or(c);
        let c = match persian_letter(c) {
            '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
            '\u{0624}' => '\u{0648}',
            '\u{0626}' => '\u{06CC}',
            '\u{06C0}' | '\u{0629}' => '\u{0647}',
            other => other,
        };
        for lower in c.to_lowercase() {
            out.push(lower);
        }
    }
    out
}

/// Splits a search query into the words that must all appear in a record's key.
pub fn search_terms(query: &str) -> Vec<String> {
    search_key(query)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_from_every_script_become_ascii() {
        assert_eq!(to_ascii_digits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
        assert_eq!(to_ascii_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(to_ascii_digits("ab 12"), "ab 12");
        assert_eq!(to_persian_digits("1404/08/25"), "۱۴۰۴/۰۸/۲۵");
    }

    #[test]
    fn code_digits_strips_spaces_and_dashes_only() {
        assert_eq!(code_digits("049-937 0899").as_deref(), Some("0499370899"));
        assert_eq!(code_digits("۰۴۹۹۳۷۰۸۹۹").as_deref(), Some("0499370899"));
        assert_eq!(
            code_digits("\u{200F}0499370899\u{200E}").as_deref(),
            Some("0499370899")
        );
        assert_eq!(code_digits("04993x0899"), None);
    }

    #[test]
    fn clean_text_keeps_zwnj_and_fixes_arabic_letters() {
        let check = |input: &str, expect: &str| assert_eq!(clean_text(input), expect, "{input:?}");
        check("  علي   رضائي ", "علی رضائی");
        check("كاظم", "کاظم");
        check("مصطفى", "مصطفی");
        check("محمد\u{200C}علی", "محمد\u{200C}علی");
        check("محمد\u{200C}\u{200C}علی", "محمد\u{200C}علی");
        check("\u{200C}علی\u{200C}", "علی");
        check("علی\u{200C} رضا", "علی رضا");
        check("تعاونی\tمسکن\n", "تعاونی مسکن");
    }

    #[test]
    fn search_key_folds_every_spelling_variant() {
        let same = ["علی", "علي", "عَلی", "علـــی", " علی ", "\u{200F}علی"];
        for s in same {
            assert_eq!(search_key(s), "علی", "{s:?}");
        }
        assert_eq!(search_key("محمد\u{200C}رضا"), search_key("محمدرضا"));
        assert_eq!(search_key("تعاونی   شماره ۱۲"), "تعاونی شماره 12");
        assert_eq!(search_key("آرش"), search_key("ارش"));
        assert_eq!(search_key("مسئول"), search_key("مسیول"));
        assert_eq!(search_key("خانۀ"), search_key("خانه"));
        assert_eq!(search_key("Co-Op"), "co-op");
        assert_eq!(search_terms("  علي  رضائي "), vec!["علی", "رضایی"]);
    }
}
