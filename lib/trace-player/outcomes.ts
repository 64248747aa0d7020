/**
 * The outcomes a learner can pick when a scenario asks for one (`askDisposition`). The list is the same for
 * every scenario, so it reveals nothing about the answer. Values are engine dispositions
 * (lib/engine/types.ts); labels say what the client sees.
 */
import type { Disposition, SetOutcome } from '../engine/types';

export interface OutcomeOption {
  value: Disposition;
  label: string;
  description: string;
}

const HTTP_CODES = [301, 308, 401, 403, 404, 429, 500, 502, 503, 504] as const;

const HTTP_TEXT: Record<(typeof HTTP_CODES)[number], string> = {
  301: 'Moved Permanently',
  308: 'Permanent Redirect (e.g. TLS redirect)',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const OUTCOME_OPTIONS: readonly OutcomeOption[] = [
  { value: 'DELIVERED', label: 'Delivered', description: 'A process in the destination accepts it.' },
  { value: 'REFUSED', label: 'Connection refused', description: 'Fails at once (TCP reset / ICMP).' },
  {
    value: 'RESET',
    label: 'Connection reset',
    description:
      'The connection is accepted, then reset before any answer (curl: "Connection reset by peer").',
  },
  {
    value: 'DROPPED',
    label: 'Dropped (times out)',
    description: 'Silently discarded: the client times out.',
  },
  {
    value: 'DENIED_IN',
    label: 'Denied by NetworkPolicy (ingress)',
    description: 'A policy on the destination Pod blocks it.',
  },
  {
    value: 'DENIED_OUT',
    label: 'Denied by NetworkPolicy (egress)',
    description: 'A policy on the source Pod blocks it.',
  },
  {
    value: 'NXDOMAIN',
    label: 'Name not resolved (NXDOMAIN)',
    description: 'DNS has no such name; no connection.',
  },
  {
    value: 'DNS_TIMEOUT',
    label: 'DNS timed out',
    description: 'The name lookup gets no answer at all; no connection.',
  },
  {
    value: 'NODATA',
    label: 'No address of that family (NODATA)',
    description: 'The name exists but has no record of the family asked for (e.g. no AAAA); no connection.',
  },
  {
    value: 'MTU_BLACKHOLE',
    label: 'Stalls: MTU black hole',
    description:
      'It connects and small packets pass, but full-sized segments are lost on a narrower link and no ICMP "fragmentation needed" comes back: the transfer hangs, then times out.',
  },
  {
    value: 'EXITS_CLUSTER',
    label: 'Leaves the cluster',
    description: 'It goes to a host outside the cluster.',
  },
  { value: 'NO_ROUTE', label: 'No route', description: 'Nothing routes the destination address.' },
  {
    value: 'GRPC_UNIMPLEMENTED',
    label: 'gRPC UNIMPLEMENTED',
    description: 'A gateway answers the gRPC call with status 12: no route for that service/method.',
  },
  {
    value: 'GRPC_UNAVAILABLE',
    label: 'gRPC UNAVAILABLE',
    description:
      'A gateway answers the gRPC call with status 14: its backend is invalid or has no endpoints.',
  },
  ...HTTP_CODES.map((c) => ({
    value: `HTTP_${c}` as Disposition,
    label: `HTTP ${c}`,
    description: `A proxy (Ingress, gateway, API gateway) answers ${c} ${HTTP_TEXT[c]} instead of the app.`,
  })),
];

const DISPOSITION_RE =
  /^(DELIVERED|REFUSED|RESET|DROPPED|DENIED_IN|DENIED_OUT|NXDOMAIN|DNS_TIMEOUT|NODATA|EXITS_CLUSTER|NO_ROUTE|GRPC_UNIMPLEMENTED|GRPC_UNAVAILABLE|MTU_BLACKHOLE|HTTP_[1-5]\d\d)$/;

/** True for any engine disposition (including HTTP codes not in the picker). */
export function isDisposition(value: string): value is Disposition {
  return DISPOSITION_RE.test(value);
}

/** A readable name for a disposition: "HTTP 404", "Connection refused". */
export function outcomeLabel(value: string): string {
  const o = OUTCOME_OPTIONS.find((x) => x.value === value);
  if (o) return o.label;
  const m = /^HTTP_(\d{3})$/.exec(value);
  return m ? `HTTP ${m[1]}` : value;
}

/**
 * How a hop's verdict is introduced: the request stops there, except for an MTU black hole, where the request got
 * through and only the full-sized segments are lost on that link (R15.6).
 */
export function verdictLead(disposition: string): string {
  return disposition === 'MTU_BLACKHOLE' ? 'Full-sized segments lost here' : 'Stops here';
}

/**
 * The set-level outcome in words: one outcome's label, or for a split each share, largest first, e.g.
 * "Split: Delivered 50 % · HTTP 500 50 %" (engine SetOutcome; the order is the engine's, not the paths').
 */
export function setOutcomeLabel(outcome: SetOutcome): string {
  if (outcome.kind === 'single') return outcomeLabel(outcome.disposition);
  return `Split: ${outcome.shares.map((x) => `${outcomeLabel(x.disposition)} ${Math.round(x.weight * 100)} %`).join(' · ')}`;
}
