/** Saving and opening model files in the browser: a download link, and the file picker's files. */

/** Offers `content` as a file download. */
export function download(content: Uint8Array | string, name: string, type: string): void {
  const blob = new Blob([content as BlobPart], { type });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** The picked .safetensors file and, if picked too, an architecture .json, read into memory. */
export async function readModelFiles(files: FileList | null): Promise<{ safetensors: Uint8Array; architecture?: string }> {
  const list = Array.from(files ?? []);
  const weights = list.find((f) => f.name.endsWith('.safetensors'));
  const architecture = list.find((f) => f.name.endsWith('.json'));
  if (!weights) throw new Error('Pick the model\'s .safetensors file (and, for a weights-only file, its architecture .json).');
  const safetensors = new Uint8Array(await weights.arrayBuffer());
  return architecture ? { safetensors, architecture: await architecture.text() } : { safetensors };
}
