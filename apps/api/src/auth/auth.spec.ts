import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, attachTestApp, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';

describe('staff login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => t.http.post('/api/v1/auth/login').send({ username, password });

  it('gives the bootstrap admin from ADMIN_USERNAME/ADMIN_PASSWORD a token that /auth/me accepts', async () => {
    const response = await login(ADMIN.username, ADMIN.password).expect(200);
    expect(response.body).toEqual({ accessToken: expect.any(String), expiresIn: 8 * 3600 });
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ username: ADMIN.username, role: 'admin', officeId: null, active: true, canCallOutOfOrder: false });
    expect(JSON.stringify(me.body)).not.toMatch(/password|hash/i);
  });

  it('tells an agent through /auth/me whether a supervisor granted calling out of order, from the next request on', async () => {
    const office = await seeders(t.db).office();
    const agent = await seeders(t.db).staff('agent', office.id);
    const supervisor = await seeders(t.db).staff('supervisor', office.id);
    const token = await bearer(t.http, agent.username, agent.password);
    const me = async () => (await t.http.get('/api/v1/auth/me').set('Authorization', token).expect(200)).body;
    expect(await me()).toMatchObject({ id: agent.id, role: 'agent', canCallOutOfOrder: false });
    const supervisorToken = await bearer(t.http, supervisor.username, supervisor.password);
    await t.http.put(`/api/v1/staff/${agent.id}/permissions`).set('Authorization', supervisorToken).send({ canCallOutOfOrder: true }).expect(200);
    expect((await me()).canCallOutOfOrder).toBe(true);
    await t.http.put(`/api/v1/staff/${agent.id}/permissions`).set('Authorization', supervisorToken).send({ canCallOutOfOrder: false }).expect(200);
    expect((await me()).canCallOutOfOrder).toBe(false);
  });

  it('stores only an argon2id hash of the password', async () => {
    const [row] = await t.db.query(`SELECT password_hash FROM staff_users WHERE username = $1`, [ADMIN.username]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(ADMIN.password);
  });

  it('answers a wrong password and an unknown user alike, without saying which part was wrong', async () => {
    const user = await seeders(t.db).staff('agent', (await seeders(t.db).office()).id);
    const wrongPassword = await login(user.username, 'not-the-password').expect(401);
    const unknownUser = await login('nadie.conocido', 'not-the-password').expect(401);
    expect(wrongPassword.body).toEqual(unknownUser.body);
    expect(wrongPassword.body).toEqual({ statusCode: 401, error: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
  });

  it('locks a username after repeated failures, even for the right password, and says when to retry', async () => {
    const user = await seeders(t.db).staff('supervisor', (await seeders(t.db).office()).id);
    await login(user.username, 'wrong-1').expect(401);
    await login(user.username, 'wrong-2').expect(401);
    const third = await login(user.username, 'wrong-3').expect(429);
    expect(third.body.error).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    const right = await login(user.username, user.password).expect(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(800);
    // Unknown usernames lock the same way, so a lockout reveals nothing about who exists.
    for (const attempt of [401, 401, 429]) await login('fantasma', 'x').expect(attempt);
    const [row] = await t.db.query(`SELECT failures FROM login_failures WHERE username = $1`, [user.username]);
    expect(row.failures).toBe(3);
  });

  it('counts failures atomically when they arrive together', async () => {
    const user = await seeders(t.db).staff('agent', (await seeders(t.db).office()).id);
    const responses = await Promise.all(Array.from({ length: 10 }, () => login(user.username, 'guess')));
    expect(responses.filter((r) => r.status === 401).length).toBe(2);
    expect(responses.filter((r) => r.status === 429).length).toBe(8);
  });

  it('applies a deactivation within a second on another instance, which read the account before', async () => {
    const second = await attachTestApp(t.databaseUrl, {});
    try {
      const office = await seeders(t.db).office();
      const agent = await seeders(t.db).staff('agent', office.id);
      const token = await bearer(t.http, agent.username, agent.password);
      await second.http.get('/api/v1/auth/me').set('Authorization', token).expect(200);
      const admin = await bearer(t.http, ADMIN.username, ADMIN.password);
      await t.http.patch(`/api/v1/staff/${agent.id}`).set('Authorization', admin).send({ active: false }).expect(200);
      await t.http.get('/api/v1/auth/me').set('Authorization', token).expect(401); // at once where it was changed
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await second.http.get('/api/v1/auth/me').set('Authorization', token).expect(401)).body.error).toBe('UNAUTHORIZED');
    } finally {
      await second.close();
    }
  });

  it('matches usernames case-insensitively', async () => {
    await login(ADMIN.username.toUpperCase(), ADMIN.password).expect(200);
  });

  it('stops accepting the token of a deactivated user at once', async () => {
    const office = await seeders(t.db).office();
    const agent = await seeders(t.db).staff('agent', office.id);
    const token = await bearer(t.http, agent.username, agent.password);
    await t.http.get('/api/v1/auth/me').set('Authorization', token).expect(200);
    const admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    await t.http.patch(`/api/v1/staff/${agent.id}`).set('Authorization', admin).send({ active: false }).expect(200);
    expect((await t.http.get('/api/v1/auth/me').set('Authorization', token).expect(401)).body.error).toBe('UNAUTHORIZED');
    await login(agent.username, agent.password).expect(401);
  });

  it('refuses an expired token', async () => {
    const { JwtService } = await import('@nestjs/jwt');
    const [admin] = await t.db.query(`SELECT id FROM staff_users WHERE username = $1`, [ADMIN.username]);
    const expired = await t.app.get(JwtService).signAsync({ sub: admin.id, role: 'admin', officeId: null }, { expiresIn: -10 });
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
  });
});

describe('the login throttle per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000', LOGIN_MAX_FAILURES: '100' });
  });
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED with Retry-After after 20 logins a minute from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await t.http.post('/api/v1/auth/login').send({ username: `u${i}`, password: 'x' })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const limited = await t.http.post('/api/v1/auth/login').send({ username: 'otro', password: 'x' }).expect(429);
    expect(limited.body.error).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
