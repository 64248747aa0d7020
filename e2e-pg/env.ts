/** Settings of the two-instance suite, shared by playwright.pg.config.ts and its specs. */
export const PG_INSTANCES = (
  process.env.E2E_PG_BASE_URLS ?? 'http://127.0.0.1:3101,http://127.0.0.1:3111'
).split(',');
export const PG_URL_FILE =
  process.env.E2E_PG_URL_FILE ?? `/tmp/packetpath-e2e-pg-${new URL(PG_INSTANCES[0]!).port}.url`;
