/** English messages of the health feature; spread into the English catalog. */
export const healthEn = {} as const;
