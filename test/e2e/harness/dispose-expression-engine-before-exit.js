/**
 * Preloaded (`node -r`) into the short n8n CLI commands the e2e harness runs (`execute`, imports…).
 *
 * Why: n8n 2.40.7's CLI commands end in `process.exit()` from `BaseCommand.finally()` without
 * disposing the "vm" expression engine (its `exitSuccessFully()` does dispose it, `finally()` does
 * not). Every execution takes an isolate from the engine's pool and the pool starts building a
 * replacement in isolated-vm's thread pool. When `exit()` runs while that replacement is still being
 * built, isolated-vm's static thread-pool destructor runs under an isolate that is still allocating,
 * and the process dies with SIGSEGV after it printed a successful run (seen in CI: 2 of 5 executions
 * of one suite; a core dump shows `ivm::thread_pool_t::~thread_pool_t` on the main thread and
 * `v8::internal::Heap` in an isolate thread). The crash is n8n's and isolated-vm's, not the
 * package's, and it turns a passing execution into a failed test.
 *
 * What: the first `process.exit()` first awaits n8n's own `Expression.disposeExpressionEngine()`
 * (which waits for replacements in flight, then disposes the pool), as `exitSuccessFully()` does,
 * then exits with the same code. Further calls while that runs are ignored (the first one exits). If
 * n8n-workflow was never loaded, or has no such method (n8n 1.x), or disposing takes over 10 s, the
 * process exits as it would have. Long-running n8n processes (`start`, `worker`) are not touched:
 * they stop through n8n's graceful shutdown.
 */
'use strict';

const { createRequire } = require('node:module');

const exit = process.exit.bind(process);
let exiting = false;

/** n8n's own n8n-workflow, only if n8n already loaded it (nothing is loaded at exit). */
function loadedExpressionClass() {
	try {
		const n8nRequire = createRequire(process.argv[1]);
		const resolved = n8nRequire.resolve('n8n-workflow');
		return require.cache[resolved] ? require.cache[resolved].exports.Expression : undefined;
	} catch {
		return undefined;
	}
}

process.exit = function exitAfterDisposingExpressionEngine(code) {
	if (exiting) return undefined;
	exiting = true;
	const finalCode = code === undefined ? process.exitCode : code;
	const Expression = loadedExpressionClass();
	if (!Expression || typeof Expression.disposeExpressionEngine !== 'function') return exit(finalCode);
	const deadline = setTimeout(() => exit(finalCode), 10_000);
	Promise.resolve()
		.then(() => Expression.disposeExpressionEngine())
		.catch(() => undefined)
		.finally(() => {
			clearTimeout(deadline);
			exit(finalCode);
		});
	return undefined;
};
