/**
 * Colours and small icons per coarse layer, shared by the palette, the lane and the result. Colours come in
 * light/dark pairs with AA contrast for the text; the icon is decorative (the label says the layer).
 */
import type { Layer } from '@/lib/engine';
import { cn } from '@/components/ui/cn';

const TONES: Record<Layer, string> = {
  Client:
    'border-slate-300 bg-slate-50 text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100',
  DNS: 'border-violet-300 bg-violet-50 text-violet-950 dark:border-violet-700 dark:bg-violet-950 dark:text-violet-100',
  'API Gateway':
    'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100',
  'Cloud LB': 'border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100',
  Node: 'border-stone-300 bg-stone-50 text-stone-900 dark:border-stone-600 dark:bg-stone-800 dark:text-stone-100',
  'kube-proxy':
    'border-orange-300 bg-orange-50 text-orange-950 dark:border-orange-700 dark:bg-orange-950 dark:text-orange-100',
  CNI: 'border-lime-300 bg-lime-50 text-lime-950 dark:border-lime-700 dark:bg-lime-950 dark:text-lime-100',
  Ingress:
    'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100',
  Service:
    'border-teal-300 bg-teal-50 text-teal-950 dark:border-teal-700 dark:bg-teal-950 dark:text-teal-100',
  Pod: 'border-indigo-300 bg-indigo-50 text-indigo-950 dark:border-indigo-700 dark:bg-indigo-950 dark:text-indigo-100',
  Container:
    'border-blue-300 bg-blue-50 text-blue-950 dark:border-blue-700 dark:bg-blue-950 dark:text-blue-100',
  External:
    'border-rose-300 bg-rose-50 text-rose-950 dark:border-rose-700 dark:bg-rose-950 dark:text-rose-100',
};

export function layerTone(layer: string): string {
  return TONES[layer as Layer] ?? TONES.Client;
}

const DOT: Record<Layer, string> = {
  Client: 'bg-slate-500',
  DNS: 'bg-violet-500',
  'API Gateway': 'bg-amber-500',
  'Cloud LB': 'bg-sky-500',
  Node: 'bg-stone-500',
  'kube-proxy': 'bg-orange-500',
  CNI: 'bg-lime-600',
  Ingress: 'bg-emerald-500',
  Service: 'bg-teal-500',
  Pod: 'bg-indigo-500',
  Container: 'bg-blue-500',
  External: 'bg-rose-500',
};

/** A small coloured mark for a layer (decorative). */
export function LayerIcon({ layer, className }: { layer: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        'inline-block h-2.5 w-2.5 shrink-0 rounded-full',
        DOT[layer as Layer] ?? DOT.Client,
        className,
      )}
    />
  );
}
