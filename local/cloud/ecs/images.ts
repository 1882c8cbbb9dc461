// Custom and system images of one world, with their simulated build time.
import type { RegionWorld } from '../core/contracts';
import { imageNameDuplicated, imageNotFound } from './errors';

export type ImageStatus = 'Creating' | 'Waiting' | 'Available' | 'UnAvailable' | 'CreateFailed' | 'Deprecated';

export interface ImageRecord {
  imageId: string;
  imageName: string;
  imageFamily?: string;
  imageVersion?: string;
  description: string;
  status: ImageStatus;
  /** Percentage 0..100 while Creating. */
  progress: number;
  creationTime: string;
  ownerAlias: 'system' | 'self';
  osType: 'linux' | 'windows';
  osName: string;
  platform: string;
  architecture: 'x86_64' | 'arm64';
  sizeGiB: number;
  tags: Record<string, string>;
  /** Instances started from it boot Unhealthy (admin-created broken images). */
  bootsUnhealthy: boolean;
  sourceInstanceId?: string;
}

export interface CreateImageOptions {
  imageName: string;
  imageFamily?: string;
  imageVersion?: string;
  description?: string;
  tags?: Record<string, string>;
  /** Skip the simulated build. */
  available?: boolean;
  /** Simulated build time (default 120 s). */
  buildSeconds?: number;
  bootsUnhealthy?: boolean;
  sourceInstanceId?: string;
  osName?: string;
  architecture?: 'x86_64' | 'arm64';
  /** Backdates the image (seeded fleets have history); default now. */
  createdAtMs?: number;
}

export type ImageStateListener = (image: ImageRecord) => void;

export const DEFAULT_IMAGE_BUILD_SECONDS = 120;

function systemImage(
  imageId: string,
  family: string,
  version: string,
  osName: string,
  creationTime: string,
): Omit<ImageRecord, 'tags'> {
  return {
    imageId,
    imageName: imageId,
    imageFamily: family,
    imageVersion: version,
    description: osName,
    status: 'Available',
    progress: 100,
    creationTime,
    ownerAlias: 'system',
    osType: 'linux',
    osName,
    platform: osName.startsWith('CentOS') ? 'CentOS' : 'Aliyun',
    architecture: 'x86_64',
    sizeGiB: 20,
    bootsUnhealthy: false,
  };
}

const SYSTEM_IMAGES = [
  systemImage(
    'aliyun_3_x64_20G_alibase_20240819.vhd',
    'acs:alibaba_cloud_linux_3_2104_lts_x64',
    '3.2104',
    'Alibaba Cloud Linux 3.2104 LTS 64 bit',
    '2024-08-19T08:00:00Z',
  ),
  systemImage(
    'aliyun_2_1903_x64_20G_alibase_20200529.vhd',
    'acs:aliyun_2_1903_x64',
    '2.1903',
    'Alibaba Cloud Linux 2.1903 LTS 64 bit',
    '2020-05-29T08:00:00Z',
  ),
  systemImage(
    'centos_7_8_x64_20G_alibase_20200717.vhd',
    'acs:centos_7_8_x64',
    '7.8',
    'CentOS 7.8 64 bit',
    '2020-07-17T08:00:00Z',
  ),
];

export class ImageStore {
  private readonly images = new Map<string, ImageRecord>();
  private readonly listeners = new Set<ImageStateListener>();

  constructor(private readonly world: RegionWorld) {
    // Public system images, so an unfiltered DescribeImages looks like a real account's and the
    // seeds' invocations (which name CentOS 7.8 and Alibaba Cloud Linux 2.1903 by id) run as written.
    for (const image of SYSTEM_IMAGES) this.images.set(image.imageId, { ...image, tags: {} });
  }

  create(opts: CreateImageOptions): ImageRecord {
    if ([...this.images.values()].some((i) => i.ownerAlias === 'self' && i.imageName === opts.imageName)) {
      throw imageNameDuplicated(opts.imageName);
    }
    const image: ImageRecord = {
      imageId: this.world.newId('m-'),
      imageName: opts.imageName,
      ...(opts.imageFamily ? { imageFamily: opts.imageFamily } : {}),
      ...(opts.imageVersion ? { imageVersion: opts.imageVersion } : {}),
      description: opts.description ?? '',
      status: opts.available ? 'Available' : 'Creating',
      progress: opts.available ? 100 : 0,
      creationTime: this.world.clock.iso(opts.createdAtMs),
      ownerAlias: 'self',
      osType: 'linux',
      osName: opts.osName ?? 'Alibaba Cloud Linux 3.2104 LTS 64 bit',
      platform: 'Aliyun',
      architecture: opts.architecture ?? 'x86_64',
      sizeGiB: 40,
      tags: { ...(opts.tags ?? {}) },
      bootsUnhealthy: opts.bootsUnhealthy ?? false,
      ...(opts.sourceInstanceId ? { sourceInstanceId: opts.sourceInstanceId } : {}),
    };
    this.images.set(image.imageId, image);
    if (!opts.available) {
      const seconds = opts.buildSeconds ?? DEFAULT_IMAGE_BUILD_SECONDS;
      this.world.clock.schedule(
        seconds / 2,
        () => {
          if (image.status === 'Creating') image.progress = 50;
        },
        `image ${image.imageId} half built`,
      );
      this.world.clock.schedule(
        seconds,
        () => this.setStatus(image.imageId, 'Available'),
        `image ${image.imageId} available`,
      );
    }
    this.emit(image);
    return image;
  }

  get(imageId: string): ImageRecord {
    const image = this.images.get(imageId);
    if (!image) throw imageNotFound(imageId);
    return image;
  }

  find(imageId: string): ImageRecord | undefined {
    return this.images.get(imageId);
  }

  list(): ImageRecord[] {
    return [...this.images.values()];
  }

  setStatus(imageId: string, status: ImageStatus): void {
    const image = this.get(imageId);
    if (image.status === status) return;
    image.status = status;
    if (status === 'Available') image.progress = 100;
    this.emit(image);
  }

  tag(imageId: string, tags: Record<string, string>): void {
    Object.assign(this.get(imageId).tags, tags);
  }

  untag(imageId: string, keys: readonly string[]): void {
    const image = this.get(imageId);
    for (const key of keys) delete image.tags[key];
  }

  /** Image:StateChange as ECS emits it; returns an unsubscribe function. */
  onStateChange(listener: ImageStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(image: ImageRecord): void {
    for (const listener of this.listeners) listener(image);
  }
}
