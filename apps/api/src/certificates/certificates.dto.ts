import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DESIGNS, MAX_SIGNATORIES, type CertificateTemplate, type Design } from '@app/certificates';

const COLOUR = /^#[0-9a-fA-F]{6}$/;
/** Base64 of at most 512 KB, with or without a data: URL prefix. */
const IMAGE_CHARS = 700_000;

export class SignatoryDto {
  @ApiProperty({ example: 'Dr. Maya Khoury' }) @IsString() @Length(1, 120) name!: string;
  @ApiProperty({ example: 'Programme Director' }) @IsString() @Length(0, 160) title!: string;
  @ApiPropertyOptional({ description: 'PNG or JPEG in base64 (at most 512 KB)', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(IMAGE_CHARS)
  signature?: string | null;
}

export class TemplateRequest {
  @ApiProperty({ enum: DESIGNS }) @IsIn(DESIGNS) design!: Design;
  @ApiProperty({ example: '#1F3A5F' })
  @Matches(COLOUR, { message: 'primaryColour must be written #RRGGBB' })
  primaryColour!: string;
  @ApiProperty({ example: '#B08D57' })
  @Matches(COLOUR, { message: 'accentColour must be written #RRGGBB' })
  accentColour!: string;
  @ApiPropertyOptional({ description: 'PNG or JPEG in base64 (at most 512 KB); null removes it', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(IMAGE_CHARS)
  logo?: string | null;
  @ApiProperty({ type: [SignatoryDto] })
  @IsArray()
  @ArrayMaxSize(MAX_SIGNATORIES)
  @ValidateNested({ each: true })
  @Type(() => SignatoryDto)
  signatories!: SignatoryDto[];
}

export class TemplateResponse {
  @ApiProperty({ description: '0 for the default template; goes up with every change' }) version!: number;
  @ApiProperty({ enum: DESIGNS }) design!: Design;
  @ApiProperty() primaryColour!: string;
  @ApiProperty() accentColour!: string;
  @ApiProperty() hasLogo!: boolean;
  @ApiProperty({ example: [{ name: 'Dr. Maya Khoury', title: 'Programme Director', hasSignature: false }] })
  signatories!: Array<{ name: string; title: string; hasSignature: boolean }>;

  static from(t: CertificateTemplate): TemplateResponse {
    return {
      version: t.version,
      design: t.design,
      primaryColour: t.primaryColour,
      accentColour: t.accentColour,
      hasLogo: !!t.logo?.length,
      signatories: t.signatories.map((s) => ({ name: s.name, title: s.title, hasSignature: !!s.signature?.length })),
    };
  }
}
