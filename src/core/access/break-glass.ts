import { z } from 'zod';

/** Emergency access is time-boxed: one hour unless asked otherwise, four hours at most. */
export const BREAK_GLASS_DEFAULT_MINUTES = 60;
export const BREAK_GLASS_MAX_MINUTES = 240;

export const breakGlassStartSchema = z.object({
  /** Why the user needs records their role does not open; the reviewer reads it. */
  reason: z.string().trim().min(10, 'state the emergency in at least 10 characters').max(500),
  minutes: z.number().int().min(1).max(BREAK_GLASS_MAX_MINUTES).default(BREAK_GLASS_DEFAULT_MINUTES),
});
export type BreakGlassStart = z.input<typeof breakGlassStartSchema>;

export const breakGlassReviewSchema = z.object({
  note: z.string().trim().min(1, 'a review note is required').max(1000),
});

/** The end of a grant of `minutes` started at `at`. */
export const breakGlassEnd = (at: Date, minutes: number): Date => new Date(at.getTime() + minutes * 60_000);
