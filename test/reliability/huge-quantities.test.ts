/**
 * Huge and tiny quantities are not bad input to Kubernetes: `1e400`, `9Ei`,
 * 29-digit integers and `1e-400` all parse (apimachinery pkg/api/resource
 * `ParseQuantity`), and the scheduler's NodeResourcesFit filter then compares
 * `MilliValue()` for cpu and `Value()` for memory, with Go's int64 overflow
 * behaviour (pkg/scheduler/framework/types.go `Resource.Add`,
 * pkg/scheduler/framework/plugins/noderesources/fit.go `fitsRequest`).
 *
 * test/fixtures/bad-inputs/huge-quantities.json is what Kubernetes 1.28.7
 * decides (recorded with the ds-oracle) for one node whose allocatable cpu or
 * memory is the first value and a DaemonSet requesting the second:
 * `[resource, allocatable, request, schedulable, reasons]`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildClusterState, simulateDaemonSet } from '../../src/placement/simulate';
import { DaemonSet, Node } from '../../src/placement/types';

type Row = [resource: string, allocatable: string, request: string, schedulable: boolean, reasons: string[]];

const ROWS: Row[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'bad-inputs', 'huge-quantities.json'), 'utf8'));

function scenario(resource: string, allocatable: string, request: string): { node: Node; ds: DaemonSet } {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', labels: { 'kubernetes.io/os': 'linux' } },
    status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110', [resource]: allocatable } },
  };
  const ds: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'a', namespace: 'm' },
    spec: {
      selector: { matchLabels: { app: 'a' } },
      template: {
        metadata: { labels: { app: 'a' } },
        spec: { containers: [{ name: 'a', image: 'a:1', resources: { requests: { cpu: '100m', memory: '64Mi', [resource]: request } } }] },
      },
    },
  };
  return { node, ds };
}

describe('huge and tiny quantities, as Kubernetes 1.28.7 decides them (ds-oracle)', () => {
  test('the table covers cpu and memory, fits and misfits', () => {
    expect(ROWS.length).toBeGreaterThan(300);
    expect(new Set(ROWS.map((r) => r[0]))).toEqual(new Set(['cpu', 'memory']));
    expect(ROWS.some((r) => r[3])).toBe(true);
    expect(ROWS.some((r) => !r[3])).toBe(true);
  });

  test.each(ROWS)('%s: allocatable %s, request %s → schedulable %s %j', (resource, allocatable, request, schedulable, reasons) => {
    const { node, ds } = scenario(resource, allocatable, request);
    const verdict = simulateDaemonSet(ds, buildClusterState([node], [])).nodes[0];
    expect({ schedulable: verdict.schedulable, reasons: verdict.reasons }).toEqual({ schedulable, reasons });
  });
});
