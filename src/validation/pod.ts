/**
 * Pod-template validation, Kubernetes 1.28: `ValidatePodTemplateSpec` and
 * everything it calls that a DaemonSet's template can trip.
 *
 * Upstream: pkg/apis/core/validation/validation.go (ValidatePodTemplateSpec,
 * ValidatePodSpecificAnnotations, ValidatePodSpec, ValidateVolumes,
 * validateVolumeSource, validateContainers, validateInitContainers,
 * validateContainerCommon, validateContainerPorts, ValidateEnv,
 * ValidateVolumeMounts, validateMountPropagation, checkHostPortConflicts /
 * AccumulateUniqueHostPorts, validatePodHostNetworkDeps, validateProbe,
 * validateHandler, ValidateSecurityContext, validatePodSpecSecurityContext,
 * validateAffinity / ValidateNodeSelector, ValidateTolerations,
 * validatePodDNSConfig, validateTopologySpreadConstraints,
 * validateWindowsHostProcessPod, validateHostUsers, validateOS) and
 * resources.ts for `ValidateResourceRequirements`.
 *
 * The input is the v1 JSON of the template after apps/v1 defaulting
 * (see defaults.ts), read with Go's zero-value semantics: an absent string is
 * "", an absent number 0. Options are those the registry derives for a new
 * DaemonSet (`GetValidationOptionsFromPodTemplate` with default 1.28 gates).
 * Volume sources nobody runs on a node agent (iSCSI, RBD, Cinder, ...) are
 * counted for the "exactly one volume type" rule and validated only as far as
 * their required fields go. Internal module.
 */
import {
  BadValue, duplicate, FieldError, FieldPath, forbidden, GoRaw, goPointerText, goQuote, goSorted, goStringSliceText,
  invalid, notFound, notSupported, required, tooLong,
} from './field';
import { decodeTolerationsAnnotation } from './go-json';
import {
  goLabelSelector, isRecord, nameIsDNSSubdomain, str, validateAnnotations, validateLabelName, validateLabels, validateLabelSelector,
  validateNonnegativeField,
} from './meta';
import { isHTTPHeaderName, isIPSloppy, isValidGroupID, isValidUserID } from './names';
import { decodeResourceList, validateResourceRequirements } from './resources';
import {
  inclusiveRangeError, isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidLabelValue, isValidPortName,
  isValidPortNum,
} from '../util/validation';

type Obj = Record<string, any>;

/** `PodValidationOptions` fields that differ between a template and a Pod. */
export interface PodValidationOptions {
  /** The object validated is a Pod (not a template): hostNetwork then requires hostPort == containerPort. */
  readonly resourceIsPod?: boolean;
}

const FILE_MODE_ERROR_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const IS_NOT_POSITIVE_ERROR_MSG = 'must be greater than zero';
const MAX_INT32 = 2147483647;

function obj(v: unknown): Obj {
  return isRecord(v) ? v : {};
}

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** Visits init, regular and ephemeral containers with their paths (`podshelper.VisitContainersWithPath`). */
export function visitContainersWithPath(spec: Obj, fldPath: FieldPath, visit: (c: Obj, p: FieldPath) => void): void {
  arr(spec.initContainers).forEach((c, i) => visit(obj(c), fldPath.child('initContainers').index(i)));
  arr(spec.containers).forEach((c, i) => visit(obj(c), fldPath.child('containers').index(i)));
  arr(spec.ephemeralContainers).forEach((c, i) => visit(obj(c), fldPath.child('ephemeralContainers').index(i)));
}

// ---------------------------------------------------------------------------
// Template and pod spec
// ---------------------------------------------------------------------------

/** `ValidatePodTemplateSpec`. `template` is `{metadata, spec}` in v1 JSON. */
export function validatePodTemplateSpec(template: unknown, fldPath: FieldPath, opts: PodValidationOptions = {}): FieldError[] {
  const t = obj(template);
  const meta = obj(t.metadata);
  const spec = obj(t.spec);
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels, fldPath.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, fldPath.child('annotations')));
  errs.push(...validatePodSpecificAnnotations(obj(meta.annotations), spec, fldPath.child('annotations')));
  errs.push(...validatePodSpec(spec, fldPath.child('spec'), opts));
  errs.push(...validateSeccompAnnotationsAndFields(obj(meta.annotations), spec, fldPath.child('spec')));
  if (arr(spec.ephemeralContainers).length > 0) {
    errs.push(forbidden(fldPath.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/tolerations';
const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** `ValidatePodSpecificAnnotations` (PodDeletionCost is on in 1.28). */
function validatePodSpecificAnnotations(annotations: Obj, spec: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (MIRROR_POD_ANNOTATION in annotations && str(spec.nodeName).length === 0) {
    errs.push(invalid(fldPath.key(MIRROR_POD_ANNOTATION), str(annotations[MIRROR_POD_ANNOTATION]), 'must set spec.nodeName if mirror pod annotation is set'));
  }
  if (str(annotations[TOLERATIONS_ANNOTATION]) !== '') {
    const decoded = decodeTolerationsAnnotation(str(annotations[TOLERATIONS_ANNOTATION]));
    if (decoded.error !== undefined) {
      errs.push(invalid(fldPath, TOLERATIONS_ANNOTATION, decoded.error));
    } else if (decoded.tolerations.length > 0) {
      errs.push(...validateTolerations(decoded.tolerations, fldPath.child(TOLERATIONS_ANNOTATION)));
    }
  }
  if (POD_DELETION_COST in annotations) {
    const v = str(annotations[POD_DELETION_COST]);
    const n = Number(v);
    if (!/^(0|-?[1-9][0-9]*)$/.test(v) || n < -2147483648 || n > MAX_INT32) {
      errs.push(invalid(fldPath.key(POD_DELETION_COST), v, 'must be a 32bit integer'));
    }
  }
  // ValidateSeccompPodAnnotations
  if (SECCOMP_POD_ANNOTATION in annotations) {
    errs.push(...validateSeccompProfileAnnotation(str(annotations[SECCOMP_POD_ANNOTATION]), fldPath.child(SECCOMP_POD_ANNOTATION)));
  }
  for (const [k, v] of Object.entries(annotations)) {
    if (k.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX)) errs.push(...validateSeccompProfileAnnotation(str(v), fldPath.child(k)));
  }
  // ValidateAppArmorPodAnnotations
  for (const [k, v] of Object.entries(annotations)) {
    if (!k.startsWith(APPARMOR_CONTAINER_ANNOTATION_PREFIX)) continue;
    const containerName = k.slice(APPARMOR_CONTAINER_ANNOTATION_PREFIX.length);
    let found = false;
    visitContainersWithPath(spec, FieldPath.root('spec'), (c) => {
      if (str(c.name) === containerName) found = true;
    });
    if (!found) errs.push(invalid(fldPath.key(k), containerName, 'container not found'));
    const p = str(v);
    if (!(p === '' || p === 'runtime/default' || p === 'unconfined' || p.startsWith('localhost/'))) {
      errs.push(invalid(fldPath.key(k), p, `invalid AppArmor profile name: ${goQuote(p)}`));
    }
  }
  return errs;
}

function validateSeccompProfileAnnotation(p: string, fldPath: FieldPath): FieldError[] {
  if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return [];
  if (p.startsWith('localhost/')) return validateLocalDescendingPath(p.slice('localhost/'.length), fldPath);
  return [invalid(fldPath, p, 'must be a valid seccomp profile')];
}

/** `validateSeccompAnnotationsAndFields`. */
function validateSeccompAnnotationsAndFields(annotations: Obj, spec: Obj, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const podProfile = obj(spec.securityContext).seccompProfile;
  if (isRecord(podProfile) && SECCOMP_POD_ANNOTATION in annotations) {
    const e = seccompAnnotationMatchesField(str(annotations[SECCOMP_POD_ANNOTATION]), podProfile, specPath.child('securityContext', 'seccompProfile'));
    if (e) errs.push(e);
  }
  visitContainersWithPath(spec, specPath, (c, p) => {
    const profile = obj(c.securityContext).seccompProfile;
    if (!isRecord(profile)) return;
    const key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + str(c.name);
    if (key in annotations) {
      const e = seccompAnnotationMatchesField(str(annotations[key]), profile, p.child('securityContext', 'seccompProfile'));
      if (e) errs.push(e);
    }
  });
  return errs;
}

function seccompAnnotationMatchesField(annotation: string, profile: Obj, fldPath: FieldPath): FieldError | undefined {
  switch (str(profile.type)) {
    case 'Unconfined':
      if (annotation !== 'unconfined') return forbidden(fldPath.child('type'), 'seccomp type in annotation and field must match');
      break;
    case 'RuntimeDefault':
      if (annotation !== 'runtime/default' && annotation !== 'docker/default') {
        return forbidden(fldPath.child('type'), 'seccomp type in annotation and field must match');
      }
      break;
    case 'Localhost':
      if (!annotation.startsWith('localhost/')) return forbidden(fldPath.child('type'), 'seccomp type in annotation and field must match');
      if (!present(profile.localhostProfile) || annotation.slice('localhost/'.length) !== str(profile.localhostProfile)) {
        return forbidden(fldPath.child('localhostProfile'), 'seccomp profile in annotation and field must match');
      }
      break;
    default:
  }
  return undefined;
}

/** `ValidatePodSpec` with `podMeta == nil` (templates). */
export function validatePodSpec(spec: Obj, fldPath: FieldPath, opts: PodValidationOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  const { volumes, errors: vErrs } = validateVolumes(spec.volumes, fldPath.child('volumes'));
  errs.push(...vErrs);
  const podClaimNames = new Set(arr(spec.resourceClaims).map((c) => str(obj(c).name)));
  errs.push(...validateContainers(spec.containers, volumes, podClaimNames, fldPath.child('containers')));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, volumes, podClaimNames, fldPath.child('initContainers')));
  errs.push(...validateEphemeralContainers(spec, volumes, podClaimNames, fldPath.child('ephemeralContainers')));
  errs.push(...validatePodHostNetworkDeps(spec, fldPath, opts));
  errs.push(...validateRestartPolicy(str(spec.restartPolicy), fldPath.child('restartPolicy')));
  errs.push(...validateDNSPolicy(str(spec.dnsPolicy), fldPath.child('dnsPolicy')));
  errs.push(...validateLabels(spec.nodeSelector, fldPath.child('nodeSelector')));
  errs.push(...validatePodSpecSecurityContext(spec, fldPath.child('securityContext')));
  errs.push(...validateImagePullSecrets(spec.imagePullSecrets, fldPath.child('imagePullSecrets')));
  errs.push(...validateAffinity(spec.affinity, fldPath.child('affinity')));
  errs.push(...validatePodDNSConfig(spec.dnsConfig, str(spec.dnsPolicy), fldPath.child('dnsConfig')));
  arr(spec.readinessGates).forEach((g, i) => {
    const ct = str(obj(g).conditionType);
    for (const msg of isQualifiedName(ct)) errs.push(invalid(fldPath.child('readinessGates').index(i).child('conditionType'), ct, msg));
  });
  const seenGates = new Set<string>();
  arr(spec.schedulingGates).forEach((g, i) => {
    const name = str(obj(g).name);
    for (const msg of isQualifiedName(name)) errs.push(invalid(fldPath.child('schedulingGates').index(i), name, msg));
    if (seenGates.has(name)) errs.push(duplicate(fldPath.child('schedulingGates').index(i), name));
    seenGates.add(name);
  });
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, fldPath.child('topologySpreadConstraints')));
  errs.push(...validateWindowsHostProcessPod(spec, fldPath));
  errs.push(...validateHostUsers(spec, fldPath));
  const sa = str(spec.serviceAccountName);
  if (sa.length > 0) for (const msg of nameIsDNSSubdomain(sa, false)) errs.push(invalid(fldPath.child('serviceAccountName'), sa, msg));
  const nodeName = str(spec.nodeName);
  if (nodeName.length > 0) for (const msg of nameIsDNSSubdomain(nodeName, false)) errs.push(invalid(fldPath.child('nodeName'), nodeName, msg));
  if (present(spec.activeDeadlineSeconds)) {
    const v = num(spec.activeDeadlineSeconds);
    if (v < 1 || v > MAX_INT32) errs.push(invalid(fldPath.child('activeDeadlineSeconds'), v, inclusiveRangeError(1, MAX_INT32)));
  }
  const hostname = str(spec.hostname);
  if (hostname.length > 0) for (const msg of isDNS1123Label(hostname)) errs.push(invalid(fldPath.child('hostname'), hostname, msg));
  const subdomain = str(spec.subdomain);
  if (subdomain.length > 0) for (const msg of isDNS1123Label(subdomain)) errs.push(invalid(fldPath.child('subdomain'), subdomain, msg));
  if (arr(spec.tolerations).length > 0) errs.push(...validateTolerations(spec.tolerations, fldPath.child('tolerations')));
  for (const alias of arr(spec.hostAliases)) {
    const a = obj(alias);
    if (!isIPSloppy(str(a.ip))) errs.push(invalid(fldPath.child('hostAliases').child('ip'), str(a.ip), 'must be valid IP address'));
    for (const h of arr(a.hostnames)) {
      for (const msg of isDNS1123Subdomain(str(h))) errs.push(invalid(fldPath.child('hostAliases').child('hostnames'), str(h), msg));
    }
  }
  const pcn = str(spec.priorityClassName);
  if (pcn.length > 0) for (const msg of nameIsDNSSubdomain(pcn, false)) errs.push(invalid(fldPath.child('priorityClassName'), pcn, msg));
  if (present(spec.runtimeClassName)) {
    const rcn = str(spec.runtimeClassName);
    for (const msg of nameIsDNSSubdomain(rcn, false)) errs.push(invalid(fldPath.child('runtimeClassName'), rcn, msg));
  }
  if (present(spec.preemptionPolicy)) {
    const pp = str(spec.preemptionPolicy);
    if (pp === '') {errs.push(required(fldPath.child('preemptionPolicy'), ''));} else if (pp !== 'PreemptLowerPriority' && pp !== 'Never') {
      errs.push(notSupported(fldPath.child('preemptionPolicy'), pp, ['PreemptLowerPriority', 'Never']));
    }
  }
  if (present(spec.overhead)) errs.push(...validateResourceRequirements({ limits: spec.overhead }, fldPath.child('overhead')));
  if (isRecord(spec.os)) {
    const osPath = fldPath.child('os');
    const osName = str(spec.os.name);
    if (osName.length === 0) {
      errs.push(required(osPath.child('name'), 'cannot be empty'));
    } else if (osName !== 'linux' && osName !== 'windows') {
      errs.push(notSupported(osPath, osName, ['linux', 'windows']));
    } else if (osName === 'linux') {
      errs.push(...validateLinux(spec, fldPath));
    } else {
      errs.push(...validateWindows(spec, fldPath));
    }
  }
  return errs;
}

function validateLinux(spec: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (present(obj(spec.securityContext).windowsOptions)) {
    errs.push(forbidden(fldPath.child('securityContext').child('windowsOptions'), 'windows options cannot be set for a linux pod'));
  }
  visitContainersWithPath(spec, fldPath, (c, p) => {
    if (present(obj(c.securityContext).windowsOptions)) {
      errs.push(forbidden(p.child('securityContext').child('windowsOptions'), 'windows options cannot be set for a linux pod'));
    }
  });
  return errs;
}

function validateWindows(spec: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const msg = 'cannot be set for a windows pod';
  const sc = spec.securityContext;
  if (isRecord(sc)) {
    const scPath = fldPath.child('securityContext');
    if (present(sc.seLinuxOptions)) errs.push(forbidden(scPath.child('seLinuxOptions'), msg));
    if (present(spec.hostUsers)) errs.push(forbidden(fldPath.child('hostUsers'), msg));
    if (spec.hostPID === true) errs.push(forbidden(fldPath.child('hostPID'), msg));
    if (spec.hostIPC === true) errs.push(forbidden(fldPath.child('hostIPC'), msg));
    if (present(sc.seccompProfile)) errs.push(forbidden(scPath.child('seccompProfile'), msg));
    if (present(sc.fsGroup)) errs.push(forbidden(scPath.child('fsGroup'), msg));
    if (present(sc.fsGroupChangePolicy)) errs.push(forbidden(scPath.child('fsGroupChangePolicy'), msg));
    if (arr(sc.sysctls).length > 0) errs.push(forbidden(scPath.child('sysctls'), msg));
    if (present(spec.shareProcessNamespace)) errs.push(forbidden(fldPath.child('shareProcessNamespace'), msg));
    if (present(sc.runAsUser)) errs.push(forbidden(scPath.child('runAsUser'), msg));
    if (present(sc.runAsGroup)) errs.push(forbidden(scPath.child('runAsGroup'), msg));
    if (present(sc.supplementalGroups)) errs.push(forbidden(scPath.child('supplementalGroups'), msg));
  }
  visitContainersWithPath(spec, fldPath, (c, p) => {
    const csc = c.securityContext;
    if (!isRecord(csc)) return;
    const scPath = p.child('securityContext');
    for (const f of ['seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged',
      'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup']) {
      if (present(csc[f])) errs.push(forbidden(scPath.child(f), msg));
    }
  });
  return errs;
}

// ---------------------------------------------------------------------------
// Volumes
// ---------------------------------------------------------------------------

/** The volume-source fields of `core.VolumeSource`, in the order validateVolumeSource checks them, with the path each error uses. */
const VOLUME_SOURCES: ReadonlyArray<readonly [jsonField: string, forbiddenPath: string]> = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
];

/** The v1 volume-source field names (for callers that classify volumes). */
export const VOLUME_SOURCE_FIELDS: readonly string[] = VOLUME_SOURCES.map(([f]) => f);

/** `ValidateVolumes`: returns the names of the valid volumes and the errors. */
export function validateVolumes(volumes: unknown, fldPath: FieldPath): { volumes: Map<string, Obj>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const vols = new Map<string, Obj>();
  arr(volumes).forEach((raw, i) => {
    const vol = obj(raw);
    const idxPath = fldPath.index(i);
    const namePath = idxPath.child('name');
    const name = str(vol.name);
    const el = validateVolumeSource(vol, idxPath);
    if (name.length === 0) el.push(required(namePath, ''));
    else for (const msg of isDNS1123Label(name)) el.push(invalid(namePath, name, msg));
    if (names.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) {
      names.add(name);
      vols.set(name, vol);
    } else {
      errors.push(...el);
    }
  });
  return { volumes: vols, errors };
}

function validateVolumeSource(source: Obj, fldPath: FieldPath): FieldError[] {
  let numVolumes = 0;
  const errs: FieldError[] = [];
  for (const [f, fp] of VOLUME_SOURCES) {
    if (!present(source[f])) continue;
    if (numVolumes > 0) {
      errs.push(forbidden(fldPath.child(fp), 'may not specify more than 1 volume type'));
      continue;
    }
    numVolumes++;
    errs.push(...validateOneVolumeSource(f, obj(source[f]), fldPath));
  }
  if (numVolumes === 0) errs.push(required(fldPath, 'must specify a volume type'));
  return errs;
}

function validateOneVolumeSource(kind: string, s: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const requireField = (field: string, path: FieldPath = fldPath.child(kind).child(field)) => {
    if (str(s[field]).length === 0) errs.push(required(path, ''));
  };
  switch (kind) {
    case 'emptyDir':
      if (present(s.sizeLimit)) {
        const d = decodeResourceList({ sizeLimit: s.sizeLimit }, fldPath.child('emptyDir'));
        const q = d.entries.get('sizeLimit');
        if (d.errors.length > 0) errs.push(invalid(fldPath.child('emptyDir').child('sizeLimit'), str(s.sizeLimit), d.errors[0].detailText));
        else if (q && q.quantity.sign() < 0) errs.push(forbidden(fldPath.child('emptyDir').child('sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
      }
      break;
    case 'hostPath':
      errs.push(...validateHostPathVolumeSource(s, fldPath.child('hostPath')));
      break;
    case 'gitRepo':
      requireField('repository');
      errs.push(...validateLocalDescendingPath(str(s.directory), fldPath.child('gitRepo').child('directory')));
      break;
    case 'gcePersistentDisk':
      // validateGCEPersistentDiskVolumeSource is called with the path "persistentDisk".
      requireField('pdName', fldPath.child('persistentDisk').child('pdName'));
      if (num(s.partition) < 0 || num(s.partition) > 255) {
        errs.push(invalid(fldPath.child('persistentDisk').child('partition'), num(s.partition), inclusiveRangeError(1, 255)));
      }
      break;
    case 'awsElasticBlockStore':
      requireField('volumeID');
      if (num(s.partition) < 0 || num(s.partition) > 255) {
        errs.push(invalid(fldPath.child(kind).child('partition'), num(s.partition), inclusiveRangeError(1, 255)));
      }
      break;
    case 'secret':
      requireField('secretName');
      errs.push(...validateMode(s.defaultMode, fldPath.child('secret').child('defaultMode')));
      arr(s.items).forEach((kp, i) => errs.push(...validateKeyToPath(obj(kp), fldPath.child('secret').child('items').index(i))));
      break;
    case 'configMap':
      requireField('name');
      errs.push(...validateMode(s.defaultMode, fldPath.child('configMap').child('defaultMode')));
      arr(s.items).forEach((kp, i) => errs.push(...validateKeyToPath(obj(kp), fldPath.child('configMap').child('items').index(i))));
      break;
    case 'nfs':
      requireField('server');
      requireField('path');
      if (!str(s.path).startsWith('/')) errs.push(invalid(fldPath.child('nfs').child('path'), str(s.path), 'must be an absolute path'));
      break;
    case 'persistentVolumeClaim':
      requireField('claimName');
      break;
    case 'downwardAPI':
      errs.push(...validateMode(s.defaultMode, fldPath.child('downwardAPI').child('defaultMode')));
      for (const file of arr(s.items)) errs.push(...validateDownwardAPIVolumeFile(obj(file), fldPath.child('downwardAPI')));
      break;
    case 'projected':
      errs.push(...validateMode(s.defaultMode, fldPath.child('projected').child('defaultMode')));
      errs.push(...validateProjectionSources(s, fldPath.child('projected')));
      break;
    case 'csi': {
      const p = fldPath.child('csi');
      const driver = str(s.driver);
      if (driver.length === 0) errs.push(required(p.child('driver'), ''));
      if (Buffer.byteLength(driver, 'utf8') > 63) errs.push(tooLong(p.child('driver'), driver, 63));
      for (const msg of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalid(p.child('driver'), driver, msg));
      if (isRecord(s.nodePublishSecretRef)) {
        const n = str(s.nodePublishSecretRef.name);
        if (n.length === 0) errs.push(required(p.child('nodePublishSecretRef', 'name'), ''));
        else for (const msg of nameIsDNSSubdomain(n, false)) errs.push(invalid(p.child('name'), n, msg));
      }
      break;
    }
    case 'ephemeral':
      if (!isRecord(s.volumeClaimTemplate)) errs.push(required(fldPath.child('ephemeral').child('volumeClaimTemplate'), ''));
      break;
    case 'flexVolume':
      requireField('driver');
      break;
    case 'cephfs':
      if (arr(s.monitors).length === 0) errs.push(required(fldPath.child('cephfs').child('monitors'), ''));
      break;
    case 'rbd':
      if (arr(s.monitors).length === 0) errs.push(required(fldPath.child('rbd').child('monitors'), ''));
      requireField('image');
      break;
    case 'cinder':
      requireField('volumeID');
      break;
    case 'glusterfs':
      requireField('endpoints');
      requireField('path');
      break;
    case 'iscsi':
      requireField('targetPortal');
      requireField('iqn');
      break;
    case 'azureFile':
      requireField('secretName');
      requireField('shareName');
      break;
    case 'azureDisk':
      requireField('diskName');
      requireField('diskURI');
      break;
    case 'vsphereVolume':
      requireField('volumePath');
      break;
    case 'photonPersistentDisk':
      requireField('pdID');
      break;
    case 'portworxVolume':
      requireField('volumeID');
      break;
    case 'quobyte':
      requireField('registry');
      requireField('volume');
      break;
    case 'scaleIO':
      requireField('gateway');
      requireField('system');
      requireField('volumeName');
      break;
    case 'storageos':
      break;
    default:
  }
  return errs;
}

const SUPPORTED_HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function validateHostPathVolumeSource(hostPath: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const path = str(hostPath.path);
  if (path.length === 0) return [required(fldPath.child('path'), '')];
  errs.push(...validatePathNoBacksteps(path, fldPath.child('path')));
  if (present(hostPath.type) && !SUPPORTED_HOST_PATH_TYPES.includes(str(hostPath.type))) {
    errs.push(notSupported(fldPath.child('type'), str(hostPath.type), SUPPORTED_HOST_PATH_TYPES));
  }
  return errs;
}

function validateMode(mode: unknown, fldPath: FieldPath): FieldError[] {
  if (!present(mode)) return [];
  const m = num(mode);
  return m > 0o777 || m < 0 ? [invalid(fldPath, m, FILE_MODE_ERROR_MSG)] : [];
}

function validateKeyToPath(kp: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (str(kp.key).length === 0) errs.push(required(fldPath.child('key'), ''));
  if (str(kp.path).length === 0) errs.push(required(fldPath.child('path'), ''));
  errs.push(...validateLocalNonReservedPath(str(kp.path), fldPath.child('path')));
  errs.push(...validateMode(kp.mode, fldPath.child('mode')));
  return errs;
}

const VOLUME_DOWNWARD_API_FIELDS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

function validateDownwardAPIVolumeFile(file: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (str(file.path).length === 0) errs.push(required(fldPath.child('path'), ''));
  errs.push(...validateLocalNonReservedPath(str(file.path), fldPath.child('path')));
  if (isRecord(file.fieldRef)) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_DOWNWARD_API_FIELDS, fldPath.child('fieldRef')));
    if (isRecord(file.resourceFieldRef)) errs.push(invalid(fldPath, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
    if (str(file.fieldRef.fieldPath) === 'status.hostIPs') {
      errs.push(forbidden(fldPath.child('fieldRef'), "may not be set when feature gate 'PodHostIPs' is not enabled"));
    }
  } else if (isRecord(file.resourceFieldRef)) {
    errs.push(...validateContainerResourceFieldSelector(file.resourceFieldRef, fldPath.child('resourceFieldRef'), true));
  } else {
    errs.push(required(fldPath, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateMode(file.mode, fldPath.child('mode')));
  return errs;
}

function validateProjectionSources(projection: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const allPaths = new Set<string>();
  const track = (path: string, value: string) => {
    if (path.length === 0) return;
    if (allPaths.has(path)) errs.push(invalid(fldPath, value, 'conflicting duplicate paths'));
    else allPaths.add(path);
  };
  arr(projection.sources).forEach((raw, i) => {
    const source = obj(raw);
    let numSources = 0;
    const srcPath = fldPath.child('sources').index(i);
    for (const kind of ['secret', 'configMap'] as const) {
      if (!isRecord(source[kind])) continue;
      numSources++;
      const s = source[kind];
      const projPath = srcPath.child(kind);
      if (str(s.name).length === 0) errs.push(required(projPath.child('name'), ''));
      arr(s.items).forEach((kp, j) => {
        errs.push(...validateKeyToPath(obj(kp), projPath.child('items').index(j)));
        track(str(obj(kp).path), str(s.name));
      });
    }
    if (isRecord(source.downwardAPI)) {
      numSources++;
      for (const file of arr(source.downwardAPI.items)) {
        errs.push(...validateDownwardAPIVolumeFile(obj(file), srcPath.child('downwardAPI')));
        track(str(obj(file).path), str(obj(file).path));
      }
    }
    if (isRecord(source.serviceAccountToken)) {
      numSources++;
      const t = source.serviceAccountToken;
      const exp = present(t.expirationSeconds) ? num(t.expirationSeconds) : 3600;
      const projPath = srcPath.child('serviceAccountToken');
      if (exp < 600) errs.push(invalid(projPath.child('expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(projPath.child('expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'));
      if (str(t.path) === '') errs.push(required(fldPath.child('path'), ''));
    }
    if (numSources > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type'));
  });
  return errs;
}

/** `validateLocalDescendingPath`. */
function validateLocalDescendingPath(targetPath: string, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (targetPath.startsWith('/')) errs.push(invalid(fldPath, targetPath, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(targetPath, fldPath));
  return errs;
}

/** `validatePathNoBacksteps`. */
function validatePathNoBacksteps(targetPath: string, fldPath: FieldPath): FieldError[] {
  return targetPath.split('/').includes('..') ? [invalid(fldPath, targetPath, "must not contain '..'")] : [];
}

/** `validateLocalNonReservedPath`. */
function validateLocalNonReservedPath(targetPath: string, fldPath: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(targetPath, fldPath);
  if (targetPath.startsWith('..') && !targetPath.startsWith('../')) errs.push(invalid(fldPath, targetPath, "must not start with '..'"));
  return errs;
}

// ---------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------

/** `validateContainers` (regular containers). */
function validateContainers(containers: unknown, volumes: Map<string, Obj>, podClaimNames: Set<string>, fldPath: FieldPath): FieldError[] {
  const list = arr(containers);
  if (list.length === 0) return [required(fldPath, '')];
  const errs: FieldError[] = [];
  const allNames = new Set<string>();
  list.forEach((raw, i) => {
    const ctr = obj(raw);
    const path = fldPath.index(i);
    errs.push(...validateContainerCommon(ctr, volumes, podClaimNames, path));
    const name = str(ctr.name);
    if (allNames.has(name)) errs.push(duplicate(path.child('name'), name));
    else allNames.add(name);
    if (isRecord(ctr.lifecycle)) errs.push(...validateLifecycle(ctr.lifecycle, path.child('lifecycle')));
    errs.push(...validateLivenessProbe(ctr.livenessProbe, path.child('livenessProbe')));
    errs.push(...validateReadinessProbe(ctr.readinessProbe, path.child('readinessProbe')));
    errs.push(...validateStartupProbe(ctr.startupProbe, path.child('startupProbe')));
    if (present(ctr.restartPolicy)) errs.push(forbidden(path.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(list.map(obj), fldPath));
  return errs;
}

/**
 * `validateInitContainers`. In 1.28 the SidecarContainers gate is off, so the
 * apiserver drops an init container's `restartPolicy` before validating it
 * (defaults.ts does the same): every init container is a classic one.
 */
function validateInitContainers(containers: unknown, regular: unknown, volumes: Map<string, Obj>, podClaimNames: Set<string>,
  fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const allNames = new Set(arr(regular).map((c) => str(obj(c).name)));
  arr(containers).forEach((raw, i) => {
    const ctr = obj(raw);
    const idxPath = fldPath.index(i);
    errs.push(...validateContainerCommon(ctr, volumes, podClaimNames, idxPath));
    let restartAlways = false;
    if (present(ctr.restartPolicy)) {
      const rp = str(ctr.restartPolicy);
      if (rp !== 'Always') errs.push(notSupported(idxPath.child('restartPolicy'), rp, ['Always']));
      restartAlways = rp === 'Always';
    }
    const name = str(ctr.name);
    if (allNames.has(name)) errs.push(duplicate(idxPath.child('name'), name));
    else if (name.length > 0) allNames.add(name);
    errs.push(...checkHostPortConflicts([ctr], fldPath));
    if (restartAlways) {
      if (isRecord(ctr.lifecycle)) errs.push(...validateLifecycle(ctr.lifecycle, idxPath.child('lifecycle')));
      errs.push(...validateLivenessProbe(ctr.livenessProbe, idxPath.child('livenessProbe')));
      errs.push(...validateReadinessProbe(ctr.readinessProbe, idxPath.child('readinessProbe')));
      errs.push(...validateStartupProbe(ctr.startupProbe, idxPath.child('startupProbe')));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (present(ctr[f])) errs.push(forbidden(idxPath.child(f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
    if (arr(ctr.resizePolicy).length > 0) {
      errs.push(invalid(idxPath.child('resizePolicy'), new GoRaw(goResizePolicy(ctr.resizePolicy)), 'must not be set for init containers'));
    }
  });
  return errs;
}

function goResizePolicy(list: unknown): string {
  return '[]core.ContainerResizePolicy{' + arr(list).map((p) =>
    `core.ContainerResizePolicy{ResourceName:${goQuote(str(obj(p).resourceName))}, RestartPolicy:${goQuote(str(obj(p).restartPolicy))}}`).join(', ') + '}';
}

/** Ephemeral containers are forbidden in templates; they are still validated (`validateEphemeralContainers`). */
function validateEphemeralContainers(spec: Obj, volumes: Map<string, Obj>, podClaimNames: Set<string>, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const list = arr(spec.ephemeralContainers);
  if (list.length === 0) return errs;
  const otherNames = new Set<string>();
  for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) otherNames.add(str(obj(c).name));
  const allNames = new Set(otherNames);
  list.forEach((raw, i) => {
    const ec = obj(raw);
    const idxPath = fldPath.index(i);
    errs.push(...validateContainerCommon(ec, volumes, podClaimNames, idxPath));
    const image = str(ec.image);
    if (image.length !== image.trim().length) errs.push(invalid(idxPath.child('image'), image, 'must not have leading or trailing whitespace'));
    const name = str(ec.name);
    if (allNames.has(name)) errs.push(duplicate(idxPath.child('name'), name));
    else allNames.add(name);
    const target = str(ec.targetContainerName);
    if (target !== '' && !otherNames.has(target)) errs.push(notFound(idxPath.child('targetContainerName'), target));
    for (const f of ['ports', 'resources', 'resizePolicy', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe', 'restartPolicy']) {
      const v = ec[f];
      const set = Array.isArray(v) ? v.length > 0 : isRecord(v) ? Object.keys(v).length > 0 : present(v);
      if (set) errs.push(forbidden(idxPath.child(f), 'cannot be set for an Ephemeral Container'));
    }
    arr(ec.volumeMounts).forEach((vm, j) => {
      if (str(obj(vm).subPath) !== '') errs.push(forbidden(idxPath.child('volumeMounts').index(j).child('subPath'), 'cannot be set for an Ephemeral Container'));
      if (str(obj(vm).subPathExpr) !== '') {
        errs.push(forbidden(idxPath.child('volumeMounts').index(j).child('subPathExpr'), 'cannot be set for an Ephemeral Container'));
      }
    });
  });
  return errs;
}

/** `validateContainerCommon`. */
function validateContainerCommon(ctr: Obj, volumes: Map<string, Obj>, podClaimNames: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = path.child('name');
  const name = str(ctr.name);
  if (name.length === 0) errs.push(required(namePath, ''));
  else for (const msg of isDNS1123Label(name)) errs.push(invalid(namePath, name, msg));
  if (str(ctr.image).length === 0) errs.push(required(path.child('image'), ''));
  const tmp = str(ctr.terminationMessagePolicy);
  if (tmp === '') {errs.push(required(path.child('terminationMessagePolicy'), ''));} else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(notSupported(path.child('terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  }
  const volDevices = new Map<string, string>(arr(ctr.volumeDevices).map((d) => [str(obj(d).name), str(obj(d).devicePath)]));
  const volMounts = new Map<string, string>(arr(ctr.volumeMounts).map((m) => [str(obj(m).name), str(obj(m).mountPath)]));
  errs.push(...validateContainerPorts(arr(ctr.ports).map(obj), path.child('ports')));
  errs.push(...validateEnv(ctr.env, path.child('env')));
  errs.push(...validateEnvFrom(ctr.envFrom, path.child('envFrom')));
  errs.push(...validateVolumeMounts(arr(ctr.volumeMounts).map(obj), volDevices, volumes, ctr, path.child('volumeMounts')));
  errs.push(...validateVolumeDevices(arr(ctr.volumeDevices).map(obj), volMounts, volumes, path.child('volumeDevices')));
  errs.push(...validatePullPolicy(str(ctr.imagePullPolicy), path.child('imagePullPolicy')));
  errs.push(...validateResourceRequirements(obj(ctr.resources), path.child('resources')));
  errs.push(...validateResourceClaimNames(obj(ctr.resources).claims, podClaimNames, path.child('resources').child('claims')));
  errs.push(...validateResizePolicy(ctr.resizePolicy, path.child('resizePolicy')));
  errs.push(...validateSecurityContext(ctr.securityContext, path.child('securityContext')));
  return errs;
}

function validateResourceClaimNames(claims: unknown, podClaimNames: Set<string>, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(claims).forEach((c, i) => {
    const name = str(obj(c).name);
    if (name === '') {
      errs.push(required(fldPath.index(i), ''));
      return;
    }
    if (names.has(name)) errs.push(duplicate(fldPath.index(i), name));
    else names.add(name);
    if (!podClaimNames.has(name)) {
      const detail = 'must be one of the names in pod.spec.resourceClaims' +
        (podClaimNames.size === 0 ? ' which is empty' : ': ' + goSorted(podClaimNames).join(', '));
      errs.push({
        ...notFound(fldPath.index(i), name),
        detailText: detail,
        detail: `Not found: ${goQuote(name)}: ${detail}`,
        message: `${fldPath.index(i)}: Not found: ${goQuote(name)}: ${detail}`,
      });
    }
  });
  return errs;
}

const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `validateContainerPorts`. */
export function validateContainerPorts(ports: Obj[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const allNames = new Set<string>();
  ports.forEach((port, i) => {
    const idxPath = fldPath.index(i);
    const name = str(port.name);
    if (name.length > 0) {
      const msgs = isValidPortName(name);
      if (msgs.length !== 0) {
        for (const msg of msgs) errs.push(invalid(idxPath.child('name'), name, msg));
      } else if (allNames.has(name)) {
        errs.push(duplicate(idxPath.child('name'), name));
      } else {
        allNames.add(name);
      }
    }
    const containerPort = num(port.containerPort);
    if (containerPort === 0) errs.push(required(idxPath.child('containerPort'), ''));
    else for (const msg of isValidPortNum(containerPort)) errs.push(invalid(idxPath.child('containerPort'), containerPort, msg));
    const hostPort = num(port.hostPort);
    if (hostPort !== 0) for (const msg of isValidPortNum(hostPort)) errs.push(invalid(idxPath.child('hostPort'), hostPort, msg));
    const protocol = str(port.protocol);
    if (protocol.length === 0) errs.push(required(idxPath.child('protocol'), ''));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(idxPath.child('protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
  });
  return errs;
}

/** `checkHostPortConflicts` / `AccumulateUniqueHostPorts`: key `<protocol>/<hostIP>/<hostPort>`. */
export function checkHostPortConflicts(containers: Obj[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    arr(ctr.ports).forEach((raw, pi) => {
      const port = obj(raw);
      const hostPort = num(port.hostPort);
      if (hostPort === 0) return;
      const key = `${str(port.protocol)}/${str(port.hostIP)}/${hostPort}`;
      if (seen.has(key)) errs.push(duplicate(fldPath.index(ci).child('ports').index(pi).child('hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}

const ENV_DOWNWARD_API_FIELDS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];

function validateEnv(vars: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(vars).forEach((raw, i) => {
    const ev = obj(raw);
    const idxPath = fldPath.index(i);
    const name = str(ev.name);
    if (name.length === 0) errs.push(required(idxPath.child('name'), ''));
    else for (const msg of isEnvVarName(name)) errs.push(invalid(idxPath.child('name'), name, msg));
    errs.push(...validateEnvVarValueFrom(ev, idxPath.child('valueFrom')));
  });
  return errs;
}

function validateEnvVarValueFrom(ev: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!isRecord(ev.valueFrom)) return errs;
  const vf = ev.valueFrom;
  let numSources = 0;
  if (isRecord(vf.fieldRef)) {
    numSources++;
    errs.push(...validateObjectFieldSelector(vf.fieldRef, ENV_DOWNWARD_API_FIELDS, fldPath.child('fieldRef')));
    if (str(vf.fieldRef.fieldPath) === 'status.hostIPs') {
      errs.push(forbidden(fldPath.child('fieldRef'), "may not be set when feature gate 'PodHostIPs' is not enabled"));
    }
  }
  if (isRecord(vf.resourceFieldRef)) {
    numSources++;
    errs.push(...validateContainerResourceFieldSelector(vf.resourceFieldRef, fldPath.child('resourceFieldRef'), false));
  }
  for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
    if (!isRecord(vf[kind])) continue;
    numSources++;
    const s = vf[kind];
    const p = fldPath.child(kind);
    for (const msg of nameIsDNSSubdomain(str(s.name), false)) errs.push(invalid(p.child('name'), str(s.name), msg));
    if (str(s.key).length === 0) errs.push(required(p.child('key'), ''));
    else for (const msg of isConfigMapKey(str(s.key))) errs.push(invalid(p.child('key'), str(s.key), msg));
  }
  if (numSources === 0) {
    errs.push(invalid(fldPath, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (str(ev.value).length !== 0) {
    errs.push(invalid(fldPath, '', 'may not be specified when `value` is not empty'));
  } else if (numSources > 1) {
    errs.push(invalid(fldPath, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

const DOWNWARD_API_LABELS = new Set(['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid',
  'spec.nodeName', 'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs',
  'status.podIP', 'status.podIPs']);

function splitMaybeSubscriptedPath(fieldPath: string): [string, string, boolean] {
  if (!fieldPath.endsWith("']")) return [fieldPath, '', false];
  const s = fieldPath.slice(0, -2);
  const idx = s.indexOf("['");
  if (idx <= 0) return [fieldPath, '', false];
  return [s.slice(0, idx), s.slice(idx + 2), true];
}

/** `validateObjectFieldSelector` (apiVersion is defaulted to v1). */
function validateObjectFieldSelector(fs: Obj, expressions: readonly string[], fldPath: FieldPath): FieldError[] {
  const apiVersion = present(fs.apiVersion) ? str(fs.apiVersion) : 'v1';
  const fieldPath = str(fs.fieldPath);
  if (apiVersion.length === 0) return [required(fldPath.child('apiVersion'), '')];
  if (fieldPath.length === 0) return [required(fldPath.child('fieldPath'), '')];
  let internal = fieldPath;
  let convErr: string | undefined;
  if (apiVersion !== 'v1') {
    convErr = `unsupported pod version: ${apiVersion}`;
  } else {
    const [p, , ok] = splitMaybeSubscriptedPath(fieldPath);
    if (ok) {
      if (p !== 'metadata.annotations' && p !== 'metadata.labels') convErr = `field label does not support subscript: ${fieldPath}`;
    } else if (fieldPath === 'spec.host') {
      internal = 'spec.nodeName';
    } else if (!DOWNWARD_API_LABELS.has(fieldPath)) {
      convErr = `field label not supported: ${fieldPath}`;
    }
  }
  if (convErr) return [invalid(fldPath.child('fieldPath'), fieldPath, `error converting fieldPath: ${convErr}`)];
  const [path, subscript, ok] = splitMaybeSubscriptedPath(internal);
  if (ok) {
    if (path === 'metadata.annotations') {
      return isQualifiedName(subscript.toLowerCase()).map((msg) => invalid(fldPath, subscript.toLowerCase(), msg));
    }
    if (path === 'metadata.labels') return isQualifiedName(subscript).map((msg) => invalid(fldPath, subscript, msg));
    return [invalid(fldPath, path, 'does not support subscript')];
  }
  if (!expressions.includes(path)) return [notSupported(fldPath.child('fieldPath'), path, goSorted(expressions))];
  return [];
}

const RESOURCE_FIELD_EXPRESSIONS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const MEMORY_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];

function validateContainerResourceFieldSelector(fs: Obj, fldPath: FieldPath, volume: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const resource = str(fs.resource);
  if (volume && str(fs.containerName).length === 0) {
    errs.push(required(fldPath.child('containerName'), ''));
  } else if (resource.length === 0) {
    errs.push(required(fldPath.child('resource'), ''));
  } else if (!RESOURCE_FIELD_EXPRESSIONS.includes(resource)
    && !resource.startsWith('requests.hugepages-') && !resource.startsWith('limits.hugepages-')) {
    errs.push(notSupported(fldPath.child('resource'), resource, RESOURCE_FIELD_EXPRESSIONS));
  }
  if (present(fs.divisor)) {
    const d = decodeResourceList({ divisor: fs.divisor }, fldPath);
    const q = d.entries.get('divisor');
    if (q && !q.quantity.isZero()) {
      const s = q.quantity.toString();
      if ((resource === 'limits.cpu' || resource === 'requests.cpu') && s !== '1m' && s !== '1') {
        errs.push(invalid(fldPath.child('divisor'), resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
      } else if ((resource === 'limits.memory' || resource === 'requests.memory') && !MEMORY_DIVISORS.includes(s)) {
        errs.push(invalid(fldPath.child('divisor'), resource,
          "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource"));
      } else if ((resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') && !MEMORY_DIVISORS.includes(s)) {
        errs.push(invalid(fldPath.child('divisor'), resource,
          "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource"));
      }
      if ((resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) && !MEMORY_DIVISORS.includes(s)) {
        errs.push(invalid(fldPath.child('divisor'), resource,
          "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource"));
      }
    }
  }
  return errs;
}

function validateEnvFrom(vars: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(vars).forEach((raw, i) => {
    const ev = obj(raw);
    const idxPath = fldPath.index(i);
    const prefix = str(ev.prefix);
    if (prefix.length > 0) for (const msg of isEnvVarName(prefix)) errs.push(invalid(idxPath.child('prefix'), prefix, msg));
    let numSources = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      if (!isRecord(ev[kind])) continue;
      numSources++;
      const n = str(ev[kind].name);
      const p = idxPath.child(kind).child('name');
      if (n.length === 0) errs.push(required(p, ''));
      else for (const msg of nameIsDNSSubdomain(n, true)) errs.push(invalid(p, n, msg));
    }
    if (numSources === 0) errs.push(invalid(fldPath, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (numSources > 1) errs.push(invalid(fldPath, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

/** `ValidateVolumeMounts`. */
export function validateVolumeMounts(mounts: Obj[], volDevices: Map<string, string>, volumes: Map<string, Obj>, container: Obj | undefined,
  fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mountpoints = new Set<string>();
  const devicePaths = new Set(volDevices.values());
  mounts.forEach((mnt, i) => {
    const idxPath = fldPath.index(i);
    const name = str(mnt.name);
    const mountPath = str(mnt.mountPath);
    if (name.length === 0) errs.push(required(idxPath.child('name'), ''));
    if (!volumes.has(name)) errs.push(notFound(idxPath.child('name'), name));
    if (mountPath.length === 0) errs.push(required(idxPath.child('mountPath'), ''));
    if (mountpoints.has(mountPath)) errs.push(invalid(idxPath.child('mountPath'), mountPath, 'must be unique'));
    mountpoints.add(mountPath);
    if (volDevices.has(name)) errs.push(invalid(idxPath.child('name'), name, 'must not already exist in volumeDevices'));
    if (devicePaths.has(mountPath)) errs.push(invalid(idxPath.child('mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    const subPath = str(mnt.subPath);
    if (subPath.length > 0) errs.push(...validateLocalDescendingPath(subPath, fldPath.child('subPath')));
    const subPathExpr = str(mnt.subPathExpr);
    if (subPathExpr.length > 0) {
      if (subPath.length > 0) errs.push(invalid(idxPath.child('subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(subPathExpr, fldPath.child('subPathExpr')));
    }
    if (present(mnt.mountPropagation)) errs.push(...validateMountPropagation(str(mnt.mountPropagation), container, fldPath.child('mountPropagation')));
  });
  return errs;
}

const SUPPORTED_MOUNT_PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];

/** Kubernetes' message when a non-privileged container asks for Bidirectional propagation. */
export const BIDIRECTIONAL_NOT_PRIVILEGED = 'Bidirectional mount propagation is available only to privileged containers';

/** `validateMountPropagation`; `container` undefined means "not known yet" (only the value is checked). */
export function validateMountPropagation(mountPropagation: string, container: Obj | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!SUPPORTED_MOUNT_PROPAGATIONS.includes(mountPropagation)) {
    errs.push(notSupported(fldPath, mountPropagation, SUPPORTED_MOUNT_PROPAGATIONS));
  }
  if (container === undefined) return errs;
  const privileged = obj(container.securityContext).privileged === true;
  if (mountPropagation === 'Bidirectional' && !privileged) errs.push(forbidden(fldPath, BIDIRECTIONAL_NOT_PRIVILEGED));
  return errs;
}

function validateVolumeDevices(devices: Obj[], volMounts: Map<string, string>, volumes: Map<string, Obj>, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  const mountPaths = new Set(volMounts.values());
  devices.forEach((dev, i) => {
    const idxPath = fldPath.index(i);
    const devName = str(dev.name);
    const devPath = str(dev.devicePath);
    const vol = volumes.get(devName);
    const isPVC = vol !== undefined && (present(vol.persistentVolumeClaim) || present(vol.ephemeral));
    if (devName.length === 0) errs.push(required(idxPath.child('name'), ''));
    if (deviceNames.has(devName)) errs.push(invalid(idxPath.child('name'), devName, 'must be unique'));
    if (vol !== undefined && !isPVC) {
      errs.push(invalid(idxPath.child('name'), devName, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    }
    if (vol === undefined) errs.push(notFound(idxPath.child('name'), devName));
    if (devPath.length === 0) errs.push(required(idxPath.child('devicePath'), ''));
    if (devicePaths.has(devPath)) errs.push(invalid(idxPath.child('devicePath'), devPath, 'must be unique'));
    if (devPath.length > 0 && validatePathNoBacksteps(devPath, fldPath).length > 0) {
      errs.push(invalid(idxPath.child('devicePath'), devPath, "can not contain backsteps ('..')"));
    } else {
      devicePaths.add(devPath);
    }
    if (volMounts.has(devName)) errs.push(invalid(idxPath.child('name'), devName, 'must not already exist in volumeMounts'));
    if (mountPaths.has(devPath)) errs.push(invalid(idxPath.child('devicePath'), devPath, 'must not already exist as a path in volumeMounts'));
    if (devName.length > 0) deviceNames.add(devName);
  });
  return errs;
}

const SUPPORTED_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validatePullPolicy(policy: string, fldPath: FieldPath): FieldError[] {
  if (SUPPORTED_PULL_POLICIES.includes(policy)) return [];
  if (policy === '') return [required(fldPath, '')];
  return [notSupported(fldPath, policy, SUPPORTED_PULL_POLICIES)];
}

function validateResizePolicy(list: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(list).forEach((raw, i) => {
    const p = obj(raw);
    const rn = str(p.resourceName);
    // core.ResourceName implements fmt.Stringer, so Go prints it without quotes.
    if (seen.has(rn)) errs.push(duplicate(fldPath.index(i), new GoRaw(rn)));
    seen.add(rn);
    if (rn === '') errs.push(required(fldPath, ''));
    else if (rn !== 'cpu' && rn !== 'memory') errs.push(notSupported(fldPath, new GoRaw(rn), ['cpu', 'memory']));
    const rp = str(p.restartPolicy);
    if (rp === '') errs.push(required(fldPath, ''));
    else if (rp !== 'NotRequired' && rp !== 'RestartContainer') errs.push(notSupported(fldPath, rp, ['NotRequired', 'RestartContainer']));
  });
  return errs;
}

// ---------------------------------------------------------------------------
// Probes and lifecycle
// ---------------------------------------------------------------------------

function validateLivenessProbe(probe: unknown, fldPath: FieldPath): FieldError[] {
  if (!isRecord(probe)) return [];
  const errs = validateProbe(probe, fldPath);
  const st = present(probe.successThreshold) ? num(probe.successThreshold) : 1;
  if (st !== 1) errs.push(invalid(fldPath.child('successThreshold'), st, 'must be 1'));
  return errs;
}

function validateReadinessProbe(probe: unknown, fldPath: FieldPath): FieldError[] {
  if (!isRecord(probe)) return [];
  const errs = validateProbe(probe, fldPath);
  if (present(probe.terminationGracePeriodSeconds)) {
    // A pointer BadValue is printed dereferenced (field.Error.ErrorBody).
    errs.push(invalid(fldPath.child('terminationGracePeriodSeconds'), num(probe.terminationGracePeriodSeconds), 'must not be set for readinessProbes'));
  }
  return errs;
}

function validateStartupProbe(probe: unknown, fldPath: FieldPath): FieldError[] {
  return validateLivenessProbe(probe, fldPath);
}

function validateProbe(probe: Obj, fldPath: FieldPath): FieldError[] {
  const errs = validateHandler(probe, fldPath, true);
  errs.push(...validateNonnegativeField(num(probe.initialDelaySeconds), fldPath.child('initialDelaySeconds')));
  errs.push(...validateNonnegativeField(num(probe.timeoutSeconds), fldPath.child('timeoutSeconds')));
  errs.push(...validateNonnegativeField(num(probe.periodSeconds), fldPath.child('periodSeconds')));
  errs.push(...validateNonnegativeField(num(probe.successThreshold), fldPath.child('successThreshold')));
  errs.push(...validateNonnegativeField(num(probe.failureThreshold), fldPath.child('failureThreshold')));
  if (present(probe.terminationGracePeriodSeconds) && num(probe.terminationGracePeriodSeconds) <= 0) {
    errs.push(invalid(fldPath.child('terminationGracePeriodSeconds'), num(probe.terminationGracePeriodSeconds), 'must be greater than 0'));
  }
  return errs;
}

function validateLifecycle(lifecycle: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (isRecord(lifecycle.postStart)) errs.push(...validateHandler(lifecycle.postStart, fldPath.child('postStart'), false));
  if (isRecord(lifecycle.preStop)) errs.push(...validateHandler(lifecycle.preStop, fldPath.child('preStop'), false));
  return errs;
}

function validateHandler(h: Obj, fldPath: FieldPath, allowGrpc: boolean): FieldError[] {
  const errs: FieldError[] = [];
  let numHandlers = 0;
  const kinds = allowGrpc ? ['exec', 'httpGet', 'tcpSocket', 'grpc'] : ['exec', 'httpGet', 'tcpSocket'];
  for (const kind of kinds) {
    if (!isRecord(h[kind])) continue;
    if (numHandlers > 0) {
      errs.push(forbidden(fldPath.child(kind), 'may not specify more than 1 handler type'));
      continue;
    }
    numHandlers++;
    const a = h[kind];
    const p = fldPath.child(kind);
    if (kind === 'exec') {
      if (arr(a.command).length === 0) errs.push(required(p.child('command'), ''));
    } else if (kind === 'httpGet') {
      if (str(a.path).length === 0) errs.push(required(p.child('path'), ''));
      errs.push(...validatePortNumOrName(a.port, p.child('port')));
      const scheme = str(a.scheme);
      if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(p.child('scheme'), scheme, ['HTTP', 'HTTPS']));
      for (const header of arr(a.httpHeaders)) {
        for (const msg of isHTTPHeaderName(str(obj(header).name))) errs.push(invalid(p.child('httpHeaders'), str(obj(header).name), msg));
      }
    } else if (kind === 'tcpSocket') {
      errs.push(...validatePortNumOrName(a.port, p.child('port')));
    } else {
      errs.push(...validatePortNumOrName(num(a.port), p.child('port')));
    }
  }
  if (numHandlers === 0) errs.push(required(fldPath, 'must specify a handler type'));
  return errs;
}

/** `ValidatePortNumOrName` on an IntOrString from JSON. */
function validatePortNumOrName(port: unknown, fldPath: FieldPath): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(fldPath, port, msg));
  const n = num(port);
  return isValidPortNum(n).map((msg) => invalid(fldPath, n, msg));
}

// ---------------------------------------------------------------------------
// Security context
// ---------------------------------------------------------------------------

/** `ValidateSecurityContext` (privileged containers are allowed, as kubeadm and managed clusters run the apiserver). */
function validateSecurityContext(sc: unknown, fldPath: FieldPath): FieldError[] {
  if (!isRecord(sc)) return [];
  const errs: FieldError[] = [];
  if (present(sc.runAsUser)) for (const msg of isValidUserID(num(sc.runAsUser))) errs.push(invalid(fldPath.child('runAsUser'), num(sc.runAsUser), msg));
  if (present(sc.runAsGroup)) for (const msg of isValidGroupID(num(sc.runAsGroup))) errs.push(invalid(fldPath.child('runAsGroup'), num(sc.runAsGroup), msg));
  if (present(sc.procMount)) {
    const pm = str(sc.procMount);
    if (pm !== 'Default' && pm !== 'Unmasked') errs.push(notSupported(fldPath.child('procMount'), pm, ['Default', 'Unmasked']));
  }
  errs.push(...validateSeccompProfileField(sc.seccompProfile, fldPath.child('seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) {
      errs.push(invalid(fldPath, new GoRaw(goSecurityContext(sc)), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    }
    for (const cap of arr(obj(sc.capabilities).add)) {
      if (str(cap) === 'CAP_SYS_ADMIN') {
        errs.push(invalid(fldPath, new GoRaw(goSecurityContext(sc)), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
      }
    }
  }
  errs.push(...validateWindowsSecurityContextOptions(sc.windowsOptions, fldPath.child('windowsOptions')));
  return errs;
}

/** `%#v` of a `core.SecurityContext` (pointer fields print as addresses). */
function goSecurityContext(sc: Obj): string {
  const ptr = (t: string, v: unknown) => goPointerText(t, !present(v));
  return 'core.SecurityContext{' + [
    `Capabilities:${ptr('core.Capabilities', sc.capabilities)}`,
    `Privileged:${ptr('bool', sc.privileged)}`,
    `SELinuxOptions:${ptr('core.SELinuxOptions', sc.seLinuxOptions)}`,
    `WindowsOptions:${ptr('core.WindowsSecurityContextOptions', sc.windowsOptions)}`,
    `RunAsUser:${ptr('int64', sc.runAsUser)}`,
    `RunAsGroup:${ptr('int64', sc.runAsGroup)}`,
    `RunAsNonRoot:${ptr('bool', sc.runAsNonRoot)}`,
    `ReadOnlyRootFilesystem:${ptr('bool', sc.readOnlyRootFilesystem)}`,
    `AllowPrivilegeEscalation:${ptr('bool', sc.allowPrivilegeEscalation)}`,
    `ProcMount:${ptr('core.ProcMountType', sc.procMount)}`,
    `SeccompProfile:${ptr('core.SeccompProfile', sc.seccompProfile)}`,
  ].join(', ') + '}';
}

function validateSeccompProfileField(sp: unknown, fldPath: FieldPath): FieldError[] {
  if (!isRecord(sp)) return [];
  const errs: FieldError[] = [];
  const type = str(sp.type);
  if (type === '') {errs.push(required(fldPath.child('type'), 'type is required when seccompProfile is set'));} else if (!['Localhost', 'RuntimeDefault', 'Unconfined'].includes(type)) {
    errs.push(notSupported(fldPath.child('type'), type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  }
  if (type === 'Localhost') {
    if (!present(sp.localhostProfile)) errs.push(required(fldPath.child('localhostProfile'), 'must be set when seccomp type is Localhost'));
    else errs.push(...validateLocalDescendingPath(str(sp.localhostProfile), fldPath.child('localhostProfile')));
  } else if (present(sp.localhostProfile)) {
    const dump = `core.SeccompProfile{Type:${goQuote(type)}, LocalhostProfile:${goPointerText('string', false)}}`;
    errs.push(invalid(fldPath.child('localhostProfile'), new GoRaw(dump), 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

function validateWindowsSecurityContextOptions(wo: unknown, fldPath: FieldPath): FieldError[] {
  if (!isRecord(wo)) return [];
  const errs: FieldError[] = [];
  // The *string values are printed dereferenced (field.Error.ErrorBody).
  if (present(wo.gmsaCredentialSpecName)) {
    const v = str(wo.gmsaCredentialSpecName);
    for (const msg of isDNS1123Subdomain(v)) errs.push(invalid(fldPath.child('gmsaCredentialSpecName'), v, msg));
  }
  if (present(wo.gmsaCredentialSpec)) {
    const ptr = str(wo.gmsaCredentialSpec);
    const l = Buffer.byteLength(str(wo.gmsaCredentialSpec), 'utf8');
    if (l === 0) errs.push(invalid(fldPath.child('gmsaCredentialSpec'), ptr, 'gmsaCredentialSpec cannot be an empty string'));
    else if (l > 64 * 1024) errs.push(invalid(fldPath.child('gmsaCredentialSpec'), ptr, 'gmsaCredentialSpec size must be under 64 KiB'));
  }
  if (present(wo.runAsUserName)) {
    const name = str(wo.runAsUserName);
    const ptr = name;
    const p = fldPath.child('runAsUserName');
    const parts = name.split('\\');
    if (name.length === 0) {
      errs.push(invalid(p, ptr, 'runAsUserName cannot be an empty string'));
    // eslint-disable-next-line no-control-regex
    } else if (/[\x00-\x1f\x7f]/.test(name)) {
      errs.push(invalid(p, ptr, 'runAsUserName cannot contain control characters'));
    } else if (parts.length > 2) {
      errs.push(invalid(p, ptr, 'runAsUserName cannot contain more than one backslash'));
    } else {
      const hasDomain = parts.length === 2;
      const domain = hasDomain ? parts[0] : '';
      const user = hasDomain ? parts[1] : parts[0];
      if (domain.length >= 256) errs.push(invalid(p, ptr, "runAsUserName's Domain length must be under 256 characters"));
      const netBios = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/;
      const dnsLabel = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
      const dns = new RegExp(`^${dnsLabel}(?:\\.${dnsLabel})*$`);
      if (hasDomain && !(netBios.test(domain) || dns.test(domain))) {
        errs.push(invalid(p, ptr, "runAsUserName's Domain doesn't match the NetBios nor the DNS format"));
      }
      if (user.length === 0) errs.push(invalid(p, ptr, "runAsUserName's User cannot be empty"));
      else if (user.length > 104) errs.push(invalid(p, ptr, "runAsUserName's User length must not be longer than 104 characters"));
      if (/^[. ]+$/.test(user)) errs.push(invalid(p, ptr, "runAsUserName's User cannot contain only periods or spaces"));
      if (/["/\\:;|=,+*?<>@[\]]/.test(user)) errs.push(invalid(p, ptr, 'runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]'));
    }
  }
  return errs;
}

const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_RE = `^(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}$`;

/** `validatePodSpecSecurityContext` (hostNetwork/hostPID/hostIPC live in the spec in v1). */
function validatePodSpecSecurityContext(spec: Obj, fldPath: FieldPath): FieldError[] {
  const sc = spec.securityContext;
  if (!isRecord(sc)) return [];
  const errs: FieldError[] = [];
  if (present(sc.fsGroup)) for (const msg of isValidGroupID(num(sc.fsGroup))) errs.push(invalid(fldPath.child('fsGroup'), num(sc.fsGroup), msg));
  if (present(sc.runAsUser)) for (const msg of isValidUserID(num(sc.runAsUser))) errs.push(invalid(fldPath.child('runAsUser'), num(sc.runAsUser), msg));
  if (present(sc.runAsGroup)) for (const msg of isValidGroupID(num(sc.runAsGroup))) errs.push(invalid(fldPath.child('runAsGroup'), num(sc.runAsGroup), msg));
  arr(sc.supplementalGroups).forEach((g, i) => {
    for (const msg of isValidGroupID(num(g))) errs.push(invalid(fldPath.child('supplementalGroups').index(i), num(g), msg));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(invalid(fldPath.child('shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  const names = new Set<string>();
  arr(sc.sysctls).forEach((s, i) => {
    const name = str(obj(s).name);
    const p = fldPath.child('sysctls').index(i).child('name');
    if (name.length === 0) {errs.push(required(p, ''));} else if (name.length > 253 || !new RegExp(SYSCTL_RE).test(name)) {
      errs.push(invalid(p, name, `must have at most 253 characters and match regex ${SYSCTL_RE}`));
    } else if (names.has(name)) {errs.push(duplicate(p, name));}
    names.add(name);
  });
  if (present(sc.fsGroupChangePolicy)) {
    const v = str(sc.fsGroupChangePolicy);
    if (v !== 'OnRootMismatch' && v !== 'Always') errs.push(notSupported(fldPath.child('fsGroupChangePolicy'), v, ['Always', 'OnRootMismatch']));
  }
  errs.push(...validateSeccompProfileField(sc.seccompProfile, fldPath.child('seccompProfile')));
  errs.push(...validateWindowsSecurityContextOptions(sc.windowsOptions, fldPath.child('windowsOptions')));
  return errs;
}

function validateWindowsHostProcessPod(spec: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let containerCount = 0;
  let hostProcessCount = 0;
  const podHP = obj(obj(spec.securityContext).windowsOptions).hostProcess;
  const podHostProcess = typeof podHP === 'boolean' ? podHP : undefined;
  visitContainersWithPath(spec, fldPath, (c, p) => {
    containerCount++;
    const cHP = obj(obj(c.securityContext).windowsOptions).hostProcess;
    const containerHostProcess = typeof cHP === 'boolean' ? cHP : undefined;
    if (podHostProcess !== undefined && containerHostProcess !== undefined && podHostProcess !== containerHostProcess) {
      errs.push(invalid(p.child('securityContext', 'windowsOptions', 'hostProcess'), containerHostProcess,
        `pod hostProcess value must be identical if both are specified, was ${podHostProcess}`));
    }
    if (containerHostProcess === true || (containerHostProcess === undefined && podHostProcess === true)) hostProcessCount++;
  });
  if (hostProcessCount > 0) {
    if (hostProcessCount !== containerCount) {
      errs.push(invalid(fldPath, '', 'If pod contains any hostProcess containers then all containers must be HostProcess containers'));
    }
    if (spec.hostNetwork !== true) {
      errs.push(invalid(fldPath.child('hostNetwork'), false, 'hostNetwork must be true if pod contains any hostProcess containers'));
    }
  }
  return errs;
}

function validateHostUsers(spec: Obj, fldPath: FieldPath): FieldError[] {
  if (spec.hostUsers !== false) return [];
  const errs: FieldError[] = [];
  if (spec.hostNetwork === true) errs.push(forbidden(fldPath.child('hostNetwork'), 'when `pod.Spec.HostUsers` is false'));
  if (spec.hostPID === true) errs.push(forbidden(fldPath.child('HostPID'), 'when `pod.Spec.HostUsers` is false'));
  if (spec.hostIPC === true) errs.push(forbidden(fldPath.child('HostIPC'), 'when `pod.Spec.HostUsers` is false'));
  return errs;
}

/** Kubernetes' message when a hostNetwork pod's hostPort differs from its containerPort. */
export const HOST_NETWORK_PORT_MISMATCH = 'must match `containerPort` when `hostNetwork` is true';

/** `validatePodHostNetworkDeps`: regular containers only. */
export function validatePodHostNetworkDeps(spec: Obj, fldPath: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.hostNetwork !== true) return errs;
  arr(spec.containers).forEach((c, i) => {
    const portsPath = fldPath.child('containers').index(i).child('ports');
    arr(obj(c).ports).forEach((raw, j) => {
      const port = obj(raw);
      const hp = num(port.hostPort);
      const cp = num(port.containerPort);
      if ((opts.resourceIsPod || hp !== 0) && hp !== cp) errs.push(invalid(portsPath.index(j).child('hostPort'), hp, HOST_NETWORK_PORT_MISMATCH));
    });
  });
  return errs;
}

function validateRestartPolicy(policy: string, fldPath: FieldPath): FieldError[] {
  if (policy === 'Always' || policy === 'OnFailure' || policy === 'Never') return [];
  if (policy === '') return [required(fldPath, '')];
  return [notSupported(fldPath, policy, ['Always', 'OnFailure', 'Never'])];
}

function validateDNSPolicy(policy: string, fldPath: FieldPath): FieldError[] {
  const valid = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (valid.includes(policy)) return [];
  if (policy === '') return [required(fldPath, '')];
  return [notSupported(fldPath, policy, valid)];
}

function validateImagePullSecrets(secrets: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(secrets).forEach((raw, i) => {
    const s = obj(raw);
    if (Object.keys(s).some((k) => k !== 'name')) {
      errs.push(invalid(fldPath.index(i), new GoRaw(`core.LocalObjectReference{Name:${goQuote(str(s.name))}}`), 'only name may be set'));
    }
  });
  return errs;
}

function validatePodDNSConfig(dnsConfig: unknown, dnsPolicy: string, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (dnsPolicy === 'None') {
    if (!isRecord(dnsConfig)) return [required(fldPath, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (arr(dnsConfig.nameservers).length === 0) {
      return [required(fldPath.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
    }
  }
  if (!isRecord(dnsConfig)) return errs;
  const nameservers = arr(dnsConfig.nameservers).map(str);
  if (nameservers.length > 3) {
    errs.push(invalid(fldPath.child('nameservers'), new GoRaw(goStringSliceText(nameservers)), 'must not have more than 3 nameservers'));
  }
  nameservers.forEach((ns, i) => {
    if (!isIPSloppy(ns)) errs.push(invalid(fldPath.child('nameservers').index(i), ns, 'must be valid IP address'));
  });
  const searches = arr(dnsConfig.searches).map(str);
  if (searches.length > 32) errs.push(invalid(fldPath.child('searches'), new GoRaw(goStringSliceText(searches)), 'must not have more than 32 search paths'));
  if (Buffer.byteLength(searches.join(' '), 'utf8') > 2048) {
    errs.push(invalid(fldPath.child('searches'), new GoRaw(goStringSliceText(searches)), 'must not have more than 2048 characters (including spaces) in the search list'));
  }
  searches.forEach((search, i) => {
    const s = search.endsWith('.') ? search.slice(0, -1) : search;
    for (const msg of isDNS1123Subdomain(s)) errs.push(invalid(fldPath.child('searches').index(i), s, msg));
  });
  arr(dnsConfig.options).forEach((o, i) => {
    if (str(obj(o).name).length === 0) errs.push(required(fldPath.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

// ---------------------------------------------------------------------------
// Scheduling: affinity, tolerations, topology spread
// ---------------------------------------------------------------------------

function validateAffinity(affinity: unknown, fldPath: FieldPath): FieldError[] {
  if (!isRecord(affinity)) return [];
  const errs: FieldError[] = [];
  if (isRecord(affinity.nodeAffinity)) {
    const na = affinity.nodeAffinity;
    const p = fldPath.child('nodeAffinity');
    if (isRecord(na.requiredDuringSchedulingIgnoredDuringExecution)) {
      errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, p.child('requiredDuringSchedulingIgnoredDuringExecution')));
    }
    const preferred = arr(na.preferredDuringSchedulingIgnoredDuringExecution);
    preferred.forEach((raw, i) => {
      const term = obj(raw);
      const tp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
      const w = num(term.weight);
      if (w <= 0 || w > 100) errs.push(invalid(tp.child('weight'), w, 'must be in the range 1-100'));
      errs.push(...validateNodeSelectorTerm(obj(term.preference), tp.child('preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    if (!isRecord(affinity[kind])) continue;
    const pa = affinity[kind];
    const p = fldPath.child(kind);
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      errs.push(...validatePodAffinityTerm(obj(t), p.child('requiredDuringSchedulingIgnoredDuringExecution').index(i)));
    });
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
      const wt = obj(raw);
      const tp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
      const w = num(wt.weight);
      if (w <= 0 || w > 100) errs.push(invalid(tp.child('weight'), w, 'must be in the range 1-100'));
      errs.push(...validatePodAffinityTerm(obj(wt.podAffinityTerm), tp.child('podAffinityTerm')));
    });
  }
  return errs;
}

function validatePodAffinityTerm(term: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, {}, fldPath.child('labelSelector')));
  errs.push(...validateLabelSelector(term.namespaceSelector, {}, fldPath.child('namespaceSelector')));
  for (const name of arr(term.namespaces)) {
    for (const msg of isDNS1123Label(str(name))) errs.push(invalid(fldPath.child('namespace'), str(name), msg));
  }
  const tk = str(term.topologyKey);
  if (tk.length === 0) errs.push(required(fldPath.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(tk, fldPath.child('topologyKey')));
  return errs;
}

/** `ValidateNodeSelector`. */
export function validateNodeSelector(ns: Obj, fldPath: FieldPath): FieldError[] {
  const termPath = fldPath.child('nodeSelectorTerms');
  const terms = arr(ns.nodeSelectorTerms);
  if (terms.length === 0) return [required(termPath, 'must have at least one node selector term')];
  const errs: FieldError[] = [];
  terms.forEach((t, i) => errs.push(...validateNodeSelectorTerm(obj(t), termPath.index(i))));
  return errs;
}

/** `ValidateNodeSelectorTerm`. */
export function validateNodeSelectorTerm(term: Obj, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(term.matchExpressions).forEach((raw, j) => {
    const rq = obj(raw);
    const p = fldPath.child('matchExpressions').index(j);
    const values = arr(rq.values);
    const op = str(rq.operator);
    switch (op) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(p.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) errs.push(required(p.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
        break;
      default:
        errs.push(invalid(p.child('operator'), op, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(rq.key), p.child('key')));
  });
  arr(term.matchFields).forEach((raw, j) => {
    const rq = obj(raw);
    const p = fldPath.child('matchFields').index(j);
    const values = arr(rq.values);
    const op = str(rq.operator);
    if (op === 'In' || op === 'NotIn') {
      if (values.length !== 1) errs.push(required(p.child('values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    } else {
      errs.push(invalid(p.child('operator'), op, 'not a valid selector operator'));
    }
    if (str(rq.key) !== 'metadata.name') {
      errs.push(invalid(p.child('key'), str(rq.key), 'not a valid field selector key'));
    } else {
      values.forEach((v, i) => {
        for (const msg of nameIsDNSSubdomain(str(v), false)) errs.push(invalid(p.child('values').index(i), str(v), msg));
      });
    }
  });
  return errs;
}

/** `%#v` of a `core.Toleration`. */
function goToleration(t: Obj): string {
  return `core.Toleration{Key:${goQuote(str(t.key))}, Operator:${goQuote(str(t.operator))}, Value:${goQuote(str(t.value))}, ` +
    `Effect:${goQuote(str(t.effect))}, TolerationSeconds:${goPointerText('int64', !present(t.tolerationSeconds))}}`;
}

/** `ValidateTolerations`. */
export function validateTolerations(tolerations: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(tolerations).forEach((raw, i) => {
    const t = obj(raw);
    const idxPath = fldPath.index(i);
    const key = str(t.key);
    const operator = str(t.operator);
    const effect = str(t.effect);
    if (key.length > 0) errs.push(...validateLabelName(key, idxPath.child('key')));
    if (key.length === 0 && operator !== 'Exists') {
      errs.push(invalid(idxPath.child('operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (present(t.tolerationSeconds) && effect !== 'NoExecute') {
      errs.push(invalid(idxPath.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(str(t.value));
        if (msgs.length !== 0) errs.push(invalid(idxPath.child('operator'), str(t.value), msgs.join(';')));
        break;
      }
      case 'Exists':
        if (str(t.value).length > 0) errs.push(invalid(idxPath.child('operator'), new GoRaw(goToleration(t)), "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(idxPath.child('operator'), operator, ['Equal', 'Exists']));
    }
    if (effect.length > 0 && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) {
      errs.push(notSupported(idxPath.child('effect'), effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    }
  });
  return errs;
}

function validateTopologySpreadConstraints(constraints: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const list = arr(constraints).map(obj);
  list.forEach((c, i) => {
    const p = fldPath.index(i);
    const maxSkew = num(c.maxSkew);
    if (maxSkew <= 0) errs.push(invalid(p.child('maxSkew'), maxSkew, IS_NOT_POSITIVE_ERROR_MSG));
    if (str(c.topologyKey).length === 0) errs.push(required(p.child('topologyKey'), 'can not be empty'));
    const wu = str(c.whenUnsatisfiable);
    if (wu !== 'DoNotSchedule' && wu !== 'ScheduleAnyway') errs.push(notSupported(p.child('whenUnsatisfiable'), wu, ['DoNotSchedule', 'ScheduleAnyway']));
    for (const rest of list.slice(i + 1)) {
      if (str(rest.topologyKey) === str(c.topologyKey) && str(rest.whenUnsatisfiable) === wu) {
        errs.push(duplicate(p.child('{topologyKey, whenUnsatisfiable}'), `{${str(c.topologyKey)}, ${wu}}`));
        break;
      }
    }
    if (present(c.minDomains)) {
      const md: BadValue = num(c.minDomains);
      if (num(c.minDomains) <= 0) errs.push(invalid(p.child('minDomains'), md, IS_NOT_POSITIVE_ERROR_MSG));
      if (wu !== 'DoNotSchedule') errs.push(invalid(p.child('minDomains'), md, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${wu}`));
    }
    for (const pol of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (present(c[pol]) && !['Honor', 'Ignore'].includes(str(c[pol]))) {
        errs.push(notSupported(p.child(pol), str(c[pol]), ['Honor', 'Ignore']));
      }
    }
    const mlk = arr(c.matchLabelKeys).map(str);
    if (mlk.length > 0) {
      const selKeys = new Set<string>();
      if (isRecord(c.labelSelector)) {
        Object.keys(obj(c.labelSelector.matchLabels)).forEach((k) => selKeys.add(k));
        arr(c.labelSelector.matchExpressions).forEach((e) => selKeys.add(str(obj(e).key)));
      } else {
        errs.push(forbidden(p.child('matchLabelKeys'), 'must not be specified when labelSelector is not set'));
      }
      mlk.forEach((k, j) => {
        errs.push(...validateLabelName(k, p.child('matchLabelKeys').index(j)));
        if (selKeys.has(k)) errs.push(invalid(p.child('matchLabelKeys').index(j), k, 'exists in both matchLabelKeys and labelSelector'));
      });
    }
    errs.push(...validateLabelSelector(c.labelSelector, {}, p.child('labelSelector')));
  });
  return errs;
}

/** Re-exported for the DaemonSet module: the selector dump used in "empty selector" errors. */
export { goLabelSelector };
