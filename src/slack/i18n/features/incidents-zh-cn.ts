import type { incidentsEn } from './incidents-en.js';

/** Simplified Chinese messages of the incidents feature; the same keys and placeholders as English. */
export const incidentsZhCn: Record<keyof typeof incidentsEn, string> = {};
