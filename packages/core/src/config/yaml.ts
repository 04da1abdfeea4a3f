import { CORE_SCHEMA, DEFAULT_SCHEMA, load, YAMLException } from 'js-yaml';

// YAML is read with js-yaml's core schema, YAML 1.2's: `yes`, `on` and dates stay strings, as
// users of repo_config expect from a 1.2 reader. js-yaml rather than a document-model library
// because graph creation parses every repo_config and compose file of the workspace: a thousand
// repo_configs took ~150 ms with a parser that builds a document model first, ~15 ms with this.

/**
 * One YAML document as plain data; empty or comment-only text is null. Throws on a syntax error
 * or a duplicated key (see {@link yamlErrorLine}).
 */
export function parseYaml(text: string, options: { mergeKeys?: boolean } = {}): unknown {
  // js-yaml's default schema is the core one plus YAML 1.1's merge keys (`<<: *base`, which
  // compose files use to share service settings), timestamps and a few collection types.
  return load(text, { schema: options.mergeKeys ? DEFAULT_SCHEMA : CORE_SCHEMA }) ?? null;
}

/** The 1-based line a YAML error points at, when the parser knows it. */
export function yamlErrorLine(error: unknown): number | undefined {
  return error instanceof YAMLException && error.mark ? error.mark.line + 1 : undefined;
}

/** The parser's reason, without the snippet of the text it appends to its message. */
export function yamlErrorReason(error: unknown): string {
  if (error instanceof YAMLException && error.reason) return error.reason;
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
