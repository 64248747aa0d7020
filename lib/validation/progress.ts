/** zod schemas for the progress and review actions (trust boundary: action arguments and form data). */
import { z } from 'zod';

export const reviewItemIdSchema = z.string().regex(/^[a-z0-9]{20,40}$/, 'Unknown review item.');

/** The form token (csrfToken) is checked and removed by the guard (lib/server/guard/action.ts) before these. */
export const streakFormSchema = z.strictObject({ optIn: z.enum(['on', 'off']) });

export const checkReviewSchema = z.strictObject({
  itemId: reviewItemIdSchema,
  answer: z.unknown(),
});

export const rateReviewSchema = z.strictObject({
  itemId: reviewItemIdSchema,
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
    error: 'Rate Again, Hard, Good or Easy.',
  }),
});

/** Cram mode: on until the end of the interview day (YYYY-MM-DD, checked against today by the service), or off. */
export const cramFormSchema = z
  .strictObject({
    mode: z.enum(['on', 'off']),
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick the day of your interview.')
      .optional(),
  })
  .refine((v) => v.mode === 'off' || v.day !== undefined, {
    message: 'Pick the day of your interview.',
    path: ['day'],
  });
