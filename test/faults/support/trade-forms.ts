import { CREDIT_CODES } from '#test/domain/fixtures.ts';

/**
 * Valid bodies for the routes of the new trade forms (408号 三（四）): the parcel manifest, the
 * market-procurement register. Ids repeat, so that some writes find their resource taken.
 */
export function tradeFormSamples(routeKey: string, fresh: number): unknown[] | undefined {
  const parcel = (i: number) => ({ waybill: `FUZZ${fresh}-${i}`, description: 'phone case / 手机壳', hsCode: '392690', quantity: 1 + (i % 3), value: 30 });
  switch (routeKey) {
    case 'PUT /consignments/{id}/parcels':
      return [{ lines: [parcel(0)] }, { lines: Array.from({ length: 50 }, (_, i) => parcel(i)) }];
    case 'POST /markets':
      return [
        { id: `FUZZ-MARKET-${fresh % 3}`, name: { zh: '模糊测试市场', en: 'Fuzz market' }, city: 'Yiwu' },
        { id: `FUZZ-NEW-${fresh}`, name: { zh: '新市场', en: 'New market' }, city: 'Chongqing' },
      ];
    case 'PUT /markets/{id}/traders/{creditCode}':
      return [{ name: `Fuzz trader ${CREDIT_CODES.yiwuExporter}`, goods: [{ hsPrefix: '9503', description: 'toys' }] }, { name: '义乌小商品出口有限公司', goods: [{ hsPrefix: '6702', description: 'artificial flowers' }, { hsPrefix: '95', description: 'toys and games' }] }];
    default:
      return undefined;
  }
}
