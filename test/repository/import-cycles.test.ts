/**
 * No import circle among the package's modules (DEVELOPERS.md, Layers): the layer rules keep imports pointing down
 * between folders, and this keeps them acyclic inside a folder too (transport/ and its http/ and reports/, limits/ and
 * limits/redis/, reporting/). Type-only imports count: a circle of types is still two modules that cannot be read apart.
 */
import * as fs from 'fs';
import * as path from 'path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_FOLDERS = ['nodes', 'credentials'];

function sourceFiles(folder: string): string[] {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(folder, entry.name);
		if (entry.isDirectory()) return sourceFiles(file);
		return file.endsWith('.ts') ? [file] : [];
	});
}

const RELATIVE_IMPORT = /(?:import|export)\s[^'";]*?from\s+'(\.[^']*)'/g;

function importsOf(file: string, source: string): string[] {
	return [...source.matchAll(RELATIVE_IMPORT)].map(([, specifier]) => {
		const target = path.join(path.dirname(file), specifier);
		return fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
	});
}

/** Every circle reached by a depth-first walk, as the files around it (the first file repeated at the end). */
function importCircles(graph: Map<string, string[]>): string[][] {
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const circles: string[][] = [];
	const visit = (file: string) => {
		state.set(file, 'open');
		stack.push(file);
		for (const target of graph.get(file) ?? []) {
			if (state.get(target) === 'open') circles.push([...stack.slice(stack.indexOf(target)), target]);
			else if (!state.has(target)) visit(target);
		}
		stack.pop();
		state.set(file, 'done');
	};
	for (const file of graph.keys()) if (!state.has(file)) visit(file);
	return circles;
}

describe('import circles', () => {
	test('no module of the package imports itself through others', () => {
		const files = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(path.join(REPO_ROOT, folder)));
		expect(files.length).toBeGreaterThan(50);
		const graph = new Map(files.map((file) => [file, importsOf(file, fs.readFileSync(file, 'utf8'))] as const));
		const circles = importCircles(graph).map((circle) => circle.map((file) => path.relative(REPO_ROOT, file)).join(' → '));
		expect(circles).toEqual([]);
	});

	test('a circle is found (the check itself works)', () => {
		const graph = new Map([
			['limits/local.ts', ['limits/redis/limiter.ts']],
			['limits/redis/limiter.ts', ['limits/local.ts']],
			['api/index.ts', []],
		]);
		expect(importCircles(graph)).toEqual([['limits/local.ts', 'limits/redis/limiter.ts', 'limits/local.ts']]);
	});

	test('imports are read from the source (the check does not pass by finding none)', () => {
		const file = path.join(REPO_ROOT, 'nodes/ServiceTitan/transport/client.ts');
		const imports = importsOf(file, fs.readFileSync(file, 'utf8')).map((target) => path.relative(REPO_ROOT, target));
		expect(imports).toEqual(expect.arrayContaining(['nodes/ServiceTitan/limits/index.ts', 'nodes/ServiceTitan/transport/http/attempt.ts']));
	});
});
