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
import { describeEvictions, formatPlacementText } from './text';
import { Quantity, QuantityError } from '../placement/quantity';
import { Cell, composition, FleetAnalysis, PoolSummary } from '../pools/analysis';
import { formatPlatform } from '../pools/node-pool';
import { formatResource } from '../pools/pod-resources';

/**
 * Allocatable resources for people: `cpu=3920m memory=14.1Gi pods=110 ...`,
 * leaving out resources a node advertises as 0 (e.g. `hugepages-1Gi`). With
 * `largest` (a pool whose nodes differ), a resource that varies shows its
 * range: `cpu=1930m..7910m`.
 */
export function formatAllocatable(allocatable: Readonly<Record<string, string>>, largest: Readonly<Record<string, string>> = {}): string {
  const show = (name: string, raw: string): { text: string; zero: boolean } => {
    try {
      const q = Quantity.parse(raw);
      return { text: name === 'pods' ? raw : formatResource(name, q), zero: q.isZero() };
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      return { text: raw, zero: false };
    }
  };
  const parts: string[] = [];
  for (const [name, raw] of Object.entries(allocatable)) {
    const low = show(name, raw);
    const high = largest[name] !== undefined ? show(name, largest[name]) : low;
    if (low.zero && high.zero && name !== 'cpu' && name !== 'memory') continue;
    parts.push(`${name}=${low.text}${high.text !== low.text ? `..${high.text}` : ''}`);
  }
  return parts.join(' ');
}

/** `linux/amd64`, or `10 linux/amd64 + 3 windows/amd64` for a pool whose nodes differ. */
export function formatPoolPlatforms(p: PoolSummary): string {
  if (p.platforms.length <= 1) return formatPlatform(p.os, p.arch);
  return composition(p.platforms.map((x) => ({ name: formatPlatform(x.os, x.arch), count: x.count })));
}

/** `control plane` when every node runs it, `3 control plane` when some do, else empty. */
export function formatControlPlane(p: PoolSummary): string {
  if (p.controlPlane) return 'control plane';
  return p.controlPlaneNodes > 0 ? `${p.controlPlaneNodes} control plane` : '';
}

/** The pool's taints: those on every node, then those on some (`os=windows:NoSchedule (3 of 13 nodes)`). */
export function formatPoolTaints(p: PoolSummary): string {
  const all = [...p.taints, ...p.partialTaints.map((t) => `${t.taint} (${t.count} of ${nodes(p.count)})`)];
  return all.join(', ') || '-';
}

/** Whether the groups of a cell differ in platform (then each group names its platform). */
export function mixedPlatforms(cell: Cell): boolean {
  return new Set(cell.groups.map((g) => g.platform)).size > 1;
}

/** The short form of a cell in the text matrix. */
export function shortVerdict(cell: Cell): string {
  const scope = cell.scope ? ` (${cell.scope})` : '';
  switch (cell.kind) {
    case 'runs': {
      const tags = [...(cell.variants.length ? [cell.variants.join('+')] : []), ...(cell.scope ? [cell.scope] : [])];
      return tags.length ? `runs (${tags.join('; ')})` : 'runs';
    }
    case 'pending': return `PENDING${scope}`;
    case 'excluded': return `excluded${scope}`;
    case 'empty': return '-';
    default: return `${cell.runs}/${cell.nodes - cell.offPlatform}${scope}${cell.pending ? ' PENDING' : ''}`;
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

/** `every Linux node`, `every Linux and Windows node`. */
export function everyNodeOf(os: readonly string[]): string {
  if (os.length === 0) return 'the nodes of its kubernetes.io/os selector (none in this fleet)';
  const name = (x: string) => (x === 'linux' ? 'Linux' : x === 'windows' ? 'Windows' : x);
  return `every ${os.map(name).join(' and ')} node`;
}

function expectationText(a: FleetAnalysis['agents'][number]): string {
  switch (a.expectation) {
    case 'explicit': return a.expectedPools.length ? `meant for ${a.expectedPools.join(', ')}` : 'meant for no pool in particular';
    case 'role': return `meant for ${everyNodeOf(a.os)} (${a.role} agent)`;
    case 'tolerates-all': return `meant for ${everyNodeOf(a.os)} (tolerates every taint)`;
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
      p.name + (formatControlPlane(p) ? ` (${formatControlPlane(p)})` : ''),
      String(p.count),
      formatPoolPlatforms(p),
      formatAllocatable(p.allocatable, p.allocatableLargest),
      formatPoolTaints(p),
    ]),
  ], '  '));
  out.push('');
  out.push('Agents × pools (runs / PENDING: scheduler cannot place the pod / excluded: not placed by the DaemonSet controller / n/m nodes):');
  const byAgent = (name: string) => a.cells.filter((c) => c.agent === name);
  out.push(...table([
    ['agent', ...a.pools.map((p) => `${p.name} (${p.count})`)],
    ...a.agents.map((ag) => [ag.name, ...byAgent(ag.name).map((c) => shortVerdict(c) + (c.missed > 0 ? ' !' : ''))]),
  ], '  '));
  out.push('  (! = misses nodes the agent is meant for)');
  if (a.pools.some((p) => p.platforms.length > 1)) {
    out.push('  (runs (10 linux/amd64) = the pool mixes platforms: the verdict is about the nodes the agent\'s kubernetes.io/os and kubernetes.io/arch selector admits; Why lists the others)');
  }
  out.push('');
  out.push('Why:');
  for (const ag of a.agents) {
    out.push(`  ${ag.name}${ag.role ? ` [${ag.role}]` : ''}: ${expectationText(ag)}; DaemonSet${ag.daemonSets.length === 1 ? '' : 's'} ${ag.daemonSets.join(', ')}`);
    for (const c of byAgent(ag.name)) {
      if (c.kind === 'empty') continue;
      const mixed = mixedPlatforms(c);
      for (const g of c.groups) {
        if (g.status === 'runs') continue;
        const who = ag.daemonSets.length > 1 && g.daemonSet ? ` (${g.daemonSet})` : '';
        const count = g.count === c.nodes ? nodes(c.nodes) : `${g.count} of ${nodes(c.nodes)}`;
        const platform = mixed ? `; ${g.platform}${g.onPlatform ? '' : ', not its platform'}` : '';
        out.push(`    ${c.pool} (${count}${platform}): ${g.status}${who}: ${g.reason}`);
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
  if (a.workload) {
    out.push(...workloadText(a));
    out.push('');
  }
  if (a.findings.length === 0) {
    out.push('Findings: none. Every agent lands where it is meant to, fits its nodes, and no host port is claimed twice.');
  } else {
    out.push(`Findings (${a.findings.length}):`);
    for (const f of a.findings) out.push(`  [${f.check}${f.severity === 'warning' ? ', warning' : ''}] ${f.message}`);
  }
  out.push('');
  out.push('Per DaemonSet:');
  out.push(...formatPlacementText(a.placement).trimEnd().split('\n').map((l) => (l ? `  ${l}` : '')));
  return out.join('\n') + '\n';
}

/**
 * `Beside the running pods`: per agent and pool, the nodes where its pod fits only by
 * preemption (`would evict 7 pods on 3 gpu nodes (…)`) or not at all (the scheduler's reason).
 */
export function workloadLines(a: FleetAnalysis): string[] {
  const out: string[] = [];
  for (const g of a.workload?.groups ?? []) {
    const on = `${g.nodes.length} ${g.pool} node${g.nodes.length === 1 ? '' : 's'}`;
    if (g.outcome === 'evicts') {
      out.push(describeEvictions(g.agent, { victims: g.victims, nodes: g.nodes.length, pdbViolations: g.pdbViolations }, `${g.pool} node${g.nodes.length === 1 ? '' : 's'}`));
    } else {
      out.push(`${g.agent} would stay Pending on ${on}${g.expected ? '' : ' (not meant for them)'}: ${g.reason}`);
    }
  }
  return out;
}

function workloadText(a: FleetAnalysis): string[] {
  const lines = workloadLines(a);
  return [
    'Beside the running pods (preemption: the scheduler evicts lower-priority pods to make room):',
    ...(lines.length > 0 ? lines.map((l) => `  ${l}`) : ['  every agent fits beside the pods already running']),
  ];
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
      platforms: p.platforms.map((x) => ({ os: x.os, arch: x.arch, nodes: x.count })),
      controlPlane: p.controlPlane,
      controlPlaneNodes: p.controlPlaneNodes,
      allocatable: { ...p.allocatable },
      allocatableLargest: { ...p.allocatableLargest },
      taints: [...p.taints],
      partialTaints: p.partialTaints.map((t) => ({ taint: t.taint, nodes: t.count })),
    })),
    agents: a.agents.map((ag) => ({
      name: ag.name,
      role: ag.role ?? null,
      daemonSets: [...ag.daemonSets],
      expectation: ag.expectation,
      expectedPools: [...ag.expectedPools],
      os: [...ag.os],
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
      expectedNodes: c.expectedNodes,
      missed: c.missed,
      offPlatform: c.offPlatform,
      scope: c.scope,
      variants: [...c.variants],
      requests: { ...c.requests },
      groups: c.groups.map((g) => ({
        status: g.status,
        reason: g.reason,
        daemonSet: g.daemonSet,
        platform: g.platform,
        expected: g.expected,
        onPlatform: g.onPlatform,
        nodes: g.count,
        nodeNames: [...g.nodes],
      })),
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
    findings: a.findings.map((f) => ({ check: f.check, severity: f.severity ?? 'error', agent: f.agent ?? null, pools: [...f.pools], message: f.message })),
    placement: placementToJson(a.placement),
    ...(a.workload ? {
      workload: a.workload.groups.map((g) => ({
        agent: g.agent,
        pool: g.pool,
        outcome: g.outcome,
        expected: g.expected,
        nodes: g.nodes.length,
        nodeNames: [...g.nodes],
        victims: [...g.victims],
        pdbViolations: g.pdbViolations,
        reason: g.reason,
      })),
    } : {}),
  };
}

/** The report as stable JSON text (2-space indent, trailing newline). */
export function formatFleetJson(a: FleetAnalysis): string {
  return `${JSON.stringify(fleetToJson(a), null, 2)}\n`;
}
