/**
 * The no-flash theme script (rendered inline in <head> by components/theme-script.tsx). Its text is fixed,
 * so the Content-Security-Policy allows it by hash (lib/server/security-headers.ts) instead of a nonce.
 */
export const THEME_STORAGE_KEY = 'pp-theme';

export const THEME_SCRIPT = `(function(){try{var k='${THEME_STORAGE_KEY}',d=document.documentElement,m=window.matchMedia('(prefers-color-scheme: dark)');
function apply(){var s=null;try{s=localStorage.getItem(k)}catch(e){}var dark=s==='dark'||(s!=='light'&&m.matches);d.classList.toggle('dark',dark);d.dataset.theme=s||'system';}
apply();m.addEventListener('change',apply);window.__ppApplyTheme=apply;}catch(e){}})();`;
