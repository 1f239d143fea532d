// stack.go's stackguard0 poison values. Go writes them as uintptrMask & -N; the model keeps
// the signed -N (every real guard is a positive address), and renders them as 64-bit hex.

/** @public */
export const stackPreempt = -1314;
/** @public */
export const stackFork = -1234;
/** @public */
export const stackForceMove = -275;

/** The guard as Go prints it: an address, or the poison's 64-bit two's complement. @public */
export function guardHex(v: number): string {
  return v < 0 ? '0x' + (BigInt.asUintN(64, BigInt(v))).toString(16) : '0x' + v.toString(16);
}
