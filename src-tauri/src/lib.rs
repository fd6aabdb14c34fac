//! The Tauri shell of Taavon Training Desk.
//!
//! This crate owns the window, the IPC commands and the capability files.
//! Commands stay a few lines long: the product logic lives in `taavon-core`.

mod host;
mod logging;
mod pdf;

use serde_json::Value;
use taavon_api::{Backend, Ctx};
use taavon_core::progress::Progress;
use tauri::ipc::{Invoke, InvokeBody, JavaScriptChannelId};
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
        .manage(Backend::open_in_background())
        .invoke_handler(answer)
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}

/// Answers every command of the table (`crates/api/src/table.rs`) through
/// the shared dispatch. The ACL has already refused any command the
/// capability does not grant. Each runs on a worker thread, so a long one
/// or an open dialog never blocks the window.
fn answer(invoke: Invoke) -> bool {
    let name = invoke.message.command().to_owned();
    if !taavon_api::NAMES.contains(&name.as_str()) {
        return false;
    }
    let mut args = match invoke.message.payload() {
        InvokeBody::Json(v) => v.clone(),
        InvokeBody::Raw(_) => Value::Null,
    };
    // A command that reports progress gets the page's channel.
    let channel = args
        .as_object_mut()
        .and_then(|a| a.remove("onProgress"))
        .and_then(|id| serde_json::from_value::<JavaScriptChannelId>(id).ok())
        .map(|id| id.channel_on::<_, Progress>(invoke.message.webview()));
    let app = invoke.message.webview().app_handle().clone();
    let resolver = invoke.resolver;
    tauri::async_runtime::spawn_blocking(move || {
        let host = host::Desktop { app: app.clone() };
        let backend = app.state::<Backend>();
        let mut progress = |p: Progress| channel.as_ref().is_none_or(|c| c.send(p).is_ok());
        let mut ctx = Ctx {
            backend: &backend,
            host: &host,
            progress: &mut progress,
        };
        match taavon_api::dispatch(&mut ctx, &name, args) {
            Some(Ok(value)) => resolver.resolve(value),
            Some(Err(body)) => resolver.reject(body),
            None => resolver.reject(format!("unknown command {name}")),
        }
    });
    true
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
