//! The clerk's settings: the office and its letterhead, the TVTO office and
//! its email address, the Excel font, the weights of the referral ranking,
//! the backups, and when the home screen calls something waiting. Each is one row of the `setting` table (JSON); a missing row
//! takes the default here, so a new setting needs no migration.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Field, FieldError, Problem, Result};
use crate::text::clean_text;

/// The office every file comes from, unless the settings name another.
pub const DEFAULT_OFFICE: &str = "اداره کل تعاون، کار و رفاه اجتماعی استان تهران";

/// A font every Windows PC has, with Persian glyphs.
pub const DEFAULT_FONT: &str = "Tahoma";

/// How many daily backups are kept.
pub const KEEP_DAILY: usize = 14;
/// How many of the other backups (before an upgrade or a restore, or made
/// by hand) are kept.
pub const KEEP_EVENTS: usize = 10;

/// Days a sent round may go without any answer from the TVTO before the
/// home screen lists it as waiting.
pub const FEEDBACK_DAYS: i64 = 30;
/// The share of a quota period (used and reserved, in percent) at which
/// the quota meter warns and the home screen lists the period.
pub const QUOTA_WARN_PERCENT: i64 = 90;

/// What the settings decide about every exported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportOptions {
    /// The font of every cell; Tahoma unless the clerk picks another.
    pub font: String,
    /// The office named in page headers and document properties.
    pub office: String,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            font: DEFAULT_FONT.to_owned(),
            office: DEFAULT_OFFICE.to_owned(),
        }
    }
}

/// Points of each part of a candidate's score (see `rounds::score`).
/// The defaults rank need first, then the cooperative asking for itself,
/// then people never trained, then waiting time and the program's target
/// groups; the fairness term keeps one large cooperative from filling a
/// round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Weights {
    /// Points per need level (1–5): level 5 gives five times this.
    pub need_level: i64,
    /// The cooperative asked for the training itself (متقاضی).
    pub self_applied: i64,
    /// The person has never attended a course through the program.
    pub never_trained: i64,
    /// Points per whole month since the need was approved …
    pub per_month_waiting: i64,
    /// … counting at most this many months.
    pub max_months: i64,
    pub small: i64,
    pub startup: i64,
    pub internet: i64,
    /// Points taken off for each person of the same cooperative already in
    /// the round.
    pub fairness: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            need_level: 10,
            self_applied: 20,
            never_trained: 15,
            per_month_waiting: 2,
            max_months: 12,
            small: 5,
            startup: 5,
            internet: 5,
            fairness: 8,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// The office every file and letter comes from.
    pub office: String,
    /// Lines above the office name on letters (ministry, deputy office …),
    /// one per line.
    pub letterhead: String,
    /// Who the referral letters go to.
    pub tvto_office: String,
    /// Where "prepare email" addresses the referral sheet.
    pub tvto_email: String,
    /// Who signs the cover letter, and their title.
    pub signer_name: String,
    pub signer_title: String,
    /// The font of every exported sheet.
    pub font: String,
    pub weights: Weights,
    /// Where backups are kept; `backups` beside the database when empty.
    pub backup_dir: String,
    /// How many daily backups are kept.
    pub keep_daily: i64,
    /// How many other backups (before upgrades and restores, by hand) are
    /// kept.
    pub keep_events: i64,
    /// Days after a round was sent with no answer from the TVTO before it
    /// is listed as waiting (1–365).
    pub feedback_days: i64,
    /// Percent of a quota period taken at which it warns (1–100).
    pub quota_warn_percent: i64,
}

pub const DEFAULT_TVTO_OFFICE: &str = "اداره کل آموزش فنی و حرفه‌ای استان تهران";
pub const DEFAULT_LETTERHEAD: &str = "وزارت تعاون، کار و رفاه اجتماعی";

impl Default for Settings {
    fn default() -> Self {
        Settings {
            office: DEFAULT_OFFICE.to_owned(),
            letterhead: DEFAULT_LETTERHEAD.to_owned(),
            tvto_office: DEFAULT_TVTO_OFFICE.to_owned(),
            tvto_email: String::new(),
            signer_name: String::new(),
            signer_title: "معاون توسعه کارآفرینی و اشتغال".to_owned(),
            font: DEFAULT_FONT.to_owned(),
            weights: Weights::default(),
            backup_dir: String::new(),
            keep_daily: KEEP_DAILY as i64,
            keep_events: KEEP_EVENTS as i64,
            feedback_days: FEEDBACK_DAYS,
            quota_warn_percent: QUOTA_WARN_PERCENT,
        }
    }
}

impl Settings {
    pub fn export_options(&self) -> ExportOptions {
        ExportOptions {
            font: self.font.clone(),
            office: self.office.clone(),
        }
    }

    /// Cleans the text fields and checks every value; all problems at once.
    fn validated(&self) -> Result<Settings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut s = self.clone();
        s.office = clean_text(&self.office);
        if s.office.is_empty() {
            errors.push(FieldError::new(Field::Office, "", Problem::Required));
        }
        s.letterhead = self
            .letterhead
            .lines()
            .map(clean_text)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        s.tvto_office = clean_text(&self.tvto_office);
        s.signer_name = clean_text(&self.signer_name);
        s.signer_title = clean_text(&self.signer_title);
        s.font = clean_text(&self.font);
        if s.font.is_empty() {
            s.font = DEFAULT_FONT.to_owned();
        }
        s.tvto_email = crate::text::to_ascii_digits(self.tvto_email.trim());
        if !s.tvto_email.is_empty() {
            match crate::registry::email(&s.tvto_email) {
                Ok(e) => s.tvto_email = e,
                Err(e) => errors.push(FieldError {
                    field: Field::TvtoEmail,
                    ..e
                }),
            }
        }
        for (field, text, max) in [
            (Field::Office, &s.office, 200),
            (Field::Letterhead, &s.letterhead, 500),
            (Field::TvtoOffice, &s.tvto_office, 200),
            (Field::SignerName, &s.signer_name, 100),
            (Field::SignerTitle, &s.signer_title, 100),
            (Field::Font, &s.font, 31),
        ] {
            if text.chars().count() > max {
                errors.push(FieldError::new(field, text, Problem::TooLong { max }));
            }
        }
        s.backup_dir = self.backup_dir.trim().to_owned();
        if !s.backup_dir.is_empty() && !std::path::Path::new(&s.backup_dir).is_absolute() {
            errors.push(FieldError::new(
                Field::BackupDir,
                &self.backup_dir,
                Problem::NotAbsolutePath,
            ));
        }
        for (field, value, max) in [
            (Field::KeepDaily, self.keep_daily, 365),
            (Field::KeepEvents, self.keep_events, 100),
            (Field::FeedbackDays, self.feedback_days, 365),
            (Field::QuotaWarnPercent, self.quota_warn_percent, 100),
        ] {
            if !(1..=max).contains(&value) {
                errors.push(FieldError::new(
                    field,
                    &value.to_string(),
                    Problem::OutOfRange { min: 1, max },
                ));
            }
        }
        let w = &self.weights;
        for value in [
            w.need_level,
            w.self_applied,
            w.never_trained,
            w.per_month_waiting,
            w.max_months,
            w.small,
            w.startup,
            w.internet,
            w.fairness,
        ] {
            if !(0..=1000).contains(&value) {
                errors.push(FieldError::new(
                    Field::Weight,
                    &value.to_string(),
                    Problem::OutOfRange { min: 0, max: 1000 },
                ));
            }
        }
        if errors.is_empty() {
            Ok(s)
        } else {
            Err(errors)
        }
    }
}

fn read<T: DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    let raw: Option<String> = conn
        .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    // A value this version cannot read (hand-edited, or from a newer
    // version) falls back to the default rather than blocking the app.
    Ok(raw.and_then(|v| {
        serde_json::from_str(&v)
            .map_err(|e| tracing::warn!(key, error = %e, "unreadable setting; using the default"))
            .ok()
    }))
}

fn write<T: Serialize>(tx: &Transaction, key: &str, value: &T) -> Result<()> {
    let json = serde_json::to_string(value).expect("settings serialize");
    tx.prepare_cached(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, json])?;
    Ok(())
}

pub fn get(conn: &Connection) -> Result<Settings> {
    let d = Settings::default();
    Ok(Settings {
        office: read(conn, "office")?.unwrap_or(d.office),
        letterhead: read(conn, "letterhead")?.unwrap_or(d.letterhead),
        tvto_office: read(conn, "tvto_office")?.unwrap_or(d.tvto_office),
        tvto_email: read(conn, "tvto_email")?.unwrap_or(d.tvto_email),
        signer_name: read(conn, "signer_name")?.unwrap_or(d.signer_name),
        signer_title: read(conn, "signer_title")?.unwrap_or(d.signer_title),
        font: read(conn, "font")?.unwrap_or(d.font),
        weights: read(conn, "weights")?.unwrap_or(d.weights),
        backup_dir: read(conn, "backup_dir")?.unwrap_or(d.backup_dir),
        keep_daily: read(conn, "keep_daily")?.unwrap_or(d.keep_daily),
        keep_events: read(conn, "keep_events")?.unwrap_or(d.keep_events),
        feedback_days: read(conn, "feedback_days")?.unwrap_or(d.feedback_days),
        quota_warn_percent: read(conn, "quota_warn_percent")?.unwrap_or(d.quota_warn_percent),
    })
}

/// Saves every setting; an invalid value saves nothing.
pub fn save(tx: &Transaction, settings: &Settings) -> Result<Settings> {
    let s = settings.validated()?;
    write(tx, "office", &s.office)?;
    write(tx, "letterhead", &s.letterhead)?;
    write(tx, "tvto_office", &s.tvto_office)?;
    write(tx, "tvto_email", &s.tvto_email)?;
    write(tx, "signer_name", &s.signer_name)?;
    write(tx, "signer_title", &s.signer_title)?;
    write(tx, "font", &s.font)?;
    write(tx, "weights", &s.weights)?;
    write(tx, "backup_dir", &s.backup_dir)?;
    write(tx, "keep_daily", &s.keep_daily)?;
    write(tx, "keep_events", &s.keep_events)?;
    write(tx, "feedback_days", &s.feedback_days)?;
    write(tx, "quota_warn_percent", &s.quota_warn_percent)?;
    get(tx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn defaults_until_saved_then_what_was_saved() {
        let mut db = Db::open_in_memory().unwrap();
        assert_eq!(get(db.conn()).unwrap(), Settings::default());
        let s = Settings {
            tvto_email: " tehran@tvto.ir ".into(),
            letterhead: "  خط یک \n\n خط دو ".into(),
            weights: Weights {
                self_applied: 30,
                ..Weights::default()
            },
            ..Settings::default()
        };
        let saved = db.write(|tx| save(tx, &s)).unwrap();
        assert_eq!(saved.tvto_email, "tehran@tvto.ir");
        assert_eq!(saved.weights.self_applied, 30);
        assert_eq!(saved.letterhead, "خط یک\nخط دو");
        assert_eq!(get(db.conn()).unwrap(), saved);
    }

    #[test]
    fn invalid_settings_save_nothing() {
        let mut db = Db::open_in_memory().unwrap();
        let s = Settings {
            tvto_email: "not an address".into(),
            weights: Weights {
                fairness: -3,
                ..Weights::default()
            },
            feedback_days: 0,
            quota_warn_percent: 101,
            ..Settings::default()
        };
        let err = db.write(|tx| save(tx, &s)).unwrap_err();
        let fields: Vec<&str> = err.field_errors().iter().map(|f| f.field.key()).collect();
        assert_eq!(
            fields,
            [
                "tvto_email",
                "feedback_days",
                "quota_warn_percent",
                "weight"
            ],
            "{err}"
        );
        let days = &err.field_errors()[1];
        assert_eq!(
            days.to_string(),
            "«روزهای انتظار پاسخ فنی و حرفه‌ای» با مقدار «0» باید بین ۱ و ۳۶۵ باشد."
        );
        assert_eq!(get(db.conn()).unwrap(), Settings::default());
    }
}
