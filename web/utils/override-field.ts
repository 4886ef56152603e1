/** The form field holding one account's own text (shared by the composer, the post page and their actions). */
export const overrideField = (connectionId: string) => `override.${connectionId}`;

/** The form field holding one of an account's platform options, e.g. `option.<id>.subreddit`. */
export const optionField = (connectionId: string, name: string) => `option.${connectionId}.${name}`;

/** The hidden field naming the platform key (`reddit`) an account's options go under. */
export const optionKeyField = (connectionId: string) => `optionKey.${connectionId}`;

/** The form field holding a template's own text for one platform (the Templates page), e.g. `variant:MASTODON`. */
export const variantField = (platform: string) => `variant:${platform}`;
