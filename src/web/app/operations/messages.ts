/** Texts of the web application's operations board, deconfliction inbox, protected sites screens, French and English (merged into ../i18n.ts). */
export const OPERATIONS_MESSAGES = {} as const satisfies Record<string, { fr: string; en: string }>;
