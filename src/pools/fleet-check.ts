/**
 * `FleetCheck`: synth-time placement checks of every DaemonSet in a chart
 * (or app) against a `Fleet` (jsii-facing), and the placement report.
 *
 * The checks and their Kubernetes grounding are described in
 * src/pools/analysis.ts; verdicts come from the placement engine
 * (pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`, the
 * scheduler's Filter plugins in pkg/scheduler/framework/plugins/).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AgentInput, analyzeFleet, FleetAnalysis, FleetAnalysisError } from './analysis';
import type { Fleet } from './fleet';
import { AgentVariants } from './variants';
import { NodeAgent } from '../agent/node-agent';
import { ROLE_ANNOTATION } from '../agent/role';
import { Quantity, QuantityError } from '../placement/quantity';
import { DaemonSet } from '../placement/types';
import { formatFleetHtml } from '../report/html';
import { formatFleetJson, formatFleetText } from '../report/summary';
import { LINTS_ENV } from '../validation/chart-checks';
import { OncePerSynth } from '../validation/synth-session';

/** Options of the fleet checks. */
export interface FleetCheckOptions {
  /**
   * Most CPU all agents together may request on one node (e.g. `500m`),
   * checked on every node of every pool.
   *
   * @default - only the nodes' allocatable CPU limits it
   */
  readonly maxAgentCpuPerNode?: string;

  /**
   * Most memory all agents together may request on one node (e.g. `1Gi`).
   *
   * @default - only the nodes' allocatable memory limits it
   */
  readonly maxAgentMemoryPerNode?: string;
}

/** Properties of a `FleetCheck`. */
export interface FleetCheckProps extends FleetCheckOptions {
  /** The fleet to check against. */
  readonly fleet: Fleet;
}

/** Where an agent is meant to run. */
export interface AgentExpectation {
  /**
   * The pools the agent must land on: every node of each that is on the
   * agent's platform (its `kubernetes.io/os` and `kubernetes.io/arch` node
   * selector or required affinity admits it; every node of a pool when none
   * is). Other pools are not checked: the agent may or may not run there.
   */
  readonly pools: string[];
}

/** The placement report in its three formats. */
export interface FleetReportFiles {
  /** Text: pools × agents, reasons, overhead, findings, per-DaemonSet node verdicts. */
  readonly text: string;
  /** JSON with a stable key order. */
  readonly json: string;
  /** A self-contained HTML page. */
  readonly html: string;
}

/** The file names `writeReport` uses. */
export const REPORT_FILES = { text: 'placement.txt', json: 'placement.json', html: 'placement.html' } as const;

/**
 * Checks at synth every DaemonSet under its scope — NodeAgents, agent
 * variants, and plain DaemonSets (e.g. from `Include` or `Helm`) — against a
 * fleet, and fails synthesis with one message per problem:
 *
 * - an agent does not land on a node it is meant for (with Kubernetes' reason
 *   and the nodes); by default CNI and CSI agents, and agents that tolerate
 *   every taint, are meant for every Linux node (or every node of the OS their
 *   `kubernetes.io/os` selector names); `expect()` says otherwise;
 * - a CNI or CSI agent misses control-plane nodes, or would not start on a NotReady node;
 * - the agents' summed requests on a node exceed its allocatable (or the budget);
 * - two agents claim the same host port on one node;
 * - a RollingUpdate surges while the pod uses host ports (the rollout would wedge);
 * - an agent without an OS selector lands on Windows nodes;
 * - agent variants overlap or leave gaps;
 * - the apiserver refuses an agent's pods (an unknown PriorityClass).
 *
 * With a workload (`Fleet.workload`, or `podsFile` / `prioritiesFile` of an
 * inventory), each agent is also checked beside the pods already running:
 * where its pod fits only by evicting lower-priority pods (preemption), a
 * warning names the pods (printed at synth; it does not fail it), and an error
 * when an eviction breaks a PodDisruptionBudget; where it is meant to run, fits
 * an empty node, but the scheduler can evict nothing, an error.
 *
 * Pools may mix nodes (an inventory grouped by instance type, zone or node
 * group): every check reads each node's own OS, architecture, taints and
 * allocatable. A pool named in `expect()` means its nodes on the agent's
 * platform (what its `kubernetes.io/os` / `kubernetes.io/arch` node
 * selector admits), or all of them when it admits none. Every check
 * simulates one representative node per group of identical nodes and
 * reports node counts.
 */
export class FleetCheck extends Construct {
  /** The fleet. */
  public readonly fleet: Fleet;

  private readonly options: FleetCheckOptions;
  private readonly expectations: Map<IConstruct | string, string[]>;
  /** The findings, once per `app.synth()` (cdk8s validates N + 1 times per synth). */
  private readonly perSynth: OncePerSynth<string[]>;
  /** Warnings already printed: validating again (each toJson) does not repeat them. */
  private readonly printed = new Set<string>();
  /**
   * Where warnings go (preemption evictions that break no budget).
   * @internal
   */
  public _sink: (line: string) => void = defaultSink;

  constructor(scope: Construct, id: string, props: FleetCheckProps) {
    // Reject a malformed budget now, where the user wrote it (before joining the tree).
    if (!props || !props.fleet) throw new Error('FleetCheck: fleet: Required value: the Fleet to check against');
    analyzeBudgetOnly(props);
    super(scope, id);
    this.fleet = props.fleet;
    this.options = { maxAgentCpuPerNode: props.maxAgentCpuPerNode, maxAgentMemoryPerNode: props.maxAgentMemoryPerNode };
    this.expectations = new Map();
    this.perSynth = new OncePerSynth(this);
    this.node.addValidation({ validate: () => this.validateFleet() });
  }

  /** Say which pools a NodeAgent is meant for. */
  public expect(agent: NodeAgent, expectation: AgentExpectation): void {
    const variants = agent.node.scopes.find((s): s is AgentVariants => s instanceof AgentVariants);
    if (variants) {
      throw new Error(`FleetCheck.expect(${agent.name}): the agent is a variant of ${variants.name}; say where the agent as a whole is meant to run with expectVariants()`);
    }
    this.expectations.set(agent, checkPools(expectation, `expect(${agent.name})`));
  }

  /** Say which pools an agent with variants is meant for (any variant may run there). */
  public expectVariants(variants: AgentVariants, expectation: AgentExpectation): void {
    this.expectations.set(variants, checkPools(expectation, `expectVariants(${variants.name})`));
  }

  /**
   * Say which pools a DaemonSet that is not a NodeAgent (from `Include`,
   * `Helm` or an `ApiObject`) is meant for.
   *
   * @param name the DaemonSet's name
   * @param namespace its namespace; any when omitted
   */
  public expectDaemonSet(name: string, expectation: AgentExpectation, namespace?: string): void {
    this.expectations.set(`${namespace ?? '*'}/${name}`, checkPools(expectation, `expectDaemonSet(${name})`));
  }

  /** The placement report as text: pools × agents, fleet overhead and findings. */
  public reportText(): string {
    return formatFleetText(this._analyze());
  }

  /** The placement report as JSON (stable key order, trailing newline). */
  public reportJson(): string {
    return formatFleetJson(this._analyze());
  }

  /** The placement report as a self-contained HTML page. */
  public reportHtml(): string {
    return formatFleetHtml(this._analyze());
  }

  /** The report in all three formats, from one simulation. */
  public renderReport(): FleetReportFiles {
    const analysis = this._analyze();
    return { text: formatFleetText(analysis), json: formatFleetJson(analysis), html: formatFleetHtml(analysis) };
  }

  /**
   * Writes `placement.txt`, `placement.json` and `placement.html` into `dir`
   * (created if missing), atomically: a failure leaves the previous report as it was.
   *
   * @returns the paths written
   */
  public writeReport(dir: string): string[] {
    const report = this.renderReport();
    fs.mkdirSync(dir, { recursive: true });
    const files: Array<[string, string]> = [
      [REPORT_FILES.text, report.text],
      [REPORT_FILES.json, report.json],
      [REPORT_FILES.html, report.html],
    ];
    // All or nothing: every file is written under a temporary name first, and
    // only when all three are on disk are they renamed over the old report.
    for (const [name] of files) {
      const final = path.join(dir, name);
      if (fs.existsSync(final) && !fs.statSync(final).isFile()) {
        throw new Error(`${final} exists and is not a file; the report was not written`);
      }
    }
    const staged: Array<[string, string]> = [];
    try {
      for (const [name, text] of files) {
        const final = path.join(dir, name);
        const temp = path.join(dir, `.${name}.tmp-${process.pid}`);
        staged.push([temp, final]);
        fs.writeFileSync(temp, text);
      }
    } catch (e) {
      for (const [temp] of staged) fs.rmSync(temp, { force: true });
      throw e;
    }
    return staged.map(([temp, final]) => {
      fs.renameSync(temp, final);
      return final;
    });
  }

  /**
   * Runs the analysis over the current construct tree.
   * @internal
   */
  public _analyze(): FleetAnalysis {
    return analyzeFleet(this.fleet, this.collectAgents(), this.options);
  }

  private validateFleet(): string[] {
    return this.perSynth.get(() => this.findFleetErrors());
  }

  private findFleetErrors(): string[] {
    try {
      const findings = this._analyze().findings.filter((f) => !f.check.startsWith('partition-'));
      for (const f of findings) {
        if (f.severity !== 'warning') continue;
        const line = `warning: FleetCheck ${this.fleet.clusterName}: [${f.check}] ${f.message}`;
        if (this.printed.has(line)) continue;
        this.printed.add(line);
        this._sink(line);
      }
      return findings.filter((f) => f.severity !== 'warning').map((f) => f.message);
    } catch (e) {
      if (e instanceof FleetAnalysisError) return [e.message];
      throw e;
    }
  }

  /** The agents under this check's scope, in construct-tree order. */
  private collectAgents(): AgentInput[] {
    const scope = this.node.scope!;
    const claimed = new Set<ApiObject>();
    const agents: AgentInput[] = [];
    for (const c of scope.node.findAll()) {
      if (c instanceof AgentVariants) {
        for (const a of c.agents) claimed.add(ApiObject.of(a.daemonSet));
        agents.push(c._agentInput(this.expectations.get(c)));
      } else if (c instanceof NodeAgent) {
        const api = ApiObject.of(c.daemonSet);
        if (claimed.has(api)) continue;
        claimed.add(api);
        agents.push({
          name: c.name,
          role: c.role,
          daemonSets: [{ manifest: api.toJson() as DaemonSet, source: c.node.path }],
          expectedPools: this.expectations.get(c),
        });
      } else if (c instanceof ApiObject && c.kind === 'DaemonSet' && !claimed.has(c)) {
        claimed.add(c);
        const manifest = c.toJson() as DaemonSet;
        const name = manifest.metadata?.name ?? c.name;
        const ns = manifest.metadata?.namespace || 'default';
        agents.push({
          name,
          role: manifest.metadata?.annotations?.[ROLE_ANNOTATION],
          daemonSets: [{ manifest, source: c.node.path }],
          expectedPools: this.expectations.get(`${ns}/${name}`) ?? this.expectations.get(`*/${name}`),
        });
      }
    }
    return disambiguate(agents);
  }
}

/** Agents with the same name (in different namespaces) are shown as `namespace/name`. */
function disambiguate(agents: AgentInput[]): AgentInput[] {
  const counts = new Map<string, number>();
  for (const a of agents) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  return agents.map((a) => {
    if ((counts.get(a.name) ?? 0) < 2) return a;
    const ns = a.daemonSets[0]?.manifest.metadata?.namespace || 'default';
    return { ...a, name: `${ns}/${a.name}` };
  });
}

function checkPools(expectation: AgentExpectation, where: string): string[] {
  if (!expectation || !Array.isArray(expectation.pools)) {
    throw new Error(`FleetCheck.${where}: pools: Required value: list the pools the agent is meant for`);
  }
  return [...expectation.pools];
}

function defaultSink(line: string): void {
  if (process.env[LINTS_ENV] !== 'off') process.stderr.write(line + '\n');
}

function analyzeBudgetOnly(options: FleetCheckOptions): void {
  for (const [field, value] of [['maxAgentCpuPerNode', options.maxAgentCpuPerNode], ['maxAgentMemoryPerNode', options.maxAgentMemoryPerNode]] as const) {
    if (value === undefined) continue;
    let problem: string | undefined;
    try {
      if (Quantity.parse(value).sign() < 0) problem = `Invalid value: ${JSON.stringify(value)}: must be greater than or equal to 0`;
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      problem = e.message;
    }
    if (problem) throw new Error(`FleetCheck: ${field}: ${problem}`);
  }
}
