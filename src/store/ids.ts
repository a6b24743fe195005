import { randomUUID } from 'node:crypto';

/** Row ids for workspaces and members: random, so they say nothing about the person. */
export function newId(): string {
  return randomUUID();
}
