/** zod schemas for the progress and review actions (trust boundary: action arguments and form data). */
import { z } from 'zod';

const csrfToken = z.string().min(1, 'Missing form token.').max(512);
export const reviewItemIdSchema = z.string().regex(/^[a-z0-9]{20,40}$/, 'Unknown review item.');

export const streakFormSchema = z.strictObject({ csrfToken, optIn: z.enum(['on', 'off']) });

export const checkReviewSchema = z.strictObject({
  csrfToken,
  itemId: reviewItemIdSchema,
  answer: z.unknown(),
});

export const rateReviewSchema = z.strictObject({
  csrfToken,
  itemId: reviewItemIdSchema,
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
    error: 'Rate Again, Hard, Good or Easy.',
  }),
});
