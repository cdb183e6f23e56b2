/**
 * The warnings the 1.28 apiserver returns (kubectl prints them as
 * "Warning: ...") when a DaemonSet is created: `GetWarningsForPodTemplate`
 * called with the path `spec.template`. They never reject the object.
 *
 * Upstream: pkg/api/pod/warnings.go (warningsForPodSpecAndMeta) and
 * pkg/api/node/util.go (GetNodeLabelDeprecatedMessage,
 * GetWarningsForNodeSelectorTerm), pkg/api/persistentvolumeclaim/util.go
 * (fractional storage requests of ephemeral volumes). Internal module.
 */
import { FieldPath, goQuote } from './field';
import { isRecord, str } from './meta';
import { visitContainersWithPath } from './pod';
import { defaultedQuantity } from './resources';
import { Quantity, QuantityError } from '../placement/quantity';

type Obj = Record<string, any>;

/** `deprecatedNodeLabels`. */
export const DEPRECATED_NODE_LABELS: Readonly<Record<string, string>> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

const DEPRECATED_ANNOTATIONS: ReadonlyArray<{ key: string; message: string }> = [
  { key: 'scheduler.alpha.kubernetes.io/critical-pod', message: 'non-functional in v1.16+; use the "priorityClassName" field instead' },
  { key: 'security.alpha.kubernetes.io/sysctls', message: 'non-functional in v1.11+; use the "sysctls" field instead' },
  { key: 'security.alpha.kubernetes.io/unsafe-sysctls', message: 'non-functional in v1.11+; use the "sysctls" field instead' },
];

const DEPRECATED_VOLUMES: ReadonlyArray<readonly [field: string, pathName: string, message: string]> = [
  ['photonPersistentDisk', 'photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  ['gitRepo', 'gitRepo', 'deprecated in v1.11'],
  ['scaleIO', 'scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  ['flocker', 'flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  ['storageos', 'storageOS', 'deprecated in v1.22, non-functional in v1.25+'],
  ['quobyte', 'quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
];

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function obj(v: unknown): Obj {
  return isRecord(v) ? v : {};
}

/** The Quantity of a resource-list entry as defaulted, or undefined when it does not decode (validation reports that). */
function quantityOf(raw: unknown): Quantity | undefined {
  try {
    return defaultedQuantity(raw).quantity;
  } catch (e) {
    if (e instanceof QuantityError) return undefined;
    throw e;
  }
}

function fractional(raw: unknown): Quantity | undefined {
  const q = quantityOf(raw);
  return q !== undefined && q.milliValue() % 1000n !== 0n ? q : undefined;
}

function nodeSelectorTermWarnings(term: Obj, fldPath: FieldPath): string[] {
  const out: string[] = [];
  arr(term.matchExpressions).forEach((e, i) => {
    const key = str(obj(e).key);
    const msg = DEPRECATED_NODE_LABELS[key];
    if (msg) out.push(`${fldPath.child('matchExpressions').index(i).child('key')}: ${key} is ${msg}`);
  });
  return out;
}

/** `%+v` of a `core.ContainerPort`. */
function goPortPlusV(p: Obj): string {
  return `{Name:${str(p.name)} HostPort:${num(p.hostPort)} ContainerPort:${num(p.containerPort)} Protocol:${str(p.protocol)} HostIP:${str(p.hostIP)}}`;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/**
 * `warningsForPodSpecAndMeta(fieldPath, spec, meta, nil, nil)`.
 * `fieldPath` is `spec.template` for a DaemonSet, `FieldPath.nil()` to mirror the Go tests.
 */
export function warningsForPodSpecAndMeta(fieldPath: FieldPath, podSpec: Obj, meta: Obj): string[] {
  const warnings: string[] = [];
  const annotations = obj(meta.annotations);

  for (const k of Object.keys(obj(podSpec.nodeSelector))) {
    const msg = DEPRECATED_NODE_LABELS[k];
    if (msg) warnings.push(`${fieldPath.child('spec', 'nodeSelector').key(k)}: ${msg}`);
  }
  const na = obj(obj(podSpec.affinity).nodeAffinity);
  if (isRecord(na.requiredDuringSchedulingIgnoredDuringExecution)) {
    const termPath = fieldPath.child('spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    arr(na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).forEach((t, i) => {
      warnings.push(...nodeSelectorTermWarnings(obj(t), termPath.index(i)));
    });
  }
  const preferredPath = fieldPath.child('spec', 'affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution');
  arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    warnings.push(...nodeSelectorTermWarnings(obj(obj(t).preference), preferredPath.index(i).child('preference')));
  });
  arr(podSpec.topologySpreadConstraints).forEach((raw, i) => {
    const t = obj(raw);
    const tsc = fieldPath.child('spec', 'topologySpreadConstraints').index(i);
    const msg = DEPRECATED_NODE_LABELS[str(t.topologyKey)];
    if (msg) warnings.push(`${tsc.child('topologyKey')}: ${str(t.topologyKey)} is ${msg}`);
    if (!isRecord(t.labelSelector)) warnings.push(`${tsc.child('labelSelector')}: a null labelSelector results in matching no pod`);
  });

  for (const d of DEPRECATED_ANNOTATIONS) {
    if (d.key in annotations) warnings.push(`${fieldPath.child('metadata', 'annotations').key(d.key)}: ${d.message}`);
  }

  arr(podSpec.volumes).forEach((raw, i) => {
    const v = obj(raw);
    const vp = fieldPath.child('spec', 'volumes').index(i);
    for (const [f, pathName, message] of DEPRECATED_VOLUMES) {
      if (isRecord(v[f])) warnings.push(`${vp.child(pathName)}: ${message}`);
    }
    if (isRecord(v.ephemeral) && isRecord(v.ephemeral.volumeClaimTemplate)) {
      const specPath = vp.child('ephemeral').child('volumeClaimTemplate').child('spec');
      const res = obj(obj(v.ephemeral.volumeClaimTemplate.spec).resources);
      for (const kind of ['requests', 'limits'] as const) {
        if (!isRecord(res[kind]) || !('storage' in res[kind])) continue;
        const q = fractional(res[kind].storage);
        if (q) {
          warnings.push(`${specPath.child('resources', kind).key('storage')}: fractional byte value ${goQuote(q.toString())} is invalid, must be an integer`);
        }
      }
    }
    if (isRecord(v.cephfs)) warnings.push(`${vp.child('cephfs')}: deprecated in v1.28, non-functional in v1.31+`);
    if (isRecord(v.rbd)) warnings.push(`${vp.child('rbd')}: deprecated in v1.28, non-functional in v1.31+`);
  });

  const hostAliases = arr(podSpec.hostAliases);
  if (hostAliases.length > 1) {
    const seen = new Set<string>();
    hostAliases.forEach((raw, i) => {
      const ip = str(obj(raw).ip);
      if (seen.has(ip)) warnings.push(`${fieldPath.child('spec', 'hostAliases').index(i).child('ip')}: duplicate ip ${goQuote(ip)}`);
      else seen.add(ip);
    });
  }
  const pullSecrets = arr(podSpec.imagePullSecrets);
  if (pullSecrets.length > 1) {
    const seen = new Set<string>();
    pullSecrets.forEach((raw, i) => {
      const name = str(obj(raw).name);
      if (seen.has(name)) warnings.push(`${fieldPath.child('spec', 'imagePullSecrets').index(i).child('name')}: duplicate name ${goQuote(name)}`);
      else seen.add(name);
    });
  }
  pullSecrets.forEach((raw, i) => {
    const name = str(obj(raw).name);
    if (name.length === 0) warnings.push(`${fieldPath.child('spec', 'imagePullSecrets').index(i).child('name')}: invalid empty name ${goQuote(name)}`);
  });

  const overhead = obj(podSpec.overhead);
  for (const r of ['memory', 'ephemeral-storage']) {
    if (!(r in overhead)) continue;
    const q = fractional(overhead[r]);
    if (q) warnings.push(`${fieldPath.child('spec', 'overhead').key(r)}: fractional byte value ${goQuote(q.toString())} is invalid, must be an integer`);
  }

  const seccompPodSet = isRecord(obj(podSpec.securityContext).seccompProfile);
  if (!seccompPodSet && 'seccomp.security.alpha.kubernetes.io/pod' in annotations) {
    warnings.push(`${fieldPath.child('metadata', 'annotations').key('seccomp.security.alpha.kubernetes.io/pod')}: non-functional in v1.27+; use the "seccompProfile" field instead`);
  }

  visitContainersWithPath(podSpec, fieldPath.child('spec'), (c, p) => {
    const key = `container.seccomp.security.alpha.kubernetes.io/${str(c.name)}`;
    if (!isRecord(obj(c.securityContext).seccompProfile) && key in annotations) {
      warnings.push(`${fieldPath.child('metadata', 'annotations').key(key)}: non-functional in v1.27+; use the "seccompProfile" field instead`);
    }
    const resources = obj(c.resources);
    for (const [kind, r] of [['limits', 'memory'], ['requests', 'memory'], ['limits', 'ephemeral-storage'], ['requests', 'ephemeral-storage']]) {
      const list = obj(resources[kind]);
      if (!(r in list)) continue;
      const q = fractional(list[r]);
      if (q) warnings.push(`${p.child('resources', kind).key(r)}: fractional byte value ${goQuote(q.toString())} is invalid, must be an integer`);
    }
    const env = arr(c.env);
    if (env.length > 1) {
      const seen = new Set<string>();
      env.forEach((raw, i) => {
        const item = obj(raw);
        const name = str(item.name);
        if (!seen.has(name)) {
          seen.add(name);
          return;
        }
        const ref = `$(${name})`;
        const value = str(item.value);
        const bad = isRecord(item.valueFrom) || value === ref || !value.includes(ref);
        if (bad) warnings.push(`${p.child('env').index(i)}: hides previous definition of ${goQuote(name)}`);
      });
    }
  });

  const allPorts = new Map<string, Array<{ field: FieldPath; port: Obj }>>();
  visitContainersWithPath(podSpec, fieldPath.child('spec'), (c, p) => {
    arr(c.ports).forEach((raw, i) => {
      const port = obj(raw);
      const portPath = p.child('ports').index(i);
      if (str(port.hostIP) !== '' && num(port.hostPort) === 0) {
        warnings.push(`${portPath}: hostIP set without hostPort: ${goPortPlusV(port)}`);
      }
      const k = `${num(port.containerPort)}/${str(port.protocol)}`;
      const others = allPorts.get(k);
      if (others) {
        for (const other of others) {
          const sameIP = str(port.hostIP) === str(other.port.hostIP);
          const a = str(port.hostIP) === '';
          const b = str(other.port.hostIP) === '';
          if (sameIP && num(port.hostPort) === num(other.port.hostPort)) {
            warnings.push(`${portPath}: duplicate port definition with ${other.field}`);
          } else if (num(port.hostPort) === 0 || num(other.port.hostPort) === 0) {
            warnings.push(`${portPath}: overlapping port definition with ${other.field}`);
          } else if (num(port.hostPort) === num(other.port.hostPort) && (a || b) && !(a && b)) {
            warnings.push(`${portPath}: dangerously ambiguous port definition with ${other.field}`);
          }
        }
        others.push({ field: portPath, port });
      } else {
        allPorts.set(k, [{ field: portPath, port }]);
      }
    });
  });

  if (typeof podSpec.terminationGracePeriodSeconds === 'number' && podSpec.terminationGracePeriodSeconds < 0) {
    warnings.push(`${fieldPath.child('spec', 'terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid and will be treated as 1`);
  }

  const affinity = obj(podSpec.affinity);
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    if (!isRecord(affinity[kind])) continue;
    const base = fieldPath.child('spec', 'affinity', kind);
    arr(affinity[kind].requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (!isRecord(obj(t).labelSelector)) {
        warnings.push(`${base.child('requiredDuringSchedulingIgnoredDuringExecution').index(i).child('labelSelector')}: a null labelSelector results in matching no pod`);
      }
    });
    arr(affinity[kind].preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (!isRecord(obj(obj(t).podAffinityTerm).labelSelector)) {
        warnings.push(`${base.child('preferredDuringSchedulingIgnoredDuringExecution').index(i).child('podAffinityTerm', 'labelSelector')}: a null labelSelector results in matching no pod`);
      }
    });
  }
  return warnings;
}

/** The warnings for a defaulted DaemonSet, as `WarningsOnCreate` returns them. */
export function daemonSetWarnings(ds: Obj): string[] {
  const template = obj(obj(ds.spec).template);
  return warningsForPodSpecAndMeta(FieldPath.root('spec', 'template'), obj(template.spec), obj(template.metadata));
}
