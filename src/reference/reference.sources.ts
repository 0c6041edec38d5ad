import { fileURLToPath } from 'node:url';

export const REFERENCE_DIR = fileURLToPath(new URL('../../reference', import.meta.url));

export type ReferenceSource = {
  id: string;
  title: string;
  publisher: string;
  files: string[];
  licence: { name: string; url: string };
  attribution: string;
  url: string;
  notes?: string;
};

const OGL = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
};

/** Every dataset the API serves, with the attribution its licence requires (see reference/README.md). */
export const REFERENCE_SOURCES: readonly ReferenceSource[] = [
  {
    id: 'ons-geography-2023',
    title: 'Ward to Local Authority District to County to Region to Country (May 2023) Lookup in United Kingdom',
    publisher: 'Office for National Statistics',
    files: ['ons-countries-2023.csv', 'ons-regions-2023.csv', 'ons-lad-2023.csv', 'ons-wards-2023.csv'],
    licence: OGL,
    attribution:
      'Adapted from data from the Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right 2023.',
    url: 'https://geoportal.statistics.gov.uk/',
    notes: 'Area codes and names use the 2023 vintage (LAD23, WD23, RGN23, CTRY23).',
  },
  {
    id: 'ons-mye-mid2022',
    title: 'Population estimates for the UK, England, Wales, Scotland and Northern Ireland: mid-2022',
    publisher: 'Office for National Statistics',
    files: ['ons-mye-mid2022-population.csv'],
    licence: OGL,
    attribution:
      'Adapted from data from the Office for National Statistics licensed under the Open Government Licence v.3.0 (Mid-year population estimates, mid-2022, released 26 March 2024).',
    url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland',
    notes: 'Estimates on April 2023 boundaries; available for countries, regions and local authority districts, not wards.',
  },
  {
    id: 'openactive-activity-list',
    title: 'OpenActive Activity List',
    publisher: 'OpenActive',
    files: ['openactive-activity-list.csv'],
    licence: { name: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    attribution:
      'OpenActive Activity List, © OpenActive, https://www.openactive.io/activity-list/, licensed under CC BY 4.0. CSV rendering derived from the original JSON-LD.',
    url: 'https://www.openactive.io/activity-list/',
  },
  {
    id: 'active-lives-fingertips',
    title: 'Physical activity: percentage of physically active and inactive adults (Active Lives Adult Survey)',
    publisher: 'Office for Health Improvement and Disparities (Fingertips), from Sport England Active Lives',
    files: ['active-lives-adults-physical-activity-lad.csv'],
    licence: OGL,
    attribution:
      'Contains public sector information licensed under the Open Government Licence v3.0. Source: Office for Health Improvement and Disparities, Fingertips Physical Activity profile (indicators 93014, 93015); data from Sport England Active Lives Adult Survey.',
    url: 'https://fingertips.phe.org.uk/profile/physical-activity',
    notes: 'Adults aged 19+. Active: at least 150 minutes of moderate-intensity equivalent activity a week; inactive: under 30 minutes. England and local authority districts, 2015/16 onwards.',
  },
  {
    id: 'dcms-participation-survey',
    title: 'Participation Survey 2023-24: engagement with culture and heritage',
    publisher: 'Department for Culture, Media and Sport, via ONS Explore Local Statistics',
    files: ['dcms-participation-survey-2023-24-engagement.csv'],
    licence: OGL,
    attribution:
      'Source: Department for Culture, Media and Sport, Participation Survey 2023–24, via ONS Explore Local Statistics; licensed under the Open Government Licence v3.0.',
    url: 'https://www.gov.uk/government/collections/participation-survey-statistical-releases',
    notes: 'Adults aged 16+ in England who, in the last 12 months, engaged with the arts in person, visited a heritage site, a museum or gallery, or a public library. With 95% confidence intervals.',
  },
  {
    id: 'ons-mye-mid2022-age5',
    title: 'Population estimates mid-2022 by sex and 5-year age band',
    publisher: 'Office for National Statistics',
    files: ['ons-mye-mid2022-population-age5.csv'],
    licence: OGL,
    attribution:
      'Adapted from data from the Office for National Statistics licensed under the Open Government Licence v.3.0 (Mid-year population estimates, mid-2022, released 26 March 2024).',
    url: 'https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland',
    notes: 'Persons, females and males in 19 five-year age bands (0-4 to 90+); the denominators of rates by age band and sex.',
  },
  {
    id: 'ons-lad-2023-boundaries',
    title: 'Local Authority Districts (May 2023) Boundaries UK BGC',
    publisher: 'Office for National Statistics',
    files: ['ons-lad-2023-boundaries-bgc.topojson'],
    licence: OGL,
    attribution:
      'Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right 2023.',
    url: 'https://geoportal.statistics.gov.uk/',
    notes: 'Generalised (20 m), clipped to the coastline; as TopoJSON. Used to draw maps of districts.',
  },
  {
    id: 'mhclg-imd2019',
    title: 'English Indices of Deprivation 2019: local authority district summaries',
    publisher: 'Ministry of Housing, Communities and Local Government',
    files: ['mhclg-imd2019-lad2019-summaries.csv'],
    licence: OGL,
    attribution:
      'Contains public sector information licensed under the Open Government Licence v3.0 (MHCLG, English Indices of Deprivation 2019).',
    url: 'https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019',
    notes: 'April 2019 districts, England only: districts created since (North Yorkshire, Cumberland, Somerset...) have no figure.',
  },
  {
    id: 'local-activities',
    title: 'Local list of community (non-sport) activities',
    publisher: 'Participation API contributors',
    files: ['local-activities.csv'],
    licence: { name: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    attribution: 'Local activity list, Participation API contributors, licensed under CC BY 4.0.',
    url: 'https://creativecommons.org/licenses/by/4.0/',
  },
];
