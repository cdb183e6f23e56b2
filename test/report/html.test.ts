import { Cell, FleetAnalysis } from '../../src/pools/analysis';
import { escapeHtml, formatFleetHtml } from '../../src/report/html';
import { formatAllocatable } from '../../src/report/summary';

const EVIL = '<script>window.__pwned = 1</script>"\'&';

function cell(agent: string, pool: string, extra: Partial<Cell> = {}): Cell {
  return {
    agent,
    pool,
    nodes: 2,
    runs: 2,
    pending: 0,
    excluded: 0,
    verdict: 'runs',
    kind: 'runs',
    groups: [{ status: 'runs', reason: '', daemonSet: agent, count: 2, nodes: [`${pool}-0`, `${pool}-1`], platform: 'linux/amd64', expected: true, onPlatform: true }],
    variants: [],
    requests: { cpu: '100m', memory: '128Mi' },
    expected: true,
    expectedNodes: 2,
    missed: 0,
    offPlatform: 0,
    scope: '',
    ...extra,
  };
}

/** A hand-made analysis whose every string field carries markup. */
function analysis(): FleetAnalysis {
  return {
    clusterName: EVIL,
    nodeCount: 4,
    pools: [
      {
        name: 'general',
        count: 2,
        os: 'linux',
        arch: 'amd64',
        platforms: [{ os: 'linux', arch: 'amd64', count: 2 }],
        controlPlane: false,
        controlPlaneNodes: 0,
        allocatable: { cpu: '4' },
        allocatableLargest: { cpu: '4' },
        taints: [],
        partialTaints: [],
      },
      {
        name: EVIL,
        count: 2,
        os: '',
        arch: '',
        platforms: [{ os: EVIL, arch: 'arm64', count: 1 }, { os: 'linux', arch: EVIL, count: 1 }],
        controlPlane: false,
        controlPlaneNodes: 1,
        allocatable: { cpu: EVIL },
        allocatableLargest: { cpu: EVIL },
        taints: [EVIL],
        partialTaints: [{ taint: EVIL, count: 1 }],
      },
    ],
    agents: [
      { name: 'log-collector', role: 'log-collector', daemonSets: ['logging/log-collector'], expectedPools: ['general'], expectation: 'tolerates-all', os: ['linux'] },
      { name: EVIL, role: EVIL, daemonSets: [EVIL], expectedPools: [], expectation: 'none', os: [] },
    ],
    cells: [
      cell('log-collector', 'general', { variants: ['gpu'] }),
      cell('log-collector', EVIL, {
        verdict: `excluded: ${EVIL}`,
        kind: 'excluded',
        runs: 0,
        excluded: 2,
        missed: 2,
        groups: [
          { status: 'excluded', reason: EVIL, daemonSet: EVIL, count: 1, nodes: [EVIL], platform: EVIL, expected: true, onPlatform: false },
          { status: 'excluded', reason: EVIL, daemonSet: EVIL, count: 1, nodes: ['n2'], platform: 'linux/arm64', expected: true, onPlatform: true },
        ],
      }),
      cell(EVIL, 'general', { expected: false, requests: { [EVIL]: EVIL } }),
      cell(EVIL, EVIL, { verdict: '1 of 2', kind: 'partial', runs: 1, pending: 1 }),
    ],
    overhead: [
      { pool: EVIL, nodes: 2, podsPerNode: 1, cpuPerNode: EVIL, memoryPerNode: '1Mi', cpuTotal: '1', memoryTotal: '2Mi', cpuTotalMilli: 1000n, memoryTotalBytes: 2n * 2n ** 20n },
    ],
    totalCpu: EVIL,
    totalMemory: '2Mi',
    findings: [{ check: 'landing', agent: EVIL, pools: [EVIL], message: EVIL }, { check: 'resources', pools: [EVIL], message: EVIL }],
    placement: { daemonSets: [] },
  };
}

describe('escapeHtml', () => {
  test.each([
    ['<a href="x">', '&lt;a href=&quot;x&quot;&gt;'],
    ["it's & more", 'it&#39;s &amp; more'],
    ['plain', 'plain'],
  ])('%j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('formatFleetHtml', () => {
  const html = formatFleetHtml(analysis());

  test('every piece of text is escaped: the only markup is the page\'s own', () => {
    expect(html).not.toContain('<script>window.__pwned');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;&quot;&#39;&amp;');
  });

  test('self-contained: no external URL, a CSP that forbids fetching anything', () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*"(?!data:)/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">');
  });

  test('one cell per agent × pool, with its verdict, reasons and requests', () => {
    expect(html.match(/<td class="cell /g)).toHaveLength(4);
    expect(html).toContain('<td class="cell k-runs expected" data-agent="log-collector" data-pool="general" data-kind="runs"');
    expect(html).toContain('<summary><b>runs</b></summary>');
    expect(html).toContain('</details><div class="variants"><span class="tag" title="variant">gpu</span></div></td>');
    expect(html).toContain('<dt>cpu</dt><dd>100m</dd><dt>memory</dt><dd>128Mi</dd>');
    expect(html).toContain('title="log-collector on general: runs\n2 of 2: runs\nrequests per node: cpu 100m, memory 128Mi"');
  });

  test('a pool with node-level findings is marked', () => {
    expect(html).toContain('<span class="warn" title="&lt;script&gt;');
    expect(html.match(/class="warn"/g)).toHaveLength(1);
  });

  test('a pool that mixes platforms says so; groups name their platform; only missed nodes get the red outline', () => {
    expect(html).toContain(`<th class="pool" scope="row">${escapeHtml(EVIL)}<small>2 nodes: 1 ${escapeHtml(EVIL)}/arm64 + 1 linux/${escapeHtml(EVIL)} · 1 control plane</small>`);
    expect(html).toContain('<th class="pool" scope="row">general<small>2 nodes · linux/amd64</small></th>');
    expect(html).toContain(`<span class="platform">${escapeHtml(EVIL)}, not its platform</span>`);
    expect(html).toContain('<span class="platform">linux/arm64</span>');
    expect(html.match(/<td class="cell [^"]*\bmissed\b/g)).toHaveLength(1);
    expect(html).toContain(`<td class="cell k-excluded expected missed" data-agent="log-collector" data-pool="${escapeHtml(EVIL)}"`);
    expect(html).toContain('In a pool that mixes platforms, a verdict is about the nodes of the agent\'s platform');
    expect(html).toContain(`<td>${escapeHtml(EVIL)}, ${escapeHtml(EVIL)} (1 of 2 nodes)</td></tr>`);
  });

  test('the agents: what each is meant for', () => {
    expect(html).toContain('<li><b>log-collector</b> [log-collector]: meant for every Linux node (tolerates-all), in general; logging/log-collector</li>');
    expect(html).toContain(`<li><b>${escapeHtml(EVIL)}</b> [${escapeHtml(EVIL)}]: no expected pools; ${escapeHtml(EVIL)}</li>`);
  });

  test('partial cells and findings', () => {
    expect(html).toContain('<summary><b>1 of 2</b></summary>');
    expect(html).toContain('<summary><b>excluded</b>: <span class="r">&lt;script&gt;');
    expect(html).toContain('<li><code>landing</code> &lt;script&gt;');
  });

  test('no findings: says so', () => {
    const ok = formatFleetHtml({ ...analysis(), findings: [] });
    expect(ok).toContain('<p class="ok">No findings:');
  });
});

describe('formatAllocatable', () => {
  test('human units, zero-valued extras left out', () => {
    expect(formatAllocatable({ 'cpu': '3920m', 'memory': '14785536Ki', 'ephemeral-storage': '96634876723', 'pods': '110', 'hugepages-1Gi': '0', 'nvidia.com/gpu': '4' }))
      .toBe('cpu=3920m memory=14.1Gi ephemeral-storage=90Gi pods=110 nvidia.com/gpu=4');
    expect(formatAllocatable({ cpu: 'lots' })).toBe('cpu=lots');
  });

  test('a pool whose nodes differ: the range of each resource that varies', () => {
    expect(formatAllocatable({ 'cpu': '1930m', 'memory': '3Gi', 'pods': '17', 'nvidia.com/gpu': '0', 'hugepages-1Gi': '0' }, { 'cpu': '7910m', 'memory': '3Gi', 'pods': '110', 'nvidia.com/gpu': '4', 'hugepages-1Gi': '0' }))
      .toBe('cpu=1930m..7910m memory=3Gi pods=17..110 nvidia.com/gpu=0..4');
  });
});
