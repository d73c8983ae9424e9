import type { healthEn } from './health-en.js';

/** Simplified Chinese messages of the health feature; the same keys and placeholders as English. */
export const healthZhCn: Record<keyof typeof healthEn, string> = {};
