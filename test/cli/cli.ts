// Runs the scratchnet CLI as a user would, in a child process (`node --import tsx cli/main.ts ...`).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The project root, where the CLI runs (so samples/ and .cache/ are found). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a finished run printed and how it ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI with `args`; the returned child's output is collected into `result` when it ends. */
export function startCli(args: readonly string[], cwd = ROOT): { child: ChildProcess; result: Promise<CliResult>; stdout: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}cli/main.ts`, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, result, stdout: () => stdout };
}

/** Runs the CLI with `args` to the end. */
export function runCli(args: readonly string[], cwd = ROOT): Promise<CliResult> {
  return startCli(args, cwd).result;
}

/** Runs many command lines, at most `parallel` at a time, in order of the results. */
export async function runMany(commands: readonly (readonly string[])[], parallel = 3, cwd = ROOT): Promise<CliResult[]> {
  const results: CliResult[] = new Array(commands.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < commands.length) {
      const k = next++;
      results[k] = await runCli(commands[k]!, cwd);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, commands.length) }, worker));
  return results;
}
