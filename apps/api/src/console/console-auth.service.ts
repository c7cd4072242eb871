import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { hash, verify } from '@node-rs/argon2';
import type { ConsoleRole, ConsoleSession } from '@minipay/contracts';
import { LessThan, Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database/transaction-runner';
import { DomainError } from '../common/errors/domain-error';
import { AppSettings } from '../config/app-config';
import { ConsoleOperator, ConsoleSessionRow } from './operator.entity';
import { SecurityEvents } from '../security/security-events.service';

/** Who is acting in the console: a signed-in operator, or a script holding X-Admin-Key. */
export interface ConsoleActor {
  username: string;
  role: ConsoleRole;
  /** The session's CSRF token; null for X-Admin-Key callers (a header a browser never sends by itself). */
  csrfToken: string | null;
  /** The SHA-256 of the session token (for sign-out); null for X-Admin-Key callers. */
  sessionHash: string | null;
}

export interface SignedIn {
  token: string;
  session: ConsoleSession;
  expiresAt: Date;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Console accounts and sessions. Passwords are argon2id hashes (@node-rs/argon2, its defaults: 19 MiB, t=2);
 * an unknown username still costs one verification, so response time does not tell which usernames exist.
 */
@Injectable()
export class ConsoleAuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConsoleAuthService.name);
  private dummyHash: Promise<string> | null = null;

  constructor(
    @InjectRepository(ConsoleOperator) private readonly operators: Repository<ConsoleOperator>,
    @InjectRepository(ConsoleSessionRow) private readonly sessions: Repository<ConsoleSessionRow>,
    private readonly settings: AppSettings,
    private readonly securityEvents: SecurityEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { CONSOLE_BOOTSTRAP_USER: username, CONSOLE_BOOTSTRAP_PASSWORD: password } = this.settings.values;
    if (await this.operators.existsBy({ username })) return;
    try {
      await this.createOperator(username, password, 'operator');
      this.logger.log({ username }, 'console: bootstrap operator created');
    } catch (error) {
      // Another instance created it first.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async createOperator(username: string, password: string, role: ConsoleRole): Promise<ConsoleOperator> {
    const operator: ConsoleOperator = { id: randomUUID(), username, passwordHash: await hash(password), role, createdAt: new Date(), lastSignInAt: null };
    await this.operators.insert(operator);
    return operator;
  }

  /** As createOperator, but a taken username is a 409 rather than a database error. */
  async createOperatorOnce(username: string, password: string, role: ConsoleRole): Promise<ConsoleOperator> {
    try {
      return await this.createOperator(username, password, role);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('OPERATOR_EXISTS', `An operator named ${username} already exists`);
      throw error;
    }
  }

  async signIn(username: string, password: string, clientIp: string | null = null): Promise<SignedIn> {
    const operator = await this.operators.findOneBy({ username });
    const ok = await verify(operator?.passwordHash ?? (await this.dummy()), password).catch(() => false);
    if (!operator || !ok) {
      // Who tried which account from where, never the password: the exceptions screen lists these.
      await this.securityEvents.record('signin_failed', { ip: clientIp, detail: `console sign-in as "${username.slice(0, 64)}"` });
      throw new DomainError('UNAUTHENTICATED', 'Wrong username or password');
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.settings.values.CONSOLE_SESSION_TTL_SECONDS * 1000);
    await this.sessions.insert({ tokenHash: sha256(token), operatorId: operator.id, csrfToken, createdAt: now, expiresAt });
    await this.operators.update({ id: operator.id }, { lastSignInAt: now });
    // Expired sessions of anyone are dropped on the way (no scheduler needed for a small table).
    await this.sessions.delete({ expiresAt: LessThan(now) });
    return { token, expiresAt, session: { username: operator.username, role: operator.role, csrfToken } };
  }

  async resolve(token: string): Promise<ConsoleActor | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = sha256(token);
    const session = await this.sessions.findOneBy({ tokenHash });
    if (!session || session.expiresAt.getTime() <= Date.now()) return null;
    const operator = await this.operators.findOneBy({ id: session.operatorId });
    if (!operator) return null;
    return { username: operator.username, role: operator.role, csrfToken: session.csrfToken, sessionHash: tokenHash };
  }

  async signOut(actor: ConsoleActor): Promise<void> {
    if (actor.sessionHash) await this.sessions.delete({ tokenHash: actor.sessionHash });
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}

/** Constant-time comparison of two tokens (false when either is missing). */
export function sameToken(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
