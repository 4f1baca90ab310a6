/** Which envelope a control number is for: ISA13, GS06 or ST02. */
export type ControlNumberKind = 'interchange' | 'group' | 'transaction';

/**
 * Port: hands out control numbers that are unique per sender and survive restarts (the store
 * keeps them in a database sequence). Values run from 1 to 999,999,999.
 */
export interface ControlNumberSource {
  next(kind: ControlNumberKind): Promise<number>;
}

/** The largest control number nine digits hold (ISA13 is exactly nine digits). */
export const MAX_CONTROL_NUMBER = 999_999_999;
