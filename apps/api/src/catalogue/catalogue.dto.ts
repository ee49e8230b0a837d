import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Competency, CompetencyFramework, Organisation, Programme, ProgrammeModule, ProgrammeVersion } from '@app/catalogue';
import type { LocalizedText } from '@app/core';

/** A text in several languages: `en` always, `fr` and `ar` where translated. */
export class LocalizedTextDto {
  @ApiProperty({ example: 'Ethics of AI' }) en!: string;
  @ApiPropertyOptional({ example: "Éthique de l'IA" }) fr?: string;
  @ApiPropertyOptional({ example: 'أخلاقيات الذكاء الاصطناعي' }) ar?: string;
}
const localized = { type: () => LocalizedTextDto };

export class OrganisationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'lb-crdp' }) slug!: string;
  @ApiProperty(localized) name!: LocalizedText;
  @ApiPropertyOptional(localized) description?: LocalizedText;
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() logoUrl?: string;
  @ApiPropertyOptional({ format: 'uuid' }) parentId?: string;
  @ApiProperty({ enum: ['web', 'key'] }) didMethod!: string;

  static from(o: Organisation): OrganisationResponse {
    return {
      id: o.id,
      slug: o.slug,
      name: o.name,
      ...(o.description ? { description: o.description } : {}),
      ...(o.url ? { url: o.url } : {}),
      ...(o.email ? { email: o.email } : {}),
      ...(o.logoUrl ? { logoUrl: o.logoUrl } : {}),
      ...(o.parentId ? { parentId: o.parentId } : {}),
      didMethod: o.didMethod,
    };
  }
}

export class CompetencyResponse {
  @ApiProperty({
    description: 'Stable URI of the competency',
    example: 'http://localhost:3000/frameworks/unesco-ai-cft/competencies/2.1',
  })
  uri!: string;
  @ApiProperty({ example: '2.1' }) code!: string;
  @ApiProperty({ example: 2 }) aspect!: number;
  @ApiProperty(localized) aspectName!: LocalizedText;
  @ApiProperty({ example: 1, description: '1 Acquire, 2 Deepen, 3 Create' }) level!: number;
  @ApiProperty(localized) levelName!: LocalizedText;
  @ApiProperty(localized) name!: LocalizedText;
  @ApiProperty({ description: 'URI of the framework' }) framework!: string;

  static from(c: Competency, frameworkSlug: string, baseUrl: string): CompetencyResponse {
    const framework = `${baseUrl}/frameworks/${frameworkSlug}`;
    return {
      uri: `${framework}/competencies/${c.code}`,
      code: c.code,
      aspect: c.aspect,
      aspectName: c.aspectName,
      level: c.level,
      levelName: c.levelName,
      name: c.name,
      framework,
    };
  }
}

export class FrameworkResponse {
  @ApiProperty() uri!: string;
  @ApiProperty({ example: 'unesco-ai-cft' }) slug!: string;
  @ApiProperty(localized) name!: LocalizedText;
  @ApiProperty({ example: 'UNESCO' }) publisher!: string;
  @ApiProperty({ example: '2024' }) version!: string;
  @ApiPropertyOptional() sourceUrl?: string;
  @ApiPropertyOptional({ type: [CompetencyResponse] }) competencies?: CompetencyResponse[];

  static from(f: CompetencyFramework, baseUrl: string, competencies?: Competency[]): FrameworkResponse {
    return {
      uri: `${baseUrl}/frameworks/${f.slug}`,
      slug: f.slug,
      name: f.name,
      publisher: f.publisher,
      version: f.version,
      ...(f.sourceUrl ? { sourceUrl: f.sourceUrl } : {}),
      ...(competencies ? { competencies: competencies.map((c) => CompetencyResponse.from(c, f.slug, baseUrl)) } : {}),
    };
  }
}

export class ModuleResponse {
  @ApiProperty({ example: 'M1' }) code!: string;
  @ApiProperty(localized) title!: LocalizedText;
  @ApiProperty({ example: 6 }) contactHours!: number;
  @ApiProperty() assessed!: boolean;
  @ApiPropertyOptional() passMark?: number;
  @ApiProperty({ type: [String], description: 'Competency codes the module is aligned to', example: ['2.1'] })
  competencies!: string[];

  static from(m: ProgrammeModule): ModuleResponse {
    return {
      code: m.code,
      title: m.title,
      contactHours: m.contactHours,
      assessed: m.assessed,
      ...(m.passMark !== null ? { passMark: m.passMark } : {}),
      competencies: (m.alignments ?? []).map((a) => a.competency?.code ?? a.competencyId).sort(),
    };
  }
}

export class ProgrammeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: 'teacher-ai-workshop' }) slug!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty(localized) name!: LocalizedText;
  @ApiProperty(localized) description!: LocalizedText;
  @ApiProperty(localized) criteria!: LocalizedText;
  @ApiProperty({ example: 'MicroCredential' }) achievementType!: string;
  @ApiProperty({ example: 40 }) totalContactHours!: number;
  @ApiProperty({ example: 80 }) minAttendancePercent!: number;
  @ApiProperty({ example: 60 }) passMark!: number;
  @ApiPropertyOptional({ example: 36 }) validityMonths?: number;
  @ApiPropertyOptional({ format: 'uuid' }) requiredTrainerProgrammeId?: string;
  @ApiProperty({ enum: ['automatic', 'approval'] }) issuanceMode!: string;
  @ApiProperty({ enum: ['vc+jwt', 'ob3'] }) jwtProfile!: string;
  @ApiProperty({ type: [ModuleResponse] }) modules!: ModuleResponse[];

  static from(p: Programme, v: ProgrammeVersion): ProgrammeResponse {
    const modules = (v.modules ?? []).map((m) => ModuleResponse.from(m));
    return {
      id: p.id,
      organisationId: p.organisationId,
      slug: p.slug,
      version: v.version,
      name: v.name,
      description: v.description,
      criteria: v.criteria,
      achievementType: v.achievementType,
      totalContactHours: modules.reduce((sum, m) => sum + m.contactHours, 0),
      minAttendancePercent: v.minAttendancePercent,
      passMark: v.passMark,
      ...(v.validityMonths !== null ? { validityMonths: v.validityMonths } : {}),
      ...(v.requiredTrainerProgrammeId ? { requiredTrainerProgrammeId: v.requiredTrainerProgrammeId } : {}),
      issuanceMode: v.issuanceMode,
      jwtProfile: v.jwtProfile,
      modules,
    };
  }
}
