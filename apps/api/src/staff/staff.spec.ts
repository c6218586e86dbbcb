import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';

describe('staff accounts', () => {
  let t: TestApp;
  let admin: string;
  let officeId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    officeId = (await seeders(t.db).office()).id;
  });
  afterAll(() => t.close());

  it('creates an agent who can then log in, and never returns the password or hash', async () => {
    const created = await t.http
      .post('/api/v1/staff')
      .set('Authorization', admin)
      .send({ username: 'Agente.Nuevo', password: 'una-clave-larga-1', role: 'agent', officeId })
      .expect(201);
    expect(created.body).toEqual({ id: expect.any(String), username: 'agente.nuevo', role: 'agent', officeId, email: null, active: true, lastLoginAt: null, canCallOutOfOrder: false });
    await bearer(t.http, 'agente.nuevo', 'una-clave-larga-1');
    const list = await t.http.get(`/api/v1/staff?officeId=${officeId}`).set('Authorization', admin).expect(200);
    expect(list.body.map((u: { username: string }) => u.username)).toContain('agente.nuevo');
    expect(JSON.stringify(list.body)).not.toMatch(/hash|password/i);
  });

  it("keeps a staff member's work email (the supervisors' digest goes there): set, changed, cleared with null; a bad one is 400 naming email", async () => {
    const created = await t.http
      .post('/api/v1/staff')
      .set('Authorization', admin)
      .send({ username: 'supervisora.correo', password: 'una-clave-larga-3', role: 'supervisor', officeId, email: ' Supervisora@Example.CL ' })
      .expect(201);
    expect(created.body.email).toBe('supervisora@example.cl');
    const id = created.body.id as string;
    const stored = async () => ((await t.db.query(`SELECT email FROM staff_users WHERE id = $1`, [id])) as { email: string | null }[])[0].email;
    expect(await stored()).toBe('supervisora@example.cl');
    expect((await t.http.patch(`/api/v1/staff/${id}`).set('Authorization', admin).send({ email: 'oirs.elqui@example.cl' }).expect(200)).body.email).toBe('oirs.elqui@example.cl');
    await t.http.patch(`/api/v1/staff/${id}`).set('Authorization', admin).send({ active: true }).expect(200);
    expect(await stored()).toBe('oirs.elqui@example.cl'); // left out: unchanged
    const bad = await t.http.patch(`/api/v1/staff/${id}`).set('Authorization', admin).send({ email: 'no-es-correo' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'email', messages: [expect.stringContaining('email')] }]);
    expect((await t.http.patch(`/api/v1/staff/${id}`).set('Authorization', admin).send({ email: null }).expect(200)).body.email).toBeNull();
    expect(await stored()).toBeNull();
  });

  it('changes a password: the old one stops working', async () => {
    const user = await seeders(t.db).staff('agent', officeId);
    await t.http.patch(`/api/v1/staff/${user.id}`).set('Authorization', admin).send({ password: 'otra-clave-larga-2' }).expect(200);
    await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password }).expect(401);
    await bearer(t.http, user.username, 'otra-clave-larga-2');
  });

  it('refuses a short password and names the field', async () => {
    const response = await t.http
      .post('/api/v1/staff')
      .set('Authorization', admin)
      .send({ username: 'corta', password: 'corta', role: 'agent', officeId })
      .expect(400);
    expect(response.body.details).toEqual([{ field: 'password', messages: [expect.stringContaining('password')] }]);
  });

  it('does not let a user demote or deactivate themselves', async () => {
    const [me] = await t.db.query(`SELECT id FROM staff_users WHERE username = $1`, [ADMIN.username]);
    const response = await t.http.patch(`/api/v1/staff/${me.id}`).set('Authorization', admin).send({ role: 'agent', officeId }).expect(409);
    expect(response.body.error).toBe('CANNOT_CHANGE_OWN_ROLE');
  });

  it("does not let a supervisor touch another office's staff", async () => {
    const other = await seeders(t.db).office();
    const outsider = await seeders(t.db).staff('agent', other.id);
    const supervisor = await seeders(t.db).staff('supervisor', officeId);
    const token = await bearer(t.http, supervisor.username, supervisor.password);
    await t.http.patch(`/api/v1/staff/${outsider.id}`).set('Authorization', token).send({ active: false }).expect(403);
    await t.http.get(`/api/v1/staff/${outsider.id}`).set('Authorization', token).expect(403);
    await t.http.patch(`/api/v1/staff/${outsider.id}`).set('Authorization', token).send({ officeId }).expect(403);
    const [row] = await t.db.query(`SELECT active, office_id FROM staff_users WHERE id = $1`, [outsider.id]);
    expect(row).toEqual({ active: true, office_id: other.id });
  });

  it('shows whether an agent may call out of order, a permission granted only through PUT /staff/{id}/permissions', async () => {
    const agent = await seeders(t.db).staff('agent', officeId);
    const supervisor = await seeders(t.db).staff('supervisor', officeId);
    const token = await bearer(t.http, supervisor.username, supervisor.password);
    const listed = async () => {
      const list = await t.http.get('/api/v1/staff').set('Authorization', token).expect(200);
      return list.body.find((u: { id: string }) => u.id === agent.id) as { canCallOutOfOrder: boolean };
    };
    expect((await listed()).canCallOutOfOrder).toBe(false);
    // Read-only here: the account's own endpoint refuses it.
    const refused = await t.http.patch(`/api/v1/staff/${agent.id}`).set('Authorization', token).send({ canCallOutOfOrder: true }).expect(400);
    expect(refused.body.error).toBe('VALIDATION_FAILED');
    expect((await listed()).canCallOutOfOrder).toBe(false);

    await t.http.put(`/api/v1/staff/${agent.id}/permissions`).set('Authorization', token).send({ canCallOutOfOrder: true }).expect(200);
    expect((await listed()).canCallOutOfOrder).toBe(true);
    const fetched = await t.http.get(`/api/v1/staff/${agent.id}`).set('Authorization', token).expect(200);
    expect(fetched.body.canCallOutOfOrder).toBe(true);
    // Other changes to the account keep the grant.
    const renamed = await t.http.patch(`/api/v1/staff/${agent.id}`).set('Authorization', token).send({ username: `${agent.username}.b` }).expect(200);
    expect(renamed.body.canCallOutOfOrder).toBe(true);
  });
});
