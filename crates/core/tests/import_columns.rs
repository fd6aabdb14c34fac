//! Columns understood by what they hold: headers other offices use, a
//! column of unknown header mapped by its values, two columns claiming one
//! field left to the clerk, a script's `map`, full names split, and values
//! of closed lists written the clerks' way. Every file is built here.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use taavon_core::db::Db;
use taavon_core::ids::{NationalCode, NationalId};
use taavon_core::import::{self, ImportOutcome, ImportRequest, Layout, MapChoice, NameChoice};
use taavon_core::model::{Education, Gender, ImportKind, OrgField, OrgStatus, Role};
use taavon_core::registry::{self, OrgInput};

mod common;
use common::{code, nid};

/// An .xlsx of text cells: the header row, then the rows.
fn sheet(dir: &Path, name: &str, headers: &[&str], rows: &[Vec<String>]) -> PathBuf {
    let path = dir.join(name);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, v).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();
    path
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn world() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("t.db")).unwrap();
    let o = OrgInput {
        name: "تعاونی فرش نگین".into(),
        national_id: Some("10380284790".into()),
        field: "production".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    db.write(|tx| registry::add_org(tx, &o)).unwrap();
    (dir, db)
}

fn run(db: &mut Db, path: &Path, req: ImportRequest) -> taavon_core::Result<ImportOutcome> {
    import::run(db, path, &req, &mut |_| true)
}

fn people_req() -> ImportRequest {
    ImportRequest {
        kind: ImportKind::People,
        ..Default::default()
    }
}

fn column_of(layout: &Layout, target: &str) -> Option<u32> {
    layout
        .mapping
        .iter()
        .find(|m| m.target == target)
        .unwrap()
        .column
}

fn person(db: &Db, c: &str) -> registry::PersonView {
    registry::find_person(db.conn(), &NationalCode::parse(c).unwrap())
        .unwrap()
        .unwrap()
}

/// (kind, headers, [(header, field)]): the headers of lists other offices
/// send, each understood by its name.
#[test]
fn headers_other_offices_use_are_known_by_name() {
    let (dir, db) = world();
    let check = |kind: ImportKind, expect: &[(&str, &str)], extra: &[&str]| {
        let mut headers: Vec<&str> = expect.iter().map(|(h, _)| *h).collect();
        headers.extend(extra);
        let path = sheet(dir.path(), "h.xlsx", &headers, &[]);
        let layout = import::inspect(db.conn(), &path, None, kind).unwrap();
        assert!(layout.conflicts.is_empty(), "{:?}", layout.conflicts);
        for (i, (header, target)) in expect.iter().enumerate() {
            assert_eq!(column_of(&layout, target), Some(i as u32), "{header}");
            let guess = layout.guesses.iter().find(|g| g.target == *target).unwrap();
            assert_eq!(guess.source, "name", "{header}");
            assert!(guess.reason.starts_with("از روی نام ستون"), "{header}");
        }
    };
    // The cooperative sector's own classification.
    check(
        ImportKind::Coops,
        &[
            ("نام تعاونی", "name"),
            ("شناسه ملی تعاونی", "national_id"),
            ("نوع فعالیت", "field"),
            ("گرایش", "orientation"),
            ("کد ثبت", "registration_no"),
            ("تاریخ ثبت", "founded_on"),
            ("شهرستان محل فعالیت", "county"),
            ("وضعیت", "status"),
        ],
        &[],
    );
    check(ImportKind::Coops, &[("نام", "name"), ("بخش", "field")], &[]);
    // The TVTO's feedback sheet; the standard's code outranks the course's
    // title, and the trainee's name is not read.
    check(
        ImportKind::Feedback,
        &[
            ("کد ملی کارآموز", "national_code"),
            ("کد استاندارد", "course"),
            ("وضعیت قبولی", "result"),
            ("شماره گواهینامه", "certificate_no"),
            ("تاریخ صدور", "certificate_on"),
        ],
        &["نام دوره", "ردیف"],
    );
    // The older lists a clerk keeps.
    check(
        ImportKind::People,
        &[
            ("کد ملی", "national_code"),
            ("نام", "first_name"),
            ("نام خانوادگی", "last_name"),
            ("سمت", "role"),
            ("شماره موبایل", "mobile"),
            ("ت.تولد", "birth_date"),
            ("مدرک تحصیلی", "education"),
        ],
        &["ردیف"],
    );
    check(
        ImportKind::People,
        &[
            ("کد ملی", "national_code"),
            ("نام و نام خانوادگی", "full_name"),
        ],
        &[],
    );
}

/// A clerk's list of people whose headers are none the import knows but
/// the full name's: every column is understood by its values, and the list
/// imports without the mapping being touched.
#[test]
fn a_list_with_unusual_headers_imports_without_touching_the_mapping() {
    let (dir, mut db) = world();
    let codes = [
        code("001234501"),
        code("001234502"),
        code("001234503"),
        code("001234504"),
    ];
    let headers = [
        "ش",
        "مشخصات",
        "ک.م",
        "آقا/خانم",
        "همراه اول",
        "ت.ت",
        "سواد",
        "محل کار",
        "پست",
        "از",
    ];
    let rows = vec![
        row(&[
            "1",
            "علی رضایی",
            &codes[0],
            "آقا",
            "09121234567",
            "1360/01/02",
            "لیسانس",
            "10380284790",
            "م.ع",
            "1403/01/15",
        ]),
        row(&[
            "2",
            "زهرا احمدی",
            &codes[1],
            "خانم",
            "۰۹۱۲۷۶۵۴۳۲۱",
            "1365/04/12",
            "فوق دیپلم",
            "10380284790",
            "هیات مدیره",
            "1403/02/01",
        ]),
        row(&[
            "3",
            "مریم کاظمی",
            &codes[2],
            "مونث",
            "+98 935 111 2233",
            "1370/11/30",
            "دیپلم",
            "10380284790",
            "عضو",
            "1403/02/01",
        ]),
        row(&[
            "4",
            "حسن نوری",
            &codes[3],
            "مرد",
            "9351112244",
            "1358/07/07",
            "ارشد",
            "10380284790",
            "بازرس",
            "1402/12/20",
        ]),
    ];
    let path = sheet(dir.path(), "unusual.xlsx", &headers, &rows);

    let layout = import::inspect(db.conn(), &path, None, ImportKind::People).unwrap();
    assert_eq!(layout.header_row, 1);
    assert!(layout.conflicts.is_empty(), "{:?}", layout.conflicts);
    let expect = [
        ("full_name", 1, "name", "از روی نام ستون"),
        (
            "national_code",
            2,
            "content",
            "۱۰۰٪ مقدارها کد ملی درست است",
        ),
        ("gender", 3, "content", "۱۰۰٪ مقدارها از فهرست جنسیت"),
        ("mobile", 4, "content", "۱۰۰٪ مقدارها شماره همراه است"),
        (
            "birth_date",
            5,
            "content",
            "۱۰۰٪ مقدارها تاریخ تولد (دست‌کم پانزده سال پیش) است",
        ),
        (
            "education",
            6,
            "content",
            "۱۰۰٪ مقدارها از فهرست مدارک تحصیلی",
        ),
        (
            "coop_national_id",
            7,
            "content",
            "۱۰۰٪ مقدارها شناسه ملی درست است",
        ),
        ("role", 8, "content", "۱۰۰٪ مقدارها از فهرست سمت‌ها"),
        ("start_date", 9, "content", "۱۰۰٪ مقدارها تاریخ شمسی است"),
    ];
    for (target, column, source, reason) in expect {
        let g = layout.guesses.iter().find(|g| g.target == target).unwrap();
        assert_eq!(
            (g.column, g.source.as_str(), g.reason.as_str()),
            (column, source, reason),
            "{target}"
        );
    }
    // The row numbers are not guessed as anything.
    assert!(layout.guesses.iter().all(|g| g.column != 0));

    // No mapping given: the guessed one is used, and the outcome says which
    // columns were read by their values.
    let out = run(&mut db, &path, people_req()).unwrap();
    assert_eq!((out.added, out.rejected), (4, 0), "{:?}", out.problems);
    assert!(out.written);
    let guessed: Vec<(&str, &str)> = out
        .guessed
        .iter()
        .map(|g| (g.target.as_str(), g.letter.as_str()))
        .collect();
    assert_eq!(
        guessed,
        [
            ("national_code", "C"),
            ("gender", "D"),
            ("birth_date", "F"),
            ("education", "G"),
            ("mobile", "E"),
            ("coop_national_id", "H"),
            ("role", "I"),
            ("start_date", "J"),
        ]
    );
    assert!(out.splits.is_empty(), "two words split with confidence");

    let zahra = person(&db, &codes[1]);
    assert_eq!(
        (zahra.first_name.as_str(), zahra.last_name.as_str()),
        ("زهرا", "احمدی")
    );
    assert_eq!(zahra.gender, Some(Gender::Female));
    assert_eq!(zahra.education, Some(Education::Associate));
    assert_eq!(zahra.mobile.as_deref(), Some("09127654321"));
    assert_eq!(person(&db, &codes[2]).gender, Some(Gender::Female));
    assert_eq!(person(&db, &codes[3]).education, Some(Education::Master));
    let roles: Vec<Role> = codes
        .iter()
        .map(|c| {
            registry::person_detail(db.conn(), &NationalCode::parse(c).unwrap())
                .unwrap()
                .memberships[0]
                .role
        })
        .collect();
    assert_eq!(
        roles,
        [
            Role::ManagingDirector,
            Role::Board,
            Role::Member,
            Role::Inspector
        ]
    );
    // What a value was written as is noted.
    assert!(
        out.fixes
            .iter()
            .any(|f| f.column == "پست" && f.note == "«م.ع» همان «مدیرعامل» خوانده شد"),
        "{:?}",
        out.fixes
    );
    // The clerk's (unchanged) mapping is remembered: the second time says
    // nothing was guessed, and nothing changes.
    let again = run(&mut db, &path, people_req()).unwrap();
    assert_eq!(again.unchanged, 4);
    assert!(again.guessed.is_empty());
}

/// Columns of names nobody could guess: a script names them with `map`,
/// by letter or by header, and by the field's key or its label.
#[test]
fn a_script_maps_unknown_headers_by_letter_or_header() {
    let (dir, mut db) = world();
    let path = dir.path().join("odd.csv");
    std::fs::write(
        &path,
        format!(
            "الف,ب,ج\n{},نرگس,احمدی\n{},سارا,نوری\n{},رضا,محمدی\n",
            code("001234505"),
            code("001234506"),
            code("001234507")
        ),
    )
    .unwrap();
    let err = run(&mut db, &path, people_req()).unwrap_err();
    assert_eq!(err.code(), "refused");
    assert!(err.to_string().contains("«نام»، «نام خانوادگی»"), "{err}");

    let choose = |pairs: &[(&str, &str)]| ImportRequest {
        map: pairs
            .iter()
            .map(|(c, t)| MapChoice {
                column: c.to_string(),
                target: t.to_string(),
            })
            .collect(),
        ..people_req()
    };
    let err = run(&mut db, &path, choose(&[("Z", "first_name")])).unwrap_err();
    assert!(
        err.to_string()
            .contains("ستون «Z» در پرونده نیست؛ ستون‌های پرونده: A «الف»، B «ب»، C «ج»."),
        "{err}"
    );
    let err = run(&mut db, &path, choose(&[("B", "nickname")])).unwrap_err();
    assert!(err.to_string().contains("«nickname» از اطلاعات"), "{err}");
    assert!(err.to_string().contains("first_name (نام)"), "{err}");

    let out = run(
        &mut db,
        &path,
        choose(&[("b", "first_name"), ("ج", "نام خانوادگی")]),
    )
    .unwrap();
    assert_eq!(out.added, 3, "{:?}", out.problems);
    // The codes were read by their values; the names by the script's word.
    let guessed: Vec<&str> = out.guessed.iter().map(|g| g.target.as_str()).collect();
    assert_eq!(guessed, ["national_code"]);
    assert_eq!(person(&db, &code("001234506")).first_name, "سارا");
}

/// Two columns named for one field, or two of unknown name with the same
/// kind of values: neither is taken; run without a choice, the import is
/// refused naming both columns by header and letter.
#[test]
fn two_columns_claiming_one_field_are_never_decided_silently() {
    let (dir, mut db) = world();
    let rows = vec![
        row(&[
            &code("001234508"),
            "علی",
            "رضایی",
            "09121234567",
            "09127654321",
        ]),
        row(&[
            &code("001234509"),
            "سارا",
            "نوری",
            "09121111111",
            "09122222222",
        ]),
    ];
    let path = sheet(
        dir.path(),
        "two.xlsx",
        &["کد ملی", "نام", "نام خانوادگی", "موبایل", "تلفن همراه"],
        &rows,
    );
    let layout = import::inspect(db.conn(), &path, None, ImportKind::People).unwrap();
    assert_eq!(column_of(&layout, "mobile"), None);
    let conflict = &layout.conflicts[0];
    assert_eq!(
        (conflict.target.as_str(), conflict.label.as_str()),
        ("mobile", "شماره همراه")
    );
    let columns: Vec<(&str, &str)> = conflict
        .columns
        .iter()
        .map(|c| (c.letter.as_str(), c.header.as_str()))
        .collect();
    assert_eq!(columns, [("D", "موبایل"), ("E", "تلفن همراه")]);

    let err = run(&mut db, &path, people_req()).unwrap_err();
    assert_eq!(err.code(), "refused");
    assert!(
        err.to_string().contains(
            "ستون‌های «موبایل» (ستون D) و «تلفن همراه» (ستون E) هر دو «شماره همراه» به نظر می‌رسند"
        ),
        "{err}"
    );
    assert_eq!(registry::counts(db.conn()).unwrap().people, 0);

    let req = ImportRequest {
        map: vec![MapChoice {
            column: "E".into(),
            target: "mobile".into(),
        }],
        ..people_req()
    };
    let out = run(&mut db, &path, req).unwrap();
    assert_eq!(out.added, 2);
    assert_eq!(
        person(&db, &code("001234508")).mobile.as_deref(),
        Some("09127654321")
    );

    // The window sends the clerk's mapping: the choice made there is used.
    let mut mapping = layout.mapping.clone();
    mapping
        .iter_mut()
        .find(|m| m.target == "mobile")
        .unwrap()
        .column = Some(3);
    let req = ImportRequest {
        mapping: Some(mapping),
        ..people_req()
    };
    let out = run(&mut db, &path, req).unwrap();
    assert_eq!(out.updated, 2);
    assert_eq!(
        person(&db, &code("001234508")).mobile.as_deref(),
        Some("09121234567")
    );
}

/// A full-name column: two words split with confidence; a compound first
/// name, a title or more words wait for the clerk, who confirms or
/// corrects each; without that word the row is refused with the reason.
#[test]
fn full_names_are_split_and_unsure_ones_wait_for_the_clerk() {
    let (dir, mut db) = world();
    let c = [code("001234511"), code("001234512"), code("001234513")];
    let path = sheet(
        dir.path(),
        "full.xlsx",
        &["کد ملی", "نام و نام خانوادگی"],
        &[
            row(&[&c[0], "علی رضایی"]),
            row(&[&c[1], "محمد رضا کریمی"]),
            row(&[&c[2], "سید مهدی موسوی نژاد"]),
        ],
    );
    let preview = run(
        &mut db,
        &path,
        ImportRequest {
            dry_run: true,
            ..people_req()
        },
    )
    .unwrap();
    assert_eq!((preview.added, preview.rejected), (1, 2));
    let splits: Vec<(u32, &str, &str, bool)> = preview
        .splits
        .iter()
        .map(|s| {
            (
                s.row,
                s.first_name.as_str(),
                s.last_name.as_str(),
                s.confirmed,
            )
        })
        .collect();
    assert_eq!(
        splits,
        [
            (3, "محمد رضا", "کریمی", false),
            (4, "سید مهدی", "موسوی نژاد", false)
        ]
    );
    assert!(preview.splits[0].reason.contains("نام مرکب «محمد رضا»"));
    assert!(preview.splits[1].reason.contains("عنوان «سید»"));
    let problem = &preview.problems[0];
    assert_eq!(
        (problem.row, problem.column.as_str()),
        (3, "نام و نام خانوادگی")
    );
    assert!(
        problem
            .message
            .contains("با اطمینان به نام و نام خانوادگی بخش نشد"),
        "{}",
        problem.message
    );
    assert!(problem
        .message
        .contains("پیشنهاد: نام «محمد رضا»، نام خانوادگی «کریمی»"));

    // The clerk confirms the first and corrects the second.
    let req = ImportRequest {
        names: vec![
            NameChoice {
                row: 3,
                value: "محمد رضا کریمی".into(),
                first_name: "محمد رضا".into(),
                last_name: "کریمی".into(),
            },
            NameChoice {
                row: 4,
                value: "سید مهدی موسوی نژاد".into(),
                first_name: "سید مهدی".into(),
                last_name: "موسوی‌نژاد".into(),
            },
        ],
        ..people_req()
    };
    let out = run(&mut db, &path, req).unwrap();
    assert_eq!((out.added, out.rejected), (3, 0), "{:?}", out.problems);
    assert!(out.splits.iter().all(|s| s.confirmed));
    let mehdi = person(&db, &c[2]);
    assert_eq!(
        (mehdi.first_name.as_str(), mehdi.last_name.as_str()),
        ("سید مهدی", "موسوی‌نژاد")
    );
    assert_eq!(person(&db, &c[0]).last_name, "رضایی");
}

/// Values of closed lists as clerks write them; one not in the list names
/// the nearest value.
#[test]
fn closed_list_values_are_read_as_clerks_write_them() {
    let (dir, mut db) = world();
    let path = sheet(
        dir.path(),
        "coops.xlsx",
        &[
            "نام تعاونی",
            "شناسه ملی",
            "زمینه",
            "نوع",
            "شهرستان",
            "کوچک",
            "وضعیت",
        ],
        &[
            row(&[
                "تعاونی الف",
                &nid("1010000001"),
                "خدمات",
                "اتحادیه",
                "رباط کریم",
                "✓",
                "غیر فعال",
            ]),
            row(&[
                "تعاونی ب",
                &nid("1010000002"),
                "تولید",
                "تعاونی",
                "شهرستان ری",
                "ندارد",
                "فعال",
            ]),
            row(&[
                "تعاونی ج",
                &nid("1010000003"),
                "خدماتي",
                "تعاونی",
                "",
                "",
                "منحله",
            ]),
            row(&[
                "تعاونی د",
                &nid("1010000004"),
                "خدمتی",
                "تعاونی",
                "شهریاز",
                "",
                "",
            ]),
        ],
    );
    let req = ImportRequest {
        kind: ImportKind::Coops,
        accept_valid: true,
        ..Default::default()
    };
    let out = run(&mut db, &path, req).unwrap();
    assert_eq!((out.added, out.rejected), (3, 1), "{:?}", out.problems);
    let messages: Vec<(&str, &str)> = out
        .problems
        .iter()
        .map(|p| (p.column.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "زمینه",
                "«خدمتی» در فهرست زمینه‌های فعالیت برای «زمینه فعالیت» نیست. آیا منظور «خدماتی» است؟ مقدارهای فهرست: تولیدی، توزیعی، خدماتی."
            ),
            (
                "شهرستان",
                "«شهریاز» در فهرست شهرستان‌ها برای «شهرستان» نیست. آیا منظور «شهریار» است؟"
            ),
        ]
    );
    let org = |first10: &str| {
        registry::find_org(db.conn(), &NationalId::parse(&nid(first10)).unwrap())
            .unwrap()
            .unwrap()
    };
    let a = org("1010000001");
    assert_eq!(a.field, OrgField::Service);
    assert_eq!(a.county.as_deref(), Some("رباط‌کریم"));
    assert!(a.is_small);
    assert_eq!(a.status, OrgStatus::Inactive);
    assert_eq!(a.kind_label, "اتحادیه");
    let b = org("1010000002");
    assert_eq!(
        (b.field, b.county.as_deref(), b.is_small),
        (OrgField::Production, Some("ری"), false)
    );
    assert_eq!(org("1010000003").status, OrgStatus::Dissolved);
}
