'use server';
/**
 * Sign-up: defineFormAction (lib/server/guard/action.ts: anyone, form token bound to "anon", the form) →
 * lib/server/auth/signup.ts (per-client limit → reject duplicates → create a LEARNER). The client form then signs
 * in with the same credentials through next-auth.
 */
import { headers } from 'next/headers';
import { defineFormAction } from '@/lib/server/guard/action';
import { clientKeyFromHeaders } from '@/lib/server/auth/login-attempts';
import { signUpLearner } from '@/lib/server/auth/signup';
import { signUpSchema } from '@/lib/validation/auth';
import type { ActionResult } from '@/lib/validation/action-result';

export const signUpAction = defineFormAction(
  { name: 'signUp', schema: signUpSchema, role: 'anyone', csrf: true },
  async (input): Promise<ActionResult<{ email: string }>> =>
    signUpLearner(input, clientKeyFromHeaders(await headers())),
);
