/**
 * `npm run teams:package`: build the Teams app package to sideload or upload
 * (`adapters/teams/appPackage/roundtable-teams.zip`: manifest.json, color.png, outline.png), one per bot
 * registration (`roundtable-teams-2.zip` for `TEAMS_APP_ID_2`, ...). Reads TEAMS_APP_ID (and TEAMS_APP_ID_2, ...)
 * and PUBLIC_URL from the environment (and `.env`); the version is package.json's. Also redraws the icons into
 * appPackage/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processEnv } from '../../src/config.js';
import { colorIcon, outlineIcon } from './app-icons.js';
import { APP_PACKAGE_DIR, buildManifest, checkManifestValues } from './app-manifest.js';
import { createZip } from './zip-writer.js';

export const PACKAGE_FILE = `${APP_PACKAGE_DIR}roundtable-teams.zip`;

/** Build the package into `outFile`; returns its path. */
export function packageApp(
  values: { teamsAppId?: string; publicUrl?: string; appVersion?: string },
  outFile = PACKAGE_FILE,
): string {
  const problems = checkManifestValues(values);
  if (problems.length > 0) throw new PackageError(problems);
  const manifest = buildManifest({
    teamsAppId: values.teamsAppId!,
    publicUrl: values.publicUrl!,
    appVersion: values.appVersion!,
  });
  const color = colorIcon();
  const outline = outlineIcon();
  const zip = createZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: color },
    { name: 'outline.png', data: outline },
  ]);
  writeFileSync(outFile, zip);
  return outFile;
}

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * One package per registration into `outDir`: the unnumbered `TEAMS_APP_ID` and each `TEAMS_APP_ID_<n>`, in
 * order. Throws {@link PackageError} naming the variable at fault.
 */
export function packageAll(env: Record<string, string | undefined>, outDir = APP_PACKAGE_DIR): string[] {
  const numbered = Object.keys(env)
    .map((name) => /^TEAMS_APP_ID_(\d+)$/.exec(name)?.[1])
    .filter(
      (n): n is string => n !== undefined && Number(n) >= 2 && Boolean(env[`TEAMS_APP_ID_${n}`]?.trim()),
    )
    .map(Number)
    .sort((a, b) => a - b);
  const targets = [
    { variable: 'TEAMS_APP_ID', file: 'roundtable-teams.zip' },
    ...numbered.map((n) => ({ variable: `TEAMS_APP_ID_${n}`, file: `roundtable-teams-${n}.zip` })),
  ];
  const version = appVersion();
  const problems: string[] = [];
  for (const t of targets) {
    const found = checkManifestValues({
      teamsAppId: env[t.variable]?.trim(),
      publicUrl: env.PUBLIC_URL?.trim(),
      appVersion: version,
    });
    problems.push(...found.map((line) => line.replace(/^TEAMS_APP_ID\b/, t.variable)));
  }
  const unique = [...new Set(problems)];
  if (unique.length > 0) throw new PackageError(unique);
  return targets.map((t) =>
    packageApp(
      { teamsAppId: env[t.variable]!.trim(), publicUrl: env.PUBLIC_URL!.trim(), appVersion: version },
      join(outDir, t.file),
    ),
  );
}

/** The app package's version: package.json's, so every release an admin uploads is a higher version. */
export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const env = processEnv();
  try {
    // The icons in appPackage/ are the same drawing, kept for people uploading files by hand.
    writeFileSync(`${APP_PACKAGE_DIR}color.png`, colorIcon());
    writeFileSync(`${APP_PACKAGE_DIR}outline.png`, outlineIcon());
    for (const file of packageAll(env)) process.stdout.write(`Teams app package written to ${file}\n`);
    process.stdout.write(
      'Upload each in its own tenant: Teams admin centre → Teams apps → Manage apps → Upload new app (or, to try it, Apps → Manage your apps → Upload an app).\n',
    );
  } catch (error) {
    if (error instanceof PackageError) {
      for (const line of error.problems) process.stderr.write(`${line}\n`);
      process.exit(2);
    }
    throw error;
  }
}
