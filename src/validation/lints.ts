/**
 * Best-practice lints for node-agent workloads: what kube-linter, kube-score
 * and Polaris check on a DaemonSet (see /docs lint-rules: `latest-tag`,
 * `privileged-container`, `host-network`, `sensitive-host-mounts`,
 * `docker-sock`, `run-as-non-root`, `no-read-only-root-fs`,
 * `unset-cpu-requirements`, `livenessProbeMissing`, `priorityClassNotSet`, ...)
 * plus node-agent rules none of them has: maxSurge with hostPort (the rollout
 * wedges, kubernetes/kubernetes#106417), CNI/CSI agents that do not tolerate
 * the control-plane or not-ready taints or are not `system-node-critical`,
 * tolerate-everything agents without an OS/arch selector, Gt/Lt affinity
 * values that are not integers (the scheduler's `strconv.ParseInt` fails and
 * the term never matches), node-affinity values that are not label values,
 * and hostIPs that the scheduler does not treat as wildcards.
 *
 * Each rule has a stable kebab-case id and a default severity. Role-aware:
 * the agent's role (annotation `cdk8s-node-agents.io/role`, or inferred from
 * images and names) turns findings that the role legitimately needs
 * (a privileged CNI agent, a CSI plugin with Bidirectional mounts, a
 * node-exporter on the host network) into `info` notes.
 *
 * Silencing, on the object (the DaemonSet, not its pod template):
 * - `cdk8s-node-agents.io/ignore.<rule-id>: "<container>[,<container>]: <reason>"`
 *   silences the rule's findings in the listed (init or regular) containers
 *   only; `"*: <reason>"` silences every finding of the rule on the object,
 *   pod-level ones included. The reason is required; one clause per line.
 *   A finding in another container (a sidecar added later) still reports.
 * - `cdk8s-node-agents.io/ignore: <rule-id>[,<rule-id>]` (the original form,
 *   kept): every finding of those rules on the object, without a reason.
 * Silenced findings stay in the report with `silenced: true` and `silencedBy`
 * naming the annotation (and the reason). An unknown rule id warns as
 * `unknown-ignored-rule`; a clause without a reason, with a bad container
 * list or naming a container the pod does not have warns as
 * `invalid-ignore-annotation`: a typo silences nothing, visibly.
 * Internal module.
 */
import { goQuote } from './field';
import { isRecord, str } from './meta';
import { imageTag } from '../agent/image';
import { AgentRole, IGNORE_ANNOTATION, IGNORE_RULE_ANNOTATION_PREFIX, ROLE_ANNOTATION, SYSTEM_NODE_CRITICAL } from '../agent/role';
import { isDNS1123Label, isValidLabelValue } from '../util/validation';

type Obj = Record<string, any>;

/** How much a finding matters. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** One lint finding. */
export interface LintFinding {
  /** The rule id, e.g. `no-latest-tag`. */
  readonly rule: string;
  readonly severity: LintSeverity;
  /** Field path in the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly field: string;
  readonly message: string;
  /** True when one of the object's ignore annotations covers the finding. */
  readonly silenced?: boolean;
  /** How it was silenced: the annotation, and the reason when it gives one. */
  readonly silencedBy?: string;
}

/** Where a role came from. */
export type RoleSource = 'annotation' | 'inferred';

/** What a rule sees. */
export interface LintContext {
  /** The defaulted object. */
  readonly object: Obj;
  /** The object as written (before defaulting). */
  readonly raw: Obj;
  readonly role: AgentRole;
  readonly roleSource: RoleSource;
  /** The pod template's metadata and spec (defaulted). */
  readonly templateMeta: Obj;
  readonly podSpec: Obj;
  /** The pod spec as written. */
  readonly rawPodSpec: Obj;
  /** Path of the pod spec in the object (`spec.template.spec` for a DaemonSet, `spec` for a Pod). */
  readonly specPath: string;
  /** Every object validated together (for cross-object rules). */
  readonly allObjects: readonly Obj[];
}

interface RawFinding {
  readonly field: string;
  readonly message: string;
  readonly severity?: LintSeverity;
}

/** A lint rule. */
export interface LintRule {
  readonly id: string;
  readonly severity: LintSeverity;
  /** One imperative line. */
  readonly description: string;
  /** Only DaemonSets (rollout and placement rules) or every pod-bearing kind. */
  readonly daemonSetOnly?: boolean;
  check(ctx: LintContext): RawFinding[];
}

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function obj(v: unknown): Obj {
  return isRecord(v) ? v : {};
}

interface Ctr {
  readonly c: Obj;
  readonly path: string;
  readonly init: boolean;
}

function allContainers(ctx: LintContext): Ctr[] {
  const out: Ctr[] = [];
  arr(ctx.podSpec.initContainers).forEach((c, i) => out.push({ c: obj(c), path: `${ctx.specPath}.initContainers[${i}]`, init: true }));
  arr(ctx.podSpec.containers).forEach((c, i) => out.push({ c: obj(c), path: `${ctx.specPath}.containers[${i}]`, init: false }));
  return out;
}

function regularContainers(ctx: LintContext): Ctr[] {
  return allContainers(ctx).filter((c) => !c.init);
}

function cname(c: Obj): string {
  return goQuote(str(c.name));
}

/** Roles for which a finding is expected and reported as an `info` note. */
function roleNote(ctx: LintContext, roles: readonly AgentRole[], f: RawFinding): RawFinding {
  if (!roles.includes(ctx.role)) return f;
  return { ...f, severity: 'info', message: `expected for a ${ctx.role} agent: ${f.message}` };
}

// ---------------------------------------------------------------------------
// Tolerations and node selection helpers (k8s.io/api core/v1 toleration.go ToleratesTaint)
// ---------------------------------------------------------------------------

function toleratesTaint(t: Obj, key: string, value: string, effect: string): boolean {
  if (str(t.effect) !== '' && str(t.effect) !== effect) return false;
  if (str(t.key) !== '' && str(t.key) !== key) return false;
  const op = str(t.operator);
  if (op === '' || op === 'Equal') return str(t.value) === value;
  return op === 'Exists';
}

function toleratesAny(ctx: LintContext, key: string, effect: string, value = ''): boolean {
  return arr(ctx.podSpec.tolerations).some((t) => toleratesTaint(obj(t), key, value, effect));
}

/** Some toleration with an empty key and `Exists` that covers NoSchedule taints. */
function toleratesEverything(ctx: LintContext): number {
  return arr(ctx.podSpec.tolerations).findIndex((raw) => {
    const t = obj(raw);
    return str(t.key) === '' && str(t.operator) === 'Exists' && (str(t.effect) === '' || str(t.effect) === 'NoSchedule');
  });
}

/** True when every node this pod can land on is constrained on one of `keys` (nodeSelector, or every required affinity term). */
function constrainsNodeLabel(ctx: LintContext, keys: readonly string[]): boolean {
  const ns = obj(ctx.podSpec.nodeSelector);
  if (keys.some((k) => k in ns)) return true;
  const req = obj(obj(obj(ctx.podSpec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  const terms = arr(req.nodeSelectorTerms);
  if (terms.length === 0) return false;
  return terms.every((term) => arr(obj(term).matchExpressions).some((e) => {
    const op = str(obj(e).operator);
    return keys.includes(str(obj(e).key)) && (op === 'In' || op === 'NotIn');
  }));
}

const OS_KEYS = ['kubernetes.io/os', 'beta.kubernetes.io/os'];
const ARCH_KEYS = ['kubernetes.io/arch', 'beta.kubernetes.io/arch'];
const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';
const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';

function hostPathVolumes(ctx: LintContext): Array<{ index: number; name: string; path: string; volume: Obj }> {
  const out: Array<{ index: number; name: string; path: string; volume: Obj }> = [];
  arr(ctx.podSpec.volumes).forEach((v, index) => {
    const vol = obj(v);
    if (isRecord(vol.hostPath)) out.push({ index, name: str(vol.name), path: str(vol.hostPath.path), volume: vol });
  });
  return out;
}

function mountsOf(ctx: LintContext, volumeName: string): Array<{ ctr: Ctr; mount: Obj; path: string }> {
  const out: Array<{ ctr: Ctr; mount: Obj; path: string }> = [];
  for (const ctr of allContainers(ctx)) {
    arr(ctr.c.volumeMounts).forEach((m, j) => {
      if (str(obj(m).name) === volumeName) out.push({ ctr, mount: obj(m), path: `${ctr.path}.volumeMounts[${j}]` });
    });
  }
  return out;
}

function normalizePath(p: string): string {
  const collapsed = p.replace(/\/+/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

/** `strconv.ParseInt(s, 10, 64)` succeeds. */
function isInt64(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

function nodeSelectorTerms(ctx: LintContext): Array<{ term: Obj; path: string }> {
  const na = obj(obj(ctx.podSpec.affinity).nodeAffinity);
  const base = `${ctx.specPath}.affinity.nodeAffinity`;
  const out: Array<{ term: Obj; path: string }> = [];
  arr(obj(na.requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms).forEach((t, i) => {
    out.push({ term: obj(t), path: `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]` });
  });
  arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    out.push({ term: obj(obj(t).preference), path: `${base}.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference` });
  });
  return out;
}

/** The `maxSurge` of a RollingUpdate DaemonSet as written, when it is non-zero. */
function nonZeroMaxSurge(ctx: LintContext): string | undefined {
  const us = obj(obj(ctx.object.spec).updateStrategy);
  if (str(us.type) !== 'RollingUpdate') return undefined;
  const ms = obj(us.rollingUpdate).maxSurge;
  if (typeof ms === 'number') return ms > 0 ? String(ms) : undefined;
  if (typeof ms === 'string') {
    const m = /^([0-9]+)%$/.exec(ms);
    if (m) return Number(m[1]) > 0 ? ms : undefined;
    return /^[+-]?\d+$/.test(ms) && Number(ms) > 0 ? ms : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

const NODE_CRITICAL_ROLES: readonly AgentRole[] = [AgentRole.CNI, AgentRole.CSI, AgentRole.DEVICE_PLUGIN];
const PRIVILEGED_ROLES: readonly AgentRole[] = [AgentRole.CNI, AgentRole.CSI, AgentRole.RUNTIME_SECURITY];
const SENSITIVE_HOST_PATHS = ['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr'];
const RUNTIME_SOCKET = /(^|\/)(docker|containerd|crio|cri-dockerd|dockershim)\.sock$/;
const DANGEROUS_CAPABILITIES = ['ALL', 'SYS_ADMIN', 'CAP_SYS_ADMIN', 'NET_ADMIN', 'CAP_NET_ADMIN'];

function resourceValue(c: Obj, kind: 'requests' | 'limits', name: string): unknown {
  return obj(obj(c.resources)[kind])[name];
}

/** Every lint rule, in report order. */
export const LINT_RULES: readonly LintRule[] = [
  {
    id: 'missing-requests',
    severity: 'warning',
    description: 'set cpu and memory requests on every container',
    check: (ctx) => regularContainers(ctx).flatMap(({ c, path }) => {
      const missing = ['cpu', 'memory'].filter((r) => resourceValue(c, 'requests', r) === undefined);
      if (missing.length === 0) return [];
      return [{
        field: `${path}.resources.requests`,
        message: `container ${cname(c)} has no ${missing.join(' or ')} request: the scheduler reserves nothing for it on each node, `
          + 'autoscalers do not count it, and without requests the pod is BestEffort (evicted first); set resources.requests.'
          + missing.join(' and resources.requests.'),
      }];
    }),
  },
  {
    id: 'missing-memory-limit',
    severity: 'warning',
    description: 'set a memory limit on every container',
    check: (ctx) => regularContainers(ctx).flatMap(({ c, path }) => (resourceValue(c, 'limits', 'memory') === undefined
      ? [{ field: `${path}.resources.limits`, message: `container ${cname(c)} has no memory limit: a leak in a node agent can take the node down with it; set resources.limits.memory` }]
      : [])),
  },
  {
    id: 'missing-cpu-limit',
    severity: 'info',
    description: 'consider a cpu limit (many agents deliberately run without one)',
    check: (ctx) => regularContainers(ctx).flatMap(({ c, path }) => (resourceValue(c, 'limits', 'cpu') === undefined
      ? [{ field: `${path}.resources.limits`, message: `container ${cname(c)} has no cpu limit (kube-score and Polaris flag this; most agent charts leave it unset to avoid throttling)` }]
      : [])),
  },
  {
    id: 'no-latest-tag',
    severity: 'error',
    description: 'pin images to a version or digest instead of latest',
    check: (ctx) => allContainers(ctx).flatMap(({ c, path }) => {
      const image = str(c.image);
      if (image === '' || image.includes('@') || imageTag(image) !== 'latest') return [];
      return [{ field: `${path}.image`, message: `container ${cname(c)} uses image ${goQuote(image)}: "latest" makes every node run whatever the registry served when it pulled, and changing the tag never rolls the DaemonSet; pin a version (e.g. ":1.2.3") or a digest` }];
    }),
  },
  {
    id: 'untagged-image',
    severity: 'error',
    description: 'give every image a tag or digest',
    check: (ctx) => allContainers(ctx).flatMap(({ c, path }) => {
      const image = str(c.image);
      if (image === '' || image.includes('@') || imageTag(image) !== undefined) return [];
      return [{ field: `${path}.image`, message: `container ${cname(c)} uses image ${goQuote(image)} without a tag, which means "latest"; pin a version (e.g. ${goQuote(image + ':1.2.3')}) or a digest` }];
    }),
  },
  {
    id: 'privileged-container',
    severity: 'warning',
    description: 'do not run privileged containers unless the agent needs it',
    check: (ctx) => allContainers(ctx).flatMap(({ c, path }) => (obj(c.securityContext).privileged === true
      ? [roleNote(ctx, PRIVILEGED_ROLES, { field: `${path}.securityContext.privileged`, message: `container ${cname(c)} is privileged: it has every capability and all host devices; prefer an explicit capabilities.add list (requires PodSecurity "privileged")` })]
      : [])),
  },
  {
    id: 'host-network',
    severity: 'warning',
    description: "do not share the host's network namespace unless the agent needs it",
    check: (ctx) => (ctx.podSpec.hostNetwork === true
      ? [roleNote(ctx, [AgentRole.CNI, AgentRole.CSI, AgentRole.NODE_EXPORTER], { field: `${ctx.specPath}.hostNetwork`, message: "the pod shares the host's network namespace (hostNetwork: true): its ports are host ports on every node and NetworkPolicy does not apply (requires PodSecurity \"privileged\")" })]
      : []),
  },
  {
    id: 'host-pid',
    severity: 'warning',
    description: "do not share the host's PID namespace unless the agent needs it",
    check: (ctx) => (ctx.podSpec.hostPID === true
      ? [roleNote(ctx, [AgentRole.RUNTIME_SECURITY, AgentRole.NODE_EXPORTER, AgentRole.CSI], { field: `${ctx.specPath}.hostPID`, message: "the pod shares the host's PID namespace (hostPID: true) and can see and signal every process on the node (requires PodSecurity \"privileged\")" })]
      : []),
  },
  {
    id: 'host-ipc',
    severity: 'warning',
    description: "do not share the host's IPC namespace",
    check: (ctx) => (ctx.podSpec.hostIPC === true
      ? [roleNote(ctx, [AgentRole.RUNTIME_SECURITY], { field: `${ctx.specPath}.hostIPC`, message: "the pod shares the host's IPC namespace (hostIPC: true) (requires PodSecurity \"privileged\")" })]
      : []),
  },
  {
    id: 'sensitive-host-mount',
    severity: 'warning',
    description: 'do not mount sensitive host directories',
    check: (ctx) => hostPathVolumes(ctx).flatMap(({ index, name, path }) => {
      const p = normalizePath(path);
      if (!SENSITIVE_HOST_PATHS.includes(p) || mountsOf(ctx, name).length === 0) return [];
      return [roleNote(ctx, [AgentRole.CNI, AgentRole.CSI, AgentRole.RUNTIME_SECURITY, AgentRole.NODE_EXPORTER],
        { field: `${ctx.specPath}.volumes[${index}].hostPath.path`, message: `volume ${goQuote(name)} mounts the host directory ${goQuote(path)}; mount only the subdirectory the agent needs, read-only` })];
    }),
  },
  {
    id: 'container-runtime-socket-mount',
    severity: 'warning',
    description: 'do not mount the container runtime socket',
    check: (ctx) => hostPathVolumes(ctx).flatMap(({ index, name, path }) => {
      if (!RUNTIME_SOCKET.test(normalizePath(path)) || mountsOf(ctx, name).length === 0) return [];
      return [roleNote(ctx, [AgentRole.RUNTIME_SECURITY], { field: `${ctx.specPath}.volumes[${index}].hostPath.path`, message: `volume ${goQuote(name)} mounts the container runtime socket ${goQuote(path)}: whoever controls the agent can start privileged containers on the node` })];
    }),
  },
  {
    id: 'writable-host-mount',
    severity: 'info',
    description: 'mount host paths read-only where the agent only reads them',
    check: (ctx) => hostPathVolumes(ctx).flatMap(({ name, path }) => mountsOf(ctx, name)
      .filter(({ mount }) => mount.readOnly !== true)
      .map(({ ctr, path: mountPath }) => ({ field: `${mountPath}.readOnly`, message: `container ${cname(ctr.c)} mounts the host path ${goQuote(path)} (volume ${goQuote(name)}) writable; set readOnly: true unless the agent writes there` }))),
  },
  {
    id: 'privilege-escalation-allowed',
    severity: 'warning',
    description: 'set allowPrivilegeEscalation: false',
    check: (ctx) => allContainers(ctx).flatMap(({ c, path }) => {
      const sc = obj(c.securityContext);
      if (sc.allowPrivilegeEscalation === false || sc.privileged === true) return [];
      return [roleNote(ctx, PRIVILEGED_ROLES, { field: `${path}.securityContext.allowPrivilegeEscalation`, message: `container ${cname(c)} does not set securityContext.allowPrivilegeEscalation: false, so setuid binaries can gain privileges` })];
    }),
  },
  {
    id: 'run-as-root',
    severity: 'warning',
    description: 'run as a non-root user',
    check: (ctx) => {
      const pod = obj(ctx.podSpec.securityContext);
      const podNonRoot = pod.runAsNonRoot === true || (typeof pod.runAsUser === 'number' && pod.runAsUser >= 1);
      return allContainers(ctx).flatMap(({ c, path }) => {
        const sc = obj(c.securityContext);
        const ctrNonRoot = sc.runAsNonRoot === true || (typeof sc.runAsUser === 'number' && sc.runAsUser >= 1);
        const ctrOverridesRoot = sc.runAsNonRoot === false || (typeof sc.runAsUser === 'number' && sc.runAsUser < 1);
        if (ctrNonRoot || (podNonRoot && !ctrOverridesRoot)) return [];
        return [roleNote(ctx, [...PRIVILEGED_ROLES, AgentRole.LOG_COLLECTOR], { field: `${path}.securityContext.runAsNonRoot`, message: `container ${cname(c)} may run as root: set securityContext.runAsNonRoot: true and a non-zero runAsUser (pod or container)` })];
      });
    },
  },
  {
    id: 'no-read-only-root-fs',
    severity: 'warning',
    description: 'set readOnlyRootFilesystem: true',
    check: (ctx) => allContainers(ctx).flatMap(({ c, path }) => (obj(c.securityContext).readOnlyRootFilesystem === true ? []
      : [{ field: `${path}.securityContext.readOnlyRootFilesystem`, message: `container ${cname(c)} has a writable root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write` }])),
  },
  {
    id: 'dangerous-capabilities',
    severity: 'warning',
    description: 'do not add ALL, SYS_ADMIN or NET_ADMIN',
    check: (ctx) => allContainers(ctx).flatMap(({ c, path }) => arr(obj(obj(c.securityContext).capabilities).add).flatMap((cap, i) => {
      if (!DANGEROUS_CAPABILITIES.includes(str(cap).toUpperCase())) return [];
      return [roleNote(ctx, PRIVILEGED_ROLES, { field: `${path}.securityContext.capabilities.add[${i}]`, message: `container ${cname(c)} adds the capability ${goQuote(str(cap))}, which is close to root on the node` })];
    })),
  },
  {
    id: 'capabilities-not-dropped',
    severity: 'info',
    description: 'drop ALL capabilities and add back only what the agent needs',
    check: (ctx) => allContainers(ctx).flatMap(({ c, path }) => {
      if (obj(c.securityContext).privileged === true) return [];
      const drop = arr(obj(obj(c.securityContext).capabilities).drop).map(str);
      return drop.includes('ALL') ? [] : [{ field: `${path}.securityContext.capabilities.drop`, message: `container ${cname(c)} keeps the runtime's default capabilities; set capabilities.drop: ["ALL"] and add back only what it needs` }];
    }),
  },
  {
    id: 'missing-liveness-probe',
    severity: 'warning',
    description: 'give every container a liveness probe',
    check: (ctx) => regularContainers(ctx).flatMap(({ c, path }) => (isRecord(c.livenessProbe) ? []
      : [{ field: `${path}.livenessProbe`, message: `container ${cname(c)} has no liveness probe: a hung agent keeps running on its node and nobody restarts it` }])),
  },
  {
    id: 'missing-readiness-probe',
    severity: 'warning',
    description: 'give every container a readiness probe',
    check: (ctx) => regularContainers(ctx).flatMap(({ c, path }) => (isRecord(c.readinessProbe) ? []
      : [{ field: `${path}.readinessProbe`, message: `container ${cname(c)} has no readiness probe: a rolling update counts the pod available as soon as it starts, so a broken version rolls across the fleet` }])),
  },
  {
    id: 'probe-port-not-declared',
    severity: 'warning',
    description: 'probe only ports the container declares',
    check: (ctx) => regularContainers(ctx).flatMap(({ c, path }) => {
      const ports = arr(c.ports).map(obj).filter((p) => str(p.protocol) === '' || str(p.protocol) === 'TCP');
      const out: RawFinding[] = [];
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const pr = obj(c[probe]);
        for (const kind of ['httpGet', 'tcpSocket', 'grpc']) {
          if (!isRecord(pr[kind])) continue;
          const port = pr[kind].port;
          const declared = typeof port === 'string'
            ? ports.some((p) => str(p.name) === port)
            : ports.some((p) => p.containerPort === port);
          if (!declared) {
            out.push({ field: `${path}.${probe}.${kind}.port`, message: `container ${cname(c)} probes port ${typeof port === 'string' ? goQuote(port) : String(port)} which is not in its ports; declare it so the probe cannot silently target another process (common with hostNetwork)` });
          }
        }
      }
      return out;
    }),
  },
  {
    id: 'missing-priority-class',
    severity: 'warning',
    description: 'set a priorityClassName',
    check: (ctx) => (str(ctx.podSpec.priorityClassName) !== '' || NODE_CRITICAL_ROLES.includes(ctx.role) ? []
      : [{ field: `${ctx.specPath}.priorityClassName`, message: 'no priorityClassName: on a full node the agent pod stays Pending (and cluster-autoscaler may not make room for it); use a high PriorityClass for agents' }]),
  },
  {
    id: 'missing-system-node-critical',
    severity: 'warning',
    description: 'run CNI, CSI and device-plugin agents as system-node-critical',
    check: (ctx) => {
      if (!NODE_CRITICAL_ROLES.includes(ctx.role)) return [];
      const pcn = str(ctx.podSpec.priorityClassName);
      if (pcn === SYSTEM_NODE_CRITICAL) return [];
      return [{ field: `${ctx.specPath}.priorityClassName`, message: `a ${ctx.role} agent is node-critical but its priorityClassName is ${pcn === '' ? 'unset' : goQuote(pcn)}; set ${goQuote(SYSTEM_NODE_CRITICAL)} so it is scheduled and kept before other pods (on GKE outside kube-system this also needs a ResourceQuota for the class)` }];
    },
  },
  {
    id: 'env-var-secret',
    severity: 'warning',
    description: 'read secrets from Secrets, not literal env values',
    check: (ctx) => allContainers(ctx).flatMap(({ c, path }) => arr(c.env).flatMap((e, i) => {
      const name = str(obj(e).name);
      if (!/secret|password|token|api[_-]?key/i.test(name) || str(obj(e).value) === '') return [];
      return [{ field: `${path}.env[${i}].value`, message: `container ${cname(c)} sets ${name} to a literal value; use valueFrom.secretKeyRef so the secret is not in the manifest` }];
    })),
  },
  {
    id: 'on-delete-update-strategy',
    severity: 'warning',
    daemonSetOnly: true,
    description: 'use the RollingUpdate strategy',
    check: (ctx) => (str(obj(obj(ctx.object.spec).updateStrategy).type) === 'OnDelete'
      ? [{ field: 'spec.updateStrategy.type', message: 'updateStrategy OnDelete never replaces running pods: template changes reach a node only when its pod is deleted by hand, and GitOps health never converges; use RollingUpdate' }]
      : []),
  },
  {
    id: 'host-network-dns-policy',
    severity: 'warning',
    description: 'use dnsPolicy ClusterFirstWithHostNet with hostNetwork',
    check: (ctx) => {
      const raw = str(ctx.rawPodSpec.dnsPolicy);
      if (ctx.podSpec.hostNetwork !== true || (raw !== '' && raw !== 'ClusterFirst')) return [];
      return [roleNote(ctx, [AgentRole.CNI], { field: `${ctx.specPath}.dnsPolicy`, message: `hostNetwork pod with dnsPolicy ${raw === '' ? 'unset (ClusterFirst)' : '"ClusterFirst"'} uses the node's resolv.conf and cannot resolve Service names; set dnsPolicy: ClusterFirstWithHostNet` })];
    },
  },
  {
    id: 'max-surge-with-host-port',
    severity: 'error',
    daemonSetOnly: true,
    description: 'do not combine maxSurge with host ports',
    check: (ctx) => {
      const surge = nonZeroMaxSurge(ctx);
      if (surge === undefined) return [];
      const users: string[] = [];
      for (const { c, path } of allContainers(ctx)) {
        arr(c.ports).forEach((p, j) => {
          const hp = obj(p).hostPort;
          if (typeof hp === 'number' && hp > 0) users.push(`${path}.ports[${j}]: container ${cname(c)} hostPort ${hp}`);
          else if (ctx.podSpec.hostNetwork === true) users.push(`${path}.ports[${j}]: container ${cname(c)} port ${obj(p).containerPort} on the host network`);
        });
      }
      if (users.length === 0) return [];
      return [{ field: 'spec.updateStrategy.rollingUpdate.maxSurge', message: `maxSurge is ${surge} but the pod holds host ports (${users.map((u) => u.split(': ')[1]).join(', ')}): the surge pod cannot be scheduled next to the old pod holding the port, so every node's rollout waits on a Pending pod forever (Kubernetes accepts this, kubernetes/kubernetes#106417); set maxSurge: 0 and a maxUnavailable such as "10%"` }];
    },
  },
  {
    id: 'missing-control-plane-toleration',
    severity: 'error',
    daemonSetOnly: true,
    description: 'let CNI and CSI agents run on control-plane nodes',
    check: (ctx) => {
      if (ctx.role !== AgentRole.CNI && ctx.role !== AgentRole.CSI) return [];
      if (toleratesAny(ctx, CONTROL_PLANE_TAINT, 'NoSchedule')) return [];
      return [{
        field: `${ctx.specPath}.tolerations`,
        severity: ctx.role === AgentRole.CNI ? 'error' : 'warning',
        message: `the ${ctx.role} agent does not tolerate the ${CONTROL_PLANE_TAINT}:NoSchedule taint, so control-plane nodes get no ${ctx.role === AgentRole.CNI ? 'pod network' : 'volume mounts'}; add a toleration {key: ${CONTROL_PLANE_TAINT}, operator: Exists, effect: NoSchedule} (or operator: Exists for all taints)`,
      }];
    },
  },
  {
    id: 'cni-missing-not-ready-toleration',
    severity: 'error',
    daemonSetOnly: true,
    description: 'let the CNI agent start on NotReady nodes',
    check: (ctx) => {
      if (ctx.role !== AgentRole.CNI || toleratesAny(ctx, NOT_READY_TAINT, 'NoSchedule')) return [];
      return [{ field: `${ctx.specPath}.tolerations`, message: `the CNI agent does not tolerate ${NOT_READY_TAINT}:NoSchedule: a new node stays NotReady until the CNI runs, and the DaemonSet controller only adds the NoExecute toleration, so the agent never starts there; add {key: ${NOT_READY_TAINT}, operator: Exists, effect: NoSchedule}` }];
    },
  },
  {
    id: 'tolerate-all-without-os-selector',
    severity: 'warning',
    daemonSetOnly: true,
    description: 'pair a tolerate-everything toleration with a kubernetes.io/os selector',
    check: (ctx) => {
      const i = toleratesEverything(ctx);
      if (i < 0 || constrainsNodeLabel(ctx, OS_KEYS)) return [];
      return [{ field: `${ctx.specPath}.tolerations[${i}]`, message: 'the agent tolerates every taint but has no kubernetes.io/os node selector, so it also lands on Windows nodes (whose os=windows taint it tolerates) where a Linux image cannot run; add nodeSelector kubernetes.io/os: linux' }];
    },
  },
  {
    id: 'tolerate-all-without-arch-selector',
    severity: 'info',
    daemonSetOnly: true,
    description: 'make sure a tolerate-everything agent has an image for every architecture',
    check: (ctx) => {
      const i = toleratesEverything(ctx);
      if (i < 0 || constrainsNodeLabel(ctx, ARCH_KEYS)) return [];
      return [{ field: `${ctx.specPath}.tolerations[${i}]`, message: 'the agent tolerates every taint and has no kubernetes.io/arch selector: it runs on every architecture in the cluster, so its images must be multi-arch (or add a kubernetes.io/arch selector)' }];
    },
  },
  {
    id: 'invalid-gt-lt-value',
    severity: 'error',
    description: 'use integers with Gt and Lt node-affinity operators',
    check: (ctx) => nodeSelectorTerms(ctx).flatMap(({ term, path }) => arr(term.matchExpressions).flatMap((e, j) => {
      const op = str(obj(e).operator);
      const values = arr(obj(e).values).map(str);
      if ((op !== 'Gt' && op !== 'Lt') || values.length !== 1 || isInt64(values[0])) return [];
      return [{ field: `${path}.matchExpressions[${j}].values[0]`, message: `${op} value ${goQuote(values[0])} for key ${goQuote(str(obj(e).key))} is not an integer: the scheduler and the DaemonSet controller cannot parse it, so this term never matches any node (Kubernetes accepts it); use a base-10 integer such as "4"` }];
    })),
  },
  {
    id: 'invalid-node-affinity-value',
    severity: 'warning',
    description: 'use valid label values in node-affinity In/NotIn expressions',
    check: (ctx) => nodeSelectorTerms(ctx).flatMap(({ term, path }) => arr(term.matchExpressions).flatMap((e, j) => {
      const op = str(obj(e).operator);
      if (op !== 'In' && op !== 'NotIn') return [];
      return arr(obj(e).values).map(str).flatMap((v, k) => (isValidLabelValue(v).length === 0 ? [] : [{
        field: `${path}.matchExpressions[${j}].values[${k}]`,
        message: `${goQuote(v)} is not a valid label value, so no node label can equal it (1.28 accepts it; the apiserver rejects it from 1.32): ${isValidLabelValue(v).join('; ')}`,
      }]));
    })),
  },
  {
    id: 'host-ip-not-wildcard',
    severity: 'warning',
    description: 'leave hostIP empty (or 0.0.0.0)',
    check: (ctx) => allContainers(ctx).flatMap(({ c, path }) => arr(c.ports).flatMap((p, j) => {
      const hostIP = str(obj(p).hostIP);
      if (hostIP === '' || hostIP === '0.0.0.0') return [];
      return [{ field: `${path}.ports[${j}].hostIP`, message: `container ${cname(c)} binds hostIP ${goQuote(hostIP)}: the scheduler treats only "" and "0.0.0.0" as wildcards, so a conflict with another pod's port on a different address goes undetected (and "::" does not cover IPv4); leave hostIP unset` }];
    })),
  },
  {
    id: 'non-existent-service-account',
    severity: 'warning',
    description: 'ship the ServiceAccount the pods use',
    check: (ctx) => {
      const sa = str(ctx.podSpec.serviceAccountName);
      if (sa === '' || sa === 'default') return [];
      const sas = ctx.allObjects.filter((o) => str(o.kind) === 'ServiceAccount');
      if (sas.length === 0) return [];
      const ns = str(obj(ctx.object.metadata).namespace) || 'default';
      if (sas.some((o) => str(obj(o.metadata).name) === sa && (str(obj(o.metadata).namespace) || 'default') === ns)) return [];
      return [{ field: `${ctx.specPath}.serviceAccountName`, message: `serviceAccountName ${goQuote(sa)} is not among the ServiceAccounts in namespace ${goQuote(ns)} in these manifests; the pods cannot be created until it exists` }];
    },
  },
  {
    id: 'short-termination-grace-period',
    severity: 'info',
    description: 'give log collectors time to flush on shutdown',
    check: (ctx) => {
      if (ctx.role !== AgentRole.LOG_COLLECTOR) return [];
      const t = ctx.podSpec.terminationGracePeriodSeconds;
      if (typeof t === 'number' && t > 30) return [];
      return [{ field: `${ctx.specPath}.terminationGracePeriodSeconds`, message: `terminationGracePeriodSeconds is ${typeof t === 'number' ? t : 30}: a log collector drained on a spot or scaling node loses buffered logs; use 60-120 seconds` }];
    },
  },
];

/** Findings about the ignore annotations themselves (never silenced). */
export const UNKNOWN_IGNORED_RULE = 'unknown-ignored-rule';
export const INVALID_IGNORE_ANNOTATION = 'invalid-ignore-annotation';

/** Lint ids, for validating ignore annotations. */
export const LINT_RULE_IDS: ReadonlySet<string> = new Set([
  ...LINT_RULES.map((r) => r.id), UNKNOWN_IGNORED_RULE, INVALID_IGNORE_ANNOTATION, 'unknown-agent-role',
]);

const ROLE_PATTERNS: ReadonlyArray<readonly [AgentRole, RegExp]> = [
  [AgentRole.DEVICE_PLUGIN, /device-plugin/],
  [AgentRole.CSI, /(^|[-_/.])csi([-_/.]|$)|node-driver-registrar|csi-node|csi-driver/],
  [AgentRole.CNI, /cilium|calico-node|calico\/node|flannel|kube-router|weave-net|weaveworks\/weave|amazon-k8s-cni|aws-node|antrea-agent|kindnet|multus/],
  [AgentRole.RUNTIME_SECURITY, /falco|tetragon|tracee|sysdig/],
  [AgentRole.NODE_EXPORTER, /node-exporter|node_exporter/],
  [AgentRole.LOG_COLLECTOR, /fluent-bit|fluentbit|fluentd|(^|[-_/])vector($|[-_/:])|promtail|filebeat|alloy/],
];

const VALID_ROLES = new Set<string>(Object.values(AgentRole));

/** The role of a pod-bearing object: its role annotation, else inferred from its name and images. */
export function agentRole(object: Obj, podSpec: Obj): { role: AgentRole; source: RoleSource; invalid?: string } {
  const annotation = obj(obj(object.metadata).annotations)[ROLE_ANNOTATION];
  if (typeof annotation === 'string' && VALID_ROLES.has(annotation)) return { role: annotation as AgentRole, source: 'annotation' };
  const haystack = [str(obj(object.metadata).name),
    ...[...arr(podSpec.containers), ...arr(podSpec.initContainers)].flatMap((c) => [str(obj(c).name), str(obj(c).image).split('@')[0]])]
    .map((s) => s.toLowerCase());
  for (const [role, re] of ROLE_PATTERNS) {
    if (haystack.some((s) => re.test(s))) {
      return { role, source: 'inferred', invalid: typeof annotation === 'string' ? annotation : undefined };
    }
  }
  return { role: AgentRole.GENERIC, source: 'inferred', invalid: typeof annotation === 'string' ? annotation : undefined };
}

/** The rule ids listed in the object's `cdk8s-node-agents.io/ignore` annotation. */
export function ignoredRules(object: Obj): string[] {
  const v = obj(obj(object.metadata).annotations)[IGNORE_ANNOTATION];
  if (typeof v !== 'string') return [];
  return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** How a finding silenced by `cdk8s-node-agents.io/ignore` was silenced. */
export const SILENCED_BY = `annotation ${IGNORE_ANNOTATION}`;

/** One clause of a `cdk8s-node-agents.io/ignore.<rule-id>` annotation. */
export interface IgnoreClause {
  /** The containers it covers; undefined for `*` (every finding of the rule). */
  readonly containers?: readonly string[];
  readonly reason: string;
}

/** The object's ignore annotations, parsed. */
export interface IgnoreAnnotations {
  /** Rules of `cdk8s-node-agents.io/ignore`. */
  readonly rules: ReadonlySet<string>;
  /** Well-formed clauses of `cdk8s-node-agents.io/ignore.<rule-id>`, by known rule id. */
  readonly clauses: ReadonlyMap<string, readonly IgnoreClause[]>;
  /** Findings about the annotations (unknown rules, malformed clauses, unknown containers). */
  readonly problems: LintFinding[];
}

const CLAUSE_FORM = '"<container>[,<container>]: <reason>" (or "*: <reason>" for every finding of the rule on this object)';

/** Renders one clause of a per-rule ignore annotation (`*` when `containers` is empty or absent). */
export function formatIgnoreClause(reason: string, containers?: readonly string[]): string {
  return `${containers && containers.length > 0 ? containers.join(', ') : '*'}: ${reason}`;
}

function unknownRule(id: string, annotation: string): LintFinding {
  return {
    rule: UNKNOWN_IGNORED_RULE,
    severity: 'warning',
    field: `metadata.annotations[${annotation}]`,
    message: `${goQuote(id)} is not a lint rule, so it silences nothing; known rules: ${LINT_RULES.map((r) => r.id).join(', ')}`,
  };
}

/**
 * Parse the ignore annotations of `object`. With `podSpec`, container names
 * are checked against its init and regular containers.
 */
export function parseIgnoreAnnotations(object: Obj, podSpec?: Obj): IgnoreAnnotations {
  const annotations = obj(obj(object.metadata).annotations);
  const problems: LintFinding[] = [];
  const rules = ignoredRules(object);
  for (const id of rules) if (!LINT_RULE_IDS.has(id)) problems.push(unknownRule(id, IGNORE_ANNOTATION));

  const podContainers = podSpec === undefined ? undefined
    : [...arr(podSpec.initContainers), ...arr(podSpec.containers)].map((c) => str(obj(c).name));
  const clauses = new Map<string, IgnoreClause[]>();
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(IGNORE_RULE_ANNOTATION_PREFIX)) continue;
    const rule = key.slice(IGNORE_RULE_ANNOTATION_PREFIX.length);
    if (!LINT_RULE_IDS.has(rule)) {
      problems.push(unknownRule(rule, key));
      continue;
    }
    const invalid = (message: string) => problems.push({ rule: INVALID_IGNORE_ANNOTATION, severity: 'warning', field: `metadata.annotations[${key}]`, message });
    const lines = typeof value === 'string' ? value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '') : [];
    if (lines.length === 0) {
      invalid(`the annotation is empty, so it silences nothing; write ${CLAUSE_FORM}`);
      continue;
    }
    const parsed: IgnoreClause[] = [];
    for (const line of lines) {
      const colon = line.indexOf(':');
      const scope = colon < 0 ? line : line.slice(0, colon).trim();
      const reason = colon < 0 ? '' : line.slice(colon + 1).trim();
      if (reason === '') {
        invalid(`${goQuote(line)} gives no reason, so it silences nothing: a reviewer must see why the finding is accepted; write ${CLAUSE_FORM}`);
        continue;
      }
      const names = scope.split(',').map((n) => n.trim());
      if (names.length === 1 && names[0] === '*') {
        parsed.push({ reason });
        continue;
      }
      const bad = names.filter((n) => n === '*' || isDNS1123Label(n).length > 0);
      if (bad.length > 0) {
        invalid(`${goQuote(scope)} in ${goQuote(line)} is not a list of container names (lowercase DNS-1123 labels) or "*", so the clause silences nothing; write ${CLAUSE_FORM}`);
        continue;
      }
      if (podContainers !== undefined) {
        for (const n of names.filter((x) => !podContainers.includes(x))) {
          invalid(`container ${goQuote(n)} is not in the pod, so the clause silences nothing there; the pod's containers: ${podContainers.map(goQuote).join(', ')}`);
        }
      }
      parsed.push({ containers: names, reason });
    }
    if (parsed.length > 0) clauses.set(rule, parsed);
  }
  return { rules: new Set(rules), clauses, problems };
}

/** The container a finding is about (from its field path), if any. */
function findingContainer(ctx: LintContext, field: string): string | undefined {
  const prefix = `${ctx.specPath}.`;
  if (!field.startsWith(prefix)) return undefined;
  const m = /^(initContainers|containers)\[(\d+)\]/.exec(field.slice(prefix.length));
  if (!m) return undefined;
  const name = str(obj(arr(ctx.podSpec[m[1]])[Number(m[2])]).name);
  return name === '' ? undefined : name;
}

/** How the finding of `rule` at `field` is silenced, if it is: a per-rule clause (with its reason) first, then the rule list. */
function silencer(ignores: IgnoreAnnotations, ctx: LintContext, rule: string, field: string): string | undefined {
  const container = findingContainer(ctx, field);
  const covers = (c: IgnoreClause) => c.containers === undefined || (container !== undefined && c.containers.includes(container));
  const clause = (ignores.clauses.get(rule) ?? []).find(covers);
  if (clause) return `annotation ${IGNORE_RULE_ANNOTATION_PREFIX}${rule}: ${clause.reason}`;
  return ignores.rules.has(rule) ? SILENCED_BY : undefined;
}

/** Run every applicable rule on one pod-bearing object. */
export function lintPodObject(ctx: LintContext, isDaemonSet: boolean, roleAnnotationInvalid?: string): LintFinding[] {
  const ignores = parseIgnoreAnnotations(ctx.object, ctx.podSpec);
  const findings: LintFinding[] = [];
  const add = (rule: string, severity: LintSeverity, f: RawFinding) => {
    const by = silencer(ignores, ctx, rule, f.field);
    findings.push({
      rule,
      severity: f.severity ?? severity,
      field: f.field,
      message: f.message,
      ...(by !== undefined ? { silenced: true, silencedBy: by } : {}),
    });
  };
  if (roleAnnotationInvalid !== undefined) {
    add('unknown-agent-role', 'warning', {
      field: `metadata.annotations[${ROLE_ANNOTATION}]`,
      message: `unknown agent role ${goQuote(roleAnnotationInvalid)}; use one of ${[...VALID_ROLES].join(', ')} (the role was inferred as ${ctx.role})`,
    });
  }
  for (const rule of LINT_RULES) {
    if (rule.daemonSetOnly && !isDaemonSet) continue;
    for (const f of rule.check(ctx)) add(rule.id, rule.severity, f);
  }
  findings.push(...ignores.problems);
  return findings;
}

/**
 * The problems of the ignore annotations of an object without a pod template
 * (unknown rules, malformed clauses): a typo silences nothing, visibly.
 */
export function ignoreAnnotationProblems(object: Obj): LintFinding[] {
  return parseIgnoreAnnotations(object).problems;
}
