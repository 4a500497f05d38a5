// Page sizes x hydration of the live A/B, with rounds per variant (fewer for the slow ones).
export const LIVE_CONFIGS = [
  { size: 20, hydrate: false, rounds: 30 },
  { size: 20, hydrate: true, rounds: 30 },
  { size: 100, hydrate: false, rounds: 20 },
  { size: 100, hydrate: true, rounds: 20 },
  { size: 1000, hydrate: false, rounds: 8 },
  { size: 1000, hydrate: true, rounds: 6 },
];
