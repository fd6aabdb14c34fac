// Every command the window may call: its name, arguments and answer, once.
//
// From this list come the dispatch (`crate::dispatch`, used by the desktop
// shell and the development bridge), the ACL manifest and the capability
// (`src-tauri/build.rs` includes this file) and the typed TypeScript
// functions in `ui/src/lib/bindings.ts`. Each line has one function of the
// same name in `crate::commands`. `progress` marks a command that reports
// its progress as it goes.
//
// This file is included, not a module, so that the build script can read
// it with a macro of its own; keep it to the one `commands!` call.

commands! {
    /// Product name and version, and where its data, backups and exports are.
    app_info() -> AppInfo;
    /// Whether the clerk has started: with sample data, empty, or not yet.
    start_state() -> StartState;
    /// Starts with an empty register.
    start_empty() -> ();
    /// Generates sample data on a second connection.
    load_demo(config: DemoConfig) -> DemoSummary, progress;
    registry_counts() -> Counts;
    search_people(query: String, page: PageRequest) -> Page<PersonView>;
    person_detail(national_code: String) -> PersonDetail;
    add_person(input: PersonInput) -> PersonView;
    update_person(national_code: String, input: PersonInput) -> PersonView;
    search_orgs(filter: OrgFilter, page: PageRequest) -> Page<OrgView>;
    org_detail(id: i64) -> OrgDetail;
    add_org(input: OrgInput) -> OrgView;
    update_org(id: i64, input: OrgInput) -> OrgView;
    add_membership(input: MembershipInput) -> MembershipView;
    list_named(list: NamedList) -> Vec<NamedItem>;
    add_named(list: NamedList, name: String) -> NamedItem;
    update_named(list: NamedList, id: i64, name: String, active: bool) -> NamedItem;
    /// A Jalali month for the date picker; no year or month means this month.
    jalali_month(year: Option<i32>, month: Option<u8>) -> MonthGrid;

    search_courses(filter: CourseFilter) -> Vec<CourseView>;
    add_course(input: CourseInput) -> CourseView;
    update_course(id: i64, input: CourseInput) -> CourseView;
    list_providers() -> Vec<ProviderView>;
    add_provider(input: ProviderInput) -> ProviderView;

    list_campaigns() -> Vec<CampaignView>;
    add_campaign(input: CampaignInput) -> CampaignView;
    list_needs(filter: NeedFilter) -> Vec<NeedView>;
    add_need(input: NeedInput) -> NeedView;
    set_need_status(id: i64, to: NeedStatus, reason: String, approved: Option<u32>) -> NeedView;
    approve_needs(ids: Vec<i64>, reason: String) -> Vec<NeedView>;
    need_history(id: i64) -> Vec<HistoryEntry>;
    list_nominees(need_id: i64) -> Vec<NomineeView>;
    add_nominee(need_id: i64, national_code: String) -> NomineeView;
    withdraw_nominee(need_id: i64, national_code: String) -> ();
    suggest_courses(organization_id: i64) -> Vec<Suggestion>;
    roadmap(organization_id: i64) -> Roadmap;
    reorder_roadmap(organization_id: i64, ids: Vec<i64>) -> ();
    /// Writes the cooperative's roadmap to the exports folder.
    export_roadmap(organization_id: i64) -> Saved;

    /// Asks for a spreadsheet to import with the system's open dialog.
    pick_import_file() -> Option<String>;
    /// Reads a TVTO standards list: `dry_run` only reports what would happen.
    import_courses(path: String, dry_run: bool) -> ImportReport;
    /// Opens the file manager with the file selected.
    show_in_folder(path: String) -> ();

    get_settings() -> Settings;
    save_settings(input: Settings) -> Settings;
    list_quota() -> Vec<QuotaView>;
    set_quota(input: QuotaInput) -> QuotaView;
    set_quota_cap(period_id: i64, course_id: Option<i64>, provider_id: Option<i64>, seats: Option<String>) -> QuotaView;
    list_rounds() -> Vec<RoundView>;
    get_round(id: i64) -> RoundView;
    new_round(input: RoundInput) -> RoundView;
    round_candidates(round_id: i64, filter: CandidateFilter) -> CandidateList;
    build_round(round_id: i64) -> BuildReport;
    add_candidate(round_id: i64, nominee_id: i64, reason: String, override_reason: Option<String>) -> ReferralView;
    remove_referral(referral_id: i64, reason: String) -> ReferralView;
    set_round_status(round_id: i64, status: RoundStatus, details: RoundMove) -> RoundView;
    list_referrals(round_id: i64) -> Vec<ReferralView>;
    update_referral(referral_id: i64, update: ReferralUpdate) -> ReferralView;
    referral_history(referral_id: i64) -> Vec<StatusEntry>;
    round_history(round_id: i64) -> Vec<StatusEntry>;
    /// A person's or a cooperative's referrals, newest round first.
    training_history(person_id: Option<i64>, organization_id: Option<i64>) -> Vec<ReferralView>;
    round_letter(round_id: i64) -> RoundLetter;
    /// Writes the round's TVTO sheet to the exports folder.
    export_round(round_id: i64) -> Saved;
    /// Writes the sheet afresh and a draft email with it attached.
    prepare_email(round_id: i64) -> Saved;

    inspect_import(path: String, sheet: Option<String>, kind: ImportKind) -> Layout;
    /// Runs an import (or its preview) on a second connection; `cancel_import` stops it.
    run_import(path: String, request: ImportRequest) -> ImportOutcome, progress;
    cancel_import() -> ();
    /// Writes the rejected rows of an import to the exports folder.
    save_import_errors(outcome: ImportOutcome) -> Saved;

    /// The backups beside the database, newest first.
    list_backups() -> Vec<BackupInfo>;
    backup_now() -> BackupInfo;
    /// Asks where to save a backup (a USB stick) with the system's save dialog.
    pick_backup_target() -> Option<String>;
    /// Saves a checked backup at the chosen place.
    save_backup_as(path: String) -> Saved;
    /// Asks for a backup file to restore with the system's open dialog.
    pick_backup_file() -> Option<String>;
    /// What a file offered for restore holds, checked before anything is done.
    inspect_backup(path: String) -> BackupCheck;
    /// Restores a backup; the current data is backed up first.
    restore_backup(path: String) -> Saved;
    /// When the database is damaged: the newest good backup takes its place.
    restore_newest_backup() -> BackupInfo;
    /// The full integrity check, on request.
    check_database() -> Option<String>;

    search_audit(filter: AuditFilter, page: PageRequest) -> Page<AuditRow>;
    /// Writes the filtered audit log to the exports folder.
    export_audit(filter: AuditFilter) -> Saved;
}
