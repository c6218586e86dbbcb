import { LoginFailure } from '../auth/login-failure.entity.js';
import { Counter } from '../counters/counter.entity.js';
import { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { StaffUser } from '../staff/staff-user.entity.js';

/** Every entity, listed rather than globbed so the same list works compiled, in tests and in the CLI. */
export const ENTITIES = [Office, ServiceEntity, Counter, StaffUser, LoginFailure];
