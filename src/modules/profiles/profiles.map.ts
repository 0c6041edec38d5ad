// A map of districts shaded by rate, as a standalone SVG: d3-geo projects the May 2023 boundaries
// (read with topojson-client), so no drawing code of our own beyond the legend.
import { geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection } from 'topojson-specification';
import { districtBoundaries } from '../../reference/reference.geography.js';

export type MapDistrict = { code: string; name: string; per1000: number | null };
type Props = { LAD23CD: string; LAD23NM: string };

const WIDTH = 600;
const HEIGHT = 640;
const MAP_HEIGHT = 520;
// A sequential palette light to dark (ColorBrewer Blues), readable in grey when printed.
const SHADES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
const NO_FIGURES = '#ffffff';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 1 });

let features: Map<string, Feature<Geometry, Props>> | undefined;
function districtFeatures() {
  if (!features) {
    const topology = districtBoundaries();
    const object = Object.values(topology.objects)[0] as GeometryCollection<Props>;
    const collection = feature<Props>(topology, object);
    features = new Map(collection.features.map((f) => [f.properties.LAD23CD, f]));
  }
  return features;
}

/** Class breaks: equal steps from the lowest to the highest rate, so a legend reads plainly. */
export function classBreaks(rates: number[]): number[] {
  if (rates.length === 0) return [];
  const min = Math.min(...rates);
  const max = Math.max(...rates);
  if (min === max) return [min];
  return SHADES.slice(1).map((_, i) => min + ((max - min) * (i + 1)) / SHADES.length);
}

const shadeOf = (rate: number | null, breaks: number[]) => (rate === null ? NO_FIGURES : SHADES[breaks.filter((b) => rate > b).length]!);

function legendEntries(shown: MapDistrict[], breaks: number[]) {
  const rates = shown.flatMap((d) => (d.per1000 === null ? [] : [d.per1000]));
  if (breaks.length <= 1) return breaks.map((b) => ({ shade: SHADES[0]!, text: fmt(b) }));
  const bounds = [Math.min(...rates), ...breaks, Math.max(...rates)];
  return SHADES.map((shade, i) => ({ shade, text: `${fmt(bounds[i]!)} to ${fmt(bounds[i + 1]!)}` }));
}

export function renderDistrictMap(input: { title: string; caption: string; districts: MapDistrict[] }): string {
  const known = districtFeatures();
  const shown = input.districts.filter((d) => known.has(d.code));
  const collection: FeatureCollection<Geometry, Props> = { type: 'FeatureCollection', features: shown.map((d) => known.get(d.code)!) };
  const projection = geoMercator().fitExtent(
    [
      [10, 40],
      [WIDTH - 10, MAP_HEIGHT],
    ],
    collection,
  );
  const path = geoPath(projection);
  const breaks = classBreaks(shown.flatMap((d) => (d.per1000 === null ? [] : [d.per1000])));
  const shapes = shown.map((d) => {
    const label = `${d.name}: ${d.per1000 === null ? 'no figures' : `${fmt(d.per1000)} per 1,000`}`;
    return `<path d="${path(known.get(d.code)!) ?? ''}" fill="${shadeOf(d.per1000, breaks)}" stroke="#555" stroke-width="0.5"><title>${escape(label)}</title></path>`;
  });
  const legend = legendEntries(shown, breaks).map(
    ({ shade, text }, i) =>
      `<rect x="${20 + i * 112}" y="${MAP_HEIGHT + 20}" width="16" height="16" fill="${shade}" stroke="#555"/><text x="${40 + i * 112}" y="${MAP_HEIGHT + 33}">${escape(text)}</text>`,
  );
  legend.push(
    `<rect x="20" y="${MAP_HEIGHT + 46}" width="16" height="16" fill="${NO_FIGURES}" stroke="#555"/><text x="40" y="${MAP_HEIGHT + 59}">No figures</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="t d" font-family="sans-serif" font-size="12">
<title id="t">${escape(input.title)}</title>
<desc id="d">Districts shaded by participants per 1,000 residents; darker is higher. ${escape(input.caption)}</desc>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="24" font-size="16" font-weight="bold">${escape(input.title)}</text>
<g>${shapes.join('')}</g>
<text x="20" y="${MAP_HEIGHT + 12}" font-weight="bold">Participants per 1,000 residents</text>
${legend.join('\n')}
<text x="10" y="${HEIGHT - 10}" font-size="10">${escape(input.caption)}</text>
</svg>`;
}
