/** English messages of the drills feature; spread into the English catalog. */
export const drillsEn = {} as const;
