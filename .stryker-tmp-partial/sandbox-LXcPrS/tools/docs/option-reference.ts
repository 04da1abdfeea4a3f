// @ts-nocheck
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface JsonSchema {
  description?: string;
  required?: string[];
  properties?: Record<
    string,
    { type?: string; description?: string; default?: unknown; enum?: unknown[]; $default?: unknown }
  >;
}

/**
 * Markdown reference of every generator (or executor) option, read from the schema.json files
 * (themselves generated from the zod options), so the README cannot drift from the code.
 */
export function optionReference(pluginRoot: string, kind: 'generators' | 'executors'): string {
  const dir = path.join(pluginRoot, 'src', kind);
  const sections: string[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'shared')
    .map((e) => e.name)
    .sort()) {
    const schema = JSON.parse(readFileSync(path.join(dir, name, 'schema.json'), 'utf8')) as JsonSchema;
    const rows = Object.entries(schema.properties ?? {}).map(([option, p]) => {
      const flag = p.$default
        ? `\`<${option}>\` (positional)`
        : `\`--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}\``;
      const type = p.enum ? p.enum.map((v) => `\`${String(v)}\``).join(' \\| ') : (p.type ?? 'string | list');
      const required = schema.required?.includes(option) ? 'yes' : '';
      const fallback = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
      return `| ${flag} | ${type} | ${required} | ${fallback} | ${(p.description ?? '').replace(/\|/g, '\\|')} |`;
    });
    sections.push(
      [
        `#### \`${name}\``,
        '',
        schema.description ?? '',
        '',
        '| option | type | required | default | meaning |',
        '|---|---|---|---|---|',
        ...rows,
      ].join('\n'),
    );
  }
  return sections.join('\n\n');
}
