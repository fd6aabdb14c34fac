//! `taavon`: the command line over the core, for scripts, checks and
//! benchmarks. Each command is a few lines: parse flags, call the core,
//! print. `--json` prints one JSON object (an array for list and search);
//! otherwise a readable Persian table.
//!
//! Exit codes: 0 success, 1 invalid input or a refused write, 2 the database
//! could not be opened.

mod bench;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use taavon_core::db::{self, Db};
use taavon_core::demo::{self, DemoConfig};
use taavon_core::ids::{NationalCode, NationalId};
use taavon_core::registry::{
    self, MembershipInput, NamedList, OrgFilter, OrgInput, PageRequest, PersonInput,
};
use taavon_core::{Error, Result};

use output::Out;

#[derive(Parser)]
#[command(
    name = "taavon",
    version,
    about = "میز آموزش تعاون: ثبت تعاونی‌ها و اشخاص، داده نمونه و سنجش کارایی"
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
    /// Measure speed and memory at Tehran scale on a fresh database.
    Bench(bench::BenchArgs),
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
    },
    /// List in Persian order.
    List {
        #[command(flatten)]
        filter: CoopFilterArgs,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Record that a cooperative is a member of a union.
    JoinUnion {
        #[arg(long)]
        coop_national_id: String,
        #[arg(long)]
        union_national_id: String,
        /// Jalali, e.g. 1404/08/25.
        #[arg(long)]
        start_date: Option<String>,
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
    },
    /// List in Persian order of last name.
    List {
        #[command(flatten)]
        page: PageArgs,
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
}

#[derive(Subcommand)]
enum CountyCommand {
    List,
    Add { name: String },
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

fn run(cli: Cli, out: &mut Out) -> Result<()> {
    match cli.command {
        Command::Bench(args) => bench::run(&args, out),
        Command::Demo {
            coops,
            people,
            seed,
        } => {
            let mut db = open(&cli.db)?;
            let mut bar = output::ProgressBar::new("ساخت داده نمونه");
            let summary = demo::generate(
                &mut db,
                &DemoConfig {
                    coops,
                    people,
                    seed,
                },
                &mut |p| {
                    bar.update(p.done, p.total);
                    true
                },
            )?;
            bar.finish();
            out.demo_summary(&summary)
        }
        Command::Coop(cmd) => {
            let mut db = open(&cli.db)?;
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
                } => {
                    let f = coop_filter(&filter, query)?;
                    out.orgs(&registry::search_orgs(db.conn(), &f, (&page).into())?)
                }
                CoopCommand::List { filter, page } => {
                    let f = coop_filter(&filter, String::new())?;
                    out.orgs(&registry::search_orgs(db.conn(), &f, (&page).into())?)
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
                        .map(|s| {
                            taavon_core::jalali::parse_jalali(
                                s,
                                taavon_core::error::Field::StartDate,
                            )
                        })
                        .transpose()?;
                    db.write(|tx| registry::add_union_member(tx, &union, &coop, start))?;
                    out.org_detail(&registry::org_detail(db.conn(), &union)?)
                }
            }
        }
        Command::Person(cmd) => {
            let mut db = open(&cli.db)?;
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
                PersonCommand::Search { query, page } => {
                    out.people(&registry::search_people(db.conn(), &query, (&page).into())?)
                }
                PersonCommand::List { page } => {
                    out.people(&registry::search_people(db.conn(), "", (&page).into())?)
                }
            }
        }
        Command::Member(MemberCommand::Add {
            national_code,
            coop_national_id,
            role,
            start_date,
            end_date,
        }) => {
            let mut db = open(&cli.db)?;
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
        Command::County(cmd) => {
            let mut db = open(&cli.db)?;
            match cmd {
                CountyCommand::List => out.named(&NamedList::County.list(db.conn())?),
                CountyCommand::Add { name } => {
                    let item = db.write(|tx| NamedList::County.add(tx, &name))?;
                    out.named(&[item])
                }
            }
        }
    }
}

fn exit_code(e: &Error) -> u8 {
    if e.is_database_unusable() {
        2
    } else {
        1
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = Out::new(cli.json);
    match run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&e);
            ExitCode::from(exit_code(&e))
        }
    }
}
