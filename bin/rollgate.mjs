#!/usr/bin/env node
// `npx rollgate` from a clone (after `npm install`): runs the TypeScript CLI
// through tsx's loader, so there is nothing to build first.
import { register } from 'tsx/esm/api';

register();
await import('../cli/rollgate.ts');
