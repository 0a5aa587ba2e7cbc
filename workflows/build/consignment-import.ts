import { consignmentWorkflow } from './consignment.ts';

export const consignmentImport = () =>
  consignmentWorkflow('import', {
    comment:
      '进口直通 Import direct-through (国质检通〔2016〕408号 三（一）): port checks at the border, inspection and release by the destination bureau.',
    choiceNames: { 'destination-inspection': 'Decide' },
    choiceComments: {
      'port-checks': 'Direct-through (进口直通): without a nonconformity or a listed exception the goods go on to the destination unopened.',
      'destination-inspection': 'The destination bureau decides: release, treatment then release, return or destroy.',
    },
  });
