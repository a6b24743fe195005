import type { Directory, Messenger, Platform } from '../ports.js';

/** The mounted platforms' ports, by platform. A platform that is not configured has no entry. */
export class PlatformRegistry {
  private readonly messengers = new Map<Platform, Messenger>();
  private readonly directories = new Map<Platform, Directory>();

  register(messenger: Messenger, directory: Directory): void {
    this.messengers.set(messenger.platform, messenger);
    this.directories.set(directory.platform, directory);
  }

  messenger(platform: Platform): Messenger {
    const m = this.messengers.get(platform);
    if (!m) throw new Error(`platform ${platform} is not mounted`);
    return m;
  }

  directory(platform: Platform): Directory {
    const d = this.directories.get(platform);
    if (!d) throw new Error(`platform ${platform} is not mounted`);
    return d;
  }

  has(platform: Platform): boolean {
    return this.messengers.has(platform);
  }

  list(): Platform[] {
    return [...this.messengers.keys()];
  }
}
