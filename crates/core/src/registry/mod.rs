//! The registry: cooperatives and unions, people, their memberships, and the
//! editable lists (counties, orientations).
//!
//! Raw input (`*Input`, all text, as a form or a spreadsheet row gives it)
//! becomes a validated value (`New*`) in exactly one place, its `validate`
//! method. Writes take validated values only.

use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row, ToSql, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::collate;
use crate::db::row_by_id;
use crate::error::{Entity, Error, Field, FieldError, Problem, Result};
use crate::ids::{Mobile, NationalCode, NationalId};
use crate::jalali::{end_before_start, iso, parse_iso, parse_jalali, to_jalali, today};
use crate::model::{Education, Gender, OrgField, OrgKind, OrgStatus, Role};
use crate::text::{clean_text, code_digits, search_key, search_terms};

const MAX_NAME: usize = 100;
const MAX_TEXT: usize = 2000;

pub(crate) use crate::jalali::now;

mod counts;
mod details;
mod lists;
mod memberships;
mod orgs;
mod people;
mod search;
mod unions;
mod validation;

pub use counts::*;
pub use details::*;
pub use lists::*;
pub use memberships::*;
pub use orgs::*;
pub use people::*;
pub use search::*;
pub use unions::*;
pub use validation::*;
