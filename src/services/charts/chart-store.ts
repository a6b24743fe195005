/**
 * Where a report's chart waits to be fetched: rendered to PNG when the report is asked for, kept in Redis under
 * the queue prefix for as long as its signed link works (24 h, then Redis drops it), and served by
 * `GET /charts/<id>.png?exp&sig` from any web process. A PNG holds only figures that went through the disclosure
 * rule, never a name or a word anyone wrote. The id is random (144 bits) and the link is signed, so ids cannot be
 * guessed or walked.
 */
import type { Clock, Random } from '../../clock.js';
import type { RedisClient } from '../../jobs/redis.js';
import { CHART_LINK_TTL_SECONDS, createChartLinks } from './chart-link.js';

/** PNGs bigger than this are not kept (a chart is a few tens of kilobytes). */
const MAX_PNG_BYTES = 512 * 1024;
/** A connected but silent Redis must not hold a report (or a picture request) for long. */
const REDIS_TIMEOUT_MS = 1_000;

async function bounded<T>(op: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      op,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis did not answer in time')), REDIS_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ChartPicture {
  png: Buffer;
  /** Seconds until the link expires (for `Cache-Control: max-age`). */
  maxAge: number;
}

export interface ChartStore {
  /**
   * Render `svg`, keep the PNG for the link's life and return its absolute signed URL; undefined when Redis is not
   * there (the report then goes without its picture: the figures are in its words anyway).
   */
  publish(svg: string): Promise<string | undefined>;
  /** The PNG behind a link, or undefined for an unsigned, tampered, expired or unknown one. */
  open(id: string, exp: string, sig: string): Promise<ChartPicture | undefined>;
}

export function createChartStore(deps: {
  redis: RedisClient;
  prefix: string;
  dataKey: Buffer;
  clock: Clock;
  random: Random;
  publicUrl: string;
}): ChartStore {
  const links = createChartLinks(deps.dataKey, deps.clock);
  const key = (id: string) => `${deps.prefix}:charts:${id}`;
  return {
    async publish(svg) {
      if (deps.redis.status !== 'ready') return undefined;
      // resvg (a native addon) and the fonts load with the first chart drawn, not at start.
      const { svgToPng } = await import('./png.js');
      const png = svgToPng(svg);
      if (png.length > MAX_PNG_BYTES) return undefined;
      const id = deps.random.bytes(18).toString('base64url');
      try {
        await bounded(deps.redis.set(key(id), png, 'EX', CHART_LINK_TTL_SECONDS));
      } catch {
        return undefined;
      }
      return `${deps.publicUrl}${links.sign(id)}`;
    },
    async open(id, exp, sig) {
      if (!links.verify(id, exp, sig)) return undefined;
      const png = await bounded(deps.redis.getBuffer(key(id)));
      if (!png) return undefined;
      const maxAge = Math.max(0, Number(exp) - Math.floor(deps.clock.now().getTime() / 1000));
      return { png, maxAge };
    },
  };
}
