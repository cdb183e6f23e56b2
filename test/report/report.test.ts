import type { DaemonSetPlacementResult, PlacementNodeVerdict, PlacementReport } from '../../src/placement/placement';
import { formatPlacementJson, placementToJson } from '../../src/report/json';
import { formatPlacementText, groupByReasons, hasUnschedulable, listNames } from '../../src/report/text';

const TAINT_GPU = 'node(s) had untolerated taint {nvidia.com/gpu: present}';
const AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const PORTS = "node(s) didn't have free ports for the requested pod ports";

function verdict(
  node: string, shouldRun: boolean, schedulable: boolean, reasons: string[] = [], shouldContinueRunning = shouldRun,
): PlacementNodeVerdict {
  return { node, shouldRun, shouldContinueRunning, schedulable, reasons, failedFilters: [] };
}

function ds(name: string, nodes: PlacementNodeVerdict[], extra: Partial<DaemonSetPlacementResult> = {}): DaemonSetPlacementResult {
  return {
    namespace: 'kube-system',
    name,
    desiredNumberScheduled: nodes.filter((n) => n.shouldRun).length,
    rollout: { strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 },
    nodes,
    ...extra,
  };
}

describe('listNames', () => {
  test.each([
    [[], 3, ''],
    [['n1'], 3, 'n1'],
    [['n1', 'n2', 'n3'], 3, 'n1, n2, n3'],
    [['n1', 'n2', 'n3', 'n4'], 3, 'n1, n2, n3 and 1 more'],
    [['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10', 'n11', 'n12'], 3, 'n1, n2, n3 and 9 more'],
    [['n1', 'n2'], 0, '2 more'],
  ])('%j (max %d) → %j', (names, max, expected) => {
    expect(listNames(names, max)).toBe(expected);
  });
});

describe('groupByReasons', () => {
  test('largest group first, then by reason text; node names keep inventory order', () => {
    const groups = groupByReasons([
      verdict('c', false, false, [AFFINITY]),
      verdict('a', false, false, [TAINT_GPU]),
      verdict('b', false, false, [AFFINITY]),
      verdict('d', false, false, [TAINT_GPU, AFFINITY]),
      verdict('e', false, false, []),
    ]);
    expect(groups).toEqual([
      { reason: AFFINITY, nodes: ['c', 'b'] },
      { reason: '(no reason reported)', nodes: ['e'] },
      { reason: TAINT_GPU, nodes: ['a'] },
      { reason: `${TAINT_GPU}; ${AFFINITY}`, nodes: ['d'] },
    ]);
  });
});

describe('formatPlacementText', () => {
  test('groups nodes by verdict and reason, lists at most three names per group', () => {
    const gpuNodes = Array.from({ length: 12 }, (_, i) => verdict(`gpu-${i + 1}`, false, false, [TAINT_GPU], true));
    const report: PlacementReport = {
      daemonSets: [
        ds('fluent-bit', [
          verdict('n1', true, true),
          verdict('n2', true, true),
          verdict('n3', true, true),
          verdict('n4', true, true),
          verdict('small-1', true, false, ['Insufficient cpu', 'Insufficient memory']),
          ...gpuNodes,
          verdict('win-1', false, false, [AFFINITY]),
        ], { rollout: { strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 2 } }),
      ],
    };
    expect(formatPlacementText(report)).toBe([
      'DaemonSet kube-system/fluent-bit: desired on 5 of 18 nodes (RollingUpdate, maxSurge 0, maxUnavailable 2)',
      '  runs on 4 nodes: n1, n2, n3 and 1 more',
      '  cannot be scheduled on 1 node where it should run (the pod stays Pending):',
      '    1 node: Insufficient cpu; Insufficient memory (small-1)',
      '  not placed on 12 nodes (a daemon pod already running there is kept):',
      '    12 nodes: node(s) had untolerated taint {nvidia.com/gpu: present} (gpu-1, gpu-2, gpu-3 and 9 more)',
      '  not placed on 1 node (a daemon pod already running there is deleted):',
      "    1 node: node(s) didn't match Pod's node affinity/selector (win-1)",
      '',
      '1 DaemonSet, 18 nodes: 1 DaemonSet cannot be scheduled on nodes where it should run: kube-system/fluent-bit (1 node).',
      '',
    ].join('\n'));
  });

  test('OnDelete, a DaemonSet with no matching node, and the all-clear summary', () => {
    const report: PlacementReport = {
      daemonSets: [
        ds('agent', [verdict('n1', true, true), verdict('n2', true, true)], { rollout: { strategy: 'OnDelete', maxSurge: 0, maxUnavailable: 0 } }),
        ds('gpu-plugin', [verdict('n1', false, false, [AFFINITY], false), verdict('n2', false, false, [AFFINITY], false)]),
      ],
    };
    expect(formatPlacementText(report)).toBe([
      'DaemonSet kube-system/agent: desired on 2 of 2 nodes (OnDelete: pods are replaced only when deleted)',
      '  runs on 2 nodes: n1, n2',
      '',
      'DaemonSet kube-system/gpu-plugin: desired on 0 of 2 nodes (RollingUpdate, maxSurge 0, maxUnavailable 1)',
      '  no node matches its node selector, affinity and tolerations: it will have no pods',
      '  not placed on 2 nodes (a daemon pod already running there is deleted):',
      "    2 nodes: node(s) didn't match Pod's node affinity/selector (n1, n2)",
      '',
      '2 DaemonSets, 2 nodes: every DaemonSet can be scheduled on every node where it should run.',
      '',
    ].join('\n'));
  });

  test('several failing DaemonSets are all named in the summary; maxNames option', () => {
    const report: PlacementReport = {
      daemonSets: [
        ds('a', [verdict('n1', true, false, [PORTS]), verdict('n2', true, false, [PORTS])]),
        ds('b', [verdict('n1', true, false, ['Too many pods']), verdict('n2', true, true)]),
      ],
    };
    const text = formatPlacementText(report, { maxNames: 1 });
    expect(text).toContain(`    2 nodes: ${PORTS} (n1 and 1 more)\n`);
    expect(text.trimEnd().split('\n').pop()).toBe(
      '2 DaemonSets, 2 nodes: 2 DaemonSets cannot be scheduled on nodes where they should run: kube-system/a (2 nodes), kube-system/b (1 node).');
  });

  test('no DaemonSets', () => {
    expect(formatPlacementText({ daemonSets: [] })).toBe('No DaemonSets.\n');
  });
});

describe('hasUnschedulable', () => {
  test('only shouldRun && !schedulable counts', () => {
    expect(hasUnschedulable(ds('x', [verdict('n1', false, false, [TAINT_GPU]), verdict('n2', true, true)]))).toBe(false);
    expect(hasUnschedulable(ds('x', [verdict('n1', true, false, ['Insufficient cpu'])]))).toBe(true);
  });
});

describe('formatPlacementJson', () => {
  const report: PlacementReport = {
    daemonSets: [{
      // keys deliberately out of order: the output order must not depend on it
      nodes: [{ reasons: [], schedulable: true, shouldContinueRunning: true, shouldRun: true, node: 'n1', failedFilters: [] }],
      rollout: { maxUnavailable: 1, maxSurge: 0, strategy: 'RollingUpdate' },
      desiredNumberScheduled: 3,
      name: 'fluent-bit',
      namespace: 'kube-system',
    } as DaemonSetPlacementResult],
  };

  test('the documented shape, stable key order, 2-space indent, trailing newline', () => {
    expect(formatPlacementJson(report)).toBe(`{
  "daemonSets": [
    {
      "namespace": "kube-system",
      "name": "fluent-bit",
      "desiredNumberScheduled": 3,
      "rollout": {
        "strategy": "RollingUpdate",
        "maxSurge": 0,
        "maxUnavailable": 1
      },
      "nodes": [
        {
          "node": "n1",
          "shouldRun": true,
          "shouldContinueRunning": true,
          "schedulable": true,
          "reasons": [],
          "failedFilters": []
        }
      ]
    }
  ]
}
`);
  });

  test('round-trips and does not share arrays with the report', () => {
    const value: any = placementToJson(report);
    expect(JSON.parse(formatPlacementJson(report))).toEqual(value);
    value.daemonSets[0].nodes[0].reasons.push('x');
    expect(report.daemonSets[0].nodes[0].reasons).toEqual([]);
  });
});
