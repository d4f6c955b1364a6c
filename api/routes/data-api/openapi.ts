import type { Actor } from '../../../runtime/components/access.ts';
import type { Field } from '../../../schemas/definitions.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import { visibility } from './read.ts';

function schemaOf(field: Field): Record<string, unknown> {
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
    case 'duration':
    case 'rollup':
      return { type: 'number' };
    case 'autonumber':
      return field.prefix ? { type: 'string' } : { type: 'number' };
    case 'rating':
      return { type: 'integer', minimum: 0, maximum: field.max };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
    case 'created_at':
    case 'updated_at':
      return { type: 'string', format: 'date-time' };
    case 'email':
      return { type: 'string', format: 'email' };
    case 'url':
      return { type: 'string', format: 'uri' };
    case 'single_select':
      return { type: 'string', enum: field.options.map((o) => o.id) };
    case 'multi_select':
      return { type: 'array', items: { type: 'string', enum: field.options.map((o) => o.id) } };
    case 'relation':
      return field.cardinality === 'many_to_one'
        ? { type: 'string', format: 'uuid' }
        : { type: 'array', items: { type: 'string', format: 'uuid' } };
    case 'attachment':
      return {
        type: 'array',
        maxItems: field.maxFiles,
        items: {
          type: 'object',
          required: ['name', 'size', 'type'],
          properties: {
            key: { type: 'string' },
            name: { type: 'string' },
            size: { type: 'integer' },
            type: { type: 'string' },
          },
        },
      };
    case 'computed':
      return {
        type: { number: 'number', boolean: 'boolean', text: 'string', date: 'string', datetime: 'string' }[
          field.resultType
        ],
      };
    default:
      return { type: 'string' };
  }
}

/** `GET /rest/v1/`: an OpenAPI description of the tables and fields the caller may see. */
export function openApiDocument(app: PublishedApp, actor: Actor, baseUrl: string) {
  const visible = visibility(app.definition, actor);
  const schemas: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (const table of app.definition.tables) {
    const fields = visible.get(table.id);
    if (!fields) continue;
    const properties: Record<string, unknown> = { id: { type: 'string', format: 'uuid', readOnly: true } };
    for (const field of table.fields) {
      if (!fields.has(field.id)) continue;
      // Files are uploaded beside the data API (routes/data-api/files.ts), then listed here.
      const upload =
        field.type === 'attachment'
          ? `Upload each file first: POST ${baseUrl.replace(/\/rest\/v1$/, '/files')}/${table.id}/${field.id}?name=<file name> ` +
            `with the raw bytes and Content-Type (${field.allowedTypes.join(', ')}; at most ${field.maxSizeMb} MB), ` +
            'then put the answer { key, name, type, size } in this list.'
          : undefined;
      const description = [field.description, upload].filter(Boolean).join(' ');
      properties[field.id] = {
        ...schemaOf(field),
        title: field.label,
        ...(description ? { description } : {}),
      };
    }
    schemas[table.id] = { type: 'object', title: table.label, properties };
    const ref = { $ref: `#/components/schemas/${table.id}` };
    const rows = {
      description: `Rows of ${table.label}`,
      content: { 'application/json': { schema: { type: 'array', items: ref } } },
    };
    paths[`/${table.id}`] = {
      get: { summary: `Read ${table.label}`, responses: { 200: rows } },
      post: {
        summary: `Add to ${table.label}`,
        requestBody: { content: { 'application/json': { schema: ref } } },
        responses: { 201: rows },
      },
      patch: { summary: `Change rows of ${table.label} (filters required)`, responses: { 200: rows } },
      delete: { summary: `Delete rows of ${table.label} (filters required)`, responses: { 200: rows } },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: app.definition.name,
      version: String(app.version),
      description: app.definition.description ?? '',
    },
    servers: [{ url: baseUrl }],
    paths,
    components: { schemas },
  };
}
