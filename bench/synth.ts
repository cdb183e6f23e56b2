/**
 * The same forty agents (bench/generate.ts `generateAgents`) built two ways,
 * for the synth benchmark: with this library's `NodeAgent` — whose synth runs
 * the full validation (NodeAgent's own checks and, per chart, src/validation/chart-checks.ts
 * `ChartChecks`: apiserver rules, Pod Security, lints printed to stderr) — and as
 * plain cdk8s-plus-28 `DaemonSet`s. `validateOutput` runs the `NodeAgentsValidation`
 * cdk8s-cli plugin on the output too (what `cdk8s synth` with `validations:` adds).
 *
 * cdk8s-plus-28 has no update strategy, priority class, host PID or node
 * selector (`spec.nodeSelector`) on a DaemonSet: the plain build puts the node
 * selector into its node-affinity term instead and leaves the rest out.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { AgentContainerSpec, AgentSpec, RequirementSpec, TolerationSpec } from './generate';
import { NodeAgent } from '../src/agent/node-agent';
import { AgentRole } from '../src/agent/role';
import { AgentToleration, AgentTolerations, TolerationOperator } from '../src/agent/tolerations';
import { AgentUpdateStrategy } from '../src/agent/update-strategy';
import { NodeAgentsValidation, PluginContext, PluginViolation } from '../src/plugin';

const ROLES: Record<AgentSpec['role'], AgentRole> = {
  'cni': AgentRole.CNI,
  'csi': AgentRole.CSI,
  'log-collector': AgentRole.LOG_COLLECTOR,
  'node-exporter': AgentRole.NODE_EXPORTER,
  'runtime-security': AgentRole.RUNTIME_SECURITY,
  'device-plugin': AgentRole.DEVICE_PLUGIN,
  'generic': AgentRole.GENERIC,
};

const EFFECTS: Record<string, kplus.TaintEffect> = {
  NoSchedule: kplus.TaintEffect.NO_SCHEDULE,
  PreferNoSchedule: kplus.TaintEffect.PREFER_NO_SCHEDULE,
  NoExecute: kplus.TaintEffect.NO_EXECUTE,
};

function labelQuery(r: RequirementSpec): kplus.NodeLabelQuery {
  const values = [...(r.values ?? [])];
  switch (r.operator) {
    case 'In': return kplus.NodeLabelQuery.in(r.key, values);
    case 'NotIn': return kplus.NodeLabelQuery.notIn(r.key, values);
    case 'Exists': return kplus.NodeLabelQuery.exists(r.key);
    case 'DoesNotExist': return kplus.NodeLabelQuery.doesNotExist(r.key);
    case 'Gt': return kplus.NodeLabelQuery.gt(r.key, values);
    case 'Lt': return kplus.NodeLabelQuery.lt(r.key, values);
  }
}

function ports(c: AgentContainerSpec, a: AgentSpec): kplus.ContainerPort[] {
  return c.ports.map((p) => ({
    number: p.containerPort,
    hostPort: p.hostPort ?? (a.hostNetwork ? p.containerPort : undefined),
    name: p.name,
    protocol: p.protocol === 'UDP' ? kplus.Protocol.UDP : kplus.Protocol.TCP,
  }));
}

function agentToleration(t: TolerationSpec): AgentToleration {
  return {
    key: t.key,
    operator: t.operator === 'Exists' ? TolerationOperator.EXISTS : t.operator === 'Equal' ? TolerationOperator.EQUAL : undefined,
    value: t.value,
    effect: t.effect ? EFFECTS[t.effect] : undefined,
  };
}

function agentResources(c: AgentContainerSpec) {
  return {
    cpuRequest: `${c.cpuMillis}m`,
    memoryRequest: `${c.memoryMi}Mi`,
    memoryLimit: `${c.memoryLimitMi}Mi`,
    ...(c.cpuLimitMillis ? { cpuLimit: `${c.cpuLimitMillis}m` } : {}),
  };
}

/** One agent as a NodeAgent. */
export function addNodeAgent(chart: Chart, a: AgentSpec): NodeAgent {
  const [main, ...sidecars] = a.containers;
  const [firstTerm, ...moreTerms] = a.affinityTerms;
  const agent = new NodeAgent(chart, a.name, {
    name: a.name,
    namespace: a.namespace,
    role: ROLES[a.role],
    image: main.image,
    containerName: main.name,
    resources: agentResources(main),
    ports: ports(main, a),
    hostNetwork: a.hostNetwork,
    nodeSelector: { ...a.nodeSelector },
    nodeAffinity: firstTerm ? firstTerm.map(labelQuery) : undefined,
    tolerations: AgentTolerations.of(...a.tolerations.map(agentToleration)),
    updateStrategy: a.strategy.type === 'OnDelete'
      ? AgentUpdateStrategy.onDelete()
      : AgentUpdateStrategy.rollingUpdate({
        maxUnavailable: percentOrAbsolute(a.strategy.maxUnavailable),
        maxSurge: percentOrAbsolute(a.strategy.maxSurge),
      }),
    priorityClassName: a.priorityClassName,
    hostMounts: a.hostPaths.map((hostPath) => ({ hostPath })),
    securityContext: a.privileged ? { privileged: true, ensureNonRoot: false } : undefined,
  });
  for (const term of moreTerms) agent.daemonSet.scheduling.attract(kplus.Node.labeled(...term.map(labelQuery)));
  for (const c of sidecars) agent.addContainer({ name: c.name, image: c.image, resources: agentResources(c), ports: ports(c, a) });
  const init = a.initContainer;
  if (init) agent.addInitContainer({ name: init.name, image: init.image, resources: agentResources(init) });
  return agent;
}

function percentOrAbsolute(v: number | string | undefined): kplus.PercentOrAbsolute | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return kplus.PercentOrAbsolute.absolute(v);
  return kplus.PercentOrAbsolute.percent(parseInt(v, 10));
}

function plainContainer(c: AgentContainerSpec, a: AgentSpec): kplus.ContainerProps {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    ports: ports(c, a),
    envVariables: { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
    resources: {
      cpu: { request: kplus.Cpu.millis(c.cpuMillis), ...(c.cpuLimitMillis ? { limit: kplus.Cpu.millis(c.cpuLimitMillis) } : {}) },
      memory: { request: Size.mebibytes(c.memoryMi), limit: Size.mebibytes(c.memoryLimitMi) },
    },
    securityContext: a.privileged
      ? { privileged: true, allowPrivilegeEscalation: true, ensureNonRoot: false }
      : { user: 65534, group: 65534, ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
  };
}

function taintQuery(t: TolerationSpec): kplus.NodeTaintQuery {
  const options = t.effect ? { effect: EFFECTS[t.effect] } : undefined;
  if (t.key === undefined) return kplus.NodeTaintQuery.any();
  if (t.operator === 'Exists') return kplus.NodeTaintQuery.exists(t.key, options);
  return kplus.NodeTaintQuery.is(t.key, t.value ?? '', options);
}

/** One agent as a plain cdk8s-plus-28 DaemonSet. */
export function addPlainDaemonSet(chart: Chart, a: AgentSpec): kplus.DaemonSet {
  const labels = { 'app.kubernetes.io/name': a.name, 'app.kubernetes.io/instance': a.name };
  const ds = new kplus.DaemonSet(chart, a.name, {
    metadata: { name: a.name, namespace: a.namespace, labels },
    podMetadata: { labels },
    select: false,
    hostNetwork: a.hostNetwork,
    automountServiceAccountToken: false,
    containers: a.containers.map((c) => plainContainer(c, a)),
    initContainers: a.initContainer ? [plainContainer(a.initContainer, a)] : undefined,
    securityContext: { ensureNonRoot: !a.privileged },
  });
  ds.select(kplus.LabelSelector.of({ labels }));
  const selector = Object.entries(a.nodeSelector).map(([k, v]) => kplus.NodeLabelQuery.is(k, v));
  const terms = a.affinityTerms.length > 0 ? a.affinityTerms : [[]];
  for (const term of terms) {
    const queries = [...selector, ...term.map(labelQuery)];
    if (queries.length > 0) ds.scheduling.attract(kplus.Node.labeled(...queries));
  }
  if (a.tolerations.length > 0) ds.scheduling.tolerate(kplus.Node.tainted(...a.tolerations.map(taintQuery)));
  a.hostPaths.forEach((hostPath, i) => {
    const volume = kplus.Volume.fromHostPath(chart, `${a.name}-host-${i}`, `host-${i}`, { path: hostPath });
    ds.containers[0].mount(hostPath, volume, { readOnly: true });
  });
  return ds;
}

/** An app with one chart holding every agent as a NodeAgent, synthesized into `outdir`. */
export function synthLibrary(agents: readonly AgentSpec[], outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'agents');
  for (const a of agents) addNodeAgent(chart, a);
  app.synth();
  return app;
}

/** The same agents as plain cdk8s-plus-28 DaemonSets, synthesized into `outdir`. */
export function synthPlain(agents: readonly AgentSpec[], outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'agents');
  for (const a of agents) addPlainDaemonSet(chart, a);
  app.synth();
  return app;
}

/**
 * Runs the `NodeAgentsValidation` cdk8s-cli plugin on the manifests in
 * `outdir`, as `cdk8s synth` does with `validations:` in cdk8s.yaml.
 *
 * @returns the status the plugin submitted and its violations
 */
export async function validateOutput(outdir: string): Promise<{ status: string; violations: PluginViolation[] }> {
  const manifests = fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(outdir, f));
  const violations: PluginViolation[] = [];
  let status = 'none';
  const context: PluginContext = {
    manifests,
    parseManifest: (file) => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()),
    report: {
      addViolation: (v) => violations.push(v),
      submit: (s) => {
        status = s;
      },
    },
    logger: { log: () => undefined },
  };
  await new NodeAgentsValidation({}).validate(context);
  return { status, violations };
}
