'use server';
/**
 * Question authoring actions. Each is a public POST endpoint: it checks the admin role and the CSRF token
 * itself, then calls the authoring service (lib/server/authoring/questions.ts), which validates the content
 * with the bank schema again and records the change in the audit log.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { authorizeAdmin } from '@/lib/server/auth';
import { CSRF_ERROR, verifyCsrfToken } from '@/lib/server/csrf';
import { db } from '@/lib/server/db';
import {
  createQuestion,
  publishQuestion,
  restoreQuestion,
  retireQuestion,
  updateQuestion,
} from '@/lib/server/authoring/questions';
import { lifecycleFormSchema, saveQuestionFormSchema } from '@/lib/authoring/forms';
import { formDataToObject, formError, fromZodError, type ActionResult } from '@/lib/validation/action-result';

export async function saveQuestionAction(
  _prev: unknown,
  formData: FormData,
): Promise<ActionResult<{ id: string; version: number }>> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return formError(auth.formError);
  const parsed = saveQuestionFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  const { csrfToken, id, content, intent } = parsed.data;
  if (!verifyCsrfToken(csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return formError('The question could not be read. Reload the page and try again.');
  }
  const now = new Date();
  const saved = id
    ? await updateQuestion(db, auth.user, id, json, now)
    : await createQuestion(db, auth.user, json, now);
  if (!saved.ok)
    return {
      ok: false,
      formError: saved.message,
      ...(saved.fieldErrors ? { fieldErrors: saved.fieldErrors } : {}),
    };
  let message = saved.message;
  if (intent === 'publish') {
    const published = await publishQuestion(db, auth.user, saved.id, now);
    if (!published.ok)
      return {
        ok: false,
        formError: `Saved, but not published: ${published.message}`,
        ...(published.fieldErrors ? { fieldErrors: published.fieldErrors } : {}),
      };
    message = published.message;
  }
  revalidatePath('/admin/questions');
  revalidatePath(`/admin/questions/${saved.id}`);
  if (!id) redirect(`/admin/questions/${saved.id}?created=1`);
  return { ok: true, data: { id: saved.id, version: saved.version }, message };
}

export async function questionLifecycleAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return formError(auth.formError);
  const parsed = lifecycleFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  const { csrfToken, id, op } = parsed.data;
  if (!verifyCsrfToken(csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const now = new Date();
  const r =
    op === 'publish'
      ? await publishQuestion(db, auth.user, id, now)
      : op === 'retire'
        ? await retireQuestion(db, auth.user, id, now)
        : await restoreQuestion(db, auth.user, id, now);
  if (!r.ok) return formError(r.message);
  revalidatePath('/admin/questions');
  revalidatePath(`/admin/questions/${id}`);
  return { ok: true, data: undefined, message: r.message };
}
