// The structural rules of docs/spec/rules.md §2 as lookup tables over the 1,000 possible
// NPA and NXX codes, so the hot path classifies a number with two array reads.

const NON_GEOGRAPHIC_NPAS = [
  456, 500, 521, 522, 523, 524, 525, 526, 527, 528, 529, 533, 544, 566, 577, 588, 600, 622, 700, 710, 900,
] as const;
const TOLLFREE_NPAS = [800, 822, 833, 844, 855, 866, 877, 888] as const;
const SPECIAL_USE_NXXS = [555, 950, 958, 959, 976] as const;

/** What the NPA alone says about a number. */
export const NpaClass = { Invalid: 0, NonGeographic: 1, TollFree: 2, Local: 3 } as const;
/** What the NXX alone says about a number. */
export const NxxClass = { Invalid: 0, SpecialUse: 1, Ordinary: 2 } as const;

/** 0/1-leading codes and N11 codes (211 … 911) are never valid NPAs or NXXs. */
function structurallyInvalid(code: number): boolean {
  return code < 200 || code % 100 === 11;
}

function buildNpaTable(): Uint8Array {
  const table = new Uint8Array(1000);
  for (let npa = 0; npa < 1000; npa++) {
    const middle = Math.floor(npa / 10) % 10;
    if (structurallyInvalid(npa) || middle === 9) table[npa] = NpaClass.Invalid;
    else table[npa] = NpaClass.Local;
  }
  for (const npa of NON_GEOGRAPHIC_NPAS) table[npa] = NpaClass.NonGeographic;
  for (const npa of TOLLFREE_NPAS) table[npa] = NpaClass.TollFree;
  return table;
}

function buildNxxTable(): Uint8Array {
  const table = new Uint8Array(1000);
  for (let nxx = 0; nxx < 1000; nxx++) {
    table[nxx] = structurallyInvalid(nxx) ? NxxClass.Invalid : NxxClass.Ordinary;
  }
  for (const nxx of SPECIAL_USE_NXXS) table[nxx] = NxxClass.SpecialUse;
  return table;
}

export const NPA_CLASS: Readonly<Uint8Array> = buildNpaTable();
export const NXX_CLASS: Readonly<Uint8Array> = buildNxxTable();
