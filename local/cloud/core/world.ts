// One RegionWorld per (account, region), created on first use. All worlds of
// one cloud share its clock; each has its own ids, faults and product state.
import type { Clock, EcsModel, EssModel, FaultModel, FcModel, MnsModel, OosModel, RegionWorld } from './contracts';
import { LocalFaultModel } from './faults';
import { createIdSource } from './ids';
import { createEcsModel } from '../ecs/model';
import { createEssModel } from '../ess/model';
import { createOosModel } from '../oos/model';
import { createMnsModel } from '../mns/model';
import { createFcModel } from '../fc/model';

export class LocalRegionWorld implements RegionWorld {
  readonly newId: (prefix: string, length?: number) => string;
  readonly faults: LocalFaultModel;
  // Products are built in order and may reach each other only at call time
  // (never in their factory), so construction order does not matter to them.
  readonly ecs: ReturnType<typeof createEcsModel>;
  readonly ess: ReturnType<typeof createEssModel>;
  readonly oos: ReturnType<typeof createOosModel>;
  readonly mns: ReturnType<typeof createMnsModel>;
  readonly fc: ReturnType<typeof createFcModel>;

  constructor(
    readonly accountId: string,
    readonly regionId: string,
    readonly clock: Clock,
  ) {
    this.newId = createIdSource(`${accountId}/${regionId}`);
    this.faults = new LocalFaultModel();
    this.ecs = createEcsModel(this);
    this.ess = createEssModel(this);
    this.oos = createOosModel(this);
    this.mns = createMnsModel(this);
    this.fc = createFcModel(this);
  }
}

// Compile-time check that every product factory returns its contract.
type Satisfies<T, U extends T> = U;
export type WorldProductsMatchContracts = [
  Satisfies<FaultModel, LocalFaultModel>,
  Satisfies<EcsModel, LocalRegionWorld['ecs']>,
  Satisfies<EssModel, LocalRegionWorld['ess']>,
  Satisfies<OosModel, LocalRegionWorld['oos']>,
  Satisfies<MnsModel, LocalRegionWorld['mns']>,
  Satisfies<FcModel, LocalRegionWorld['fc']>,
];

export class WorldRegistry {
  private readonly worlds = new Map<string, LocalRegionWorld>();

  constructor(private readonly clock: Clock) {}

  get(accountId: string, regionId: string): LocalRegionWorld {
    const key = `${accountId}/${regionId}`;
    let world = this.worlds.get(key);
    if (!world) {
      world = new LocalRegionWorld(accountId, regionId, this.clock);
      this.worlds.set(key, world);
    }
    return world;
  }

  all(): LocalRegionWorld[] {
    return [...this.worlds.values()];
  }

  /** Drops every world (and so all product state); the next use creates fresh ones. */
  reset(): void {
    this.worlds.clear();
  }
}
