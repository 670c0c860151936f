// The theming panel: form controls for the element's `--pin-control-*`
// custom properties. Every change is applied at once (CSSOM setProperty,
// which the CSP allows, unlike a style attribute or an inline <style>).
import { h } from './dom.js';

export type Theme = Record<string, string>;

interface Field {
  /** The property name without `--pin-control-`. */
  prop: string;
  label: string;
  kind: 'color' | 'select' | 'range';
  options?: ReadonlyArray<readonly [value: string, label: string]>;
}

const FIELDS: readonly Field[] = [
  { prop: 'accent-color', label: 'Accent', kind: 'color' },
  { prop: 'color', label: 'Text', kind: 'color' },
  { prop: 'background', label: 'Background', kind: 'color' },
  { prop: 'error-color', label: 'Error', kind: 'color' },
  {
    prop: 'font-family',
    label: 'Font',
    kind: 'select',
    options: [
      ['system-ui, sans-serif', 'Sans-serif'],
      ['Georgia, serif', 'Serif'],
      ['ui-monospace, monospace', 'Monospace'],
    ],
  },
  {
    prop: 'font-size',
    label: 'Text size',
    kind: 'select',
    options: [
      ['14px', '14 px'],
      ['16px', '16 px'],
      ['18px', '18 px'],
      ['20px', '20 px'],
    ],
  },
  {
    prop: 'border',
    label: 'Border',
    kind: 'select',
    options: [
      ['1px solid #c9d1df', 'Thin'],
      ['2px solid #1d2b4f', 'Bold'],
      ['none', 'None'],
    ],
  },
  { prop: 'radius', label: 'Corner radius', kind: 'range' },
];

const PRESETS: Readonly<Record<string, Theme>> = {
  Aurora: {
    'accent-color': '#0b6e69',
    color: '#14213d',
    background: '#ffffff',
    'error-color': '#b42318',
    'font-family': 'system-ui, sans-serif',
    'font-size': '16px',
    border: '1px solid #c9d1df',
    radius: '12px',
  },
  Midnight: {
    'accent-color': '#7cc4ff',
    color: '#eef2ff',
    background: '#111a33',
    'error-color': '#ff8a80',
    'font-family': 'system-ui, sans-serif',
    'font-size': '18px',
    border: 'none',
    radius: '20px',
  },
  Paper: {
    'accent-color': '#8a3b12',
    color: '#2b2118',
    background: '#fbf6ec',
    'error-color': '#a4161a',
    'font-family': 'Georgia, serif',
    'font-size': '18px',
    border: '2px solid #1d2b4f',
    radius: '0px',
  },
};

export const DEFAULT_THEME: Theme = { ...PRESETS.Aurora };

/** Sets the theme's custom properties on `element`. */
export function applyTheme(element: HTMLElement, theme: Theme): void {
  for (const [prop, value] of Object.entries(theme)) element.style.setProperty(`--pin-control-${prop}`, value);
}

/** Builds the panel's controls into `form`; calls `onChange` with the whole theme after every change. */
export function startThemingPanel(form: HTMLFormElement, presets: HTMLElement, onChange: (theme: Theme) => void): void {
  const theme: Theme = { ...DEFAULT_THEME };
  // Per property: shows a value in its control (and, for a range, its output).
  const show = new Map<string, (value: string) => void>();

  for (const field of FIELDS) {
    const id = `theme-${field.prop}`;
    const control = controlFor(field, id);
    const output = field.kind === 'range' ? h('output', { attrs: { for: id } }) : null;
    const showValue = (value: string) => {
      control.value = field.kind === 'range' ? String(parseInt(value, 10) || 0) : value;
      if (output) output.textContent = value;
    };
    showValue(theme[field.prop] ?? '');
    control.addEventListener('input', () => {
      const value = field.kind === 'range' ? `${control.value}px` : control.value;
      if (output) output.textContent = value;
      theme[field.prop] = value;
      onChange({ ...theme });
    });
    show.set(field.prop, showValue);
    form.append(h('div', { class: `field field-${field.kind}` }, h('label', { attrs: { for: id }, text: field.label }), control, output));
  }

  for (const [name, preset] of Object.entries(PRESETS)) {
    presets.append(
      h('button', {
        class: 'button button-secondary',
        text: name,
        attrs: { type: 'button', 'data-preset': name },
        on: {
          click: () => {
            Object.assign(theme, preset);
            for (const [prop, value] of Object.entries(preset)) show.get(prop)?.(value);
            onChange({ ...theme });
          },
        },
      }),
    );
  }
  form.addEventListener('submit', (event) => event.preventDefault());
}

function controlFor(field: Field, id: string): HTMLInputElement | HTMLSelectElement {
  if (field.kind === 'select') {
    const select = h('select', { attrs: { id, name: field.prop } });
    for (const [optionValue, label] of field.options ?? []) select.append(h('option', { text: label, attrs: { value: optionValue } }));
    return select;
  }
  const input = h('input', { attrs: { id, name: field.prop, type: field.kind } });
  if (field.kind === 'range') Object.assign(input, { min: '0', max: '24', step: '1' });
  return input;
}
