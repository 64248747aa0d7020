'use server';
/**
 * Scenario authoring actions. defineFormAction (lib/server/guard/action.ts) checks the admin role, the form
 * token and the form's shape; the service (lib/server/authoring/scenarios.ts) re-checks the YAML with the
 * engine before publishing and records every change in the audit log.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { db } from '@/lib/server/db';
import { defineFormAction } from '@/lib/server/guard/action';
import {
  createScenario,
  publishScenario,
  restoreScenario,
  retireScenario,
  updateScenario,
} from '@/lib/server/authoring/scenarios';
import { lifecycleFormSchema, saveScenarioFormSchema } from '@/lib/validation/authoring';
import { formError, type ActionResult } from '@/lib/validation/action-result';

function revalidate(id: string) {
  revalidatePath('/admin/scenarios');
  revalidatePath(`/admin/scenarios/${id}`);
  revalidatePath('/trace');
}

export const saveScenarioAction = defineFormAction(
  { name: 'saveScenario', schema: saveScenarioFormSchema, role: 'admin', csrf: true },
  async (
    { id, yaml, intent },
    { user },
  ): Promise<ActionResult<{ id: string; version: number; published: boolean }>> => {
    const now = new Date();
    const saved = id
      ? await updateScenario(db, user, id, yaml, now)
      : await createScenario(db, user, yaml, now);
    if (!saved.ok) return formError(saved.message, 422);
    let message = saved.message;
    let published = false;
    if (intent === 'publish') {
      const p = await publishScenario(db, user, saved.id, now);
      revalidate(saved.id);
      if (!p.ok) {
        if (!id) redirect(`/admin/scenarios/${saved.id}?created=1&unpublished=1`);
        return formError(`Saved as a draft. ${p.message}`, 422);
      }
      message = p.message;
      published = true;
    }
    revalidate(saved.id);
    if (!id) redirect(`/admin/scenarios/${saved.id}?created=1${published ? '&published=1' : ''}`);
    return { ok: true, data: { id: saved.id, version: saved.version, published }, message };
  },
);

export const scenarioLifecycleAction = defineFormAction(
  { name: 'scenarioLifecycle', schema: lifecycleFormSchema, role: 'admin', csrf: true },
  async ({ id, op }, { user }): Promise<ActionResult> => {
    const now = new Date();
    const r =
      op === 'publish'
        ? await publishScenario(db, user, id, now)
        : op === 'retire'
          ? await retireScenario(db, user, id, now)
          : await restoreScenario(db, user, id, now);
    if (!r.ok) return formError(r.message, 409);
    revalidate(id);
    return { ok: true, data: undefined, message: r.message };
  },
);
