//! The core's modules form layers that only point down (ARCHITECTURE.md,
//! "Layers"): a module may use modules of the layers below its own, never
//! one of its own layer or above. This test reads every `crate::` path in
//! `crates/core/src` (comments aside) and fails on a back edge, naming the
//! file, the line and the module reached up to. A module split into a
//! folder (`rounds/mod.rs`, `rounds/quota.rs`, …) is one module: its files
//! share its layer and may use each other.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// From the bottom up.
const LAYERS: &[&[&str]] = &[
    &["text", "collate", "progress"],
    &["error"],
    &["ids", "jalali", "model", "files"],
    &["db"],
    &["registry"],
    &["settings"],
    &["backup", "catalog"],
    &["needs"],
    &["rounds"],
    &["report"],
    &["xlsx", "mail", "waiting"],
    &["import", "demo", "audit", "merge"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `crate::<module>` a file of `module` names that is not below it.
fn back_edges(module: &str, text: &str) -> Vec<String> {
    back_edges_in(module, &format!("{module}.rs"), text)
}

/// The same for `file`, one of the files of `module`.
fn back_edges_in(module: &str, file: &str, text: &str) -> Vec<String> {
    let Some(own) = layer_of(module) else {
        return vec![format!(
            "{file} is in no layer: add {module} to LAYERS here and to ARCHITECTURE.md"
        )];
    };
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let target: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if target == module || target.is_empty() {
                continue;
            }
            match layer_of(&target) {
                Some(t) if t < own => {}
                Some(t) => found.push(format!(
                    "{file}:{}: uses `{target}` (layer {t}) from layer {own}: {}",
                    i + 1,
                    line.trim()
                )),
                // `crate::Error`, `crate::Result` and the like: the root's
                // re-exports of the lowest layers.
                None if target.starts_with(|c: char| c.is_ascii_uppercase()) => {}
                None => found.push(format!(
                    "{file}:{}: uses `{target}`, which is in no layer",
                    i + 1
                )),
            }
        }
    }
    found
}

/// The `.rs` files under `dir`, at any depth.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn core_modules_only_use_the_layers_below_their_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut modules = BTreeSet::new();
    for path in rust_files(&src) {
        let file = path.strip_prefix(&src).unwrap();
        // `rounds.rs` is the module `rounds`; so is every file under `rounds/`.
        let first = file.components().next().unwrap().as_os_str();
        let module = Path::new(first)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if module == "lib" {
            continue;
        }
        problems.extend(back_edges_in(
            &module,
            &file.to_string_lossy(),
            &std::fs::read_to_string(&path).unwrap(),
        ));
        modules.insert(module);
    }
    let layered: usize = LAYERS.iter().map(|l| l.len()).sum();
    assert_eq!(
        modules.len(),
        layered,
        "a layer names a module that is gone"
    );
    assert!(problems.is_empty(), "back edges:\n{}", problems.join("\n"));
}

#[test]
fn a_back_edge_is_caught_and_a_downward_one_is_not() {
    assert_eq!(
        back_edges(
            "db",
            "use crate::registry::now;\nuse crate::text::search_key;"
        ),
        ["db.rs:1: uses `registry` (layer 4) from layer 3: use crate::registry::now;"]
    );
    // Within a layer is a back edge too; a comment is not code.
    assert_eq!(back_edges("mail", "    crate::xlsx::save(); // x").len(), 1);
    assert!(back_edges("mail", "/// see [`crate::xlsx::save`]").is_empty());
    assert!(back_edges("audit", "let e: crate::Error = crate::xlsx::f();").is_empty());
    assert_eq!(back_edges("newcomer", "").len(), 1);
    // A file of a split module belongs to its module's layer.
    assert_eq!(
        back_edges_in("rounds", "rounds/quota.rs", "use crate::xlsx::Book;"),
        ["rounds/quota.rs:1: uses `xlsx` (layer 10) from layer 8: use crate::xlsx::Book;"]
    );
    assert!(back_edges_in(
        "rounds",
        "rounds/build.rs",
        "use crate::rounds::quota::Period;"
    )
    .is_empty());
}
