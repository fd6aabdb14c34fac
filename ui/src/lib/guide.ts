// The clerk's guide (docs/guide-fa.md) turned into blocks the help screen
// renders as elements: headings, paragraphs, lists, and `code` for paths
// and file names. Only the few forms the guide uses are understood, and no
// text ever becomes HTML.

/** A run of text; `code` for a path or a file name, shown left to right. */
export interface Inline {
  text: string;
  code: boolean;
}

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; parts: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] };

/** Splits a line on backticks: the odd pieces are code. */
export function inline(text: string): Inline[] {
  return text
    .split('`')
    .map((piece, i) => ({ text: piece, code: i % 2 === 1 }))
    .filter((part) => part.text !== '');
}

export function parseGuide(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: Inline[][] } | null = null;

  const flush = (): void => {
    if (paragraph.length > 0) {
      blocks.push({ kind: 'paragraph', parts: inline(paragraph.join(' ')) });
      paragraph = [];
    }
    if (list) {
      blocks.push({ kind: 'list', ...list });
      list = null;
    }
  };

  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim();
    const item = /^(?:(-)|\d+\.)\s+(.*)$/.exec(line);
    if (line === '') {
      flush();
    } else if (line.startsWith('## ')) {
      flush();
      blocks.push({ kind: 'heading', text: line.slice(3).trim() });
    } else if (line.startsWith('# ')) {
      flush();
      blocks.push({ kind: 'title', text: line.slice(2).trim() });
    } else if (item) {
      const ordered = item[1] === undefined;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(inline(item[2]));
    } else if (list) {
      // A line under a list item continues it.
      const last = list.items[list.items.length - 1];
      last.push(...inline(` ${line}`));
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
