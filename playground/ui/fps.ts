/** Counts animation frames: `tick` is called once per frame and returns the rate once a second. */
export class FrameCounter {
  private start = 0;
  private frames = 0;

  /** Records a frame drawn at `now` (ms); every second, returns frames per second. */
  tick(now: number): number | undefined {
    if (this.frames === 0) this.start = now;
    this.frames++;
    const elapsed = now - this.start;
    if (elapsed < 1000) return undefined;
    const fps = ((this.frames - 1) * 1000) / elapsed;
    this.frames = 0;
    return fps;
  }
}
