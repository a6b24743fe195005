/**
 * A read position over tokens, and the internal failure the recursive-descent parsers throw.
 * `Fail` never escapes: `parseCommand` and `parseSchedule` catch it and return a `ParseError`.
 */
import { type Token, tokenText } from './tokenizer.js';

export class Fail extends Error {
  constructor(
    message: string,
    readonly word?: string,
    readonly suggestion?: string,
    /** A `USAGE` key that fits better than the command being parsed. */
    readonly usageKey?: string,
  ) {
    super(message);
  }
}

export class Cursor {
  private i = 0;

  constructor(readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  /** The lower-cased word at the read position (plus `offset`), if that token is a word. */
  word(offset = 0): string | undefined {
    const t = this.peek(offset);
    return t?.type === 'word' ? t.lower : undefined;
  }

  next(): Token | undefined {
    const t = this.tokens[this.i];
    if (t) this.i++;
    return t;
  }

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  /** Consumes the next token when it is one of `words`; returns the word. */
  accept(...words: string[]): string | undefined {
    const w = this.word();
    if (w !== undefined && words.includes(w)) {
      this.i++;
      return w;
    }
    return undefined;
  }

  acceptComma(): boolean {
    if (this.peek()?.type === 'comma') {
      this.i++;
      return true;
    }
    return false;
  }

  /** Reads tokens up to (not including) the first word in `stop`; the slice a sub-grammar parses. */
  takeUntil(stop: readonly string[]): Token[] {
    const start = this.i;
    while (!this.done()) {
      const w = this.word();
      if (w !== undefined && stop.includes(w)) break;
      this.i++;
    }
    return this.tokens.slice(start, this.i);
  }

  /** Everything left, for messages. */
  restText(): string {
    return this.tokens.slice(this.i).map(tokenText).join(' ');
  }

  /** Fails unless every token has been read: leftover words are never ignored silently. */
  end(): void {
    const t = this.peek();
    if (t) throw new Fail(`I did not expect ${quote(tokenText(t))} there.`, tokenText(t));
  }
}

export function quote(s: string): string {
  return s.startsWith('"') ? s : `"${s}"`;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The closest of `candidates` to `word`, when it is a near miss: within 2 edits, or 1 for short words
 * (two edits turn most 3-letter words into each other, which would suggest nonsense).
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const limit = w.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c === w) continue;
    const dist = editDistance(w, c);
    if (dist <= limit && dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** A failure for an unexpected word where one of `expected` should be, with a near-miss suggestion. */
export function unexpected(token: Token | undefined, expected: readonly string[], what: string): Fail {
  if (!token) return new Fail(`Say ${what}: ${listOr(expected)}.`);
  const text = tokenText(token);
  const suggestion = token.type === 'word' ? nearest(token.lower, expected) : undefined;
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : ` Try ${listOr(expected)}.`;
  return new Fail(`${quote(text)} is not ${what} I know.${hint}`, text, suggestion);
}

export function listOr(words: readonly string[]): string {
  const q = words.map((w) => `"${w}"`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
