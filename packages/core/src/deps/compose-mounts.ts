import { parseYaml } from '../config/yaml.js';

/**
 * Host paths bind-mounted by a compose file (short `host:container[:mode]` and long
 * `{ type: bind, source }` syntax), as written (relative to the compose file's dir).
 * Named volumes are not files; a host path with an unresolvable `${VAR}` is left out.
 */
export function composeBindMounts(text: string): string[] {
  // Graph creation reads every compose file: skip the YAML parse when nothing is mounted.
  if (!text.includes('volumes')) return [];
  let doc: unknown;
  try {
    doc = parseYaml(text, { mergeKeys: true });
  } catch {
    return [];
  }
  const services = (doc as { services?: Record<string, { volumes?: unknown[] }> } | null)?.services ?? {};
  const paths: string[] = [];
  for (const service of Object.values(services)) {
    for (const volume of service?.volumes ?? []) {
      let source: string | undefined;
      if (typeof volume === 'string') {
        // `${VAR:-default}` has a colon of its own: fill defaults in before splitting.
        const parts = volume.replace(/\$\{[A-Za-z_]\w*:-([^}]*)\}/g, '$1').split(':');
        if (parts.length >= 2) source = parts[0];
      } else if (volume && typeof volume === 'object' && (volume as { type?: string }).type === 'bind') {
        source = (volume as { source?: string }).source;
      }
      if (!source || !/^[./~]/.test(source.replace(/\$\{[^}]*:-([^}]*)\}/g, '$1'))) continue;
      const resolved = source.replace(/\$\{[A-Za-z_]\w*:-([^}]*)\}/g, '$1');
      if (resolved.includes('$') || resolved.startsWith('~')) continue;
      paths.push(resolved);
    }
  }
  return paths;
}
