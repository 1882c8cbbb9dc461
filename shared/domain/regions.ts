// Regions where OOS (and so the ESS rolling update) is not available, as the
// ESS console documentation lists them.
export const REGIONS_WITHOUT_OOS: Readonly<Record<string, string>> = {
  'cn-qingdao': '华北1（青岛） China (Qingdao)',
  'cn-wulanchabu': '华北6（乌兰察布） China (Ulanqab)',
  'cn-heyuan': '华南2（河源） China (Heyuan)',
  'us-west-1': '美国（硅谷） US (Silicon Valley)',
  'me-east-1': '阿联酋（迪拜） UAE (Dubai)',
};

export function regionSupportsOos(regionId: string): boolean {
  return !Object.hasOwn(REGIONS_WITHOUT_OOS, regionId);
}

export function regionUnsupportedMessage(regionId: string): string {
  const name = REGIONS_WITHOUT_OOS[regionId] ?? regionId;
  return `region ${regionId} (${name}) has no OOS, so ESS rolling updates cannot run there`;
}
