/** English messages of the incidents feature; spread into the English catalog. */
export const incidentsEn = {} as const;
