//! Persian alphabetical order (ICU4X collator, locale `fa`).
//!
//! Two forms are offered:
//! - the `fa` SQLite collation, registered on every connection, for ad-hoc
//!   `ORDER BY … COLLATE fa`;
//! - a binary sort key stored beside each name, so that large lists are
//!   ordered by a plain index. No index uses the custom collation: such an
//!   index would make the file unreadable to any connection that lacks it,
//!   the sqlite3 shell included. Sort keys are rebuilt when
//!   [`COLLATION_VERSION`] changes (see `db::refresh_sort_keys`).

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

/// Identifies the collation data that produced stored sort keys.
pub const COLLATION_VERSION: &str = "icu_collator-2.4/fa/tertiary";

static COLLATOR: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    Collator::try_new(locale!("fa").into(), CollatorOptions::default())
        .expect("compiled collation data includes fa")
});

/// Compares two strings in Persian order.
pub fn compare(a: &str, b: &str) -> Ordering {
    COLLATOR.compare(a, b)
}

/// A byte string whose plain (memcmp) order is Persian order.
pub fn sort_key(s: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(s.len() * 2);
    // Writing into a Vec cannot fail.
    let _ = COLLATOR.write_sort_key_to(s, &mut key);
    key
}

/// Registers the `fa` collation on a connection.
pub fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.create_collation("fa", compare)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Persian alphabet in dictionary order.
    const ALPHABET: [&str; 32] = [
        "ا", "ب", "پ", "ت", "ث", "ج", "چ", "ح", "خ", "د", "ذ", "ر", "ز", "ژ", "س", "ش", "ص", "ض",
        "ط", "ظ", "ع", "غ", "ف", "ق", "ک", "گ", "ل", "م", "ن", "و", "ه", "ی",
    ];

    #[test]
    fn full_alphabet_sorts_in_persian_order() {
        let mut shuffled: Vec<&str> = ALPHABET.iter().rev().copied().collect();
        shuffled.rotate_left(7);
        shuffled.sort_by(|a, b| compare(a, b));
        assert_eq!(shuffled, ALPHABET);

        let mut by_key: Vec<&str> = ALPHABET.iter().rev().copied().collect();
        by_key.sort_by_key(|s| sort_key(s));
        assert_eq!(by_key, ALPHABET);
    }

    #[test]
    fn code_point_order_would_be_wrong() {
        // پ (U+067E) has a higher code point than ت (U+062A), and گ (U+06AF)
        // than ل (U+0644): a plain sort misplaces them.
        assert!("پ" > "ت");
        assert_eq!(compare("پ", "ت"), Ordering::Less);
        assert_eq!(compare("گ", "ل"), Ordering::Less);
        assert_eq!(compare("چ", "ح"), Ordering::Less);
        assert_eq!(compare("ژ", "س"), Ordering::Less);
    }

    #[test]
    fn names_sort_like_a_persian_register() {
        let mut names = vec![
            "گودرزی",
            "کاظمی",
            "پناهی",
            "بهرامی",
            "ژیان",
            "زارع",
            "چمنی",
            "جعفری",
            "آقایی",
            "احمدی",
        ];
        names.sort_by_key(|s| sort_key(s));
        assert_eq!(
            names,
            vec![
                "آقایی",
                "احمدی",
                "بهرامی",
                "پناهی",
                "جعفری",
                "چمنی",
                "زارع",
                "ژیان",
                "کاظمی",
                "گودرزی"
            ]
        );
    }

    #[test]
    fn sqlite_collation_orders_rows() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch("CREATE TABLE t(n TEXT); INSERT INTO t VALUES ('گ'),('ک'),('پ'),('ب'),('چ'),('ج'),('ژ'),('ز');")
            .unwrap();
        let got: Vec<String> = conn
            .prepare("SELECT n FROM t ORDER BY n COLLATE fa")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(got, ["ب", "پ", "ج", "چ", "ز", "ژ", "ک", "گ"]);
    }
}
