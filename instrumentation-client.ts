/**
 * Runs in the browser before the app (Next's instrumentation-client convention).
 *
 * zod 4 compiles object schemas with `new Function` when it can, and finds out by trying `Function("")`,
 * which our Content-Security-Policy refuses (no 'unsafe-eval'): every page that parsed with zod reported a
 * violation. jitless skips the probe and the compiler; parsing is the same, a little slower, on forms only.
 * @see node_modules/next/dist/docs/01-app/03-api-reference/03-file-conventions/instrumentation-client.md
 */
import { config } from 'zod';

config({ jitless: true });
