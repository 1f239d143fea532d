// Profile, scope and modes from command-line flags: the parsing lives in config/ (below the
// file format, which reads the same names), re-exported here for the commands.
export { configFrom, defaultProfile, modeList, parseModes, parseScope, profileNamed, profileNamesText, type ConfigFlags } from '../config/index.ts';
