// @ts-nocheck
import { z } from 'zod';

/** Nx executor schema.json generated from an executor's zod options (the single source). */
export function toNxSchema(
  schema: z.ZodType,
  title: string,
  description: string,
  /** Nx-only keywords per property, e.g. `{ name: { $default: { $source: 'argv', index: 0 } } }`. */
  extras: Record<string, Record<string, unknown>> = {},
): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json['$schema'];
  const properties = json['properties'] as Record<string, Record<string, unknown>> | undefined;
  for (const [key, more] of Object.entries(extras)) if (properties?.[key]) Object.assign(properties[key], more);
  return {
    $schema: 'https://json-schema.org/schema',
    version: 2,
    title,
    description,
    ...json,
  };
}
