import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { Public, Roles } from '@app/identity';
import { migrationsAreApplied } from '@app/persistence';
import { Metrics } from '../http/metrics.js';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly metrics: Metrics,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('health/live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers and every migration is applied' })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up' } } } } })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the problem document names the failing checks' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { connection: this.dataSource }).withTimeout(2000),
        async () => {
          const check = this.indicators.check('migrations');
          return (await migrationsAreApplied(this.dataSource)) ? check.up() : check.down({ message: 'pending migrations' });
        },
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        const body = error.getResponse() as { details?: unknown };
        throw new DomainError('service_unavailable', 'A readiness check failed.', { checks: body.details });
      }
      throw error;
    }
  }

  @Get('metrics')
  @Roles('monitor')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (role monitor, or a platform admin)' })
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
