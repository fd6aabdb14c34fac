fn main() {
    // Listing the app's own commands makes tauri-build generate
    // `allow-<command>` permissions for them; a command not granted by a
    // capability file is refused at the IPC boundary.
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(&["app_info"]));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
