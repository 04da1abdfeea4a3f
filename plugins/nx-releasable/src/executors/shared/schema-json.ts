import { z } from 'zod';

/** Nx executor schema.json generated from an executor's zod options (the single source). */
export function toNxSchema(schema: z.ZodType, title: string, description: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json['$schema'];
  return {
    $schema: 'https://json-schema.org/schema',
    version: 2,
    title,
    description,
    ...json,
  };
}
