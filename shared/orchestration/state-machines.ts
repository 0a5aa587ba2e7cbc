import { ENV } from '../config/environment.ts';
import { requiredEnv } from '../config/required-env.ts';

/**
 * Where each workflow is deployed: its state machine ARN, from the environment the manifest gives
 * a function granted to start it (or to schedule its starts). One function per workflow, so a
 * function's bundle reads only the names it is granted.
 */
export const consignmentImportStateMachineArn = () => requiredEnv(ENV.consignmentImportStateMachineArn);
export const consignmentExportStateMachineArn = () => requiredEnv(ENV.consignmentExportStateMachineArn);
export const trainRunStateMachineArn = () => requiredEnv(ENV.trainRunStateMachineArn);
export const originCertificateStateMachineArn = () => requiredEnv(ENV.originCertificateStateMachineArn);
export const alertEffectStateMachineArn = () => requiredEnv(ENV.alertEffectStateMachineArn);
export const coordinationCaseStateMachineArn = () => requiredEnv(ENV.coordinationCaseStateMachineArn);
export const maintenanceDeadlineStateMachineArn = () => requiredEnv(ENV.maintenanceDeadlineStateMachineArn);
