import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { AreaType } from '../db/schema/areas.js';
import { REFERENCE_DIR, REFERENCE_SOURCES } from './reference.sources.js';

export type AreaRow = { code: string; name: string; nameWelsh: string | null; type: AreaType; parentCode: string | null; vintage: string };
export type PopulationRow = { areaCode: string; year: number; total: number; age0to15: number; age16to64: number; age65plus: number; source: string };
export type ActivityRow = {
  id: string;
  label: string;
  definition: string | null;
  uri: string | null;
  openactiveId: string | null;
  altLabels: string[];
  source: 'openactive' | 'local';
  parents: string[];
};

export type BenchmarkRow = {
  areaCode: string;
  source: string;
  indicatorId: string;
  indicator: string;
  period: string;
  value: number;
  unit: string;
  lowerCi: number | null;
  upperCi: number | null;
  comparedToEngland: string | null;
};

export type ReferenceData = {
  checksum: string;
  areas: AreaRow[];
  populations: PopulationRow[];
  activities: ActivityRow[];
  benchmarks: BenchmarkRow[];
};

type CsvRow = Record<string, string>;

function readCsv(file: string): CsvRow[] {
  return parse<CsvRow>(readFileSync(join(REFERENCE_DIR, file)), { columns: true, skip_empty_lines: true, bom: true });
}

const blankToNull = (value: string | undefined) => (value ? value : null);
const list = (value: string | undefined) => (value ? value.split(';').map((s) => s.trim()).filter(Boolean) : []);

function readAreas(): AreaRow[] {
  const vintage = '2023';
  const countries = readCsv('ons-countries-2023.csv').map((r): AreaRow => ({
    code: r.ctry_code!, name: r.ctry_name!, nameWelsh: blankToNull(r.ctry_name_welsh), type: 'country', parentCode: null, vintage,
  }));
  const regions = readCsv('ons-regions-2023.csv').map((r): AreaRow => ({
    code: r.rgn_code!, name: r.rgn_name!, nameWelsh: null, type: 'region', parentCode: r.ctry_code!, vintage,
  }));
  const lads = readCsv('ons-lad-2023.csv').map((r): AreaRow => ({
    code: r.lad_code!, name: r.lad_name!, nameWelsh: blankToNull(r.lad_name_welsh), type: 'lad', parentCode: r.parent_code!, vintage,
  }));
  const wards = readCsv('ons-wards-2023.csv').map((r): AreaRow => ({
    code: r.wd_code!, name: r.wd_name!, nameWelsh: blankToNull(r.wd_name_welsh), type: 'ward', parentCode: r.lad_code!, vintage,
  }));
  // Parents before children, so each batch satisfies the self-referencing foreign key.
  return [...countries, ...regions, ...lads, ...wards];
}

function readPopulations(areaCodes: Set<string>): PopulationRow[] {
  return readCsv('ons-mye-mid2022-population.csv')
    .filter((r) => areaCodes.has(r.area_code!))
    .map((r) => ({
      areaCode: r.area_code!,
      year: 2022,
      total: Number(r.persons_all_ages),
      age0to15: Number(r.persons_0_15),
      age16to64: Number(r.persons_16_64),
      age65plus: Number(r.persons_65_plus),
      source: 'ons-mye-mid2022',
    }));
}

function readActivities(): ActivityRow[] {
  const openactive = readCsv('openactive-activity-list.csv');
  const notationById = new Map(openactive.map((r) => [r.id!, r.notation!]));
  const fromOpenActive = openactive.map((r): ActivityRow => ({
    id: r.notation!,
    label: r.prefLabel!,
    definition: blankToNull(r.definition),
    uri: r.uri!,
    openactiveId: r.id!,
    altLabels: list(r.altLabels),
    source: 'openactive',
    parents: list(r.broader).map((uuid) => {
      const parent = notationById.get(uuid);
      if (!parent) throw new Error(`OpenActive concept ${r.id} names an unknown parent ${uuid}`);
      return parent;
    }),
  }));
  const local = readCsv('local-activities.csv').map((r): ActivityRow => ({
    id: r.id!, label: r.label!, definition: blankToNull(r.definition), uri: null, openactiveId: null, altLabels: [], source: 'local', parents: list(r.parents),
  }));
  const ids = new Set(fromOpenActive.map((a) => a.id));
  const clash = local.find((a) => ids.has(a.id));
  if (clash) throw new Error(`Local activity ${clash.id} clashes with an OpenActive notation`);
  return [...fromOpenActive, ...local];
}

const numberOrNull = (value: string | undefined) => (value ? Number(value) : null);

/** Rows for areas this service knows (older district codes and ITL regions are left out). */
function readActiveLives(areaCodes: Set<string>): BenchmarkRow[] {
  return readCsv('active-lives-adults-physical-activity-lad.csv')
    .filter((r) => areaCodes.has(r.area_code!) && r.value_percent)
    .map((r) => ({
      areaCode: r.area_code!,
      source: 'active-lives-fingertips',
      indicatorId: r.fingertips_indicator_id === '93014' ? 'active-adults' : 'inactive-adults',
      indicator: r.indicator!,
      period: r.period!,
      value: Number(r.value_percent),
      unit: '%',
      lowerCi: null,
      upperCi: null,
      comparedToEngland: blankToNull(r.compared_to_england),
    }));
}

const DCMS_INDICATORS: Record<string, string> = {
  'Engaged with the arts': 'engaged-with-arts',
  'Visited a heritage site': 'visited-heritage-site',
  'Visited a museum or gallery': 'visited-museum-or-gallery',
  'Visited a public library': 'visited-public-library',
};

function readDcms(areaCodes: Set<string>): BenchmarkRow[] {
  return readCsv('dcms-participation-survey-2023-24-engagement.csv')
    .filter((r) => areaCodes.has(r.areacd!) && r.observation && DCMS_INDICATORS[r.indicator!])
    .map((r) => {
      // `2023-04-01/P1Y` is the financial year April 2023 to March 2024, written `2023/24` like Active Lives.
      const year = Number(r.period!.slice(0, 4));
      return {
        areaCode: r.areacd!,
        source: 'dcms-participation-survey',
        indicatorId: DCMS_INDICATORS[r.indicator!]!,
        indicator: `Percentage of adults who ${r.indicator!.charAt(0).toLowerCase()}${r.indicator!.slice(1)} in the last 12 months`,
        period: `${year}/${String((year + 1) % 100).padStart(2, '0')}`,
        value: Number(r.observation),
        unit: '%',
        lowerCi: numberOrNull(r.lci_95),
        upperCi: numberOrNull(r.uci_95),
        comparedToEngland: null,
      };
    });
}

/** One checksum over every shipped reference file, names and bytes, without parsing them. */
export function referenceChecksum(): string {
  const hash = createHash('sha256');
  for (const file of REFERENCE_SOURCES.flatMap((s) => s.files).sort()) {
    hash.update(file).update(readFileSync(join(REFERENCE_DIR, file)));
  }
  return hash.digest('hex');
}

/** Reads and checks every shipped reference file; the checksum covers all of them. */
export function readReferenceData(): ReferenceData {
  const areas = readAreas();
  const codes = new Set(areas.map((a) => a.code));
  return {
    checksum: referenceChecksum(),
    areas,
    populations: readPopulations(codes),
    activities: readActivities(),
    benchmarks: [...readActiveLives(codes), ...readDcms(codes)],
  };
}
