/**
 * What one daemon pod takes from a node, as the fleet checks add it up: its
 * resource requests and host ports, computed on the pod the DaemonSet
 * controller creates (after the apiserver's defaulting), with the placement
 * engine's own primitives so the sums use exactly the scheduler's numbers.
 *
 * - Requests: `PodRequests` (pkg/api/v1/resource/helpers.go, Kubernetes 1.28;
 *   src/placement/resources.ts) on the pod defaulted by `SetDefaults_Pod`
 *   (requests copied from limits where absent) and `SetDefaults_ResourceList`
 *   (every value rounded up to milli precision), pkg/apis/core/v1/defaults.go.
 * - Host ports: the scheduler's `NodePorts` plugin
 *   (pkg/scheduler/framework/plugins/nodeports/node_ports.go `getContainerPorts`,
 *   containers only in 1.28) after `defaultHostNetworkPorts` (hostNetwork:
 *   `hostPort = containerPort`), compared with `HostPortInfo.CheckConflict`
 *   (pkg/scheduler/framework/types.go; src/placement/node-info.ts).
 *
 * Internal module: not part of the jsii API.
 */
import { getContainerPorts } from '../placement/filters/node-ports';
import { HostPortInfo, sanitizeHostPort as sanitize } from '../placement/node-info';
import { Quantity } from '../placement/quantity';
import { podRequests as enginePodRequests, ResourceQuantityError } from '../placement/resources';
import { Container, PodSpec } from '../placement/types';

/** A resource list with exact quantities. */
export type Requests = Map<string, Quantity>;

/** A malformed quantity in a pod template, naming its field. */
export class PodResourceError extends Error {
  constructor(public readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'PodResourceError';
  }
}

/** Options of {@link podRequests} (the subset of `PodResourcesOptions` that applies to a pod template). */
export interface PodRequestsOptions {
  /** `ExcludeOverhead`: leave `spec.overhead` out. */
  readonly excludeOverhead?: boolean;
}

/**
 * `PodRequests`: the sum of the containers' requests; at least, per resource,
 * what each init container needs while it runs (its own requests plus the
 * restartable init containers started before it); restartable init
 * containers (sidecars) also add to the sum; plus `overhead`. Requests are
 * read after the apiserver's defaulting (requests from limits, rounded up to
 * milli precision).
 *
 * @param path field path of `spec` for error messages, e.g. `spec.template.spec`
 * @throws PodResourceError for a malformed quantity
 */
export function podRequests(spec: PodSpec, options: PodRequestsOptions = {}, path: string = 'spec.template.spec'): Requests {
  try {
    return new Map(enginePodRequests(spec, { requestsFromLimits: true, excludeOverhead: options.excludeOverhead, field: path }));
  } catch (e) {
    if (e instanceof ResourceQuantityError) throw new PodResourceError(e.field, e.quantityError.message);
    throw e;
  }
}

/**
 * The requests of the pod the DaemonSet controller creates from `template`:
 * Kubernetes 1.28 runs with SidecarContainers off, so the apiserver drops an
 * init container's `restartPolicy` (pkg/api/pod/util.go `dropDisabledFields`)
 * and every init container counts as a plain one.
 */
export function daemonPodRequests(template: PodSpec, path: string = 'spec.template.spec'): Requests {
  const spec: PodSpec = {
    ...template,
    initContainers: template.initContainers?.map((c) => {
      const { restartPolicy: _dropped, ...rest } = c;
      return rest as Container;
    }),
  };
  return podRequests(spec, {}, path);
}

/** One host port a pod binds on its node (sanitized: IP `0.0.0.0` and protocol `TCP` when empty). */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/** A host port as `HostPortInfo` stores it (`sanitize`: empty IP → `0.0.0.0`, empty protocol → `TCP`). */
export function sanitizeHostPort(ip: string | undefined, protocol: string | undefined, port: number): HostPort {
  const [i, p] = sanitize(ip, protocol);
  return { ip: i, protocol: p, port };
}

/**
 * The host ports the scheduler's NodePorts filter sees for the pod created
 * from `spec`: `spec.containers[*].ports[*]` with `hostPort > 0`; with
 * `hostNetwork`, a port without hostPort gets `hostPort = containerPort`.
 */
export function hostPorts(spec: PodSpec): HostPort[] {
  return getContainerPorts(spec, true).map((p) => sanitizeHostPort(p.hostIP, p.protocol, p.hostPort));
}

/**
 * `HostPortInfo.CheckConflict`: whether `wanted` conflicts with `used` on one
 * node. Ports ≤ 0 never conflict; only `0.0.0.0` is a wildcard; the protocol must match exactly.
 */
export function hostPortsConflict(used: HostPort, wanted: HostPort): boolean {
  const info = new HostPortInfo();
  info.add(used.ip, used.protocol, used.port);
  return info.checkConflict(wanted.ip, wanted.protocol, wanted.port);
}

/** `9100/TCP`, or `10.0.0.1:9100/TCP` for a specific host IP. */
export function formatHostPort(p: HostPort): string {
  return `${p.ip === '0.0.0.0' ? '' : `${p.ip}:`}${p.port}/${p.protocol}`;
}

/** Resource names in the scheduler's order: cpu, memory, ephemeral-storage, then the others by name. */
export function orderedResourceNames(names: Iterable<string>): string[] {
  const rank = (n: string) => (n === 'cpu' ? 0 : n === 'memory' ? 1 : n === 'ephemeral-storage' ? 2 : 3);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A quantity for people: cpu in millicores or cores (`250m`, `2`, `1.5`),
 * memory and storage in binary units (`512Mi`, `1.5Gi`), others as counts.
 */
export function formatResource(name: string, q: Quantity): string {
  if (name === 'cpu') {
    const m = q.milliValue();
    if (m % 1000n === 0n) return `${m / 1000n}`;
    return `${m}m`;
  }
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) {
    return formatBytes(q.value());
  }
  return q.toString();
}

/** Bytes in the largest binary unit that keeps at most one decimal. */
export function formatBytes(bytes: bigint): string {
  const units: Array<[string, bigint]> = [['Ti', 2n ** 40n], ['Gi', 2n ** 30n], ['Mi', 2n ** 20n], ['Ki', 2n ** 10n]];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const tenths = (bytes * 10n + size / 2n) / size;
      return tenths % 10n === 0n ? `${tenths / 10n}${unit}` : `${tenths / 10n}.${tenths % 10n}${unit}`;
    }
  }
  return `${bytes}`;
}
