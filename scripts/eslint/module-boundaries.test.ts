import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import { moduleBoundaries } from './module-boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });

tester.run('module-boundaries', moduleBoundaries, {
  valid: [
    { filename: '/repo/src/modules/roadmap/service.ts', code: "import { x } from '../identity/index.js';" },
    { filename: '/repo/src/modules/roadmap/service.ts', code: "import { x } from './store.js';" },
    { filename: '/repo/src/modules/roadmap/service.ts', code: "import { x } from '../../platform/db.js';" },
    { filename: '/repo/src/server.ts', code: "import { x } from './modules/identity/index.js';" },
  ],
  invalid: [
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
