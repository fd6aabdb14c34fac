//! What each kind of file may hold: its fields and their header names,
//! read from `targets.txt`.

use super::*;

/// A field a column can be mapped to, with the header names it is known by.
#[derive(Debug)]
pub(super) struct Target {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    pub(super) names: Vec<&'static str>,
    /// How many of `names` outrank the rest (all of them when not ranked).
    pub(super) first_rank: usize,
    pub(super) required: bool,
    /// Another field whose column stands in for this one.
    pub(super) or: Option<&'static str>,
    /// A code whose digits must survive: numbers are turned back into text.
    pub(super) code: bool,
    /// The closed list its values come from.
    pub(super) list: Option<ListKind>,
    /// What its values look like, for a column of unknown name.
    pub(super) looks: Option<Looks>,
}

impl Target {
    /// The rank of a header's key among this field's names: 0 outranks 1.
    pub(super) fn rank_of(&self, key: &str) -> Option<u8> {
        self.names
            .iter()
            .position(|n| header_key(n) == key)
            .map(|i| u8::from(i >= self.first_rank))
    }
}

/// What one kind of file may hold.
#[derive(Debug)]
struct KindSpec {
    kind: ImportKind,
    strict: bool,
    targets: Vec<Target>,
}

/// The kinds, and the headers known to carry nothing to import.
#[derive(Debug)]
struct Table {
    kinds: Vec<KindSpec>,
    ignored: Vec<String>,
}

/// The fields of every kind, as data: see the file for its format.
const TARGETS: &str = include_str!("targets.txt");

/// `TARGETS` read; a mistake in it is a programming error, caught by the
/// tests.
fn parse_kinds(text: &'static str) -> Result<Table, String> {
    let mut kinds: Vec<KindSpec> = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    let mut in_ignored = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let at = |what: &str| format!("targets.txt:{}: {what}: {line}", i + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "[ignored]" {
            in_ignored = true;
            continue;
        }
        if let Some(head) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_ignored = false;
            let mut words = head.split_whitespace();
            let key = words.next().unwrap_or_default();
            let kind = ImportKind::from_key(key).ok_or_else(|| at("no such kind"))?;
            let strict = match words.next() {
                None => false,
                Some("strict") => true,
                Some(_) => return Err(at("only `strict` may follow the kind")),
            };
            if kinds.iter().any(|k| k.kind == kind) {
                return Err(at("kind given twice"));
            }
            kinds.push(KindSpec {
                kind,
                strict,
                targets: Vec::new(),
            });
            continue;
        }
        if in_ignored {
            ignored.extend(line.split(',').map(|n| header_key(n.trim())));
            continue;
        }
        let parts: Vec<&'static str> = line.split('|').map(str::trim).collect();
        let [key, label, flags, names] = parts[..] else {
            return Err(at("want four parts split by |"));
        };
        let spec = kinds
            .last_mut()
            .ok_or_else(|| at("a field before any [kind]"))?;
        let mut target = Target {
            key,
            label,
            names: Vec::new(),
            first_rank: 0,
            required: false,
            or: None,
            code: false,
            list: None,
            looks: None,
        };
        for flag in flags.split(',').map(str::trim) {
            match flag.split_once('=') {
                None if flag == "required" => target.required = true,
                None if flag == "code" => target.code = true,
                None if flag == "-" => {}
                Some(("or", other)) => target.or = Some(other),
                Some(("list", list)) => {
                    target.list = Some(ListKind::from_key(list).ok_or_else(|| at("no such list"))?)
                }
                Some(("looks", what)) => {
                    target.looks = Some(Looks::from_key(what).ok_or_else(|| at("no such look"))?)
                }
                _ => return Err(at("flags are required, code, or=, list=, looks= or -")),
            }
        }
        let ranks: Vec<&str> = names.split(';').collect();
        if ranks.len() > 2 {
            return Err(at("names have two ranks at most"));
        }
        for rank in &ranks {
            target
                .names
                .extend(rank.split(',').map(str::trim).filter(|n| !n.is_empty()));
        }
        target.first_rank = ranks[0].split(',').filter(|n| !n.trim().is_empty()).count();
        if spec.targets.iter().any(|t| t.key == key) {
            return Err(at("field given twice"));
        }
        spec.targets.push(target);
    }
    for spec in &kinds {
        for t in &spec.targets {
            if let Some(other) = t.or {
                if !spec.targets.iter().any(|o| o.key == other) {
                    return Err(format!("targets.txt: {}: or={other} is no field", t.key));
                }
            }
        }
    }
    Ok(Table { kinds, ignored })
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| parse_kinds(TARGETS).expect("targets.txt is well formed"))
}

fn kinds() -> &'static [KindSpec] {
    &table().kinds
}

/// Whether a header (as a key) is known to carry nothing to import.
pub(super) fn ignored_header(key: &str) -> bool {
    table().ignored.iter().any(|n| n == key)
}

fn spec(kind: ImportKind) -> &'static KindSpec {
    kinds()
        .iter()
        .find(|k| k.kind == kind)
        .expect("targets.txt has every kind")
}

pub(super) fn targets(kind: ImportKind) -> &'static [Target] {
    &spec(kind).targets
}

/// Whether a kind reads its rows strictly (see targets.txt).
pub(super) fn strict_rows(kind: ImportKind) -> bool {
    spec(kind).strict
}

/// A field a column can be mapped to, for the mapping step.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct TargetInfo {
    pub key: String,
    pub label: String,
    pub required: bool,
    /// Another field whose column stands in for this required one (the
    /// full name for the first and last names).
    pub instead: Option<String>,
}

/// Which column of the file (0-based, as in the header row) feeds a field.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ColumnMap {
    pub target: String,
    pub column: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_fields_with_names() {
        for kind in ImportKind::ALL {
            let targets = targets(*kind);
            assert!(targets.iter().any(|t| t.required), "{kind:?}");
            for t in targets {
                assert!(
                    !t.label.is_empty() && !t.names.is_empty(),
                    "{kind:?} {}",
                    t.key
                );
                assert!(t.names.iter().all(|n| !header_key(n).is_empty()));
            }
        }
        assert_eq!(targets(ImportKind::People)[0].names[0], "کد ملی");
        assert!(strict_rows(ImportKind::Standards) && !strict_rows(ImportKind::People));
    }

    #[test]
    fn a_header_names_one_field_at_most_in_each_kind() {
        for kind in ImportKind::ALL {
            let mut seen: HashMap<String, &str> = HashMap::new();
            for t in targets(*kind) {
                for n in &t.names {
                    let key = header_key(n);
                    assert!(!ignored_header(&key), "{kind:?} {n} is ignored");
                    if let Some(other) = seen.insert(key, t.key) {
                        assert_eq!(other, t.key, "{kind:?}: «{n}» names {other} and {}", t.key);
                    }
                }
            }
        }
        let course = &targets(ImportKind::Feedback)[1];
        assert_eq!(course.rank_of(&header_key("کد استاندارد")), Some(0));
        assert_eq!(course.rank_of(&header_key("نام دوره")), Some(1));
        assert!(ignored_header(&header_key("ردیف")));
    }

    #[test]
    fn mistakes_in_the_table_are_named_with_their_line() {
        let err = |text: &'static str| parse_kinds(text).unwrap_err();
        assert!(err("[nope]").starts_with("targets.txt:1: no such kind"));
        assert!(err("a | b | - | c").contains("before any [kind]"));
        assert!(err("[people]\na | b | c").contains("four parts"));
        assert!(err("[people]\na | b | often | c").contains("flags"));
        assert!(err("[people]\na | b | list=colours | c").contains("no such list"));
        assert!(err("[people]\na | b | or=z | c").contains("or=z"));
        assert!(err("[people]\na | b | - | c\na | d | - | e").contains("twice"));
        assert!(err("[people]\n[people]").contains("twice"));
        assert!(err("[people loose]").contains("strict"));
    }
}
