'use server';
/**
 * Question authoring actions. defineFormAction (lib/server/guard/action.ts) checks the admin role, the form
 * token and the form's shape; the authoring service (lib/server/authoring/questions.ts) validates the
 * content with the bank schema again and records the change in the audit log.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { db } from '@/lib/server/db';
import { defineFormAction } from '@/lib/server/guard/action';
import {
  createQuestion,
  publishQuestion,
  restoreQuestion,
  retireQuestion,
  updateQuestion,
} from '@/lib/server/authoring/questions';
import { lifecycleFormSchema, saveQuestionFormSchema } from '@/lib/validation/authoring';
import { formError, type ActionResult } from '@/lib/validation/action-result';

export const saveQuestionAction = defineFormAction(
  { name: 'saveQuestion', schema: saveQuestionFormSchema, role: 'admin', csrf: true },
  async ({ id, content, intent }, { user }): Promise<ActionResult<{ id: string; version: number }>> => {
    let json: unknown;
    try {
      // eslint-disable-next-line no-restricted-properties -- the editor's form field, validated before it is stored
      json = JSON.parse(content);
    } catch {
      return formError('The question could not be read. Reload the page and try again.', 400);
    }
    const now = new Date();
    const saved = id
      ? await updateQuestion(db, user, id, json, now)
      : await createQuestion(db, user, json, now);
    if (!saved.ok)
      return {
        ok: false,
        status: 422,
        formError: saved.message,
        ...(saved.fieldErrors ? { fieldErrors: saved.fieldErrors } : {}),
      };
    let message = saved.message;
    if (intent === 'publish') {
      const published = await publishQuestion(db, user, saved.id, now);
      if (!published.ok)
        return {
          ok: false,
          status: 422,
          formError: `Saved, but not published: ${published.message}`,
          ...(published.fieldErrors ? { fieldErrors: published.fieldErrors } : {}),
        };
      message = published.message;
    }
    revalidatePath('/admin/questions');
    revalidatePath(`/admin/questions/${saved.id}`);
    if (!id) redirect(`/admin/questions/${saved.id}?created=1`);
    return { ok: true, data: { id: saved.id, version: saved.version }, message };
  },
);

export const questionLifecycleAction = defineFormAction(
  { name: 'questionLifecycle', schema: lifecycleFormSchema, role: 'admin', csrf: true },
  async ({ id, op }, { user }): Promise<ActionResult> => {
    const now = new Date();
    const r =
      op === 'publish'
        ? await publishQuestion(db, user, id, now)
        : op === 'retire'
          ? await retireQuestion(db, user, id, now)
          : await restoreQuestion(db, user, id, now);
    if (!r.ok) return formError(r.message, 409);
    revalidatePath('/admin/questions');
    revalidatePath(`/admin/questions/${id}`);
    return { ok: true, data: undefined, message: r.message };
  },
);
