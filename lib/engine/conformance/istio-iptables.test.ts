/**
 * istio/istio @86c9f01fd735fb01d8192f5bcaf0d424afb7f14c (master), tools/istio-iptables/pkg/capture: `TestIptables`
 * (run_test.go) runs each case's configuration through the configurator and compares the commands it ran with
 * `testdata/<name>.golden`. Transcribed here: every IPv4-only, REDIRECT-mode case without DNS capture, owner-group
 * filters or mangle rules — the rules the engine prints and walks for a meshed Pod (lib/engine/trace/mesh-capture.ts,
 * R14.2, R14.5). The golden text below is each file's `* nat` … `COMMIT` block (the iptables-restore input), copied
 * from the files; the configurations are those of `getCommonTestCases()` on top of `constructTestConfig()`.
 *
 * The exclude lists (-o outbound ports, -d inbound ports with -b "*", -x ranges) have no IPv4 golden on master; their
 * cases below are written from run.go `Run()` / `handleInboundPortsInclude()` at the same commit and say so.
 */
import { describe, expect, it } from 'vitest';
import {
  type CaptureConfig,
  ISTIO_IPTABLES_BASE,
  ISTIO_INJECTED_DEFAULT,
  captureFromArgs,
  istioNatRules,
  walkCapture,
} from '../trace/mesh-capture';

/** The `* nat` … `COMMIT` block of each golden file. */
const GOLDEN: Record<string, string> = {
  empty: `
* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
COMMIT
`,
  'inbound-ports-include': `
* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A PREROUTING -p tcp -j ISTIO_INBOUND
-A ISTIO_INBOUND -p tcp --dport 32000 -j ISTIO_IN_REDIRECT
-A ISTIO_INBOUND -p tcp --dport 31000 -j ISTIO_IN_REDIRECT
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
COMMIT
`,
  'inbound-ports-wildcard': `
* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A PREROUTING -p tcp -j ISTIO_INBOUND
-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
COMMIT
`,
  'kube-virt-interfaces': `
* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-I PREROUTING 1 -i eth1 -j RETURN
-I PREROUTING 1 -i eth2 -j RETURN
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_REDIRECT
-I PREROUTING 1 -i eth1 -j ISTIO_REDIRECT
-I PREROUTING 1 -i eth2 -j ISTIO_REDIRECT
COMMIT
`,
  ipnets: `
* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT
COMMIT
`,
  'ipnets-with-kube-virt-interfaces': `
* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-I PREROUTING 1 -i eth1 -j RETURN
-I PREROUTING 1 -i eth2 -j RETURN
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-I PREROUTING 1 -i eth1 -d 10.0.0.0/8 -j ISTIO_REDIRECT
-I PREROUTING 1 -i eth2 -d 10.0.0.0/8 -j ISTIO_REDIRECT
-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT
COMMIT
`,
  'outbound-ports-include': `
* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -p tcp --dport 32000 -j ISTIO_REDIRECT
-A ISTIO_OUTPUT -p tcp --dport 31000 -j ISTIO_REDIRECT
COMMIT
`,
  'basic-exclude-nic': `
* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-A PREROUTING -i not-istio-nic -j RETURN
-A OUTPUT -o not-istio-nic -j RETURN
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
COMMIT
`,
  'host-ipv4-loopback-cidr': `
* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/8 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/8 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/8 -j RETURN
COMMIT
`,
};

/** run_test.go getCommonTestCases(): the configuration of each transcribed case. */
const CASES: Record<string, Partial<CaptureConfig>> = {
  empty: {},
  'inbound-ports-include': { inboundPortsInclude: '32000,31000' },
  'inbound-ports-wildcard': { inboundPortsInclude: '*' },
  'kube-virt-interfaces': { rerouteVirtualInterfaces: 'eth1,eth2', outboundIPRangesInclude: '*' },
  ipnets: { outboundIPRangesInclude: '10.0.0.0/8' },
  'ipnets-with-kube-virt-interfaces': {
    rerouteVirtualInterfaces: 'eth1,eth2',
    outboundIPRangesInclude: '10.0.0.0/8',
  },
  'outbound-ports-include': { outboundPortsInclude: '32000,31000' },
  'basic-exclude-nic': { excludeInterfaces: 'not-istio-nic' },
  'host-ipv4-loopback-cidr': { hostIPv4LoopbackCidr: '127.0.0.1/8' },
};

describe('istio-iptables nat rules (upstream golden files)', () => {
  for (const [name, cfg] of Object.entries(CASES))
    it(name, () => {
      expect(istioNatRules({ ...ISTIO_IPTABLES_BASE, ...cfg })).toEqual(
        (GOLDEN[name] as string).trim().split('\n'),
      );
    });
});

describe('exclude lists (run.go Run(), no IPv4 golden on master)', () => {
  it('-o: each excluded outbound port RETURNs for tcp and udp right after OUTPUT -j ISTIO_OUTPUT', () => {
    const r = istioNatRules({ ...ISTIO_IPTABLES_BASE, outboundPortsExclude: '5432,6379' });
    const i = r.indexOf('-A OUTPUT -j ISTIO_OUTPUT');
    expect(r.slice(i + 1, i + 5)).toEqual([
      '-A ISTIO_OUTPUT -p tcp --dport 5432 -j RETURN',
      '-A ISTIO_OUTPUT -p udp --dport 5432 -j RETURN',
      '-A ISTIO_OUTPUT -p tcp --dport 6379 -j RETURN',
      '-A ISTIO_OUTPUT -p udp --dport 6379 -j RETURN',
    ]);
  });
  it('-d with -b "*": excluded inbound ports RETURN before the catch-all ISTIO_IN_REDIRECT', () => {
    const r = istioNatRules(ISTIO_INJECTED_DEFAULT);
    const i = r.indexOf('-A PREROUTING -p tcp -j ISTIO_INBOUND');
    expect(r.slice(i + 1, i + 5)).toEqual([
      '-A ISTIO_INBOUND -p tcp --dport 15090 -j RETURN',
      '-A ISTIO_INBOUND -p tcp --dport 15021 -j RETURN',
      '-A ISTIO_INBOUND -p tcp --dport 15020 -j RETURN',
      '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
    ]);
  });
  it('-x: excluded ranges RETURN after the loopback rule, before -j ISTIO_REDIRECT', () => {
    const r = istioNatRules({ ...ISTIO_INJECTED_DEFAULT, outboundIPRangesExclude: '169.254.169.254/32' });
    expect(r.slice(-4)).toEqual([
      '-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN',
      '-A ISTIO_OUTPUT -d 169.254.169.254/32 -j RETURN',
      '-A ISTIO_OUTPUT -j ISTIO_REDIRECT',
      'COMMIT',
    ]);
  });
  it('-d without -b "*" is ignored (handleInboundPortsInclude only reads it for the wildcard)', () => {
    const r = istioNatRules({
      ...ISTIO_IPTABLES_BASE,
      inboundPortsInclude: '4000',
      inboundPortsExclude: '6000',
    });
    expect(r.some((l) => l.includes('6000'))).toBe(false);
  });
});

describe("the injector's istio-init args", () => {
  it("reads the template's default args (injection-template.yaml) as the injected default", () => {
    const { config, mode } = captureFromArgs([
      'istio-iptables',
      '-p',
      '15001',
      '-z',
      '15006',
      '-u',
      '1337',
      '-m',
      'REDIRECT',
      '-i',
      '*',
      '-x',
      '',
      '-b',
      '*',
      '-d',
      '15090,15021,15020',
      '--log_output_level=default:info',
    ]);
    expect(mode).toBe('REDIRECT');
    expect(config).toEqual(ISTIO_INJECTED_DEFAULT);
  });
});

/** Walking the rules: how a packet meets them (the semantics of the iptables matches the rules use). */
describe('walking the injected default rules', () => {
  const c = ISTIO_INJECTED_DEFAULT;
  const app = { hook: 'OUTPUT' as const, src: '10.244.1.5', uid: 1000, gid: 1000, oif: 'eth0' };
  it("an app's TCP connection to a ClusterIP is redirected to 15001 by the last ISTIO_OUTPUT rule", () => {
    const w = walkCapture(c, { ...app, proto: 'TCP', dst: '10.96.120.15', dport: 80 });
    expect(w.redirectTo).toBe(15001);
    expect(w.walked.filter((x) => x.hit).map((x) => x.text)).toEqual([
      '-A OUTPUT -j ISTIO_OUTPUT',
      '-A ISTIO_OUTPUT -j ISTIO_REDIRECT',
      '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
    ]);
  });
  it('UDP (a DNS query) passes: ISTIO_REDIRECT only redirects tcp', () => {
    const w = walkCapture(c, { ...app, proto: 'UDP', dst: '10.96.0.10', dport: 53 });
    expect(w.redirectTo).toBeUndefined();
  });
  it("Envoy's own connection (uid 1337) RETURNs", () => {
    const w = walkCapture(c, { ...app, uid: 1337, gid: 1337, proto: 'TCP', dst: '10.244.2.8', dport: 9090 });
    expect(w.redirectTo).toBeUndefined();
    expect(w.decidedBy).toBe('-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN');
  });
  it("Envoy's inbound connection to the app from 127.0.0.6 over lo RETURNs at the first rule", () => {
    const w = walkCapture(c, {
      hook: 'OUTPUT',
      proto: 'TCP',
      src: '127.0.0.6',
      dst: '10.244.2.8',
      dport: 9090,
      oif: 'lo',
      uid: 1337,
      gid: 1337,
    });
    expect(w.redirectTo).toBeUndefined();
    expect(w.decidedBy).toBe('-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN');
  });
  it('an excluded outbound port RETURNs before anything else', () => {
    const w = walkCapture(
      { ...c, outboundPortsExclude: '5432' },
      { ...app, proto: 'TCP', dst: '10.96.7.7', dport: 5432 },
    );
    expect(w.redirectTo).toBeUndefined();
    expect(w.decidedBy).toBe('-A ISTIO_OUTPUT -p tcp --dport 5432 -j RETURN');
  });
  it('inbound TCP to the app port is redirected to 15006; 15021 is not', () => {
    const inb = {
      hook: 'PREROUTING' as const,
      proto: 'TCP' as const,
      src: '10.244.1.5',
      dst: '10.244.2.8',
      iif: 'eth0',
    };
    expect(walkCapture(c, { ...inb, dport: 9090 }).redirectTo).toBe(15006);
    const h = walkCapture(c, { ...inb, dport: 15021 });
    expect(h.redirectTo).toBeUndefined();
    expect(h.decidedBy).toBe('-A ISTIO_INBOUND -p tcp --dport 15021 -j RETURN');
  });
});
