import { z } from 'zod';
import type { CsvColumn } from '../../http/csv.js';
import { Format } from '../../http/responses.js';
import { AreaRef } from '../areas/areas.schemas.js';

export const Benchmark = z
  .object({
    area: AreaRef.describe('The area the indicator was published for: the requested area, or its nearest containing area that has one'),
    source: z.string().describe('Id of the source in `/v1/meta`'),
    indicatorId: z
      .string()
      .describe(
        'Stable id: `active-adults`, `inactive-adults`, `engaged-with-arts`, `visited-heritage-site`, `visited-museum-or-gallery`, `visited-public-library`',
      ),
    indicator: z.string().describe('What the value measures, as published'),
    period: z.string().describe('Survey year, April to March, e.g. `2024/25`'),
    value: z.number().describe('The published value, in `unit`'),
    unit: z.string().describe('`%`: percentage of adults'),
    lowerCi: z.number().nullable().describe('Lower bound of the 95% confidence interval where published, otherwise null'),
    upperCi: z.number().nullable().describe('Upper bound of the 95% confidence interval where published, otherwise null'),
    comparedToEngland: z.string().nullable().describe('Significance against England as published (`Better`, `Similar`, `Worse`), or null'),
  })
  .meta({ id: 'Benchmark' });
export type Benchmark = z.infer<typeof Benchmark>;

export const BenchmarkSource = z
  .object({
    id: z.string(),
    title: z.string(),
    licence: z.object({ name: z.string(), url: z.string() }),
    attribution: z.string(),
    url: z.string(),
  })
  .meta({ id: 'BenchmarkSource' });

export const BenchmarkList = z
  .object({
    area: AreaRef.describe('The area asked about'),
    data: z.array(Benchmark).max(1000),
    sources: z.array(BenchmarkSource).describe('Sources of the rows, with the attribution to repeat when republishing'),
  })
  .meta({ id: 'BenchmarkList' });

export const BenchmarksQuery = z.object({
  indicator: z
    .string()
    .max(40)
    .regex(/^[a-z-]{1,40}$/)
    .optional()
    .describe('Only this indicator id'),
  latest: z.enum(['true', 'false']).optional().describe('`true`: only the most recent period of each indicator'),
  format: Format,
});

export const BENCHMARK_CSV: CsvColumn<Benchmark>[] = [
  { header: 'area_code', value: (b) => b.area.code },
  { header: 'area_name', value: (b) => b.area.name },
  { header: 'source', value: (b) => b.source },
  { header: 'indicator_id', value: (b) => b.indicatorId },
  { header: 'indicator', value: (b) => b.indicator },
  { header: 'period', value: (b) => b.period },
  { header: 'value', value: (b) => b.value },
  { header: 'unit', value: (b) => b.unit },
  { header: 'lower_ci', value: (b) => b.lowerCi },
  { header: 'upper_ci', value: (b) => b.upperCi },
  { header: 'compared_to_england', value: (b) => b.comparedToEngland },
];
