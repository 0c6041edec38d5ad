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

export type ReferenceData = { checksum: string; areas: AreaRow[]; populations: PopulationRow[]; activities: ActivityRow[] };

type CsvRow = Record<string, string>;

function readCsv(file: string): CsvRow[] {
  return parse(readFileSync(join(REFERENCE_DIR, file)), { columns: true, skip_empty_lines: true, bom: true }) as CsvRow[];
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

/** Reads and checks every shipped reference file; the checksum covers all of them. */
export function readReferenceData(): ReferenceData {
  const hash = createHash('sha256');
  for (const file of REFERENCE_SOURCES.flatMap((s) => s.files).sort()) {
    hash.update(file).update(readFileSync(join(REFERENCE_DIR, file)));
  }
  const areas = readAreas();
  return {
    checksum: hash.digest('hex'),
    areas,
    populations: readPopulations(new Set(areas.map((a) => a.code))),
    activities: readActivities(),
  };
}
