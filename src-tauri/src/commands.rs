//! IPC commands: each a few lines over the core. Every command must also be
//! listed in `build.rs` and granted in `capabilities/main.json`, or the
//! webview cannot call it.

use std::path::PathBuf;

use serde::Serialize;
use taavon_core::audit::{AuditFilter, AuditRow};
use taavon_core::backup::{BackupCheck, BackupInfo, BackupKind};
use taavon_core::catalog::{
    self, CourseFilter, CourseInput, CourseView, ProviderInput, ProviderView,
};
use taavon_core::db::Db;
use taavon_core::demo::{self, DemoConfig, DemoSummary, Progress};
use taavon_core::error::ErrorBody;
use taavon_core::files::{self, Saved};
use taavon_core::ids::NationalCode;
use taavon_core::import::{self, ImportOutcome, ImportRequest, Layout};
use taavon_core::jalali::{self, MonthGrid};
use taavon_core::model::NeedStatus;
use taavon_core::model::{ImportKind, RoundStatus};
use taavon_core::needs::{
    self, CampaignInput, CampaignView, HistoryEntry, NeedFilter, NeedInput, NeedView, NomineeView,
    Roadmap, Suggestion,
};
use taavon_core::registry::{
    self, Counts, MembershipInput, MembershipView, NamedItem, NamedList, OrgDetail, OrgFilter,
    OrgInput, OrgView, Page, PageRequest, PersonDetail, PersonInput, PersonView, StartState,
};
use taavon_core::rounds::{
    self, BuildReport, CandidateFilter, CandidateList, QuotaInput, QuotaView, ReferralUpdate,
    ReferralView, RoundInput, RoundLetter, RoundMove, RoundView, StatusEntry,
};
use taavon_core::settings::{self, Settings};
use taavon_core::xlsx::{self, ImportReport};
use tauri::ipc::Channel;
use tauri::State;

use crate::state::{to_body, AppState};

type Answer<T> = Result<T, ErrorBody>;

/// Product name and version of the running build, and where its data,
/// backups and exports are (the guide shows them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    pub db_path: Option<String>,
    pub backups_dir: Option<String>,
    pub exports_dir: String,
}

#[tauri::command]
pub fn app_info(app: tauri::AppHandle, state: State<AppState>) -> AppInfo {
    let package = app.package_info();
    AppInfo {
        name: package.name.clone(),
        version: package.version.to_string(),
        db_path: state.path().map(|p| p.display().to_string()),
        backups_dir: state
            .path()
            .map(|p| taavon_core::backup::dir_for_file(p).display().to_string()),
        exports_dir: taavon_core::db::exports_dir().display().to_string(),
    }
}

#[tauri::command]
pub fn start_state(state: State<AppState>) -> Answer<StartState> {
    state.with(|db| registry::start_state(db.conn()))
}

#[tauri::command]
pub fn start_empty(state: State<AppState>) -> Answer<()> {
    state.with(|db| db.write(registry::mark_started))
}

/// Generates sample data on a second connection, off the UI thread, so the
/// window stays responsive and the progress bar moves.
#[tauri::command]
pub async fn load_demo(
    config: DemoConfig,
    on_progress: Channel<Progress>,
    state: State<'_, AppState>,
) -> Answer<DemoSummary> {
    // A database that did not open answers with its own reason.
    state.with(|_| Ok(()))?;
    let path = state
        .path()
        .cloned()
        .ok_or_else(|| to_body(taavon_core::Error::Unavailable))?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut db = Db::open(&path).map_err(to_body)?;
        let summary = demo::generate(&mut db, &config, &mut |p| on_progress.send(p).is_ok())
            .map_err(to_body)?;
        db.write(registry::mark_started).map_err(to_body)?;
        Ok(summary)
    })
    .await
    .map_err(|e| {
        to_body(taavon_core::Error::Refused(format!(
            "ساخت داده‌های نمونه متوقف شد: {e}"
        )))
    })?
}

#[tauri::command]
pub fn registry_counts(state: State<AppState>) -> Answer<Counts> {
    state.with(|db| registry::counts(db.conn()))
}

#[tauri::command]
pub fn search_people(
    query: String,
    page: PageRequest,
    state: State<AppState>,
) -> Answer<Page<PersonView>> {
    state.with(|db| registry::search_people(db.conn(), &query, page))
}

#[tauri::command]
pub fn person_detail(national_code: String, state: State<AppState>) -> Answer<PersonDetail> {
    state.with(|db| registry::person_detail(db.conn(), &NationalCode::parse(&national_code)?))
}

#[tauri::command]
pub fn add_person(input: PersonInput, state: State<AppState>) -> Answer<PersonView> {
    state.with(|db| {
        let person = input.validate()?;
        db.write(|tx| registry::add_person(tx, &person))
    })
}

#[tauri::command]
pub fn update_person(
    national_code: String,
    input: PersonInput,
    state: State<AppState>,
) -> Answer<PersonView> {
    state.with(|db| {
        let code = NationalCode::parse(&national_code)?;
        let person = input.validate()?;
        db.write(|tx| registry::update_person(tx, &code, &person))
    })
}

#[tauri::command]
pub fn search_orgs(
    filter: OrgFilter,
    page: PageRequest,
    state: State<AppState>,
) -> Answer<Page<OrgView>> {
    state.with(|db| registry::search_orgs(db.conn(), &filter, page))
}

#[tauri::command]
pub fn org_detail(id: i64, state: State<AppState>) -> Answer<OrgDetail> {
    state.with(|db| registry::org_detail_by_id(db.conn(), id))
}

#[tauri::command]
pub fn add_org(input: OrgInput, state: State<AppState>) -> Answer<OrgView> {
    state.with(|db| {
        let org = input.validate()?;
        db.write(|tx| registry::add_org(tx, &org))
    })
}

#[tauri::command]
pub fn update_org(id: i64, input: OrgInput, state: State<AppState>) -> Answer<OrgView> {
    state.with(|db| {
        let org = input.validate()?;
        db.write(|tx| registry::update_org(tx, id, &org))
    })
}

#[tauri::command]
pub fn add_membership(input: MembershipInput, state: State<AppState>) -> Answer<MembershipView> {
    state.with(|db| {
        let m = input.validate()?;
        db.write(|tx| registry::add_membership(tx, &m))
    })
}

#[tauri::command]
pub fn list_named(list: NamedList, state: State<AppState>) -> Answer<Vec<NamedItem>> {
    state.with(|db| list.list(db.conn()))
}

#[tauri::command]
pub fn add_named(list: NamedList, name: String, state: State<AppState>) -> Answer<NamedItem> {
    state.with(|db| db.write(|tx| list.add(tx, &name)))
}

#[tauri::command]
pub fn update_named(
    list: NamedList,
    id: i64,
    name: String,
    active: bool,
    state: State<AppState>,
) -> Answer<NamedItem> {
    state.with(|db| db.write(|tx| list.update(tx, id, &name, active)))
}

/// A Jalali month for the date picker; no year or month means this month.
#[tauri::command]
pub fn jalali_month(year: Option<i32>, month: Option<u8>) -> Answer<MonthGrid> {
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

#[tauri::command]
pub fn search_courses(filter: CourseFilter, state: State<AppState>) -> Answer<Vec<CourseView>> {
    state.with(|db| catalog::search_courses(db.conn(), &filter))
}

#[tauri::command]
pub fn add_course(input: CourseInput, state: State<AppState>) -> Answer<CourseView> {
    state.with(|db| {
        let course = input.validate()?;
        db.write(|tx| catalog::add_course(tx, &course))
    })
}

#[tauri::command]
pub fn update_course(id: i64, input: CourseInput, state: State<AppState>) -> Answer<CourseView> {
    state.with(|db| {
        let course = input.validate()?;
        db.write(|tx| catalog::update_course(tx, id, &course))
    })
}

#[tauri::command]
pub fn list_providers(state: State<AppState>) -> Answer<Vec<ProviderView>> {
    state.with(|db| catalog::list_providers(db.conn()))
}

#[tauri::command]
pub fn add_provider(input: ProviderInput, state: State<AppState>) -> Answer<ProviderView> {
    state.with(|db| db.write(|tx| catalog::add_provider(tx, &input)))
}

// ---------------------------------------------------------------------------
// Needs assessment and roadmaps

#[tauri::command]
pub fn list_campaigns(state: State<AppState>) -> Answer<Vec<CampaignView>> {
    state.with(|db| needs::list_campaigns(db.conn()))
}

#[tauri::command]
pub fn add_campaign(input: CampaignInput, state: State<AppState>) -> Answer<CampaignView> {
    state.with(|db| db.write(|tx| needs::add_campaign(tx, &input)))
}

#[tauri::command]
pub fn list_needs(filter: NeedFilter, state: State<AppState>) -> Answer<Vec<NeedView>> {
    state.with(|db| needs::list_needs(db.conn(), &filter))
}

#[tauri::command]
pub fn add_need(input: NeedInput, state: State<AppState>) -> Answer<NeedView> {
    state.with(|db| {
        let need = input.validate()?;
        db.write(|tx| needs::add_need(tx, &need))
    })
}

#[tauri::command]
pub fn set_need_status(
    id: i64,
    to: NeedStatus,
    reason: String,
    approved: Option<u32>,
    state: State<AppState>,
) -> Answer<NeedView> {
    state.with(|db| db.write(|tx| needs::set_status(tx, id, to, &reason, approved)))
}

#[tauri::command]
pub fn approve_needs(
    ids: Vec<i64>,
    reason: String,
    state: State<AppState>,
) -> Answer<Vec<NeedView>> {
    state.with(|db| db.write(|tx| needs::approve_all(tx, &ids, &reason)))
}

#[tauri::command]
pub fn need_history(id: i64, state: State<AppState>) -> Answer<Vec<HistoryEntry>> {
    state.with(|db| needs::need_history(db.conn(), id))
}

#[tauri::command]
pub fn list_nominees(need_id: i64, state: State<AppState>) -> Answer<Vec<NomineeView>> {
    state.with(|db| needs::list_nominees(db.conn(), need_id))
}

#[tauri::command]
pub fn add_nominee(
    need_id: i64,
    national_code: String,
    state: State<AppState>,
) -> Answer<NomineeView> {
    state.with(|db| {
        let code = NationalCode::parse(&national_code)?;
        db.write(|tx| needs::add_nominee(tx, need_id, &code))
    })
}

#[tauri::command]
pub fn withdraw_nominee(need_id: i64, national_code: String, state: State<AppState>) -> Answer<()> {
    state.with(|db| {
        let code = NationalCode::parse(&national_code)?;
        db.write(|tx| needs::withdraw_nominee(tx, need_id, &code))
    })
}

#[tauri::command]
pub fn suggest_courses(organization_id: i64, state: State<AppState>) -> Answer<Vec<Suggestion>> {
    state.with(|db| needs::suggest_courses(db.conn(), organization_id))
}

#[tauri::command]
pub fn roadmap(organization_id: i64, state: State<AppState>) -> Answer<Roadmap> {
    state.with(|db| needs::roadmap(db.conn(), organization_id))
}

#[tauri::command]
pub fn reorder_roadmap(organization_id: i64, ids: Vec<i64>, state: State<AppState>) -> Answer<()> {
    state.with(|db| db.write(|tx| needs::reorder(tx, organization_id, &ids)))
}

// ---------------------------------------------------------------------------
// Files

/// Names the file the open dialog answers with, for end-to-end tests.
pub const PICK_FILE_ENV: &str = "TAAVON_PICK_FILE";

/// Asks for a spreadsheet to import with the system's open dialog, shown
/// from Rust so the webview never gets file-system access.
#[tauri::command]
pub async fn pick_import_file(app: tauri::AppHandle) -> Option<String> {
    use tauri_plugin_dialog::DialogExt;
    // Automated tests of the real window cannot click through the system's
    // dialog; they name the file here instead.
    if let Some(path) = std::env::var_os(PICK_FILE_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path).display().to_string());
    }
    app.dialog()
        .file()
        .add_filter("Excel / LibreOffice / CSV", &["xlsx", "xls", "ods", "csv"])
        .blocking_pick_file()
        .and_then(|f| f.into_path().ok())
        .map(|p| p.display().to_string())
}

/// Reads a TVTO standards list: `dry_run` only reports what would happen;
/// otherwise everything is written, or nothing if any row is rejected.
#[tauri::command]
pub fn import_courses(path: String, dry_run: bool, state: State<AppState>) -> Answer<ImportReport> {
    let path = PathBuf::from(path);
    state.with(|db| {
        if dry_run {
            db.write(|tx| xlsx::preview_courses(tx, &path))
        } else {
            db.write(|tx| xlsx::import_courses(tx, &path))
        }
    })
}

/// Writes the cooperative's roadmap to the exports folder, under an ASCII
/// name that survives any email program.
#[tauri::command]
pub fn export_roadmap(organization_id: i64, state: State<AppState>) -> Answer<Saved> {
    state.with(|db| {
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

#[tauri::command]
pub fn get_settings(state: State<AppState>) -> Answer<Settings> {
    state.with(|db| settings::get(db.conn()))
}

#[tauri::command]
pub fn save_settings(input: Settings, state: State<AppState>) -> Answer<Settings> {
    state.with(|db| db.write(|tx| settings::save(tx, &input)))
}

#[tauri::command]
pub fn list_quota(state: State<AppState>) -> Answer<Vec<QuotaView>> {
    state.with(|db| rounds::list_quota(db.conn()))
}

#[tauri::command]
pub fn set_quota(input: QuotaInput, state: State<AppState>) -> Answer<QuotaView> {
    state.with(|db| db.write(|tx| rounds::set_quota(tx, &input)))
}

#[tauri::command]
pub fn set_quota_cap(
    period_id: i64,
    course_id: Option<i64>,
    provider_id: Option<i64>,
    seats: Option<String>,
    state: State<AppState>,
) -> Answer<QuotaView> {
    state.with(|db| {
        db.write(|tx| rounds::set_cap(tx, period_id, course_id, provider_id, seats.as_deref()))
    })
}

#[tauri::command]
pub fn list_rounds(state: State<AppState>) -> Answer<Vec<RoundView>> {
    state.with(|db| rounds::list_rounds(db.conn()))
}

#[tauri::command]
pub fn get_round(id: i64, state: State<AppState>) -> Answer<RoundView> {
    state.with(|db| rounds::get_round(db.conn(), id))
}

#[tauri::command]
pub fn new_round(input: RoundInput, state: State<AppState>) -> Answer<RoundView> {
    state.with(|db| db.write(|tx| rounds::new_round(tx, &input)))
}

#[tauri::command]
pub fn round_candidates(
    round_id: i64,
    filter: CandidateFilter,
    state: State<AppState>,
) -> Answer<CandidateList> {
    state.with(|db| rounds::candidates(db.conn(), round_id, &filter))
}

#[tauri::command]
pub fn build_round(round_id: i64, state: State<AppState>) -> Answer<BuildReport> {
    state.with(|db| db.write(|tx| rounds::build_round(tx, round_id)))
}

#[tauri::command]
pub fn add_candidate(
    round_id: i64,
    nominee_id: i64,
    reason: String,
    override_reason: Option<String>,
    state: State<AppState>,
) -> Answer<ReferralView> {
    state.with(|db| {
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

#[tauri::command]
pub fn remove_referral(
    referral_id: i64,
    reason: String,
    state: State<AppState>,
) -> Answer<ReferralView> {
    state.with(|db| db.write(|tx| rounds::remove_referral(tx, referral_id, &reason)))
}

#[tauri::command]
pub fn set_round_status(
    round_id: i64,
    status: RoundStatus,
    details: RoundMove,
    state: State<AppState>,
) -> Answer<RoundView> {
    state.with(|db| db.write(|tx| rounds::set_round_status(tx, round_id, status, &details)))
}

#[tauri::command]
pub fn list_referrals(round_id: i64, state: State<AppState>) -> Answer<Vec<ReferralView>> {
    state.with(|db| rounds::referrals(db.conn(), round_id))
}

#[tauri::command]
pub fn update_referral(
    referral_id: i64,
    update: ReferralUpdate,
    state: State<AppState>,
) -> Answer<ReferralView> {
    state.with(|db| db.write(|tx| rounds::update_referral(tx, referral_id, &update)))
}

#[tauri::command]
pub fn referral_history(referral_id: i64, state: State<AppState>) -> Answer<Vec<StatusEntry>> {
    state.with(|db| rounds::referral_history(db.conn(), referral_id))
}

#[tauri::command]
pub fn round_history(round_id: i64, state: State<AppState>) -> Answer<Vec<StatusEntry>> {
    state.with(|db| rounds::round_history(db.conn(), round_id))
}

/// A person's or a cooperative's referrals, newest round first.
#[tauri::command]
pub fn training_history(
    person_id: Option<i64>,
    organization_id: Option<i64>,
    state: State<AppState>,
) -> Answer<Vec<ReferralView>> {
    state.with(|db| rounds::training_history(db.conn(), person_id, organization_id))
}

#[tauri::command]
pub fn round_letter(round_id: i64, state: State<AppState>) -> Answer<RoundLetter> {
    state.with(|db| rounds::round_letter(db.conn(), round_id))
}

/// Writes the round's TVTO sheet to the exports folder under its ASCII
/// name (`round-03-1404-09.xlsx`).
fn write_round_sheet(db: &Db, round_id: i64) -> taavon_core::Result<Saved> {
    let round = rounds::get_round(db.conn(), round_id)?;
    let path = files::target_in(&taavon_core::db::exports_dir(), &round.file_name)?;
    let opts = settings::get(db.conn())?.export_options();
    Ok(xlsx::export_round(db.conn(), round_id, &path, &opts)?.1)
}

#[tauri::command]
pub fn export_round(round_id: i64, state: State<AppState>) -> Answer<Saved> {
    state.with(|db| write_round_sheet(db, round_id))
}

/// Writes the sheet afresh and a draft email with it attached; the UI then
/// shows the draft in the file manager.
#[tauri::command]
pub fn prepare_email(round_id: i64, state: State<AppState>) -> Answer<Saved> {
    state.with(|db| {
        let sheet = write_round_sheet(db, round_id)?;
        taavon_core::mail::prepare_email(db.conn(), round_id, sheet.path())
    })
}

// ---------------------------------------------------------------------------
// Importing lists and the TVTO's feedback

#[tauri::command]
pub fn inspect_import(
    path: String,
    sheet: Option<String>,
    kind: ImportKind,
    state: State<AppState>,
) -> Answer<Layout> {
    state.with(|db| import::inspect(db.conn(), &PathBuf::from(&path), sheet.as_deref(), kind))
}

/// Runs an import (or its preview) on a second connection, off the UI
/// thread, streaming progress; `cancel_import` stops it with nothing written.
#[tauri::command]
pub async fn run_import(
    path: String,
    request: ImportRequest,
    on_progress: Channel<Progress>,
    state: State<'_, AppState>,
) -> Answer<ImportOutcome> {
    use std::sync::atomic::Ordering;
    state.with(|_| Ok(()))?;
    let db_path = state
        .path()
        .cloned()
        .ok_or_else(|| to_body(taavon_core::Error::Unavailable))?;
    let cancel = state.cancel_import.clone();
    cancel.store(false, Ordering::SeqCst);
    tauri::async_runtime::spawn_blocking(move || {
        let mut db = Db::open(&db_path).map_err(to_body)?;
        import::run(&mut db, &PathBuf::from(&path), &request, &mut |p| {
            on_progress.send(p).is_ok() && !cancel.load(Ordering::SeqCst)
        })
        .map_err(to_body)
    })
    .await
    .map_err(|e| {
        to_body(taavon_core::Error::Refused(format!(
            "ورود اطلاعات متوقف شد و چیزی ذخیره نشد: {e}"
        )))
    })?
}

#[tauri::command]
pub fn cancel_import(state: State<AppState>) {
    state
        .cancel_import
        .store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Writes the rejected rows of an import to the exports folder.
#[tauri::command]
pub fn save_import_errors(outcome: ImportOutcome, state: State<AppState>) -> Answer<Saved> {
    state.with(|db| {
        let name = import::error_sheet_name(&outcome, jalali::to_jalali(jalali::today()));
        let path = files::target_in(&taavon_core::db::exports_dir(), &name)?;
        let opts = settings::get(db.conn())?.export_options();
        import::write_error_sheet(&outcome, &path, &opts)
    })
}

// ---------------------------------------------------------------------------
// Backups, restore and the health check

fn backups_dir(state: &AppState) -> Result<PathBuf, ErrorBody> {
    state
        .path()
        .map(|p| taavon_core::backup::dir_for_file(p))
        .ok_or_else(|| to_body(taavon_core::Error::Unavailable))
}

/// The backups beside the database, newest first. Works even when the
/// database itself could not be opened.
#[tauri::command]
pub fn list_backups(state: State<AppState>) -> Answer<Vec<BackupInfo>> {
    Ok(taavon_core::backup::list(&backups_dir(&state)?))
}

#[tauri::command]
pub fn backup_now(state: State<AppState>) -> Answer<BackupInfo> {
    let dir = backups_dir(&state)?;
    state.with(|db| taavon_core::backup::create(db.conn(), &dir, BackupKind::Manual))
}

/// Saves a checked backup where the clerk chooses (a USB stick), with the
/// system's save dialog shown from Rust. `None` when the clerk cancels.
#[tauri::command]
pub async fn save_backup_as(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Answer<Option<Saved>> {
    use tauri_plugin_dialog::DialogExt;
    let name = taavon_core::backup::save_as_name(jalali::to_jalali(jalali::today()));
    let chosen = match std::env::var_os(SAVE_FILE_ENV).filter(|p| !p.is_empty()) {
        Some(p) => Some(PathBuf::from(p)),
        None => app
            .dialog()
            .file()
            .set_file_name(&name)
            .add_filter("Taavon backup", &["db"])
            .blocking_save_file()
            .and_then(|f| f.into_path().ok()),
    };
    let Some(target) = chosen else {
        return Ok(None);
    };
    state.with(|db| taavon_core::backup::save_as(db.conn(), &target))?;
    Ok(Some(Saved::new(&target)))
}

/// Names the file the save dialog answers with, for end-to-end tests.
pub const SAVE_FILE_ENV: &str = "TAAVON_SAVE_FILE";

/// Asks for a backup file to restore, with the system's open dialog.
#[tauri::command]
pub async fn pick_backup_file(app: tauri::AppHandle) -> Option<String> {
    use tauri_plugin_dialog::DialogExt;
    if let Some(path) = std::env::var_os(PICK_FILE_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path).display().to_string());
    }
    app.dialog()
        .file()
        .add_filter("Taavon backup", &["db"])
        .blocking_pick_file()
        .and_then(|f| f.into_path().ok())
        .map(|p| p.display().to_string())
}

/// What a file offered for restore holds, checked before anything is done.
#[tauri::command]
pub fn inspect_backup(path: String) -> Answer<BackupCheck> {
    taavon_core::backup::inspect(&PathBuf::from(path)).map_err(to_body)
}

/// Restores a backup (one of the list, or a file): the current data is
/// backed up first, and the window goes on with the restored data.
#[tauri::command]
pub fn restore_backup(path: String, state: State<AppState>) -> Answer<Saved> {
    let dir = backups_dir(&state)?;
    if !state.is_open() {
        // The database is damaged or did not open: the backup takes the
        // file's place and the damaged one is kept aside.
        let kept = state.replace_with(std::path::Path::new(&path))?;
        return Ok(Saved::new(kept.unwrap_or_default()));
    }
    state.with(|db| {
        let kept = taavon_core::backup::restore(db, &PathBuf::from(&path), &dir)?;
        Ok(Saved::new(kept))
    })
}

/// When the database is damaged: the newest good backup takes its place
/// (the damaged file is kept aside) and the app opens it.
#[tauri::command]
pub fn restore_newest_backup(state: State<AppState>) -> Answer<BackupInfo> {
    state.restore_newest()
}

/// The full integrity check, on request.
#[tauri::command]
pub fn check_database(state: State<AppState>) -> Answer<Option<String>> {
    state.with(|db| {
        Ok(
            taavon_core::backup::integrity_problem(db.conn(), false)?.map(|detail| {
                tracing::error!(detail, "integrity check failed");
                "ساختار درونی پرونده آسیب دیده است؛ آخرین پشتیبان سالم را بازگردانید.".to_owned()
            }),
        )
    })
}

// ---------------------------------------------------------------------------
// The audit log

#[tauri::command]
pub fn search_audit(
    filter: AuditFilter,
    page: PageRequest,
    state: State<AppState>,
) -> Answer<Page<AuditRow>> {
    state.with(|db| taavon_core::audit::search(db.conn(), &filter, page))
}

/// Writes the filtered audit log to the exports folder.
#[tauri::command]
pub fn export_audit(filter: AuditFilter, state: State<AppState>) -> Answer<Saved> {
    state.with(|db| {
        let name = taavon_core::audit::export_file_name(jalali::to_jalali(jalali::today()));
        let path = files::target_in(&taavon_core::db::exports_dir(), &name)?;
        let opts = settings::get(db.conn())?.export_options();
        Ok(taavon_core::audit::export(db.conn(), &filter, &path, &opts)?.1)
    })
}

/// Opens the file manager with the file selected.
#[tauri::command]
pub fn show_in_folder(path: String) -> Answer<()> {
    opener::reveal(&path).map_err(|e| {
        tracing::warn!(error = %e, path, "could not open the file manager");
        to_body(taavon_core::Error::Refused(format!(
            "پوشهٔ پرونده باز نشد. پرونده در این نشانی است: {path}"
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // `ui/src/lib/api.ts` reads exactly these keys.
    #[test]
    fn app_info_json_shape_matches_the_ui() {
        let info = AppInfo {
            name: "Taavon Training Desk".to_owned(),
            version: "0.1.0".to_owned(),
            db_path: Some("/data/taavon.db".to_owned()),
            backups_dir: Some("/data/backups".to_owned()),
            exports_dir: "/home/clerk/Documents/Taavon".to_owned(),
        };
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "name": "Taavon Training Desk",
                "version": "0.1.0",
                "db_path": "/data/taavon.db",
                "backups_dir": "/data/backups",
                "exports_dir": "/home/clerk/Documents/Taavon",
            })
        );
    }

    #[test]
    fn errors_cross_ipc_as_code_message_fields() {
        let err = PersonInput {
            national_code: "0684159415".into(),
            ..Default::default()
        }
        .validate()
        .map_err(taavon_core::Error::from)
        .map_err(to_body)
        .unwrap_err();
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "invalid_input");
        assert_eq!(json["fields"][0]["field"], "national_code");
        assert_eq!(json["fields"][1]["field"], "first_name");
        assert!(json["message"].as_str().unwrap().contains("«کد ملی»"));
    }

    #[test]
    fn jalali_month_defaults_to_this_month_and_refuses_month_13() {
        let now = jalali::to_jalali(jalali::today());
        let grid = jalali_month(None, None).unwrap();
        assert_eq!((grid.year, grid.month), (now.year, now.month));
        assert_eq!(
            jalali_month(Some(1404), Some(13)).unwrap_err().code,
            "refused"
        );
    }
}
