import type { drillsEn } from './drills-en.js';

/** Simplified Chinese messages of the drills feature; the same keys and placeholders as English. */
export const drillsZhCn: Record<keyof typeof drillsEn, string> = {};
