/** One countdown per space. Expiry calls back into the room, which announces it through egress. */
export class SpaceTimers {
  private readonly handles = new Map<string, NodeJS.Timeout>();

  set(space: string, endsAt: number, onExpire: () => void): void {
    this.clear(space);
    const handle = setTimeout(() => {
      this.handles.delete(space);
      onExpire();
    }, Math.max(0, endsAt - Date.now()));
    handle.unref();
    this.handles.set(space, handle);
  }

  clear(space: string): void {
    const h = this.handles.get(space);
    if (h) clearTimeout(h);
    this.handles.delete(space);
  }

  clearAll(): void {
    for (const h of this.handles.values()) clearTimeout(h);
    this.handles.clear();
  }
}
