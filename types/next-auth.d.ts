/**
 * next-auth v4 module augmentation: our session carries the user id and role.
 * @see https://next-auth.js.org/getting-started/typescript#module-augmentation
 */
import type { DefaultSession } from 'next-auth';
import type { Role } from '@/lib/validation/user';

declare module 'next-auth' {
  interface Session {
    user: { id: string; role: Role } & NonNullable<DefaultSession['user']>;
  }
  interface User {
    id: string;
    role: Role;
    /** User.sessionVersion at sign-in. */
    sv: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string | undefined;
    role?: Role | undefined;
    /** User.sessionVersion when the token was issued; a mismatch ends the session. */
    sv?: number | undefined;
  }
}
