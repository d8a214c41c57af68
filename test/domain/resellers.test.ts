// An order's resellers (docs/spec/orders.md §10): the carriers holding its numbers before reseller
// resolution, other than the underlying carrier, in order of first appearance. Most carriers are
// resold by nobody, and then no number is looked up at all; the answer must be the same.
import { describe, expect, it } from 'vitest';
import { resellersOf } from '../../src/domain/current-carrier.js';
import { block, buildSnapshot, carrier } from '../support/dataset.js';
import { world } from './world.js';

const snapshot = buildSnapshot(world);

describe('resellersOf', () => {
  it.each([
    [
      'a reseller of a reseller and a reseller, each once, beside the underlying carrier',
      ['12064200007', '12064340000', '12064200000', '12064340001'],
      '8824',
      [
        { id: 'RSL2', name: 'Reseller of a reseller' },
        { id: 'RSL1', name: 'Line Reseller' },
      ],
    ],
    ['only the underlying carrier, which others resell', ['12064200000', '12064200100'], '8824', []],
    ['a carrier nobody resells', ['12064310000', '12064310001'], 'PCS1', []],
    ['a carrier nobody resells, one number', ['12064400000'], 'ILEC1', []],
    ['no numbers', [], '8824', []],
    [
      'toll-free: a RespOrg on another',
      ['18444205780', '18004205789'],
      'LGT01',
      [{ id: 'RORG2', name: 'RespOrg reseller' }],
    ],
  ])('%s', (_name, numbers, underlying, expected) => {
    expect(resellersOf(snapshot, numbers, underlying)).toEqual(expected);
  });

  it('reads no number when nobody resells the underlying carrier', () => {
    // 12064340000 is RSL1's; given as PCS1's (which a group never does), it is not even looked up.
    expect(resellersOf(snapshot, ['12064340000'], 'PCS1')).toEqual([]);
    expect(resellersOf(snapshot, ['12064340000'], '8824')).toEqual([{ id: 'RSL1', name: 'Line Reseller' }]);
  });

  it('reads the snapshot it is given, not one seen before', () => {
    // The same ids in another snapshot, where PCS1 is resold: the per-snapshot table must not leak.
    const resold = buildSnapshot({
      ...world,
      carriers: [...world.carriers, carrier('PRS9', 'PCS resale', 'PCS', 'PCS1')],
      blocks: [...world.blocks, block(206, 439, 'A', 'PRS9')],
    });
    expect(resellersOf(snapshot, ['12064310000'], 'PCS1')).toEqual([]);
    expect(resellersOf(resold, ['12064310000', '12064390000'], 'PCS1')).toEqual([
      { id: 'PRS9', name: 'PCS resale' },
    ]);
  });
});
