/**
 * Hidden CSRF token input for server-action forms. Get the token in the page
 * (server) with createCsrfToken(user?.id) from lib/server/auth/csrf.ts and pass it
 * down; the action checks it with verifyCsrfToken().
 */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="csrfToken" value={token} />;
}
