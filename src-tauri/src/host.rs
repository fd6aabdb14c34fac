//! What the desktop gives the commands: the system's file dialogs (shown
//! from Rust, so the webview never gets file-system access), the file
//! manager, and the product name from `tauri.conf.json`.

use std::path::{Path, PathBuf};

use taavon_api::{FileKind, Host};
use tauri_plugin_dialog::DialogExt;

/// Names the file the open dialog answers with, for end-to-end tests.
pub const PICK_FILE_ENV: &str = "TAAVON_PICK_FILE";
/// Names the file the save dialog answers with, for end-to-end tests.
pub const SAVE_FILE_ENV: &str = "TAAVON_SAVE_FILE";

pub struct Desktop {
    pub app: tauri::AppHandle,
}

/// Automated tests of the real window cannot click through the system's
/// dialogs; they name the file in the environment instead.
fn canned(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

fn filter(kind: FileKind) -> (&'static str, &'static [&'static str]) {
    match kind {
        FileKind::Spreadsheet => ("Excel / LibreOffice / CSV", &["xlsx", "xls", "ods", "csv"]),
        FileKind::Backup => ("Taavon backup", &["db"]),
    }
}

impl Host for Desktop {
    fn product(&self) -> (String, String) {
        let package = self.app.package_info();
        (package.name.clone(), package.version.to_string())
    }

    fn pick_file(&self, kind: FileKind) -> Option<PathBuf> {
        if let Some(path) = canned(PICK_FILE_ENV) {
            return Some(path);
        }
        let (name, extensions) = filter(kind);
        self.app
            .dialog()
            .file()
            .add_filter(name, extensions)
            .blocking_pick_file()
            .and_then(|f| f.into_path().ok())
    }

    fn save_file(&self, suggested: &str, kind: FileKind) -> Option<PathBuf> {
        if let Some(path) = canned(SAVE_FILE_ENV) {
            return Some(path);
        }
        let (name, extensions) = filter(kind);
        self.app
            .dialog()
            .file()
            .set_file_name(suggested)
            .add_filter(name, extensions)
            .blocking_save_file()
            .and_then(|f| f.into_path().ok())
    }

    fn show_in_folder(&self, path: &Path) -> Result<(), String> {
        opener::reveal(path).map_err(|e| e.to_string())
    }

    fn print_pdf(&self, path: &Path) -> Result<(), String> {
        crate::pdf::print_pdf(&self.app, path)
    }
}
