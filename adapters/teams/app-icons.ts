/**
 * The app icons, drawn in code: a round table with six seats. Teams wants a 192x192 full-colour icon and a
 * 32x32 outline icon that is white on a transparent background.
 */
import { encodePng, type Rgba } from './png-writer.js';

/** The manifest's accent colour, also the colour icon's background. */
export const ACCENT = '#2F6F73';

type Shape = (x: number, y: number) => boolean;

/** The motif in unit coordinates (0..1): a ring (the table) and six seats around it. */
function motif(ringWidth: number, seatRadius: number): Shape {
  const seats = Array.from({ length: 6 }, (_, i) => {
    const angle = (i * Math.PI) / 3 - Math.PI / 2;
    return { x: 0.5 + 0.36 * Math.cos(angle), y: 0.5 + 0.36 * Math.sin(angle) };
  });
  return (x, y) => {
    const r = Math.hypot(x - 0.5, y - 0.5);
    if (Math.abs(r - 0.2) <= ringWidth / 2) return true;
    return seats.some((s) => Math.hypot(x - s.x, y - s.y) <= seatRadius);
  };
}

/** Fraction of a pixel covered by a shape (4x4 supersampling), for smooth edges. */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      if (shape((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size)) hits += 1;
    }
  }
  return hits / 16;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** 192x192: white motif on the accent colour, fully opaque. */
export function colorIcon(size = 192): Buffer {
  const [r, g, b] = hexToRgb(ACCENT);
  const shape = motif(0.07, 0.075);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(shape, x, y, size);
      const i = (y * size + x) * 4;
      pixels[i] = Math.round(r + (255 - r) * c);
      pixels[i + 1] = Math.round(g + (255 - g) * c);
      pixels[i + 2] = Math.round(b + (255 - b) * c);
      pixels[i + 3] = 255;
    }
  }
  return encodePng({ width: size, height: size, pixels } satisfies Rgba);
}

/** 32x32: white motif, transparent elsewhere (Teams' rule for outline icons). */
export function outlineIcon(size = 32): Buffer {
  const shape = motif(0.1, 0.1);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      pixels[i] = 255;
      pixels[i + 1] = 255;
      pixels[i + 2] = 255;
      pixels[i + 3] = Math.round(255 * coverage(shape, x, y, size));
    }
  }
  return encodePng({ width: size, height: size, pixels });
}
