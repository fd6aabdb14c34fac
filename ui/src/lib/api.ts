// The only module that talks to the Rust side. Components import typed
// functions from here and never touch `@tauri-apps/api` themselves, so the
// UI also runs in a plain browser against the in-memory stand-in
// (standin.ts), which answers the same calls.
import { Channel, invoke, isTauri } from '@tauri-apps/api/core';
import type {
  Counts,
  DemoConfig,
  DemoSummary,
  ErrorBody,
  MembershipInput,
  MembershipView,
  NamedItem,
  NamedList,
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
  StartState,
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
}

export type { MonthGrid, StartState };

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
