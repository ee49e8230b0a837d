import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuditLog, type AuditEvent } from '@app/audit';
import { CoreError } from '@app/core';
import { CurrentPrincipal, Roles, type Principal } from '@app/identity';

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Required for organisation admins: one of their organisations' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ example: 'programme' }) @IsOptional() @IsString() @MaxLength(60) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'programme.revised' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;

  @ApiPropertyOptional({ description: 'Page back: events older than this event id' })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/)
  before?: string;
}

export class AuditEventResponse {
  @ApiProperty() id!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ example: 'programme.revised' }) action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ nullable: true, type: String }) organisationId!: string | null;
  @ApiProperty({ nullable: true, type: Object }) before!: unknown;
  @ApiProperty({ nullable: true, type: Object }) after!: unknown;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;

  static from(e: AuditEvent): AuditEventResponse {
    return {
      id: e.id,
      occurredAt: e.occurredAt.toISOString(),
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      organisationId: e.organisationId,
      before: e.before,
      after: e.after,
      requestId: e.requestId,
    };
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @Roles('org_admin')
  @ApiOperation({
    summary: 'The audit log, newest first, with filters',
    description: 'Platform admins see everything; organisation admins see the events of an organisation they administer.',
  })
  @ApiOkResponse({ type: [AuditEventResponse] })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AuditQueryDto): Promise<AuditEventResponse[]> {
    if (!principal.isPlatformAdmin && (!query.organisationId || !principal.hasRoleIn('org_admin', query.organisationId))) {
      throw new CoreError('forbidden', 'Give organisationId: one of the organisations you administer.');
    }
    const events = await this.audit.find({
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
    return events.map((e) => AuditEventResponse.from(e));
  }
}
