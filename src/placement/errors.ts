/**
 * The error the placement engine throws for input Kubernetes would refuse to decode or act on:
 * a malformed quantity in a node's allocatable or a pod's resources, an invalid DaemonSet label
 * selector. Internal module (the CLI maps it to exit code 2).
 */

/** Invalid engine input, naming the object (`Node/n1`, `Pod/default/p`, `DaemonSet/kube-system/ds`) and field. */
export class PlacementInputError extends Error {
  /** The object, as `Kind/name` or `Kind/namespace/name`. */
  public readonly object: string;
  /** The field path inside the object, e.g. `status.allocatable.cpu`. */
  public readonly field: string;

  constructor(object: string, field: string, detail: string) {
    super(`${object}: ${field}: ${detail}`);
    this.name = 'PlacementInputError';
    this.object = object;
    this.field = field;
  }
}
