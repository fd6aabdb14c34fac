// The only module that talks to the Rust side. Components import typed
// functions from here and never touch `@tauri-apps/api` themselves, so the
// UI also runs in a plain browser against the in-memory stand-in
// (standin.ts), which answers the same calls.
import { Channel, invoke, isTauri } from '@tauri-apps/api/core';
import type {
  AuditFilter,
  AuditRow,
  BackupCheck,
  BackupInfo,
  BuildReport,
  CampaignInput,
  CandidateFilter,
  CandidateList,
  CampaignView,
  Counts,
  CourseFilter,
  CourseInput,
  CourseView,
  DemoConfig,
  DemoSummary,
  ErrorBody,
  HistoryEntry,
  ImportKind,
  ImportOutcome,
  ImportReport,
  ImportRequest,
  Layout,
  MembershipInput,
  MembershipView,
  NamedItem,
  NamedList,
  NeedFilter,
  NeedInput,
  NeedStatus,
  NeedView,
  NomineeView,
  OrgDetail,
  OrgFilter,
  OrgInput,
  OrgView,
  Page,
  PageRequest,
  PersonDetail,
  PersonInput,
  PersonView,
  MonthGrid,
  Progress,
  ProviderInput,
  ProviderView,
  QuotaInput,
  QuotaView,
  ReferralUpdate,
  ReferralView,
  Roadmap,
  RoundInput,
  RoundLetter,
  RoundMove,
  RoundStatus,
  RoundView,
  RowProblem,
  Saved,
  Settings,
  StartState,
  StatusEntry,
  Suggestion,
} from './bindings';
import { isErrorBody } from './errors';

// Mirrors the shell's `AppInfo` (src-tauri/src/commands.rs), which is not
// part of the core and so not in the generated bindings.

/** What the `app_info` command returns. */
export interface AppInfo {
  name: string;
  version: string;
  /** The SQLite file in use; `null` when there is none (the stand-in). */
  db_path: string | null;
  /** Where backups go (the settings' folder, or `backups` beside the file). */
  backups_dir: string | null;
  /** The `Taavon` folder in the clerk's Documents, where exports go. */
  exports_dir: string;
}

/**
 * Where the core saved a file, and the name that was asked for when a file
 * of that name was open in another program (the core's `Saved`).
 */
export type ExportedFile = Saved;

export type { ImportKind, ImportOutcome, ImportReport, ImportRequest, Layout, MonthGrid, RowProblem, StartState };

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isErrorBody(error)) {
      throw error;
    }
    throw { code: 'ipc', message: String(error), fields: [] } satisfies ErrorBody;
  }
}

// The stand-in is loaded only in a plain browser, so the desktop bundle
// never runs it.
const standIn = () => import('./standin');

export async function appInfo(): Promise<AppInfo> {
  return isTauri() ? call('app_info') : (await standIn()).appInfo();
}

export async function startState(): Promise<StartState> {
  return isTauri() ? call('start_state') : (await standIn()).startState();
}

export async function startEmpty(): Promise<void> {
  return isTauri() ? call('start_empty') : (await standIn()).startEmpty();
}

/** Loads the sample data, reporting progress as it goes. */
export async function loadDemo(
  config: DemoConfig,
  onProgress: (progress: Progress) => void,
): Promise<DemoSummary> {
  if (!isTauri()) {
    return (await standIn()).loadDemo(config, onProgress);
  }
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return call('load_demo', { config, onProgress: channel });
}

export async function counts(): Promise<Counts> {
  return isTauri() ? call('registry_counts') : (await standIn()).counts();
}

export async function searchPeople(query: string, page: PageRequest): Promise<Page<PersonView>> {
  return isTauri()
    ? call('search_people', { query, page })
    : (await standIn()).searchPeople(query, page);
}

export async function personDetail(nationalCode: string): Promise<PersonDetail> {
  return isTauri()
    ? call('person_detail', { nationalCode })
    : (await standIn()).personDetail(nationalCode);
}

export async function addPerson(input: PersonInput): Promise<PersonView> {
  return isTauri() ? call('add_person', { input }) : (await standIn()).addPerson(input);
}

export async function updatePerson(nationalCode: string, input: PersonInput): Promise<PersonView> {
  return isTauri()
    ? call('update_person', { nationalCode, input })
    : (await standIn()).updatePerson(nationalCode, input);
}

export async function searchOrgs(filter: OrgFilter, page: PageRequest): Promise<Page<OrgView>> {
  return isTauri()
    ? call('search_orgs', { filter, page })
    : (await standIn()).searchOrgs(filter, page);
}

export async function orgDetail(id: number): Promise<OrgDetail> {
  return isTauri() ? call('org_detail', { id }) : (await standIn()).orgDetail(id);
}

export async function addOrg(input: OrgInput): Promise<OrgView> {
  return isTauri() ? call('add_org', { input }) : (await standIn()).addOrg(input);
}

export async function updateOrg(id: number, input: OrgInput): Promise<OrgView> {
  return isTauri() ? call('update_org', { id, input }) : (await standIn()).updateOrg(id, input);
}

export async function addMembership(input: MembershipInput): Promise<MembershipView> {
  return isTauri()
    ? call('add_membership', { input })
    : (await standIn()).addMembership(input);
}

export async function listNamed(list: NamedList): Promise<NamedItem[]> {
  return isTauri() ? call('list_named', { list }) : (await standIn()).listNamed(list);
}

export async function addNamed(list: NamedList, name: string): Promise<NamedItem> {
  return isTauri() ? call('add_named', { list, name }) : (await standIn()).addNamed(list, name);
}

export async function updateNamed(
  list: NamedList,
  id: number,
  name: string,
  active: boolean,
): Promise<NamedItem> {
  return isTauri()
    ? call('update_named', { list, id, name, active })
    : (await standIn()).updateNamed(list, id, name, active);
}

/** The calendar of a Jalali month; `null, null` is the current month. */
export async function jalaliMonth(year: number | null, month: number | null): Promise<MonthGrid> {
  return isTauri()
    ? call('jalali_month', { year, month })
    : (await standIn()).jalaliMonth(year, month);
}

// ---------------------------------------------------------------------------
// Courses and providers

export async function searchCourses(filter: CourseFilter): Promise<CourseView[]> {
  return isTauri() ? call('search_courses', { filter }) : (await standIn()).searchCourses(filter);
}

export async function addCourse(input: CourseInput): Promise<CourseView> {
  return isTauri() ? call('add_course', { input }) : (await standIn()).addCourse(input);
}

export async function updateCourse(id: number, input: CourseInput): Promise<CourseView> {
  return isTauri() ? call('update_course', { id, input }) : (await standIn()).updateCourse(id, input);
}

/** Shows the open-file dialog; `null` when the clerk cancels it. */
export async function pickImportFile(): Promise<string | null> {
  return isTauri() ? call('pick_import_file') : (await standIn()).pickImportFile();
}

/**
 * Reads a standards sheet. A dry run only reports; a real run writes all
 * rows or, when any row is invalid, nothing.
 */
export async function importCourses(path: string, dryRun: boolean): Promise<ImportReport> {
  return isTauri()
    ? call('import_courses', { path, dryRun })
    : (await standIn()).importCourses(path, dryRun);
}

export async function listProviders(): Promise<ProviderView[]> {
  return isTauri() ? call('list_providers') : (await standIn()).listProviders();
}

export async function addProvider(input: ProviderInput): Promise<ProviderView> {
  return isTauri() ? call('add_provider', { input }) : (await standIn()).addProvider(input);
}

// ---------------------------------------------------------------------------
// Needs assessment

export async function listCampaigns(): Promise<CampaignView[]> {
  return isTauri() ? call('list_campaigns') : (await standIn()).listCampaigns();
}

export async function addCampaign(input: CampaignInput): Promise<CampaignView> {
  return isTauri() ? call('add_campaign', { input }) : (await standIn()).addCampaign(input);
}

export async function listNeeds(filter: NeedFilter): Promise<NeedView[]> {
  return isTauri() ? call('list_needs', { filter }) : (await standIn()).listNeeds(filter);
}

export async function addNeed(input: NeedInput): Promise<NeedView> {
  return isTauri() ? call('add_need', { input }) : (await standIn()).addNeed(input);
}

export async function setNeedStatus(
  id: number,
  to: NeedStatus,
  reason: string,
  approved: number | null,
): Promise<NeedView> {
  return isTauri()
    ? call('set_need_status', { id, to, reason, approved })
    : (await standIn()).setNeedStatus(id, to, reason, approved);
}

/** Approves every line or, if one cannot be, none. */
export async function approveNeeds(ids: number[], reason: string): Promise<NeedView[]> {
  return isTauri() ? call('approve_needs', { ids, reason }) : (await standIn()).approveNeeds(ids, reason);
}

export async function needHistory(id: number): Promise<HistoryEntry[]> {
  return isTauri() ? call('need_history', { id }) : (await standIn()).needHistory(id);
}

export async function listNominees(needId: number): Promise<NomineeView[]> {
  return isTauri() ? call('list_nominees', { needId }) : (await standIn()).listNominees(needId);
}

export async function addNominee(needId: number, nationalCode: string): Promise<NomineeView> {
  return isTauri()
    ? call('add_nominee', { needId, nationalCode })
    : (await standIn()).addNominee(needId, nationalCode);
}

export async function withdrawNominee(needId: number, nationalCode: string): Promise<void> {
  return isTauri()
    ? call('withdraw_nominee', { needId, nationalCode })
    : (await standIn()).withdrawNominee(needId, nationalCode);
}

export async function suggestCourses(organizationId: number): Promise<Suggestion[]> {
  return isTauri()
    ? call('suggest_courses', { organizationId })
    : (await standIn()).suggestCourses(organizationId);
}

export async function roadmap(organizationId: number): Promise<Roadmap> {
  return isTauri() ? call('roadmap', { organizationId }) : (await standIn()).roadmap(organizationId);
}

export async function reorderRoadmap(organizationId: number, ids: number[]): Promise<void> {
  return isTauri()
    ? call('reorder_roadmap', { organizationId, ids })
    : (await standIn()).reorderRoadmap(organizationId, ids);
}

/** Writes the roadmap workbook into the exports folder; returns its path. */
export async function exportRoadmap(organizationId: number): Promise<ExportedFile> {
  return isTauri()
    ? call('export_roadmap', { organizationId })
    : (await standIn()).exportRoadmap(organizationId);
}

/** Opens the file manager at a saved file. */
export async function showInFolder(path: string): Promise<void> {
  return isTauri() ? call('show_in_folder', { path }) : (await standIn()).showInFolder(path);
}

// ---------------------------------------------------------------------------
// Settings, quota and referral rounds

export async function getSettings(): Promise<Settings> {
  return isTauri() ? call('get_settings') : (await standIn()).getSettings();
}

/** Saves every setting, or nothing when one is invalid. */
export async function saveSettings(input: Settings): Promise<Settings> {
  return isTauri() ? call('save_settings', { input }) : (await standIn()).saveSettings(input);
}

export async function listQuota(): Promise<QuotaView[]> {
  return isTauri() ? call('list_quota') : (await standIn()).listQuota();
}

/** Adds a quota period, or changes the one starting on the same day. */
export async function setQuota(input: QuotaInput): Promise<QuotaView> {
  return isTauri() ? call('set_quota', { input }) : (await standIn()).setQuota(input);
}

/** Sets the seats of one course or one provider in a period; empty seats clear them. */
export async function setQuotaCap(
  periodId: number,
  courseId: number | null,
  providerId: number | null,
  seats: string | null,
): Promise<QuotaView> {
  return isTauri()
    ? call('set_quota_cap', { periodId, courseId, providerId, seats })
    : (await standIn()).setQuotaCap(periodId, courseId, providerId, seats);
}

export async function listRounds(): Promise<RoundView[]> {
  return isTauri() ? call('list_rounds') : (await standIn()).listRounds();
}

export async function getRound(id: number): Promise<RoundView> {
  return isTauri() ? call('get_round', { id }) : (await standIn()).getRound(id);
}

export async function newRound(input: RoundInput): Promise<RoundView> {
  return isTauri() ? call('new_round', { input }) : (await standIn()).newRound(input);
}

/** The ranked candidates of a round, each with the parts of its score. */
export async function roundCandidates(roundId: number, filter: CandidateFilter): Promise<CandidateList> {
  return isTauri()
    ? call('round_candidates', { roundId, filter })
    : (await standIn()).roundCandidates(roundId, filter);
}

/** Fills a draft round with the best candidates until it, the quota or the pool runs out. */
export async function buildRound(roundId: number): Promise<BuildReport> {
  return isTauri() ? call('build_round', { roundId }) : (await standIn()).buildRound(roundId);
}

/**
 * Adds one candidate by hand. Past a limit the core answers
 * `quota_exceeded` unless `overrideReason` says why to go over.
 */
export async function addCandidate(
  roundId: number,
  nomineeId: number,
  reason: string,
  overrideReason: string | null,
): Promise<ReferralView> {
  return isTauri()
    ? call('add_candidate', { roundId, nomineeId, reason, overrideReason })
    : (await standIn()).addCandidate(roundId, nomineeId, reason, overrideReason);
}

export async function removeReferral(referralId: number, reason: string): Promise<ReferralView> {
  return isTauri()
    ? call('remove_referral', { referralId, reason })
    : (await standIn()).removeReferral(referralId, reason);
}

export async function setRoundStatus(roundId: number, status: RoundStatus, details: RoundMove): Promise<RoundView> {
  return isTauri()
    ? call('set_round_status', { roundId, status, details })
    : (await standIn()).setRoundStatus(roundId, status, details);
}

export async function listReferrals(roundId: number): Promise<ReferralView[]> {
  return isTauri() ? call('list_referrals', { roundId }) : (await standIn()).listReferrals(roundId);
}

/** Records what the TVTO reported for one referral. */
export async function updateReferral(referralId: number, update: ReferralUpdate): Promise<ReferralView> {
  return isTauri()
    ? call('update_referral', { referralId, update })
    : (await standIn()).updateReferral(referralId, update);
}

export async function referralHistory(referralId: number): Promise<StatusEntry[]> {
  return isTauri()
    ? call('referral_history', { referralId })
    : (await standIn()).referralHistory(referralId);
}

export async function roundHistory(roundId: number): Promise<StatusEntry[]> {
  return isTauri() ? call('round_history', { roundId }) : (await standIn()).roundHistory(roundId);
}

/** A person's or a cooperative's referrals, newest round first. */
export async function trainingHistory(personId: number | null, organizationId: number | null): Promise<ReferralView[]> {
  return isTauri()
    ? call('training_history', { personId, organizationId })
    : (await standIn()).trainingHistory(personId, organizationId);
}

/** Everything the printed cover letter and sign-in sheets say. */
export async function roundLetter(roundId: number): Promise<RoundLetter> {
  return isTauri() ? call('round_letter', { roundId }) : (await standIn()).roundLetter(roundId);
}

/** Writes the round's TVTO sheet into the exports folder; returns its path. */
export async function exportRound(roundId: number): Promise<ExportedFile> {
  return isTauri() ? call('export_round', { roundId }) : (await standIn()).exportRound(roundId);
}

/** Writes the sheet and a draft email with it attached; returns the draft's path. */
export async function prepareEmail(roundId: number): Promise<ExportedFile> {
  return isTauri() ? call('prepare_email', { roundId }) : (await standIn()).prepareEmail(roundId);
}

// ---------------------------------------------------------------------------
// Importing lists of cooperatives and people, and the TVTO's feedback

/**
 * Reads a file's sheets, header row and first rows, with the mapping of
 * its columns (remembered for the same headers, or guessed). `sheet` null
 * is the first sheet.
 */
export async function inspectImport(path: string, sheet: string | null, kind: ImportKind): Promise<Layout> {
  return isTauri()
    ? call('inspect_import', { path, sheet, kind })
    : (await standIn()).inspectImport(path, sheet, kind);
}

/**
 * Runs an import, or with `request.dry_run` its preview (exact counts,
 * nothing written), reporting progress as it goes.
 */
export async function runImport(
  path: string,
  request: ImportRequest,
  onProgress: (progress: Progress) => void,
): Promise<ImportOutcome> {
  if (!isTauri()) {
    return (await standIn()).runImport(path, request, onProgress);
  }
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return call('run_import', { path, request, onProgress: channel });
}

/** Stops the running import; it then fails with `cancelled`, nothing written. */
export async function cancelImport(): Promise<void> {
  return isTauri() ? call('cancel_import') : (await standIn()).cancelImport();
}

/** Writes the rejected rows of an import as a sheet in the exports folder. */
export async function saveImportErrors(outcome: ImportOutcome): Promise<ExportedFile> {
  return isTauri()
    ? call('save_import_errors', { outcome })
    : (await standIn()).saveImportErrors(outcome);
}

// ---------------------------------------------------------------------------
// Backups, restore, the health check and the audit log (C10)

/** The backups, newest first. Answers even when the database is damaged. */
export async function listBackups(): Promise<BackupInfo[]> {
  return isTauri() ? call('list_backups') : (await standIn()).listBackups();
}

/** Makes a checked backup now, beside the others. */
export async function backupNow(): Promise<BackupInfo> {
  return isTauri() ? call('backup_now') : (await standIn()).backupNow();
}

/**
 * Saves a checked backup where the clerk chooses in the save dialog (a USB
 * stick); `null` when the dialog is cancelled.
 */
export async function saveBackupAs(): Promise<ExportedFile | null> {
  return isTauri() ? call('save_backup_as') : (await standIn()).saveBackupAs();
}

/** Shows the open dialog for a backup file; `null` when cancelled. */
export async function pickBackupFile(): Promise<string | null> {
  return isTauri() ? call('pick_backup_file') : (await standIn()).pickBackupFile();
}

/**
 * What a backup holds, read without changing anything; refused when the
 * file is damaged, not ours, or from a newer version.
 */
export async function inspectBackup(path: string): Promise<BackupCheck> {
  return isTauri() ? call('inspect_backup', { path }) : (await standIn()).inspectBackup(path);
}

/**
 * Replaces the data with a backup's, after backing up the current data;
 * returns where that was kept. The app goes on with the restored data.
 */
export async function restoreBackup(path: string): Promise<ExportedFile> {
  return isTauri() ? call('restore_backup', { path }) : (await standIn()).restoreBackup(path);
}

/**
 * For a damaged database: the newest good backup takes its place (the
 * damaged file is kept aside) and the database opens. Returns the backup.
 */
export async function restoreNewestBackup(): Promise<BackupInfo> {
  return isTauri() ? call('restore_newest_backup') : (await standIn()).restoreNewestBackup();
}

/** The full integrity check: `null` when healthy, else a Persian message. */
export async function checkDatabase(): Promise<string | null> {
  return isTauri() ? call('check_database') : (await standIn()).checkDatabase();
}

/** A page of the audit log, newest first. */
export async function searchAudit(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRow>> {
  return isTauri() ? call('search_audit', { filter, page }) : (await standIn()).searchAudit(filter, page);
}

/** Writes the filtered audit log as a sheet in the exports folder. */
export async function exportAudit(filter: AuditFilter): Promise<ExportedFile> {
  return isTauri() ? call('export_audit', { filter }) : (await standIn()).exportAudit(filter);
}
