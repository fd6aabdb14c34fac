//! `taavon`: the command line over the core, for scripts, checks and
//! benchmarks: the registry, the course catalogue and its Excel import,
//! needs assessment, cooperatives' roadmaps with their Excel export, the
//! TVTO quota, referral rounds with the sheet the TVTO receives, and the
//! monthly report with its workbook. Each
//! command is a few lines: parse flags, call the core,
//! print. `--json` prints one JSON object (an array for list and search);
//! otherwise a readable Persian table.
//!
//! Exit codes: 0 success, 1 invalid input or a refused write, 2 the database
//! could not be opened.

mod bench;
mod output;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use taavon_core::catalog::{self, CourseFilter, CourseInput, CourseKind, ProviderInput};
use taavon_core::db::{self, Db};
use taavon_core::demo::{self, DemoConfig};
use taavon_core::error::{Field, FieldError, Problem};
use taavon_core::files::Saved;
use taavon_core::ids::{NationalCode, NationalId};
use taavon_core::import;
use taavon_core::merge;
use taavon_core::model::{ImportKind, NeedStatus, RoundStatus};
use taavon_core::needs::{self, CampaignInput, NeedEdit, NeedFilter, NeedInput};
use taavon_core::registry::{
    self, MembershipEdit, MembershipInput, NamedList, OrgFilter, OrgInput, PageRequest, PersonInput,
};
use taavon_core::report::{self, PeriodInput};
use taavon_core::rounds::{self, QuotaInput, RoundInput, RoundMove};
use taavon_core::settings;
use taavon_core::xlsx::{self, ExportOptions};
use taavon_core::{Error, Result};

use output::Out;

#[derive(Parser)]
#[command(
    name = "taavon",
    version,
    about = "میز آموزش تعاون: ثبت تعاونی‌ها و اشخاص، دوره‌ها، نیازسنجی، نقشه راه، داده نمونه و سنجش کارایی"
)]
struct Cli {
    /// Database file (default: the app's data folder).
    #[arg(long, global = true, env = db::DB_ENV, value_name = "PATH")]
    db: Option<PathBuf>,

    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill the database with realistic sample data.
    Demo {
        #[arg(long, default_value_t = 200)]
        coops: u32,
        #[arg(long, default_value_t = 4000)]
        people: u32,
        #[arg(long, default_value_t = 1404)]
        seed: u64,
    },
    /// Cooperatives and unions.
    #[command(subcommand)]
    Coop(CoopCommand),
    /// People (members and managers).
    #[command(subcommand)]
    Person(PersonCommand),
    /// A person's role in a cooperative.
    #[command(subcommand)]
    Member(MemberCommand),
    /// The editable list of counties.
    #[command(subcommand)]
    County(CountyCommand),
    /// The course catalogue: TVTO standards and general topics.
    #[command(subcommand)]
    Course(CourseCommand),
    /// Training providers: public TVTO centres and private institutes.
    #[command(subcommand)]
    Provider(ProviderCommand),
    /// Needs assessment campaigns.
    #[command(subcommand)]
    Campaign(CampaignCommand),
    /// Need lines: one per cooperative, target group and course.
    #[command(subcommand)]
    Need(NeedCommand),
    /// A cooperative's dedicated training roadmap.
    #[command(subcommand)]
    Roadmap(RoadmapCommand),
    /// The TVTO's capacity and the cooperatives' quota.
    #[command(subcommand)]
    Quota(QuotaCommand),
    /// Monthly referral rounds to the TVTO.
    #[command(subcommand)]
    Round(RoundCommand),
    /// Bring in an Excel or CSV list: cooperatives, people with their
    /// roles, the TVTO's monthly feedback, or a TVTO standards list.
    Import(ImportArgs),
    /// Back up the database (checked after it is written): into the
    /// backups folder beside it, or to FILE.
    Backup {
        #[arg(long, value_name = "FILE")]
        to: Option<PathBuf>,
    },
    /// Replace the database with a backup, after checking the backup and
    /// backing up the current data.
    Restore { file: PathBuf },
    /// Check the database: exit 0 when healthy, 1 when damaged.
    Check,
    /// What waits on the clerk today, one line each (the home screen's
    /// list): this month's round, rounds with no answer from the TVTO,
    /// needs to approve or nominate for, the quota, and backups.
    Waiting,
    /// The monthly report for the joint working group with the TVTO: the
    /// summary in sentences, every figure with --json, or the workbook with
    /// its charts with -o.
    Report {
        /// The first Jalali month, e.g. 1404/07 (default: Mehr 1404).
        #[arg(long)]
        from: Option<String>,
        /// The last Jalali month, e.g. 1405/08 (default: this month).
        #[arg(long)]
        to: Option<String>,
        /// Write the workbook here; a folder gets report-1404-07-1405-08.xlsx.
        #[arg(short = 'o', long, value_name = "FILE.xlsx")]
        output: Option<PathBuf>,
    },
    /// Measure speed and memory at Tehran scale on a fresh database.
    Bench(bench::BenchArgs),
    /// Development only: answer the window's commands over HTTP on
    /// 127.0.0.1, for the UI in a plain browser. Prints the address and the
    /// token on one line of JSON. Needs --db.
    Serve {
        /// Port to listen on; 0 lets the system pick a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
}

#[derive(Args)]
struct ImportArgs {
    /// coops, people, feedback or standards.
    kind: String,
    /// An .xlsx, .xls, .ods or .csv file.
    file: PathBuf,
    /// The sheet to read (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// Report what would happen; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write the rejected rows, with their reasons, to this Excel file.
    #[arg(long, value_name = "OUT.xlsx")]
    errors: Option<PathBuf>,
    /// Write the valid rows even when some are rejected.
    #[arg(long)]
    accept_valid: bool,
    /// Map a column to a field: the column by its header or its letter
    /// (C), the field by its key or Persian label, e.g. `--map C=national_code`.
    /// Repeatable; needed when two columns claim one field.
    #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_map_choice)]
    map: Vec<import::MapChoice>,
}

fn parse_map_choice(raw: &str) -> std::result::Result<import::MapChoice, String> {
    match raw.rsplit_once('=') {
        Some((column, target)) if !column.trim().is_empty() && !target.trim().is_empty() => {
            Ok(import::MapChoice {
                column: column.trim().to_owned(),
                target: target.trim().to_owned(),
            })
        }
        _ => Err(format!(
            "«{raw}» باید به شکل ستون=اطلاعات باشد، مثلاً C=national_code"
        )),
    }
}

#[derive(Subcommand)]
enum QuotaCommand {
    /// Add a quota period, or change the one starting on the same day.
    Set {
        /// Jalali, e.g. 1404/07/01.
        #[arg(long)]
        from: String,
        /// Jalali, e.g. 1405/06/31.
        #[arg(long)]
        to: String,
        /// The TVTO's training capacity in the period.
        #[arg(long)]
        capacity: String,
        /// seats or hours (person-hours).
        #[arg(long, default_value = "seats")]
        unit: String,
        /// The cooperatives' share, in percent.
        #[arg(long, default_value = "30")]
        share: String,
        /// The province's share of the capacity, in percent.
        #[arg(long, default_value = "100")]
        province_share: String,
        #[arg(long, default_value = "")]
        title: String,
    },
    /// Quota periods with what is used and what remains.
    Show,
    /// Seats of one course in a period (empty --seats clears them).
    Cap {
        #[arg(long)]
        period: i64,
        /// The course's TVTO code or exact title.
        #[arg(long)]
        course: String,
        #[arg(long)]
        seats: Option<String>,
    },
}

#[derive(Subcommand)]
enum RoundCommand {
    /// Open a new draft round for a month; prints its number.
    New {
        /// Jalali year and month, e.g. 1404/09.
        #[arg(long)]
        month: String,
        /// Seats (default: this month's share of what is left of the quota).
        #[arg(long)]
        capacity: Option<String>,
        #[arg(long)]
        title: Option<String>,
    },
    /// Every round, newest first.
    List,
    /// Fill a draft round with the top-ranked candidates, up to its
    /// capacity and the quota.
    Build { number: i64 },
    /// A round and its people; --explain adds each person's score parts.
    Show {
        number: i64,
        #[arg(long)]
        explain: bool,
    },
    /// The ranked candidates for a round, with why each ranks where it does.
    Candidates {
        number: i64,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Freeze a round's list.
    Lock {
        number: i64,
        /// Needed when the round is over its capacity or the quota.
        #[arg(long)]
        override_reason: Option<String>,
    },
    /// Take a locked round back to draft.
    Unlock {
        number: i64,
        #[arg(long)]
        reason: String,
    },
    /// Write the TVTO sheet of a locked or sent round.
    Export {
        number: i64,
        #[arg(short = 'o', long, value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// Mark a locked round sent to the TVTO, with the letter's number.
    Send {
        number: i64,
        #[arg(long)]
        letter: Option<String>,
        /// Jalali; today by default.
        #[arg(long)]
        date: Option<String>,
    },
    /// Close a sent round once the TVTO has answered for everyone.
    Reconcile { number: i64 },
}

#[derive(Subcommand)]
enum CoopCommand {
    /// Register a cooperative or union.
    Add(Box<CoopAddArgs>),
    /// Show one cooperative with its people and unions.
    Show { national_id: String },
    /// Search by name (any spelling), national ID or registration number.
    Search {
        query: String,
        #[command(flatten)]
        filter: CoopFilterArgs,
        #[command(flatten)]
        page: PageArgs,
        /// Write every match (all pages) to this Excel file instead.
        #[arg(long, value_name = "PATH")]
        xlsx: Option<PathBuf>,
    },
    /// List in Persian order.
    List {
        #[command(flatten)]
        filter: CoopFilterArgs,
        #[command(flatten)]
        page: PageArgs,
        /// Write every match (all pages) to this Excel file instead.
        #[arg(long, value_name = "PATH")]
        xlsx: Option<PathBuf>,
    },
    /// Record that a cooperative is a member of a union.
    JoinUnion {
        #[arg(long)]
        coop_national_id: String,
        #[arg(long)]
        union_national_id: String,
        /// Jalali, e.g. 1404/08/25 (joining again: after the day it left;
        /// default today).
        #[arg(long)]
        start_date: Option<String>,
    },
    /// Take a cooperative out of a union on a date; it may join again later.
    LeaveUnion {
        #[arg(long)]
        coop_national_id: String,
        #[arg(long)]
        union_national_id: String,
        /// Jalali, e.g. 1404/08/25.
        #[arg(long)]
        date: String,
    },
    /// Merge a cooperative (or union) entered twice into one: everything that
    /// points at the removed one moves to the kept one.
    Merge {
        /// One record: its national ID or its internal number.
        first: String,
        /// The other record, the same way.
        second: String,
        /// Which to keep (national ID or number); needed when both IDs are
        /// valid or neither is. One with an invalid ID is never kept over one
        /// with a valid ID.
        #[arg(long)]
        keep: Option<String>,
        /// Why, for the audit log.
        #[arg(long)]
        reason: Option<String>,
        /// Show both side by side and what would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Args)]
struct CoopAddArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    national_id: Option<String>,
    /// production, distribution or service (or تولیدی، توزیعی، خدماتی).
    #[arg(long)]
    field: String,
    #[arg(long)]
    county: Option<String>,
    /// cooperative (default) or union.
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    registration_no: Option<String>,
    #[arg(long)]
    registry_office: Option<String>,
    #[arg(long)]
    orientation: Option<String>,
    /// The activity written in the statute.
    #[arg(long)]
    activity: Option<String>,
    /// Jalali, e.g. 1398/02/10.
    #[arg(long)]
    founded_on: Option<String>,
    #[arg(long)]
    member_count: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    mobile: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    postal_code: Option<String>,
    #[arg(long)]
    small: bool,
    #[arg(long)]
    startup: bool,
    #[arg(long)]
    internet: bool,
    /// active (default), inactive or dissolved.
    #[arg(long)]
    status: Option<String>,
}

#[derive(Args)]
struct CoopFilterArgs {
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    field: Option<String>,
    #[arg(long)]
    county: Option<String>,
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    small: bool,
    #[arg(long)]
    startup: bool,
    #[arg(long)]
    internet: bool,
}

#[derive(Args)]
struct PageArgs {
    #[arg(long, default_value_t = 1)]
    page: u32,
    #[arg(long, default_value_t = 20)]
    page_size: u32,
}

impl From<&PageArgs> for PageRequest {
    fn from(p: &PageArgs) -> Self {
        PageRequest {
            page: p.page,
            page_size: p.page_size,
        }
    }
}

#[derive(Subcommand)]
enum PersonCommand {
    /// Register a person.
    Add {
        #[arg(long)]
        national_code: String,
        #[arg(long)]
        first_name: String,
        #[arg(long)]
        last_name: String,
        #[arg(long)]
        father_name: Option<String>,
        /// male or female (or مرد، زن).
        #[arg(long)]
        gender: Option<String>,
        /// Jalali, e.g. 1365/04/12.
        #[arg(long)]
        birth_date: Option<String>,
        #[arg(long)]
        education: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
    },
    /// Show one person with their roles.
    Show { national_code: String },
    /// Search by name (any spelling), national code or mobile prefix.
    Search {
        query: String,
        #[command(flatten)]
        page: PageArgs,
        /// Write every match (all pages) to this Excel file instead.
        #[arg(long, value_name = "PATH")]
        xlsx: Option<PathBuf>,
    },
    /// List in Persian order of last name.
    List {
        #[command(flatten)]
        page: PageArgs,
        /// Write every match (all pages) to this Excel file instead.
        #[arg(long, value_name = "PATH")]
        xlsx: Option<PathBuf>,
    },
    /// Merge a person entered twice (national codes differing by a typo)
    /// into one: roles, nominations and referrals move to the kept one.
    Merge {
        first: String,
        second: String,
        /// The national code to keep; needed when both codes are valid or
        /// neither is.
        #[arg(long)]
        keep: Option<String>,
        /// Why, for the audit log.
        #[arg(long)]
        reason: Option<String>,
        /// Show both side by side and what would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum MemberCommand {
    /// Give a person a role in a cooperative.
    Add {
        #[arg(long)]
        national_code: String,
        #[arg(long)]
        coop_national_id: String,
        /// member, board, managing_director, inspector or staff.
        #[arg(long)]
        role: String,
        /// Jalali.
        #[arg(long)]
        start_date: Option<String>,
        /// Jalali.
        #[arg(long)]
        end_date: Option<String>,
    },
    /// End a role on a date (the membership's number is in `person show`).
    End {
        id: i64,
        /// Jalali, e.g. 1404/08/25.
        #[arg(long)]
        date: String,
    },
    /// Correct a role and its dates; what is not given stays (an empty
    /// date clears it).
    Edit {
        id: i64,
        #[arg(long)]
        role: Option<String>,
        /// Jalali.
        #[arg(long)]
        start_date: Option<String>,
        /// Jalali.
        #[arg(long)]
        end_date: Option<String>,
    },
}

#[derive(Subcommand)]
enum ProviderCommand {
    /// Register a provider.
    Add {
        #[arg(long)]
        name: String,
        /// public or private (or مرکز دولتی، آموزشگاه آزاد).
        #[arg(long)]
        kind: String,
        #[arg(long)]
        county: Option<String>,
        #[arg(long)]
        licence_no: Option<String>,
        /// Jalali.
        #[arg(long)]
        licence_expires: Option<String>,
    },
    /// Providers in Persian order.
    List,
    /// Correct a provider; what is not given stays (an empty value clears
    /// it).
    Edit {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        county: Option<String>,
        #[arg(long)]
        licence_no: Option<String>,
        /// Jalali.
        #[arg(long)]
        licence_expires: Option<String>,
        /// Whether rounds may still send people to it.
        #[arg(long)]
        active: Option<bool>,
    },
}

#[derive(Subcommand)]
enum CountyCommand {
    List,
    Add { name: String },
}

#[derive(Subcommand)]
enum CourseCommand {
    /// Add a TVTO standard (or, with --general, a general topic).
    Add {
        /// The TVTO code, kept as written (required for a standard).
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        title: String,
        #[arg(long)]
        cluster: Option<String>,
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        theory_hours: Option<String>,
        #[arg(long)]
        practice_hours: Option<String>,
        /// Default: theory plus practice.
        #[arg(long)]
        total_hours: Option<String>,
        /// Entry education level, e.g. diploma or دیپلم.
        #[arg(long)]
        education: Option<String>,
        /// A general topic rather than a TVTO standard.
        #[arg(long)]
        general: bool,
    },
    /// List the catalogue in Persian order, optionally searched.
    List {
        /// Words of the title, or the start of a code.
        #[arg(long, default_value = "")]
        text: String,
        #[arg(long, conflicts_with = "standard")]
        general: bool,
        #[arg(long)]
        standard: bool,
    },
    /// Import a TVTO standards list (.xlsx, .xls, .ods or .csv): all rows or
    /// none.
    Import {
        file: PathBuf,
        /// Report what would happen without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum CampaignCommand {
    /// Start a needs assessment campaign.
    Add {
        #[arg(long)]
        title: String,
        /// Jalali, e.g. 1404/07/01.
        #[arg(long)]
        starts_on: String,
        /// Jalali.
        #[arg(long)]
        ends_on: String,
        /// Jalali.
        #[arg(long)]
        deadline: Option<String>,
        #[arg(long)]
        owner: String,
    },
    /// Campaigns, newest first.
    List,
    /// Correct a campaign; what is not given stays (an empty deadline
    /// clears it).
    Edit {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        /// Jalali.
        #[arg(long)]
        starts_on: Option<String>,
        /// Jalali.
        #[arg(long)]
        ends_on: Option<String>,
        /// Jalali.
        #[arg(long)]
        deadline: Option<String>,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Close a campaign: it takes no new need lines; its lines go on.
    Close { id: i64 },
    /// Open a closed campaign again.
    Reopen { id: i64 },
}

#[derive(Subcommand)]
enum NeedCommand {
    /// Record a need of a cooperative.
    Add {
        /// The campaign's number.
        #[arg(long)]
        campaign: i64,
        #[arg(long)]
        coop_national_id: String,
        /// members, managers, board or all.
        #[arg(long)]
        role: String,
        /// The course's TVTO code or its exact title.
        #[arg(long)]
        course: String,
        #[arg(long)]
        requested: String,
        /// assessment or self_applied.
        #[arg(long)]
        source: String,
        /// 1 (low) to 5 (high).
        #[arg(long)]
        level: String,
        /// Jalali year and month, e.g. 1404/09.
        #[arg(long)]
        month: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Need lines, most needed first.
    List {
        #[arg(long)]
        campaign: Option<i64>,
        #[arg(long)]
        coop_national_id: Option<String>,
        /// draft, submitted, approved, planned, fulfilled, deferred or rejected.
        #[arg(long)]
        status: Option<String>,
    },
    /// Approve need lines: several at once are all approved or none.
    Approve {
        #[arg(required = true, num_args = 1..)]
        ids: Vec<i64>,
        #[arg(long, default_value = "")]
        reason: String,
        /// The approved head-count (one line only; default: as requested).
        #[arg(long)]
        approved: Option<String>,
    },
    /// Name a person for an approved need line.
    Nominate {
        id: i64,
        #[arg(long)]
        national_code: String,
    },
    /// Correct a draft or submitted need line; what is not given stays (an
    /// empty month or notes clears it).
    Edit {
        id: i64,
        /// members, managers, board or all.
        #[arg(long)]
        role: Option<String>,
        /// The course's TVTO code or its exact title.
        #[arg(long)]
        course: Option<String>,
        #[arg(long)]
        requested: Option<String>,
        /// assessment or self_applied.
        #[arg(long)]
        source: Option<String>,
        /// 1 (low) to 5 (high).
        #[arg(long)]
        level: Option<String>,
        /// Jalali year and month, e.g. 1404/09.
        #[arg(long)]
        month: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        /// Kept in the line's history with what changed.
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Change the approved head-count of an approved line, with a reason.
    SetApproved {
        id: i64,
        #[arg(long)]
        approved: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
enum RoadmapCommand {
    /// Show a cooperative's roadmap.
    Show {
        #[arg(long)]
        coop_national_id: String,
    },
    /// Write a cooperative's roadmap to an Excel file.
    Export {
        #[arg(long)]
        coop_national_id: String,
        #[arg(short = 'o', long, value_name = "FILE.xlsx")]
        output: PathBuf,
        /// The font of every cell.
        #[arg(long, default_value = xlsx::DEFAULT_FONT)]
        font: String,
    },
}

fn open(path: &Option<PathBuf>) -> Result<Db> {
    match path {
        Some(p) => Db::open(p),
        None => Db::open_default(),
    }
}

fn coop_filter(args: &CoopFilterArgs, text: String) -> Result<OrgFilter> {
    use taavon_core::model::{OrgField, OrgKind, OrgStatus};
    let flag = |on: bool| on.then_some(true);
    Ok(OrgFilter {
        text,
        kind: args.kind.as_deref().map(OrgKind::parse).transpose()?,
        field: args.field.as_deref().map(OrgField::parse).transpose()?,
        county: args.county.clone(),
        status: args.status.as_deref().map(OrgStatus::parse).transpose()?,
        is_small: flag(args.small),
        is_startup: flag(args.startup),
        is_internet: flag(args.internet),
    })
}

/// The internal id of a cooperative named by its national ID.
fn coop_id(db: &Db, national_id: &str) -> Result<i64> {
    Ok(registry::get_org(db.conn(), &NationalId::parse(national_id)?)?.id)
}

fn head_count(raw: &str) -> Result<u32> {
    taavon_core::text::code_digits(raw)
        .filter(|d| !d.is_empty())
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| FieldError::new(Field::Approved, raw, Problem::NotANumber).into())
}

fn run_course(cmd: CourseCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    match cmd {
        CourseCommand::Add {
            code,
            title,
            cluster,
            group,
            theory_hours,
            practice_hours,
            total_hours,
            education,
            general,
        } => {
            let input = CourseInput {
                kind: general.then(|| "general".to_owned()),
                code,
                title,
                cluster,
                course_group: group,
                theory_hours,
                practice_hours,
                total_hours,
                entry_education: education,
                suits: None,
                active: true,
            };
            let course = input.validate()?;
            out.course(&db.write(|tx| catalog::add_course(tx, &course))?)
        }
        CourseCommand::List {
            text,
            general,
            standard,
        } => {
            let kind = match (general, standard) {
                (true, _) => Some(CourseKind::General),
                (_, true) => Some(CourseKind::Standard),
                _ => None,
            };
            let filter = CourseFilter {
                text,
                kind,
                ..Default::default()
            };
            out.courses(&catalog::search_courses(db.conn(), &filter)?)
        }
        // Answered in `main`, which needs its exit code.
        CourseCommand::Import { file, dry_run } => {
            run_course_import(&file, dry_run, db, out).map(|_| ())
        }
    }
}

/// A TVTO standards list, all rows or none. Exit code 0 when every row was
/// taken, 1 when some were rejected (and nothing was written).
fn run_course_import(file: &Path, dry_run: bool, db: &mut Db, out: &mut Out) -> Result<u8> {
    let req = import::ImportRequest {
        kind: ImportKind::Standards,
        dry_run,
        ..Default::default()
    };
    let outcome = import::run(db, file, &req, &mut |_| true)?;
    if let Some(error) = outcome.rejection() {
        out.import_rejected(&outcome, &error);
        return Ok(1);
    }
    out.import_outcome(&outcome)?;
    Ok(0)
}

fn run_need(cmd: NeedCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    match cmd {
        NeedCommand::Add {
            campaign,
            coop_national_id,
            role,
            course,
            requested,
            source,
            level,
            month,
            notes,
        } => {
            let input = NeedInput {
                campaign_id: campaign,
                organization_id: coop_id(db, &coop_national_id)?,
                target_role: role,
                course_id: catalog::find_course(db.conn(), &course)?.id,
                requested,
                source,
                need_level: level,
                target_month: month,
                notes,
            };
            let need = input.validate()?;
            out.need(&db.write(|tx| needs::add_need(tx, &need))?)
        }
        NeedCommand::List {
            campaign,
            coop_national_id,
            status,
        } => {
            let filter = NeedFilter {
                campaign_id: campaign,
                organization_id: coop_national_id
                    .as_deref()
                    .map(|id| coop_id(db, id))
                    .transpose()?,
                status: status.as_deref().map(NeedStatus::parse).transpose()?,
                ..Default::default()
            };
            out.needs(&needs::list_needs(db.conn(), &filter)?)
        }
        NeedCommand::Approve {
            ids,
            reason,
            approved,
        } => match (ids.as_slice(), approved) {
            (&[id], Some(raw)) => {
                let count = head_count(&raw)?;
                let done = db.write(|tx| {
                    // Approval follows submission; a draft is submitted first,
                    // as with several lines at once.
                    if needs::get_need(tx, id)?.status == NeedStatus::Draft {
                        needs::set_status(tx, id, NeedStatus::Submitted, &reason, None)?;
                    }
                    needs::set_status(tx, id, NeedStatus::Approved, &reason, Some(count))
                })?;
                out.needs(&[done])
            }
            (_, Some(_)) => Err(Error::Refused(
                "تعداد مصوب (--approved) را فقط برای یک ردیف می‌توان داد؛ \
                 چند ردیف با هم به اندازه درخواستشان تصویب می‌شوند."
                    .into(),
            )),
            (_, None) => out.needs(&db.write(|tx| needs::approve_all(tx, &ids, &reason))?),
        },
        NeedCommand::Nominate { id, national_code } => {
            let code = NationalCode::parse(&national_code)?;
            out.nominee(&db.write(|tx| needs::add_nominee(tx, id, &code))?)
        }
        NeedCommand::Edit {
            id,
            role,
            course,
            requested,
            source,
            level,
            month,
            notes,
            reason,
        } => {
            let now = needs::get_need(db.conn(), id)?;
            let course_id = match course {
                Some(c) => catalog::find_course(db.conn(), &c)?.id,
                None => now.course_id,
            };
            let edit = NeedEdit {
                target_role: role.unwrap_or_else(|| now.target_role.key().to_owned()),
                course_id,
                requested: requested.unwrap_or_else(|| now.requested.to_string()),
                source: source.unwrap_or_else(|| now.source.key().to_owned()),
                need_level: level.unwrap_or_else(|| now.need_level.to_string()),
                target_month: month.or_else(|| {
                    now.target_year
                        .zip(now.target_month)
                        .map(|(y, m)| format!("{y}/{m:02}"))
                }),
                notes: notes.or(now.notes),
                reason,
            };
            out.need(&db.write(|tx| needs::update_need(tx, id, &edit))?)
        }
        NeedCommand::SetApproved {
            id,
            approved,
            reason,
        } => out.need(&db.write(|tx| needs::set_approved_count(tx, id, &approved, &reason))?),
    }
}

fn run_provider(cmd: ProviderCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    match cmd {
        ProviderCommand::Add {
            name,
            kind,
            county,
            licence_no,
            licence_expires,
        } => {
            let input = ProviderInput {
                kind,
                name,
                county,
                licence_no,
                licence_expires,
                active: true,
            };
            out.provider(&db.write(|tx| catalog::add_provider(tx, &input))?)
        }
        ProviderCommand::List => out.providers(&catalog::list_providers(db.conn())?),
        ProviderCommand::Edit {
            id,
            name,
            kind,
            county,
            licence_no,
            licence_expires,
            active,
        } => {
            let now = catalog::get_provider(db.conn(), id)?;
            let input = ProviderInput {
                kind: kind.unwrap_or_else(|| now.kind.key().to_owned()),
                name: name.unwrap_or(now.name),
                county: county.or(now.county),
                licence_no: licence_no.or(now.licence_no),
                licence_expires: licence_expires.or(now.licence_expires_jalali),
                active: active.unwrap_or(now.active),
            };
            out.provider(&db.write(|tx| catalog::update_provider(tx, id, &input))?)
        }
    }
}

fn run_serve(db_path: &Option<PathBuf>, port: u16) -> Result<u8> {
    // Never the clerk's own data by default.
    let path = db_path.clone().ok_or_else(|| {
        Error::Refused("پل توسعه فقط با --db و یک پرونده آزمایشی اجرا می‌شود.".to_owned())
    })?;
    serve::serve(path, port)?;
    Ok(0)
}

fn run_command(command: Command, db_path: &Option<PathBuf>, out: &mut Out) -> Result<()> {
    match command {
        Command::Bench(args) => bench::run(&args, out),
        Command::Demo {
            coops,
            people,
            seed,
        } => run_demo(
            &DemoConfig {
                coops,
                people,
                seed,
            },
            &mut open(db_path)?,
            out,
        ),
        Command::Coop(cmd) => run_coop(cmd, &mut open(db_path)?, out),
        Command::Person(cmd) => run_person(cmd, &mut open(db_path)?, out),
        Command::Member(cmd) => run_member(cmd, &mut open(db_path)?, out),
        Command::County(cmd) => run_county(cmd, &mut open(db_path)?, out),
        Command::Course(cmd) => run_course(cmd, &mut open(db_path)?, out),
        Command::Provider(cmd) => run_provider(cmd, &mut open(db_path)?, out),
        Command::Campaign(cmd) => run_campaign(cmd, &mut open(db_path)?, out),
        Command::Need(cmd) => run_need(cmd, &mut open(db_path)?, out),
        Command::Quota(cmd) => run_quota(cmd, &mut open(db_path)?, out),
        Command::Round(cmd) => run_round(cmd, &mut open(db_path)?, out),
        Command::Import(args) => run_import(args, &mut open(db_path)?, out).map(|_| ()),
        Command::Backup { to } => run_backup(to, db_path, out),
        Command::Restore { file } => run_restore(&file, db_path, out),
        // Answered in `main`, which needs its exit code.
        Command::Check => run_check(db_path, out).map(|_| ()),
        Command::Serve { port } => run_serve(db_path, port).map(|_| ()),
        Command::Waiting => run_waiting(db_path, out),
        Command::Roadmap(cmd) => run_roadmap(cmd, &open(db_path)?, out),
        Command::Report { from, to, output } => {
            run_report(PeriodInput { from, to }, output.as_deref(), db_path, out)
        }
    }
}

/// The period is checked before the database is opened, so a mistyped
/// month creates nothing.
fn run_report(
    period: PeriodInput,
    output: Option<&Path>,
    db_path: &Option<PathBuf>,
    out: &mut Out,
) -> Result<()> {
    let period = period.validate()?;
    let db = open(db_path)?;
    let figures = report::figures(db.conn(), &period, None)?;
    let saved = match output {
        Some(path) => {
            let path = if path.is_dir() {
                path.join(xlsx::report_file_name(&period))
            } else {
                path.to_owned()
            };
            let s = settings::get(db.conn())?;
            let book =
                xlsx::write_report_book(&figures, &s.letterhead, &path, &s.export_options())?;
            Some(notify(book))
        }
        None => None,
    };
    out.report(&figures, saved.as_ref().map(Saved::path))
}

fn run_demo(config: &DemoConfig, db: &mut Db, out: &mut Out) -> Result<()> {
    let mut bar = output::ProgressBar::new("ساخت داده نمونه");
    let summary = demo::generate(db, config, &mut |p| {
        bar.update(p.done, p.total);
        true
    })?;
    bar.finish();
    out.demo_summary(&summary)
}

fn run_coop(cmd: CoopCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    match cmd {
        CoopCommand::Add(a) => {
            let input = OrgInput {
                kind: a.kind,
                name: a.name,
                national_id: a.national_id,
                registration_no: a.registration_no,
                registry_office: a.registry_office,
                field: a.field,
                orientation: a.orientation,
                activity: a.activity,
                county: a.county,
                founded_on: a.founded_on,
                member_count: a.member_count,
                phone: a.phone,
                mobile: a.mobile,
                email: a.email,
                address: a.address,
                postal_code: a.postal_code,
                is_small: a.small,
                is_startup: a.startup,
                is_internet: a.internet,
                status: a.status,
            };
            let org = input.validate()?;
            let view = db.write(|tx| registry::add_org(tx, &org))?;
            out.org(&view)
        }
        CoopCommand::Show { national_id } => {
            let id = NationalId::parse(&national_id)?;
            out.org_detail(&registry::org_detail(db.conn(), &id)?)
        }
        CoopCommand::Search {
            query,
            filter,
            page,
            xlsx,
        } => {
            let f = coop_filter(&filter, query)?;
            match xlsx {
                Some(path) => write_list(db, out, &path, |c, p, o| {
                    xlsx::export_orgs(c.conn(), &f, p, o)
                }),
                None => out.orgs(&registry::search_orgs(db.conn(), &f, (&page).into())?),
            }
        }
        CoopCommand::List { filter, page, xlsx } => {
            let f = coop_filter(&filter, String::new())?;
            match xlsx {
                Some(path) => write_list(db, out, &path, |c, p, o| {
                    xlsx::export_orgs(c.conn(), &f, p, o)
                }),
                None => out.orgs(&registry::search_orgs(db.conn(), &f, (&page).into())?),
            }
        }
        CoopCommand::JoinUnion {
            coop_national_id,
            union_national_id,
            start_date,
        } => {
            let coop = NationalId::parse(&coop_national_id)?;
            let union = NationalId::parse(&union_national_id)?;
            let start = start_date
                .as_deref()
                .map(|s| taavon_core::jalali::parse_jalali(s, taavon_core::error::Field::StartDate))
                .transpose()?;
            out.union_link(&db.write(|tx| registry::add_union_member(tx, &union, &coop, start))?)
        }
        CoopCommand::LeaveUnion {
            coop_national_id,
            union_national_id,
            date,
        } => {
            let coop = coop_id(db, &coop_national_id)?;
            let union = coop_id(db, &union_national_id)?;
            let end = taavon_core::jalali::parse_jalali(&date, Field::EndDate)?;
            out.union_link(&db.write(|tx| registry::leave_union(tx, union, coop, end))?)
        }
        CoopCommand::Merge {
            first,
            second,
            keep,
            reason,
            dry_run,
        } => {
            let id = |raw: &str| merge::find_org_key(db.conn(), raw).map(|o| o.id);
            let input = merge::OrgMergeInput {
                first: id(&first)?,
                second: id(&second)?,
                keep: keep.as_deref().map(id).transpose()?,
                reason: reason.unwrap_or_default(),
            };
            let mode = merge_mode(dry_run);
            out.org_merge(&merge::merge_orgs(db, &input, mode)?)
        }
    }
}

fn merge_mode(dry_run: bool) -> merge::Mode {
    if dry_run {
        merge::Mode::Preview
    } else {
        merge::Mode::Confirm
    }
}

fn run_person(cmd: PersonCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    match cmd {
        PersonCommand::Add {
            national_code,
            first_name,
            last_name,
            father_name,
            gender,
            birth_date,
            education,
            mobile,
        } => {
            let input = PersonInput {
                national_code,
                first_name,
                last_name,
                father_name,
                gender,
                birth_date,
                education,
                mobile,
            };
            let person = input.validate()?;
            let view = db.write(|tx| registry::add_person(tx, &person))?;
            out.person(&view)
        }
        PersonCommand::Show { national_code } => {
            let code = NationalCode::parse(&national_code)?;
            out.person_detail(&registry::person_detail(db.conn(), &code)?)
        }
        PersonCommand::Search { query, page, xlsx } => match xlsx {
            Some(path) => write_list(db, out, &path, |c, p, o| {
                xlsx::export_people(c.conn(), &query, p, o)
            }),
            None => out.people(&registry::search_people(db.conn(), &query, (&page).into())?),
        },
        PersonCommand::List { page, xlsx } => match xlsx {
            Some(path) => write_list(db, out, &path, |c, p, o| {
                xlsx::export_people(c.conn(), "", p, o)
            }),
            None => out.people(&registry::search_people(db.conn(), "", (&page).into())?),
        },
        PersonCommand::Merge {
            first,
            second,
            keep,
            reason,
            dry_run,
        } => {
            let input = merge::PersonMergeInput {
                first,
                second,
                keep,
                reason: reason.unwrap_or_default(),
            };
            out.person_merge(&merge::merge_people(db, &input, merge_mode(dry_run))?)
        }
    }
}

fn run_member(cmd: MemberCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    match cmd {
        MemberCommand::Add {
            national_code,
            coop_national_id,
            role,
            start_date,
            end_date,
        } => {
            let input = MembershipInput {
                national_code,
                coop_national_id,
                organization_id: None,
                role,
                start_date,
                end_date,
            };
            let m = input.validate()?;
            let view = db.write(|tx| registry::add_membership(tx, &m))?;
            out.membership(&view)
        }
        MemberCommand::End { id, date } => {
            let end = taavon_core::jalali::parse_jalali(&date, Field::EndDate)?;
            out.membership_changed(&db.write(|tx| registry::end_membership(tx, id, end))?)
        }
        MemberCommand::Edit {
            id,
            role,
            start_date,
            end_date,
        } => {
            let now = registry::get_membership(db.conn(), id)?;
            let edit = MembershipEdit {
                role: role.unwrap_or_else(|| now.role.key().to_owned()),
                start_date: start_date.or(now.start_date_jalali),
                end_date: end_date.or(now.end_date_jalali),
            };
            let change = edit.validate()?;
            out.membership_changed(&db.write(|tx| registry::update_membership(tx, id, &change))?)
        }
    }
}

fn run_county(cmd: CountyCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    match cmd {
        CountyCommand::List => out.named(&NamedList::County.list(db.conn())?),
        CountyCommand::Add { name } => {
            let item = db.write(|tx| NamedList::County.add(tx, &name))?;
            out.named(&[item])
        }
    }
}

fn run_campaign(cmd: CampaignCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    match cmd {
        CampaignCommand::Add {
            title,
            starts_on,
            ends_on,
            deadline,
            owner,
        } => {
            let input = CampaignInput {
                title,
                starts_on,
                ends_on,
                deadline,
                owner,
            };
            out.campaign(&db.write(|tx| needs::add_campaign(tx, &input))?)
        }
        CampaignCommand::List => out.campaigns(&needs::list_campaigns(db.conn())?),
        CampaignCommand::Edit {
            id,
            title,
            starts_on,
            ends_on,
            deadline,
            owner,
        } => {
            let now = needs::get_campaign(db.conn(), id)?;
            let input = CampaignInput {
                title: title.unwrap_or(now.title),
                starts_on: starts_on.unwrap_or(now.starts_on_jalali),
                ends_on: ends_on.unwrap_or(now.ends_on_jalali),
                deadline: deadline.or(now.deadline_jalali),
                owner: owner.unwrap_or(now.owner),
            };
            out.campaign(&db.write(|tx| needs::update_campaign(tx, id, &input))?)
        }
        CampaignCommand::Close { id } => {
            out.campaign(&db.write(|tx| needs::close_campaign(tx, id))?)
        }
        CampaignCommand::Reopen { id } => {
            out.campaign(&db.write(|tx| needs::reopen_campaign(tx, id))?)
        }
    }
}

/// Into the backups folder beside the database, or to `to`.
fn run_backup(to: Option<PathBuf>, db_path: &Option<PathBuf>, out: &mut Out) -> Result<()> {
    let db = open(db_path)?;
    match to {
        Some(file) => {
            taavon_core::backup::save_as(db.conn(), &file)?;
            out.saved(&file.display().to_string())
        }
        None => {
            let dir = taavon_core::backup::dir_for(db.conn(), &db_file(db_path)?);
            let made = taavon_core::backup::create(
                db.conn(),
                &dir,
                taavon_core::backup::BackupKind::Manual,
            )?;
            out.saved(&made.path)
        }
    }
}

fn run_waiting(db_path: &Option<PathBuf>, out: &mut Out) -> Result<()> {
    let db = open(db_path)?;
    let dir = taavon_core::backup::dir_for(db.conn(), &db_file(db_path)?);
    let items = taavon_core::waiting::waiting(db.conn(), &dir, taavon_core::jalali::today())?;
    out.waiting(&items)
}

fn run_restore(file: &Path, db_path: &Option<PathBuf>, out: &mut Out) -> Result<()> {
    let path = db_file(db_path)?;
    match Db::open(&path) {
        Ok(mut db) => {
            let dir = taavon_core::backup::dir_for(db.conn(), &path);
            let kept = taavon_core::backup::restore(&mut db, file, &dir)?;
            out.restored(file, Some(&kept))
        }
        // A file that does not open (damaged) is kept aside, not
        // overwritten, and the backup takes its place.
        Err(e) if !matches!(e, Error::DatabaseNewer { .. }) => {
            let kept = taavon_core::backup::replace_file(&path, file)?;
            Db::open(&path)?;
            out.restored(
                file,
                kept.as_ref().map(|k| k.display().to_string()).as_deref(),
            )
        }
        Err(e) => Err(e),
    }
}

fn run_roadmap(cmd: RoadmapCommand, db: &Db, out: &mut Out) -> Result<()> {
    match cmd {
        RoadmapCommand::Show { coop_national_id } => {
            let id = coop_id(db, &coop_national_id)?;
            out.roadmap(&needs::roadmap(db.conn(), id)?)
        }
        RoadmapCommand::Export {
            coop_national_id,
            output,
            font,
        } => {
            let id = coop_id(db, &coop_national_id)?;
            let opts = ExportOptions {
                font,
                ..Default::default()
            };
            let saved = notify(xlsx::export_roadmap(db.conn(), id, &output, &opts)?);
            out.exported(&needs::roadmap(db.conn(), id)?, saved.path())
        }
    }
}

/// The database file the command works on.
fn db_file(db_path: &Option<PathBuf>) -> Result<PathBuf> {
    match db_path {
        Some(p) => Ok(p.clone()),
        None => db::default_path(),
    }
}

/// Exit code 0 when the database is sound, 1 when it is damaged (or cannot
/// be opened), with the reason.
fn run_check(db_path: &Option<PathBuf>, out: &mut Out) -> Result<u8> {
    let path = db_file(db_path)?;
    // Read only: a damaged file is not written to.
    let problem = taavon_core::backup::check_file(&path, true)?.map(|detail| {
        tracing::warn!(detail, "integrity check failed");
        ("ساختار درونی پرونده آسیب دیده است.".to_owned(), detail)
    });
    out.check(&path, problem.as_ref())?;
    Ok(if problem.is_some() { 1 } else { 0 })
}

/// Exit code 0 when every row was taken, 1 when some were rejected, 2 when
/// the file could not be read.
fn run_import(args: ImportArgs, db: &mut Db, out: &mut Out) -> Result<u8> {
    let kind = ImportKind::parse(&args.kind)?;
    let req = import::ImportRequest {
        kind,
        sheet: args.sheet,
        mapping: None,
        dry_run: args.dry_run,
        accept_valid: args.accept_valid,
        map: args.map,
        names: Vec::new(),
    };
    let mut bar = output::ProgressBar::new("خواندن پرونده");
    let outcome = import::run(db, &args.file, &req, &mut |p| {
        bar.update(p.done, p.total);
        true
    })?;
    bar.finish();
    if let Some(path) = &args.errors {
        let opts = settings::get(db.conn())?.export_options();
        notify(import::write_error_sheet(&outcome, path, &opts)?);
    }
    out.import_outcome(&outcome)?;
    // The outcome is out; the WAL is copied into the file before exiting.
    db.wait_for_checkpoint();
    Ok(if outcome.rejected > 0 { 1 } else { 0 })
}

fn run_quota(cmd: QuotaCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    match cmd {
        QuotaCommand::Set {
            from,
            to,
            capacity,
            unit,
            share,
            province_share,
            title,
        } => {
            let input = QuotaInput {
                title,
                starts_on: from,
                ends_on: to,
                unit,
                capacity,
                province_share: Some(province_share),
                coop_share: Some(share),
            };
            out.quotas(&[db.write(|tx| rounds::set_quota(tx, &input))?])
        }
        QuotaCommand::Show => out.quotas(&rounds::list_quota(db.conn())?),
        QuotaCommand::Cap {
            period,
            course,
            seats,
        } => {
            let course = catalog::find_course(db.conn(), &course)?.id;
            let q =
                db.write(|tx| rounds::set_cap(tx, period, Some(course), None, seats.as_deref()))?;
            out.quotas(&[q])
        }
    }
}

fn run_round(cmd: RoundCommand, db: &mut Db, out: &mut Out) -> Result<()> {
    let id = |db: &Db, number: i64| rounds::round_by_number(db.conn(), number).map(|r| r.id);
    let move_to = |db: &mut Db, number: i64, to: RoundStatus, m: RoundMove| -> Result<()> {
        let round_id = id(db, number)?;
        db.write(|tx| rounds::set_round_status(tx, round_id, to, &m))?;
        Ok(())
    };
    match cmd {
        RoundCommand::New {
            month,
            capacity,
            title,
        } => {
            let input = RoundInput {
                month,
                capacity,
                title,
            };
            out.round_created(&db.write(|tx| rounds::new_round(tx, &input))?)
        }
        RoundCommand::List => out.rounds(&rounds::list_rounds(db.conn())?),
        RoundCommand::Build { number } => {
            let round_id = id(db, number)?;
            let report = db.write(|tx| rounds::build_round(tx, round_id))?;
            out.build_report(&report)
        }
        RoundCommand::Show { number, explain } => {
            let round = rounds::round_by_number(db.conn(), number)?;
            let list = rounds::referrals(db.conn(), round.id)?;
            out.round(&round, &list, explain)
        }
        RoundCommand::Candidates { number, limit } => {
            let round_id = id(db, number)?;
            let filter = rounds::CandidateFilter {
                limit,
                ..Default::default()
            };
            out.candidates(&rounds::candidates(db.conn(), round_id, &filter)?)
        }
        RoundCommand::Lock {
            number,
            override_reason,
        } => {
            let m = RoundMove {
                override_reason,
                ..Default::default()
            };
            move_to(db, number, RoundStatus::Locked, m)?;
            out.round_moved(&rounds::round_by_number(db.conn(), number)?)
        }
        RoundCommand::Unlock { number, reason } => {
            let m = RoundMove {
                reason,
                ..Default::default()
            };
            move_to(db, number, RoundStatus::Draft, m)?;
            out.round_moved(&rounds::round_by_number(db.conn(), number)?)
        }
        RoundCommand::Send {
            number,
            letter,
            date,
        } => {
            let m = RoundMove {
                letter_no: letter,
                sent_on: date,
                ..Default::default()
            };
            move_to(db, number, RoundStatus::Sent, m)?;
            out.round_moved(&rounds::round_by_number(db.conn(), number)?)
        }
        RoundCommand::Reconcile { number } => {
            move_to(db, number, RoundStatus::Reconciled, RoundMove::default())?;
            out.round_moved(&rounds::round_by_number(db.conn(), number)?)
        }
        RoundCommand::Export { number, output } => {
            let round_id = id(db, number)?;
            let opts = settings::get(db.conn())?.export_options();
            let (round, saved) = xlsx::export_round(db.conn(), round_id, &output, &opts)?;
            let saved = notify(saved);
            out.round_exported(&round, saved.path())
        }
    }
}

/// Writes a whole list, every page of it, as the window's «خروجی اکسل» does.
fn write_list(
    db: &Db,
    out: &mut Out,
    path: &Path,
    write: impl FnOnce(&Db, &Path, &ExportOptions) -> Result<Saved>,
) -> Result<()> {
    let opts = settings::get(db.conn())?.export_options();
    let saved = notify(write(db, path, &opts)?);
    out.list_saved(saved.path())
}

/// Tells the clerk on stderr when a file went under another name because
/// the one asked for was open in another program.
fn notify(saved: Saved) -> Saved {
    if let Some(notice) = saved.notice() {
        eprintln!("{notice}");
    }
    saved
}

fn exit_code(e: &Error) -> u8 {
    if e.is_database_unusable() {
        2
    } else {
        1
    }
}

fn main() -> ExitCode {
    // Piped into `head` or a pager that quits early, stop quietly like any
    // other command-line tool instead of failing on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread
    // starts; nothing else in the process handles SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let mut out = Out::new(cli.json);
    let importing = matches!(cli.command, Command::Import(_));
    let result = match cli.command {
        Command::Import(args) => {
            open(&cli.db).and_then(|mut db| run_import(args, &mut db, &mut out))
        }
        Command::Check => run_check(&cli.db, &mut out),
        Command::Course(CourseCommand::Import { file, dry_run }) => {
            open(&cli.db).and_then(|mut db| run_course_import(&file, dry_run, &mut db, &mut out))
        }
        command => run_command(command, &cli.db, &mut out).map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            out.error(&e);
            // A file that cannot be read is as final as a database that
            // cannot be opened.
            let code = if importing && e.code() == "excel" {
                2
            } else {
                exit_code(&e)
            };
            ExitCode::from(code)
        }
    }
}
