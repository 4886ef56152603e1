// zod fields that lib/config.ts and the platforms' config (platforms/<name>/config.ts) share.
import { z } from 'zod';

/** Compose passes an unset optional variable as an empty string: treat it as unset. */
export const unsetIfEmpty = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** A secret or client id that may be left unset (an OAuth app not registered). */
export const optionalSecret = unsetIfEmpty(z.string().min(1));
