import { describe, expect, it } from 'vitest';
import { spreadFormula } from '../../../src/renderer/components/Panels';

describe('spread panel formula', () => {
  it('names the spread of each definition', () => {
    expect(spreadFormula({ spreadMode: 'raw', hedge: 'ols' })).toBe('y − α − β·x');
    expect(spreadFormula({ spreadMode: 'log', hedge: 'theil-sen' })).toBe('ln y − α − β·ln x, Theil–Sen');
    expect(spreadFormula({ spreadMode: 'log', hedge: 'kalman' })).toBe('ln y − (α + β·ln x), Kalman');
    expect(spreadFormula({ spreadMode: 'ratio', hedge: 'kalman' })).toBe('ln y − ln x');
  });
});
