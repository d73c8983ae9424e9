import type { operationsEn } from './operations-en.js';

/** Simplified Chinese messages of the operations feature; the same keys and placeholders as English. */
export const operationsZhCn: Record<keyof typeof operationsEn, string> = {};
