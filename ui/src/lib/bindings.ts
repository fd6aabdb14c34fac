// Generated from the Rust types and the command table (crates/api) by
// crates/api/tests/bindings.rs. Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p taavon-api --test bindings` instead.

import { call } from './ipc';

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
 * The unions this cooperative belongs to today (`union_links` has every
 * period, ended ones too).
 */
unions: Array<OrgRef>, 
/**
 * For a union: its member cooperatives today.
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

export type MembershipEdit = { role: string, 
/**
 * Jalali.
 */
start_date: string | null, 
/**
 * Jalali.
 */
end_date: string | null, };

export type UnionLink = { id: number, union_id: number, union_name: string, union_national_id: string | null, cooperative_id: number, cooperative_name: string, cooperative_national_id: string | null, start_date: string | null, start_date_jalali: string | null, end_date: string | null, end_date_jalali: string | null, 
/**
 * No end date, or one not yet reached.
 */
active: boolean, };

export type Page<T> = { items: Array<T>, 
/**
 * How many match; with `capped`, only that more than this many do.
 */
total: number, page: number, page_size: number, 
/**
 * The count stopped at [`COUNT_CAP`]: more than `total` match, and the
 * pages go on while `more` says so.
 */
capped: boolean, 
/**
 * Matches follow this page.
 */
more: boolean, };

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

export type DemoSummary = { cooperatives: number, unions: number, people: number, memberships: number, union_memberships: number, need_lines: number, nominees: number, rounds: number, referrals: number, };

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
licence_expires: string | null, 
/**
 * Whether rounds may still send people to it.
 */
active: boolean, };

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

export type NeedEdit = { target_role: string, course_id: number, requested: string, source: string, need_level: string, 
/**
 * Jalali year and month, e.g. `1404/09`; empty for none.
 */
target_month: string | null, notes: string | null, 
/**
 * Why, kept in the line's history beside what changed (optional).
 */
reason: string, };

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

export type QuotaUnit = "seats" | "hours";

export type RoundStatus = "draft" | "locked" | "sent" | "reconciled";

export type ReferralStatus = "proposed" | "removed" | "sent" | "enrolled" | "waitlisted" | "declined" | "withdrawn" | "attended_full" | "attended_partial" | "no_show" | "passed" | "failed" | "certified";

export type Weights = { 
/**
 * Points per need level (1–5): level 5 gives five times this.
 */
need_level: number, 
/**
 * The cooperative asked for the training itself (متقاضی).
 */
self_applied: number, 
/**
 * The person has never attended a course through the program.
 */
never_trained: number, 
/**
 * Points per whole month since the need was approved …
 */
per_month_waiting: number, 
/**
 * … counting at most this many months.
 */
max_months: number, small: number, startup: number, internet: number, 
/**
 * Points taken off for each person of the same cooperative already in
 * the round.
 */
fairness: number, };

export type Settings = { 
/**
 * The office every file and letter comes from.
 */
office: string, 
/**
 * Lines above the office name on letters (ministry, deputy office …),
 * one per line.
 */
letterhead: string, 
/**
 * Who the referral letters go to.
 */
tvto_office: string, 
/**
 * Where "prepare email" addresses the referral sheet.
 */
tvto_email: string, 
/**
 * Who signs the cover letter, and their title.
 */
signer_name: string, signer_title: string, 
/**
 * The font of every exported sheet.
 */
font: string, weights: Weights, 
/**
 * Where backups are kept; `backups` beside the database when empty.
 */
backup_dir: string, 
/**
 * How many daily backups are kept.
 */
keep_daily: number, 
/**
 * How many other backups (before upgrades and restores, by hand) are
 * kept.
 */
keep_events: number, 
/**
 * Days after a round was sent with no answer from the TVTO before it
 * is listed as waiting (1–365).
 */
feedback_days: number, 
/**
 * Percent of a quota period taken at which it warns (1–100).
 */
quota_warn_percent: number, };

export type QuotaInput = { title: string, 
/**
 * Jalali.
 */
starts_on: string, 
/**
 * Jalali.
 */
ends_on: string, 
/**
 * `seats` or `hours` (or the Persian labels).
 */
unit: string, 
/**
 * The TVTO's capacity in the period.
 */
capacity: string, 
/**
 * Percent; 100 when empty.
 */
province_share: string | null, 
/**
 * Percent; 30 when empty.
 */
coop_share: string | null, };

export type CapView = { 
/**
 * `course` or `provider`.
 */
kind: string, target_id: number, name: string, seats: number, used: number, reserved: number, remaining: number, };

export type QuotaView = { id: number, title: string, starts_on: string, starts_on_jalali: string, ends_on: string, ends_on_jalali: string, unit: QuotaUnit, unit_label: string, capacity: number, province_share: number, coop_share: number, 
/**
 * capacity × province share × cooperatives' share, rounded down.
 */
quota: number, 
/**
 * Sent and not declined or cancelled.
 */
used: number, 
/**
 * Proposed in rounds not yet sent.
 */
reserved: number, remaining: number, 
/**
 * (used + reserved) / quota, in percent.
 */
percent: number, 
/**
 * Set when the quota is nearly or wholly taken.
 */
warning: string | null, caps: Array<CapView>, };

export type RoundInput = { 
/**
 * Jalali year and month, `1404/09`.
 */
month: string, 
/**
 * Seats; when empty, this month's share of what is left of the quota.
 */
capacity: string | null, title: string | null, };

export type RoundView = { id: number, number: number, year: number, month: number, 
/**
 * `1404/09`.
 */
month_text: string, 
/**
 * `آذر ۱۴۰۴`.
 */
month_label: string, title: string, capacity: number | null, letter_no: string | null, sent_on: string | null, sent_on_jalali: string | null, status: RoundStatus, status_label: string, 
/**
 * People holding a seat in the round.
 */
people: number, cooperatives: number, courses: number, 
/**
 * People certified.
 */
certified: number, 
/**
 * People on the list the TVTO received (`REFERRED_SQL`): 0 until the
 * round is sent.
 */
referred: number, 
/**
 * The TVTO sheet's file name, `round-03-1404-09.xlsx`.
 */
file_name: string, 
/**
 * The quota period the round's month falls in.
 */
quota: QuotaView | null, };

export type ScorePart = { 
/**
 * `need_level`, `self_applied`, `never_trained`, `waiting`, `small`,
 * `startup`, `internet`, `fairness`.
 */
key: string, 
/**
 * `نیاز سطح ۵`.
 */
label: string, points: number, };

export type Candidate = { nominee_id: number, need_line_id: number, person_id: number, national_code: string, full_name: string, organization_id: number, organization_name: string, county: string | null, course_id: number, course_title: string, course_code: string | null, role: Role | null, role_label: string | null, score: number, parts: Array<ScorePart>, 
/**
 * The parts in one Persian line.
 */
explanation: string, 
/**
 * Why this person cannot join the round, when they cannot.
 */
blocked: string | null, };

export type CandidateFilter = { course_id: number | null, county_id: number | null, 
/**
 * Words of the person's name, the cooperative or the course; or a code.
 */
text: string, 
/**
 * Include the candidates a rule keeps out, with the rule.
 */
with_blocked: boolean, 
/**
 * At most this many; 200 when zero.
 */
limit: number, };

export type CandidateList = { 
/**
 * Candidates who may join the round.
 */
eligible: number, 
/**
 * Candidates kept out by a rule.
 */
blocked: number, 
/**
 * Best first.
 */
items: Array<Candidate>, };

export type BuildReport = { added: number, 
/**
 * Why the build stopped: the round is full, the quota is used up, or
 * no candidate is left.
 */
stopped: string, round: RoundView, };

export type RoundMove = { reason: string, 
/**
 * Needed to send.
 */
letter_no: string | null, 
/**
 * Jalali; today when empty.
 */
sent_on: string | null, 
/**
 * Needed to lock a round that is over its capacity or the quota.
 */
override_reason: string | null, };

export type ReferralView = { id: number, round_id: number, round_number: number, person_id: number, national_code: string, first_name: string, last_name: string, father_name: string | null, full_name: string, birth_date_jalali: string | null, gender_label: string | null, education_label: string | null, mobile: string | null, organization_id: number, organization_name: string, organization_national_id: string | null, field_label: string, county: string | null, course_id: number, course_title: string, course_code: string | null, course_hours: number | null, role_label: string | null, status: ReferralStatus, status_label: string, score: number, parts: Array<ScorePart>, explanation: string, rank: number, added_by: string, provider_id: number | null, provider_name: string | null, class_starts_on_jalali: string | null, class_ends_on_jalali: string | null, certificate_no: string | null, certificate_on_jalali: string | null, notes: string | null, };

export type ReferralUpdate = { status: string, reason: string, provider_id: number | null, 
/**
 * Jalali.
 */
class_starts_on: string | null, 
/**
 * Jalali.
 */
class_ends_on: string | null, certificate_no: string | null, 
/**
 * Jalali; today when empty.
 */
certificate_on: string | null, 
/**
 * Needed when the provider's seats in the period are taken.
 */
override_reason: string | null, };

export type StatusEntry = { at: string, from_label: string | null, to_label: string, reason: string | null, };

export type CourseCount = { course_title: string, course_code: string | null, people: number, };

export type SignInRow = { full_name: string, national_code: string, organization_name: string, mobile: string | null, };

export type SignInSheet = { course_title: string, course_code: string | null, rows: Array<SignInRow>, };

export type RoundLetter = { office: string, letterhead: Array<string>, recipient: string, letter_no: string | null, 
/**
 * Jalali: the sent date, or today.
 */
date_jalali: string, round_number: number, month_label: string, people: number, cooperatives: number, courses: Array<CourseCount>, signer_name: string, signer_title: string, file_name: string, sign_in: Array<SignInSheet>, };

export type PeriodInput = { from: string | null, to: string | null, };

export type Funnel = { referred: number, enrolled: number, attended: number, passed: number, certified: number, enrolled_rate: number, attended_rate: number, passed_rate: number, certified_rate: number, };

export type MonthFigures = { year: number, month: number, 
/**
 * `1404/09`.
 */
month_text: string, 
/**
 * `آذر ۱۴۰۴`.
 */
label: string, 
/**
 * Sent rounds of the month.
 */
rounds: number, referred: number, 
/**
 * Cooperatives and unions with someone referred.
 */
cooperatives: number, unions: number, certified: number, 
/**
 * The quota period the month falls in, when there is one.
 */
quota_title: string | null, 
/**
 * The period's quota spread evenly over its months (seats only).
 */
quota_share: number | null, 
/**
 * What is left of the period's quota once this month's sent referrals
 * and every earlier month's in the period are counted, in the period's
 * unit.
 */
remaining: number | null, unit_label: string | null, };

export type RoundFigures = { id: number, number: number, title: string, 
/**
 * `آذر ۱۴۰۴`.
 */
month_label: string, status_label: string, cooperatives: number, funnel: Funnel, };

export type Share = { key: string, label: string, referred: number, organizations: number, 
/**
 * Share of all referred in the period, in percent.
 */
percent: number, };

export type NeedsFigures = { lines: number, approved: number, met: number, percent: number, 
/**
 * Cooperatives with an approved line in the period.
 */
organizations: number, };

export type OrgNeeds = { organization_id: number, name: string, national_id: string | null, county: string | null, lines: number, approved: number, met: number, percent: number, };

export type WaitBucket = { label: string, referrals: number, };

export type WaitFigures = { referrals: number, mean_days: number | null, median_days: number | null, p90_days: number | null, buckets: Array<WaitBucket>, };

export type Figures = { 
/**
 * `1404/07`.
 */
from: string, to: string, 
/**
 * `مهر ۱۴۰۴ تا آبان ۱۴۰۵`.
 */
label: string, months: Array<MonthFigures>, 
/**
 * The sent rounds of the period, in order.
 */
rounds: Array<RoundFigures>, funnel: Funnel, 
/**
 * Distinct people, cooperatives and unions referred in the period.
 */
people: number, cooperatives: number, unions: number, 
/**
 * The quota periods that overlap the period, as the quota screen shows
 * them.
 */
quotas: Array<QuotaView>, by_county: Array<Share>, by_field: Array<Share>, by_kind: Array<Share>, by_course: Array<Share>, 
/**
 * Small, startup and internet-based cooperatives.
 */
by_flag: Array<Share>, needs: NeedsFigures, 
/**
 * Per cooperative, the furthest behind first (the least met share of
 * the most approved), at most `org_limit` of them.
 */
needs_by_org: Array<OrgNeeds>, wait: WaitFigures, 
/**
 * The summary in sentences, made from the figures above.
 */
summary: Array<string>, };

export type AuditFilter = { entity: string | null, action: string | null, 
/**
 * Jalali, inclusive.
 */
from: string | null, 
/**
 * Jalali, inclusive.
 */
to: string | null, 
/**
 * Words or a code appearing in the old or new values.
 */
text: string, };

export type Change = { field: string, old: string | null, new: string | null, };

export type AuditRow = { id: number, 
/**
 * UTC, as stored.
 */
at: string, 
/**
 * Local time in Jalali, `1405/09/05 15:30`.
 */
at_label: string, actor: string | null, action: string, action_label: string, entity: string, entity_label: string, entity_id: number | null, changes: Array<Change>, };

export type MergeCounts = { 
/**
 * Memberships (a person's role in a cooperative).
 */
roles: number, 
/**
 * Union memberships, in either direction.
 */
unions: number, needs: number, nominees: number, referrals: number, };

export type OrgSide = { org: OrgView, id_valid: boolean, 
/**
 * Why the national ID is not valid, in Persian; empty when it is.
 */
id_problem: string | null, counts: MergeCounts, };

export type PersonSide = { person: PersonView, code_valid: boolean, 
/**
 * Why the national code is not valid, in Persian; empty when it is.
 */
code_problem: string | null, counts: MergeCounts, };

export type OrgMergeInput = { first: number, second: number, keep: number | null, reason: string, };

export type OrgMerge = { 
/**
 * The two records as they were, in the order asked.
 */
first: OrgSide, second: OrgSide, keep_id: number, removed_id: number, 
/**
 * Only the kept one may be kept: the other's national ID fails its
 * checksum and the kept one's passes.
 */
keep_fixed: boolean, 
/**
 * What moved from the removed record to the kept one.
 */
moved: MergeCounts, 
/**
 * Where both held the same thing, and how it became one (Persian).
 */
collisions: Array<string>, 
/**
 * The kept record's fields filled from the removed one (Persian names).
 */
filled: Array<string>, 
/**
 * The merge's row in the audit log; `None` for a preview.
 */
audit_id: number | null, };

export type PersonMergeInput = { first: string, second: string, keep: string | null, reason: string, };

export type PersonMerge = { first: PersonSide, second: PersonSide, keep_code: string, removed_code: string, keep_fixed: boolean, moved: MergeCounts, collisions: Array<string>, filled: Array<string>, audit_id: number | null, };

export type BackupKind = "daily" | "pre_upgrade" | "pre_restore" | "manual";

export type BackupInfo = { path: string, file_name: string, kind: BackupKind, kind_label: string, 
/**
 * Local time, `2026-11-26 15:30:05`.
 */
created_at: string, 
/**
 * `۱۴۰۵/۰۹/۰۵ ۱۵:۳۰`.
 */
created_label: string, size_bytes: number, };

export type Saved = { 
/**
 * Where the file is.
 */
path: string, 
/**
 * The name that was asked for, when a file of that name was open in
 * another program and this one went under the next free name.
 */
busy: string | null, };

export type BackupCheck = { schema_version: number, people: number, cooperatives: number, };

export type ImportKind = "coops" | "people" | "feedback" | "standards";

export type TargetInfo = { key: string, label: string, required: boolean, 
/**
 * Another field whose column stands in for this required one (the
 * full name for the first and last names).
 */
instead: string | null, };

export type ColumnMap = { target: string, column: number | null, };

export type ColumnGuess = { target: string, 
/**
 * The field's Persian label.
 */
label: string, column: number, 
/**
 * The column's letter as the spreadsheet shows it: A, B, … AA.
 */
letter: string, header: string, 
/**
 * `name` (its header is a name of the field), `content` (its values
 * are), or `remembered` (the clerk's mapping of an earlier file).
 */
source: string, 
/**
 * The reason in Persian, with Persian digits: «از روی نام ستون»,
 * «۹۸٪ مقدارها از فهرست زمینه‌های فعالیت».
 */
reason: string, };

export type ConflictColumn = { column: number, 
/**
 * The column's letter as the spreadsheet shows it: A, B, … AA.
 */
letter: string, header: string, reason: string, };

export type MappingConflict = { target: string, label: string, columns: Array<ConflictColumn>, };

export type MapChoice = { column: string, target: string, };

export type NameSplit = { row: number, 
/**
 * The full name as the file has it.
 */
value: string, first_name: string, last_name: string, 
/**
 * Why it is not split confidently, in Persian.
 */
reason: string, 
/**
 * The clerk confirmed this split (or wrote their own).
 */
confirmed: boolean, };

export type NameChoice = { row: number, 
/**
 * The full name as the file has it: a choice for another value (the
 * file changed) is not used.
 */
value: string, first_name: string, last_name: string, };

export type Layout = { file: string, kind: ImportKind, sheets: Array<string>, sheet: string, 
/**
 * 1-based, as the file shows it.
 */
header_row: number, headers: Array<string>, targets: Array<TargetInfo>, mapping: Array<ColumnMap>, 
/**
 * The mapping was remembered from an earlier file with these headers.
 */
remembered: boolean, 
/**
 * Why each mapped column is proposed.
 */
guesses: Array<ColumnGuess>, 
/**
 * Fields claimed by several columns: the clerk picks one.
 */
conflicts: Array<MappingConflict>, 
/**
 * The first data rows, as read, for the clerk to recognise.
 */
sample: Array<Array<string>>, };

export type RowFix = { row: number, column: string, value: string, note: string, };

export type ImportRequest = { kind: ImportKind, 
/**
 * The sheet to read; the first when empty.
 */
sheet: string | null, 
/**
 * The clerk's mapping; remembered for files with the same headers.
 * When empty, the remembered or guessed one.
 */
mapping: Array<ColumnMap> | null, 
/**
 * Report only; roll everything back.
 */
dry_run: boolean, 
/**
 * Write the valid rows even when others are rejected.
 */
accept_valid: boolean, 
/**
 * Columns chosen by a script, on top of the remembered or guessed
 * mapping (`--map C=national_code`).
 */
map: Array<MapChoice>, 
/**
 * The clerk's splits of full names that could not be split with
 * confidence.
 */
names: Array<NameChoice>, };

export type RowSample = { row: number, 
/**
 * `new`, `updated` or `unchanged`.
 */
outcome: string, summary: string, };

export type ImportOutcome = { kind: ImportKind, file: string, sheet: string, header_row: number, mapping: Array<ColumnMap>, 
/**
 * Data rows read; blank rows are skipped and counted apart.
 */
rows: number, skipped_empty: number, added: number, updated: number, unchanged: number, rejected: number, 
/**
 * Every value at fault: row, column, value, Persian reason.
 */
problems: Array<RowProblem>, 
/**
 * The first changes made while cleaning values.
 */
fixes: Array<RowFix>, fixes_total: number, 
/**
 * The first rows of each outcome.
 */
samples: Array<RowSample>, 
/**
 * The columns mapped from their values rather than their headers.
 */
guessed: Array<ColumnGuess>, 
/**
 * Full names split with the clerk's confirmation, or waiting for it.
 */
splits: Array<NameSplit>, written: boolean, };

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

export type ErrorBody = { code: string, message: string, fields: Array<FieldMessage>, };

export type WaitingKind = "round_not_opened" | "round_not_built" | "round_not_locked" | "round_not_sent" | "no_feedback" | "needs_to_approve" | "quota_nearly_full" | "quota_ending_unused" | "no_nominees" | "backup_old" | "backup_not_copied";

export type WaitingLink = { "to": "rounds" } | { "to": "round", id: number, } | { "to": "needs", status: NeedStatus, campaign_id: number | null, } | { "to": "quota" } | { "to": "backups" };

export type WaitingItem = { kind: WaitingKind, 
/**
 * The number the sentence is about: rounds or need lines; for the
 * quota, the percent taken or the seats left; for backups, the days
 * since the last one (0 when there was none).
 */
count: number, 
/**
 * One Persian sentence, with Persian digits.
 */
text: string, link: WaitingLink, };

export type AppInfo = { name: string, version: string, 
/**
 * The SQLite file in use; `null` when there is none.
 */
db_path: string | null, 
/**
 * Where backups go (the settings' folder, or `backups` beside the file).
 */
backups_dir: string | null, 
/**
 * The `Taavon` folder in the clerk's Documents, where exports go.
 */
exports_dir: string, };

export type FieldMessage = { field: string, value: string, message: string, };

/**
 * Product name and version, and where its data, backups and exports are.
 */
export function appInfo(): Promise<AppInfo> {
  return call('app_info', {});
}

/**
 * Whether the clerk has started: with sample data, empty, or not yet.
 */
export function startState(): Promise<StartState> {
  return call('start_state', {});
}

/**
 * Starts with an empty register.
 */
export function startEmpty(): Promise<void> {
  return call('start_empty', {});
}

/**
 * Loads the sample data, reporting progress as it goes.
 */
export function loadDemo(config: DemoConfig, onProgress: (progress: Progress) => void): Promise<DemoSummary> {
  return call('load_demo', { config }, onProgress);
}

export function registryCounts(): Promise<Counts> {
  return call('registry_counts', {});
}

/**
 * What waits on the clerk today, for the home screen; empty when nothing does.
 */
export function waiting(): Promise<Array<WaitingItem>> {
  return call('waiting', {});
}

export function searchPeople(query: string, page: PageRequest): Promise<Page<PersonView>> {
  return call('search_people', { query, page });
}

/**
 * Writes every person the search finds as a sheet in the exports folder.
 */
export function exportPeople(query: string): Promise<Saved> {
  return call('export_people', { query });
}

export function personDetail(nationalCode: string): Promise<PersonDetail> {
  return call('person_detail', { nationalCode });
}

export function addPerson(input: PersonInput): Promise<PersonView> {
  return call('add_person', { input });
}

export function updatePerson(nationalCode: string, input: PersonInput): Promise<PersonView> {
  return call('update_person', { nationalCode, input });
}

export function searchOrgs(filter: OrgFilter, page: PageRequest): Promise<Page<OrgView>> {
  return call('search_orgs', { filter, page });
}

/**
 * Writes every cooperative and union the list finds under the filter as a
 * sheet in the exports folder.
 */
export function exportOrgs(filter: OrgFilter): Promise<Saved> {
  return call('export_orgs', { filter });
}

export function orgDetail(id: number): Promise<OrgDetail> {
  return call('org_detail', { id });
}

export function addOrg(input: OrgInput): Promise<OrgView> {
  return call('add_org', { input });
}

export function updateOrg(id: number, input: OrgInput): Promise<OrgView> {
  return call('update_org', { id, input });
}

export function addMembership(input: MembershipInput): Promise<MembershipView> {
  return call('add_membership', { input });
}

/**
 * Corrects a membership's role and dates; an overlapping period of the
 * same role is refused.
 */
export function updateMembership(id: number, input: MembershipEdit): Promise<MembershipView> {
  return call('update_membership', { id, input });
}

/**
 * Ends a person's role on a Jalali date.
 */
export function endMembership(id: number, endDate: string): Promise<MembershipView> {
  return call('end_membership', { id, endDate });
}

/**
 * A cooperative's unions, or a union's member cooperatives, with their
 * dates, ended ones too.
 */
export function unionLinks(organizationId: number): Promise<Array<UnionLink>> {
  return call('union_links', { organizationId });
}

/**
 * Puts a cooperative in a union from a Jalali date (again, after it left).
 */
export function joinUnion(unionId: number, cooperativeId: number, startDate: string | null): Promise<UnionLink> {
  return call('join_union', { unionId, cooperativeId, startDate });
}

/**
 * Takes a cooperative out of a union on a Jalali date; the row is kept.
 */
export function leaveUnion(unionId: number, cooperativeId: number, endDate: string): Promise<UnionLink> {
  return call('leave_union', { unionId, cooperativeId, endDate });
}

export function listNamed(list: NamedList): Promise<Array<NamedItem>> {
  return call('list_named', { list });
}

export function addNamed(list: NamedList, name: string): Promise<NamedItem> {
  return call('add_named', { list, name });
}

export function updateNamed(list: NamedList, id: number, name: string, active: boolean): Promise<NamedItem> {
  return call('update_named', { list, id, name, active });
}

/**
 * A Jalali month for the date picker; no year or month means this month.
 */
export function jalaliMonth(year: number | null, month: number | null): Promise<MonthGrid> {
  return call('jalali_month', { year, month });
}

export function searchCourses(filter: CourseFilter): Promise<Array<CourseView>> {
  return call('search_courses', { filter });
}

export function addCourse(input: CourseInput): Promise<CourseView> {
  return call('add_course', { input });
}

export function updateCourse(id: number, input: CourseInput): Promise<CourseView> {
  return call('update_course', { id, input });
}

export function listProviders(): Promise<Array<ProviderView>> {
  return call('list_providers', {});
}

export function addProvider(input: ProviderInput): Promise<ProviderView> {
  return call('add_provider', { input });
}

export function updateProvider(id: number, input: ProviderInput): Promise<ProviderView> {
  return call('update_provider', { id, input });
}

export function listCampaigns(): Promise<Array<CampaignView>> {
  return call('list_campaigns', {});
}

export function addCampaign(input: CampaignInput): Promise<CampaignView> {
  return call('add_campaign', { input });
}

export function updateCampaign(id: number, input: CampaignInput): Promise<CampaignView> {
  return call('update_campaign', { id, input });
}

/**
 * Closes a campaign: it takes no new need lines; its lines go on.
 */
export function closeCampaign(id: number): Promise<CampaignView> {
  return call('close_campaign', { id });
}

export function reopenCampaign(id: number): Promise<CampaignView> {
  return call('reopen_campaign', { id });
}

export function listNeeds(filter: NeedFilter): Promise<Array<NeedView>> {
  return call('list_needs', { filter });
}

/**
 * Writes the need lines the list shows under the filter as a sheet in the
 * exports folder.
 */
export function exportNeeds(filter: NeedFilter): Promise<Saved> {
  return call('export_needs', { filter });
}

export function addNeed(input: NeedInput): Promise<NeedView> {
  return call('add_need', { input });
}

/**
 * Corrects a draft or submitted need line; the change goes to its history.
 */
export function updateNeed(id: number, input: NeedEdit): Promise<NeedView> {
  return call('update_need', { id, input });
}

/**
 * Changes an approved line's head-count, with the reason kept in its
 * history; never below the people nominated or referred for it.
 */
export function setApprovedCount(id: number, approved: string, reason: string): Promise<NeedView> {
  return call('set_approved_count', { id, approved, reason });
}

export function setNeedStatus(id: number, to: NeedStatus, reason: string, approved: number | null): Promise<NeedView> {
  return call('set_need_status', { id, to, reason, approved });
}

/**
 * Approves every line or, if one cannot be, none.
 */
export function approveNeeds(ids: Array<number>, reason: string): Promise<Array<NeedView>> {
  return call('approve_needs', { ids, reason });
}

export function needHistory(id: number): Promise<Array<HistoryEntry>> {
  return call('need_history', { id });
}

export function listNominees(needId: number): Promise<Array<NomineeView>> {
  return call('list_nominees', { needId });
}

export function addNominee(needId: number, nationalCode: string): Promise<NomineeView> {
  return call('add_nominee', { needId, nationalCode });
}

export function withdrawNominee(needId: number, nationalCode: string): Promise<void> {
  return call('withdraw_nominee', { needId, nationalCode });
}

export function suggestCourses(organizationId: number): Promise<Array<Suggestion>> {
  return call('suggest_courses', { organizationId });
}

export function roadmap(organizationId: number): Promise<Roadmap> {
  return call('roadmap', { organizationId });
}

export function reorderRoadmap(organizationId: number, ids: Array<number>): Promise<void> {
  return call('reorder_roadmap', { organizationId, ids });
}

/**
 * Writes the roadmap workbook into the exports folder; returns its path.
 */
export function exportRoadmap(organizationId: number): Promise<Saved> {
  return call('export_roadmap', { organizationId });
}

/**
 * Asks for a spreadsheet to import with the system's open dialog.
 */
export function pickImportFile(): Promise<string | null> {
  return call('pick_import_file', {});
}

/**
 * Opens the file manager with the file selected.
 */
export function showInFolder(path: string): Promise<void> {
  return call('show_in_folder', { path });
}

export function getSettings(): Promise<Settings> {
  return call('get_settings', {});
}

/**
 * Saves every setting, or nothing when one is invalid.
 */
export function saveSettings(input: Settings): Promise<Settings> {
  return call('save_settings', { input });
}

export function listQuota(): Promise<Array<QuotaView>> {
  return call('list_quota', {});
}

/**
 * Writes the quota periods and the seats of courses and providers as a
 * sheet in the exports folder.
 */
export function exportQuota(): Promise<Saved> {
  return call('export_quota', {});
}

/**
 * Adds a quota period, or changes the one starting on the same day.
 */
export function setQuota(input: QuotaInput): Promise<QuotaView> {
  return call('set_quota', { input });
}

/**
 * Sets the seats of one course or one provider in a period; empty seats
 * clear them.
 */
export function setQuotaCap(periodId: number, courseId: number | null, providerId: number | null, seats: string | null): Promise<QuotaView> {
  return call('set_quota_cap', { periodId, courseId, providerId, seats });
}

export function listRounds(): Promise<Array<RoundView>> {
  return call('list_rounds', {});
}

/**
 * Writes the list of rounds as a sheet in the exports folder.
 */
export function exportRounds(): Promise<Saved> {
  return call('export_rounds', {});
}

export function getRound(id: number): Promise<RoundView> {
  return call('get_round', { id });
}

export function newRound(input: RoundInput): Promise<RoundView> {
  return call('new_round', { input });
}

/**
 * The ranked candidates of a round, each with the parts of its score.
 */
export function roundCandidates(roundId: number, filter: CandidateFilter): Promise<CandidateList> {
  return call('round_candidates', { roundId, filter });
}

/**
 * Fills a draft round with the best candidates until it, the quota or the
 * pool runs out.
 */
export function buildRound(roundId: number): Promise<BuildReport> {
  return call('build_round', { roundId });
}

/**
 * Adds one candidate by hand. Past a limit the core answers `quota_exceeded`
 * unless `overrideReason` says why to go over.
 */
export function addCandidate(roundId: number, nomineeId: number, reason: string, overrideReason: string | null): Promise<ReferralView> {
  return call('add_candidate', { roundId, nomineeId, reason, overrideReason });
}

export function removeReferral(referralId: number, reason: string): Promise<ReferralView> {
  return call('remove_referral', { referralId, reason });
}

export function setRoundStatus(roundId: number, status: RoundStatus, details: RoundMove): Promise<RoundView> {
  return call('set_round_status', { roundId, status, details });
}

export function listReferrals(roundId: number): Promise<Array<ReferralView>> {
  return call('list_referrals', { roundId });
}

/**
 * Writes a round's referrals with what became of each (enrolment,
 * attendance, result, certificate) as a sheet in the exports folder.
 */
export function exportReferrals(roundId: number): Promise<Saved> {
  return call('export_referrals', { roundId });
}

/**
 * Records what the TVTO reported for one referral.
 */
export function updateReferral(referralId: number, update: ReferralUpdate): Promise<ReferralView> {
  return call('update_referral', { referralId, update });
}

export function referralHistory(referralId: number): Promise<Array<StatusEntry>> {
  return call('referral_history', { referralId });
}

export function roundHistory(roundId: number): Promise<Array<StatusEntry>> {
  return call('round_history', { roundId });
}

/**
 * A person's or a cooperative's referrals, newest round first.
 */
export function trainingHistory(personId: number | null, organizationId: number | null): Promise<Array<ReferralView>> {
  return call('training_history', { personId, organizationId });
}

/**
 * Everything the printed cover letter and sign-in sheets say.
 */
export function roundLetter(roundId: number): Promise<RoundLetter> {
  return call('round_letter', { roundId });
}

/**
 * Writes the round's TVTO sheet into the exports folder; returns its path.
 */
export function exportRound(roundId: number): Promise<Saved> {
  return call('export_round', { roundId });
}

/**
 * Writes the sheet and a draft email with it attached; returns the draft's
 * path.
 */
export function prepareEmail(roundId: number): Promise<Saved> {
  return call('prepare_email', { roundId });
}

/**
 * Reads a file's sheets, header row and first rows, with the mapping of its
 * columns (remembered for the same headers, or guessed). `sheet` null is the
 * first sheet.
 */
export function inspectImport(path: string, sheet: string | null, kind: ImportKind): Promise<Layout> {
  return call('inspect_import', { path, sheet, kind });
}

/**
 * Runs an import, or with `request.dry_run` its preview (exact counts,
 * nothing written), reporting progress as it goes. `run` is the number
 * the window gives this run, for `cancel_import`.
 */
export function runImport(path: string, request: ImportRequest, run: number, onProgress: (progress: Progress) => void): Promise<ImportOutcome> {
  return call('run_import', { path, request, run }, onProgress);
}

/**
 * Stops the import run of that number; it then fails with `cancelled`,
 * nothing written. A stop that arrives before its run has started counts.
 */
export function cancelImport(run: number): Promise<void> {
  return call('cancel_import', { run });
}

/**
 * Writes the rejected rows of an import as a sheet in the exports folder.
 */
export function saveImportErrors(outcome: ImportOutcome): Promise<Saved> {
  return call('save_import_errors', { outcome });
}

/**
 * The backups, newest first. Answers even when the database is damaged.
 */
export function listBackups(): Promise<Array<BackupInfo>> {
  return call('list_backups', {});
}

/**
 * Makes a checked backup now, beside the others.
 */
export function backupNow(): Promise<BackupInfo> {
  return call('backup_now', {});
}

/**
 * Asks where to save a backup (a USB stick) with the system's save dialog.
 */
export function pickBackupTarget(): Promise<string | null> {
  return call('pick_backup_target', {});
}

/**
 * Saves a checked backup where the clerk chooses in the save dialog (a USB
 * stick); `null` when the dialog is cancelled.
 */
export function saveBackupAs(path: string): Promise<Saved> {
  return call('save_backup_as', { path });
}

/**
 * Asks for a backup file to restore with the system's open dialog.
 */
export function pickBackupFile(): Promise<string | null> {
  return call('pick_backup_file', {});
}

/**
 * What a backup holds, read without changing anything; refused when the file
 * is damaged, not ours, or from a newer version.
 */
export function inspectBackup(path: string): Promise<BackupCheck> {
  return call('inspect_backup', { path });
}

/**
 * Replaces the data with a backup's, after backing up the current data;
 * returns where that was kept. The app goes on with the restored data.
 */
export function restoreBackup(path: string): Promise<Saved> {
  return call('restore_backup', { path });
}

/**
 * For a damaged database: the newest good backup takes its place (the
 * damaged file is kept aside) and the database opens. Returns the backup.
 */
export function restoreNewestBackup(): Promise<BackupInfo> {
  return call('restore_newest_backup', {});
}

/**
 * The full integrity check: `null` when healthy, else a Persian message.
 */
export function checkDatabase(): Promise<string | null> {
  return call('check_database', {});
}

/**
 * Every figure of the dashboard for a period of Jalali months (Mehr
 * 1404 to this month when empty), counted by the core; at most 20
 * cooperatives in the needs table.
 */
export function dashboard(period: PeriodInput): Promise<Figures> {
  return call('dashboard', { period });
}

/**
 * Prints the monthly report the window shows to a PDF on A4 in the
 * exports folder (the desktop's print engine; not over the bridge).
 */
export function saveReportPdf(period: PeriodInput): Promise<Saved> {
  return call('save_report_pdf', { period });
}

/**
 * Writes the monthly report workbook, with its charts, into the exports folder.
 */
export function exportReport(period: PeriodInput): Promise<Saved> {
  return call('export_report', { period });
}

/**
 * A page of the audit log, newest first.
 */
export function searchAudit(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRow>> {
  return call('search_audit', { filter, page });
}

/**
 * Writes the filtered audit log as a sheet in the exports folder.
 */
export function exportAudit(filter: AuditFilter): Promise<Saved> {
  return call('export_audit', { filter });
}

/**
 * What merging two cooperatives (or two unions) entered twice would do:
 * both side by side, what moves, what becomes one. Nothing is written.
 */
export function previewOrgMerge(input: OrgMergeInput): Promise<OrgMerge> {
  return call('preview_org_merge', { input });
}

/**
 * Merges two cooperatives (or two unions) in one transaction; the
 * removed one stays readable in the audit log.
 */
export function mergeOrgs(input: OrgMergeInput): Promise<OrgMerge> {
  return call('merge_orgs', { input });
}

/**
 * What merging two people entered twice would do. Nothing is written.
 */
export function previewPersonMerge(input: PersonMergeInput): Promise<PersonMerge> {
  return call('preview_person_merge', { input });
}

/**
 * Merges two people in one transaction.
 */
export function mergePeople(input: PersonMergeInput): Promise<PersonMerge> {
  return call('merge_people', { input });
}
