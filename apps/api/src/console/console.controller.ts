import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import { ApiHeader } from '@nestjs/swagger';
import {
  AdminExceptionsResponse,
  AdminOrderDetail,
  AdminOrderListQuery,
  AdminOrderListResponse,
  AdminSyncResponse,
  ConsoleCreateOperatorRequest,
  ConsoleOperatorView,
  ConsoleSession,
  ConsoleSignInRequest,
  CreateRefundRequest,
  OrderIdParam,
  Refund,
} from '@minipay/contracts';
import type { SerializeOptions } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiContract } from '../common/docs/api-contract';
import { IdempotencyKeyHeader } from '../common/pipes/idempotency-key.decorator';
import { ZodValidationPipe } from '../common/pipes/zod-validation.pipe';
import { RateLimit } from '../common/throttling/rate-limit';
import { AppSettings } from '../config/app-config';
import { Actor, ConsoleAuthGuard, ConsoleRoles, CSRF_COOKIE, SESSION_COOKIE } from './console-auth.guard';
import { type ConsoleActor, ConsoleAuthService } from './console-auth.service';
import { expiredCookie, setCookies } from './console-cookies';
import { ConsoleOrdersService } from './console-orders.service';

/** Sign-in attempts per minute per client (IP), on top of argon2's own cost. */
export const CONSOLE_SIGN_IN_PER_MINUTE = 10;

/** The merchant console's session: sign in (cookie), who am I, sign out. */
@Controller('admin/session')
export class ConsoleSessionController {
  constructor(
    private readonly auth: ConsoleAuthService,
    private readonly settings: AppSettings,
  ) {}

  @Post()
  @HttpCode(200)
  @RateLimit('login')
  @Throttle({ login: { limit: CONSOLE_SIGN_IN_PER_MINUTE, ttl: 60_000 } })
  @ApiContract({
    tag: 'console',
    summary: 'Sign in to the merchant console (sets the session and CSRF cookies)',
    body: ConsoleSignInRequest,
    response: ConsoleSession,
    errors: [400, 401, 429],
  })
  async signIn(
    @Body(new ZodValidationPipe(ConsoleSignInRequest)) body: ConsoleSignInRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsoleSession> {
    const signedIn = await this.auth.signIn(body.username, body.password, request.ip);
    const base = this.cookieOptions();
    const maxAge = Math.floor((signedIn.expiresAt.getTime() - Date.now()) / 1000);
    setCookies(reply, [
      { name: SESSION_COOKIE, value: signedIn.token, options: { ...base, httpOnly: true, maxAge } },
      // Readable by the page on purpose: the double-submit token is echoed in the X-CSRF-Token header.
      { name: CSRF_COOKIE, value: signedIn.session.csrfToken, options: { ...base, httpOnly: false, maxAge } },
    ]);
    return signedIn.session;
  }

  @Get()
  @UseGuards(ConsoleAuthGuard)
  @ApiContract({ tag: 'console', summary: 'The signed-in operator and the CSRF token', response: ConsoleSession, errors: [401] })
  current(@Actor() actor: ConsoleActor): ConsoleSession {
    return { username: actor.username, role: actor.role, csrfToken: actor.csrfToken ?? '-'.repeat(16) };
  }

  @Post('sign-out')
  @HttpCode(204)
  @UseGuards(ConsoleAuthGuard)
  @ApiContract({ tag: 'console', summary: 'Sign out (ends the session; needs X-CSRF-Token)', errors: [401, 403] })
  async signOut(@Actor() actor: ConsoleActor, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.signOut(actor);
    const base = this.cookieOptions();
    setCookies(reply, [expiredCookie(SESSION_COOKIE, { ...base, httpOnly: true }), expiredCookie(CSRF_COOKIE, base)]);
  }

  private cookieOptions(): SerializeOptions {
    return { path: '/', sameSite: 'strict', secure: this.settings.values.NODE_ENV === 'production' };
  }
}

/** The console's screens: orders (list, CSV, detail), exceptions, and the operator actions. */
@Controller('admin')
@UseGuards(ConsoleAuthGuard)
@ApiHeader({ name: 'X-CSRF-Token', required: false, description: 'The session CSRF token, on POSTs made with the session cookie' })
export class ConsoleController {
  constructor(
    private readonly orders: ConsoleOrdersService,
    private readonly auth: ConsoleAuthService,
  ) {}

  @Post('operators')
  @ConsoleRoles('operator')
  @ApiContract({
    tag: 'console',
    summary: 'Create a console account (operator role)',
    body: ConsoleCreateOperatorRequest,
    response: ConsoleOperatorView,
    status: 201,
    errors: [400, 401, 403, 409],
  })
  async createOperator(@Body(new ZodValidationPipe(ConsoleCreateOperatorRequest)) body: ConsoleCreateOperatorRequest): Promise<ConsoleOperatorView> {
    const created = await this.auth.createOperatorOnce(body.username, body.password, body.role);
    return { username: created.username, role: created.role, createdAt: created.createdAt.toISOString() };
  }

  @Get('orders')
  @ApiContract({ tag: 'console', summary: 'Orders, newest first, filtered and cursor-paginated', response: AdminOrderListResponse, errors: [400, 401] })
  list(@Query(new ZodValidationPipe(AdminOrderListQuery, 'query')) query: z.output<typeof AdminOrderListQuery>): Promise<AdminOrderListResponse> {
    return this.orders.list(query);
  }

  @Get('orders/export')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="orders.csv"')
  @ApiContract({ tag: 'console', summary: 'The filtered orders as CSV (cursor and limit ignored)', errors: [400, 401] })
  export(@Query(new ZodValidationPipe(AdminOrderListQuery, 'query')) query: z.output<typeof AdminOrderListQuery>): Promise<string> {
    return this.orders.exportCsv(query);
  }

  @Get('orders/:id')
  @ApiContract({
    tag: 'console',
    summary: 'An order with its items, payment attempts, refunds and timeline',
    response: AdminOrderDetail,
    errors: [400, 401, 404],
  })
  detail(@Param(new ZodValidationPipe(OrderIdParam, 'order id')) params: z.infer<typeof OrderIdParam>): Promise<AdminOrderDetail> {
    return this.orders.detail(params.id);
  }

  @Post('orders/:id/actions/refund')
  @ConsoleRoles('operator')
  @ApiContract({
    tag: 'console',
    summary: 'Refund in full or in part (operator role)',
    body: CreateRefundRequest,
    response: Refund,
    status: 201,
    idempotencyKey: true,
    errors: [400, 401, 403, 404, 409, 422, 502],
  })
  refund(
    @Param(new ZodValidationPipe(OrderIdParam, 'order id')) params: z.infer<typeof OrderIdParam>,
    @Body(new ZodValidationPipe(CreateRefundRequest)) body: CreateRefundRequest,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
    @Actor() actor: ConsoleActor,
  ): Promise<Refund> {
    return this.orders.refund(params.id, body, actor, idempotencyKey);
  }

  @Post('orders/:id/actions/sync')
  @HttpCode(200)
  @ConsoleRoles('operator')
  @ApiContract({
    tag: 'console',
    summary: 'Ask the provider about this order now and apply the answer (operator role)',
    response: AdminSyncResponse,
    errors: [400, 401, 403, 404],
  })
  sync(@Param(new ZodValidationPipe(OrderIdParam, 'order id')) params: z.infer<typeof OrderIdParam>, @Actor() actor: ConsoleActor): Promise<AdminSyncResponse> {
    return this.orders.sync(params.id, actor);
  }

  @Get('exceptions')
  @ApiContract({
    tag: 'console',
    summary: 'What needs an operator: orders in review, failed notifications, stale refunds, paid but not fulfilled',
    response: AdminExceptionsResponse,
    errors: [401],
  })
  exceptions(): Promise<AdminExceptionsResponse> {
    return this.orders.exceptions();
  }
}
