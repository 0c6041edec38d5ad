// The tables of a release package: their CSV columns and their Table Schema, written once so the
// Data Package, the CSV on the Web metadata and the files themselves cannot disagree.
import type { CsvColumn } from '../../http/csv.js';
import type { PublishedRow, ReleaseRow } from '../releases/releases.service.js';
import { publishedCsv } from '../releases/releases.schemas.js';
import type { PackageActivityRow, PackageAreaRow } from './packages.queries.js';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean';
export type Field = { name: string; type: FieldType; description: string; required?: boolean; enum?: string[] };
export type ForeignKey = { fields: string; resource: string; resourceFields: string };
export type PackageTable = {
  name: string;
  path: string;
  title: string;
  description: string;
  fields: Field[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
};

/** Missing-value markers: an empty cell, a suppressed count ([c]) and a measure not reported by every organisation ([x]). */
export const MISSING_VALUES = ['', '[c]', '[x]'];
export const ALL_ACTIVITIES = { id: 'all', label: 'All activities' };

const count = (name: string, what: string): Field => ({
  name,
  type: 'integer',
  description: `${what}, as published: [c] when suppressed by disclosure control, [x] when not every organisation reported it, empty on organisation rows`,
});

export const PUBLISHED: PackageTable = {
  name: 'published',
  path: 'data/published.csv',
  title: 'The published table',
  description:
    'Totals, not-attributed rows and the per-organisation breakdown of every area, activity and period of the release, with disclosure control applied.',
  fields: [
    { name: 'release', type: 'integer', description: 'Release number', required: true },
    { name: 'demo', type: 'boolean', description: 'True when the release holds demonstration data', required: true },
    { name: 'period', type: 'string', description: '2025 (calendar year), 2025-26 (financial year), 2025-Q3 or 2025-09', required: true },
    { name: 'area_code', type: 'string', description: 'ONS GSS area code', required: true },
    { name: 'area_name', type: 'string', description: 'Area name', required: true },
    { name: 'activity_id', type: 'string', description: 'Activity id; `all` for all activities', required: true },
    {
      name: 'row',
      type: 'string',
      description:
        '`total` of the area; `not-attributed`: reported for the area itself, not a child; `organisation`; `other` organisations',
      required: true,
      enum: ['total', 'not-attributed', 'organisation', 'other'],
    },
    { name: 'organisation_id', type: 'string', description: 'Named organisation id; empty on other rows' },
    { name: 'organisation_name', type: 'string', description: 'Named organisation name at publication; empty on other rows' },
    count('participants', 'Participants'),
    count('attendances', 'Attendances'),
    count('sessions', 'Sessions'),
    count('volunteers', 'Volunteers'),
    { name: 'organisations', type: 'integer', description: 'Organisations that reported', required: true },
    { name: 'population', type: 'integer', description: 'ONS mid-year population estimate; empty where there is none' },
    { name: 'per_1000', type: 'number', description: 'Published participants per 1,000 residents' },
    {
      name: 'share',
      type: 'number',
      description: 'Fraction of the total (0 to 1) on organisation rows; empty when either side is suppressed',
    },
    { name: 'rank', type: 'integer', description: '1 for the largest named organisation' },
  ],
  primaryKey: ['period', 'area_code', 'activity_id', 'row', 'organisation_id'],
  foreignKeys: [
    { fields: 'area_code', resource: 'areas', resourceFields: 'code' },
    { fields: 'activity_id', resource: 'activities', resourceFields: 'id' },
  ],
};

export const AREAS: PackageTable = {
  name: 'areas',
  path: 'data/areas.csv',
  title: 'Areas',
  description: 'Every area the release publishes, with its parent (ONS 2023 codes and names).',
  fields: [
    { name: 'code', type: 'string', description: 'ONS GSS area code', required: true },
    { name: 'name', type: 'string', description: 'Area name', required: true },
    {
      name: 'type',
      type: 'string',
      description: 'country, region, lad or ward',
      required: true,
      enum: ['country', 'region', 'lad', 'ward'],
    },
    { name: 'parent_code', type: 'string', description: 'The parent area; empty for a country' },
  ],
  primaryKey: ['code'],
  foreignKeys: [],
};

export const ACTIVITIES: PackageTable = {
  name: 'activities',
  path: 'data/activities.csv',
  title: 'Activities',
  description: 'Every activity the release publishes (OpenActive Activity List ids and local ones), and `all`.',
  fields: [
    { name: 'id', type: 'string', description: 'Activity id', required: true },
    { name: 'label', type: 'string', description: 'Activity name', required: true },
    { name: 'uri', type: 'string', description: 'The concept in the OpenActive Activity List, where it comes from there' },
  ],
  primaryKey: ['id'],
  foreignKeys: [],
};

export const PACKAGE_TABLES = [PUBLISHED, AREAS, ACTIVITIES] as const;

export const areaColumns: CsvColumn<PackageAreaRow>[] = [
  { header: 'code', value: (r) => r.code },
  { header: 'name', value: (r) => r.name },
  { header: 'type', value: (r) => r.type },
  { header: 'parent_code', value: (r) => r.parent_code },
];

export const activityColumns: CsvColumn<PackageActivityRow>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'label', value: (r) => r.label },
  { header: 'uri', value: (r) => r.uri },
];

export const publishedColumns = (release: ReleaseRow): CsvColumn<PublishedRow>[] => publishedCsv(release);
