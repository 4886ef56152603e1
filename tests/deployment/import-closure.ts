// Which files and packages a process loads at run time, followed from its entry point
// through static imports, `import()`, `require()` and `require.resolve()`. Type-only
// imports are skipped (tsx strips them). Used to check that the image's runtime stage
// copies every source file the processes need and that pruning devDependencies leaves
// every package they import.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './compose-file';

export interface Closure {
  /** repository-relative paths of the local modules, entry points included */
  files: Set<string>;
  /** package name -> the repository-relative file that imports it first */
  packages: Map<string, string>;
}

const EXTENSIONS = ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json'];
const BUILTINS = new Set(builtinModules);

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

function resolveLocal(fromFile: string, specifier: string): string {
  // Vite's asset imports (`./styles.css?url`) name the file before the query
  const base = path.resolve(path.dirname(fromFile), specifier.replace(/\?.*$/, ''));
  const withoutJs = base.replace(/\.js$/, '');
  const candidates = [
    base,
    ...EXTENSIONS.map((extension) => withoutJs + extension),
    ...EXTENSIONS.map((extension) => path.join(base, `index${extension}`)),
  ];
  const found = candidates.find(isFile);
  if (!found) throw new Error(`${path.relative(REPO_ROOT, fromFile)} imports ${specifier}, which does not resolve to a file`);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Runtime module specifiers of one TypeScript or JavaScript file. */
export function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly === true ||
        (clause !== undefined &&
          clause.name === undefined &&
          clause.namedBindings !== undefined &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((element) => element.isTypeOnly));
      if (!typeOnly) specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression) && !node.isTypeOnly) specifiers.push(expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const [first] = node.arguments;
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      const isRequireResolve =
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'require' &&
        callee.name.text === 'resolve';
      if ((isImport || isRequire || isRequireResolve) && first && ts.isStringLiteralLike(first)) specifiers.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // JSX compiles to calls into the automatic runtime (tsconfig: "jsx": "react-jsx")
  if (file.endsWith('.tsx')) specifiers.push('react/jsx-runtime');
  return specifiers;
}

export function importClosure(entryPoints: string[]): Closure {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = entryPoints.map((entry) => path.resolve(REPO_ROOT, entry));
  while (queue.length > 0) {
    const file = queue.pop()!;
    const relative = path.relative(REPO_ROOT, file);
    if (files.has(relative)) continue;
    files.add(relative);
    // JSON, stylesheets and other assets import nothing
    if (!/\.(ts|tsx|js|cjs|mjs)$/.test(file)) continue;
    for (const specifier of runtimeSpecifiers(file)) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        queue.push(resolveLocal(file, specifier));
      } else if (!specifier.startsWith('node:') && !BUILTINS.has(specifier) && !BUILTINS.has(specifier.split('/')[0]!)) {
        const name = packageName(specifier);
        if (!packages.has(name)) packages.set(name, relative);
      }
    }
  }
  return { files, packages };
}
