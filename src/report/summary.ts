/**
 * The fleet placement report as text and JSON: pools × agents verdicts,
 * per-pool agent overhead, the fleet checks' findings, and the per-DaemonSet
 * node verdicts of `place` (src/report/text.ts, src/report/json.ts).
 *
 * Verdicts come from pkg/controller/daemon/daemon_controller.go
 * `NodeShouldRunDaemonPod` (excluded: shouldRun false) and the scheduler's
 * Filter plugins (pending: shouldRun true, a filter fails); reasons are
 * Kubernetes' exact messages. Output is deterministic.
 *
 * Internal module: not part of the jsii API.
 */
import { placementToJson } from './json';
import { formatPlacementText } from './text';
import { Quantity, QuantityError } from '../placement/quantity';
import { Cell, FleetAnalysis } from '../pools/analysis';
import { formatResource } from '../pools/pod-resources';

/**
 * Allocatable resources for people: `cpu=3920m memory=14.1Gi pods=110 ...`,
 * leaving out resources a node advertises as 0 (e.g. `hugepages-1Gi`).
 */
export function formatAllocatable(allocatable: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  for (const [name, raw] of Object.entries(allocatable)) {
    let shown = raw;
    try {
      const q = Quantity.parse(raw);
      if (q.isZero() && name !== 'cpu' && name !== 'memory') continue;
      shown = name === 'pods' ? raw : formatResource(name, q);
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
    }
    parts.push(`${name}=${shown}`);
  }
  return parts.join(' ');
}

/** The short form of a cell in the text matrix. */
export function shortVerdict(cell: Cell): string {
  switch (cell.kind) {
    case 'runs': return cell.variants.length ? `runs (${cell.variants.join('+')})` : 'runs';
    case 'pending': return 'PENDING';
    case 'excluded': return 'excluded';
    case 'empty': return '-';
    default: return `${cell.runs}/${cell.nodes}${cell.pending ? ' PENDING' : ''}`;
  }
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function nodes(n: number): string {
  return `${n} node${n === 1 ? '' : 's'}`;
}

function table(rows: string[][], indent = ''): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => (indent + r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]))).join('  ')).trimEnd());
}

function expectationText(a: FleetAnalysis['agents'][number]): string {
  switch (a.expectation) {
    case 'explicit': return a.expectedPools.length ? `meant for ${a.expectedPools.join(', ')}` : 'meant for no pool in particular';
    case 'role': return `meant for every Linux pool (${a.role} agent)`;
    case 'tolerates-all': return 'meant for every Linux pool (tolerates every taint)';
    default: return 'no expected pools (not checked for landing)';
  }
}

/**
 * The report as text: a pools × agents matrix, the reasons behind every
 * cell that is not a plain "runs", the overhead per pool, the findings,
 * and the per-DaemonSet node verdicts. Ends with a newline.
 */
export function formatFleetText(a: FleetAnalysis): string {
  const out: string[] = [];
  out.push(`Placement report for cluster ${a.clusterName}: ${nodes(a.nodeCount)} in ${a.pools.length} pool${a.pools.length === 1 ? '' : 's'}, ${a.agents.length} agent${a.agents.length === 1 ? '' : 's'}`);
  out.push('');
  out.push('Pools:');
  out.push(...table([
    ['pool', 'nodes', 'os/arch', 'allocatable', 'taints'],
    ...a.pools.map((p) => [
      p.name + (p.controlPlane ? ' (control plane)' : ''),
      String(p.count),
      `${p.os || '?'}/${p.arch || '?'}`,
      formatAllocatable(p.allocatable),
      p.taints.join(', ') || '-',
    ]),
  ], '  '));
  out.push('');
  out.push('Agents × pools (runs / PENDING: scheduler cannot place the pod / excluded: not placed by the DaemonSet controller / n/m nodes):');
  const byAgent = (name: string) => a.cells.filter((c) => c.agent === name);
  out.push(...table([
    ['agent', ...a.pools.map((p) => `${p.name} (${p.count})`)],
    ...a.agents.map((ag) => [ag.name, ...byAgent(ag.name).map((c) => shortVerdict(c) + (c.expected && c.kind !== 'runs' && c.kind !== 'empty' ? ' !' : ''))]),
  ], '  '));
  out.push('  (! = a pool the agent is meant for)');
  out.push('');
  out.push('Why:');
  for (const ag of a.agents) {
    out.push(`  ${ag.name}${ag.role ? ` [${ag.role}]` : ''}: ${expectationText(ag)}; DaemonSet${ag.daemonSets.length === 1 ? '' : 's'} ${ag.daemonSets.join(', ')}`);
    for (const c of byAgent(ag.name)) {
      if (c.kind === 'empty') continue;
      for (const g of c.groups) {
        if (g.status === 'runs') continue;
        const who = ag.daemonSets.length > 1 && g.daemonSet ? ` (${g.daemonSet})` : '';
        const count = g.count === c.nodes ? nodes(c.nodes) : `${g.count} of ${nodes(c.nodes)}`;
        out.push(`    ${c.pool} (${count}): ${g.status}${who}: ${g.reason}`);
      }
    }
  }
  out.push('');
  out.push('Fleet overhead (requests of the agents that run on each node):');
  out.push(...table([
    ['pool', 'nodes', 'agent pods/node', 'cpu/node', 'memory/node', 'cpu total', 'memory total'],
    ...a.overhead.map((o) => [o.pool, String(o.nodes), String(o.podsPerNode), o.cpuPerNode, o.memoryPerNode, o.cpuTotal, o.memoryTotal]),
    ['total', String(a.nodeCount), '', '', '', a.totalCpu, a.totalMemory],
  ], '  '));
  out.push('');
  if (a.findings.length === 0) {
    out.push('Findings: none. Every agent lands where it is meant to, fits its nodes, and no host port is claimed twice.');
  } else {
    out.push(`Findings (${a.findings.length}):`);
    for (const f of a.findings) out.push(`  [${f.check}] ${f.message}`);
  }
  out.push('');
  out.push('Per DaemonSet:');
  out.push(...formatPlacementText(a.placement).trimEnd().split('\n').map((l) => (l ? `  ${l}` : '')));
  return out.join('\n') + '\n';
}

/**
 * The JSON value of the report, keys in output order. It names itself with an
 * `apiVersion` of the cdk8s-node-agents.io group, so a report written beside
 * manifests (the example's dist/report/placement.json) is recognised and skipped
 * by `check` and `place`, and refused by `kubectl apply` with a clear message.
 */
export function fleetToJson(a: FleetAnalysis): object {
  return {
    apiVersion: 'cdk8s-node-agents.io/v1alpha1',
    kind: 'FleetReport',
    cluster: a.clusterName,
    nodes: a.nodeCount,
    pools: a.pools.map((p) => ({
      name: p.name,
      nodes: p.count,
      os: p.os,
      arch: p.arch,
      controlPlane: p.controlPlane,
      allocatable: { ...p.allocatable },
      taints: [...p.taints],
    })),
    agents: a.agents.map((ag) => ({
      name: ag.name,
      role: ag.role ?? null,
      daemonSets: [...ag.daemonSets],
      expectation: ag.expectation,
      expectedPools: [...ag.expectedPools],
    })),
    cells: a.cells.map((c) => ({
      agent: c.agent,
      pool: c.pool,
      verdict: c.verdict,
      kind: c.kind,
      expected: c.expected,
      nodes: c.nodes,
      runs: c.runs,
      pending: c.pending,
      excluded: c.excluded,
      variants: [...c.variants],
      requests: { ...c.requests },
      groups: c.groups.map((g) => ({ status: g.status, reason: g.reason, daemonSet: g.daemonSet, nodes: g.count, nodeNames: [...g.nodes] })),
    })),
    overhead: {
      pools: a.overhead.map((o) => ({
        pool: o.pool,
        nodes: o.nodes,
        podsPerNode: o.podsPerNode,
        cpuPerNode: o.cpuPerNode,
        memoryPerNode: o.memoryPerNode,
        cpuTotal: o.cpuTotal,
        memoryTotal: o.memoryTotal,
      })),
      total: { cpu: a.totalCpu, memory: a.totalMemory },
    },
    findings: a.findings.map((f) => ({ check: f.check, agent: f.agent ?? null, pools: [...f.pools], message: f.message })),
    placement: placementToJson(a.placement),
  };
}

/** The report as stable JSON text (2-space indent, trailing newline). */
export function formatFleetJson(a: FleetAnalysis): string {
  return `${JSON.stringify(fleetToJson(a), null, 2)}\n`;
}
