import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Linear time, proved rather than promised: every regular expression written in shipped sources of every
 * package and app (a `/…/` literal, or `new RegExp('…')` / `RegExp('…')` with a literal pattern) must be
 * one recheck finds safe from catastrophic backtracking. Tests and vendor fakes in `__fixtures__` do
 * not ship and are not checked.
 */
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

function shippedSources(): string[] {
  const files: string[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(repoRoot, group), { withFileTypes: true })) {
      if (entry.isDirectory()) collect(join(repoRoot, group, entry.name, 'src'), files);
    }
  }
  return files.sort();
}

function collect(directory: string, files: string[]): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__' && entry.name !== 'node_modules') collect(path, files);
    } else if (
      /\.tsx?$/.test(entry.name) &&
      !/\.test\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
    ) {
      files.push(path);
    }
  }
}

// recheck answers `unknown` when its time runs out; on a loaded shared machine give it time enough to
// decide, so that only a real finding fails the test.
const RECHECK_PARAMS = { timeout: 60_000 };

interface FoundRegex {
  where: string;
  source: string;
  flags: string;
}

function regexesIn(file: string): FoundRegex[] {
  const text = readFileSync(file, 'utf8');
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: FoundRegex[] = [];
  const where = (node: ts.Node) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart());
    return `${relative(repoRoot, file)}:${line + 1}`;
  };
  const literalText = (node: ts.Node | undefined) =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(sourceFile);
      const end = literal.lastIndexOf('/');
      found.push({ where: where(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
    } else if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'RegExp'
    ) {
      const source = literalText(node.arguments?.[0]);
      if (source !== undefined) {
        found.push({ where: where(node), source, flags: literalText(node.arguments?.[1]) ?? '' });
      }
    }
    stack.push(...node.getChildren(sourceFile));
  }
  return found;
}

describe('regular expressions in shipped sources', () => {
  const files = shippedSources();
  const regexes = files.flatMap(regexesIn);

  it('finds the sources and the regexes in them', () => {
    expect(files.some((file) => file.endsWith('packages/core/src/index.ts'))).toBe(true);
    expect(files.some((file) => file.includes('__fixtures__') || file.endsWith('.test.ts'))).toBe(false);
    expect(regexes.length).toBeGreaterThan(20);
  });

  it('recheck finds every one of them safe from catastrophic backtracking', { timeout: 600_000 }, () => {
    const unsafe = regexes
      .map((regex) => ({ ...regex, status: checkSync(regex.source, regex.flags, RECHECK_PARAMS).status }))
      .filter((regex) => regex.status !== 'safe')
      .map((regex) => `${regex.where} /${regex.source}/${regex.flags}: ${regex.status}`);
    expect(unsafe).toEqual([]);
  });
});
