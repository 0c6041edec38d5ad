import { z } from 'zod';
import type { CsvColumn } from '../../http/csv.js';
import { SearchText } from '../../http/text.js';
import { Format, listOf, Pagination } from '../../http/responses.js';

export const AreaType = z
  .enum(['country', 'region', 'lad', 'ward'])
  .meta({ id: 'AreaType', description: 'country, region (English regions), lad (local authority district) or ward' });

export const AreaCode = z
  .string()
  .length(9)
  .regex(/^[A-Z][0-9]{8}$/, 'must be a 9-character ONS GSS code such as E08000035')
  .describe('ONS GSS code, e.g. `E08000035` (Leeds)')
  .meta({ examples: ['E08000035', 'E05011385', 'E12000003', 'E92000001', 'W06000015'] });

export const Area = z
  .object({
    code: AreaCode,
    name: z.string().describe('Official name'),
    nameWelsh: z.string().nullable().describe('Welsh name where ONS publishes one, otherwise null'),
    type: AreaType,
    parentCode: AreaCode.nullable().describe('Code of the containing area; null for a country'),
    vintage: z.string().describe('Boundary vintage of the code, e.g. `2023`'),
  })
  .meta({ id: 'Area' });
export type Area = z.infer<typeof Area>;

export const AreaRef = z.object({ code: AreaCode, name: z.string(), type: AreaType }).meta({ id: 'AreaRef' });

export const Population = z
  .object({
    year: z.number().int().describe('Reference year of the mid-year estimate (30 June)'),
    total: z.number().int().describe('All persons'),
    age0to15: z.number().int().describe('Persons aged 0 to 15'),
    age16to64: z.number().int().describe('Persons aged 16 to 64'),
    age65plus: z.number().int().describe('Persons aged 65 and over'),
    source: z.string().describe('Id of the source in `/v1/meta`'),
  })
  .meta({ id: 'Population' });

export const AreaDetail = Area.extend({
  ancestors: z.array(AreaRef).describe('Containing areas, nearest first, up to the country'),
  population: Population.nullable().describe('Latest population estimate; null where none is published (wards)'),
}).meta({ id: 'AreaDetail' });

export const AreaList = listOf(Area, 'AreaList');

export const ListAreasQuery = z.object({
  type: AreaType.optional().describe('Only areas of this type'),
  parent: AreaCode.optional().describe('Only the direct children of this area'),
  q: SearchText.optional().describe('Text in the name (English or Welsh), or the start of the code'),
  ...Pagination,
  format: Format,
});
export type ListAreasQuery = z.infer<typeof ListAreasQuery>;

export const ChildrenQuery = z.object({ ...Pagination, format: Format });

export const AreaParams = z.object({ code: AreaCode });

export const AREA_CSV: CsvColumn<Area>[] = [
  { header: 'code', value: (a) => a.code },
  { header: 'name', value: (a) => a.name },
  { header: 'name_welsh', value: (a) => a.nameWelsh },
  { header: 'type', value: (a) => a.type },
  { header: 'parent_code', value: (a) => a.parentCode },
  { header: 'vintage', value: (a) => a.vintage },
];
