/**
 * `npm run teams:package`: build the Teams app package to sideload or upload
 * (`adapters/teams/appPackage/roundtable-teams.zip`: manifest.json, color.png, outline.png).
 * Reads TEAMS_APP_ID and PUBLIC_URL from the environment; also redraws the icons into appPackage/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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

function appVersion(): string {
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
    const file = packageApp({
      teamsAppId: env.TEAMS_APP_ID,
      publicUrl: env.PUBLIC_URL,
      appVersion: appVersion(),
    });
    process.stdout.write(
      `Teams app package written to ${file}\nUpload it in Teams: Apps → Manage your apps → Upload an app.\n`,
    );
  } catch (error) {
    if (error instanceof PackageError) {
      for (const line of error.problems) process.stderr.write(`${line}\n`);
      process.exit(2);
    }
    throw error;
  }
}
