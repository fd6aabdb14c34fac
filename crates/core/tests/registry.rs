//! Registry rules on an in-memory database: uniqueness, audit rows, search
//! and Persian order.

use taavon_core::db::Db;
use taavon_core::ids::{NationalCode, NationalId};
use taavon_core::registry::{self, MembershipInput, OrgFilter, OrgInput, PageRequest, PersonInput};

mod common;
use common::code;

fn person(code: &str, first: &str, last: &str) -> PersonInput {
    PersonInput {
        national_code: code.into(),
        first_name: first.into(),
        last_name: last.into(),
        father_name: Some("حسن".into()),
        gender: Some("male".into()),
        birth_date: Some("1365/04/12".into()),
        education: Some("دیپلم".into()),
        mobile: Some("+98 912 123 4567".into()),
    }
}

fn coop(name: &str, national_id: &str) -> OrgInput {
    OrgInput {
        name: name.into(),
        national_id: Some(national_id.into()),
        field: "production".into(),
        county: Some("ورامین".into()),
        orientation: Some("فرش دستباف".into()),
        founded_on: Some("1398/02/10".into()),
        is_small: true,
        ..Default::default()
    }
}

fn add_person(db: &mut Db, p: PersonInput) -> taavon_core::Result<registry::PersonView> {
    let valid = p.validate()?;
    db.write(|tx| registry::add_person(tx, &valid))
}

fn add_coop(db: &mut Db, o: OrgInput) -> taavon_core::Result<registry::OrgView> {
    let valid = o.validate()?;
    db.write(|tx| registry::add_org(tx, &valid))
}

fn names(page: &registry::Page<registry::PersonView>) -> Vec<String> {
    page.items.iter().map(|p| p.full_name.clone()).collect()
}

#[test]
fn person_is_stored_normalized_with_jalali_twin() {
    let mut db = Db::open_in_memory().unwrap();
    let p = add_person(&mut db, person("۰۴۹۹۳۷۰۸۹۹", "علي", "كاظمي")).unwrap();
    assert_eq!(p.national_code, "0499370899");
    assert_eq!(p.first_name, "علی");
    assert_eq!(p.last_name, "کاظمی");
    assert_eq!(p.mobile.as_deref(), Some("09121234567"));
    assert_eq!(p.birth_date.as_deref(), Some("1986-07-03"));
    assert_eq!(p.birth_date_jalali.as_deref(), Some("1365/04/12"));
    assert_eq!(p.education_label.as_deref(), Some("دیپلم"));
}

#[test]
fn invalid_person_reports_every_bad_field_and_writes_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    let mut p = person("0684159415", "", "رضایی");
    p.birth_date = Some("1404/12/30".into());
    p.mobile = Some("0212345678".into());
    let err = add_person(&mut db, p).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let fields: Vec<&str> = err.field_errors().iter().map(|e| e.field.key()).collect();
    assert_eq!(
        fields,
        ["national_code", "first_name", "birth_date", "mobile"]
    );
    let message = err.to_string();
    assert!(
        message.contains("«کد ملی» با مقدار «0684159415» رقم کنترل"),
        "{message}"
    );
    assert!(message.contains("«نام» خالی است"), "{message}");
    assert_eq!(registry::counts(db.conn()).unwrap().people, 0);
}

#[test]
fn second_person_with_same_national_code_is_refused_naming_the_first() {
    let mut db = Db::open_in_memory().unwrap();
    add_person(&mut db, person("0499370899", "علی", "رضایی")).unwrap();
    let err = add_person(&mut db, person("049-937-0899", "زهرا", "محمدی")).unwrap_err();
    assert_eq!(err.code(), "duplicate");
    assert_eq!(
        err.to_string(),
        "شخص با کد ملی «0499370899» پیش‌تر ثبت شده است: علی رضایی. رکورد تکراری ساخته نشد."
    );
    assert_eq!(registry::counts(db.conn()).unwrap().people, 1);
}

#[test]
fn second_org_with_same_national_id_is_refused_naming_the_first() {
    let mut db = Db::open_in_memory().unwrap();
    add_coop(&mut db, coop("تعاونی فرش نگین ورامین", "10380284790")).unwrap();
    let err = add_coop(&mut db, coop("تعاونی دیگر", "۱۰۳۸۰۲۸۴۷۹۰")).unwrap_err();
    assert_eq!(err.code(), "duplicate");
    assert!(err.to_string().contains("تعاونی فرش نگین ورامین"), "{err}");
}

#[test]
fn unknown_county_is_refused_with_its_name() {
    let mut db = Db::open_in_memory().unwrap();
    let mut o = coop("تعاونی", "10380284790");
    o.county = Some("کرج".into());
    let err = add_coop(&mut db, o).unwrap_err();
    assert_eq!(
        err.to_string(),
        "«شهرستان» با مقدار «کرج» در فهرست پیدا نشد."
    );
    // Arabic spelling of a listed county is fine.
    let mut o = coop("تعاونی", "10380284790");
    o.county = Some("ري".into());
    assert_eq!(add_coop(&mut db, o).unwrap().county.as_deref(), Some("ری"));
}

#[test]
fn every_insert_update_and_delete_leaves_an_audit_row() {
    let mut db = Db::open_in_memory().unwrap();
    let p = add_person(&mut db, person("0499370899", "علی", "رضایی")).unwrap();
    let mut changed = person("0499370899", "علی", "رضائی‌نژاد");
    changed.mobile = None;
    let changed = changed.validate().unwrap();
    let code = NationalCode::parse("0499370899").unwrap();
    db.write(|tx| registry::update_person(tx, &code, &changed))
        .unwrap();
    // An update that changes nothing is not logged.
    db.write(|tx| registry::update_person(tx, &code, &changed))
        .unwrap();
    db.write(|tx| {
        tx.execute("DELETE FROM person WHERE id = ?1", [p.id])?;
        Ok(())
    })
    .unwrap();

    let log = registry::recent_audit(db.conn(), Some("person"), 10).unwrap();
    let actions: Vec<&str> = log.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update", "delete"]);
    let update = &log[1];
    assert_eq!(update.entity_id, Some(p.id));
    assert_eq!(update.old_values.as_ref().unwrap()["last_name"], "رضایی");
    assert_eq!(
        update.new_values.as_ref().unwrap()["last_name"],
        "رضائی‌نژاد"
    );
    assert_eq!(update.old_values.as_ref().unwrap()["mobile"], "09121234567");
    assert!(update.new_values.as_ref().unwrap()["mobile"].is_null());
    assert!(log[0].new_values.is_none());
    assert!(log.iter().all(|e| e.at.ends_with('Z')));
}

#[test]
fn search_finds_every_spelling_and_sorts_in_persian_order() {
    let mut db = Db::open_in_memory().unwrap();
    let people = [
        ("001234567", "علی", "گودرزی"),
        ("001234568", "علی", "کاظمی"),
        ("001234569", "علی", "پناهی"),
        ("001234570", "علی", "بهرامی"),
        ("001234571", "محمد\u{200C}علی", "ژیان"),
        ("001234572", "زهرا", "چمنی"),
    ];
    for (c, f, l) in people {
        add_person(&mut db, person(&code(c), f, l)).unwrap();
    }
    let all = registry::search_people(db.conn(), "", PageRequest::default()).unwrap();
    assert_eq!(
        names(&all),
        [
            "علی بهرامی",
            "علی پناهی",
            "زهرا چمنی",
            "محمد\u{200C}علی ژیان",
            "علی کاظمی",
            "علی گودرزی"
        ]
    );
    // Arabic yeh finds Persian yeh; with or without ZWNJ; words in any order.
    let arabic = registry::search_people(db.conn(), "علي", PageRequest::default()).unwrap();
    assert_eq!(arabic.total, 5);
    let joined = registry::search_people(db.conn(), "محمدعلی", PageRequest::default()).unwrap();
    assert_eq!(names(&joined), ["محمد\u{200C}علی ژیان"]);
    let two_words =
        registry::search_people(db.conn(), "كاظمي علی", PageRequest::default()).unwrap();
    assert_eq!(names(&two_words), ["علی کاظمی"]);
    let nothing = registry::search_people(db.conn(), "٪_%", PageRequest::default()).unwrap();
    assert_eq!(nothing.total, 0);
}

#[test]
fn search_by_code_or_mobile_prefix_in_any_digit_script() {
    let mut db = Db::open_in_memory().unwrap();
    add_person(&mut db, person("0499370899", "علی", "رضایی")).unwrap();
    let mut other = person("0790419904", "مریم", "احمدی");
    other.mobile = Some("09351112233".into());
    add_person(&mut db, other).unwrap();

    let by_code = registry::search_people(db.conn(), "۰۴۹۹", PageRequest::default()).unwrap();
    assert_eq!(names(&by_code), ["علی رضایی"]);
    let by_mobile = registry::search_people(db.conn(), "0935", PageRequest::default()).unwrap();
    assert_eq!(names(&by_mobile), ["مریم احمدی"]);
    let by_mobile_intl =
        registry::search_people(db.conn(), "+98935111", PageRequest::default()).unwrap();
    assert_eq!(names(&by_mobile_intl), ["مریم احمدی"]);
    let both = registry::search_people(db.conn(), "0", PageRequest::default()).unwrap();
    assert_eq!(both.total, 2);
}

#[test]
fn search_pages_through_results() {
    let mut db = Db::open_in_memory().unwrap();
    for i in 0..25u32 {
        add_person(
            &mut db,
            person(&code(&format!("0012{:05}", 34500 + i)), "سارا", "نوری"),
        )
        .unwrap();
    }
    let page = |n| {
        registry::search_people(
            db.conn(),
            "سارا",
            PageRequest {
                page: n,
                page_size: 10,
            },
        )
        .unwrap()
    };
    assert_eq!(page(1).items.len(), 10);
    assert_eq!(page(3).items.len(), 5);
    assert_eq!(page(3).total, 25);
    assert_eq!(page(4).items.len(), 0);
    let mut seen: Vec<String> = (1..=3)
        .flat_map(|n| page(n).items)
        .map(|p| p.national_code)
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 25, "pages must not overlap");
}

#[test]
fn orgs_search_with_filters() {
    let mut db = Db::open_in_memory().unwrap();
    add_coop(&mut db, coop("تعاونی فرش نگین", "10380284790")).unwrap();
    let mut service = coop("تعاونی خدمات کیان", "10103280000");
    service.field = "خدماتی".into();
    service.county = Some("تهران".into());
    service.is_small = false;
    service.is_internet = true;
    let err = add_coop(&mut db, service.clone()).unwrap_err();
    assert_eq!(err.field_errors()[0].field.key(), "national_id");
    let nid = common::nid("1010328000");
    service.national_id = Some(nid.clone());
    add_coop(&mut db, service).unwrap();

    let search = |f: OrgFilter| {
        registry::search_orgs(db.conn(), &f, PageRequest::default())
            .unwrap()
            .items
            .into_iter()
            .map(|o| o.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        search(OrgFilter::default()),
        ["تعاونی خدمات کیان", "تعاونی فرش نگین"]
    );
    assert_eq!(
        search(OrgFilter {
            text: "نگين".into(),
            ..Default::default()
        }),
        ["تعاونی فرش نگین"]
    );
    assert_eq!(
        search(OrgFilter {
            county: Some("تهران".into()),
            ..Default::default()
        }),
        ["تعاونی خدمات کیان"]
    );
    assert_eq!(
        search(OrgFilter {
            is_internet: Some(true),
            ..Default::default()
        }),
        ["تعاونی خدمات کیان"]
    );
    assert_eq!(
        search(OrgFilter {
            is_small: Some(true),
            ..Default::default()
        }),
        ["تعاونی فرش نگین"]
    );
    assert_eq!(
        search(OrgFilter {
            text: nid[..6].into(),
            ..Default::default()
        }),
        ["تعاونی خدمات کیان"]
    );
}

#[test]
fn memberships_and_unions() {
    let mut db = Db::open_in_memory().unwrap();
    add_person(&mut db, person("0499370899", "علی", "رضایی")).unwrap();
    add_coop(&mut db, coop("تعاونی فرش نگین", "10380284790")).unwrap();
    let member = |role: &str, start: Option<&str>| MembershipInput {
        national_code: "0499370899".into(),
        coop_national_id: "10380284790".into(),
        organization_id: None,
        role: role.into(),
        start_date: start.map(Into::into),
        end_date: None,
    };
    let m = member("managing_director", Some("1403/01/15"))
        .validate()
        .unwrap();
    let view = db.write(|tx| registry::add_membership(tx, &m)).unwrap();
    assert_eq!(view.role_label, "مدیرعامل");
    assert_eq!(view.start_date_jalali.as_deref(), Some("1403/01/15"));
    // The same role again, while the first is open, is refused.
    let again = member("مدیرعامل", Some("1404/01/01")).validate().unwrap();
    let err = db
        .write(|tx| registry::add_membership(tx, &again))
        .unwrap_err();
    assert_eq!(err.code(), "refused");
    assert!(err.to_string().contains("«مدیرعامل»"), "{err}");
    // Another role in the same cooperative is fine.
    let board = member("board", None).validate().unwrap();
    db.write(|tx| registry::add_membership(tx, &board)).unwrap();
    // End before start is caught when validating.
    let mut bad = member("member", Some("1404/05/01"));
    bad.end_date = Some("1404/01/01".into());
    assert_eq!(bad.validate().unwrap_err()[0].field.key(), "end_date");

    let code = NationalCode::parse("0499370899").unwrap();
    let detail = registry::person_detail(db.conn(), &code).unwrap();
    assert_eq!(detail.memberships.len(), 2);

    let mut union = coop("اتحادیه فرش دستباف استان تهران", "10103280000");
    union.kind = Some("اتحادیه".into());
    let nid = common::nid("1010328001");
    union.national_id = Some(nid.clone());
    add_coop(&mut db, union).unwrap();
    let union_id = NationalId::parse(&nid).unwrap();
    let coop_id = NationalId::parse("10380284790").unwrap();
    db.write(|tx| registry::add_union_member(tx, &union_id, &coop_id, None))
        .unwrap();
    let err = db
        .write(|tx| registry::add_union_member(tx, &union_id, &coop_id, None))
        .unwrap_err();
    assert_eq!(err.code(), "refused");
    let err = db
        .write(|tx| registry::add_union_member(tx, &coop_id, &union_id, None))
        .unwrap_err();
    assert!(err.to_string().contains("اتحادیه نیست"), "{err}");

    let detail = registry::org_detail(db.conn(), &coop_id).unwrap();
    assert_eq!(detail.unions.len(), 1);
    assert_eq!(
        detail.people[0].role_label, "مدیرعامل",
        "managers come first"
    );
    let union_detail = registry::org_detail(db.conn(), &union_id).unwrap();
    assert_eq!(union_detail.member_cooperatives[0].name, "تعاونی فرش نگین");
}

#[test]
fn counties_are_editable_and_unique() {
    use registry::NamedList;
    let mut db = Db::open_in_memory().unwrap();
    let counties = NamedList::County.list(db.conn()).unwrap();
    assert_eq!(counties.len(), 16);
    assert_eq!(counties[0].name, "اسلامشهر");
    let added = db
        .write(|tx| NamedList::County.add(tx, "  شهر جديد "))
        .unwrap();
    assert_eq!(added.name, "شهر جدید");
    let err = db
        .write(|tx| NamedList::County.add(tx, "شهر جدید"))
        .unwrap_err();
    assert_eq!(err.code(), "duplicate");
    let renamed = db
        .write(|tx| NamedList::County.update(tx, added.id, "شهر تازه", false))
        .unwrap();
    assert!(!renamed.active);
}

#[test]
fn first_run_until_started_or_filled() {
    let mut db = Db::open_in_memory().unwrap();
    assert!(registry::start_state(db.conn()).unwrap().first_run);
    db.write(registry::mark_started).unwrap();
    assert!(!registry::start_state(db.conn()).unwrap().first_run);

    let mut other = Db::open_in_memory().unwrap();
    add_person(&mut other, person("0499370899", "علی", "رضایی")).unwrap();
    let state = registry::start_state(other.conn()).unwrap();
    assert!(!state.first_run);
    assert_eq!(state.counts.people, 1);
}

#[test]
fn a_second_orientation_of_the_same_name_is_refused_naming_the_first() {
    use registry::NamedList;
    let mut db = Db::open_in_memory().unwrap();
    let err = db
        .write(|tx| NamedList::Orientation.add(tx, "دانش بنيان"))
        .unwrap_err();
    assert_eq!(err.code(), "duplicate");
    assert_eq!(
        err.to_string(),
        "گرایش با نام «دانش بنیان» پیش‌تر ثبت شده است: دانش\u{200C}بنیان. رکورد تکراری ساخته نشد."
    );
}

#[test]
fn a_county_typed_with_a_space_instead_of_zwnj_is_found() {
    let mut db = Db::open_in_memory().unwrap();
    let mut o = coop("تعاونی", "10380284790");
    o.county = Some("رباط كريم".into());
    assert_eq!(
        add_coop(&mut db, o).unwrap().county.as_deref(),
        Some("رباط\u{200C}کریم")
    );
}
