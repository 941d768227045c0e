import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The repository root: the nearest folder up with a package.json (this file runs from scripts/ and from dist/scripts/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('No package.json above the explorer build script');
    dir = up;
  }
  return dir;
}

export interface ExplorerBuild {
  outdir: string;
  files: { name: string; bytes: number; gzipBytes: number }[];
}

/**
 * Bundles the decision explorer (web/) into dist/explorer: index.html, and under assets/
 * the script and stylesheet with content hashes in their names (so they can be cached for
 * good) plus their source maps. Nothing inline, so the page runs under script-src 'self'
 * and style-src 'self'.
 */
export async function buildExplorer(root = packageRoot()): Promise<ExplorerBuild> {
  const web = join(root, 'web');
  const outdir = join(root, 'dist', 'explorer');
  const assets = join(outdir, 'assets');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(assets, { recursive: true });
  const result = await build({
    entryPoints: { explorer: join(web, 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome111', 'firefox111', 'safari16.4'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: assets,
    entryNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'silent',
    absWorkingDir: root,
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => join(root, file));
  const named = (ext: string) => {
    const found = outputs.find((file) => file.endsWith(ext));
    if (!found) throw new Error(`esbuild wrote no ${ext} file`);
    return basename(found);
  };
  const html = readFileSync(join(web, 'index.html'), 'utf8').replace('%JS%', named('.js')).replace('%CSS%', named('.css'));
  writeFileSync(join(outdir, 'index.html'), html);
  copyFileSync(join(web, 'favicon.svg'), join(assets, 'favicon.svg'));
  const shipped = [join(outdir, 'index.html'), join(assets, named('.js')), join(assets, named('.css'))];
  return {
    outdir,
    files: shipped.map((file) => {
      const content = readFileSync(file);
      return { name: relative(outdir, file), bytes: content.length, gzipBytes: gzipSync(content).length };
    }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const { outdir, files } = await buildExplorer();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of files) console.log(`  ${f.name.padEnd(32)} ${kb(f.bytes).padStart(9)}  (${kb(f.gzipBytes)} gzip)`);
  console.log(`explorer built into ${relative(process.cwd(), outdir) || outdir} in ${Math.round(performance.now() - started)} ms`);
}
