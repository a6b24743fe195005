/**
 * A message's charts, fetched as a browser or Slack would: each image block's link is fetched from the app and
 * replaced by the SHA-256 of the PNG it served, so two reads can be compared by what the pictures show (their
 * links are random and expire, their pixels must not differ).
 */
import { createHash } from 'node:crypto';
import type { Message } from '../../src/core/messages/message.js';
import { messageText } from './actors.js';

export async function withChartContent(baseUrl: string, message: Message | undefined): Promise<string> {
  if (!message) return '';
  const blocks = [];
  for (const block of message.blocks) {
    if (block.type !== 'image') {
      blocks.push(block);
      continue;
    }
    const link = new URL(block.url);
    const res = await fetch(`${baseUrl}${link.pathname}${link.search}`);
    if (res.status !== 200) throw new Error(`chart link answered ${res.status}`);
    const png = Buffer.from(await res.arrayBuffer());
    blocks.push({ ...block, url: `png:${createHash('sha256').update(png).digest('hex')}` });
  }
  return messageText({ ...message, blocks });
}
