import type { LiveRoom, LiveRoomOptions } from '../sync/live-room';
import type { AnnotationBatch } from '../sync/mirror';

/** What LiveClass needs of a room (`sync/live-room.ts`); tests may pass their own. */
export type Room = Pick<LiveRoom, 'push' | 'setOnline' | 'close' | 'setSettings' | 'flushed'>;
export type OpenRoom = (opts: LiveRoomOptions) => Promise<Room>;

/** Loads the Yjs/Hocuspocus client only now: the app without a live class never fetches it. */
export const openLiveRoom: OpenRoom = async (opts) =>
  new (await import('../sync/live-room')).LiveRoom(opts);

/**
 * The rooms of one live session, by name. Opening is asynchronous (the client loads on first
 * use), so a room closed or replaced meanwhile is closed as soon as it opens; `closeAll` starts
 * a new generation that nothing opened before it can join.
 */
export class LiveRooms {
  #rooms = new Map<string, Room>();
  #generation = 0;
  #online = true;

  constructor(private openRoom: OpenRoom = openLiveRoom) {}

  get generation(): number {
    return this.#generation;
  }
  get online(): boolean {
    return this.#online;
  }

  has(name: string): boolean {
    return this.#rooms.has(name);
  }

  async open(opts: LiveRoomOptions): Promise<void> {
    if (this.#rooms.has(opts.room)) return;
    // What is asked of a room still loading is done to it once it has opened.
    const early: ((r: Room) => void)[] = [];
    const placeholder: Room = {
      push: (b) => void early.push((r) => r.push(b)),
      setSettings: (v) => void early.push((r) => r.setSettings(v)),
      flushed: async () => {},
      setOnline() {},
      close() {},
    };
    this.#rooms.set(opts.room, placeholder);
    const gen = this.#generation;
    const room = await this.openRoom(opts);
    if (gen !== this.#generation || this.#rooms.get(opts.room) !== placeholder) return room.close();
    this.#rooms.set(opts.room, room);
    if (!this.#online) room.setOnline(false);
    for (const f of early) f(room);
  }

  /** The room named `name`, if open or opening. */
  get(name: string): Room | undefined {
    return this.#rooms.get(name);
  }

  /** Names of the open (or opening) rooms. */
  names(): string[] {
    return [...this.#rooms.keys()];
  }

  push(name: string, batch: AnnotationBatch): void {
    this.#rooms.get(name)?.push(batch);
  }

  close(name: string): void {
    this.#rooms.get(name)?.close();
    this.#rooms.delete(name);
  }

  setOnline(online: boolean): void {
    this.#online = online;
    for (const room of this.#rooms.values()) room.setOnline(online);
  }

  closeAll(): void {
    this.#generation++;
    for (const room of this.#rooms.values()) room.close();
    this.#rooms.clear();
  }
}
