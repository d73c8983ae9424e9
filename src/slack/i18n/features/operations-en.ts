/** English messages of the operations feature; spread into the English catalog. */
export const operationsEn = {} as const;
