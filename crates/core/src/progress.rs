//! How far a long piece of work has got (sample data, an import), for a
//! progress bar; the work stops when the callback that receives it answers
//! `false`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `done` of `total` steps.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}
