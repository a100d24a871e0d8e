/**
 * The errors scratchnet raises for bad files. Each names the file (when there is one), says what is
 * wrong with it and what to do instead, so a command line can print the message as one line.
 * Browser-safe: no `fs` here.
 */

/** A model or parameter file (safetensors, architecture JSON) that is missing, damaged or does not fit. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** An image file that is missing or cannot be decoded as PNG or JPEG. */
export class ImageFileError extends Error {
  override name = 'ImageFileError';
}

/** A data set that cannot be found or whose source files are not what we expect. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}
