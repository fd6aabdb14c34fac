//! The people search through the trigram index and the capped count, and
//! the same search through the kept Persian order (`PeopleOrder`, what the
//! window uses), find exactly the people, in exactly the order, that
//! reading every key finds (`search_people_scan`, the search as it was
//! before the index).

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
    query: &str,
    size: u32,
    search: &mut dyn FnMut(&str, PageRequest) -> taavon_core::Result<registry::Page<PersonView>>,
) -> (Vec<String>, u64, bool) {
    let mut codes = Vec::new();
    let mut first = None;
    for page in 1.. {
        let got = search(
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

/// Words of one or two letters only (not a code): the queries whose count
/// may stop at the cap.
fn all_short(query: &str) -> bool {
    taavon_core::text::search_terms(query)
        .iter()
        .all(|t| t.chars().count() < 3)
        && taavon_core::text::code_digits(query).is_none()
}

/// A word of one or two letters beside a longer one.
fn mixed(query: &str) -> bool {
    let terms = taavon_core::text::search_terms(query);
    terms.iter().any(|t| t.chars().count() < 3) && terms.iter().any(|t| t.chars().count() >= 3)
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
    let mut order = registry::PeopleOrder::default();
    let mut capped_seen = 0;
    for query in QUERIES {
        for size in [25, 50] {
            let (slow, scan_total, scan_capped) = every_page(query, size, &mut |q, p| {
                registry::search_people_scan(db.conn(), q, p)
            });
            assert!(!scan_capped);
            assert_eq!(slow.len() as u64, scan_total, "`{query}`");
            let (fast, total, capped) = every_page(query, size, &mut |q, p| {
                registry::search_people(db.conn(), q, p)
            });
            assert_eq!(fast, slow, "`{query}`: same people in the same order");
            // Only words of one or two letters stop counting, and only
            // past the cap.
            let short = all_short(query);
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
                assert_eq!(total, scan_total, "`{query}`");
            }
            // The kept order: the same people in the same order, and the
            // same count as the index gives.
            let (kept, kept_total, kept_capped) =
                every_page(query, size, &mut |q, p| order.search(&db, q, p));
            assert_eq!(kept, slow, "`{query}`: the kept order");
            assert_eq!((kept_total, kept_capped), (total, capped), "`{query}`");
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
fn a_long_word_beside_a_short_one_is_counted_exactly_past_the_cap() {
    let mut db = fixture();
    // More than the cap of people a mixed query finds.
    for i in 0..(COUNT_CAP + 60) {
        add(
            &mut db,
            &code(&format!("66{:07}", i + 1001)),
            ["کیانوش", "کیانا", "کیان"][i as usize % 3],
            &format!("رحیمی{}", ["پور", "نژاد", "زاده", ""][i as usize % 4]),
            None,
        );
    }
    let mut order = registry::PeopleOrder::default();
    for query in ["کیا ر", "ر کیان", "کیان رح"] {
        assert!(mixed(query));
        let (slow, scan_total, _) = every_page(query, 50, &mut |q, p| {
            registry::search_people_scan(db.conn(), q, p)
        });
        assert!(scan_total > COUNT_CAP, "`{query}`: {scan_total}");
        for (how, (found, total, capped)) in [
            (
                "kept order",
                every_page(query, 50, &mut |q, p| order.search(&db, q, p)),
            ),
            (
                "index",
                every_page(query, 50, &mut |q, p| {
                    registry::search_people(db.conn(), q, p)
                }),
            ),
        ] {
            assert_eq!(found, slow, "`{query}` through the {how}: every page");
            assert!(!capped, "`{query}` through the {how}");
            assert_eq!(total, scan_total, "`{query}` through the {how}");
        }
    }
}

#[test]
fn one_page_anywhere_matches_the_scan() {
    let db = fixture();
    let mut order = registry::PeopleOrder::default();
    for query in ["ی", "ع", "علی", "0", "م ی", "محمد", "علی ر"] {
        for page in [1, 2, 39, 40, 41, 42, 60, 1000] {
            let req = PageRequest {
                page,
                page_size: 25,
            };
            let fast = registry::search_people(db.conn(), query, req).unwrap();
            let slow = registry::search_people_scan(db.conn(), query, req).unwrap();
            assert_eq!(fast.items, slow.items, "`{query}` page {page}");
            assert_eq!(fast.more, slow.more, "`{query}` page {page}");
            let kept = order.search(&db, query, req).unwrap();
            assert_eq!(kept.items, slow.items, "`{query}` page {page}, kept");
            assert_eq!(kept.more, slow.more, "`{query}` page {page}, kept");
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
    // Each search asked both ways; the kept order is read again after
    // each change.
    let order = std::cell::RefCell::new(registry::PeopleOrder::default());
    let found = |db: &Db, q: &str| {
        let indexed = codes(registry::search_people(db.conn(), q, PageRequest::default()).unwrap());
        let kept = codes(
            order
                .borrow_mut()
                .search(db, q, PageRequest::default())
                .unwrap(),
        );
        assert_eq!(kept, indexed, "`{q}`");
        indexed
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

fn person(code: &str, first: &str, last: &str) -> taavon_core::registry::NewPerson {
    PersonInput {
        national_code: code.into(),
        first_name: first.into(),
        last_name: last.into(),
        father_name: None,
        gender: None,
        birth_date: None,
        education: None,
        mobile: None,
    }
    .validate()
    .unwrap()
}

#[test]
fn people_written_in_bulk_are_indexed_and_logged_at_its_end_with_their_last_names() {
    let mut db = fixture();
    let audit_count = |db: &Db, action: &str| -> i64 {
        db.conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity = 'person' AND action = ?1",
                [action],
                |r| r.get(0),
            )
            .unwrap()
    };
    // The sample data pauses the audit: its people are not logged, not
    // even at the end of its bulk write; the ten people added by hand are.
    assert_eq!(audit_count(&db, "insert"), 10);
    let logged_before: i64 = db
        .conn()
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let schema = db.schema_dump().unwrap();
    let old = code("777034321");
    let gone_old = code("777044321");
    let new: Vec<String> = (0..40)
        .map(|i| code(&format!("55{:07}", i + 1001)))
        .collect();
    db.write(|tx| {
        taavon_core::db::people_in_bulk(tx, |tx| {
            for (i, c) in new.iter().enumerate() {
                registry::add_person(
                    tx,
                    &person(c, "سپیده", &format!("فرخ‌زاد{}", ["", "پور", "نیا"][i % 3])),
                )?;
            }
            // A new person renamed, another removed, in the same write.
            let first = NationalCode::parse(&new[0]).unwrap();
            registry::update_person(tx, &first, &person(&new[0], "سپیده", "تابنده"))?;
            tx.execute("DELETE FROM person WHERE national_code = ?1", [&new[1]])?;
            // People already on file are logged row by row, and noted with
            // the keys the index holds, which is put right at the end.
            let parsed = NationalCode::parse(&old).unwrap();
            registry::update_person(tx, &parsed, &person(&old, "مریم", "شادمهر"))?;
            tx.execute("DELETE FROM person WHERE national_code = ?1", [&gone_old])?;
            let noted: i64 =
                tx.query_row("SELECT count(*) FROM person_fts_stale", [], |r| r.get(0))?;
            assert_eq!(noted, 2);
            let renamed: i64 = tx.query_row(
                "SELECT count(*) FROM person_fts WHERE person_fts MATCH '\"شادمهر\"'",
                [],
                |r| r.get(0),
            )?;
            assert_eq!(renamed, 0);
            // Until the end, a new person is not in the index yet.
            let indexed: i64 = tx.query_row(
                "SELECT count(*) FROM person_fts WHERE person_fts MATCH '\"فرخ\"'",
                [],
                |r| r.get(0),
            )?;
            assert_eq!(indexed, 0);
            Ok(())
        })
    })
    .unwrap();
    fts_sound(&db);
    let flag: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM meta WHERE key = 'people_bulk'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(flag, 0, "the mark of the bulk write is gone");
    let noted: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM person_fts_stale", [], |r| r.get(0))
        .unwrap();
    assert_eq!(noted, 0, "the notes of people on file are gone");
    assert_eq!(
        db.schema_dump().unwrap(),
        schema,
        "the triggers set aside are back as they were"
    );

    // The audit log: one insert for each person added and still there, with
    // the values they end with, written as the trigger writes one; the
    // person added and removed in the same write is not there at all; the
    // people on file changed and removed are logged as always.
    let logged: Vec<(String, i64, String, Option<String>)> = db
        .conn()
        .prepare(
            "SELECT action, entity_id, coalesce(new_values, old_values), actor FROM audit_log
             WHERE entity = 'person' AND id > ?1 ORDER BY id",
        )
        .unwrap()
        .query_map([logged_before], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let id_of = |c: &str| -> i64 {
        db.conn()
            .query_row("SELECT id FROM person WHERE national_code = ?1", [c], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let inserted: Vec<i64> = logged
        .iter()
        .filter(|l| l.0 == "insert")
        .map(|l| l.1)
        .collect();
    let mut expected: Vec<i64> = new.iter().skip(2).map(|c| id_of(c)).collect();
    expected.insert(0, id_of(&new[0]));
    assert_eq!(inserted, expected);
    let first = logged.iter().find(|l| l.1 == id_of(&new[0])).unwrap();
    assert!(
        first.2.contains("تابنده") && !first.2.contains("فرخ"),
        "{}",
        first.2
    );
    let actions: Vec<&str> = logged
        .iter()
        .filter(|l| l.0 != "insert")
        .map(|l| l.0.as_str())
        .collect();
    assert_eq!(actions, ["update", "delete"]);
    assert!(logged
        .iter()
        .any(|l| l.0 == "update" && l.2.contains("شادمهر")));
    // The same keys and actor as a row the trigger wrote for a person added
    // by hand.
    let (by_trigger, actor): (String, Option<String>) = db
        .conn()
        .query_row(
            "SELECT new_values, actor FROM audit_log
             WHERE entity = 'person' AND action = 'insert' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let keys = |json: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v.as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(keys(&first.2), keys(&by_trigger));
    assert_eq!(first.3, actor);
    let mut order = registry::PeopleOrder::default();
    for query in [
        "فرخ",
        "فرخزاد",
        "سپیده",
        "تابنده",
        "سپیده تاب",
        "شادمهر",
        "نیک",
        "ف س",
    ] {
        let (slow, total, _) = every_page(query, 25, &mut |q, p| {
            registry::search_people_scan(db.conn(), q, p)
        });
        let (fast, _, _) = every_page(query, 25, &mut |q, p| {
            registry::search_people(db.conn(), q, p)
        });
        let (kept, _, _) = every_page(query, 25, &mut |q, p| order.search(&db, q, p));
        assert_eq!(fast, slow, "`{query}`");
        assert_eq!(kept, slow, "`{query}`");
        if query == "فرخ" {
            assert_eq!(total, 38, "40 added, one renamed, one removed");
        }
    }
    assert_eq!(
        codes(registry::search_people(db.conn(), "تابنده", PageRequest::default()).unwrap()),
        vec![new[0].clone()]
    );

    // A bulk write rolled back leaves the index as it was.
    let err = db.write(|tx| {
        taavon_core::db::people_in_bulk(tx, |tx| {
            registry::add_person(tx, &person(&code("558888881"), "نگار", "مهرآیینی‌فر"))?;
            Err::<(), _>(taavon_core::Error::Cancelled)
        })
    });
    assert!(err.is_err());
    fts_sound(&db);
    assert!(codes(
        registry::search_people(db.conn(), "مهرایینیفر", PageRequest::default()).unwrap()
    )
    .is_empty());
}

#[test]
fn the_order_read_beside_the_window_is_used_only_for_the_data_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taavon.db");
    let mut db = Db::open(&path).unwrap();
    demo::generate(
        &mut db,
        &DemoConfig {
            coops: 20,
            people: 1500,
            seed: 11,
        },
        &mut |_| true,
    )
    .unwrap();
    let scan = |db: &Db, q: &str| {
        every_page(q, 50, &mut |q, p| {
            registry::search_people_scan(db.conn(), q, p)
        })
        .0
    };
    let mut order = registry::PeopleOrder::default();
    // Read on its own thread, then used.
    order.prepare(&db).unwrap();
    let (kept, _, _) = every_page("علی", 50, &mut |q, p| order.search(&db, q, p));
    assert_eq!(kept, scan(&db, "علی"));
    // Read, then the data changes before the search: that order is let go.
    add(&mut db, &code("554433221"), "علی", "آبان‌زاده", None);
    order.prepare(&db).unwrap();
    add(&mut db, &code("554433222"), "علی", "آبادیان", None);
    let (kept, _, _) = every_page("علی", 50, &mut |q, p| order.search(&db, q, p));
    assert_eq!(kept, scan(&db, "علی"));
    assert!(kept.contains(&code("554433222")));
    // Asked again with nothing changed, and for a database in memory.
    order.prepare(&db).unwrap();
    let (kept, _, _) = every_page("علی آ", 50, &mut |q, p| order.search(&db, q, p));
    assert_eq!(kept, scan(&db, "علی آ"));
    let memory = fixture();
    let mut order = registry::PeopleOrder::default();
    order.prepare(&memory).unwrap();
    let (kept, _, _) = every_page("محمد", 50, &mut |q, p| order.search(&memory, q, p));
    assert_eq!(kept, scan(&memory, "محمد"));
}
