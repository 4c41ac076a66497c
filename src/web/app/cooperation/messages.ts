/** Texts of the web application's the cooperation ledger screens, French and English (merged into ../i18n.ts). */
export const COOPERATION_MESSAGES = {} as const satisfies Record<string, { fr: string; en: string }>;
