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
 * 2 unusable input or usage error (nothing on stdout).
 */
import { CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parseCommandArgs, UsageError } from './io';
import { describeValue, InputError, loadManifests, loadObjectList } from '../input/load';
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
                   a JSON array or multi-document YAML (a directory of such files works too)
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

Manifests are YAML or JSON files or directories (searched recursively for .yaml, .yml
and .json), multi-document and List kinds included; objects other than apps/v1
DaemonSets are skipped.

Exit status: 0 every DaemonSet can be scheduled on every node where it should run,
1 some DaemonSet cannot be scheduled on a node where it should run (or only by
evicting other pods, or the apiserver refuses its pods), 2 unusable input or usage error.
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

/** Parses `place` arguments; `help` when -h/--help was given. */
export function parsePlaceArgs(args: string[]): PlaceOptions | 'help' {
  let nodes: string | undefined;
  let pods: string | undefined;
  let priorities: string | undefined;
  let json = false;
  const manifests: string[] = [];
  let onlyPositional = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyPositional || arg === '-' || !arg.startsWith('-')) {
      manifests.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositional = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--json') {
      json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (flag === '--json') {
      throw new UsageError('option --json takes no value');
    }
    if (flag !== '--nodes' && flag !== '--pods' && flag !== '--priorities') {
      throw new UsageError(`unknown option ${JSON.stringify(flag)}`);
    }
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) {
        throw new UsageError(`option ${flag} needs a file name`);
      }
      value = next;
      i++;
    }
    if (value === '') throw new UsageError(`option ${flag} needs a file name`);
    if (flag === '--nodes') {
      if (nodes !== undefined) throw new UsageError('option --nodes given more than once (put all nodes in one file or directory)');
      nodes = value;
    } else if (flag === '--pods') {
      if (pods !== undefined) throw new UsageError('option --pods given more than once (put all pods in one file or directory)');
      pods = value;
    } else {
      if (priorities !== undefined) {
        throw new UsageError('option --priorities given more than once (put all PriorityClasses and PodDisruptionBudgets in one file or directory)');
      }
      priorities = value;
    }
  }
  if (nodes === undefined) throw new UsageError('missing required option --nodes <file>');
  if (manifests.length === 0) throw new UsageError('missing manifest file or directory');
  return { nodes, pods, priorities, json, manifests };
}

/** The simulation for parsed options; throws InputError for unusable input. */
export function computePlacement(options: PlaceOptions, cwd: string): PlacementReport {
  const nodes = loadObjectList(options.nodes, cwd, 'Node');
  if (nodes.length === 0) {
    throw new InputError(options.nodes, undefined, 'contains no Node objects (expected `kubectl get nodes -o json` output)');
  }
  const placement = Placement._fromNodesAndPodsFile(nodes, options.pods, cwd, options.priorities);
  const manifests = loadManifests(options.manifests, cwd);
  if (!manifests.some((m) => isDaemonSetManifest(m.object))) {
    const all = [...new Set(manifests.map((m) => describeKind(m.object.kind)))].sort();
    const kinds = all.length > 10 ? [...all.slice(0, 10), `and ${all.length - 10} more`] : all;
    throw new InputError(options.manifests.join(', '), undefined,
      `no DaemonSet found (read ${manifests.length} object${manifests.length === 1 ? '' : 's'}: ${kinds.join(', ')})`);
  }
  return placement._simulateLoaded(manifests);
}

/** Runs `place` with its arguments (after the subcommand); returns the exit code. */
export function runPlace(args: string[], io: CliIo): number {
  const options = parseCommandArgs('place', PLACE_USAGE, args, parsePlaceArgs, io);
  if (typeof options === 'number') return options;
  let report: PlacementReport;
  let output: string;
  try {
    report = computePlacement(options, io.cwd);
    output = options.json ? formatPlacementJson(report) : formatPlacementText(report);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`cdk8s-node-agents place: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  io.stdout(output);
  return report.daemonSets.some(hasUnschedulable) ? EXIT_FINDINGS : EXIT_OK;
}

/** A kind as an error message shows it: short, whatever the input holds. */
function describeKind(kind: unknown): string {
  return typeof kind === 'string' && kind.length <= 60 ? kind : describeValue(kind);
}
