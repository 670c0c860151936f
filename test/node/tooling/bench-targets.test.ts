// The bench table's verdicts (bench/targets.ts): a target counts as met only
// when the whole 95 % interval is on the right side of it, so a noisy run
// cannot print "met" on a lucky median.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizePairs } from '../../../bench/stats.js';
import { judgeCeiling, judgeRatio } from '../../../bench/targets.js';

describe('bench verdicts', () => {
  test('a time at most 1.05× the baseline: met, missed or unclear by where the interval lies', () => {
    const judge = (low: number, high: number) => judgeRatio({ better: 'lower', ratioCI95: [low, high] }, 1.05);
    assert.deepEqual(judge(0.9, 1.04), { target: '≤ 1.05×', verdict: 'met' });
    assert.equal(judge(0.9, 1.05).verdict, 'met', 'the limit itself is allowed');
    assert.equal(judge(1.06, 1.3).verdict, 'missed');
    assert.equal(judge(1.0, 1.1).verdict, 'unclear', 'a median under the target is not enough');
  });

  test('a rate at least 0.5× the baseline reads the interval the other way', () => {
    const judge = (low: number, high: number) => judgeRatio({ better: 'higher', ratioCI95: [low, high] }, 0.5);
    assert.deepEqual(judge(0.5, 0.7), { target: '≥ 0.5×', verdict: 'met' });
    assert.equal(judge(0.3, 0.49).verdict, 'missed');
    assert.equal(judge(0.45, 0.55).verdict, 'unclear');
  });

  test('judged from real pairs: a candidate clearly slower misses, one clearly faster meets', () => {
    const baseline = [100, 102, 98, 101, 99, 100, 103, 97];
    const slower = summarizePairs(
      baseline.map((b) => b * 1.3),
      baseline,
      { unit: 'ms', better: 'lower' },
    );
    const faster = summarizePairs(
      baseline.map((b) => b * 0.7),
      baseline,
      { unit: 'ms', better: 'lower' },
    );
    assert.equal(judgeRatio(slower, 1.05).verdict, 'missed');
    assert.equal(judgeRatio(faster, 0.8).verdict, 'met');
  });

  test('a ceiling on a figure of its own: the measured value is shown beside the verdict', () => {
    const us = (value: number) => `${value.toFixed(0)} µs CPU added`;
    assert.deepEqual(judgeCeiling(74.4, 100, us), { target: '≤ 100 µs CPU added', verdict: 'met', measured: '74 µs CPU added' });
    assert.equal(judgeCeiling(100, 100, us).verdict, 'met');
    assert.equal(judgeCeiling(127, 100, us).verdict, 'missed');
  });
});
