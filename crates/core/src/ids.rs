//! Validated identifiers. Each type is parsed in exactly one place, its
//! `parse` function; everything after that can trust the value.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Field, FieldError, Problem};
use crate::text::code_digits;

/// Iranian national code (کد ملی) of a person: ten ASCII digits with a valid
/// check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NationalCode(String);

/// What [`NationalCode::parse`] had to do to the input, so an import can
/// report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeFix {
    None,
    /// Excel dropped leading zeros; this many were put back.
    PaddedZeros(usize),
}

impl NationalCode {
    /// Parses a national code typed or pasted in any digit script, with
    /// spaces or dashes. An 8- or 9-digit number is taken as a code whose
    /// leading zeros were lost and is padded back.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::parse_with_fix(raw).map(|(code, _)| code)
    }

    pub fn parse_with_fix(raw: &str) -> Result<(Self, CodeFix), FieldError> {
        let err = |problem| FieldError::new(Field::NationalCode, raw, problem);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Required));
        }
        let digits = code_digits(trimmed).ok_or_else(|| err(Problem::NotDigits))?;
        let (digits, fix) = match digits.len() {
            10 => (digits, CodeFix::None),
            8 | 9 => {
                let missing = 10 - digits.len();
                (
                    format!("{}{digits}", "0".repeat(missing)),
                    CodeFix::PaddedZeros(missing),
                )
            }
            n => {
                return Err(err(Problem::Length {
                    expected: 10,
                    found: n,
                }))
            }
        };
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        if d.iter().all(|&x| x == d[0]) {
            return Err(err(Problem::AllSameDigits));
        }
        if d[3..9].iter().all(|&x| x == 0) {
            return Err(err(Problem::ZeroSerial));
        }
        if national_code_check_digit(&d[..9]) != d[9] {
            return Err(err(Problem::Checksum));
        }
        Ok((NationalCode(digits), fix))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit for the first nine digits of a national code.
pub fn national_code_check_digit(first9: &[u32]) -> u32 {
    let s: u32 = first9
        .iter()
        .enumerate()
        .map(|(i, &d)| d * (10 - i as u32))
        .sum();
    let r = s % 11;
    if r < 2 {
        r
    } else {
        11 - r
    }
}

/// Legal-entity national ID (شناسه ملی) of a cooperative or union: eleven
/// ASCII digits with a valid check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NationalId(String);

impl NationalId {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let err = |problem| FieldError::new(Field::NationalId, raw, problem);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Required));
        }
        let digits = code_digits(trimmed).ok_or_else(|| err(Problem::NotDigits))?;
        if digits.len() != 11 {
            return Err(err(Problem::Length {
                expected: 11,
                found: digits.len(),
            }));
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        if d.iter().all(|&x| x == 0) {
            return Err(err(Problem::AllSameDigits));
        }
        if national_id_check_digit(&d[..10]) != d[10] {
            return Err(err(Problem::Checksum));
        }
        Ok(NationalId(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit for the first ten digits of a legal-entity national ID.
pub fn national_id_check_digit(first10: &[u32]) -> u32 {
    const WEIGHTS: [u32; 5] = [29, 27, 23, 19, 17];
    let k = first10[9] + 2;
    let s: u32 = first10
        .iter()
        .enumerate()
        .map(|(i, &d)| (d + k) * WEIGHTS[i % 5])
        .sum();
    let r = s % 11;
    if r == 10 {
        0
    } else {
        r
    }
}

/// Iranian mobile number, stored as `09XXXXXXXXX`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Mobile(String);

impl Mobile {
    /// Accepts `+98 9…`, `0098 9…`, `98 9…`, `09…` and `9…`, in any digit
    /// script, with spaces, dashes or brackets.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let err = |problem| FieldError::new(Field::Mobile, raw, problem);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Required));
        }
        let without_plus = trimmed.strip_prefix('+').unwrap_or(trimmed);
        let cleaned: String = without_plus
            .chars()
            .filter(|c| !matches!(c, '(' | ')'))
            .collect();
        let digits = code_digits(&cleaned).ok_or_else(|| err(Problem::NotDigits))?;
        let national = if let Some(rest) = digits.strip_prefix("0098") {
            rest.to_owned()
        } else if digits.len() == 12 && digits.starts_with("98") {
            digits[2..].to_owned()
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest.to_owned()
        } else {
            digits.clone()
        };
        if national.len() != 10 {
            return Err(err(Problem::Length {
                expected: 11,
                found: digits.len(),
            }));
        }
        if !national.starts_with('9') {
            return Err(err(Problem::NotMobile));
        }
        Ok(Mobile(format!("0{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! display_as_str {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    )*};
}
display_as_str!(NationalCode, NationalId, Mobile);

#[cfg(test)]
mod tests {
    use super::*;

    fn problem_of<T: std::fmt::Debug>(r: Result<T, FieldError>) -> Problem {
        r.expect_err("should be refused").problem
    }

    #[test]
    fn national_code_public_vectors() {
        assert_eq!(
            NationalCode::parse("0499370899").unwrap().as_str(),
            "0499370899"
        );
        assert_eq!(
            NationalCode::parse("0790419904").unwrap().as_str(),
            "0790419904"
        );
        assert_eq!(
            problem_of(NationalCode::parse("0684159415")),
            Problem::Checksum
        );
    }

    #[test]
    fn national_code_accepts_every_digit_script_and_separator() {
        for raw in ["۰۴۹۹۳۷۰۸۹۹", "٠٤٩٩٣٧٠٨٩٩", "049-937-0899", " 049 937 0899 "]
        {
            assert_eq!(
                NationalCode::parse(raw).unwrap().as_str(),
                "0499370899",
                "{raw}"
            );
        }
    }

    #[test]
    fn national_code_pads_numbers_that_lost_leading_zeros() {
        let (code, fix) = NationalCode::parse_with_fix("499370899").unwrap();
        assert_eq!(code.as_str(), "0499370899");
        assert_eq!(fix, CodeFix::PaddedZeros(1));
        // 0012345679 has two leading zeros; check digit computed below.
        let first9 = [0, 0, 1, 2, 3, 4, 5, 6, 7];
        let check = national_code_check_digit(&first9);
        let raw = format!("1234567{check}");
        let (code, fix) = NationalCode::parse_with_fix(&raw).unwrap();
        assert_eq!(code.as_str(), format!("001234567{check}"));
        assert_eq!(fix, CodeFix::PaddedZeros(2));
    }

    #[test]
    fn national_code_rejections() {
        assert_eq!(
            problem_of(NationalCode::parse("1111111111")),
            Problem::AllSameDigits
        );
        assert_eq!(
            problem_of(NationalCode::parse("0000000000")),
            Problem::AllSameDigits
        );
        // Digits 4..9 all zero; 123000000x with any check digit is refused.
        for last in 0..10 {
            let raw = format!("123000000{last}");
            assert_eq!(
                problem_of(NationalCode::parse(&raw)),
                Problem::ZeroSerial,
                "{raw}"
            );
        }
        assert_eq!(
            problem_of(NationalCode::parse("1234567")),
            Problem::Length {
                expected: 10,
                found: 7
            }
        );
        assert_eq!(
            problem_of(NationalCode::parse("04993708991")),
            Problem::Length {
                expected: 10,
                found: 11
            }
        );
        assert_eq!(
            problem_of(NationalCode::parse("04993a0899")),
            Problem::NotDigits
        );
        assert_eq!(problem_of(NationalCode::parse("  ")), Problem::Required);
    }

    #[test]
    fn national_code_checksum_both_branches() {
        // r < 2: check digit equals r; r >= 2: check digit is 11 - r.
        let mut seen_low = false;
        let mut seen_high = false;
        for n in 12_345_000u32..12_345_400 {
            let first9: Vec<u32> = format!("{n:09}")
                .bytes()
                .map(|b| u32::from(b - b'0'))
                .collect();
            let s: u32 = first9
                .iter()
                .enumerate()
                .map(|(i, d)| d * (10 - i as u32))
                .sum();
            let r = s % 11;
            let check = national_code_check_digit(&first9);
            if r < 2 {
                seen_low = true;
                assert_eq!(check, r);
            } else {
                seen_high = true;
                assert_eq!(check, 11 - r);
            }
            let code = format!("{n:09}{check}");
            assert!(NationalCode::parse(&code).is_ok(), "{code}");
            let wrong = format!("{n:09}{}", (check + 1) % 10);
            assert!(NationalCode::parse(&wrong).is_err(), "{wrong}");
        }
        assert!(seen_low && seen_high);
    }

    #[test]
    fn national_id_public_vectors() {
        assert_eq!(
            NationalId::parse("10380284790").unwrap().as_str(),
            "10380284790"
        );
        assert_eq!(
            problem_of(NationalId::parse("10380284792")),
            Problem::Checksum
        );
        assert_eq!(
            NationalId::parse("۱۰۳۸۰۲۸۴۷۹۰").unwrap().as_str(),
            "10380284790"
        );
        assert_eq!(
            NationalId::parse("1038-0284-790").unwrap().as_str(),
            "10380284790"
        );
        assert_eq!(
            problem_of(NationalId::parse("00000000000")),
            Problem::AllSameDigits
        );
        assert_eq!(
            problem_of(NationalId::parse("1038028479")),
            Problem::Length {
                expected: 11,
                found: 10
            }
        );
    }

    #[test]
    fn national_id_remainder_ten_becomes_zero() {
        let mut seen_ten = false;
        for n in 1_038_028_400u64..1_038_029_400 {
            let first10: Vec<u32> = format!("{n:010}")
                .bytes()
                .map(|b| u32::from(b - b'0'))
                .collect();
            let k = first10[9] + 2;
            let w = [29, 27, 23, 19, 17];
            let s: u32 = first10
                .iter()
                .enumerate()
                .map(|(i, d)| (d + k) * w[i % 5])
                .sum();
            if s % 11 == 10 {
                seen_ten = true;
                assert_eq!(national_id_check_digit(&first10), 0);
            }
            let id = format!("{n:010}{}", national_id_check_digit(&first10));
            assert!(NationalId::parse(&id).is_ok(), "{id}");
        }
        assert!(seen_ten);
    }

    #[test]
    fn mobile_forms_all_store_as_09() {
        for raw in [
            "09121234567",
            "9121234567",
            "+989121234567",
            "+98 912 123 4567",
            "00989121234567",
            "989121234567",
            "۰۹۱۲۱۲۳۴۵۶۷",
            "0912-123-4567",
            "(0912) 123 4567",
        ] {
            assert_eq!(Mobile::parse(raw).unwrap().as_str(), "09121234567", "{raw}");
        }
        assert_eq!(problem_of(Mobile::parse("02188776655")), Problem::NotMobile);
        assert!(matches!(
            problem_of(Mobile::parse("0912123456")),
            Problem::Length { .. }
        ));
        assert_eq!(problem_of(Mobile::parse("0912abc4567")), Problem::NotDigits);
    }
}
