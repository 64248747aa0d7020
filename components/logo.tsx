/** The PacketPath mark + word, linking home. */
import Link from 'next/link';

export function Logo() {
  return (
    <Link href="/" className="flex items-center gap-2 rounded-lg font-semibold tracking-tight text-fg">
      <svg aria-hidden="true" viewBox="0 0 32 32" className="h-7 w-7">
        <rect width="32" height="32" rx="8" className="fill-brand-700 dark:fill-brand-400" />
        <circle cx="9" cy="16" r="3" fill="white" />
        <circle cx="23" cy="9" r="3" fill="white" />
        <circle cx="23" cy="23" r="3" fill="white" />
        <path d="M11.5 14.5l9-4M11.5 17.5l9 4" stroke="white" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span>PacketPath</span>
    </Link>
  );
}
