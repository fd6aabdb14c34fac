//! Taavon Training Desk without a window: the registry of cooperatives,
//! unions and people, the identifier and text rules, and the SQLite storage.
//!
//! The desktop shell and the `taavon` command line are thin layers over this
//! crate; it never depends on Tauri.
//!
//! ```
//! use taavon_core::{db::Db, registry, ids::NationalCode};
//!
//! let mut db = Db::open_in_memory()?;
//! let person = registry::PersonInput {
//!     national_code: "۰۴۹۹۳۷۰۸۹۹".into(),
//!     first_name: "علي".into(),
//!     last_name: "رضایی".into(),
//!     ..Default::default()
//! }
//! .validate()?;
//! db.write(|tx| registry::add_person(tx, &person))?;
//!
//! let found = registry::search_people(db.conn(), "علی", Default::default())?;
//! assert_eq!(found.items[0].national_code, "0499370899");
//! # Ok::<(), taavon_core::error::Error>(())
//! ```

pub mod audit;
pub mod backup;
pub mod catalog;
pub mod collate;
pub mod db;
pub mod demo;
pub mod error;
pub mod files;
pub mod ids;
pub mod import;
pub mod jalali;
pub mod mail;
pub mod merge;
pub mod model;
pub mod needs;
pub mod progress;
pub mod registry;
pub mod report;
pub mod rounds;
pub mod settings;
pub mod text;
pub mod waiting;
pub mod xlsx;

pub use error::{Error, Result};
