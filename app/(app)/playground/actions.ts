'use server';
/**
 * Playground server actions (issue 15, ADR 017): save, share, revoke, delete, propose. defineAction
 * (lib/server/guard/action.ts) checks the session, the form token and the input (zod) first; the service
 * (lib/server/playground/service.ts) owns ownership and size rules. The engine never runs on the server here.
 */
import { revalidatePath } from 'next/cache';
import { db } from '@/lib/server/db';
import { defineAction } from '@/lib/server/guard/action';
import {
  deletePlayground,
  proposePlayground,
  revokeShare,
  savePlayground,
  sharePlayground,
} from '@/lib/server/playground/service';
import {
  playgroundIdSchema,
  proposePlaygroundSchema,
  savePlaygroundSchema,
} from '@/lib/validation/playground';
import { formError, type ActionResult } from '@/lib/validation/action-result';

export const savePlaygroundAction = defineAction(
  { name: 'savePlayground', schema: savePlaygroundSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult<{ id: string; updatedAt: string }>> => {
    const r = await savePlayground(db, user.id, input);
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/playground');
    return { ok: true, data: { id: r.id, updatedAt: r.updatedAt }, message: 'Saved (private).' };
  },
);

export const sharePlaygroundAction = defineAction(
  { name: 'sharePlayground', schema: playgroundIdSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult<{ token: string }>> => {
    const r = await sharePlayground(db, user.id, input.id);
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/playground');
    return { ok: true, data: { token: r.token } };
  },
);

export const revokeShareAction = defineAction(
  { name: 'revokePlaygroundShare', schema: playgroundIdSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult> => {
    const r = await revokeShare(db, user.id, input.id);
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/playground');
    return { ok: true, data: undefined, message: 'The link no longer opens this playground.' };
  },
);

export const deletePlaygroundAction = defineAction(
  { name: 'deletePlayground', schema: playgroundIdSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult> => {
    const r = await deletePlayground(db, user.id, input.id);
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/playground');
    return { ok: true, data: undefined };
  },
);

export const proposePlaygroundAction = defineAction(
  { name: 'proposePlayground', schema: proposePlaygroundSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult<{ proposedAt: string }>> => {
    const r = await proposePlayground(db, user.id, input.id, input.note, new Date());
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/admin/proposals');
    revalidatePath('/playground');
    return {
      ok: true,
      data: { proposedAt: r.proposedAt },
      message: 'Sent to the admins as a scenario proposal.',
    };
  },
);
