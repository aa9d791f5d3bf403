/**
 * The manifest files of a directory, as `kubectl apply -f DIR` takes them: its `.yaml`, `.yml` and
 * `.json` files (not those of its subdirectories), by name.
 */
import * as fs from 'fs';
import * as path from 'path';

const MANIFEST_FILE = /\.(ya?ml|json)$/;

/** The manifest files of `dir`, by name; none when it holds none. */
export function manifestFilesOf(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter(e => !e.isDirectory() && MANIFEST_FILE.test(e.name))
    .map(e => e.name)
    .sort()
    .map(name => path.join(dir, name));
}

/** What is wrong with a directory given as input that holds no manifest file. */
export function noManifestFilesProblem(dir: string): string {
  return `directory '${dir}' holds no .yaml, .yml or .json file`;
}

/** Whether `file` is a directory (false when it does not exist or cannot be read). */
export function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
