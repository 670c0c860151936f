import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isThemeColor, isThemeFontFamily, isThemeFontSize, sanitizeTheme, themeProperty } from '../../../sandbox/theme.js';

describe('sandbox theme', () => {
  test('keeps plain colors, font families and font sizes', () => {
    const theme = {
      color: '#1b1f24',
      background: 'white',
      'accent-color': 'rgb(10, 88, 202)',
      'error-color': 'hsl(0 70% 40% / 0.9)',
      'font-family': 'Inter, "Helvetica Neue", sans-serif',
      'font-size': '1.125rem',
    };
    assert.deepEqual(sanitizeTheme(theme), theme);
  });

  test('drops unknown keys: the element-only tokens and anything else', () => {
    assert.deepEqual(
      sanitizeTheme({
        width: '10px',
        height: '1px',
        border: '1px solid red',
        radius: '4px',
        'focus-ring': 'red',
        '--x': 'red',
        color: 'red',
      }),
      { color: 'red' },
    );
  });

  test('drops values that could carry more than a color, family or size', () => {
    const hostile = [
      'red; background: url(https://evil.example/x)',
      'url(https://evil.example/x)',
      'var(--secret)',
      'expression(alert(1))',
      'red}body{display:none',
      'red /* comment */',
      'attr(data-pin)',
      'calc(1px + 1px)',
      'image-set("x.png" 1x)',
      '"a"; }',
      'red !important',
      '#12345',
      '',
      'x'.repeat(300),
    ];
    for (const value of hostile) {
      assert.deepEqual(sanitizeTheme({ color: value, 'font-family': value, 'font-size': value }), {}, value);
    }
    assert.deepEqual(sanitizeTheme({ color: 42, 'font-size': { toString: () => '12px' } }), {});
  });

  test('ignores non-objects and inherited keys', () => {
    for (const input of [null, undefined, 'color: red', 42, ['red']]) assert.deepEqual(sanitizeTheme(input), {});
    assert.deepEqual(sanitizeTheme(Object.create({ color: 'red' })), {});
  });

  test('knows its value kinds', () => {
    assert.ok(isThemeColor('#fff') && isThemeColor('#ffffff80') && isThemeColor('transparent') && isThemeColor('oklch(70% 0.1 200)'));
    assert.ok(!isThemeColor('rgb(1,2)') && !isThemeColor('#ggg'));
    assert.ok(isThemeFontSize('16px') && isThemeFontSize('large') && isThemeFontSize('110%'));
    assert.ok(!isThemeFontSize('16') && !isThemeFontSize('-1px') && !isThemeFontSize('1e3px'));
    assert.ok(isThemeFontFamily('system-ui') && isThemeFontFamily("'Open Sans', Arial"));
    assert.ok(!isThemeFontFamily('"Open Sans') && !isThemeFontFamily('a\\62 c'));
    assert.equal(themeProperty('accent-color'), '--pin-control-accent-color');
  });
});
