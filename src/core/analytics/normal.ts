/**
 * Standard normal CDF to double precision (W. J. Cody's rational approximations of erf /
 * erfc, as used by most libms): the MacKinnon p-values are Φ(polynomial), and we want
 * them to agree with scipy's `norm.cdf` far below the 1e-4 tolerance.
 */

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
  0.0163153871373020978,
];
const Q = [
  2.56852019228982242, 1.87295284992346725, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185,
];
const SQRPI = 0.56418958354775628695; // 1/sqrt(pi)

/** Cody's erfc for x >= 0.5 region and erf for small |x|; returns erfc(x). */
export function erfc(x: number): number {
  const ax = Math.abs(x);
  let result: number;
  if (ax <= 0.46875) {
    const ysq = ax > 1.11e-16 ? ax * ax : 0;
    let xnum = A[4] * ysq;
    let xden = ysq;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]) * ysq;
      xden = (xden + B[i]) * ysq;
    }
    const erfv = (x * (xnum + A[3])) / (xden + B[3]);
    return 1 - erfv;
  } else if (ax <= 4) {
    let xnum = C[8] * ax;
    let xden = ax;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * ax;
      xden = (xden + D[i]) * ax;
    }
    result = (xnum + C[7]) / (xden + D[7]);
    const ysq = Math.trunc(ax * 16) / 16;
    const del = (ax - ysq) * (ax + ysq);
    result = Math.exp(-ysq * ysq) * Math.exp(-del) * result;
  } else {
    if (ax >= 26.543) {
      result = 0;
    } else {
      const ysq = 1 / (ax * ax);
      let xnum = P[5] * ysq;
      let xden = ysq;
      for (let i = 0; i < 4; i++) {
        xnum = (xnum + P[i]) * ysq;
        xden = (xden + Q[i]) * ysq;
      }
      result = (ysq * (xnum + P[4])) / (xden + Q[4]);
      result = (SQRPI - result) / ax;
      const ysq2 = Math.trunc(ax * 16) / 16;
      const del = (ax - ysq2) * (ax + ysq2);
      result = Math.exp(-ysq2 * ysq2) * Math.exp(-del) * result;
    }
  }
  return x < 0 ? 2 - result : result;
}

/** Φ(z) = erfc(−z/√2)/2. */
export function normCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return 0.5 * erfc(-z / Math.SQRT2);
}
