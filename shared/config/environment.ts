/**
 * The names of the environment variables that carry deployment settings to functions. The
 * manifest declares them (one per granted resource) and the code reads them through these
 * constants, so a name is spelled once; `test/infra/function-environment.test.ts` checks that
 * every name a function's code reads is one its manifest entry provides.
 */
export const ENV = {
  domainTable: 'DOMAIN_TABLE',
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  bureauNotificationsTopicArn: 'BUREAU_NOTIFICATIONS_TOPIC_ARN',
  consignmentImportStateMachineArn: 'CONSIGNMENT_IMPORT_STATE_MACHINE_ARN',
  consignmentExportStateMachineArn: 'CONSIGNMENT_EXPORT_STATE_MACHINE_ARN',
  trainRunStateMachineArn: 'TRAIN_RUN_STATE_MACHINE_ARN',
  originCertificateStateMachineArn: 'ORIGIN_CERTIFICATE_STATE_MACHINE_ARN',
  alertEffectStateMachineArn: 'ALERT_EFFECT_STATE_MACHINE_ARN',
  coordinationCaseStateMachineArn: 'COORDINATION_CASE_STATE_MACHINE_ARN',
  maintenanceDeadlineStateMachineArn: 'MAINTENANCE_DEADLINE_STATE_MACHINE_ARN',
  trainTimetableScheduleGroup: 'TRAIN_TIMETABLE_SCHEDULE_GROUP',
  trainTimetableScheduleRoleArn: 'TRAIN_TIMETABLE_SCHEDULE_GROUP_ROLE_ARN',
  preArrivalNoticeHours: 'PRE_ARRIVAL_NOTICE_HOURS',
  /** The KMS key (id or ARN) that signs certificates: ECC_NIST_P256, SIGN_VERIFY. */
  certificateSigningKeyId: 'CERTIFICATE_SIGNING_KEY_ID',
  tokenIssuer: 'JWT_ISSUER',
  tokenAudience: 'JWT_AUDIENCE',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
