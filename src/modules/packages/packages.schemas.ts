import { z } from 'zod';
import { ReleaseParams } from '../releases/releases.schemas.js';
import { PACKAGE_FILES } from './packages.service.js';

export { ReleaseParams };

const TableSchemaField = z.looseObject({
  name: z.string(),
  type: z.string().describe('Table Schema type: string, integer, number or boolean'),
  description: z.string(),
});

export const DataPackage = z
  .looseObject({
    $schema: z.string().describe('The Data Package profile the descriptor follows'),
    name: z.string(),
    id: z.string().describe('The release URL'),
    title: z.string(),
    version: z.string().describe('The release number'),
    created: z.string().describe('ISO 8601 time of publication'),
    licenses: z.array(z.looseObject({ name: z.string(), path: z.string() })),
    sources: z.array(z.looseObject({ title: z.string() })),
    contributors: z.array(z.looseObject({ title: z.string() })),
    disclosure: z.looseObject({ method: z.string() }).describe("The release's disclosure policy, as `GET /v1/releases/{id}` gives it"),
    resources: z.array(
      z.looseObject({
        name: z.string(),
        path: z.string().describe('Relative to this descriptor: `data/published.csv` is `/v1/releases/{id}/data/published.csv`'),
        schema: z.looseObject({
          fields: z.array(TableSchemaField),
          missingValues: z.array(z.string()).describe('`[c]` suppressed, `[x]` not reported by every organisation, and empty'),
          primaryKey: z.array(z.string()),
        }),
      }),
    ),
  })
  .describe('A Frictionless Data Package (v2) descriptor')
  .meta({ id: 'DataPackage' });

export const CsvwMetadata = z
  .looseObject({
    '@context': z.array(z.unknown()),
    '@type': z.literal('TableGroup'),
    null: z.array(z.string()).describe('Cells that mean "no value": empty, `[c]` and `[x]`'),
    tables: z.array(
      z.looseObject({ url: z.string(), tableSchema: z.looseObject({ columns: z.array(z.looseObject({ name: z.string() })) }) }),
    ),
  })
  .describe('CSV on the Web (W3C) metadata for the tables of a release')
  .meta({ id: 'CsvwMetadata' });

export const PackageFileParams = ReleaseParams.extend({
  file: z.enum(PACKAGE_FILES).describe('One of the tables the package describes'),
});
