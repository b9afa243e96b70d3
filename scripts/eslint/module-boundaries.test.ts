import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { moduleBoundaries } from './module-boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({
  languageOptions: { ecmaVersion: 2022, sourceType: 'module', parser: tseslint.parser },
});

tester.run('module-boundaries', moduleBoundaries, {
  valid: [
    { filename: '/repo/src/modules/roadmap/service.ts', code: "import { x } from '../identity/index.js';" },
    { filename: '/repo/src/modules/roadmap/service.ts', code: "import { x } from './store.js';" },
    { filename: '/repo/src/modules/roadmap/service.ts', code: "import { x } from '../../platform/db.js';" },
    { filename: '/repo/src/server.ts', code: "import { x } from './modules/identity/index.js';" },
    {
      filename: '/repo/web/src/modules/training/types.ts',
      code: "export type { Course } from '../../../../src/modules/training/index.js';",
    },
    {
      filename: '/repo/web/src/modules/roadmap/board.tsx',
      code: "import type { Item } from '../../../../src/modules/roadmap/index.js';",
    },
    { filename: '/repo/web/src/modules/roadmap/board.tsx', code: "import { api } from '../../api';" },
  ],
  invalid: [
    {
      // A web screen may not bundle the server's store (or anything of the server) as a value.
      filename: '/repo/web/src/modules/training/sessions.tsx',
      code: "import { listSessions } from '../../../../src/modules/training/sessions.store.js';",
      errors: [{ messageId: 'webDeep' }],
    },
    {
      filename: '/repo/web/src/modules/training/sessions.tsx',
      code: "import type { Row } from '../../../../src/modules/training/sessions.store.js';",
      errors: [{ messageId: 'webDeep' }],
    },
    {
      filename: '/repo/web/src/modules/training/sessions.tsx',
      code: "import { ROLES } from '../../../../src/modules/identity/index.js';",
      errors: [{ messageId: 'webValue' }],
    },
    {
      filename: '/repo/web/src/api.ts',
      code: "import type { Db } from '../../src/platform/db.js';",
      errors: [{ messageId: 'webDeep' }],
    },
    {
      filename: '/repo/web/src/api.ts',
      code: "const m = import('../../src/modules/roadmap/index.js');",
      errors: [{ messageId: 'webValue' }],
    },
    {
      filename: '/repo/src/modules/roadmap/api.ts',
      code: "import { x } from '../../../web/src/api.js';",
      errors: [{ messageId: 'serverWeb' }],
    },
    {
      filename: '/repo/src/modules/roadmap/service.ts',
      code: "import { x } from '../identity/users.store.js';",
      errors: [{ messageId: 'deep' }],
    },
    {
      filename: '/repo/src/server.ts',
      code: "export { x } from './modules/audit/store.js';",
      errors: [{ messageId: 'deep' }],
    },
    {
      filename: '/repo/src/platform/http.ts',
      code: "import { x } from '../modules/identity/index.js';",
      errors: [{ messageId: 'platform' }],
    },
    {
      filename: '/repo/src/modules/identity/service.ts',
      code: "import { x } from '../roadmap/index.js';",
      errors: [{ messageId: 'kernel' }],
    },
  ],
});
