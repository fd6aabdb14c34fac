//! Closed lists of the registry (kinds, fields, roles, …). Each value has a
//! stable English key, used in the database, JSON and CLI flags, and a
//! Persian label shown to the clerk. Parsing accepts either.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Field, FieldError, Problem};
use crate::text::search_key;

macro_rules! choice {
    (
        $(#[$meta:meta])*
        $name:ident, $field:expr, { $($variant:ident = $key:literal, $label:literal;)+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

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

            /// Reads the stored key; the schema's CHECK constraints keep it valid.
            pub(crate) fn from_key(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.key() == key)
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
