//! IPC commands. Each one must also be listed in `build.rs` and granted in
//! `capabilities/main.json`, or the webview cannot call it.

use serde::Serialize;

/// Product name and version of the running build, shown in the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
}

impl From<&tauri::PackageInfo> for AppInfo {
    fn from(package: &tauri::PackageInfo) -> Self {
        AppInfo {
            name: package.name.clone(),
            version: package.version.to_string(),
        }
    }
}

#[tauri::command]
pub fn app_info(app: tauri::AppHandle) -> AppInfo {
    AppInfo::from(app.package_info())
}

#[cfg(test)]
mod tests {
    use super::*;

    // `ui/src/lib/api.ts` reads exactly these keys.
    #[test]
    fn app_info_json_shape_matches_the_ui() {
        let info = AppInfo {
            name: "Taavon Training Desk".to_owned(),
            version: "0.1.0".to_owned(),
        };
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "name": "Taavon Training Desk", "version": "0.1.0" })
        );
    }
}
