// The benchmarks module's public surface for other modules (area profiles set them beside England).
export { listBenchmarks } from './benchmarks.queries.js';
