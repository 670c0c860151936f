// The manifest (custom-elements.json) comes from the one JSDoc block on the
// element class: editors, Storybook, framework wrappers and
// scripts/framework-types.mjs read it. The plugins below make it describe the
// package as shipped, not the sources:
// - module paths name files in the tarball (`dist/pin-control.js` declares
//   the class, `dist/index.js` re-exports it, `dist/define.js` registers the
//   tag: its `custom-element-definition` export);
// - `#private`, private and protected members are left out, and so is the
//   `'token-provider'` alias of `tokenProvider`;
// - getters without a setter are marked `readonly`;
// - attribute and field types that are unions of literals are written out
//   (`'view' | 'set'`, not `Mode`), so tools can list the allowed values;
// - an event whose `@fires` tag has no type gets its type from
//   `PinControlEventMap` in src/events.ts (the map `addEventListener` uses).
import ts from 'typescript';

const CLASS_MODULE = 'dist/pin-control.js';
const SOURCE = 'src/pin-control.ts';
const EVENTS_SOURCE = 'src/events.ts';
/** The base class that declares the element's public inputs (attributes and properties). */
const INPUTS_SOURCE = 'src/pin-control-inputs.ts';
const CLASSES = new Set(['PinControl', 'PinControlInputs']);

/** One type-checked program over the element's sources, for the types JSDoc does not spell out. */
function sourceTypes() {
  const program = ts.createProgram([SOURCE, INPUTS_SOURCE, EVENTS_SOURCE], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();

  /** `'view' | 'set'` for a union of literals (null kept), otherwise undefined. */
  const literalUnion = (type) => {
    if (!type.isUnion()) return undefined;
    const parts = type.types;
    const literal = (t) => t.isStringLiteral() || t.isNumberLiteral() || (t.flags & ts.TypeFlags.Null) !== 0;
    if (!parts.every(literal) || !parts.some((t) => t.isStringLiteral() || t.isNumberLiteral())) return undefined;
    return parts
      .map((t) => checker.typeToString(t))
      .join(' | ')
      .replaceAll('"', "'");
  };

  /** @param {string} path */
  const sourceFile = (path) => {
    const file = program.getSourceFile(path);
    if (!file) throw new Error(`custom-elements-manifest.config.mjs: ${path} is not in the program`);
    return file;
  };
  const fieldTypes = new Map();
  const readonly = new Set();
  for (const classFile of [sourceFile(SOURCE), sourceFile(INPUTS_SOURCE)])
    ts.forEachChild(classFile, function visit(node) {
      if (ts.isClassDeclaration(node) && node.name && CLASSES.has(node.name.text)) {
        const setters = new Set(node.members.filter(ts.isSetAccessor).map((m) => m.name.getText()));
        for (const member of node.members) {
          if (ts.isGetAccessor(member) && !setters.has(member.name.getText())) readonly.add(member.name.getText());
          if (ts.isPropertyDeclaration(member) && member.type) {
            const text = literalUnion(checker.getTypeFromTypeNode(member.type));
            if (text) fieldTypes.set(member.name.getText(), text);
          }
        }
      }
    });

  // PinControlEventMap's members, one alias deep: `CustomEvent<PinValidDetail>`.
  const eventTypes = new Map();
  const eventsFile = sourceFile(EVENTS_SOURCE);
  const aliases = new Map(eventsFile.statements.filter(ts.isTypeAliasDeclaration).map((a) => [a.name.text, a.type.getText(eventsFile)]));
  for (const statement of eventsFile.statements) {
    if (!ts.isInterfaceDeclaration(statement) || statement.name.text !== 'PinControlEventMap') continue;
    for (const member of statement.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = member.name.getText(eventsFile).replace(/^['"]|['"]$/g, '');
      const text = member.type.getText(eventsFile);
      eventTypes.set(name, aliases.get(text) ?? text);
    }
  }
  return { fieldTypes, readonly, eventTypes };
}

function shippedPackage() {
  return {
    name: 'pin-control/shipped-package',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const { fieldTypes, readonly, eventTypes } = sourceTypes();
      const source = manifest.modules.find((m) => m.path === SOURCE);
      if (!source) throw new Error(`custom-elements.json: no module ${SOURCE}`);
      const element = source.declarations.find((d) => d.customElement && d.tagName === 'pin-control');
      if (!element) throw new Error('custom-elements.json: <pin-control> is not declared');

      // A quoted name is an alias for templates (`'token-provider'`): tools
      // list the property once, by its own name.
      element.members = (element.members ?? []).filter(
        (m) => !m.name.startsWith('#') && !m.name.startsWith("'") && m.privacy !== 'private' && m.privacy !== 'protected',
      );
      // The inputs' base class and the update base under it
      // (src/reactive-base.ts) are internal, not shipped on their own: the
      // inputs are presented as the element's members, on top of HTMLElement.
      element.superclass = { name: 'HTMLElement', package: 'global:' };
      for (const item of [...element.members, ...(element.attributes ?? []), ...(element.events ?? [])]) delete item.inheritedFrom;
      for (const member of element.members) {
        if (readonly.has(member.name)) member.readonly = true;
        if (fieldTypes.has(member.name)) member.type = { text: fieldTypes.get(member.name) };
        if (member.name === 'lang' && !member.type) member.type = { text: 'string' };
      }
      for (const attribute of element.attributes ?? []) {
        delete attribute.inheritedFrom;
        if (fieldTypes.has(attribute.fieldName)) attribute.type = { text: fieldTypes.get(attribute.fieldName) };
        if (attribute.name === 'lang' && !attribute.type) attribute.type = { text: 'string' };
      }
      for (const event of element.events ?? []) {
        if (!event.type && eventTypes.has(event.name)) event.type = { text: eventTypes.get(event.name) };
        if (!event.type) throw new Error(`custom-elements.json: event ${event.name} has no type (not in PinControlEventMap either)`);
      }

      const declaration = { name: element.name, module: CLASS_MODULE };
      source.path = CLASS_MODULE;
      source.exports = [{ kind: 'js', name: element.name, declaration }];
      manifest.modules = [
        source,
        { kind: 'javascript-module', path: 'dist/index.js', declarations: [], exports: [{ kind: 'js', name: element.name, declaration }] },
        {
          kind: 'javascript-module',
          path: 'dist/define.js',
          declarations: [],
          exports: [
            { kind: 'js', name: element.name, declaration },
            { kind: 'custom-element-definition', name: element.tagName, declaration },
          ],
        },
      ];
    },
  };
}

export default {
  globs: [SOURCE, INPUTS_SOURCE],
  outdir: 'dist',
  litelement: true,
  plugins: [shippedPackage()],
};
