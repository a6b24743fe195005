/** Shared test helpers for the check-in core: a seeded random source and the real prompt files. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Block, Message } from '../../../src/core/messages/message.js';

/** mulberry32: a tiny seeded generator, so every "random" test is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parse one file of the real library in `prompts/`. */
export function readPromptFile(name: string): unknown[] {
  const path = fileURLToPath(new URL(`../../../prompts/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as unknown[];
}

/** Every string a person could read in a message (text, titles, labels, options, placeholders). */
export function allText(message: Message): string {
  const parts: string[] = [message.text];
  const visit = (block: Block): void => {
    switch (block.type) {
      case 'text':
      case 'context':
        parts.push(block.text);
        break;
      case 'section':
        parts.push(block.title ?? '', block.text);
        break;
      case 'link':
        parts.push(block.text, block.url);
        break;
      case 'image':
        parts.push(block.alt, block.url);
        break;
      case 'buttons':
        for (const button of block.buttons) parts.push(button.label);
        break;
      case 'choice':
        parts.push(block.label, ...block.options.map((option) => option.label));
        break;
      case 'input':
        parts.push(block.label, block.placeholder ?? '');
        break;
      case 'checkbox':
        parts.push(block.label);
        break;
      case 'divider':
        break;
    }
  };
  message.blocks.forEach(visit);
  return parts.join('\n');
}
