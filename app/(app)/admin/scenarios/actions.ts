'use server';
/**
 * Scenario authoring actions: admin role and CSRF token checked here (an action is a public POST endpoint),
 * then the service (lib/server/authoring/scenarios.ts), which re-checks the YAML with the engine before
 * publishing and records every change in the audit log.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { authorizeAdmin } from '@/lib/server/auth';
import { CSRF_ERROR, verifyCsrfToken } from '@/lib/server/csrf';
import { db } from '@/lib/server/db';
import {
  createScenario,
  publishScenario,
  restoreScenario,
  retireScenario,
  updateScenario,
} from '@/lib/server/authoring/scenarios';
import { lifecycleFormSchema, saveScenarioFormSchema } from '@/lib/authoring/forms';
import { formDataToObject, formError, fromZodError, type ActionResult } from '@/lib/validation/action-result';

function revalidate(id: string) {
  revalidatePath('/admin/scenarios');
  revalidatePath(`/admin/scenarios/${id}`);
  revalidatePath('/trace');
}

export async function saveScenarioAction(
  _prev: unknown,
  formData: FormData,
): Promise<ActionResult<{ id: string; version: number; published: boolean }>> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return formError(auth.formError);
  const parsed = saveScenarioFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  const { csrfToken, id, yaml, intent } = parsed.data;
  if (!verifyCsrfToken(csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const now = new Date();
  const saved = id
    ? await updateScenario(db, auth.user, id, yaml, now)
    : await createScenario(db, auth.user, yaml, now);
  if (!saved.ok) return formError(saved.message);
  let message = saved.message;
  let published = false;
  if (intent === 'publish') {
    const p = await publishScenario(db, auth.user, saved.id, now);
    revalidate(saved.id);
    if (!p.ok) {
      if (!id) redirect(`/admin/scenarios/${saved.id}?created=1&unpublished=1`);
      return formError(`Saved as a draft. ${p.message}`);
    }
    message = p.message;
    published = true;
  }
  revalidate(saved.id);
  if (!id) redirect(`/admin/scenarios/${saved.id}?created=1${published ? '&published=1' : ''}`);
  return { ok: true, data: { id: saved.id, version: saved.version, published }, message };
}

export async function scenarioLifecycleAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return formError(auth.formError);
  const parsed = lifecycleFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  const { csrfToken, id, op } = parsed.data;
  if (!verifyCsrfToken(csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const now = new Date();
  const r =
    op === 'publish'
      ? await publishScenario(db, auth.user, id, now)
      : op === 'retire'
        ? await retireScenario(db, auth.user, id, now)
        : await restoreScenario(db, auth.user, id, now);
  if (!r.ok) return formError(r.message);
  revalidate(id);
  return { ok: true, data: undefined, message: r.message };
}
