/// Every IPC command of the app. A command missing here cannot be granted.
const COMMANDS: &[&str] = &[
    "app_info",
    "start_state",
    "start_empty",
    "load_demo",
    "registry_counts",
    "search_people",
    "person_detail",
    "add_person",
    "update_person",
    "search_orgs",
    "org_detail",
    "add_org",
    "update_org",
    "add_membership",
    "list_named",
    "add_named",
    "update_named",
    "jalali_month",
    "search_courses",
    "add_course",
    "update_course",
    "list_providers",
    "add_provider",
    "list_campaigns",
    "add_campaign",
    "list_needs",
    "add_need",
    "set_need_status",
    "approve_needs",
    "need_history",
    "list_nominees",
    "add_nominee",
    "withdraw_nominee",
    "suggest_courses",
    "roadmap",
    "reorder_roadmap",
    "pick_import_file",
    "import_courses",
    "export_roadmap",
    "show_in_folder",
];

fn main() {
    // Listing the app's own commands makes tauri-build generate
    // `allow-<command>` permissions for them; a command not granted by a
    // capability file is refused at the IPC boundary.
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
