// The two registry lists, kept for the whole session so that returning from
// a record finds the list as the clerk left it (search text, filters, page).
import { searchOrgs, searchPeople } from './api';
import type { OrgFilter } from './bindings';
import { ListState } from './list.svelte';

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
