/**
 * Where a `LogCollector` ships logs, rendered in each collector's own
 * configuration language.
 *
 * Upstream: Fluent Bit output plugins `stdout`, `es`, `loki`, `forward`,
 * `http` (fluent/fluent-bit plugins/out_*; the chart's default `es` output in
 * fluent/helm-charts charts/fluent-bit/values.yaml `config.outputs`);
 * Fluentd `stdout`, `elasticsearch`, `forward`, `http` (fluent/helm-charts
 * charts/fluentd/values.yaml `fileConfigs.04_outputs.conf`); Vector sinks
 * `console`, `elasticsearch`, `loki`, `http` (vectordotdev/helm-charts
 * charts/vector/values.yaml agent config).
 */
import { parse as parseYaml } from 'yaml';

/**
 * Which log collector a `LogCollector` runs.
 */
export enum LogCollectorFlavor {
  /** Fluent Bit (fluent/helm-charts charts/fluent-bit 0.58.1, Fluent Bit 5.1.1). */
  FLUENT_BIT = 'fluent-bit',
  /** Fluentd (fluent/helm-charts charts/fluentd 0.6.0, fluentd-kubernetes-daemonset 1.19.3). */
  FLUENTD = 'fluentd',
  /** Vector agent (vectordotdev/helm-charts charts/vector 0.57.0, Vector 0.56.0). */
  VECTOR = 'vector',
}

/** Options of `LogOutput.elasticsearch()`. */
export interface ElasticsearchOutputOptions {
  /**
   * Host name of Elasticsearch (or its Service).
   */
  readonly host: string;

  /**
   * Port.
   *
   * @default 9200
   */
  readonly port?: number;

  /**
   * Connect with TLS.
   *
   * @default false
   */
  readonly tls?: boolean;

  /**
   * Prefix of the daily indices (`<prefix>-YYYY.MM.DD`).
   *
   * @default 'logstash' — Fluent Bit `Logstash_Prefix` and Fluentd `logstash_prefix` default
   */
  readonly indexPrefix?: string;
}

/** Options of `LogOutput.loki()`. */
export interface LokiOutputOptions {
  /**
   * Host name of Loki (or its gateway Service).
   */
  readonly host: string;

  /**
   * Port.
   *
   * @default 3100
   */
  readonly port?: number;

  /**
   * Connect with TLS.
   *
   * @default false
   */
  readonly tls?: boolean;
}

/** Options of `LogOutput.forward()`. */
export interface ForwardOutputOptions {
  /**
   * Host name of the Fluentd/Fluent Bit aggregator.
   */
  readonly host: string;

  /**
   * Port.
   *
   * @default 24224
   */
  readonly port?: number;
}

/** Options of `LogOutput.http()`. */
export interface HttpOutputOptions {
  /**
   * Host name of the HTTP endpoint.
   */
  readonly host: string;

  /**
   * Port.
   *
   * @default - 443 with TLS, 80 without
   */
  readonly port?: number;

  /**
   * Request path.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * Use HTTPS.
   *
   * @default false
   */
  readonly tls?: boolean;
}

enum OutputKind {
  STDOUT = 'stdout',
  ELASTICSEARCH = 'elasticsearch',
  LOKI = 'loki',
  FORWARD = 'forward',
  HTTP = 'http',
  RAW = 'raw',
}

interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly path: string;
  readonly indexPrefix: string;
}

/**
 * Where a log collector sends what it collects.
 */
export class LogOutput {
  /**
   * Print every record to the collector's stdout (useful to try a pipeline).
   */
  public static stdout(): LogOutput {
    return new LogOutput(OutputKind.STDOUT);
  }

  /**
   * Elasticsearch / OpenSearch, daily Logstash-style indices.
   */
  public static elasticsearch(options: ElasticsearchOutputOptions): LogOutput {
    return new LogOutput(OutputKind.ELASTICSEARCH, endpoint('LogOutput.elasticsearch', options.host, options.port ?? 9200, options.tls ?? false, '/', options.indexPrefix ?? 'logstash'));
  }

  /**
   * Grafana Loki (Fluent Bit and Vector; the Fluentd image has no Loki plugin).
   */
  public static loki(options: LokiOutputOptions): LogOutput {
    return new LogOutput(OutputKind.LOKI, endpoint('LogOutput.loki', options.host, options.port ?? 3100, options.tls ?? false, '/', ''));
  }

  /**
   * The Fluent forward protocol, to a Fluentd or Fluent Bit aggregator
   * (Fluent Bit and Fluentd; Vector has no forward sink).
   */
  public static forward(options: ForwardOutputOptions): LogOutput {
    return new LogOutput(OutputKind.FORWARD, endpoint('LogOutput.forward', options.host, options.port ?? 24224, false, '/', ''));
  }

  /**
   * JSON records POSTed to an HTTP endpoint.
   */
  public static http(options: HttpOutputOptions): LogOutput {
    const tls = options.tls ?? false;
    const path = options.path ?? '/';
    if (!path.startsWith('/') || /\s/.test(path)) {
      throw new Error(`LogOutput.http: path "${path}" must start with "/" and contain no whitespace`);
    }
    return new LogOutput(OutputKind.HTTP, endpoint('LogOutput.http', options.host, options.port ?? (tls ? 443 : 80), tls, path, ''));
  }

  /**
   * An output written in the collector's own language, for what the typed
   * outputs do not cover: for Fluent Bit one or more `[OUTPUT]` sections;
   * for Fluentd the body of the `<match **>` block (starting with `@type`);
   * for Vector the YAML mapping of one sink (its `inputs` are set for you).
   * Only valid for a collector of `flavor`.
   */
  public static raw(flavor: LogCollectorFlavor, config: string): LogOutput {
    if (config.trim() === '') throw new Error('LogOutput.raw: config is empty; give the output in the collector\'s own syntax');
    if (flavor === LogCollectorFlavor.FLUENT_BIT && !/^\s*\[OUTPUT\]/i.test(config)) {
      throw new Error('LogOutput.raw: a Fluent Bit output must start with an [OUTPUT] section header');
    }
    if (flavor === LogCollectorFlavor.FLUENTD && !/^\s*@type\s+\S+/.test(config)) {
      throw new Error('LogOutput.raw: a Fluentd output is the body of a <match> block and must start with "@type <plugin>"');
    }
    if (flavor === LogCollectorFlavor.VECTOR) {
      const sink = parseYaml(config);
      if (sink === null || typeof sink !== 'object' || Array.isArray(sink) || typeof sink.type !== 'string') {
        throw new Error('LogOutput.raw: a Vector output is the YAML mapping of one sink and must have a "type" (e.g. "type: aws_s3")');
      }
    }
    return new LogOutput(OutputKind.RAW, undefined, flavor, config);
  }

  /** What kind of output this is (`stdout`, `elasticsearch`, `loki`, `forward`, `http` or `raw`). */
  public readonly kind: string;

  private constructor(
    kind: OutputKind,
    private readonly target?: Endpoint,
    private readonly rawFlavor?: LogCollectorFlavor,
    private readonly rawConfig?: string,
  ) {
    this.kind = kind;
  }

  /**
   * Fluent Bit `[OUTPUT]` section(s) for records matching `match`.
   * @internal
   */
  public _renderFluentBit(match: string): string {
    this.assertSupported(LogCollectorFlavor.FLUENT_BIT);
    const t = this.target;
    const lines: Array<[string, string]> = [];
    switch (this.kind) {
      case OutputKind.RAW:
        return this.rawConfig!.trim();
      case OutputKind.STDOUT:
        lines.push(['Name', 'stdout'], ['Match', match], ['Format', 'json_lines']);
        break;
      case OutputKind.ELASTICSEARCH:
        lines.push(['Name', 'es'], ['Match', match], ['Host', t!.host], ['Port', String(t!.port)],
          ['Logstash_Format', 'On'], ['Logstash_Prefix', t!.indexPrefix], ['Suppress_Type_Name', 'On'], ['Retry_Limit', 'False']);
        break;
      case OutputKind.LOKI:
        lines.push(['Name', 'loki'], ['Match', match], ['Host', t!.host], ['Port', String(t!.port)],
          ['Labels', 'job=fluent-bit'], ['Auto_Kubernetes_Labels', 'On']);
        break;
      case OutputKind.FORWARD:
        lines.push(['Name', 'forward'], ['Match', match], ['Host', t!.host], ['Port', String(t!.port)]);
        break;
      case OutputKind.HTTP:
        lines.push(['Name', 'http'], ['Match', match], ['Host', t!.host], ['Port', String(t!.port)], ['URI', t!.path], ['Format', 'json']);
        break;
    }
    if (t?.tls) lines.push(['tls', 'On'], ['tls.verify', 'On']);
    return ['[OUTPUT]', ...lines.map(([k, v]) => `    ${k} ${v}`)].join('\n');
  }

  /**
   * Body of a Fluentd `<match>` block.
   * @internal
   */
  public _renderFluentd(): string {
    this.assertSupported(LogCollectorFlavor.FLUENTD);
    const t = this.target;
    switch (this.kind) {
      case OutputKind.RAW:
        return this.rawConfig!.trim();
      case OutputKind.STDOUT:
        return '@type stdout';
      case OutputKind.ELASTICSEARCH:
        return [
          '@type elasticsearch',
          `host ${t!.host}`,
          `port ${t!.port}`,
          `scheme ${t!.tls ? 'https' : 'http'}`,
          'logstash_format true',
          `logstash_prefix ${t!.indexPrefix}`,
          'verify_es_version_at_startup false',
        ].join('\n');
      case OutputKind.FORWARD:
        return ['@type forward', '<server>', `  host ${t!.host}`, `  port ${t!.port}`, '</server>'].join('\n');
      default: // HTTP (LOKI is rejected by assertSupported)
        return ['@type http', `endpoint ${url(t!)}`, 'json_array true', '<format>', '  @type json', '</format>'].join('\n');
    }
  }

  /**
   * One Vector sink reading `inputs`.
   * @internal
   */
  public _renderVector(inputs: string[]): { [key: string]: any } {
    this.assertSupported(LogCollectorFlavor.VECTOR);
    const t = this.target;
    switch (this.kind) {
      case OutputKind.RAW:
        return { ...parseYaml(this.rawConfig!), inputs };
      case OutputKind.STDOUT:
        return { type: 'console', inputs, encoding: { codec: 'json' } };
      case OutputKind.ELASTICSEARCH:
        return { type: 'elasticsearch', inputs, endpoints: [url(t!)], mode: 'bulk', bulk: { index: `${t!.indexPrefix}-%Y.%m.%d` } };
      case OutputKind.LOKI:
        return { type: 'loki', inputs, endpoint: url(t!), encoding: { codec: 'json' }, labels: { job: 'vector' } };
      default: // HTTP (FORWARD is rejected by assertSupported)
        return { type: 'http', inputs, uri: url(t!), encoding: { codec: 'json' } };
    }
  }

  private assertSupported(flavor: LogCollectorFlavor): void {
    if (this.kind === OutputKind.RAW && this.rawFlavor !== flavor) {
      throw new Error(`LogOutput.raw(${flavorName(this.rawFlavor!)}, ...) cannot be used by a ${flavorName(flavor)} collector; write the output in ${flavorName(flavor)} syntax`);
    }
    if (this.kind === OutputKind.LOKI && flavor === LogCollectorFlavor.FLUENTD) {
      throw new Error('LogOutput.loki is not available with LogCollectorFlavor.FLUENTD: the fluentd-kubernetes-daemonset image has no Loki plugin; use FLUENT_BIT or VECTOR, or LogOutput.raw(LogCollectorFlavor.FLUENTD, ...) with a plugin your image has');
    }
    if (this.kind === OutputKind.FORWARD && flavor === LogCollectorFlavor.VECTOR) {
      throw new Error('LogOutput.forward is not available with LogCollectorFlavor.VECTOR: Vector has no Fluent forward sink; use LogOutput.http or LogOutput.raw(LogCollectorFlavor.VECTOR, ...)');
    }
  }
}

function flavorName(flavor: LogCollectorFlavor): string {
  return `LogCollectorFlavor.${Object.entries(LogCollectorFlavor).find(([, v]) => v === flavor)![0]}`;
}

function endpoint(where: string, host: string, port: number, tls: boolean, path: string, indexPrefix: string): Endpoint {
  if (typeof host !== 'string' || host.trim() === '' || /[\s\[\]<>#"']/.test(host)) {
    throw new Error(`${where}: host "${host}" must be a host name or IP address without spaces, brackets, quotes or '#'`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${where}: port ${port} must be an integer between 1 and 65535`);
  }
  if (indexPrefix !== '' && !/^[a-z0-9][a-z0-9._-]*$/.test(indexPrefix)) {
    throw new Error(`${where}: indexPrefix "${indexPrefix}" must be lower-case letters, digits, '.', '_' or '-' (an Elasticsearch index name)`);
  }
  return { host, port, tls, path, indexPrefix };
}

function url(t: Endpoint): string {
  return `${t.tls ? 'https' : 'http'}://${t.host}:${t.port}${t.path}`;
}
