/**
 * Fill the app manifest's `${{NAME}}` placeholders. Kept apart from the packaging script so tests validate
 * exactly what gets zipped.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const APP_PACKAGE_DIR = fileURLToPath(new URL('./appPackage/', import.meta.url));
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface ManifestValues {
  /** The bot's Microsoft App ID (a GUID): used as the Teams app id and the bot id. */
  teamsAppId: string;
  /** Where Roundtable is reached, https (e.g. https://roundtable.example.org). */
  publicUrl: string;
  /** The app version, x.y.z. */
  appVersion: string;
}

/** Problems with the values, as plain lines (empty when fine). */
export function checkManifestValues(values: Partial<ManifestValues>): string[] {
  const problems: string[] = [];
  if (!values.teamsAppId || !GUID.test(values.teamsAppId)) {
    problems.push('TEAMS_APP_ID must be the bot registration’s Microsoft App ID, a GUID');
  }
  try {
    if (new URL(values.publicUrl ?? '').protocol !== 'https:') throw new Error('not https');
  } catch {
    problems.push(
      'PUBLIC_URL must be the https address Roundtable is reached at (e.g. https://roundtable.example.org)',
    );
  }
  if (!values.appVersion || !/^\d+\.\d+\.\d+$/.test(values.appVersion)) {
    problems.push('the app version must look like 1.2.3');
  }
  return problems;
}

/** The manifest with every placeholder replaced; throws when one is left unfilled. */
export function buildManifest(values: ManifestValues, template = readTemplate()): Record<string, unknown> {
  const publicUrl = values.publicUrl.replace(/\/+$/, '');
  const replacements: Record<string, string> = {
    TEAMS_APP_ID: values.teamsAppId,
    PUBLIC_URL: publicUrl,
    BOT_DOMAIN: new URL(publicUrl).host,
    APP_VERSION: values.appVersion,
  };
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = replacements[name];
    if (value === undefined) throw new Error(`manifest placeholder ${whole} has no value`);
    // The values go inside JSON strings: escape them as JSON would.
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

export function readTemplate(): string {
  return readFileSync(`${APP_PACKAGE_DIR}manifest.json`, 'utf8');
}
