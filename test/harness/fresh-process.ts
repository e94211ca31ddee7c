/**
 * A module as a new n8n process would load it: `env` on top of this process's environment (without
 * EXECUTIONS_MODE, so the test chooses queue mode itself) and a fresh module registry, since the package reads its
 * Redis settings once per process. `process.env` stays changed until `restore()`: the modules read it lazily.
 */
export function freshProcessLoader<T>(load: () => T): { load: (env: NodeJS.ProcessEnv) => T; restore: () => void } {
	const saved = process.env;
	return {
		load: (env) => {
			process.env = { ...saved, ...env };
			delete process.env.EXECUTIONS_MODE;
			let loaded!: T;
			jest.isolateModules(() => {
				loaded = load();
			});
			return loaded;
		},
		restore: () => {
			process.env = saved;
		},
	};
}
