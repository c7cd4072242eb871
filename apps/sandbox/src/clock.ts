/** The intents provider's timestamps (docs/providers.md §3) are RFC 3339 in China Standard Time (`2023-08-31T04:44:05.928+08:00`). */
export function cstTimestamp(date: Date = new Date()): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return shifted.toISOString().replace('Z', '+08:00');
}

export const unixSeconds = (date: Date = new Date()) => Math.floor(date.getTime() / 1000);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
