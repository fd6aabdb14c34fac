import { describe, expect, it } from 'vitest';
import { Router } from '../router.svelte';
import { itemKey, routeOf } from '../waiting';

describe('the waiting list’s links', () => {
  it('lead to the screen each thing is done on', () => {
    expect(routeOf({ to: 'rounds' })).toEqual({ name: 'rounds' });
    expect(routeOf({ to: 'round', id: 7 })).toEqual({ name: 'round', id: 7 });
    expect(routeOf({ to: 'quota' })).toEqual({ name: 'quota' });
    expect(routeOf({ to: 'backups' })).toEqual({ name: 'backups' });
  });

  it('open the needs on their status, and on their campaign when there is one', () => {
    expect(routeOf({ to: 'needs', status: 'submitted', campaign_id: 3 })).toEqual({ name: 'needs', status: 'submitted', campaign: 3 });
    expect(routeOf({ to: 'needs', status: 'approved', campaign_id: null })).toEqual({ name: 'needs', status: 'approved' });
  });

  it('open over the home screen, so «back» returns to it, in the right section', () => {
    const r = new Router();
    r.go(routeOf({ to: 'round', id: 2 }));
    expect(r.section).toBe('rounds');
    r.back();
    expect(r.current).toEqual({ name: 'dashboard' });
    r.go(routeOf({ to: 'needs', status: 'submitted', campaign_id: null }));
    expect(r.section).toBe('needs');
    expect(r.key).toBe('needs');
  });
});

describe('the waiting list’s keys', () => {
  it('tell apart two rounds of one kind', () => {
    const item = (id: number) => ({ kind: 'round_not_locked' as const, count: 1, text: '', link: { to: 'round' as const, id } });
    expect(itemKey(item(1))).not.toBe(itemKey(item(2)));
    expect(itemKey({ kind: 'no_nominees', count: 4, text: '', link: { to: 'needs', status: 'approved', campaign_id: 1 } })).toBe('no_nominees');
  });
});
