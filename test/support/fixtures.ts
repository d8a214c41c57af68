// Paths of the test data kept in the repository (test/fixtures/, see its README for sources).
// Tests read nothing outside the checkout.
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const SEED_DIR = fileURLToPath(new URL('../fixtures/seed/', import.meta.url));
export const NPA_REPORT = fileURLToPath(new URL('../fixtures/npa-report-2020.csv', import.meta.url));
export const LATAS = fileURLToPath(new URL('../fixtures/latas.tsv', import.meta.url));
