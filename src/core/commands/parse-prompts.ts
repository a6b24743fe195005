/**
 * The co-production commands (issue 17): `suggest "<a question>"`, `panel add|remove @user | list`, and the
 * prompt panel's `prompts review|changes|accept|edit|decline|restore|share`.
 */
import {
  MODEL_STAGES,
  PROMPT_MODELS,
  type PromptModel,
  type PromptStage,
  THEMES,
  type Theme,
  WEIGHTS,
  type Weight,
} from '../checkins/prompt-tags.js';
import type { Command, Group, ParseContext, PromptTagsGiven } from './command.js';
import { type Cursor, Fail, unexpected } from './cursor.js';
import { readBand, readText, readUser } from './parse-args.js';
import { tokenText } from './tokenizer.js';

/** A suggestion id as `prompts review` shows it (`k7p2q`), or a prompt id (`ws-k7p2q`, `habit-to-keep`). */
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function readCode(c: Cursor, what: string, example: string): string {
  const t = c.next();
  const text = t ? tokenText(t) : '';
  if (t?.type === 'word' && ID.test(t.lower) && t.lower.length <= 60) return t.lower;
  throw new Fail(
    t
      ? `"${text}" is not ${what}. \`/roundtable prompts review\` shows them, like ${example}.`
      : `Which one? Give ${what}, like ${example}. \`/roundtable prompts review\` shows them.`,
    text || undefined,
  );
}

function oneOf<T extends string>(c: Cursor, options: readonly T[], what: string): T {
  const t = c.next();
  if (t?.type === 'word' && (options as readonly string[]).includes(t.lower)) return t.lower as T;
  throw unexpected(t, options, what);
}

/** `a, b, c` or `a b c` up to the next option word. */
function list<T extends string>(c: Cursor, read: () => T, stop: readonly string[]): T[] {
  const out: T[] = [read()];
  for (;;) {
    if (c.acceptComma()) {
      out.push(read());
      continue;
    }
    const w = c.word();
    if (w === undefined || stop.includes(w)) return out;
    out.push(read());
  }
}

const OPTION_WORDS = ['model', 'stage', 'bands', 'band', 'themes', 'theme', 'weight'] as const;

/** The tags after `prompts accept <id>` (or an edit's new text). Each may be given once. */
function readTags(c: Cursor): PromptTagsGiven {
  const tags: PromptTagsGiven = {};
  while (!c.done()) {
    const w = c.accept(...OPTION_WORDS);
    if (!w) throw unexpected(c.next(), ['model', 'stage', 'bands', 'themes', 'weight'], 'a tag');
    const key = w === 'band' ? 'bands' : w === 'theme' ? 'themes' : (w as keyof PromptTagsGiven);
    if (tags[key] !== undefined) throw new Fail(`"${key}" is given twice.`, w);
    switch (key) {
      case 'model':
        tags.model = oneOf<PromptModel>(c, PROMPT_MODELS, 'a reflective model');
        break;
      case 'stage':
        tags.stage = oneOf<PromptStage>(
          c,
          (tags.model
            ? MODEL_STAGES[tags.model]
            : [...new Set(Object.values(MODEL_STAGES).flat())]) as PromptStage[],
          tags.model ? `a stage of ${tags.model}` : 'a stage',
        );
        break;
      case 'bands':
        tags.bands = list<Group>(c, () => readBand(c), OPTION_WORDS);
        break;
      case 'themes':
        tags.themes = list<Theme>(c, () => oneOf<Theme>(c, THEMES, 'a theme'), OPTION_WORDS);
        break;
      default:
        tags.weight = oneOf<Weight>(c, WEIGHTS, 'a weight');
    }
  }
  if (tags.bands && new Set(tags.bands).size !== tags.bands.length) {
    throw new Fail('A band is listed twice.');
  }
  return tags;
}

/** `suggest "<a question>"`. */
export function readSuggest(c: Cursor): Command {
  const text = readText(c, 'your question', '"What helps you rest after a long week?"');
  c.end();
  return { kind: 'suggest', text };
}

/** `panel add|remove @user`, `panel list`; `sub` has read the word. */
export function readPanel(c: Cursor, ctx: ParseContext, w: string): Command {
  if (w === 'list') {
    c.end();
    return { kind: 'panel.list' };
  }
  const user = readUser(c, ctx);
  c.end();
  return { kind: w === 'add' ? 'panel.add' : 'panel.remove', user };
}

/** `prompts review|changes|accept|edit|decline|restore|share ...`; `sub` has read the word. */
export function readPrompts(c: Cursor, w: string): Command {
  switch (w) {
    case 'review':
    case 'changes':
      c.end();
      return { kind: w === 'review' ? 'prompts.review' : 'prompts.changes' };
    case 'accept': {
      const id = readCode(c, 'a suggestion', 'k7p2q');
      return { kind: 'prompts.accept', id, tags: readTags(c) };
    }
    case 'edit': {
      const id = readCode(c, 'a suggestion', 'k7p2q');
      const t = c.peek();
      if (t?.type !== 'string') {
        throw new Fail(
          'Put the new wording in quotes, e.g. prompts edit k7p2q "What helps you rest after a long week?" themes rest.',
          t ? tokenText(t) : undefined,
        );
      }
      const text = readText(c, 'the new wording', '"What helps you rest after a long week?"');
      return { kind: 'prompts.edit', id, text, tags: readTags(c) };
    }
    case 'decline': {
      const id = readCode(c, 'a suggestion', 'k7p2q');
      if (c.done()) return { kind: 'prompts.decline', id };
      const reason = readText(c, 'the reason', '"We already ask something close to this"').trim();
      c.end();
      if (Array.from(reason).length > 200) {
        throw new Fail('That reason is longer than 200 characters. A sentence is enough.');
      }
      return { kind: 'prompts.decline', id, reason };
    }
    case 'share': {
      const promptId = readCode(c, "one of this workspace's own questions", 'ws-k7p2q');
      c.end();
      return { kind: 'prompts.share', promptId };
    }
    default: {
      const promptId = readCode(c, 'a paused prompt', 'ws-k7p2q');
      c.end();
      return { kind: 'prompts.restore', promptId };
    }
  }
}
