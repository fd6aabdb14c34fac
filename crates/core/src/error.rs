//! The one error type of the core. Every variant has a stable `code` for
//! scripts and the UI, and a Persian `Display` a clerk can act on. Technical
//! detail stays in `Debug` and goes to the log, never to the clerk.

use std::fmt;
use std::path::PathBuf;

use crate::text::to_persian_digits;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An input field, named in messages by its Persian label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    NationalCode,
    NationalId,
    Mobile,
    Phone,
    Email,
    FirstName,
    LastName,
    FatherName,
    OrgName,
    Gender,
    Education,
    BirthDate,
    FoundedOn,
    StartDate,
    EndDate,
    OrgField,
    OrgKind,
    Status,
    County,
    Orientation,
    Role,
    MemberCount,
    RegistrationNo,
    RegistryOffice,
    Activity,
    Address,
    PostalCode,
    Query,
    Page,
    CourseKind,
    CourseCode,
    CourseTitle,
    Cluster,
    CourseGroup,
    TheoryHours,
    PracticeHours,
    TotalHours,
    EntryEducation,
    ProviderKind,
    Campaign,
    Title,
    Owner,
    Deadline,
    TargetRole,
    Course,
    Requested,
    Approved,
    Source,
    NeedLevel,
    TargetMonth,
    Notes,
    Reason,
    Office,
    Weight,
    Capacity,
    Unit,
    ProvinceShare,
    CoopShare,
    Round,
    Month,
    LetterNo,
    SentOn,
    CertificateNo,
    CertificateOn,
    Provider,
    ClassStart,
    ClassEnd,
    Seats,
    ImportKind,
    Letterhead,
    TvtoOffice,
    TvtoEmail,
    SignerName,
    SignerTitle,
    Font,
    BackupDir,
    KeepDaily,
    KeepEvents,
    FromMonth,
    ToMonth,
    FeedbackDays,
    QuotaWarnPercent,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::NationalCode => "کد ملی",
            Field::NationalId => "شناسه ملی",
            Field::Mobile => "شماره همراه",
            Field::Phone => "تلفن",
            Field::Email => "رایانامه",
            Field::FirstName => "نام",
            Field::LastName => "نام خانوادگی",
            Field::FatherName => "نام پدر",
            Field::OrgName => "نام",
            Field::Gender => "جنسیت",
            Field::Education => "تحصیلات",
            Field::BirthDate => "تاریخ تولد",
            Field::FoundedOn => "تاریخ تأسیس",
            Field::StartDate => "تاریخ شروع",
            Field::EndDate => "تاریخ پایان",
            Field::OrgField => "زمینه فعالیت",
            Field::OrgKind => "نوع",
            Field::Status => "وضعیت",
            Field::County => "شهرستان",
            Field::Orientation => "گرایش",
            Field::Role => "نقش",
            Field::MemberCount => "تعداد اعضا",
            Field::RegistrationNo => "شماره ثبت",
            Field::RegistryOffice => "اداره ثبت",
            Field::Activity => "موضوع فعالیت در اساسنامه",
            Field::Address => "نشانی",
            Field::PostalCode => "کد پستی",
            Field::Query => "عبارت جست‌وجو",
            Field::Page => "صفحه",
            Field::CourseKind => "نوع دوره",
            Field::CourseCode => "کد استاندارد",
            Field::CourseTitle => "عنوان دوره",
            Field::Cluster => "خوشه",
            Field::CourseGroup => "گروه",
            Field::TheoryHours => "ساعت نظری",
            Field::PracticeHours => "ساعت عملی",
            Field::TotalHours => "ساعت کل",
            Field::EntryEducation => "تحصیلات ورودی",
            Field::ProviderKind => "نوع آموزشگاه",
            Field::Campaign => "دوره نیازسنجی",
            Field::Title => "عنوان",
            Field::Owner => "مسئول",
            Field::Deadline => "مهلت",
            Field::TargetRole => "گروه هدف",
            Field::Course => "دوره آموزشی",
            Field::Requested => "تعداد درخواستی",
            Field::Approved => "تعداد مصوب",
            Field::Source => "منبع نیاز",
            Field::NeedLevel => "سطح نیاز",
            Field::TargetMonth => "ماه هدف",
            Field::Notes => "توضیحات",
            Field::Reason => "دلیل",
            Field::Office => "نام اداره",
            Field::Weight => "وزن امتیاز",
            Field::Capacity => "ظرفیت",
            Field::Unit => "واحد ظرفیت",
            Field::ProvinceShare => "سهم استان",
            Field::CoopShare => "سهم تعاونی‌ها",
            Field::Round => "نوبت",
            Field::Month => "ماه",
            Field::LetterNo => "شماره نامه",
            Field::SentOn => "تاریخ ارسال",
            Field::CertificateNo => "شماره گواهینامه",
            Field::CertificateOn => "تاریخ گواهینامه",
            Field::Provider => "آموزشگاه",
            Field::ClassStart => "تاریخ شروع کلاس",
            Field::ClassEnd => "تاریخ پایان کلاس",
            Field::Seats => "تعداد نفر",
            Field::ImportKind => "نوع پرونده",
            Field::Letterhead => "سربرگ نامه",
            Field::TvtoOffice => "اداره آموزش فنی و حرفه‌ای",
            Field::TvtoEmail => "رایانامه آموزش فنی و حرفه‌ای",
            Field::SignerName => "نام امضاکننده",
            Field::SignerTitle => "سمت امضاکننده",
            Field::Font => "قلم",
            Field::BackupDir => "پوشه پشتیبان",
            Field::KeepDaily => "تعداد پشتیبان‌های روزانه",
            Field::KeepEvents => "تعداد پشتیبان‌های دیگر",
            Field::FromMonth => "از ماه",
            Field::ToMonth => "تا ماه",
            Field::FeedbackDays => "روزهای انتظار پاسخ فنی و حرفه‌ای",
            Field::QuotaWarnPercent => "درصد هشدار سهمیه",
        }
    }

    /// Stable English name, the same as the JSON key and the CLI flag stem.
    pub fn key(self) -> &'static str {
        match self {
            Field::NationalCode => "national_code",
            Field::NationalId => "national_id",
            Field::Mobile => "mobile",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::FatherName => "father_name",
            Field::OrgName => "name",
            Field::Gender => "gender",
            Field::Education => "education",
            Field::BirthDate => "birth_date",
            Field::FoundedOn => "founded_on",
            Field::StartDate => "start_date",
            Field::EndDate => "end_date",
            Field::OrgField => "field",
            Field::OrgKind => "kind",
            Field::Status => "status",
            Field::County => "county",
            Field::Orientation => "orientation",
            Field::Role => "role",
            Field::MemberCount => "member_count",
            Field::RegistrationNo => "registration_no",
            Field::RegistryOffice => "registry_office",
            Field::Activity => "activity",
            Field::Address => "address",
            Field::PostalCode => "postal_code",
            Field::Query => "query",
            Field::Page => "page",
            Field::CourseKind => "course_kind",
            Field::CourseCode => "code",
            Field::CourseTitle => "title",
            Field::Cluster => "cluster",
            Field::CourseGroup => "course_group",
            Field::TheoryHours => "theory_hours",
            Field::PracticeHours => "practice_hours",
            Field::TotalHours => "total_hours",
            Field::EntryEducation => "entry_education",
            Field::ProviderKind => "provider_kind",
            Field::Campaign => "campaign",
            Field::Title => "title",
            Field::Owner => "owner",
            Field::Deadline => "deadline",
            Field::TargetRole => "target_role",
            Field::Course => "course",
            Field::Requested => "requested",
            Field::Approved => "approved",
            Field::Source => "source",
            Field::NeedLevel => "need_level",
            Field::TargetMonth => "target_month",
            Field::Notes => "notes",
            Field::Reason => "reason",
            Field::Office => "office",
            Field::Weight => "weight",
            Field::Capacity => "capacity",
            Field::Unit => "unit",
            Field::ProvinceShare => "province_share",
            Field::CoopShare => "coop_share",
            Field::Round => "round",
            Field::Month => "month",
            Field::LetterNo => "letter_no",
            Field::SentOn => "sent_on",
            Field::CertificateNo => "certificate_no",
            Field::CertificateOn => "certificate_on",
            Field::Provider => "provider",
            Field::ClassStart => "class_starts_on",
            Field::ClassEnd => "class_ends_on",
            Field::Seats => "seats",
            Field::ImportKind => "import_kind",
            Field::Letterhead => "letterhead",
            Field::TvtoOffice => "tvto_office",
            Field::TvtoEmail => "tvto_email",
            Field::SignerName => "signer_name",
            Field::SignerTitle => "signer_title",
            Field::Font => "font",
            Field::BackupDir => "backup_dir",
            Field::KeepDaily => "keep_daily",
            Field::KeepEvents => "keep_events",
            Field::FromMonth => "from",
            Field::ToMonth => "to",
            Field::FeedbackDays => "feedback_days",
            Field::QuotaWarnPercent => "quota_warn_percent",
        }
    }
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    NotDigits,
    Length {
        expected: usize,
        found: usize,
    },
    AllSameDigits,
    ZeroSerial,
    Checksum,
    NotMobile,
    DateFormat,
    MonthOutOfRange,
    DayOutOfRange {
        days_in_month: u8,
    },
    YearOutOfRange,
    InFuture,
    EndBeforeStart,
    /// One of a fixed list; the list is given in Persian.
    NotOneOf(Vec<&'static str>),
    Unknown,
    TooLong {
        max: usize,
    },
    HasDigits,
    NotANumber,
    OutOfRange {
        min: i64,
        max: i64,
    },
    BadEmail,
    NotAbsolutePath,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = |n: usize| to_persian_digits(&n.to_string());
        match self {
            Problem::Required => f.write_str("خالی است و باید پر شود"),
            Problem::NotDigits => f.write_str("فقط باید رقم داشته باشد"),
            Problem::Length { expected, found } => write!(
                f,
                "باید {} رقم باشد ولی {} رقم است",
                p(*expected),
                p(*found)
            ),
            Problem::AllSameDigits => f.write_str("همه رقم‌هایش یکسان است و معتبر نیست"),
            Problem::ZeroSerial => f.write_str("رقم‌های چهارم تا نهم آن همه صفر است و معتبر نیست"),
            Problem::Checksum => f.write_str("رقم کنترل آن درست نیست؛ لطفاً دوباره بررسی کنید"),
            Problem::NotMobile => f.write_str("شماره همراه نیست؛ باید با ۰۹ شروع شود"),
            Problem::DateFormat => {
                f.write_str("تاریخ را به شکل سال/ماه/روز شمسی بنویسید، مثل ۱۴۰۴/۰۸/۲۵")
            }
            Problem::MonthOutOfRange => f.write_str("ماه باید بین ۱ تا ۱۲ باشد"),
            Problem::DayOutOfRange { days_in_month } => write!(
                f,
                "این ماه {} روز دارد و چنین روزی ندارد",
                p(usize::from(*days_in_month))
            ),
            Problem::YearOutOfRange => f.write_str("سال باید بین ۱۳۰۰ تا ۱۵۰۰ باشد"),
            Problem::InFuture => f.write_str("در آینده است"),
            Problem::EndBeforeStart => f.write_str("پیش از تاریخ شروع است"),
            Problem::NotOneOf(allowed) => {
                write!(f, "باید یکی از این‌ها باشد: {}", allowed.join("، "))
            }
            Problem::Unknown => f.write_str("در فهرست پیدا نشد"),
            Problem::TooLong { max } => write!(f, "بیش از {} نویسه است", p(*max)),
            Problem::HasDigits => f.write_str("نباید رقم داشته باشد"),
            Problem::NotANumber => f.write_str("باید عدد باشد"),
            Problem::OutOfRange { min, max } => write!(
                f,
                "باید بین {} و {} باشد",
                to_persian_digits(&min.to_string()),
                to_persian_digits(&max.to_string())
            ),
            Problem::BadEmail => f.write_str("نشانی رایانامه درست نیست"),
            Problem::NotAbsolutePath => {
                f.write_str("باید نشانی کامل پوشه باشد، مانند D:\\Backup یا /home/user/backup")
            }
        }
    }
}

/// A value that failed validation, with the field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub value: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, value: &str, problem: Problem) -> Self {
        FieldError {
            field,
            value: value.to_owned(),
            problem,
        }
    }
}

impl FieldError {
    /// The message with the field named as `name` (a file's column header,
    /// say) instead of its label.
    pub fn message_as(&self, name: &str) -> String {
        column_message(name, &self.value, &self.problem)
    }
}

/// `«name» با مقدار «value» problem.`, or `«name» problem.` for an empty
/// value: how every message about one value reads.
pub fn column_message(name: &str, value: &str, problem: &dyn fmt::Display) -> String {
    let value = value.trim();
    if value.is_empty() {
        format!("«{name}» {problem}.")
    } else {
        // Cap what is echoed back: a pasted page of text helps nobody.
        let shown: String = value.chars().take(60).collect();
        let ellipsis = if value.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        format!("«{name}» با مقدار «{shown}{ellipsis}» {problem}.")
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_as(self.field.label()))
    }
}

impl std::error::Error for FieldError {}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        Error::Invalid(Invalid(vec![e]))
    }
}

impl From<Vec<FieldError>> for Error {
    fn from(errors: Vec<FieldError>) -> Self {
        Error::Invalid(Invalid(errors))
    }
}

/// The kinds of record, named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Person,
    Organization,
    Membership,
    UnionMembership,
    County,
    Orientation,
    Course,
    Provider,
    Campaign,
    NeedLine,
    Nominee,
    QuotaPeriod,
    Round,
    Referral,
}

impl Entity {
    pub fn label(self) -> &'static str {
        match self {
            Entity::Person => "شخص",
            Entity::Organization => "تعاونی یا اتحادیه",
            Entity::Membership => "عضویت",
            Entity::UnionMembership => "عضویت در اتحادیه",
            Entity::County => "شهرستان",
            Entity::Orientation => "گرایش",
            Entity::Course => "دوره آموزشی",
            Entity::Provider => "آموزشگاه",
            Entity::Campaign => "دوره نیازسنجی",
            Entity::NeedLine => "ردیف نیاز",
            Entity::Nominee => "معرفی‌شده",
            Entity::QuotaPeriod => "دوره سهمیه",
            Entity::Round => "نوبت معرفی",
            Entity::Referral => "معرفی",
        }
    }
}

/// One or more invalid fields of the same request, all reported at once so a
/// form can mark every one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub Vec<FieldError>);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Invalid(Invalid),

    #[error("{} با {} «{key}» پیش‌تر ثبت شده است: {existing}. رکورد تکراری ساخته نشد.", .entity.label(), .key_label)]
    Duplicate {
        entity: Entity,
        key_label: &'static str,
        key: String,
        existing: String,
    },

    #[error("{} با {} «{key}» پیدا نشد.", .entity.label(), .key_label)]
    NotFound {
        entity: Entity,
        key_label: &'static str,
        key: String,
    },

    /// A write that breaks a business rule, explained in Persian.
    #[error("{0}")]
    Refused(String),

    /// A change that would take a round past its capacity, the quota or a
    /// course's or provider's seats. The clerk may go ahead only with an
    /// explicit override and a reason.
    #[error("{0}")]
    QuotaExceeded(String),

    #[error("این پایگاه داده با نسخه‌ای تازه‌تر از برنامه ساخته شده (نسخه طرح {found}، این برنامه تا نسخه {supported}). برای جلوگیری از آسیب به داده‌ها باز نشد؛ برنامه را به‌روز کنید.")]
    DatabaseNewer { found: i64, supported: i64 },

    #[error("پرونده «{}» پایگاه داده این برنامه نیست.", .path.display())]
    NotOurDatabase { path: PathBuf },

    /// The file failed its start-up check (`quick_check`). It was not
    /// touched; the window offers the newest good backup.
    #[error("پرونده پایگاه داده آسیب دیده است. برنامه آن را دست نزد؛ آخرین پشتیبان سالم را بازگردانید تا کار ادامه یابد.")]
    Damaged,

    /// There is no database file to work on: no data folder could be found.
    #[error("پایگاه داده در دسترس نیست.")]
    Unavailable,

    /// A damaged database and no backup that passes its check.
    #[error("هیچ پشتیبان سالمی پیدا نشد. پرونده آسیب‌دیده دست‌نخورده مانده است؛ اگر پشتیبانی روی حافظه جانبی دارید آن را با «بازگردانی از پرونده» انتخاب کنید.")]
    NoGoodBackup,

    #[error("پایگاه داده در «{}» باز نشد. شاید پوشه در دسترس نیست یا برنامه دیگری آن را قفل کرده است.", .path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    #[error(
        "خطایی در پایگاه داده رخ داد و کار نیمه‌تمام ذخیره نشد. جزئیات در گزارش برنامه ثبت شد."
    )]
    Storage(rusqlite::Error),

    #[error("دیسک پر است و کار ذخیره نشد؛ چیزی نیمه‌کاره نوشته نشد. جایی روی دیسک باز کنید و دوباره بکوشید.")]
    DiskFull,

    #[error("پایگاه داده فقط‌خواندنی است (دیسک یا پوشه اجازه نوشتن نمی‌دهد) و چیزی ذخیره نشد.")]
    ReadOnly,

    #[error("برنامه دیگری پایگاه داده را در دست دارد و چیزی ذخیره نشد؛ آن برنامه را ببندید و دوباره بکوشید.")]
    Locked,

    #[error("خواندن یا نوشتن پرونده ناموفق بود: {0}")]
    Io(#[from] std::io::Error),

    #[error("کار به درخواست کاربر لغو شد و چیزی ذخیره نشد.")]
    Cancelled,

    /// An Excel file that could not be read or written; the message names
    /// the file and what to do.
    #[error("{0}")]
    Excel(String),
}

impl From<rusqlite::Error> for Error {
    /// Faults of the disk or of another program get their own message: the
    /// clerk can act on them.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                ErrorCode::DiskFull => return Error::DiskFull,
                ErrorCode::ReadOnly => return Error::ReadOnly,
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return Error::Locked,
                _ => {}
            }
        }
        Error::Storage(e)
    }
}

impl Error {
    /// Stable machine-readable code, for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid_input",
            Error::Duplicate { .. } => "duplicate",
            Error::NotFound { .. } => "not_found",
            Error::Refused(_) => "refused",
            Error::QuotaExceeded(_) => "quota_exceeded",
            Error::DatabaseNewer { .. } => "database_newer",
            Error::NotOurDatabase { .. } => "not_our_database",
            Error::Damaged => DAMAGED,
            // The window's screens show these as any refusal.
            Error::Unavailable | Error::NoGoodBackup => "refused",
            Error::Open { .. } => "database_open",
            Error::Storage(_) => "storage",
            Error::DiskFull => "disk_full",
            Error::ReadOnly => "read_only",
            Error::Locked => "locked",
            Error::Io(_) => "io",
            Error::Cancelled => "cancelled",
            Error::Excel(_) => "excel",
        }
    }

    /// The fields at fault, so a form can show each message beside its field.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Invalid(e) => &e.0,
            _ => &[],
        }
    }

    /// True when the database itself could not be used, as opposed to a
    /// refused or invalid request.
    pub fn is_database_unusable(&self) -> bool {
        matches!(
            self,
            Error::DatabaseNewer { .. } | Error::NotOurDatabase { .. } | Error::Open { .. }
        )
    }
}

/// The code of [`Error::Damaged`]: the UI answers it with the damaged-start
/// page.
pub const DAMAGED: &str = "database_damaged";

/// An error as it crosses to the UI or a script: a stable code, the Persian
/// message, and the fields at fault so a form can mark each one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldMessage>,
}

/// One invalid field: its key (`national_code`, …), the value as given and
/// the Persian message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct FieldMessage {
    pub field: String,
    pub value: String,
    pub message: String,
}

impl From<&Error> for ErrorBody {
    fn from(e: &Error) -> Self {
        ErrorBody {
            code: e.code().to_owned(),
            message: e.to_string(),
            fields: e
                .field_errors()
                .iter()
                .map(|f| FieldMessage {
                    field: f.field.key().to_owned(),
                    value: f.value.clone(),
                    message: f.to_string(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_error_names_field_value_and_problem_in_persian() {
        let e = FieldError::new(Field::NationalCode, "0684159415", Problem::Checksum);
        assert_eq!(
            e.to_string(),
            "«کد ملی» با مقدار «0684159415» رقم کنترل آن درست نیست؛ لطفاً دوباره بررسی کنید."
        );
        let e = FieldError::new(Field::LastName, "", Problem::Required);
        assert_eq!(e.to_string(), "«نام خانوادگی» خالی است و باید پر شود.");
        let e = FieldError::new(
            Field::NationalId,
            "123",
            Problem::Length {
                expected: 11,
                found: 3,
            },
        );
        assert!(e.to_string().contains("باید ۱۱ رقم باشد ولی ۳ رقم است"));
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "ا".repeat(500);
        let e = FieldError::new(Field::FirstName, &long, Problem::TooLong { max: 100 });
        assert!(e.to_string().chars().count() < 150);
    }

    #[test]
    fn error_body_json_is_code_message_and_fields() {
        let e = Error::from(FieldError::new(Field::Mobile, "0212", Problem::NotMobile));
        let json = serde_json::to_value(ErrorBody::from(&e)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "invalid_input",
                "message": "«شماره همراه» با مقدار «0212» شماره همراه نیست؛ باید با ۰۹ شروع شود.",
                "fields": [{
                    "field": "mobile",
                    "value": "0212",
                    "message": "«شماره همراه» با مقدار «0212» شماره همراه نیست؛ باید با ۰۹ شروع شود."
                }]
            })
        );
        let refused = serde_json::to_value(ErrorBody::from(&Error::Refused("نه".into()))).unwrap();
        assert_eq!(
            refused,
            serde_json::json!({"code": "refused", "message": "نه", "fields": []})
        );
    }

    #[test]
    fn storage_errors_hide_detail_from_the_clerk() {
        let e = Error::Storage(rusqlite::Error::InvalidQuery);
        assert_eq!(e.code(), "storage");
        assert!(!e.to_string().contains("InvalidQuery"));
    }
}
