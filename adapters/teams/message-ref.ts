/**
 * `MessageRef.ref` for Teams: where a sent message lives (service URL, conversation, activity id), encoded as
 * base64url JSON. Opaque outside this adapter: only this file reads or writes the encoding.
 */

export interface TeamsMessageLocation {
  serviceUrl: string;
  conversationId: string;
  activityId: string;
}

export function encodeMessageRef(location: TeamsMessageLocation): string {
  const compact = { s: location.serviceUrl, c: location.conversationId, a: location.activityId };
  return Buffer.from(JSON.stringify(compact), 'utf8').toString('base64url');
}

/** Decode a ref made by {@link encodeMessageRef}; throws on anything else. */
export function decodeMessageRef(ref: string): TeamsMessageLocation {
  const parsed = JSON.parse(Buffer.from(ref, 'base64url').toString('utf8')) as Record<string, unknown>;
  const { s, c, a } = parsed;
  if (typeof s !== 'string' || typeof c !== 'string' || typeof a !== 'string') {
    throw new Error('not a Teams message reference');
  }
  return { serviceUrl: s, conversationId: c, activityId: a };
}
