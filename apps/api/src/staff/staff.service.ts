import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Office } from '../offices/office.entity.js';
import { type CreateStaffDto, type StaffUserDto, toStaffUserDto, type UpdateStaffDto } from './dto/staff-user.dto.js';
import { StaffAccounts } from './staff-accounts.js';
import { type StaffRole, StaffUser } from './staff-user.entity.js';

@Injectable()
export class StaffService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    @InjectRepository(Office) private readonly offices: Repository<Office>,
    private readonly hasher: PasswordHasher,
    private readonly accounts: StaffAccounts,
  ) {}

  async list(actor: AuthenticatedUser, officeId?: string): Promise<StaffUserDto[]> {
    const scope = actor.role === 'admin' ? officeId : (actor.officeId ?? undefined);
    if (actor.role !== 'admin' && officeId && officeId !== actor.officeId) assertOfficeAccess(actor, officeId);
    const users = await this.users.find({ where: scope ? { officeId: scope } : {}, order: { username: 'ASC' } });
    return users.map(toStaffUserDto);
  }

  async get(actor: AuthenticatedUser, id: string): Promise<StaffUserDto> {
    return toStaffUserDto(await this.findVisible(actor, id));
  }

  async create(actor: AuthenticatedUser, input: CreateStaffDto): Promise<StaffUserDto> {
    const officeId = await this.checkPlacement(actor, input.role, input.officeId ?? null);
    const username = input.username.toLowerCase();
    if (await this.users.existsBy({ username })) {
      throw new ApiException(ErrorCode.USERNAME_TAKEN, 'This username is taken', [{ field: 'username', messages: ['taken'] }]);
    }
    const user = await this.users.save(
      this.users.create({ username, passwordHash: await this.hasher.hash(input.password), role: input.role, officeId, email: input.email ?? null }),
    );
    return toStaffUserDto(user);
  }

  async update(actor: AuthenticatedUser, id: string, input: UpdateStaffDto): Promise<StaffUserDto> {
    const user = await this.findVisible(actor, id);
    if (actor.role !== 'admin' && user.role === 'admin') throw new ApiException(ErrorCode.FORBIDDEN, 'Only an admin can change an admin');
    if (user.id === actor.id && ((input.role && input.role !== user.role) || input.active === false || input.officeId !== undefined)) {
      throw new ApiException(ErrorCode.CANNOT_CHANGE_OWN_ROLE, 'You cannot change your own role, office or activation');
    }
    const role = input.role ?? user.role;
    const officeId = await this.checkPlacement(actor, role, input.officeId !== undefined ? input.officeId : user.officeId);
    if (input.username && input.username.toLowerCase() !== user.username) {
      const username = input.username.toLowerCase();
      if (await this.users.existsBy({ username })) {
        throw new ApiException(ErrorCode.USERNAME_TAKEN, 'This username is taken', [{ field: 'username', messages: ['taken'] }]);
      }
      user.username = username;
    }
    user.role = role;
    user.officeId = officeId;
    if (input.active !== undefined) user.active = input.active;
    if (input.email !== undefined) user.email = input.email;
    const changes: Partial<StaffUser> = { username: user.username, role, officeId, active: user.active, email: user.email };
    if (input.password) changes.passwordHash = await this.hasher.hash(input.password);
    await this.users.update(user.id, changes);
    this.accounts.changed(user.id);
    return toStaffUserDto(user);
  }

  /**
   * Creates the bootstrap admin from ADMIN_USERNAME/ADMIN_PASSWORD when no user has that name.
   * An existing account is left alone, so a password changed later is not reset at start-up;
   * several instances starting together create it once.
   */
  async ensureBootstrapAdmin(username: string, password: string): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .values({ username: username.toLowerCase(), passwordHash: await this.hasher.hash(password), role: 'admin', officeId: null })
      .orIgnore()
      .execute();
    return (result.identifiers?.filter(Boolean).length ?? 0) > 0;
  }

  private async findVisible(actor: AuthenticatedUser, id: string): Promise<StaffUser> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw ApiException.notFound(ErrorCode.STAFF_NOT_FOUND, 'Staff user');
    if (actor.role !== 'admin' && actor.id !== id) assertOfficeAccess(actor, user.officeId ?? '');
    return user;
  }

  /** Admins have no office; supervisors and agents need one, and a supervisor may only use theirs. */
  private async checkPlacement(actor: AuthenticatedUser, role: StaffRole, officeId: string | null): Promise<string | null> {
    if (actor.role !== 'admin' && role === 'admin') throw new ApiException(ErrorCode.FORBIDDEN, 'Only an admin can make an admin');
    if (role === 'admin') return null;
    if (!officeId) {
      throw new ApiException(ErrorCode.OFFICE_REQUIRED, `A ${role} needs an office`, [{ field: 'officeId', messages: ['required for this role'] }]);
    }
    assertOfficeAccess(actor, officeId);
    if (!(await this.offices.existsBy({ id: officeId }))) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return officeId;
  }
}
