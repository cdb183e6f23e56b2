/**
 * JSON type checks a manifest must pass before the apiserver can decode it:
 * a DaemonSet whose `containerPort` is a string, whose label value is a YAML
 * number (`version: 1.0`) or whose `containers` is a mapping is refused with
 * "json: cannot unmarshal ..." before any validation runs. This module finds
 * those fields so they are reported against their path instead of being
 * misread as absent.
 *
 * The field types are those of staging/src/k8s.io/api/apps/v1/types.go and
 * staging/src/k8s.io/api/core/v1/types.go (int32/int64 → integer, bool,
 * string, `map[string]string`, `intstr.IntOrString`, `resource.Quantity`),
 * for the fields node-agent manifests use. Internal module.
 */
import { isRecord } from './meta';
import { parseQuantityJSON } from '../placement/quantity';

/** A field whose JSON value has the wrong type. */
export interface DecodeProblem {
  readonly field: string;
  readonly value: unknown;
  /** What the field must be, e.g. `must be an integer`. */
  readonly detail: string;
  /** True when `detail` already quotes the value (a quantity's parse error). */
  readonly quotesValue?: boolean;
}

type Schema =
  | 'string' | 'int' | 'bool' | 'stringMap' | 'intOrString' | 'quantity' | 'quantityMap' | 'any'
  | { readonly list: Schema }
  | { readonly fields: ReadonlyArray<readonly [string, Schema]> };

const list = (s: Schema): Schema => ({ list: s });
const o = (fields: Record<string, Schema>): Schema => ({ fields: Object.entries(fields) });

const LABEL_SELECTOR = o({
  matchLabels: 'stringMap',
  matchExpressions: list(o({ key: 'string', operator: 'string', values: list('string') })),
});
const NODE_SELECTOR_TERM = o({
  matchExpressions: list(o({ key: 'string', operator: 'string', values: list('string') })),
  matchFields: list(o({ key: 'string', operator: 'string', values: list('string') })),
});
const CAPABILITIES = o({ add: list('string'), drop: list('string') });
const SECCOMP = o({ type: 'string', localhostProfile: 'string' });
const SE_LINUX = o({ user: 'string', role: 'string', type: 'string', level: 'string' });
const WINDOWS = o({ hostProcess: 'bool', runAsUserName: 'string', gmsaCredentialSpecName: 'string', gmsaCredentialSpec: 'string' });
const HANDLER = o({
  exec: o({ command: list('string') }),
  httpGet: o({ path: 'string', port: 'intOrString', host: 'string', scheme: 'string', httpHeaders: list(o({ name: 'string', value: 'string' })) }),
  tcpSocket: o({ port: 'intOrString', host: 'string' }),
  grpc: o({ port: 'int', service: 'string' }),
});
const PROBE = o({
  ...Object.fromEntries((HANDLER as { fields: ReadonlyArray<readonly [string, Schema]> }).fields),
  initialDelaySeconds: 'int',
  timeoutSeconds: 'int',
  periodSeconds: 'int',
  successThreshold: 'int',
  failureThreshold: 'int',
  terminationGracePeriodSeconds: 'int',
});
const CONTAINER = o({
  name: 'string',
  image: 'string',
  imagePullPolicy: 'string',
  command: list('string'),
  args: list('string'),
  workingDir: 'string',
  ports: list(o({ name: 'string', containerPort: 'int', hostPort: 'int', protocol: 'string', hostIP: 'string' })),
  env: list(o({
    name: 'string',
    value: 'string',
    valueFrom: o({
      fieldRef: o({ apiVersion: 'string', fieldPath: 'string' }),
      resourceFieldRef: o({ containerName: 'string', resource: 'string', divisor: 'quantity' }),
      configMapKeyRef: o({ name: 'string', key: 'string', optional: 'bool' }),
      secretKeyRef: o({ name: 'string', key: 'string', optional: 'bool' }),
    }),
  })),
  envFrom: list(o({ prefix: 'string', configMapRef: o({ name: 'string', optional: 'bool' }), secretRef: o({ name: 'string', optional: 'bool' }) })),
  resources: o({ requests: 'quantityMap', limits: 'quantityMap' }),
  volumeMounts: list(o({ name: 'string', mountPath: 'string', readOnly: 'bool', mountPropagation: 'string', subPath: 'string', subPathExpr: 'string' })),
  volumeDevices: list(o({ name: 'string', devicePath: 'string' })),
  livenessProbe: PROBE,
  readinessProbe: PROBE,
  startupProbe: PROBE,
  lifecycle: o({ postStart: HANDLER, preStop: HANDLER }),
  terminationMessagePath: 'string',
  terminationMessagePolicy: 'string',
  restartPolicy: 'string',
  securityContext: o({
    privileged: 'bool',
    allowPrivilegeEscalation: 'bool',
    readOnlyRootFilesystem: 'bool',
    runAsNonRoot: 'bool',
    runAsUser: 'int',
    runAsGroup: 'int',
    procMount: 'string',
    capabilities: CAPABILITIES,
    seccompProfile: SECCOMP,
    seLinuxOptions: SE_LINUX,
    windowsOptions: WINDOWS,
  }),
  stdin: 'bool',
  tty: 'bool',
});
const KEY_TO_PATH = list(o({ key: 'string', path: 'string', mode: 'int' }));
const VOLUME = o({
  name: 'string',
  hostPath: o({ path: 'string', type: 'string' }),
  emptyDir: o({ medium: 'string', sizeLimit: 'quantity' }),
  configMap: o({ name: 'string', defaultMode: 'int', optional: 'bool', items: KEY_TO_PATH }),
  secret: o({ secretName: 'string', defaultMode: 'int', optional: 'bool', items: KEY_TO_PATH }),
  persistentVolumeClaim: o({ claimName: 'string', readOnly: 'bool' }),
  csi: o({ driver: 'string', readOnly: 'bool', fsType: 'string', volumeAttributes: 'stringMap' }),
  projected: o({ defaultMode: 'int', sources: 'any' }),
  downwardAPI: o({ defaultMode: 'int', items: 'any' }),
});
const POD_SPEC = o({
  containers: list(CONTAINER),
  initContainers: list(CONTAINER),
  ephemeralContainers: list(CONTAINER),
  volumes: list(VOLUME),
  hostNetwork: 'bool',
  hostPID: 'bool',
  hostIPC: 'bool',
  hostUsers: 'bool',
  shareProcessNamespace: 'bool',
  automountServiceAccountToken: 'bool',
  nodeName: 'string',
  nodeSelector: 'stringMap',
  serviceAccountName: 'string',
  serviceAccount: 'string',
  priorityClassName: 'string',
  priority: 'int',
  schedulerName: 'string',
  runtimeClassName: 'string',
  restartPolicy: 'string',
  dnsPolicy: 'string',
  terminationGracePeriodSeconds: 'int',
  activeDeadlineSeconds: 'int',
  hostname: 'string',
  subdomain: 'string',
  overhead: 'quantityMap',
  imagePullSecrets: list(o({ name: 'string' })),
  tolerations: list(o({ key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'int' })),
  affinity: o({
    nodeAffinity: o({
      requiredDuringSchedulingIgnoredDuringExecution: o({ nodeSelectorTerms: list(NODE_SELECTOR_TERM) }),
      preferredDuringSchedulingIgnoredDuringExecution: list(o({ weight: 'int', preference: NODE_SELECTOR_TERM })),
    }),
    podAffinity: 'any',
    podAntiAffinity: 'any',
  }),
  securityContext: o({
    runAsUser: 'int',
    runAsGroup: 'int',
    runAsNonRoot: 'bool',
    fsGroup: 'int',
    supplementalGroups: list('int'),
    fsGroupChangePolicy: 'string',
    seccompProfile: SECCOMP,
    seLinuxOptions: SE_LINUX,
    windowsOptions: WINDOWS,
    sysctls: list(o({ name: 'string', value: 'string' })),
  }),
  os: o({ name: 'string' }),
});
const OBJECT_META = o({
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  labels: 'stringMap',
  annotations: 'stringMap',
  finalizers: list('string'),
  ownerReferences: 'any',
});
const TEMPLATE = o({ metadata: OBJECT_META, spec: POD_SPEC });

/** The schemas of the kinds this module checks, by kind. */
const KIND_SCHEMAS: Readonly<Record<string, Schema>> = {
  DaemonSet: o({
    apiVersion: 'string',
    kind: 'string',
    metadata: OBJECT_META,
    spec: o({
      selector: LABEL_SELECTOR,
      template: TEMPLATE,
      updateStrategy: o({ type: 'string', rollingUpdate: o({ maxSurge: 'intOrString', maxUnavailable: 'intOrString' }) }),
      minReadySeconds: 'int',
      revisionHistoryLimit: 'int',
      templateGeneration: 'int',
    }),
  }),
};

const GENERIC: Schema = o({ apiVersion: 'string', kind: 'string', metadata: OBJECT_META });

/** How strictly to decode. */
export interface DecodeOptions {
  /**
   * Also parse quantities, as `resource.Quantity`'s `UnmarshalJSON` does: the
   * apiserver refuses "1.5.5" while decoding ("... cannot be handled as a
   * DaemonSet: quantities must match the regular expression ...").
   * @default false - a malformed quantity is left to validation, which reports it as Invalid
   */
  readonly quantities?: boolean;
}

/** `resource.ParseQuantity`'s complaint about `value` (it quotes the value, shortened), if any. */
function quantityProblem(value: string | number): string | undefined {
  try {
    parseQuantityJSON(value);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A field path under construction: names of fields, and indexes of list items. */
type Segments = Array<string | number>;

/** `spec.containers[0].ports[1].containerPort`, built only when a problem is reported. */
function pathOf(segments: Segments, mapKey?: string): string {
  let p = '';
  for (const s of segments) p = typeof s === 'number' ? `${p}[${s}]` : p === '' ? s : `${p}.${s}`;
  return mapKey === undefined ? p : `${p}[${mapKey}]`;
}

function problem(out: DecodeProblem[], segments: Segments, value: unknown, detail: string, mapKey?: string, quotesValue?: boolean): void {
  out.push({ field: pathOf(segments, mapKey), value, detail, ...(quotesValue ? { quotesValue } : {}) });
}

function check(value: unknown, schema: Schema, at: Segments, out: DecodeProblem[], options: DecodeOptions): void {
  if (value === undefined || value === null || schema === 'any') return;
  if (schema === 'string') {
    if (typeof value !== 'string') problem(out, at, value, 'must be a string');
  } else if (schema === 'int') {
    if (typeof value !== 'number' || !Number.isInteger(value)) problem(out, at, value, 'must be an integer');
  } else if (schema === 'bool') {
    if (typeof value !== 'boolean') problem(out, at, value, 'must be true or false');
  } else if (schema === 'intOrString') {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) problem(out, at, value, 'must be an integer or a string such as "25%"');
  } else if (schema === 'quantity') {
    if (typeof value !== 'string' && typeof value !== 'number') {
      problem(out, at, value, 'must be a quantity such as "100m" or "1Gi"');
    } else if (options.quantities) {
      const detail = quantityProblem(value);
      if (detail) problem(out, at, value, detail, undefined, true);
    }
  } else if (schema === 'stringMap' || schema === 'quantityMap') {
    if (!isRecord(value)) {
      problem(out, at, value, 'must be a mapping');
      return;
    }
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (v === null || v === undefined) continue;
      if (schema === 'stringMap') {
        if (typeof v !== 'string') problem(out, at, v, 'must be a string (quote numbers and booleans in YAML, e.g. "1.0" or "true")', k);
      } else if (typeof v !== 'string' && typeof v !== 'number') {
        problem(out, at, v, 'must be a quantity such as "100m" or "1Gi"', k);
      } else if (options.quantities) {
        const detail = quantityProblem(v);
        if (detail) problem(out, at, v, detail, k, true);
      }
    }
  } else if ('list' in schema) {
    if (!Array.isArray(value)) {
      problem(out, at, value, 'must be a list');
      return;
    }
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      check(value[i], schema.list, at, out, options);
      at.pop();
    }
  } else {
    if (!isRecord(value)) {
      problem(out, at, value, 'must be a mapping');
      return;
    }
    for (const [k, s] of schema.fields) {
      const v = value[k];
      // Most fields of a schema are absent: nothing is done for them.
      if (v === undefined || v === null) continue;
      at.push(k);
      check(v, s, at, out, options);
      at.pop();
    }
  }
}

/** The fields of a manifest object the apiserver could not decode (empty when it decodes). */
export function decodeProblems(object: unknown, options: DecodeOptions = {}): DecodeProblem[] {
  const out: DecodeProblem[] = [];
  if (!isRecord(object)) return out;
  check(object, KIND_SCHEMAS[String(object.kind)] ?? GENERIC, [], out, options);
  return out;
}
