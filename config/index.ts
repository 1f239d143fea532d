// Configuration below every layer: names of profiles, scopes and modes into a Config, and
// the input-error type every layer throws for bad input.
export { UsageError, usage } from './usage-error.ts';
export { parseScope, checkScope, scopeRanges, scopeKeys, scopeRangesText, type ScopeRange } from './scope.ts';
export { configFrom, buildableConfig, parseModes, modeList, type ConfigFlags } from './config.ts';
export { profileNamed, profileNamesText, defaultProfile } from './profiles.ts';
