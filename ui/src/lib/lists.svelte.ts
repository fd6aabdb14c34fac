// The registry lists and the course catalogue, kept for the whole session
// so that returning to one finds it as the clerk left it (search text,
// filters, page).
import { searchCourses, searchOrgs, searchPeople } from './api';
import type { CourseFilter, OrgFilter } from './bindings';
import { ListState, pageOf } from './list.svelte';

export const PAGE_SIZE = 25;

export function anyOrg(): OrgFilter {
  return {
    text: '',
    kind: null,
    field: null,
    county: null,
    status: null,
    is_small: null,
    is_startup: null,
    is_internet: null,
  };
}

export const coopList = new ListState(searchOrgs, anyOrg(), { pageSize: PAGE_SIZE });

export const personList = new ListState((f: { query: string }, page) => searchPeople(f.query, page), { query: '' }, {
  pageSize: PAGE_SIZE,
});

export function anyCourse(): CourseFilter {
  return { text: '', kind: null, cluster: null, active: null };
}

/** The catalogue comes whole from the core and is paged here. */
export const courseList = new ListState(
  async (f: CourseFilter, page) => pageOf(await searchCourses(f), page),
  anyCourse(),
  { pageSize: PAGE_SIZE },
);

/**
 * After a restore the data is another's: each list keeps its filter but
 * starts again from its first page (it reads again when its screen opens).
 */
export function rewindLists(): void {
  for (const list of [coopList, personList, courseList]) list.page = 1;
}
