// The ticked rows of a table, for actions on several rows at once.

export class Selection {
  #ids: number[] = $state([]);

  get ids(): readonly number[] {
    return this.#ids;
  }

  get size(): number {
    return this.#ids.length;
  }

  has(id: number): boolean {
    return this.#ids.includes(id);
  }

  toggle(id: number, on: boolean = !this.has(id)): void {
    if (on && !this.has(id)) this.#ids.push(id);
    else if (!on) this.#ids = this.#ids.filter((x) => x !== id);
  }

  /** Whether every one of `ids` is ticked (and there is at least one). */
  allOf(ids: readonly number[]): boolean {
    return ids.length > 0 && ids.every((id) => this.has(id));
  }

  /** Ticks or clears all of `ids`. */
  setAll(ids: readonly number[], on: boolean): void {
    if (on) {
      for (const id of ids) if (!this.has(id)) this.#ids.push(id);
    } else {
      this.#ids = this.#ids.filter((x) => !ids.includes(x));
    }
  }

  /** Forgets rows that are no longer shown, so no hidden row is acted on. */
  keepOnly(ids: readonly number[]): void {
    if (this.#ids.some((id) => !ids.includes(id))) this.#ids = this.#ids.filter((id) => ids.includes(id));
  }

  clear(): void {
    this.#ids = [];
  }
}
