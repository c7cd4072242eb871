import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { SecurityEventListQuery, SecurityEventListResponse } from '@minipay/contracts';
import type { z } from 'zod';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { ApiContract } from '../common/docs/api-contract';
import { ZodValidationPipe } from '../common/pipes/zod-validation.pipe';
import { SecurityEvents } from './security-events.service';

@Controller('admin/security-events')
@UseGuards(AdminApiKeyGuard)
@ApiHeader({ name: 'X-Admin-Key', required: true, description: 'ADMIN_API_KEY' })
export class SecurityController {
  constructor(private readonly events: SecurityEvents) {}

  @Get()
  @ApiContract({
    tag: 'admin',
    summary: 'Recent security events (refused admin keys, failed sign-ins, bad webhook signatures), newest first',
    response: SecurityEventListResponse,
    errors: [400, 401, 429],
  })
  async list(@Query(new ZodValidationPipe(SecurityEventListQuery)) query: z.infer<typeof SecurityEventListQuery>): Promise<SecurityEventListResponse> {
    return { items: await this.events.list(query.limit) };
  }
}
