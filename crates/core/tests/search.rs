//! The people search through the trigram index and the capped count finds
//! exactly the people, in exactly the order, that reading every key finds
//! (`search_people_scan`, the search as it was before the index).

use taavon_core::db::Db;
use taavon_core::demo::{self, DemoConfig};
use taavon_core::ids::NationalCode;
use taavon_core::registry::{self, PageRequest, PersonInput, PersonView, COUNT_CAP};

mod common;
use common::code;

fn add(db: &mut Db, national_code: &str, first: &str, last: &str, mobile: Option<&str>) {
    let input = PersonInput {
        national_code: national_code.into(),
        first_name: first.into(),
        last_name: last.into(),
        father_name: None,
        gender: None,
        birth_date: None,
        education: None,
        mobile: mobile.map(Into::into),
    };
    let person = input.validate().unwrap();
    db.write(|tx| registry::add_person(tx, &person)).unwrap();
}

/// Sample data with more people than the count's cap, and names written
/// every way a clerk meets them.
fn fixture() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    demo::generate(
        &mut db,
        &DemoConfig {
            coops: 30,
            people: 2500,
            seed: 7,
        },
        &mut |_| true,
    )
    .unwrap();
    // Arabic ي and ك, ZWNJ, hamza forms, diacritics, spaces inside names.
    let hand = [
        ("علي", "رضائي"),
        ("علی", "رضایی"),
        ("كاوه", "نيك\u{200C}نام"),
        ("کاوه", "نیکنام"),
        ("مریم", "نیک نام"),
        ("محمّد", "کریمیان"),
        ("زهرا", "آقائی"),
        ("ژیلا", "میر\u{200C}حسینی"),
        ("یاسمن", "كريمي"),
        ("رضا", "علی\u{200C}اکبری"),
    ];
    for (i, (first, last)) in hand.iter().enumerate() {
        add(
            &mut db,
            &code(&format!("777{i:02}4321")),
            first,
            last,
            Some(&format!("0935777{i:04}")),
        );
    }
    db
}

/// Every page of `query` through `search`, page after page while the page
/// says more follow; the totals and flags of the first page.
fn every_page(
    db: &Db,
    query: &str,
    size: u32,
    search: fn(
        &rusqlite::Connection,
        &str,
        PageRequest,
    ) -> taavon_core::Result<registry::Page<PersonView>>,
) -> (Vec<String>, u64, bool) {
    let mut codes = Vec::new();
    let mut first = None;
    for page in 1.. {
        let got = search(
            db.conn(),
            query,
            PageRequest {
                page,
                page_size: size,
            },
        )
        .unwrap();
        assert_eq!(got.page, page);
        assert!(got.items.len() <= size as usize);
        if got.more {
            assert_eq!(got.items.len(), size as usize, "`{query}` page {page}");
        }
        codes.extend(got.items.iter().map(|p| p.national_code.clone()));
        first.get_or_insert((got.total, got.capped));
        if !got.more {
            break;
        }
    }
    let (total, capped) = first.unwrap();
    (codes, total, capped)
}

const QUERIES: &[&str] = &[
    // one and two letters, either spelling of ی and ک
    "ع",
    "ی",
    "ي",
    "ک",
    "ك",
    "ژ",
    "آ",
    "x",
    "عل",
    "رض",
    "ني",
    "ی ک",
    "ژی",
    // three letters and more
    "علی",
    "علي",
    "رضایی",
    "رضائي",
    "محمد",
    "محمّد",
    "محمدی",
    "کریمی",
    "كريمي",
    "نیک\u{200C}نام",
    "نیکنام",
    "نيك\u{200C}نام",
    "یکن",
    "آقایی",
    "اقائی",
    "ژیان",
    "زهرا",
    // several words, long and short mixed
    "علی ر",
    "علی رض",
    "علی رضایی",
    "علي رضائي",
    "زهرا کریمی",
    "نیک نام",
    "کاوه نیک",
    "رضا علی",
    "ی ی ی",
    "ابراهیم",
    "\"ع\"",
    "%",
    "_",
    "a*",
    // codes and mobiles, in every script of digits
    "0",
    "۰",
    "777",
    "۷۷۷۰۰",
    "٧٧٧٠٠٠٠",
    "0935",
    "09357770003",
    "+98 935 777",
    "۰۹۱۲",
    "1",
    "123456789",
];

#[test]
fn indexed_search_finds_what_reading_every_key_finds() {
    let db = fixture();
    let mut capped_seen = 0;
    for query in QUERIES {
        for size in [25, 50] {
            let (fast, total, capped) = every_page(&db, query, size, registry::search_people);
            let (slow, scan_total, scan_capped) =
                every_page(&db, query, size, registry::search_people_scan);
            assert!(!scan_capped);
            assert_eq!(slow.len() as u64, scan_total, "`{query}`");
            assert_eq!(fast, slow, "`{query}`: same people in the same order");
            // Only words of one or two letters stop counting, and only
            // past the cap.
            let short = taavon_core::text::search_terms(query)
                .iter()
                .all(|t| t.chars().count() < 3)
                && taavon_core::text::code_digits(query).is_none();
            if capped {
                assert!(short, "`{query}` is counted");
                assert!(scan_total > COUNT_CAP, "`{query}`: {scan_total} matches");
                assert_eq!(total, COUNT_CAP, "`{query}`");
                capped_seen += 1;
            } else {
                assert!(
                    !short || scan_total <= COUNT_CAP,
                    "`{query}`: {scan_total} counted"
                );
                assert!(!capped, "`{query}`");
                assert_eq!(total, scan_total, "`{query}`");
            }
            // The unpaged list an export writes, in the same order.
            let all: Vec<String> = registry::search_people_all(db.conn(), query)
                .unwrap()
                .into_iter()
                .map(|p| p.national_code)
                .collect();
            assert_eq!(all, slow, "`{query}`");
        }
    }
    assert!(capped_seen > 0, "some query passes the cap");
}

#[test]
fn one_page_anywhere_matches_the_scan() {
    let db = fixture();
    for query in ["ی", "ع", "علی", "0", "م ی"] {
        for page in [1, 2, 39, 40, 41, 42, 60, 1000] {
            let req = PageRequest {
                page,
                page_size: 25,
            };
            let fast = registry::search_people(db.conn(), query, req).unwrap();
            let slow = registry::search_people_scan(db.conn(), query, req).unwrap();
            assert_eq!(fast.items, slow.items, "`{query}` page {page}");
            assert_eq!(fast.more, slow.more, "`{query}` page {page}");
        }
    }
}

fn fts_sound(db: &Db) {
    db.conn()
        .execute(
            "INSERT INTO person_fts (person_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
}

fn codes(page: registry::Page<PersonView>) -> Vec<String> {
    page.items.into_iter().map(|p| p.national_code).collect()
}

#[test]
fn the_index_follows_every_change_of_name() {
    let mut db = fixture();
    fts_sound(&db);
    let kaveh = code("777024321");
    let found = |db: &Db, q: &str| {
        codes(registry::search_people(db.conn(), q, PageRequest::default()).unwrap())
    };
    assert!(found(&db, "کاوه نیکنام").contains(&kaveh));

    // A corrected name is found under the new one only.
    let new = PersonInput {
        national_code: kaveh.clone(),
        first_name: "کامران".into(),
        last_name: "شهرزادفر".into(),
        father_name: None,
        gender: None,
        birth_date: None,
        education: None,
        mobile: None,
    }
    .validate()
    .unwrap();
    let parsed = NationalCode::parse(&kaveh).unwrap();
    db.write(|tx| registry::update_person(tx, &parsed, &new))
        .unwrap();
    assert_eq!(found(&db, "شهرزادفر"), vec![kaveh.clone()]);
    assert_eq!(found(&db, "زادف کامر"), vec![kaveh.clone()]);
    assert!(!found(&db, "کاوه نیکنام").contains(&kaveh));
    fts_sound(&db);

    // A person removed leaves the index with the row.
    db.write(|tx| {
        tx.execute("DELETE FROM person WHERE national_code = ?1", [&kaveh])?;
        Ok(())
    })
    .unwrap();
    assert!(found(&db, "شهرزادفر").is_empty());
    fts_sound(&db);
}
