import { type CivilTime, civilTime, pad } from './civil-time';

/**
 * Go's `time.Time.Format(layout)` for UTC times, so that templates such as
 * `{{ .Time.Format "2006-01-02 15:04:05" }}` print what Kapacitor prints. The layout is Go's
 * reference time `Mon Jan 2 15:04:05 MST 2006`; every element Go recognises is supported, with
 * the zone always UTC (`MST` -> `UTC`, `-0700` -> `+0000`, `Z07:00` -> `Z`).
 */
export function formatTimeLayout(ns: bigint, layout: string): string {
  const t = civilTime(ns);
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const chunk = nextChunk(layout, i);
    if (chunk === undefined) {
      out += layout.charAt(i);
      i++;
      continue;
    }
    out += chunk.render(t);
    i += chunk.length;
  }
  return out;
}

interface Chunk {
  readonly length: number;
  readonly render: (t: CivilTime) => string;
}

const LONG_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const hour12 = (t: CivilTime): number => (t.hour % 12 === 0 ? 12 : t.hour % 12);
const longMonth = (t: CivilTime): string => LONG_MONTHS[t.month - 1] ?? '';
const longDay = (t: CivilTime): string => LONG_DAYS[t.weekday] ?? '';

/** Fixed-text elements, longest first where one is a prefix of another (Go's nextStdChunk). */
const ELEMENTS: readonly [string, (t: CivilTime) => string][] = [
  ['January', longMonth],
  ['Jan', (t) => longMonth(t).slice(0, 3)],
  ['Monday', longDay],
  ['Mon', (t) => longDay(t).slice(0, 3)],
  ['MST', () => 'UTC'],
  ['2006', (t) => pad(t.year, 4)],
  ['002', (t) => pad(t.yearDay, 3)],
  ['__2', (t) => String(t.yearDay).padStart(3, ' ')],
  ['_2', (t) => String(t.day).padStart(2, ' ')],
  ['01', (t) => pad(t.month, 2)],
  ['02', (t) => pad(t.day, 2)],
  ['03', (t) => pad(hour12(t), 2)],
  ['04', (t) => pad(t.minute, 2)],
  ['05', (t) => pad(t.second, 2)],
  ['06', (t) => pad(t.year % 100, 2)],
  ['15', (t) => pad(t.hour, 2)],
  ['1', (t) => String(t.month)],
  ['2', (t) => String(t.day)],
  ['3', (t) => String(hour12(t))],
  ['4', (t) => String(t.minute)],
  ['5', (t) => String(t.second)],
  ['PM', (t) => (t.hour >= 12 ? 'PM' : 'AM')],
  ['pm', (t) => (t.hour >= 12 ? 'pm' : 'am')],
  ['-07:00:00', () => '+00:00:00'],
  ['-070000', () => '+000000'],
  ['-07:00', () => '+00:00'],
  ['-0700', () => '+0000'],
  ['-07', () => '+00'],
  ['Z07:00:00', () => 'Z'],
  ['Z070000', () => 'Z'],
  ['Z07:00', () => 'Z'],
  ['Z0700', () => 'Z'],
  ['Z07', () => 'Z'],
];

function nextChunk(layout: string, i: number): Chunk | undefined {
  const c = layout.charAt(i);
  if ((c === '.' || c === ',') && (layout.charAt(i + 1) === '0' || layout.charAt(i + 1) === '9')) {
    return fractionChunk(layout, i);
  }
  if (c === '_' && layout.startsWith('_2006', i)) {
    // Go reads "_2006" as a literal underscore followed by the year.
    return undefined;
  }
  for (const [text, render] of ELEMENTS) {
    if (layout.startsWith(text, i)) return { length: text.length, render };
  }
  return undefined;
}

/** ".000" keeps exactly that many digits; ".999" trims trailing zeros (and the point if none). */
function fractionChunk(layout: string, i: number): Chunk | undefined {
  const digit = layout.charAt(i + 1);
  let j = i + 1;
  while (layout.charAt(j) === digit) j++;
  const next = layout.charCodeAt(j);
  if (next >= 48 && next <= 57) return undefined;
  const width = j - (i + 1);
  const separator = layout.charAt(i);
  return {
    length: j - i,
    render: (t) => {
      const digits = pad(t.nanosecond, 9).slice(0, width);
      if (digit === '0') return separator + digits;
      const trimmed = digits.replace(/0+$/, '');
      return trimmed === '' ? '' : separator + trimmed;
    },
  };
}
