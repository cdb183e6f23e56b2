/**
 * apps/v1 defaulting of a DaemonSet, as the apiserver applies it before
 * validation (`SetObjectDefaults_DaemonSet`), on a deep copy of the manifest.
 *
 * Upstream: pkg/apis/apps/v1/zz_generated.defaults.go, pkg/apis/apps/v1/defaults.go
 * (`SetDefaults_DaemonSet`: RollingUpdate with maxUnavailable 1 / maxSurge 0,
 * revisionHistoryLimit 10) and pkg/apis/core/v1/defaults.go (`SetDefaults_PodSpec`,
 * `SetDefaults_Container`, `SetDefaults_Volume`, `SetDefaults_Probe`,
 * `SetDefaults_HTTPGetAction`, volume default modes, `SetDefaults_ObjectFieldSelector`,
 * port protocol TCP). Quantities are rounded when they are validated (resources.ts).
 * In 1.28 the SidecarContainers gate is off, so an init container's
 * `restartPolicy` is dropped, as the apiserver's `dropDisabledFields` does on
 * create. Internal module.
 */
import { isRecord } from './meta';
import { imageTag } from '../agent/image';
import { cloneJson } from '../util/clone';

type Obj = Record<string, any>;

/** `SetDefaults_Container`'s pull policy: Always for `latest` (or no tag and no digest), else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const tag = imageTag(image);
  const hasDigest = image.includes('@');
  if (tag === 'latest' || (tag === undefined && !hasDigest)) return 'Always';
  return 'IfNotPresent';
}

function defaultProbe(p: unknown): void {
  if (!isRecord(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHandler(p);
  if (isRecord(p.grpc) && p.grpc.service === undefined) p.grpc.service = '';
}

function defaultHandler(h: unknown): void {
  if (!isRecord(h) || !isRecord(h.httpGet)) return;
  if (!h.httpGet.path) h.httpGet.path = '/';
  if (!h.httpGet.scheme) h.httpGet.scheme = 'HTTP';
}

function defaultFieldRef(ref: unknown): void {
  if (isRecord(ref) && !ref.apiVersion) ref.apiVersion = 'v1';
}

function defaultContainer(c: Obj, isInit: boolean): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  if (Array.isArray(c.ports)) {
    for (const p of c.ports) if (isRecord(p) && !p.protocol) p.protocol = 'TCP';
  }
  if (Array.isArray(c.env)) {
    for (const e of c.env) if (isRecord(e) && isRecord(e.valueFrom)) defaultFieldRef(e.valueFrom.fieldRef);
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isRecord(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
  if (isInit) delete c.restartPolicy;
}

const DEFAULT_MODE = 0o644;

function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
  if (sources.length === 0) v.emptyDir = {};
  if (isRecord(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (isRecord(v[k]) && v[k].defaultMode === undefined) v[k].defaultMode = DEFAULT_MODE;
  }
  if (isRecord(v.downwardAPI) && Array.isArray(v.downwardAPI.items)) {
    for (const item of v.downwardAPI.items) if (isRecord(item)) defaultFieldRef(item.fieldRef);
  }
  if (isRecord(v.projected) && Array.isArray(v.projected.sources)) {
    for (const s of v.projected.sources) {
      if (!isRecord(s)) continue;
      if (isRecord(s.downwardAPI) && Array.isArray(s.downwardAPI.items)) {
        for (const item of s.downwardAPI.items) if (isRecord(item)) defaultFieldRef(item.fieldRef);
      }
      if (isRecord(s.serviceAccountToken) && !s.serviceAccountToken.expirationSeconds) s.serviceAccountToken.expirationSeconds = 3600;
    }
  }
}

/** `SetDefaults_PodSpec` and the per-field defaults under it, in place. */
export function defaultPodSpec(spec: Obj): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!isRecord(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  if (Array.isArray(spec.volumes)) for (const v of spec.volumes) if (isRecord(v)) defaultVolume(v);
  if (Array.isArray(spec.initContainers)) for (const c of spec.initContainers) if (isRecord(c)) defaultContainer(c, true);
  if (Array.isArray(spec.containers)) for (const c of spec.containers) if (isRecord(c)) defaultContainer(c, false);
  if (Array.isArray(spec.ephemeralContainers)) for (const c of spec.ephemeralContainers) if (isRecord(c)) defaultContainer(c, false);
}

/** A defaulted deep copy of an apps/v1 DaemonSet manifest. */
export function defaultDaemonSet(ds: unknown): Obj {
  const out: Obj = isRecord(ds) ? cloneJson(ds) : {};
  if (!isRecord(out.metadata)) out.metadata = {};
  if (!isRecord(out.spec)) out.spec = {};
  const spec = out.spec;
  if (!isRecord(spec.updateStrategy)) spec.updateStrategy = {};
  const us = spec.updateStrategy;
  if (!us.type) us.type = 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    if (!isRecord(us.rollingUpdate)) us.rollingUpdate = {};
    if (us.rollingUpdate.maxUnavailable === undefined || us.rollingUpdate.maxUnavailable === null) us.rollingUpdate.maxUnavailable = 1;
    if (us.rollingUpdate.maxSurge === undefined || us.rollingUpdate.maxSurge === null) us.rollingUpdate.maxSurge = 0;
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (!isRecord(spec.template)) spec.template = {};
  if (!isRecord(spec.template.spec)) spec.template.spec = {};
  defaultPodSpec(spec.template.spec);
  return out;
}
