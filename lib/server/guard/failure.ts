/**
 * How the guarded entry points (defineAction, defineFormAction, defineRoute) refuse a request: one status and
 * one message a person can act on, for every boundary. Server actions carry the status in their result (React
 * answers an action with HTTP 200 whatever it returns); route handlers answer with it.
 */
import type { ActionFailure } from '@/lib/validation/action-result';

export type FailureStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429;

export const MESSAGES = {
  signedOut: 'Your session has ended. Sign in again.',
  adminOnly: 'Only admins can do that.',
  csrf: 'This form has expired or did not come from PacketPath. Reload the page and try again.',
  crossSite: 'Cross-site request refused.',
  badInput: 'Something in this request was not valid. Reload the page and try again.',
  notJson: 'The request body is not valid JSON.',
  tooLarge: 'The request is too large.',
} as const;

export type GuardFailure = {
  status: FailureStatus;
  message: string;
  fieldErrors?: ActionFailure['fieldErrors'];
};

/** The action-result form of a refusal. */
export function toActionFailure(f: GuardFailure): ActionFailure {
  return {
    ok: false,
    status: f.status,
    formError: f.message,
    ...(f.fieldErrors && Object.keys(f.fieldErrors).length > 0 ? { fieldErrors: f.fieldErrors } : {}),
  };
}

/** The route-handler form of a refusal: `{ error, fieldErrors? }` with the status. */
export function toResponse(f: GuardFailure, headers?: HeadersInit): Response {
  return Response.json(
    {
      error: f.message,
      ...(f.fieldErrors && Object.keys(f.fieldErrors).length > 0 ? { fieldErrors: f.fieldErrors } : {}),
    },
    { status: f.status, ...(headers ? { headers } : {}) },
  );
}
