// What every published answer carries, whichever module builds it: the licence, the attribution
// the sources' licences require, and the notes that keep the numbers from being misread.

export const LICENCE = { name: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' };
export const ATTRIBUTION =
  'Participation API: figures reported by community organisations, published with disclosure control. Rates use ONS mid-year population estimates, adapted from data from the Office for National Statistics licensed under the Open Government Licence v.3.0.';

export const TOTALS_NOTE = 'Totals sum what organisations reported: a person who takes part with two groups counts twice.';
export const DEMO_NOTE = 'DEMONSTRATION DATA: this release holds generated figures from fictional organisations. Do not cite it.';

/**
 * Every citation and ready-to-paste sentence read from a demonstration release says so itself: it is
 * pasted where neither the notes nor the page's warning follow it.
 */
export const citable = (text: string, isDemo: boolean) => (isDemo ? `${text} (Demonstration data: do not cite.)` : text);
