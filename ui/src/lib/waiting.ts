// Where each line of the home screen's «کارهای در انتظار شما» leads: the
// core names the screen (`WaitingLink`), this turns it into a route.
import type { WaitingItem, WaitingLink } from './bindings';
import type { Route } from './router.svelte';

export function routeOf(link: WaitingLink): Route {
  switch (link.to) {
    case 'rounds':
      return { name: 'rounds' };
    case 'round':
      return { name: 'round', id: link.id };
    case 'needs':
      return link.campaign_id === null
        ? { name: 'needs', status: link.status }
        : { name: 'needs', status: link.status, campaign: link.campaign_id };
    case 'quota':
      return { name: 'quota' };
    case 'backups':
      return { name: 'backups' };
  }
}

/** A key per line: a kind appears once, except this month's rounds, one per round. */
export function itemKey(item: WaitingItem): string {
  return item.link.to === 'round' ? `${item.kind}:${item.link.id}` : item.kind;
}
