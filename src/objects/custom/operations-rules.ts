/**
 * Validation rules of the custom types of joint operations, protected sites, deconfliction notices (src/operations). Import value helpers from
 * ../checks.ts (never from ../type-rules.ts, which imports this file).
 */
import type { TypeRule } from '../type-rules.ts';
import type { OperationsType } from './operations-types.ts';

export const OPERATIONS_TYPE_RULES: Readonly<Record<OperationsType, TypeRule>> = {};
