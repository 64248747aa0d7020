/**
 * Sets the `dark` class on <html> before the first paint (no flash).
 * Stored choice in localStorage 'pp-theme' ('light' | 'dark') wins; without
 * one, the system preference is followed, live. Rendered in <head> by the
 * root layout; ThemeToggle writes the same key. The script's text lives in
 * lib/theme-script.ts: the Content-Security-Policy allows it by its hash.
 */
import { THEME_SCRIPT } from '@/lib/theme-script';

export function ThemeScript() {
  // A static, self-authored string: the no-flash script must run before hydration.
  return <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
