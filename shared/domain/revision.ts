// The desired revision of one group under one target: from the group's
// desired-* tag (written by rollgate, e.g. on a webhook) or else resolved
// from the policy and the images in the snapshot.
import type { ImageSource, PackageSource, ScriptRevision } from './policy/source';
import type { RolloutKind, Target } from './policy/target';
import { globMatch, tagsMatch } from './select';
import type { GroupSnapshot, ImageSnapshot } from './snapshot';
import { GROUP_TAG } from './tags';
import { compareText } from './order';

export type DesiredRevision =
  | { kind: 'image'; revision: string; image?: ImageSnapshot; source: 'tag' | 'policy' }
  | {
      kind: 'script';
      revision: string;
      script: ScriptRevision;
      source: 'tag' | 'policy';
      /** Set by a window's scheduled action: in place only once a rollout of it started in this occurrence. */
      scheduled?: { window: string; openedAt: number };
    }
  | { kind: 'package'; revision: string; pkg: PackageSource; source: 'tag' | 'policy' };

export type Resolution =
  | { ok: true; desired: DesiredRevision }
  | { ok: false; reason: 'no-desired-revision' | 'unknown-revision'; detail: string };

/** Revision string of a package rollout: `name@version`, with `:uninstall` for removals. */
export function packageRevision(pkg: PackageSource): string {
  return `${pkg.name}@${pkg.version}${pkg.action === 'uninstall' ? ':uninstall' : ''}`;
}

function newestFirst(a: ImageSnapshot, b: ImageSnapshot): number {
  const byTime = Date.parse(b.creationTime) - Date.parse(a.creationTime);
  return byTime !== 0 ? byTime : compareText(b.id, a.id);
}

/** Newest Available image matching every criterion of the source. */
export function resolveImage(source: ImageSource, images: readonly ImageSnapshot[]): ImageSnapshot | undefined {
  return images
    .filter((i) => i.status === 'Available')
    .filter((i) => source.family === undefined || i.family === source.family)
    .filter((i) => source.namePattern === undefined || globMatch(source.namePattern, i.name))
    .filter((i) => tagsMatch(source.tags, i.tags))
    .sort(newestFirst)[0];
}

function describeSource(source: ImageSource): string {
  const parts = [
    source.family !== undefined ? `family ${source.family}` : undefined,
    source.namePattern !== undefined ? `name ${source.namePattern}` : undefined,
    source.tags !== undefined ? `tags ${JSON.stringify(source.tags)}` : undefined,
  ];
  return parts.filter((p) => p !== undefined).join(', ');
}

function resolveImageRevision(source: ImageSource, group: GroupSnapshot, images: readonly ImageSnapshot[]): Resolution {
  const pinned = group.tags[GROUP_TAG.desiredImage];
  if (pinned !== undefined && pinned !== '') {
    const image = images.find((i) => i.id === pinned);
    if (image !== undefined && image.status !== 'Available') {
      return {
        ok: false,
        reason: 'no-desired-revision',
        detail: `desired image ${pinned} is ${image.status}, not Available`,
      };
    }
    return { ok: true, desired: { kind: 'image', revision: pinned, image, source: 'tag' } };
  }
  const image = resolveImage(source, images);
  if (image === undefined)
    return { ok: false, reason: 'no-desired-revision', detail: `no Available image with ${describeSource(source)}` };
  return { ok: true, desired: { kind: 'image', revision: image.id, image, source: 'policy' } };
}

function resolveScriptRevision(target: Target, group: GroupSnapshot): Resolution {
  const revisions = target.script?.revisions ?? [];
  const pinned = group.tags[GROUP_TAG.desiredScript];
  const wanted =
    pinned !== undefined && pinned !== '' ? pinned : (target.script?.current ?? revisions.at(-1)?.revision);
  const script = revisions.find((r) => r.revision === wanted);
  if (script === undefined) {
    return {
      ok: false,
      reason: 'unknown-revision',
      detail: `script revision ${wanted ?? '(none)'} is not in target ${target.name}`,
    };
  }
  return {
    ok: true,
    desired: { kind: 'script', revision: script.revision, script, source: pinned ? 'tag' : 'policy' },
  };
}

function resolvePackageRevision(pkg: PackageSource, target: Target, group: GroupSnapshot): Resolution {
  const pinned = group.tags[GROUP_TAG.desiredPackage];
  if (pinned === undefined || pinned === '')
    return { ok: true, desired: { kind: 'package', revision: packageRevision(pkg), pkg, source: 'policy' } };
  const at = pinned.lastIndexOf('@');
  const name = at > 0 ? pinned.slice(0, at) : pkg.name;
  const version = at > 0 ? pinned.slice(at + 1) : pinned;
  if (name !== pkg.name || version === '') {
    return {
      ok: false,
      reason: 'unknown-revision',
      detail: `desired package ${pinned} does not name package ${pkg.name} of target ${target.name}`,
    };
  }
  const pinnedPkg = { ...pkg, version };
  return {
    ok: true,
    desired: { kind: 'package', revision: packageRevision(pinnedPkg), pkg: pinnedPkg, source: 'tag' },
  };
}

export function resolveDesired(
  target: Target,
  kind: RolloutKind,
  group: GroupSnapshot,
  images: readonly ImageSnapshot[],
): Resolution {
  if (kind === 'image' && target.image !== undefined) return resolveImageRevision(target.image, group, images);
  if (kind === 'script') return resolveScriptRevision(target, group);
  if (kind === 'package' && target.package !== undefined) return resolvePackageRevision(target.package, target, group);
  return { ok: false, reason: 'no-desired-revision', detail: `target ${target.name} has no ${kind} source` };
}
