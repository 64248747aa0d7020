'use server';
/**
 * Troubleshooting exercise authoring (ADR 016). defineAction checks the admin role, the form token and the shape;
 * the service loads the exercise again and, to publish, requires every check of verifyExercise.
 */
import { revalidatePath } from 'next/cache';
import { db } from '@/lib/server/db';
import { defineAction } from '@/lib/server/guard/action';
import { saveExercise } from '@/lib/server/authoring/troubleshooting';
import { troubleshootSaveSchema } from '@/lib/validation/troubleshoot';
import { formError, type ActionResult } from '@/lib/validation/action-result';

export const saveExerciseAction = defineAction(
  { name: 'saveExercise', schema: troubleshootSaveSchema, role: 'admin', csrf: true },
  async (input, { user }): Promise<ActionResult<{ id: string; version: number; published: boolean }>> => {
    const r = await saveExercise(
      db,
      user,
      { ...(input.id ? { id: input.id } : {}), yaml: input.yaml, publish: input.publish },
      new Date(),
    );
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/admin/troubleshooting');
    revalidatePath('/troubleshoot');
    return { ok: true, data: { id: r.id, version: r.version, published: r.published }, message: r.message };
  },
);
