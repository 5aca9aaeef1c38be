import { afterAll } from 'vitest';
import { removeTempDirs } from './run.ts';

// Each test file's temporary folders go once it has run: a full run makes some 2,000 of them.
afterAll(removeTempDirs);
