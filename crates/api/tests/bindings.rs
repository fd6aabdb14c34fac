//! `ui/src/lib/bindings.ts` is generated from the Rust types and the command
//! table. This test fails when it drifts; run it with `UPDATE_BINDINGS=1`
//! to rewrite the file.

#[test]
fn typescript_bindings_match_the_rust_types_and_commands() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/bindings.ts");
    let fresh = taavon_api::typescript::bindings();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/bindings.ts is out of date; run UPDATE_BINDINGS=1 cargo test -p taavon-api --test bindings"
    );
}
