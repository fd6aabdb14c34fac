//! Bringing in the clerk's own lists, the TVTO's standards lists and its
//! monthly feedback (C7).
//!
//! 1. **Read** a sheet of an .xlsx, .xls or .ods file (calamine), or a CSV
//!    in UTF-8 (with or without a BOM) or Windows-1256, the code page of
//!    Excel's plain CSV on Persian Windows.
//! 2. **Find the header row** among the first rows by the Persian and
//!    English names each kind knows, skipping title rows above it; map each
//!    column to a field by its header, or, when the header is unknown, by
//!    its values (a closed list, national codes, mobiles, Jalali dates).
//!    Two columns claiming one field are left for the clerk to pick. The
//!    clerk may change the mapping; it is remembered for files with the
//!    same headers.
//! 3. **Clean** every value and say what was changed: digits of any script,
//!    Arabic ي/ك, spaces, codes that Excel turned into numbers (lost zeros,
//!    `.0`, scientific notation), Excel date cells turned into Jalali, values
//!    of closed lists written the clerks' way («خانم», «م.ع»), a full name
//!    split into first and last name.
//! 4. **Validate** each row through the same `validate()` as the forms, so
//!    a value is checked in one place only.
//! 5. **Write** in one transaction: everything, or nothing when a row is
//!    rejected (unless the clerk accepts the valid rows). A preview runs the
//!    same writes and rolls them back, so its counts are exact. Importing the
//!    same file twice changes nothing the second time.
//!
//! ```no_run
//! use std::path::Path;
//! use taavon_core::{db::Db, import::{self, ImportRequest}, model::ImportKind};
//!
//! let mut db = Db::open_default()?;
//! let request = ImportRequest { kind: ImportKind::People, dry_run: true, ..Default::default() };
//! let preview = import::run(&mut db, Path::new("members.xlsx"), &request, &mut |_| true)?;
//! println!("{} new, {} rejected", preview.added, preview.rejected);
//! # Ok::<(), taavon_core::Error>(())
//! ```

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{self, CourseInput, NewCourse};
use crate::db::Db;
use crate::error::{column_message, Error, ErrorBody, FieldError, Result};
use crate::ids::{CodeFix, NationalCode};
use crate::jalali::to_jalali;
use crate::model::{ImportKind, ReferralStatus, Role};
use crate::progress::Progress;
use crate::registry::{self, MembershipInput, OrgInput, OrgView, PersonInput, PersonView};
use crate::rounds::{self, ReferralUpdate};
use crate::text::{ascii_digit, clean_text, search_key, to_persian_digits};
use crate::xlsx::{Book, Cell as XCell, Column, ColumnKind, DocInfo, ExportOptions, SheetSpec};

fn fa(n: impl ToString) -> String {
    to_persian_digits(&n.to_string())
}

/// A header (or a word in a cell) as compared: the search key without
/// spaces and punctuation.
fn header_key(s: &str) -> String {
    search_key(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

mod clean;
mod coops;
mod error_sheet;
mod feedback;
mod kinds;
mod mapping;
mod names;
mod people;
mod read;
mod run;
mod standards;
mod values;

pub use clean::*;
use coops::*;
pub use error_sheet::*;
use feedback::*;
pub use kinds::*;
pub use mapping::*;
pub use names::*;
use people::*;
use read::*;
pub use run::*;
use standards::*;
use values::*;
