//! The monthly report saved as a PDF on A4: the window's own print engine
//! prints the page it shows to a file, so the PDF is what the printer would
//! get (the page's `@page` rules, its fonts, its charts as vectors).
//! WebKitGTK's print operation on Linux, WebView2's `PrintToPdf` on
//! Windows.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use tauri::Manager;

use crate::MAIN_WINDOW;

/// How long printing may take before the clerk is told it failed.
const TIMEOUT: Duration = Duration::from_secs(60);

type Done = mpsc::Sender<Result<(), String>>;

/// Prints the main window's page to `path` and waits until the file is
/// written. Called from a worker thread, never the window's own.
pub fn print_pdf(app: &tauri::AppHandle, path: &Path) -> Result<(), String> {
    let window = app
        .get_webview_window(MAIN_WINDOW)
        .ok_or_else(|| "the window is not open".to_owned())?;
    let (done, finished) = mpsc::channel();
    let target = path.to_owned();
    window
        .with_webview(move |webview| platform::print(webview, target, done))
        .map_err(|e| e.to_string())?;
    finished
        .recv_timeout(TIMEOUT)
        .map_err(|_| "printing did not finish".to_owned())??;
    match std::fs::metadata(path) {
        Ok(m) if m.len() > 0 => Ok(()),
        _ => Err(format!("no file was written at {}", path.display())),
    }
}

#[cfg(target_os = "linux")]
mod platform {
    use super::{Done, PathBuf};
    use webkit2gtk::PrintOperationExt;

    pub fn print(webview: tauri::webview::PlatformWebview, path: PathBuf, done: Done) {
        let uri = match gtk::glib::filename_to_uri(&path, None) {
            Ok(uri) => uri,
            Err(e) => {
                let _ = done.send(Err(e.to_string()));
                return;
            }
        };
        let settings = gtk::PrintSettings::new();
        settings.set_printer("Print to File");
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(uri.as_str()));
        let a4 = gtk::PaperSize::new(Some(gtk::PAPER_NAME_A4));
        settings.set_paper_size(&a4);
        let setup = gtk::PageSetup::new();
        setup.set_paper_size(&a4);
        setup.set_orientation(gtk::PageOrientation::Portrait);

        let operation = webkit2gtk::PrintOperation::new(&webview.inner());
        operation.set_print_settings(&settings);
        operation.set_page_setup(&setup);
        // A failure is followed by `finished`; the first answer counts.
        let failed = done.clone();
        operation.connect_failed(move |_, e| {
            let _ = failed.send(Err(e.to_string()));
        });
        operation.connect_finished(move |_| {
            let _ = done.send(Ok(()));
        });
        operation.print();
    }
}

#[cfg(windows)]
mod platform {
    use super::{Done, PathBuf};
    use webview2_com::Microsoft::Web::WebView2::Win32::{
        ICoreWebView2Environment6, ICoreWebView2_7, COREWEBVIEW2_PRINT_ORIENTATION_PORTRAIT,
    };
    use webview2_com::PrintToPdfCompletedHandler;
    use windows_core::{Interface, HSTRING};

    /// A4 in inches, as WebView2 measures pages.
    const A4_INCHES: (f64, f64) = (8.27, 11.69);

    pub fn print(webview: tauri::webview::PlatformWebview, path: PathBuf, done: Done) {
        let answer = done.clone();
        let started = (|| -> windows_core::Result<()> {
            unsafe {
                let view: ICoreWebView2_7 = webview.controller().CoreWebView2()?.cast()?;
                let environment: ICoreWebView2Environment6 = webview.environment().cast()?;
                let settings = environment.CreatePrintSettings()?;
                settings.SetOrientation(COREWEBVIEW2_PRINT_ORIENTATION_PORTRAIT)?;
                settings.SetPageWidth(A4_INCHES.0)?;
                settings.SetPageHeight(A4_INCHES.1)?;
                settings.SetShouldPrintBackgrounds(true)?;
                let handler = PrintToPdfCompletedHandler::create(Box::new(move |result, ok| {
                    let _ = answer.send(match (result, ok) {
                        (Ok(()), true) => Ok(()),
                        (Err(e), _) => Err(e.to_string()),
                        (Ok(()), false) => Err("WebView2 did not print".to_owned()),
                    });
                    Ok(())
                }));
                view.PrintToPdf(&HSTRING::from(path.as_os_str()), &settings, &handler)
            }
        })();
        if let Err(e) = started {
            let _ = done.send(Err(e.to_string()));
        }
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod platform {
    use super::{Done, PathBuf};

    pub fn print(_webview: tauri::webview::PlatformWebview, _path: PathBuf, done: Done) {
        let _ = done.send(Err(
            "printing to PDF is not built for this system".to_owned()
        ));
    }
}
