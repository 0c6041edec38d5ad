/**
 * org-id.guide registers (https://org-id.guide) accepted in `identifiers`, with the form each
 * register's numbers take where it is fixed. A prefix outside this list is refused rather than
 * guessed at, so identifiers stay joinable with other open data (360Giving, IATI).
 */
const ANY = /^[A-Za-z0-9./-]{1,60}$/;

export const ORG_ID_SCHEMES: Record<string, RegExp> = {
  'GB-CHC': /^\d{6,7}(-\d{1,2})?$/, // Charity Commission for England and Wales
  'GB-COH': /^(\d{8}|[A-Z]{2}\d{6})$/, // Companies House
  'GB-SC': /^SC\d{6}$/, // Scottish Charity Regulator
  'GB-NIC': /^\d{5,6}$/, // Charity Commission for Northern Ireland
  'GB-CASC': ANY, // Community amateur sports clubs (HMRC)
  'GB-REV': ANY, // HMRC charity reference
  'GB-EDU': ANY, // Get Information about Schools (England)
  'GB-LAE': ANY, // Local authorities in England
  'GB-LAS': ANY, // Local authorities in Scotland
  'GB-PLA': ANY, // Local authorities in Wales
  'GB-LANI': ANY, // Local authorities in Northern Ireland
  'GB-MPR': ANY, // Mutuals Public Register (co-operatives, community benefit societies)
  'GB-NHS': ANY, // NHS organisations
  'GB-GOR': ANY, // Government organisations register
  'GB-UKPRN': /^\d{8}$/, // UK Register of Learning Providers
  'GB-SHPE': ANY, // Social housing providers (England)
  'GB-SCOTEDU': ANY, // Scottish schools
  'GB-WALEDU': ANY, // Welsh schools
  'GB-NIEDU': ANY, // Northern Ireland schools
  'XI-IATI': ANY, // IATI organisation registry
  'XI-PB': ANY, // Public bodies with no other register
  'XI-GRID': ANY, // Global Research Identifier Database
  'XI-ROR': ANY, // Research Organization Registry
  'XI-LEI': /^[A-Z0-9]{20}$/, // Legal Entity Identifier
};

/** Why `identifier` is not acceptable, or undefined when it is. */
export function identifierProblem(identifier: string): string | undefined {
  const scheme = Object.keys(ORG_ID_SCHEMES).find((s) => identifier.startsWith(`${s}-`));
  if (!scheme) return `uses a register this API does not know; use one of ${Object.keys(ORG_ID_SCHEMES).join(', ')}`;
  const number = identifier.slice(scheme.length + 1);
  return ORG_ID_SCHEMES[scheme]!.test(number) ? undefined : `is not a valid ${scheme} number`;
}
