// Waits for a child process to print the URL it listens on.
import { createInterface } from 'node:readline';

const START_TIMEOUT_MS = 30_000;

export function announcedUrl(child, pattern, name) {
  const logs = [];
  child.stderr.setEncoding('utf8').on('data', (chunk) => logs.push(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in ${START_TIMEOUT_MS / 1000} s:\n${logs.join('')}`)),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${logs.join('')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = line.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
  });
}
