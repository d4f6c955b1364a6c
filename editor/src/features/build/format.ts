const integer = new Intl.NumberFormat('en-US');

/** 1234 → "1,234"; 1234567 → "1.23M" (a budget of millions is read at a glance). */
export function formatTokens(tokens: number): string {
  if (Math.abs(tokens) >= 1_000_000) return `${(tokens / 1_000_000).toFixed(2).replace(/\.?0+$/, '')}M`;
  return integer.format(tokens);
}

/** Cents for ordinary sums; more places for the fractions of a cent a single call costs. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0.00';
  if (Math.abs(usd) < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** How much of the budget is spent, 0–100, for the meter (over budget still draws a full bar). */
export function budgetPercent(used: number, budget: number): number {
  if (budget <= 0) return 100;
  return Math.min(100, Math.max(0, Math.round((used / budget) * 100)));
}
