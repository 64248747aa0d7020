/**
 * Sets the `dark` class on <html> before the first paint (no flash).
 * Stored choice in localStorage 'pp-theme' ('light' | 'dark') wins; without
 * one, the system preference is followed, live. Rendered in <head> by the
 * root layout; ThemeToggle writes the same key.
 */
export const THEME_STORAGE_KEY = 'pp-theme';

const script = `(function(){try{var k='${THEME_STORAGE_KEY}',d=document.documentElement,m=window.matchMedia('(prefers-color-scheme: dark)');
function apply(){var s=null;try{s=localStorage.getItem(k)}catch(e){}var dark=s==='dark'||(s!=='light'&&m.matches);d.classList.toggle('dark',dark);d.dataset.theme=s||'system';}
apply();m.addEventListener('change',apply);window.__ppApplyTheme=apply;}catch(e){}})();`;

export function ThemeScript() {
  // A static, self-authored string: the no-flash script must run before hydration.
  return <script dangerouslySetInnerHTML={{ __html: script }} />;
}
