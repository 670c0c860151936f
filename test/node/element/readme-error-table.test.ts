// The README's event list and `pin-control-error` table against the element's
// own lists (src/events.ts): every event, every code and every token failure
// reason is documented, each row says what the integrator does, and the
// retry causes are explained where they surface (`retries-exhausted`'s
// `detail.cause`, `pin-control-ready`'s `detail.restart`). A code or reason
// added to the element without a README row fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, RETRY_CAUSES, TOKEN_ERROR_CODES, TOKEN_FAILURE_REASONS } from '../../../src/events.js';

const ROOT = new URL('../../../', import.meta.url);
const README = readFileSync(new URL('README.md', ROOT), 'utf8');
const EVENTS_SOURCE = readFileSync(new URL('src/events.ts', ROOT), 'utf8');

const HEADER = '| `detail.code` | `detail.reason` | `detail.status` | what happened | the element shows | what the integrator does |';

/** A table line with its cells' padding taken out (Prettier pads tables to align them). */
const unpadded = (line: string) => line.replace(/\s*\|\s*/g, ' | ').trim();

/** The table's rows, each as its cells (backticks kept). */
function errorTable(): string[][] {
  const lines = README.split('\n');
  const start = lines.findIndex((line) => unpadded(line) === HEADER);
  assert.ok(start >= 0, `the README has the pin-control-error table (${HEADER})`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    ); // no cell holds a |
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '');

test('README: the pin-control-error table has one code column entry for every code, and nothing else', () => {
  const rows = errorTable();
  assert.ok(
    rows.every((cells) => cells.length === 6),
    'six cells in every row',
  );
  assert.deepEqual(new Set(rows.map((cells) => unquote(cells[0]!))), new Set(ERROR_CODES));
});

test('README: every token failure reason has a row, under a token code', () => {
  const rows = errorTable();
  const reasons = rows.filter((cells) => cells[1] !== '').map((cells) => [unquote(cells[0]!), unquote(cells[1]!)] as const);
  for (const [code] of reasons) assert.ok((TOKEN_ERROR_CODES as readonly string[]).includes(code), `${code} carries no reason`);
  assert.deepEqual(new Set(reasons.map(([, reason]) => reason)), new Set(TOKEN_FAILURE_REASONS));
});

test('README: every row says what the element shows and what the integrator does', () => {
  for (const cells of errorTable()) {
    const [code, reason] = cells;
    const shows = cells[4]!;
    const does = cells[5]!;
    assert.match(shows, /retry button/, `${code} ${reason}: whether a retry button shows`);
    assert.ok(does.length >= 6, `${code} ${reason}: what the integrator does`);
  }
});

test('README: retries-exhausted explains each retry cause it can carry', () => {
  const row = errorTable().find((cells) => cells[0] === '`retries-exhausted`')!;
  for (const cause of RETRY_CAUSES) assert.match(row[5]!, new RegExp(`\`${cause}\`:`), `what to do for cause ${cause}`);
});

test('README: every event of the element is listed, and every detail.restart value', () => {
  const body = /export interface PinControlEventMap \{([^}]*)\}/.exec(EVENTS_SOURCE)?.[1] ?? '';
  const events = [...body.matchAll(/'([a-z-]+)':/g)].map((match) => match[1]!);
  assert.equal(events.length, 8, 'the event map was read');
  const section = README.slice(README.indexOf('Events (bubbling, composed'), README.indexOf(HEADER));
  for (const event of events) assert.ok(section.includes(`\`${event}\``), `README lists ${event}`);
  for (const restart of [...RETRY_CAUSES, 'frame-unresponsive'])
    assert.ok(section.includes(`\`${restart}\``), `README names detail.restart ${restart}`);
});
