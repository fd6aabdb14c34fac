// Generated from the Rust types by crates/core/tests/bindings.rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p taavon-core --test bindings` instead.

export type OrgKind = "cooperative" | "union";

export type OrgField = "production" | "distribution" | "service";

export type OrgStatus = "active" | "inactive" | "dissolved";

export type Gender = "male" | "female";

export type Education = "none" | "primary" | "middle" | "diploma" | "associate" | "bachelor" | "master" | "doctorate";

export type Role = "member" | "board" | "managing_director" | "inspector" | "staff";

export type PersonInput = { national_code: string, first_name: string, last_name: string, father_name: string | null, gender: string | null, 
/**
 * Jalali, e.g. `1365/04/12`.
 */
birth_date: string | null, education: string | null, mobile: string | null, };

export type PersonView = { id: number, national_code: string, first_name: string, last_name: string, father_name: string | null, full_name: string, gender: Gender | null, gender_label: string | null, birth_date: string | null, birth_date_jalali: string | null, education: Education | null, education_label: string | null, mobile: string | null, created_at: string, updated_at: string, };

export type PersonDetail = { memberships: Array<MembershipView>, id: number, national_code: string, first_name: string, last_name: string, father_name: string | null, full_name: string, gender: Gender | null, gender_label: string | null, birth_date: string | null, birth_date_jalali: string | null, education: Education | null, education_label: string | null, mobile: string | null, created_at: string, updated_at: string, };

export type OrgInput = { kind: string | null, name: string, national_id: string | null, registration_no: string | null, registry_office: string | null, field: string, orientation: string | null, activity: string | null, county: string | null, 
/**
 * Jalali.
 */
founded_on: string | null, member_count: string | null, phone: string | null, mobile: string | null, email: string | null, address: string | null, postal_code: string | null, is_small: boolean, is_startup: boolean, is_internet: boolean, status: string | null, };

export type OrgView = { id: number, kind: OrgKind, kind_label: string, name: string, national_id: string | null, registration_no: string | null, registry_office: string | null, field: OrgField, field_label: string, orientation: string | null, activity: string | null, county: string | null, founded_on: string | null, founded_on_jalali: string | null, member_count: number | null, phone: string | null, mobile: string | null, email: string | null, address: string | null, postal_code: string | null, is_small: boolean, is_startup: boolean, is_internet: boolean, status: OrgStatus, status_label: string, created_at: string, updated_at: string, };

export type OrgRef = { id: number, name: string, national_id: string | null, };

export type OrgDetail = { 
/**
 * People and their roles, managers first, then members in Persian order.
 */
people: Array<MembershipView>, 
/**
 * The unions this cooperative belongs to.
 */
unions: Array<OrgRef>, 
/**
 * For a union: its member cooperatives.
 */
member_cooperatives: Array<OrgRef>, id: number, kind: OrgKind, kind_label: string, name: string, national_id: string | null, registration_no: string | null, registry_office: string | null, field: OrgField, field_label: string, orientation: string | null, activity: string | null, county: string | null, founded_on: string | null, founded_on_jalali: string | null, member_count: number | null, phone: string | null, mobile: string | null, email: string | null, address: string | null, postal_code: string | null, is_small: boolean, is_startup: boolean, is_internet: boolean, status: OrgStatus, status_label: string, created_at: string, updated_at: string, };

export type OrgFilter = { text: string, kind: OrgKind | null, field: OrgField | null, county: string | null, status: OrgStatus | null, is_small: boolean | null, is_startup: boolean | null, is_internet: boolean | null, };

export type MembershipInput = { national_code: string, 
/**
 * The cooperative, by national ID (ignored when `organization_id` is given).
 */
coop_national_id: string, 
/**
 * The cooperative or union, by internal id, for ones without a national ID.
 */
organization_id: number | null, role: string, 
/**
 * Jalali.
 */
start_date: string | null, 
/**
 * Jalali.
 */
end_date: string | null, };

export type MembershipView = { id: number, national_code: string, person_name: string, organization_id: number, organization_name: string, organization_national_id: string | null, role: Role, role_label: string, start_date: string | null, start_date_jalali: string | null, end_date: string | null, end_date_jalali: string | null, active: boolean, };

export type Page<T> = { items: Array<T>, total: number, page: number, page_size: number, };

export type PageRequest = { page: number, page_size: number, };

export type NamedList = "county" | "orientation";

export type NamedItem = { id: number, name: string, active: boolean, };

export type Counts = { cooperatives: number, unions: number, people: number, memberships: number, };

export type StartState = { first_run: boolean, counts: Counts, };

export type Jalali = { year: number, month: number, day: number, };

export type GridDay = { day: number, 
/**
 * The same day as stored, `YYYY-MM-DD`.
 */
iso: string, };

export type MonthGrid = { year: number, month: number, month_name: string, days_in_month: number, 
/**
 * Weekday of the first day: 0 = Saturday (شنبه) … 6 = Friday (جمعه).
 */
first_weekday: number, days: Array<GridDay>, today: Jalali, };

export type AuditEntry = { id: number, at: string, action: string, entity: string, entity_id: number | null, old_values: Record<string, unknown> | null, new_values: Record<string, unknown> | null, };

export type DemoConfig = { coops: number, people: number, seed: number, };

export type DemoSummary = { cooperatives: number, unions: number, people: number, memberships: number, union_memberships: number, need_lines: number, nominees: number, };

export type Progress = { done: number, total: number, };

export type CourseKind = "standard" | "general";

export type CourseInput = { 
/**
 * `standard` (default) or `general`.
 */
kind: string | null, code: string | null, title: string, cluster: string | null, course_group: string | null, theory_hours: string | null, practice_hours: string | null, total_hours: string | null, entry_education: string | null, 
/**
 * Space-separated fields and tags the course suits.
 */
suits: string | null, active: boolean, };

export type CourseView = { id: number, kind: CourseKind, kind_label: string, code: string | null, title: string, cluster: string | null, course_group: string | null, theory_hours: number | null, practice_hours: number | null, total_hours: number | null, entry_education: Education | null, entry_education_label: string | null, suits: string, active: boolean, };

export type CourseFilter = { text: string, kind: CourseKind | null, cluster: string | null, 
/**
 * `None`: active and inactive.
 */
active: boolean | null, };

export type Outcome = "added" | "updated" | "unchanged";

export type ProviderKind = "public" | "private";

export type ProviderInput = { kind: string, name: string, county: string | null, licence_no: string | null, 
/**
 * Jalali.
 */
licence_expires: string | null, };

export type ProviderView = { id: number, kind: ProviderKind, kind_label: string, name: string, county: string | null, licence_no: string | null, licence_expires: string | null, licence_expires_jalali: string | null, active: boolean, };

export type TargetRole = "members" | "managers" | "board" | "all";

export type NeedSource = "assessment" | "self_applied";

export type NeedStatus = "draft" | "submitted" | "approved" | "planned" | "fulfilled" | "deferred" | "rejected";

export type CampaignInput = { title: string, 
/**
 * Jalali.
 */
starts_on: string, 
/**
 * Jalali.
 */
ends_on: string, 
/**
 * Jalali.
 */
deadline: string | null, owner: string, };

export type CampaignView = { id: number, title: string, starts_on: string, starts_on_jalali: string, ends_on: string, ends_on_jalali: string, deadline: string | null, deadline_jalali: string | null, owner: string, status: string, lines: number, };

export type NeedInput = { campaign_id: number, organization_id: number, target_role: string, course_id: number, requested: string, source: string, need_level: string, 
/**
 * Jalali year and month, e.g. `1404/09`.
 */
target_month: string | null, notes: string | null, };

export type NeedView = { id: number, campaign_id: number, campaign_title: string, organization_id: number, organization_name: string, organization_national_id: string | null, target_role: TargetRole, target_role_label: string, course_id: number, course_title: string, course_code: string | null, requested: number, approved: number | null, source: NeedSource, source_label: string, need_level: number, target_year: number | null, target_month: number | null, 
/**
 * `آذر ۱۴۰۴`.
 */
target_label: string | null, notes: string | null, status: NeedStatus, status_label: string, position: number, 
/**
 * Nominees still to be trained or trained.
 */
nominees: number, trained: number, };

export type NeedFilter = { campaign_id: number | null, organization_id: number | null, course_id: number | null, status: NeedStatus | null, source: NeedSource | null, 
/**
 * Words of the cooperative's name or the course title.
 */
text: string, };

export type HistoryEntry = { at: string, from_status: NeedStatus | null, to_status: NeedStatus, to_label: string, reason: string | null, };

export type NomineeView = { need_line_id: number, national_code: string, full_name: string, status: string, };

export type Suggestion = { course: CourseView, 
/**
 * One Persian line saying why.
 */
reason: string, };

export type Roadmap = { organization_id: number, organization_name: string, organization_national_id: string | null, county: string | null, field_label: string, 
/**
 * In plan order: by target month, then the clerk's order.
 */
lines: Array<NeedView>, requested: number, approved: number, trained: number, };

export type ExportOptions = { 
/**
 * The font of every cell; Tahoma unless the clerk picks another.
 */
font: string, 
/**
 * The office named in page headers and document properties.
 */
office: string, };

export type RowProblem = { 
/**
 * The row number as the spreadsheet shows it (1-based).
 */
row: number, 
/**
 * The column's header as written in the file.
 */
column: string, 
/**
 * The cell's value as read.
 */
value: string, 
/**
 * What is wrong, in Persian.
 */
message: string, };

export type ImportReport = { 
/**
 * The file name, without its folder.
 */
file: string, 
/**
 * The sheet read (the first one).
 */
sheet: string, 
/**
 * The row the column headers were found in (1-based).
 */
header_row: number, 
/**
 * Headers of the file that matched no known column and were not read.
 */
ignored_columns: Array<string>, 
/**
 * Data rows read (blank rows are skipped).
 */
rows: number, added: number, updated: number, unchanged: number, 
/**
 * Rows with at least one problem.
 */
rejected: number, problems: Array<RowProblem>, 
/**
 * Whether the rows were saved: only when nothing was rejected and this
 * was not a preview.
 */
written: boolean, };

export type ErrorBody = { code: string, message: string, fields: Array<FieldMessage>, };

export type FieldMessage = { field: string, value: string, message: string, };
