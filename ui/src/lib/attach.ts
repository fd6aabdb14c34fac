// Small DOM behaviours shared by screens, as Svelte attachments.
import type { Attachment } from 'svelte/attachments';

const FOCUSABLE = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';

/** Puts the cursor in the first field when a form opens. */
export const focusFirst: Attachment<HTMLElement> = (node) => {
  node.querySelector<HTMLElement>(FOCUSABLE)?.focus();
};

/**
 * Makes a whole table row open its record on click. The row's first cell
 * holds a real button for the keyboard; clicks on controls inside the row
 * are left to them.
 */
export function rowLink(open: () => void): Attachment<HTMLElement> {
  return (node) => {
    const onClick = (event: MouseEvent) => {
      if ((event.target as Element).closest('button, a, input, select, textarea')) return;
      open();
    };
    node.addEventListener('click', onClick);
    return () => node.removeEventListener('click', onClick);
  };
}

/**
 * Closes a popup on Escape (without letting the key reach the form, which
 * would cancel it) and on a click outside it.
 */
export function dismissable(isOpen: () => boolean, close: (refocus: boolean) => void): Attachment<HTMLElement> {
  return (node) => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && isOpen()) {
        event.preventDefault();
        event.stopPropagation();
        close(true);
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (isOpen() && !node.contains(event.target as Node)) close(false);
    };
    node.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      node.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  };
}

/**
 * Escape cancels an open form, wherever the focus is, unless something
 * took the key first (an open calendar closes instead).
 */
export function escapeCancels(cancel: () => void): Attachment<HTMLElement> {
  return () => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        cancel();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  };
}
