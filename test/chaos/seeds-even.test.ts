// Chaos seeds 0, 2, 4, … (the odd ones run in a file of their own, in parallel).
import { describe } from 'node:test';
import { chaosSeeds } from './run-seeds';

describe('chaos (even seeds)', () => chaosSeeds(0, 50));
