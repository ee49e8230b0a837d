import { CERTIFICATE_LANGUAGE_CHOICES } from '@app/certificates';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { Cohort, Enrolment, LearningRecord, Progress } from '@app/learning';
import {
  DELIVERY_MODES,
  PARTICIPANT_ROLES,
  RECORD_KINDS,
  STORED_RECORD_KINDS,
  type DeliveryMode,
  type ParticipantRole,
  type RecordKind,
} from '@app/learning';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A reason says something: at least three characters that are not spaces (the API and the portal). */
export const NOT_BLANK = /\S(?:\s*\S){2}/;
const LANGS = ['en', 'fr', 'ar'] as const;

export class CreateCohortRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() programmeId!: string;
  @ApiProperty({ example: 'Beirut, spring 2026, group A' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: '2026-03-02' })
  @Matches(DAY, { message: 'startsOn must be a day such as 2026-03-02' })
  @IsISO8601({ strict: true })
  startsOn!: string;
  @ApiProperty({ example: '2026-04-30' })
  @Matches(DAY, { message: 'endsOn must be a day such as 2026-04-30' })
  @IsISO8601({ strict: true })
  endsOn!: string;
  @ApiProperty({ enum: DELIVERY_MODES }) @IsIn(DELIVERY_MODES) mode!: DeliveryMode;
  @ApiPropertyOptional({ example: 'Lycée National, Beirut' }) @IsOptional() @IsString() @MaxLength(300) place?: string;
  @ApiProperty({ enum: LANGS, example: 'ar' }) @IsIn(LANGS) language!: 'en' | 'fr' | 'ar';
  @ApiPropertyOptional({
    enum: CERTIFICATE_LANGUAGE_CHOICES,
    example: 'ar-en',
    description: 'The certificates’ languages: one, or a bilingual pair (the first leads). The teaching language when absent.',
  })
  @IsOptional()
  @IsIn(CERTIFICATE_LANGUAGE_CHOICES)
  certificateLanguages?: string;
}

export class CohortResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ format: 'uuid' }) programmeVersionId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() startsOn!: string;
  @ApiProperty() endsOn!: string;
  @ApiProperty({ enum: DELIVERY_MODES }) mode!: DeliveryMode;
  @ApiProperty({ nullable: true, type: String }) place!: string | null;
  @ApiProperty({ enum: LANGS }) language!: string;
  @ApiProperty({ nullable: true, type: String, example: 'ar-en' }) certificateLanguages!: string | null;

  static from(c: Cohort): CohortResponse {
    return {
      id: c.id,
      organisationId: c.organisationId,
      programmeId: c.programmeId,
      programmeVersionId: c.programmeVersionId,
      name: c.name,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      mode: c.mode,
      place: c.place,
      language: c.language,
      certificateLanguages: c.certificateLanguages,
    };
  }
}

export class ParticipantDto {
  @ApiProperty({ example: 'rana.haddad@school.example.lb' }) @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ example: 'Rana Haddad' }) @IsString() @Length(1, 200) displayName!: string;
  @ApiProperty({ enum: PARTICIPANT_ROLES, example: 'teacher' }) @IsIn(PARTICIPANT_ROLES) role!: ParticipantRole;
  @ApiPropertyOptional({ enum: LANGS }) @IsOptional() @IsIn(LANGS) language?: 'en' | 'fr' | 'ar';
}

export class EnrolRequest {
  @ApiProperty({ type: [ParticipantDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants!: ParticipantDto[];
}

export class EnrolmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) cohortId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ enum: PARTICIPANT_ROLES }) role!: string;
  @ApiProperty({ enum: ['enrolled', 'in_progress', 'completed', 'withdrawn'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) eligibleAt!: string | null;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() displayName?: string;

  static from(e: Enrolment & { email?: string; displayName?: string }): EnrolmentResponse {
    return {
      id: e.id,
      cohortId: e.cohortId,
      accountId: e.accountId,
      role: e.role,
      status: e.status,
      eligibleAt: e.eligibleAt?.toISOString() ?? null,
      ...(e.email ? { email: e.email } : {}),
      ...(e.displayName ? { displayName: e.displayName } : {}),
    };
  }
}

export class CreateSessionRequest {
  @ApiProperty({ example: 'W2', description: 'Module code' }) @IsString() @Length(1, 20) module!: string;
  @ApiProperty({ example: '2026-03-04' })
  @Matches(DAY, { message: 'heldOn must be a day such as 2026-03-04' })
  @IsISO8601({ strict: true })
  heldOn!: string;
  @ApiProperty({ example: 4 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.25) @Max(24) hours!: number;
}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() module!: string;
  @ApiProperty() heldOn!: string;
  @ApiProperty() hours!: number;
}

export class RecordRequestDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() enrolmentId!: string;
  @ApiProperty({ enum: RECORD_KINDS }) @IsIn(RECORD_KINDS) kind!: RecordKind;
  @ApiProperty({ example: 'W2' }) @IsString() @Length(1, 20) module!: string;
  @ApiPropertyOptional({ example: '2026-03-04', description: 'attendance: the day of the class' })
  @IsOptional()
  @Matches(DAY, { message: 'date must be a day such as 2026-03-04' })
  @IsISO8601({ strict: true })
  date?: string;
  @ApiPropertyOptional({ example: 3.5, description: 'attendance: hours attended' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(24)
  hours?: number;
  @ApiPropertyOptional({ example: 82, description: 'assessment: score from 0 to 100' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  score?: number;
  @ApiPropertyOptional({ example: 'https://lms.example.org/submissions/123' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(2000)
  evidenceUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Correct this earlier record (it stays in the history)' })
  @IsOptional()
  @IsUUID()
  supersedes?: string;
  @ApiPropertyOptional({ description: 'Required with supersedes: why the earlier record was wrong' })
  @IsOptional()
  @IsString()
  @Length(3, 500)
  @Matches(NOT_BLANK, { message: 'reason must say why (at least 3 characters that are not spaces)' })
  reason?: string;
}

export class RetractionRequestDto {
  @ApiProperty({ example: 'Recorded for the wrong participant', minLength: 3, maxLength: 500 })
  @IsString()
  @Length(3, 500)
  @Matches(NOT_BLANK, { message: 'reason must say why (at least 3 characters that are not spaces)' })
  reason!: string;
}

export class RecordResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) enrolmentId!: string;
  @ApiProperty({ enum: STORED_RECORD_KINDS, description: 'retraction: withdraws the record it supersedes' }) kind!: string;
  @ApiProperty() module!: string;
  @ApiProperty({ nullable: true, type: Number }) hours!: number | null;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) passed!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) evidenceUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String }) supersedes!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'In the history: the record that corrected this one' })
  supersededBy?: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty() recordedAt!: string;

  static from(r: LearningRecord, module: string, supersededBy?: string | null): RecordResponse {
    return {
      id: r.id,
      enrolmentId: r.enrolmentId,
      kind: r.kind,
      module,
      hours: r.hours,
      score: r.score,
      passed: r.passed,
      evidenceUrl: r.evidenceUrl,
      note: r.note,
      supersedes: r.supersedesId,
      reason: r.reason,
      ...(supersededBy !== undefined ? { supersededBy } : {}),
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt.toISOString(),
    };
  }
}

export class ProgressResponse {
  @ApiProperty({ type: EnrolmentResponse }) enrolment!: EnrolmentResponse;
  @ApiProperty({ example: 40 }) hoursRequired!: number;
  @ApiProperty({ example: 32.5 }) hoursDone!: number;
  @ApiProperty() modulesRequired!: number;
  @ApiProperty() modulesDone!: number;
  @ApiProperty() assessmentsRequired!: number;
  @ApiProperty() assessmentsPassed!: number;
  @ApiProperty() eligible!: boolean;
  @ApiProperty({
    description: 'Each condition not met yet, with the module and a sentence',
    example: [
      {
        code: 'attendance',
        module: 'W2',
        requiredHours: 3.2,
        attendedHours: 2,
        detail: 'Module W2: 2 of the 3.2 hours required attended.',
      },
    ],
  })
  unmet!: unknown[];
  @ApiProperty({ description: 'Per module: hours, completion and assessment' }) modules!: unknown[];

  static from(enrolment: Enrolment & { email?: string }, p: Progress): ProgressResponse {
    return {
      enrolment: EnrolmentResponse.from(enrolment),
      hoursRequired: p.hoursRequired,
      hoursDone: p.hoursDone,
      modulesRequired: p.modulesRequired,
      modulesDone: p.modulesDone,
      assessmentsRequired: p.assessmentsRequired,
      assessmentsPassed: p.assessmentsPassed,
      eligible: p.eligible,
      unmet: [...p.unmet],
      modules: [...p.modules],
    };
  }
}

export class EvidenceUploadQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() enrolmentId!: string;
  @ApiProperty({ example: 'W3' }) @IsString() @Length(1, 20) module!: string;
  @ApiProperty({ example: 'lesson-plan.pdf' })
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  @Matches(/^[^\\/:*?"<>|\u0000-\u001f]{1,200}$/, { message: 'fileName must be a plain file name' })
  fileName!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class WithdrawRequest {
  @ApiProperty({ example: 'Moved to another school' }) @IsString() @Length(3, 500) reason!: string;
}
