// scratchnet's Node-only API: everything that touches the disk (and sharp). Import it as
// 'scratchnet/io' (or '../src/io/index.ts'); the browser-safe rest is in '../index.ts'.
export * from './atomic-write.ts';
export * from './fashion-mnist.ts';
export * from './model-file.ts';
export * from './image.ts';
export * from './save-load.ts';
export * from './checkpoint.ts';
