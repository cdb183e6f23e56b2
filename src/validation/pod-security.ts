/**
 * Pod Security Standards as the pod-security-admission library of Kubernetes
 * 1.28 evaluates them: every check, every versioned variant, the override
 * rules between restricted and baseline checks, and the exact
 * `ForbiddenReason` / `ForbiddenDetail` strings.
 *
 * Upstream: staging/src/k8s.io/pod-security-admission/policy/check_*.go,
 * registry.go (`populate`, `EvaluatePod`: baseline checks then restricted
 * checks, each sorted by check ID), helpers.go (`joinQuote`, `pluralize`),
 * visitor.go (init, regular, then ephemeral containers), and api/helpers.go
 * (`ParseLevel`, `ParseVersion`, `PolicyToEvaluate`).
 *
 * Each failure also carries the template-relative field paths that caused it
 * (`spec.hostNetwork`, `spec.containers[0].securityContext.privileged`, ...),
 * which the library adds for users; the upstream checks report none.
 * Internal module.
 */
import { goQuote, goSorted } from './field';
import { isRecord, str } from './meta';

type Obj = Record<string, any>;

/** A Pod Security Standards level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Namespace labels read by PodSecurity admission. */
export const ENFORCE_LEVEL_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** One failed check. */
export interface PodSecurityFailure {
  /** The check ID (`hostNamespaces`, `runAsNonRoot`, ...). */
  readonly check: string;
  /** `ForbiddenReason`, verbatim. */
  readonly reason: string;
  /** `ForbiddenDetail`, verbatim. */
  readonly detail: string;
  /** Template-relative paths of the offending fields. */
  readonly fields: string[];
}

/** The strictest level a pod template meets, and what fails at each level. */
export interface PodSecurityResult {
  readonly level: PodSecurityLevel;
  readonly baseline: PodSecurityFailure[];
  readonly restricted: PodSecurityFailure[];
}

interface CheckResult {
  readonly reason: string;
  readonly detail: string;
  readonly fields: string[];
}

type CheckFn = (meta: Obj, spec: Obj) => CheckResult | undefined;

interface VersionedCheck {
  readonly minVersion: number;
  readonly fn: CheckFn;
  readonly overrides?: readonly string[];
}

interface Check {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  readonly versions: readonly VersionedCheck[];
}

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function obj(v: unknown): Obj {
  return isRecord(v) ? v : {};
}

/** `joinQuote`. */
function joinQuote(items: readonly string[]): string {
  if (items.length === 0) return '';
  return '"' + items.join('", "') + '"';
}

function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

interface VisitedContainer {
  readonly c: Obj;
  readonly path: string;
}

/** `visitContainers`: init, regular, then ephemeral containers. */
function containers(spec: Obj): VisitedContainer[] {
  const out: VisitedContainer[] = [];
  arr(spec.initContainers).forEach((c, i) => out.push({ c: obj(c), path: `spec.initContainers[${i}]` }));
  arr(spec.containers).forEach((c, i) => out.push({ c: obj(c), path: `spec.containers[${i}]` }));
  arr(spec.ephemeralContainers).forEach((c, i) => out.push({ c: obj(c), path: `spec.ephemeralContainers[${i}]` }));
  return out;
}

function sc(c: Obj): Obj | undefined {
  return isRecord(c.securityContext) ? c.securityContext : undefined;
}

const isWindows = (spec: Obj) => str(obj(spec.os).name) === 'windows';

// --- baseline --------------------------------------------------------------

const appArmorProfile: CheckFn = (meta) => {
  const forbidden: string[] = [];
  const fields: string[] = [];
  for (const [k, v] of Object.entries(obj(meta.annotations))) {
    const value = str(v);
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/')
      && !(value.length === 0 || value === 'runtime/default' || value.startsWith('localhost/'))) {
      forbidden.push(`${k}=${goQuote(value)}`);
      fields.push(`metadata.annotations[${k}]`);
    }
  }
  if (forbidden.length === 0) return undefined;
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', forbidden.length),
    detail: goSorted(forbidden).join(', '),
    fields: goSorted(fields),
  };
};

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

const capabilitiesBaseline: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const caps = new Set<string>();
  const fields: string[] = [];
  for (const { c, path } of containers(spec)) {
    const capabilities = sc(c)?.capabilities;
    if (!isRecord(capabilities)) continue;
    let valid = true;
    arr(capabilities.add).forEach((cap, i) => {
      if (!BASELINE_CAPABILITIES.has(str(cap))) {
        valid = false;
        caps.add(str(cap));
        fields.push(`${path}.securityContext.capabilities.add[${i}]`);
      }
    });
    if (!valid) bad.push(str(c.name));
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not include ${joinQuote(goSorted(caps))} in securityContext.capabilities.add`,
    fields,
  };
};

const hostNamespaces: CheckFn = (_meta, spec) => {
  const ns: string[] = [];
  const fields: string[] = [];
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[f] === true) {
      ns.push(`${f}=true`);
      fields.push(`spec.${f}`);
    }
  }
  return ns.length === 0 ? undefined : { reason: 'host namespaces', detail: ns.join(', '), fields };
};

const hostPathVolumes: CheckFn = (_meta, spec) => {
  const names: string[] = [];
  const fields: string[] = [];
  arr(spec.volumes).forEach((v, i) => {
    if (isRecord(obj(v).hostPath)) {
      names.push(str(obj(v).name));
      fields.push(`spec.volumes[${i}].hostPath`);
    }
  });
  if (names.length === 0) return undefined;
  return { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`, fields };
};

const hostPorts: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const ports = new Set<string>();
  const fields: string[] = [];
  for (const { c, path } of containers(spec)) {
    let valid = true;
    arr(c.ports).forEach((p, i) => {
      const hp = obj(p).hostPort;
      if (typeof hp === 'number' && hp !== 0) {
        valid = false;
        ports.add(String(hp));
        fields.push(`${path}.ports[${i}].hostPort`);
      }
    });
    if (!valid) bad.push(str(c.name));
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'hostPort',
    detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} `
      + `${pluralize('hostPort', 'hostPorts', ports.size)} ${goSorted(ports).join(', ')}`,
    fields,
  };
};

const privileged: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const fields: string[] = [];
  for (const { c, path } of containers(spec)) {
    if (sc(c)?.privileged === true) {
      bad.push(str(c.name));
      fields.push(`${path}.securityContext.privileged`);
    }
  }
  if (bad.length === 0) return undefined;
  return { reason: 'privileged', detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true`, fields };
};

const procMount: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const types = new Set<string>();
  const fields: string[] = [];
  for (const { c, path } of containers(spec)) {
    const pm = sc(c)?.procMount;
    if (pm === undefined || pm === null) continue;
    if (str(pm) !== 'Default') {
      bad.push(str(c.name));
      types.add(str(pm));
      fields.push(`${path}.securityContext.procMount`);
    }
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'procMount',
    detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.procMount to ${joinQuote(goSorted(types))}`,
    fields,
  };
};

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);

const seLinuxOptions: CheckFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const badTypes = new Set<string>();
  const fields: string[] = [];
  let setUser = false;
  let setRole = false;
  const valid = (o: Obj) => {
    let ok = true;
    if (!SELINUX_TYPES.has(str(o.type))) {
      ok = false;
      badTypes.add(str(o.type));
    }
    if (str(o.user).length > 0) {
      ok = false;
      setUser = true;
    }
    if (str(o.role).length > 0) {
      ok = false;
      setRole = true;
    }
    return ok;
  };
  const podOpts = obj(spec.securityContext).seLinuxOptions;
  if (isRecord(podOpts) && !valid(podOpts)) {
    badSetters.push('pod');
    fields.push('spec.securityContext.seLinuxOptions');
  }
  const bad: string[] = [];
  for (const { c, path } of containers(spec)) {
    const o = sc(c)?.seLinuxOptions;
    if (isRecord(o) && !valid(o)) {
      bad.push(str(c.name));
      fields.push(`${path}.securityContext.seLinuxOptions`);
    }
  }
  if (bad.length > 0) badSetters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  if (badSetters.length === 0) return undefined;
  const badData: string[] = [];
  if (badTypes.size > 0) badData.push(`${pluralize('type', 'types', badTypes.size)} ${joinQuote(goSorted(badTypes))}`);
  if (setUser) badData.push('user may not be set');
  if (setRole) badData.push('role may not be set');
  return {
    reason: 'seLinuxOptions',
    detail: `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${badData.join('; ')}`,
    fields,
  };
};

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

const validSeccomp = (t: string) => t === 'Localhost' || t === 'RuntimeDefault';

const seccompProfileBaseline_1_0: CheckFn = (meta, spec) => {
  const forbidden = new Set<string>();
  const fields: string[] = [];
  const annotations = obj(meta.annotations);
  const validValue = (v: string) => v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
  if (SECCOMP_POD_ANNOTATION in annotations && !validValue(str(annotations[SECCOMP_POD_ANNOTATION]))) {
    forbidden.add(`${SECCOMP_POD_ANNOTATION}=${goQuote(str(annotations[SECCOMP_POD_ANNOTATION]))}`);
    fields.push(`metadata.annotations[${SECCOMP_POD_ANNOTATION}]`);
  }
  for (const { c } of containers(spec)) {
    const key = SECCOMP_CONTAINER_PREFIX + str(c.name);
    if (key in annotations && !validValue(str(annotations[key]))) {
      forbidden.add(`${key}=${goQuote(str(annotations[key]))}`);
      fields.push(`metadata.annotations[${key}]`);
    }
  }
  if (forbidden.size === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', forbidden.size)} ${goSorted(forbidden).join(', ')}`,
    fields,
  };
};

function seccompExplicit(spec: Obj): { badSetters: string[]; badValues: Set<string>; fields: string[]; podSet: boolean; implicit: string[] } {
  const badSetters: string[] = [];
  const badValues = new Set<string>();
  const fields: string[] = [];
  let podSet = false;
  const podProfile = obj(spec.securityContext).seccompProfile;
  if (isRecord(podProfile)) {
    if (!validSeccomp(str(podProfile.type))) {
      badSetters.push('pod');
      badValues.add(str(podProfile.type));
      fields.push('spec.securityContext.seccompProfile.type');
    } else {
      podSet = true;
    }
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const { c, path } of containers(spec)) {
    const p = sc(c)?.seccompProfile;
    if (isRecord(p)) {
      if (!validSeccomp(str(p.type))) {
        explicit.push(str(c.name));
        badValues.add(str(p.type));
        fields.push(`${path}.securityContext.seccompProfile.type`);
      }
    } else if (!podSet) {
      implicit.push(`${str(c.name)}\u0000${path}`);
    }
  }
  if (explicit.length > 0) badSetters.push(`${pluralize('container', 'containers', explicit.length)} ${joinQuote(explicit)}`);
  return { badSetters, badValues, fields, podSet, implicit };
}

const seccompProfileBaseline_1_19: CheckFn = (_meta, spec) => {
  const { badSetters, badValues, fields } = seccompExplicit(spec);
  if (badSetters.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(goSorted(badValues))}`,
    fields,
  };
};

const SYSCTLS_1_0 = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start']);
const SYSCTLS_1_27 = new Set([...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports']);

const sysctls = (allowed: Set<string>): CheckFn => (_meta, spec) => {
  const forbidden: string[] = [];
  const fields: string[] = [];
  arr(obj(spec.securityContext).sysctls).forEach((s, i) => {
    const name = str(obj(s).name);
    if (!allowed.has(name)) {
      forbidden.push(name);
      fields.push(`spec.securityContext.sysctls[${i}].name`);
    }
  });
  return forbidden.length === 0 ? undefined : { reason: 'forbidden sysctls', detail: forbidden.join(', '), fields };
};

const windowsHostProcess: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const fields: string[] = [];
  for (const { c, path } of containers(spec)) {
    if (obj(sc(c)?.windowsOptions).hostProcess === true) {
      bad.push(str(c.name));
      fields.push(`${path}.securityContext.windowsOptions.hostProcess`);
    }
  }
  const setters: string[] = [];
  if (obj(obj(spec.securityContext).windowsOptions).hostProcess === true) {
    setters.push('pod');
    fields.unshift('spec.securityContext.windowsOptions.hostProcess');
  }
  if (bad.length > 0) setters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  if (setters.length === 0) return undefined;
  return { reason: 'hostProcess', detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, fields };
};

// --- restricted ------------------------------------------------------------

const allowPrivilegeEscalation_1_8: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const fields: string[] = [];
  for (const { c, path } of containers(spec)) {
    const s = sc(c);
    if (!s || s.allowPrivilegeEscalation === undefined || s.allowPrivilegeEscalation === null || s.allowPrivilegeEscalation === true) {
      bad.push(str(c.name));
      fields.push(`${path}.securityContext.allowPrivilegeEscalation`);
    }
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    fields,
  };
};

const unlessWindows = (fn: CheckFn): CheckFn => (meta, spec) => (isWindows(spec) ? undefined : fn(meta, spec));

const capabilitiesRestricted_1_22: CheckFn = (_meta, spec) => {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCaps = new Set<string>();
  const fields: string[] = [];
  for (const { c, path } of containers(spec)) {
    const caps = sc(c)?.capabilities;
    if (!isRecord(caps)) {
      missingDropAll.push(str(c.name));
      fields.push(`${path}.securityContext.capabilities.drop`);
      continue;
    }
    if (!arr(caps.drop).some((d) => str(d) === 'ALL')) {
      missingDropAll.push(str(c.name));
      fields.push(`${path}.securityContext.capabilities.drop`);
    }
    let added = false;
    arr(caps.add).forEach((a, i) => {
      if (str(a) !== 'NET_BIND_SERVICE') {
        added = true;
        forbiddenCaps.add(str(a));
        fields.push(`${path}.securityContext.capabilities.add[${i}]`);
      }
    });
    if (added) addingForbidden.push(str(c.name));
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${pluralize('container', 'containers', missingDropAll.length)} ${joinQuote(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(`${pluralize('container', 'containers', addingForbidden.length)} ${joinQuote(addingForbidden)} must not include `
      + `${joinQuote(goSorted(forbiddenCaps))} in securityContext.capabilities.add`);
  }
  return details.length === 0 ? undefined : { reason: 'unrestricted capabilities', detail: details.join('; '), fields };
};

const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_VOLUME_SOURCES: ReadonlyArray<readonly [field: string, name: string]> = [
  ['hostPath', 'hostPath'], ['gcePersistentDisk', 'gcePersistentDisk'], ['awsElasticBlockStore', 'awsElasticBlockStore'], ['gitRepo', 'gitRepo'],
  ['nfs', 'nfs'], ['iscsi', 'iscsi'], ['glusterfs', 'glusterfs'], ['rbd', 'rbd'], ['flexVolume', 'flexVolume'], ['cinder', 'cinder'],
  ['cephfs', 'cephfs'], ['flocker', 'flocker'], ['fc', 'fc'], ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'],
  ['quobyte', 'quobyte'], ['azureDisk', 'azureDisk'], ['photonPersistentDisk', 'photonPersistentDisk'], ['portworxVolume', 'portworxVolume'],
  ['scaleIO', 'scaleIO'], ['storageos', 'storageos'],
];

const restrictedVolumes: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const types = new Set<string>();
  const fields: string[] = [];
  arr(spec.volumes).forEach((raw, i) => {
    const v = obj(raw);
    if (ALLOWED_VOLUME_SOURCES.some((f) => isRecord(v[f]))) return;
    bad.push(str(v.name));
    const found = RESTRICTED_VOLUME_SOURCES.find(([f]) => isRecord(v[f]));
    types.add(found ? found[1] : 'unknown');
    fields.push(found ? `spec.volumes[${i}].${found[0]}` : `spec.volumes[${i}]`);
  });
  if (bad.length === 0) return undefined;
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} `
      + `${pluralize('restricted volume type', 'restricted volume types', types.size)} ${joinQuote(goSorted(types))}`,
    fields,
  };
};

const runAsNonRoot: CheckFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const fields: string[] = [];
  let podRunAsNonRoot = false;
  const pod = obj(spec.securityContext).runAsNonRoot;
  if (typeof pod === 'boolean') {
    if (!pod) {
      badSetters.push('pod');
      fields.push('spec.securityContext.runAsNonRoot');
    } else {
      podRunAsNonRoot = true;
    }
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  const implicitFields: string[] = [];
  for (const { c, path } of containers(spec)) {
    const v = sc(c)?.runAsNonRoot;
    if (typeof v === 'boolean') {
      if (!v) {
        explicit.push(str(c.name));
        fields.push(`${path}.securityContext.runAsNonRoot`);
      }
    } else if (!podRunAsNonRoot) {
      implicit.push(str(c.name));
      implicitFields.push(`${path}.securityContext.runAsNonRoot`);
    }
  }
  if (explicit.length > 0) badSetters.push(`${pluralize('container', 'containers', explicit.length)} ${joinQuote(explicit)}`);
  if (badSetters.length > 0) {
    return { reason: 'runAsNonRoot != true', detail: `${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false`, fields };
  }
  if (implicit.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `pod or ${pluralize('container', 'containers', implicit.length)} ${joinQuote(implicit)} must set securityContext.runAsNonRoot=true`,
      fields: ['spec.securityContext.runAsNonRoot', ...implicitFields],
    };
  }
  return undefined;
};

const runAsUser_1_23: CheckFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const fields: string[] = [];
  if (obj(spec.securityContext).runAsUser === 0) {
    badSetters.push('pod');
    fields.push('spec.securityContext.runAsUser');
  }
  const bad: string[] = [];
  for (const { c, path } of containers(spec)) {
    if (sc(c)?.runAsUser === 0) {
      bad.push(str(c.name));
      fields.push(`${path}.securityContext.runAsUser`);
    }
  }
  if (bad.length > 0) badSetters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  if (badSetters.length === 0) return undefined;
  return { reason: 'runAsUser=0', detail: `${badSetters.join(' and ')} must not set runAsUser=0`, fields };
};

const seccompProfileRestricted_1_19: CheckFn = (_meta, spec) => {
  const { badSetters, badValues, fields, implicit } = seccompExplicit(spec);
  if (badSetters.length > 0) {
    return {
      reason: 'seccompProfile',
      detail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(goSorted(badValues))}`,
      fields,
    };
  }
  if (implicit.length > 0) {
    const names = implicit.map((s) => s.split('\u0000')[0]);
    return {
      reason: 'seccompProfile',
      detail: `pod or ${pluralize('container', 'containers', names.length)} ${joinQuote(names)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      fields: ['spec.securityContext.seccompProfile.type', ...implicit.map((s) => `${s.split('\u0000')[1]}.securityContext.seccompProfile.type`)],
    };
  }
  return undefined;
};

/** `DefaultChecks()` of pod-security-admission v0.28.7; versions are minor versions of 1.x. */
const CHECKS: readonly Check[] = [
  { id: 'allowPrivilegeEscalation', level: 'restricted', versions: [{ minVersion: 8, fn: allowPrivilegeEscalation_1_8 }, { minVersion: 25, fn: unlessWindows(allowPrivilegeEscalation_1_8) }] },
  { id: 'appArmorProfile', level: 'baseline', versions: [{ minVersion: 0, fn: appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ minVersion: 0, fn: capabilitiesBaseline }] },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { minVersion: 22, fn: capabilitiesRestricted_1_22, overrides: ['capabilities_baseline'] },
      { minVersion: 25, fn: unlessWindows(capabilitiesRestricted_1_22), overrides: ['capabilities_baseline'] },
    ],
  },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ minVersion: 0, fn: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ minVersion: 0, fn: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ minVersion: 0, fn: hostPorts }] },
  { id: 'privileged', level: 'baseline', versions: [{ minVersion: 0, fn: privileged }] },
  { id: 'procMount', level: 'baseline', versions: [{ minVersion: 0, fn: procMount }] },
  { id: 'restrictedVolumes', level: 'restricted', versions: [{ minVersion: 0, fn: restrictedVolumes, overrides: ['hostPathVolumes'] }] },
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ minVersion: 0, fn: runAsNonRoot }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ minVersion: 23, fn: runAsUser_1_23 }] },
  { id: 'seLinuxOptions', level: 'baseline', versions: [{ minVersion: 0, fn: seLinuxOptions }] },
  { id: 'seccompProfile_baseline', level: 'baseline', versions: [{ minVersion: 0, fn: seccompProfileBaseline_1_0 }, { minVersion: 19, fn: seccompProfileBaseline_1_19 }] },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { minVersion: 19, fn: seccompProfileRestricted_1_19, overrides: ['seccompProfile_baseline'] },
      { minVersion: 25, fn: unlessWindows(seccompProfileRestricted_1_19), overrides: ['seccompProfile_baseline'] },
    ],
  },
  { id: 'sysctls', level: 'baseline', versions: [{ minVersion: 0, fn: sysctls(SYSCTLS_1_0) }, { minVersion: 27, fn: sysctls(SYSCTLS_1_27) }] },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ minVersion: 0, fn: windowsHostProcess }] },
];

/** The newest check variant in this policy library (`r.maxVersion`); `latest` and newer versions evaluate this set. */
export const MAX_POLICY_MINOR_VERSION = Math.max(...CHECKS.flatMap((c) => c.versions.map((v) => v.minVersion)));

/** The minor version 1.28 evaluates for `latest`. */
export const KUBERNETES_MINOR_VERSION = 28;

function variantFor(check: Check, minor: number): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const v of check.versions) if (v.minVersion <= minor) found = v;
  return found;
}

/**
 * Runs one check's variant for `minorVersion` (e.g. `allowPrivilegeEscalation` at 8 is
 * `allowPrivilegeEscalation_1_8`): undefined when it passes. Throws for an unknown check or
 * a version before its first variant.
 */
export function runPodSecurityCheck(id: string, minorVersion: number, meta: unknown, spec: unknown): PodSecurityFailure | undefined {
  const check = CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(`unknown Pod Security check ${JSON.stringify(id)}; known: ${CHECKS.map((c) => c.id).join(', ')}`);
  const v = variantFor(check, minorVersion);
  if (!v) throw new Error(`Pod Security check ${id} has no variant for v1.${minorVersion}`);
  const r = v.fn(obj(meta), obj(spec));
  return r ? { check: id, reason: r.reason, detail: r.detail, fields: r.fields } : undefined;
}

const BASELINE_IDS = CHECKS.filter((c) => c.level === 'baseline').map((c) => c.id).sort();
const RESTRICTED_IDS = CHECKS.filter((c) => c.level === 'restricted').map((c) => c.id).sort();

/** The checks `level` runs at `minor`, in the registry's order (cached: there are few combinations). */
const ACTIVE_CHECKS = new Map<string, ReadonlyArray<readonly [string, VersionedCheck]>>();

function activeChecks(level: 'baseline' | 'restricted', minor: number): ReadonlyArray<readonly [string, VersionedCheck]> {
  const key = `${level}:${minor}`;
  const cached = ACTIVE_CHECKS.get(key);
  if (cached) return cached;
  const byId = new Map(CHECKS.map((c) => [c.id, c]));
  const active = new Map<string, VersionedCheck>();
  for (const id of BASELINE_IDS) {
    const v = variantFor(byId.get(id)!, minor);
    if (v) active.set(id, v);
  }
  if (level === 'restricted') {
    const overridden = new Set<string>();
    for (const id of RESTRICTED_IDS) {
      const v = variantFor(byId.get(id)!, minor);
      if (!v) continue;
      active.set(id, v);
      for (const o of v.overrides ?? []) overridden.add(o);
    }
    for (const o of overridden) active.delete(o);
  }
  const list: Array<readonly [string, VersionedCheck]> = [];
  for (const id of [...BASELINE_IDS, ...RESTRICTED_IDS]) {
    const v = active.get(id);
    if (v) list.push([id, v]);
  }
  ACTIVE_CHECKS.set(key, list);
  return list;
}

type CheckOutcome = ReturnType<CheckFn>;

/**
 * `EvaluatePod` at one level: the failed checks in the registry's order.
 * @param memo outcomes of check variants already run on this pod (evaluating both levels runs the
 *   baseline checks once)
 */
export function evaluatePodSecurityLevel(
  level: 'baseline' | 'restricted', meta: unknown, spec: unknown, minorVersion: number = KUBERNETES_MINOR_VERSION,
  memo?: Map<VersionedCheck, CheckOutcome>,
): PodSecurityFailure[] {
  const minor = Math.min(minorVersion, MAX_POLICY_MINOR_VERSION);
  const m = obj(meta);
  const sp = obj(spec);
  const failures: PodSecurityFailure[] = [];
  for (const [id, v] of activeChecks(level, minor)) {
    let r: CheckOutcome;
    if (memo?.has(v)) {
      r = memo.get(v);
    } else {
      r = v.fn(m, sp);
      memo?.set(v, r);
    }
    if (r) failures.push({ check: id, reason: r.reason, detail: r.detail, fields: r.fields });
  }
  return failures;
}

/** The strictest level a pod template (`metadata`, `spec`) meets, with the failures at baseline and restricted. */
export function evaluatePodSecurity(meta: unknown, spec: unknown, minorVersion: number = KUBERNETES_MINOR_VERSION): PodSecurityResult {
  const memo = new Map<VersionedCheck, CheckOutcome>();
  const baseline = evaluatePodSecurityLevel('baseline', meta, spec, minorVersion, memo);
  const restricted = evaluatePodSecurityLevel('restricted', meta, spec, minorVersion, memo);
  const level: PodSecurityLevel = restricted.length === 0 ? 'restricted' : baseline.length === 0 ? 'baseline' : 'privileged';
  return { level, baseline, restricted };
}

const LEVEL_ORDER: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** `api.CompareLevels`: > 0 when `a` is stricter than `b`. */
export function compareLevels(a: PodSecurityLevel, b: PodSecurityLevel): number {
  return LEVEL_ORDER[a] - LEVEL_ORDER[b];
}

/** `api.ParseLevel`: an invalid value means `restricted` (and an error). */
export function parseLevel(value: string): { level: PodSecurityLevel; error?: string } {
  if (value === 'privileged' || value === 'baseline' || value === 'restricted') return { level: value };
  return { level: 'restricted', error: 'must be one of privileged, baseline, restricted' };
}

/** `api.ParseVersion`: `latest` or `v1.<minor>`; an invalid value means `latest` (and an error). */
export function parseVersion(value: string): { minor: number; latest: boolean; error?: string } {
  if (value === 'latest') return { minor: KUBERNETES_MINOR_VERSION, latest: true };
  const m = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(value);
  if (!m) return { minor: KUBERNETES_MINOR_VERSION, latest: true, error: 'must be "latest" or "v1.x"' };
  return { minor: Number(m[1]), latest: false };
}
