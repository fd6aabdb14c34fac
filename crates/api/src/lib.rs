//! The commands of Taavon Training Desk, declared once in `table.rs`.
//!
//! The desktop shell (`src-tauri`) and the development bridge
//! (`taavon serve`) both answer the window through [`dispatch`], so the
//! browser tests drive the same code as the desktop. What differs between
//! them — the system's file dialogs, the file manager, the product name —
//! is the [`Host`].

mod backend;
mod commands;
pub mod typescript;

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;
use taavon_core::error::ErrorBody;
use taavon_core::progress::Progress;

pub use backend::{to_body, Backend};
pub use commands::AppInfo;

/// What a command answers: its value, or the error the window shows.
pub type Answer<T> = Result<T, ErrorBody>;

/// Which files a dialog offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// .xlsx, .xls, .ods or .csv to import.
    Spreadsheet,
    /// A `.db` backup.
    Backup,
}

/// What the program around the commands provides.
pub trait Host {
    /// The product name and version of the running build.
    fn product(&self) -> (String, String);
    /// The system's open dialog; `None` when the clerk cancels.
    fn pick_file(&self, kind: FileKind) -> Option<PathBuf>;
    /// The system's save dialog, offering `suggested` as the name.
    fn save_file(&self, suggested: &str, kind: FileKind) -> Option<PathBuf>;
    /// Opens the file manager with the file selected; the error is logged.
    fn show_in_folder(&self, path: &Path) -> Result<(), String>;
    /// Prints the page the window shows to a PDF file on A4 paper, through
    /// the web view's own print engine (what the printer would get).
    fn print_pdf(&self, path: &Path) -> Result<(), String>;
}

/// Everything a command runs with.
pub struct Ctx<'a> {
    pub backend: &'a Backend,
    pub host: &'a dyn Host,
    /// Where a long command reports progress; `false` back means stop.
    pub progress: &'a mut dyn FnMut(Progress) -> bool,
}

/// One declared command, as the TypeScript generator sees it.
#[derive(Debug, Clone)]
pub struct Declared {
    pub name: &'static str,
    pub doc: Vec<&'static str>,
    /// Argument names (snake_case) with their TypeScript types.
    pub args: Vec<(&'static str, String)>,
    pub answer: String,
    pub progress: bool,
}

fn parse_args<T: serde::de::DeserializeOwned>(command: &str, args: Value) -> Answer<T> {
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    serde_json::from_value(args).map_err(|e| {
        tracing::warn!(command, error = %e, "a command was called with arguments it cannot read");
        ErrorBody {
            code: "ipc".to_owned(),
            message: format!("درخواست «{command}» خوانده نشد: {e}"),
            fields: Vec::new(),
        }
    })
}

fn answer<T: Serialize>(value: T) -> Answer<Value> {
    serde_json::to_value(value).map_err(|e| to_body(taavon_core::Error::Refused(e.to_string())))
}

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty $(, $progress:ident)? ;
    )*) => {
        /// Every command, by the name the window calls it with.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The commands that report progress: the desktop passes them a
        /// channel as `onProgress`.
        pub const WITH_PROGRESS: &[&str] = &[$($(commands!(@name $name $progress),)?)*];

        /// Runs the command `name` with its arguments (an object keyed by
        /// the camelCase argument names). `None` for an unknown command.
        pub fn dispatch(ctx: &mut Ctx<'_>, name: &str, args: Value) -> Option<Answer<Value>> {
            use commands::*;
            $(
                if name == stringify!($name) {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase")]
                    #[allow(dead_code)]
                    struct Args { $($arg: $ty),* }
                    let run = |ctx: &mut Ctx<'_>| -> Answer<Value> {
                        let Args { $($arg),* } = parse_args::<Args>(name, args)?;
                        let out: $ret = commands::$name(ctx, $($arg),*)?;
                        answer(out)
                    };
                    return Some(run(ctx));
                }
            )*
            None
        }

        /// The commands with their TypeScript types.
        pub fn declared(cfg: &ts_rs::Config) -> Vec<Declared> {
            use commands::*;
            vec![$(
                Declared {
                    name: stringify!($name),
                    doc: vec![$($doc),*],
                    args: vec![$((stringify!($arg), <$ty as ts_rs::TS>::name(cfg))),*],
                    answer: <$ret as ts_rs::TS>::name(cfg),
                    progress: false $(|| commands!(@flag $progress))?,
                }
            ),*]
        }
    };
    (@name $name:ident progress) => { stringify!($name) };
    (@flag progress) => { true };
}

include!("table.rs");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for name in NAMES {
            assert!(seen.insert(name), "{name} is declared twice");
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
        assert_eq!(WITH_PROGRESS, ["load_demo", "run_import"]);
    }
}
