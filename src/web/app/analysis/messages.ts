/** Texts of the web application's correlation links, alerts and the forecast layer screens, French and English (merged into ../i18n.ts). */
export const ANALYSIS_MESSAGES = {} as const satisfies Record<string, { fr: string; en: string }>;
