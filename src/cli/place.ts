/**
 * `cdk8s-node-agents place`: where would these DaemonSets run on this cluster?
 *
 * Reads a node inventory (`kubectl get nodes -o json|yaml`), optionally the
 * pods bound to those nodes, and manifests (a cdk8s `dist/`, Helm output),
 * and prints, per DaemonSet and node, what Kubernetes 1.28 decides: the
 * DaemonSet controller's `NodeShouldRunDaemonPod`
 * (pkg/controller/daemon/daemon_controller.go) and the default scheduler's
 * filters (pkg/scheduler/framework/plugins/), with their exact messages.
 *
 * Where a pod does not fit, it also says what the scheduler's preemption does
 * (pkg/scheduler/framework/plugins/defaultpreemption): the pods it would
 * evict, with the cluster's PriorityClasses and PodDisruptionBudgets
 * (`--priorities`), or its reason for evicting none.
 *
 * Exit codes: 0 every DaemonSet can be scheduled wherever it should run;
 * 1 some DaemonSet should run on a node where the scheduler cannot place it
 * (or only by evicting other pods), or the apiserver refuses its pods;
 * 2 unusable input or usage error (nothing on stdout); 3 internal error.
 */
import { parseCommandLine, UsageError } from './args';
import { CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_STATUS_COMMON, EXIT_USAGE, parseCommandArgs } from './io';
import { LoadProgressReporter } from './progress';
import { describeValue, DIRECTORY_RULE, InputError, LoadOptions, loadManifests, loadObjectList } from '../input/load';
import { isDaemonSetManifest } from '../input/validate';
import { Placement, PlacementReport } from '../placement/placement';
import { formatPlacementJson } from '../report/json';
import { formatPlacementText, hasUnschedulable } from '../report/text';

/** `place --help`. */
export const PLACE_USAGE = `Usage: cdk8s-node-agents place --nodes <file> [--pods <file>] [--priorities <file>] [--json] <manifest file or dir>...

Show where DaemonSets would run on a cluster, as Kubernetes 1.28 decides it:
the DaemonSet controller (node selector, affinity, taints) and the scheduler's
filters (unschedulable, taints, affinity, host ports, resources).

Options:
  --nodes <file>   the cluster's nodes: \`kubectl get nodes -o json\` (or -o yaml) output,
                   a JSON array or multi-document YAML (a directory of such files works too);
                   no nodes at all (a cluster scaled to zero) is allowed
  --pods <file>    pods already bound to those nodes (\`kubectl get pods -A -o json\`):
                   their requests and host ports count against each node
  --priorities <file>
                   the cluster's PriorityClasses and PodDisruptionBudgets
                   (\`kubectl get priorityclasses,pdb -A -o json\`): where a pod does not fit,
                   which pods the scheduler would evict to make room (preemption); without
                   it only system-node-critical and system-cluster-critical are known
  --json           print JSON: {"daemonSets": [{namespace, name, desiredNumberScheduled,
                   rollout, nodes: [{node, shouldRun, shouldContinueRunning, schedulable, reasons,
                   failedFilters, preemption?: {possible, victims, pdbViolations, reason}}]}]}
  -h, --help       show this help

Any file may be - for standard input (read once: only one of them may be -), e.g.
  kubectl get nodes -o json | cdk8s-node-agents place --nodes - dist/
Manifests are YAML or JSON, multi-document and List kinds included; objects other
than apps/v1 DaemonSets are skipped.

${DIRECTORY_RULE}

Exit status: 0 every DaemonSet can be scheduled on every node where it should run,
1 some DaemonSet cannot be scheduled on a node where it should run (or only by
evicting other pods, or the apiserver refuses its pods),
${EXIT_STATUS_COMMON}
`;

/** Parsed `place` arguments. */
export interface PlaceOptions {
  readonly nodes: string;
  readonly pods?: string;
  readonly priorities?: string;
  readonly json: boolean;
  readonly manifests: string[];
}

export { UsageError };

/** Parses `place` arguments (util.parseArgs); `help` when -h/--help was given. */
export function parsePlaceArgs(args: string[]): PlaceOptions | 'help' {
  const line = parseCommandLine(args, {
    nodes: { type: 'string', valueName: 'a file name', repeated: 'option --nodes given more than once (put all nodes in one file or directory)' },
    pods: { type: 'string', valueName: 'a file name', repeated: 'option --pods given more than once (put all pods in one file or directory)' },
    priorities: {
      type: 'string',
      valueName: 'a file name',
      repeated: 'option --priorities given more than once (put all PriorityClasses and PodDisruptionBudgets in one file or directory)',
    },
    json: { type: 'boolean' },
  });
  if (line.help) return 'help';
  const nodes = line.values.nodes as string | undefined;
  const pods = line.values.pods as string | undefined;
  const priorities = line.values.priorities as string | undefined;
  const manifests = [...line.positionals];
  if (nodes === undefined) throw new UsageError('missing required option --nodes <file>');
  if (manifests.length === 0) throw new UsageError('missing manifest file or directory');
  const stdinUsers = [
    ...(nodes === '-' ? ['--nodes'] : []),
    ...(pods === '-' ? ['--pods'] : []),
    ...(priorities === '-' ? ['--priorities'] : []),
    ...manifests.filter((m) => m === '-').map(() => 'a manifest argument'),
  ];
  if (stdinUsers.length > 1) {
    throw new UsageError(`standard input (-) can be read only once, but ${stdinUsers.join(' and ')} both name it; write one of them to a file`);
  }
  return { nodes, pods, priorities, json: line.values.json === true, manifests };
}

/** What `place` computed, and notes for stderr. */
export interface PlaceResult {
  readonly report: PlacementReport;
  /** One line each, for stderr (e.g. a cluster with no nodes). */
  readonly notes: string[];
}

/** The simulation for parsed options; throws InputError for unusable input. */
export function computePlacement(options: PlaceOptions, cwd: string, load: LoadOptions = {}): PlaceResult {
  const notes: string[] = [];
  const nodes = loadObjectList(options.nodes, cwd, 'Node', load);
  if (nodes.length === 0) {
    // A cluster scaled to zero (Karpenter, managed control planes): Kubernetes' own
    // TestGetUnavailableNumbers "No nodes" case: desired 0, maxSurge 0, maxUnavailable 0.
    notes.push(`${options.nodes === '-' ? '<stdin>' : options.nodes} lists no nodes (a cluster scaled to zero): every DaemonSet has 0 desired pods`);
  }
  const placement = Placement._fromNodesAndPodsFile(nodes, options.pods, cwd, load, options.priorities);
  const manifests = loadManifests(options.manifests, cwd, load);
  if (!manifests.some((m) => isDaemonSetManifest(m.object))) {
    const all = [...new Set(manifests.map((m) => describeKind(m.object.kind)))].sort();
    const kinds = all.length > 10 ? [...all.slice(0, 10), `and ${all.length - 10} more`] : all;
    throw new InputError(options.manifests.join(', '), undefined,
      `no DaemonSet found (read ${manifests.length} object${manifests.length === 1 ? '' : 's'}: ${kinds.join(', ')})`);
  }
  return { report: placement._simulateLoaded(manifests), notes };
}

/** Runs `place` with its arguments (after the subcommand); returns the exit code. */
export function runPlace(args: string[], io: CliIo): number {
  const options = parseCommandArgs('place', PLACE_USAGE, args, parsePlaceArgs, io);
  if (typeof options === 'number') return options;
  const progress = io.stderrIsTTY ? new LoadProgressReporter((t) => io.stderr(t), { stdinIsTTY: io.stdinIsTTY, ...io.progress }) : undefined;
  let result: PlaceResult;
  let output: string;
  try {
    result = computePlacement(options, io.cwd, { stdin: io.stdin ?? (() => Buffer.alloc(0)), progress });
    output = options.json ? formatPlacementJson(result.report) : formatPlacementText(result.report);
  } catch (e) {
    progress?.done();
    if (e instanceof InputError) {
      io.stderr(`cdk8s-node-agents place: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  progress?.done();
  for (const note of result.notes) io.stderr(`cdk8s-node-agents place: note: ${note}\n`);
  io.stdout(output);
  return result.report.daemonSets.some(hasUnschedulable) ? EXIT_FINDINGS : EXIT_OK;
}

/** A kind as an error message shows it: short, whatever the input holds. */
function describeKind(kind: unknown): string {
  return typeof kind === 'string' && kind.length <= 60 ? kind : describeValue(kind);
}
