// What a chart shows, as the dashboard's components describe it: rows of
// the core's figures and a few options. Drawing is charts.ts's, loaded with
// Plot when the first chart appears.

export const CHART_COLORS = {
  bar: '#1b6e4a',
  quota: '#b3261e',
  remaining: '#3c6e9f',
  text: '#1d2521',
  muted: '#5b6660',
  /** Nested stages, the widest first: referred → certified, approved → met. */
  layers: ['#d3e8dc', '#a3d0b7', '#68b08b', '#2e8159', '#0e432c'],
} as const;

/** One month's column: a count, and where the quota line stands (if any). */
export interface MonthColumn {
  /** `آذر ۱۴۰۴`, as the core labels it. */
  label: string;
  value: number;
  line: number | null;
}

export interface ColumnOptions {
  height?: number;
  color?: string;
  lineColor?: string;
}

/** One bar of a list: its label, its length and the text at its end. */
export interface Bar {
  label: string;
  value: number;
  /** What the bar's end says; the count when missing. */
  note?: string;
}

/** Bars in layers, the widest first, each drawn over the one before. */
export interface LayeredBar {
  label: string;
  values: readonly number[];
  /** What the outer bar's end says; its count when missing. */
  note?: string;
}

export interface BarOptions {
  colors?: readonly string[];
  /** Pixels per row. */
  row?: number;
}

export type ChartSpec =
  | { kind: 'months'; rows: readonly MonthColumn[]; options?: ColumnOptions }
  | { kind: 'bars'; rows: readonly Bar[]; options?: BarOptions }
  | { kind: 'layers'; rows: readonly LayeredBar[]; options?: BarOptions };
