import { consignmentWorkflow } from './consignment.ts';

export const consignmentExport = () =>
  consignmentWorkflow('export', {
    comment:
      '出口直放 Export direct release (国质检通〔2016〕408号 三（一）): the origin bureau inspects and issues the electronic clearance document; the port inspects only the listed exceptions.',
    choiceComments: {
      'origin-inspection': "Direct release (出口直放): the origin bureau's clearance document suffices unless the goods are a listed exception.",
    },
  });
