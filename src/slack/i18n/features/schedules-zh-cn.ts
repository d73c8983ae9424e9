import type { schedulesEn } from './schedules-en.js';

/** Simplified Chinese messages of the schedules feature; the same keys and placeholders as English. */
export const schedulesZhCn: Record<keyof typeof schedulesEn, string> = {};
