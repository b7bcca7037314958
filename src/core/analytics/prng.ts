/** Seeded pseudo-random numbers for benchmarks and synthetic series: one implementation,
 * shared with the demo simulation, so a seed means the same stream everywhere. */
export { gaussian, mulberry32 } from '../sim/prng';
