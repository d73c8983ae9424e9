import { randomInt } from 'node:crypto';

/**
 * Returns a random pod network (`127.X.Y`) for one test lab. Test files run in parallel, and every
 * lab's MySQL pods listen on port 3306 of their pod IPs, so each lab needs addresses of its own.
 * 127.100.0.0–127.227.255.255 is far from 127.0.0.1, where the machine's own services listen.
 */
export function uniquePodSubnet(): string {
  return `127.${randomInt(100, 228)}.${randomInt(0, 256)}`;
}
