import type { OpenAPIObject } from '@nestjs/swagger';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './attachment-rules.js';

type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; $ref?: string; [key: string]: unknown };

/** The JSON schema a `$ref` points to in the document's components. */
function resolve(document: OpenAPIObject, schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] as Schema | undefined;
}

/**
 * Documents the multipart/form-data form of the operations that take files (POST /requests, POST
 * /requests/reply): the JSON body's fields, nested objects as dotted fields (`contact.email`), and
 * `attachments`, up to 3 binary files of at most 5 MB. Swagger's decorators give every content
 * type one schema, so the form is written here, from the JSON one. Returns the document, changed in place.
 */
export function addMultipartFormsToDocument<T extends OpenAPIObject>(document: T): T {
  for (const path of ['/api/v1/requests', '/api/v1/requests/reply']) {
    const body = document.paths[path]?.post?.requestBody;
    if (!body || '$ref' in body) continue;
    const json = resolve(document, body.content['application/json']?.schema as Schema | undefined);
    if (!json?.properties) continue;
    const properties: Record<string, Schema> = {};
    for (const [name, property] of Object.entries(json.properties)) {
      const nested = resolve(document, property.allOf ? (property.allOf as Schema[])[0] : property);
      if (nested?.properties) {
        for (const [child, schema] of Object.entries(nested.properties)) properties[`${name}.${child}`] = schema.type === 'boolean' ? { ...schema, type: 'string', enum: ['true', 'false'] } : schema;
      } else {
        properties[name] = property;
      }
    }
    properties.attachments = {
      type: 'array',
      maxItems: MAX_ATTACHMENTS,
      items: { type: 'string', format: 'binary' },
      description: `Up to ${MAX_ATTACHMENTS} files, each a PDF, JPEG or PNG by its content and at most ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB`,
    };
    body.content['multipart/form-data'] = {
      schema: { type: 'object', required: json.required ?? [], properties } as never,
      encoding: { attachments: { contentType: 'application/pdf, image/jpeg, image/png' } },
    };
  }
  return document;
}
