/**
 * Validation rules of the custom types of correlation links and alerts, forecast alerts (src/analysis). Import value helpers from
 * ../checks.ts (never from ../type-rules.ts, which imports this file).
 */
import type { TypeRule } from '../type-rules.ts';
import type { AnalysisType } from './analysis-types.ts';

export const ANALYSIS_TYPE_RULES: Readonly<Record<AnalysisType, TypeRule>> = {};
