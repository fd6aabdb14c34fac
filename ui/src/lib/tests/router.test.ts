import { describe, expect, it } from 'vitest';
import { Router, SECTIONS, routeKey, sectionOf } from '../router.svelte';

describe('Router', () => {
  it('opens on the dashboard', () => {
    const r = new Router();
    expect(r.current).toEqual({ name: 'dashboard' });
    expect(r.section).toBe('dashboard');
  });

  it('pushes details and pops back to the list', () => {
    const r = new Router();
    r.open('coops');
    r.go({ name: 'coop', id: 7 });
    expect(r.section).toBe('coops');
    expect(r.key).toBe('coop:7');
    r.go({ name: 'coop-edit', id: 7 });
    r.back();
    expect(r.current).toEqual({ name: 'coop', id: 7 });
    r.back();
    expect(r.current).toEqual({ name: 'coops' });
  });

  it('falls back to the section list when nothing is below', () => {
    const r = new Router();
    r.open('people');
    r.replace({ name: 'person', code: '0499370899' });
    r.back();
    expect(r.current).toEqual({ name: 'people' });
    r.back();
    expect(r.current).toEqual({ name: 'people' });
    expect(r.depth).toBe(1);
  });

  it('replaces a form with the saved record', () => {
    const r = new Router();
    r.open('coops');
    r.go({ name: 'coop-new' });
    r.replace({ name: 'coop', id: 3 });
    expect(r.depth).toBe(2);
    r.back();
    expect(r.current).toEqual({ name: 'coops' });
  });

  it('starts a section afresh from the navigation', () => {
    const r = new Router();
    r.open('coops');
    r.go({ name: 'coop', id: 1 });
    r.open('settings');
    expect(r.depth).toBe(1);
    expect(r.section).toBe('settings');
  });

  it('maps every route to its section and a stable key', () => {
    expect(sectionOf({ name: 'person-edit', code: '1' })).toBe('people');
    expect(sectionOf({ name: 'coop-new' })).toBe('coops');
    expect(routeKey({ name: 'person', code: '0790419904' })).toBe('person:0790419904');
    expect(routeKey({ name: 'settings' })).toBe('settings');
  });

  it('switches a cooperative’s tab in place, keeping the page and the way back', () => {
    const r = new Router();
    r.open('coops');
    r.go({ name: 'coop', id: 7 });
    r.replace({ name: 'coop', id: 7, tab: 'roadmap' });
    expect(r.key).toBe('coop:7');
    r.go({ name: 'person', code: '0790419904' });
    r.back();
    expect(r.current).toEqual({ name: 'coop', id: 7, tab: 'roadmap' });
    expect(r.section).toBe('coops');
  });

  it('has a section each for courses, needs, rounds, the quota and importing', () => {
    expect(SECTIONS).toEqual([
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
    ]);
    expect(sectionOf({ name: 'courses' })).toBe('courses');
    expect(sectionOf({ name: 'needs' })).toBe('needs');
    expect(sectionOf({ name: 'quota' })).toBe('quota');
    expect(sectionOf({ name: 'report', from: '1404/07', to: '1404/09' })).toBe('report');
    expect(sectionOf({ name: 'import' })).toBe('import');
    expect(sectionOf({ name: 'backups' })).toBe('backups');
    expect(sectionOf({ name: 'audit' })).toBe('audit');
  });

  it('keeps a round, its tabs and its papers in the rounds section', () => {
    const r = new Router();
    r.open('rounds');
    r.go({ name: 'round', id: 4 });
    r.replace({ name: 'round', id: 4, tab: 'candidates' });
    expect(r.key).toBe('round:4');
    r.go({ name: 'round-print', id: 4, paper: 'sign-in' });
    expect(r.key).toBe('round-print:4:sign-in');
    expect(r.section).toBe('rounds');
    r.back();
    expect(r.current).toEqual({ name: 'round', id: 4, tab: 'candidates' });
    r.back();
    expect(r.current).toEqual({ name: 'rounds' });
  });

  it('opens the monthly report from the dashboard for its period, and from the side bar afresh', () => {
    const r = new Router();
    r.go({ name: 'report', from: '1404/07', to: '1405/09' });
    expect(r.section).toBe('report');
    expect(r.key).toBe('report:1404/07:1405/09');
    r.back();
    expect(r.current).toEqual({ name: 'dashboard' });
    r.go({ name: 'report', from: '1404/07', to: '1405/09' });
    // The side bar's report is another screen (this month), not the same one kept.
    r.open('report');
    expect(r.key).toBe('report::');
    expect(r.depth).toBe(1);
  });
});
