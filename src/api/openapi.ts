/**
 * OpenAPI 3.1 description of /api/v1. A test checks that it lists exactly the routes the app
 * registers, so the document cannot drift from the code.
 */
import { taxiiOpenApiPaths } from './routes/taxii.ts';
import { interopOpenApiPaths } from './routes/interop.ts';
import { analysisOpenApiPaths } from './routes/analysis.ts';
import { forecastOpenApiPaths } from './routes/forecast.ts';
import { operationsOpenApiPaths } from './routes/operations.ts';
import { cooperationOpenApiPaths } from './routes/cooperation.ts';

type Json = Record<string, unknown>;

const problem = { $ref: '#/components/responses/Problem' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));
const json = (schema: Json, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9-]+--[0-9a-f-]{36}$' } };
const q = (name: string, description: string, schema: Json = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });

const listParams = [
  q('type', 'STIX types, comma-separated'),
  q('label', 'labels (any of), comma-separated'),
  q('marking', 'marking-definition ids (any of)'),
  q('tlp', 'TLP levels: clear, green, amber, amber+strict, red'),
  q('created_by', 'created_by_ref identity ids'),
  q('country', 'ISO 3166-1 alpha-3 codes'),
  q('admin1', 'admin-1 area names'),
  q('origin', "where the record comes from: 'local' or a partner node id (any of)"),
  q('refers_to', 'a STIX id: notes, opinions, reports and groupings naming it, and sightings of it'),
  q('bbox', 'west,south,east,north (degrees; west > east crosses the antimeridian)'),
  q('near', 'lat,lon,radius_km'),
  q('from', 'time range start (inclusive), RFC 3339'),
  q('to', 'time range end (exclusive), RFC 3339'),
  q('time_field', 'modified | created | event_time'),
  q('q', 'full-text search (French/English, accents folded)'),
  q('include_revoked', 'true to include revoked objects', { type: 'boolean' }),
  q('limit', '1..1000 (default 100)', { type: 'integer', minimum: 1, maximum: 1000 }),
  q('cursor', 'opaque cursor from the previous page'),
  q('order', 'seq_desc | seq_asc | event_time_desc'),
  q('changed_after', 'only objects changed after this change sequence', { type: 'integer', minimum: 0 }),
];

const stixObject = { $ref: '#/components/schemas/StixObject' };
const peer = { $ref: '#/components/schemas/Peer' };
const agreement = { $ref: '#/components/schemas/Agreement' };
const agreementDocument = { $ref: '#/components/schemas/AgreementDocument' };
const nodeIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const agreementIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const versionParam = q('version', 'agreement version (default: the latest)', { type: 'integer', minimum: 1 });
const record = { $ref: '#/components/schemas/Record' };

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sentinelle node API',
      version: '1.0.0',
      description:
        'STIX 2.1 records of one Sentinelle node. Errors are application/problem+json (RFC 9457) with JSON-pointer field paths, in French or English per Accept-Language.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { basic: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (sentinelle token create)' },
        basic: { type: 'http', scheme: 'basic' },
        session: { type: 'apiKey', in: 'cookie', name: 'sentinelle_session', description: 'Browser session; unsafe methods also need the X-CSRF-Token header' },
      },
      responses: {
        Problem: {
          description: 'Problem details (RFC 9457)',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            instance: { type: 'string' },
            record_id: { type: 'string', description: 'A conflict with a stored record (records.exists, records.idempotency_key_reused, records.version_conflict): its id' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['pointer', 'code', 'detail'],
                properties: { pointer: { type: 'string', description: 'RFC 6901 JSON pointer into the request' }, code: { type: 'string' }, detail: { type: 'string' } },
              },
            },
          },
        },
        StixObject: {
          type: 'object',
          description: 'A STIX 2.1 object (identity, location, incident, threat-actor, intrusion-set, campaign, report, note, sighting, relationship, grouping, indicator, marking-definition, extension-definition). On create, id, spec_version, created, modified and created_by_ref may be omitted.',
          required: ['type'],
          properties: { type: { type: 'string' }, id: { type: 'string' }, spec_version: { const: '2.1' }, created: { type: 'string', format: 'date-time' }, modified: { type: 'string', format: 'date-time' } },
          additionalProperties: true,
        },
        Record: {
          type: 'object',
          properties: {
            object: stixObject,
            meta: { type: 'object', properties: { seq: { type: 'integer' }, origin: { type: 'string' }, tlp: { type: ['string', 'null'] }, rel_to: { type: 'array', items: { type: 'string' } } } },
          },
        },
        Bundle: { type: 'object', required: ['type', 'id', 'objects'], properties: { type: { const: 'bundle' }, id: { type: 'string' }, objects: { type: 'array', items: stixObject } } },
        Peer: {
          type: 'object',
          properties: { node_id: { type: 'string' }, name: { type: 'string' }, country: { type: 'string' }, base_url: { type: 'string' }, public_key: { type: 'string' }, fingerprint: { type: 'string', description: '8 groups of 5 hex digits, to read aloud' }, added_at: { type: 'string' }, removed_at: { type: ['string', 'null'] } },
        },
        AgreementDocument: {
          type: 'object',
          description: 'A sharing agreement (docs/sharing.md): format, id, version, title, parties, start, expiry, scope, handling, redaction, priority; exchange files add signatures and revocations. Unknown fields are refused.',
          required: ['title', 'parties', 'start', 'expiry', 'scope', 'handling'],
          additionalProperties: true,
        },
        Agreement: {
          type: 'object',
          properties: {
            document: agreementDocument,
            signatures: { type: 'array', items: { type: 'object' } },
            revocations: { type: 'array', items: { type: 'object' } },
            state: { enum: ['effective', 'awaiting_signatures', 'not_started', 'expired', 'revoked', 'superseded', 'party_unregistered'] },
            status: { type: 'object' },
            versions: { type: 'array', items: { type: 'object' } },
            explanation: { type: 'array', items: { type: 'string' } },
          },
        },
        ImportReport: {
          type: 'object',
          properties: { total: { type: 'integer' }, created: { type: 'integer' }, updated: { type: 'integer' }, unchanged: { type: 'integer' }, stale: { type: 'integer' } },
        },
      },
    },
    paths: {
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { '200': json({ type: 'object' }) } } },
      '/readyz': { get: { summary: 'Readiness (database reachable)', security: [], responses: { '200': json({ type: 'object' }), '503': json({ type: 'object' }, 'Not ready') } } },
      '/api/v1/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': json({ type: 'object' }) } } },
      '/api/v1/auth/login': {
        post: {
          summary: 'Sign in; sets the session cookie and returns the CSRF token',
          security: [],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['username', 'password'], additionalProperties: false, properties: { username: { type: 'string' }, password: { type: 'string' } } } } } },
          responses: { '200': json({ type: 'object' }), ...errors(400, 401, 429) },
        },
      },
      '/api/v1/auth/logout': { post: { summary: 'Sign out', responses: { '204': { description: 'Signed out' }, ...errors(401, 403) } } },
      '/api/v1/auth/me': { get: { summary: 'The signed-in account', responses: { '200': json({ type: 'object' }), ...errors(401) } } },
      '/api/v1/auth/me/locale': {
        put: {
          summary: 'Remember the account’s language',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['locale'], properties: { locale: { enum: ['fr', 'en'] } } } } } },
          responses: { '200': json({ type: 'object' }), ...errors(400, 401, 403) },
        },
      },
      '/api/v1/objects': {
        get: { summary: 'List and search current records', parameters: listParams, responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: record }, next: { type: ['string', 'null'] } } }), ...errors(400, 401, 403) } },
        post: {
          summary: 'Create a record',
          description: 'Without `id` the node mints one ([FED-94]). With an Idempotency-Key header ([FED-104]) a retry with the same key and body returns the record created the first time (200, `Idempotent-Replayed: true`); the same key with another body is refused (409 `records.idempotency_key_reused`).',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, description: 'client-chosen token, 1–100 characters of [A-Za-z0-9._:-] (e.g. a random UUID), kept per user', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$' } }],
          requestBody: { required: true, content: { 'application/json': { schema: stixObject } } },
          responses: { '201': json(stixObject, 'Created'), '200': json(stixObject, 'Replayed: the record an earlier request with the same Idempotency-Key created'), ...errors(400, 401, 403, 409, 413, 415) },
        },
      },
      '/api/v1/objects/{id}': {
        get: { summary: 'Current version of a record', parameters: [idParam], responses: { '200': json(record), ...errors(401, 404) } },
        put: { summary: 'Store a new version (same id, later modified)', parameters: [idParam], requestBody: { required: true, content: { 'application/json': { schema: stixObject } } }, responses: { '200': json(stixObject), ...errors(400, 401, 403, 404, 409) } },
      },
      '/api/v1/objects/{id}/revoke': { post: { summary: 'Revoke (withdraw) a record', parameters: [idParam], responses: { '200': json(stixObject), ...errors(401, 403, 404, 409) } } },
      '/api/v1/objects/{id}/versions': { get: { summary: 'Version history, oldest first', parameters: [idParam], responses: { '200': json({ type: 'object' }), ...errors(401, 404) } } },
      '/api/v1/objects/{id}/versions/{modified}': {
        get: { summary: 'One version', parameters: [idParam, { name: 'modified', in: 'path', required: true, schema: { type: 'string', format: 'date-time' } }], responses: { '200': json(stixObject), ...errors(401, 404) } },
      },
      '/api/v1/bundles': { post: { summary: 'Import a STIX 2.1 bundle (all or nothing; idempotent)', requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Bundle' } } } }, responses: { '200': json({ $ref: '#/components/schemas/ImportReport' }), ...errors(400, 401, 403, 409, 413) } } },
      '/api/v1/export': { get: { summary: 'Export matching records as a STIX 2.1 bundle', parameters: listParams, responses: { '200': { description: 'Bundle', content: { 'application/stix+json;version=2.1': { schema: { $ref: '#/components/schemas/Bundle' } } } }, ...errors(400, 401, 403) } } },
      '/api/v1/events': { get: { summary: 'Live change feed (server-sent events); resume with Last-Event-ID', responses: { '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors(401, 403) } } },
      '/api/v1/node': { get: { summary: 'This node: organisation, country, public key and fingerprint', responses: { '200': json({ type: 'object' }), ...errors(401) } } },
      '/api/v1/users': {
        get: { summary: 'Accounts (admin)', responses: { '200': json({ type: 'object' }), ...errors(401, 403) } },
        post: {
          summary: 'Create an account (admin)',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['username', 'roles', 'password'], additionalProperties: false, properties: { username: { type: 'string' }, display_name: { type: 'string' }, roles: { type: 'array', items: { enum: ['admin', 'analyst', 'reporter', 'liaison', 'auditor'] } }, password: { type: 'string', minLength: 12 }, locale: { enum: ['fr', 'en'] } } } } } },
          responses: { '201': json({ type: 'object' }, 'Created'), ...errors(400, 401, 403, 409) },
        },
      },
      '/api/v1/users/{username}/disable': { post: { summary: 'Disable an account (admin)', parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': json({ type: 'object' }), ...errors(401, 403, 404) } } },
      '/api/v1/users/{username}/enable': { post: { summary: 'Enable an account (admin)', parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': json({ type: 'object' }), ...errors(401, 403, 404) } } },
      '/api/v1/tokens': {
        get: { summary: 'My API tokens', responses: { '200': json({ type: 'object' }), ...errors(401) } },
        post: { summary: 'Create an API token (shown once)', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string' }, expires_in_days: { type: 'integer' } } } } } }, responses: { '201': json({ type: 'object' }, 'Created'), ...errors(400, 401, 403) } },
      },
      '/api/v1/tokens/{id}': { delete: { summary: 'Revoke an API token', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '204': { description: 'Revoked' }, ...errors(401, 403, 404) } } },
      '/api/v1/audit': {
        get: {
          summary: 'Search the audit trail (auditor)',
          parameters: [q('action', 'actions, comma-separated'), q('actor', 'actor'), q('target', 'target'), q('outcome', 'success | denied | failure'), q('from', 'from'), q('to', 'to'), q('q', 'text'), q('limit', '1..1000', { type: 'integer' }), q('cursor', 'cursor')],
          responses: { '200': json({ type: 'object' }), ...errors(400, 401, 403) },
        },
      },
      '/api/v1/audit/verify': { get: { summary: 'Verify the audit hash chain (auditor)', responses: { '200': json({ type: 'object' }), ...errors(401, 403) } } },
      '/api/v1/peers': {
        get: { summary: 'Registered partner nodes (admin)', parameters: [q('include_removed', 'true to include removed peers', { type: 'boolean' })], responses: { '200': json({ type: 'object', properties: { peers: { type: 'array', items: peer } } }), ...errors(400, 401, 403) } },
        post: {
          summary: 'Register a partner node by its id, country, URL and Ed25519 public key (admin; audited)',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['node_id', 'name', 'country', 'base_url', 'public_key'], additionalProperties: false, properties: { node_id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, country: { type: 'string', description: 'ISO 3166-1 alpha-3' }, base_url: { type: 'string', format: 'uri' }, public_key: { type: 'string', description: 'Ed25519 SPKI DER, base64url (as /api/v1/node shows it)' } } } } } },
          responses: { '201': json(peer, 'Registered'), ...errors(400, 401, 403, 409) },
        },
      },
      '/api/v1/peers/directory': {
        get: { summary: 'Partner names (node id, name, country) for any signed-in user: the map legend and its partner filter. No keys, no addresses.', responses: { '200': json({ type: 'object', properties: { peers: { type: 'array', items: { type: 'object', properties: { node_id: { type: 'string' }, name: { type: 'string' }, country: { type: 'string' } } } } } }), ...errors(401) } },
      },
      '/api/v1/peers/status': {
        get: { summary: 'Federation status per partner: connected, backlog, oldest unacknowledged item, last signed acknowledgement, last successful contact, last error (admin)', responses: { '200': json({ type: 'object', properties: { peers: { type: 'array', items: { type: 'object', properties: { node_id: { type: 'string' }, name: { type: 'string' }, country: { type: 'string' }, connected: { type: 'boolean' }, backlog: { type: 'integer' }, oldest_unacknowledged: { type: ['string', 'null'], format: 'date-time' }, last_ack_at: { type: ['string', 'null'], format: 'date-time' }, last_success_at: { type: ['string', 'null'], format: 'date-time' }, last_attempt_at: { type: ['string', 'null'], format: 'date-time' }, last_error: { type: ['string', 'null'] } } } } } }), ...errors(401, 403) } },
      },
      '/federation/v1/envelopes': {
        post: {
          summary: 'Peer endpoint: a batch of signed envelopes (compact CBOR); answered with one signed ack per stream after commit (docs/sync-spec.md [FED-4], [FED-10])',
          security: [],
          requestBody: { required: true, content: { 'application/cbor': { schema: { type: 'string', contentEncoding: 'binary' } } } },
          responses: { '200': { description: 'Signed acks', content: { 'application/cbor': { schema: { type: 'string', contentEncoding: 'binary' } } } }, ...errors(400, 403, 413, 415) },
        },
      },
      '/federation/v1/pull': {
        post: {
          summary: 'Peer endpoint: a signed pull (cursors, long-poll wait) with the puller’s signed acks (compact CBOR); answered with the envelopes waiting (docs/sync-spec.md [FED-5])',
          security: [],
          requestBody: { required: true, content: { 'application/cbor': { schema: { type: 'string', contentEncoding: 'binary' } } } },
          responses: { '200': { description: 'pull_response', content: { 'application/cbor': { schema: { type: 'string', contentEncoding: 'binary' } } } }, ...errors(400, 403, 413, 415) },
        },
      },
      '/api/v1/peers/{id}': {
        get: { summary: 'One partner node, with its key fingerprint (admin)', parameters: [nodeIdParam], responses: { '200': json(peer), ...errors(401, 403, 404) } },
        delete: { summary: 'Remove a partner node (soft; admin; audited)', parameters: [nodeIdParam], responses: { '200': json(peer), ...errors(401, 403, 404, 409) } },
      },
      '/api/v1/agreements': {
        get: { summary: 'Sharing agreements, latest version of each, with their state (liaison)', responses: { '200': json({ type: 'object', properties: { agreements: { type: 'array', items: agreement } } }), ...errors(401, 403) } },
        post: { summary: 'Propose an agreement (or a new version): stored and signed by this node (liaison; audited)', requestBody: { required: true, content: { 'application/json': { schema: agreementDocument } } }, responses: { '201': json(agreement, 'Stored and signed'), ...errors(400, 401, 403, 409) } },
      },
      '/api/v1/agreements/import': {
        post: { summary: 'Import a partner’s copy: document with signatures and revocations, each verified (liaison; audited)', requestBody: { required: true, content: { 'application/json': { schema: agreementDocument } } }, responses: { '200': json(agreement), ...errors(400, 401, 403, 409) } },
      },
      '/api/v1/agreements/{id}': {
        get: { summary: 'One agreement version with its state and its plain-language reading (Accept-Language) (liaison)', parameters: [agreementIdParam, versionParam], responses: { '200': json(agreement), ...errors(400, 401, 403, 404) } },
      },
      '/api/v1/agreements/{id}/export': {
        get: { summary: 'The exchange file: document, signatures, revocations (liaison; audited)', parameters: [agreementIdParam, versionParam], responses: { '200': json(agreementDocument), ...errors(400, 401, 403, 404) } },
      },
      '/api/v1/agreements/{id}/sign': {
        post: { summary: 'Sign a version for this node (liaison; audited)', parameters: [agreementIdParam], requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } } } } }, responses: { '200': json(agreement), ...errors(400, 401, 403, 404, 409) } },
      },
      '/api/v1/agreements/{id}/revoke': {
        post: { summary: 'Revoke a version and the earlier ones with a signed statement (liaison; audited)', parameters: [agreementIdParam], requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 }, reason: { type: 'string', maxLength: 1000 } } } } } }, responses: { '200': json(agreement), ...errors(400, 401, 403, 404, 409) } },
      },
      '/api/v1/policy/explain': {
        get: {
          summary: 'The policy decision for a record and a partner, with its reasons (liaison; audited)',
          parameters: [{ ...q('record', 'STIX id of the record'), required: true }, { ...q('peer', 'node id of the partner'), required: true }],
          responses: { '200': json({ type: 'object', properties: { decision: { enum: ['release', 'release-redacted', 'withhold'] }, priority: { enum: ['FLASH', 'IMMEDIATE', 'ROUTINE', 'BULK'] }, reasons: { type: 'array', items: { type: 'object' } }, redacted: stixObject, explanation: { type: 'array', items: { type: 'string' } } } }), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/v1/objects/{id}/releases': { get: { summary: 'Partners a record was released to, with acknowledgement state; provenance of a received record (analyst, liaison)', parameters: [idParam], responses: { '200': json({ type: 'object', properties: { releases: { type: 'array', items: { type: 'object' } }, provenance: { type: ['object', 'null'] } } }), ...errors(401, 403, 404) } } },
      '/api/v1/reciprocity': {
        get: {
          summary: 'Records released to and received from each partner, per month, by type and priority (liaison)',
          parameters: [q('peer', 'node id of one partner'), q('from', 'first month, YYYY-MM (default: 11 months before to)'), q('to', 'last month, YYYY-MM (default: this month)')],
          responses: { '200': json({ type: 'object' }), ...errors(400, 401, 403, 404) },
        },
      },
      ...taxiiOpenApiPaths,
      ...interopOpenApiPaths,
      ...analysisOpenApiPaths,
      ...forecastOpenApiPaths,
      ...operationsOpenApiPaths,
      ...cooperationOpenApiPaths,
    },
  };
}

/** Fastify's `/a/:id` form of each documented path, with its methods. */
export function documentedRoutes(): { method: string; url: string }[] {
  const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => ({ method: m.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') })),
  );
}
