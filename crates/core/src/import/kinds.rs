//! What each kind of file may hold: its fields and their header names,
//! read from `targets.txt`.

use super::*;

/// A field a column can be mapped to, with the header names it is known by.
#[derive(Debug)]
pub(super) struct Target {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    pub(super) names: Vec<&'static str>,
    pub(super) required: bool,
    /// A code whose digits must survive: numbers are turned back into text.
    pub(super) code: bool,
}

/// What one kind of file may hold.
#[derive(Debug)]
struct KindSpec {
    kind: ImportKind,
    strict: bool,
    targets: Vec<Target>,
}

/// The fields of every kind, as data: see the file for its format.
const TARGETS: &str = include_str!("targets.txt");

/// `TARGETS` read; a mistake in it is a programming error, caught by the
/// tests.
fn parse_kinds(text: &'static str) -> Result<Vec<KindSpec>, String> {
    let mut kinds: Vec<KindSpec> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let at = |what: &str| format!("targets.txt:{}: {what}: {line}", i + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
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
        let parts: Vec<&'static str> = line.split('|').map(str::trim).collect();
        let [key, label, flags, names] = parts[..] else {
            return Err(at("want four parts split by |"));
        };
        let flags: Vec<&str> = flags.split(',').map(str::trim).collect();
        if flags
            .iter()
            .any(|f| !matches!(*f, "required" | "code" | "-"))
        {
            return Err(at("flags are required, code or -"));
        }
        let spec = kinds
            .last_mut()
            .ok_or_else(|| at("a field before any [kind]"))?;
        if spec.targets.iter().any(|t| t.key == key) {
            return Err(at("field given twice"));
        }
        spec.targets.push(Target {
            key,
            label,
            names: names.split(',').map(str::trim).collect(),
            required: flags.contains(&"required"),
            code: flags.contains(&"code"),
        });
    }
    Ok(kinds)
}

fn kinds() -> &'static [KindSpec] {
    static KINDS: std::sync::OnceLock<Vec<KindSpec>> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| parse_kinds(TARGETS).expect("targets.txt is well formed"))
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
    fn mistakes_in_the_table_are_named_with_their_line() {
        let err = |text: &'static str| parse_kinds(text).unwrap_err();
        assert!(err("[nope]").starts_with("targets.txt:1: no such kind"));
        assert!(err("a | b | - | c").contains("before any [kind]"));
        assert!(err("[people]\na | b | c").contains("four parts"));
        assert!(err("[people]\na | b | often | c").contains("flags"));
        assert!(err("[people]\na | b | - | c\na | d | - | e").contains("twice"));
        assert!(err("[people]\n[people]").contains("twice"));
        assert!(err("[people loose]").contains("strict"));
    }
}
