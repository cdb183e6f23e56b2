import * as kplus from 'cdk8s-plus-28';

/**
 * A directory or file of the node mounted into an agent container
 * (a `hostPath` volume plus its volume mount).
 */
export interface HostMount {
  /**
   * Path on the node, e.g. `/var/log/pods`.
   */
  readonly hostPath: string;

  /**
   * Path inside the container.
   *
   * @default - the same as `hostPath`
   */
  readonly mountPath?: string;

  /**
   * What must exist at `hostPath` before the pod starts.
   *
   * @default kplus.HostPathVolumeType.DEFAULT (no check)
   */
  readonly type?: kplus.HostPathVolumeType;

  /**
   * Mount read-only. Node agents should only write where they must
   * (position databases, sockets, CNI config).
   *
   * @default true
   */
  readonly readOnly?: boolean;

  /**
   * Mount propagation. `BIDIRECTIONAL` needs a privileged container (the
   * apiserver rejects it otherwise); CSI node plugins need it for
   * `/var/lib/kubelet`.
   *
   * @default - none (Kubernetes' `None`)
   */
  readonly propagation?: kplus.MountPropagation;

  /**
   * Name of the volume.
   *
   * @default - derived from the host path (`/var/log/pods` → `var-log-pods`, `/` → `host-root`)
   */
  readonly volumeName?: string;
}

/**
 * A DNS-1123 volume name derived from a host path:
 * `/var/log/pods` → `var-log-pods`, `/` → `host-root`.
 */
export function volumeNameForPath(path: string): string {
  let name = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (name === '') name = 'host-root';
  if (name.length > 63) name = name.slice(name.length - 63).replace(/^-+/, '');
  if (!/^[a-z]/.test(name)) name = `host-${name}`.slice(0, 63).replace(/-+$/, '');
  return name;
}
