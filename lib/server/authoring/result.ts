import 'server-only';
/** Expected outcomes of authoring services are values (STYLE rule 11); bugs still throw. */
export interface AuthoringError {
  ok: false;
  status: 400 | 404 | 409 | 422;
  message: string;
  /** Field errors of a question form (keyed by bank field: `options`, `source`, …). */
  fieldErrors?: Record<string, string[]>;
}
export type AuthoringResult<T = object> = ({ ok: true; message: string } & T) | AuthoringError;

export const fail = (
  status: AuthoringError['status'],
  message: string,
  fieldErrors?: Record<string, string[]>,
): AuthoringError => ({
  ok: false,
  status,
  message,
  ...(fieldErrors ? { fieldErrors } : {}),
});
