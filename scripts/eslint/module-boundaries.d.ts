import type { Rule } from 'eslint';

/** ESLint rule: import another module only through its index.ts; platform imports no module. */
export declare const moduleBoundaries: Rule.RuleModule;
