// The charts of the dashboard and the monthly report, drawn as SVG by
// Observable Plot from figures the core counted: nothing is counted here,
// the rows only say which figure goes where.
//
// They read right to left: months run from right to left, the value axis
// stands on the right, and bars grow leftwards from their labels. Every
// number is in Persian digits and every text in Vazirmatn. The SVG itself is
// laid out left to right (Plot places its labels for that), so each text is
// wrapped in right-to-left marks: «۳۱ تا ۶۰ روز» and «۱۲ (۴۵٪)» then read in
// Persian order.
//
// This module (and Plot with it) is loaded when the first chart is drawn
// (PlotChart), so the app starts without it; components describe their
// charts with the types of chart-spec.ts.
import { barX, barY, plot, ruleX, ruleY, text, tickY } from '@observablehq/plot';
import {
  CHART_COLORS,
  type Bar,
  type BarOptions,
  type ChartSpec,
  type ColumnOptions,
  type LayeredBar,
  type MonthColumn,
} from './chart-spec';
import { formatNumber, toPersianDigits } from './format';

export const CHART_FONT = 'Vazirmatn, Tahoma, sans-serif';
const FONT_SIZE = 12;
/** Height of one line of chart text, in pixels. */
const LINE = 15;

const RLM = '\u200f';

/** Text read right to left inside the left-to-right SVG, line by line. */
export function rtl(value: string): string {
  return value
    .split('\n')
    .map((line) => `${RLM}${line}${RLM}`)
    .join('\n');
}

/** A count on a chart: `۱٬۲۳۴`. */
export function chartNumber(value: number): string {
  return rtl(formatNumber(value));
}

export type Measure = (text: string) => number;

let context: CanvasRenderingContext2D | null | undefined;

/** The width of a text in the chart font, as the browser draws it. */
export const measure: Measure = (value) => {
  context ??= document.createElement('canvas').getContext('2d');
  if (!context) return value.length * FONT_SIZE * 0.6;
  context.font = `${FONT_SIZE}px ${CHART_FONT}`;
  return context.measureText(value).width;
};

/** `value`, cut at its end with «…» to fit `max` pixels (the table keeps it whole). */
export function fitText(value: string, max: number, width: Measure = measure): string {
  if (width(value) <= max) return value;
  let cut = value;
  while (cut.length > 1 && width(`${cut}…`) > max) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * Which of `count` bands get a label when each is `band` pixels wide and
 * a label needs `needed`: every step-th from the first, and always the last,
 * which takes the place of a label too close to it.
 */
export function tickIndexes(count: number, band: number, needed: number): number[] {
  if (count <= 0) return [];
  const step = Math.max(1, Math.ceil(needed / Math.max(1, band)));
  const picked: number[] = [];
  for (let i = 0; i < count; i += step) picked.push(i);
  const last = count - 1;
  if (picked[picked.length - 1] !== last) {
    if (picked.length > 1 && last - picked[picked.length - 1] < step) picked.pop();
    picked.push(last);
  }
  return picked;
}

function frame(width: number, height: number) {
  return {
    width,
    height,
    style: {
      fontFamily: CHART_FONT,
      fontSize: `${FONT_SIZE}px`,
      direction: 'ltr',
      color: CHART_COLORS.text,
      background: 'transparent',
      overflow: 'visible',
    },
  };
}

const widest = (texts: readonly string[], width: Measure) => Math.max(0, ...texts.map((t) => width(t)));

/**
 * Columns over months, the first month on the right and the value axis on
 * the right, with a dashed mark per month for `line` (the quota's monthly
 * share). Month names stand over their years.
 */
export function monthColumns(
  rows: readonly MonthColumn[],
  width: number,
  options: ColumnOptions = {},
  w: Measure = measure,
): SVGSVGElement | HTMLElement {
  const height = options.height ?? 260;
  const labels = rows.map((r) => toPersianDigits(r.label).replace(' ', '\n'));
  const values = rows.flatMap((r) => (r.line === null ? [r.value] : [r.value, r.line]));
  const valueTexts = [0, ...values].map((v) => formatNumber(v));
  const marginRight = Math.ceil(widest(valueTexts, w)) + 14;
  const marginLeft = 8;
  // A few months get columns of a usual width, standing on the right.
  width = Math.min(width, marginLeft + marginRight + Math.max(3, rows.length) * 90);
  const band = (width - marginLeft - marginRight) / Math.max(1, rows.length);
  const labelWidth = widest(labels.flatMap((l) => l.split('\n')), w) + 10;
  const ticks = tickIndexes(rows.length, band, labelWidth);
  const indexed = rows.map((r, i) => ({ ...r, i }));
  const showValues = band >= widest(valueTexts, w) + 4;
  return plot({
    ...frame(width, height),
    marginTop: 22,
    marginRight,
    marginLeft,
    marginBottom: 2 * LINE + 10,
    x: {
      type: 'band',
      domain: indexed.map((r) => r.i),
      reverse: true,
      padding: 0.3,
      label: null,
      ticks,
      tickSize: 0,
      tickPadding: 6,
      tickFormat: (i: number) => rtl(labels[i]),
    },
    y: {
      axis: 'right',
      grid: true,
      nice: true,
      zero: true,
      label: null,
      ticks: Math.max(2, Math.floor(height / 50)),
      tickFormat: (v: number) => (Number.isInteger(v) ? chartNumber(v) : ''),
    },
    marks: [
      ruleY([0], { stroke: CHART_COLORS.muted }),
      barY(indexed, {
        x: 'i',
        y: 'value',
        fill: options.color ?? CHART_COLORS.bar,
        title: (r: MonthColumn) => rtl(`${toPersianDigits(r.label)}: ${formatNumber(r.value)}`),
      }),
      showValues
        ? text(indexed, {
            x: 'i',
            y: 'value',
            text: (r: MonthColumn) => chartNumber(r.value),
            dy: -8,
            fill: CHART_COLORS.text,
            filter: (r: MonthColumn) => r.value !== 0,
          })
        : null,
      tickY(
        indexed.filter((r) => r.line !== null),
        { x: 'i', y: 'line', stroke: options.lineColor ?? CHART_COLORS.quota, strokeWidth: 2.5, strokeDasharray: '6,3' },
      ),
    ],
  });
}

/**
 * Horizontal bars, labels on the right and bars growing leftwards. Plain
 * bars are one layer; nested figures (the funnel of a round, approved and
 * met) are several, drawn from the widest in.
 */
export function layeredBars(
  rows: readonly LayeredBar[],
  width: number,
  options: BarOptions = {},
  w: Measure = measure,
): SVGSVGElement | HTMLElement {
  const colors = options.colors ?? [CHART_COLORS.bar];
  const layers = Math.max(1, ...rows.map((r) => r.values.length));
  const notes = rows.map((r) => r.note ?? formatNumber(r.values[0] ?? 0));
  const labelRoom = Math.min(widest(rows.map((r) => r.label), w), Math.max(80, width * 0.38));
  const labels = rows.map((r) => fitText(r.label, labelRoom, w));
  const marginRight = Math.ceil(labelRoom) + 12;
  const marginLeft = Math.ceil(widest(notes, w)) + 12;
  const row = options.row ?? 28;
  const indexed = rows.map((r, i) => ({ ...r, i, note: notes[i] }));
  const bars = Array.from({ length: layers }, (_, layer) =>
    barX(
      indexed.filter((r) => r.values.length > layer),
      {
        x: (r: LayeredBar) => r.values[layer],
        y: 'i',
        fill: colors[Math.min(layer, colors.length - 1)],
        title: (r: LayeredBar & { note: string }) => rtl(`${r.label}: ${r.note}`),
      },
    ),
  );
  return plot({
    ...frame(width, rows.length * row + 8),
    marginTop: 4,
    marginBottom: 4,
    marginRight,
    marginLeft,
    x: { axis: null, reverse: true, zero: true, nice: false },
    y: {
      type: 'band',
      domain: indexed.map((r) => r.i),
      axis: 'right',
      label: null,
      padding: 0.25,
      tickSize: 0,
      tickPadding: 8,
      tickFormat: (i: number) => rtl(labels[i]),
    },
    marks: [
      ...bars,
      text(indexed, {
        x: (r: LayeredBar) => r.values[0] ?? 0,
        y: 'i',
        text: (r: { note: string }) => rtl(r.note),
        textAnchor: 'end',
        dx: -6,
        fill: CHART_COLORS.text,
      }),
      ruleX([0], { stroke: CHART_COLORS.muted }),
    ],
  });
}

/** Plain horizontal bars: one layer of `layeredBars`. */
export function bars(rows: readonly Bar[], width: number, options: BarOptions = {}, w: Measure = measure): SVGSVGElement | HTMLElement {
  return layeredBars(
    rows.map((r) => ({ label: r.label, values: [r.value], note: r.note })),
    width,
    options,
    w,
  );
}

function draw(spec: ChartSpec, width: number): SVGSVGElement | HTMLElement {
  switch (spec.kind) {
    case 'months':
      return monthColumns(spec.rows, width, spec.options);
    case 'bars':
      return bars(spec.rows, width, spec.options);
    case 'layers':
      return layeredBars(spec.rows, width, spec.options);
  }
}

/**
 * Draws what a component described, `width` pixels wide. Plot's own
 * `<style>` element is taken out before the chart reaches the page (the
 * app's stylesheet does its work), so charts need no inline style sheet
 * from the Content-Security-Policy; the styles Plot sets through the DOM
 * are not subject to it.
 */
export function drawChart(spec: ChartSpec, width: number): SVGSVGElement | HTMLElement {
  const chart = draw(spec, width);
  for (const sheet of chart.querySelectorAll('style')) sheet.remove();
  return chart;
}
