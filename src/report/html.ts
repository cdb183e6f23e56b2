/**
 * The fleet placement report as one self-contained HTML page: a matrix of
 * pools × agents whose cells show the verdict (runs / pending: reason /
 * excluded: reason / n of m) and expand (`<details>`, plus a `title` tooltip)
 * to Kubernetes' reasons and the resources the agent requests there; then
 * the findings, the per-pool overhead and the pools.
 *
 * No external assets: inline CSS and a few lines of inline script, a
 * Content-Security-Policy that forbids every fetch, and every piece of text
 * escaped. Verdicts follow pkg/controller/daemon/daemon_controller.go
 * `NodeShouldRunDaemonPod` and the scheduler's Filter plugins
 * (pkg/scheduler/framework/plugins/).
 *
 * Internal module: not part of the jsii API.
 */
import { everyNodeOf, formatAllocatable, formatControlPlane, formatPoolPlatforms, formatPoolTaints, mixedPlatforms, workloadLines } from './summary';
import { Cell, FleetAnalysis } from '../pools/analysis';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
:root { color-scheme: light; --runs: #d9f2dc; --runs-b: #2e7d32; --pending: #fde2c8; --pending-b: #b35c00;
  --excluded: #eceff1; --excluded-b: #607d8b; --partial: #fff4bf; --partial-b: #8a6d00; --bad: #c62828; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px; color: #1c2329; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
p.lead { margin: 0 0 12px; color: #44525c; }
table { border-collapse: collapse; }
th, td { border: 1px solid #cfd8dc; padding: 6px 8px; vertical-align: top; text-align: left; }
thead th { background: #f5f7f8; position: sticky; top: 0; }
th.pool small, th.agent small { display: block; font-weight: normal; color: #5f6f79; }
td.cell { min-width: 150px; max-width: 260px; }
td.cell summary { cursor: pointer; }
td.cell summary .r { font-size: 12px; color: #37474f; }
td.cell .variants { margin-top: 2px; }
td.cell.k-runs { background: var(--runs); border-left: 4px solid var(--runs-b); }
td.cell.k-pending { background: var(--pending); border-left: 4px solid var(--pending-b); }
td.cell.k-excluded { background: var(--excluded); border-left: 4px solid var(--excluded-b); color: #3b4850; }
td.cell.k-partial { background: var(--partial); border-left: 4px solid var(--partial-b); }
td.cell.k-empty { background: #fafafa; color: #90a4ae; }
td.cell.missed { outline: 2px solid var(--bad); outline-offset: -2px; }
td.cell .why { margin-top: 6px; font-size: 12.5px; }
td.cell .why ul { margin: 0 0 6px; padding-left: 18px; }
td.cell .why .st { font-weight: 600; }
td.cell .why .platform { color: #5f6f79; }
td.cell .why dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 8px; }
td.cell .why dt { color: #5f6f79; }
td.cell .why dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.tag { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 3px; background: #e3f2fd; color: #0d47a1; margin-left: 4px; }
.legend span { display: inline-block; padding: 2px 8px; margin-right: 6px; border-radius: 3px; }
.legend .runs { background: var(--runs); } .legend .pending { background: var(--pending); }
.legend .excluded { background: var(--excluded); } .legend .partial { background: var(--partial); }
ul.findings li { margin-bottom: 4px; }
ul.findings code { background: #ffebee; color: var(--bad); padding: 0 4px; border-radius: 3px; }
ul.findings li.warning code { background: #fff8e1; color: #8a6d00; }
ul.findings .sev { color: #8a6d00; font-size: 85%; }
.ok { color: var(--runs-b); font-weight: 600; }
th.pool .warn { display: block; margin-top: 4px; font-size: 12px; font-weight: 600; color: var(--bad); cursor: help; }
.toolbar { margin: 8px 0; }
button { font: inherit; padding: 3px 10px; margin-right: 6px; cursor: pointer; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
`;

const SCRIPT = `
(function () {
  function setAll(open) {
    var list = document.querySelectorAll('#matrix details');
    for (var i = 0; i < list.length; i++) { list[i].open = open; }
  }
  document.getElementById('expand-all').addEventListener('click', function () { setAll(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { setAll(false); });
})();
`;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The plain-text explanation of a cell (the tooltip). */
function cellTitle(cell: Cell): string {
  const lines = [`${cell.agent} on ${cell.pool}: ${cell.verdict}`];
  const mixed = mixedPlatforms(cell);
  for (const g of cell.groups) {
    const platform = mixed ? ` ${g.platform}${g.onPlatform ? '' : ' (not its platform)'}` : '';
    lines.push(`${g.count} of ${cell.nodes}${platform}: ${g.status}${g.reason ? ` — ${g.reason}` : ''}`);
  }
  const req = Object.entries(cell.requests).map(([k, v]) => `${k} ${v}`).join(', ');
  if (req) lines.push(`requests per node: ${req}`);
  return lines.join('\n');
}

function renderCell(cell: Cell): string {
  const e = escapeHtml;
  const classes = ['cell', `k-${cell.kind}`];
  if (cell.expected) classes.push('expected');
  if (cell.missed > 0) classes.push('missed');
  const variants = cell.variants.length ? `<div class="variants">${cell.variants.map((v) => `<span class="tag" title="variant">${e(v)}</span>`).join('')}</div>` : '';
  const colon = cell.verdict.indexOf(': ');
  const summary = colon > 0
    ? `<b>${e(cell.verdict.slice(0, colon))}</b>: <span class="r">${e(cell.verdict.slice(colon + 2))}</span>`
    : `<b>${e(cell.verdict)}</b>`;
  const mixed = mixedPlatforms(cell);
  const groups = cell.groups.map((g) => {
    const names = g.nodes.length <= 6 ? g.nodes.join(', ') : `${g.nodes.slice(0, 6).join(', ')} and ${g.nodes.length - 6} more`;
    const ds = g.daemonSet ? ` <span class="ds">(${e(g.daemonSet)})</span>` : '';
    const platform = mixed ? ` <span class="platform">${e(g.platform)}${g.onPlatform ? '' : ', not its platform'}</span>` : '';
    return `<li><span class="st">${e(g.status)}</span> on ${e(plural(g.count, 'node'))}${platform}${ds}${g.reason ? `: <span class="reason">${e(g.reason)}</span>` : ''}<br><small>${e(names)}</small></li>`;
  }).join('');
  const requests = Object.entries(cell.requests).map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('');
  const body = `<div class="why">${groups ? `<ul>${groups}</ul>` : '<p>no nodes</p>'}${requests ? `<div>requests per pod:</div><dl>${requests}</dl>` : ''}</div>`;
  return `<td class="${classes.join(' ')}" data-agent="${e(cell.agent)}" data-pool="${e(cell.pool)}" data-kind="${e(cell.kind)}" title="${e(cellTitle(cell))}">`
    + `<details><summary>${summary}</summary>${body}</details>${variants}</td>`;
}

/**
 * The report as a self-contained HTML page (UTF-8, no external resources).
 */
export function formatFleetHtml(a: FleetAnalysis): string {
  const e = escapeHtml;
  const cellOf = new Map(a.cells.map((c) => [`${c.agent}\u0000${c.pool}`, c]));
  const head = a.agents.map((ag) => `<th class="agent" scope="col">${e(ag.name)}${ag.role ? `<small>${e(ag.role)}</small>` : ''}</th>`).join('');
  const rows = a.pools.map((p) => {
    const problems = a.findings.filter((f) => (f.check === 'resources' || f.check === 'host-port') && f.pools.includes(p.name));
    const warn = problems.length
      ? `<span class="warn" title="${e(problems.map((f) => f.message).join('\n'))}">⚠ ${e(plural(problems.length, 'node-level finding'))}</span>`
      : '';
    const cp = formatControlPlane(p);
    const nodesText = p.platforms.length > 1 ? `${plural(p.count, 'node')}: ${formatPoolPlatforms(p)}` : `${plural(p.count, 'node')} · ${formatPoolPlatforms(p)}`;
    const label = `<th class="pool" scope="row">${e(p.name)}<small>${e(nodesText)}${cp ? ` · ${e(cp)}` : ''}</small>${warn}</th>`;
    const cells = a.agents.map((ag) => renderCell(cellOf.get(`${ag.name}\u0000${p.name}`)!)).join('');
    return `<tr data-pool="${e(p.name)}">${label}${cells}</tr>`;
  }).join('\n');

  const mixedNote = a.pools.some((p) => p.platforms.length > 1)
    ? ' In a pool that mixes platforms, a verdict is about the nodes of the agent\'s platform (its kubernetes.io/os and kubernetes.io/arch selector); the others are named.'
    : '';
  const findings = a.findings.length === 0
    ? '<p class="ok">No findings: every agent lands where it is meant to, fits its nodes, and no host port is claimed twice.</p>'
    : `<ul class="findings">${a.findings.map((f) => `<li${f.severity === 'warning' ? ' class="warning"' : ''}><code>${e(f.check)}</code>${f.severity === 'warning' ? ' <span class="sev">warning</span>' : ''} ${e(f.message)}</li>`).join('')}</ul>`;
  const workload = a.workload
    ? `<h2>Beside the running pods</h2>\n<p class="legend">With the pods already running, where an agent's pod does not fit the scheduler evicts lower-priority pods to make room (preemption), or the pod stays Pending.</p>\n${
      workloadLines(a).length > 0 ? `<ul id="workload">${workloadLines(a).map((l) => `<li>${e(l)}</li>`).join('')}</ul>` : '<p class="ok">Every agent fits beside the pods already running.</p>'}`
    : '';

  const overhead = [
    '<table id="overhead"><thead><tr><th>pool</th><th class="num">nodes</th><th class="num">agent pods/node</th><th class="num">cpu/node</th><th class="num">memory/node</th><th class="num">cpu total</th><th class="num">memory total</th></tr></thead><tbody>',
    ...a.overhead.map((o) => `<tr><td>${e(o.pool)}</td><td class="num">${o.nodes}</td><td class="num">${o.podsPerNode}</td><td class="num">${e(o.cpuPerNode)}</td><td class="num">${e(o.memoryPerNode)}</td><td class="num">${e(o.cpuTotal)}</td><td class="num">${e(o.memoryTotal)}</td></tr>`),
    `<tr><th>total</th><td class="num">${a.nodeCount}</td><td></td><td></td><td></td><th class="num">${e(a.totalCpu)}</th><th class="num">${e(a.totalMemory)}</th></tr>`,
    '</tbody></table>',
  ].join('\n');

  const pools = [
    '<table id="pools"><thead><tr><th>pool</th><th class="num">nodes</th><th>os/arch</th><th>allocatable</th><th>taints</th></tr></thead><tbody>',
    ...a.pools.map((p) => `<tr><td>${e(p.name)}</td><td class="num">${p.count}</td><td>${e(formatPoolPlatforms(p))}</td><td>${e(formatAllocatable(p.allocatable, p.allocatableLargest))}</td><td>${e(formatPoolTaints(p))}</td></tr>`),
    '</tbody></table>',
  ].join('\n');

  const agents = `<ul>${a.agents.map((ag) => {
    const inPools = ag.expectedPools.length ? ag.expectedPools.join(', ') : 'no pool';
    const meant = ag.expectation === 'none' ? 'no expected pools'
      : ag.expectation === 'explicit' ? `meant for ${inPools} (explicit)` : `meant for ${everyNodeOf(ag.os)} (${ag.expectation}), in ${inPools}`;
    return `<li><b>${e(ag.name)}</b>${ag.role ? ` [${e(ag.role)}]` : ''}: ${e(meant)}; ${e(ag.daemonSets.join(', '))}</li>`;
  }).join('')}</ul>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${e(`Placement report — ${a.clusterName}`)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${e(`Placement report — cluster ${a.clusterName}`)}</h1>
<p class="lead">${e(`${plural(a.nodeCount, 'node')} in ${plural(a.pools.length, 'pool')}, ${plural(a.agents.length, 'agent')}; agents request ${a.totalCpu} cpu and ${a.totalMemory} memory across the fleet.`)}</p>
<h2>Findings</h2>
${findings}
${workload}
<h2>Pools × agents</h2>
<p class="legend"><span class="runs">runs</span><span class="pending">pending: the scheduler cannot place the pod</span><span class="excluded">excluded: the DaemonSet controller does not place it</span><span class="partial">n of m nodes</span> A red outline marks nodes the agent is meant for and misses.${mixedNote} Click a cell for the reasons and requests.</p>
<div class="toolbar"><button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button></div>
<table id="matrix">
<thead><tr><th scope="col">pool \\ agent</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Agents</h2>
${agents}
<h2>Fleet overhead</h2>
${overhead}
<h2>Pools</h2>
${pools}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
