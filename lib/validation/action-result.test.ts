import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formDataToObject, fromZodError } from './action-result';

describe('fromZodError', () => {
  it('maps issues to field errors', () => {
    const r = z.object({ email: z.string().min(3, 'too short') }).safeParse({ email: 'a' });
    expect(fromZodError(r.error!)).toEqual({ ok: false, status: 400, fieldErrors: { email: ['too short'] } });
  });
  it('turns unknown keys into a form error', () => {
    const r = z.strictObject({ a: z.string() }).safeParse({ a: 'x', extra: 1 });
    const out = fromZodError(r.error!);
    expect(out.formError).toBe(
      'This form sent fields we do not accept (extra). Reload the page and try again.',
    );
  });
});

describe('formDataToObject', () => {
  it("drops React's internal $ACTION fields", () => {
    const fd = new FormData();
    fd.set('$ACTION_ID_abc', '');
    fd.set('email', 'a@b.co');
    expect(formDataToObject(fd)).toEqual({ email: 'a@b.co' });
  });
  it.each([5, null, undefined, 'x', [], { email: 'a@b.co' }])(
    'gives {} for a hand-made action argument that is not FormData (%j), not a TypeError',
    (value) => {
      expect(formDataToObject(value)).toEqual({});
    },
  );
});
