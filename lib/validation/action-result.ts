/**
 * The result every server action returns for *expected* outcomes, read by
 * forms through useActionState. Bugs still throw (and reach error.tsx).
 *   { ok: true, data }                       success
 *   { ok: false, status?, fieldErrors?, formError? }  a user error; nothing changed
 * `status` is the HTTP status the refusal would have as a route handler (400 bad input, 401 signed out,
 * 403 not allowed or a stale form, 404/409/410 from the service…): React answers every action with 200.
 */
import { z } from 'zod';

export type FieldErrors = Partial<Record<string, string[]>>;

export type ActionFailure = { ok: false; status?: number; fieldErrors?: FieldErrors; formError?: string };
export type ActionSuccess<T> = { ok: true; data: T; message?: string };
export type ActionResult<T = undefined> = ActionSuccess<T> | ActionFailure;

/** The state a form starts in before its first submission. */
export type FormState<T = undefined> = ActionResult<T> | null;

/** A failure with one message for the whole form. */
export function formError(message: string, status?: number): ActionFailure {
  return status === undefined ? { ok: false, formError: message } : { ok: false, status, formError: message };
}

/**
 * Turns a zod error into field errors. Issues with no path (e.g. unknown keys
 * from a strict object) become the form error, so nothing is silently lost.
 */
export function fromZodError(error: z.ZodError): ActionFailure {
  // Typed as a string-keyed record: our schemas are objects, so every issue path starts with a key.
  const flat = z.flattenError<Record<string, unknown>>(error as z.ZodError<Record<string, unknown>>);
  const fieldErrors: FieldErrors = {};
  for (const [key, messages] of Object.entries<string[] | undefined>(flat.fieldErrors)) {
    if (messages && messages.length > 0) fieldErrors[key] = messages;
  }
  const result: ActionFailure = { ok: false, status: 400, fieldErrors };
  // Unknown keys only come from tampered or stale forms; say so plainly.
  const unknown = error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []));
  const other = error.issues
    .filter((i) => i.path.length === 0 && i.code !== 'unrecognized_keys')
    .map((i) => i.message);
  const messages = [
    ...(unknown.length > 0
      ? [`This form sent fields we do not accept (${unknown.join(', ')}). Reload the page and try again.`]
      : []),
    ...other,
  ];
  if (messages.length > 0) result.formError = messages.join(' ');
  return result;
}

/**
 * FormData → plain object for zod. Drops React/Next's internal `$ACTION_*`
 * fields (present on no-JS submissions). Repeated keys keep the last value;
 * File values are kept so a strict schema rejects them as the wrong type.
 * An action's arguments come from the request body, so a hand-made POST can
 * pass anything in place of the FormData: that gives `{}` (the schema then
 * answers with its "missing field" errors) instead of a TypeError and a 500.
 */
export function formDataToObject(formData: unknown): Record<string, FormDataEntryValue> {
  const out: Record<string, FormDataEntryValue> = {};
  if (!(formData instanceof FormData)) return out;
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION')) continue;
    out[key] = value;
  }
  return out;
}
