import type { z } from 'zod';

/** One line per zod issue, `path: message`, for the error envelopes of every surface. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
