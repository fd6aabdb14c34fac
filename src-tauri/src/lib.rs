//! The Tauri shell of Taavon Training Desk.
//!
//! This crate owns the window, the IPC commands and the capability files.
//! Commands stay a few lines long: the product logic lives in `taavon-core`.

mod commands;
mod logging;
mod state;

use tauri::Manager;

/// Label of the only window, as named in `tauri.conf.json` and `capabilities/main.json`.
pub const MAIN_WINDOW: &str = "main";

/// Builds and runs the application until its last window closes.
pub fn run() {
    let _log_guard = logging::init();
    tauri::Builder::default()
        // Must be registered first: a second launch only hands over to the
        // running instance, so the clerk never has two windows writing the
        // same database.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            focus_main_window(app);
        }))
        .plugin(tauri_plugin_dialog::init())
        .manage(state::AppState::open())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::start_state,
            commands::start_empty,
            commands::load_demo,
            commands::registry_counts,
            commands::search_people,
            commands::person_detail,
            commands::add_person,
            commands::update_person,
            commands::search_orgs,
            commands::org_detail,
            commands::add_org,
            commands::update_org,
            commands::add_membership,
            commands::list_named,
            commands::add_named,
            commands::update_named,
            commands::jalali_month,
            commands::search_courses,
            commands::add_course,
            commands::update_course,
            commands::list_providers,
            commands::add_provider,
            commands::list_campaigns,
            commands::add_campaign,
            commands::list_needs,
            commands::add_need,
            commands::set_need_status,
            commands::approve_needs,
            commands::need_history,
            commands::list_nominees,
            commands::add_nominee,
            commands::withdraw_nominee,
            commands::suggest_courses,
            commands::roadmap,
            commands::reorder_roadmap,
            commands::pick_import_file,
            commands::import_courses,
            commands::export_roadmap,
            commands::show_in_folder,
            commands::get_settings,
            commands::save_settings,
            commands::list_quota,
            commands::set_quota,
            commands::set_quota_cap,
            commands::list_rounds,
            commands::get_round,
            commands::new_round,
            commands::round_candidates,
            commands::build_round,
            commands::add_candidate,
            commands::remove_referral,
            commands::set_round_status,
            commands::list_referrals,
            commands::update_referral,
            commands::referral_history,
            commands::round_history,
            commands::training_history,
            commands::round_letter,
            commands::export_round,
            commands::prepare_email,
            commands::inspect_import,
            commands::run_import,
            commands::cancel_import,
            commands::save_import_errors,
            commands::list_backups,
            commands::backup_now,
            commands::save_backup_as,
            commands::pick_backup_file,
            commands::inspect_backup,
            commands::restore_backup,
            commands::restore_newest_backup,
            commands::check_database,
            commands::search_audit,
            commands::export_audit,
        ])
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}

fn focus_main_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        // Errors here only mean the window could not be raised; the running
        // instance is still fine, so there is nothing to report.
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
