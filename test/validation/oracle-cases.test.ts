/**
 * Cases recorded from /tmp/ds-oracle (Kubernetes 1.28.7's own ValidateDaemonSet
 * after apps/v1 defaulting, and pod-security-admission's v1.28 policy) as data:
 * first every disagreement found while comparing this validator with the
 * oracle on generated DaemonSets (each was fixed), then a sample of the
 * generated cases and the upstream-style agent DaemonSets. The oracle sorts
 * errors by field; Go's map order makes same-field errors unordered, so errors
 * are compared as sorted lists. Pointer addresses in Go struct dumps differ on
 * every run and are normalized.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { validateDaemonSet } from '../../src/validation/daemonset';
import { defaultDaemonSet } from '../../src/validation/defaults';
import { evaluatePodSecurity } from '../../src/validation/pod-security';

interface OracleCase {
  readonly name: string;
  readonly kind: 'disagreement-fixed' | 'random';
  readonly daemonSet: any;
  readonly expected: {
    readonly errors: Array<{ field: string; type: string; detail: string }>;
    readonly podSecurity: { level: string; baseline: Array<{ reason: string; detail: string }>; restricted: Array<{ reason: string; detail: string }> };
  };
}

const cases: OracleCase[] = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'validation', 'oracle-cases.json'), 'utf8'));
const norm = (s: string) => s.replace(/0x[0-9a-f]+/g, '0xPTR');
const key = (e: { field: string; type: string; detail: string }) => `${e.field}\u0000${e.detail}\u0000${e.type}`;
const sorted = <T extends { field: string; type: string; detail: string }>(errs: T[]) => [...errs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe('oracle cases (/tmp/ds-oracle, Kubernetes 1.28.7)', () => {
  test('the data set holds the fixed disagreements and a sample of generated cases', () => {
    expect(cases.filter((c) => c.kind === 'disagreement-fixed').length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => c.kind === 'random').length).toBeGreaterThanOrEqual(50);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ds = defaultDaemonSet(c.daemonSet);
    // The oracle, like the apiserver, fills in the request's namespace.
    if (!ds.metadata.namespace) ds.metadata.namespace = 'default';
    const errors = validateDaemonSet(ds).map((e) => ({ field: e.field, type: e.type, detail: norm(e.detail) }));
    expect(sorted(errors)).toEqual(sorted(c.expected.errors));
    const pss = evaluatePodSecurity(ds.spec.template.metadata ?? {}, ds.spec.template.spec);
    expect({
      level: pss.level,
      baseline: pss.baseline.map((f) => ({ reason: f.reason, detail: f.detail })),
      restricted: pss.restricted.map((f) => ({ reason: f.reason, detail: f.detail })),
    }).toEqual(c.expected.podSecurity);
  });
});
