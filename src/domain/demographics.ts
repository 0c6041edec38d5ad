// Who takes part: the age bands and sexes a figure may be broken down by. The age bands are unions
// of the ONS mid-year estimates' 5-year bands, so every band has a matching population.

export const AGE_BANDS = ['0-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'] as const;
export const SEXES = ['female', 'male'] as const;
export const NOT_RECORDED = 'not-recorded';

export type AgeBand = (typeof AGE_BANDS)[number] | typeof NOT_RECORDED;
export type Sex = (typeof SEXES)[number] | typeof NOT_RECORDED;

/** One line of a breakdown, as stored on a figure revision. */
export type Band = { ageBand: AgeBand; sex: Sex; participants: number };

/** The ONS 5-year bands (`0-4` … `90+`) that make up each age band. */
export const ONS_BANDS: Readonly<Record<(typeof AGE_BANDS)[number], readonly string[]>> = {
  '0-14': ['0-4', '5-9', '10-14'],
  '15-24': ['15-19', '20-24'],
  '25-34': ['25-29', '30-34'],
  '35-44': ['35-39', '40-44'],
  '45-54': ['45-49', '50-54'],
  '55-64': ['55-59', '60-64'],
  '65-74': ['65-69', '70-74'],
  '75+': ['75-79', '80-84', '85-89', '90+'],
};

/** ONS writes `females` and `males`. */
export const ONS_SEX: Readonly<Record<(typeof SEXES)[number], string>> = { female: 'females', male: 'males' };
