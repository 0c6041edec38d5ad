// Reference data read from the shipped files into memory on first use, not into the database: the
// district boundaries (2.7 MB of TopoJSON) and the IMD 2019 summaries are read only by area
// profiles, and start-up stays as fast as before. Both files are covered by the reference checksum.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Topology } from 'topojson-specification';
import { REFERENCE_DIR } from './reference.sources.js';

export type Deprivation = {
  /** Average score of the district's neighbourhoods (LSOAs); higher is more deprived. */
  score: number;
  /** Share of the district's neighbourhoods in the most deprived 10% in England, 0 to 1. */
  mostDeprived10: number;
};

let deprivation: Map<string, Deprivation> | undefined;
let boundaries: Topology | undefined;

/** IMD 2019 district summaries by 2019 district code. */
export function deprivationByDistrict(): ReadonlyMap<string, Deprivation> {
  if (!deprivation) {
    const rows = parse<Record<string, string>>(readFileSync(join(REFERENCE_DIR, 'mhclg-imd2019-lad2019-summaries.csv')), {
      columns: true,
      skip_empty_lines: true,
      bom: true,
    });
    deprivation = new Map(rows.map((r) => [r.ltla19_code!, { score: Number(r.Score), mostDeprived10: Number(r.Proportion) }]));
  }
  return deprivation;
}

/** May 2023 district boundaries; one object of 361 geometries with properties LAD23CD and LAD23NM. */
export function districtBoundaries(): Topology {
  boundaries ??= JSON.parse(readFileSync(join(REFERENCE_DIR, 'ons-lad-2023-boundaries-bgc.topojson'), 'utf8')) as Topology;
  return boundaries;
}

let populationsByBand: Map<string, Map<string, number>> | undefined;

/**
 * ONS mid-2022 population of an area by sex (`persons`, `females`, `males`) and 5-year age band
 * (`0-4` … `90+`), keyed `sex|band`; undefined for areas ONS gives none for (wards).
 */
export function populationBySexAndAge(areaCode: string): ReadonlyMap<string, number> | undefined {
  if (!populationsByBand) {
    populationsByBand = new Map();
    const rows = parse<Record<string, string>>(readFileSync(join(REFERENCE_DIR, 'ons-mye-mid2022-population-age5.csv')), {
      columns: true,
      skip_empty_lines: true,
      bom: true,
    });
    for (const r of rows) {
      let area = populationsByBand.get(r.area_code!);
      if (!area) populationsByBand.set(r.area_code!, (area = new Map<string, number>()));
      area.set(`${r.sex}|${r.age_band}`, Number(r.population));
    }
  }
  return populationsByBand.get(areaCode);
}

export const POPULATION_BY_AGE_YEAR = 2022;
