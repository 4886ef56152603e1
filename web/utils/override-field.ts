/** The form field holding one account's own text (shared by the composer, the post page and their actions). */
export const overrideField = (connectionId: string) => `override.${connectionId}`;
