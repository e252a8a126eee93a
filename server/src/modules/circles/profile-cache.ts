import type { Profiles } from './profiles';

/** Previews reuse profiles this long; a materialisation always builds fresh ones. */
const PROFILE_TTL_MS = 10 * 60_000;

/**
 * The one columnar snapshot of the population this process keeps. A materialisation builds a
 * fresh one and leaves it here, so the previews after it start warm (at 1M members a build
 * reads two million documents); previews in between reuse it for a while.
 */
export class ProfileCache {
  private cache: { at: number; profiles: Promise<Profiles> } | null = null;

  constructor(private readonly build: () => Promise<Profiles>) {}

  /** A new build, which later previews reuse. */
  fresh(): Promise<Profiles> {
    const profiles = this.build();
    this.cache = { at: Date.now(), profiles };
    profiles.catch(() => {
      if (this.cache?.profiles === profiles) this.cache = null;
    });
    return profiles;
  }

  /** The kept build while it is recent enough, else a new one. */
  get(): Promise<Profiles> {
    if (!this.cache || Date.now() - this.cache.at > PROFILE_TTL_MS) return this.fresh();
    return this.cache.profiles;
  }

  drop(): void {
    this.cache = null;
  }
}
