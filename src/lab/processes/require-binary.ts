import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Finds an executable on PATH (plus /usr/sbin, where Debian puts mariadbd) or throws an error
 * that names the Debian package to install.
 */
export function requireBinary(name: string, debianPackage: string): string {
  const directories = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const directory of directories) {
    if (!directory) continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory; keep looking.
    }
  }
  throw new Error(`${name} was not found on PATH: install it with \`apt-get install -y ${debianPackage}\``);
}
