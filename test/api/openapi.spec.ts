import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { security?: unknown[] }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('describes every endpoint of the foundation', () => {
    const expected: Record<string, string[]> = {
      '/api/health': ['get'],
      '/api/v1/auth/login': ['post'],
      '/api/v1/auth/me': ['get'],
      '/api/v1/offices': ['get', 'post'],
      '/api/v1/offices/{officeId}': ['get', 'patch'],
      '/api/v1/offices/{officeId}/services': ['get', 'post'],
      '/api/v1/offices/{officeId}/services/settings': ['get'],
      '/api/v1/services/{serviceId}': ['get', 'patch'],
      '/api/v1/offices/{officeId}/counters': ['get', 'post'],
      '/api/v1/counters/{counterId}': ['patch'],
      '/api/v1/staff': ['get', 'post'],
      '/api/v1/staff/{id}': ['get', 'patch'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}), path).toEqual(expect.arrayContaining(methods));
    }
  });

  it('describes the DTOs with their fields', () => {
    const fields = (name: string) => Object.keys(doc.components.schemas[name]?.properties ?? {});
    expect(fields('CreateOfficeDto')).toEqual(expect.arrayContaining(['name', 'timeZone', 'address', 'openingHours']));
    expect(fields('CreateServiceDto')).toEqual(expect.arrayContaining(['code', 'name', 'mode', 'requirements', 'slotMinutes', 'seatsPerSlot', 'dailyAppointmentCap', 'walkInDailyCap']));
    expect(fields('CreateCounterDto')).toEqual(expect.arrayContaining(['name', 'serviceIds']));
    expect(fields('CreateStaffDto')).toEqual(expect.arrayContaining(['username', 'password', 'role', 'officeId']));
    expect(fields('StaffUserDto')).not.toContain('password');
    expect(doc.components.schemas.StaffUserDto.properties?.canCallOutOfOrder).toMatchObject({ type: 'boolean', readOnly: true, description: expect.stringContaining('/permissions') });
    expect((doc.components.schemas.StaffUserDto as { required?: string[] }).required).toContain('canCallOutOfOrder');
    expect(fields('UpdateStaffDto')).not.toContain('canCallOutOfOrder');
    expect(fields('AccessTokenDto')).toEqual(['accessToken', 'expiresIn']);
  });

  it('describes the reports, the yearly account, the surveys and their DTOs, the CSV answer too', () => {
    const expected: Record<string, string[]> = {
      '/api/v1/offices/{officeId}/reports': ['get'],
      '/api/v1/offices/{officeId}/reports.csv': ['get'],
      '/api/v1/offices/{officeId}/reports/yearly': ['get'],
      '/api/v1/offices/{officeId}/reports/arrivals': ['get'],
      '/api/v1/offices/{officeId}/survey-comments': ['get'],
      '/api/v1/turns/{trackingCode}/survey': ['post'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}), path).toEqual(expect.arrayContaining(methods));
    }
    const responses = (path: string) => (doc.paths[path].get as unknown as { responses: Record<string, { content?: Record<string, unknown> }> }).responses;
    expect(Object.keys(responses('/api/v1/offices/{officeId}/reports')['200'].content ?? {})).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
    expect(Object.keys(responses('/api/v1/offices/{officeId}/reports.csv')['200'].content ?? {})).toEqual(['text/csv']);
    const fields = (name: string) => Object.keys(doc.components.schemas[name]?.properties ?? {});
    expect(fields('ReportDto')).toEqual(expect.arrayContaining(['officeId', 'from', 'to', 'groupBy', 'rows', 'totals', 'waitTargetMinutes']));
    expect(fields('ReportRowDto')).toEqual(expect.arrayContaining(['key', 'label', 'waitMedianMinutes', 'waitP90Minutes', 'walkInsRefused', 'utilisation', 'ratingMean']));
    expect(fields('YearlyAccountDto')).toEqual(expect.arrayContaining(['year', 'total', 'months', 'services']));
    expect(fields('AnswerSurveyDto')).toEqual(['rating', 'comment']);
    expect(fields('TurnDto')).toEqual(expect.arrayContaining(['canAskForMoreTime', 'canAnswerSurvey']));
    expect(fields('CreateOfficeDto')).toEqual(expect.arrayContaining(['waitTargetMinutes', 'personalDataRetentionDays']));
    expect(doc.paths['/api/v1/turns/{trackingCode}/survey'].post.security).toBeUndefined();
    expect(doc.paths['/api/v1/offices/{officeId}/reports'].get.security).toEqual([{ bearer: [] }]);
  });

  it('documents the public side of requests and complaints, with the multipart form of filing and reply', () => {
    const expected: Record<string, string[]> = {
      '/api/v1/offices/{officeId}/request-topics': ['get'],
      '/api/v1/requests': ['post'],
      '/api/v1/requests/{code}': ['get'],
      '/api/v1/requests/lookup': ['post'],
      '/api/v1/requests/reply': ['post'],
      '/api/v1/requests/rate': ['post'],
      '/api/v1/requests/attachment': ['post'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}), path).toEqual(expect.arrayContaining(methods));
      for (const method of methods) expect(doc.paths[path][method].security, path).toBeUndefined();
    }
    type Form = { requestBody: { content: Record<string, { schema: { properties: Record<string, { type?: string; maxItems?: number; items?: { format?: string } }>; required: string[] } }> } };
    const filing = (doc.paths['/api/v1/requests'].post as unknown as Form).requestBody.content;
    expect(Object.keys(filing)).toEqual(expect.arrayContaining(['application/json', 'multipart/form-data']));
    const form = filing['multipart/form-data'].schema;
    expect(Object.keys(form.properties)).toEqual(expect.arrayContaining(['officeId', 'kind', 'topicId', 'description', 'contact.email', 'contact.phone', 'contact.smsConsent', 'attachments']));
    expect(form.properties.attachments).toMatchObject({ type: 'array', maxItems: 3, items: { format: 'binary' } });
    expect(form.required).toEqual(expect.arrayContaining(['officeId', 'kind', 'topicId', 'description']));
    const reply = (doc.paths['/api/v1/requests/reply'].post as unknown as Form).requestBody.content['multipart/form-data'].schema;
    expect(Object.keys(reply.properties)).toEqual(expect.arrayContaining(['code', 'contact', 'text', 'attachments']));
  });

  it('marks staff endpoints as needing a bearer token', () => {
    expect(doc.paths['/api/v1/staff'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/offices'].get.security).toBeUndefined();
  });

  it('serves the interactive UI', async () => {
    const page = await t.http.get('/api/docs').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('swagger');
  });
});
