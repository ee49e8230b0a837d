import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
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
import {
  ACHIEVEMENT_TYPES,
  CREDENTIAL_JWT_PROFILES,
  DID_METHODS,
  ISSUANCE_MODES,
  type AchievementType,
  type CredentialJwtProfile,
  type DidMethod,
  type IssuanceMode,
} from '@app/catalogue';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MESSAGE = 'must be lower-case letters, digits and single hyphens, e.g. teacher-ai-workshop';

/** A short text in several languages: English required, French and Arabic optional. */
export class ShortTextInput {
  @ApiProperty({ example: 'Ethics and safe use of AI in class' }) @IsString() @Length(1, 300) en!: string;
  @ApiPropertyOptional({ example: 'Éthique et usage sûr de l’IA en classe' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  fr?: string;
  @ApiPropertyOptional({ example: 'الأخلاقيات والاستخدام الآمن للذكاء الاصطناعي في الصف' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  ar?: string;
}

/** A longer text (description, criteria) in several languages. */
export class LongTextInput {
  @ApiProperty() @IsString() @Length(1, 5000) en!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 5000) fr?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 5000) ar?: string;
}

export class CreateOrganisationRequest {
  @ApiProperty({ example: 'lebanon-coding-ai', description: 'Stable handle; part of the organisation DID' })
  @Matches(SLUG, { message: `slug ${SLUG_MESSAGE}` })
  @Length(2, 60)
  slug!: string;

  @ApiProperty({ type: ShortTextInput }) @ValidateNested() @Type(() => ShortTextInput) name!: ShortTextInput;
  @ApiPropertyOptional({ type: LongTextInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => LongTextInput)
  description?: LongTextInput;
  @ApiPropertyOptional({ example: 'https://lebanon-coding-ai.example.org' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  url?: string;
  @ApiPropertyOptional({ example: 'certificates@example.org' }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional({ example: 'https://example.org/logo.png' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  logoUrl?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({
    enum: DID_METHODS,
    default: 'web',
    description:
      'How the organisation is identified as an issuer: did:web (one DID, its document served here) or did:key (the DID of its active key; a rotation gives a new DID). Chosen at creation only.',
  })
  @IsOptional()
  @IsIn(DID_METHODS)
  didMethod?: DidMethod;
}

export class UpdateOrganisationRequest {
  @ApiPropertyOptional({ type: ShortTextInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => ShortTextInput)
  name?: ShortTextInput;
  @ApiPropertyOptional({ type: LongTextInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => LongTextInput)
  description?: LongTextInput;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  url?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  logoUrl?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
}

export class ModuleInputDto {
  @ApiProperty({ example: 'W2', description: 'Unique within the programme; used in CSV imports' })
  @Matches(/^[A-Za-z0-9._-]{1,20}$/, { message: 'code must be 1 to 20 letters, digits, dots, hyphens or underscores' })
  code!: string;

  @ApiProperty({ type: ShortTextInput }) @ValidateNested() @Type(() => ShortTextInput) title!: ShortTextInput;

  @ApiProperty({ example: 4, description: 'Contact hours, in quarter hours at most' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.25)
  @Max(1000)
  contactHours!: number;

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() assessed?: boolean;

  @ApiPropertyOptional({ example: 70, description: "Overrides the programme's pass mark for this module" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  passMark?: number;

  @ApiPropertyOptional({
    example: ['2.1', '2.2'],
    description: 'Competency codes of the framework (UNESCO AI CFT: aspect.level)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(15)
  @Matches(/^[0-9]{1,2}\.[0-9]{1,2}$/, { each: true, message: 'each competency is a code such as 2.1' })
  competencies?: string[];
}

export class ProgrammeContentRequest {
  @ApiProperty({ type: ShortTextInput }) @ValidateNested() @Type(() => ShortTextInput) name!: ShortTextInput;
  @ApiProperty({ type: LongTextInput }) @ValidateNested() @Type(() => LongTextInput) description!: LongTextInput;
  @ApiProperty({ type: LongTextInput, description: 'Narrative criteria (Open Badges Criteria.narrative)' })
  @ValidateNested()
  @Type(() => LongTextInput)
  criteria!: LongTextInput;

  @ApiProperty({ enum: ACHIEVEMENT_TYPES, example: 'MicroCredential' })
  @IsIn(ACHIEVEMENT_TYPES)
  achievementType!: AchievementType;

  @ApiProperty({ example: 80, description: 'Share of each module’s hours a participant must attend' })
  @IsInt()
  @Min(0)
  @Max(100)
  minAttendancePercent!: number;

  @ApiProperty({ example: 70, description: 'Score needed to pass an assessed module' })
  @IsInt()
  @Min(0)
  @Max(100)
  passMark!: number;

  @ApiPropertyOptional({ example: 36, description: 'Credentials expire this many months after issue; leave out for no expiry' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  validityMonths?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Train-the-trainer: trainers must hold a credential of this programme' })
  @IsOptional()
  @IsUUID()
  requiredTrainerProgrammeId?: string;

  @ApiProperty({ enum: ISSUANCE_MODES, example: 'automatic' }) @IsIn(ISSUANCE_MODES) issuanceMode!: IssuanceMode;

  @ApiPropertyOptional({
    enum: CREDENTIAL_JWT_PROFILES,
    default: 'vc+jwt',
    description:
      'JWT form issued beside the Data Integrity credential: W3C VC-JOSE-COSE (vc+jwt) or the OB 3.0 JWT profile (ob3)',
  })
  @IsOptional()
  @IsIn(CREDENTIAL_JWT_PROFILES)
  jwtProfile?: CredentialJwtProfile;

  @ApiProperty({ type: [ModuleInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ModuleInputDto)
  modules!: ModuleInputDto[];
}

export class CreateProgrammeRequest extends ProgrammeContentRequest {
  @ApiProperty({ example: 'teacher-ai-workshop' })
  @Matches(SLUG, { message: `slug ${SLUG_MESSAGE}` })
  @Length(2, 80)
  slug!: string;
}
