// The copystack variants mutants use: model/copystack.ts builds copystack from knobs, so a
// mutant turns one of them instead of keeping a second copy of the routine.

export { copystackWith as copystackVariant, correctKnobs, type CopystackKnobs } from '../copystack.ts';
