//! The window's capability grants exactly the commands of the table. The
//! shell's build script writes it; this catches a committed copy that a
//! change to the table has left behind, without building the shell.

#[test]
fn the_capability_grants_exactly_the_declared_commands() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../src-tauri/capabilities/main.json"
    );
    let capability: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let granted: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let declared: Vec<String> = taavon_api::NAMES
        .iter()
        .map(|n| format!("allow-{}", n.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, declared,
        "src-tauri/capabilities/main.json is out of date; build the desktop shell to rewrite it"
    );
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
}
