// Which screen is showing. A desktop app has no address bar, so routes are
// plain values kept in a stack: opening a detail or a form pushes, cancel and
// "back" pop, and the side navigation starts a fresh stack.
import type { ImportKind, NeedStatus } from './bindings';

/** The tabs of a cooperative's page. */
export type CoopTab = 'details' | 'needs' | 'roadmap';

export const COOP_TABS: readonly CoopTab[] = ['details', 'needs', 'roadmap'];

/** The tabs of a referral round's page. */
export type RoundTab = 'list' | 'candidates' | 'history';

export const ROUND_TABS: readonly RoundTab[] = ['list', 'candidates', 'history'];

/** A round's printable papers. */
export type RoundPaper = 'letter' | 'sign-in';

export type Route =
  | { name: 'dashboard' }
  | { name: 'coops' }
  | { name: 'coop'; id: number; tab?: CoopTab }
  | { name: 'coop-new' }
  | { name: 'coop-edit'; id: number }
  | { name: 'people' }
  | { name: 'person'; code: string }
  | { name: 'person-new' }
  | { name: 'person-edit'; code: string }
  | { name: 'courses' }
  | { name: 'needs'; status?: NeedStatus; campaign?: number }
  | { name: 'rounds' }
  | { name: 'round'; id: number; tab?: RoundTab }
  | { name: 'round-print'; id: number; paper: RoundPaper }
  | { name: 'quota' }
  /** The monthly report for a period of Jalali months (`1404/09`); this month when none. */
  | { name: 'report'; from?: string; to?: string }
  | { name: 'import'; kind?: ImportKind }
  | { name: 'backups' }
  | { name: 'audit' }
  | { name: 'settings' }
  | { name: 'guide' };

/** The sections of the side navigation. */
export type Section =
  | 'dashboard'
  | 'coops'
  | 'people'
  | 'courses'
  | 'needs'
  | 'rounds'
  | 'quota'
  | 'report'
  | 'import'
  | 'backups'
  | 'audit'
  | 'settings'
  | 'guide';

export const SECTIONS: readonly Section[] = [
  'dashboard',
  'coops',
  'people',
  'courses',
  'needs',
  'rounds',
  'quota',
  'report',
  'import',
  'backups',
  'audit',
  'settings',
  'guide',
];

export function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'dashboard':
      return 'dashboard';
    case 'coops':
    case 'coop':
    case 'coop-new':
    case 'coop-edit':
      return 'coops';
    case 'people':
    case 'person':
    case 'person-new':
    case 'person-edit':
      return 'people';
    case 'courses':
      return 'courses';
    case 'needs':
      return 'needs';
    case 'rounds':
    case 'round':
    case 'round-print':
      return 'rounds';
    case 'quota':
      return 'quota';
    case 'report':
      return 'report';
    case 'import':
    case 'backups':
    case 'audit':
    case 'settings':
    case 'guide':
      return route.name;
  }
}

/** The route a section opens on. */
export function sectionRoot(section: Section): Route {
  return { name: section };
}

/**
 * A stable string per route, for keying the rendered screen. A
 * cooperative's or a round's tab is left out: switching tabs keeps the page.
 */
export function routeKey(route: Route): string {
  switch (route.name) {
    case 'coop':
    case 'coop-edit':
    case 'round':
      return `${route.name}:${route.id}`;
    case 'round-print':
      return `${route.name}:${route.id}:${route.paper}`;
    case 'person':
    case 'person-edit':
      return `${route.name}:${route.code}`;
    case 'report':
      return `${route.name}:${route.from ?? ''}:${route.to ?? ''}`;
    default:
      return route.name;
  }
}

export class Router {
  #stack: Route[] = $state([{ name: 'dashboard' }]);

  readonly current: Route = $derived(this.#stack[this.#stack.length - 1]);
  readonly section: Section = $derived(sectionOf(this.current));
  readonly key: string = $derived(routeKey(this.current));
  readonly depth: number = $derived(this.#stack.length);

  /** Opens a screen on top of the current one. */
  go(route: Route): void {
    this.#stack.push(route);
  }

  /** Shows a screen in place of the current one (after a save, say). */
  replace(route: Route): void {
    this.#stack[this.#stack.length - 1] = route;
  }

  /** Starts a section afresh, as the side navigation does. */
  open(section: Section): void {
    this.#stack = [sectionRoot(section)];
  }

  /** Returns to the previous screen, or to the section's own list. */
  back(): void {
    if (this.#stack.length > 1) {
      this.#stack.pop();
    } else {
      const root = sectionRoot(this.section);
      if (routeKey(root) !== this.key) this.#stack = [root];
    }
  }
}

export const router = new Router();
