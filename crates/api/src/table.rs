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
    /// Loads the sample data, reporting progress as it goes.
    load_demo(config: DemoConfig) -> DemoSummary, progress;
    registry_counts() -> Counts;
    /// What waits on the clerk today, for the home screen; empty when nothing does.
    waiting() -> Vec<WaitingItem>;
    search_people(query: String, page: PageRequest) -> Page<PersonView>;
    /// Writes every person the search finds as a sheet in the exports folder.
    export_people(query: String) -> Saved;
    person_detail(national_code: String) -> PersonDetail;
    add_person(input: PersonInput) -> PersonView;
    update_person(national_code: String, input: PersonInput) -> PersonView;
    search_orgs(filter: OrgFilter, page: PageRequest) -> Page<OrgView>;
    /// Writes every cooperative and union the list finds under the filter as a
    /// sheet in the exports folder.
    export_orgs(filter: OrgFilter) -> Saved;
    org_detail(id: i64) -> OrgDetail;
    add_org(input: OrgInput) -> OrgView;
    update_org(id: i64, input: OrgInput) -> OrgView;
    add_membership(input: MembershipInput) -> MembershipView;
    /// Corrects a membership's role and dates; an overlapping period of the
    /// same role is refused.
    update_membership(id: i64, input: MembershipEdit) -> MembershipView;
    /// Ends a person's role on a Jalali date.
    end_membership(id: i64, end_date: String) -> MembershipView;
    /// A cooperative's unions, or a union's member cooperatives, with their
    /// dates, ended ones too.
    union_links(organization_id: i64) -> Vec<UnionLink>;
    /// Puts a cooperative in a union from a Jalali date (again, after it left).
    join_union(union_id: i64, cooperative_id: i64, start_date: Option<String>) -> UnionLink;
    /// Takes a cooperative out of a union on a Jalali date; the row is kept.
    leave_union(union_id: i64, cooperative_id: i64, end_date: String) -> UnionLink;
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
    update_provider(id: i64, input: ProviderInput) -> ProviderView;

    list_campaigns() -> Vec<CampaignView>;
    add_campaign(input: CampaignInput) -> CampaignView;
    update_campaign(id: i64, input: CampaignInput) -> CampaignView;
    /// Closes a campaign: it takes no new need lines; its lines go on.
    close_campaign(id: i64) -> CampaignView;
    reopen_campaign(id: i64) -> CampaignView;
    list_needs(filter: NeedFilter) -> Vec<NeedView>;
    /// Writes the need lines the list shows under the filter as a sheet in the
    /// exports folder.
    export_needs(filter: NeedFilter) -> Saved;
    add_need(input: NeedInput) -> NeedView;
    /// Corrects a draft or submitted need line; the change goes to its history.
    update_need(id: i64, input: NeedEdit) -> NeedView;
    /// Changes an approved line's head-count, with the reason kept in its
    /// history; never below the people nominated or referred for it.
    set_approved_count(id: i64, approved: String, reason: String) -> NeedView;
    set_need_status(id: i64, to: NeedStatus, reason: String, approved: Option<u32>) -> NeedView;
    /// Approves every line or, if one cannot be, none.
    approve_needs(ids: Vec<i64>, reason: String) -> Vec<NeedView>;
    need_history(id: i64) -> Vec<HistoryEntry>;
    list_nominees(need_id: i64) -> Vec<NomineeView>;
    add_nominee(need_id: i64, national_code: String) -> NomineeView;
    withdraw_nominee(need_id: i64, national_code: String) -> ();
    suggest_courses(organization_id: i64) -> Vec<Suggestion>;
    roadmap(organization_id: i64) -> Roadmap;
    reorder_roadmap(organization_id: i64, ids: Vec<i64>) -> ();
    /// Writes the roadmap workbook into the exports folder; returns its path.
    export_roadmap(organization_id: i64) -> Saved;

    /// Asks for a spreadsheet to import with the system's open dialog.
    pick_import_file() -> Option<String>;
    /// Opens the file manager with the file selected.
    show_in_folder(path: String) -> ();

    get_settings() -> Settings;
    /// Saves every setting, or nothing when one is invalid.
    save_settings(input: Settings) -> Settings;
    list_quota() -> Vec<QuotaView>;
    /// Writes the quota periods and the seats of courses and providers as a
    /// sheet in the exports folder.
    export_quota() -> Saved;
    /// Adds a quota period, or changes the one starting on the same day.
    set_quota(input: QuotaInput) -> QuotaView;
    /// Sets the seats of one course or one provider in a period; empty seats
    /// clear them.
    set_quota_cap(period_id: i64, course_id: Option<i64>, provider_id: Option<i64>, seats: Option<String>) -> QuotaView;
    list_rounds() -> Vec<RoundView>;
    /// Writes the list of rounds as a sheet in the exports folder.
    export_rounds() -> Saved;
    get_round(id: i64) -> RoundView;
    new_round(input: RoundInput) -> RoundView;
    /// The ranked candidates of a round, each with the parts of its score.
    round_candidates(round_id: i64, filter: CandidateFilter) -> CandidateList;
    /// Fills a draft round with the best candidates until it, the quota or the
    /// pool runs out.
    build_round(round_id: i64) -> BuildReport;
    /// Adds one candidate by hand. Past a limit the core answers `quota_exceeded`
    /// unless `overrideReason` says why to go over.
    add_candidate(round_id: i64, nominee_id: i64, reason: String, override_reason: Option<String>) -> ReferralView;
    remove_referral(referral_id: i64, reason: String) -> ReferralView;
    set_round_status(round_id: i64, status: RoundStatus, details: RoundMove) -> RoundView;
    list_referrals(round_id: i64) -> Vec<ReferralView>;
    /// Writes a round's referrals with what became of each (enrolment,
    /// attendance, result, certificate) as a sheet in the exports folder.
    export_referrals(round_id: i64) -> Saved;
    /// Records what the TVTO reported for one referral.
    update_referral(referral_id: i64, update: ReferralUpdate) -> ReferralView;
    referral_history(referral_id: i64) -> Vec<StatusEntry>;
    round_history(round_id: i64) -> Vec<StatusEntry>;
    /// A person's or a cooperative's referrals, newest round first.
    training_history(person_id: Option<i64>, organization_id: Option<i64>) -> Vec<ReferralView>;
    /// Everything the printed cover letter and sign-in sheets say.
    round_letter(round_id: i64) -> RoundLetter;
    /// Writes the round's TVTO sheet into the exports folder; returns its path.
    export_round(round_id: i64) -> Saved;
    /// Writes the sheet and a draft email with it attached; returns the draft's
    /// path.
    prepare_email(round_id: i64) -> Saved;

    /// Reads a file's sheets, header row and first rows, with the mapping of its
    /// columns (remembered for the same headers, or guessed). `sheet` null is the
    /// first sheet.
    inspect_import(path: String, sheet: Option<String>, kind: ImportKind) -> Layout;
    /// Runs an import, or with `request.dry_run` its preview (exact counts,
    /// nothing written), reporting progress as it goes. `run` is the number
    /// the window gives this run, for `cancel_import`.
    run_import(path: String, request: ImportRequest, run: u32) -> ImportOutcome, progress;
    /// Stops the import run of that number; it then fails with `cancelled`,
    /// nothing written. A stop that arrives before its run has started counts.
    cancel_import(run: u32) -> ();
    /// Writes the rejected rows of an import as a sheet in the exports folder.
    save_import_errors(outcome: ImportOutcome) -> Saved;

    /// The backups, newest first. Answers even when the database is damaged.
    list_backups() -> Vec<BackupInfo>;
    /// Makes a checked backup now, beside the others.
    backup_now() -> BackupInfo;
    /// Asks where to save a backup (a USB stick) with the system's save dialog.
    pick_backup_target() -> Option<String>;
    /// Saves a checked backup where the clerk chooses in the save dialog (a USB
    /// stick); `null` when the dialog is cancelled.
    save_backup_as(path: String) -> Saved;
    /// Asks for a backup file to restore with the system's open dialog.
    pick_backup_file() -> Option<String>;
    /// What a backup holds, read without changing anything; refused when the file
    /// is damaged, not ours, or from a newer version.
    inspect_backup(path: String) -> BackupCheck;
    /// Replaces the data with a backup's, after backing up the current data;
    /// returns where that was kept. The app goes on with the restored data.
    restore_backup(path: String) -> Saved;
    /// For a damaged database: the newest good backup takes its place (the
    /// damaged file is kept aside) and the database opens. Returns the backup.
    restore_newest_backup() -> BackupInfo;
    /// The full integrity check: `null` when healthy, else a Persian message.
    check_database() -> Option<String>;

    /// Every figure of the dashboard for a period of Jalali months (Mehr
    /// 1404 to this month when empty), counted by the core; at most 20
    /// cooperatives in the needs table.
    dashboard(period: PeriodInput) -> Figures;
    /// Prints the monthly report the window shows to a PDF on A4 in the
    /// exports folder (the desktop's print engine; not over the bridge).
    save_report_pdf(period: PeriodInput) -> Saved;
    /// Writes the monthly report workbook, with its charts, into the exports folder.
    export_report(period: PeriodInput) -> Saved;

    /// A page of the audit log, newest first.
    search_audit(filter: AuditFilter, page: PageRequest) -> Page<AuditRow>;
    /// Writes the filtered audit log as a sheet in the exports folder.
    export_audit(filter: AuditFilter) -> Saved;

    /// What merging two cooperatives (or two unions) entered twice would do:
    /// both side by side, what moves, what becomes one. Nothing is written.
    preview_org_merge(input: OrgMergeInput) -> OrgMerge;
    /// Merges two cooperatives (or two unions) in one transaction; the
    /// removed one stays readable in the audit log.
    merge_orgs(input: OrgMergeInput) -> OrgMerge;
    /// What merging two people entered twice would do. Nothing is written.
    preview_person_merge(input: PersonMergeInput) -> PersonMerge;
    /// Merges two people in one transaction.
    merge_people(input: PersonMergeInput) -> PersonMerge;
}
