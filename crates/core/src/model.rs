//! Closed lists of the registry (kinds, fields, roles, …). Each value has a
//! stable English key, used in the database, JSON and CLI flags, and a
//! Persian label shown to the clerk. Parsing accepts either.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Field, FieldError, Problem};
use crate::text::search_key;

/// A closed list's value read back from its stored key: a key that names
/// no value (the file was changed by something else) is an error, never a
/// default. Every closed list's `FromSql` goes through here.
pub fn closed_key<T>(
    value: rusqlite::types::ValueRef<'_>,
    list: &str,
    from_key: impl Fn(&str) -> Option<T>,
) -> rusqlite::types::FromSqlResult<T> {
    let key = value.as_str()?;
    from_key(key).ok_or_else(|| {
        rusqlite::types::FromSqlError::Other(format!("{list} has no value {key:?}").into())
    })
}

/// A closed list: the enum, its values in order (`ALL`), each value's
/// English key and Persian label, and the value read back from its key.
macro_rules! closed_list {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal, $label:literal;)+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Reads the stored key; the schema's CHECK constraints keep it valid.
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.key() == key)
            }
        }

        /// A key read from the database that names no value is an error
        /// (the file was changed by something else), never a default.
        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                $crate::model::closed_key(value, stringify!($name), Self::from_key)
            }
        }
    };
}

pub(crate) use closed_list;

/// A closed list that a form or a sheet names by key or label.
macro_rules! choice {
    (
        $(#[$meta:meta])*
        $name:ident, $field:expr, { $($variant:ident = $key:literal, $label:literal;)+ }
    ) => {
        closed_list!($(#[$meta])* $name { $($variant = $key, $label;)+ });

        impl $name {
            /// Accepts the English key or the Persian label, in any spelling
            /// variant the search key folds.
            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                let fold = |s: &str| search_key(s).replace(['-', ' ', '_'], "");
                let wanted = fold(raw);
                if wanted.is_empty() {
                    return Err(FieldError::new($field, raw, Problem::Required));
                }
                for v in Self::ALL {
                    if wanted == fold(v.key()) || wanted == fold(v.label()) {
                        return Ok(*v);
                    }
                }
                Err(FieldError::new(
                    $field,
                    raw,
                    Problem::NotOneOf(Self::ALL.iter().map(|v| v.label()).collect()),
                ))
            }
        }
    };
}

choice!(
    /// A cooperative, or a union whose members are cooperatives.
    OrgKind, Field::OrgKind, {
        Cooperative = "cooperative", "تعاونی";
        Union = "union", "اتحادیه";
    }
);

choice!(
    OrgField, Field::OrgField, {
        Production = "production", "تولیدی";
        Distribution = "distribution", "توزیعی";
        Service = "service", "خدماتی";
    }
);

choice!(
    OrgStatus, Field::Status, {
        Active = "active", "فعال";
        Inactive = "inactive", "غیرفعال";
        Dissolved = "dissolved", "منحل";
    }
);

choice!(
    Gender, Field::Gender, {
        Male = "male", "مرد";
        Female = "female", "زن";
    }
);

choice!(
    Education, Field::Education, {
        None = "none", "بی‌سواد";
        Primary = "primary", "ابتدایی";
        Middle = "middle", "سیکل";
        Diploma = "diploma", "دیپلم";
        Associate = "associate", "کاردانی";
        Bachelor = "bachelor", "کارشناسی";
        Master = "master", "کارشناسی ارشد";
        Doctorate = "doctorate", "دکتری";
    }
);

choice!(
    /// What a person does in a cooperative.
    Role, Field::Role, {
        Member = "member", "عضو";
        Board = "board", "عضو هیئت‌مدیره";
        ManagingDirector = "managing_director", "مدیرعامل";
        Inspector = "inspector", "بازرس";
        Staff = "staff", "کارکنان";
    }
);

choice!(
    /// Whom in a cooperative a need line is for.
    TargetRole, Field::TargetRole, {
        Members = "members", "اعضا";
        Managers = "managers", "مدیران";
        Board = "board", "هیئت‌مدیره";
        All = "all", "همه";
    }
);

choice!(
    /// Where a need came from: the directorate's assessment, or the
    /// cooperative asking for training itself (متقاضی).
    NeedSource, Field::Source, {
        Assessment = "assessment", "نیازسنجی اداره";
        SelfApplied = "self_applied", "متقاضی";
    }
);

choice!(
    NeedStatus, Field::Status, {
        Draft = "draft", "پیش‌نویس";
        Submitted = "submitted", "ارسال‌شده";
        Approved = "approved", "مصوب";
        Planned = "planned", "برنامه‌ریزی‌شده";
        Fulfilled = "fulfilled", "انجام‌شده";
        Deferred = "deferred", "به تعویق افتاده";
        Rejected = "rejected", "ردشده";
    }
);

choice!(
    /// What a file being imported holds.
    ImportKind, Field::ImportKind, {
        Coops = "coops", "تعاونی‌ها و اتحادیه‌ها";
        People = "people", "اشخاص و نقش آن‌ها";
        Feedback = "feedback", "بازخورد آموزش فنی و حرفه‌ای";
        Standards = "standards", "فهرست استانداردهای فنی و حرفه‌ای";
    }
);

choice!(
    /// How the TVTO states its capacity: seats (people) or person-hours.
    QuotaUnit, Field::Unit, {
        Seats = "seats", "نفر";
        Hours = "hours", "نفر-ساعت";
    }
);

choice!(
    /// A referral round: built while draft, frozen when locked, sent to the
    /// TVTO, and reconciled once the TVTO has answered for everyone.
    RoundStatus, Field::Status, {
        Draft = "draft", "پیش‌نویس";
        Locked = "locked", "قفل‌شده";
        Sent = "sent", "ارسال‌شده";
        Reconciled = "reconciled", "تطبیق‌شده";
    }
);

choice!(
    /// One person's referral, from the proposal to the certificate.
    ReferralStatus, Field::Status, {
        Proposed = "proposed", "پیشنهادی";
        Removed = "removed", "حذف از نوبت";
        Sent = "sent", "معرفی‌شده";
        Enrolled = "enrolled", "ثبت‌نام‌شده";
        Waitlisted = "waitlisted", "در فهرست انتظار";
        Declined = "declined", "انصراف";
        Withdrawn = "withdrawn", "لغوشده";
        AttendedFull = "attended_full", "حضور کامل";
        AttendedPartial = "attended_partial", "حضور ناقص";
        NoShow = "no_show", "غیبت";
        Passed = "passed", "قبول";
        Failed = "failed", "مردود";
        Certified = "certified", "گواهینامه گرفته";
    }
);

impl RoundStatus {
    pub fn next(self) -> &'static [RoundStatus] {
        use RoundStatus::*;
        match self {
            Draft => &[Locked],
            Locked => &[Sent, Draft],
            Sent => &[Reconciled],
            Reconciled => &[],
        }
    }
}

impl ReferralStatus {
    /// The statuses a referral may move to from this one. Proposals are
    /// sent with their round; everything after comes from the TVTO.
    pub fn next(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            Proposed => &[Sent, Removed],
            Removed => &[Proposed],
            Sent => &[Enrolled, Waitlisted, Declined, Withdrawn],
            Waitlisted => &[Enrolled, Declined, Withdrawn],
            Enrolled => &[AttendedFull, AttendedPartial, NoShow, Withdrawn],
            AttendedFull | AttendedPartial => &[Passed, Failed],
            Passed => &[Certified],
            Declined | Withdrawn | NoShow | Failed | Certified => &[],
        }
    }

    /// Whether this referral takes a seat: everything but a removed
    /// proposal, a refusal and a cancellation. Such people return to the
    /// pool for the next round.
    pub fn holds_seat(self) -> bool {
        !matches!(
            self,
            ReferralStatus::Removed | ReferralStatus::Declined | ReferralStatus::Withdrawn
        )
    }

    /// Still waiting for a class: the person may not be put in another round.
    pub fn is_waiting(self) -> bool {
        matches!(
            self,
            ReferralStatus::Proposed | ReferralStatus::Sent | ReferralStatus::Waitlisted
        )
    }

    /// The person sat in a class.
    pub fn attended(self) -> bool {
        matches!(
            self,
            ReferralStatus::AttendedFull
                | ReferralStatus::AttendedPartial
                | ReferralStatus::Passed
                | ReferralStatus::Failed
                | ReferralStatus::Certified
        )
    }

    /// The keys of the statuses that take no seat, for SQL.
    pub const FREE_SQL: &'static str = "('removed', 'declined', 'withdrawn')";
    /// The keys of the statuses of a person in class or past it, for SQL.
    pub const ATTENDED_SQL: &'static str =
        "('attended_full', 'attended_partial', 'passed', 'failed', 'certified')";
    /// The keys of the waiting statuses, for SQL.
    pub const WAITING_SQL: &'static str = "('proposed', 'sent', 'waitlisted')";
}

/// The note a lifecycle move keeps in its history: the clerk's reason, or
/// else the label of the status moved to.
pub fn move_note<'a>(reason: &'a str, to_label: &'a str) -> &'a str {
    if reason.is_empty() {
        to_label
    } else {
        reason
    }
}

/// The end of a refusal of a lifecycle move: where the record may go from
/// here, by their Persian labels, or that it is at the end.
pub fn moves_hint(allowed: &[&str]) -> String {
    if allowed.is_empty() {
        "این وضعیت پایانی است".to_owned()
    } else {
        format!("از این وضعیت فقط به {} می‌توان رفت", allowed.join("، "))
    }
}

impl Role {
    /// Whether someone in this role belongs to a need line's target group.
    pub fn fits(self, target: TargetRole) -> bool {
        match target {
            TargetRole::All => true,
            TargetRole::Members => matches!(self, Role::Member | Role::Staff),
            TargetRole::Board => self == Role::Board,
            TargetRole::Managers => {
                matches!(self, Role::ManagingDirector | Role::Board | Role::Inspector)
            }
        }
    }
}

impl NeedStatus {
    /// The statuses a need line may move to from this one.
    pub fn next(self) -> &'static [NeedStatus] {
        use NeedStatus::*;
        match self {
            Draft => &[Submitted, Deferred, Rejected],
            Submitted => &[Approved, Draft, Deferred, Rejected],
            Approved => &[Planned, Deferred],
            Planned => &[Fulfilled, Approved, Deferred],
            Deferred => &[Submitted],
            Fulfilled | Rejected => &[],
        }
    }

    /// Still waiting to be trained: a person nominated on such a line is not
    /// nominated again for the same course.
    pub fn is_open(self) -> bool {
        !matches!(self, NeedStatus::Fulfilled | NeedStatus::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_status_lists_agree_with_the_rules() {
        let keys = |f: fn(ReferralStatus) -> bool| {
            let ks: Vec<String> = ReferralStatus::ALL
                .iter()
                .filter(|s| f(**s))
                .map(|s| format!("'{}'", s.key()))
                .collect();
            format!("({})", ks.join(", "))
        };
        assert_eq!(keys(|s| !s.holds_seat()), ReferralStatus::FREE_SQL);
        assert_eq!(keys(ReferralStatus::attended), ReferralStatus::ATTENDED_SQL);
        assert_eq!(
            keys(ReferralStatus::is_waiting),
            ReferralStatus::WAITING_SQL
        );
    }

    #[test]
    fn choices_parse_from_key_or_persian_label() {
        assert_eq!(OrgField::parse("production").unwrap(), OrgField::Production);
        assert_eq!(OrgField::parse("تولیدی").unwrap(), OrgField::Production);
        assert_eq!(
            Role::parse("managing-director").unwrap(),
            Role::ManagingDirector
        );
        assert_eq!(Role::parse("مديرعامل").unwrap(), Role::ManagingDirector);
        assert_eq!(Role::parse("عضو هیئت مدیره").unwrap(), Role::Board);
        assert_eq!(
            Education::parse("کارشناسی ارشد").unwrap(),
            Education::Master
        );
        assert_eq!(Gender::parse(" Female ").unwrap(), Gender::Female);
        let err = OrgField::parse("کشاورزی").unwrap_err();
        assert_eq!(
            err.to_string(),
            "«زمینه فعالیت» با مقدار «کشاورزی» باید یکی از این‌ها باشد: تولیدی، توزیعی، خدماتی."
        );
    }
}
