/** Texts of the web application's partners and agreements screens, French and English (merged into ../i18n.ts). */
export const PARTNERS_MESSAGES = {} as const satisfies Record<string, { fr: string; en: string }>;
