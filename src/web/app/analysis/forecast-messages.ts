/** Texts of the forecast layer and analytics charts, French and English (merged into ../i18n.ts). */
export const FORECAST_MESSAGES = {} as const satisfies Record<string, { fr: string; en: string }>;
