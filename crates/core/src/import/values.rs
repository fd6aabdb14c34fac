//! Values as clerks write them: the closed lists with their spelling
//! variants and abbreviations, the nearest value for a word not in a list,
//! and what a column's values look like (codes, mobiles, dates).

use super::*;
use crate::error::Field;
use crate::ids::{Mobile, NationalId};
use crate::jalali::parse_jalali;
use crate::model::{Education, Gender, OrgField, OrgKind, OrgStatus, Role};

/// A closed list a field's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListKind {
    Field,
    OrgKind,
    Status,
    Gender,
    Education,
    Role,
    County,
    YesNo,
}

impl ListKind {
    pub(super) fn from_key(key: &str) -> Option<ListKind> {
        Some(match key {
            "field" => ListKind::Field,
            "org_kind" => ListKind::OrgKind,
            "status" => ListKind::Status,
            "gender" => ListKind::Gender,
            "education" => ListKind::Education,
            "role" => ListKind::Role,
            "county" => ListKind::County,
            "yes_no" => ListKind::YesNo,
            _ => return None,
        })
    }

    /// The list as a sentence names it: «فهرست زمینه‌های فعالیت».
    pub(super) fn name(self) -> &'static str {
        match self {
            ListKind::Field => "زمینه‌های فعالیت",
            ListKind::OrgKind => "نوع تشکل (تعاونی، اتحادیه)",
            ListKind::Status => "وضعیت‌های تعاونی",
            ListKind::Gender => "جنسیت",
            ListKind::Education => "مدارک تحصیلی",
            ListKind::Role => "سمت‌ها",
            ListKind::County => "شهرستان‌ها",
            ListKind::YesNo => "بله و خیر",
        }
    }
}

/// What a column's values may look like, when its header says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Looks {
    NationalCode,
    NationalId,
    Mobile,
    Date,
    /// A date at least fifteen years ago: nobody under fifteen is a member.
    BirthDate,
}

impl Looks {
    pub(super) fn from_key(key: &str) -> Option<Looks> {
        Some(match key {
            "national_code" => Looks::NationalCode,
            "national_id" => Looks::NationalId,
            "mobile" => Looks::Mobile,
            "date" => Looks::Date,
            "birth_date" => Looks::BirthDate,
            _ => return None,
        })
    }

    /// Ranked: a birth date is also a date, and is the narrower guess.
    const ALL: [Looks; 5] = [
        Looks::NationalCode,
        Looks::NationalId,
        Looks::Mobile,
        Looks::BirthDate,
        Looks::Date,
    ];

    /// What the values are, for «۹۸٪ مقدارها … است».
    fn what(self) -> &'static str {
        match self {
            Looks::NationalCode => "کد ملی درست",
            Looks::NationalId => "شناسه ملی درست",
            Looks::Mobile => "شماره همراه",
            Looks::Date => "تاریخ شمسی",
            Looks::BirthDate => "تاریخ تولد (دست‌کم پانزده سال پیش)",
        }
    }

    fn matches(self, value: &str) -> bool {
        match self {
            Looks::NationalCode => NationalCode::parse(value).is_ok(),
            Looks::NationalId => NationalId::parse(value).is_ok(),
            Looks::Mobile => Mobile::parse(value).is_ok(),
            Looks::Date => parse_jalali(value, Field::BirthDate).is_ok(),
            Looks::BirthDate => parse_jalali(value, Field::BirthDate)
                .is_ok_and(|d| to_jalali(d).year + 15 <= to_jalali(crate::jalali::today()).year),
        }
    }
}

/// A value of a closed list as written by the form, and the ways clerks
/// write it (as keys).
struct Entry {
    value: String,
    variants: Vec<String>,
}

/// The key two spellings of a list's value share: no spaces, ZWNJ or
/// punctuation, Arabic letters and hamza forms folded («م.ع» is «مع»).
fn value_key(s: &str) -> String {
    header_key(s)
}

fn entries<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    extra: &[(&str, &[&str])],
) -> Vec<Entry> {
    all.iter()
        .map(|v| {
            let mut variants = vec![value_key(key(*v)), value_key(label(*v))];
            for (k, words) in extra {
                if *k == key(*v) {
                    variants.extend(words.iter().map(|w| value_key(w)));
                }
            }
            Entry {
                value: label(*v).to_owned(),
                variants,
            }
        })
        .collect()
}

const FIELD_WORDS: &[(&str, &[&str])] = &[
    ("production", &["تولید", "تولیدي", "productive"]),
    ("distribution", &["توزیع", "توزیعي"]),
    ("service", &["خدمات", "خدمت", "خدماتي", "services"]),
];

const KIND_WORDS: &[(&str, &[&str])] = &[
    (
        "cooperative",
        &["شرکت تعاونی", "تعاونی ها", "تعاونیها", "coop"],
    ),
    ("union", &["اتحادیه تعاونی", "اتحادیه تعاونیها"]),
];

const STATUS_WORDS: &[(&str, &[&str])] = &[
    ("active", &["دایر", "فعاله"]),
    ("inactive", &["غیر فعال", "راکد", "تعطیل", "متوقف"]),
    ("dissolved", &["منحله", "منحل شده", "انحلال"]),
];

const GENDER_WORDS: &[(&str, &[&str])] = &[
    ("male", &["آقا", "اقا", "مذکر", "آقای", "m"]),
    ("female", &["خانم", "مونث", "مؤنث", "بانو", "f"]),
];

const EDUCATION_WORDS: &[(&str, &[&str])] = &[
    ("none", &["بیسواد", "بی سواد", "فاقد سواد", "بدون سواد"]),
    (
        "primary",
        &[
            "پایان دوره ابتدایی",
            "پنجم ابتدایی",
            "ششم ابتدایی",
            "نهضت",
            "خواندن و نوشتن",
        ],
    ),
    (
        "middle",
        &[
            "راهنمایی",
            "پایان دوره راهنمایی",
            "پایان دوره اول متوسطه",
            "متوسطه اول",
            "زیر دیپلم",
        ],
    ),
    ("diploma", &["دیپلم کامل", "متوسطه", "متوسطه دوم"]),
    ("associate", &["فوق دیپلم", "کاردان"]),
    ("bachelor", &["لیسانس", "کارشناس"]),
    (
        "master",
        &["فوق لیسانس", "ارشد", "کارشناس ارشد", "کارشناسیارشد"],
    ),
    ("doctorate", &["دکترا", "دکترای تخصصی", "phd"]),
];

const ROLE_WORDS: &[(&str, &[&str])] = &[
    ("member", &["عضو تعاونی", "عضو عادی", "سهامدار"]),
    (
        "board",
        &[
            "هیئت مدیره",
            "هیات مدیره",
            "عضو هیات مدیره",
            "رئیس هیئت مدیره",
            "رئیس هیات مدیره",
            "نایب رئیس هیئت مدیره",
            "نایب رئیس هیات مدیره",
            "منشی هیئت مدیره",
            "منشی هیات مدیره",
            "عضو اصلی هیئت مدیره",
            "عضو علی البدل هیئت مدیره",
        ],
    ),
    (
        "managing_director",
        &["مدیر عامل", "م.ع", "م ع", "مدیرعامل تعاونی"],
    ),
    ("inspector", &["بازرس اصلی", "بازرس علی البدل", "بازرسین"]),
    ("staff", &["کارمند", "کارکن", "پرسنل", "کارشناس تعاونی"]),
];

/// The closed lists with their variants, the counties read from the
/// database; built once per import.
pub(super) struct Lists {
    lists: Vec<(ListKind, Vec<Entry>)>,
}

impl Lists {
    pub(super) fn load(conn: &Connection) -> Result<Lists> {
        let names: Vec<String> = conn
            .prepare("SELECT name FROM county")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let counties = names
            .into_iter()
            .map(|n| Entry {
                variants: vec![value_key(&n), value_key(&format!("شهرستان {n}"))],
                value: n,
            })
            .collect();
        let yes_no = vec![
            Entry {
                value: "بله".into(),
                variants: [
                    "بله", "بلی", "آری", "دارد", "هست", "است", "1", "yes", "true", "y", "x",
                ]
                .iter()
                .map(|w| value_key(w))
                .chain(["✓".to_owned(), "*".to_owned()])
                .collect(),
            },
            Entry {
                value: "خیر".into(),
                variants: ["خیر", "نه", "ندارد", "نیست", "0", "no", "false", "n"]
                    .iter()
                    .map(|w| value_key(w))
                    .chain(["-".to_owned()])
                    .collect(),
            },
        ];
        Ok(Lists {
            lists: vec![
                (
                    ListKind::Field,
                    entries(OrgField::ALL, OrgField::key, OrgField::label, FIELD_WORDS),
                ),
                (
                    ListKind::OrgKind,
                    entries(OrgKind::ALL, OrgKind::key, OrgKind::label, KIND_WORDS),
                ),
                (
                    ListKind::Status,
                    entries(
                        OrgStatus::ALL,
                        OrgStatus::key,
                        OrgStatus::label,
                        STATUS_WORDS,
                    ),
                ),
                (
                    ListKind::Gender,
                    entries(Gender::ALL, Gender::key, Gender::label, GENDER_WORDS),
                ),
                (
                    ListKind::Education,
                    entries(
                        Education::ALL,
                        Education::key,
                        Education::label,
                        EDUCATION_WORDS,
                    ),
                ),
                (
                    ListKind::Role,
                    entries(Role::ALL, Role::key, Role::label, ROLE_WORDS),
                ),
                (ListKind::County, counties),
                (ListKind::YesNo, yes_no),
            ],
        })
    }

    fn entries(&self, list: ListKind) -> &[Entry] {
        self.lists
            .iter()
            .find(|(l, _)| *l == list)
            .map(|(_, e)| e.as_slice())
            .unwrap_or_default()
    }

    /// A value of `list` as written by the form, when `raw` is one in any
    /// of the ways clerks write it.
    pub(super) fn find(&self, list: ListKind, raw: &str) -> Option<String> {
        let key = value_key(raw);
        let key = if key.is_empty() {
            raw.trim().to_owned()
        } else {
            key
        };
        self.entries(list)
            .iter()
            .find(|e| e.variants.contains(&key))
            .map(|e| e.value.clone())
    }

    /// The values of a short list, to name in a message (the counties are
    /// too many).
    pub(super) fn values(&self, list: ListKind) -> Option<Vec<String>> {
        (list != ListKind::County)
            .then(|| self.entries(list).iter().map(|e| e.value.clone()).collect())
    }

    /// The value of `list` nearest to `raw` as written, for «آیا منظور … است؟».
    pub(super) fn nearest(&self, list: ListKind, raw: &str) -> Option<String> {
        let key: Vec<char> = value_key(raw).chars().collect();
        self.entries(list)
            .iter()
            .flat_map(|e| e.variants.iter().map(move |v| (e, v)))
            .filter(|(_, v)| v.chars().count() > 1)
            .min_by_key(|(_, v)| edit_distance(&key, &v.chars().collect::<Vec<_>>()))
            .map(|(e, _)| e.value.clone())
    }

    /// How a column's sampled values fit `list`: the share that is in it.
    fn share_in(&self, list: ListKind, values: &[String]) -> f64 {
        share(values, |v| self.find(list, v).is_some())
    }
}

fn share(values: &[String], fits: impl Fn(&str) -> bool) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|v| fits(v)).count() as f64 / values.len() as f64
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The least share of a column's values that must fit for it to be
/// proposed, and the fewest values that say anything.
pub(super) const CONTENT_SHARE: f64 = 0.9;
pub(super) const CONTENT_MIN_VALUES: usize = 3;
/// The values of a column looked at: the first non-empty ones.
pub(super) const CONTENT_SAMPLE: usize = 300;

/// What a column's values are, when most of them are one thing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Content {
    List(ListKind),
    Looks(Looks),
}

impl Content {
    /// Whether a field takes values of this kind.
    pub(super) fn fits(self, t: &Target) -> bool {
        match self {
            Content::List(l) => t.list == Some(l),
            Content::Looks(l) => t.looks == Some(l),
        }
    }

    /// The reason shown beside the guess: «۹۸٪ مقدارها از فهرست …».
    pub(super) fn reason(self, share: f64) -> String {
        let pct = fa((share * 100.0).floor() as u32);
        match self {
            Content::List(l) => format!("{pct}٪ مقدارها از فهرست {}", l.name()),
            Content::Looks(l) => format!("{pct}٪ مقدارها {} است", l.what()),
        }
    }
}

/// What most of a column's values are, among what the fields of `kind`
/// take, with the share that fits; the narrowest when several fit.
pub(super) fn column_content(
    kind: ImportKind,
    values: &[String],
    lists: &Lists,
) -> Option<(Content, f64)> {
    if values.len() < CONTENT_MIN_VALUES {
        return None;
    }
    let targets = targets(kind);
    let mut best: Option<(Content, f64)> = None;
    let mut consider = |c: Content, s: f64| {
        if s >= CONTENT_SHARE && best.is_none_or(|(_, b)| s > b) {
            best = Some((c, s));
        }
    };
    for looks in Looks::ALL {
        if targets.iter().any(|t| t.looks == Some(looks)) {
            consider(Content::Looks(looks), share(values, |v| looks.matches(v)));
        }
    }
    let mut lists_seen: Vec<ListKind> = Vec::new();
    for t in targets {
        if let Some(l) = t.list {
            if !lists_seen.contains(&l) {
                lists_seen.push(l);
                consider(Content::List(l), lists.share_in(l, values));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> Lists {
        let db = Db::open_in_memory().unwrap();
        Lists::load(db.conn()).unwrap()
    }

    #[test]
    fn values_are_matched_the_way_clerks_write_them() {
        let l = lists();
        let check = |list, raw: &str, expect: Option<&str>| {
            assert_eq!(l.find(list, raw).as_deref(), expect, "{raw:?}")
        };
        check(ListKind::Field, "خدماتی", Some("خدماتی"));
        check(ListKind::Field, "خدمات", Some("خدماتی"));
        check(ListKind::Field, "تولید", Some("تولیدی"));
        check(ListKind::Field, "production", Some("تولیدی"));
        check(ListKind::Role, "مدیرعامل", Some("مدیرعامل"));
        check(ListKind::Role, "مدير عامل", Some("مدیرعامل"));
        check(ListKind::Role, "م.ع", Some("مدیرعامل"));
        check(
            ListKind::Role,
            "عضو هیئت\u{200C}مدیره",
            Some("عضو هیئت‌مدیره"),
        );
        check(ListKind::Role, "هیات مدیره", Some("عضو هیئت‌مدیره"));
        check(ListKind::Gender, "خانم", Some("زن"));
        check(ListKind::Gender, "مونث", Some("زن"));
        check(ListKind::Gender, "مؤنث", Some("زن"));
        check(ListKind::Education, "فوق‌دیپلم", Some("کاردانی"));
        check(ListKind::Education, "ليسانس", Some("کارشناسی"));
        check(ListKind::Education, "دیپلم", Some("دیپلم"));
        check(ListKind::County, "رباط کریم", Some("رباط‌کریم"));
        check(ListKind::County, "شهرستان ری", Some("ری"));
        check(ListKind::YesNo, "✓", Some("بله"));
        check(ListKind::YesNo, "ندارد", Some("خیر"));
        check(ListKind::Field, "کشاورزی", None);
        check(ListKind::Gender, "", None);
    }

    #[test]
    fn an_unknown_value_names_the_nearest() {
        let l = lists();
        assert_eq!(
            l.nearest(ListKind::Field, "خدماتيی").as_deref(),
            Some("خدماتی")
        );
        assert_eq!(
            l.nearest(ListKind::Role, "مدیرعال").as_deref(),
            Some("مدیرعامل")
        );
        assert_eq!(
            l.nearest(ListKind::County, "شهریاز").as_deref(),
            Some("شهریار")
        );
    }

    #[test]
    fn a_column_is_known_by_most_of_its_values() {
        let l = lists();
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let content = |kind, xs: &[&str]| column_content(kind, &v(xs), &l).map(|(c, _)| c);
        assert_eq!(
            content(ImportKind::Coops, &["تولیدی", "خدمات", "توزیعی", "خدماتی"]),
            Some(Content::List(ListKind::Field))
        );
        assert_eq!(
            content(
                ImportKind::People,
                &["0499370899", "0790419904", "۰۴۹۹۳۷۰۸۹۹"]
            ),
            Some(Content::Looks(Looks::NationalCode))
        );
        assert_eq!(
            content(
                ImportKind::People,
                &["09121234567", "+989127654321", "9351112233"]
            ),
            Some(Content::Looks(Looks::Mobile))
        );
        assert_eq!(
            content(
                ImportKind::People,
                &["1360/01/02", "1355/11/30", "1370/5/5"]
            ),
            Some(Content::Looks(Looks::BirthDate))
        );
        assert_eq!(
            content(
                ImportKind::People,
                &["1403/01/02", "1404/11/30", "1402/5/5"]
            ),
            Some(Content::Looks(Looks::Date))
        );
        // Too few values, or too many that fit nothing.
        assert_eq!(content(ImportKind::Coops, &["تولیدی", "خدماتی"]), None);
        assert_eq!(
            content(ImportKind::Coops, &["تولیدی", "خدماتی", "فرش", "مسکن"]),
            None
        );
        assert_eq!(
            Content::List(ListKind::Field).reason(0.987),
            "۹۸٪ مقدارها از فهرست زمینه‌های فعالیت"
        );
    }
}
