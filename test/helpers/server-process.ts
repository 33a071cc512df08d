// Starts the real `handlefrihed serve` command as a child process on a free port, the way
// `npm start` runs it, and stops it again.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ServerProcess {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

// The first start loads the 98 demo inventories: on a loaded 2-core machine that alone has taken
// 90 s. A slow machine makes the start slower, never wrong: wait up to 220 s (inside the 240 s hook budget).
export async function startServerProcess(env: Record<string, string>, timeoutMs = 220_000): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [join(process.cwd(), 'bin/handlefrihed.js'), 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/http:\/\/[\w.]+:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode != null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
