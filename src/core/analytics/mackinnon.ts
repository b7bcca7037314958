/**
 * MacKinnon's response-surface tables for unit-root and Engle–Granger tests, copied from
 * statsmodels.tsa.adfvalues (published coefficients: MacKinnon 1994 for p-values,
 * MacKinnon 2010 for critical values). Only the constant ('c') and no-deterministic ('n')
 * cases are carried: Tickscope runs ADF with a constant and coint with trend 'c'; the
 * Engle–Granger residual ADF runs with 'n', whose p-value statsmodels computes but ignores.
 * Index 0 is N = 1 (plain ADF), index 1 is N = 2 (two-variable cointegration), etc.
 */
import { normCdf } from './normal';
import type { CriticalValues } from './types';

export type MacKinnonRegression = 'c' | 'n';

const TAU_STAR: Record<MacKinnonRegression, readonly number[]> = {
  n: [-1.04, -1.53, -2.68, -3.09, -3.07, -3.77],
  c: [-1.61, -2.62, -3.13, -3.47, -3.78, -3.93],
};
const TAU_MIN: Record<MacKinnonRegression, readonly number[]> = {
  n: [-19.04, -19.62, -21.21, -23.25, -21.63, -25.74],
  c: [-18.83, -18.86, -23.48, -28.07, -25.96, -23.27],
};
const TAU_MAX: Record<MacKinnonRegression, readonly number[]> = {
  n: [Infinity, 1.51, 0.86, 0.88, 1.05, 1.24],
  c: [2.74, 0.92, 0.55, 0.61, 0.79, 1],
};

// Coefficients in ascending powers, before the scaling statsmodels applies.
const SMALL_SCALING = [1, 1, 1e-2];
const TAU_SMALLP: Record<MacKinnonRegression, readonly (readonly number[])[]> = {
  n: [
    [0.6344, 1.2378, 3.2496],
    [1.9129, 1.3857, 3.5322],
    [2.7648, 1.4502, 3.4186],
    [3.4336, 1.4835, 3.19],
    [4.0999, 1.5533, 3.59],
    [4.5388, 1.5344, 2.9807],
  ],
  c: [
    [2.1659, 1.4412, 3.8269],
    [2.92, 1.5012, 3.9796],
    [3.4699, 1.4856, 3.164],
    [3.9673, 1.4777, 2.6315],
    [4.5509, 1.5338, 2.9545],
    [5.1399, 1.6036, 3.4445],
  ],
};
const LARGE_SCALING = [1, 1e-1, 1e-1, 1e-2];
const TAU_LARGEP: Record<MacKinnonRegression, readonly (readonly number[])[]> = {
  n: [
    [0.4797, 9.3557, -0.6999, 3.3066],
    [1.5578, 8.558, -2.083, -3.3549],
    [2.2268, 6.8093, -3.2362, -5.4448],
    [2.7654, 6.4502, -3.0811, -4.4946],
    [3.2684, 6.8051, -2.6778, -3.4972],
    [3.7268, 7.167, -2.3648, -2.8288],
  ],
  c: [
    [1.7339, 9.3202, -1.2745, -1.0368],
    [2.1945, 6.4695, -2.9198, -4.2377],
    [2.5893, 4.5168, -3.6529, -5.0074],
    [3.0387, 4.5452, -3.3666, -4.1921],
    [3.5049, 5.2098, -2.9158, -3.3468],
    [3.9489, 5.8933, -2.5359, -2.721],
  ],
};

/** MacKinnon (1994) approximate asymptotic p-value of a tau statistic. */
export function mackinnonp(teststat: number, regression: MacKinnonRegression = 'c', N = 1): number {
  const k = N - 1;
  if (k < 0 || k >= TAU_STAR[regression].length)
    throw new RangeError(`MacKinnon p-values exist for N = 1..6, got ${N}`);
  if (teststat > TAU_MAX[regression][k]) return 1;
  if (teststat < TAU_MIN[regression][k]) return 0;
  const small = teststat <= TAU_STAR[regression][k];
  const coef = small ? TAU_SMALLP[regression][k] : TAU_LARGEP[regression][k];
  const scale = small ? SMALL_SCALING : LARGE_SCALING;
  let acc = 0;
  for (let i = coef.length - 1; i >= 0; i--) acc = acc * teststat + coef[i] * scale[i];
  return normCdf(acc);
}

// MacKinnon (2010) critical values: [N−1][1%, 5%, 10%][c0, c1, c2, c3],
// crit = c0 + c1/nobs + c2/nobs² + c3/nobs³.
const TAU_2010: Record<MacKinnonRegression, readonly (readonly (readonly number[])[])[]> = {
  n: [
    [
      [-2.56574, -2.2358, -3.627, 0],
      [-1.941, -0.2686, -3.365, 31.223],
      [-1.61682, 0.2656, -2.714, 25.364],
    ],
  ],
  c: [
    [
      [-3.43035, -6.5393, -16.786, -79.433],
      [-2.86154, -2.8903, -4.234, -40.04],
      [-2.56677, -1.5384, -2.809, 0],
    ],
    [
      [-3.89644, -10.9519, -33.527, 0],
      [-3.33613, -6.1101, -6.823, 0],
      [-3.04445, -4.2412, -2.72, 0],
    ],
    [
      [-4.29374, -14.4354, -33.195, 47.433],
      [-3.74066, -8.5632, -10.852, 27.982],
      [-3.45218, -6.2143, -3.718, 0],
    ],
    [
      [-4.64332, -18.1031, -37.972, 0],
      [-4.096, -11.2349, -11.175, 0],
      [-3.8102, -8.3931, -4.137, 0],
    ],
    [
      [-4.95756, -21.8883, -45.142, 0],
      [-4.41519, -14.0405, -12.575, 0],
      [-4.13157, -10.7417, -3.784, 0],
    ],
    [
      [-5.24568, -25.6688, -57.737, 88.639],
      [-4.70693, -16.9178, -17.492, 60.007],
      [-4.42501, -13.1875, -5.104, 27.877],
    ],
  ],
};

/** MacKinnon (2010) 1 %, 5 %, 10 % critical values for sample size `nobs`
 * (`Infinity` gives the asymptotic values). */
export function mackinnoncrit(N = 1, regression: MacKinnonRegression = 'c', nobs = Infinity): CriticalValues {
  const table = TAU_2010[regression][N - 1];
  if (!table) throw new RangeError(`MacKinnon 2010 critical values for '${regression}' do not cover N = ${N}`);
  const at = (c: readonly number[]): number => {
    if (nobs === Infinity) return c[0];
    const u = 1 / nobs;
    return ((c[3] * u + c[2]) * u + c[1]) * u + c[0];
  };
  return { '1%': at(table[0]), '5%': at(table[1]), '10%': at(table[2]) };
}
