/**
 * Validation rules of the custom types of the cooperation ledger (src/cooperation). Import value helpers from
 * ../checks.ts (never from ../type-rules.ts, which imports this file).
 */
import type { TypeRule } from '../type-rules.ts';
import type { CooperationType } from './cooperation-types.ts';

export const COOPERATION_TYPE_RULES: Readonly<Record<CooperationType, TypeRule>> = {};
