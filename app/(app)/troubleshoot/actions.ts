'use server';
/**
 * Troubleshooting exercise actions (ADR 016): a hint, the draft autosave and the submission. defineAction
 * authorizes the caller, checks the form token and validates the input; the service
 * (lib/server/troubleshoot/service.ts) owns every rule and grades with the checker. Nothing the browser says
 * about whether the cluster is fixed is trusted.
 */
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { db } from '@/lib/server/db';
import { defineAction } from '@/lib/server/guard/action';
import { MESSAGES } from '@/lib/server/guard/failure';
import { saveDraft, submit, takeHint } from '@/lib/server/troubleshoot/service';
import {
  troubleshootDraftSchema,
  troubleshootHintSchema,
  troubleshootSubmitSchema,
} from '@/lib/validation/troubleshoot';
import { formError, type ActionResult } from '@/lib/validation/action-result';

/** The next hint; its cost is charged on the session before the text is returned. */
export const troubleshootHintAction = defineAction(
  {
    name: 'troubleshootHint',
    schema: troubleshootHintSchema,
    role: 'user',
    csrf: true,
    invalid: MESSAGES.badInput,
  },
  async (
    input,
    { user },
  ): Promise<ActionResult<{ hint: { text: string; cost: number }; penalty: number }>> => {
    const r = await takeHint(db, user.id, input.sessionId);
    if (!r.ok) return formError(r.message, r.status);
    return { ok: true, data: { hint: r.hint, penalty: r.penalty } };
  },
);

/** Autosave of the edited cluster, so a reload or another device resumes it. */
export const troubleshootDraftAction = defineAction(
  {
    name: 'troubleshootDraft',
    schema: troubleshootDraftSchema,
    role: 'user',
    csrf: true,
    invalid: MESSAGES.badInput,
  },
  async (input, { user }): Promise<ActionResult> => {
    const r = await saveDraft(db, user.id, input.sessionId, input.yaml);
    if (!r.ok) return formError(r.message, r.status);
    return { ok: true, data: undefined };
  },
);

/** Grade the edit (or the picked candidate) once and open the result; 422 when nothing could be graded. */
export const troubleshootSubmitAction = defineAction(
  { name: 'troubleshootSubmit', schema: troubleshootSubmitSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult> => {
    const r = await submit(
      db,
      user.id,
      input.sessionId,
      {
        ...(input.yaml !== undefined ? { yaml: input.yaml } : {}),
        ...(input.candidateId ? { candidateId: input.candidateId } : {}),
      },
      new Date(),
    );
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/troubleshoot');
    redirect(`/troubleshoot/attempts/${r.attemptId}`);
  },
);
