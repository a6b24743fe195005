/**
 * `report export`: the evidence a partnership gives the people who fund it — check-in participation and response
 * rates per week, sessions held with their role mix against the target and how many went, peer-support rounds
 * with how many groups met and "did this help?", and learning digests posted. Made from the same figures the
 * admin's reports show, through the same disclosure rule (`src/core/anonymity/disclosure.ts`): every count of
 * people (or of groups) is over at least k and rounded to 5, rates come from rounded counts, closed weeks and
 * ended rounds are the frozen figures. Nothing here names a person or carries a word anyone wrote; the only text
 * from people is a session's title, which an admin wrote.
 *
 * One table (long format: section, period, item, measure, value, unit), so the CSV opens in any spreadsheet and
 * the one-page PDF is laid out from the same rows.
 */
import { discloseCount, disclosedPercent, ROUNDING_BASE } from '../anonymity/disclosure.js';
import { effectiveK } from '../checkins/k-rule.js';
import { type CheckinWeekRow, type CheckinWeekSummary, summariseCheckins } from '../checkins/report.js';
import type { MixTarget } from '../commands/command.js';
import { evaluateMix } from '../sessions/mix.js';

export type EvidenceUnit = 'people' | 'groups' | 'percent' | 'score out of 5' | 'target' | 'count' | 'status';

export interface EvidenceRow {
  section: 'check-ins' | 'sessions' | 'peer support' | 'digests';
  /** An ISO week, a date (YYYY-MM-DD) or the whole period. */
  period: string;
  item: string;
  measure: string;
  /** A number, or words ("fewer than 5", "none sent", "not yet"). */
  value: string;
  unit: EvidenceUnit;
}

export interface EvidenceSession {
  title: string;
  /** YYYY-MM-DD in the workspace zone. */
  date: string;
  capacity: number | null;
  mix: readonly MixTarget[];
  goingByBand: Readonly<Record<string, number>>;
}

export type EvidenceRating =
  | { kind: 'open' }
  | { kind: 'waiting'; shownFrom: string }
  | { kind: 'frozen'; raters: number; sum: number };

export interface EvidenceRound {
  number: number;
  /** YYYY-MM-DD. */
  started: string;
  groupsFormed: number;
  groupsWithMessages: number;
  rating: EvidenceRating;
}

export interface EvidenceInput {
  from: string;
  to: string;
  k: number;
  /** Whole weeks in the period, over distinct people (frozen as they were read). */
  weeks: readonly CheckinWeekRow[];
  sessions: readonly EvidenceSession[];
  rounds: readonly EvidenceRound[];
  digestsPosted: number;
  /** Of those, how many were answered (`digest respond`): "you said, we did". */
  digestsAnswered: number;
}

export interface Evidence {
  from: string;
  to: string;
  k: number;
  rule: string;
  rows: EvidenceRow[];
  /** The weeks after the rule (for the chart and the page). */
  weeks: CheckinWeekSummary[];
  /** What the data cannot say, stated once. */
  notes: string[];
}

/** The disclosure rule as stated on the page and in the CSV header. */
export function disclosureRule(k: number): string {
  const kk = effectiveK(k);
  return (
    `Disclosure rule: every figure counts different people (or peer-support groups), never messages; a figure ` +
    `over fewer than ${kk} is not shown ("fewer than ${kk}"); every shown count is rounded to the nearest ` +
    `${ROUNDING_BASE}, and rates are worked out from the rounded counts. Closed weeks and ended rounds use the ` +
    'figures frozen when they were first read. No names, and nothing anyone wrote.'
  );
}

export function buildEvidence(input: EvidenceInput): Evidence {
  const k = effectiveK(input.k);
  const fewer = `fewer than ${k}`;
  const rows: EvidenceRow[] = [];
  const weeks = summariseCheckins(input.weeks, k);

  for (const w of weeks) {
    const row = (measure: string, value: string, unit: EvidenceUnit) =>
      rows.push({ section: 'check-ins', period: w.isoWeek, item: 'check-ins', measure, value, unit });
    if (!w.shown) {
      if (w.reason === 'none-sent') row('people sent a check-in', 'none sent', 'people');
      else row('people who answered', fewer, 'people');
      continue;
    }
    row('people sent a check-in', String(w.invited), 'people');
    row('people who answered', String(w.answered), 'people');
    row('response rate', String(w.responseRate), 'percent');
    if (w.scale) for (const s of w.scale) row(`chose ${s.value} (${s.label})`, String(s.count), 'people');
    else row('chose a point on the scale', fewer, 'people');
  }

  for (const s of input.sessions) {
    const row = (measure: string, value: string, unit: EvidenceUnit) =>
      rows.push({ section: 'sessions', period: s.date, item: s.title, measure, value, unit });
    const evaluation = evaluateMix({ mix: s.mix, capacity: s.capacity, goingByBand: s.goingByBand });
    const going = discloseCount(evaluation.totalGoing, k);
    row(
      'people going',
      evaluation.totalGoing === 0 ? '0' : going.shown ? String(going.value) : fewer,
      'people',
    );
    if (s.capacity !== null) row('places', String(s.capacity), 'count');
    const capacitySet = s.capacity !== null;
    for (const b of evaluation.bands) {
      const band = discloseCount(b.going, k);
      row(`${b.band} going`, band.shown ? String(band.value) : fewer, 'people');
      // A percentage of an open session's people, as a number, would give the exact count away.
      row(
        `${b.band} target`,
        !b.targetText.endsWith('%') || capacitySet ? String(b.target) : b.targetText,
        'target',
      );
      // Met or not as `session mix` says it, and only where the band's figure is shown (beside a suppressed
      // figure it would narrow it down).
      if (band.shown) row(`${b.band} against target`, b.shortfall > 0 ? 'under target' : 'met', 'status');
    }
  }

  for (const r of input.rounds) {
    const row = (measure: string, value: string, unit: EvidenceUnit) =>
      rows.push({
        section: 'peer support',
        period: r.started,
        item: `round ${r.number}`,
        measure,
        value,
        unit,
      });
    const formed = discloseCount(r.groupsFormed, k);
    const talked = discloseCount(r.groupsWithMessages, k);
    row('groups formed', formed.shown ? String(formed.value) : fewer, 'groups');
    const rate = disclosedPercent(talked, formed);
    row('groups that met (exchanged messages)', rate === null ? fewer : String(rate), 'percent');
    if (r.rating.kind === 'open') row('did this help?', 'round still open', 'score out of 5');
    else if (r.rating.kind === 'waiting')
      row('did this help?', `shown from ${r.rating.shownFrom}`, 'score out of 5');
    else {
      const raters = discloseCount(r.rating.raters, k);
      row('people who answered "did this help?"', raters.shown ? String(raters.value) : fewer, 'people');
      row(
        'did this help?',
        raters.shown ? (r.rating.sum / r.rating.raters).toFixed(1) : fewer,
        'score out of 5',
      );
    }
  }

  rows.push({
    section: 'digests',
    period: `${input.from} to ${input.to}`,
    item: 'learning digest',
    measure: 'digests posted',
    value: String(input.digestsPosted),
    unit: 'count',
  });
  rows.push({
    section: 'digests',
    period: `${input.from} to ${input.to}`,
    item: 'learning digest',
    measure: 'digests answered',
    value: String(input.digestsAnswered),
    unit: 'count',
  });

  return {
    from: input.from,
    to: input.to,
    k,
    rule: disclosureRule(k),
    rows,
    weeks,
    notes: [
      'Digests: how many were posted, and how many of those an admin answered (`digest respond`). Each posted digest already had at least k different people in it; who shared is never counted.',
      'Sessions: "going" is the people who said they were going; attendance on the day is not recorded.',
    ],
  };
}

const CSV_COLUMNS = ['section', 'period', 'item', 'measure', 'value', 'unit'] as const;

/** A CSV field: quoted when needed, and never read as a formula by a spreadsheet (a title could start with =). */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function evidenceCsv(e: Evidence): string {
  const lines = [
    `# Roundtable evidence export, ${e.from} to ${e.to}`,
    `# ${e.rule}`,
    ...e.notes.map((n) => `# ${n}`),
    CSV_COLUMNS.join(','),
    ...e.rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** One line of the one-page PDF. */
export interface EvidenceLine {
  style: 'title' | 'heading' | 'body' | 'rule' | 'small';
  text: string;
}

const MAX_WEEKS_ON_PAGE = 12;
const MAX_SESSIONS_ON_PAGE = 8;
const MAX_ROUNDS_ON_PAGE = 6;

/** The one page, as lines: the most recent weeks, sessions and rounds, the rest in the CSV. */
export function evidencePage(e: Evidence): EvidenceLine[] {
  const k = e.k;
  const out: EvidenceLine[] = [
    { style: 'title', text: 'Roundtable: reflective practice and peer support' },
    { style: 'small', text: `Evidence for ${e.from} to ${e.to}` },
    { style: 'rule', text: e.rule },
  ];
  const more = (n: number, what: string) => {
    if (n > 0) out.push({ style: 'small', text: `And ${n} earlier ${what}: see the CSV.` });
  };

  out.push({ style: 'heading', text: 'Check-ins: participation and response rate per week' });
  const shown = e.weeks.filter((w) => w.shown);
  if (e.weeks.length === 0) out.push({ style: 'body', text: 'No whole weeks in this period.' });
  else {
    const rates = shown.map((w) => (w.shown ? w.responseRate : 0));
    const mean = rates.length > 0 ? Math.round(rates.reduce((a, b) => a + b, 0) / rates.length) : null;
    out.push({
      style: 'body',
      text: `${shown.length} of ${e.weeks.length} weeks had at least ${k} people answering${mean === null ? '.' : `; their average response rate was ${mean}%.`}`,
    });
  }
  for (const w of e.weeks.slice(-MAX_WEEKS_ON_PAGE)) {
    out.push({
      style: 'body',
      text: w.shown
        ? `${w.isoWeek}: sent to about ${w.invited} people, about ${w.answered} answered, response rate ${w.responseRate}%`
        : `${w.isoWeek}: ${w.reason === 'none-sent' ? 'no check-ins sent' : `fewer than ${k} answered, not shown`}`,
    });
  }
  more(Math.max(0, e.weeks.length - MAX_WEEKS_ON_PAGE), 'weeks');

  const byItem = <T extends EvidenceRow['section']>(section: T) => {
    const groups = new Map<string, EvidenceRow[]>();
    for (const r of e.rows.filter((r) => r.section === section)) {
      const key = `${r.period}\u0000${r.item}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return [...groups.values()];
  };
  const value = (rows: EvidenceRow[], measure: string) => rows.find((r) => r.measure === measure)?.value;
  const people = (v: string | undefined) => (v === undefined ? '' : /^\d+$/.test(v) ? `about ${v}` : v);

  out.push({
    style: 'heading',
    text: 'Learning sessions held: role mix against the target, and people going',
  });
  const sessions = byItem('sessions');
  if (sessions.length === 0) out.push({ style: 'body', text: 'No sessions were held in this period.' });
  for (const rows of sessions.slice(-MAX_SESSIONS_ON_PAGE)) {
    const first = rows[0]!;
    const bands = rows
      .filter((r) => r.measure.endsWith(' target'))
      .map((t) => {
        const band = t.measure.slice(0, -' target'.length);
        const status = value(rows, `${band} against target`);
        return `${band} ${people(value(rows, `${band} going`))} (target ${t.value}${status ? `, ${status}` : ''})`;
      });
    const places = value(rows, 'places');
    out.push({
      style: 'body',
      text: `${first.period} ${first.item}: ${people(value(rows, 'people going'))} going${places ? ` of ${places} places` : ''}${bands.length > 0 ? `; ${bands.join('; ')}` : ''}`,
    });
  }
  more(Math.max(0, sessions.length - MAX_SESSIONS_ON_PAGE), 'sessions');

  out.push({ style: 'heading', text: 'Peer support rounds: groups that met, and "did this help?"' });
  const rounds = byItem('peer support');
  if (rounds.length === 0) out.push({ style: 'body', text: 'No rounds started in this period.' });
  for (const rows of rounds.slice(-MAX_ROUNDS_ON_PAGE)) {
    const first = rows[0]!;
    const met = value(rows, 'groups that met (exchanged messages)');
    const help = value(rows, 'did this help?');
    out.push({
      style: 'body',
      text: `${first.item[0]!.toUpperCase()}${first.item.slice(1)} (${first.period}): ${people(value(rows, 'groups formed'))} groups, ${met && /^\d+$/.test(met) ? `${met}% met` : `met: ${met}`}; did this help: ${help && /^\d/.test(help) ? `${help} out of 5 from ${people(value(rows, 'people who answered "did this help?"'))} people` : help}`,
    });
  }
  more(Math.max(0, rounds.length - MAX_ROUNDS_ON_PAGE), 'rounds');

  out.push({ style: 'heading', text: 'Learning digests' });
  const digestRows = e.rows.filter((r) => r.section === 'digests');
  out.push({
    style: 'body',
    text: `Digests posted: ${value(digestRows, 'digests posted') ?? '0'}; answered ("you said, we did"): ${
      value(digestRows, 'digests answered') ?? '0'
    }.`,
  });
  for (const n of e.notes) out.push({ style: 'small', text: n });
  return out;
}
