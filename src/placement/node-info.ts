/**
 * The scheduler's per-node view: `framework.NodeInfo` and `HostPortInfo`.
 *
 * Ports of pkg/scheduler/framework/types.go (`HostPortInfo.Add/Remove/Len/CheckConflict/sanitize`,
 * `NodeInfo.AddPod/RemovePod/SetNode`, `updateUsedPorts`) of Kubernetes 1.28. Host ports are
 * counted per pod (a reference count per (ip, protocol, port)) so that pods can be subtracted
 * again: with counts, "is this port in use" gives the same answer as Go's set built from the
 * remaining pods. Internal module.
 */
import { accumulateRequested, emptyResource, ResourceQuantities, newResource, podContribution, Resource } from './resources';
import { Node, PodSpec } from './types';

/** `DefaultBindAllHostIP`. */
export const DEFAULT_BIND_ALL_HOST_IP = '0.0.0.0';

/** What a host-port check needs. */
export interface HostPortChecker {
  /** `HostPortInfo.CheckConflict(ip, protocol, port)`. */
  checkConflict(ip: string, protocol: string, port: number): boolean;
}

/** `HostPortInfo.sanitize`: empty IP is 0.0.0.0, empty protocol is TCP. */
export function sanitizeHostPort(ip: string | undefined, protocol: string | undefined): [string, string] {
  return [ip ? ip : DEFAULT_BIND_ALL_HOST_IP, protocol ? protocol : 'TCP'];
}

/**
 * `HostPortInfo`: hostIP → set of (protocol, port). With `add` counted, `remove` takes one
 * use away; `addOnce`/`removeAll` give Go's set semantics exactly.
 */
export class HostPortInfo implements HostPortChecker {
  /** ip → "protocol/port" → uses. */
  private readonly byIP = new Map<string, Map<string, number>>();
  /** "protocol/port" → uses over every IP (for the 0.0.0.0 check). */
  private readonly byPort = new Map<string, number>();

  /** `Add`: ports ≤ 0 are ignored. With `counted`, repeated adds need as many removes. */
  public add(ip: string | undefined, protocol: string | undefined, port: number, counted = true): void {
    if (!(port > 0)) return;
    const [i, p] = sanitizeHostPort(ip, protocol);
    const pp = `${p}/${port}`;
    let m = this.byIP.get(i);
    if (!m) {
      m = new Map();
      this.byIP.set(i, m);
    }
    const cur = m.get(pp) ?? 0;
    if (cur > 0 && !counted) return;
    m.set(pp, cur + 1);
    this.byPort.set(pp, (this.byPort.get(pp) ?? 0) + 1);
  }

  /** `Remove`: with `counted`, one use; otherwise every use (Go's set). */
  public remove(ip: string | undefined, protocol: string | undefined, port: number, counted = true): void {
    if (!(port > 0)) return;
    const [i, p] = sanitizeHostPort(ip, protocol);
    const pp = `${p}/${port}`;
    const m = this.byIP.get(i);
    if (!m) return;
    const cur = m.get(pp) ?? 0;
    if (cur === 0) return;
    const take = counted ? 1 : cur;
    if (cur - take <= 0) m.delete(pp);
    else m.set(pp, cur - take);
    if (m.size === 0) this.byIP.delete(i);
    const total = (this.byPort.get(pp) ?? 0) - take;
    if (total <= 0) this.byPort.delete(pp);
    else this.byPort.set(pp, total);
  }

  /** `Len`: distinct (ip, protocol, port) entries. */
  public len(): number {
    let n = 0;
    for (const m of this.byIP.values()) n += m.size;
    return n;
  }

  /** Whether (ip, protocol, port) is registered exactly (after sanitizing). */
  public has(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    const [i, p] = sanitizeHostPort(ip, protocol);
    return (this.byIP.get(i)?.get(`${p}/${port}`) ?? 0) > 0;
  }

  /**
   * `CheckConflict`: 0.0.0.0 conflicts with the (protocol, port) on any IP; another IP
   * conflicts with the same IP or 0.0.0.0.
   */
  public checkConflict(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (!(port > 0)) return false;
    const [i, p] = sanitizeHostPort(ip, protocol);
    const pp = `${p}/${port}`;
    if (i === DEFAULT_BIND_ALL_HOST_IP) return (this.byPort.get(pp) ?? 0) > 0;
    return (this.byIP.get(DEFAULT_BIND_ALL_HOST_IP)?.get(pp) ?? 0) > 0 || (this.byIP.get(i)?.get(pp) ?? 0) > 0;
  }

  /** Uses of exactly (ip, "protocol/port") (sanitized ip). */
  public usesAt(ip: string, pp: string): number {
    return this.byIP.get(ip)?.get(pp) ?? 0;
  }

  /** Uses of "protocol/port" over every IP. */
  public usesAnyIP(pp: string): number {
    return this.byPort.get(pp) ?? 0;
  }

  /** A copy. */
  public clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIP) c.byIP.set(ip, new Map(m));
    for (const [k, v] of this.byPort) c.byPort.set(k, v);
    return c;
  }
}

/**
 * The used ports of a node minus some pods' ports, without copying: answers `CheckConflict` as a
 * HostPortInfo built from the remaining pods would.
 */
export class SubtractedHostPorts implements HostPortChecker {
  constructor(private readonly base: HostPortInfo, private readonly removed: readonly HostPort[]) {}

  public checkConflict(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (!(port > 0)) return false;
    const [i, p] = sanitizeHostPort(ip, protocol);
    const pp = `${p}/${port}`;
    if (i === DEFAULT_BIND_ALL_HOST_IP) return this.base.usesAnyIP(pp) - this.removedCount(undefined, pp) > 0;
    return this.base.usesAt(DEFAULT_BIND_ALL_HOST_IP, pp) - this.removedCount(DEFAULT_BIND_ALL_HOST_IP, pp) > 0
      || this.base.usesAt(i, pp) - this.removedCount(i, pp) > 0;
  }

  /** How many removed ports are (ip, pp); any ip when undefined. */
  private removedCount(ip: string | undefined, pp: string): number {
    let n = 0;
    for (const r of this.removed) {
      if (!(r.hostPort > 0)) continue;
      const [ri, rp] = sanitizeHostPort(r.hostIP, r.protocol);
      if (`${rp}/${r.hostPort}` !== pp) continue;
      if (ip === undefined || ri === ip) n++;
    }
    return n;
  }
}

/** A host port a pod uses (`spec.containers[].ports[]` with hostPort > 0; init containers are not counted in 1.28). */
export interface HostPort {
  readonly hostIP: string;
  readonly protocol: string;
  readonly hostPort: number;
}

/**
 * The host ports a Pod object holds (`updateUsedPorts` / `getContainerPorts`), after the
 * apiserver's Pod defaulting: with hostNetwork, a port without hostPort uses its containerPort.
 */
export function podHostPorts(spec: Pick<PodSpec, 'containers' | 'hostNetwork'>, defaultHostNetworkPorts = true): HostPort[] {
  const out: HostPort[] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      let hostPort = Number(p.hostPort ?? 0);
      if (defaultHostNetworkPorts && spec.hostNetwork === true && hostPort === 0) hostPort = Number(p.containerPort ?? 0);
      out.push({ hostIP: p.hostIP ?? '', protocol: p.protocol ?? '', hostPort });
    }
  }
  return out;
}

/** What one counted pod adds to its node. */
export interface PodNodeUsage {
  readonly requested: Resource;
  readonly ports: readonly HostPort[];
}

const NO_HOST_PORTS: readonly HostPort[] = Object.freeze([]);

/**
 * Builds a {@link PodNodeUsage} from a pod's total requests and host ports. Only ports above 0
 * are kept (`HostPortInfo.Add` ignores the others); most pods have none and share one empty list.
 */
export function podNodeUsage(requests: ResourceQuantities, ports: readonly HostPort[]): PodNodeUsage {
  const used = ports.filter((p) => p.hostPort > 0);
  return { requested: podContribution(requests), ports: used.length > 0 ? used : NO_HOST_PORTS };
}

/** `framework.NodeInfo`, reduced to what the filters read. */
export class NodeInfo {
  /** `NewNodeInfo(pods...)` then `SetNode(node)`. */
  public static of(node: Node, allocatable: ResourceQuantities, pods: readonly PodNodeUsage[] = []): NodeInfo {
    return NodeInfo.withAllocatable(node, newResource(allocatable), pods);
  }

  /**
   * {@link NodeInfo.of} with the allocatable already converted. With `counted` false the used
   * ports are Go's set (`AddPod`/`RemovePod` exactly: removing a pod frees its ports even when
   * another pod on the node holds the same one), as preemption's `SelectVictimsOnNode` sees them.
   */
  public static withAllocatable(node: Node, allocatable: Resource, pods: readonly PodNodeUsage[], counted = true): NodeInfo {
    const ni = new NodeInfo(node, allocatable, emptyResource(), 0, new HostPortInfo(), counted);
    for (const p of pods) ni.addPod(p);
    return ni;
  }

  constructor(
    public readonly node: Node,
    /** `Allocatable`. */
    public readonly allocatable: Resource,
    /** `Requested`: the sum over the counted pods. */
    public readonly requested: Resource,
    /** `len(Pods)`. */
    public podCount: number,
    /** `UsedPorts`. */
    public readonly usedPorts: HostPortChecker,
    /** Whether `usedPorts` counts uses per port (see {@link NodeInfo.withAllocatable}). */
    private readonly countedPorts = true,
  ) {}

  /** `AddPod` (on a NodeInfo built by {@link NodeInfo.of}). */
  public addPod(p: PodNodeUsage): void {
    if (!(this.usedPorts instanceof HostPortInfo)) throw new Error('addPod on a NodeInfo view');
    this.podCount++;
    accumulateRequested(this.requested, p.requested, 1n);
    for (const hp of p.ports) this.usedPorts.add(hp.hostIP, hp.protocol, hp.hostPort, this.countedPorts);
  }

  /** `RemovePod` (on a NodeInfo built by {@link NodeInfo.of}). */
  public removePod(p: PodNodeUsage): void {
    if (!(this.usedPorts instanceof HostPortInfo)) throw new Error('removePod on a NodeInfo view');
    this.podCount--;
    accumulateRequested(this.requested, p.requested, -1n);
    for (const hp of p.ports) this.usedPorts.remove(hp.hostIP, hp.protocol, hp.hostPort, this.countedPorts);
  }

  /**
   * This node as if `pods` were not on it (`RemovePod` on a clone), without copying the port
   * table: the result is a read-only view for the filters.
   */
  public without(pods: readonly PodNodeUsage[]): NodeInfo {
    if (!(this.usedPorts instanceof HostPortInfo)) throw new Error('without() on a NodeInfo view');
    const requested: Resource = {
      ...this.requested,
      scalarResources: this.requested.scalarResources.size > 0 ? new Map(this.requested.scalarResources) : this.requested.scalarResources,
    };
    const ports: HostPort[] = [];
    for (const p of pods) {
      if (p.requested.scalarResources.size > 0 && requested.scalarResources === this.requested.scalarResources) {
        requested.scalarResources = new Map(requested.scalarResources);
      }
      accumulateRequested(requested, p.requested, -1n);
      for (const hp of p.ports) if (hp.hostPort > 0) ports.push(hp);
    }
    const used = ports.length > 0 ? new SubtractedHostPorts(this.usedPorts, ports) : this.usedPorts;
    return new NodeInfo(this.node, this.allocatable, requested, this.podCount - pods.length, used);
  }
}
