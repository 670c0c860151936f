// `npm run build`'s last step: types for every framework's templates and
// editor data for plain HTML, all generated from dist/custom-elements.json
// (the element's JSDoc), so they cannot drift from the element:
//
//   dist/types/frameworks/pin-control.d.ts  attributes, properties, events
//   dist/types/frameworks/react.d.ts        `pin-control/react`: React 19 JSX IntrinsicElements
//   dist/types/frameworks/vue.d.ts          `pin-control/vue`: Vue 3 GlobalComponents
//   dist/types/frameworks/svelte.d.ts       `pin-control/svelte`: Svelte 5 SvelteHTMLElements
//   dist/types/frameworks/astro.d.ts        `pin-control/astro`: Astro's astroHTML.JSX IntrinsicElements
//   dist/frameworks/{react,vue,svelte,astro}.js  empty modules, so a plain `import 'pin-control/react'` also runs
//   dist/vscode.html-custom-data.json       VS Code's HTML custom data
//   dist/web-types.json                     JetBrains web-types
//
// Event types: the name comes from the manifest; the type is the package's own
// `PinControlEventMap[name]` (what `addEventListener` uses), the manifest's
// `@fires {type}` only for an event the map lacks.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const dist = (path) => new URL(`dist/${path}`, root);
const write = (path, text) => {
  mkdirSync(new URL('.', dist(path)), { recursive: true });
  writeFileSync(dist(path), text);
};

/** Names a template cannot use as an attribute: the frameworks take them for themselves. */
const RESERVED = new Set(['key', 'ref', 'children', 'slot', 'class', 'style', 'is']);
/** Types every file can name without an import. */
const GLOBALS = new Set(['CustomEvent', 'Event', 'Record', 'Partial', 'Promise', 'AbortSignal', 'Array', 'ReadonlyArray']);

const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const manifest = JSON.parse(readFileSync(dist('custom-elements.json'), 'utf8'));
const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement && d.tagName === 'pin-control');
if (!element) throw new Error('dist/custom-elements.json does not declare <pin-control>');
const tag = element.tagName;
const className = element.name;

const nonNull = (text) =>
  text
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== 'null' && part !== 'undefined')
    .join(' | ');
const literals = (text) => {
  const parts = nonNull(text)
    .split('|')
    .map((part) => part.trim());
  return parts.every((part) => /^'[^']*'$/.test(part)) ? parts.map((part) => part.slice(1, -1)) : undefined;
};
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const pascal = (name) => camel(name).replace(/^[a-z]/, (c) => c.toUpperCase());
const doc = (text, indent = '  ') => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\n/g, `\n${indent} * `)} */\n` : '');

const attributes = (element.attributes ?? []).filter((attribute) => {
  if (!RESERVED.has(attribute.name)) return true;
  console.warn(`framework-types: attribute "${attribute.name}" is reserved by React/Vue; it is not typed`);
  return false;
});
const members = element.members ?? [];
const memberOf = (name) => members.find((m) => m.name === name);
const attributeType = (attribute) => {
  const text = attribute.type?.text ?? memberOf(attribute.fieldName)?.type?.text ?? 'string';
  return nonNull(text) || 'string';
};
// In a template, a number attribute also takes its HTML spelling, a numeric
// string (\`retries="2"\` in Svelte or React), not any string.
const templateType = (attribute) => (attributeType(attribute) === 'number' ? 'number | `${number}`' : attributeType(attribute));
const attributeDoc = (attribute) => attribute.description ?? memberOf(attribute.fieldName)?.description ?? '';
// Properties a template sets that have no attribute (functions, objects).
const properties = members.filter(
  (m) => m.kind === 'field' && !m.static && !m.readonly && (m.privacy ?? 'public') === 'public' && !m.attribute,
);
const events = element.events ?? [];
for (const event of events) if (!event.type?.text) throw new Error(`custom-elements.json: event ${event.name} has no type`);

// The package's exported type names, to import the ones the manifest's type texts use.
const indexTypes = readFileSync(dist('types/index.d.ts'), 'utf8');
const exported = new Set([...indexTypes.matchAll(/\b(?:type\s+)?([A-Z]\w*)\b/g)].map((m) => m[1]));
const texts = [...attributes.map(attributeType), ...properties.map((p) => p.type?.text ?? ''), ...events.map((e) => e.type.text)];
const used = new Set(texts.flatMap((text) => [...text.matchAll(/\b[A-Z]\w*\b/g)].map((m) => m[0])));
const unknown = [...used].filter((name) => !exported.has(name) && !GLOBALS.has(name));
if (unknown.length) throw new Error(`custom-elements.json names types the package does not export: ${unknown.join(', ')}`);
const imports = [...new Set([className, 'PinControlEventMap', ...[...used].filter((n) => exported.has(n))])].sort();

const HEADER = `// Generated by scripts/framework-types.mjs from dist/custom-elements.json: do not edit.\n`;

write(
  'types/frameworks/pin-control.d.ts',
  `${HEADER}import type { ${imports.join(', ')} } from '../index.js';

export type { ${className} };

/** \`<${tag}>\`'s attributes as a template writes them (kebab-case). */
export interface PinControlAttributes {
${attributes.map((a) => `${doc(attributeDoc(a))}  '${a.name}'?: ${templateType(a)};`).join('\n')}
}

/** Properties without an attribute: set them with the framework's property binding. */
export interface PinControlProperties {
${properties.map((p) => `${doc(p.description)}  ${p.name}?: ${p.type?.text ?? 'unknown'};`).join('\n')}
}

type EventOf<K extends string, Declared> = K extends keyof PinControlEventMap ? PinControlEventMap[K] : Declared;

/** \`<${tag}>\`'s events by name. */
export interface PinControlEvents {
${events.map((e) => `${doc(e.description)}  '${e.name}': EventOf<'${e.name}', ${e.type.text}>;`).join('\n')}
}
`,
);

const handlerDocs = (event) => doc(`\`${event.name}\`: ${event.description ?? ''}`);

write(
  'types/frameworks/react.d.ts',
  `${HEADER}// React 19 sets a custom element's props as properties when the element has
// one of that name (\`tokenProvider\`, \`messages\`, \`mode\`), as attributes
// otherwise (\`frame-key\`), and adds an \`on<event>\` prop that is no React
// event as a listener for \`<event>\`, case kept: \`onpin-valid\` listens to
// \`pin-valid\`. Server rendering skips function and object props.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ${className}, PinControlAttributes, PinControlEvents, PinControlProperties } from './pin-control.js';

/** \`on<event>\` props: listeners for \`<${tag}>\`'s events. */
export interface PinControlReactEvents {
${events.map((e) => `${handlerDocs(e)}  'on${e.name}'?: (event: PinControlEvents['${e.name}']) => void;`).join('\n')}
}

/** \`<${tag}>\`'s props in React 19 JSX; \`ref\` is the element. */
export type PinControlReactProps = Omit<
  DetailedHTMLProps<HTMLAttributes<${className}>, ${className}>,
  keyof PinControlAttributes | keyof PinControlProperties
> &
  PinControlAttributes &
  PinControlProperties &
  PinControlReactEvents;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      '${tag}': PinControlReactProps;
    }
  }
}
`,
);

write(
  'types/frameworks/vue.d.ts',
  `${HEADER}// Vue's checker (vue-tsc) matches \`frame-key="…"\` to the camelCase prop
// \`frameKey\` and \`@pin-valid\` to \`onPinValid\`. At run time Vue sets a
// custom element's prop as a property when the element has one of that name,
// as an attribute otherwise: \`:token-provider\` and \`:tokenProvider\` both
// reach \`tokenProvider\` (the element has a \`token-provider\` alias), once
// the tag is defined; \`.prop\` sets the property even before.
//
// vue-tsc 3.3 loses the event types of a component tag that has an attribute
// holding \`//\`, static (\`frame-origins="https://…"\`) or a quoted literal in a
// binding (\`:frame-origins="'https://…'"\`): \`@pin-valid="(e) => …"\` is then an
// implicit any. It happens with any component, not only this one; bind a
// variable instead: \`:frame-origins="origins"\`.
import type { PublicProps } from 'vue';
import type { ${className}, PinControlEvents, PinControlProperties } from './pin-control.js';

/** \`<${tag}>\`'s attributes (camelCase, as Vue's checker reads them), properties and \`on<Event>\` listeners. */
export interface PinControlVueProps extends PinControlProperties {
${attributes.map((a) => `${doc(attributeDoc(a))}  ${camel(a.name)}?: ${templateType(a)};`).join('\n')}
${events.map((e) => `${handlerDocs(e)}  on${pascal(e.name)}?: (event: PinControlEvents['${e.name}']) => void;`).join('\n')}
}

/** \`<${tag}>\` as Vue's checker sees it: its props, and the element as its template ref (\`useTemplateRef\`). */
export interface PinControlVueComponent {
  new (): ${className} & { $props: PinControlVueProps & PublicProps };
}

declare module 'vue' {
  interface GlobalComponents {
    '${tag}': PinControlVueComponent;
  }
}
`,
);

write(
  'types/frameworks/svelte.d.ts',
  `${HEADER}// Svelte 5 adds an \`on<event>\` attribute as a listener for \`<event>\`
// (\`onpin-valid\` listens to \`pin-valid\`) and sets a custom element's
// attribute as a property when the element has one of that name.
import type { HTMLAttributes } from 'svelte/elements';
import type { ${className}, PinControlAttributes, PinControlEvents, PinControlProperties } from './pin-control.js';

/** \`on<event>\` attributes: listeners for \`<${tag}>\`'s events. */
export interface PinControlSvelteEvents {
${events.map((e) => `${handlerDocs(e)}  'on${e.name}'?: (event: PinControlEvents['${e.name}'] & { currentTarget: ${className} }) => void;`).join('\n')}
}

/** \`<${tag}>\`'s attributes in Svelte 5 templates; \`bind:this\` is the element. */
export type PinControlSvelteAttributes = Omit<HTMLAttributes<${className}>, keyof PinControlAttributes | keyof PinControlProperties> &
  PinControlAttributes &
  PinControlProperties &
  PinControlSvelteEvents;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    '${tag}': PinControlSvelteAttributes;
  }
}
`,
);

write(
  'types/frameworks/astro.d.ts',
  `${HEADER}// Astro renders the tag and its attributes to HTML on the server: attributes
// only. Properties and listeners belong in the page's <script>, which imports
// pin-control/define. Without these types Astro accepts any attribute on any
// custom element; with them \`mode="sideways"\` and \`retries="two"\` fail
// \`astro check\`.
import type { PinControlAttributes } from './pin-control.js';

/** \`<${tag}>\`'s attributes in Astro templates. */
export type PinControlAstroAttributes = Omit<astroHTML.JSX.HTMLAttributes, keyof PinControlAttributes> & PinControlAttributes;

declare global {
  namespace astroHTML.JSX {
    interface IntrinsicElements {
      '${tag}': PinControlAstroAttributes;
    }
  }
}
`,
);

for (const framework of ['react', 'vue', 'svelte', 'astro']) {
  write(`frameworks/${framework}.js`, `// Types only: see dist/types/frameworks/${framework}.d.ts.\nexport {};\n`);
}

// Editor data for plain HTML.
const describe = (text) => text ?? '';
write(
  'vscode.html-custom-data.json',
  `${JSON.stringify(
    {
      version: 1.1,
      tags: [
        {
          name: tag,
          description: [element.summary, element.description].filter(Boolean).join('\n\n'),
          attributes: attributes.map((a) => {
            const values = literals(attributeType(a));
            return {
              name: a.name,
              description: describe(attributeDoc(a)),
              ...(values ? { values: values.map((name) => ({ name })) } : {}),
              ...(attributeType(a) === 'boolean' ? { valueSet: 'v' } : {}),
            };
          }),
          references: pkg.homepage ? [{ name: 'Documentation', url: pkg.homepage }] : [],
        },
      ],
    },
    null,
    2,
  )}\n`,
);

write(
  'web-types.json',
  `${JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/web-types',
      name: pkg.name,
      version: pkg.version,
      'description-markup': 'markdown',
      contributions: {
        html: {
          elements: [
            {
              name: tag,
              description: [element.summary, element.description].filter(Boolean).join('\n\n'),
              source: { module: `${pkg.name}/define`, symbol: className },
              attributes: attributes.map((a) => {
                const type = attributeType(a);
                const values = literals(type);
                const member = memberOf(a.fieldName);
                return {
                  name: a.name,
                  description: describe(attributeDoc(a)),
                  ...(member?.default ? { default: member.default } : {}),
                  value: type === 'boolean' ? { type: 'boolean', required: false } : { type, required: false },
                  ...(values ? { values: values.map((name) => ({ name })) } : {}),
                };
              }),
              slots: (element.slots ?? []).map((s) => ({ name: s.name, description: describe(s.description) })),
              js: {
                properties: members
                  .filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public')
                  .map((m) => ({
                    name: m.name,
                    description: describe(m.description),
                    value: { type: m.type?.text ?? 'unknown' },
                    ...(m.readonly ? { 'read-only': true } : {}),
                  })),
                events: events.map((e) => ({ name: e.name, description: describe(e.description), value: { type: e.type.text } })),
              },
              css: {
                properties: (element.cssProperties ?? []).map((p) => ({ name: p.name, description: describe(p.description) })),
                parts: (element.cssParts ?? []).map((p) => ({ name: p.name, description: describe(p.description) })),
              },
            },
          ],
        },
      },
    },
    null,
    2,
  )}\n`,
);
