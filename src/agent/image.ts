/**
 * Why an image reference is not acceptable for a node agent, or undefined.
 *
 * A node agent runs on every node: an untagged or `latest` image makes the
 * fleet run whatever the registry served when each node pulled, and rollouts
 * never change the template. A digest (`@sha256:...`) is always fine.
 */
export function imageProblem(image: string | undefined): string | undefined {
  if (image === undefined || image.trim() === '') return 'Required value: an image is required';
  if (image !== image.trim() || /\s/.test(image)) return `Invalid value: "${image}": must not contain whitespace`;
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return `Invalid value: "${image}": image has no tag; pin a version (e.g. "${image}:1.2.3") or a digest`;
  const tag = image.slice(colon + 1);
  if (tag === '') return `Invalid value: "${image}": image tag is empty; pin a version or a digest`;
  if (tag === 'latest') return `Invalid value: "${image}": the "latest" tag is not allowed for node agents; pin a version or a digest`;
  return undefined;
}

/** The tag of an image reference, if any (used for the app.kubernetes.io/version label). */
export function imageTag(image: string): string | undefined {
  const noDigest = image.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon < 0 ? undefined : noDigest.slice(colon + 1);
}
