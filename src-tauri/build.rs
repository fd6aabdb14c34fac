//! Locks the window to the app's own commands: the names come from the
//! command table (`crates/api/src/table.rs`), tauri-build turns each into
//! an `allow-<command>` permission, and the capability the window gets
//! (`capabilities/main.json`) is written here to grant exactly those.

// Reads the table with a macro of its own that keeps only the names; the
// argument and answer types are parsed, never resolved.
macro_rules! commands {
    ($(
        $(#[$meta:meta])*
        $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty $(, $flag:ident)? ;
    )*) => {
        /// Every IPC command of the app. A command missing here cannot be granted.
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}

include!("../crates/api/src/table.rs");

const CAPABILITY: &str = "capabilities/main.json";

/// The capability of the main window: the app's commands and nothing from
/// the filesystem, shell or network.
fn capability() -> String {
    let permissions: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("    \"allow-{}\"", c.replace('_', "-")))
        .collect();
    format!(
        r#"{{
  "$schema": "../gen/schemas/desktop-schema.json",
  "identifier": "main",
  "description": "What the main window may call. Written by build.rs from the command table (crates/api/src/table.rs); do not edit. Nothing from the filesystem, shell or network: the window talks only to the app's own commands.",
  "windows": [
    "main"
  ],
  "permissions": [
{}
  ]
}}
"#,
        permissions.join(",\n")
    )
}

fn main() {
    println!("cargo:rerun-if-changed=../crates/api/src/table.rs");
    let fresh = capability();
    if std::fs::read_to_string(CAPABILITY).ok().as_deref() != Some(fresh.as_str()) {
        std::fs::write(CAPABILITY, fresh).expect("could not write the capability file");
    }
    // Listing the app's own commands makes tauri-build generate
    // `allow-<command>` permissions for them; a command not granted by a
    // capability file is refused at the IPC boundary.
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
