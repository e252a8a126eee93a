/** Lets tests make the next N calls of one API answer a given errcode (-1 busy, 41096, ...). */
export class ErrorInjector {
  private readonly pending = new Map<string, number[]>();

  inject(api: string, errcode: number, times = 1): void {
    const list = this.pending.get(api) ?? [];
    for (let i = 0; i < times; i++) list.push(errcode);
    this.pending.set(api, list);
  }

  /** The errcode to answer for this call of `api`, if one is queued. */
  take(api: string): number | undefined {
    const list = this.pending.get(api);
    const code = list?.shift();
    if (list && list.length === 0) this.pending.delete(api);
    return code;
  }

  clear(): void {
    this.pending.clear();
  }
}
