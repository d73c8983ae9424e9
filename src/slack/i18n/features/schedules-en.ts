/** English messages of the schedules feature; spread into the English catalog. */
export const schedulesEn = {} as const;
