/**
 * README.md's ```ts snippets as programs: extracted in order, fragments
 * wrapped in fixture.ts-fixture, type-checked with the TypeScript compiler
 * API, and transpiled to commonjs to run.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
export const README = path.join(ROOT, 'README.md');
export const FIXTURE = path.join(__dirname, 'fixture.ts-fixture');
/** The fixture's line that a fragment replaces. */
const HERE = /^\/\/\/ here$/m;

/** One ```ts block of README.md. */
export interface Snippet {
  /** `README.md:15 (Usage)`: the line of the opening fence and the section it is in. */
  readonly name: string;
  /** The line of README.md that holds the snippet's first line. */
  readonly line: number;
  /** The section heading above it (without `#`). */
  readonly section: string;
  /** The snippet as written. */
  readonly code: string;
  /** A fragment (no `import` of its own) runs inside the fixture. */
  readonly fragment: boolean;
  /** The program that is checked and run: the snippet, or the fixture around it. */
  readonly program: string;
  /** Line of `program` (1-based) that holds the snippet's first line. */
  readonly offset: number;
}

/** Every ```ts block of a markdown text, in order. */
export function extractSnippets(markdown: string = fs.readFileSync(README, 'utf8'), fixture: string = fs.readFileSync(FIXTURE, 'utf8')): Snippet[] {
  const lines = markdown.split('\n');
  const out: Snippet[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#+\s+(.*)$/.exec(lines[i]);
    if (heading) section = heading[1].replace(/`/g, '');
    if (!/^```ts\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    if (end === lines.length) throw new Error(`README.md:${i + 1}: \`\`\`ts block is never closed`);
    const code = lines.slice(start, end).join('\n') + '\n';
    const fragment = !/^import\s/m.test(code);
    const at = HERE.exec(fixture)?.index;
    if (fragment && at === undefined) throw new Error(`${FIXTURE}: has no "/// here" line`);
    const before = fixture.slice(0, at ?? 0);
    out.push({
      name: `README.md:${i + 1} (${section})`,
      line: start + 1,
      section,
      code,
      fragment,
      program: fragment ? fixture.replace(HERE, () => code) : code,
      offset: fragment ? before.split('\n').length : 1,
    });
    i = end;
  }
  return out;
}

/** Files on disk already parsed (they do not change during a test run). */
const PARSED = new Map<string, ts.SourceFile>();

/** The virtual file a snippet's program is checked as (inside the repo, so packages resolve from node_modules). */
export function virtualFile(s: Snippet, dir: string = __dirname): string {
  return path.join(dir, `README.md-${s.line}.ts`);
}

/**
 * Type-checks each program against `cdk8s-node-agents` resolved as
 * `moduleRoot` says (src/index.ts here; an installed package elsewhere),
 * with the project's compiler options. Returns, per snippet, its diagnostics
 * as `README.md:LINE: message` (lines of the fixture say so).
 */
export function typeCheck(snippets: Snippet[], options: { dir?: string; paths?: Record<string, string[]> } = {}): Map<Snippet, string[]> {
  const dir = options.dir ?? __dirname;
  const files = new Map(snippets.map((s) => [virtualFile(s, dir), s]));
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const compilerOptions: ts.CompilerOptions = {
    ...parsed.options,
    // A user's program: node's types, not jest's; fragments may leave fixture names unused.
    types: ['node'],
    noUnusedLocals: false,
    noUnusedParameters: false,
    noEmit: true,
    declaration: false,
    rootDir: undefined,
    outDir: undefined,
    ...(options.paths ? { baseUrl: ROOT, paths: options.paths } : {}),
  };
  const host = ts.createCompilerHost(compilerOptions);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const s = files.get(name);
    if (s) return ts.createSourceFile(name, s.program, languageVersion, true);
    // Declarations and the library parse once per test file, not once per program.
    let sf = PARSED.get(name);
    if (!sf) {
      sf = getSourceFile.call(host, name, languageVersion, ...rest);
      if (sf) PARSED.set(name, sf);
    }
    return sf;
  };
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name)?.program ?? readFile.call(host, name);
  const program = ts.createProgram([...files.keys()], compilerOptions, host);

  const result = new Map<Snippet, string[]>(snippets.map((s) => [s, []]));
  // Only the snippets' own files are checked (the checker resolves what they use from the
  // library on demand): the library itself is type-checked by its build.
  const checked = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...[...files.keys()].flatMap((f) => {
      const sf = program.getSourceFile(f)!;
      return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    }),
  ];
  for (const d of checked) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const s = d.file ? files.get(d.file.fileName) : undefined;
    if (!d.file || !s) {
      // A problem outside the snippets (the library itself, the options): every snippet fails with it.
      const where = d.file ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
      for (const list of result.values()) list.push(`${where}${message}`);
      continue;
    }
    const line = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
    const inSnippet = line >= s.offset && line < s.offset + s.code.split('\n').length - 1;
    result.get(s)!.push(inSnippet ? `README.md:${s.line + line - s.offset}: ${message}` : `${path.relative(ROOT, FIXTURE)}:${line}: ${message}`);
  }
  return result;
}

/** A snippet's program as commonjs JavaScript. */
export function toCommonJs(s: Snippet): string {
  return ts.transpileModule(s.program, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: `README.md-${s.line}.ts`,
    reportDiagnostics: false,
  }).outputText;
}
