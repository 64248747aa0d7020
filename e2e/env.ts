/**
 * Settings shared by playwright.config.ts (webServer env) and the fixtures.
 * The passwords are test-only values for the throw-away prisma/e2e.db.
 */
// Overridable so a developer can point the suite at a second server while another run holds port 3100.
export const E2E_BASE_URL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3100';
export const E2E_DATABASE_FILE = process.env.E2E_DATABASE_FILE ?? 'prisma/e2e.db';

export const E2E_ADMIN = {
  email: 'admin@packetpath.dev',
  password: 'e2e-Admin-password-1',
  name: 'PacketPath Admin',
} as const;
export const E2E_LEARNER = {
  email: 'learner@packetpath.dev',
  password: 'e2e-Learner-password-1',
  name: 'Demo Learner',
} as const;

export const E2E_ENV: Record<string, string> = {
  DATABASE_URL: `file:./${E2E_DATABASE_FILE}`,
  NEXTAUTH_URL: E2E_BASE_URL,
  NEXTAUTH_SECRET: 'packetpath-e2e-secret-0123456789abcdef0123456789',
  PACKETPATH_ADMIN_PASSWORD: E2E_ADMIN.password,
  PACKETPATH_LEARNER_PASSWORD: E2E_LEARNER.password,
  NEXT_TELEMETRY_DISABLED: '1',
  // The port `npm run e2e:server` listens on (from E2E_BASE_URL, so a second run can use another port).
  E2E_PORT: new URL(E2E_BASE_URL).port || '3100',
  NODE_ENV: 'production',
  // Every spec talks to the server from 127.0.0.1, so all sign-ups in the suite (3 today, plus CI retries)
  // share one client key and the default of 5 per hour is too close. (The createUser fixture inserts users
  // directly and does not count.) The limit itself is tested in e2e/auth.spec.ts with a client key of its
  // own, filled up to this value.
  SIGNUP_MAX_ATTEMPTS_PER_CLIENT: '1000',
  // Lets the progress specs move the server's clock with a signed cookie (lib/server/clock.ts); never set by npm start.
  PACKETPATH_TEST_CLOCK: '1',
};
