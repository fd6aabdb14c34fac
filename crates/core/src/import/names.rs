//! A full name in one column («نام و نام خانوادگی») split into the first
//! and last name: two words confidently, anything else proposed for the
//! clerk to confirm or correct.

use super::*;

/// A full name whose split the clerk is to confirm, with the proposal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct NameSplit {
    pub row: u32,
    /// The full name as the file has it.
    pub value: String,
    pub first_name: String,
    pub last_name: String,
    /// Why it is not split confidently, in Persian.
    pub reason: String,
    /// The clerk confirmed this split (or wrote their own).
    pub confirmed: bool,
}

/// The clerk's split of one row's full name.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct NameChoice {
    pub row: u32,
    /// The full name as the file has it: a choice for another value (the
    /// file changed) is not used.
    pub value: String,
    pub first_name: String,
    pub last_name: String,
}

/// Words before a name that are no part of it.
const HONORIFICS: &[&str] = &[
    "دکتر",
    "مهندس",
    "حاج",
    "حاجی",
    "حاجیه",
    "آقای",
    "خانم",
    "استاد",
    "سرکار",
];
/// Titles that are written as part of the first name on an ID card.
const LINEAGE: &[&str] = &["سید", "سیده", "میر"];
/// First words of compound first names («محمد رضا»).
const COMPOUND_FIRST: &[&str] = &[
    "محمد",
    "علی",
    "امیر",
    "ابو",
    "ابو",
    "غلام",
    "عبد",
    "حسین",
    "فاطمه",
    "زهرا",
    "ام",
    "نور",
    "میر",
    "محمود",
    "احمد",
    "مهدی",
];
/// Second words of compound first names.
const COMPOUND_SECOND: &[&str] = &[
    "رضا",
    "علی",
    "اکبر",
    "اصغر",
    "حسین",
    "حسن",
    "مهدی",
    "صادق",
    "جواد",
    "باقر",
    "تقی",
    "کاظم",
    "امین",
    "هادی",
    "طاها",
    "طه",
    "محمد",
    "الله",
    "اله",
    "الفضل",
    "القاسم",
    "رحیم",
    "رحمان",
    "رسول",
    "سادات",
    "البنین",
    "حسام",
    "سجاد",
    "عرفان",
    "مصطفی",
    "ناصر",
    "نقی",
    "کریم",
    "مجید",
    "یاسین",
    "پارسا",
    "سینا",
    "حمید",
    "جعفر",
];

fn is(list: &[&str], word: &str) -> bool {
    let k = search_key(word);
    list.iter().any(|w| search_key(w) == k)
}

/// A full name split.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Split {
    Sure {
        first: String,
        last: String,
    },
    Unsure {
        first: String,
        last: String,
        reason: String,
    },
}

pub(super) fn split_full_name(raw: &str) -> Split {
    let text = clean_text(raw);
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let mut reasons: Vec<String> = words
        .iter()
        .filter(|w| is(HONORIFICS, w) || is(LINEAGE, w))
        .map(|w| format!("عنوان «{w}» دارد"))
        .collect();
    let mut rest: &[&str] = &words;
    while let Some((w, after)) = rest.split_first() {
        if !is(HONORIFICS, w) || after.is_empty() {
            break;
        }
        rest = after;
    }
    let mut first: Vec<&str> = Vec::new();
    if let Some((w, after)) = rest.split_first() {
        if is(LINEAGE, w) && after.len() >= 2 {
            first.push(w);
            rest = after;
        }
    }
    if let [a, b, ..] = rest {
        if is(COMPOUND_FIRST, a) && is(COMPOUND_SECOND, b) {
            reasons.push(format!("نام مرکب «{a} {b}» با فاصله نوشته شده است"));
            first.extend([*a, *b]);
            rest = &rest[2..];
        }
    }
    if first.is_empty() || (first.len() == 1 && !rest.is_empty()) {
        if let Some((w, after)) = rest.split_first() {
            first.push(w);
            rest = after;
        }
    }
    let last = rest.join(" ");
    let first = first.join(" ");
    if words.len() > 2 && reasons.is_empty() {
        reasons.push(format!("{} واژه دارد", fa(words.len())));
    }
    if last.is_empty() {
        reasons.push("نام خانوادگی در آن پیدا نشد".into());
    }
    if reasons.is_empty() {
        Split::Sure { first, last }
    } else {
        Split::Unsure {
            first,
            last,
            reason: reasons.join("؛ "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sure(raw: &str, first: &str, last: &str) {
        assert_eq!(
            split_full_name(raw),
            Split::Sure {
                first: first.into(),
                last: last.into()
            },
            "{raw}"
        );
    }

    fn unsure(raw: &str, first: &str, last: &str, why: &str) {
        match split_full_name(raw) {
            Split::Unsure {
                first: f,
                last: l,
                reason,
            } => {
                assert_eq!((f.as_str(), l.as_str()), (first, last), "{raw}");
                assert!(reason.contains(why), "{raw}: {reason}");
            }
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn two_words_split_confidently_the_rest_is_proposed() {
        sure("علی رضایی", "علی", "رضایی");
        sure("  زهرا   احمدي ", "زهرا", "احمدی");
        sure("محمد\u{200C}رضا کریمی", "محمد\u{200C}رضا", "کریمی");
        unsure("محمد رضا کریمی", "محمد رضا", "کریمی", "نام مرکب «محمد رضا»");
        unsure("علی اکبر", "علی اکبر", "", "نام خانوادگی");
        unsure("سید علی موسوی", "سید علی", "موسوی", "عنوان «سید»");
        unsure("دکتر مریم نوری", "مریم", "نوری", "عنوان «دکتر»");
        unsure("حاج امیر حسین صادقی", "امیر حسین", "صادقی", "عنوان «حاج»");
        unsure("فاطمه نوری فر", "فاطمه", "نوری فر", "۳ واژه");
        unsure("نرگس", "نرگس", "", "نام خانوادگی");
        unsure("سید موسوی", "سید", "موسوی", "عنوان «سید»");
    }
}
