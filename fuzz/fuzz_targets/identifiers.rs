//! Any text typed into a field that holds a national code, a national ID,
//! a mobile number, a Jalali date or month, or a name: each parser answers
//! with a value or a Persian message, never a panic, and what it accepts is
//! accepted again in its stored form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taavon_core::error::Field;
use taavon_core::ids::{Mobile, NationalCode, NationalId};
use taavon_core::jalali::{parse_jalali, to_jalali};
use taavon_core::needs::parse_month;
use taavon_core::text::{clean_text, search_key, to_ascii_digits};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(code) = NationalCode::parse(text) {
        assert_eq!(NationalCode::parse(&code.to_string()).ok(), Some(code));
    }
    if let Ok(id) = NationalId::parse(text) {
        assert_eq!(NationalId::parse(&id.to_string()).ok(), Some(id));
    }
    if let Ok(mobile) = Mobile::parse(text) {
        assert_eq!(Mobile::parse(&mobile.to_string()).ok(), Some(mobile));
    }
    match parse_jalali(text, Field::BirthDate) {
        Ok(date) => {
            let again = parse_jalali(&to_jalali(date).to_ascii(), Field::BirthDate);
            assert_eq!(again.ok(), Some(date));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    let _ = parse_month(text);
    let cleaned = clean_text(text);
    assert_eq!(clean_text(&cleaned), cleaned, "cleaning is idempotent");
    let key = search_key(text);
    assert_eq!(search_key(&key), key, "search keys are stable");
    let _ = to_ascii_digits(text);
});
