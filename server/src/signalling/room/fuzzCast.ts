/** The people both room fuzzes (roomState.fuzz, room.fuzz) seat. Tests only. */
import type { Role, Side } from '@mediation/shared';

export interface FuzzPerson {
  id: string;
  role: Role;
  side: Side;
}

/** One of each role and two sides, ids `<prefix>-med-01` … `<prefix>-obs-07` (each fuzz its own prefix). */
export const fuzzCast = (prefix: string): FuzzPerson[] =>
  ([
    ['med-01', 'mediator', null],
    ['com-02', 'comediator', null],
    ['ana-03', 'party', 'A'],
    ['aat-04', 'attorney', 'A'],
    ['ben-05', 'party', 'B'],
    ['bat-06', 'attorney', 'B'],
    ['obs-07', 'observer', null],
  ] as const).map(([id, role, side]) => ({ id: `${prefix}-${id}`, role, side }));
