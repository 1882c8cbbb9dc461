// First stage of a snapshot: what every reconcile reads, in a number of
// calls that grows with pages, not with groups (bench/reconcile.ts):
// groups (tags included), scaling configurations, rolling-update executions
// as far back as they decide anything (read-history.ts) and the images the
// policy's sources select, each listed at the API's page maximum.
import type { CloudClients, DescribeImagesRequest, Image, ScalingConfiguration, ScalingGroup } from '../../cloud/api';
import type { Policy } from '../../domain/policy';
import { EXECUTION_TAG, GROUP_TAG } from '../../domain/tags';
import { isActiveExecution, type ExecutionSnapshot, type ImageSnapshot } from '../../domain/snapshot';
import { MAX_PAGE_SIZE } from '../../cloud/paging';
import { decodeGateState, GATE_STATE_TAG } from '../gate/state';
import { toImageSnapshot } from './map';
import type { FleetNarrowing } from './narrow';
import { listPagesConcurrently } from './parallel-pages';
import { mergeExecutions, readExecutionsById, readFleetHistory, type FleetHistory } from './read-history';

export { ROLLING_UPDATE_TEMPLATE_FILTER } from './read-history';

/** Concurrent page requests per listing: enough to overlap latency, well under the APIs' throttling. */
const PAGE_CONCURRENCY = 4;

export interface Fleet {
  groups: ScalingGroup[];
  /** Active scaling configuration of each group, by group id. */
  configurations: Map<string, ScalingConfiguration>;
  images: ImageSnapshot[];
  /** Rolling-update executions tagged with a scaling group, as far back as they decide anything (read-history.ts). */
  executions: ExecutionSnapshot[];
  /** Whether `executions` holds every execution of this group. */
  historyComplete(groupId: string): boolean;
}

/**
 * What the fleet read is given to read the sources lazily: the scaling configurations and the policy's images
 * (and `alongside`, the recorded freeze) are read only when `needed` says the groups and executions read first
 * leave some decision to them, or as soon as the groups take more than one page (a fleet that size has a group to
 * decide, and waiting for its history before the 20 configuration pages would add their latency to the read).
 */
export interface LazySources {
  needed: (first: Pick<Fleet, 'groups' | 'executions' | 'historyComplete'>) => boolean;
  alongside?: () => Promise<unknown>;
}

export interface FleetRead extends Fleet {
  /** Whether the configurations and images were read (always, unless `LazySources.needed` said not). */
  sourcesRead: boolean;
}

export async function readFleet(clients: CloudClients, policy: Policy, lazy?: LazySources): Promise<FleetRead> {
  let sources: Promise<[ScalingConfiguration[], Image[], unknown]> | undefined;
  const readSources = () =>
    (sources ??= Promise.all([
      listPagesConcurrently(
        MAX_PAGE_SIZE.essDescribeScalingConfigurations,
        PAGE_CONCURRENCY,
        async (pageNumber, pageSize) => {
          const page = await clients.ess.describeScalingConfigurations({ pageNumber, pageSize });
          return { ...page, items: page.scalingConfigurations };
        },
      ),
      readSourceImages(clients, policy),
      lazy?.alongside?.(),
    ]));
  if (lazy === undefined) void readSources().catch(() => undefined);
  // The history read looks at the groups listed so far to tell early that it must read on (read-history.ts).
  const listedSoFar: ScalingGroup[] = [];
  const listing = listPagesConcurrently(
    MAX_PAGE_SIZE.essDescribeScalingGroups,
    PAGE_CONCURRENCY,
    async (pageNumber, pageSize) => {
      const page = await clients.ess.describeScalingGroups({ pageNumber, pageSize });
      if (page.totalCount > pageSize) void readSources().catch(() => undefined);
      listedSoFar.push(...page.scalingGroups);
      return { ...page, items: page.scalingGroups };
    },
  );
  // A group created or deleted between two pages shifts the pages: never count one twice.
  const groupsRead = listing.then((listed) => [...new Map(listed.map((g) => [g.scalingGroupId, g])).values()]);
  const [groups, history] = await Promise.all([
    groupsRead,
    readFleetHistory(clients, policy, { all: groupsRead, soFar: () => listedSoFar }),
  ]);
  const executionsRead = fleetExecutions(clients, groups, history);
  const completed = (read: NonNullable<typeof sources>) =>
    read.then(async ([configurations, sourceImages]) => ({
      configurations: activeConfigurations(groups, configurations),
      images: await fleetImages(clients, groups, sourceImages),
    }));
  // Sources already under way: the gate's executions and the pinned images are read side by side.
  const early = sources === undefined ? undefined : completed(sources);
  void early?.catch(() => undefined);
  const first = { groups, executions: await executionsRead, historyComplete: history.complete };
  if (early === undefined && lazy?.needed(first) === false)
    return { ...first, configurations: new Map(), images: [], sourcesRead: false };
  return {
    ...first,
    ...(await (early ?? completed(readSources()))),
    sourcesRead: true,
  };
}

/** Each group's active configuration, by group id (a group whose configuration was not read has none). */
function activeConfigurations(
  groups: readonly ScalingGroup[],
  configurations: readonly ScalingConfiguration[],
): Map<string, ScalingConfiguration> {
  const byId = new Map(configurations.map((c) => [c.scalingConfigurationId, c]));
  const active = new Map<string, ScalingConfiguration>();
  for (const group of groups) {
    const configuration =
      group.activeScalingConfigurationId === undefined ? undefined : byId.get(group.activeScalingConfigurationId);
    if (configuration) active.set(group.scalingGroupId, configuration);
  }
  return active;
}

/** The history listed, with the executions the groups' gate states name that it did not reach. */
async function fleetExecutions(
  clients: CloudClients,
  groups: readonly ScalingGroup[],
  history: FleetHistory,
): Promise<ExecutionSnapshot[]> {
  return mergeExecutions(history.executions, await readGateStateExecutions(clients, groups, history.executions));
}

/** The sources' images, with the pinned ones they did not return. */
async function fleetImages(
  clients: CloudClients,
  groups: readonly ScalingGroup[],
  sourceImages: readonly Image[],
): Promise<ImageSnapshot[]> {
  return [...sourceImages, ...(await readPinnedImages(clients, groups, sourceImages))].map(toImageSnapshot);
}

/** The fleet read once its groups, configurations and history are in: the pinned images and the gate's executions. */
async function completeFleet(
  clients: CloudClients,
  groups: ScalingGroup[],
  configurations: Map<string, ScalingConfiguration>,
  sourceImages: readonly Image[],
  history: FleetHistory,
): Promise<Fleet> {
  const [images, executions] = await Promise.all([
    fleetImages(clients, groups, sourceImages),
    fleetExecutions(clients, groups, history),
  ]);
  return { groups, configurations, images, executions, historyComplete: history.complete };
}

/**
 * The groups a narrowed reconcile needs (narrow.ts), found by one tag, with their configurations read by id, and
 * every group with an unfinished rolling update besides: each holds one of the fleet's concurrency slots, and
 * the planner counts the managed ones, so they are read by id (20 a call, none when there are none). Their
 * configurations are not read: a group with a rollout running waits for it before its configuration is looked at.
 */
export async function readNarrowedFleet(
  clients: CloudClients,
  policy: Policy,
  narrowing: FleetNarrowing,
): Promise<Fleet> {
  const historyGroups = clients.ess
    .listAllScalingGroups({ tags: { [narrowing.tag.key]: narrowing.tag.value } })
    .then((listed) =>
      dedupeGroups(listed).filter((g) =>
        narrowing.keeps({ id: g.scalingGroupId, name: g.scalingGroupName, tags: g.tags }),
      ),
    );
  const [groups, history, sourceImages] = await Promise.all([
    historyGroups,
    readFleetHistory(clients, policy, { all: historyGroups, soFar: () => [] }),
    readSourceImages(clients, policy),
  ]);
  const have = new Set(groups.map((g) => g.scalingGroupId));
  const busyIds = [
    ...new Set(
      history.executions
        .filter(isActiveExecution)
        .map((e) => e.tags[EXECUTION_TAG.scalingGroup])
        .filter((id): id is string => id !== undefined && !have.has(id)),
    ),
  ];
  const [configurations, busy] = await Promise.all([
    readConfigurationsById(clients, groups),
    clients.ess.listAllScalingGroups({ scalingGroupIds: busyIds }),
  ]);
  const all = dedupeGroups([...groups, ...busy]);
  return completeFleet(clients, all, activeConfigurations(groups, configurations), sourceImages, history);
}

function readConfigurationsById(
  clients: CloudClients,
  groups: readonly ScalingGroup[],
): Promise<ScalingConfiguration[]> {
  const ids = [
    ...new Set(groups.map((g) => g.activeScalingConfigurationId).filter((id): id is string => id !== undefined)),
  ];
  return clients.ess.listAllScalingConfigurations({ scalingConfigurationIds: ids });
}

function dedupeGroups(groups: readonly ScalingGroup[]): ScalingGroup[] {
  return [...new Map(groups.map((g) => [g.scalingGroupId, g])).values()];
}

/** The execution a group's gate state names (a final bake held for weeks) is read even when the listing stopped before it. */
function readGateStateExecutions(
  clients: CloudClients,
  groups: readonly ScalingGroup[],
  listed: readonly ExecutionSnapshot[],
): Promise<ExecutionSnapshot[]> {
  const have = new Set(listed.map((e) => e.id));
  const named = groups
    .map((g) => decodeGateState(g.tags[GATE_STATE_TAG])?.executionId)
    .filter((id): id is string => id !== undefined && !have.has(id));
  return named.length === 0 ? Promise.resolve([]) : readExecutionsById(clients, [...new Set(named)]);
}

/** One DescribeImages listing per distinct image source of the policy (custom images only). */
async function readSourceImages(clients: CloudClients, policy: Policy): Promise<Image[]> {
  const requests = new Map<string, DescribeImagesRequest>();
  for (const target of policy.targets) {
    const source = target.image;
    if (source === undefined) continue;
    // `*` (any value) is the policy's, not the API's: such tags are matched by the planner only.
    const exactTags = Object.fromEntries(Object.entries(source.tags ?? {}).filter(([, value]) => value !== '*'));
    const request: DescribeImagesRequest = {
      imageOwnerAlias: 'self',
      status: ['Available'],
      ...(source.family === undefined ? {} : { imageFamily: source.family }),
      ...(Object.keys(exactTags).length === 0 ? {} : { tags: exactTags }),
    };
    requests.set(JSON.stringify(request), request);
  }
  const listings = await Promise.all([...requests.values()].map((r) => clients.ecs.listAllImages(r)));
  return dedupeImages(listings.flat());
}

/**
 * Images named by a group's `rollgate:desired-image` tag (a webhook pin) that
 * the source listings did not return: one extra call, only when there are any.
 */
async function readPinnedImages(
  clients: CloudClients,
  groups: readonly ScalingGroup[],
  known: readonly Image[],
): Promise<Image[]> {
  const have = new Set(known.map((i) => i.imageId));
  const wanted = [
    ...new Set(
      groups.map((g) => g.tags[GROUP_TAG.desiredImage]).filter((id): id is string => id !== undefined && !have.has(id)),
    ),
  ];
  if (wanted.length === 0) return [];
  const pages: Image[] = [];
  // DescribeImages takes at most 100 ids per call.
  for (let i = 0; i < wanted.length; i += 100) {
    pages.push(...(await clients.ecs.listAllImages({ imageIds: wanted.slice(i, i + 100), status: ['ALL'] })));
  }
  return pages;
}

function dedupeImages(images: readonly Image[]): Image[] {
  const byId = new Map<string, Image>();
  for (const image of images) byId.set(image.imageId, image);
  return [...byId.values()];
}
