#!/usr/bin/env node
// Entry point for the `pxmysql` executable: loads the compiled CLI from dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('pxmysql is not built: run `npm run build` (npm ci runs it for you).');
  process.exit(1);
}
await import(entry.href);
