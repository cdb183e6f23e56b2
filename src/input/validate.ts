/**
 * Structural checks on Nodes, Pods and DaemonSets read from files, before the
 * placement engine sees them: every field the engine reads must have the JSON
 * type the Kubernetes API gives it (the types in
 * staging/src/k8s.io/api/core/v1/types.go and staging/src/k8s.io/api/apps/v1/types.go),
 * so that a typo in a manifest is reported against its file and field path
 * instead of surfacing as a crash. An object that fails here is one the
 * apiserver would refuse to decode.
 *
 * Enum fields (selector, affinity and toleration operators, taint effects)
 * are checked against the API's values, as the apiserver's validation would
 * refuse the object (pkg/apis/core/validation/validation.go
 * `validateNodeSelectorRequirement`, `ValidateTolerations`;
 * apimachinery pkg/apis/meta/v1/validation `ValidateLabelSelectorRequirement`).
 * Value checks (quantity syntax, label syntax) are the engine's: it throws
 * `PlacementInputError` with the field path. Full API validation
 * (`ValidateDaemonSet`) is the `check` command's.
 *
 * Internal module: not part of the jsii API.
 */
import { describeValue, isMapping, LoadedObject, objectError } from './load';

/** `v1.NodeSelectorOperator` values (staging/src/k8s.io/api/core/v1/types.go). */
export const NODE_SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
/** `metav1.LabelSelectorOperator` values (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go). */
export const LABEL_SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
/** `v1.TolerationOperator` values. */
export const TOLERATION_OPERATORS: readonly string[] = ['Exists', 'Equal'];
/** `v1.TaintEffect` values. */
export const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
/** `v1.PreemptionPolicy` values. */
export const PREEMPTION_POLICIES: readonly string[] = ['PreemptLowerPriority', 'Never'];

/** Checks one object's fields against their API types; reports the first mismatch. */
class Fields {
  constructor(private readonly loaded: LoadedObject) {}

  fail(field: string, detail: string): never {
    throw objectError(this.loaded, field, detail);
  }

  /** A mapping, or undefined when absent (and not required). */
  mapping(value: unknown, field: string, required = false): Record<string, any> | undefined {
    if (value === undefined || value === null) {
      if (required) this.fail(field, 'required field is missing');
      return undefined;
    }
    if (!isMapping(value)) this.fail(field, `must be a mapping, got ${describeValue(value)}`);
    return value as Record<string, any>;
  }

  /** A list, or undefined when absent (and not required). */
  list(value: unknown, field: string, required = false): unknown[] | undefined {
    if (value === undefined || value === null) {
      if (required) this.fail(field, 'required field is missing');
      return undefined;
    }
    if (!Array.isArray(value)) this.fail(field, `must be a list, got ${describeValue(value)}`);
    return value as unknown[];
  }

  /** A list of mappings; returns [] when absent and not required. */
  mappings(value: unknown, field: string, required = false): Array<Record<string, any>> {
    const items = this.list(value, field, required) ?? [];
    return items.map((item, i) => this.mapping(item, `${field}[${i}]`, true) as Record<string, any>);
  }

  string(value: unknown, field: string, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.fail(field, 'required field is missing');
      return;
    }
    if (typeof value !== 'string') this.fail(field, `must be a string, got ${describeValue(value)}`);
  }

  nonEmptyString(value: unknown, field: string): void {
    this.string(value, field, true);
    if (value === '') this.fail(field, 'must not be empty');
  }

  boolean(value: unknown, field: string): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'boolean') this.fail(field, `must be true or false, got ${describeValue(value)}`);
  }

  integer(value: unknown, field: string, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.fail(field, 'required field is missing');
      return;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(field, `must be an integer, got ${describeValue(value)}`);
    }
  }

  /**
   * A rollout budget (`intstr.IntOrString`): an integer, or a percentage the
   * controller can scale (`^[0-9]+%$`, apimachinery pkg/util/validation `IsValidPercent`;
   * anything else makes `GetScaledValueFromIntOrPercent` fail, so no rollout happens).
   */
  intOrPercent(value: unknown, field: string): void {
    if (value === undefined || value === null) return;
    if (typeof value === 'string' && /^[0-9]+%$/.test(value)) return;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(field, `must be an integer or a percentage such as "10%", got ${describeValue(value)}`);
    }
  }

  /** One of the API's enum values (`field.NotSupported`), sorted in the message as Go sorts them. */
  oneOf(value: unknown, field: string, allowed: readonly string[], required = false): void {
    this.string(value, field, required);
    if (value === undefined || value === null) return;
    if (!allowed.includes(value as string)) {
      const list = [...allowed].sort().map((a) => JSON.stringify(a)).join(', ');
      this.fail(field, `unsupported value ${JSON.stringify(value)} (supported values: ${list})`);
    }
  }

  stringList(value: unknown, field: string): void {
    const items = this.list(value, field) ?? [];
    items.forEach((item, i) => this.string(item, `${field}[${i}]`, true));
  }

  /** `map[string]string` (labels, annotations, nodeSelector). */
  stringMap(value: unknown, field: string): void {
    const map = this.mapping(value, field);
    if (!map) return;
    for (const [key, v] of Object.entries(map)) {
      if (typeof v !== 'string') {
        const hint = typeof v === 'boolean' || typeof v === 'number' ? ` (quote it: "${String(v)}")` : '';
        this.fail(`${field}[${JSON.stringify(key)}]`, `must be a string, got ${describeValue(v)}${hint}`);
      }
    }
  }

  /** `ResourceList`: quantities as strings or plain numbers. */
  resourceList(value: unknown, field: string): void {
    const map = this.mapping(value, field);
    if (!map) return;
    for (const [name, q] of Object.entries(map)) {
      if (typeof q !== 'string' && typeof q !== 'number') {
        this.fail(`${field}[${JSON.stringify(name)}]`, `must be a quantity such as "100m" or "1Gi", got ${describeValue(q)}`);
      }
    }
  }

  objectMeta(value: unknown, field: string, nameRequired: boolean): void {
    const meta = this.mapping(value, field, nameRequired);
    if (!meta) return;
    if (nameRequired) this.nonEmptyString(meta.name, `${field}.name`);
    else this.string(meta.name, `${field}.name`);
    this.string(meta.namespace, `${field}.namespace`);
    this.string(meta.uid, `${field}.uid`);
    this.stringMap(meta.labels, `${field}.labels`);
    this.stringMap(meta.annotations, `${field}.annotations`);
    this.mappings(meta.ownerReferences, `${field}.ownerReferences`).forEach((ref, i) => {
      const f = `${field}.ownerReferences[${i}]`;
      this.string(ref.apiVersion, `${f}.apiVersion`);
      this.string(ref.kind, `${f}.kind`);
      this.string(ref.name, `${f}.name`);
      this.string(ref.uid, `${f}.uid`);
      this.boolean(ref.controller, `${f}.controller`);
    });
  }

  nodeSelectorRequirements(value: unknown, field: string): void {
    this.mappings(value, field).forEach((req, i) => {
      const f = `${field}[${i}]`;
      this.string(req.key, `${f}.key`, true);
      this.oneOf(req.operator, `${f}.operator`, NODE_SELECTOR_OPERATORS, true);
      this.stringList(req.values, `${f}.values`);
    });
  }

  nodeSelectorTerm(term: Record<string, any>, field: string): void {
    this.nodeSelectorRequirements(term.matchExpressions, `${field}.matchExpressions`);
    this.nodeSelectorRequirements(term.matchFields, `${field}.matchFields`);
  }

  labelSelector(value: unknown, field: string): void {
    const sel = this.mapping(value, field);
    if (!sel) return;
    this.stringMap(sel.matchLabels, `${field}.matchLabels`);
    this.mappings(sel.matchExpressions, `${field}.matchExpressions`).forEach((req, i) => {
      const f = `${field}.matchExpressions[${i}]`;
      this.string(req.key, `${f}.key`, true);
      this.oneOf(req.operator, `${f}.operator`, LABEL_SELECTOR_OPERATORS, true);
      this.stringList(req.values, `${f}.values`);
    });
  }

  affinity(value: unknown, field: string): void {
    const affinity = this.mapping(value, field);
    if (!affinity) return;
    const nodeAffinity = this.mapping(affinity.nodeAffinity, `${field}.nodeAffinity`);
    if (nodeAffinity) {
      const rf = `${field}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
      const required = this.mapping(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, rf);
      if (required) {
        this.mappings(required.nodeSelectorTerms, `${rf}.nodeSelectorTerms`, true)
          .forEach((term, i) => this.nodeSelectorTerm(term, `${rf}.nodeSelectorTerms[${i}]`));
      }
      const pf = `${field}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`;
      this.mappings(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution, pf).forEach((pref, i) => {
        this.integer(pref.weight, `${pf}[${i}].weight`, true);
        const term = this.mapping(pref.preference, `${pf}[${i}].preference`, true) as Record<string, any>;
        this.nodeSelectorTerm(term, `${pf}[${i}].preference`);
      });
    }
    this.mapping(affinity.podAffinity, `${field}.podAffinity`);
    this.mapping(affinity.podAntiAffinity, `${field}.podAntiAffinity`);
  }

  container(c: Record<string, any>, field: string): void {
    this.string(c.name, `${field}.name`);
    this.string(c.image, `${field}.image`);
    this.string(c.restartPolicy, `${field}.restartPolicy`);
    const resources = this.mapping(c.resources, `${field}.resources`);
    if (resources) {
      this.resourceList(resources.requests, `${field}.resources.requests`);
      this.resourceList(resources.limits, `${field}.resources.limits`);
    }
    this.mappings(c.ports, `${field}.ports`).forEach((port, i) => {
      const f = `${field}.ports[${i}]`;
      this.integer(port.containerPort, `${f}.containerPort`, true);
      this.integer(port.hostPort, `${f}.hostPort`);
      this.string(port.hostIP, `${f}.hostIP`);
      this.string(port.protocol, `${f}.protocol`);
      this.string(port.name, `${f}.name`);
    });
    this.mappings(c.volumeMounts, `${field}.volumeMounts`).forEach((m, i) => {
      this.string(m.name, `${field}.volumeMounts[${i}].name`, true);
      this.string(m.mountPath, `${field}.volumeMounts[${i}].mountPath`, true);
    });
    this.mapping(c.securityContext, `${field}.securityContext`);
  }

  podSpec(value: unknown, field: string, containersRequired: boolean): void {
    const spec = this.mapping(value, field, true) as Record<string, any>;
    const containers = this.mappings(spec.containers, `${field}.containers`, containersRequired);
    if (containersRequired && containers.length === 0) {
      this.fail(`${field}.containers`, 'must list at least one container');
    }
    containers.forEach((c, i) => this.container(c, `${field}.containers[${i}]`));
    this.mappings(spec.initContainers, `${field}.initContainers`)
      .forEach((c, i) => this.container(c, `${field}.initContainers[${i}]`));
    this.string(spec.nodeName, `${field}.nodeName`);
    this.stringMap(spec.nodeSelector, `${field}.nodeSelector`);
    this.affinity(spec.affinity, `${field}.affinity`);
    this.mappings(spec.tolerations, `${field}.tolerations`).forEach((t, i) => {
      const f = `${field}.tolerations[${i}]`;
      this.string(t.key, `${f}.key`);
      if (t.operator !== '') this.oneOf(t.operator, `${f}.operator`, TOLERATION_OPERATORS);
      this.string(t.value, `${f}.value`);
      if (t.effect !== '') this.oneOf(t.effect, `${f}.effect`, TAINT_EFFECTS);
      this.integer(t.tolerationSeconds, `${f}.tolerationSeconds`);
    });
    this.resourceList(spec.overhead, `${field}.overhead`);
    this.boolean(spec.hostNetwork, `${field}.hostNetwork`);
    this.boolean(spec.hostPID, `${field}.hostPID`);
    this.boolean(spec.hostIPC, `${field}.hostIPC`);
    this.string(spec.priorityClassName, `${field}.priorityClassName`);
    this.integer(spec.priority, `${field}.priority`);
    this.oneOf(spec.preemptionPolicy, `${field}.preemptionPolicy`, PREEMPTION_POLICIES);
    this.string(spec.schedulerName, `${field}.schedulerName`);
    this.mappings(spec.volumes, `${field}.volumes`).forEach((v, i) => {
      this.string(v.name, `${field}.volumes[${i}].name`, true);
    });
  }
}

/** Checks the fields of a Node the engine reads (labels, taints, unschedulable, allocatable). */
export function validateNodeShape(loaded: LoadedObject): void {
  const f = new Fields(loaded);
  const node = loaded.object;
  f.objectMeta(node.metadata, 'metadata', true);
  const spec = f.mapping(node.spec, 'spec');
  if (spec) {
    f.boolean(spec.unschedulable, 'spec.unschedulable');
    f.mappings(spec.taints, 'spec.taints').forEach((taint, i) => {
      f.nonEmptyString(taint.key, `spec.taints[${i}].key`);
      f.string(taint.value, `spec.taints[${i}].value`);
      f.oneOf(taint.effect, `spec.taints[${i}].effect`, TAINT_EFFECTS, true);
    });
  }
  const status = f.mapping(node.status, 'status');
  if (status) {
    f.resourceList(status.allocatable, 'status.allocatable');
    f.resourceList(status.capacity, 'status.capacity');
    f.mappings(status.conditions, 'status.conditions').forEach((c, i) => {
      f.string(c.type, `status.conditions[${i}].type`, true);
      f.string(c.status, `status.conditions[${i}].status`, true);
    });
  }
}

/** Checks the fields of a Pod the engine reads (node binding, phase, ports, requests, owner). */
export function validatePodShape(loaded: LoadedObject): void {
  const f = new Fields(loaded);
  const pod = loaded.object;
  f.objectMeta(pod.metadata, 'metadata', true);
  f.podSpec(pod.spec, 'spec', false);
  const status = f.mapping(pod.status, 'status');
  if (status) {
    f.string(status.phase, 'status.phase');
    f.string(status.startTime, 'status.startTime');
  }
}

/** API versions a DaemonSet is served under by Kubernetes 1.28 (apps/v1beta2 and extensions/v1beta1 were removed in 1.16). */
export const DAEMONSET_API_VERSIONS: readonly string[] = ['apps/v1'];

/** Checks the fields of a DaemonSet the engine reads; the template must have containers. */
export function validateDaemonSetShape(loaded: LoadedObject): void {
  const f = new Fields(loaded);
  const ds = loaded.object;
  if (!DAEMONSET_API_VERSIONS.includes(ds.apiVersion)) {
    f.fail('apiVersion', `DaemonSet apiVersion ${describeValue(ds.apiVersion)} is not served by Kubernetes 1.28; use "apps/v1"`);
  }
  f.objectMeta(ds.metadata, 'metadata', true);
  const spec = f.mapping(ds.spec, 'spec', true) as Record<string, any>;
  f.labelSelector(spec.selector, 'spec.selector');
  const template = f.mapping(spec.template, 'spec.template', true) as Record<string, any>;
  f.objectMeta(template.metadata, 'spec.template.metadata', false);
  f.podSpec(template.spec, 'spec.template.spec', true);
  const strategy = f.mapping(spec.updateStrategy, 'spec.updateStrategy');
  if (strategy) {
    f.string(strategy.type, 'spec.updateStrategy.type');
    const rolling = f.mapping(strategy.rollingUpdate, 'spec.updateStrategy.rollingUpdate');
    if (rolling) {
      f.intOrPercent(rolling.maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable');
      f.intOrPercent(rolling.maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge');
    }
  }
  f.integer(spec.minReadySeconds, 'spec.minReadySeconds');
  f.integer(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
}

/**
 * Whether a manifest is a DaemonSet of the built-in `apps` API group
 * (`apps/v1`, or the removed `apps/v1beta2` / `extensions/v1beta1`, which
 * validation then rejects). DaemonSet kinds of other groups, e.g. OpenKruise's
 * `apps.kruise.io`, are not: the Kubernetes DaemonSet controller ignores them.
 */
export function isDaemonSetManifest(obj: any): boolean {
  if (!isMapping(obj) || obj.kind !== 'DaemonSet' || typeof obj.apiVersion !== 'string') return false;
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return group === 'apps' || group === 'extensions';
}

/** The API versions Kubernetes 1.28 serves PriorityClasses and PodDisruptionBudgets under (v1beta1 was removed in 1.22 and 1.25). */
export const PRIORITY_CLASS_API_VERSION = 'scheduling.k8s.io/v1';
export const PDB_API_VERSION = 'policy/v1';

/** Checks the fields of a PriorityClass preemption reads (name, value, globalDefault, preemptionPolicy). */
export function validatePriorityClassShape(loaded: LoadedObject): void {
  const f = new Fields(loaded);
  const pc = loaded.object;
  if (pc.apiVersion !== PRIORITY_CLASS_API_VERSION) {
    f.fail('apiVersion', `PriorityClass apiVersion ${describeValue(pc.apiVersion)} is not served by Kubernetes 1.28; use "${PRIORITY_CLASS_API_VERSION}"`);
  }
  f.objectMeta(pc.metadata, 'metadata', true);
  f.integer(pc.value, 'value', true);
  f.boolean(pc.globalDefault, 'globalDefault');
  f.oneOf(pc.preemptionPolicy, 'preemptionPolicy', PREEMPTION_POLICIES);
}

/** Checks the fields of a PodDisruptionBudget preemption reads (selector, disruptionsAllowed, disruptedPods). */
export function validatePodDisruptionBudgetShape(loaded: LoadedObject): void {
  const f = new Fields(loaded);
  const pdb = loaded.object;
  if (pdb.apiVersion !== PDB_API_VERSION) {
    f.fail('apiVersion', `PodDisruptionBudget apiVersion ${describeValue(pdb.apiVersion)} is not served by Kubernetes 1.28; use "${PDB_API_VERSION}"`);
  }
  f.objectMeta(pdb.metadata, 'metadata', true);
  const spec = f.mapping(pdb.spec, 'spec');
  if (spec) f.labelSelector(spec.selector, 'spec.selector');
  const status = f.mapping(pdb.status, 'status');
  if (status) {
    f.integer(status.disruptionsAllowed, 'status.disruptionsAllowed');
    f.stringMap(status.disruptedPods, 'status.disruptedPods');
  }
}
