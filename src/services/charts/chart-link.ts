/**
 * Short-lived signed chart links: `/charts/<id>.png?exp=<unix seconds>&sig=<hmac>`. The HMAC (SHA-256) covers the
 * id and the expiry, with a key derived from DATA_ENCRYPTION_KEY for this purpose only. A link past its expiry, a
 * changed id or expiry, or a wrong signature does not verify. Not yet mounted as a route.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock.js';

/** How long a chart link works. */
export const CHART_LINK_TTL_SECONDS = 24 * 60 * 60;

const ID = /^[A-Za-z0-9_-]{8,64}$/;

export interface ChartLinks {
  /** The path and query for `id`, expiring a day from now. */
  sign(id: string): string;
  /** True only for an untampered, unexpired link. */
  verify(id: string, exp: string, sig: string): boolean;
}

export function createChartLinks(dataKey: Buffer, clock: Clock): ChartLinks {
  const key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'roundtable chart links v1', 32));
  const mac = (id: string, exp: number) => createHmac('sha256', key).update(`${id}.${exp}`).digest();
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  return {
    sign(id) {
      if (!ID.test(id)) throw new Error('bad chart id');
      const exp = nowSeconds() + CHART_LINK_TTL_SECONDS;
      return `/charts/${id}.png?exp=${exp}&sig=${mac(id, exp).toString('base64url')}`;
    },
    verify(id, exp, sig) {
      if (!ID.test(id) || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return false;
      const expiry = Number(exp);
      if (expiry <= nowSeconds()) return false;
      return timingSafeEqual(mac(id, expiry), Buffer.from(sig, 'base64url'));
    },
  };
}
