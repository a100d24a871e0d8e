/**
 * Drawing a chart to files (Node only): Vega renders the specification to SVG without a browser
 * (`renderer: 'none'`), resvg turns the SVG into a PNG, and each file is written atomically (to a
 * temporary file, then renamed), so a picture is never seen half written. The imports are loaded
 * on first use, which keeps `src/index.ts` light and loadable in the browser.
 */
import type { TopLevelSpec } from 'vega-lite';

/** The files a picture was written to. */
export interface Picture {
  /** The vector image. */
  svg: string;
  /** The same picture as a PNG bitmap. */
  png: string;
}

/** Renders a Vega-Lite specification to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Renders an SVG document to PNG bytes at twice its size, on white. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  // A module name in a variable: bundlers for the browser must not try to pack this native addon.
  const resvgModule = '@resvg/resvg-js';
  const { Resvg } = (await import(/* @vite-ignore */ resvgModule)) as typeof import('@resvg/resvg-js');
  const resvg = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true } });
  return resvg.render().asPng();
}

/**
 * Draws `spec` to `path` (an .svg file) and to a PNG twin beside it, creating the directory if
 * needed, and returns both paths.
 */
export async function savePicture(spec: TopLevelSpec, path: string): Promise<Picture> {
  if (!path.endsWith('.svg')) throw new RangeError(`A picture path must end in .svg (a .png is written beside it), got ${path}`);
  const [{ mkdirSync }, { dirname }, { writeFileAtomic }] = await Promise.all([import('node:fs'), import('node:path'), import('../io/atomic-write.ts')]);
  const svg = await renderSvg(spec);
  const png = path.replace(/\.svg$/, '.png');
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, svg);
  writeFileAtomic(png, await svgToPng(svg));
  return { svg: path, png };
}
