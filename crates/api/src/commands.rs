//! One function per command of `table.rs`, a few lines each over the core.
//! The types they take and answer are re-exported here so that the
//! declaration names them without paths.

use std::path::{Path, PathBuf};

use serde::Serialize;
use taavon_core::db::Db;
use taavon_core::error::Field;
use taavon_core::files;
use taavon_core::ids::NationalCode;
use taavon_core::{catalog, demo, import, jalali, merge, needs, registry, rounds, settings, xlsx};

pub use taavon_core::audit::{AuditFilter, AuditRow};
pub use taavon_core::backup::{BackupCheck, BackupInfo, BackupKind};
pub use taavon_core::catalog::{
    CourseFilter, CourseInput, CourseView, ProviderInput, ProviderView,
};
pub use taavon_core::demo::{DemoConfig, DemoSummary};
pub use taavon_core::files::Saved;
pub use taavon_core::import::{ImportOutcome, ImportRequest, Layout};
pub use taavon_core::jalali::MonthGrid;
pub use taavon_core::merge::{OrgMerge, OrgMergeInput, PersonMerge, PersonMergeInput};
pub use taavon_core::model::{ImportKind, NeedStatus, RoundStatus};
pub use taavon_core::needs::{
    CampaignInput, CampaignView, HistoryEntry, NeedEdit, NeedFilter, NeedInput, NeedView,
    NomineeView, Roadmap, Suggestion,
};
pub use taavon_core::registry::{
    Counts, MembershipEdit, MembershipInput, MembershipView, NamedItem, NamedList, OrgDetail,
    OrgFilter, OrgInput, OrgView, Page, PageRequest, PersonDetail, PersonInput, PersonView,
    StartState, UnionLink,
};
pub use taavon_core::report::{Figures, PeriodInput};
pub use taavon_core::rounds::{
    BuildReport, CandidateFilter, CandidateList, QuotaInput, QuotaView, ReferralUpdate,
    ReferralView, RoundInput, RoundLetter, RoundMove, RoundView, StatusEntry,
};
pub use taavon_core::settings::Settings;
pub use taavon_core::waiting::WaitingItem;

use crate::{to_body, Answer, Ctx, FileKind};

impl Ctx<'_> {
    /// Reads from the open database.
    fn read<T>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> taavon_core::Result<T>,
    ) -> Answer<T> {
        self.backend.with(|db| f(db.conn()))
    }

    /// Writes in one transaction that commits only when `f` succeeds.
    fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction) -> taavon_core::Result<T>,
    ) -> Answer<T> {
        self.backend.with(|db| db.write(f))
    }
}

/// Product name and version of the running build, and where its data,
/// backups and exports are (the guide shows them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// The SQLite file in use; `null` when there is none.
    pub db_path: Option<String>,
    /// Where backups go (the settings' folder, or `backups` beside the file).
    pub backups_dir: Option<String>,
    /// The `Taavon` folder in the clerk's Documents, where exports go.
    pub exports_dir: String,
}

pub fn app_info(ctx: &mut Ctx<'_>) -> Answer<AppInfo> {
    let (name, version) = ctx.host.product();
    let path = ctx.backend.path();
    Ok(AppInfo {
        name,
        version,
        db_path: path.map(|p| p.display().to_string()),
        backups_dir: path.map(|p| taavon_core::backup::dir_for_file(p).display().to_string()),
        exports_dir: taavon_core::db::exports_dir().display().to_string(),
    })
}

pub fn start_state(ctx: &mut Ctx<'_>) -> Answer<StartState> {
    ctx.read(registry::start_state)
}

pub fn start_empty(ctx: &mut Ctx<'_>) -> Answer<()> {
    ctx.write(registry::mark_started)
}

/// Generates sample data on a second connection, so the first stays free
/// for the window and the progress bar moves.
pub fn load_demo(ctx: &mut Ctx<'_>, config: DemoConfig) -> Answer<DemoSummary> {
    let mut db = second_connection(ctx)?;
    let summary = demo::generate(&mut db, &config, ctx.progress).map_err(to_body)?;
    db.write(registry::mark_started).map_err(to_body)?;
    Ok(summary)
}

/// A connection of its own for long work, once the database is known to
/// have opened (a database that did not open answers with its own reason).
fn second_connection(ctx: &Ctx<'_>) -> Answer<Db> {
    ctx.backend.with(|_| Ok(()))?;
    let path = ctx
        .backend
        .path()
        .ok_or_else(|| to_body(taavon_core::Error::Unavailable))?;
    Db::open(path).map_err(to_body)
}

pub fn registry_counts(ctx: &mut Ctx<'_>) -> Answer<Counts> {
    ctx.read(registry::counts)
}

pub fn search_people(
    ctx: &mut Ctx<'_>,
    query: String,
    page: PageRequest,
) -> Answer<Page<PersonView>> {
    ctx.backend.with(|db| {
        let mut order = ctx
            .backend
            .people_order
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let found = order.search(db, &query, page)?;
        // The list as the screen opens, or a short word: the order a longer
        // one will need is read meanwhile on a thread of its own.
        order.prepare(db)?;
        Ok(found)
    })
}

pub fn person_detail(ctx: &mut Ctx<'_>, national_code: String) -> Answer<PersonDetail> {
    ctx.read(|c| registry::person_detail(c, &NationalCode::parse(&national_code)?))
}

pub fn add_person(ctx: &mut Ctx<'_>, input: PersonInput) -> Answer<PersonView> {
    ctx.backend.with(|db| {
        let person = input.validate()?;
        db.write(|tx| registry::add_person(tx, &person))
    })
}

pub fn update_person(
    ctx: &mut Ctx<'_>,
    national_code: String,
    input: PersonInput,
) -> Answer<PersonView> {
    ctx.backend.with(|db| {
        let code = NationalCode::parse(&national_code)?;
        let person = input.validate()?;
        db.write(|tx| registry::update_person(tx, &code, &person))
    })
}

pub fn search_orgs(
    ctx: &mut Ctx<'_>,
    filter: OrgFilter,
    page: PageRequest,
) -> Answer<Page<OrgView>> {
    ctx.read(|c| registry::search_orgs(c, &filter, page))
}

pub fn org_detail(ctx: &mut Ctx<'_>, id: i64) -> Answer<OrgDetail> {
    ctx.read(|c| registry::org_detail_by_id(c, id))
}

pub fn add_org(ctx: &mut Ctx<'_>, input: OrgInput) -> Answer<OrgView> {
    ctx.backend.with(|db| {
        let org = input.validate()?;
        db.write(|tx| registry::add_org(tx, &org))
    })
}

pub fn update_org(ctx: &mut Ctx<'_>, id: i64, input: OrgInput) -> Answer<OrgView> {
    ctx.backend.with(|db| {
        let org = input.validate()?;
        db.write(|tx| registry::update_org(tx, id, &org))
    })
}

pub fn add_membership(ctx: &mut Ctx<'_>, input: MembershipInput) -> Answer<MembershipView> {
    ctx.backend.with(|db| {
        let m = input.validate()?;
        db.write(|tx| registry::add_membership(tx, &m))
    })
}

pub fn update_membership(
    ctx: &mut Ctx<'_>,
    id: i64,
    input: MembershipEdit,
) -> Answer<MembershipView> {
    ctx.backend.with(|db| {
        let change = input.validate()?;
        db.write(|tx| registry::update_membership(tx, id, &change))
    })
}

pub fn end_membership(ctx: &mut Ctx<'_>, id: i64, end_date: String) -> Answer<MembershipView> {
    ctx.backend.with(|db| {
        let end = jalali::parse_jalali(&end_date, Field::EndDate)?;
        db.write(|tx| registry::end_membership(tx, id, end))
    })
}

pub fn union_links(ctx: &mut Ctx<'_>, organization_id: i64) -> Answer<Vec<UnionLink>> {
    ctx.read(|c| registry::union_links(c, organization_id))
}

pub fn join_union(
    ctx: &mut Ctx<'_>,
    union_id: i64,
    cooperative_id: i64,
    start_date: Option<String>,
) -> Answer<UnionLink> {
    ctx.backend.with(|db| {
        let start = start_date
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| jalali::parse_jalali(s, Field::StartDate))
            .transpose()?;
        db.write(|tx| registry::join_union(tx, union_id, cooperative_id, start))
    })
}

pub fn leave_union(
    ctx: &mut Ctx<'_>,
    union_id: i64,
    cooperative_id: i64,
    end_date: String,
) -> Answer<UnionLink> {
    ctx.backend.with(|db| {
        let end = jalali::parse_jalali(&end_date, Field::EndDate)?;
        db.write(|tx| registry::leave_union(tx, union_id, cooperative_id, end))
    })
}

pub fn list_named(ctx: &mut Ctx<'_>, list: NamedList) -> Answer<Vec<NamedItem>> {
    ctx.backend.with(|db| list.list(db.conn()))
}

pub fn add_named(ctx: &mut Ctx<'_>, list: NamedList, name: String) -> Answer<NamedItem> {
    ctx.write(|tx| list.add(tx, &name))
}

pub fn update_named(
    ctx: &mut Ctx<'_>,
    list: NamedList,
    id: i64,
    name: String,
    active: bool,
) -> Answer<NamedItem> {
    ctx.write(|tx| list.update(tx, id, &name, active))
}

pub fn jalali_month(_ctx: &mut Ctx<'_>, year: Option<i32>, month: Option<u8>) -> Answer<MonthGrid> {
    let today = jalali::to_jalali(jalali::today());
    let (y, m) = (year.unwrap_or(today.year), month.unwrap_or(today.month));
    jalali::month_grid(y, m).ok_or_else(|| {
        to_body(taavon_core::Error::Refused(format!(
            "ماه {m} از سال {y} در تقویم نیست."
        )))
    })
}

// ---------------------------------------------------------------------------
// Courses and providers

pub fn search_courses(ctx: &mut Ctx<'_>, filter: CourseFilter) -> Answer<Vec<CourseView>> {
    ctx.read(|c| catalog::search_courses(c, &filter))
}

pub fn add_course(ctx: &mut Ctx<'_>, input: CourseInput) -> Answer<CourseView> {
    ctx.backend.with(|db| {
        let course = input.validate()?;
        db.write(|tx| catalog::add_course(tx, &course))
    })
}

pub fn update_course(ctx: &mut Ctx<'_>, id: i64, input: CourseInput) -> Answer<CourseView> {
    ctx.backend.with(|db| {
        let course = input.validate()?;
        db.write(|tx| catalog::update_course(tx, id, &course))
    })
}

pub fn list_providers(ctx: &mut Ctx<'_>) -> Answer<Vec<ProviderView>> {
    ctx.read(catalog::list_providers)
}

pub fn add_provider(ctx: &mut Ctx<'_>, input: ProviderInput) -> Answer<ProviderView> {
    ctx.write(|tx| catalog::add_provider(tx, &input))
}

pub fn update_provider(ctx: &mut Ctx<'_>, id: i64, input: ProviderInput) -> Answer<ProviderView> {
    ctx.write(|tx| catalog::update_provider(tx, id, &input))
}

// ---------------------------------------------------------------------------
// Needs assessment and roadmaps

pub fn list_campaigns(ctx: &mut Ctx<'_>) -> Answer<Vec<CampaignView>> {
    ctx.read(needs::list_campaigns)
}

pub fn add_campaign(ctx: &mut Ctx<'_>, input: CampaignInput) -> Answer<CampaignView> {
    ctx.write(|tx| needs::add_campaign(tx, &input))
}

pub fn update_campaign(ctx: &mut Ctx<'_>, id: i64, input: CampaignInput) -> Answer<CampaignView> {
    ctx.write(|tx| needs::update_campaign(tx, id, &input))
}

pub fn close_campaign(ctx: &mut Ctx<'_>, id: i64) -> Answer<CampaignView> {
    ctx.write(|tx| needs::close_campaign(tx, id))
}

pub fn reopen_campaign(ctx: &mut Ctx<'_>, id: i64) -> Answer<CampaignView> {
    ctx.write(|tx| needs::reopen_campaign(tx, id))
}

pub fn list_needs(ctx: &mut Ctx<'_>, filter: NeedFilter) -> Answer<Vec<NeedView>> {
    ctx.read(|c| needs::list_needs(c, &filter))
}

pub fn add_need(ctx: &mut Ctx<'_>, input: NeedInput) -> Answer<NeedView> {
    ctx.backend.with(|db| {
        let need = input.validate()?;
        db.write(|tx| needs::add_need(tx, &need))
    })
}

pub fn update_need(ctx: &mut Ctx<'_>, id: i64, input: NeedEdit) -> Answer<NeedView> {
    ctx.write(|tx| needs::update_need(tx, id, &input))
}

pub fn set_approved_count(
    ctx: &mut Ctx<'_>,
    id: i64,
    approved: String,
    reason: String,
) -> Answer<NeedView> {
    ctx.write(|tx| needs::set_approved_count(tx, id, &approved, &reason))
}

pub fn set_need_status(
    ctx: &mut Ctx<'_>,
    id: i64,
    to: NeedStatus,
    reason: String,
    approved: Option<u32>,
) -> Answer<NeedView> {
    ctx.write(|tx| needs::set_status(tx, id, to, &reason, approved))
}

pub fn approve_needs(ctx: &mut Ctx<'_>, ids: Vec<i64>, reason: String) -> Answer<Vec<NeedView>> {
    ctx.write(|tx| needs::approve_all(tx, &ids, &reason))
}

pub fn need_history(ctx: &mut Ctx<'_>, id: i64) -> Answer<Vec<HistoryEntry>> {
    ctx.read(|c| needs::need_history(c, id))
}

pub fn list_nominees(ctx: &mut Ctx<'_>, need_id: i64) -> Answer<Vec<NomineeView>> {
    ctx.read(|c| needs::list_nominees(c, need_id))
}

pub fn add_nominee(ctx: &mut Ctx<'_>, need_id: i64, national_code: String) -> Answer<NomineeView> {
    ctx.backend.with(|db| {
        let code = NationalCode::parse(&national_code)?;
        db.write(|tx| needs::add_nominee(tx, need_id, &code))
    })
}

pub fn withdraw_nominee(ctx: &mut Ctx<'_>, need_id: i64, national_code: String) -> Answer<()> {
    ctx.backend.with(|db| {
        let code = NationalCode::parse(&national_code)?;
        db.write(|tx| needs::withdraw_nominee(tx, need_id, &code))
    })
}

pub fn suggest_courses(ctx: &mut Ctx<'_>, organization_id: i64) -> Answer<Vec<Suggestion>> {
    ctx.read(|c| needs::suggest_courses(c, organization_id))
}

pub fn roadmap(ctx: &mut Ctx<'_>, organization_id: i64) -> Answer<Roadmap> {
    ctx.read(|c| needs::roadmap(c, organization_id))
}

pub fn reorder_roadmap(ctx: &mut Ctx<'_>, organization_id: i64, ids: Vec<i64>) -> Answer<()> {
    ctx.write(|tx| needs::reorder(tx, organization_id, &ids))
}

// ---------------------------------------------------------------------------
// Files

pub fn pick_import_file(ctx: &mut Ctx<'_>) -> Answer<Option<String>> {
    Ok(ctx
        .host
        .pick_file(FileKind::Spreadsheet)
        .map(|p| p.display().to_string()))
}

/// Writes the cooperative's roadmap to the exports folder, under an ASCII
/// name that survives any email program.
pub fn export_roadmap(ctx: &mut Ctx<'_>, organization_id: i64) -> Answer<Saved> {
    ctx.backend.with(|db| {
        let org = registry::get_org_by_id(db.conn(), organization_id)?;
        let today = jalali::to_jalali(jalali::today());
        let name = xlsx::roadmap_file_name(org.national_id.as_deref(), org.id, today);
        let path = files::target_in(&taavon_core::db::exports_dir(), &name)?;
        let opts = settings::get(db.conn())?.export_options();
        xlsx::export_roadmap(db.conn(), organization_id, &path, &opts)
    })
}

// ---------------------------------------------------------------------------
// Settings, quota and referral rounds

pub fn get_settings(ctx: &mut Ctx<'_>) -> Answer<Settings> {
    ctx.read(settings::get)
}

pub fn save_settings(ctx: &mut Ctx<'_>, input: Settings) -> Answer<Settings> {
    ctx.write(|tx| settings::save(tx, &input))
}

pub fn list_quota(ctx: &mut Ctx<'_>) -> Answer<Vec<QuotaView>> {
    ctx.read(rounds::list_quota)
}

pub fn set_quota(ctx: &mut Ctx<'_>, input: QuotaInput) -> Answer<QuotaView> {
    ctx.write(|tx| rounds::set_quota(tx, &input))
}

pub fn set_quota_cap(
    ctx: &mut Ctx<'_>,
    period_id: i64,
    course_id: Option<i64>,
    provider_id: Option<i64>,
    seats: Option<String>,
) -> Answer<QuotaView> {
    ctx.backend.with(|db| {
        db.write(|tx| rounds::set_cap(tx, period_id, course_id, provider_id, seats.as_deref()))
    })
}

pub fn list_rounds(ctx: &mut Ctx<'_>) -> Answer<Vec<RoundView>> {
    ctx.read(rounds::list_rounds)
}

pub fn get_round(ctx: &mut Ctx<'_>, id: i64) -> Answer<RoundView> {
    ctx.read(|c| rounds::get_round(c, id))
}

pub fn new_round(ctx: &mut Ctx<'_>, input: RoundInput) -> Answer<RoundView> {
    ctx.write(|tx| rounds::new_round(tx, &input))
}

pub fn round_candidates(
    ctx: &mut Ctx<'_>,
    round_id: i64,
    filter: CandidateFilter,
) -> Answer<CandidateList> {
    ctx.backend.with(|db| {
        ctx.backend
            .candidates
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .candidates(db, round_id, &filter)
    })
}

pub fn build_round(ctx: &mut Ctx<'_>, round_id: i64) -> Answer<BuildReport> {
    ctx.write(|tx| rounds::build_round(tx, round_id))
}

pub fn add_candidate(
    ctx: &mut Ctx<'_>,
    round_id: i64,
    nominee_id: i64,
    reason: String,
    override_reason: Option<String>,
) -> Answer<ReferralView> {
    ctx.backend.with(|db| {
        db.write(|tx| {
            rounds::add_candidate(
                tx,
                round_id,
                nominee_id,
                &reason,
                override_reason.as_deref(),
            )
        })
    })
}

pub fn remove_referral(
    ctx: &mut Ctx<'_>,
    referral_id: i64,
    reason: String,
) -> Answer<ReferralView> {
    ctx.write(|tx| rounds::remove_referral(tx, referral_id, &reason))
}

pub fn set_round_status(
    ctx: &mut Ctx<'_>,
    round_id: i64,
    status: RoundStatus,
    details: RoundMove,
) -> Answer<RoundView> {
    ctx.write(|tx| rounds::set_round_status(tx, round_id, status, &details))
}

pub fn list_referrals(ctx: &mut Ctx<'_>, round_id: i64) -> Answer<Vec<ReferralView>> {
    ctx.read(|c| rounds::referrals(c, round_id))
}

pub fn update_referral(
    ctx: &mut Ctx<'_>,
    referral_id: i64,
    update: ReferralUpdate,
) -> Answer<ReferralView> {
    ctx.write(|tx| rounds::update_referral(tx, referral_id, &update))
}

pub fn referral_history(ctx: &mut Ctx<'_>, referral_id: i64) -> Answer<Vec<StatusEntry>> {
    ctx.read(|c| rounds::referral_history(c, referral_id))
}

pub fn round_history(ctx: &mut Ctx<'_>, round_id: i64) -> Answer<Vec<StatusEntry>> {
    ctx.read(|c| rounds::round_history(c, round_id))
}

/// A person's or a cooperative's referrals, newest round first.
pub fn training_history(
    ctx: &mut Ctx<'_>,
    person_id: Option<i64>,
    organization_id: Option<i64>,
) -> Answer<Vec<ReferralView>> {
    ctx.read(|c| rounds::training_history(c, person_id, organization_id))
}

pub fn round_letter(ctx: &mut Ctx<'_>, round_id: i64) -> Answer<RoundLetter> {
    ctx.read(|c| rounds::round_letter(c, round_id))
}

/// Writes the round's TVTO sheet to the exports folder under its ASCII
/// name (`round-03-1404-09.xlsx`).
fn write_round_sheet(db: &Db, round_id: i64) -> taavon_core::Result<Saved> {
    let round = rounds::get_round(db.conn(), round_id)?;
    let path = files::target_in(&taavon_core::db::exports_dir(), &round.file_name)?;
    let opts = settings::get(db.conn())?.export_options();
    Ok(xlsx::export_round(db.conn(), round_id, &path, &opts)?.1)
}

pub fn export_round(ctx: &mut Ctx<'_>, round_id: i64) -> Answer<Saved> {
    ctx.backend.with(|db| write_round_sheet(db, round_id))
}

/// Writes the sheet afresh and a draft email with it attached; the UI then
/// shows the draft in the file manager.
pub fn prepare_email(ctx: &mut Ctx<'_>, round_id: i64) -> Answer<Saved> {
    ctx.backend.with(|db| {
        let sheet = write_round_sheet(db, round_id)?;
        taavon_core::mail::prepare_email(db.conn(), round_id, sheet.path())
    })
}

// ---------------------------------------------------------------------------
// Importing lists and the TVTO's feedback

pub fn inspect_import(
    ctx: &mut Ctx<'_>,
    path: String,
    sheet: Option<String>,
    kind: ImportKind,
) -> Answer<Layout> {
    ctx.read(|c| import::inspect(c, &PathBuf::from(&path), sheet.as_deref(), kind))
}

pub fn run_import(
    ctx: &mut Ctx<'_>,
    path: String,
    request: ImportRequest,
    run: u32,
) -> Answer<ImportOutcome> {
    let mut db = second_connection(ctx)?;
    let cancelled = &ctx.backend.cancelled_imports;
    let stopped = || {
        cancelled
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&run)
    };
    let progress = &mut *ctx.progress;
    let outcome = import::run(&mut db, &PathBuf::from(&path), &request, &mut |p| {
        progress(p) && !stopped()
    });
    cancelled
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&run);
    outcome.map_err(to_body)
}

pub fn cancel_import(ctx: &mut Ctx<'_>, run: u32) -> Answer<()> {
    ctx.backend
        .cancelled_imports
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(run);
    Ok(())
}

/// Writes the rejected rows of an import to the exports folder.
pub fn save_import_errors(ctx: &mut Ctx<'_>, outcome: ImportOutcome) -> Answer<Saved> {
    ctx.backend.with(|db| {
        let name = import::error_sheet_name(&outcome, jalali::to_jalali(jalali::today()));
        let path = files::target_in(&taavon_core::db::exports_dir(), &name)?;
        let opts = settings::get(db.conn())?.export_options();
        import::write_error_sheet(&outcome, &path, &opts)
    })
}

// ---------------------------------------------------------------------------
// Backups, restore and the health check

fn backups_dir(ctx: &Ctx<'_>) -> Answer<PathBuf> {
    ctx.backend
        .path()
        .map(|p| taavon_core::backup::dir_for_file(p))
        .ok_or_else(|| to_body(taavon_core::Error::Unavailable))
}

/// What waits on the clerk today, with the backups of the folder in use.
pub fn waiting(ctx: &mut Ctx<'_>) -> Answer<Vec<WaitingItem>> {
    let dir = backups_dir(ctx)?;
    ctx.read(|c| taavon_core::waiting::waiting(c, &dir, jalali::today()))
}

/// The backups beside the database, newest first. Works even when the
/// database itself could not be opened.
pub fn list_backups(ctx: &mut Ctx<'_>) -> Answer<Vec<BackupInfo>> {
    Ok(taavon_core::backup::list(&backups_dir(ctx)?))
}

pub fn backup_now(ctx: &mut Ctx<'_>) -> Answer<BackupInfo> {
    let dir = backups_dir(ctx)?;
    ctx.read(|c| taavon_core::backup::create(c, &dir, BackupKind::Manual))
}

pub fn pick_backup_target(ctx: &mut Ctx<'_>) -> Answer<Option<String>> {
    let name = taavon_core::backup::save_as_name(jalali::to_jalali(jalali::today()));
    Ok(ctx
        .host
        .save_file(&name, FileKind::Backup)
        .map(|p| p.display().to_string()))
}

/// Saves a checked backup where the clerk chose (a USB stick).
pub fn save_backup_as(ctx: &mut Ctx<'_>, path: String) -> Answer<Saved> {
    let target = PathBuf::from(path);
    ctx.read(|c| taavon_core::backup::save_as(c, &target))?;
    Ok(Saved::new(&target))
}

pub fn pick_backup_file(ctx: &mut Ctx<'_>) -> Answer<Option<String>> {
    Ok(ctx
        .host
        .pick_file(FileKind::Backup)
        .map(|p| p.display().to_string()))
}

/// What a file offered for restore holds, checked before anything is done.
pub fn inspect_backup(_ctx: &mut Ctx<'_>, path: String) -> Answer<BackupCheck> {
    taavon_core::backup::inspect(&PathBuf::from(path)).map_err(to_body)
}

/// Restores a backup (one of the list, or a file): the current data is
/// backed up first, and the window goes on with the restored data.
pub fn restore_backup(ctx: &mut Ctx<'_>, path: String) -> Answer<Saved> {
    let dir = backups_dir(ctx)?;
    if !ctx.backend.is_open() {
        // The database is damaged or did not open: the backup takes the
        // file's place and the damaged one is kept aside.
        let kept = ctx.backend.replace_with(std::path::Path::new(&path))?;
        return Ok(Saved::new(kept.unwrap_or_default()));
    }
    ctx.backend.with(|db| {
        let kept = taavon_core::backup::restore(db, &PathBuf::from(&path), &dir)?;
        Ok(Saved::new(kept))
    })
}

/// When the database is damaged: the newest good backup takes its place
/// (the damaged file is kept aside) and the app opens it.
pub fn restore_newest_backup(ctx: &mut Ctx<'_>) -> Answer<BackupInfo> {
    ctx.backend.restore_newest()
}

/// The full integrity check, on request.
pub fn check_database(ctx: &mut Ctx<'_>) -> Answer<Option<String>> {
    ctx.backend.with(|db| {
        Ok(
            taavon_core::backup::integrity_problem(db.conn(), false)?.map(|detail| {
                tracing::error!(detail, "integrity check failed");
                "ساختار درونی پرونده آسیب دیده است؛ آخرین پشتیبان سالم را بازگردانید.".to_owned()
            }),
        )
    })
}

// ---------------------------------------------------------------------------
// The dashboard and the monthly report

pub fn dashboard(ctx: &mut Ctx<'_>, period: PeriodInput) -> Answer<Figures> {
    ctx.backend.with(|db| {
        let period = period.validate()?;
        ctx.backend
            .figures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .figures(db, &period, Some(20))
    })
}

pub fn save_report_pdf(ctx: &mut Ctx<'_>, period: PeriodInput) -> Answer<Saved> {
    let period = period.validate().map_err(|e| to_body(e.into()))?;
    let path = files::target_in(&taavon_core::db::exports_dir(), &period.file_name("pdf"))
        .map_err(to_body)?;
    ctx.host.print_pdf(&path).map_err(|e| {
        tracing::warn!(error = %e, "could not print the report to a PDF");
        to_body(taavon_core::Error::Refused(format!(
            "پروندهٔ PDF گزارش ساخته نشد: {e}"
        )))
    })?;
    Ok(Saved::new(&path))
}

/// Writes the monthly report workbook to the exports folder, named after
/// its period as the command line names it.
pub fn export_report(ctx: &mut Ctx<'_>, period: PeriodInput) -> Answer<Saved> {
    ctx.backend.with(|db| {
        let period = period.validate()?;
        let name = xlsx::report_file_name(&period);
        let path = files::target_in(&taavon_core::db::exports_dir(), &name)?;
        let opts = settings::get(db.conn())?.export_options();
        xlsx::export_report(db.conn(), &period, &path, &opts)
    })
}

// The audit log

pub fn search_audit(
    ctx: &mut Ctx<'_>,
    filter: AuditFilter,
    page: PageRequest,
) -> Answer<Page<AuditRow>> {
    ctx.read(|c| taavon_core::audit::search(c, &filter, page))
}

/// Writes the filtered audit log to the exports folder.
pub fn export_audit(ctx: &mut Ctx<'_>, filter: AuditFilter) -> Answer<Saved> {
    ctx.backend.with(|db| {
        let name = taavon_core::audit::export_file_name(jalali::to_jalali(jalali::today()));
        let path = files::target_in(&taavon_core::db::exports_dir(), &name)?;
        let opts = settings::get(db.conn())?.export_options();
        Ok(taavon_core::audit::export(db.conn(), &filter, &path, &opts)?.1)
    })
}

/// Writes one of the screens' lists into the exports folder under the
/// day's name for it.
fn export_list(
    ctx: &Ctx<'_>,
    list: xlsx::ListSheet,
    write: impl FnOnce(&rusqlite::Connection, &Path, &xlsx::ExportOptions) -> taavon_core::Result<Saved>,
) -> Answer<Saved> {
    ctx.backend.with(|db| {
        let name = list.file_name(jalali::to_jalali(jalali::today()));
        let path = files::target_in(&taavon_core::db::exports_dir(), &name)?;
        let opts = settings::get(db.conn())?.export_options();
        write(db.conn(), &path, &opts)
    })
}

pub fn export_orgs(ctx: &mut Ctx<'_>, filter: OrgFilter) -> Answer<Saved> {
    export_list(ctx, xlsx::ListSheet::Orgs, |c, path, opts| {
        xlsx::export_orgs(c, &filter, path, opts)
    })
}

pub fn export_people(ctx: &mut Ctx<'_>, query: String) -> Answer<Saved> {
    export_list(ctx, xlsx::ListSheet::People, |c, path, opts| {
        xlsx::export_people(c, &query, path, opts)
    })
}

pub fn export_needs(ctx: &mut Ctx<'_>, filter: NeedFilter) -> Answer<Saved> {
    export_list(ctx, xlsx::ListSheet::Needs, |c, path, opts| {
        xlsx::export_needs(c, &filter, path, opts)
    })
}

pub fn export_rounds(ctx: &mut Ctx<'_>) -> Answer<Saved> {
    export_list(ctx, xlsx::ListSheet::Rounds, xlsx::export_rounds)
}

/// The file is named after the round's number: `referrals-round-03-….xlsx`.
pub fn export_referrals(ctx: &mut Ctx<'_>, round_id: i64) -> Answer<Saved> {
    let number = ctx.read(|c| rounds::get_round(c, round_id))?.number;
    export_list(ctx, xlsx::ListSheet::Referrals(number), |c, path, opts| {
        xlsx::export_referrals(c, round_id, path, opts)
    })
}

pub fn export_quota(ctx: &mut Ctx<'_>) -> Answer<Saved> {
    export_list(ctx, xlsx::ListSheet::Quota, xlsx::export_quota)
}

pub fn show_in_folder(ctx: &mut Ctx<'_>, path: String) -> Answer<()> {
    ctx.host.show_in_folder(Path::new(&path)).map_err(|e| {
        tracing::warn!(error = %e, path, "could not open the file manager");
        to_body(taavon_core::Error::Refused(format!(
            "پوشهٔ پرونده باز نشد. پرونده در این نشانی است: {path}"
        )))
    })
}

pub fn preview_org_merge(ctx: &mut Ctx<'_>, input: OrgMergeInput) -> Answer<OrgMerge> {
    ctx.backend
        .with(|db| merge::merge_orgs(db, &input, merge::Mode::Preview))
}

pub fn merge_orgs(ctx: &mut Ctx<'_>, input: OrgMergeInput) -> Answer<OrgMerge> {
    ctx.backend
        .with(|db| merge::merge_orgs(db, &input, merge::Mode::Confirm))
}

pub fn preview_person_merge(ctx: &mut Ctx<'_>, input: PersonMergeInput) -> Answer<PersonMerge> {
    ctx.backend
        .with(|db| merge::merge_people(db, &input, merge::Mode::Preview))
}

pub fn merge_people(ctx: &mut Ctx<'_>, input: PersonMergeInput) -> Answer<PersonMerge> {
    ctx.backend
        .with(|db| merge::merge_people(db, &input, merge::Mode::Confirm))
}
