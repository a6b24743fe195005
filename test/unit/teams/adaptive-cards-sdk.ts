/**
 * The official Adaptive Cards SDK, loaded for validation in Node: its `lib/` build does not load under ESM, so
 * the browser bundle is loaded with `createRequire` once happy-dom provides `window` and `document`.
 */
import { createRequire } from 'node:module';
import { Window } from 'happy-dom';

interface ValidationEvent {
  event: number;
  message: string;
}
interface SdkCard {
  parse(json: unknown, context: unknown): void;
  validateProperties(): { validationEvents: ValidationEvent[] };
}
interface Sdk {
  AdaptiveCard: new () => SdkCard;
  SerializationContext: new (
    version?: unknown,
  ) => {
    eventCount: number;
    getEventAt(i: number): ValidationEvent;
  };
  Versions: { v1_5: unknown };
  ValidationEvent: Record<number, string>;
}

let sdk: Sdk | undefined;

function load(): Sdk {
  if (sdk) return sdk;
  const window = new Window();
  const g = globalThis as Record<string, unknown>;
  g.window = window;
  g.document = window.document;
  g.navigator ??= window.navigator;
  g.HTMLElement ??= window.HTMLElement;
  const require = createRequire(import.meta.url);
  sdk = require('adaptivecards/dist/adaptivecards.js') as Sdk;
  return sdk;
}

/** Parse and validate a card with the SDK; every parse or validation event it reports, as readable lines. */
export function cardProblems(json: unknown): string[] {
  const AC = load();
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    problems.push(`validate ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return problems;
}
