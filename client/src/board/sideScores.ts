/** A side's private scores as one page holds them, merged by version from three sources: the
 * initial read, our own writes' answers, and live notices of the other members' writes. */
import type { ScoreValue, SideScore } from '@mediation/shared';

export interface SideScores {
  scores: Record<string, ScoreValue>;
  versions: Record<string, number>;
}

/** Takes each option's entry from whichever source has the newer version, so a late answer
 * never overwrites a newer live update (and a cleared score stays cleared). */
export function mergeScores(have: SideScores, incoming: SideScores): SideScores {
  const scores = { ...have.scores };
  const versions = { ...have.versions };
  for (const [id, v] of Object.entries(incoming.versions)) {
    if ((versions[id] ?? -1) >= v) continue;
    versions[id] = v;
    const value = incoming.scores[id];
    if (value) scores[id] = value;
    else delete scores[id];
  }
  return { scores, versions };
}

export const asSideScores = (s: SideScore): SideScores => ({ scores: s.value ? { [s.optionId]: s.value } : {}, versions: { [s.optionId]: s.version } });
