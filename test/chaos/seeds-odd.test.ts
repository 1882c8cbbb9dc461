// Chaos seeds 1, 3, 5, … (the even ones run in a file of their own, in parallel).
import { describe } from 'node:test';
import { chaosSeeds } from './run-seeds';

describe('chaos (odd seeds)', () => chaosSeeds(1, 50));
