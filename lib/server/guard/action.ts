import 'server-only';
/**
 * The one way to write a server action. Every action is a public POST endpoint, so each one must check who
 * asks, that the request came from our own page, and what it sends; this does all three, in that order, and
 * hands the handler a parsed input and the user:
 *
 *   export const renameAction = defineAction(
 *     { schema: renameSchema, role: 'user', csrf: true },
 *     async (input, { user }) => ({ ok: true, data: await rename(db, user.id, input.name) }),
 *   );
 *
 * - `role`: 'user' (signed in), 'admin', or 'anyone' (sign-up). Refusals: 401 signed out, 403 not an admin.
 * - `csrf`: true checks the `csrfToken` field (lib/server/auth/csrf.ts) against the user (or "anon" for 'anyone')
 *   and removes it before parsing, so schemas never repeat it. Refusal: 403 with a "reload the page" message.
 * - `schema`: zod; failures become field errors (400). The argument a caller sends is untrusted: anything
 *   that is not the expected object or FormData is treated as empty and refused by the schema, never thrown.
 *
 * `defineAction` takes one object argument (actions called from client code); `defineFormAction` takes
 * `(previousState, formData)` (forms with useActionState). Refusals come back as
 * `{ ok: false, status, formError, fieldErrors? }`; redirect() and notFound() from the handler pass through.
 * What a malformed request body does before any action runs (bad encoding, too large) is handled by
 * proxy.ts with lib/server/guard/action-payload.ts. The action runs with the request id the proxy set, so its
 * log lines (a refusal: ./report.ts) carry it.
 */
import type { z } from 'zod';
import { authorizeAdmin, authorizeUser, type SessionUser } from '@/lib/server/auth';
import { verifyCsrfToken } from '@/lib/server/auth/csrf';
import { inRequestContext } from '@/lib/server/observability/action-context';
import {
  formDataToObject,
  fromZodError,
  type ActionFailure,
  type ActionResult,
} from '@/lib/validation/action-result';
import { MESSAGES, toActionFailure } from './failure';
import { reportRefusal } from './report';

export type ActionRole = 'anyone' | 'user' | 'admin';
export type ActionContext<R extends ActionRole> = { user: R extends 'anyone' ? null : SessionUser };

type Options<S extends z.ZodType, R extends ActionRole, C extends boolean = boolean> = {
  schema: S;
  role: R;
  csrf: C;
  /** For the log; defaults to the handler's name. */
  name?: string;
  /** defineAction: the message when the input does not parse (default: the first issue's message). */
  invalid?: string;
};

/** What a caller passes: the schema's input, plus the form token when the action checks one. */
export type ActionInput<S extends z.ZodType, C extends boolean> = C extends true
  ? z.input<S> & { csrfToken: string }
  : z.input<S>;

type Handler<S extends z.ZodType, R extends ActionRole, T> = (
  input: z.output<S>,
  ctx: ActionContext<R>,
) => Promise<ActionResult<T>>;

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof FormData)
    ? { ...(value as Record<string, unknown>) }
    : {};
}

async function guard<S extends z.ZodType, R extends ActionRole, T>(
  name: string,
  opts: Options<S, R>,
  raw: Record<string, unknown>,
  run: Handler<S, R, T>,
  summarize: boolean,
): Promise<ActionResult<T>> {
  let user: SessionUser | null = null;
  if (opts.role !== 'anyone') {
    const auth = opts.role === 'admin' ? await authorizeAdmin() : await authorizeUser();
    if (!auth.ok) return refuse(name, { status: auth.status, message: auth.formError });
    user = auth.user;
  }
  if (opts.csrf) {
    const token = raw.csrfToken;
    delete raw.csrfToken;
    if (!verifyCsrfToken(token, user?.id)) return refuse(name, { status: 403, message: MESSAGES.csrf });
  }
  const parsed = opts.schema.safeParse(raw);
  if (!parsed.success) {
    const failure = fromZodError(parsed.error);
    // Client code shows one message (there are no fields beside it): the first issue's, when none is set.
    if (summarize && !failure.formError)
      failure.formError = opts.invalid ?? parsed.error.issues[0]?.message ?? MESSAGES.badInput;
    reportRefusal('action', name, 400, 'invalid input');
    return failure;
  }
  return run(parsed.data, { user } as ActionContext<R>);
}

function refuse(name: string, f: { status: 400 | 401 | 403; message: string }): ActionFailure {
  reportRefusal('action', name, f.status, f.message);
  return toActionFailure(f);
}

/** An action called from client code with one object argument. */
export function defineAction<S extends z.ZodType, R extends ActionRole, C extends boolean, T = undefined>(
  opts: Options<S, R, C>,
  run: Handler<S, R, T>,
): (input: ActionInput<S, C>) => Promise<ActionResult<T>> {
  const name = opts.name || run.name || 'action';
  return (input) => inRequestContext(() => guard(name, opts, asRecord(input), run, true));
}

/**
 * A form action for useActionState: `(previousState, formData)`. `fields` reads the FormData when the plain
 * key → last value mapping is not enough (checkbox groups: `form.getAll('topics')`).
 */
export function defineFormAction<S extends z.ZodType, R extends ActionRole, T = undefined>(
  opts: Options<S, R> & { fields?: (form: FormData) => Record<string, unknown> },
  run: Handler<S, R, T>,
): (previous: unknown, formData: FormData) => Promise<ActionResult<T>> {
  const name = opts.name || run.name || 'form action';
  return (_previous, formData) => {
    const form = formData instanceof FormData ? formData : new FormData();
    const raw: Record<string, unknown> = { ...formDataToObject(form), ...(opts.fields?.(form) ?? {}) };
    return inRequestContext(() => guard(name, opts, raw, run, false));
  };
}
